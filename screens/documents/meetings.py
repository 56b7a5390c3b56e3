"""会议: the joint meetings, newest first, with whether their agenda is kept and how many decisions
they recorded. Enter opens the meeting's agenda (议程); a / e / d add, edit and delete meetings."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from screens.base import LedgerScreen
from screens.confirm import ConfirmScreen
from store import strings
from store.documents import meeting_list, meetings
from store.documents.meeting_list import MeetingRow
from store.errors import LedgerError
from tui.widgets import cell, number_cell

# (key, label, width); the title (None) takes the width the others leave.
_COLUMNS: list[tuple[str, str, int | None]] = [
    ("date", strings.COL_MEETING_DATE, 10),
    ("time", strings.COL_MEETING_TIME, 5),
    ("kind", strings.COL_MEETING_KIND, 10),
    ("title", strings.COL_MEETING_TITLE, None),
    ("quarter", strings.COL_MEETING_QUARTER, 14),
    ("place", strings.COL_MEETING_PLACE, 16),
    ("agenda", strings.COL_MEETING_AGENDA, 6),
    ("decisions", strings.COL_MEETING_DECISIONS, 4),
]
# On a narrow terminal (80 columns) the quarter is shown as 2026Q3 and the place is cut shorter.
_NARROW = {"quarter": 6, "place": 8}


class MeetingsScreen(LedgerScreen):
    CSS_PATH = "meetings.tcss"
    AUTO_FOCUS = "#meetings-table"
    BINDINGS = [
        # A binding, not DataTable.RowSelected, so that a key typed right after Enter meets the agenda.
        Binding("enter", "open", strings.KEY_OPEN_AGENDA, id="meetings.open", priority=True),
        Binding("a", "add", strings.KEY_ADD, id="meetings.add"),
        Binding("e", "edit", strings.KEY_EDIT, id="meetings.edit"),
        Binding("d,delete", "delete", strings.KEY_DELETE, id="meetings.delete"),
        Binding("escape", "back", strings.KEY_BACK, id="meetings.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[MeetingRow] = []

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static("", id="meetings-heading", classes="heading")
        yield DataTable(id="meetings-table", cursor_type="row", zebra_stripes=True)
        yield Static(strings.MEETINGS_EMPTY, id="meetings-empty", classes="empty")
        yield Footer()

    def on_mount(self) -> None:
        self.title = strings.MEETINGS_TITLE
        self.sub_title = strings.TODAY_LABEL.format(today=self.today.isoformat())
        self.reload()

    def on_resize(self) -> None:
        self.reload()

    def ledger_changed(self) -> None:
        self.reload()

    def reload(self, select: int | None = None) -> None:
        """Read the meetings again, keeping the cursor on the same meeting (or on ``select``)."""
        table = self.query_one("#meetings-table", DataTable)
        current = self.selected()
        keep = select if select is not None else (current.meeting.id if current else None)
        self.rows = meeting_list.meeting_rows(self.ledger)
        padding = len(_COLUMNS) * 2 * table.cell_padding + 2  # + the scrollbar
        widths = {key: width or 0 for key, _, width in _COLUMNS}
        narrow = self.app.size.width - sum(widths.values()) - padding < 16
        if narrow:
            widths.update(_NARROW)
        widths["title"] = max(12, self.app.size.width - sum(widths.values()) - padding)
        table.clear(columns=True)
        for key, label, _ in _COLUMNS:
            table.add_column(label, key=key, width=widths[key])
        for row in self.rows:
            m = row.meeting
            table.add_row(
                cell(m.date.isoformat() if m.date else strings.MEETING_DATE_UNSET),
                cell(m.start_time),
                cell(m.kind_label),
                cell(m.display_title),
                cell(str(m.quarter) if narrow else m.quarter.label),
                cell(m.place),
                cell(strings.MEETING_AGENDA_KEPT if row.has_agenda else strings.MEETING_AGENDA_NONE,
                     "green" if row.has_agenda else "dim"),
                number_cell(row.decision_count),
                key=str(m.id),
            )
        ids = [row.meeting.id for row in self.rows]
        if keep in ids:
            table.move_cursor(row=ids.index(keep))
        self.query_one("#meetings-empty", Static).display = not self.rows
        table.display = bool(self.rows)
        self.query_one("#meetings-heading", Static).update(strings.MEETINGS_HEADING.format(count=len(self.rows)))

    def selected(self) -> MeetingRow | None:
        table = self.query_one("#meetings-table", DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def _selected_or_say(self) -> MeetingRow | None:
        row = self.selected()
        if row is None:
            self.notify(strings.NOTHING_SELECTED, severity="warning")
        return row

    # --- keys ---------------------------------------------------------------------------------------

    def action_open(self) -> None:
        from screens.documents.agenda import AgendaScreen

        if (row := self._selected_or_say()) is not None:
            self.app.push_screen(AgendaScreen(row.meeting.id), lambda _: self.reload())

    @on(DataTable.RowSelected, "#meetings-table")
    def _row_clicked(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_add(self) -> None:
        from screens.documents.meeting_form import MeetingFormScreen

        self.app.push_screen(MeetingFormScreen(), self._after_form)

    def action_edit(self) -> None:
        from screens.documents.meeting_form import MeetingFormScreen

        if (row := self._selected_or_say()) is not None:
            self.app.push_screen(MeetingFormScreen(row.meeting.id), self._after_form)

    def _after_form(self, saved: int | None) -> None:
        if saved is not None:
            self.reload(select=saved)

    def action_delete(self) -> None:
        if (row := self._selected_or_say()) is None:
            return
        title = row.meeting.display_title

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                meetings.delete_meeting(self.ledger, row.meeting.id)
            except LedgerError as exc:
                self.notify(str(exc), severity="error", timeout=8)
                return
            self.notify(strings.DELETED.format(name=title))
            self.reload()

        self.app.push_screen(ConfirmScreen(strings.CONFIRM_DELETE_MEETING.format(title=title), danger=True), answered)

    def action_back(self) -> None:
        self.dismiss(None)
