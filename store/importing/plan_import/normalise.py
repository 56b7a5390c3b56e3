"""Text clean-up before any structure is read: one raw line in, one clean line out.

* NFKC, so full-width and ASCII punctuation read the same (``（一）`` = ``(一)``, ``：`` = ``:``), except
  for circled numbers (``①`` is a numbering level, NFKC would make it ``1``) and ``…``;
* pinyin annotations after characters are dropped (``鄉(xiāng)`` → ``鄉``);
* traditional characters are converted to simplified with OpenCC (the caller keeps the original);
* suspicious characters (``?`` inside words, U+FFFD, typical mojibake) are reported with their line;
* web-page clutter (breadcrumbs, 索引号 blocks, 打印本页, 抄送 …) is classified so the structure
  reader skips it, while the metadata reader can still use its values (文号, 发布机构, 成文日期).
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import opencc

CJK = "\u4e00-\u9fff\u3400-\u4dbf"
_CJK_RE = re.compile(f"[{CJK}]")

# --- NFKC that keeps circled numbers ----------------------------------------------------------------

_KEEP_RE = re.compile("[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf\u2026]")
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


def nfkc(text: str) -> str:
    """NFKC, except for circled numbers (a numbering level) and the ellipsis."""
    if not _KEEP_RE.search(text):
        return unicodedata.normalize("NFKC", text)
    parts: list[str] = []
    last = 0
    for m in _KEEP_RE.finditer(text):
        parts.append(unicodedata.normalize("NFKC", text[last : m.start()]))
        parts.append(m.group())
        last = m.end()
    parts.append(unicodedata.normalize("NFKC", text[last:]))
    return "".join(parts)


# --- pinyin annotations -------------------------------------------------------------------------

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_TONELESS = str.maketrans(
    {**{ch: "aeiouü"[i // 4] for i, ch in enumerate(_TONED)}, "v": "ü"},
)
_INITIAL = "(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
_FINAL = (
    "(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|üan|ai|ei|ao|ou|an|en|in|un|ün|"
    "ia|ie|iu|ua|uo|ui|üe|ue|er|a|o|e|i|u|ü)"
)
_SYLLABLE_RE = re.compile(f"^(?:{_INITIAL}{_FINAL})(?:[ ']?{_INITIAL}{_FINAL}){{0,3}}$")
# The annotated character may itself be garbled into ``|`` or ``?`` (``刭|(zhì)``).
_ANNOTATION_RE = re.compile(rf"(?<=[{CJK}|?])\(([a-z{_TONED}ü' ]{{1,24}})\)")


def _is_pinyin(word: str, *, need_tone: bool) -> bool:
    if need_tone and not any(ch in _TONED for ch in word):
        return False
    return bool(_SYLLABLE_RE.match(word.translate(_TONELESS)))


def strip_pinyin(text: str, *, need_tone: bool = True) -> tuple[str, list[str]]:
    """Remove ``(xiāng)``-style annotations after characters; returns the text and what was removed.

    Without ``need_tone`` toneless syllables (``(de)``) go too: only safe once a document has shown
    it is annotated (several toned annotations), since a plain ``(app)`` could be meant.
    """
    removed: list[str] = []

    def drop(m: re.Match[str]) -> str:
        if _is_pinyin(m.group(1), need_tone=need_tone):
            removed.append(m.group())
            return ""
        return m.group()

    if "(" not in text:
        return text, removed
    return _ANNOTATION_RE.sub(drop, text), removed


# --- traditional → simplified -------------------------------------------------------------------


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified (OpenCC ``t2s``); simplified text passes through unchanged."""
    if not text or text.isascii():
        return text
    return str(_converter().convert(text))


# --- suspicious characters ------------------------------------------------------------------------

_QUESTION_RE = re.compile(rf"(?<=[{CJK}])[??](?=[{CJK}A-Za-z0-9|])|(?<=[A-Za-z0-9|])\?(?=[{CJK}])")
_PIPE_RE = re.compile(rf"(?<=[{CJK}?])\||\|(?=[{CJK}])")
_MOJIBAKE_RUN_RE = re.compile(r"锟斤拷|烫烫烫|屯屯屯")
# UTF-8 read as Latin-1/cp1252: each Chinese character becomes ä/å/æ/ç/è/é plus two odd symbols.
_LATIN1_MOJIBAKE_RE = re.compile(
    "(?:[äåæçèé][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{2}){2,}"
)


