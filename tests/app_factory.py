"""The app as tests drive it: on a real ledger file, with "today" fixed."""

from __future__ import annotations

from pathlib import Path

from store.ledger.opener import open_ledger
from tests.conftest import TODAY
from tui.app import TaizhangApp


def make_app(path: Path) -> TaizhangApp:
    return TaizhangApp(open_ledger(path), today=TODAY)


def steady_cursors(app: TaizhangApp) -> None:
    """Stop the text cursors blinking on the current screen, so a snapshot does not depend on the
    moment it is taken (a blinking cursor is drawn or not)."""
    from textual.widgets import Input, TextArea

    for widget in app.screen.query(Input):
        widget.cursor_blink = False
    for area in app.screen.query(TextArea):
        area.cursor_blink = False
