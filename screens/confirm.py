"""A yes/no question before anything is deleted, the deletions it guards, and 保存 / 不保存 / 取消
before typed work would be discarded."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from screens.base import FORMS_CSS, LedgerMixin
from store import strings
from store.errors import LedgerError
from store.work import phases, tasks, units


class ConfirmScreen(ModalScreen[bool]):
    CSS_PATH = FORMS_CSS
    BINDINGS = [
        Binding("y,enter", "answer(True)", strings.KEY_YES, id="confirm.yes"),
        Binding("n,escape", "answer(False)", strings.KEY_NO, id="confirm.no"),
    ]

    def __init__(self, question: str, *, danger: bool = True) -> None:
        super().__init__()
        self.question = question
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm"):
            yield Static(strings.CONFIRM_TITLE, classes="dialog-title")
            yield Static(self.question, id="question")
            with Horizontal(classes="buttons"):
                yield Button(f"{strings.KEY_YES} Y", id="yes", variant="error" if self.danger else "primary")
                yield Button(f"{strings.KEY_NO} N", id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


def _confirm_then(screen: LedgerMixin, question: str, delete: Callable[[], object], name: str,
                  after: Callable[[], None]) -> None:
    def answered(yes: bool | None) -> None:
        if not yes:
            return
        try:
            delete()
        except LedgerError as exc:
            screen.app.notify(str(exc), severity="error", timeout=8)
            return
        screen.app.notify(strings.DELETED.format(name=name))
        after()

    screen.app.push_screen(ConfirmScreen(question), answered)


def confirm_delete_task(screen: LedgerMixin, task_id: int, title: str, after: Callable[[], None]) -> None:
    _confirm_then(screen, strings.CONFIRM_DELETE_TASK.format(title=title),
                  lambda: tasks.delete_task(screen.ledger, task_id), title, after)


def confirm_delete_unit(screen: LedgerMixin, unit_id: int, name: str, after: Callable[[], None]) -> None:
    _confirm_then(screen, strings.CONFIRM_DELETE_UNIT.format(name=name),
                  lambda: units.delete_unit(screen.ledger, unit_id), name, after)


def confirm_delete_phase(screen: LedgerMixin, phase_id: int, name: str, count: int,
                         after: Callable[[], None]) -> None:
    _confirm_then(screen, strings.CONFIRM_DELETE_PHASE.format(name=name, count=count),
                  lambda: phases.delete_phase(screen.ledger, phase_id), name, after)


class UnsavedScreen(ModalScreen[str]):
    """保存 / 不保存 / 取消: what to do with typed work not yet saved (the question names it)."""

    CSS_PATH = FORMS_CSS
    BINDINGS = [
        Binding("y", "answer('save')", strings.KEY_SAVE, id="unsaved.save"),
        Binding("n", "answer('discard')", strings.KEY_DISCARD, id="unsaved.discard"),
        Binding("escape", "answer('stay')", strings.KEY_CANCEL, id="unsaved.stay"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm"):
            yield Static(strings.CONFIRM_TITLE, classes="dialog-title")
            yield Static(self.question, id="question")
            with Horizontal(classes="buttons"):
                yield Button(f"{strings.KEY_SAVE} Y", id="save", variant="primary")
                yield Button(f"{strings.KEY_DISCARD} N", id="discard")
                yield Button(f"{strings.KEY_CANCEL} Esc", id="stay")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "stay")

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)
