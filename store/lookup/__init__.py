"""Finding things: search, `taizhang status` and the main screen's pages.

Imports store.quarterly, store.work, store.ledger, store.errors and store.strings; never documents or the demo.
"""
