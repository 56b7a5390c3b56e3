"""Quarterly reports (季度报告): one per (task, unit, quarter), every correction kept as a revision.

Recording a report that says exactly what the latest revision says changes nothing (importing the
same form twice is harmless); anything else becomes a new revision. Submission figures (who has
reported, who is late, who is missing) are computed here for the screens, the CLI and the agenda.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from store import strings
from store.errors import ChangedMeanwhileError, NotFoundError, ValidationError
from store.ledger import settings
from store.ledger.db import Ledger
from store.work import report_state, rules
from store.work.quarters import Quarter, quarters_between
from store.work.tasks import Target, TaskRow, task_rows
from store.work.units import DISPLAY_NAME, DISPLAY_NAME_U

STATUSES = ("not_started", "in_progress", "done", "late", "paused")


def status_text(status: str, progress: int | None) -> str:
    """``推进中 60%`` (``推进中`` when no percent was given): a report's state in words, everywhere."""
    label = strings.REPORT_STATUS.get(status, status)
    return label + (strings.REPORT_PROGRESS.format(value=progress) if progress is not None else "")


def parse_status(text: str) -> str:
    """``推进中`` or ``in_progress`` → ``in_progress``; anything else is refused."""
    value = text.strip()
    if value in STATUSES:
        return value
    for key, label in strings.REPORT_STATUS.items():
        if value == label:
            return key
    raise ValidationError(
        strings.ERR_REPORT_STATUS.format(text=value, choices="、".join(strings.REPORT_STATUS.values())),
        field="status",
    )


@dataclass
class ReportDraft:
    """What a clerk (or a form, or the CLI) hands over for one task, unit and quarter."""

    task_id: int
    unit_id: int
    quarter: Quarter
    status: str
    progress: int | None = None
    work_done: str = ""
    problems: str = ""
    next_steps: str = ""
    received: date | None = None
    actuals: dict[int, float] = field(default_factory=dict)

    def content(self, *, with_received: bool = True) -> tuple[object, ...]:
        """What makes two reports the same (a re-import of the same form is not a new revision).
        ``with_received=False``: the same report arriving again on another day is still the same."""
        return (
            self.status, self.progress, self.work_done.strip(), self.problems.strip(), self.next_steps.strip(),
            self.received if with_received else None, tuple(sorted((k, float(v)) for k, v in self.actuals.items())),
        )


@dataclass
class Report(ReportDraft):
    id: int = 0
    revision: int = 1
    unit_name: str = ""
    recorded_by: str = ""
    recorded_at: str = ""
    late: bool = False

    @property
    def status_label(self) -> str:
        return strings.REPORT_STATUS.get(self.status, self.status)

    @property
    def status_text(self) -> str:
        return status_text(self.status, self.progress)


# --- reading --------------------------------------------------------------------------------------


def _reports(ledger: Ledger, where: str, params: Sequence[object]) -> list[Report]:
    due_days = settings.report_due_days(ledger)
    rows = ledger.conn.execute(
        "SELECT r.id, r.task_id, r.unit_id, r.quarter, r.revision, r.status, r.progress, r.work_done, r.problems, "
        f"r.next_steps, r.received, r.recorded_by, r.recorded_at, {DISPLAY_NAME_U}, "
        # Lateness is judged on the first revision (as in submission): a correction is never late.
        "(SELECT f.received FROM reports f WHERE f.task_id = r.task_id AND f.unit_id = r.unit_id "
        "AND f.quarter = r.quarter ORDER BY f.revision LIMIT 1) "
        f"FROM reports r JOIN units u ON u.id = r.unit_id WHERE {where} ORDER BY r.quarter DESC, u.id, r.revision DESC",
        list(params),
    ).fetchall()
    actuals: dict[int, dict[int, float]] = {}
    if rows:
        for report_id, target_id, value in ledger.conn.execute(
            "SELECT report_id, target_id, value FROM report_actuals WHERE report_id IN (SELECT value FROM json_each(?))",
            [json.dumps([r[0] for r in rows])],
        ):
            actuals.setdefault(report_id, {})[target_id] = value
    # Reports share their quarter and often their day received: each is read (and judged) once.
    quarters: dict[str, Quarter] = {}
    judged: dict[tuple[str, str | None], bool] = {}
    out = []
    for (report_id, task_id, unit_id, label, revision, status, progress, work_done, problems, next_steps, day,
         recorded_by, recorded_at, unit_name, first_day) in rows:
        quarter = quarters.get(label)
        if quarter is None:
            quarter = quarters[label] = Quarter.parse(label)
        received = rules.parse_date(day)
        late = judged.get((label, first_day))
        if late is None:
            late = judged[(label, first_day)] = rules.report_is_late(quarter, rules.parse_date(first_day), due_days)
        out.append(
            Report(
                task_id=task_id, unit_id=unit_id, quarter=quarter, status=status, progress=progress,
                work_done=work_done, problems=problems, next_steps=next_steps, received=received,
                actuals=actuals.get(report_id, {}), id=report_id, revision=revision, unit_name=unit_name,
                recorded_by=recorded_by, recorded_at=recorded_at, late=late,
            )
        )
    return out


