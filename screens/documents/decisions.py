"""议定事项: the decisions one meeting recorded, each a task with the meeting as its source, shown
with its light and latest report. a records a decision (form: title, lead and co-units, deadline);
Enter opens its task."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Input, Static

from screens.base import LedgerScreen
from screens.form_base import FormScreen, field_row
from store import strings
from store.documents import meetings
from store.documents.meetings import Decision
from store.work import inputs
from tui.widgets import cell, light_badge

_COLUMNS: list[tuple[str, str, int | None]] = [
    ("light", strings.COL_LIGHT, 6),
    ("code", strings.COL_CODE, 14),
    ("title", strings.COL_TITLE, None),
    ("units", strings.COL_UNITS, 20),
    ("deadline", strings.COL_DEADLINE, 10),
    ("latest", strings.COL_LATEST_REPORT, 22),
]


class DecisionsScreen(LedgerScreen):
    CSS_PATH = "agenda.tcss"
    AUTO_FOCUS = "#decisions-table"
    BINDINGS = [
        Binding("a", "add", strings.KEY_ADD, id="decisions.add"),
        Binding("enter", "open_task", strings.KEY_OPEN_TASK, id="decisions.open", priority=True),
        Binding("escape", "back", strings.KEY_BACK, id="decisions.back"),
    ]

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.rows: list[Decision] = []

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static("", id="decisions-heading", classes="heading")
        yield DataTable(id="decisions-table", cursor_type="row", zebra_stripes=True)
        yield Static(strings.DECISIONS_EMPTY, id="decisions-empty", classes="empty")
        yield Footer()

    def on_mount(self) -> None:
        self.title = strings.DECISIONS_TITLE
        self.reload()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.reload()  # back from a task: its light or deadline may have changed

    def on_resize(self) -> None:
        self.reload()

    def ledger_changed(self) -> None:
        self.reload()

    def reload(self, select: int | None = None) -> None:
        meeting = meetings.get_meeting(self.ledger, self.meeting_id)
        self.sub_title = meeting.display_title
        table = self.query_one("#decisions-table", DataTable)
        current = self.selected()
        keep = select if select is not None else (current.task_id if current else None)
        self.rows = meetings.decisions(self.ledger, today=self.today, of_meeting=self.meeting_id)
        fixed = sum(width or 0 for _, _, width in _COLUMNS)
        flexible = max(12, self.app.size.width - fixed - len(_COLUMNS) * 2 * table.cell_padding - 2)
        table.clear(columns=True)
        for key, label, width in _COLUMNS:
            table.add_column(label, key=key, width=width or flexible)
        for d in self.rows:
            table.add_row(light_badge(d.light), cell(d.code), cell(d.title), cell(d.units_label), cell(d.deadline),
                          cell(d.latest), key=str(d.task_id))
        ids = [d.task_id for d in self.rows]
        if keep in ids:
            table.move_cursor(row=ids.index(keep))
        self.query_one("#decisions-empty", Static).display = not self.rows
        table.display = bool(self.rows)
        self.query_one("#decisions-heading", Static).update(
            strings.DECISIONS_HEADING.format(meeting=meeting.display_title, count=len(self.rows))
        )

    def selected(self) -> Decision | None:
        table = self.query_one("#decisions-table", DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def action_add(self) -> None:
        self.app.push_screen(DecisionFormScreen(self.meeting_id), self._after_form)

    def _after_form(self, saved: int | None) -> None:
        if saved is not None:
            self.reload(select=saved)

    def action_open_task(self) -> None:
        from screens.task_detail import TaskDetailScreen

        if (row := self.selected()) is not None:
            self.app.push_screen(TaskDetailScreen(row.task_id))

    @on(DataTable.RowSelected, "#decisions-table")
    def _row_clicked(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_task()

    def action_back(self) -> None:
        self.dismiss(None)


class DecisionFormScreen(FormScreen):
    """Record a decision: it becomes a task with the meeting as its source (meetings.record_decision)."""

    field_widgets = {
        "title": "#decision-title",
        "lead_units": "#lead-units",
        "units": "#lead-units",
        "deadline": "#deadline",
    }

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.form_title = strings.FORM_NEW_DECISION

    def on_mount(self) -> None:
        self.query_one("#decision-title", Input).focus()

    def fields(self) -> ComposeResult:
        yield field_row(strings.LABEL_DECISION_TITLE, Input(id="decision-title"))
        yield field_row(strings.LABEL_LEAD_UNITS, Input(id="lead-units"), strings.HINT_UNITS)
        yield field_row(strings.LABEL_CO_UNITS, Input(id="co-units"))
        yield field_row(strings.LABEL_DEADLINE, Input(id="deadline"), strings.HINT_DECISION_DEADLINE)

    def save(self) -> int:
        return meetings.record_decision(
            self.ledger, self.meeting_id, self.query_one("#decision-title", Input).value,
            lead_units=inputs.split_names(self.query_one("#lead-units", Input).value),
            co_units=inputs.split_names(self.query_one("#co-units", Input).value),
            deadline=inputs.parse_date_input(self.query_one("#deadline", Input).value, field="deadline"),
            today=self.today,
        )

    def saved_message(self) -> str:
        return strings.SAVED_DECISION.format(title=self.query_one("#decision-title", Input).value.strip())
