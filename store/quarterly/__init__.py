"""Quarterly reports: entry and revisions, the Excel forms, exports and the progress figures.

Imports store.work, store.ledger, store.errors and store.strings; never the plan import, meetings or lookup.
"""
