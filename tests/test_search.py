"""Search as you type: 1, 2, 3+ characters, traditional input, pinyin initials (多音字 too), aliases,
report text, hostile input; the index follows every edit; an existing ledger is indexed when it
is migrated."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from store.ledger import schema, search_index
from store.ledger.db import Ledger
from store.ledger.opener import open_ledger
from store.lookup import search
from store.quarterly import reports
from store.work import tasks, units
from store.work.quarters import Quarter
from store.work.rules import Light
from store.work.tasks import TaskDraft
from store.work.units import UnitDraft
from tests.conftest import TODAY


@pytest.fixture(scope="module")
def shared_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ledger]:
    """One demo ledger for the tests that only read."""
    from store.samples import demo

    opened = demo.create_demo(tmp_path_factory.mktemp("search") / "demo.db")
    yield opened
    opened.close()


def _find(ledger: Ledger, query: str, limit: int = search.LIMIT) -> list[search.Hit]:
    return search.search(ledger, query, today=TODAY, limit=limit)


def _titles(hits: list[search.Hit], kind: str | None = None) -> list[str]:
    return [h.title for h in hits if kind is None or h.kind == kind]


def _task_id(ledger: Ledger, code: str) -> int:
    return int(ledger.scalar("SELECT id FROM tasks WHERE code = ?", [code]))


def _unit_id(ledger: Ledger, short: str) -> int:
    return int(ledger.scalar("SELECT id FROM units WHERE short_name = ?", [short]))


def test_this_sqlite_has_fts5_trigram() -> None:
    assert tuple(int(p) for p in sqlite3.sqlite_version.split(".")) >= (3, 34, 0)
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram')")


# --- lengths --------------------------------------------------------------------------------------


def test_one_character_scans_names_and_titles(demo_ledger: Ledger) -> None:
    hits = _find(demo_ledger, "镇")
    assert {"青溪镇", "白沙镇", "石门乡"} - set(_titles(hits, "unit")) == {"石门乡"}
    # A 1-character query finds a task title that contains it, and units first on equal rank.
    titled = _find(demo_ledger, "站")
    assert "建立乡(镇)、街道质量工作站" in _titles(titled, "task")


def test_two_characters_match_inside_a_short_name(demo_ledger: Ledger) -> None:
    hits = _find(demo_ledger, "市监")
    assert hits[0].kind == "unit" and hits[0].title == "县市监局"
    assert hits[0].via == "short_name" and hits[0].rank == search.SUBSTRING


def test_three_or_more_characters_use_the_trigram_index(demo_ledger: Ledger) -> None:
    hits = _find(demo_ledger, "联席会议")
    assert hits[0].kind == "task" and hits[0].code == "四.(一).4"
    # A substring from the middle of a task's text (not its title).
    body = _find(demo_ledger, "领导班子和领导干部")
    assert [h.code for h in body] == ["四.(一).6"] and body[0].via == "text" and body[0].rank == search.IN_TEXT


def test_exact_code_comes_first_then_prefix_then_substring(demo_ledger: Ledger) -> None:
    hits = _find(demo_ledger, "四.(一).4")
    assert hits[0].code == "四.(一).4" and hits[0].rank == search.EXACT
    ranked = _find(demo_ledger, "建立")
    ranks = [h.rank for h in ranked]
    assert ranks == sorted(ranks)
    starts = [h for h in ranked if h.kind == "task" and h.title.startswith("建立")]
    inside = [h for h in ranked if h.kind == "task" and not h.title.startswith("建立") and "建立" in h.title]
    assert starts and inside
    assert max(ranked.index(h) for h in starts) < min(ranked.index(h) for h in inside)


def test_exact_unit_name_ranks_above_longer_names(demo_ledger: Ledger) -> None:
    hits = _find(demo_ledger, "县市监局")
    assert hits[0].title == "县市监局" and hits[0].rank == search.EXACT
    assert hits[0].detail == "县市场监督管理局"


def test_limit_is_respected(demo_ledger: Ledger) -> None:
    assert len(_find(demo_ledger, "质", limit=5)) == 5


# --- traditional, pinyin, aliases ----------------------------------------------------------------------


def test_traditional_input_finds_simplified_data(demo_ledger: Ledger) -> None:
    assert _find(demo_ledger, "縣市監局")[0].title == "县市监局"
    assert "开展产品质量监督抽查" in _titles(_find(demo_ledger, "質量監督"), "task")
    assert search.normalise("ＸＳＪＪ  縣") == "XSJJ 县"  # full-width letters, spaces, script


def test_pinyin_initials_find_units_and_task_titles(demo_ledger: Ledger) -> None:
    hits = _find(demo_ledger, "xsjj")
    assert hits[0].title == "县市监局" and hits[0].via == "pinyin" and hits[0].rank == search.EXACT
    assert _find(demo_ledger, "XSJJ")[0].title == "县市监局"
    # A stretch of a task title's initials: 产品质量监督抽查 → cpzljdcc.
    assert "开展产品质量监督抽查" in _titles(_find(demo_ledger, "zljdcc"), "task")
    # Two letters: a prefix of a name.
    assert "县市监局" in _titles(_find(demo_ledger, "xs"), "unit")


def test_pinyin_initials_cover_polyphonic_characters(demo_ledger: Ledger) -> None:
    units.create_unit(demo_ledger, UnitDraft("长乐镇人民政府", short_name="长乐镇", kind="township"))
    units.create_unit(demo_ledger, UnitDraft("县行政服务中心", short_name="县行政中心"))
    for query in ("clz", "zlz", "cyz"):  # 长 chang/zhang, 乐 le/yue
        assert "长乐镇" in _titles(_find(demo_ledger, query), "unit"), query
    for query in ("xxzfwzx", "xhzfwzx", "hzfw"):  # 行 xing/hang
        assert "县行政中心" in _titles(_find(demo_ledger, query), "unit"), query


def test_initials_keys_are_bounded() -> None:
    assert ("xsjj", True) in search_index.initials_keys("县市监局")
    assert {"clz", "zlz", "cyz", "zyz"} <= {k for k, _ in search_index.initials_keys("长乐镇")}
    long_title = "推动规模以上工业企业开展质量管理体系认证和对标达标提升行动,重点行业长期坚持"
    keys = search_index.initials_keys(long_title)
    assert len(keys) <= search_index.MAX_KEYS
    assert keys[0][1] and len(keys[0][0]) == len(search_index.letters(long_title))
    assert search_index.initials_keys("ISO 9001认证") == [("iso9001rz", True)]
    assert search_index.initials_keys("(、)") == []


def test_aliases_are_found_by_text_and_by_pinyin(demo_ledger: Ledger) -> None:
    hits = _find(demo_ledger, "县质监局")
    assert hits[0].title == "县市监局" and hits[0].via == "alias" and hits[0].rank == search.EXACT
    assert _find(demo_ledger, "xzjj")[0].title == "县市监局"  # 县质监局
    assert "县市监局" in _titles(_find(demo_ledger, "质监"), "unit")


def test_report_text_is_searched_from_three_characters(demo_ledger: Ledger) -> None:
    hits = _find(demo_ledger, "居民意见不统一")
    assert [(h.kind, h.code) for h in hits] == [("report", "四.(四).3")]
    report = hits[0]
    assert report.detail == "县住建局" and "居民意见不统一" in report.snippet
    assert report.rank == search.IN_REPORT and report.light is not None
    # A task whose own title matches is listed once, as the task.
    assert [h.kind for h in _find(demo_ledger, "老旧小区改造")] == ["task"]
    assert _find(demo_ledger, "意见") == []  # two characters: names and tasks only


def test_results_carry_light_deadline_lead_unit_and_latest_report(demo_ledger: Ledger) -> None:
    hit = _find(demo_ledger, "四.(一).4")[0]
    row = tasks.get_task(demo_ledger, hit.id, today=TODAY)
    assert hit.light == row.light and hit.deadline == row.deadline.day
    assert hit.lead_unit == "县市监局"
    assert hit.latest is not None and hit.latest.quarter == "2026Q3" and hit.latest.unit == "县市监局"
    assert hit.latest.summary.startswith("2026Q3 县市监局 ")
    assert hit.to_json()["light"] == row.light.value


def test_no_match_and_empty_queries(demo_ledger: Ledger) -> None:
    assert _find(demo_ledger, "这句话台账里没有") == []
    assert _find(demo_ledger, "qqqqzzzz") == []
    assert _find(demo_ledger, "") == [] and _find(demo_ledger, "   ") == []


@pytest.mark.parametrize(
    "query",
    ["%", "_", "%%", "县%局", "县_局", "\\", "'", '"', "''", '"县市', "' OR '1'='1", "1; DROP TABLE tasks; --",
     "*", "NEAR(县 市)", "AND", "OR x", "^县", "县市监局\" OR \"", "\x00", "-", "(", ")"],
)
def test_hostile_input_is_matched_literally(shared_demo: Ledger, query: str) -> None:
    demo_ledger = shared_demo
    before = demo_ledger.scalar("SELECT count(*) FROM tasks")
    hits = _find(demo_ledger, query)
    literal = search.clean(query)
    for hit in hits:
        if hit.via == "pinyin":
            continue
        if hit.kind == "unit":
            names = [r["n"] for r in demo_ledger.rows(
                "SELECT name AS n FROM units WHERE id = ?1 UNION ALL SELECT short_name FROM units WHERE id = ?1 "
                "UNION ALL SELECT alias FROM unit_aliases WHERE unit_id = ?1", [hit.id])]
            assert any(literal.casefold() in (n or "").casefold() for n in names), (query, hit)
        elif hit.kind == "task":
            row = demo_ledger.row("SELECT code, title, text FROM tasks WHERE id = ?", [hit.id])
            assert row is not None
            assert any(literal.casefold() in (v or "").casefold() for v in row.values()), (query, hit)
    assert demo_ledger.scalar("SELECT count(*) FROM tasks") == before


def test_percent_and_underscore_are_not_wildcards(demo_ledger: Ledger) -> None:
    tasks.create_task(demo_ledger, TaskDraft("抽查合格率达到95%以上", lead_units=["县市监局"]), today=TODAY)
    tasks.create_task(demo_ledger, TaskDraft("编号A_1的任务", code="A_1", lead_units=["县市监局"]), today=TODAY)
    assert _titles(_find(demo_ledger, "%"), "task") == ["抽查合格率达到95%以上"]
    assert _titles(_find(demo_ledger, "_"), "task") == ["编号A_1的任务"]
    assert _find(demo_ledger, "A_1")[0].title == "编号A_1的任务"
    assert _find(demo_ledger, "A%1") == []


# --- the index follows the ledger ------------------------------------------------------------------


def test_a_new_and_an_edited_task_are_found_at_once(demo_ledger: Ledger) -> None:
    task_id = tasks.create_task(
        demo_ledger, TaskDraft("开展电梯安全专项检查", text="对全县在用电梯开展维保质量抽查", lead_units=["县市监局"]),
        today=TODAY,
    )
    assert _find(demo_ledger, "电梯安全")[0].id == task_id
    assert _find(demo_ledger, "dtaq")[0].id == task_id
    draft = tasks.draft_of(tasks.get_task(demo_ledger, task_id, today=TODAY))
    draft.title = "开展锅炉能效专项检查"
    tasks.update_task(demo_ledger, task_id, draft, today=TODAY)
    assert all(h.id != task_id for h in _find(demo_ledger, "电梯安全") if h.kind == "task")
    assert all(h.id != task_id for h in _find(demo_ledger, "dtaq") if h.kind == "task")
    assert _find(demo_ledger, "锅炉能效")[0].id == task_id
    assert _find(demo_ledger, "glnx")[0].id == task_id
    assert [h.id for h in _find(demo_ledger, "维保质量")] == [task_id]  # text kept
    tasks.delete_task(demo_ledger, task_id)
    assert _find(demo_ledger, "锅炉能效") == [] and _find(demo_ledger, "glnx") == []
    assert demo_ledger.scalar("SELECT count(*) FROM search_keys WHERE kind = 'task' AND ref = ?", [task_id]) == 0


def test_renamed_units_and_changed_aliases_are_found_at_once(demo_ledger: Ledger) -> None:
    unit_id = _unit_id(demo_ledger, "县交通局")
    unit = units.get_unit(demo_ledger, unit_id)
    draft = UnitDraft(unit.name, short_name="县交运局", kind=unit.kind, aliases=["县公路管理局"])
    units.update_unit(demo_ledger, unit_id, draft)
    assert _find(demo_ledger, "县交运局")[0].id == unit_id
    assert _find(demo_ledger, "xjyj")[0].id in {unit_id, _unit_id(demo_ledger, "县教育局")}
    assert _find(demo_ledger, "公路管理")[0].id == unit_id
    assert _find(demo_ledger, "xglglj")[0].id == unit_id
    assert all(h.id != unit_id for h in _find(demo_ledger, "县交通局") if h.kind == "unit")
    units.update_unit(demo_ledger, unit_id, UnitDraft(unit.name, short_name="县交运局", kind=unit.kind))
    assert all(h.id != unit_id for h in _find(demo_ledger, "公路管理") if h.kind == "unit")
    assert all(h.id != unit_id for h in _find(demo_ledger, "xglglj") if h.kind == "unit")


def test_a_new_report_is_found_at_once(demo_ledger: Ledger) -> None:
    task_id = _task_id(demo_ledger, "四.(三).2")
    unit_id = _unit_id(demo_ledger, "县市监局")
    reports.record(demo_ledger, reports.ReportDraft(
        task_id, unit_id, Quarter(2026, 4), "in_progress", 90, work_done="完成电梯维保单位专项检查12家",
        received=TODAY,
    ), today=date(2026, 11, 21))
    hits = _find(demo_ledger, "维保单位")
    assert [(h.kind, h.code) for h in hits] == [("report", "四.(三).2")]
    assert hits[0].latest is not None and hits[0].latest.quarter == "2026Q4"


def test_rows_written_with_plain_sql_get_their_pinyin_keys(demo_ledger: Ledger) -> None:
    demo_ledger.db.execute("INSERT INTO units (name, short_name) VALUES ('县档案馆', '县档案馆')")
    demo_ledger.db.conn.commit()
    assert search_index.pending_count(demo_ledger.conn) == 1
    assert _find(demo_ledger, "xdag")[0].title == "县档案馆"
    assert search_index.pending_count(demo_ledger.conn) == 0
    assert _find(demo_ledger, "档案馆")[0].title == "县档案馆"  # full text through the trigger


# --- migration -------------------------------------------------------------------------------------


def _ledger_before_search(path: Path) -> None:
    """A ledger as the release before search left it (migration 0001 only), with some rows."""
    from sqlite_utils import Database

    db = Database(path)
    schema.migrations.apply(db, stop_before="0002_search")
    db.execute("INSERT INTO units (id, name, short_name) VALUES (1, '县市场监督管理局', '县市监局')")
    db.execute("INSERT INTO unit_aliases (alias, unit_id) VALUES ('县质监局', 1)")
    db.execute("INSERT INTO tasks (id, code, title, text) VALUES (1, '一.1', '开展重点工业产品质量提升行动', "
               "'每年组织一次质量比对')")
    db.execute("INSERT INTO task_units (task_id, unit_id, role) VALUES (1, 1, 'lead')")
    db.execute("INSERT INTO reports (task_id, unit_id, quarter, status, work_done) "
               "VALUES (1, 1, '2026Q3', 'in_progress', '完成重点产品抽查三十批次')")
    db.conn.commit()
    db.close()


def test_migrating_an_existing_ledger_indexes_it(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _ledger_before_search(path)
    ledger = open_ledger(path, create=False)
    try:
        assert "0002_search" in schema.applied_names(ledger.db)
        assert _find(ledger, "xsjj")[0].title == "县市监局"
        assert _find(ledger, "县质监局")[0].title == "县市监局"
        assert _find(ledger, "质量提升")[0].code == "一.1"
        assert _find(ledger, "zltsxd")[0].code == "一.1"
        assert _find(ledger, "cdgy")[0].code == "一.1"  # 重 read as chong too
        assert _find(ledger, "质量比对")[0].code == "一.1"
        assert [h.kind for h in _find(ledger, "抽查三十批次")] == ["report"]
        assert search_index.pending_count(ledger.conn) == 0
        assert _find(ledger, "一.1")[0].light in (Light.GREEN, Light.YELLOW, Light.RED)
    finally:
        ledger.close()
