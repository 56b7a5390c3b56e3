"""Pilot tests of 导入工作方案: choose a file or paste text, review the tree, correct, save or go back."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static, TabbedContent, TextArea, Tree

from screens.confirm import ConfirmScreen
from screens.importing.import_forms import ImportTaskForm, ImportUnitForm
from screens.importing.import_review import ImportReviewScreen, Item
from screens.importing.import_source import ImportSourceScreen
from screens.main import MainScreen
from store import strings
from store.importing.plan_import.model import Task
from store.ledger import settings
from store.ledger.db import Ledger
from store.ledger.opener import open_ledger
from store.work import units
from tests.app_factory import make_app
from tests.conftest import dump
from tests.test_app import _paste, _text
from tui.app import TaizhangApp

SMALL_PLAN = Path(__file__).parent / "data" / "plan_small.txt"


@pytest.fixture
def plan_dir(tmp_path: Path) -> Path:
    """A folder as a clerk's would look: the plan, a spreadsheet, an old .doc and a subfolder."""
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(SMALL_PLAN, folder / "qingxi_plan.txt")
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (folder / "names.xlsx").write_bytes(b"PK\x03\x04" + b"\0" * 100)
    (folder / "archive").mkdir()
    return folder


@pytest.fixture
def app(demo_path: Path, plan_dir: Path) -> TaizhangApp:
    ledger = open_ledger(demo_path)
    settings.set_value(ledger, "import_dir", str(plan_dir))
    ledger.close()
    return make_app(demo_path)


def _ledger(app: TaizhangApp) -> Ledger:
    return app.ledger


