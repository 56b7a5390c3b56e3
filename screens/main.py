"""The main screen: tasks by responsible unit (按单位) and by phase (按阶段), one key apart.

The unit and phase lists are long on a province-sized ledger: each is a :class:`PagedList` (see
screens/paged_list.py), a window of rows read a page at a time in a thread worker. The task tables
beside them, and the title, are read in workers too, one :class:`Loader` each.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Input, Static, TabbedContent, TabPane

from screens.base import LedgerScreen
from screens.paged_list import Loaded, Loader, PagedList, PagedTable
from store import strings
from store.ledger.db import Ledger
from store.lookup import overview
from store.lookup.overview import Page, PhaseSummary, UnitSummary
from store.work import plans, rules, tasks
from store.work.tasks import TaskRow
from tui.widgets import cell, light_badge, number_cell

UNITS_TAB = "by-unit"
PHASES_TAB = "by-phase"
# The task tables' columns (key, label, width in cells); the title column (None) takes what is left.
Columns = list[tuple[str, str, int | None]]
_TASK_COLS_UNIT: Columns = [
    ("light", strings.COL_LIGHT, 6),
    ("code", strings.COL_CODE, 10),
    ("title", strings.COL_TITLE, None),
    ("role", strings.COL_ROLE, 4),
    ("phase", strings.COL_PHASE, 12),
    ("deadline", strings.COL_DEADLINE, 10),
]
_TASK_COLS_PHASE: Columns = [
    ("light", strings.COL_LIGHT, 6),
    ("code", strings.COL_CODE, 10),
    ("title", strings.COL_TITLE, None),
    ("units", strings.COL_UNITS, 40),
    ("deadline", strings.COL_DEADLINE, 10),
]


SIDE_WIDTH = 40  # the left list's width, as in main.tcss
UNIT_PAGE = 100  # units read at a time (a unit's counts need its tasks' lights)
PHASE_PAGE = 20  # phases read at a time (the phase list shows ten rows)

def _set_columns(table: DataTable[object], columns: Columns, side: int, minimum: int = 12) -> None:
    """Replace the table's columns; the flexible one gets the width the screen has left."""
    fixed = sum(width or 0 for _, _, width in columns)
    padding = len(columns) * 2 * table.cell_padding + 2  # + scrollbar
    flexible = max(minimum, table.app.size.width - side - fixed - padding)
    table.clear(columns=True)
    for key, label, width in columns:
        table.add_column(label, key=key, width=width if width is not None else flexible)


def _unit_page(ledger: Ledger, today: date, query: str, offset: int, limit: int) -> Page[UnitSummary]:
    return overview.unit_page(ledger, today=today, query=query, offset=offset, limit=limit)


def _phase_page(ledger: Ledger, today: date, _query: str, offset: int, limit: int) -> Page[PhaseSummary]:
    return overview.phase_page(ledger, today=today, offset=offset, limit=limit)


