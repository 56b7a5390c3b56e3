"""History and undo (store side): one change per user action, who made it, and undo that puts every
data table back exactly, or refuses with a Chinese message and writes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from store import strings
from store.documents import meetings
from store.documents.meetings import MeetingDraft
from store.errors import ValidationError
from store.importing import importer
from store.importing.plan_import import parse_plan, read_document
from store.ledger import history, settings
from store.ledger.db import Ledger
from store.ledger.history import HistoryError
from store.quarterly import report_forms, reports
from store.quarterly.reports import ReportDraft
from store.work import tasks
from store.work.quarters import Quarter
from store.work.tasks import TaskDraft
from tests.conftest import TODAY, dump

Q3 = Quarter(2026, 3)
PLAN = Path(__file__).parent / "data" / "plan_small.txt"
# Bookkeeping tables: the history itself, the audit log and the search indexes (rebuilt from the data).
NOT_DATA = ("changes", "change_rows", "audit_log", "search_", "task_fts", "report_fts", "unit_fts")


def data(ledger: Ledger) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every data table."""
    return {name: rows for name, rows in dump(ledger).items() if not name.startswith(NOT_DATA)}


def change_count(ledger: Ledger) -> int:
    return int(ledger.scalar("SELECT count(*) FROM changes"))


def newest(ledger: Ledger) -> history.Change:
    return history.changes(ledger, limit=1)[0]


def task_id(ledger: Ledger, code: str) -> int:
    return int(ledger.scalar("SELECT id FROM tasks WHERE code = ?", [code]))


def retitle(ledger: Ledger, task: int, title: str) -> None:
    draft = tasks.draft_of(tasks.get_task(ledger, task, today=TODAY))
    draft.title = title
    tasks.update_task(ledger, task, draft, today=TODAY)


def test_undoing_a_task_delete_brings_back_its_units_targets_reports_and_actuals(demo_ledger: Ledger) -> None:
    task = task_id(demo_ledger, "四.(二).4")
    targets = [r["id"] for r in demo_ledger.rows("SELECT id FROM targets WHERE task_id = ? ORDER BY id", [task])]
    lead = int(demo_ledger.scalar("SELECT unit_id FROM task_units WHERE task_id = ? AND role = 'lead'", [task]))
    reports.record(demo_ledger, ReportDraft(task, lead, Q3, "in_progress", 80, work_done="抽检 120 批次",
                                            received=date(2026, 10, 8), actuals={targets[0]: 95.5, targets[1]: 3}),
                   today=TODAY)
    assert demo_ledger.scalar("SELECT count(*) FROM report_actuals") == 2
    before = data(demo_ledger)
    counts = {t: demo_ledger.scalar(f"SELECT count(*) FROM {t} WHERE task_id = ?", [task])
              for t in ("task_units", "targets", "reports")}
    assert all(counts.values())

    tasks.delete_task(demo_ledger, task)
    deleted = newest(demo_ledger)
    assert deleted.summary.startswith("删除任务 四.(二).4") and deleted.can_undo
    assert demo_ledger.scalar("SELECT count(*) FROM report_actuals") == 0

    undone = history.undo(demo_ledger)
    assert undone.id == deleted.id
    assert data(demo_ledger) == before  # the task, its links, targets, reports and actuals, exactly
    undo = newest(demo_ledger)
    assert undo.undo_of == deleted.id and undo.summary == strings.HISTORY_UNDO_OF.format(summary=deleted.summary)
    assert history.get(demo_ledger, deleted.id).undone_by == undo.id  # type: ignore[union-attr]
    # The task's history keeps all of it, the delete and the undo included.
    assert [c.id for c in history.changes(demo_ledger, task_id=task, limit=2)] == [undo.id, deleted.id]


def test_undoing_an_edit_restores_the_old_values_and_details_show_both(demo_ledger: Ledger) -> None:
    task = task_id(demo_ledger, "四.(一).4")
    old_title = tasks.get_task(demo_ledger, task, today=TODAY).title
    retitle(demo_ledger, task, "建立联席会议制度(修订)")
    edit = newest(demo_ledger)
    assert edit.summary.startswith("修改任务 四.(一).4")
    fields = {f.label: (f.old, f.new) for row in history.details(demo_ledger, edit.id) if row.table == "tasks"
              for f in row.fields}
    assert fields["标题"] == (old_title, "建立联席会议制度(修订)")
    history.undo(demo_ledger)
    assert tasks.get_task(demo_ledger, task, today=TODAY).title == old_title


