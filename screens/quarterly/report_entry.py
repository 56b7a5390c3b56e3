"""季度填报: a quarter, a unit, its tasks; the report of the selected task on the right.

Keyboard flow: Ctrl+S saves the report and moves to the next task; F6 / F5 next / previous task,
F8 / F7 next / previous unit. Leaving a task with unsaved changes asks first (save, discard or stay),
so nothing typed is lost silently. A correction of a saved report becomes a new revision.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Header, Input, Label, Select, Static, TextArea

from screens.base import LedgerScreen
from screens.confirm import ConfirmScreen, UnsavedScreen
from screens.form_base import field_row, field_values
from store import strings
from store.errors import LedgerError, ValidationError
from store.ledger import settings
from store.quarterly import reports
from store.quarterly.reports import EntryRow, ReportDraft
from store.work import inputs, rules
from store.work.quarters import Quarter
from tui.widgets import cell, light_badge


class ReportEntryScreen(LedgerScreen):
    CSS_PATH = "reports.tcss"
    AUTO_FOCUS = "#status"  # the clerk types a report: the cursor starts in 进展状态
    BINDINGS = [
        Binding("ctrl+s", "save", strings.KEY_SAVE_NEXT, id="entry.save", priority=True),
        Binding("f6", "move_task(1)", strings.KEY_NEXT_TASK, id="entry.next_task"),
        Binding("f5", "move_task(-1)", strings.KEY_PREVIOUS_TASK, id="entry.previous_task", show=False),
        Binding("f8", "move_unit(1)", strings.KEY_NEXT_UNIT, id="entry.next_unit"),
        Binding("f7", "move_unit(-1)", strings.KEY_PREVIOUS_UNIT, id="entry.previous_unit", show=False),
        Binding("f9", "forms", strings.KEY_FORMS, id="entry.forms"),
        Binding("escape", "back", strings.KEY_BACK, id="entry.back"),
    ]

    def __init__(self, quarter: Quarter | None = None, unit_id: int | None = None) -> None:
        super().__init__()
        self._initial_quarter = quarter
        self._initial_unit = unit_id
        self.quarter: Quarter = quarter or Quarter(2000, 1)
        self.unit_id: int | None = unit_id
        self.rows: list[EntryRow] = []
        self.row_index = 0
        self._unit_ids: list[int] = []
        self._unit_names: dict[int, str] = {}
        self._loaded: tuple[object, ...] = ()
        self._loading = False

    # --- layout -------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="entry-pickers"):
            yield Label(strings.LABEL_QUARTER, classes="picker-label")
            quarters = reports.campaign_quarters(self.ledger, self.today)
            self.quarter = self._initial_quarter or rules.default_report_quarter(self.today)
            if self.quarter not in quarters:
                quarters.append(self.quarter)
            yield Select[str](
                [(q.label, str(q)) for q in sorted(quarters, reverse=True)], allow_blank=False,
                value=str(self.quarter), id="entry-quarter",
            )
            yield Label(strings.LABEL_UNIT, classes="picker-label")
            yield Select[int]([], allow_blank=True, prompt=strings.PICK_UNIT, id="entry-unit")
        with Horizontal():
            with Vertical(id="entry-left"):
                yield Static("", id="entry-heading", classes="heading")
                yield DataTable(id="entry-tasks", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="entry-form"):
                yield Static("", id="entry-task", classes="entry-task")
                # Refusals show here, above the fields: on screen whatever the terminal's height.
                yield Static("", id="form-error")
                yield field_row(
                    strings.LABEL_STATUS,
                    # No default: nothing is a report until its status is chosen.
                    Select([(label, key) for key, label in strings.REPORT_STATUS.items()], allow_blank=True,
                           prompt=strings.PICK_STATUS, id="status"),
                )
                yield field_row(strings.LABEL_PROGRESS, Input(id="progress", type="integer", max_length=3), strings.HINT_PROGRESS)
                yield field_row(strings.REPORT_WORK_DONE, TextArea(id="work-done", soft_wrap=True))
                yield field_row(strings.REPORT_PROBLEMS, TextArea(id="problems", soft_wrap=True))
                yield field_row(strings.REPORT_NEXT_STEPS, TextArea(id="next-steps", soft_wrap=True))
                yield Vertical(id="actuals")
                yield field_row(
                    strings.LABEL_RECEIVED, Input(id="received"),
                    strings.HINT_RECEIVED.format(days=settings.report_due_days(self.ledger)),
                )
                yield Static("", id="entry-revision", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.title = strings.REPORT_ENTRY_TITLE
        self.query_one("#entry-form").can_focus = False  # Tab walks the fields, never the scroll area
        table = self.query_one("#entry-tasks", DataTable)
        table.add_column(strings.COL_LIGHT, key="light", width=6)
        table.add_column(strings.COL_CODE, key="code", width=10)
        table.add_column(strings.COL_TITLE, key="title", width=24)
        table.add_column(strings.COL_REPORT, key="report", width=8)
        self._loading = True
        self._load_units()
        self._loading = False

    # --- loading ------------------------------------------------------------------------------------

    def _set_unit_options(self) -> None:
        """The unit picker: every unit with something to report this quarter, with its count so far."""
        figures = reports.submission(self.ledger, self.quarter)
        self._unit_ids = [s.unit_id for s in figures]
        self._unit_names = {s.unit_id: s.display_name for s in figures}
        if self.unit_id not in self._unit_ids:
            self.unit_id = self._unit_ids[0] if self._unit_ids else None
        select = self.query_one("#entry-unit", Select)
        select.set_options([
            (strings.UNIT_OPTION.format(name=s.display_name, reported=s.reported, expected=s.expected), s.unit_id)
            for s in figures
        ])
        if self.unit_id is not None:
            select.value = self.unit_id

    def _load_units(self) -> None:
        self._set_unit_options()
        self._load_tasks()

    def _load_tasks(self, keep_row: int = 0) -> None:
        table = self.query_one("#entry-tasks", DataTable)
        table.clear()
        self.rows = entry_rows = (
            reports.entry_rows(self.ledger, self.unit_id, self.quarter, today=self.today) if self.unit_id else []
        )
        for row in entry_rows:
            table.add_row(
                light_badge(row.task.light), cell(row.task.code), cell(row.task.title), self._report_cell(row),
                key=str(row.task.id),
            )
        reported = sum(1 for r in entry_rows if r.report is not None)
        heading = (
            strings.ENTRY_HEADING.format(quarter=self.quarter.label, reported=reported, total=len(entry_rows))
            if entry_rows else strings.ENTRY_NOTHING.format(quarter=self.quarter.label)
        )
        signed = reports.signoff(self.ledger, self.unit_id, self.quarter) if self.unit_id else None
        if signed is not None and signed.words:
            heading = f"{heading} · {signed.words}"  # who filled in the unit's form, from the form itself
        self.query_one("#entry-heading", Static).update(heading)
        self.row_index = min(keep_row, max(0, len(entry_rows) - 1))
        if entry_rows:
            table.move_cursor(row=self.row_index)
        self._fill_form()

    def _report_cell(self, row: EntryRow) -> Text:
        if row.report is None:
            return cell(strings.ENTRY_NOT_REPORTED, "bold yellow")
        label = row.report.status_label + (strings.ENTRY_LATE_SUFFIX if row.report.late else "")
        return cell(label, "bold red" if row.report.status == "late" else "green")

    @property
    def current(self) -> EntryRow | None:
        return self.rows[self.row_index] if 0 <= self.row_index < len(self.rows) else None

    def _fill_form(self) -> None:
        """Show the selected task's current report (or an empty one) in the form."""
        self._loading = True
        row = self.current
        report = row.report if row else None
        self.query_one("#entry-form").disabled = row is None
        task_label = Text()
        if row:
            task_label.append(f"{row.task.code} ", style="bold cyan")
            task_label.append(row.task.title, style="bold")
            task_label.append("\n" + strings.ENTRY_DEADLINE.format(deadline=row.task.deadline.label), style="dim")
        self.query_one("#entry-task", Static).update(task_label)
        self.query_one("#status", Select).value = report.status if report else Select.NULL
        progress = report.progress if report else None
        self.query_one("#progress", Input).value = "" if progress is None else str(progress)
        self.query_one("#work-done", TextArea).text = report.work_done if report else ""
        self.query_one("#problems", TextArea).text = report.problems if report else ""
        self.query_one("#next-steps", TextArea).text = report.next_steps if report else ""
        received = report.received if report and report.received else self.today
        self.query_one("#received", Input).value = received.isoformat()
        actuals = self.query_one("#actuals", Vertical)
        actuals.remove_children()
        if row:
            for target_id, label in row.targets:
                value = report.actuals.get(target_id) if report else None
                actuals.mount(field_row(
                    strings.LABEL_ACTUAL.format(target=label),
                    Input("" if value is None else f"{value:g}", id=f"actual-{target_id}", type="number"),
                ))
        revision = self.query_one("#entry-revision", Static)
        revision.update(
            strings.ENTRY_REVISION.format(revision=report.revision, who=report.recorded_by or "-", at=report.recorded_at)
            if report else strings.ENTRY_NEW
        )
        self._show_error("")
        self.call_after_refresh(self._remember_loaded)

    def _remember_loaded(self) -> None:
        self._loaded = self._values()
        self._loading = False

    def _values(self) -> tuple[object, ...]:
        """What the form shows now, as typed (unchecked): the task, then every field in order."""
        return (self.current.task.id if self.current else None, *field_values(self.query_one("#entry-form")))

    # --- the draft ----------------------------------------------------------------------------------

    def _draft(self) -> ReportDraft:
        row = self.current
        if row is None or self.unit_id is None:
            raise ValidationError(strings.ENTRY_NOTHING.format(quarter=self.quarter.label))
        progress_text = self.query_one("#progress", Input).value.strip()
        try:
            progress = int(progress_text) if progress_text else None
        except ValueError:
            raise ValidationError(strings.ERR_REPORT_PROGRESS.format(value=progress_text), field="progress") from None
        actuals: dict[int, float] = {}
        for target_id, _ in row.targets:
            text = self.query_one(f"#actual-{target_id}", Input).value.strip()
            if text:
                try:
                    actuals[target_id] = float(text)
                except ValueError:
                    raise ValidationError(strings.ERR_REPORT_ACTUAL.format(text=text), field=f"actual-{target_id}") from None
        status = self.query_one("#status", Select).value
        if not isinstance(status, str):
            raise ValidationError(strings.ERR_REPORT_NO_STATUS, field="status")
        return ReportDraft(
            task_id=row.task.id, unit_id=self.unit_id, quarter=self.quarter,
            status=status,
            progress=progress,
            work_done=self.query_one("#work-done", TextArea).text,
            problems=self.query_one("#problems", TextArea).text,
            next_steps=self.query_one("#next-steps", TextArea).text,
            received=inputs.parse_date_input(self.query_one("#received", Input).value, field="received"),
            actuals=actuals,
        )

    unsaved_label = strings.UNSAVED_REPORT  # what the quit question names

    @property
    def has_unsaved_changes(self) -> bool:
        if self.current is None or self._loading:
            return False
        return self._values() != self._loaded

    def _show_error(self, message: str, field: str | None = None) -> None:
        """A refusal beside its field (else above the fields), in view, the field focused."""
        error = self.query_one("#form-error", Static)
        error.update(message)
        error.set_class(bool(message), "visible")
        form = self.query_one("#entry-form", VerticalScroll)
        found = self.query(f"#{field}") if field else None
        row = found.first().parent if found else None
        if isinstance(row, Widget) and row.parent is form:
            form.move_child(error, after=row)
        else:
            form.move_child(error, after=self.query_one("#entry-task"))
        if found:
            found.first().focus()
        if message:
            self.call_after_refresh(error.scroll_visible, animate=False)

    def _save(self) -> bool:
        try:
            shown = self.current.report if self.current else None
            saved, changed = reports.record(self.ledger, self._draft(), today=self.today,
                                            expected_revision=shown.revision if shown else 0)
        except ValidationError as exc:
            self._show_error(exc.message, exc.field)
            return False
        except LedgerError as exc:
            self._show_error(str(exc))
            return False
        if changed:
            self.notify(strings.ENTRY_SAVED.format(task=self.current.task.code if self.current else "",
                                                   revision=saved.revision))
        return True

    # --- moving (asks first when there are unsaved changes) --------------------------------------------

    def _leave_then(self, go: Callable[[], None]) -> None:
        if not self.has_unsaved_changes:
            go()
            return

        def answered(answer: str | None) -> None:
            if answer == "save" and self._save():
                self._after_saved(self.row_index)
                go()
            elif answer == "discard":
                go()

        self.app.push_screen(UnsavedScreen(strings.REPORT_UNSAVED_QUESTION), answered)

    def action_save(self) -> None:
        if self.current is None:
            return
        try:
            draft = self._draft()
        except ValidationError as exc:
            self._show_error(exc.message, exc.field)
            return
        # Odd but possible values (reports.doubts): asked once, all together; 否 goes back to the first field.
        questions = reports.doubts(draft, today=self.today)
        if questions:

            def answered(yes: bool | None) -> None:
                if yes:
                    self._save_and_next()
                else:
                    self.query_one(f"#{questions[0][0]}").focus()

            question = "\n".join(text for _, text in questions) + strings.REPORT_SAVE_ANYWAY
            self.app.push_screen(ConfirmScreen(question, danger=False), answered)
            return
        self._save_and_next()

    def _save_and_next(self) -> None:
        """Save, then go on to the next task this unit has not reported (after this one, never back
        to the top); when every one is in, say so and name the next unit (F8)."""
        if not self._save():
            return
        here = self.row_index
        self._after_saved(here)
        following = next((i for i in range(here + 1, len(self.rows)) if self.rows[i].report is None), None)
        if following is None:
            following = next((i for i in range(0, here) if self.rows[i].report is None), None)
        if following is not None:
            self._select_row(following)
            self.query_one("#status", Select).focus()
            return
        position = self._unit_ids.index(self.unit_id) + 1 if self.unit_id in self._unit_ids else len(self._unit_ids)
        names = {value: label for label, value in self.query_one("#entry-unit", Select)._options}
        if position < len(self._unit_ids):
            self.notify(strings.ENTRY_UNIT_ALL_IN_NEXT.format(unit=str(names.get(self._unit_ids[position], ""))))
        else:
            self.notify(strings.ENTRY_UNIT_ALL_IN)

    def _after_saved(self, row: int) -> None:
        """Show the saved report in the list and the unit's new count, then go to ``row``."""
        self._load_tasks(keep_row=row)
        self._load_unit_labels()

    def _load_unit_labels(self) -> None:
        self._loading = True
        self._set_unit_options()
        self.call_after_refresh(self._remember_loaded)

    def action_move_task(self, step: int) -> None:
        target = self.row_index + step
        if not 0 <= target < len(self.rows):
            return
        self._leave_then(lambda: self._select_row_in_form(target))

    def _select_row(self, index: int) -> None:
        self.row_index = index
        self.query_one("#entry-tasks", DataTable).move_cursor(row=index)
        self._fill_form()

    def _select_row_in_form(self, index: int) -> None:
        """F5 / F6: the next task, the cursor back in the form (进展状态)."""
        self._select_row(index)
        self.query_one("#status", Select).focus()

    def action_move_unit(self, step: int) -> None:
        if self.unit_id not in self._unit_ids:
            return
        position = self._unit_ids.index(self.unit_id) + step
        if not 0 <= position < len(self._unit_ids):
            return
        self._leave_then(lambda: self._select_unit(self._unit_ids[position]))

    def _select_unit(self, unit_id: int) -> None:
        self.unit_id = unit_id
        self._loading = True
        self.query_one("#entry-unit", Select).value = unit_id
        self._load_tasks()

    def action_forms(self) -> None:
        """Write this quarter's Excel forms, or import the filled ones; the figures reload after."""
        from screens.quarterly.report_forms import ReportFormsScreen

        def back(imported: bool | None) -> None:
            if imported:
                self._loading = True
                self._load_units()
                self.call_after_refresh(self._remember_loaded)

        self._leave_then(lambda: self.app.push_screen(ReportFormsScreen(self.quarter), back))

    def action_back(self) -> None:
        self._leave_then(self._close)

    def _close(self) -> None:
        self.dismiss(None)

    @on(DataTable.RowHighlighted, "#entry-tasks")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        table = self.query_one("#entry-tasks", DataTable)
        # A highlight from before the list was read again (it was cleared and refilled) is stale:
        # only the table's own cursor counts, or saving would jump back to the first task.
        if self._loading or event.cursor_row == self.row_index or event.cursor_row != table.cursor_row:
            return
        target = event.cursor_row
        if self.has_unsaved_changes:
            table.move_cursor(row=self.row_index)  # stay until the clerk decides
            self._leave_then(lambda: self._select_row(target))
        else:
            self._select_row(target)

    @on(Select.Changed, "#entry-unit")
    def _unit_changed(self, event: Select.Changed) -> None:
        if self._loading or not isinstance(event.value, int) or event.value == self.unit_id:
            return
        chosen = event.value
        if self.has_unsaved_changes:
            self.query_one("#entry-unit", Select).value = self.unit_id if self.unit_id is not None else Select.NULL
            self._leave_then(lambda: self._select_unit(chosen))
        else:
            self._select_unit(chosen)

    @on(Select.Changed, "#entry-quarter")
    def _quarter_changed(self, event: Select.Changed) -> None:
        if self._loading or not isinstance(event.value, str) or event.value == str(self.quarter):
            return
        chosen = Quarter.parse(event.value)

        def go() -> None:
            self.quarter = chosen
            self._loading = True
            self._load_units()

        if self.has_unsaved_changes:
            self.query_one("#entry-quarter", Select).value = str(self.quarter)
            self._leave_then(go)
        else:
            go()
