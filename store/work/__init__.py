"""Units, tasks, phases and plans, with the rules that judge them (deadlines, quarters, lights, who reports).

Imports store.ledger, store.errors and store.strings.
"""
