"""The ``taizhang`` command from the shell: help, demo creation, bad paths."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from store.ledger.opener import open_ledger
from tui.cli import cli


def _script() -> str:
    found = shutil.which("taizhang", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail("the taizhang console script is not installed next to this Python (pip install -e .)")
    return found


def test_installed_script_help() -> None:
    result = subprocess.run([_script(), "--help"], capture_output=True, text=True, check=True)
    assert "台账" in result.stdout
    assert "demo" in result.stdout


def test_installed_script_creates_a_demo_without_opening(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [_script(), "demo", "--db", str(path), "--no-open"], capture_output=True, text=True, env=env, check=True
    )
    assert "已创建演示台账" in result.stdout
    ledger = open_ledger(path, create=False)
    assert ledger.scalar("SELECT count(*) FROM tasks") >= 35
    ledger.close()


def test_every_command_and_option_has_help_text() -> None:
    commands = [cli, *cli.commands.values()]  # type: ignore[attr-defined]
    for command in commands:
        assert command.help, command.name
        for param in command.params:
            if isinstance(param, click.Option) and param.name not in ("version",):
                assert getattr(param, "help", None), f"{command.name} --{param.name}"


def test_demo_refuses_a_real_ledger_with_exit_code(tmp_path: Path) -> None:
    from store.work import units
    from store.work.units import UnitDraft

    real = open_ledger(tmp_path / "real.db")
    units.create_unit(real, UnitDraft("县甲局"))
    real.close()
    result = CliRunner().invoke(cli, ["demo", "--db", str(tmp_path / "real.db"), "--no-open"])
    assert result.exit_code == 2
    assert "不会覆盖" in result.output


def test_opening_a_file_that_is_not_a_ledger_fails_cleanly(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"\x00\x01not sqlite" * 200)
    result = CliRunner().invoke(cli, ["--db", str(junk)])
    assert result.exit_code == 2
    assert "不是台账文件" in result.output
    assert "Traceback" not in result.output


def test_report_add_then_the_same_again_then_a_correction(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAIZHANG_TODAY", "2026-11-21")
    runner = CliRunner()
    args = ["--db", str(demo_path), "report", "add", "--task", "四.(三).2", "--unit", "县市监局",
            "--quarter", "2026Q4", "--status", "推进中", "--progress", "70", "--done", "完成抽查120批次"]
    first = runner.invoke(cli, args)
    assert first.exit_code == 0 and "第 1 版,推进中" in first.output
    again = runner.invoke(cli, args)
    assert again.exit_code == 0 and "未作改动" in again.output
    corrected = runner.invoke(cli, [*args[:-2], "--done", "完成抽查126批次"])
    assert "第 2 版" in corrected.output
    ledger = open_ledger(demo_path, create=False)
    assert ledger.scalar("SELECT count(*) FROM reports WHERE quarter = '2026Q4'") == 2
    ledger.close()


def test_report_add_refuses_bad_input_with_a_chinese_message(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAIZHANG_TODAY", "2026-11-21")
    runner = CliRunner()
    base = ["--db", str(demo_path), "report", "add", "--unit", "县市监局", "--quarter", "2026Q3"]
    for extra, message in [
        (["--task", "四.(三).2", "--status", "推进"], "不是有效的进展状态"),
        (["--task", "九.(九).9", "--status", "推进中"], "没有编号或标题"),
        (["--task", "四.(三).2", "--status", "推进中", "--received", "2026-13-01"], "不是有效的日期"),
    ]:
        result = runner.invoke(cli, [*base, *extra])
        assert result.exit_code == 2 and message in result.output
    bad_quarter = runner.invoke(cli, [*base[:-1], "2026Q5", "--task", "四.(三).2", "--status", "推进中"])
    assert bad_quarter.exit_code == 2 and "不是有效的季度" in bad_quarter.output


def test_report_missing_lists_the_units_to_chase(demo_path: Path) -> None:
    import json

    runner = CliRunner()
    text = runner.invoke(cli, ["--db", str(demo_path), "report", "missing", "--quarter", "2026Q3"])
    assert text.exit_code == 0
    assert "2026年第三季度报告催报清单(共 3 个单位)" in text.output
    assert "城西街道  联系人:冯雪莲  电话:0571-88002202" in text.output
    data = json.loads(runner.invoke(cli, ["--db", str(demo_path), "report", "missing", "--quarter", "2026Q3", "--json"]).output)
    assert data["quarter"] == "2026Q3"
    assert {u["short_name"] for u in data["units"]} == {"城西街道", "石门乡", "县文广旅体局"}
    assert all(u["missing"] for u in data["units"])


def test_import_of_a_covering_notice_shows_its_details_and_says_there_are_no_tasks(tmp_path: Path) -> None:
    notice = tmp_path / "通知.txt"
    notice.write_text(
        "关于印发《青溪县质量提升行动方案》的通知\n青政办发〔2026〕5号\n"
        "各乡镇人民政府,县直各单位:现将《青溪县质量提升行动方案》印发给你们,请认真贯彻落实。\n",
        encoding="utf-8",
    )
    db = tmp_path / "l.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "import", str(notice), "--dry-run", "--json"])
    assert result.exit_code == 1
    shown = json.loads(result.stdout)
    assert shown["plan"]["title"] == "青溪县质量提升行动方案" and shown["plan"]["doc_no"] == "青政办发〔2026〕5号"
    assert shown["plan"]["notice_only"] is True
    assert "只是印发《青溪县质量提升行动方案》的通知" in result.stderr
    assert not db.exists()