def latest(ledger: Ledger, task_id: int, unit_id: int, quarter: Quarter) -> Report | None:
    """The current revision of a unit's report on a task for a quarter."""
    found = _reports(
        ledger, "r.task_id = ? AND r.unit_id = ? AND r.quarter = ?", [task_id, unit_id, str(quarter)]
    )
    return found[0] if found else None


def revision(ledger: Ledger, task_id: int, unit_id: int, quarter: Quarter, number: int) -> Report | None:
    """One revision of a unit's report on a task for a quarter (None: there is no such revision)."""
    found = _reports(ledger, "r.task_id = ? AND r.unit_id = ? AND r.quarter = ? AND r.revision = ?",
                     [task_id, unit_id, str(quarter), number])
    return found[0] if found else None


def history(ledger: Ledger, task_id: int) -> list[Report]:
    """Every report on a task, every revision: newest quarter first, then unit, newest revision first."""
    return _reports(ledger, "r.task_id = ?", [task_id])


def latest_for_quarter(ledger: Ledger, quarter: Quarter) -> list[Report]:
    """The current revision of every report of a quarter."""
    return _reports(
        ledger,
        "r.quarter = ? AND r.revision = (SELECT max(r2.revision) FROM reports r2 WHERE r2.task_id = r.task_id "
        "AND r2.unit_id = r.unit_id AND r2.quarter = r.quarter)",
        [str(quarter)],
    )


# --- a unit's own latest report, a task's state -------------------------------------------------------

_ROLE_RANK = {"lead": 0, "co": 1, "member": 2}


@dataclass(frozen=True)
class UnitReport:
    """A unit's own latest report on a task: its newest quarter (or the quarter asked for), newest
    revision, with the unit's part in the task (lead / co / member; None: no longer named on it)."""

    task_id: int
    unit_id: int
    unit_name: str  # the display name
    role: str | None
    quarter: Quarter
    status: str
    progress: int | None
    work_done: str

    @property
    def status_label(self) -> str:
        return strings.REPORT_STATUS.get(self.status, self.status)

    def words(self, *, with_quarter: bool = False) -> str:
        """``县住建局 滞后 70%`` (``with_quarter``: ``2026年第三季度 县住建局 滞后 70%``)."""
        said = strings.UNIT_REPORT_WORDS.format(unit=self.unit_name, status=status_text(self.status, self.progress))
        return strings.UNIT_REPORT_WORDS_QUARTER.format(quarter=self.quarter.label, said=said) if with_quarter else said


