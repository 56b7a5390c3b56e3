"""One task in full: text, units and roles, phase, deadline, recurrence in words, targets, history."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from screens.base import LedgerScreen
from store import strings
from store.errors import NotFoundError
from store.ledger import history
from store.quarterly import reports
from store.work import rules, tasks
from store.work.tasks import Task
from tui.widgets import LIGHT_STYLES

HISTORY_LINES = 20  # changes listed in the detail; h shows them all
HISTORY_DETAIL_ROWS = 50  # changes up to this many rows are read to name the edited fields


def toggle_done(screen: LedgerScreen, task_id: int) -> None:
    """Mark a task done (or not done again), with a notice; shared by the list and the detail."""
    ledger, today = screen.ledger, screen.today
    task = tasks.get_task(ledger, task_id, today=today)
    draft = tasks.draft_of(task)
    draft.done = not task.done
    tasks.update_task(ledger, task_id, draft, today=today)
    message = strings.MARKED_DONE if draft.done else strings.MARKED_UNDONE
    screen.notify(message.format(title=task.title))


class TaskDetailScreen(LedgerScreen):
    CSS_PATH = "task_detail.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", strings.KEY_BACK, id="detail.back"),
        Binding("e", "edit", strings.KEY_EDIT, id="detail.edit"),
        Binding("x", "toggle_done", strings.KEY_TOGGLE_DONE, id="detail.toggle_done"),
        Binding("d,delete", "delete", strings.KEY_DELETE, id="detail.delete"),
        Binding("h", "history", strings.KEY_HISTORY, id="detail.history"),
    ]

    def __init__(self, task_id: int) -> None:
        super().__init__()
        self.task_id = task_id
        self._stale = False  # the ledger changed while another screen was on top

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="detail"):
            yield Static(id="task-title")
            yield Static(id="task-fields")
            yield Static(strings.FIELD_TEXT, classes="section")
            yield Static(id="task-text", classes="body")
            yield Static(strings.FIELD_TARGETS, classes="section")
            yield Static(id="task-targets", classes="body")
            yield Static(strings.SECTION_REPORTS, classes="section")
            yield Static(strings.NO_REPORTS, id="task-reports", classes="body")
            yield Static(strings.SECTION_TASK_HISTORY, id="task-history-title", classes="section")
            yield Static(id="task-history", classes="body")
        yield Footer()

    def on_mount(self) -> None:
        self.title = strings.DETAIL_TITLE
        self.load()

    def ledger_changed(self) -> None:
        """Read again now if shown, else when it is shown again (closing itself if the task is gone)."""
        if self.is_current:
            self.load()
        else:
            self._stale = True

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            self.load()

    def load(self) -> None:
        try:
            task = tasks.get_task(self.ledger, self.task_id, today=self.today)
        except NotFoundError:
            self.dismiss(None)
            return
        self.sub_title = task.code
        title = Text(f"{task.code}  " if task.code else "", style="bold cyan")
        title.append(task.title, style="bold")
        self.query_one("#task-title", Static).update(title)
        self.query_one("#task-fields", Static).update(self._fields(task))
        self.query_one("#task-text", Static).update(task.text or strings.NO_TEXT)
        targets = "\n".join(f"· {t.label}" for t in task.targets) or strings.NO_TARGETS
        self.query_one("#task-targets", Static).update(targets)
        self.query_one("#task-history", Static).update(self._history())
        self.query_one("#task-reports", Static).update(self._reports())

    def _reports(self) -> Text | str:
        """Every report, newest quarter first; a corrected report shows its earlier revisions dimmed."""
        found = reports.history(self.ledger, self.task_id)
        if not found:
            return strings.NO_REPORTS
        out = Text()
        for report in found:
            current = report.revision == max(
                r.revision for r in found if (r.unit_id, r.quarter) == (report.unit_id, report.quarter)
            )
            line = strings.REPORT_LINE.format(
                quarter=report.quarter.label, unit=report.unit_name, status=report.status_text,
                revision=report.revision,
                received=report.received.isoformat() if report.received else "-",
            )
            style = "" if current else "dim strike"
            if out:
                out.append("\n")
            out.append(line, style=style or ("bold red" if report.status == "late" else "bold"))
            if report.late:
                out.append(strings.REPORT_LATE_MARK, style="yellow")
            if not current:
                out.append(strings.REPORT_SUPERSEDED, style="dim")
                continue
            for label, value in (
                (strings.REPORT_WORK_DONE, report.work_done),
                (strings.REPORT_PROBLEMS, report.problems),
                (strings.REPORT_NEXT_STEPS, report.next_steps),
            ):
                if value:
                    out.append(f"\n  {label}:", style="cyan")
                    out.append(value)
        return out

    def _fields(self, task: Task) -> Table:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        grid.add_row(strings.FIELD_LIGHT, Text(f" {task.light.label} ", style=LIGHT_STYLES[task.light]))
        if task.section_title:
            grid.add_row(strings.FIELD_SECTION, f"{task.section_code} {task.section_title}")
        phase = task.phase_name
        if not task.phase_explicit and task.phase_id is not None:
            phase = strings.FIELD_PHASE_DEFAULT.format(phase=phase)
        grid.add_row(strings.FIELD_PHASE, phase)
        if task.deadline.day is not None and task.deadline.source is not None:
            deadline = strings.FIELD_DEADLINE_VALUE.format(
                day=task.deadline.day.isoformat(), source=strings.DEADLINE_SOURCE[task.deadline.source.value]
            )
        else:
            deadline = strings.NO_DEADLINE
        grid.add_row(strings.FIELD_DEADLINE, deadline)
        if task.rrule:
            grid.add_row(strings.FIELD_RECURRENCE, rules.describe_rrule(task.rrule))
            if task.occurrences:
                current = rules.current_occurrence(task.occurrences, self.today)
                days = [
                    (strings.OCCURRENCE_CURRENT if day == current else strings.OCCURRENCE_PAST).format(day=day)
                    for day in task.occurrences
                ]
                grid.add_row(strings.FIELD_NEXT_OCCURRENCES, "、".join(days))
        units = Text(overflow="fold")
        for position, unit in enumerate(task.units):
            if position:
                units.append("、")
            units.append(unit.name, style="bold" if unit.role == "lead" else "")
            units.append(f"({strings.ROLE_LABELS[unit.role]})", style="dim")
        grid.add_row(strings.FIELD_UNITS, units)
        grid.add_row(strings.FIELD_SOURCE, strings.TASK_SOURCES.get(task.source, task.source))
        return grid

    def _history(self) -> Text | str:
        """The task's latest changes (its own row, units, targets, reports), newest first."""
        changes = history.changes(self.ledger, task_id=self.task_id, limit=HISTORY_LINES)
        heading = strings.SECTION_TASK_HISTORY
        if len(changes) == HISTORY_LINES:
            heading += strings.TASK_HISTORY_HINT.format(count=HISTORY_LINES)
        self.query_one("#task-history-title", Static).update(heading)
        if not changes:
            return strings.NO_HISTORY
        out = Text()
        for change in changes:
            if out:
                out.append("\n")
            undone = change.undone_by is not None
            line = strings.HISTORY_ROW.format(at=change.at[:16], who=change.who or "-", action=change.summary)
            out.append(line, style="dim" if undone else "")
            fields = self._task_fields(change)
            if fields:
                out.append(strings.HISTORY_CHANGED_FIELDS.format(fields="、".join(fields)), style="dim")
            if undone:
                out.append(strings.TASK_HISTORY_UNDONE, style="yellow")
        return out

    def _task_fields(self, change: history.Change) -> list[str]:
        """What an edit of the task itself changed (标题, 完成时限 …); nothing for larger changes."""
        if change.row_count > HISTORY_DETAIL_ROWS:
            return []  # a plan import: its summary says enough, and its details are long to read
        edits = [r for r in history.details(self.ledger, change.id) if r.table == "tasks" and r.op == "update"]
        return [f.label for f in edits[0].fields] if len(edits) == 1 else []

    def action_edit(self) -> None:
        from screens.task_form import TaskFormScreen

        self.app.push_screen(TaskFormScreen(task_id=self.task_id), lambda saved: self.load())

    def action_toggle_done(self) -> None:
        toggle_done(self, self.task_id)
        self.load()

    def action_history(self) -> None:
        from screens.history import HistoryScreen

        # An undo there may change this task (or bring back what this screen shows): read it again.
        self.app.push_screen(HistoryScreen(task_id=self.task_id), lambda _: self.load())

    def _deleted(self) -> None:
        self.dismiss(None)

    def action_delete(self) -> None:
        from screens.confirm import confirm_delete_task

        task = tasks.get_task(self.ledger, self.task_id, today=self.today)
        confirm_delete_task(self, self.task_id, task.title, self._deleted)

