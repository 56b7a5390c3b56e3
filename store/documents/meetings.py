"""Joint meetings (联席会议): when and where, who chairs and attends, the quarter under review, the
agenda (kept as edited, see agenda.py) and the decisions (议定事项) that become tracked tasks."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from store import strings
from store.errors import ChangedMeanwhileError, NotFoundError, ValidationError
from store.ledger.db import Ledger
from store.quarterly import reports
from store.work import rules, tasks
from store.work.quarters import Quarter

KINDS = ("plenary", "liaison")
_TIME = re.compile(r"^([01]?\d|2[0-3])[::.]([0-5]\d)$")


@dataclass
class MeetingDraft:
    """What the meeting form (or the CLI) hands over. ``attendees``: unit ids; empty = every member unit."""

    quarter: Quarter
    date: date | None = None
    start_time: str = "09:00"
    place: str = ""
    chair: str = ""
    kind: str = "plenary"
    title: str = ""
    attendees: list[int] = field(default_factory=list)


@dataclass
class Meeting(MeetingDraft):
    id: int = 0
    agenda_json: str | None = None

    @property
    def kind_label(self) -> str:
        return strings.MEETING_KINDS.get(self.kind, self.kind)

    @property
    def display_title(self) -> str:
        return self.title or default_title(self.quarter, self.kind)


def default_title(quarter: Quarter, kind: str = "plenary") -> str:
    return strings.MEETING_DEFAULT_TITLE.format(quarter=quarter.label, kind=strings.MEETING_KINDS.get(kind, ""))


def parse_time(text: str) -> str:
    """``9:00`` / ``09:30`` / ``9:30`` → ``09:30``; anything else is refused in Chinese."""
    found = _TIME.match(text.strip())
    if not found:
        raise ValidationError(strings.ERR_MEETING_TIME.format(text=text.strip()), field="start_time")
    return f"{int(found.group(1)):02d}:{found.group(2)}"


def _from_row(ledger: Ledger, r: dict[str, Any]) -> Meeting:
    attendees = [
        a["unit_id"] for a in ledger.rows(
            "SELECT unit_id FROM meeting_attendees WHERE meeting_id = ? ORDER BY unit_id", [r["id"]]
        )
    ]
    return Meeting(
        quarter=Quarter.parse(r["quarter"]), date=rules.parse_date(r["date"]), start_time=r["start_time"] or "09:00",
        place=r["place"], chair=r["chair"], kind=r["kind"], title=r["title"], attendees=attendees, id=r["id"],
        agenda_json=r["agenda_json"],
    )


def list_meetings(ledger: Ledger) -> list[Meeting]:
    """Newest first."""
    return [_from_row(ledger, r) for r in ledger.rows("SELECT * FROM meetings ORDER BY date DESC, id DESC")]


def get_meeting(ledger: Ledger, meeting_id: int) -> Meeting:
    found = ledger.row("SELECT * FROM meetings WHERE id = ?", [meeting_id])
    if found is None:
        raise NotFoundError(strings.ERR_NOT_FOUND)
    return _from_row(ledger, found)


def find_meeting(ledger: Ledger, quarter: Quarter, day: date | None) -> Meeting | None:
    """The meeting reviewing ``quarter`` on ``day`` (any day when ``day`` is None), if there is one."""
    found = ledger.row(
        "SELECT * FROM meetings WHERE quarter = ? AND (? IS NULL OR date = ?) ORDER BY date DESC, id DESC LIMIT 1",
        [str(quarter), day.isoformat() if day else None, day.isoformat() if day else None],
    )
    return _from_row(ledger, found) if found else None


def _validate(ledger: Ledger, draft: MeetingDraft) -> MeetingDraft:
    if draft.kind not in KINDS:
        raise ValidationError(strings.ERR_MEETING_KIND, field="kind")
    start_time = parse_time(draft.start_time or "09:00")
    known = {r["id"] for r in ledger.rows("SELECT id FROM units")}
    unknown = [u for u in draft.attendees if u not in known]
    if unknown:
        raise ValidationError(strings.ERR_NOT_FOUND, field="attendees")
    return MeetingDraft(
        quarter=draft.quarter, date=draft.date, start_time=start_time, place=draft.place.strip(),
        chair=draft.chair.strip(), kind=draft.kind, title=draft.title.strip() or default_title(draft.quarter, draft.kind),
        attendees=sorted(set(draft.attendees)),
    )


def _write_attendees(ledger: Ledger, meeting_id: int, attendees: list[int]) -> None:
    ledger.conn.execute("DELETE FROM meeting_attendees WHERE meeting_id = ?", [meeting_id])
    ledger.conn.executemany(
        "INSERT INTO meeting_attendees (meeting_id, unit_id) VALUES (?, ?)", [(meeting_id, u) for u in attendees]
    )


def create_meeting(ledger: Ledger, draft: MeetingDraft) -> int:
    with ledger.write() as db:
        clean = _validate(ledger, draft)
        cursor = db.execute(
            "INSERT INTO meetings (title, kind, date, start_time, place, chair, quarter) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [clean.title, clean.kind, clean.date.isoformat() if clean.date else None, clean.start_time, clean.place,
             clean.chair, str(clean.quarter)],
        )
        meeting_id = int(cursor.lastrowid or 0)
        _write_attendees(ledger, meeting_id, clean.attendees)
    return meeting_id


def form_fields(meeting: MeetingDraft) -> tuple[object, ...]:
    """What the meeting form edits (not the agenda kept with the meeting)."""
    return (meeting.title, meeting.kind, meeting.date, meeting.start_time, meeting.place, meeting.chair,
            meeting.quarter, sorted(meeting.attendees))


def update_meeting(ledger: Ledger, meeting_id: int, draft: MeetingDraft, *, expected: MeetingDraft | None = None) -> None:
    """Change a meeting. ``expected``: the meeting as the form read it; when what the form edits has
    changed since, :class:`ChangedMeanwhileError` and nothing is written over the newer change."""
    with ledger.write() as db:
        current = get_meeting(ledger, meeting_id)  # NotFoundError when it is gone
        if expected is not None and form_fields(current) != form_fields(expected):
            raise ChangedMeanwhileError(strings.ERR_MEETING_CHANGED_MEANWHILE)
        clean = _validate(ledger, draft)
        db.execute(
            "UPDATE meetings SET title = ?, kind = ?, date = ?, start_time = ?, place = ?, chair = ?, quarter = ? "
            "WHERE id = ?",
            [clean.title, clean.kind, clean.date.isoformat() if clean.date else None, clean.start_time, clean.place,
             clean.chair, str(clean.quarter), meeting_id],
        )
        _write_attendees(ledger, meeting_id, clean.attendees)


def delete_meeting(ledger: Ledger, meeting_id: int) -> None:
    """Delete a meeting; its decisions stay as tasks (their source meeting is cleared)."""
    with ledger.write() as db:
        get_meeting(ledger, meeting_id)  # NotFoundError when it is gone
        db.execute("DELETE FROM meetings WHERE id = ?", [meeting_id])


_ANY = object()


def save_agenda_json(ledger: Ledger, meeting_id: int, payload: dict[str, Any], *, expected: object = _ANY) -> str:
    """Keep the (edited) agenda with its meeting, in one transaction (unchanged: nothing written);
    returns the text stored. ``expected``: the stored text the editor's copy was read from (None: no
    agenda yet); when the ledger holds another by now, :class:`ChangedMeanwhileError` and nothing written."""
    text = json.dumps(payload, ensure_ascii=False)
    with ledger.write() as db:
        before = ledger.scalar("SELECT agenda_json FROM meetings WHERE id = ?", [meeting_id])
        if ledger.scalar("SELECT count(*) FROM meetings WHERE id = ?", [meeting_id]) == 0:
            raise NotFoundError(strings.ERR_NOT_FOUND)
        if expected is not _ANY and before != expected and before != text:
            raise ChangedMeanwhileError(strings.ERR_AGENDA_CHANGED)
        if before != text:
            db.execute("UPDATE meetings SET agenda_json = ? WHERE id = ?", [text, meeting_id])
    return text


# --- decisions (议定事项) ----------------------------------------------------------------------------


@dataclass
class Decision:
    task_id: int
    code: str
    title: str
    units_label: str
    deadline: str
    light: rules.Light
    meeting_id: int
    meeting_title: str
    latest: str  # the latest report, in words


def record_decision(
    ledger: Ledger, meeting_id: int, title: str, *, lead_units: list[str], co_units: list[str] | None = None,
    deadline: date | None = None, today: date,
) -> int:
    """A decision becomes a task with the meeting as its source (validated like any task)."""
    meeting = get_meeting(ledger, meeting_id)
    count = int(ledger.scalar("SELECT count(*) FROM tasks WHERE meeting_id = ?", [meeting_id]))
    draft = tasks.TaskDraft(
        title=title, code=strings.DECISION_CODE.format(number=count + 1, quarter=str(meeting.quarter)),
        lead_units=lead_units, co_units=co_units or [], deadline=deadline, source="meeting", meeting_id=meeting_id,
    )
    if not lead_units:
        raise ValidationError(strings.ERR_DECISION_NO_UNIT, field="lead_units")
    return tasks.create_task(ledger, draft, today=today)


def decisions(ledger: Ledger, *, today: date, before_meeting: Meeting | None = None,
              of_meeting: int | None = None) -> list[Decision]:
    """Decisions of one meeting (``of_meeting``), or of every meeting held before ``before_meeting``."""
    params: list[object]
    if of_meeting is not None:
        where, params = "t.meeting_id = ?", [of_meeting]
    elif before_meeting is not None:
        where = ("t.meeting_id IN (SELECT id FROM meetings WHERE id <> ? AND (date IS NULL OR ? IS NULL OR date < ?)"
                 " AND quarter <= ?)")
        day = before_meeting.date.isoformat() if before_meeting.date else None
        params = [before_meeting.id, day, day, str(before_meeting.quarter)]
    else:
        where, params = "t.meeting_id IS NOT NULL", []
    rows = tasks.task_rows(ledger, where, params, today=today)
    titles = {r["id"]: r["title"] for r in ledger.rows("SELECT id, title FROM meetings")}
    meeting_of = {
        r["id"]: r["meeting_id"] for r in ledger.rows("SELECT id, meeting_id FROM tasks WHERE meeting_id IS NOT NULL")
    }
    states = reports.task_states(ledger, [row.id for row in rows])
    out = []
    for row in rows:
        state = states.get(row.id)
        words = strings.DECISION_LATEST.format(said=state.words) if state and state.any_report else (
            strings.DECISION_NO_REPORT
        )
        meeting_id = meeting_of.get(row.id, 0)
        out.append(Decision(row.id, row.code, row.title, row.units_label, row.deadline.label, row.light, meeting_id,
                            titles.get(meeting_id, ""), words))
    return out