def test_undo_of_an_undo_is_refused_and_a_second_undo_reverts_the_change_before(demo_ledger: Ledger) -> None:
    task = task_id(demo_ledger, "四.(一).4")
    original = tasks.get_task(demo_ledger, task, today=TODAY).title
    retitle(demo_ledger, task, "第一次修改")
    retitle(demo_ledger, task, "第二次修改")
    second = newest(demo_ledger)

    history.undo(demo_ledger)
    assert tasks.get_task(demo_ledger, task, today=TODAY).title == "第一次修改"
    undo = newest(demo_ledger)
    before = dump(demo_ledger)
    with pytest.raises(HistoryError) as refused:
        history.undo(demo_ledger, undo.id)
    assert str(refused.value) == strings.HISTORY_UNDO_IS_UNDO
    with pytest.raises(HistoryError) as again:
        history.undo(demo_ledger, second.id)
    assert str(again.value) == strings.HISTORY_ALREADY_UNDONE
    assert dump(demo_ledger) == before

    history.undo(demo_ledger)  # the latest change not undone: the first edit
    assert tasks.get_task(demo_ledger, task, today=TODAY).title == original


def test_undoing_a_change_whose_rows_changed_since_is_refused_and_writes_nothing(demo_ledger: Ledger) -> None:
    task = task_id(demo_ledger, "四.(一).4")
    retitle(demo_ledger, task, "甲")
    first = newest(demo_ledger)
    retitle(demo_ledger, task, "乙")
    before = dump(demo_ledger)
    with pytest.raises(HistoryError) as refused:
        history.undo(demo_ledger, first.id)
    message = str(refused.value)
    assert first.summary in message and "台账未作任何改动" in message
    assert dump(demo_ledger) == before
    assert tasks.get_task(demo_ledger, task, today=TODAY).title == "乙"


def test_nothing_to_undo_on_an_empty_ledger(ledger: Ledger) -> None:
    assert history.last_undoable(ledger) is None
    with pytest.raises(HistoryError) as refused:
        history.undo(ledger)
    assert str(refused.value) == strings.HISTORY_NOTHING_TO_UNDO
    assert change_count(ledger) == 0


def test_undoing_a_report_delete_after_its_task_was_deleted_is_refused(demo_ledger: Ledger) -> None:
    report, task = demo_ledger.conn.execute("SELECT id, task_id FROM reports ORDER BY id DESC LIMIT 1").fetchone()
    with demo_ledger.write() as db:
        db.execute("DELETE FROM reports WHERE id = ?", [report])
    removed = newest(demo_ledger)
    tasks.delete_task(demo_ledger, task)
    before = dump(demo_ledger)
    with pytest.raises(HistoryError):
        history.undo(demo_ledger, removed.id)
    assert not demo_ledger.conn.in_transaction
    assert dump(demo_ledger) == before


def test_reimporting_the_same_plan_records_no_change(ledger: Ledger) -> None:
    parsed = parse_plan(read_document(PLAN))
    importer.save_import(ledger, parsed)
    imported = newest(ledger)
    assert imported.summary.startswith("导入工作方案《") and change_count(ledger) == 1
    importer.save_import(ledger, parse_plan(read_document(PLAN)))
    assert change_count(ledger) == 1


def test_a_refused_write_records_no_change(demo_ledger: Ledger) -> None:
    count, before = change_count(demo_ledger), dump(demo_ledger)
    with pytest.raises(ValidationError):
        tasks.create_task(demo_ledger, TaskDraft("", lead_units=["县市监局"]), today=TODAY)
    with pytest.raises(ValidationError):
        tasks.create_task(demo_ledger, TaskDraft("没有这个单位的任务", lead_units=["火星局"]), today=TODAY)
    assert change_count(demo_ledger) == count
    assert dump(demo_ledger) == before


