"""The plan's identity: title, issuer, document number, issue date.

A plan usually arrives inside its covering notice (通知)::

    杭州市人民政府办公厅关于印发杭州市争创…工作方案的通知     ← notice title (may wrap)
    杭政办函〔2013〕98号                                      ← document number, alone on its line
    …印发给你们,请认真组织实施。
    杭州市人民政府办公厅                                       ← issuer (signature) …
    2013年5月24日                                              ← … and issue date under it
    杭州市争创全国质量强市示范城市工作方案                      ← the plan's own title

The title is the first stand-alone line ending in 方案/计划/意见/… (preferring the one the notice names);
web-page fields (文号, 发布机构, 成文日期) and the 版记 (``… 2015年6月17日印发``) are fallbacks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from store.importing.plan_import.cndates import parse_date
from store.importing.plan_import.model import PlanMeta
from store.importing.plan_import.normalise import CJK, Line, Prepared
from store.importing.plan_import.structure import match_marker

_DOC_NO_RE = re.compile(
    rf"(?P<prefix>[{CJK}]{{1,14}}?)\s*[〔\[【(]\s*(?P<year>(?:19|20)\d{{2}})\s*[〕\]】)]\s*(?P<num>\d{{1,5}})\s*号"
)
_TITLE_END_RE = re.compile(
    r"(?:方案|计划|意见|规划|要点|办法|细则|纲要|规定|安排|措施|机制|制度|责任分解|任务分解|任务分工|责任分工|任务清单)"
    r"(?:\s*\((?:试行|暂行|修订|修订稿|征求意见稿|送审稿|\d{4}\s*年|\d{4}\s*[-—~至]+\s*\d{4}\s*年?)\))?$"
)
_NOTICE_RE = re.compile(r"^(?P<issuer>.{0,40}?)关于(?:印发|转发|下发)(?P<title>[^。;]{2,80}?)的通知$")
_ISSUER_SUFFIX = (
    "人民政府办公室|人民政府办公厅|人民政府|政府办公室|政府办公厅|办公室|办公厅|委员会|领导小组|"
    "管理委员会|局|厅|委|政府|办"
)
_ISSUER_RE = re.compile(rf"^(?P<name>[{CJK}()]{{2,40}}?(?:{_ISSUER_SUFFIX}))$")
_ISSUER_DATE_RE = re.compile(rf"^(?P<name>[{CJK}()]{{2,40}}?(?:{_ISSUER_SUFFIX}))\s+(?P<date>\S{{6,16}}日)(?:印发)?$")
_DATE_LINE_RE = re.compile(r"^\S{6,16}日(?:印发)?$|^\d{4}-\d{1,2}-\d{1,2}$")
_LEAD_OFFICE_RES = [
    re.compile(rf"由(?P<o>[{CJK}]{{2,16}}?(?:局|办公室|办|委))(?:负责)?牵头(?:组织实施|负责|实施)"),
    re.compile(rf"(?:领导小组)?办公室设在(?P<o>[{CJK}]{{2,16}}?(?:局|办|委))"),
]
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_PARENS = "()()"
_HEADING_RE = re.compile(rf"^[{CJK}()“”《》\d、]{{0,30}}关于[^。;,:]{{2,60}}(?:通知|意见|决定|方案|计划)$")
_PLACE = rf"[{CJK}]{{2,10}}?(?:省|市|县|区|州|盟|旗|自治州|自治县)"
_ORG = rf"(?:人民政府办公室|人民政府办公厅|人民政府|政府办公室|政府办|[{CJK}]{{1,14}}?(?:局|委员会|委|办公室|办|领导小组|指挥部))"
_ISSUER_NAME_RE = re.compile(rf"(?:中共)?(?:{_PLACE}){{1,3}}(?:委)?{_ORG}")
# A whole line may name a one-character place (沛县人民政府); a tail cut from glued text may not.
# A place name never holds 委/府/局/办 (so joint issuers split where one name ends).
_PLACE_CHAR = rf"(?:(?![委府局办厅室])[{CJK}])"
_ISSUER_ONE = rf"(?:中共)?(?:{_PLACE_CHAR}{{1,10}}?(?:省|市|县|区|州|盟|旗)){{1,3}}?(?:委员会|委(?!员)|{_ORG})"
# Joint issuers share a line or a notice heading (``中共银川市委银川市人民政府``).
_ISSUER_WHOLE_RE = re.compile(rf"(?:{_ISSUER_ONE}\s*){{1,3}}")
_ISSUER_ONE_RE = re.compile(_ISSUER_ONE)
# A notice heading glued to other text (a breadcrumb, a run-on page); never one cited in 《》.
_NOTICE_INSIDE_RE = re.compile(r"(?:^|(?<=[\s>»]))(?P<issuer>[^\s>»《]{0,40}?)关于(?:印发|转发|下发)(?P<title>[^。;《》]{2,80}?)的通知(?!》)")
_FORWARD_RE = re.compile(
    r"现将《(?P<t1>[^《》]{4,80}?)》(?:予以)?(?:印发|转发|下发)"
    r"|《(?P<t2>[^《》]{4,80}?)》已经[^。;]{0,40}?同意[,,]?\s*(?:现|特)?(?:予以?)?(?:印发|转发|下发)"
    r"|《(?P<t3>[^《》]{4,80}?)》(?:现|特)?(?:予以?)?(?:印发|转发|下发)给你们"
)
_GLUED_SIGNATURE_RE = re.compile(
    rf"(?P<prefix>[{CJK}()]{{3,40}})\s*(?P<date>(?:\d{{4}}|[〇○零OΟ一二三四五六七八九]{{4}})\s*年\s*"
    r"[\d一二三四五六七八九十]{1,2}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日)"
)
_QUOTES = "《》“”"
# ``关于印发…的通知 常政发〔2023〕1号``: a web page puts the number on the heading's line.
_TRAILING_DOC_NO_RE = re.compile(rf"(?<=通知)[{CJK}]{{1,14}}?\s*[〔\[【(]\s*(?:19|20)\d{{2}}\s*[〕\]】)]\s*\d{{1,5}}\s*号$")


def normalise_doc_no(text: str) -> str | None:
    """The first document number in ``text``, brackets normalised: ``宜政发[2012]92号`` → ``宜政发〔2012〕92号``."""
    m = _DOC_NO_RE.search(text)
    if not m:
        return None
    return f"{m['prefix']}〔{m['year']}〕{m['num']}号"


def _is_doc_no_line(text: str) -> str | None:
    stripped = text.strip().strip(_PARENS)
    m = _DOC_NO_RE.fullmatch(stripped)
    if not m:
        return None
    return normalise_doc_no(stripped)


# Around a title on a web page: a breadcrumb or site name before it (``首页>文章中心>正文``, ``法搜网--``),
# the page's date or fields before it, its document number after it.
_TITLE_PREFIX_RE = re.compile(
    r"^(?:当前位置\s*[::]?\s*)?(?:[^\s>»'\";,,。]{1,12}\s*(?:>>?|»)\s*){1,6}(?:正文|详情|内容|文章)?"
    r"|^[^\s'\";,,。\-—]{2,12}(?:--|——)"
    r"|^[^\s,。]{4,12}网(?![+络站])(?=\S{6})"
    r"|^政务微[信博](?=\S{6})"
    r"|^(?:生成日期|发布日期|发布时间|成文日期)\s*[::]?\s*\d{4}-\d{1,2}-\d{1,2}(?:公开方式\s*[::]?\s*\S{2,6}?公开)?"
    r"|^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?=\S{6})"
)
_TITLE_DOC_NO_RE = re.compile(r"\(([^()]{2,14}?〔(?:19|20)\d{2}〕\d{1,5}号)\)$")


def clean_title_line(text: str) -> tuple[str, str | None]:
    """A title line without the page's clutter around it, and the document number written after it."""
    text = text.strip()
    for _ in range(3):
        stripped = _TITLE_PREFIX_RE.sub("", text, count=1).strip()
        if stripped == text or len(stripped) < 4:
            break
        text = stripped
    doc_no = None
    m = _TITLE_DOC_NO_RE.search(text.replace("[", "〔").replace("]", "〕"))
    if m:
        doc_no = normalise_doc_no(m.group(1))
        text = text[: m.start()].strip()
    return text, doc_no


