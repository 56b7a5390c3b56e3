"""Add or edit a task: title, text, lead and co-units, phase, own deadline, recurrence, done."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Select, TextArea

from screens.form_base import FormScreen, field_row
from store import strings
from store.work import inputs, phases, rules, tasks
from store.work.tasks import TaskDraft

_DEFAULT_PHASE = -1  # Select value meaning "the plan's main phase"


class TaskFormScreen(FormScreen):
    field_widgets = {
        "title": "#title",
        "lead_units": "#lead-units",
        "units": "#lead-units",
        "phase": "#phase",
        "deadline": "#deadline",
        "rrule": "#recurrence",
    }

    def __init__(self, task_id: int | None = None, draft: TaskDraft | None = None) -> None:
        super().__init__()
        self.task_id = task_id
        self.initial = draft or TaskDraft(title="")
        self.form_title = strings.FORM_EDIT_TASK if task_id else strings.FORM_NEW_TASK

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def fields(self) -> ComposeResult:
        if self.task_id is not None:
            self.initial = tasks.draft_of(tasks.get_task(self.ledger, self.task_id, today=self.today))
        d = self.initial
        phase_options = [(strings.PHASE_DEFAULT_OPTION, _DEFAULT_PHASE)] + [
            (p.name, p.id) for p in phases.list_phases(self.ledger)
        ]
        recurrence_options = [(strings.RECURRENCE_NONE_OPTION, "")] + [
            (label, rule) for label, rule in strings.RECURRENCE_PRESETS
        ]
        if d.rrule and d.rrule not in {rule for _, rule in recurrence_options}:
            label = strings.RECURRENCE_CUSTOM_OPTION.format(label=rules.describe_rrule(d.rrule))
            recurrence_options.append((label, d.rrule))
        yield field_row(strings.LABEL_TITLE, Input(d.title, id="title"))
        yield field_row(strings.LABEL_CODE, Input(d.code, id="code"))
        yield field_row(strings.LABEL_LEAD_UNITS, Input("、".join(d.lead_units), id="lead-units"), strings.HINT_UNITS)
        yield field_row(strings.LABEL_CO_UNITS, Input("、".join(d.co_units), id="co-units"))
        yield field_row(
            strings.LABEL_PHASE,
            Select(phase_options, value=d.phase_id if d.phase_id is not None else _DEFAULT_PHASE,
                   allow_blank=False, id="phase"),
        )
        yield field_row(
            strings.LABEL_DEADLINE,
            Input(d.deadline.isoformat() if d.deadline else "", id="deadline"),
            strings.HINT_DEADLINE,
        )
        yield field_row(
            strings.LABEL_RECURRENCE, Select(recurrence_options, value=d.rrule or "", allow_blank=False, id="recurrence")
        )
        yield Checkbox(strings.LABEL_DONE, d.done, id="done")
        yield field_row(strings.LABEL_TEXT, TextArea(d.text, id="text", soft_wrap=True))

    def draft(self) -> TaskDraft:
        """The form's values as a draft; a malformed date is refused here, the rest by the store."""
        phase_value = self.query_one("#phase", Select).value
        recurrence = self.query_one("#recurrence", Select).value
        return TaskDraft(
            title=self.query_one("#title", Input).value,
            code=self.query_one("#code", Input).value,
            text=self.query_one("#text", TextArea).text,
            lead_units=inputs.split_names(self.query_one("#lead-units", Input).value),
            co_units=inputs.split_names(self.query_one("#co-units", Input).value),
            phase_id=phase_value if isinstance(phase_value, int) and phase_value != _DEFAULT_PHASE else None,
            deadline=inputs.parse_date_input(self.query_one("#deadline", Input).value, field="deadline"),
            rrule=recurrence if isinstance(recurrence, str) and recurrence else None,
            done=self.query_one("#done", Checkbox).value,
            plan_id=self.initial.plan_id,
        )

    def save(self) -> int:
        draft = self.draft()
        if self.task_id is None:
            return tasks.create_task(self.ledger, draft, today=self.today)
        tasks.update_task(self.ledger, self.task_id, draft, today=self.today, expected=self.initial)
        return self.task_id

    def saved_message(self) -> str:
        return strings.SAVED_TASK.format(title=self.query_one("#title", Input).value.strip())
