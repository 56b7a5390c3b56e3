"""The import review's small forms: they correct the draft (store.importing.import_review), never the ledger.

Each one is a FormScreen: Ctrl+S applies, Esc cancels, a refusal is shown in place and changes
nothing. ``save`` returns 0 (there is no row id yet: the plan is written when the review is saved).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Input, Select, Static

from screens.form_base import FormScreen, field_row
from store import strings
from store.importing.import_review import ImportDraft
from store.importing.plan_import.model import Phase, Task
from store.work import inputs

_NO_PHASE = ""  # Select value for "no phase"


def _iso(day: object) -> str:
    return day.isoformat() if hasattr(day, "isoformat") else ""


class ImportTaskForm(FormScreen):
    field_widgets = {
        "title": "#title",
        "lead_units": "#lead-units",
        "co_units": "#co-units",
        "phase": "#phase",
        "deadline": "#deadline",
    }

    def __init__(self, draft: ImportDraft, task: Task) -> None:
        super().__init__()
        self.draft = draft
        self.parsed_task = task
        self.form_title = f"{strings.FORM_IMPORT_TASK} {task.code}"

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def fields(self) -> ComposeResult:
        task = self.parsed_task
        leads = [u.name for u in task.units if u.role == "lead"]
        cos = [u.name for u in task.units if u.role != "lead"]
        options = [(strings.PHASE_NONE_OPTION, _NO_PHASE)] + [(p.name, p.name) for p in self.draft.plan.phases]
        yield field_row(strings.LABEL_TITLE, Input(task.title, id="title"))
        yield field_row(strings.LABEL_LEAD_UNITS, Input("、".join(leads), id="lead-units"), strings.HINT_UNITS)
        yield field_row(strings.LABEL_CO_UNITS, Input("、".join(cos), id="co-units"))
        yield field_row(
            strings.LABEL_PHASE, Select(options, value=task.phase or _NO_PHASE, allow_blank=False, id="phase")
        )
        yield field_row(strings.LABEL_DEADLINE, Input(_iso(task.deadline), id="deadline"), strings.HINT_DEADLINE)
        yield Static(task.text, classes="hint")

    def save(self) -> int:
        phase = self.query_one("#phase", Select).value
        self.draft.edit_task(
            self.parsed_task,
            title=self.query_one("#title", Input).value,
            lead_units=inputs.split_names(self.query_one("#lead-units", Input).value),
            co_units=inputs.split_names(self.query_one("#co-units", Input).value),
            phase=phase if isinstance(phase, str) and phase else None,
            deadline=inputs.parse_date_input(self.query_one("#deadline", Input).value, field="deadline"),
        )
        return 0


class ImportPhaseForm(FormScreen):
    field_widgets = {"name": "#name", "start": "#start", "end": "#end"}

    def __init__(self, draft: ImportDraft, phase: Phase) -> None:
        super().__init__()
        self.draft = draft
        self.parsed_phase = phase
        self.form_title = strings.FORM_IMPORT_PHASE

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def fields(self) -> ComposeResult:
        yield field_row(strings.LABEL_PHASE_NAME, Input(self.parsed_phase.name, id="name"))
        yield field_row(strings.LABEL_START, Input(_iso(self.parsed_phase.start), id="start"), strings.HINT_DEADLINE)
        yield field_row(strings.LABEL_END, Input(_iso(self.parsed_phase.end), id="end"))

    def save(self) -> int:
        self.draft.edit_phase(
            self.parsed_phase,
            name=self.query_one("#name", Input).value,
            start=inputs.parse_date_input(self.query_one("#start", Input).value, field="start"),
            end=inputs.parse_date_input(self.query_one("#end", Input).value, field="end"),
        )
        return 0


class ImportMetaForm(FormScreen):
    field_widgets = {"title": "#title", "issued": "#issued"}

    def __init__(self, draft: ImportDraft) -> None:
        super().__init__()
        self.draft = draft
        self.form_title = strings.FORM_IMPORT_META

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def fields(self) -> ComposeResult:
        meta = self.draft.plan.meta
        yield field_row(strings.LABEL_PLAN_TITLE, Input(meta.title or "", id="title"))
        yield field_row(strings.LABEL_ISSUER, Input(meta.issuer or "", id="issuer"))
        yield field_row(strings.LABEL_DOC_NO, Input(meta.doc_no or "", id="doc-no"))
        yield field_row(strings.LABEL_ISSUED, Input(_iso(meta.issued), id="issued"), strings.HINT_DEADLINE)

    def save(self) -> int:
        self.draft.edit_meta(
            title=self.query_one("#title", Input).value,
            issuer=self.query_one("#issuer", Input).value,
            doc_no=self.query_one("#doc-no", Input).value,
            issued=inputs.parse_date_input(self.query_one("#issued", Input).value, field="issued"),
        )
        return 0


class ImportUnitForm(FormScreen):
    """Say what a parsed unit name is: an existing unit (linked, alias kept) or a corrected new name."""

    field_widgets = {"name": "#unit-is"}

    def __init__(self, draft: ImportDraft, name: str) -> None:
        super().__init__()
        self.draft = draft
        self.unit_name = name
        self.form_title = strings.FORM_IMPORT_UNIT.format(name=name)

    def on_mount(self) -> None:
        self.query_one("#unit-is", Input).focus()

    def fields(self) -> ComposeResult:
        known = [
            str(r["label"])
            for r in self.ledger.rows(
                "SELECT name AS label FROM units UNION SELECT short_name FROM units WHERE short_name <> '' "
                "UNION SELECT alias FROM unit_aliases ORDER BY 1"
            )
        ]
        current = self.draft.linked_name(self.ledger, self.unit_name) or self.unit_name
        yield field_row(
            strings.LABEL_UNIT_IS,
            Input(current, id="unit-is", suggester=SuggestFromList(known, case_sensitive=True)),
            strings.HINT_UNIT_IS,
        )

    def save(self) -> int:
        self.draft.resolve_unit(self.ledger, self.unit_name, self.query_one("#unit-is", Input).value)
        return 0
