"""SVG snapshots of 会议 and 会议议程 at 120x40 on the demo ledger (today fixed at 2026-11-21).

The meetings are made here with fixed dates, so nothing depends on the wall clock. Update after a
reviewed change with ``.venv/bin/pytest tests/test_meeting_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from store.documents import agenda, meetings
from store.documents.meetings import MeetingDraft
from store.ledger.opener import open_ledger
from store.work.quarters import Quarter
from tests.app_factory import make_app, steady_cursors
from tests.conftest import TODAY

SIZE = (120, 40)


def _with_meetings(demo_path: Path) -> Path:
    """Two meetings: the Q2 liaison meeting with a decision, the Q3 plenary with an edited agenda."""
    ledger = open_ledger(demo_path)
    try:
        q2 = meetings.create_meeting(ledger, MeetingDraft(Quarter(2026, 2), date(2026, 7, 15), "14:30", "县市监局三楼会议室",
                                                          "王主任", kind="liaison", attendees=[1, 2, 5, 6, 11]))
        meetings.record_decision(ledger, q2, "建立质量工作站建设周报制度", lead_units=["县市监局"],
                                 co_units=["青溪镇"], deadline=date(2026, 9, 30), today=date(2026, 7, 15))
        q3 = meetings.create_meeting(ledger, MeetingDraft(Quarter(2026, 3), date(2026, 10, 20), "09:00",
                                                          "县政府三楼会议室", "李副县长"))
        made = agenda.load(ledger, meetings.get_meeting(ledger, q3), today=TODAY)
        agenda.edit_item(made, 0, title="创建办通报全县创建工作进展", minutes=12)
        agenda.add_item(made, 2, "审议三年行动计划", "县市监局", 20, ["听取起草说明", "讨论修改意见"])
        agenda.save(ledger, made)
    finally:
        ledger.close()
    return demo_path


async def _settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    steady_cursors(pilot.app)  # type: ignore[arg-type]
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def test_meetings_list(snap_compare: Any, demo_path: Path) -> None:
    async def open_list(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("m")
        await _settle(pilot)

    assert snap_compare(make_app(_with_meetings(demo_path)), terminal_size=SIZE, run_before=open_list)


def test_agenda(snap_compare: Any, demo_path: Path) -> None:
    async def open_agenda(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("enter")
        await _settle(pilot)

    assert snap_compare(make_app(_with_meetings(demo_path)), terminal_size=SIZE, run_before=open_agenda)
