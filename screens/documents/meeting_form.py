"""New or edit a joint meeting: the quarter it reviews, date and start time, place, chair, kind,
title (the default shown in grey), and the attending units (all member units, or some)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Checkbox, Input, Select, SelectionList

from screens.form_base import FormScreen, field_row
from store import strings
from store.documents import meeting_list, meetings
from store.documents.meetings import MeetingDraft
from store.errors import ValidationError
from store.quarterly import reports
from store.work import inputs, rules
from store.work.quarters import Quarter


class MeetingFormScreen(FormScreen):
    DEFAULT_CSS = """
    MeetingFormScreen .pair {
        height: auto;
    }
    MeetingFormScreen .pair .field {
        width: 1fr;
    }
    MeetingFormScreen #attendees {
        height: 10;
        margin-bottom: 1;
    }
    """
    field_widgets = {
        "quarter": "#quarter",
        "date": "#date",
        "start_time": "#start-time",
        "kind": "#kind",
        "attendees": "#attendees",
    }

    def __init__(self, meeting_id: int | None = None) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.form_title = strings.FORM_EDIT_MEETING if meeting_id else strings.FORM_NEW_MEETING
        self._unit_count = 0
        self.initial: MeetingDraft | None = None  # the meeting as read when the form opened

    def on_mount(self) -> None:
        self.query_one("#date", Input).focus()

    def fields(self) -> ComposeResult:
        if self.meeting_id is not None:
            d: MeetingDraft = meetings.get_meeting(self.ledger, self.meeting_id)
            self.initial = d
        else:
            d = MeetingDraft(quarter=rules.default_report_quarter(self.today))
        quarters = set(reports.campaign_quarters(self.ledger, self.today))
        quarters |= {Quarter.of(self.today).next(), d.quarter}
        # A title equal to the default is shown as the placeholder, so it follows the quarter and kind.
        title = "" if d.title == meetings.default_title(d.quarter, d.kind) else d.title
        units = meeting_list.member_units(self.ledger)
        self._unit_count = len(units)
        everyone = not d.attendees
        with Horizontal(classes="pair"):
            yield field_row(
                strings.LABEL_MEETING_QUARTER,
                Select[str]([(q.label, str(q)) for q in sorted(quarters, reverse=True)], value=str(d.quarter),
                            allow_blank=False, id="quarter"),
            )
            yield field_row(
                strings.LABEL_MEETING_KIND,
                Select[str]([(label, kind) for kind, label in strings.MEETING_KINDS.items()], value=d.kind,
                            allow_blank=False, id="kind"),
            )
        with Horizontal(classes="pair"):
            yield field_row(strings.LABEL_MEETING_DATE, Input(d.date.isoformat() if d.date else "", id="date"),
                            strings.HINT_DATE)
            yield field_row(strings.LABEL_MEETING_TIME, Input(d.start_time, id="start-time"),
                            strings.HINT_MEETING_TIME)
        with Horizontal(classes="pair"):
            yield field_row(strings.LABEL_MEETING_PLACE, Input(d.place, id="place"))
            yield field_row(strings.LABEL_MEETING_CHAIR, Input(d.chair, id="chair"))
        yield field_row(strings.LABEL_MEETING_TITLE,
                        Input(title, placeholder=meetings.default_title(d.quarter, d.kind), id="title"),
                        strings.HINT_MEETING_TITLE)
        yield field_row(
            strings.LABEL_ATTENDEES,
            Checkbox(strings.AGENDA_ALL_MEMBERS, everyone, id="all-attendees"),
            strings.HINT_ATTENDEES,
        )
        yield SelectionList[int](
            *[(name, unit_id, everyone or unit_id in d.attendees) for unit_id, name in units], id="attendees"
        )

    # --- the title placeholder follows the quarter and kind; the checkbox and the list agree --------

    def _chosen(self, widget_id: str) -> str:
        value = self.query_one(widget_id, Select).value
        return value if isinstance(value, str) else ""

    @on(Select.Changed)
    def _update_placeholder(self) -> None:
        quarter, kind = self._chosen("#quarter"), self._chosen("#kind")
        if quarter and kind:
            self.query_one("#title", Input).placeholder = meetings.default_title(Quarter.parse(quarter), kind)

    @on(Checkbox.Changed, "#all-attendees")
    def _everyone_toggled(self, event: Checkbox.Changed) -> None:
        units = self.query_one("#attendees", SelectionList)
        if event.value:
            units.select_all()
        elif len(units.selected) == self._unit_count:
            units.deselect_all()

    @on(SelectionList.SelectedChanged, "#attendees")
    def _attendees_changed(self) -> None:
        everyone = len(self.query_one("#attendees", SelectionList).selected) == self._unit_count
        checkbox = self.query_one("#all-attendees", Checkbox)
        if checkbox.value != everyone:
            with checkbox.prevent(Checkbox.Changed):
                checkbox.value = everyone

    # --- saving ---------------------------------------------------------------------------------------

    def draft(self) -> MeetingDraft:
        """The form's values; a malformed date or no attendees is refused here, the rest by the store."""
        selected = list(self.query_one("#attendees", SelectionList).selected)
        if self.query_one("#all-attendees", Checkbox).value or len(selected) == self._unit_count:
            attendees: list[int] = []  # every member unit, including units added later
        elif not selected:
            raise ValidationError(strings.ERR_MEETING_NO_ATTENDEES, field="attendees")
        else:
            attendees = selected
        return MeetingDraft(
            quarter=Quarter.parse(self._chosen("#quarter")),
            date=inputs.parse_date_input(self.query_one("#date", Input).value, field="date"),
            start_time=self.query_one("#start-time", Input).value,
            place=self.query_one("#place", Input).value,
            chair=self.query_one("#chair", Input).value,
            kind=self._chosen("#kind"),
            title=self.query_one("#title", Input).value,
            attendees=attendees,
        )

    def save(self) -> int:
        draft = self.draft()
        if self.meeting_id is None:
            return meetings.create_meeting(self.ledger, draft)
        meetings.update_meeting(self.ledger, self.meeting_id, draft, expected=self.initial)
        return self.meeting_id

    def saved_message(self) -> str:
        title = self.query_one("#title", Input)
        return strings.SAVED_MEETING.format(title=title.value.strip() or title.placeholder)
