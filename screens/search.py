"""查找 (Ctrl+F anywhere): tasks, units and report text as you type, with each task's light,
deadline, lead unit and latest report. The query runs in a thread worker (the newest keystroke
cancels the older one), so typing never waits for the database. Enter opens the selected result.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Input, Static
from textual.worker import get_current_worker

from screens.base import LedgerModal
from store import strings
from store.lookup import search
from store.lookup.search import Hit
from tui.widgets import cell, light_badge

Choice = tuple[str, int]  # ("task", id) or ("unit", id)


class SearchScreen(LedgerModal[Choice | None]):
    CSS_PATH = "search.tcss"
    AUTO_FOCUS = "#search-query"
    BINDINGS = [
        Binding("escape", "dismiss_search", strings.KEY_BACK, id="search.back"),
        Binding("down", "to_results", strings.KEY_SEARCH_RESULTS, id="search.results", show=False),
        Binding("enter", "open", strings.KEY_OPEN, id="search.open", priority=True),
    ]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial = query
        self.hits: list[Hit] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            yield Static(strings.SEARCH_TITLE, classes="dialog-title")
            yield Input(value=self.initial, placeholder=strings.SEARCH_PLACEHOLDER, id="search-query")
            yield Static(strings.SEARCH_HINT, id="search-status")
            yield DataTable(id="search-results", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#search-results", DataTable)
        table.add_column(strings.COL_SEARCH_KIND, key="kind", width=4)
        table.add_column(strings.COL_LIGHT, key="light", width=6)
        table.add_column(strings.COL_CODE, key="code", width=10)
        table.add_column(strings.COL_SEARCH_TITLE, key="title", width=28)
        table.add_column(strings.COL_SEARCH_DEADLINE, key="deadline", width=10)
        table.add_column(strings.COL_SEARCH_LEAD, key="lead", width=10)
        table.add_column(strings.COL_SEARCH_LATEST, key="latest", width=30)
        if self.initial:
            self.run_search(self.initial)

    @on(Input.Changed, "#search-query")
    def _typed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    def run_search(self, query: str) -> None:
        if not search.clean(query):
            self._show([], query)
            return
        self._search_worker(query)

    @work(thread=True, exclusive=True, group="search")
    def _search_worker(self, query: str) -> None:
        hits = search.search(self.ledger, query, today=self.today)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, hits, query)

    def _show(self, hits: list[Hit], query: str) -> None:
        if query != self.query_one("#search-query", Input).value:
            return  # an older answer: a newer one is on its way
        self.hits = hits
        table = self.query_one("#search-results", DataTable)
        table.clear()
        for hit in hits:
            latest = hit.latest
            table.add_row(
                cell(strings.SEARCH_KINDS.get(hit.kind, hit.kind), "dim"),
                light_badge(hit.light) if hit.light is not None else Text(""),
                cell(hit.code),
                cell(hit.title),
                cell(hit.deadline.isoformat() if hit.deadline else ""),
                cell(hit.lead_unit or (hit.detail if hit.kind == "unit" else "")),
                cell(hit.snippet if hit.kind == "report" and hit.snippet else (latest.summary if latest else "")),
            )
        status = self.query_one("#search-status", Static)
        if not search.clean(query):
            status.update(strings.SEARCH_HINT)
        elif hits:
            status.update(strings.SEARCH_FOUND.format(count=len(hits)))
        else:
            status.update(Text(strings.SEARCH_NOTHING.format(query=query.strip()), style="bold yellow"))

    def action_to_results(self) -> None:
        if self.hits:
            self.query_one("#search-results", DataTable).focus()

    def action_open(self) -> None:
        if not self.hits:
            return
        table = self.query_one("#search-results", DataTable)
        hit = self.hits[min(table.cursor_row, len(self.hits) - 1)] if table.has_focus else self.hits[0]
        if hit.kind == "unit" and hit.unit_id is not None:
            self.dismiss(("unit", hit.unit_id))
        elif hit.task_id is not None:
            self.dismiss(("task", hit.task_id))

    def action_dismiss_search(self) -> None:
        self.dismiss(None)
