"""Meetings on screen: the list, a meeting's form, its agenda and decisions (议定事项)."""
