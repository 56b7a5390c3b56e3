"""The app never opens a network connection: a typical CLI flow with every socket connect failing the test."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tui.cli import cli


def test_a_typical_cli_flow_opens_no_connection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[Any] = []

    def refuse(self: socket.socket, address: Any, *args: Any) -> Any:
        attempts.append(address)
        raise AssertionError(f"network connection attempted: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda address, *a, **k: refuse(None, address))  # type: ignore[arg-type]
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, *a, **k: refuse(None, host))  # type: ignore[arg-type]

    db = tmp_path / "demo.db"
    runner = CliRunner()
    steps = [
        ["--db", str(db), "demo", "--no-open"],
        ["--db", str(db), "status"],
        ["--db", str(db), "status", "教育"],
        ["--db", str(db), "report", "missing"],
        ["--db", str(db), "agenda", "--date", "2026-12-10", "--out", str(tmp_path / "agenda.md")],
        ["--db", str(db), "backup"],
        ["--db", str(db), "check"],
    ]
    for args in steps:
        result = runner.invoke(cli, args, obj={})
        assert result.exit_code in (0, 1), (args, result.output, result.exception)
        assert not isinstance(result.exception, AssertionError), (args, result.exception)
    assert (tmp_path / "agenda.md").read_text(encoding="utf-8")
    assert attempts == []
