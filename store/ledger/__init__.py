"""The ledger file itself: the connection, schema and migrations, history and undo, backups, settings, safe file writing.

Imports only store.errors and store.strings; store.ledger.opener is the one way to open a ledger.
"""
