"""The app as tests drive it: on a real ledger file, with "today" fixed."""

from __future__ import annotations

from pathlib import Path

from store.ledger.opener import open_ledger
from tests.conftest import TODAY
from tui.app import TaizhangApp


def make_app(path: Path) -> TaizhangApp:
    return TaizhangApp(open_ledger(path), today=TODAY)
