"""The clerk's corrections to a parsed plan (store.importing.import_review): what is saved is what was reviewed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from store import strings
from store.errors import ValidationError
from store.importing.import_review import PLAN_DETAILS, ImportDraft
from store.importing.plan_import import parse_plan, read_document
from store.ledger.db import Ledger
from store.work import units
from store.work.units import UnitDraft
from tests.conftest import dump

SMALL_PLAN = Path(__file__).parent / "data" / "plan_small.txt"


@pytest.fixture
def draft() -> ImportDraft:
    text = read_document(SMALL_PLAN)
    return ImportDraft.of(parse_plan(text), source_file=str(SMALL_PLAN), original_text=text)


def _task_units(ledger: Ledger, title: str) -> list[tuple[str, str]]:
    return [
        (r["name"], r["role"])
        for r in ledger.rows(
            "SELECT u.name, tu.role FROM task_units tu JOIN units u ON u.id = tu.unit_id "
            "JOIN tasks t ON t.id = tu.task_id WHERE t.title = ? ORDER BY tu.ord",
            [title],
        )
    ]


def test_the_sample_plan_parses_as_the_screen_tests_expect(draft: ImportDraft) -> None:
    assert [t.code for t in draft.plan.tasks] == [f"二.({s}).{n}" for s, n in [("一", 1), ("一", 2), ("二", 3), ("二", 4), ("二", 5)]]
    assert [p.name for p in draft.plan.phases] == ["动员部署阶段", "组织实施阶段", "考核验收阶段"]
    assert draft.plan.meta.doc_no == "青政办发〔2026〕12号"


def test_an_edited_task_is_saved_as_edited(ledger: Ledger, draft: ImportDraft) -> None:
    task = draft.plan.tasks[1]
    draft.edit_task(
        task, title="推进标准化建设", lead_units=["县农业农村局"], co_units=["县市监局", "县财政局"],
        phase="动员部署阶段", deadline=date(2026, 9, 30),
    )
    draft.save(ledger)
    row = ledger.row("SELECT t.deadline, p.name AS phase FROM tasks t JOIN phases p ON p.id = t.phase_id WHERE t.title = '推进标准化建设'")
    assert row == {"deadline": "2026-09-30", "phase": "动员部署阶段"}
    assert _task_units(ledger, "推进标准化建设") == [("县农业农村局", "lead"), ("县市监局", "co"), ("县财政局", "co")]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "  "}, "title"),
        ({"lead_units": ["县市监局"], "co_units": ["县市监局"]}, "co_units"),
        ({"phase": "不存在的阶段"}, "phase"),
    ],
)
def test_a_bad_edit_is_refused_and_changes_nothing(draft: ImportDraft, changes: dict[str, object], field: str) -> None:
    task = draft.plan.tasks[0]
    before = (task.title, list(task.units), task.phase, task.deadline)
    values: dict[str, object] = {
        "title": task.title, "lead_units": ["县市监局"], "co_units": [], "phase": None, "deadline": None, **changes,
    }
    with pytest.raises(ValidationError) as refused:
        draft.edit_task(task, **values)  # type: ignore[arg-type]
    assert refused.value.field == field
    assert (task.title, list(task.units), task.phase, task.deadline) == before
    assert not draft.edited


def test_dropped_tasks_and_phases_are_not_saved_and_can_come_back(ledger: Ledger, draft: ImportDraft) -> None:
    task, phase = draft.plan.tasks[4], draft.plan.phases[0]
    assert draft.toggle_drop(task) and draft.toggle_drop(phase)
    assert len(draft.kept_tasks()) == 4
    assert draft.toggle_drop(draft.plan.tasks[3]) is True
    assert draft.toggle_drop(draft.plan.tasks[3]) is False  # restored
    draft.save(ledger)
    assert ledger.scalar("SELECT count(*) FROM tasks") == 4
    assert ledger.scalar("SELECT count(*) FROM tasks WHERE title LIKE '完善质量信用体系%'") == 0
    assert [r["name"] for r in ledger.rows("SELECT name FROM phases ORDER BY ord")] == ["组织实施阶段", "考核验收阶段"]


def test_tasks_left_in_a_dropped_phase_lose_the_phase_not_the_task(ledger: Ledger, draft: ImportDraft) -> None:
    draft.edit_task(draft.plan.tasks[0], title="健全计量检测体系", lead_units=["县市监局"], co_units=[],
                    phase="考核验收阶段", deadline=None)
    draft.toggle_drop(draft.plan.phases[2])
    draft.save(ledger)
    assert ledger.scalar("SELECT phase_id FROM tasks WHERE title = '健全计量检测体系'") is None


def test_merging_folds_a_task_into_the_one_before(ledger: Ledger, draft: ImportDraft) -> None:
    first, second = draft.plan.tasks[0], draft.plan.tasks[1]
    merged = draft.merge_into_previous(second)
    assert merged is first and len(draft.plan.tasks) == 4
    assert "推进标准化建设" in first.text and "健全计量检测体系" in first.text
    assert [u.name for u in first.units] == ["县市监局", "县发改局", "县财政局", "县农业农村局"]
    assert [t.metric for t in first.targets] == ["新增省级标准化试点项目"]
    draft.save(ledger)
    assert ledger.scalar("SELECT count(*) FROM tasks") == 4
    assert ledger.scalar("SELECT count(*) FROM targets") >= 1


def test_the_first_task_cannot_be_merged(draft: ImportDraft) -> None:
    with pytest.raises(ValidationError, match="第一项"):
        draft.merge_into_previous(draft.plan.tasks[0])
    draft.toggle_drop(draft.plan.tasks[0])
    with pytest.raises(ValidationError):
        draft.merge_into_previous(draft.plan.tasks[1])  # the only task before it is dropped


def test_a_unit_linked_to_an_existing_one_becomes_its_alias(ledger: Ledger, draft: ImportDraft) -> None:
    units.create_unit(ledger, UnitDraft("青溪县食品安全委员会办公室", "县食安委办"))
    assert "县食安办" in draft.new_units(ledger)
    draft.resolve_unit(ledger, "县食安办", "县食安委办")
    assert "县食安办" not in draft.new_units(ledger)
    assert draft.linked_name(ledger, "县食安办") == "青溪县食品安全委员会办公室"
    report = draft.save(ledger)
    assert "县食安办" not in report.new_units
    assert ledger.scalar("SELECT count(*) FROM units WHERE name = '县食安办'") == 0
    assert units.find_unit_id(ledger, "县食安办") == units.find_unit_id(ledger, "县食安委办")
    assert _task_units(ledger, "加强食品安全监管,食用农产品抽检合格率达到98%以上")[0] == ("青溪县食品安全委员会办公室", "lead")


def test_a_misread_new_unit_can_be_renamed_everywhere(ledger: Ledger, draft: ImportDraft) -> None:
    draft.resolve_unit(ledger, "县市监局", "县市场监管局")
    assert "县市监局" not in draft.unit_names()
    assert draft.new_units(ledger)[0] == "县市场监管局"
    assert all(u.name != "县市监局" for t in draft.plan.tasks for u in t.units)
    with pytest.raises(ValidationError):
        draft.resolve_unit(ledger, "县发改局", " ")


def test_plan_details_and_phase_dates_are_checked(draft: ImportDraft) -> None:
    with pytest.raises(ValidationError):
        draft.edit_meta(title="", issuer="", doc_no="", issued=None)
    phase = draft.plan.phases[1]
    with pytest.raises(ValidationError, match="早于"):
        draft.edit_phase(phase, name=phase.name, start=date(2027, 1, 1), end=date(2026, 1, 1))
    with pytest.raises(ValidationError, match="已存在"):
        draft.edit_phase(phase, name="动员部署阶段", start=None, end=None)
    draft.edit_phase(phase, name="全面实施阶段", start=date(2026, 5, 1), end=date(2027, 6, 30))
    assert {t.phase for t in draft.plan.tasks} == {"全面实施阶段"}


def test_warnings_are_placed_beside_what_they_concern(draft: ImportDraft) -> None:
    owners = draft.warnings_by_owner()
    unclosed = [owner for owner, w in owners if w.message == strings.W_UNIT_UNCLOSED]
    assert unclosed == [draft.plan.tasks[2]]
    draft.merge_into_previous(draft.plan.tasks[2])
    moved = [owner for owner, w in draft.warnings_by_owner() if w.message == strings.W_UNIT_UNCLOSED]
    assert moved == [draft.plan.tasks[1]]


def test_warnings_without_a_task_go_to_the_plan_or_the_document() -> None:
    plan = parse_plan("一、工作任务\n1.建设检测平台。(责任单位:县市监局)\n2.完善信用体系。(责任单位:县发改局)\n")
    owners = {w.message: owner for owner, w in ImportDraft.of(plan).warnings_by_owner()}
    assert owners[strings.W_NO_TITLE] == PLAN_DETAILS


def test_saving_with_every_task_dropped_is_refused_and_writes_nothing(ledger: Ledger, draft: ImportDraft) -> None:
    before = dump(ledger)
    for task in draft.plan.tasks:
        draft.toggle_drop(task)
    with pytest.raises(ValidationError):
        draft.save(ledger)
    assert dump(ledger) == before


def test_the_parser_result_is_not_touched_by_corrections() -> None:
    parsed = parse_plan(read_document(SMALL_PLAN))
    draft = ImportDraft.of(parsed)
    draft.merge_into_previous(draft.plan.tasks[1])
    draft.edit_meta(title="另一个标题", issuer="", doc_no="", issued=None)
    assert len(parsed.tasks) == 5 and parsed.meta.title == "青溪县争创全国质量强县示范县工作方案"
