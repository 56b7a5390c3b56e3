"""Command palette (Ctrl+P) providers: units and tasks as the user types.

The same matching as 查找 (store/lookup/search.py: names, short names, aliases, codes, titles, pinyin
initials, traditional input), read in a thread with that thread's own connection to the ledger, at
most ``LIMIT`` of each. Choosing a unit shows it on the main screen; choosing a task opens it.
Their scores stay below 1 so that a command whose name matches what was typed comes first.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from store import strings
from store.ledger.db import Ledger
from store.lookup import search
from store.work.rules import Light
from tui.widgets import LIGHT_STYLES

if TYPE_CHECKING:
    from tui.app import TaizhangApp

LIMIT = 10  # of each kind: at most 20 rows of units and tasks


@dataclass
class _Found:
    kind: str  # "unit" or "task"
    id: int
    rank: int  # store.lookup.search ranks: exact, prefix, substring, in text, in a report
    title: str  # a unit's short name or name; a task's title
    code: str = ""
    detail: str = ""  # a unit's full name
    light: Light | None = None
    deadline: date | None = None
    lead_unit: str = ""


def _units(ledger: Ledger, query: str) -> list[_Found]:
    matches = search.unit_matches(ledger, query, limit=LIMIT)
    if not matches:
        return []
    names = {
        r["id"]: (r["display"], r["name"])
        for r in ledger.rows(
            "SELECT id, name, coalesce(nullif(short_name, ''), name) AS display FROM units "
            "WHERE id IN (SELECT value FROM json_each(?))",
            [search.ids_param(unit_id for unit_id, _ in matches)],
        )
    }
    return [
        _Found("unit", unit_id, rank, names[unit_id][0], detail=names[unit_id][1])
        for unit_id, rank in matches
        if unit_id in names
    ]


def _tasks(ledger: Ledger, query: str, today: date) -> list[_Found]:
    ids = search.task_matches(ledger, query, limit=LIMIT)
    lines = search.task_lines(ledger, ids, today=today)
    ranks = _task_ranks(query, lines)
    return [
        _Found("task", line.id, ranks[line.id], line.title, code=line.code, light=line.light,
               deadline=line.deadline, lead_unit=line.lead_unit)
        for line in lines
    ]


def _task_ranks(query: str, lines: list[search.TaskLine]) -> dict[int, int]:
    """Exact / prefix / substring of the code or title as typed; anything else (pinyin, text, a
    report) ranks after them. Matches keep store.lookup.search's order within a rank."""
    needle = search.clean(query).casefold()
    out: dict[int, int] = {}
    for line in lines:
        best = search.IN_TEXT
        for value in (line.code, line.title):
            text = value.casefold()
            if needle and needle in text:
                rank = search.EXACT if text == needle else search.PREFIX if text.startswith(needle) else search.SUBSTRING
                best = min(best, rank)
        out[line.id] = best
    return out


class _LedgerProvider(Provider):
    @property
    def taizhang(self) -> TaizhangApp:
        return cast("TaizhangApp", self.app)

    def _choose(self, kind: str, item_id: int) -> None:
        self.taizhang.open_found(kind, item_id)


class UnitCommands(_LedgerProvider):
    """Units by name, short name, alias or pinyin initials; choosing one shows its tasks."""

    async def search(self, query: str) -> Hits:
        if not search.clean(query):
            return
        found = await asyncio.to_thread(_units, self.taizhang.ledger, query)
        matcher = self.matcher(query)
        for position, unit in enumerate(found):
            prompt = Content.assemble((strings.SEARCH_KINDS["unit"], "dim"), "  ", matcher.highlight(unit.title))
            yield Hit(
                1.0 - 0.1 * unit.rank - 0.001 * position,
                prompt,
                partial(self._choose, "unit", unit.id),
                text=unit.title,
                help=escape(strings.PALETTE_SHOW_UNIT.format(name=unit.detail)),
            )


class TaskCommands(_LedgerProvider):
    """Tasks by code, title, text, pinyin initials of the title or report text; choosing one opens it."""

    async def search(self, query: str) -> Hits:
        if not search.clean(query):
            return
        app = self.taizhang
        found = await asyncio.to_thread(_tasks, app.ledger, query, app.today)
        matcher = self.matcher(query)
        for position, task in enumerate(found):
            light = task.light or Light.GREEN
            code: list[str | Content | tuple[str, str]] = [(task.code, "bold"), "  "] if task.code else []
            prompt = Content.assemble(
                (strings.SEARCH_KINDS["task"], "dim"), "  ",
                (f" {strings.LIGHT_SHORT[light.value]} ", LIGHT_STYLES[light]), "  ",
                *code,
                matcher.highlight(task.title),
            )
            details = [strings.PALETTE_DEADLINE.format(deadline=task.deadline.isoformat() if task.deadline
                                                       else strings.NO_DEADLINE)]
            if task.lead_unit:
                details.append(strings.PALETTE_LEAD.format(unit=task.lead_unit))
            yield Hit(
                0.5 - 0.05 * task.rank - 0.001 * position,
                prompt,
                partial(self._choose, "task", task.id),
                text=f"{task.code} {task.title}".strip(),
                help=escape(" · ".join(details)),
            )