def latest_by_unit(
    ledger: Ledger, task_ids: Collection[int] | None, *, quarter: Quarter | None = None, unit_id: int | None = None,
) -> dict[int, list[UnitReport]]:
    """task id → each unit's own latest report on it: for ``quarter`` (else its newest quarter), its
    newest revision; only ``unit_id``'s when given. Leads first, then co-units, members, others; by unit
    id within each. The one rule of "a unit's latest report" (never another unit's in its place)."""
    where: list[str] = ["1"]
    params: list[object] = []
    if task_ids is not None:
        where.append("r.task_id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(sorted(task_ids)))
    if quarter is not None:
        where.append("r.quarter = ?")
        params.append(str(quarter))
    if unit_id is not None:
        where.append("r.unit_id = ?")
        params.append(unit_id)
    # Quarters sort as text the way they follow each other (2026Q3 < 2026Q4).
    best: dict[tuple[int, int], tuple[tuple[str, int], Any]] = {}
    for row in ledger.conn.execute(
        f"SELECT r.task_id, r.unit_id, {DISPLAY_NAME_U}, r.quarter, r.revision, r.status, r.progress, "
        f"r.work_done FROM reports r JOIN units u ON u.id = r.unit_id WHERE {' AND '.join(where)}",
        params,
    ):
        key = (row[3], row[4])
        pair = (row[0], row[1])
        if pair not in best or key > best[pair][0]:
            best[pair] = (key, row)
    if not best:
        return {}
    roles = {
        (task_id, unit): role
        for task_id, units_of in report_state.reporters(ledger, {task for task, _ in best}).items()
        for unit, role in units_of
    }
    out: dict[int, list[UnitReport]] = {}
    quarters: dict[str, Quarter] = {}
    for (task_id, unit), (_, row) in best.items():
        label = row[3]
        if label not in quarters:
            quarters[label] = Quarter.parse(label)
        out.setdefault(task_id, []).append(UnitReport(
            task_id, unit, row[2], roles.get((task_id, unit)), quarters[label], row[5], row[6],
            " ".join((row[7] or "").split()),
        ))
    for found in out.values():
        found.sort(key=lambda r: (_ROLE_RANK.get(r.role or "", 3), r.unit_id))
    return out


@dataclass(frozen=True)
class TaskState:
    """A task's state as the chair reads it (:func:`task_states`)."""

    task_id: int
    leads: list[UnitReport]  # the answerable units' own latest reports
    unreported: list[str]  # answerable units with no report (display names)
    late_others: list[UnitReport]  # other units whose latest report says 滞后
    with_quarter: bool  # the reports come from different quarters (the state over all quarters)
    any_report: bool = False  # some unit has reported on the task (in the quarter asked for)

    @property
    def lead_report(self) -> UnitReport | None:
        """The newest report among the answerable units' (the first lead's when they tie)."""
        return max(self.leads, key=lambda r: r.quarter, default=None)

    @property
    def words(self) -> str:
        """``县住建局 滞后 70%``; several leads: each, joined by ;; a lead with no report: ``县财政局 未报``;
        then ``配合单位 县发改局 滞后 60%``. Over all quarters, when nobody has ever reported: ``尚无报告``."""
        if self.with_quarter and not self.any_report:
            return strings.TASK_STATE_NONE  # over all quarters: nobody has ever reported
        parts = [r.words(with_quarter=self.with_quarter) for r in self.leads]
        parts += [strings.TASK_STATE_UNREPORTED.format(unit=name) for name in self.unreported]
        parts += [strings.TASK_STATE_OTHER_LATE.format(said=r.words(with_quarter=self.with_quarter))
                  for r in self.late_others]
        return strings.TASK_STATE_SEPARATOR.join(parts) or strings.TASK_STATE_NONE


def task_states(
    ledger: Ledger, task_ids: Collection[int] | None, *, quarter: Quarter | None = None,
) -> dict[int, TaskState]:
    """Each task's state for ``quarter`` (else over all quarters), the one rule every screen, command
    and document quotes: what its lead units reported (a lead group: its members; a task with no lead:
    every unit on it), each named; a lead that has not reported is named as such; another unit's 滞后 is
    named after them, since any 滞后 turns the task red. Tasks without any unit are left out."""
    by_task = report_state.reporters(ledger, task_ids)
    leads = report_state.lead_units(ledger, task_ids)
    said = latest_by_unit(ledger, task_ids, quarter=quarter)
    names = _display_names(ledger, {unit for units_of in by_task.values() for unit, _ in units_of})
    out: dict[int, TaskState] = {}
    for task_id, units_of in by_task.items():
        answerable = leads.get(task_id) or [unit for unit, _ in units_of]
        reports_of = {r.unit_id: r for r in said.get(task_id, [])}
        lead_reports = [reports_of[u] for u in answerable if u in reports_of]
        unreported = [names.get(u, "") for u in answerable if u not in reports_of]
        others = [r for u, r in reports_of.items() if u not in answerable and r.status == "late"]
        with_quarter = quarter is None
        out[task_id] = TaskState(task_id, lead_reports, unreported, others, with_quarter, bool(reports_of))
    return out


@dataclass
class QuarterNotes:
    """The problems a quarter's current reports raise (for the agenda)."""

    problems: list[tuple[int, int, str, str]]  # (unit id, task id, unit name, problems), by unit


def quarter_notes(ledger: Ledger, found: report_state.QuarterReports) -> QuarterNotes:
    """Every problem raised in the quarter's current reports, from the reports as already read
    (``report_state.quarter_reports(..., current=True)``)."""
    raised = sorted(
        (unit_id, task_id, problems) for (task_id, unit_id), (_, _, problems) in found.current.items() if problems
    )
    names = _display_names(ledger, {unit_id for unit_id, _, _ in raised})
    return QuarterNotes([(unit_id, task_id, names[unit_id], text) for unit_id, task_id, text in raised])


def _display_names(ledger: Ledger, unit_ids: Collection[int]) -> dict[int, str]:
    """unit id → its short name, else its name."""
    return dict(
        ledger.conn.execute(
            f"SELECT id, {DISPLAY_NAME} FROM units WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(sorted(unit_ids))],
        ).fetchall()
    )


@dataclass
class EntryRow:
    """A task a unit reports on this quarter, with its current report (if any)."""

    task: TaskRow
    report: Report | None
    targets: list[tuple[int, str]]


def entry_rows(ledger: Ledger, unit_id: int, quarter: Quarter, *, today: date) -> list[EntryRow]:
    """The tasks ``unit_id`` reports on for ``quarter``, in plan order, with their current reports."""
    return entry_rows_by_unit(ledger, quarter, today=today, unit_ids=[unit_id]).get(unit_id, [])


def entry_rows_by_unit(
    ledger: Ledger, quarter: Quarter, *, today: date, unit_ids: Sequence[int] | None = None
) -> dict[int, list[EntryRow]]:
    """:func:`entry_rows` for several units (all reporting units when ``unit_ids`` is None), with the
    ledger read once: writing every unit's form must not read the whole ledger per unit."""
    wanted = set(unit_ids) if unit_ids is not None else None
    expected = {
        task_id: [u for u in units if wanted is None or u in wanted]
        for task_id, units in report_state.expected(ledger, quarter).items()
    }
    task_ids = [task_id for task_id, units in expected.items() if units]
    if not task_ids:
        return {}
    ids = json.dumps(task_ids)  # one parameter, however many tasks (SQLite limits bound parameters)
    rows = task_rows(ledger, "t.id IN (SELECT value FROM json_each(?))", [ids], today=today)
    targets: dict[int, list[tuple[int, str]]] = {}
    for t in ledger.rows("SELECT * FROM targets WHERE task_id IN (SELECT value FROM json_each(?)) ORDER BY id", [ids]):
        label = Target(t["metric"], t["comparator"], t["value"], t["unit"], t["year"]).label
        targets.setdefault(t["task_id"], []).append((t["id"], label))
    reports = {(r.task_id, r.unit_id): r for r in latest_for_quarter(ledger, quarter)}
    out: dict[int, list[EntryRow]] = {}
    for row in rows:
        for unit in expected[row.id]:
            out.setdefault(unit, []).append(EntryRow(row, reports.get((row.id, unit)), targets.get(row.id, [])))
    return out


# --- writing --------------------------------------------------------------------------------------


def doubts(draft: ReportDraft, *, today: date) -> list[tuple[str, str]]:
    """What is possible but odd in a report, to ask the clerk before saving: (field, question).
    已完成 under 100%; a day received after today or before the quarter began."""
    found: list[tuple[str, str]] = []
    if draft.status == "done" and draft.progress is not None and draft.progress < 100:
        found.append(("progress", strings.REPORT_DONE_UNDER_100.format(progress=draft.progress)))
    if draft.received is not None and draft.received > today:
        found.append(("received", strings.REPORT_RECEIVED_FUTURE.format(day=draft.received.isoformat())))
    if draft.received is not None and draft.received < draft.quarter.start:
        found.append(("received", strings.REPORT_RECEIVED_EARLY.format(day=draft.received.isoformat(),
                                                                       quarter=draft.quarter.label)))
    return found


def _validate(ledger: Ledger, draft: ReportDraft, today: date) -> None:
    if ledger.scalar("SELECT count(*) FROM tasks WHERE id = ?", [draft.task_id]) == 0:
        raise NotFoundError(strings.ERR_NOT_FOUND)
    if draft.unit_id not in [unit for unit, _ in report_state.reporters(ledger, [draft.task_id]).get(draft.task_id, [])]:
        unit = ledger.scalar("SELECT name FROM units WHERE id = ?", [draft.unit_id]) or draft.unit_id
        code = ledger.scalar("SELECT coalesce(nullif(code, ''), title) FROM tasks WHERE id = ?", [draft.task_id])
        raise ValidationError(strings.ERR_REPORT_NOT_UNITS_TASK.format(unit=unit, task=code), field="unit")
    if draft.status not in STATUSES:
        raise ValidationError(
            strings.ERR_REPORT_STATUS.format(text=draft.status, choices="、".join(strings.REPORT_STATUS.values())),
            field="status",
        )
    if draft.progress is not None and not 0 <= draft.progress <= 100:
        raise ValidationError(strings.ERR_REPORT_PROGRESS.format(value=draft.progress), field="progress")
    if draft.received is not None:
        if draft.received > today:
            raise ValidationError(strings.ERR_REPORT_RECEIVED_FUTURE.format(day=draft.received.isoformat()), field="received")
        if draft.received < draft.quarter.start:
            raise ValidationError(
                strings.ERR_REPORT_RECEIVED_EARLY.format(day=draft.received.isoformat(), quarter=draft.quarter.label),
                field="received",
            )
    targets = {r["id"] for r in ledger.rows("SELECT id FROM targets WHERE task_id = ?", [draft.task_id])}
    for target_id in draft.actuals:
        if target_id not in targets:
            raise ValidationError(strings.ERR_REPORT_TARGET, field="actuals")


def record(
    ledger: Ledger, draft: ReportDraft, *, today: date, who: str | None = None, expected_revision: int | None = None,
) -> tuple[Report, bool]:
    """Save a report: returns the current report and whether anything changed.

    The same content as the latest revision changes nothing; different content is a new revision
    (the earlier one stays in the history). One transaction. ``expected_revision``: the revision the
    form showed (0: none); when another has been recorded since (another window), the draft is not
    saved over it (:class:`ChangedMeanwhileError`).
    """
    recorder = who if who is not None else settings.clerk_name(ledger)
    with ledger.write() as db:
        _validate(ledger, draft, today)
        current = latest(ledger, draft.task_id, draft.unit_id, draft.quarter)
        if current is not None and current.content() == draft.content():
            return current, False
        if expected_revision is not None and (current.revision if current else 0) != expected_revision:
            raise ChangedMeanwhileError(strings.ERR_REPORT_CHANGED_MEANWHILE)
        revision = current.revision + 1 if current else 1
        cursor = db.execute(
            "INSERT INTO reports (task_id, unit_id, quarter, revision, status, progress, work_done, problems, "
            "next_steps, received, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                draft.task_id, draft.unit_id, str(draft.quarter), revision, draft.status, draft.progress,
                draft.work_done.strip(), draft.problems.strip(), draft.next_steps.strip(),
                draft.received.isoformat() if draft.received else None, recorder,
            ],
        )
        report_id = int(cursor.lastrowid or 0)
        for target_id, value in draft.actuals.items():
            db.execute(
                "INSERT INTO report_actuals (report_id, target_id, value) VALUES (?, ?, ?)",
                [report_id, target_id, float(value)],
            )
    saved = latest(ledger, draft.task_id, draft.unit_id, draft.quarter)
    assert saved is not None
    return saved, True


