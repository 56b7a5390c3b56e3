"""Every key of every screen, read from the bindings themselves so the list cannot go stale."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from screens.base import FORMS_CSS
from store import strings

_KEY_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "escape": "Esc",
    "enter": "Enter",
    "delete": "Delete",
    "ctrl+s": "Ctrl+S",
    "ctrl+p": "Ctrl+P",
    "ctrl+q": "Ctrl+Q",
    "f1": "F1",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
}


def key_label(keys: str) -> str:
    return " / ".join(_KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(","))


def keys_table(scopes: list[tuple[str, list[BindingType]]]) -> Table:
    table = Table(show_header=False, box=None, padding=(0, 2), expand=False)
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    for scope, bindings in scopes:
        table.add_row(f"[{strings.HELP_SCOPES[scope]}]", "", style="bold")
        for binding in bindings:
            if isinstance(binding, Binding) and binding.description:
                table.add_row(key_label(binding.key), binding.description)
        table.add_row("", "")
    for keys, description in strings.HELP_EXTRA:
        table.add_row(keys, description)
    return table


class HelpScreen(ModalScreen[None]):
    CSS_PATH = FORMS_CSS
    BINDINGS = [Binding("escape,q,f1", "dismiss", strings.KEY_BACK, id="help.close")]

    def __init__(self, scopes: list[tuple[str, list[BindingType]]]) -> None:
        super().__init__()
        self.scopes = scopes

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(strings.HELP_TITLE, classes="dialog-title")
            yield Static(keys_table(self.scopes), id="keys")
            yield Static(strings.HELP_FOOTER, classes="hint")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
