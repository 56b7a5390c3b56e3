"""Errors the store raises with a message a clerk can read (Simplified Chinese)."""

from __future__ import annotations


class LedgerError(Exception):
    """Base class: ``str(err)`` is a complete Chinese sentence for the user."""


class ValidationError(LedgerError):
    """Input was refused; nothing was written."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFoundError(LedgerError):
    """The thing asked for is not in the ledger."""


class ChangedMeanwhileError(LedgerError):
    """What an editor holds a copy of was changed in the ledger since (an undo, another window):
    nothing was written over it."""


class PlanReadError(Exception):
    """A plan file could not be read; ``str(err)`` / ``.message`` is a Chinese sentence for the clerk."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