def record_many(ledger: Ledger, drafts: Sequence[ReportDraft], *, today: date, who: str | None = None) -> int:
    """Save several reports in one transaction (all or none); returns how many changed."""
    changed = 0
    with ledger.write():
        for draft in drafts:
            changed += record(ledger, draft, today=today, who=who)[1]
    return changed


# --- who filled in and signed a unit's form --------------------------------------------------------


@dataclass(frozen=True)
class Signoff:
    """The sign-off block of a unit's quarterly form: 填报人, 联系电话, 填报日期, 单位负责人."""

    filled_by: str = ""
    phone: str = ""
    filled_on: date | None = None
    head: str = ""
    source: str = ""  # the form's file name

    @property
    def empty(self) -> bool:
        return not (self.filled_by or self.phone or self.filled_on or self.head)

    @property
    def words(self) -> str:
        """``填报人 张三(电话 1234567)``, or nothing when no one signed."""
        if not self.filled_by:
            return ""
        phone = strings.FORM_SIGNED_PHONE.format(phone=self.phone) if self.phone else ""
        return strings.FORM_SIGNED.format(who=self.filled_by, phone=phone)


def signoff(ledger: Ledger, unit_id: int, quarter: Quarter) -> Signoff | None:
    """The sign-off the unit's last imported form for ``quarter`` carried, if any."""
    row = ledger.row(
        "SELECT filled_by, phone, filled_on, head, source FROM report_signoffs WHERE unit_id = ? AND quarter = ?",
        [unit_id, str(quarter)],
    )
    if row is None:
        return None
    filled_on = rules.parse_date(row["filled_on"]) if row["filled_on"] else None
    return Signoff(row["filled_by"], row["phone"], filled_on, row["head"], row["source"])


