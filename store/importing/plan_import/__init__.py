"""Plan import: a government work plan (工作方案) as a Word file, web page or text → structured data.

Public API::

    read_document(path: Path) -> str            # .txt (UTF-8/GBK/UTF-16), .docx, .html/.htm, .mht
    parse_plan(text: str, known_units=frozenset()) -> ParsedPlan   # never raises; problems become warnings
    ParsedPlan.to_json() -> dict                # the shape other tools read

``to_json()`` gives ``{"plan": {"title", "issuer", "doc_no", "issued"}, "phases": [{"name", "start",
"end"}], "tasks": [{"code", "section", "title", "text", "units": [{"name", "role"}], "phase",
"deadline", "recurrence", "targets": [...]}], "warnings": [{"where", "message"}]}``; dates are
``YYYY-MM-DD`` or null, roles ``lead``/``co``, names simplified Chinese. Extra keys may appear.

This package is pure parsing: it never touches the ledger and never imports the UI.
"""

from __future__ import annotations

from store import strings
from store.importing.plan_import.model import (
    ImportWarning,
    ParsedPlan,
    Phase,
    PlanMeta,
    Section,
    Target,
    Task,
    UnitRef,
)
from store.importing.plan_import.parser import parse_lines
from store.importing.plan_import.reader import MAX_BYTES, PLAN_FILE_SUFFIXES, PlanReadError, read_document
from store.importing.plan_import.units import known_units as units_context

__all__ = [
    "MAX_BYTES",
    "PLAN_FILE_SUFFIXES",
    "ImportWarning",
    "ParsedPlan",
    "Phase",
    "PlanMeta",
    "PlanReadError",
    "Section",
    "Target",
    "Task",
    "UnitRef",
    "parse_plan",
    "read_document",
]


def parse_plan(text: str, known_units: frozenset[str] = frozenset()) -> ParsedPlan:
    """Parse a plan's text into metadata, phases, sections, tasks and warnings.

    ``known_units``: names the ledger already has (units, short names, aliases), read as units even
    when they end unlike an organisation. Never raises: whatever the input, a :class:`ParsedPlan` comes
    back; an unexpected internal error is reported as a warning (with whatever was parsed discarded) so
    the clerk can still go on by hand.
    """
    try:
        with units_context(known_units):
            return parse_lines(text if isinstance(text, str) else str(text))
    except Exception as exc:  # the importer must never take the app down on a strange document
        plan = ParsedPlan()
        plan.warnings.append(
            ImportWarning(strings.WHERE_DOCUMENT, strings.W_INTERNAL.format(detail=type(exc).__name__))
        )
        return plan
