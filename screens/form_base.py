"""What every form shares: a titled dialog, save with Ctrl+S, cancel with Esc, refusals shown in place.

A form saves through the store in one transaction; when the store refuses (ValidationError), the
message is shown above the buttons, the offending field gets focus, and nothing is written.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Label, Static

from screens.base import FORMS_CSS, LedgerModal
from store import strings
from store.errors import LedgerError, ValidationError


def field_row(label: str, widget: Widget, hint: str = "") -> Vertical:
    """A label above its input, with an optional grey hint."""
    children: list[Widget] = [Label(label, classes="field-label"), widget]
    if hint:
        children.append(Static(hint, classes="hint"))
    return Vertical(*children, classes="field")


class FormScreen(LedgerModal[int | None]):
    """Subclasses compose their fields in :meth:`fields` and write in :meth:`save` (returns the id)."""

    CSS_PATH = FORMS_CSS
    BINDINGS = [
        Binding("ctrl+s", "save", strings.KEY_SAVE, id="form.save", priority=True),
        Binding("escape", "cancel", strings.KEY_CANCEL, id="form.cancel"),
    ]
    form_title = ""
    # Which widget shows the error for a ValidationError.field.
    field_widgets: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.form_title, classes="dialog-title")
            with VerticalScroll(classes="fields"):
                yield from self.fields()
            yield Static("", id="form-error")
            with Horizontal(classes="buttons"):
                yield Button(strings.BUTTON_SAVE, id="save", variant="primary")
                yield Button(strings.BUTTON_CANCEL, id="cancel")

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    def save(self) -> int:
        raise NotImplementedError

    def saved_message(self) -> str:
        return ""

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def show_error(self, message: str, field: str | None = None) -> None:
        error = self.query_one("#form-error", Static)
        error.update(message)
        error.add_class("visible")
        if field and field in self.field_widgets:
            self.query_one(self.field_widgets[field]).focus()

    def action_save(self) -> None:
        try:
            saved_id = self.save()
        except ValidationError as exc:
            self.show_error(exc.message, exc.field)
            return
        except LedgerError as exc:
            self.show_error(str(exc))
            return
        message = self.saved_message()
        if message:
            self.app.notify(message)
        self.dismiss(saved_id)

    def action_cancel(self) -> None:
        self.dismiss(None)
