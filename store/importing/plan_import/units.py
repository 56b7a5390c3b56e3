"""Responsible units (责任单位) of an item, with their roles.

Forms read, in order of trust:

1. labelled lists: ``(责任单位:A、B)``, ``(牵头单位:A;配合单位:B、C)``, ``【责任部门:A】``, a line
   ``责任单位:A、B``; also a doubled ``责任单位:责任单位:`` and a missing closing parenthesis (read to the
   end of the line);
2. an unlabelled trailing parenthesis naming who does it: ``(A、B负责落实)``, ``(A牵头,B配合)``, or
   one that lists only unit names ``(A、B)``;
3. the unit as the subject of the item: ``质监分局要…``, ``由A牵头…``.

Lists split on ``、 , ; /`` and on ``及 和 与`` only between two complete unit names (``住房和城乡建设局``
and ``海洋与渔业局`` stay whole), never inside parentheses (``各乡(镇)人民政府``); a trailing ``等`` and
``等有关部门`` go. Without explicit roles the first unit leads and the others are co-units.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from store.importing.plan_import.model import Role, UnitRef
from store.importing.plan_import.normalise import CJK, nfkc
from store.importing.plan_import.structure import match_marker

_LEAD_LABELS = "牵头责任单位|责任牵头单位|主要责任单位|牵头单位|牵头部门|主责单位|主责部门|主办单位|牵头"
_CO_LABELS = "配合责任单位|配合单位|配合部门|协办单位|协办部门|参与单位|参与部门|协同单位|协同部门|协助单位|协作单位|配合"
_NEUTRAL_LABELS = "具体责任单位|责任单位|责任部门|责任主体|实施单位|实施部门|承办单位|落实单位|主体单位"
_STOP_LABELS = "完成时限|完成时间|完成期限|时间节点|时限要求|时间要求|责任领导|责任人|联系人|分管领导|牵头领导|时限|备注"
_LABEL_RE = re.compile(
    rf"(?P<label>{_LEAD_LABELS}|{_CO_LABELS}|{_NEUTRAL_LABELS}|{_STOP_LABELS})\s*(?:[::]|\s+(?=[{CJK}]))\s*"
)
_UNIT_LABEL_RE = re.compile(rf"(?:{_LEAD_LABELS}|{_CO_LABELS}|{_NEUTRAL_LABELS})\s*(?:[::]|\s+(?=[{CJK}]))")
_LEAD_SET = set(_LEAD_LABELS.split("|"))
_CO_SET = set(_CO_LABELS.split("|"))
_STOP_SET = set(_STOP_LABELS.split("|"))
_NAME_TRIM = "、,,;;.。:: "
_VALUE_TRIM = "。;;,, "
_COLONS = " ::"
_OPENERS = {"(": ")", "[": "]", "【": "】", "〔": "〕", "{": "}"}
_CLOSERS = set(_OPENERS.values())

_SUFFIXES = (
    "人民政府", "政府", "办公室", "办事处", "委员会", "管委会", "领导小组", "小组", "联合会", "协会",
    "中心", "公司", "集团", "分局", "局", "委", "办", "院", "所", "站", "队", "部", "会", "处", "厅",
    "行", "社", "署", "厂", "校", "馆", "台", "街道", "镇", "乡", "乡镇", "村", "社区", "单位", "部门",
    "机构", "组", "室", "科", "股", "团", "联", "协", "海关", "银行", "园区", "公安", "消防", "税务",
    "库", "开发区", "工业区", "新区", "高新区", "示范区", "试验区", "保税区", "度假区", "管理区", "专班", "法院",
    "各成员单位", "成员单位", "有关单位", "有关部门", "相关部门", "相关单位",
)  # fmt: skip
_GROUP_RE = re.compile(r"^各.{0,8}(?:县|区|市|乡|镇|乡镇|街道|地|部门|单位|学校|企业)$")
_NOT_UNIT_END = (
    "工作", "任务", "活动", "制度", "机制", "体系", "标准", "要求", "工程", "项目", "平台",
    "会议", "大会", "动员会", "座谈会", "推进会", "现场会", "培训会", "发布会", "协调会", "联席会",
)  # fmt: skip
# A name never starts with what the item does (``召开动员会``, ``开展培训班``).
_VERB_START = ("召开", "开展", "举办", "建立", "推进", "加强", "完善", "制定", "做好", "落实", "设立", "推动", "引进")
_TRAILING_ETC_RE = re.compile(r"(?:等|等等)(?:相关|有关)?(?:部门|单位|成员单位)?$")
# A note inside a unit list: ``(除标注“分别牵头”外,列第一位为牵头单位,下同)`` / ``。排名第一的为牵头单位``.
_NOTE_WORDS = r"下同|排名第一|排在第一|排第一|列第一|第一位|首位|为牵头|汇总单位|除标注|以下同"
_INNER_NOTE_RE = re.compile(rf"[(\[【〔][^()\[\]【】〔〕]*(?:{_NOTE_WORDS})[^()\[\]【】〔〕]*[)\]】〕]")
_NOTE_SENTENCE_RE = re.compile(rf"[。;;,,]?[^。;;]*(?:{_NOTE_WORDS})[^。;;]*[。;;]?$")
# A time clause inside a unit list: ``…,6月底前完成`` / ``2023年底``.
_TIME_CLAUSE_RE = re.compile(
    r"^(?:\d{4}\s*年)?\s*(?:\d{1,2}\s*月|年)\s*(?:\d{1,2}\s*日)?\s*(?:底|末|中旬|上旬|下旬|初)?\s*(?:前|以前|之前)?"
    r"\s*(?:完成|建成|落实到位|到位)?$|^(?:长期坚持|持续推进|长期|持续)$"
)
# Every unit of the list shares the role: ``A、B分别牵头`` / ``A、B共同负责``.
_SHARED_ROLE_RE = re.compile(r"(?:分别|共同|各自|均)(牵头|负责|配合|参与|协助)(?:负责|落实|实施)?$")
# Who leads when the note says so: nothing here overrides the order (the first listed leads).
_ROLE_MARK_RE = re.compile(r"[((]\s*(牵头|配合|协办|主责|参与)\s*[))]$|(牵头|配合)$")
_SUBJECT_VERBS = "要|负责|牵头|会同|联合|应当|应|须|必须|继续|将"
_BY_RE = re.compile(r"由(?P<units>[^,。;:()]{2,60}?)(?P<verb>牵头|负责|组织实施|具体负责|承办|主办|主责)")
_DUTY_QUALIFIER = r"按照?(?:各自)?职责(?:分工)?|根据职责(?:分工)?|依职责|按分工|分别|共同|具体|各自|负责"
_DUTY_VERBS = (
    "牵头负责|负责落实|负责实施|具体负责|牵头落实|牵头实施|牵头推进|组织实施|督促落实|抓好落实|共同推进|"
    "牵头|负责|落实|配合|参与|协助|协办|承办|主办|实施|推进|办理"
)
_DUTY_END_RE = re.compile(rf"(?P<units>.+?)(?:{_DUTY_QUALIFIER})?(?P<verb>{_DUTY_VERBS})$")
_LEAD_VERB_RE = re.compile(r"牵头|主办|承办|主责")
_CO_VERB_RE = re.compile(r"配合|协办|参与|协助|协同|协作")


@dataclass
class UnitParse:
    """Units found in a text, plus what was odd about them (codes the caller turns into warnings)."""

    units: list[UnitRef] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)  # "unclosed", "doubled:<label>"
    source: str = ""  # "label", "paren", "bare", "subject" or ""
    span: tuple[int, int] | None = None  # where the first block sits in the text


def _strip_parenthetical(name: str) -> str:
    return re.sub(r"\([^()]*\)", "", name)


_UNIT_LABEL_WORD_RE = re.compile(rf"(?:{_LEAD_LABELS}|{_CO_LABELS}|{_NEUTRAL_LABELS})")
# An exhortation to everyone (``各级各部门要…``) names no one in particular.
_EVERYONE_RE = re.compile(r"^各(?:级|地)各?(?:有关)?(?:部门|单位|党委|政府|党委政府|党委和政府)$")


# Names the ledger already knows (units, short names, aliases): a unit even when its name ends in no
# usual suffix (``中储粮株洲直属库``, ``12315投诉台``). Set for one parse by :func:`known_units`.
_KNOWN: ContextVar[frozenset[str]] = ContextVar("known_units", default=frozenset())


@contextmanager
def known_units(names: frozenset[str]) -> Iterator[None]:
    """Within the block, ``names`` count as unit names."""
    token = _KNOWN.set(names)
    try:
        yield
    finally:
        _KNOWN.reset(token)


def looks_like_unit(name: str) -> bool:
    """A plausible unit name: one the ledger knows, or short, no sentence punctuation, ending like an
    organisation."""
    name = name.strip()
    if name in _KNOWN.get():
        return True
    # Punctuation inside brackets belongs to the name: 各县(市、区)政府.
    if not 2 <= len(name) <= 40 or re.search(r"[。;:,,、“”《》\"]|\d{3,}|简称", _strip_parenthetical(name)):
        return False
    if name.startswith(("以下", "其中", "包括", "含")) or _UNIT_LABEL_WORD_RE.fullmatch(name) or _EVERYONE_RE.match(name):
        return False
    bare = _strip_parenthetical(name).strip() or name
    if bare.endswith(_NOT_UNIT_END) or bare.startswith(_VERB_START):
        return False
    return bare.endswith(_SUFFIXES) or bool(_GROUP_RE.match(bare))


def _split_depth(text: str, separators: str) -> list[str]:
    """Split on any of ``separators`` outside parentheses/brackets."""
    parts: list[str] = []
    depth = 0
    start = 0
    for index, ch in enumerate(text):
        if ch in "(([【〔":
            depth += 1
        elif ch in "))]】〕":
            depth = max(0, depth - 1)
        elif ch in separators and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return parts


def _split_conjunctions(piece: str) -> list[str]:
    """``A及B`` → [A, B] when both halves are unit names (``住房和城乡建设局`` stays whole)."""
    for m in re.finditer(r"以及|及|和|与|会同|等", piece):
        left, right = piece[: m.start()], piece[m.end() :]
        if looks_like_unit(left) and (looks_like_unit(right) or _split_conjunctions(right) != [right]):
            return [left, *_split_conjunctions(right)]
    return [piece]


def _clean_name(name: str) -> str:
    name = name.strip().strip("“”\"'‘’ ")
    name = re.sub(rf"(?<=[{CJK}])\s+(?=[{CJK}])", "", name)
    name = re.sub(r"^(?:由|请|是|为)(?=.{2})", "", name)
    name = _TRAILING_ETC_RE.sub("", name).strip()
    return name.strip(_NAME_TRIM)


def strip_notes(value: str) -> str:
    """A list value without the notes written inside it (``下同``, ``排名第一的为牵头单位``)."""
    value = _INNER_NOTE_RE.sub("", value)
    previous = None
    while previous != value:
        previous = value
        value = _NOTE_SENTENCE_RE.sub("", value).rstrip(_VALUE_TRIM)
    return value


def _drop_time_clauses(pieces: list[str]) -> list[str]:
    return [p for p in pieces if not _TIME_CLAUSE_RE.match(p.strip().replace(" ", ""))]


def split_units(value: str, role: Role | None = None) -> list[UnitRef]:
    """Unit names in a list value (``A、B及C等``); ``role`` None means first lead, others co.

    Notes inside the list (``下同``), time clauses (``6月底前完成``) and a shared role (``A、B分别牵头``:
    both lead) are read, not taken for names; ``A等B`` splits where both halves are units.
    """
    value = strip_notes(value.strip().strip(_VALUE_TRIM))
    value = _TRAILING_ETC_RE.sub("", value)
    shared = _SHARED_ROLE_RE.search(value)
    if shared and shared.start() > 0:
        verb = shared.group(1)
        value = value[: shared.start()]
        if verb == "牵头" or (verb == "负责" and role is None):
            role = "lead"
        elif verb in ("配合", "参与", "协助"):
            role = "co"
    names: list[tuple[str, Role | None]] = []
    for piece in _drop_time_clauses(_split_depth(value, "、,,;;/")):
        piece = _clean_name(piece)
        if not piece:
            continue
        if " " in piece:
            words = [w for w in piece.split() if w]
            if len(words) > 1 and all(looks_like_unit(_clean_name(w)) for w in words):
                for word in words:
                    names.append((_clean_name(word), role))
                continue
            piece = piece.replace(" ", "")
        for part in _split_conjunctions(piece):
            part = _clean_name(part)
            own_role: Role | None = role
            mark = _ROLE_MARK_RE.search(part)
            if mark:
                word = mark.group(1) or mark.group(2)
                own_role = "lead" if word in ("牵头", "主责") else "co"
                part = _clean_name(part[: mark.start()])
            if part:
                names.append((part, own_role))
    units: list[UnitRef] = []
    seen: set[str] = set()
    explicit = any(r is not None for _, r in names)
    for index, (name, given) in enumerate(names):
        if name in seen:
            continue
        seen.add(name)
        if given is not None:
            final: Role = given
        elif explicit:
            final = "co"
        else:
            final = "lead" if index == 0 else "co"
        units.append(UnitRef(name, final))
    return units


def _closes_on_next_line(text: str, start: int, depth: int) -> bool:
    """Whether the line at ``start`` closes a bracket left open (and is not a new numbered item)."""
    end = text.find("\n", start)
    line = text[start : end if end >= 0 else len(text)]
    if not line or match_marker(line) is not None or _UNIT_LABEL_RE.match(line):
        return False
    for ch in line:
        if ch in "(([【〔":
            depth += 1
        elif ch in _CLOSERS or ch == ")":
            depth -= 1
            if depth == 0:
                return True
    return False


def _block_end(text: str, start: int, opener: str | None, label_end: int) -> tuple[int, int, bool]:
    """Where a unit block's content ends: (content end, block end, closed?).

    An unbracketed label alone at the end of its line (``责任单位:`` above the list) reads the next line.
    """
    depth = 1 if opener else 0
    closer = _OPENERS.get(opener or "", ")")
    index = start
    length = len(text)
    while index < length:
        ch = text[index]
        if ch == "\n":
            if opener is None and not text[label_end:index].strip():
                label_end = index + 1  # only once: the list itself ends at its own line's end
                index += 1
                continue
            if opener and _closes_on_next_line(text, index + 1, depth):
                index += 1  # a bracketed list wrapped onto the next line (a soft line break)
                continue
            return index, index, opener is None
        if ch in "(([【〔":
            depth += 1
        elif ch in _CLOSERS or ch == ")":
            if depth == 0:
                return index, index, True  # an unlabelled list ends at a stray closer
            depth -= 1
            if depth == 0 and opener:
                return index, index + 1, ch == closer or ch in _CLOSERS
        elif ch == "。" and depth == 0 and opener is None:
            return index, index, True
        index += 1
    return length, length, opener is None


def _parse_labelled(content: str, parse: UnitParse, others: set[str] | None = None) -> None:
    """``责任单位:A、B`` / ``牵头单位:A;配合单位:B`` → units with roles."""
    matches = list(_LABEL_RE.finditer(content))
    previous_label = ""
    previous_end = -1
    # Labels of the item's other blocks count too (``责任单位:A、B`` on one line, ``配合单位:C`` below).
    labels = {m["label"] for m in matches} | (others or set())
    explicit_roles = any(label in _LEAD_SET or label in _CO_SET for label in labels)
    collected: list[UnitRef] = []
    for index, m in enumerate(matches):
        label = m["label"]
        value_end = matches[index + 1].start() if index + 1 < len(matches) else len(content)
        value = content[m.end() : value_end]
        if label == previous_label and content[previous_end : m.start()].strip(_COLONS) == "":
            parse.issues.append(f"doubled:{label}")
        previous_label, previous_end = label, m.end()
        if label in _STOP_SET or not value.strip(_VALUE_TRIM):
            continue
        role: Role | None = None
        if label in _LEAD_SET:
            role = "lead"
        elif label in _CO_SET:
            role = "co"
        units = []
        for unit in split_units(value, role):
            if len(unit.name) < 2:
                parse.issues.append(f"fragment:{unit.name}")
                continue
            if not looks_like_unit(unit.name):
                parse.issues.append(f"odd:{unit.name}")
            units.append(unit)
        if units and role is None and not explicit_roles and units[0].role != "lead" and not any(u.role == "lead" for u in units):
            units[0] = UnitRef(units[0].name, "lead")
        if role is None and explicit_roles:
            # ``责任单位:A、B;协助单位:C``: the plainly responsible lead, unless a lead is labelled.
            lead_labelled = any(label in _LEAD_SET for label in labels)
            units = [UnitRef(u.name, "co" if lead_labelled else "lead") for u in units]
        collected.extend(units)
    _merge(parse, collected)


def _merge(parse: UnitParse, units: list[UnitRef]) -> None:
    names = {u.name for u in parse.units}
    had_lead = any(u.role == "lead" for u in parse.units)
    for unit in units:
        if unit.name in names:
            continue
        names.add(unit.name)
        if had_lead and unit.role == "lead" and parse.source == "label":
            # A second block's first unit does not become another lead of the same item.
            unit = UnitRef(unit.name, "co")
        parse.units.append(unit)


def find_labelled(text: str) -> UnitParse:
    """Every labelled unit block in ``text`` (all of an item's lines), merged in order."""
    text = nfkc(text)  # a no-op on the parser's (already normalised) text; spans stay valid
    parse = UnitParse()
    all_labels = {m["label"] for m in _LABEL_RE.finditer(text)}
    pos = 0
    while True:
        m = _UNIT_LABEL_RE.search(text, pos)
        if m is None:
            break
        # An opening bracket right before the label (spaces allowed) makes it a bracketed block.
        back = m.start() - 1
        while back >= 0 and text[back] == " ":
            back -= 1
        opener = text[back] if back >= 0 and text[back] in _OPENERS else None
        content_end, block_end, closed = _block_end(text, m.start(), opener, m.end())
        content = text[m.start() : content_end]
        if opener and not closed:
            parse.issues.append("unclosed")
        before = len(parse.units)
        _parse_labelled(content, parse, all_labels)
        if opener and not closed and content_end >= len(text.rstrip()) and len(parse.units) > before:
            # The text ends inside the list (an excerpt cut mid-name): a last name that is no unit
            # name is a fragment, not a unit.
            last = parse.units[-1]
            if not looks_like_unit(last.name):
                parse.units.pop()
                parse.issues = [i for i in parse.issues if i != f"odd:{last.name}"] + [f"fragment:{last.name}"]
        if len(parse.units) > before or parse.span is None:
            if parse.span is None:
                parse.span = (back if opener else m.start(), block_end)
            parse.source = "label"
        pos = max(block_end, m.end())
    return parse


_TRAILING_PAREN_RE = re.compile(r"\((?P<body>[^()]*(?:\([^()]*\)[^()]*)*)\)\s*[。;;,,.]?\s*$")


def find_trailing_paren(text: str) -> UnitParse:
    """``(A、B负责落实)`` / ``(A牵头,B配合)`` / ``(A、B)`` at the end of a line of ``text``."""
    parse = UnitParse()
    for line in text.split("\n"):
        m = _TRAILING_PAREN_RE.search(line)
        if not m:
            continue
        body = m["body"].strip()
        units = _duty_clauses(body)
        if units:
            parse.source = "paren"
        else:
            # A bare list must be unmistakable: every piece a unit name of 3+ characters
            # (``(中心)`` after 基地 is an alternative wording, not a unit).
            candidates = split_units(body)
            if candidates and all(len(u.name) >= 3 and looks_like_unit(u.name) for u in candidates):
                units = candidates
                parse.source = "bare"
        if units:
            _merge(parse, units)
    return parse


def _duty_clause(clause: str) -> tuple[list[UnitRef], str] | None:
    """``A、B按职责分工负责`` → (units, role word): the names before a duty verb, all of them units.

    Known verbs first; else any short verb (``卖力`` in a reworded copy) after names that are all units.
    """
    m = _DUTY_END_RE.match(clause)
    candidates: list[tuple[str, str]] = [(m["units"], m["verb"])] if m else []
    for size in range(2, 5):
        tail = clause[-size:]
        if (
            len(clause) > size + 1
            and re.fullmatch(f"[{CJK}]+", tail)
            and re.match(f"[{CJK})]", clause[-size - 1])
            and not tail.endswith(_SUFFIXES)
        ):
            head = re.sub(rf"(?:{_DUTY_QUALIFIER})$", "", clause[:-size])
            candidates.append((head, tail))
    for units_text, verb in candidates:
        units_text = units_text.strip().removeprefix("由")
        if not units_text:
            continue
        names = split_units(units_text, "lead")
        if names and all(looks_like_unit(u.name) for u in names):
            kind = "lead" if _LEAD_VERB_RE.search(verb) else "co" if _CO_VERB_RE.search(verb) else ""
            if not kind and re.search("职责|分工", clause):
                kind = "duty"  # each by its remit: the first listed leads unless another clause does
            return names, kind
    return None


def _duty_clauses(body: str) -> list[UnitRef]:
    """``A牵头,B、C配合`` / ``A、B负责落实`` → units; empty unless every name is a unit.

    A clause with a plain duty verb (负责, 落实) leads unless another clause names the lead: then it
    is a co-unit (``A牵头,B按职责分工负责``).
    """
    clauses = [c.strip() for c in re.split(r"[,,;;]", strip_notes(body)) if c.strip()]
    clauses = [c for c in clauses if not _TIME_CLAUSE_RE.match(c.replace(" ", ""))]
    if not clauses:
        return []
    read: list[tuple[list[UnitRef], str]] = []
    for clause in clauses:
        found = _duty_clause(clause)
        if found is None:
            return []
        read.append(found)
    has_lead = any(kind == "lead" for _, kind in read)
    units: list[UnitRef] = []
    seen: set[str] = set()
    for names, kind in read:
        role: Role = "lead" if kind == "lead" or (kind == "" and not has_lead) else "co"
        if kind == "duty" and not has_lead and not units:
            names = [UnitRef(n.name, "lead" if i == 0 else "co") for i, n in enumerate(names)]
            units.extend(n for n in names if n.name not in seen)
            seen.update(n.name for n in names)
            continue
        for name in names:
            if name.name not in seen:
                seen.add(name.name)
                units.append(UnitRef(name.name, role))
    return units


_SUBJECT_RE = re.compile(rf"^(?P<unit>[^\s,。;:、()“”《》]{{2,24}}?)(?:{_SUBJECT_VERBS})")
_SUBJECTS_RE = re.compile(rf"^(?P<units>[^\s,。;:()“”《》]{{2,24}}(?:[、和及与][^\s,。;:、()“”《》]{{2,24}}){{1,8}}?)(?:分别|共同|各自)?(?:{_SUBJECT_VERBS})")
# A duty list item: ``3、县公安局。负责…`` / ``县公安局:负责…`` — the heading is the unit list itself.
_HEADING_UNITS_RE = re.compile(r"^(?P<units>[^。;:,“”《》]{2,60}?)\s*[。::]\s*(?=\S)")


def _all_units(text: str) -> list[UnitRef]:
    units = split_units(text)
    return units if units and all(looks_like_unit(u.name) for u in units) else []


def find_subject(head: str) -> UnitParse:
    """A unit as the subject of the item's first sentence (``质监分局要…``, ``A、B要…``), ``由A牵头,B
    配合``, or a duty list's heading (``县公安局。负责…``)."""
    parse = UnitParse()
    heading = _HEADING_UNITS_RE.match(head)
    if heading and (units := _all_units(heading["units"])):
        parse.units, parse.source = units, "heading"
        return parse
    many = _SUBJECTS_RE.match(head)
    if many and not head.startswith("由") and (units := _all_units(many["units"])):
        parse.units, parse.source = [UnitRef(u.name, "lead") for u in units], "subject"
        return parse
    m = _SUBJECT_RE.match(head)
    if m and not head.startswith("由") and looks_like_unit(m["unit"]):
        parse.units = [UnitRef(_clean_name(m["unit"]), "lead")]
        parse.source = "subject"
        return parse
    by = _BY_RE.search(head)
    if by:
        # ``由A牵头,B、C配合`` : take the clauses after 由 for as long as they name units and a duty.
        sentence = re.split(r"[。;;]", head[by.start() + 1 :], maxsplit=1)[0]
        clauses: list[str] = []
        for clause in re.split(r"[,,]", sentence):
            if not _duty_clauses(clause):
                break
            clauses.append(clause)
        units = _duty_clauses(",".join(clauses)) if clauses else []
        if not units:
            units = split_units(by["units"])
        if units and all(looks_like_unit(u.name) for u in units):
            parse.units = units
            parse.source = "subject"
    return parse


def find_units(text: str, head: str = "") -> UnitParse:
    """The units of one item: labelled blocks, else a trailing paren, else the subject of ``head``."""
    text, head = nfkc(text), nfkc(head)
    parse = find_labelled(text)
    if parse.units:
        return parse
    paren = find_trailing_paren(text)
    if paren.units:
        paren.issues = parse.issues + paren.issues
        return paren
    lines = text.split("\n")
    subject = find_subject(head or lines[0])
    if not subject.units and len(lines) > 1 and len((head or lines[0]).rstrip("。")) <= 16:
        # ``(一)落实责任。`` with the sentence below it: ``各设区市政府要…``.
        subject = find_subject(lines[1])
    subject.issues = parse.issues
    return subject


# A line of the fields written after an item besides its units: 完成时限, 联系人, 责任领导…
_FIELD_LINE_RE = re.compile(
    r"^(?:联\s*系\s*人|联系电话|电\s*话|责任领导|责任人|分管领导|完成时限|时限要求|完成时间|时间要求|时间节点)\s*[::]"
)


def is_field_line(text: str) -> bool:
    """True for a deadline, contact or leader line (``联 系 人:…``, ``完成时限:…``) after an item."""
    return bool(_FIELD_LINE_RE.match(text))


def is_unit_only_line(text: str) -> bool:
    """True when a whole line is a unit block (``(责任单位:A、B)``): units for a whole section."""
    stripped = text.strip().rstrip(_VALUE_TRIM)
    if not stripped:
        return False
    parse = find_labelled(stripped)
    if not parse.units or parse.span is None:
        return False
    start, end = parse.span
    return start <= 1 and end >= len(stripped) - 1
