"""The scale generator: tier s (one county) as promised, the same every time, searchable, and never
over a real ledger. (m and l are built by ``make bench`` only.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from store.errors import LedgerError
from store.ledger import search_index
from store.ledger.opener import open_ledger
from store.lookup import search
from store.samples import scale
from store.work import units
from store.work.units import UnitDraft
from tests.conftest import TODAY
from tui.cli import cli


def _fingerprint(path: Path) -> tuple[object, ...]:
    ledger = open_ledger(path, create=False)
    try:
        return tuple(ledger.scalar(sql) for sql in (
            "SELECT group_concat(name, '|') FROM (SELECT name FROM units ORDER BY id)",
            "SELECT group_concat(title, '|') FROM (SELECT title FROM tasks ORDER BY id)",
            "SELECT count(*) || ':' || sum(progress) || ':' || sum(length(work_done)) FROM reports",
        ))
    finally:
        ledger.close()


def test_tier_s_has_the_promised_size(tmp_path: Path) -> None:
    built = scale.build(tmp_path / "s.db", "s")
    assert (built.units, built.tasks) == (40, 60)
    ledger = open_ledger(built.path, create=False)
    try:
        assert ledger.scalar("SELECT count(DISTINCT quarter) FROM reports") == 8
        assert ledger.scalar("SELECT count(*) FROM reports") == built.reports
        assert 1_500 <= built.reports <= 4_000
        assert ledger.scalar("SELECT count(*) FROM plans") == 1
        kinds = dict(ledger.db.execute("SELECT kind, count(*) FROM units GROUP BY kind").fetchall())
        assert kinds == {"department": 31, "township": 6, "subdistrict": 2, "group": 1}
        # Realistic Chinese text: titles of a few words, texts and reports of a sentence or more.
        assert 8 <= ledger.scalar("SELECT avg(length(title)) FROM tasks") <= 30
        assert 40 <= ledger.scalar("SELECT avg(length(text)) FROM tasks") <= 200
        assert 15 <= ledger.scalar("SELECT avg(length(work_done)) FROM reports") <= 80
        assert ledger.scalar("SELECT count(*) FROM reports WHERE revision = 2") >= 1
        assert ledger.scalar("SELECT value FROM meta WHERE key = 'demo'") == "1"
    finally:
        ledger.close()


def test_tier_s_is_the_same_every_time_and_fully_indexed(tmp_path: Path) -> None:
    first = scale.build(tmp_path / "a.db", "s")
    second = scale.build(tmp_path / "b.db", "s")
    assert _fingerprint(first.path) == _fingerprint(second.path)
    assert _fingerprint(first.path) != _fingerprint(scale.build(tmp_path / "c.db", "s", seed=7).path)
    ledger = open_ledger(first.path, create=False)
    fresh = open_ledger(tmp_path / "fresh.db")
    try:
        assert search_index.pending_count(ledger.conn) == 0
        assert ledger.scalar("SELECT count(DISTINCT ref) FROM search_keys WHERE kind = 'unit'") == 40
        # The triggers set aside while building are all back.
        triggers = "SELECT group_concat(name || sql, ';') FROM (SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name)"
        assert ledger.scalar(triggers) == fresh.scalar(triggers)
        name, short = ledger.row("SELECT name, short_name FROM units ORDER BY id LIMIT 1").values()  # type: ignore[union-attr]
        assert search.search(ledger, short, today=TODAY)[0].title == short
        report_text = ledger.scalar("SELECT work_done FROM reports ORDER BY id DESC LIMIT 1")
        assert search.task_matches(ledger, report_text[:8])
        # It keeps working as a ledger: a unit added afterwards is indexed like any other.
        units.create_unit(ledger, UnitDraft(name + "分局", short_name=short + "分局"))
        assert search.search(ledger, short + "分局", today=TODAY)[0].title == short + "分局"
    finally:
        ledger.close()
        fresh.close()


def test_never_over_a_real_ledger(tmp_path: Path) -> None:
    real = open_ledger(tmp_path / "real.db")
    units.create_unit(real, UnitDraft("县甲局"))
    real.close()
    with pytest.raises(LedgerError):
        scale.build(tmp_path / "real.db", "s")
    with pytest.raises(LedgerError):
        scale.build(tmp_path / "x.db", "xl")
    check = open_ledger(tmp_path / "real.db", create=False)
    assert check.scalar("SELECT name FROM units") == "县甲局"
    check.close()


def test_demo_command_builds_a_tier(tmp_path: Path) -> None:
    path = tmp_path / "demo-s.db"
    result = CliRunner().invoke(cli, ["demo", "--scale", "s", "--db", str(path), "--no-open"])
    assert result.exit_code == 0, result.output
    assert "已生成 s 级测试台账" in result.stdout and "40 个单位、60 项任务" in result.stdout
    again = CliRunner().invoke(cli, ["demo", "--scale", "s", "--db", str(path), "--no-open"])
    assert again.exit_code == 0  # a generated ledger may be rebuilt
    bad = CliRunner().invoke(cli, ["demo", "--scale", "xl", "--db", str(path), "--no-open"])
    assert bad.exit_code == 2
