"""A plan and its import: plan_import parses a file (and imports nothing of the ledger), review and importer save it.

Imports store.work, store.ledger, store.errors and store.strings; never reports, meetings or lookup.
"""