def _is_title_line(text: str) -> bool:
    text = clean_title_line(text)[0]
    if not 4 <= len(text) <= 80 or match_marker(text) is not None:
        return False
    if re.search(r"[。;:,!?]|关于(?:印发|转发|下发)", text) or text.startswith(("《", "附件", "(", "“")):
        return False
    return bool(_TITLE_END_RE.search(_SITE_SUFFIX_RE.sub("", text)))


# What a template or document-sharing site adds to a title: ``…工作方案范文`` / ``…方案(精选5篇)`` / ``.docx``.
_SITE_SUFFIX_RE = re.compile(r"(?:范文|范本|模板|精选|全文|\((?:精选|共)?\s*\d+\s*篇\)|\.docx?|\.pdf)+$")


def _wrapped_title(first: str, second: str) -> bool:
    if not (4 <= len(first) <= 40 and 2 <= len(second) <= 40) or match_marker(first) or match_marker(second):
        return False
    if _TITLE_END_RE.search(first) or re.search(r"[。;:,!?]", first + second):
        return False
    return _is_title_line((first + second).replace(" ", ""))


@dataclass
class MetaResult:
    """Metadata plus where the plan's own title line is (the body starts after it)."""

    meta: PlanMeta
    title_index: int | None


def _notice(lines: list[Line], *, inside: bool = False) -> tuple[str | None, str | None, int | None]:
    """(issuer, plan title, index of the notice's last line) from a ``…关于印发X的通知`` heading.

    The heading may wrap onto a second line; with ``inside`` it may also sit in a longer line (a web
    page's breadcrumb, a run-on page), after a space or ``>``.
    """
    for index, line in enumerate(lines[:60]):
        text = _TRAILING_DOC_NO_RE.sub("", line.text.replace(" ", ""))
        candidates = [(text, index)]
        if index + 1 < len(lines) and "关于" in text and not text.endswith("通知"):
            candidates.append((text + lines[index + 1].text.replace(" ", ""), index + 1))
        for joined, last in candidates:
            m = _NOTICE_RE.match(joined)
            if m is None and inside and len(joined) <= 300:
                m = _NOTICE_INSIDE_RE.search(line.text)
            if m:
                title = m["title"].strip(_QUOTES)
                issuer = _issuer_suffix(m["issuer"]) if m["issuer"] else None
                if issuer is None and index > 0:
                    # ``新密市人民政府`` on a line of its own above ``关于印发…的通知``.
                    above = lines[index - 1].text.replace(" ", "")
                    if _ISSUER_WHOLE_RE.fullmatch(above):
                        issuer = " ".join(_split_issuers(lines[index - 1].text))
                return issuer, title, last
    return None, None, None


