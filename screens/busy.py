"""Saying so when the ledger is busy: another window or program is writing to it and a write waits.

The app calls :func:`install_busy_notice` once, on its own thread (``on_mount``)::

    from screens.busy import install_busy_notice
    install_busy_notice(self, self.ledger)

:meth:`store.ledger.db.Ledger.write` then calls ``ledger.on_busy`` when a write has waited
``BUSY_NOTICE_MS`` for the lock, from whichever thread writes:

* a worker thread: the notice is handed to the app's thread and shows at once, while the worker
  goes on waiting;
* the app's own thread: the notice is queued directly. The wait blocks the event loop, so it is
  drawn when the wait ends (the write saved, or refused with ``ERR_LEDGER_BUSY``): writes that may
  wait long (imports) belong in workers.
"""

from __future__ import annotations

import threading
from typing import Any

from textual.app import App

from store import strings
from store.ledger import db
from store.ledger.db import Ledger


def install_busy_notice(app: App[Any], ledger: Ledger) -> None:
    """Make ``ledger``'s writes show :data:`strings.LEDGER_BUSY` in ``app`` when they wait.
    Call it on the app's thread."""
    app_thread = threading.get_ident()

    def show() -> None:
        app.notify(strings.LEDGER_BUSY, severity="warning", timeout=db.BUSY_TIMEOUT_MS / 1000, markup=False)

    def on_busy() -> None:
        if threading.get_ident() == app_thread:
            show()
        elif app.is_running:
            app.call_from_thread(show)

    ledger.on_busy = on_busy
