"""Per-ledger settings (yellow window, report due days, clerk name), kept in the ledger itself."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import TYPE_CHECKING

from store import strings
from store.ledger.paths import default_db_path

if TYPE_CHECKING:  # the connection reads settings as it commits (the clerk's name): types only here
    from store.ledger.db import Ledger

DEFAULTS: dict[str, str] = {
    "yellow_days": "30",
    "report_due_days": "10",
    "clerk_name": "",
    "import_dir": "",
    "export_dir": "",
}


def get(ledger: Ledger, key: str) -> str:
    value = ledger.scalar("SELECT value FROM settings WHERE key = ?", [key])
    return str(value) if value is not None else DEFAULTS.get(key, "")


def set_value(ledger: Ledger, key: str, value: str) -> None:
    with ledger.write() as db:
        db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )


def yellow_days(ledger: Ledger) -> int:
    """How many days before a deadline a task turns yellow (default 30)."""
    try:
        return max(0, int(get(ledger, "yellow_days")))
    except ValueError:
        return int(DEFAULTS["yellow_days"])


def report_due_days(ledger: Ledger) -> int:
    """How many days after a quarter ends its reports are due (default 10); later ones are late."""
    try:
        return max(0, int(get(ledger, "report_due_days")))
    except ValueError:
        return int(DEFAULTS["report_due_days"])


def clerk_name(ledger: Ledger) -> str:
    """Who is recorded in the history: the configured clerk, else the OS user."""
    name = get(ledger, "clerk_name").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def office_name(ledger: Ledger) -> str:
    """The secretariat's name, the author of every file taizhang writes (setting ``office_name``)."""
    return get(ledger, "office_name").strip() or strings.OFFICE_NAME_DEFAULT


def ledger_uid(ledger: Ledger) -> str:
    """This ledger's identity (made on first use): report forms carry it, so a form filled for
    another ledger is refused instead of being matched by task ids that mean something else here."""
    value = ledger.scalar("SELECT value FROM settings WHERE key = 'ledger_uid'")
    if value:
        return str(value)
    import uuid

    with ledger.write() as db:
        db.execute("INSERT OR IGNORE INTO settings (key, value) VALUES ('ledger_uid', ?)", [uuid.uuid4().hex])
    return str(ledger.scalar("SELECT value FROM settings WHERE key = 'ledger_uid'"))


def export_dir(ledger: Ledger) -> Path:
    """Where documents are written and returned forms looked for (report forms, the 催报清单, agendas):
    the folder used last time; else the ledger's folder, unless that is the app's private data folder
    (a clerk would never find a file there): then the user's Documents folder, else home."""
    import platformdirs

    saved = get(ledger, "export_dir")
    if saved and Path(saved).is_dir():
        return Path(saved)
    folder = ledger.path.resolve().parent
    if folder != default_db_path().resolve().parent:
        return folder
    documents = Path(platformdirs.user_documents_dir())
    return documents if documents.is_dir() else Path.home()


def import_dir(ledger: Ledger) -> Path:
    """Where the import screen's file list starts: the folder of the last imported plan, else the
    user's Documents folder, else the home folder."""
    import platformdirs  # not on the status command's path

    for candidate in (get(ledger, "import_dir"), platformdirs.user_documents_dir()):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return Path.home()
