"""Saving parsed plans into the ledger: the real seeds, aliases, re-import in place, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from store.importing import importer
from store.importing.plan_import import parse_plan, read_document
from store.importing.plan_import.model import Target
from store.ledger.db import Ledger
from store.ledger.opener import open_ledger
from store.work import units
from store.work.units import UnitDraft
from tests.conftest import dump, shared_folder
from tui.cli import cli

SEEDS = shared_folder("seeds", "TAIZHANG_SEEDS")
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed plans not found at {SEEDS}")


def _seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


@needs_seeds
@pytest.mark.parametrize("prefix", ["000", "001", "003"])
def test_each_seed_imports_and_reimports_without_duplicates(ledger: Ledger, prefix: str) -> None:
    text = read_document(_seed(prefix))
    parsed = parse_plan(text)
    labels = json.loads((SEEDS / f"{prefix}.labels.json").read_text(encoding="utf-8"))
    first = importer.save_import(ledger, parsed, source_file=prefix, original_text=text)
    assert not first.updating and len(first.added) == len(parsed.tasks) >= len(labels["tasks"])
    assert ledger.scalar("SELECT title FROM plans") == labels["title"]
    assert ledger.scalar("SELECT count(*) FROM phases") == len(labels["phases"])
    before = dump(ledger)
    again = importer.save_import(ledger, parsed, source_file=prefix, original_text=text)
    assert again.updating and (again.added, again.changed, again.removed) == ([], [], [])
    after = dump(ledger)
    assert {k: v for k, v in after.items() if k != "audit_log"} == {k: v for k, v in before.items() if k != "audit_log"}


@needs_seeds
def test_units_are_matched_through_aliases(ledger: Ledger) -> None:
    units.create_unit(ledger, UnitDraft("县市场监督管理局", "县市场监管局", aliases=["县市监局"]))
    parsed = parse_plan(read_document(_seed("000")))
    preview = importer.preview_import(ledger, parsed)
    assert "县市监局" not in preview.new_units and "县发改局" in preview.new_units
    importer.save_import(ledger, parsed)
    assert ledger.scalar("SELECT count(*) FROM units WHERE name LIKE '%市监%' OR name LIKE '%市场监%'") == 1
    first_task = ledger.row(
        "SELECT u.name, tu.role FROM task_units tu JOIN units u ON u.id = tu.unit_id "
        "JOIN tasks t ON t.id = tu.task_id ORDER BY t.ord, tu.ord LIMIT 1"
    )
    assert first_task == {"name": "县市场监督管理局", "role": "lead"}
    kinds = dict(ledger.db.conn.execute("SELECT name, kind FROM units").fetchall())
    assert kinds["各乡(镇)人民政府"] == "township"
    assert kinds["街道办事处"] == "subdistrict"


@needs_seeds
def test_a_changed_plan_shows_what_changed(ledger: Ledger) -> None:
    text = read_document(_seed("003"))
    importer.save_import(ledger, parse_plan(text))
    changed = parse_plan(text)
    dropped = changed.tasks.pop()
    changed.tasks[0].title = changed.tasks[0].title + "(修订)"
    report = importer.preview_import(ledger, changed)
    assert report.removed == [dropped.code]
    assert report.added == [] and report.changed == [changed.tasks[0].code]  # matched by code, new title
    changed.tasks[1].text = changed.tasks[1].text + "新增要求。"
    report = importer.save_import(ledger, changed)
    assert report.changed == [changed.tasks[0].code, changed.tasks[1].code] and report.removed == [dropped.code]
    assert ledger.scalar("SELECT count(*) FROM tasks") == len(changed.tasks)


@needs_seeds
def test_a_failed_import_leaves_nothing_behind(ledger: Ledger) -> None:
    units.create_unit(ledger, UnitDraft("县甲局"))
    parsed = parse_plan(read_document(_seed("000")))
    parsed.tasks[-1].targets.append(Target("合格率", "≈", 90, "%"))  # the schema refuses this comparator
    before = dump(ledger)
    with pytest.raises(Exception, match="CHECK"):
        importer.save_import(ledger, parsed)
    assert dump(ledger) == before


def test_unit_kind_is_guessed_from_the_name() -> None:
    assert importer.guess_unit_kind("县质量创建成员单位") == "group"
    assert importer.guess_unit_kind("各有关成员单位") == "group"
    assert importer.guess_unit_kind("青溪镇人民政府") == "township"
    assert importer.guess_unit_kind("城东街道办事处") == "subdistrict"
    assert importer.guess_unit_kind("县住建局") == "department"


@needs_seeds
def test_cli_import_dry_run_json_and_save(tmp_path: Path) -> None:
    runner = CliRunner()
    db = tmp_path / "l.db"
    result = runner.invoke(cli, ["--db", str(db), "import", str(_seed("001")), "--dry-run", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["plan"]["doc_no"] == "杭政办函〔2013〕98号" and len(data["tasks"]) == 50
    assert not db.exists()  # a dry run writes nothing
    result = runner.invoke(cli, ["--db", str(db), "import", str(_seed("001"))])
    assert result.exit_code == 0 and "已导入台账" in result.output
    ledger = open_ledger(db)
    assert ledger.scalar("SELECT count(*) FROM tasks") == 50
    ledger.close()


def test_cli_import_of_a_file_with_no_plan_fails(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("今天天气很好。", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "l.db"), "import", str(note)])
    assert result.exit_code == 1
    assert "没有在" in result.stderr
    binary = tmp_path / "x.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    result = CliRunner().invoke(cli, ["import", "--dry-run", str(binary)])
    assert result.exit_code == 2 and "错误" in result.stderr


def test_sections_of_different_chapters_with_the_same_number_stay_apart(ledger: Ledger) -> None:
    """``一、`` holding tasks directly and ``二、(一)`` both number themselves 一: two sections, each
    with its own tasks and title."""
    text = "\n".join(
        [
            "某县2031年重点工作责任分解",
            "一、主要预期目标",
            "1.生产总值增长6%。(责任单位:县发改局)",
            "2.财政收入增长5%。(责任单位:县财政局)",
            "二、重点工作",
            "(一)稳增长",
            "1.实施招商引资行动。(责任单位:县商务局)",
        ]
    )
    importer.save_import(ledger, parse_plan(text))
    rows = ledger.rows(
        "SELECT s.code, s.title, count(t.id) AS n FROM sections s JOIN tasks t ON t.section_id = s.id "
        "GROUP BY s.id ORDER BY s.ord"
    )
    assert [(r["code"], r["title"], r["n"]) for r in rows] == [("一", "主要预期目标", 2), ("二.(一)", "稳增长", 1)]
