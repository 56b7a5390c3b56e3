"""The joint meeting's agenda (会议议程), generated from the ledger and then edited by the clerk.

Generation follows domain.md: the secretariat's briefing with figures, earlier decisions and how
they stand, unit reports (units with red tasks first, each with its overdue tasks), the problems
units raised, next quarter's work, the chair's speech. Every item has a presenter and minutes; the
clock times follow from the meeting's start time.

The agenda is kept with its meeting as the clerk left it. Regenerating after new reports updates
what the clerk has not touched and keeps every edit: an edited field stays, a removed item stays
removed, an added item stays where it was put, an edited item whose source is gone is kept.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta

from store import strings
from store.documents import meetings
from store.documents.meetings import Meeting
from store.ledger.db import Ledger
from store.quarterly import progress, reports
from store.work import phases, report_state, rules, tasks
from store.work.phases import EFFECTIVE_PHASE_SQL
from store.work.quarters import Quarter
from store.work.rules import Light
from store.work.tasks import TaskRow
from store.work.units import DISPLAY_NAME

EDITABLE = ("title", "presenter", "minutes", "body")
RED_UNIT_MINUTES = 5
UNIT_MINUTES = 3
MAX_SPOKEN_UNITS = 12  # beyond this, units with nothing red or yellow report in writing


@dataclass
class AgendaItem:
    key: str  # "briefing", "decisions", "unit:12", "written", "problems", "next", "speech", "manual:…"
    title: str
    presenter: str
    minutes: int
    body: list[str] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)  # the fields the clerk changed

    @property
    def manual(self) -> bool:
        return self.key.startswith("manual:")


@dataclass
class Agenda:
    meeting: Meeting
    items: list[AgendaItem]
    removed: list[str] = field(default_factory=list)  # generated items the clerk removed
    # The agenda as stored with the meeting when this copy was read (None: none was): a save over a
    # newer change (an undo, another window) is refused (:func:`save`).
    base: str | None = None

    def schedule(self) -> list[tuple[AgendaItem, str, str]]:
        """Each item with its start and end clock time (``09:00``), from the meeting's start time."""
        hours, minutes = (int(part) for part in self.meeting.start_time.split(":"))
        clock = datetime(2000, 1, 1, hours, minutes)
        out = []
        for item in self.items:
            end = clock + timedelta(minutes=item.minutes)
            out.append((item, clock.strftime("%H:%M"), end.strftime("%H:%M")))
            clock = end
        return out

    @property
    def total_minutes(self) -> int:
        return sum(item.minutes for item in self.items)

    def to_json(self) -> dict[str, object]:
        return {"items": [asdict(item) for item in self.items], "removed": list(self.removed)}


# --- what the ledger says -------------------------------------------------------------------------


@dataclass
class Facts:
    """Everything the agenda and its attachments are made of, for one meeting."""

    quarter: Quarter
    as_of: date
    rows: list[TaskRow]
    lights: dict[Light, int]
    submission: list[reports.UnitSubmission]
    overdue: list[TaskRow]
    red_by_unit: dict[int, list[TaskRow]]
    yellow_by_unit: dict[int, int]
    problems: list[tuple[str, dict[str, list[str]]]]  # unit → {problem: [task codes]}
    due_next: list[TaskRow]
    phase_changes: list[str]
    recurring_next: list[tuple[date, TaskRow]]
    decisions: list[meetings.Decision]
    progress: progress.Progress
    latest: dict[int, str]  # task id → its state for the quarter, in words (reports.task_states)

    @property
    def expected(self) -> int:
        return sum(s.expected for s in self.submission)

    @property
    def reported(self) -> int:
        return sum(s.reported for s in self.submission)

    @property
    def late(self) -> int:
        return sum(s.late for s in self.submission)

    @property
    def missing_units(self) -> list[reports.UnitSubmission]:
        return [s for s in self.submission if s.missing]


