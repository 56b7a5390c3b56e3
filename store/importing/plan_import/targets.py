"""Numeric targets (指标) in a task's text.

``合格率达到94%以上`` → (合格率, ``>=``, 94, ``%``, None); ``建档率大于90%`` → (建档率, ``>``, 90, ``%``);
``到2015年超过58%`` → year 2015; ``新增床位800张`` → (新增床位, ``+=``, 800, ``张``); ``PM2.5浓度比2013年
下降7%`` → (PM2.5浓度, ``-=``, 7, ``%``) (2013 is a baseline, not the target year).

The metric is the noun phrase before the comparator, back to the clause start, without lead-in words
(确保, 力争, 全市…) and baselines (较上年, 比2013年). ``知晓率、支持率达80%`` gives two targets.
"""

from __future__ import annotations

import re

from store.importing.plan_import.model import Target

_REACH = "到达|达到|提高到|提升到|提高至|提升至|增长到|增加到|增至|稳定在|保持在|维持在|达|为|在"
_PERCENT_RE = re.compile(
    rf"(?P<cmp>{_REACH}|控制在|大于|高于|超过|不低于|不少于|低于|小于|少于|不高于|不超过|"
    r"下降|降低|减少|压减|提高|提升|增长|增加)\s*"
    r"(?P<val>\d+(?:\.\d+)?)\s*(?P<unit>%|‰|个百分点|百分点)(?P<post>以上|以下|以内|左右)?"
)
_COUNT_VERBS = (
    "新增加|新增|新建|新创|新培育|新认定|新开通|建成|培育|创建|打造|发布|制修订|制定|修订|引进|认定|"
    "争创|推荐|评选|开展|举办|培训|建设"
)
_COUNT_UNITS = "万平方米|平方米|万亩|亩|公里|千米|万元|亿元|人次|个|家|项|张|名|件|次|批|所|座|条|户|人|场|处|套|台|辆|万吨|吨|本|份|篇|种|村"
_COUNT_RE = re.compile(
    rf"(?P<verb>{_COUNT_VERBS})(?P<obj>[^,;。:()“”《》\d\n]{{0,20}}?)"
    rf"(?P<val>\d+(?:\.\d+)?)\s*(?P<unit>{_COUNT_UNITS})(?P<post>以上)?(?![个月年日号小时百分])"
)
_CLAUSE_BREAK = set(",;。:!?()\n“”《》")
_SENTENCE_BREAK = set("。;!?\n")
_LEAD_IN_RE = re.compile(
    r"^(?:(?:确保|力争|争取|推动|努力|实现|使得|使|促进|保持|要求|要|并且|并|且|全年|年度|当年|全市|全县|全区|"
    r"其中|同时|进一步|不断|逐步|持续|将|把|对|让|到\d{4}年(?:底|末)?|\d{4}年(?:底|末)?|以上)\s*)+"
)
_BASELINE_TAIL_RE = re.compile(
    r"(?:较|比|同比|与)(?:上年|去年|上一年|\d{4}年(?:底|末)?)?(?:同期)?$|同比$|年均$"
    r"|(?:到|至|于|在)?\d{4}年(?:底|末)?(?:前)?$"
)
_METRIC_END = ("率", "度", "量", "数", "比", "比重", "比例", "指数", "面积", "浓度", "占比")
_YEAR_RE = re.compile(r"(?<![比较与\d])(?:到|至|于|在|力争|争取|确保)?\s*(?P<y>(?:19|20)\d{2})\s*年(?:底|末)?(?![\d月])")


def _comparator(verb: str, post: str | None) -> str:
    if verb in ("下降", "降低", "减少", "压减"):
        return "-="
    if verb in ("提高", "提升", "增长", "增加"):
        return "+="
    if verb in ("大于", "高于", "超过"):
        return ">"
    if verb in ("低于", "小于", "少于"):
        return "<"
    if verb in ("不高于", "不超过", "控制在"):
        return "<="
    if post in ("以下", "以内"):
        return "<="
    if verb in ("为", "在") and post != "以上":
        return "="
    return ">="