def record_signoff(ledger: Ledger, unit_id: int, quarter: Quarter, signed: Signoff) -> bool:
    """Keep the sign-off of a form being imported (inside the caller's transaction); an empty one
    or the same one again changes nothing. Returns whether anything was written."""
    if signed.empty or signoff(ledger, unit_id, quarter) == signed:
        return False
    with ledger.write() as db:
        db.execute(
            "INSERT INTO report_signoffs (unit_id, quarter, filled_by, phone, filled_on, head, source) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (unit_id, quarter) DO UPDATE SET filled_by = excluded.filled_by, "
            "phone = excluded.phone, filled_on = excluded.filled_on, head = excluded.head, source = excluded.source",
            [unit_id, str(quarter), signed.filled_by, signed.phone,
             signed.filled_on.isoformat() if signed.filled_on else None, signed.head, signed.source],
        )  # fmt: skip
    return True


# --- who has reported -----------------------------------------------------------------------------


@dataclass
class UnitSubmission:
    """One unit's reporting for a quarter: expected, reported (of which late) and what is missing."""

    unit_id: int
    name: str
    display_name: str
    contact: str
    phone: str
    expected: int = 0
    reported: int = 0
    late: int = 0
    missing: list[tuple[str, str]] = field(default_factory=list)  # (code, title)

    @property
    def state(self) -> str:
        """``complete`` / ``late`` (all in, some after the due date) / ``partial`` / ``none``."""
        if self.reported == 0:
            return "none"
        if self.missing:
            return "partial"
        return "late" if self.late else "complete"


