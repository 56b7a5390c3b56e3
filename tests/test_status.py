"""``taizhang status``: what it prints, its exit codes and JSON, its column layout, and what it imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from store.ledger.opener import open_ledger
from store.lookup import overview, status
from store.work.rules import Light
from tests.conftest import TODAY
from tui.cli import cli

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAIZHANG_TODAY", TODAY.isoformat())
    monkeypatch.setenv("COLUMNS", "100")


def _status(path: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(path), "status", *args])


def _json(path: Path, *args: str) -> dict[str, object]:
    result = _status(path, *args, "--json")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_a_query_lists_matching_tasks_as_a_table(demo_path: Path) -> None:
    result = _status(demo_path, "联席会议")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["编号", "任务", "灯", "截止", "牵头单位", "最新进展"]
    assert lines[1].startswith("四.(一).4") and "县市监局" in lines[1] and "2026Q3" in lines[1]


def test_a_unit_by_short_name_or_pinyin_shows_its_summary(demo_path: Path) -> None:
    for query in ("县市监局", "xsjj", "县质监局"):
        result = _status(demo_path, query, "--limit", "0")
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("县市场监督管理局(县市监局) 部门 联系人:王丽华"), query
    ledger = open_ledger(demo_path)
    try:
        unit_id = int(ledger.scalar("SELECT id FROM units WHERE short_name = '县市监局'"))
        summary = next(u for u in overview.unit_summaries(ledger, today=TODAY) if u.id == unit_id)
    finally:
        ledger.close()
    data = _json(demo_path, "--unit", "县市监局", "--limit", "0")
    unit = data["unit"]
    assert isinstance(unit, dict)
    # The same counts as the main screen's unit list (one set of rules).
    assert (unit["tasks"], unit["red"], unit["yellow"], unit["done"]) == (
        summary.task_count, summary.red, summary.yellow, summary.done)
    assert isinstance(data["tasks"], list) and len(data["tasks"]) == summary.task_count


def test_json_rows_carry_code_title_light_deadline_lead_unit_and_latest_report(demo_path: Path) -> None:
    data = _json(demo_path, "四.(一).4")
    tasks = data["tasks"]
    assert isinstance(tasks, list) and tasks[0]["code"] == "四.(一).4"
    row = tasks[0]
    assert set(row) >= {"code", "title", "light", "light_label", "deadline", "lead_unit", "latest_report"}
    assert row["lead_unit"] == "县市监局" and row["light"] in {light.value for light in Light}
    assert row["latest_report"]["quarter"] == "2026Q3" and row["latest_report"]["status_label"]


def test_overdue_lists_only_red_tasks(demo_path: Path) -> None:
    data = _json(demo_path, "--overdue", "--limit", "0")
    tasks = data["tasks"]
    assert isinstance(tasks, list) and tasks
    assert {t["light"] for t in tasks} == {"red"}
    mine = _json(demo_path, "--unit", "县市监局", "--overdue", "--limit", "0")["tasks"]
    assert isinstance(mine, list) and {t["light"] for t in mine} == {"red"} and len(mine) < len(tasks)


def test_phase_filter_by_part_of_its_name(demo_path: Path) -> None:
    result = _status(demo_path, "--phase", "自查")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("阶段:自查提升阶段")
    assert "开展创建工作自查自评" in result.stdout
    ambiguous = _status(demo_path, "--phase", "阶段")
    assert ambiguous.exit_code == 2 and "可能是这些阶段" in ambiguous.stderr
    unknown = _status(demo_path, "--phase", "验收以后")
    assert unknown.exit_code == 2 and "没有“验收以后”这个阶段" in unknown.stderr


def test_limit_says_there_is_more(demo_path: Path) -> None:
    result = _status(demo_path, "--limit", "3")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 5 and "--limit 0" in lines[-1]
    assert _json(demo_path, "--limit", "3")["more"] is True


def test_nothing_found_exits_1(demo_path: Path) -> None:
    result = _status(demo_path, "台账里没有这句话")
    assert result.exit_code == 1
    assert result.stdout == "" and "没有找到与“台账里没有这句话”相符的任务或单位" in result.stderr
    data = _json(demo_path, "台账里没有这句话")
    assert data["tasks"] == [] and data["units"] == []
    none_red = _status(demo_path, "--unit", "县统计局", "--overdue")
    assert none_red.exit_code == 1 and "没有符合条件的任务" in none_red.stdout


def test_errors_exit_2_in_chinese(demo_path: Path, tmp_path: Path) -> None:
    unknown = _status(demo_path, "--unit", "县外星局")
    assert unknown.exit_code == 2 and "台账中没有“县外星局”这个单位" in unknown.stderr
    ambiguous = _status(demo_path, "--unit", "街道")
    assert ambiguous.exit_code == 2 and "城东街道" in ambiguous.stderr and "城西街道" in ambiguous.stderr
    missing = tmp_path / "none.db"
    result = _status(missing, "x")
    assert result.exit_code == 2 and "不存在" in result.stderr and not missing.exists()
    not_a_ledger = tmp_path / "junk.db"
    not_a_ledger.write_bytes(b"this is not sqlite" * 100)
    junk = _status(not_a_ledger)
    assert junk.exit_code == 2 and "不是台账文件" in junk.stderr


def test_several_matching_units_are_listed_when_no_task_matches(demo_path: Path) -> None:
    result = _status(demo_path, "乡人民政府")
    assert result.exit_code == 0, result.output
    assert "相符的单位有 2 个" in result.stdout and "石门乡" in result.stdout and "云岭乡" in result.stdout
    units = _json(demo_path, "乡人民政府")["units"]
    assert isinstance(units, list) and [u["short_name"] for u in units] == ["石门乡", "云岭乡"]


def test_an_older_ledger_is_migrated_on_the_way(tmp_path: Path) -> None:
    from tests.test_search import _ledger_before_search

    path = tmp_path / "old.db"
    _ledger_before_search(path)
    result = _status(path, "xsjj")
    assert result.exit_code == 0, result.output
    assert "县市场监督管理局" in result.stdout and "开展重点工业产品质量提升行动" in result.stdout


# --- layout ---------------------------------------------------------------------------------------


def test_fit_counts_cjk_as_two_columns_and_never_cuts_a_character() -> None:
    assert status.display_width("县市监局") == 8 and status.display_width("A1") == 2
    assert status.fit("县市监局", 8) == "县市监局"
    assert status.fit("县市监局", 10) == "县市监局  "
    for width in range(2, 12):
        cut = status.fit("县市场监督管理局", width)
        assert status.display_width(cut) == width, width
        assert cut.rstrip().endswith("..") or "县市场监督管理局".startswith(cut.rstrip())
    assert status.fit("县市场监督管理局", 7) == "县市.. "
    assert status.fit("县市场监督管理局", 6) == "县市.."


def test_every_row_fits_the_width_and_columns_line_up(demo_path: Path) -> None:
    ledger = open_ledger(demo_path)
    try:
        result = status.status(ledger, today=TODAY, limit=0)
    finally:
        ledger.close()
    for width in (60, 80, 120):
        lines = status.render(result, width=width).splitlines()
        assert all(status.display_width(line) <= width for line in lines), width
        # The light column starts at the same display column on every row.
        starts = set()
        for line in lines[1:]:
            for label in ("红灯", "黄灯", "绿灯", "已完成"):
                at = line.find("  " + label + " ")
                if at >= 0:
                    starts.add(status.display_width(line[: at + 2]))
                    break
        assert len(starts) == 1, (width, starts)


def test_the_installed_command_runs_without_heavy_imports(demo_path: Path) -> None:
    """``status`` stays fast: no textual, sqlite-utils, pendulum, pypinyin, OpenCC, openpyxl or docx."""
    code = (
        "import sys\n"
        f"sys.argv = ['taizhang', '--db', {str(demo_path)!r}, 'status', sys.argv[1]]\n"
        "from tui.cli import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "heavy = ('textual', 'sqlite_utils', 'pendulum', 'pypinyin', 'opencc', 'openpyxl', 'docx', 'rich')\n"
        "print('LOADED', sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "TAIZHANG_TODAY": TODAY.isoformat()}
    for query in ("联席会议", "xsjj", "--overdue"):
        run = subprocess.run([sys.executable, "-c", code, query], cwd=ROOT, capture_output=True, text=True, env=env,
                             check=False)
        assert "LOADED []" in run.stderr, (query, run.stderr)
        assert "县市监局" in run.stdout