@lru_cache(maxsize=1)
def _rare_cjk_re() -> re.Pattern[str]:
    """CJK characters outside GB2312: UTF-8 read as GBK (鍙戝竷 for 发布) is dense with them, while a
    simplified plan uses almost none."""
    common = []
    for lead in range(0xB0, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                common.append(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    chars = "".join(sorted(set(common)))
    return re.compile(f"(?![{re.escape(chars)}])[{CJK}]")


def find_mojibake(text: str) -> int | None:
    """Column of the first cluster of three rare characters within six (GBK-read UTF-8), else None."""
    positions = [m.start() for m in _rare_cjk_re().finditer(text)]
    for a, b in zip(positions, positions[2:], strict=False):
        if b - a <= 5:
            return a
    return None


@dataclass(frozen=True)
class Suspicious:
    """A place in a line that is probably damaged text."""

    column: int
    kind: str  # "question", "pipe", "replacement", "mojibake"
    char: str


def find_suspicious(line: str, simplified: str | None = None, raw: str | None = None) -> list[Suspicious]:
    """Damaged-looking spots of one (NFKC'd) line, in order.

    ``simplified`` is the line after script conversion (rare-character clusters are judged there, so
    a traditional document is not mistaken for mojibake) and ``raw`` the line before NFKC (Latin-1
    mojibake is recognisable only there); both are derived from ``line`` when not given.
    """
    found: list[Suspicious] = []
    for m in _QUESTION_RE.finditer(line):
        found.append(Suspicious(m.start(), "question", "?"))
    for m in _PIPE_RE.finditer(line):
        found.append(Suspicious(m.start(), "pipe", "|"))
    index = line.find("\ufffd")
    if index >= 0:
        found.append(Suspicious(index, "replacement", "\ufffd"))
    run = _MOJIBAKE_RUN_RE.search(line)
    latin = _LATIN1_MOJIBAKE_RE.search(raw if raw is not None else line)
    if run:
        found.append(Suspicious(run.start(), "mojibake", run.group()))
    elif latin:
        found.append(Suspicious(min(latin.start(), max(len(line) - 1, 0)), "mojibake", latin.group()[:6]))
    else:
        column = find_mojibake(simplified if simplified is not None else to_simplified(line))
        if column is not None:
            found.append(Suspicious(column, "mojibake", line[column : column + 6]))
    found.sort(key=lambda s: s.column)
    return found


def excerpt(line: str, column: int, width: int = 8) -> str:
    """A short piece of ``line`` around ``column`` for a warning."""
    start = max(0, column - width)
    return line[start : column + width].strip()


# --- web clutter ----------------------------------------------------------------------------------

_BULLET = r"^[\s•·●◆■□▪▶►\-\*]*"
_META_LABELS = (
    "索引号|主题分类|体裁分类|组配分类|服务对象|发文字号|发文文号|文号|发布机关|文件编号|发布机构|发文机关|发文单位|"
    "所属机构|成文日期|发文日期|印发日期|发布日期|发布时间|生成日期|公开日期|生效日期|废止日期|"
    "失效日期|有效期|有效性|时效性|效力状态|信息来源|来源|作者|浏览次数|点击数|阅读次数|访问量|"
    "访问次数|公开方式|公开范围|公开形式|公开时限|所属主题|主题词|关键词|信息分类|统一编号|登记号|"
    "信息名称|内容概述|名称|标题|责任编辑|编辑|审核|校对|主办|承办|网站标识码|"
    "ICP备案号|公网安备"
)
_META_RE = re.compile(rf"{_BULLET}(?P<label>{_META_LABELS})\s*[::]\s*(?P<value>.*)$")
# Several fields may share a line (``发布机构:… 成文日期:2019-02-22``).
_FIELD_RE = re.compile(rf"(?:^|(?<=\s))[•·]?\s*(?P<label>{_META_LABELS}|责任部门)\s*[::]\s*")
# Sites space out their field labels (``索 引 号:``); only the labels are closed up.
_SPACED_LABEL_RE = re.compile(
    "|".join(" *".join(label) for label in sorted(_META_LABELS.split("|"), key=len, reverse=True) if len(label) > 1)
)
# A unit label opens some sites' field lines (``责任部门:市市场监管局 发布日期:…``); on its own line it
# is a task's unit list, so it counts only next to a real field.
_WEAK_FIELD_RE = re.compile(r"^[•·]?\s*(?:责任部门|责任单位)\s*[::]")
_MENU_RE = re.compile(r"^(?:[^|\s]{1,8}\s*\|\s*)+[^|\s]{1,8}$")


def _compact(text: str) -> str:
    """``索 引 号:`` → ``索引号:``."""
    if " " not in text:
        return text
    return _SPACED_LABEL_RE.sub(lambda m: m.group().replace(" ", ""), text)


def _fields(text: str) -> list[tuple[str, str]]:
    """(label, value) of every labelled field on a metadata line."""
    found = list(_FIELD_RE.finditer(text))
    pairs: list[tuple[str, str]] = []
    for index, m in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(text)
        pairs.append((m["label"], text[m.end() : end].strip().strip(_BULLETS)))
    return pairs
_CLUTTER_RE = re.compile(
    rf"{_BULLET}[\[【(]?\s*(?:"
    r"(?:您现在的位置|您当前的位置|您的位置|当前位置|所在位置)\s*[::>]|"
    r"附件下载|相关附件|相关链接|相关文件|相关阅读|相关新闻|相关稿件|"
    r"打印本页|打印此页|关闭窗口|关闭本页|返回顶部|返回首页|上一篇|下一篇|"
    r"扫一扫|分享到|分享至|收藏本页|加入收藏|设为首页|网站地图|联系我们|"
    r"版权所有|Copyright|技术支持|网站支持|ICP备|网站标识码|公网安备|"
    r"(?:字体|字号)\s*[::]?\s*[\[【(]?\s*[大中小]|"
    r"[\[【(]?\s*[大中小]\s*[\]】)]?\s*[\[【(]?\s*[大中小]\s*[\]】)]?\s*[\[【(]?\s*[大中小]"
    r")",
    re.IGNORECASE,
)
_CLUTTER_WHOLE_RE = re.compile(
    r"^[\[【(<〈《]?\s*(?:打印|关闭|返回|收藏|分享|纠错|朗读|无障碍|长者版|大|中|小|A\+|A-|默认|"
    r"此件(?:公开发布|主动公开|依申请公开|不予公开|不公开|删减后公开))\s*[\]】)>〉》]?$"
)
_BREADCRUMB_RE = re.compile(r"^\s*(?:>|»|›)|(?:\S\s*(?:>|»|›|>>)\s*){2,}\S")
_PAGE_NUMBER_RE = re.compile(r"^[-—–\s]*\d{1,3}[-—–\s]*$|^第\s*\d+\s*页(?:\s*[,,]?\s*共\s*\d+\s*页)?$")
_COPY_TO_RE = re.compile(r"^\s*(?:抄\s*送|抄报|分送)\s*[::]")
_PRINTED_RE = re.compile(r"^(?P<issuer>\S.{1,40}?)\s+(?P<date>\S{6,14}日)\s*印\s*发$")
_ONLY_PUNCT_RE = re.compile(r"^[\s\W_]*$")
_BULLETS = " •·"
_CLUTTER_MAX = 300


@dataclass
class Line:
    """One clean line: ``text`` (simplified) and ``original`` (same line before script conversion).

    ``lineno`` is the 1-based line of the input it came from; a long line split in pieces keeps its
    number for every piece.
    """

    text: str
    original: str
    lineno: int


@dataclass
class Prepared:
    """The document after clean-up."""

    # Every non-empty line, before clutter is sorted out.
    all_lines: list[Line] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    # Lines that were clutter, kept for the metadata reader (索引号 blocks, 印发 lines).
    clutter: list[Line] = field(default_factory=list)
    # Values of labelled metadata lines: ``{"文号": "乐政办发〔2015〕31号", ...}`` (first value wins).
    fields: dict[str, str] = field(default_factory=dict)
    # (issuer, date text) from a ``… 2015年6月17日印发`` line of the 版记.
    printed: tuple[str, str] | None = None
    suspicious: list[tuple[Line, Suspicious]] = field(default_factory=list)
    pinyin_removed: list[str] = field(default_factory=list)
    traditional: bool = False


_ENTITY_RE = re.compile(r"&(?:#\d{2,6}|#[xX][0-9a-fA-F]{2,5}|[a-zA-Z]{2,8});")


def _clean_raw(raw: str) -> str:
    if "&" in raw and _ENTITY_RE.search(raw):
        raw = html.unescape(raw)  # text copied from a page's source: &nbsp; &amp; &#12289;
    text = nfkc(_CONTROL_RE.sub("", raw.replace("\u3000", " ").replace("\xa0", " ")))
    text = text.replace("\t", "\t")
    # Runs of spaces are kept as at most two: two or more spaces may be a paragraph indent that a
    # run-on document uses as its only paragraph break.
    text = re.sub(r" {3,}", "  ", text)
    return text.strip(" ")


def prepare(text: str) -> Prepared:
    """Normalise ``text`` line by line (``all_lines``); see the module docstring.

    Clutter is sorted out afterwards by :func:`separate_clutter`.
    """
    result = Prepared()
    raw_lines = text.splitlines()
    cleaned = [_clean_raw(raw) for raw in raw_lines]
    # First pass: pinyin with tone marks; if the document is annotated, also toneless syllables.
    stripped: list[str] = []
    for raw_line in cleaned:
        new, removed = strip_pinyin(raw_line)
        result.pinyin_removed.extend(removed)
        stripped.append(new)
    if len(result.pinyin_removed) >= 3:
        for index, annotated in enumerate(stripped):
            new, removed = strip_pinyin(annotated, need_tone=False)
            result.pinyin_removed.extend(removed)
            stripped[index] = new
    joined = "\n".join(stripped)
    simplified_joined = to_simplified(joined)
    simplified = simplified_joined.split("\n")
    if len(simplified) != len(stripped):  # never expected; fall back to line-by-line conversion
        simplified = [to_simplified(line) for line in stripped]
    result.traditional = _is_traditional(joined, simplified_joined)

    for index, (orig, simp) in enumerate(zip(stripped, simplified, strict=True)):
        if not simp.strip() or _ONLY_PUNCT_RE.match(simp):
            continue
        line = Line(simp.strip(), orig.strip(), index + 1)
        simplified_line = line.text if len(line.text) == len(line.original) else None
        for spot in find_suspicious(line.original, simplified_line, raw_lines[index]):
            result.suspicious.append((line, spot))
        result.all_lines.append(line)
    return result


def separate_clutter(result: Prepared, lines: list[Line]) -> None:
    """Sort ``lines`` into body lines (``result.lines``) and clutter, collecting metadata fields.

    Run after a run-on document was split, so the clutter it hid is on lines of its own.
    """
    result.lines = []
    result.clutter = []
    pending_label: str | None = None
    after_copy_to = False
    for line in lines:
        if pending_label is not None:
            label = pending_label
            pending_label = None
            if len(line.text) <= 60 and not _META_RE.match(line.text):
                result.fields.setdefault(label, line.text.strip(_BULLETS))
                result.clutter.append(line)
                continue
        if after_copy_to:
            # Everything after 抄送 is the 版记 (and a web page's footer).
            printed = _PRINTED_RE.match(line.text)
            if printed and result.printed is None:
                result.printed = (printed["issuer"].strip(), printed["date"])
            result.clutter.append(line)
            continue
        kind = classify(line.text)
        if kind == "meta":
            pairs = _fields(_compact(line.text))
            for label, value in pairs:
                if value:
                    result.fields.setdefault(label, value)
            if pairs and not pairs[-1][1]:
                pending_label = pairs[-1][0]  # the value is on the next line
            result.clutter.append(line)
            continue
        if kind == "copy_to":
            after_copy_to = True
        elif kind == "printed":
            printed = _PRINTED_RE.match(line.text)
            if printed and result.printed is None:
                result.printed = (printed["issuer"].strip(), printed["date"])
        if kind != "body":
            result.clutter.append(line)
            continue
        result.lines.append(line)


def classify(text: str) -> str:
    """``body``, ``meta`` (a labelled metadata line), ``clutter``, ``copy_to`` (抄送) or ``printed``."""
    if len(text) > _CLUTTER_MAX:  # clutter is short; a long line is text (maybe a run-on document)
        return "body"
    compact = _compact(text)
    if _META_RE.match(compact) and not text.lstrip().startswith(("(", "(")):
        return "meta"
    if _WEAK_FIELD_RE.match(compact) and _FIELD_RE.search(compact, 4):
        return "meta"
    if _COPY_TO_RE.match(text):
        return "copy_to"
    if _PRINTED_RE.match(text) and len(text) <= 60:
        return "printed"
    stripped = text.strip()
    if (
        _CLUTTER_RE.match(stripped)
        or _CLUTTER_WHOLE_RE.match(stripped)
        or _PAGE_NUMBER_RE.match(stripped)
        or (len(stripped) <= 120 and _BREADCRUMB_RE.search(stripped) and "首页" in stripped)
        or stripped.startswith((">", "»", "›"))
        or _MENU_RE.match(stripped)
    ):
        return "clutter"
    return "body"


def _is_traditional(original: str, simplified: str) -> bool:
    """True when conversion changed a noticeable share of the CJK characters (not a stray 乾/後)."""
    if original == simplified:
        return False
    changed = sum(1 for a, b in zip(original, simplified, strict=False) if a != b)
    cjk = len(_CJK_RE.findall(original)) or 1
    return changed >= 5 and changed / cjk > 0.02