def _issuer_suffix(prefix: str) -> str | None:
    """The shortest tail of ``prefix`` that reads as an issuing body (``…文件乐清市人民政府办公室`` →
    ``乐清市人民政府办公室``): text glued before it in a run-on page is dropped."""
    spaced = " ".join(prefix.split())
    prefix = spaced.replace(" ", "")
    if _ISSUER_WHOLE_RE.fullmatch(prefix):
        return " ".join(_split_issuers(spaced))
    for length in range(3, min(len(prefix), 40) + 1):
        tail = prefix[-length:]
        if _ISSUER_NAME_RE.fullmatch(tail):
            return tail
    return None


def _split_issuers(text: str) -> list[str]:
    """``中共银川市委银川市人民政府`` → [中共银川市委, 银川市人民政府]; one name stays whole."""
    words = text.split()
    if len(words) > 1 and all(_ISSUER_ONE_RE.fullmatch(word) for word in words):
        return words
    text = text.replace(" ", "")
    if _ISSUER_ONE_RE.fullmatch(text):
        return [text]
    for cut in range(2, len(text) - 1):
        head, tail = text[:cut], text[cut:]
        if _ISSUER_ONE_RE.fullmatch(head):
            rest = _split_issuers(tail)
            if all(_ISSUER_ONE_RE.fullmatch(part) for part in rest):
                return [head, *rest]
    return [text]


