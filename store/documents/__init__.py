"""Meetings, their decisions, and the documents written from the ledger (the agenda, its Word file).

Imports store.quarterly, store.work, store.ledger, store.errors and store.strings; nothing below imports it.
"""
