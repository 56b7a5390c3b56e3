"""Reading what a clerk typed into a form: dates, lists of names. Refusals are ValidationErrors."""

from __future__ import annotations

import re
from datetime import date

from store import strings
from store.errors import ValidationError

_DATE_RE = re.compile(r"^\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?\s*$")
# Separators clerks use between names: 、,,;; and whitespace runs.
_NAME_SEPARATORS = re.compile(r"[、,,;;\n]+")


def parse_date_input(text: str | None, field: str | None = None) -> date | None:
    """``2019-06-30``, ``2019/6/30``, ``2019.6.30`` or ``2019年6月30日``; empty means no date."""
    if text is None or not text.strip():
        return None
    match = _DATE_RE.match(text)
    if match:
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            pass
    raise ValidationError(strings.ERR_BAD_DATE.format(text=text.strip()), field=field)


def split_names(text: str | None) -> list[str]:
    """``县市监局、县发改局`` → the names, trimmed, empty ones dropped, order kept, no repeats."""
    if not text:
        return []
    names: list[str] = []
    for part in _NAME_SEPARATORS.split(text):
        name = part.strip()
        if name and name not in names:
            names.append(name)
    return names