def facts(ledger: Ledger, meeting: Meeting, *, today: date) -> Facts:
    """The ledger judged on the meeting's day (or today, when the meeting has no date yet).

    Each thing is read once and handed on: the tasks judged on that day, the quarter's reports
    (:func:`report_state.quarter_reports`: the submission and progress figures count from them)
    what the quarter's current reports raise (:func:`reports.quarter_notes`) and each task's state
    for the quarter, its lead units' reports (:func:`reports.task_states`).
    """
    quarter = meeting.quarter
    as_of = meeting.date or today
    own = _own_decisions(ledger, meeting)
    rows = [r for r in tasks.task_rows(ledger, today=as_of) if r.id not in own]
    lights = {light: 0 for light in Light}
    for row in rows:
        lights[row.light] += 1
    overdue = [r for r in rows if not r.done and r.light != Light.DONE and r.deadline.day and r.deadline.day < as_of]
    overdue.sort(key=lambda r: (r.deadline.day or as_of, r.code))
    leads = report_state.lead_units(ledger)
    red_by_unit: dict[int, list[TaskRow]] = {}
    yellow_by_unit: dict[int, int] = {}
    for row in rows:
        if row.light == Light.RED:
            for unit_id in leads.get(row.id, []):
                red_by_unit.setdefault(unit_id, []).append(row)
        elif row.light == Light.YELLOW:
            for unit_id in leads.get(row.id, []):
                yellow_by_unit[unit_id] = yellow_by_unit.get(unit_id, 0) + 1
    found = report_state.quarter_reports(ledger, quarter, current=True)
    notes = reports.quarter_notes(ledger, found)
    code_of = {r.id: r.code or r.title for r in rows}
    problems: dict[str, dict[str, list[str]]] = {}  # unit → problem → the codes of the tasks it was raised on
    order = {r.id: n for n, r in enumerate(rows)}
    for _, task_id, unit_name, raised in sorted(notes.problems, key=lambda p: (p[0], order.get(p[1], 0))):
        if raised.strip() and task_id in code_of:
            by_problem = problems.setdefault(unit_name, {})
            by_problem.setdefault(raised.strip().rstrip("。"), []).append(code_of[task_id])
    following = quarter.next()
    due_next = [
        r for r in rows
        if not r.rrule and r.light != Light.DONE and r.deadline.day and following.contains(r.deadline.day)
    ]
    due_next.sort(key=lambda r: (r.deadline.day or following.end, r.code))
    recurring_next: list[tuple[date, TaskRow]] = []
    starts = _series_starts(ledger)
    for row in rows:
        if row.rrule:
            # The series runs from the task's phase (else plan) start, as its deadline does (rules.task_deadline).
            try:
                days = rules.occurrences(row.rrule, starts.get(row.id) or following.start, following.end)
            except (ValueError, TypeError, KeyError):
                continue
            recurring_next.extend((day, row) for day in days if following.contains(day))
    recurring_next.sort(key=lambda pair: (pair[0], pair[1].code))
    phase_changes = []
    for phase in phases.list_phases(ledger):
        if phase.start and following.contains(phase.start):
            phase_changes.append(strings.AGENDA_PHASE_STARTS.format(name=phase.name, day=rules.cn_date(phase.start)))
        if phase.end and following.contains(phase.end):
            phase_changes.append(strings.AGENDA_PHASE_ENDS.format(name=phase.name, day=rules.cn_date(phase.end)))
    return Facts(
        quarter=quarter, as_of=as_of, rows=rows, lights=lights, submission=reports.submission(ledger, quarter, found),
        overdue=overdue, red_by_unit=red_by_unit, yellow_by_unit=yellow_by_unit, problems=list(problems.items()),
        due_next=due_next, phase_changes=phase_changes, recurring_next=recurring_next,
        decisions=meetings.decisions(ledger, today=as_of, before_meeting=meeting) if meeting.id else [],
        progress=progress.progress(ledger, quarter, today=as_of, rows=rows, found=found), latest={task_id: state.words for task_id, state in reports.task_states(
            ledger, {r.id for r in rows}, quarter=quarter).items()},
    )


