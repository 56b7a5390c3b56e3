"""What every form shares: a titled dialog, save with Ctrl+S, cancel with Esc, refusals shown in place.

A form saves through the store in one transaction; when the store refuses (ValidationError), the
message is shown above the buttons, the offending field gets focus, and nothing is written. Esc (or
quitting the app) on a form whose fields were changed asks 保存 / 不保存 / 取消 first, naming the form.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Label, Static, TextArea

from screens.base import FORMS_CSS, LedgerModal
from screens.confirm import UnsavedScreen
from store import strings
from store.errors import LedgerError, ValidationError


def field_row(label: str, widget: Widget, hint: str = "") -> Vertical:
    """A label above its input, with an optional grey hint."""
    children: list[Widget] = [Label(label, classes="field-label"), widget]
    if hint:
        children.append(Static(hint, classes="hint"))
    return Vertical(*children, classes="field")


def field_values(root: Widget) -> tuple[object, ...]:
    """What the clerk can change under ``root``: every input, text area, select and checkbox, in order
    (what "unsaved changes" compares)."""
    return tuple(
        widget.text if isinstance(widget, TextArea) else getattr(widget, "value", None)
        for widget in root.query("Input, TextArea, Select, Checkbox")
    )


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

    _pristine: tuple[object, ...] | None = None  # the fields as shown first (None: not shown yet)

    def on_mount(self) -> None:
        self.call_after_refresh(self._remember_fields)

    def _remember_fields(self) -> None:
        if self._pristine is None:
            self._pristine = self.form_values()

    def form_values(self) -> tuple[object, ...]:
        return field_values(self)

    @property
    def has_unsaved_changes(self) -> bool:
        """Something was typed or chosen since the form opened (the app asks before quitting)."""
        return self._pristine is not None and self.is_mounted and self.form_values() != self._pristine

    @property
    def unsaved_label(self) -> str:
        """What is unsaved, in the clerk's words (the question names it)."""
        return self.form_title

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
        """Esc: close; when fields were changed, ask 保存 / 不保存 / 取消 first."""
        if not self.has_unsaved_changes:
            self.dismiss(None)
            return

        def answered(answer: str | None) -> None:
            if answer == "save":
                self.action_save()
            elif answer == "discard":
                self.dismiss(None)

        self.app.push_screen(UnsavedScreen(strings.FORM_UNSAVED_QUESTION.format(form=self.form_title)), answered)