def test_a_report_form_import_is_one_change(demo_ledger: Ledger, tmp_path: Path) -> None:
    forms = report_forms.write_forms(demo_ledger, Q3, tmp_path / "forms", today=TODAY)
    path = next(p for p in forms if p.name.startswith("城西街道办事处"))
    book = openpyxl.load_workbook(path)
    sheet = book[report_forms.FORM_SHEET]
    lines = [n for n in range(report_forms.HEADER_ROW + 1, sheet.max_row + 1)
             if str(sheet[f"A{n}"].value or "").startswith("T")]
    for line in lines:
        sheet[f"G{line}"], sheet[f"H{line}"], sheet[f"I{line}"] = "推进中", 50, "已完成摸底调查"
    book.save(path)
    count = change_count(demo_ledger)
    [result] = report_forms.import_forms(demo_ledger, [path], today=TODAY)
    assert not result.errors
    assert change_count(demo_ledger) == count + 1
    change = newest(demo_ledger)
    assert change.summary.startswith("填报 城西街道") and "2026Q3" in change.summary
    assert change.row_count >= len(lines)
    report_forms.import_forms(demo_ledger, [path], today=TODAY)  # the same form again: nothing changes
    assert change_count(demo_ledger) == count + 1


def test_meeting_edits_agendas_and_decisions_are_one_change_each(demo_ledger: Ledger) -> None:
    count = change_count(demo_ledger)
    draft = MeetingDraft(quarter=Q3, date=date(2026, 10, 20), place="县政府会议室", chair="分管副县长")
    meeting = meetings.create_meeting(demo_ledger, draft)
    assert change_count(demo_ledger) == count + 1
    assert newest(demo_ledger).summary.startswith("新增会议")
    draft.place = "县政府三楼会议室"
    meetings.update_meeting(demo_ledger, meeting, draft)
    assert change_count(demo_ledger) == count + 2
    assert newest(demo_ledger).summary.startswith("修改会议")
    place = {f.label: f.new for row in history.details(demo_ledger, newest(demo_ledger).id) for f in row.fields}
    assert place["地点"] == "县政府三楼会议室"

    meetings.save_agenda_json(demo_ledger, meeting, {"items": [{"title": "通报进展"}]})
    assert change_count(demo_ledger) == count + 3
    assert newest(demo_ledger).summary.startswith("修改议程")

    decision = meetings.record_decision(demo_ledger, meeting, "加快农村公路修复进度", lead_units=["县交通局"],
                                        today=TODAY)
    assert change_count(demo_ledger) == count + 4
    change = newest(demo_ledger)
    assert change.summary.startswith("新增任务") and "加快农村公路修复进度" in change.summary
    assert [c.id for c in history.changes(demo_ledger, task_id=decision)] == [change.id]
    history.undo(demo_ledger)
    assert demo_ledger.scalar("SELECT count(*) FROM tasks WHERE id = ?", [decision]) == 0


def test_who_is_the_clerk_name_setting(demo_ledger: Ledger) -> None:
    settings.set_value(demo_ledger, "clerk_name", "李娟")
    task = task_id(demo_ledger, "四.(一).4")
    retitle(demo_ledger, task, "由李娟修改")
    assert newest(demo_ledger).who == "李娟"
    history.undo(demo_ledger)
    assert newest(demo_ledger).who == "李娟"


def test_filters_by_task_and_unit_and_pages_with_before(demo_ledger: Ledger) -> None:
    unit = int(demo_ledger.scalar("SELECT id FROM units WHERE short_name = '县市监局'"))
    by_unit = history.changes(demo_ledger, unit_id=unit)
    assert by_unit and all("县市监局" in c.summary or c.summary.startswith("导入") for c in by_unit)
    everything = history.changes(demo_ledger, limit=1000)
    first, rest = history.changes(demo_ledger, limit=10), history.changes(demo_ledger, before=everything[9].id)
    assert [c.id for c in first + rest] == [c.id for c in everything]


def test_changes_recorded_before_the_upgrade_are_listed_but_not_undone(tmp_path: Path) -> None:
    """A v2 ledger's audit records become changes without full old values: undo says so."""
    import shutil

    from store.ledger.opener import open_ledger

    copy = tmp_path / "old.db"
    shutil.copy(Path(__file__).parent / "fixtures" / "ledger_v2.db", copy)
    old = open_ledger(copy)
    try:
        newest_change = history.last_undoable(old)
        assert newest_change is not None and not newest_change.undoable
        assert strings.HISTORY_LEGACY in newest_change.summary
        before = dump(old)
        with pytest.raises(HistoryError) as refused:
            history.undo(old)
        assert str(refused.value) == strings.HISTORY_NOT_UNDOABLE
        assert dump(old) == before
    finally:
        old.close()
