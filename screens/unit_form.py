"""Add or edit a unit: name, short name, kind, contact, phone, aliases and (for a group) members."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Select, TextArea

from screens.form_base import FormScreen, field_row
from store import strings
from store.work import inputs, units
from store.work.units import UnitDraft


class UnitFormScreen(FormScreen):
    field_widgets = {
        "name": "#name",
        "short_name": "#short-name",
        "kind": "#kind",
        "phone": "#phone",
        "aliases": "#aliases",
        "members": "#members",
    }

    def __init__(self, unit_id: int | None = None) -> None:
        super().__init__()
        self.unit_id = unit_id
        self.initial: UnitDraft | None = None  # the unit as read when the form opened
        self.form_title = strings.FORM_EDIT_UNIT if unit_id else strings.FORM_NEW_UNIT

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def fields(self) -> ComposeResult:
        d = UnitDraft(name="")
        if self.unit_id is not None:
            d = self.initial = units.draft_of(units.get_unit(self.ledger, self.unit_id))
        kinds = [(label, kind) for kind, label in strings.UNIT_KINDS.items()]
        yield field_row(strings.LABEL_UNIT_NAME, Input(d.name, id="name"))
        yield field_row(strings.LABEL_SHORT_NAME, Input(d.short_name, id="short-name"))
        yield field_row(strings.LABEL_KIND, Select(kinds, value=d.kind, allow_blank=False, id="kind"))
        yield field_row(strings.LABEL_CONTACT, Input(d.contact, id="contact"))
        yield field_row(strings.LABEL_PHONE, Input(d.phone, id="phone"))
        yield field_row(strings.LABEL_ALIASES, Input("、".join(d.aliases), id="aliases"), strings.HINT_UNITS)
        yield field_row(strings.LABEL_MEMBERS, TextArea("、".join(d.members), id="members", soft_wrap=True),
                        strings.HINT_UNITS)

    def draft(self) -> UnitDraft:
        kind = self.query_one("#kind", Select).value
        return UnitDraft(
            name=self.query_one("#name", Input).value,
            short_name=self.query_one("#short-name", Input).value,
            kind=kind if isinstance(kind, str) else "department",
            contact=self.query_one("#contact", Input).value,
            phone=self.query_one("#phone", Input).value,
            aliases=inputs.split_names(self.query_one("#aliases", Input).value),
            members=inputs.split_names(self.query_one("#members", TextArea).text),
        )

    def save(self) -> int:
        draft = self.draft()
        if self.unit_id is None:
            return units.create_unit(self.ledger, draft)
        units.update_unit(self.ledger, self.unit_id, draft, expected=self.initial)
        return self.unit_id

    def saved_message(self) -> str:
        return strings.SAVED_UNIT.format(name=self.query_one("#name", Input).value.strip())