def _forwarded_title(text: str) -> str | None:
    """``现将《X》印发给你们`` / ``《X》已经市政府同意,现印发给你们`` → X."""
    m = _FORWARD_RE.search(text)
    if m is None:
        return None
    return (m["t1"] or m["t2"] or m["t3"]).strip()


def _text_signature(text: str) -> tuple[str, date] | None:
    """An issuer glued to a date anywhere in the text (run-on pages): ``…办公室2018年10月29日``."""
    for m in _GLUED_SIGNATURE_RE.finditer(text):
        issuer = _issuer_suffix(m["prefix"])
        day = parse_date(m["date"])
        if issuer and day:
            return issuer, day
    return None


def read_metadata(lines: list[Line], prepared: Prepared) -> MetaResult:
    """Title, issuer, document number and issue date of the plan in ``lines``."""
    meta = PlanMeta()
    text = "\n".join(line.text for line in lines)
    notice_issuer, notice_title, _ = _notice(lines)
    if notice_title is None:
        notice_title = _forwarded_title(text)
    if notice_title is None:
        everything = sorted(lines + prepared.clutter, key=lambda line: line.lineno)
        notice_issuer, notice_title, _ = _notice(everything, inside=True)
    notice_end = None
    if notice_title:
        for index, line in enumerate(lines[:60]):
            if "关于" in line.text and "通知" in line.text + (lines[index + 1].text if index + 1 < len(lines) else ""):
                notice_end = index + (0 if line.text.endswith("通知") else 1)
                break

    # Title: the stand-alone line the notice names (it may wrap onto a second line), else the first
    # title-like line.
    title_index: int | None = None
    title_text: str | None = None
    glued_doc_no: str | None = None
    if notice_title:
        wanted = notice_title.replace(" ", "")
        for index, line in enumerate(lines):
            compact = line.text.replace(" ", "")
            if compact == wanted:
                title_index, title_text = index, line.text.strip()
                break
            if index > 0 and wanted.endswith(compact) and lines[index - 1].text.replace(" ", "") + compact == wanted:
                if notice_end is None or index - 1 > notice_end:
                    title_index, title_text = index, wanted
                    break
    if title_index is None:
        start = (notice_end + 1) if notice_end is not None else 0
        for index in range(start, min(len(lines), start + 60)):
            marker = match_marker(lines[index].text)
            if marker is not None and marker.kind in ("cn", "part"):
                break  # the title comes before the first chapter
            if _is_title_line(lines[index].text):
                title_index = index
                break
            if index + 1 < len(lines) and _wrapped_title(lines[index].text, lines[index + 1].text):
                # A title that wraps onto a second line (``某县2024年质量提升`` / ``行动实施方案``).
                title_index, title_text = index + 1, (lines[index].text + lines[index + 1].text).replace(" ", "")
                break
    if title_index is not None:
        meta.title = re.sub(rf"(?<=[{CJK}])\s+(?=[{CJK}])", "", title_text or lines[title_index].text.strip())
        meta.title, glued_doc_no = clean_title_line(_SITE_SUFFIX_RE.sub("", meta.title))
        meta.title = _SITE_SUFFIX_RE.sub("", meta.title)
    elif notice_title:
        meta.title = notice_title
    else:
        for key in ("标题", "名称", "信息名称"):
            value = prepared.fields.get(key)
            if value:
                m = _NOTICE_RE.match(value)
                meta.title = m["title"].strip(_QUOTES) if m else value
                break
    if meta.title is None:
        # A notice that is itself the plan (``关于开展质量提升行动的通知``): its heading is the title.
        for line in lines[:5]:
            if _HEADING_RE.match(line.text.replace(" ", "")):
                meta.title = line.text.replace(" ", "")
                break

    # Document number: a line of its own near the top, else a web page's 文号 field, else one right
    # after the notice's title (a run-on page).
    head_limit = title_index if title_index is not None else min(len(lines), 40)
    for line in lines[: max(head_limit, 1)]:
        found = _is_doc_no_line(line.text)
        if found:
            meta.doc_no = found
            break
    if meta.doc_no is None:
        for key in ("文号", "发文字号", "发文文号", "文件编号"):
            value = prepared.fields.get(key)
            if value and normalise_doc_no(value):
                meta.doc_no = normalise_doc_no(value)
                break
    if meta.doc_no is None:
        for line in lines[: max(head_limit, 1)]:
            m = _DOC_NO_RE.match(line.text)
            if m and m.start() == 0:
                meta.doc_no = normalise_doc_no(m.group())
                break
    if meta.doc_no is None and title_index is not None:
        meta.doc_no = glued_doc_no
    if meta.doc_no is None:
        for line in lines[: max(head_limit, 1)]:
            glued = _TRAILING_DOC_NO_RE.search(line.text.replace(" ", ""))
            if glued:
                meta.doc_no = normalise_doc_no(glued.group())
                break

    # Issuer and date: a signature (issuer line, date line under it) before the plan or at its end.
    signature = _signature(lines)
    if signature:
        meta.issuer, meta.issued = signature
    if signature is None:
        signed = _text_signature(text)
        if signed:
            meta.issuer, meta.issued = signed
    if meta.issuer is None and notice_issuer:
        meta.issuer = notice_issuer
    if prepared.printed:
        if meta.issuer is None:
            meta.issuer = prepared.printed[0]
        if meta.issued is None:
            meta.issued = parse_date(prepared.printed[1])
    if meta.issuer is None:
        for key in ("发布机构", "发文机关", "发布机关", "发文单位"):
            if prepared.fields.get(key):
                meta.issuer = prepared.fields[key]
                break
    if meta.issuer is None:
        source = prepared.fields.get("信息来源", "").replace(" ", "")
        if _ISSUER_WHOLE_RE.fullmatch(source) and re.search(r"政府|委员会|人大|政协", source):
            meta.issuer = source  # the page's source, when it is the government itself
    if meta.issued is None:
        # A notice signed with a date line only (no issuer above it).
        for line in lines[: title_index if title_index is not None else 0]:
            candidate = line.text.replace(" ", "")
            if _DATE_LINE_RE.match(candidate) and parse_date(candidate):
                meta.issued = parse_date(candidate)
                break
    if meta.issued is None:
        for key in ("成文日期", "发文日期", "印发日期", "发布日期", "发布时间"):
            value = prepared.fields.get(key)
            if value and parse_date(value):
                meta.issued = parse_date(value)
                break

    text = "\n".join(line.text for line in lines)
    for pattern in _LEAD_OFFICE_RES:
        m = pattern.search(text)
        if m:
            meta.lead_office = m["o"]
            break
    if meta.title:
        m = _YEAR_RE.search(meta.title)
        if m:
            meta.year = int(m.group(1))
    return MetaResult(meta, title_index)


def _signature(lines: list[Line]) -> tuple[str, date] | None:
    """The first (issuer, issue date) signature pair; issuer and date on one line or two."""
    for index, line in enumerate(lines):
        text = line.text.strip()
        if len(text) > 60:
            continue
        m = _ISSUER_DATE_RE.match(text.replace("  ", " "))
        day = parse_date(m["date"]) if m else None
        if m and day:
            return m["name"], day
        m = _ISSUER_RE.match(text.replace(" ", ""))
        if m and index + 1 < len(lines):
            below = lines[index + 1].text.strip().replace(" ", "")
            day = parse_date(below) if _DATE_LINE_RE.match(below) else None
            if day:
                return m["name"], day
    return None