def _series_starts(ledger: Ledger) -> dict[int, date | None]:
    return {
        r["id"]: rules.parse_date(r["start"])
        for r in ledger.rows(
            "SELECT t.id, coalesce(ph.start, pl.start) AS start FROM tasks t LEFT JOIN plans pl ON pl.id = t.plan_id "
            "LEFT JOIN phases ph ON ph.id = " + EFFECTIVE_PHASE_SQL + " WHERE t.rrule IS NOT NULL"
        )
    }


def _own_decisions(ledger: Ledger, meeting: Meeting) -> set[int]:
    """Decisions taken at this very meeting are its outcome, not part of what it reviews."""
    if not meeting.id:
        return set()
    return {r["id"] for r in ledger.rows("SELECT id FROM tasks WHERE meeting_id = ?", [meeting.id])}


def _task_words(row: TaskRow) -> str:
    return strings.AGENDA_TASK.format(code=row.code, title=row.title, units=row.units_label or "-",
                                      deadline=row.deadline.label)


# --- generating -----------------------------------------------------------------------------------


def generate(found: Facts, meeting: Meeting) -> list[AgendaItem]:
    """The agenda as the ledger would have it, before any edit."""
    items = [_briefing(found)]
    if found.decisions:
        items.append(AgendaItem(
            "decisions", strings.AGENDA_DECISIONS, strings.AGENDA_SECRETARIAT, 5,
            [strings.AGENDA_DECISION_LINE.format(code=d.code, title=d.title, units=d.units_label, deadline=d.deadline,
                                                 light=d.light.label, latest=d.latest) for d in found.decisions],
        ))
    items.extend(_unit_items(found))
    if found.problems:
        body = [
            strings.AGENDA_PROBLEM_UNIT.format(unit=unit, problems=strings.AGENDA_PROBLEM_SEPARATOR.join(
                strings.AGENDA_PROBLEM.format(problem=problem, codes="、".join(codes)) for problem, codes in raised.items()
            ))
            for unit, raised in found.problems
        ]
    else:
        body = [strings.AGENDA_NO_PROBLEMS]
    items.append(AgendaItem("problems", strings.AGENDA_PROBLEMS, strings.AGENDA_ALL_UNITS, 15, body))
    items.append(AgendaItem("next", strings.AGENDA_NEXT.format(quarter=found.quarter.next().label),
                            strings.AGENDA_SECRETARIAT, 10, _next_body(found)))
    items.append(AgendaItem("speech", strings.AGENDA_SPEECH, meeting.chair or strings.AGENDA_CHAIR_DEFAULT, 15, []))
    return items


def _briefing(found: Facts) -> AgendaItem:
    total = len(found.rows)
    body = [
        strings.AGENDA_BRIEF_TASKS.format(
            day=rules.cn_date(found.as_of), total=total, done=found.lights[Light.DONE], green=found.lights[Light.GREEN],
            yellow=found.lights[Light.YELLOW], red=found.lights[Light.RED],
        ),
        strings.AGENDA_BRIEF_REPORTS.format(
            units=len(found.submission), expected=found.expected, reported=found.reported,
            rate=progress.percent(found.reported, found.expected), late=found.late, missing=len(found.missing_units),
        ),
    ]
    if found.overdue:
        body.append(strings.AGENDA_BRIEF_OVERDUE.format(count=len(found.overdue)))
        body.extend(_task_words(row) for row in found.overdue)
    else:
        body.append(strings.AGENDA_BRIEF_NO_OVERDUE)
    return AgendaItem("briefing", strings.AGENDA_BRIEFING, strings.AGENDA_SECRETARIAT, 10, body)