class MainScreen(LedgerScreen):
    """Units with their tasks, or phases with theirs; ``v`` switches."""

    CSS_PATH = "main.tcss"
    AUTO_FOCUS = "#unit-table"
    BINDINGS = [
        Binding("v", "switch_view", strings.KEY_SWITCH_VIEW, id="main.switch_view"),
        # Handled here, not through DataTable.RowSelected, so that a key typed right after Enter
        # already sees the new focus (messages would arrive after it).
        Binding("enter", "open", strings.KEY_OPEN, id="main.open", show=False, priority=True),
        Binding("slash", "focus_filter", strings.KEY_FILTER, id="main.filter"),
        Binding("a", "add", strings.KEY_ADD, id="main.add"),
        Binding("e", "edit", strings.KEY_EDIT, id="main.edit"),
        Binding("d,delete", "delete", strings.KEY_DELETE, id="main.delete"),
        Binding("r", "reports", strings.KEY_REPORTS, id="main.reports"),
        Binding("s", "report_status", strings.KEY_REPORT_STATUS, id="main.report_status"),
        Binding("m", "meetings", strings.KEY_MEETINGS, id="main.meetings"),
        # Rare (once per plan): kept out of the full footer; in help and the palette (导入工作方案).
        Binding("i", "import_plan", strings.KEY_IMPORT, id="main.import", show=False),
        Binding("h", "history", strings.KEY_HISTORY, id="main.history"),
        Binding("x", "toggle_done", strings.KEY_TOGGLE_DONE, id="main.toggle_done", show=False),
        Binding("escape", "clear_filter", strings.KEY_CLEAR_FILTER, id="main.clear_filter", show=False),
    ]

    class UnitsShown(Message):
        """The unit list's first page is on screen (the app's first frame with data)."""

    def __init__(self) -> None:
        super().__init__()
        self._loaders = {
            name: Loader(self, f"main-{name}") for name in ("title", "units", "phases", "unit-tasks", "phase-tasks")
        }
        self._units: PagedList[UnitSummary] = PagedList(
            _unit_page, lambda u: str(u.id), self._unit_cells, UNIT_PAGE, self._loaders["units"], self._source,
            lambda: self.query_one("#unit-table", PagedTable),
        )
        self._phases: PagedList[PhaseSummary] = PagedList(
            _phase_page, lambda s: str(s.phase.id) if s.phase else "none", self._phase_cells, PHASE_PAGE,
            self._loaders["phases"], self._source, lambda: self.query_one("#phase-table", PagedTable),
        )
        self._task_rows: dict[str, list[TaskRow]] = {"unit": [], "phase": []}
        self._unit_groups: list[int] = []
        # Which row's tasks each task table shows (or is loading); None: reload them.
        self._tasks_of: dict[str, str | None] = {"unit": None, "phase": None}
        self._phase_view_built = False
        self._units_announced = False

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with TabbedContent(initial=UNITS_TAB, id="views"):
            with TabPane(strings.VIEW_BY_UNIT, id=UNITS_TAB):
                with Horizontal():
                    with Vertical(id="unit-side", classes="side"):
                        yield Input(placeholder=strings.FILTER_PLACEHOLDER, id="unit-filter")
                        yield PagedTable(id="unit-table")
                        yield Static("", id="unit-empty", classes="empty")
                    with Vertical(classes="main"):
                        yield Static("", id="unit-heading", classes="heading")
                        yield DataTable(id="unit-tasks", cursor_type="row", zebra_stripes=True)
            with TabPane(strings.VIEW_BY_PHASE, id=PHASES_TAB):
                yield Vertical(id="phase-view")  # filled after the first frame (_build_phase_view)
        yield Footer()

    def on_mount(self) -> None:
        unit_table = self.query_one("#unit-table", DataTable)
        unit_table.add_column(strings.COL_UNIT, key="name", width=16)
        unit_table.add_column(strings.COL_TASKS, key="tasks", width=4)
        unit_table.add_column(strings.COL_RED, key="red", width=4)
        unit_table.add_column(strings.COL_YELLOW, key="yellow", width=4)
        unit_table.loading = True
        self.refresh_title()
        self._reset_units(first=True)

    def _build_phase_view(self) -> None:
        """The by-phase view's widgets, made after the first frame (fewer widgets to lay out and style
        before it) or when the view is asked for first, whichever comes first; then its list is read."""
        if self._phase_view_built:
            return
        self._phase_view_built = True
        phase_table = PagedTable(id="phase-table")
        self.query_one("#phase-view", Vertical).mount(
            phase_table,
            Static("", id="phase-empty", classes="empty"),
            Static("", id="phase-heading", classes="heading"),
            DataTable(id="phase-tasks", cursor_type="row", zebra_stripes=True),
        )
        if phase_table.parent is None:  # the app is closing: nothing was mounted
            return
        phase_table.add_column(strings.COL_PHASE, key="name", width=24)
        phase_table.add_column(strings.COL_SPAN, key="span", width=24)
        phase_table.add_column(strings.COL_PHASE_STATE, key="state", width=8)
        phase_table.add_column(strings.COL_PROGRESS, key="progress", width=11)  # "125/250 50%"
        phase_table.add_column(strings.COL_RED, key="red", width=4)
        phase_table.add_column(strings.COL_YELLOW, key="yellow", width=4)
        phase_table.loading = True
        self._reset_phases(first=True)

    def refresh_title(self) -> None:
        ledger = self.ledger
        self._loaders["title"].load(lambda: plans.list_plans(ledger), self._show_title)

    def _show_title(self, found: list[plans.Plan]) -> None:
        self.title = found[-1].title if found else strings.EMPTY_LEDGER_TITLE
        self.sub_title = strings.TODAY_LABEL.format(today=self.today.isoformat())

    @property
    def still_loading(self) -> bool:
        """Some read is running or waiting (tests wait on this, then on the workers)."""
        return not all(loader.idle for loader in self._loaders.values())

    def _source(self) -> tuple[Ledger, date]:
        """What the lists are read with: the ledger and the day the lights are judged on."""
        return self.ledger, self.today

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        message.stop()
        message.loader.finished(message)

    # --- the lists: pages from SQL ----------------------------------------------------------------

    def _unit_cells(self, unit: UnitSummary) -> Sequence[Text]:
        return (
            cell(unit.display_name),
            number_cell(unit.task_count),
            number_cell(unit.red, "bold red"),
            number_cell(unit.yellow, "bold yellow"),
        )

    def _phase_cells(self, summary: PhaseSummary) -> Sequence[Text]:
        phase = summary.phase
        return (
            cell(phase.name if phase else strings.NO_PHASE, "bold" if summary.is_current else ""),
            cell(phase.span_label if phase else ""),
            cell(self._phase_state(summary), "bold green" if summary.is_current else ""),
            cell(strings.PROGRESS_CELL.format(done=summary.done, total=summary.total, percent=summary.percent_done)),
            number_cell(summary.red, "bold red"),
            number_cell(summary.yellow, "bold yellow"),
        )

    def _reset_units(
        self, *, first: bool = False, restart: bool = False, around: int | None = None,
        then: Callable[[], None] | None = None,
    ) -> None:
        """Read the unit list again: the ledger changed (the same part of the list), the filter changed
        (``restart``: from the top), or a unit is to be shown (``around``: the part it is in)."""
        window = self._units
        table = self.query_one("#unit-table", PagedTable)
        select = str(around) if around is not None else None if first else self._selected_key(table)
        ledger, query = self.ledger, window.query
        from_top = first or restart or around is not None
        offset = 0 if from_top else window.offset
        limit = window.page_size if from_top else max(window.page_size, len(window.rows))

        def position() -> int | None:
            return overview.unit_position(ledger, around, query=query) if around is not None else None

        window.reset(offset, limit, select, position, self._units_shown(then),
                     keep_view=around is None and not restart, keep_row=not restart)

    def _units_shown(self, then: Callable[[], None] | None) -> Callable[[], None]:
        def shown() -> None:
            empty = self.query_one("#unit-empty", Static)
            query = self._units.query
            if not self._units.rows:
                empty.update(strings.NO_UNIT_MATCH.format(query=query) if query.strip() else strings.NO_UNITS)
            empty.display = not self._units.rows
            self._show_unit_tasks()
            if not self._units_announced:  # the first page of all (the first request may have been overtaken)
                self._units_announced = True
                self.post_message(self.UnitsShown())
                self.call_after_refresh(self._build_phase_view)
            if then is not None:
                then()

        return shown

    def _reset_phases(self, *, first: bool = False) -> None:
        window = self._phases
        table = self.query_one("#phase-table", PagedTable)
        ledger, today = self.ledger, self.today
        select = None if first else self._selected_key(table)

        def position() -> int | None:
            return overview.current_phase_position(ledger, today=today) if first else None

        def shown() -> None:
            empty = self.query_one("#phase-empty", Static)
            empty.update(strings.NO_PHASES)
            empty.display = not window.rows
            if first:
                current = next((i for i, s in enumerate(window.rows) if s.is_current), 0)
                if window.rows:
                    table.move_cursor(row=current)
            self._show_phase_tasks()

        offset = 0 if first else window.offset
        window.reset(offset, max(window.page_size, len(window.rows)), select, position, shown,
                     keep_view=not first)

    @on(PagedTable.NearEdge, "#unit-table")
    def _unit_view_moved(self) -> None:
        self._units.check_edges()

    @on(PagedTable.NearEdge, "#phase-table")
    def _phase_view_moved(self) -> None:
        self._phases.check_edges()

    @on(PagedTable.ToEnd)
    def _to_end(self, event: PagedTable.ToEnd) -> None:
        """Ctrl+Home / Ctrl+End: the real first or last row, not the first or last loaded."""
        paged: PagedList[Any] = self._units if event.table.id == "unit-table" else self._phases
        paged.to_end(event.last)

    def ledger_changed(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read everything shown again from the ledger, keeping each list's selection."""
        self._tasks_of = {"unit": None, "phase": None}
        self._reset_units()
        if self._phases.shown:
            self._reset_phases()

    def _phase_state(self, summary: PhaseSummary) -> str:
        phase = summary.phase
        if phase is None or (phase.start is None and phase.end is None):
            return strings.PHASE_STATE_UNDATED
        if summary.is_current:
            return strings.PHASE_STATE_CURRENT
        if rules.phase_contains(phase, self.today):
            return strings.PHASE_STATE_RUNNING
        if phase.end is not None and phase.end < self.today:
            return strings.PHASE_STATE_PAST
        return strings.PHASE_STATE_FUTURE

    @staticmethod
    def _selected_key(table: DataTable[object]) -> str | None:
        if table.row_count == 0:
            return None
        try:
            return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:  # cursor outside the rows
            return None

    @staticmethod
    def _restore(table: DataTable[object], key: str | None) -> None:
        if key is None or table.row_count == 0:
            return
        try:
            table.move_cursor(row=table.get_row_index(key))
        except Exception:  # the row is gone (deleted or filtered out)
            table.move_cursor(row=min(table.cursor_row, table.row_count - 1))

    def selected_unit(self) -> UnitSummary | None:
        table = self.query_one("#unit-table", DataTable)
        rows = self._units.rows
        if not rows or table.cursor_row >= len(rows):
            return None
        return rows[table.cursor_row]

    def selected_phase(self) -> PhaseSummary | None:
        if not self._phase_view_built:
            return None
        table = self.query_one("#phase-table", DataTable)
        rows = self._phases.rows
        if not rows or table.cursor_row >= len(rows):
            return None
        return rows[table.cursor_row]

    def selected_task(self, view: str) -> TaskRow | None:
        table = self.query_one(f"#{view}-tasks", DataTable)
        rows = self._task_rows[view]
        if not rows or table.cursor_row >= len(rows):
            return None
        return rows[table.cursor_row]

    # --- the task tables: the selected unit's or phase's tasks ----------------------------------------

    def _show_unit_tasks(self) -> None:
        """The heading at once, the tasks from a worker (only if another unit is selected)."""
        unit = self.selected_unit()
        heading = self.query_one("#unit-heading", Static)
        if unit is None:
            heading.update("")
        else:
            heading.update(
                strings.UNIT_TASKS_HEADING.format(
                    unit=unit.name, count=unit.task_count, red=unit.red, yellow=unit.yellow
                )
            )
        key = str(unit.id) if unit else ""
        if self._tasks_of["unit"] == key:
            return
        self._tasks_of["unit"] = key
        ledger, today = self.ledger, self.today

        def work() -> tuple[list[TaskRow], list[int]]:
            if unit is None:
                return [], []
            return tasks.tasks_of_unit(ledger, unit.id, today=today), overview.groups_of(ledger, unit.id)

        def done(found: tuple[list[TaskRow], list[int]]) -> None:
            if self._tasks_of["unit"] == key:
                self._task_rows["unit"], self._unit_groups = found
                self._fill_unit_tasks()

        self._loaders["unit-tasks"].load(work, done)

    def _fill_unit_tasks(self) -> None:
        unit = self.selected_unit()
        table = self.query_one("#unit-tasks", DataTable)
        selected = self._selected_key(table)
        _set_columns(table, _TASK_COLS_UNIT, SIDE_WIDTH)
        for row in self._task_rows["unit"]:
            role = row.role_of(unit.id, self._unit_groups) if unit else None
            table.add_row(
                light_badge(row.light),
                cell(row.code),
                cell(row.title),
                cell(strings.ROLE_LABELS.get(role or "", ""), "bold" if role == "lead" else ""),
                cell(row.phase_name),
                cell(row.deadline.label),
                key=str(row.id),
            )
        self._restore(table, selected)

    def _show_phase_tasks(self) -> None:
        summary = self.selected_phase()
        heading = self.query_one("#phase-heading", Static)
        if summary is None:
            heading.update("")
        else:
            name = summary.phase.name if summary.phase else strings.NO_PHASE
            heading.update(strings.PHASE_TASKS_HEADING.format(phase=name, done=summary.done, total=summary.total))
        key = "" if summary is None else str(summary.phase.id) if summary.phase else "none"
        if self._tasks_of["phase"] == key:
            return
        self._tasks_of["phase"] = key
        ledger, today = self.ledger, self.today

        def work() -> list[TaskRow]:
            if summary is None:
                return []
            if summary.phase is None:
                return tasks.tasks_without_phase(ledger, today=today)
            return tasks.tasks_of_phase(ledger, summary.phase.id, today=today)

        def done(rows: list[TaskRow]) -> None:
            if self._tasks_of["phase"] == key:
                self._task_rows["phase"] = rows
                self._fill_phase_tasks()

        self._loaders["phase-tasks"].load(work, done)

    def _fill_phase_tasks(self) -> None:
        table = self.query_one("#phase-tasks", DataTable)
        selected = self._selected_key(table)
        _set_columns(table, _TASK_COLS_PHASE, 0)
        for row in self._task_rows["phase"]:
            table.add_row(
                light_badge(row.light),
                cell(row.code),
                cell(row.title),
                cell(row.units_label),
                cell(row.deadline.label),
                key=str(row.id),
            )
        self._restore(table, selected)

    # --- events -----------------------------------------------------------------------------------

    @on(Input.Changed, "#unit-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if event.value == self._units.query:
            return  # already shown (or on its way)
        self._units.query = event.value
        self._reset_units(restart=True)

    @on(DataTable.RowHighlighted, "#unit-table")
    def _unit_highlighted(self) -> None:
        self._show_unit_tasks()
        self._unit_view_moved()

    @on(DataTable.RowHighlighted, "#phase-table")
    def _phase_highlighted(self) -> None:
        self._show_phase_tasks()
        self._phase_view_moved()

    @on(DataTable.RowSelected, "#unit-table")
    def _unit_chosen(self) -> None:
        self.set_focus(self.query_one("#unit-tasks", DataTable))

    @on(DataTable.RowSelected, "#phase-table")
    def _phase_chosen(self) -> None:
        self.set_focus(self.query_one("#phase-tasks", DataTable))

    @on(DataTable.RowSelected, "#unit-tasks")
    @on(DataTable.RowSelected, "#phase-tasks")
    def _task_chosen(self, event: DataTable.RowSelected) -> None:
        self.open_task(int(str(event.row_key.value)))

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == PHASES_TAB:
            self._build_phase_view()
        target = "#unit-table" if event.pane.id == UNITS_TAB else "#phase-table"
        self.set_focus(self.query_one(target, DataTable))

    def on_key(self, event: object) -> None:
        # Chinese typed (committed by the IME) while the unit list has focus goes to the filter.
        from textual.events import Key

        if not isinstance(event, Key) or self.focused is None or self.focused.id != "unit-table":
            return
        if event.character and event.is_printable and not event.character.isascii():
            filter_input = self.query_one("#unit-filter", Input)
            filter_input.focus()
            filter_input.insert_text_at_cursor(event.character)
            event.stop()

    def on_resize(self) -> None:
        # The title column takes the new width: the rows are laid out again, not read again.
        if self._tasks_of["unit"] is not None:
            self._fill_unit_tasks()
        if self._tasks_of["phase"] is not None:
            self._fill_phase_tasks()
        self._unit_view_moved()

    # --- actions ----------------------------------------------------------------------------------

    def _view(self) -> str:
        return "unit" if self.query_one(TabbedContent).active == UNITS_TAB else "phase"

    def _focused_id(self) -> str:
        return self.focused.id or "" if self.focused else ""

    def action_open(self) -> None:
        """Enter: filter → unit list → its tasks → the task's detail."""
        focused = self._focused_id()
        if focused == "unit-filter":
            self.set_focus(self.query_one("#unit-table", DataTable))
        elif focused in ("unit-table", "phase-table"):
            target = "#unit-tasks" if focused == "unit-table" else "#phase-tasks"
            self.set_focus(self.query_one(target, DataTable))
        elif focused in ("unit-tasks", "phase-tasks"):
            row = self.selected_task("unit" if focused == "unit-tasks" else "phase")
            if row is not None:
                self.open_task(row.id)

    def action_switch_view(self) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = PHASES_TAB if tabs.active == UNITS_TAB else UNITS_TAB

    def show_view(self, view: str) -> None:
        self.query_one(TabbedContent).active = UNITS_TAB if view == "unit" else PHASES_TAB

    def show_unit(self, unit_id: str) -> None:
        """Show a unit's tasks (from 查找 or the palette): the unit view, no filter, the cursor on the
        unit (its page is read, wherever it is in the list), the focus on its tasks."""
        self.show_view("unit")
        self._units.query = ""  # first: clearing the input below is then no new filter
        self.query_one("#unit-filter", Input).value = ""
        self._reset_units(
            around=int(unit_id), then=lambda: self.set_focus(self.query_one("#unit-tasks", DataTable))
        )

    def action_focus_filter(self) -> None:
        self.show_view("unit")
        self.query_one("#unit-filter", Input).focus()

    def action_clear_filter(self) -> None:
        filter_input = self.query_one("#unit-filter", Input)
        if filter_input.value:
            filter_input.value = ""
        self.set_focus(self.query_one("#unit-table", DataTable))

    def open_task(self, task_id: int) -> None:
        from screens.task_detail import TaskDetailScreen

        self.app.push_screen(TaskDetailScreen(task_id), lambda _: self.reload())

    def action_add(self) -> None:
        focused = self._focused_id()
        if focused in ("unit-table", "unit-filter"):
            self.add_unit()
        elif focused == "phase-table":
            self.add_phase()
        else:
            self.add_task()

    def add_task(self) -> None:
        from screens.task_form import TaskFormScreen
        from store.work.tasks import TaskDraft

        draft = TaskDraft(title="")
        if self._view() == "unit" and (unit := self.selected_unit()):
            draft.lead_units = [unit.display_name]
        elif self._view() == "phase" and (summary := self.selected_phase()) and summary.phase:
            draft.phase_id = summary.phase.id
        self.app.push_screen(TaskFormScreen(draft=draft), self._after_form)

    def add_unit(self) -> None:
        from screens.unit_form import UnitFormScreen

        self.app.push_screen(UnitFormScreen(), self._after_form)

    def add_phase(self) -> None:
        from screens.phase_form import PhaseFormScreen

        self.app.push_screen(PhaseFormScreen(), self._after_form)

    def action_reports(self) -> None:
        """季度填报, starting with the unit selected in the by-unit view."""
        from screens.quarterly.report_entry import ReportEntryScreen

        unit = self.selected_unit() if self._view() == "unit" else None
        self.app.push_screen(ReportEntryScreen(unit_id=unit.id if unit else None), self._reload_all)

    def action_report_status(self) -> None:
        """填报情况: who has reported for the likely quarter, who to chase, progress."""
        from screens.quarterly.report_status import ReportStatusScreen

        self.app.push_screen(ReportStatusScreen(), self._reload_all)

    def action_meetings(self) -> None:
        """会议: the joint meetings, their agendas and decisions (decisions add tasks: reload after)."""
        from screens.documents.meetings import MeetingsScreen

        self.app.push_screen(MeetingsScreen(), self._reload_all)

    def action_import_plan(self) -> None:
        from screens.importing.import_source import ImportSourceScreen

        self.app.push_screen(ImportSourceScreen(), self._reload_all)

    def action_history(self) -> None:
        """历史: every change to the ledger; an undo there changes what this screen shows."""
        from screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen(), self._reload_all)

    def _reload_all(self, _: None) -> None:
        """After a screen that may have added plans, units or reports."""
        self.refresh_title()
        self.reload()

    def _after_form(self, saved: int | None) -> None:
        if saved is not None:
            self.reload()

    def action_edit(self) -> None:
        focused = self._focused_id()
        if focused in ("unit-table", "unit-filter"):
            from screens.unit_form import UnitFormScreen

            if (unit := self.selected_unit()) is None:
                self.notify(strings.NOTHING_SELECTED, severity="warning")
                return
            self.app.push_screen(UnitFormScreen(unit_id=unit.id), self._after_form)
        elif focused == "phase-table":
            from screens.phase_form import PhaseFormScreen

            summary = self.selected_phase()
            if summary is None or summary.phase is None:
                self.notify(strings.CANNOT_EDIT_NO_PHASE if summary else strings.NOTHING_SELECTED, severity="warning")
                return
            self.app.push_screen(PhaseFormScreen(phase_id=summary.phase.id), self._after_form)
        else:
            from screens.task_form import TaskFormScreen

            if (row := self.selected_task(self._view())) is None:
                self.notify(strings.NOTHING_SELECTED, severity="warning")
                return
            self.app.push_screen(TaskFormScreen(task_id=row.id), self._after_form)

    def action_delete(self) -> None:
        from screens.confirm import confirm_delete_phase, confirm_delete_task, confirm_delete_unit

        focused = self._focused_id()
        if focused in ("unit-table", "unit-filter"):
            if (unit := self.selected_unit()) is None:
                self.notify(strings.NOTHING_SELECTED, severity="warning")
                return
            confirm_delete_unit(self, unit.id, unit.name, self.reload)
        elif focused == "phase-table":
            summary = self.selected_phase()
            if summary is None or summary.phase is None:
                self.notify(strings.CANNOT_EDIT_NO_PHASE if summary else strings.NOTHING_SELECTED, severity="warning")
                return
            confirm_delete_phase(self, summary.phase.id, summary.phase.name, summary.total, self.reload)
        else:
            if (row := self.selected_task(self._view())) is None:
                self.notify(strings.NOTHING_SELECTED, severity="warning")
                return
            confirm_delete_task(self, row.id, row.title, self.reload)

    def action_toggle_done(self) -> None:
        if (row := self.selected_task(self._view())) is None:
            return
        from screens.task_detail import toggle_done

        toggle_done(self, row.id)
        self.reload()
