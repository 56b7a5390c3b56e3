"""The ``taizhang`` command from the shell: help, demo creation, bad paths."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from store.db import open_ledger
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
    from store import units
    from store.units import UnitDraft

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