async def _wait_for(pilot: Pilot[Any], condition: Any, tries: int = 500) -> None:
    """Wait for the import thread (reading and parsing) to hand over (a generous bound: how fast is
    measured in bench/, not here)."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("condition never became true")


async def _open_review(pilot: Pilot[Any], path: Path) -> ImportReviewScreen:
    await pilot.pause()
    await pilot.press("i")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ImportSourceScreen)
    path_input = pilot.app.screen.query_one("#import-path", Input)
    path_input.value = str(path)
    path_input.focus()
    await pilot.press("enter")
    await _wait_for(pilot, lambda: isinstance(pilot.app.screen, ImportReviewScreen))
    await pilot.pause()
    return pilot.app.screen  # type: ignore[return-value]


def _tree(screen: ImportReviewScreen) -> Tree[Item]:
    return screen.query_one("#import-tree", Tree)


def _labels(screen: ImportReviewScreen) -> list[str]:
    tree = _tree(screen)
    return [str(tree.get_node_at_line(i).label) for i in range(tree.last_line + 1)]  # type: ignore[union-attr]


async def _cursor_to(pilot: Pilot[Any], screen: ImportReviewScreen, kind: str, match: Any) -> None:
    """Move the cursor with the arrow keys to the first line whose item is ``kind`` and matches."""
    tree = _tree(screen)
    for line in range(tree.last_line + 1):
        node = tree.get_node_at_line(line)
        if node is not None and node.data is not None and node.data.kind == kind and match(node.data.target):
            break
    else:
        raise AssertionError(f"no {kind} line found")
    tree.focus()
    tree.cursor_line = 0
    await pilot.pause()
    for _ in range(line):
        await pilot.press("down")
    assert tree.cursor_node is not None and tree.cursor_node.data is not None
    assert tree.cursor_node.data.kind == kind


def _task_titled(prefix: str) -> Any:
    return lambda target: isinstance(target, Task) and target.title.startswith(prefix)


async def test_i_opens_the_import_screen_listing_plan_files(app: TaizhangApp, plan_dir: Path) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ImportSourceScreen)
        assert app.focused is screen.query_one("#import-path", Input)
        tree = screen.query_one("#import-files", Tree)
        await _wait_for(pilot, lambda: len(tree.root.children) > 0)
        names = sorted(str(node.label) for node in tree.root.children)
        assert names == ["archive", "old.doc", "qingxi_plan.txt"]  # the spreadsheet is not offered
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_a_missing_or_unreadable_file_gets_a_message_and_nothing_changes(
    app: TaizhangApp, demo_path: Path, plan_dir: Path
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        before = dump(app.ledger)
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        screen = app.screen
        error = screen.query_one("#import-error", Static)
        await pilot.press("enter")  # nothing typed
        assert strings.ERR_IMPORT_NO_PATH in _text(error)
        for path, expected in [
            (plan_dir / "missing.docx", "找不到文件"),
            (plan_dir / "old.doc", "另存为"),
            (plan_dir / "names.xlsx", "不是方案正文"),
        ]:
            screen.query_one("#import-path", Input).value = f'"{path}"'  # as Windows copies a path
            await pilot.press("enter")
            await _wait_for(pilot, lambda expected=expected: expected in _text(error))
            assert error.display and isinstance(app.screen, ImportSourceScreen)
            await pilot.pause()
            assert app.focused is screen.query_one("#import-path", Input)  # ready to correct the path
        assert dump(app.ledger) == before


async def test_pasted_text_is_parsed_and_reviewed(app: TaizhangApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        screen = app.screen
        # Tab to the tab strip, then right: the paste tab.
        screen.query_one(TabbedContent).query_one("Tabs").focus()
        await pilot.press("right")
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "import-paste"
        await pilot.press("ctrl+s")
        assert strings.ERR_IMPORT_NO_TEXT in _text(screen.query_one("#import-error", Static))
        await _paste(screen.query_one("#import-text", TextArea), "这不是工作方案,只是一句话。")
        await pilot.press("ctrl+s")
        await _wait_for(pilot, lambda: "没有在" in _text(screen.query_one("#import-error", Static)))
        screen.query_one("#import-text", TextArea).text = SMALL_PLAN.read_text(encoding="utf-8")
        await pilot.press("ctrl+s")
        await _wait_for(pilot, lambda: isinstance(app.screen, ImportReviewScreen))
        review = app.screen
        assert isinstance(review, ImportReviewScreen)
        assert "任务 5 项" in _text(review.query_one("#import-summary", Static))
        assert review.draft.source_file is None


async def test_the_tree_shows_plan_phases_units_tasks_and_warnings_in_place(app: TaizhangApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        review = await _open_review(pilot, SMALL_PLAN)
        labels = _labels(review)
        assert "文号:青政办发〔2026〕12号" in labels
        assert any(line.startswith("组织实施阶段  2026-05-01 至 2027-06-30") for line in labels)
        assert any(line.startswith("县市监局  已有单位“县市场监督管理局”") for line in labels)
        assert any(line.startswith("县食安办  新建") for line in labels)
        task_line = next(i for i, line in enumerate(labels) if "开展重点产品质量监督抽查" in line)
        assert labels[task_line].startswith("⚠ ")
        # The warning sits under its own task, after the task's facts.
        own_lines = labels[task_line + 1 : task_line + 5]
        assert own_lines[0] == "责任单位:县市监局(牵头)、各乡(镇)人民政府"
        assert "重复:每季度" in own_lines
        assert own_lines[-1] == strings.NODE_WARNING.format(message=strings.W_UNIT_UNCLOSED)
        summary = _text(review.query_one("#import-summary", Static))
        assert "新建 2 个" in summary and strings.IMPORT_SUMMARY_NEW_PLAN in summary
        # w jumps to the warning; the detail pane shows the task's original text with it.
        await pilot.press("w")
        node = _tree(review).cursor_node
        assert node is not None and node.data is not None and node.data.kind == "warning"
        detail = _text(review.query_one("#import-detail", Static))
        assert "(责任单位:县市监局、各乡(镇)人民政府" in detail and strings.W_UNIT_UNCLOSED in detail


async def test_correct_a_unit_drop_an_item_and_save(app: TaizhangApp, demo_path: Path) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        review = await _open_review(pilot, SMALL_PLAN)
        # Correct the units of task 3: the lead becomes the township governments, 县市监局 helps.
        await _cursor_to(pilot, review, "task", _task_titled("开展重点产品质量监督抽查"))
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ImportTaskForm)
        form.query_one("#lead-units", Input).value = "各乡(镇)人民政府"
        form.query_one("#co-units", Input).value = "县市监局"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is review
        assert "责任单位:各乡(镇)人民政府(牵头)、县市监局" in _labels(review)
        # Drop task 5: struck out, counted out of the summary; the cursor stays on it.
        await _cursor_to(pilot, review, "task", _task_titled("完善质量信用体系"))
        await pilot.press("d")
        await pilot.pause()
        assert any(line.endswith(strings.NODE_DROPPED) and "完善质量信用体系" in line for line in _labels(review))
        assert "任务 4 项(另有 1 项不导入)" in _text(review.query_one("#import-summary", Static))
        node = _tree(review).cursor_node
        assert node is not None and node.data is not None and node.data.target.title.startswith("完善质量信用体系")
        # Save: a confirmation names the new units, then one write.
        await pilot.press("ctrl+s")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        question = _text(confirm.query_one("#question", Static))
        assert "将新建2个单位:各乡(镇)人民政府、县食安办" in question
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        ledger = _ledger(app)
        plan_id = ledger.scalar("SELECT id FROM plans WHERE doc_no = '青政办发〔2026〕12号'")
        assert ledger.scalar("SELECT count(*) FROM tasks WHERE plan_id = ?", [plan_id]) == 4
        assert ledger.scalar("SELECT count(*) FROM tasks WHERE title LIKE '完善质量信用体系%'") == 0
        roles = ledger.rows(
            "SELECT u.name, tu.role FROM task_units tu JOIN units u ON u.id = tu.unit_id JOIN tasks t ON t.id = tu.task_id "
            "WHERE t.plan_id = ? AND t.title LIKE '开展重点产品质量监督抽查%' ORDER BY tu.ord",
            [plan_id],
        )
        assert roles == [{"name": "各乡(镇)人民政府", "role": "lead"}, {"name": "县市场监督管理局", "role": "co"}]
        # The main screen was reloaded: the new unit is listed.
        assert "各乡(镇)人民政府" in [str(c) for c in app.screen.query_one("#unit-table").get_column("name")]
        assert settings.get(ledger, "import_dir") == str(SMALL_PLAN.parent.resolve())


async def test_a_refused_correction_shows_why_and_changes_nothing(app: TaizhangApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        review = await _open_review(pilot, SMALL_PLAN)
        await _cursor_to(pilot, review, "task", _task_titled("健全计量检测体系"))
        task = _tree(review).cursor_node.data.target  # type: ignore[union-attr]
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        form.query_one("#deadline", Input).value = "2026-02-30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "不是有效的日期" in _text(form.query_one("#form-error", Static))
        assert app.focused is form.query_one("#deadline", Input)
        form.query_one("#deadline", Input).value = "2026-10-31"
        form.query_one("#phase", Select).value = "动员部署阶段"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is review
        assert (task.deadline.isoformat(), task.phase) == ("2026-10-31", "动员部署阶段")
        assert "阶段:动员部署阶段 · 时限:2026-10-31" in _labels(review)


async def test_m_merges_a_task_into_the_one_before(app: TaizhangApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        review = await _open_review(pilot, SMALL_PLAN)
        await _cursor_to(pilot, review, "task", _task_titled("推进标准化建设"))
        await pilot.press("m")
        await pilot.pause()
        labels = _labels(review)
        assert not any("推进标准化建设" in line for line in labels)
        assert "工作任务(4 项)" in labels
        assert "责任单位:县市监局(牵头)、县发改局、县财政局、县农业农村局" in labels
        node = _tree(review).cursor_node
        assert node is not None and node.data is not None and node.data.target.title.startswith("健全计量检测体系")
        await pilot.press("m")  # the first task has nothing before it
        await pilot.pause()
        assert len(review.draft.plan.tasks) == 4


async def test_a_new_unit_linked_to_an_existing_one_is_saved_as_its_alias(app: TaizhangApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        review = await _open_review(pilot, SMALL_PLAN)
        await _cursor_to(pilot, review, "unit", lambda name: name == "县食安办")
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ImportUnitForm)
        form.query_one("#unit-is", Input).value = "县卫健局"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any(line.startswith("县食安办  → 关联到“县卫生健康局”") for line in _labels(review))
        assert "新建 1 个" in _text(review.query_one("#import-summary", Static))
        await pilot.press("ctrl+s", "y")
        await pilot.pause()
        ledger = _ledger(app)
        assert units.find_unit_id(ledger, "县食安办") == units.find_unit_id(ledger, "县卫健局")
        assert ledger.scalar("SELECT count(*) FROM units WHERE name = '县食安办'") == 0


async def test_escape_after_corrections_asks_and_writes_nothing(app: TaizhangApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        before = dump(app.ledger)
        review = await _open_review(pilot, SMALL_PLAN)
        await _cursor_to(pilot, review, "task", _task_titled("健全计量检测体系"))
        await pilot.press("d", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is review
        await pilot.press("q")  # quitting would lose the corrections too
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and app.is_running
        await pilot.press("n", "escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ImportSourceScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert dump(app.ledger) == before


async def test_reimporting_the_same_plan_says_it_updates(app: TaizhangApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        review = await _open_review(pilot, SMALL_PLAN)
        await pilot.press("ctrl+s", "y")
        await pilot.pause()
        review = await _open_review(pilot, SMALL_PLAN)
        summary = _text(review.query_one("#import-summary", Static))
        assert "台账中已有同一方案,保存将更新它:新增 0 项,修改 0 项,删除 0 项" in summary
        assert "新建 0 个" in summary
