"""Shared fixtures: real SQLite files in tmp_path, the demo ledger, and a fixed "today"."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from store.ledger.db import Ledger
from store.ledger.opener import open_ledger
from store.samples import demo

# The demo ledger's lights are judged on this day in every test and snapshot.
TODAY = date(2026, 11, 21)


def shared_folder(name: str, env: str) -> Path:
    """A folder of the shared real documents beside the repository (``shared/seeds``, ``shared/plans``),
    or the one the environment variable ``env`` names. Tests that need it skip when it is absent."""
    return Path(os.environ.get(env) or Path(__file__).resolve().parents[2] / "shared" / name)


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    """An empty ledger in a real file."""
    opened = open_ledger(tmp_path / "ledger.db")
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo ledger, built once per test run (it is the same every time it is built)."""
    path = tmp_path_factory.mktemp("template") / "demo.db"
    demo.create_demo(path).close()
    return path


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo ledger for one test."""
    path = tmp_path / "demo.db"
    shutil.copy(demo_template, path)
    return path


@pytest.fixture
def demo_ledger(demo_path: Path) -> Iterator[Ledger]:
    opened = open_ledger(demo_path)
    yield opened
    opened.close()


def table_counts(ledger: Ledger) -> dict[str, int]:
    """Row counts of every user table: 'nothing changed' means these are equal before and after."""
    names = [
        r["name"]
        for r in ledger.rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    ]
    return {name: int(ledger.scalar(f'SELECT count(*) FROM "{name}"')) for name in names}


def dump(ledger: Ledger) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, to prove a refused write left the ledger exactly as it was."""
    out: dict[str, list[tuple[object, ...]]] = {}
    for r in ledger.rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"):
        out[r["name"]] = [tuple(row) for row in ledger.db.conn.execute(f'SELECT * FROM "{r["name"]}" ORDER BY 1')]
    return out