def _unit_items(found: Facts) -> list[AgendaItem]:
    """Units leading red tasks first (most red first, then most yellow), then the rest; when there
    are many units, the ones with nothing red report in writing, in one item."""
    order = {s.unit_id: n for n, s in enumerate(found.submission)}
    names = {s.unit_id: s.display_name for s in found.submission}
    names.update({u.unit_id: u.display_name for u in found.progress.units})
    unit_ids = sorted(
        set(order) | set(found.red_by_unit),
        key=lambda u: (-len(found.red_by_unit.get(u, [])), -found.yellow_by_unit.get(u, 0), order.get(u, 10**6), u),
    )
    spoken = [u for u in unit_ids if found.red_by_unit.get(u)]
    quiet = [u for u in unit_ids if u not in spoken]
    if len(spoken) + len(quiet) <= MAX_SPOKEN_UNITS:
        spoken, quiet = spoken + quiet, []
    submission = {s.unit_id: s for s in found.submission}
    items = []
    for unit_id in spoken:
        red = found.red_by_unit.get(unit_id, [])
        body = []
        entry = submission.get(unit_id)
        if entry is not None:
            body.append(strings.AGENDA_UNIT_REPORTS.format(
                reported=entry.reported, expected=entry.expected, late=entry.late))
        if red:
            body.append(strings.AGENDA_UNIT_RED.format(count=len(red)))
            body.extend(_task_words(row) + (f"〔{found.latest[row.id]}〕" if row.id in found.latest else "")
                        for row in red)
        items.append(AgendaItem(
            f"unit:{unit_id}", strings.AGENDA_UNIT_TITLE.format(unit=names.get(unit_id, "")), names.get(unit_id, ""),
            RED_UNIT_MINUTES if red else UNIT_MINUTES, body,
        ))
    if quiet:
        # Only a unit whose reports are all in is on track in writing; the others are named as not reported.
        written = [u for u in quiet if u in submission and not submission[u].missing]
        unreported = [u for u in quiet if u not in written]
        body = []
        if written:
            body.append(strings.AGENDA_WRITTEN_UNITS.format(units="、".join(names.get(u, "") for u in written)))
        if unreported:
            body.append(strings.AGENDA_WRITTEN_UNREPORTED.format(
                quarter=found.quarter.label, units="、".join(names.get(u, "") for u in unreported)))
        items.append(AgendaItem("written", strings.AGENDA_WRITTEN, strings.AGENDA_WRITTEN_PRESENTER, 2, body))
    return items


def _next_body(found: Facts) -> list[str]:
    body = []
    if found.due_next:
        body.append(strings.AGENDA_NEXT_DUE.format(count=len(found.due_next)))
        body.extend(_task_words(row) for row in found.due_next)
    body.extend(found.phase_changes)
    if found.recurring_next:
        body.append(strings.AGENDA_NEXT_RECURRING)
        body.extend(strings.AGENDA_RECURRING_LINE.format(day=rules.cn_date(day), code=row.code, title=row.title,
                                                         units=row.units_label or "-")
                    for day, row in found.recurring_next)
    return body or [strings.AGENDA_NEXT_NOTHING]


# --- keeping, editing, regenerating ----------------------------------------------------------------


def load(ledger: Ledger, meeting: Meeting, *, today: date) -> Agenda:
    """The meeting's agenda as last saved, or freshly generated when it has none yet."""
    if meeting.agenda_json:
        data = json.loads(meeting.agenda_json)
        items = [AgendaItem(**item) for item in data.get("items", [])]
        return Agenda(meeting, items, list(data.get("removed", [])), base=meeting.agenda_json)
    return Agenda(meeting, generate(facts(ledger, meeting, today=today), meeting))


def save(ledger: Ledger, agenda: Agenda) -> None:
    """Keep the agenda with its meeting (one transaction), unless the stored agenda is no longer the
    one this copy was read from (:class:`ChangedMeanwhileError`: nothing written). ``agenda.base``
    then follows the stored text, so the same copy can be saved again."""
    agenda.base = meetings.save_agenda_json(ledger, agenda.meeting.id, agenda.to_json(), expected=agenda.base)


def has_edits(agenda: Agenda) -> bool:
    return bool(agenda.removed) or any(item.edited or item.manual for item in agenda.items)


