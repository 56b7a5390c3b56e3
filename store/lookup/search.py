"""Search as you type: tasks (title, code, text), units (name, short name, aliases) and report text.

* 3 characters or more: the FTS5 ``trigram`` tables (any substring, case-insensitive);
* 1–2 characters: a LIKE scan of the units and tasks tables (trigram cannot match them); report
  text is searched from 3 characters (a scan of every report would not keep up with typing);
* traditional input finds simplified data: a query that finds nothing as typed is tried again
  converted to simplified characters (OpenCC ``t2s``);
* letters are also read as pinyin initials of unit names and task titles (``xsjj`` → 县市监局),
  多音字 included (store/ledger/search_index.py).

Ranking: exact code or name first, then prefix, then substring (title, name), then a match in a
task's text, then in a report; units before tasks before reports on a tie, then shorter titles.
Every value reaches SQLite as a parameter; LIKE wildcards in the query are escaped.

The results carry what a leader asks on the phone: light, deadline, lead unit, latest report.
Lights come from :func:`store.work.tasks.task_rows` (the rules live in store/work/rules.py).
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from store import strings
from store.ledger import search_index
from store.ledger.db import Ledger
from store.quarterly import reports
from store.quarterly.reports import status_text
from store.work.rules import Light
from store.work.tasks import task_rows
from store.work.units import DISPLAY_NAME, DISPLAY_NAME_U

LIMIT = 50
KIND_ORDER = {"unit": 0, "task": 1, "report": 2}

# Ranks, best first.
EXACT, PREFIX, SUBSTRING, IN_TEXT, IN_REPORT = 0, 1, 2, 3, 4

_PINYIN_RE = re.compile(r"^[a-z][a-z0-9]*$")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
_SPACES_RE = re.compile(r"\s+")


@dataclass
class LatestReport:
    """A task's latest report as results show it (:func:`latest_reports`)."""

    quarter: str
    unit: str
    status: str
    progress: int | None
    text: str

    @property
    def status_label(self) -> str:
        return strings.REPORT_STATUS.get(self.status, self.status)

    @property
    def summary(self) -> str:
        """``2026Q3 县市监局 推进中 60%``, then what was done."""
        head = strings.SEARCH_LATEST.format(quarter=self.quarter, unit=self.unit,
                                            status=status_text(self.status, self.progress))
        return f"{head} {self.text}".strip() if self.text else head


@dataclass
class Hit:
    """One search result. ``id`` is the task's, unit's or report's id, by ``kind``."""

    kind: str
    id: int
    title: str
    rank: int
    via: str  # what matched: code, title, name, short_name, alias, pinyin, text, report
    code: str = ""
    task_id: int | None = None
    unit_id: int | None = None
    detail: str = ""  # a unit's full name; the unit that sent a report
    light: Light | None = None
    deadline: date | None = None
    lead_unit: str = ""
    latest: LatestReport | None = None
    snippet: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "id": self.id, "title": self.title, "code": self.code, "via": self.via,
            "task_id": self.task_id, "unit_id": self.unit_id, "detail": self.detail,
            "light": self.light.value if self.light else None,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "lead_unit": self.lead_unit, "snippet": self.snippet,
            "latest_report": None if self.latest is None else {
                "quarter": self.latest.quarter, "unit": self.latest.unit, "status": self.latest.status,
                "progress": self.latest.progress, "text": self.latest.text,
            },
        }


@dataclass
class _Found:
    """A candidate before ranking across kinds."""

    kind: str
    id: int
    rank: int
    via: str
    extra: dict[str, Any] = field(default_factory=dict)


# --- the query ------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def clean(query: str) -> str:
    """The query as typed, tidied: NFKC (full-width letters read as ASCII), no control characters,
    single spaces."""
    return _SPACES_RE.sub(" ", _CONTROL_RE.sub(" ", unicodedata.normalize("NFKC", query))).strip()


def simplified(text: str) -> str:
    """Traditional characters → simplified (OpenCC ``t2s``); ASCII passes untouched."""
    return text if text.isascii() else str(_t2s().convert(text))


def normalise(query: str) -> str:
    """:func:`clean`, then :func:`simplified`."""
    return simplified(clean(query))


