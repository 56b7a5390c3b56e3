"""Plans (工作方案): the documents tasks come from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from store.ledger.db import Ledger
from store.work import rules


@dataclass
class Plan:
    id: int
    title: str
    issuer: str
    doc_no: str
    issued: date | None
    start: date | None
    end: date | None


def list_plans(ledger: Ledger) -> list[Plan]:
    return [
        Plan(
            id=r["id"],
            title=r["title"],
            issuer=r["issuer"] or "",
            doc_no=r["doc_no"] or "",
            issued=rules.parse_date(r["issued"]),
            start=rules.parse_date(r["start"]),
            end=rules.parse_date(r["end"]),
        )
        for r in ledger.rows("SELECT * FROM plans ORDER BY id")
    ]


def default_plan_id(ledger: Ledger) -> int | None:
    """The plan new tasks and phases join when the clerk adds them by hand: the latest one."""
    found = ledger.scalar("SELECT max(id) FROM plans")
    return int(found) if found is not None else None
