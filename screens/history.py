"""历史: every change to the ledger, newest first (who, when, what), with the selected change's
old and new values below, a filter by task or unit, and undo of the latest change.

The list is read 200 changes at a time in a thread worker (the next 200 when the cursor reaches the
last row); a filter typed at the top is resolved to one task or unit through store.lookup.search.
:func:`confirm_and_undo` is the undo flow (ask, naming the change; undo; say what happened) that any
screen or the app can bind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Input, Static
from textual.worker import Worker, WorkerState, get_current_worker

from screens.base import LedgerScreen
from screens.confirm import ConfirmScreen
from store import strings
from store.errors import LedgerError, NotFoundError
from store.ledger import history
from store.ledger.db import Ledger
from store.ledger.history import Change, RowChange
from store.lookup import search
from store.work import units
from tui.widgets import cell, number_cell

PAGE = 200  # changes read at a time
DETAIL_ROWS = 60  # row changes shown for one change (an import touches hundreds)

# (key, label, width); the summary (None) takes the width the others leave.
_COLUMNS: list[tuple[str, str, int | None]] = [
    ("at", strings.COL_HISTORY_AT, 16),
    ("who", strings.COL_HISTORY_WHO, 8),
    ("summary", strings.COL_HISTORY_SUMMARY, None),
    ("rows", strings.COL_HISTORY_ROWS, 4),
    ("state", strings.COL_HISTORY_STATE, 6),
]


# --- undo, for any screen ------------------------------------------------------------------------------


def confirm_and_undo(app: App[Any], ledger: Ledger, after: Callable[[Change], None] | None = None) -> None:
    """Ask whether to undo the latest change (named in the question), then undo exactly that one.

    A refusal (nothing to undo, a later change in the way …) is shown as an error and nothing is
    written. ``after`` gets the undone change, so the caller can reload what it shows.
    """
    target = history.last_undoable(ledger)
    if target is None:
        app.notify(strings.HISTORY_NOTHING_TO_UNDO, severity="error", timeout=8)
        return
    if not target.undoable:
        app.notify(strings.HISTORY_NOT_UNDOABLE, severity="error", timeout=8)
        return

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        try:
            # The confirmed change, by id: another window may have written since the question.
            undone = history.undo(ledger, target.id)
        except LedgerError as exc:
            app.notify(str(exc), severity="error", timeout=10)
            return
        app.notify(strings.HISTORY_UNDO_DONE.format(summary=undone.summary))
        if after is not None:
            after(undone)

    question = strings.HISTORY_CONFIRM_UNDO.format(at=_minute(target.at), who=target.who or "-",
                                                   summary=target.summary)
    app.push_screen(ConfirmScreen(question), answered)


def _minute(at: str) -> str:
    """``2026-10-14 09:30:00`` → ``2026-10-14 09:30``: seconds are noise in a list."""
    return at[:16]


# --- what the list shows -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """The filter: one task, one unit, or typed text that matched neither (``kind`` "none")."""

    kind: str
    id: int = 0
    label: str = ""
    query: str = ""

    @property
    def text(self) -> str:
        if self.kind == "task":
            return strings.HISTORY_LIST_SCOPE_TASK.format(name=self.label)
        if self.kind == "unit":
            return strings.HISTORY_LIST_SCOPE_UNIT.format(name=self.label)
        return strings.HISTORY_LIST_SCOPE_NONE.format(query=self.query)


def resolve_filter(ledger: Ledger, query: str, *, today: date) -> Scope | None:
    """The task or unit a typed filter names (the best search hit), None for an empty filter."""
    if not search.clean(query):
        return None
    for hit in search.search(ledger, query, today=today, limit=10):
        if hit.kind == "unit" and hit.unit_id is not None:
            return Scope("unit", hit.unit_id, hit.title)
        if hit.kind == "task" and hit.task_id is not None:
            return Scope("task", hit.task_id, f"{hit.code} {hit.title}".strip())
    return Scope("none", query=search.clean(query))


def named_scope(ledger: Ledger, scope: Scope, *, today: date) -> Scope:
    """A scope given by id (the screen opened filtered), with the task's or unit's name."""
    if scope.label or scope.kind not in ("task", "unit"):
        return scope
    if scope.kind == "task":
        lines = search.task_lines(ledger, [scope.id], today=today)
        label = f"{lines[0].code} {lines[0].title}".strip() if lines else ""
    else:
        try:
            label = units.get_unit(ledger, scope.id).display_name
        except NotFoundError:
            label = ""
    return Scope(scope.kind, scope.id, label or strings.HISTORY_LIST_GONE.format(id=scope.id))


def read_page(ledger: Ledger, scope: Scope | None, before: int | None) -> list[Change]:
    if scope is not None and scope.kind == "none":
        return []
    return history.changes(
        ledger,
        task_id=scope.id if scope is not None and scope.kind == "task" else None,
        unit_id=scope.id if scope is not None and scope.kind == "unit" else None,
        before=before,
        limit=PAGE,
    )


def state_cell(change: Change) -> Text:
    if change.undone_by is not None:
        return cell(strings.HISTORY_LIST_UNDONE, "yellow")
    if change.undo_of is not None:
        return cell(strings.HISTORY_LIST_IS_UNDO, "cyan")
    if not change.undoable:
        return cell(strings.HISTORY_LIST_LEGACY, "dim")
    return cell("")


def details_renderable(ledger: Ledger, change: Change) -> RenderableType:
    """A change in full: who and when, whether it was undone, then each row with its old and new values."""
    head = Text(strings.HISTORY_DETAILS_HEAD.format(at=change.at, who=change.who or "-", summary=change.summary),
                style="bold")
    parts: list[RenderableType] = [head]
    if change.undone_by is not None:
        undo = history.get(ledger, change.undone_by)
        parts.append(Text(strings.HISTORY_DETAILS_UNDONE_BY.format(at=undo.at if undo else "?"), style="yellow"))
    if change.undo_of is not None:
        original = history.get(ledger, change.undo_of)
        if original is not None:
            parts.append(Text(strings.HISTORY_DETAILS_UNDO_OF.format(at=original.at, summary=original.summary),
                              style="cyan"))
    rows = history.details(ledger, change.id)
    if not rows:
        parts.append(Text(strings.HISTORY_DETAILS_NO_ROWS, style="dim"))
    for row in rows[:DETAIL_ROWS]:
        parts.append(_row_table(row))
    if len(rows) > DETAIL_ROWS:
        parts.append(Text(strings.HISTORY_DETAILS_MORE.format(count=len(rows) - DETAIL_ROWS), style="dim"))
    return Group(*parts)


def _row_table(row: RowChange) -> RenderableType:
    """One changed row: its headline, then 项目 / 原值 / 新值 (only the sides the operation has)."""
    headline = Text("\n" + row.headline, style="bold cyan")
    if not row.fields:
        return headline
    table = Table(box=None, padding=(0, 2, 0, 0), show_edge=False, pad_edge=False, header_style="dim")
    table.add_column(strings.HISTORY_DETAILS_COL_FIELD, style="bold", no_wrap=True)
    if row.op != "insert":
        table.add_column(strings.HISTORY_DETAILS_COL_OLD, style="red", ratio=1, overflow="fold")
    if row.op != "delete":
        table.add_column(strings.HISTORY_DETAILS_COL_NEW, style="green", ratio=1, overflow="fold")
    for f in row.fields:
        values = ([f.old] if row.op != "insert" else []) + ([f.new] if row.op != "delete" else [])
        table.add_row(f.label, *values)
    return Group(headline, table)


# --- the screen -------------------------------------------------------------------------------------------


class HistoryScreen(LedgerScreen):
    CSS_PATH = "history.tcss"
    AUTO_FOCUS = "#history-table"
    BINDINGS = [
        Binding("u", "undo", strings.KEY_UNDO, id="history.undo"),
        # A binding (priority), not DataTable.RowSelected, so that the next key already meets the details.
        Binding("enter", "enter", strings.KEY_HISTORY_DETAILS, id="history.details", priority=True),
        Binding("slash", "focus_filter", strings.KEY_FILTER, id="history.filter"),
        Binding("escape", "back", strings.KEY_BACK, id="history.back"),
    ]

    def __init__(self, *, task_id: int | None = None, unit_id: int | None = None) -> None:
        super().__init__()
        self.scope: Scope | None = (
            Scope("task", task_id) if task_id is not None else Scope("unit", unit_id) if unit_id is not None else None
        )
        self.changes: list[Change] = []
        self.has_more = False
        self.reading = False
        self._generation = 0
        self._typed_query = ""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="history-bar"):
            yield Input(placeholder=strings.HISTORY_LIST_FILTER_HINT, id="history-filter")
            yield Static("", id="history-scope")
        yield Static(strings.HISTORY_LIST_LOADING, id="history-status")
        yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        yield Static(strings.HISTORY_DETAILS_TITLE, id="history-details-title", classes="heading")
        with VerticalScroll(id="history-details"):
            yield Static(strings.HISTORY_DETAILS_NOTHING, id="history-details-body")
        yield Footer()

    def on_mount(self) -> None:
        self.title = strings.HISTORY_LIST_TITLE
        self._set_columns()
        self.reload()

    def on_resize(self) -> None:
        self._set_columns()
        self._fill(self.changes, keep_cursor=True)

    # --- reading -----------------------------------------------------------------------------------

    def ledger_changed(self) -> None:
        self.reload()

    def reload(self, query: str | None = None) -> None:
        """Read the first page again (``query``: a newly typed filter to resolve first)."""
        self._generation += 1
        self.reading = True
        self.query_one("#history-status", Static).update(strings.HISTORY_LIST_LOADING)
        self._read(self._generation, query, self.scope, None)

    def load_more(self) -> None:
        if self.reading or not self.has_more or not self.changes:
            return
        self.reading = True
        self._read(self._generation, None, self.scope, self.changes[-1].id)

    @work(thread=True, exclusive=True, group="history", exit_on_error=False)
    def _read(self, generation: int, query: str | None, scope: Scope | None, before: int | None) -> None:
        if query is not None:
            scope = resolve_filter(self.ledger, query, today=self.today)
        elif scope is not None:
            scope = named_scope(self.ledger, scope, today=self.today)
        page = read_page(self.ledger, scope, before)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_page, generation, scope, page, before is not None)

    @on(Worker.StateChanged)
    def _read_failed(self, event: Worker.StateChanged) -> None:
        """A read that failed (the ledger busy or unreadable) is said, not a crash; the list stays."""
        if event.worker.group == "history" and event.state == WorkerState.ERROR:
            self.reading = False
            self.notify(str(event.worker.error), severity="error", timeout=10)

    def _show_page(self, generation: int, scope: Scope | None, page: list[Change], append: bool) -> None:
        if generation != self._generation:
            return  # an older answer (the filter changed since)
        self.reading = False
        self.scope = scope
        self.has_more = len(page) == PAGE
        if append:
            self.changes += page
            self._add_rows(page)
        else:
            self.changes = page
            self._fill(page, keep_cursor=False)
        self._show_status()

    def _show_status(self) -> None:
        scope = self.query_one("#history-scope", Static)
        if self.scope is None:
            scope.update(Text(strings.HISTORY_LIST_ALL, style="dim"))
        else:
            scope.update(Text(self.scope.text, style="bold yellow" if self.scope.kind == "none" else "bold"))
        if not self.changes:
            text = strings.HISTORY_LIST_EMPTY if self.scope is None else strings.HISTORY_LIST_EMPTY_SCOPE
        else:
            text = (strings.HISTORY_LIST_COUNT_MORE if self.has_more else strings.HISTORY_LIST_COUNT).format(
                count=len(self.changes)
            )
        self.query_one("#history-status", Static).update(text)

    # --- the table ------------------------------------------------------------------------------------

    @property
    def table(self) -> DataTable[Any]:
        return self.query_one("#history-table", DataTable)

    def _set_columns(self) -> None:
        table = self.table
        fixed = sum(width or 0 for _, _, width in _COLUMNS)
        padding = len(_COLUMNS) * 2 * table.cell_padding + 2  # + the scrollbar
        flexible = max(20, self.app.size.width - fixed - padding)
        table.clear(columns=True)
        for key, label, width in _COLUMNS:
            table.add_column(label, key=key, width=width if width is not None else flexible)

    def _fill(self, changes: list[Change], *, keep_cursor: bool) -> None:
        table = self.table
        row = table.cursor_row if keep_cursor else 0
        table.clear()
        self._add_rows(changes)
        if changes:
            table.move_cursor(row=min(max(row, 0), len(changes) - 1), animate=False)
        self._show_details()

    def _add_rows(self, changes: list[Change]) -> None:
        table = self.table
        for change in changes:
            muted = "dim" if change.undone_by is not None or not change.undoable else ""
            table.add_row(
                cell(_minute(change.at), muted),
                cell(change.who or "-", muted),
                cell(change.summary, muted or ("cyan" if change.undo_of is not None else "")),
                number_cell(change.row_count),
                state_cell(change),
                key=str(change.id),
            )

    def selected(self) -> Change | None:
        row = self.table.cursor_row
        return self.changes[row] if self.changes and 0 <= row < len(self.changes) else None

    @on(DataTable.RowHighlighted, "#history-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_details()
        if event.cursor_row >= len(self.changes) - 1:
            self.load_more()

    def _show_details(self) -> None:
        body = self.query_one("#history-details-body", Static)
        change = self.selected()
        if change is None:
            body.update(Text(strings.HISTORY_DETAILS_NOTHING, style="dim"))
            return
        body.update(details_renderable(self.ledger, change))
        self.query_one("#history-details", VerticalScroll).scroll_home(animate=False)

    # --- the filter -----------------------------------------------------------------------------------

    @on(Input.Changed, "#history-filter")
    def _typed(self, event: Input.Changed) -> None:
        if event.value == self._typed_query:
            return
        self._typed_query = event.value
        self.reload(query=event.value)

    def _clear_filter(self) -> None:
        self.scope = None
        self._typed_query = ""
        self.query_one("#history-filter", Input).value = ""
        self.reload()

    # --- keys -------------------------------------------------------------------------------------------

    def action_undo(self) -> None:
        confirm_and_undo(self.app, self.ledger, after=lambda _: self.reload())

    def action_enter(self) -> None:
        focused = self.focused
        if isinstance(focused, Input):
            self.table.focus()
        elif focused is self.table:
            self.query_one("#history-details", VerticalScroll).focus()
        else:
            self.table.focus()

    def action_focus_filter(self) -> None:
        self.query_one("#history-filter", Input).focus()

    def action_back(self) -> None:
        """Esc steps out: the filter box clears a filter, the details go back to the list, else leave."""
        focused = self.focused
        if isinstance(focused, Input) and (focused.value or self.scope is not None):
            self._clear_filter()
            self.table.focus()
        elif isinstance(focused, Input) or focused is self.query_one("#history-details", VerticalScroll):
            self.table.focus()
        else:
            self.dismiss(None)