class _Variants:
    """The query as typed, then (when it reads differently) in simplified characters, computed only
    when asked for. Callers stop at the first that finds something: the ledger is kept in
    simplified characters, and OpenCC (~15 ms to load) is loaded only for input that needs it."""

    def __init__(self, query: str) -> None:
        self.text = clean(query)

    def __iter__(self) -> Iterator[str]:
        if not self.text:
            return
        yield self.text
        if not self.text.isascii():
            other = simplified(self.text)
            if other != self.text:
                yield other

    def __getitem__(self, part: slice) -> list[str]:
        return [self.text][part] if self.text else []


def variants(query: str) -> _Variants:
    return _Variants(query)


def like_pattern(text: str, *, prefix: bool = False) -> str:
    """``%text%`` (or ``text%``) for ``LIKE ... ESCAPE '\\'``, with the query's own % and _ escaped."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{escaped}%" if prefix else f"%{escaped}%"


def fts_phrase(text: str) -> str:
    """The query as one FTS5 string (a substring, for the trigram tokenizer)."""
    return '"' + text.replace('"', '""') + '"'


def is_pinyin(text: str) -> bool:
    return bool(_PINYIN_RE.match(text.lower()))


def _rank_in(query: str, values: Iterable[tuple[str, str]]) -> tuple[int, str] | None:
    """The best (rank, field) of ``query`` among named values: equal, starts with, contains."""
    needle = query.casefold()
    best: tuple[int, str] | None = None
    for name, value in values:
        text = (value or "").casefold()
        if not text or needle not in text:
            continue
        rank = EXACT if text == needle else PREFIX if text.startswith(needle) else SUBSTRING
        if best is None or rank < best[0]:
            best = (rank, name)
    return best


# --- candidates -----------------------------------------------------------------------------------


def _rows(conn: sqlite3.Connection, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    return conn.execute(sql, list(params)).fetchall()


def _unit_candidates(conn: sqlite3.Connection, q: str, cap: int) -> list[_Found]:
    if len(q) >= 3:
        rows = _rows(conn, "SELECT rowid, name, short_name, aliases FROM unit_fts WHERE unit_fts MATCH ? LIMIT ?",
                     [fts_phrase(q), cap])
    else:
        pattern = like_pattern(q)
        rows = _rows(
            conn,
            "SELECT u.id, u.name, coalesce(u.short_name, ''), "
            "coalesce((SELECT group_concat(a.alias, ' ') FROM unit_aliases a WHERE a.unit_id = u.id), '') "
            "FROM units u WHERE u.name LIKE ?1 ESCAPE '\\' OR u.short_name LIKE ?1 ESCAPE '\\' "
            "OR EXISTS (SELECT 1 FROM unit_aliases a WHERE a.unit_id = u.id AND a.alias LIKE ?1 ESCAPE '\\') "
            "LIMIT ?2",
            [pattern, cap],
        )
    out = []
    for unit_id, name, short, aliases in rows:
        found = _rank_in(q, [("name", name), ("short_name", short), *(("alias", a) for a in aliases.split(" ") if a)])
        if found is not None:
            out.append(_Found("unit", int(unit_id), found[0], found[1]))
    return out


def _task_candidates(conn: sqlite3.Connection, q: str, cap: int) -> list[_Found]:
    """Tasks by code, then title or code starting with the query, containing it, then text."""
    if len(q) >= 3:
        phrase = fts_phrase(q)
        stages: list[tuple[str, list[Any]]] = [
            ("SELECT id, code, title FROM tasks WHERE code = ? LIMIT ?", [q]),
            ("SELECT t.id, t.code, t.title FROM task_fts f JOIN tasks t ON t.id = f.rowid "
             "WHERE task_fts MATCH ? LIMIT ?", ["{title code} : ^" + phrase]),
            ("SELECT t.id, t.code, t.title FROM task_fts f JOIN tasks t ON t.id = f.rowid "
             "WHERE task_fts MATCH ? LIMIT ?", ["{title code} : " + phrase]),
            ("SELECT t.id, t.code, t.title FROM task_fts f JOIN tasks t ON t.id = f.rowid "
             "WHERE task_fts MATCH ? LIMIT ?", ["text : " + phrase]),
        ]
    else:
        contains, starts = like_pattern(q), like_pattern(q, prefix=True)
        stages = [
            ("SELECT id, code, title FROM tasks WHERE code = ? LIMIT ?", [q]),
            ("SELECT id, code, title FROM tasks WHERE title LIKE ?1 ESCAPE '\\' OR code LIKE ?1 ESCAPE '\\' "
             "LIMIT ?2", [starts]),
            ("SELECT id, code, title FROM tasks WHERE title LIKE ?1 ESCAPE '\\' OR code LIKE ?1 ESCAPE '\\' "
             "LIMIT ?2", [contains]),
            ("SELECT id, code, title FROM tasks WHERE text LIKE ?1 ESCAPE '\\' LIMIT ?2", [contains]),
        ]
    found: dict[int, _Found] = {}
    for sql, params in stages:
        if len(found) >= cap:
            break
        for task_id, code, title in _rows(conn, sql, [*params, cap]):
            if task_id in found:
                continue
            ranked = _rank_in(q, [("code", code), ("title", title)])
            rank, via = ranked if ranked is not None else (IN_TEXT, "text")
            found[int(task_id)] = _Found("task", int(task_id), rank, via)
    return list(found.values())


def _pinyin_candidates(ledger: Ledger, q: str, cap: int) -> list[_Found]:
    conn = ledger.conn
    _flush_pending(ledger)
    key = q.lower()
    rows = [(kind, ref, EXACT) for kind, ref in _rows(
        conn, "SELECT kind, ref FROM search_keys WHERE whole = 1 AND key = ? LIMIT ?", [key, cap])]
    rows += [(kind, ref, PREFIX) for kind, ref in _rows(
        conn, "SELECT kind, ref FROM search_keys WHERE whole = 1 AND key > ? AND key < ? LIMIT ?",
        [key, key + "{", cap])]
    if len(key) >= 3:
        rows += [(kind, ref, SUBSTRING) for kind, ref in _rows(
            conn, "SELECT k.kind, k.ref FROM search_keys_fts f JOIN search_keys k ON k.id = f.rowid "
            "WHERE search_keys_fts MATCH ? LIMIT ?", [fts_phrase(key), cap * 4])]
    return [_Found(kind, int(ref), rank, "pinyin") for kind, ref, rank in rows]


def _report_candidates(conn: sqlite3.Connection, q: str, cap: int, skip_tasks: set[int]) -> list[_Found]:
    """The newest reports whose text contains ``q``: one per task (tasks already found are left out)."""
    if len(q) < 3:
        return []
    out: list[_Found] = []
    seen = set(skip_tasks)
    for report_id, task_id, unit, work_done, problems, next_steps in _rows(
        conn,
        f"SELECT r.id, r.task_id, {DISPLAY_NAME_U}, r.work_done, r.problems, r.next_steps "
        "FROM (SELECT rowid AS id FROM report_fts WHERE report_fts MATCH ? ORDER BY rowid DESC LIMIT ?) m "
        "JOIN reports r ON r.id = m.id JOIN units u ON u.id = r.unit_id ORDER BY r.id DESC",
        [fts_phrase(q), cap * 4],
    ):
        if task_id in seen:
            continue
        seen.add(task_id)
        text = next((t for t in (work_done, problems, next_steps) if q.casefold() in (t or "").casefold()), "")
        out.append(_Found("report", int(report_id), IN_REPORT, "report",
                          {"task_id": int(task_id), "unit": unit, "snippet": snippet(text, q)}))
        if len(out) >= cap:
            break
    return out


def _flush_pending(ledger: Ledger) -> None:
    """Pinyin keys of rows written by plain SQL (store functions flush their own)."""
    conn = ledger.conn
    if conn.execute("SELECT 1 FROM search_pending LIMIT 1").fetchone() is None:
        return

    try:
        with ledger.write():
            search_index.flush(conn)
    except sqlite3.OperationalError:
        pass  # a read-only or busy ledger: search with the keys there are


def snippet(text: str, q: str, width: int = 16) -> str:
    """The part of ``text`` around the first ``q``, with ``..`` where it was cut."""
    flat = _SPACES_RE.sub(" ", text).strip()
    at = flat.casefold().find(q.casefold())
    if at < 0:
        return flat[: 2 * width] + (".." if len(flat) > 2 * width else "")
    start, end = max(0, at - width), min(len(flat), at + len(q) + width)
    return ("..", "")[start == 0] + flat[start:end] + ("..", "")[end == len(flat)]


# --- the details results show -----------------------------------------------------------------------


def ids_param(ids: Iterable[int]) -> str:
    """Any number of ids as one parameter, for ``IN (SELECT value FROM json_each(?))``."""
    return json.dumps(list(ids))


def latest_reports(ledger: Ledger, task_ids: Sequence[int], *, unit_id: int | None = None) -> dict[int, LatestReport]:
    """Each task's latest report as results show it: the newest of its lead units' own latest reports
    (:func:`reports.task_states`); ``unit_id``: that unit's own latest report, never another's."""
    if not task_ids:
        return {}
    if unit_id is not None:
        chosen = {task_id: found[0] for task_id, found in
                  reports.latest_by_unit(ledger, task_ids, unit_id=unit_id).items()}
    else:
        chosen = {task_id: state.lead_report for task_id, state in reports.task_states(ledger, task_ids).items()
                  if state.lead_report is not None}
    return {
        task_id: LatestReport(str(r.quarter), r.unit_name, r.status, r.progress, r.work_done)
        for task_id, r in chosen.items()
    }


@dataclass
class TaskLine:
    """A task as the search results and ``taizhang status`` show it."""

    id: int
    code: str
    title: str
    light: Light
    deadline: date | None
    lead_unit: str
    units: str
    phase: str
    latest: LatestReport | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "code": self.code, "title": self.title, "light": self.light.value,
            "light_label": self.light.label, "deadline": self.deadline.isoformat() if self.deadline else None,
            "lead_unit": self.lead_unit, "units": self.units, "phase": self.phase,
            "latest_report": None if self.latest is None else {
                "quarter": self.latest.quarter, "unit": self.latest.unit, "status": self.latest.status,
                "status_label": self.latest.status_label, "progress": self.latest.progress, "text": self.latest.text,
            },
        }


def task_lines(
    ledger: Ledger, task_ids: Sequence[int], *, today: date, unit_id: int | None = None,
) -> list[TaskLine]:
    """The given tasks (in the given order) with their lights, judged on ``today``, and their latest
    report (:func:`latest_reports`: ``unit_id``'s own, when the tasks are listed for that unit)."""
    if not task_ids:
        return []
    rows = {r.id: r for r in task_rows(ledger, "t.id IN (SELECT value FROM json_each(?))", [ids_param(task_ids)],
                                       today=today)}
    latest = latest_reports(ledger, list(rows), unit_id=unit_id)
    out = []
    for task_id in task_ids:
        row = rows.get(task_id)
        if row is None:
            continue
        lead = next((u.display_name for u in row.units if u.role == "lead"), "")
        out.append(TaskLine(row.id, row.code, row.title, row.light, row.deadline.day, lead, row.units_label,
                            row.phase_name, latest.get(row.id)))
    return out


# --- search ---------------------------------------------------------------------------------------


def task_matches(ledger: Ledger, query: str, *, limit: int = LIMIT, as_typed: bool = False) -> list[int]:
    """The ids of tasks matching ``query`` (text, code, pinyin of the title, report text), best first.
    ``as_typed``: no second try in simplified characters."""
    for q in variants(query)[:1] if as_typed else variants(query):
        found = _task_matches(ledger, q, limit)
        if found:
            return found
    return []


def _task_matches(ledger: Ledger, q: str, limit: int) -> list[int]:
    found = _merge([
        *_task_candidates(ledger.conn, q, limit),
        *(f for f in (_pinyin_candidates(ledger, q, limit) if is_pinyin(q) else []) if f.kind == "task"),
    ])
    ranked = _ordered(found, _titles(ledger, found))
    ids = [f.id for f in ranked]
    if len(ids) < limit:
        for f in _report_candidates(ledger.conn, q, limit - len(ids), set(ids)):
            ids.append(f.extra["task_id"])
    return ids[:limit]


def unit_matches(
    ledger: Ledger, query: str, *, limit: int = LIMIT, as_typed: bool = False
) -> list[tuple[int, int]]:
    """(unit id, rank) of units matching ``query`` by name, short name, alias or pinyin, best first.
    ``as_typed``: no second try in simplified characters."""
    for q in variants(query)[:1] if as_typed else variants(query):
        found = _unit_matches(ledger, q, limit)
        if found:
            return found
    return []


def _unit_matches(ledger: Ledger, q: str, limit: int) -> list[tuple[int, int]]:
    found = _merge([
        *_unit_candidates(ledger.conn, q, limit),
        *(f for f in (_pinyin_candidates(ledger, q, limit) if is_pinyin(q) else []) if f.kind == "unit"),
    ])
    return [(f.id, f.rank) for f in _ordered(found, _titles(ledger, found))][:limit]


def _merge(found: Iterable[_Found]) -> list[_Found]:
    """One candidate per item: its best rank (a text match beats pinyin on a tie)."""
    best: dict[tuple[str, int], _Found] = {}
    for f in found:
        key = (f.kind, f.id)
        if key not in best or (f.rank, f.via == "pinyin") < (best[key].rank, best[key].via == "pinyin"):
            best[key] = f
    return list(best.values())


def _titles(ledger: Ledger, found: Sequence[_Found]) -> dict[tuple[str, int], tuple[str, str, str]]:
    """(kind, id) → (title, code, detail) for units and tasks."""
    out: dict[tuple[str, int], tuple[str, str, str]] = {}
    units = [f.id for f in found if f.kind == "unit"]
    tasks = [f.id for f in found if f.kind == "task"]
    if units:
        for r in ledger.rows(f"SELECT id, name, {DISPLAY_NAME} AS display FROM units "
                             "WHERE id IN (SELECT value FROM json_each(?))", [ids_param(units)]):
            out[("unit", r["id"])] = (r["display"], "", r["name"])
    if tasks:
        for r in ledger.rows("SELECT id, code, title FROM tasks WHERE id IN (SELECT value FROM json_each(?))",
                             [ids_param(tasks)]):
            out[("task", r["id"])] = (r["title"], r["code"], "")
    return out


def _ordered(found: Sequence[_Found], titles: dict[tuple[str, int], tuple[str, str, str]]) -> list[_Found]:
    kept = [f for f in found if (f.kind, f.id) in titles]
    return sorted(kept, key=lambda f: (f.rank, KIND_ORDER[f.kind], len(titles[(f.kind, f.id)][0]), f.id))


def search(ledger: Ledger, query: str, *, today: date, limit: int = LIMIT) -> list[Hit]:
    """Units, tasks and reports matching ``query``, best first, at most ``limit``."""
    for q in variants(query):
        hits = _search(ledger, q, today=today, limit=limit)
        if hits:
            return hits
    return []


def _search(ledger: Ledger, q: str, *, today: date, limit: int) -> list[Hit]:
    conn = ledger.conn
    candidates = [*_unit_candidates(conn, q, limit), *_task_candidates(conn, q, limit)]
    if is_pinyin(q):
        candidates += _pinyin_candidates(ledger, q, limit)
    merged = _merge(candidates)
    titles = _titles(ledger, merged)
    ranked = _ordered(merged, titles)[:limit]
    if len(ranked) < limit:
        ranked += _report_candidates(conn, q, limit - len(ranked), {f.id for f in ranked if f.kind == "task"})
    task_ids = list(dict.fromkeys(f.id if f.kind == "task" else f.extra["task_id"]
                                  for f in ranked if f.kind in ("task", "report")))
    lines = {line.id: line for line in task_lines(ledger, task_ids, today=today)}
    hits: list[Hit] = []
    for f in ranked:
        if f.kind == "unit":
            title, _, full = titles[("unit", f.id)]
            hits.append(Hit("unit", f.id, title, f.rank, f.via, unit_id=f.id, detail=full))
            continue
        task_id = f.id if f.kind == "task" else f.extra["task_id"]
        line = lines.get(task_id)
        if line is None:
            continue
        hits.append(Hit(
            f.kind, f.id, line.title, f.rank, f.via, code=line.code, task_id=task_id,
            detail=f.extra.get("unit", ""), light=line.light, deadline=line.deadline, lead_unit=line.lead_unit,
            latest=line.latest, snippet=f.extra.get("snippet", ""),
        ))
    return hits