def regenerate(agenda: Agenda, fresh: Sequence[AgendaItem]) -> Agenda:
    """Bring the agenda up to date with the ledger, keeping every edit the clerk made."""
    fresh_by_key = {item.key: item for item in fresh}
    kept_keys = {item.key for item in agenda.items}
    out: list[AgendaItem] = []
    for item in agenda.items:
        new = fresh_by_key.get(item.key)
        if item.manual:
            out.append(item)
        elif new is None:
            if item.edited:  # its source is gone, but the clerk wrote in it: keep it
                out.append(item)
        else:
            merged = AgendaItem(new.key, new.title, new.presenter, new.minutes, list(new.body), list(item.edited))
            for name in item.edited:
                setattr(merged, name, getattr(item, name))
            out.append(merged)
    # Items the ledger now has that the agenda did not: placed after the item that precedes them.
    for position, new in enumerate(fresh):
        if new.key in kept_keys or new.key in agenda.removed:
            continue
        before = [f.key for f in fresh[:position]]
        index = 0
        for n, existing in enumerate(out):
            if existing.key in before:
                index = n + 1
        out.insert(index, AgendaItem(new.key, new.title, new.presenter, new.minutes, list(new.body)))
        kept_keys.add(new.key)
    return Agenda(agenda.meeting, out, list(agenda.removed), base=agenda.base)


def edit_item(agenda: Agenda, index: int, **changes: object) -> None:
    """Change fields of an item; the changed fields are remembered as the clerk's."""
    item = agenda.items[index]
    for name, value in changes.items():
        if name not in EDITABLE:
            raise KeyError(name)
        if name == "minutes":
            value = max(0, int(value))  # type: ignore[call-overload]
        if getattr(item, name) != value:
            setattr(item, name, value)
            if name not in item.edited:
                item.edited.append(name)


def add_item(agenda: Agenda, index: int, title: str, presenter: str = "", minutes: int = 5,
             body: list[str] | None = None) -> AgendaItem:
    item = AgendaItem(f"manual:{uuid.uuid4().hex[:8]}", title, presenter, max(0, minutes), body or [])
    agenda.items.insert(max(0, min(index, len(agenda.items))), item)
    return item


def remove_item(agenda: Agenda, index: int) -> AgendaItem:
    item = agenda.items.pop(index)
    if not item.manual and item.key not in agenda.removed:
        agenda.removed.append(item.key)
    return item


def move_item(agenda: Agenda, index: int, step: int) -> int:
    target = index + step
    if not 0 <= target < len(agenda.items):
        return index
    agenda.items[index], agenda.items[target] = agenda.items[target], agenda.items[index]
    return target


# --- attachments ------------------------------------------------------------------------------------


@dataclass
class Attachment:
    title: str
    headers: list[str]
    rows: list[list[str]]
    note: str = ""  # printed under the table: how its figures are counted


def attachments(found: Facts) -> list[Attachment]:
    """附件1 progress by unit, 附件2 overdue tasks, 附件3 units that have not reported."""
    submission = {s.unit_id: s for s in found.submission}
    progress_rows = []
    for unit in found.progress.units:
        entry = submission.get(unit.unit_id)
        progress_rows.append([
            unit.display_name, str(unit.total), str(unit.done), str(unit.red), str(unit.yellow),
            f"{entry.reported}/{entry.expected}" if entry else "-", str(entry.late) if entry else "-",
        ])
    if progress_rows:  # the totals add up the rows above (a task counts once per unit taking part)
        units = found.progress.units
        entries = [submission[u.unit_id] for u in units if u.unit_id in submission]
        progress_rows.append([
            strings.AGENDA_ATTACH_TOTAL, *(str(sum(getattr(u, f) for u in units)) for f in ("total", "done", "red", "yellow")),
            f"{sum(e.reported for e in entries)}/{sum(e.expected for e in entries)}", str(sum(e.late for e in entries)),
        ])
    overdue_rows = [
        [row.code, row.title, row.units_label or "-", row.deadline.label,
         str((found.as_of - row.deadline.day).days) if row.deadline.day else "", found.latest.get(row.id, "-")]
        for row in found.overdue
    ]
    missing_rows = [
        [s.display_name, s.contact or "-", s.phone or "-", f"{len(s.missing)}/{s.expected}"]
        for s in found.missing_units
    ]
    return [
        Attachment(strings.AGENDA_ATTACH_PROGRESS.format(quarter=found.quarter.label),
                   list(strings.AGENDA_ATTACH_PROGRESS_HEADERS), progress_rows, strings.LIGHT_SCOPE_NOTE),
        Attachment(strings.AGENDA_ATTACH_OVERDUE, list(strings.AGENDA_ATTACH_OVERDUE_HEADERS), overdue_rows),
        Attachment(strings.AGENDA_ATTACH_MISSING.format(quarter=found.quarter.label),
                   list(strings.AGENDA_ATTACH_MISSING_HEADERS), missing_rows),
    ]


