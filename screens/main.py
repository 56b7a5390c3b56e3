"""The main screen: tasks by responsible unit (按单位) and by phase (按阶段), one key apart."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Input, Static, TabbedContent, TabPane

from screens.base import LedgerScreen
from screens.import_source import ImportSourceScreen
from screens.report_entry import ReportEntryScreen
from store import overview, plans, rules, strings, tasks
from store.overview import PhaseSummary, UnitSummary
from store.tasks import TaskRow
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


def _set_columns(table: DataTable[object], columns: Columns, side: int, minimum: int = 12) -> None:
    """Replace the table's columns; the flexible one gets the width the screen has left."""
    fixed = sum(width or 0 for _, _, width in columns)
    padding = len(columns) * 2 * table.cell_padding + 2  # + scrollbar
    flexible = max(minimum, table.app.size.width - side - fixed - padding)
    table.clear(columns=True)
    for key, label, width in columns:
        table.add_column(label, key=key, width=width if width is not None else flexible)


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
        Binding("i", "import_plan", strings.KEY_IMPORT, id="main.import"),
        Binding("x", "toggle_done", strings.KEY_TOGGLE_DONE, id="main.toggle_done", show=False),
        Binding("escape", "clear_filter", strings.KEY_CLEAR_FILTER, id="main.clear_filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._unit_rows: list[UnitSummary] = []
        self._phase_rows: list[PhaseSummary] = []
        self._task_rows: dict[str, list[TaskRow]] = {"unit": [], "phase": []}

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with TabbedContent(initial=UNITS_TAB, id="views"):
            with TabPane(strings.VIEW_BY_UNIT, id=UNITS_TAB):
                with Horizontal():
                    with Vertical(id="unit-side", classes="side"):
                        yield Input(placeholder=strings.FILTER_PLACEHOLDER, id="unit-filter")
                        yield DataTable(id="unit-table", cursor_type="row", zebra_stripes=True)
                        yield Static("", id="unit-empty", classes="empty")
                    with Vertical(classes="main"):
                        yield Static("", id="unit-heading", classes="heading")
                        yield DataTable(id="unit-tasks", cursor_type="row", zebra_stripes=True)
            with TabPane(strings.VIEW_BY_PHASE, id=PHASES_TAB):
                with Vertical():
                    yield DataTable(id="phase-table", cursor_type="row", zebra_stripes=True)
                    yield Static("", id="phase-empty", classes="empty")
                    yield Static("", id="phase-heading", classes="heading")
                    yield DataTable(id="phase-tasks", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        unit_table = self.query_one("#unit-table", DataTable)
        unit_table.add_column(strings.COL_UNIT, key="name", width=16)
        unit_table.add_column(strings.COL_TASKS, key="tasks", width=4)
        unit_table.add_column(strings.COL_RED, key="red", width=4)
        unit_table.add_column(strings.COL_YELLOW, key="yellow", width=4)
        phase_table = self.query_one("#phase-table", DataTable)
        phase_table.add_column(strings.COL_PHASE, key="name", width=24)
        phase_table.add_column(strings.COL_SPAN, key="span", width=24)
        phase_table.add_column(strings.COL_PHASE_STATE, key="state", width=8)
        phase_table.add_column(strings.COL_PROGRESS, key="progress", width=8)
        phase_table.add_column(strings.COL_RED, key="red", width=4)
        phase_table.add_column(strings.COL_YELLOW, key="yellow", width=4)
        self.refresh_title()
        self.reload()

    def refresh_title(self) -> None:
        found = plans.list_plans(self.ledger)
        self.title = found[-1].title if found else strings.EMPTY_LEDGER_TITLE
        self.sub_title = strings.TODAY_LABEL.format(today=self.today.isoformat())

    # --- loading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read everything shown again from the ledger, keeping each list's selection."""
        self._load_units()
        self._load_phases()

    def _load_units(self) -> None:
        table = self.query_one("#unit-table", DataTable)
        query = self.query_one("#unit-filter", Input).value
        selected = self._selected_key(table)
        self._unit_rows = overview.unit_summaries(self.ledger, today=self.today, query=query)
        table.clear()
        for unit in self._unit_rows:
            table.add_row(
                cell(unit.display_name),
                number_cell(unit.task_count),
                number_cell(unit.red, "bold red"),
                number_cell(unit.yellow, "bold yellow"),
                key=str(unit.id),
            )
        empty = self.query_one("#unit-empty", Static)
        if not self._unit_rows:
            empty.update(strings.NO_UNIT_MATCH.format(query=query) if query.strip() else strings.NO_UNITS)
        empty.display = not self._unit_rows
        self._restore(table, selected)
        self._show_unit_tasks()

    def _load_phases(self) -> None:
        table = self.query_one("#phase-table", DataTable)
        selected = self._selected_key(table)
        self._phase_rows = overview.phase_summaries(self.ledger, today=self.today)
        table.clear()
        for summary in self._phase_rows:
            phase = summary.phase
            name = phase.name if phase else strings.NO_PHASE
            span = phase.span_label if phase else ""
            state = self._phase_state(summary)
            style = "bold" if summary.is_current else ""
            table.add_row(
                cell(name, style),
                cell(span),
                cell(state, "bold green" if summary.is_current else ""),
                cell(strings.PROGRESS_CELL.format(done=summary.done, total=summary.total, percent=summary.percent_done)),
                number_cell(summary.red, "bold red"),
                number_cell(summary.yellow, "bold yellow"),
                key=str(phase.id) if phase else "none",
            )
        empty = self.query_one("#phase-empty", Static)
        empty.update(strings.NO_PHASES)
        empty.display = not self._phase_rows
        if selected is None:
            current = next((i for i, s in enumerate(self._phase_rows) if s.is_current), 0)
            if self._phase_rows:
                table.move_cursor(row=current)
        else:
            self._restore(table, selected)
        self._show_phase_tasks()

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
        if not self._unit_rows or table.cursor_row >= len(self._unit_rows):
            return None
        return self._unit_rows[table.cursor_row]

    def selected_phase(self) -> PhaseSummary | None:
        table = self.query_one("#phase-table", DataTable)
        if not self._phase_rows or table.cursor_row >= len(self._phase_rows):
            return None
        return self._phase_rows[table.cursor_row]

    def selected_task(self, view: str) -> TaskRow | None:
        table = self.query_one(f"#{view}-tasks", DataTable)
        rows = self._task_rows[view]
        if not rows or table.cursor_row >= len(rows):
            return None
        return rows[table.cursor_row]

    def _show_unit_tasks(self) -> None:
        unit = self.selected_unit()
        table = self.query_one("#unit-tasks", DataTable)
        heading = self.query_one("#unit-heading", Static)
        rows = tasks.tasks_of_unit(self.ledger, unit.id, today=self.today) if unit else []
        groups = overview.groups_of(self.ledger, unit.id) if unit else []
        self._task_rows["unit"] = rows
        selected = self._selected_key(table)
        _set_columns(table, _TASK_COLS_UNIT, SIDE_WIDTH)
        for row in rows:
            role = row.role_of(unit.id, groups) if unit else None
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
        if unit is None:
            heading.update("")
        else:
            heading.update(
                strings.UNIT_TASKS_HEADING.format(
                    unit=unit.name, count=unit.task_count, red=unit.red, yellow=unit.yellow
                )
            )

    def _show_phase_tasks(self) -> None:
        summary = self.selected_phase()
        table = self.query_one("#phase-tasks", DataTable)
        heading = self.query_one("#phase-heading", Static)
        if summary is None:
            rows: list[TaskRow] = []
        elif summary.phase is None:
            rows = tasks.tasks_without_phase(self.ledger, today=self.today)
        else:
            rows = tasks.tasks_of_phase(self.ledger, summary.phase.id, today=self.today)
        self._task_rows["phase"] = rows
        selected = self._selected_key(table)
        _set_columns(table, _TASK_COLS_PHASE, 0)
        for row in rows:
            table.add_row(
                light_badge(row.light),
                cell(row.code),
                cell(row.title),
                cell(row.units_label),
                cell(row.deadline.label),
                key=str(row.id),
            )
        self._restore(table, selected)
        if summary is None:
            heading.update("")
        else:
            name = summary.phase.name if summary.phase else strings.NO_PHASE
            heading.update(strings.PHASE_TASKS_HEADING.format(phase=name, done=summary.done, total=summary.total))

    # --- events -----------------------------------------------------------------------------------

    @on(Input.Changed, "#unit-filter")
    def _filter_changed(self) -> None:
        self._load_units()

    @on(DataTable.RowHighlighted, "#unit-table")
    def _unit_highlighted(self) -> None:
        self._show_unit_tasks()

    @on(DataTable.RowHighlighted, "#phase-table")
    def _phase_highlighted(self) -> None:
        self._show_phase_tasks()

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
        self._show_unit_tasks()
        self._show_phase_tasks()

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
        """Show a unit's tasks (from 查找): the unit view, no filter, the cursor on the unit."""
        self.show_view("unit")
        self.query_one("#unit-filter", Input).value = ""

        def select() -> None:
            table = self.query_one("#unit-table", DataTable)
            self._restore(table, unit_id)
            self.set_focus(self.query_one("#unit-tasks", DataTable))

        self.call_after_refresh(select)

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
        from store.tasks import TaskDraft

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
        unit = self.selected_unit() if self._view() == "unit" else None
        self.app.push_screen(ReportEntryScreen(unit_id=unit.id if unit else None), self._reload_all)

    def action_report_status(self) -> None:
        """填报情况: who has reported for the likely quarter, who to chase, progress."""
        from screens.report_status import ReportStatusScreen

        self.app.push_screen(ReportStatusScreen(), self._reload_all)

    def action_meetings(self) -> None:
        """会议: the joint meetings, their agendas and decisions (decisions add tasks: reload after)."""
        from screens.meetings import MeetingsScreen

        self.app.push_screen(MeetingsScreen(), self._reload_all)

    def action_import_plan(self) -> None:
        self.app.push_screen(ImportSourceScreen(), self._reload_all)

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
