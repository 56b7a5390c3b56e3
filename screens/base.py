"""What every screen needs from the app: the ledger and the day the lights are judged on."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from textual.screen import ModalScreen, Screen

from store.ledger.db import Ledger

# The forms' common look. A path, not a name: Textual reads a CSS_PATH name beside the module of the
# class that uses it, and the forms' subclasses live in screens/ and its sub-packages.
FORMS_CSS = Path(__file__).with_name("forms.tcss")


class LedgerMixin:
    """Typed access to ``app.ledger`` and ``app.today`` without importing the App (no cycle)."""

    app: Any

    @property
    def ledger(self) -> Ledger:
        return cast(Ledger, self.app.ledger)

    @property
    def today(self) -> date:
        return cast(date, self.app.today)


class LedgerScreen(LedgerMixin, Screen[None]):
    def ledger_changed(self) -> None:
        """The ledger changed under this screen (an undo): read again what it shows.

        Called on every screen in the stack, shown or not. A screen that shows ledger data overrides it.
        """


T = TypeVar("T")


class LedgerModal(LedgerMixin, ModalScreen[T], Generic[T]):
    pass
