"""What the 会议 and 议程 screens read besides meetings.py and agenda.py: the meeting list with each
meeting's count of decisions, the units that can attend, and where and under what name an agenda
is exported (the files themselves are written by agenda_docx)."""

from __future__ import annotations

from dataclasses import dataclass

from store import strings
from store.documents import meetings
from store.documents.meetings import Meeting
from store.ledger.db import Ledger
from store.ledger.files import safe_filename
from store.work.units import DISPLAY_NAME

# Characters Windows refuses in a file name (and the path separators).


@dataclass
class MeetingRow:
    meeting: Meeting
    decision_count: int

    @property
    def has_agenda(self) -> bool:
        """Whether an agenda is kept with the meeting (else it is generated when opened)."""
        return self.meeting.agenda_json is not None


def meeting_rows(ledger: Ledger) -> list[MeetingRow]:
    """Every meeting, newest first, with how many decisions (议定事项) it has recorded."""
    counts = {
        r["meeting_id"]: int(r["n"])
        for r in ledger.rows(
            "SELECT meeting_id, count(*) AS n FROM tasks WHERE meeting_id IS NOT NULL GROUP BY meeting_id"
        )
    }
    return [MeetingRow(m, counts.get(m.id, 0)) for m in meetings.list_meetings(ledger)]


def member_units(ledger: Ledger) -> list[tuple[int, str]]:
    """(id, short name) of the units that can attend a meeting: every unit but groups of units."""
    return [
        (r["id"], r["display"])
        for r in ledger.rows(
            f"SELECT id, {DISPLAY_NAME} AS display FROM units WHERE kind <> 'group' ORDER BY id"
        )
    ]


def agenda_file_stem(meeting: Meeting) -> str:
    """``质量强县工作联席会议2026年第三季度全体会议议程``: a file name any system accepts."""
    stem = strings.AGENDA_FILE_STEM.format(title=meeting.display_title)
    return safe_filename(stem, "agenda")