def submission(
    ledger: Ledger, quarter: Quarter, found: report_state.QuarterReports | None = None
) -> list[UnitSubmission]:
    """Every unit expected to report for ``quarter``, with its figures (units in ledger order).
    ``found``: the quarter's :func:`report_state.quarter_reports`, when the caller has read them."""
    found = found if found is not None else report_state.quarter_reports(ledger, quarter)
    due_days = settings.report_due_days(ledger)
    # Lateness is judged on the first revision (a correction later does not make a report late),
    # once per day received (reports arrive on a few days).
    received = found.first_received
    late_on: dict[str | None, bool] = {}
    figures: dict[int, list[int]] = {}  # unit id → [expected, reported, late]
    missing: list[tuple[int, int]] = []  # (task id, unit id)
    for task_id, unit_ids in found.expected.items():
        for unit_id in unit_ids:
            counts = figures.get(unit_id)
            if counts is None:
                counts = figures[unit_id] = [0, 0, 0]
            counts[0] += 1
            pair = (task_id, unit_id)
            if pair in received:
                counts[1] += 1
                day = received[pair]
                late = late_on.get(day)
                if late is None:
                    late = late_on[day] = rules.report_is_late(quarter, rules.parse_date(day), due_days)
                counts[2] += late
            else:
                missing.append(pair)
    if not figures:
        return []
    # What is missing, each unit's in plan order.
    words: dict[int, tuple[str, str]] = {}
    for task_id, code, title in ledger.conn.execute(
        "SELECT id, code, title FROM tasks WHERE id IN (SELECT value FROM json_each(?)) ORDER BY plan_id, ord, id",
        [json.dumps(sorted({task_id for task_id, _ in missing}))],
    ):
        words[task_id] = (code, title)
    position = {task_id: n for n, task_id in enumerate(words)}
    missing.sort(key=lambda pair: position[pair[0]])
    out: dict[int, UnitSubmission] = {}
    for unit_id, name, display, contact, phone in ledger.conn.execute(
        f"SELECT id, name, {DISPLAY_NAME}, contact, phone FROM units "
        "WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(sorted(figures))],
    ):
        expected, reported, late_count = figures[unit_id]
        out[unit_id] = UnitSubmission(unit_id, name, display, contact, phone, expected, reported, late_count)
    for task_id, unit_id in missing:
        out[unit_id].missing.append(words[task_id])
    return [out[unit_id] for unit_id in sorted(out)]


