"""会议议程: one meeting's agenda, as the ledger generates it and as the clerk edits it.

The table shows each item with its clock times (from the meeting's start time), presenter and
minutes; the pane below shows the selected item's text. e / Enter edit an item, a adds one after
the cursor, d removes one, Ctrl+↑ / Ctrl+↓ (or [ / ]) move it, g regenerates from the ledger keeping
every edit, x exports Markdown and Word next to the ledger, j opens the meeting's decisions.

Every edit is saved at once, in one transaction (agenda.save), so there is never unsaved work on
this screen; Ctrl+S only stores an agenda that was generated and not yet edited. Each change is
made on a copy of the agenda and adopted only once it is saved: a refused write changes nothing.

Generating reads the whole ledger (about a second on a prefecture-sized one), so it runs in a
thread worker; so does the export. Edits made while it runs are kept: the fresh items are merged
into the agenda as it is when they arrive.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Input, Static, TextArea

from screens.base import LedgerScreen
from screens.confirm import ConfirmScreen
from screens.form_base import FormScreen, field_row
from store import strings
from store.documents import agenda, meeting_list, meetings
from store.documents.agenda import Agenda
from store.documents.meetings import Meeting
from store.errors import ChangedMeanwhileError, LedgerError, ValidationError
from store.ledger import settings
from tui.widgets import cell, number_cell

MAX_MINUTES = 600
_LATIN_RUN = re.compile(r"[A-Za-z0-9_.:/-]+$")
# 禁则: punctuation that may not start a line, and punctuation that may not end one.
_NO_LINE_START = set("、,。;:?!)》」』〕】…—,.;:?!)")
_NO_LINE_END = set("(《「『〔【(")

# (key, label, width); the title (None) takes the width the others leave.
_COLUMNS: list[tuple[str, str, int | None]] = [
    ("number", "#", 3),
    ("time", strings.COL_AGENDA_TIME, 11),
    ("title", strings.COL_AGENDA_ITEM, None),
    ("presenter", strings.COL_AGENDA_PRESENTER, 14),
    ("minutes", strings.COL_AGENDA_MINUTES, 4),
]


def fold(paragraph: str, width: int) -> list[str]:
    """Break a Chinese paragraph into lines of at most ``width`` cells, anywhere between two
    characters (as Chinese is set), but not inside a run of Latin letters and digits, nor before a
    closing mark or after an opening one. Rich and Textual break only at spaces: a long run of
    Chinese after a space would leave the line before it short."""
    if width < 8:
        return [paragraph]
    lines: list[str] = []
    line = ""
    for char in paragraph:
        if cell_len(line + char) <= width:
            line += char
            continue
        carry = char
        run = _LATIN_RUN.search(line) if char.isascii() and char.isalnum() else None
        if run and 0 < run.start():
            line, carry = line[: run.start()], line[run.start():] + char
        # Pull a few characters down so that the new line starts (and the old one ends) properly.
        for _ in range(3):
            if len(line) > 1 and (carry[0] in _NO_LINE_START or line[-1] in _NO_LINE_END):
                line, carry = line[:-1], line[-1] + carry
        lines.append(line)
        line = carry
    lines.append(line)
    return lines


class AgendaScreen(LedgerScreen):
    CSS_PATH = "agenda.tcss"
    AUTO_FOCUS = "#agenda-items"
    BINDINGS = [
        Binding("e,enter", "edit_item", strings.KEY_EDIT, id="agenda.edit", priority=True, key_display="e"),
        Binding("a", "add_item", strings.KEY_ADD, id="agenda.add"),
        Binding("d,delete", "remove_item", strings.KEY_DELETE, id="agenda.remove"),
        Binding("ctrl+up,left_square_bracket", "move_item(-1)", strings.KEY_MOVE_UP, id="agenda.move_up",
                key_display="["),
        Binding("ctrl+down,right_square_bracket", "move_item(1)", strings.KEY_MOVE_DOWN, id="agenda.move_down",
                key_display="]"),
        Binding("g", "regenerate", strings.KEY_REGENERATE, id="agenda.regenerate"),
        Binding("ctrl+s", "save", strings.KEY_SAVE, id="agenda.save", show=False),
        Binding("x", "export", strings.KEY_EXPORT_AGENDA, id="agenda.export"),
        Binding("j", "decisions", strings.KEY_DECISIONS, id="agenda.decisions"),
        Binding("escape", "back", strings.KEY_BACK, id="agenda.back"),
    ]

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.agenda: Agenda | None = None
        self.saved = False  # whether the agenda shown is the one kept with the meeting

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static("", id="agenda-heading")
        yield DataTable(id="agenda-items", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="agenda-detail"):
            yield Static("", id="agenda-body")
        yield Static("", id="agenda-total")
        yield Footer()

    def on_mount(self) -> None:
        self.title = strings.AGENDA_SCREEN_TITLE
        meeting = meetings.get_meeting(self.ledger, self.meeting_id)
        self._show_heading(meeting)
        if meeting.agenda_json:
            self.agenda = agenda.load(self.ledger, meeting, today=self.today)
            self.saved = True
            self.show()
        else:
            self.query_one("#agenda-total", Static).update(strings.AGENDA_LOADING)
            self.query_one("#agenda-items", DataTable).loading = True
            self._generate(meeting, "generate")

    def ledger_changed(self) -> None:
        """An undo, another screen or another window changed the ledger: when the agenda stored with
        the meeting is no longer the one shown, show the stored one (the cursor stays on its row)."""
        if self.agenda is None:
            return
        try:
            meeting = meetings.get_meeting(self.ledger, self.meeting_id)
        except LedgerError:
            return  # the meeting is gone: the meetings screen says so when the clerk goes back
        if meeting.agenda_json is not None and meeting.agenda_json != self.agenda.base:
            self.agenda = agenda.load(self.ledger, meeting, today=self.today)
            self.saved = True
            self._show_heading(meeting)
            self.show(self.selected_index())

    # --- showing --------------------------------------------------------------------------------------

    def _show_heading(self, meeting: Meeting) -> None:
        self.sub_title = meeting.display_title
        heading = Text(meeting.display_title + "\n", style="bold")
        heading.append("    ".join(agenda.heading_lines(meeting)) + "\n")
        heading.append(agenda.attendee_line(self.ledger, meeting), style="dim")
        self.query_one("#agenda-heading", Static).update(heading)

    def show(self, cursor: int | None = None) -> None:
        """Fill the table from the agenda, the cursor on row ``cursor`` (else where it was)."""
        table = self.query_one("#agenda-items", DataTable)
        table.loading = False
        row = table.cursor_row if cursor is None else cursor
        fixed = sum(width or 0 for _, _, width in _COLUMNS)
        flexible = max(12, self.app.size.width - fixed - len(_COLUMNS) * 2 * table.cell_padding - 2)
        table.clear(columns=True)
        for key, label, width in _COLUMNS:
            table.add_column(label, key=key, width=width or flexible)
        made = self.agenda
        if made is None:
            return
        for number, (item, start, end) in enumerate(made.schedule(), start=1):
            edited = bool(item.edited) or item.manual
            table.add_row(
                number_cell(number),
                cell(strings.AGENDA_SLOT.format(start=start, end=end)),
                cell(item.title, "bold" if edited else ""),
                cell(item.presenter),
                number_cell(item.minutes),
                key=item.key,
            )
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))
        self._show_detail()
        self._show_total()

    def _show_total(self) -> None:
        made = self.agenda
        if made is None:
            return
        schedule = made.schedule()
        start = made.meeting.start_time
        end = schedule[-1][2] if schedule else start
        total = Text(strings.AGENDA_TOTAL.format(count=len(made.items), minutes=made.total_minutes, start=start,
                                                 end=end), style="bold")
        total.append("  ")
        total.append(strings.AGENDA_STATE_SAVED if self.saved else strings.AGENDA_STATE_GENERATED, style="dim")
        self.query_one("#agenda-total", Static).update(total)

    def _show_detail(self) -> None:
        body = self.query_one("#agenda-body", Static)
        index = self.selected_index()
        if self.agenda is None or index is None:
            body.update(strings.AGENDA_EMPTY if self.agenda is not None else "")
            return
        item, start, end = self.agenda.schedule()[index]
        text = Text(item.title + "\n", style="bold")
        text.append(strings.AGENDA_DETAIL_META.format(start=start, end=end, presenter=item.presenter or "-",
                                                      minutes=item.minutes) + "\n", style="dim")
        if item.manual:
            text.append(strings.AGENDA_DETAIL_MANUAL + "\n", style="italic yellow")
        elif item.edited:
            names = "、".join(strings.AGENDA_FIELD_NAMES.get(name, name) for name in item.edited)
            text.append(strings.AGENDA_DETAIL_EDITED.format(fields=names) + "\n", style="italic yellow")
        text.append("\n")
        width = self.app.size.width - 4  # the pane's padding and scrollbar
        text.append("\n".join(line for paragraph in item.body for line in fold(paragraph, width))
                    if item.body else strings.AGENDA_NO_BODY)
        body.update(text)

    @on(DataTable.RowHighlighted, "#agenda-items")
    def _highlighted(self) -> None:
        self._show_detail()

    def on_resize(self) -> None:
        if self.agenda is not None:
            self.show()

    def selected_index(self) -> int | None:
        table = self.query_one("#agenda-items", DataTable)
        if self.agenda is None or not 0 <= table.cursor_row < len(self.agenda.items):
            return None
        return table.cursor_row

    # --- changing: on a copy, adopted once saved -------------------------------------------------------

    def _working_copy(self) -> Agenda | None:
        if self.agenda is None:
            self.notify(strings.AGENDA_LOADING, severity="warning")
            return None
        return copy.deepcopy(self.agenda)

    def adopt(self, changed: Agenda, cursor: int | None = None, message: str = "") -> bool:
        """Save ``changed`` (one transaction) and show it; on a refusal keep the agenda as it was."""
        try:
            agenda.save(self.ledger, changed)
        except LedgerError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            if isinstance(exc, ChangedMeanwhileError):
                self.ledger_changed()  # show what the ledger holds now
            return False
        self.agenda, self.saved = changed, True
        self.show(cursor)
        if message:
            self.notify(message)
        return True

    def action_save(self) -> None:
        if self.agenda is not None and self.adopt(copy.deepcopy(self.agenda)):
            self.notify(strings.AGENDA_SAVED)

    def action_edit_item(self) -> None:
        index = self.selected_index()
        if self.agenda is None or index is None:
            return
        form = AgendaItemFormScreen(self.agenda, index, adding=False)
        self.app.push_screen(form, lambda saved: self._after_form(form, saved))

    def action_add_item(self) -> None:
        if self.agenda is None:
            return
        index = self.selected_index()
        form = AgendaItemFormScreen(self.agenda, 0 if index is None else index + 1, adding=True)
        self.app.push_screen(form, lambda saved: self._after_form(form, saved))

    def _after_form(self, form: AgendaItemFormScreen, saved: int | None) -> None:
        if saved is not None and form.result is not None:
            self.agenda, self.saved = form.result, True
            self.show(saved)

    def action_remove_item(self) -> None:
        index = self.selected_index()
        if self.agenda is None or index is None:
            return
        item = self.agenda.items[index]
        template = strings.CONFIRM_REMOVE_MANUAL_ITEM if item.manual else strings.CONFIRM_REMOVE_ITEM

        def answered(yes: bool | None) -> None:
            changed = self._working_copy() if yes else None
            if changed is None:
                return
            removed = agenda.remove_item(changed, index)
            self.adopt(changed, min(index, len(changed.items) - 1), strings.AGENDA_REMOVED.format(title=removed.title))

        self.app.push_screen(ConfirmScreen(template.format(title=item.title), danger=True), answered)

    def action_move_item(self, step: int) -> None:
        index = self.selected_index()
        changed = self._working_copy()
        if changed is None or index is None:
            return
        target = agenda.move_item(changed, index, step)
        if target != index:
            self.adopt(changed, target)

    def action_regenerate(self) -> None:
        if self.agenda is None:
            return
        if not agenda.has_edits(self.agenda):
            self._generate(self.agenda.meeting, "regenerate")
            return

        def answered(yes: bool | None) -> None:
            if yes and self.agenda is not None:
                self._generate(self.agenda.meeting, "regenerate")

        self.app.push_screen(ConfirmScreen(strings.CONFIRM_REGENERATE, danger=False), answered)

    @work(thread=True, exclusive=True, group="agenda-generate")
    def _generate(self, meeting: Meeting, purpose: str) -> None:
        found = agenda.facts(self.ledger, meeting, today=self.today)
        self.app.call_from_thread(self._generated, purpose, agenda.generate(found, meeting))

    def _generated(self, purpose: str, fresh: list[agenda.AgendaItem]) -> None:
        if purpose == "generate":  # the first look at a meeting without a kept agenda: nothing to save
            meeting = meetings.get_meeting(self.ledger, self.meeting_id)
            self.agenda = Agenda(meeting, fresh)
            self.show(0)
        elif self.agenda is not None:
            self.adopt(agenda.regenerate(self.agenda, fresh), message=strings.AGENDA_REGENERATED)

    def action_export(self) -> None:
        if self.agenda is not None:
            self._export(copy.deepcopy(self.agenda), settings.export_dir(self.ledger))

    @work(thread=True, exclusive=True, group="agenda-export")
    def _export(self, made: Agenda, folder: Path) -> None:
        """Markdown, then Word (store.documents.agenda_docx, imported here: python-docx is slow to load). Each
        file is written whole or not at all; a failure is shown, and what was written is named."""
        from store.documents import agenda_docx

        stem = meeting_list.agenda_file_stem(made.meeting)
        written: list[Path] = []
        try:
            found = agenda.facts(self.ledger, made.meeting, today=self.today)
            written.append(agenda_docx.write_markdown(self.ledger, made, found, folder / f"{stem}.md"))
            written.append(agenda_docx.write_docx(self.ledger, made, found, folder / f"{stem}.docx"))
        except LedgerError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=10)
        if written:
            message = strings.AGENDA_EXPORTED.format(folder=folder, names="\n".join(path.name for path in written))
            self.app.call_from_thread(self.notify, message, timeout=10)

    def action_decisions(self) -> None:
        from screens.documents.decisions import DecisionsScreen

        self.app.push_screen(DecisionsScreen(self.meeting_id))

    def action_back(self) -> None:
        self.dismiss(None)


class AgendaItemFormScreen(FormScreen):
    """Edit an item (``adding=False``) or add one at ``index``; the body is one paragraph per line.
    Saves the whole agenda (one transaction); ``result`` is the agenda as saved."""

    field_widgets = {"title": "#item-title", "minutes": "#item-minutes"}

    def __init__(self, made: Agenda, index: int, *, adding: bool) -> None:
        super().__init__()
        self.original = copy.deepcopy(made)
        self.index = index
        self.adding = adding
        self.result: Agenda | None = None
        self.form_title = strings.FORM_NEW_AGENDA_ITEM if adding else strings.FORM_EDIT_AGENDA_ITEM

    def on_mount(self) -> None:
        self.query_one("#item-title", Input).focus()

    def fields(self) -> ComposeResult:
        item = None if self.adding else self.original.items[self.index]
        yield field_row(strings.LABEL_TITLE, Input(item.title if item else "", id="item-title"))
        yield field_row(strings.LABEL_PRESENTER, Input(item.presenter if item else "", id="item-presenter"))
        yield field_row(strings.LABEL_MINUTES, Input(str(item.minutes if item else 5), id="item-minutes"))
        yield field_row(strings.LABEL_ITEM_BODY,
                        TextArea("\n".join(item.body) if item else "", id="item-body", soft_wrap=True),
                        strings.HINT_ITEM_BODY)

    def _values(self) -> tuple[str, str, int, list[str]]:
        title = self.query_one("#item-title", Input).value.strip()
        if not title:
            raise ValidationError(strings.ERR_ITEM_TITLE, field="title")
        text = self.query_one("#item-minutes", Input).value.strip()
        if not text.isascii() or not text.isdigit() or int(text) > MAX_MINUTES:
            raise ValidationError(strings.ERR_ITEM_MINUTES.format(text=text), field="minutes")
        body = [line.strip() for line in self.query_one("#item-body", TextArea).text.splitlines() if line.strip()]
        return title, self.query_one("#item-presenter", Input).value.strip(), int(text), body

    def save(self) -> int:
        title, presenter, minutes, body = self._values()
        changed = copy.deepcopy(self.original)  # a failed save may be retried: start from the original
        if self.adding:
            agenda.add_item(changed, self.index, title, presenter, minutes, body)
        else:
            agenda.edit_item(changed, self.index, title=title, presenter=presenter, minutes=minutes, body=body)
        agenda.save(self.ledger, changed)
        self.result = changed
        return self.index
