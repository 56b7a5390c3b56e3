"""Add or edit a phase: name, start and end dates, whether it is the main implementation phase."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, TextArea

from screens.form_base import FormScreen, field_row
from store import strings
from store.work import inputs, phases, plans
from store.work.phases import PhaseDraft


class PhaseFormScreen(FormScreen):
    field_widgets = {"name": "#name", "start": "#start", "end": "#end"}

    def __init__(self, phase_id: int | None = None) -> None:
        super().__init__()
        self.phase_id = phase_id
        self.form_title = strings.FORM_EDIT_PHASE if phase_id else strings.FORM_NEW_PHASE
        self.initial: phases.Phase | None = None  # the phase as read when the form opened

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def fields(self) -> ComposeResult:
        d = PhaseDraft(name="")
        if self.phase_id is not None:
            p = self.initial = phases.get_phase(self.ledger, self.phase_id)
            d = PhaseDraft(p.name, p.start, p.end, p.is_main, p.description, p.plan_id)
        yield field_row(strings.LABEL_PHASE_NAME, Input(d.name, id="name"))
        yield field_row(strings.LABEL_START, Input(d.start.isoformat() if d.start else "", id="start"),
                        strings.HINT_DATE)
        yield field_row(strings.LABEL_END, Input(d.end.isoformat() if d.end else "", id="end"), strings.HINT_DATE)
        yield Checkbox(strings.LABEL_MAIN_PHASE, d.is_main, id="main")
        yield field_row(strings.LABEL_DESCRIPTION, TextArea(d.description, id="description", soft_wrap=True))

    def draft(self) -> PhaseDraft:
        return PhaseDraft(
            name=self.query_one("#name", Input).value,
            start=inputs.parse_date_input(self.query_one("#start", Input).value, field="start"),
            end=inputs.parse_date_input(self.query_one("#end", Input).value, field="end"),
            is_main=self.query_one("#main", Checkbox).value,
            description=self.query_one("#description", TextArea).text,
            plan_id=plans.default_plan_id(self.ledger),
        )

    def save(self) -> int:
        draft = self.draft()
        if self.phase_id is None:
            return phases.create_phase(self.ledger, draft)
        phases.update_phase(self.ledger, self.phase_id, draft, expected=self.initial)
        return self.phase_id

    def saved_message(self) -> str:
        return strings.SAVED_PHASE.format(name=self.query_one("#name", Input).value.strip())