def missing(ledger: Ledger, quarter: Quarter) -> list[UnitSubmission]:
    """The 催报清单: units with reports still missing for ``quarter``, most missing first."""
    return chase_list(submission(ledger, quarter))


def chase_list(submissions: Sequence[UnitSubmission]) -> list[UnitSubmission]:
    """The 催报清单 from a quarter's figures already read: units with something missing, most first."""
    return sorted((s for s in submissions if s.missing), key=lambda s: (-len(s.missing), s.unit_id))


def campaign_quarters(ledger: Ledger, today: date) -> list[Quarter]:
    """The quarters reports have been (or are being) collected for: from the first plan's start, or
    the first report, to today's quarter."""
    first = ledger.scalar("SELECT min(start) FROM plans")
    first_report = ledger.scalar("SELECT min(quarter) FROM reports")
    quarters = [Quarter.of(today)]
    if first:
        quarters.append(Quarter.of(rules.parse_date(first) or today))
    if first_report:
        quarters.append(Quarter.parse(first_report))
    return quarters_between(min(quarters).start, today)


def overview_matrix(ledger: Ledger, quarters: Sequence[Quarter]) -> dict[int, dict[Quarter, UnitSubmission]]:
    """unit id → quarter → that unit's submission figures (units × quarters overview)."""
    out: dict[int, dict[Quarter, UnitSubmission]] = {}
    for found in report_state.each_quarter_reports(ledger, quarters):
        for entry in submission(ledger, found.quarter, found):
            out.setdefault(entry.unit_id, {})[found.quarter] = entry
    return out


def task_id_by_code(ledger: Ledger, code: str) -> int:
    """A task by its code (四.(一).4), else by its exact title."""
    found = ledger.scalar("SELECT id FROM tasks WHERE code = ? ORDER BY id LIMIT 1", [code.strip()])
    if found is None:
        found = ledger.scalar("SELECT id FROM tasks WHERE title = ? ORDER BY id LIMIT 1", [code.strip()])
    if found is None:
        raise ValidationError(strings.ERR_REPORT_UNKNOWN_TASK.format(code=code.strip()), field="task")
    return int(found)


def missing_text(chase: Sequence[UnitSubmission], quarter: Quarter) -> str:
    """The 催报清单 as plain text, to paste into a message or print."""
    if not chase:
        return strings.CHASE_NONE.format(quarter=quarter.label)
    lines = [strings.CHASE_TITLE.format(quarter=quarter.label, count=len(chase))]
    for entry in chase:
        lines.append(strings.CHASE_UNIT.format(
            unit=entry.display_name, contact=entry.contact or "-", phone=entry.phone or "-",
            missing=len(entry.missing), expected=entry.expected,
        ))
        lines.extend(strings.CHASE_TASK.format(code=code, title=title) for code, title in entry.missing)
    return "\n".join(lines)
