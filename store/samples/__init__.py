"""The demo ledger and the generated ledgers of county, prefecture and province size.

May import any part of store; nothing in store imports it.
"""
