"""Importing a plan again keeps the clerk's review (store.importing: import_memory).

Items dropped stay dropped, tasks and unit names corrected stay corrected, edits made in the ledger
since stay, and only what the document itself changed shows as a change.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from click.testing import CliRunner

from store import strings
from store.importing.import_review import ImportDraft
from store.importing.plan_import import parse_plan, read_document
from store.ledger import history
from store.ledger.db import Ledger
from store.ledger.opener import open_ledger
from store.work import tasks
from tui.cli import cli

SMALL_PLAN = Path(__file__).parent / "data" / "plan_small.txt"
TEXT = read_document(SMALL_PLAN)


def _draft(ledger: Ledger, text: str = TEXT) -> ImportDraft:
    draft = ImportDraft.of(parse_plan(text), source_file=str(SMALL_PLAN), original_text=text)
    draft.recall(ledger)
    return draft


def _by_title(draft: ImportDraft, start: str):
    return next(t for t in draft.plan.tasks if t.title.startswith(start))


def _ledger_tasks(ledger: Ledger) -> list[tuple[str, str, str | None]]:
    return [(r["code"], r["title"], r["deadline"]) for r in ledger.rows("SELECT code, title, deadline FROM tasks ORDER BY ord")]


def _first_review(ledger: Ledger) -> None:
    """The clerk drops the food-safety task, corrects another, and gives a unit (of tasks 1 and 5) its
    full name: four items reviewed."""
    draft = _draft(ledger)
    assert draft.recalled == 0
    draft.toggle_drop(_by_title(draft, "加强食品安全监管"))
    draft.edit_task(
        _by_title(draft, "推进标准化建设"), title="推进标准化建设(含试点)", lead_units=["县农业农村局"],
        co_units=["县市监局"], phase="动员部署阶段", deadline=date(2026, 9, 30),
    )  # fmt: skip
    draft.resolve_unit(ledger, "县发改局", "县发展和改革局")  # not in the ledger: a new unit
    draft.save(ledger)


def test_a_second_import_of_the_same_document_keeps_the_review_and_changes_nothing(ledger: Ledger) -> None:
    _first_review(ledger)
    before = _ledger_tasks(ledger)
    changes_before = ledger.scalar("SELECT count(*) FROM changes")

    again = _draft(ledger)
    assert again.recalled == 4
    assert strings.W_RECALLED.format(count=4) in [w.message for w in again.plan.warnings]
    assert again.is_dropped(_by_title(again, "加强食品安全监管"))
    corrected = _by_title(again, "推进标准化建设")
    assert corrected.title == "推进标准化建设(含试点)"
    assert [(u.name, u.role) for u in corrected.units] == [("县农业农村局", "lead"), ("县市监局", "co")]
    preview = again.preview(ledger)
    assert (preview.added, preview.changed, preview.removed, preview.new_units) == ([], [], [], [])

    again.save(ledger)
    assert _ledger_tasks(ledger) == before
    assert ledger.scalar("SELECT count(*) FROM changes") == changes_before, "an unchanged import wrote something"


def test_edits_made_in_the_ledger_since_are_not_undone_by_a_reimport(ledger: Ledger) -> None:
    _first_review(ledger)
    task_id = int(ledger.scalar("SELECT id FROM tasks WHERE title LIKE '健全计量检测体系%'"))
    draft = tasks.draft_of(tasks.get_task(ledger, task_id, today=date(2026, 5, 1)))
    draft.title = "健全计量检测体系(县长督办)"
    tasks.update_task(ledger, task_id, draft)

    again = _draft(ledger)
    assert again.preview(ledger).changed == []
    again.save(ledger)
    assert ledger.scalar("SELECT title FROM tasks WHERE id = ?", [task_id]) == "健全计量检测体系(县长督办)"


def test_only_what_the_document_changed_shows_and_is_written(ledger: Ledger) -> None:
    _first_review(ledger)
    changed_text = TEXT.replace("2026年底前建立企业质量信用档案", "2026年10月底前建立企业质量信用档案")
    again = _draft(ledger, changed_text)
    assert again.recalled == 3  # task 5 reads differently now: it is shown as read
    preview = again.preview(ledger)
    assert preview.changed == ["二.(二).5"]
    assert preview.added == [] and preview.removed == []
    again.save(ledger)
    assert ledger.scalar("SELECT deadline FROM tasks WHERE code = '二.(二).5'") == "2026-10-31"
    assert ledger.scalar("SELECT title FROM tasks WHERE code = '二.(一).2'") == "推进标准化建设(含试点)"
    assert ledger.scalar("SELECT count(*) FROM tasks WHERE title LIKE '加强食品安全监管%'") == 0


def test_a_task_the_document_rewrote_comes_back_as_read(ledger: Ledger) -> None:
    """A dropped task whose words changed is shown again: the change may matter."""
    _first_review(ledger)
    rewritten = TEXT.replace("食用农产品抽检合格率达到98%以上", "食用农产品抽检合格率达到99%以上")
    again = _draft(ledger, rewritten)
    assert not again.is_dropped(_by_title(again, "加强食品安全监管"))
    assert again.preview(ledger).added == ["二.(二).4"]


def test_a_corrected_unit_name_is_known_next_time(ledger: Ledger) -> None:
    _first_review(ledger)
    assert ledger.scalar("SELECT count(*) FROM units WHERE name = '县发改局'") == 0
    assert ledger.scalar(
        "SELECT u.name FROM unit_aliases a JOIN units u ON u.id = a.unit_id WHERE a.alias = '县发改局'"
    ) == "县发展和改革局"
    # Even a document that changed where the unit is named finds it.
    again = _draft(ledger, TEXT.replace("2026年底前建立企业质量信用档案", "2026年10月底前建立企业质量信用档案"))
    assert again.new_units(ledger) == []


def test_undoing_an_import_forgets_what_it_read(ledger: Ledger) -> None:
    _first_review(ledger)
    history.undo(ledger)
    assert ledger.scalar("SELECT count(*) FROM import_memory") == 0
    assert _draft(ledger).recalled == 0


def test_the_cli_import_keeps_the_review_of_the_screen(tmp_path: Path) -> None:
    path = tmp_path / "cli.db"
    ledger = open_ledger(path)
    try:
        _first_review(ledger)
        before = _ledger_tasks(ledger)
    finally:
        ledger.close()
    result = CliRunner().invoke(cli, ["--db", str(path), "import", str(SMALL_PLAN)])
    assert result.exit_code == 0, result.output
    assert strings.W_RECALLED.format(count=4) in result.output
    reopened = open_ledger(path)
    try:
        assert _ledger_tasks(reopened) == before
    finally:
        reopened.close()
