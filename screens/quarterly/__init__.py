"""Quarterly reports on screen: entry, the Excel forms, who has reported (填报情况)."""