def heading_lines(meeting: Meeting) -> list[str]:
    """Time, place, chair and attendees, as the agenda's opening lines."""
    when = rules.cn_date(meeting.date) if meeting.date else strings.AGENDA_DATE_UNSET
    return [
        strings.AGENDA_WHEN.format(day=when, time=meeting.start_time),
        strings.AGENDA_PLACE.format(place=meeting.place or strings.AGENDA_UNSET),
        strings.AGENDA_CHAIR.format(chair=meeting.chair or strings.AGENDA_UNSET),
    ]


def attendee_line(ledger: Ledger, meeting: Meeting) -> str:
    if not meeting.attendees:
        return strings.AGENDA_ATTENDEES.format(units=strings.AGENDA_ALL_MEMBERS)
    names = [
        r["display"] for r in ledger.rows(
            f"SELECT {DISPLAY_NAME} AS display FROM units WHERE id IN "
            f"({','.join('?' * len(meeting.attendees))}) ORDER BY id", meeting.attendees,
        )
    ]
    return strings.AGENDA_ATTENDEES.format(units="、".join(names))


def to_markdown(ledger: Ledger, agenda: Agenda, found: Facts) -> str:
    """The agenda as plain Markdown: heading, schedule, items, attachments as tables."""
    meeting = agenda.meeting
    lines = [f"# {meeting.display_title}", ""]
    lines += [f"- {line}" for line in [*heading_lines(meeting), attendee_line(ledger, meeting)]]
    lines += ["", f"## {strings.AGENDA_SCHEDULE}", ""]
    for number, (item, start, end) in enumerate(agenda.schedule(), start=1):
        lines.append(f"### {strings.AGENDA_ITEM_HEADING.format(number=cn_number(number), title=item.title)}")
        lines.append("")
        lines.append(strings.AGENDA_ITEM_META.format(start=start, end=end, presenter=item.presenter or "-",
                                                     minutes=item.minutes))
        lines.append("")
        lines += [f"{paragraph}" + "  " for paragraph in item.body]
        lines.append("")
    for number, attachment in enumerate(attachments(found), start=1):
        lines += [f"## {strings.AGENDA_ATTACHMENT.format(number=number, title=attachment.title)}", ""]
        if not attachment.rows:
            lines += [strings.AGENDA_ATTACH_NONE, ""]
            continue
        lines.append("| " + " | ".join(attachment.headers) + " |")
        lines.append("|" + "---|" * len(attachment.headers))
        for row in attachment.rows:
            lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
        lines.append("")
        if attachment.note:
            lines += [attachment.note, ""]
    return "\n".join(lines)


def cn_number(number: int) -> str:
    """A count or item number in Chinese numerals: 三, 十二, 四十五, 一百零五, 一百一十, 二千零三."""
    digits, ten = strings.CN_DIGITS, strings.CN_TEN
    if number < 0:
        return str(number)
    if number < 10:
        return digits[number]
    if number < 20:
        return ten + (digits[number - 10] if number > 10 else "")
    if number < 100:
        return digits[number // 10] + ten + (digits[number % 10] if number % 10 else "")
    for size, word in ((1000, strings.CN_THOUSAND), (100, strings.CN_HUNDRED)):
        if number >= size:
            if number >= size * 10:
                return str(number)  # no agenda has ten thousand items
            head, rest = divmod(number, size)
            if rest == 0:
                return digits[head] + word
            tail = cn_number(rest)
            if 10 <= rest < 20:
                tail = digits[1] + tail  # 一百一十五, 一千零一十
            if rest < size // 10:
                tail = digits[0] + tail  # 一百零五, 二千零三
            return digits[head] + word + tail
    return str(number)