def _clause_start(text: str, pos: int, breaks: set[str]) -> int:
    """Start of the clause ending at ``pos``; a parenthesis closed inside the clause is skipped whole."""
    index = pos - 1
    while index >= 0:
        ch = text[index]
        if ch == ")":
            depth = 1
            scan = index - 1
            while scan >= 0 and depth:
                if text[scan] == ")":
                    depth += 1
                elif text[scan] == "(":
                    depth -= 1
                elif text[scan] in _SENTENCE_BREAK:
                    break
                scan -= 1
            if depth:
                break
            index = scan
            continue
        if ch in breaks:
            break
        index -= 1
    return index + 1


_FILLER_TAIL_RE = re.compile(r"(?:要|需|应|须|必须|应当|将|均|全部|基本|稳定|力争|总体)$")
_PARENTHETICAL_RE = re.compile(r"\([^()]*\)")


def _clean_metric(raw: str) -> str:
    metric = _PARENTHETICAL_RE.sub("", raw).strip()
    for _ in range(3):
        metric = _LEAD_IN_RE.sub("", metric).strip()
        metric = _BASELINE_TAIL_RE.sub("", metric).strip()
        metric = _FILLER_TAIL_RE.sub("", metric).strip()
    return metric.strip("“”\"' ")


def _target_year(text: str, pos: int) -> int | None:
    start = _clause_start(text, pos, _SENTENCE_BREAK)
    year: int | None = None
    for m in _YEAR_RE.finditer(text, start, pos):
        year = int(m["y"])
    return year


def _number(value: str) -> float:
    return float(value)


def find_targets(text: str) -> list[Target]:
    """All numeric targets of ``text``, in order."""
    targets: list[Target] = []
    taken: list[tuple[int, int]] = []
    for m in _PERCENT_RE.finditer(text):
        start = _clause_start(text, m.start(), _CLAUSE_BREAK)
        raw = text[start : m.start()]
        pieces = [p for p in raw.split("、") if p.strip()]
        cleaned = [_clean_metric(p) for p in pieces]
        if len(cleaned) > 1 and all(p.endswith(_METRIC_END) for p in cleaned):
            metrics = cleaned
        else:
            metrics = [_clean_metric(raw)]
        # An empty metric is kept (``到2015年超过58%``): the clerk names it, the number is still useful.
        metrics = [metric for metric in metrics if metric] or [""]
        unit = "百分点" if m["unit"].endswith("百分点") else m["unit"]
        comparator = _comparator(m["cmp"], m["post"])
        year = _target_year(text, m.start())
        for metric in metrics:
            targets.append(Target(metric, comparator, _number(m["val"]), unit, year, text[start : m.end()].strip()))
        taken.append((m.start(), m.end()))
    for m in _COUNT_RE.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        verb, obj = m["verb"], m["obj"].strip()
        metric = verb + obj
        if not obj:
            # ``建成1个“全国知名品牌创建示范区”``: the object follows the number.
            tail_end = m.end()
            while tail_end < len(text) and tail_end - m.end() < 24 and text[tail_end] not in ",;。:!?()\n":
                tail_end += 1
            metric = verb + text[m.end() : tail_end].replace("“", "").replace("”", "")
        metric = _clean_metric(metric)
        if verb.startswith("新"):
            comparator = "+="
        else:
            comparator = ">="
        start = _clause_start(text, m.start(), _CLAUSE_BREAK)
        targets.append(
            Target(metric, comparator, _number(m["val"]), m["unit"], _target_year(text, m.start()),
                   text[start : m.end()].strip())
        )  # fmt: skip
    targets.sort(key=lambda t: text.find(t.text) if t.text else 0)
    return targets
