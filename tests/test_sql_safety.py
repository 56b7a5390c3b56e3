"""Every SQL statement is parameterised (issue 7, security hygiene).

Quotes, LIKE wildcards, backslashes and SQL fragments go in through every door a clerk or a file
opens: search (1–2 characters: LIKE scan; 3+: trigram; pinyin keys), ``taizhang status``, the main
screen's unit filter, units and tasks created and edited, a report's text, an Excel report form and
a plan file. Each must be stored and found verbatim, ``%`` and ``_`` must match only themselves, and
every table must still be there. A static check keeps values out of SQL text: a statement built
with an f-string, ``%`` or ``+`` may only interpolate identifiers and SQL written in the code.
"""

from __future__ import annotations

import ast
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from store.importing import importer
from store.importing.plan_import import parse_plan, read_document
from store.ledger.db import Ledger
from store.ledger.opener import open_ledger
from store.lookup import overview, search
from store.quarterly import report_forms, reports
from store.work import tasks, units
from store.work.quarters import Quarter
from store.work.tasks import TaskDraft
from store.work.units import UnitDraft
from tests.conftest import TODAY
from tui.cli import cli

ROOT = Path(__file__).resolve().parents[1]
Q3 = Quarter(2026, 3)
FRAGMENTS = [
    "'", '"', "%", "_", "\\", ";", "--", "' OR 1=1 --", '"; DROP TABLE tasks; --', "%_%",
    "O'Brien\"s", "a%b_c\\d", "'); DELETE FROM units; --", "/* x */", "?", ":name", "$1",
]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from store.samples import demo

    path = tmp_path_factory.mktemp("sql") / "demo.db"
    demo.create_demo(path).close()
    return path


@pytest.fixture
def ledger(template: Path, tmp_path: Path) -> Iterator[Ledger]:
    path = tmp_path / "demo.db"
    shutil.copy(template, path)
    opened = open_ledger(path)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, template: Path) -> Iterator[tuple[Ledger, dict[str, int], dict[str, int]]]:
    """The demo ledger plus, per fragment, a unit and a task (and a report) with it in their text."""
    path = tmp_path_factory.mktemp("seeded") / "demo.db"
    shutil.copy(template, path)
    opened = open_ledger(path)
    unit_ids: dict[str, int] = {}
    task_ids: dict[str, int] = {}
    for number, fragment in enumerate(FRAGMENTS):
        name = f"测试{number}号单位{fragment}"
        unit_ids[fragment] = units.create_unit(opened, UnitDraft(name, short_name=f"测{number}{fragment}",
                                                                 aliases=[f"别名{number}{fragment}"]))
        task_ids[fragment] = tasks.create_task(opened, TaskDraft(
            f"测试任务{number}{fragment}", text=f"正文{fragment}结束", code=f"Z.{number}", lead_units=[name],
        ), today=TODAY)
    yield opened, unit_ids, task_ids
    opened.close()


def tables(ledger: Ledger) -> set[str]:
    return {r["name"] for r in ledger.rows("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger', 'index')")}


def _unit_texts(ledger: Ledger, unit_id: int) -> list[str]:
    return [r["v"] or "" for r in ledger.rows(
        "SELECT name AS v FROM units WHERE id = ?1 UNION ALL SELECT short_name FROM units WHERE id = ?1 "
        "UNION ALL SELECT alias FROM unit_aliases WHERE unit_id = ?1", [unit_id])]


def _task_texts(ledger: Ledger, task_id: int) -> list[str]:
    row = ledger.row("SELECT code, title, text FROM tasks WHERE id = ?", [task_id])
    assert row is not None
    reported = ledger.rows("SELECT work_done AS a, problems AS b, next_steps AS c FROM reports WHERE task_id = ?", [task_id])
    return [v or "" for v in row.values()] + [v or "" for r in reported for v in r.values()]


def _contains(texts: list[str], fragment: str) -> bool:
    return any(fragment.casefold() in t.casefold() for t in texts)


# --- store: units and tasks -----------------------------------------------------------------------


def test_names_and_texts_are_saved_verbatim(seeded: tuple[Ledger, dict[str, int], dict[str, int]]) -> None:
    ledger, unit_ids, task_ids = seeded
    for number, fragment in enumerate(FRAGMENTS):
        unit = units.get_unit(ledger, unit_ids[fragment])
        assert (unit.name, unit.short_name, unit.aliases) == (
            f"测试{number}号单位{fragment}", f"测{number}{fragment}", [f"别名{number}{fragment}"])
        task = tasks.get_task(ledger, task_ids[fragment], today=TODAY)
        assert (task.title, task.text, task.code) == (f"测试任务{number}{fragment}", f"正文{fragment}结束", f"Z.{number}")
        assert [u.name for u in task.units] == [unit.name]


def test_edits_are_saved_verbatim(ledger: Ledger) -> None:
    before = tables(ledger)
    unit_id = units.create_unit(ledger, UnitDraft("县'引号'局"))
    task_id = tasks.create_task(ledger, TaskDraft("任务", lead_units=["县'引号'局"]), today=TODAY)
    for fragment in FRAGMENTS:
        units.update_unit(ledger, unit_id, UnitDraft(f"县{fragment}局", short_name=fragment, aliases=[f"别{fragment}"]))
        assert units.get_unit(ledger, unit_id).name == f"县{fragment}局"
        draft = tasks.draft_of(tasks.get_task(ledger, task_id, today=TODAY))
        draft.title, draft.text = f"改{fragment}", f"{fragment}正文"
        tasks.update_task(ledger, task_id, draft, today=TODAY)
        task = tasks.get_task(ledger, task_id, today=TODAY)
        assert (task.title, task.text) == (f"改{fragment}", f"{fragment}正文")
    assert tables(ledger) == before and ledger.scalar("SELECT count(*) FROM units") > 20


# --- search, status and the unit filter -------------------------------------------------------------


@pytest.mark.parametrize("fragment", FRAGMENTS)
def test_search_finds_each_fragment_literally(seeded: tuple[Ledger, dict[str, int], dict[str, int]], fragment: str) -> None:
    ledger, unit_ids, task_ids = seeded
    before = tables(ledger)
    hits = search.search(ledger, fragment, today=TODAY, limit=200)
    literal = search.clean(fragment)
    for hit in hits:
        if hit.kind == "unit":
            assert _contains(_unit_texts(ledger, hit.id), literal), (fragment, hit)
        else:
            assert hit.task_id is not None and _contains(_task_texts(ledger, hit.task_id), literal), (fragment, hit)
    assert unit_ids[fragment] in {h.id for h in hits if h.kind == "unit"}
    assert task_ids[fragment] in {h.task_id for h in hits if h.kind == "task"}
    # The functions the screens and ``status`` call, as typed (no simplified-character retry).
    assert task_ids[fragment] in search.task_matches(ledger, fragment, limit=200, as_typed=True)
    assert unit_ids[fragment] in {u for u, _ in search.unit_matches(ledger, fragment, limit=200, as_typed=True)}
    assert tables(ledger) == before


def test_wildcards_match_only_themselves(seeded: tuple[Ledger, dict[str, int], dict[str, int]]) -> None:
    ledger, _, _ = seeded
    every_task = int(ledger.scalar("SELECT count(*) FROM tasks"))
    every_unit = int(ledger.scalar("SELECT count(*) FROM units"))
    for wildcard in ("%", "_", "%%", "%_%", "\\"):
        hits = search.search(ledger, wildcard, today=TODAY, limit=500)
        assert len(hits) < (every_task + every_unit) // 2, wildcard
        assert (hits == []) == (wildcard == "%%"), wildcard  # nothing holds "%%"
        assert len(overview.unit_summaries(ledger, today=TODAY, query=wildcard)) < every_unit // 2, wildcard
    assert search.search(ledger, "测试%单位", today=TODAY) == []  # % is not "anything"
    assert search.search(ledger, "测_", today=TODAY) == []


@pytest.mark.parametrize("fragment", ["'", '"', "\\", "' OR 1=1 --", "%_%", "a%b", "_'_"])
def test_pinyin_lookups_take_any_text(seeded: tuple[Ledger, dict[str, int], dict[str, int]], fragment: str) -> None:
    """The pinyin-key queries (exact, prefix range, trigram) with hostile keys find nothing and break nothing."""
    ledger, _, _ = seeded
    before = tables(ledger)
    assert search._pinyin_candidates(ledger, fragment, 50) == []
    assert search._pinyin_candidates(ledger, "xsjj", 50)  # and still work
    assert tables(ledger) == before


@pytest.mark.parametrize("fragment", FRAGMENTS)
def test_the_unit_filter_of_the_main_screen(seeded: tuple[Ledger, dict[str, int], dict[str, int]], fragment: str) -> None:
    ledger, unit_ids, _ = seeded
    found = overview.unit_summaries(ledger, today=TODAY, query=fragment)
    assert unit_ids[fragment] in {u.id for u in found}
    for summary in found:
        assert _contains(_unit_texts(ledger, summary.id), fragment.strip()), (fragment, summary.name)
    assert overview.unit_position(ledger, unit_ids[fragment], query=fragment) is not None


@pytest.mark.parametrize("fragment", FRAGMENTS)
def test_status_command_takes_any_query(
    seeded: tuple[Ledger, dict[str, int], dict[str, int]], fragment: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger, _, task_ids = seeded
    monkeypatch.setenv("TAIZHANG_TODAY", TODAY.isoformat())
    before = tables(ledger)
    # "--" ends the options (click would read a query "--" as that, and "--x" as an option).
    result = CliRunner().invoke(cli, ["--db", str(ledger.path), "status", "--json", "--limit", "0", "--", fragment])
    assert result.exit_code == 0, result.output
    import json

    data = json.loads(result.stdout)
    assert task_ids[fragment] in {t["id"] for t in data["tasks"]} or data["unit"] is not None
    for task in data["tasks"]:
        assert _contains(_task_texts(ledger, task["id"]), search.clean(fragment)), (fragment, task["title"])
    plain = CliRunner().invoke(cli, ["--db", str(ledger.path), "status", "--", fragment])
    assert plain.exit_code == 0 and "Traceback" not in plain.output
    assert tables(ledger) == before


# --- reports, report forms, plan files ------------------------------------------------------------


def test_report_text_is_saved_and_found_verbatim(ledger: Ledger) -> None:
    before = tables(ledger)
    first = reports.latest_for_quarter(ledger, Q3)[0]
    for fragment in FRAGMENTS:
        draft = reports.ReportDraft(first.task_id, first.unit_id, Q3, "in_progress", 50, work_done=f"完成{fragment}",
                                    problems=fragment, next_steps=f"{fragment}下一步", received=TODAY)
        saved, _ = reports.record(ledger, draft, today=TODAY)
        got = reports.latest(ledger, first.task_id, first.unit_id, Q3)
        assert got is not None and (got.work_done, got.problems, got.next_steps) == (
            f"完成{fragment}", fragment, f"{fragment}下一步")
        query = f"完成{fragment}"  # report text is searched from 3 characters
        hits = search.search(ledger, query, today=TODAY)
        assert saved.id in {h.id for h in hits if h.kind == "report"}, fragment
        for hit in hits:
            if hit.kind == "report":
                texts = ledger.row("SELECT work_done, problems, next_steps FROM reports WHERE id = ?", [hit.id])
                assert texts is not None and _contains([v or "" for v in texts.values()], search.clean(query))
    assert tables(ledger) == before


def test_a_report_form_with_sql_in_its_cells_is_imported_verbatim(ledger: Ledger, tmp_path: Path) -> None:
    before = tables(ledger)
    written = report_forms.write_forms(ledger, Q3, tmp_path / "forms", today=TODAY)
    path = next(p for p in written if p.name.startswith("城西街道办事处"))
    book = openpyxl.load_workbook(path)
    sheet = book[report_forms.FORM_SHEET]
    lines = [n for n in range(report_forms.HEADER_ROW + 1, sheet.max_row + 1)
             if str(sheet[f"A{n}"].value or "").startswith("T")]
    expected: dict[str, tuple[str, str, str]] = {}
    for line, fragment in zip(lines, FRAGMENTS * 3, strict=False):
        texts = (f"完成{fragment}", fragment, f"{fragment}计划")
        sheet[f"G{line}"] = "推进中"
        sheet[f"H{line}"] = 40
        for column, text in zip("IJK", texts, strict=True):
            sheet[f"{column}{line}"] = text
        expected[str(sheet[f"B{line}"].value)] = texts
    book.save(path)
    [result] = report_forms.import_forms(ledger, [path], today=TODAY, quarter=Q3)
    assert result.errors == [] and result.imported, result.errors
    unit_id = units.resolve_unit(ledger, "城西街道")
    for code, texts in expected.items():
        got = reports.latest(ledger, reports.task_id_by_code(ledger, code), unit_id, Q3)
        assert got is not None and (got.work_done, got.problems, got.next_steps) == texts
    assert tables(ledger) == before


def test_a_plan_file_with_sql_in_it_is_imported_verbatim(ledger: Ledger, tmp_path: Path) -> None:
    text = (ROOT / "tests" / "data" / "plan_small.txt").read_text(encoding="utf-8")
    hostile = "' OR 1=1 --\"; DROP TABLE tasks; --%_%"
    text = text.replace("青溪县争创全国质量强县示范县工作方案", f"青溪县{hostile}工作方案")
    text = text.replace("建设县级公共检测平台", f"建设县级'公共'检测平台{hostile}", 1)
    plan = tmp_path / "plan.txt"
    plan.write_text(text, encoding="utf-8")
    parsed = parse_plan(read_document(plan))
    task = next(t for t in parsed.tasks if "公共" in t.title + t.text)
    assert hostile in (parsed.meta.title or "") and hostile in task.text
    before = tables(ledger)
    result = CliRunner().invoke(cli, ["--db", str(ledger.path), "import", str(plan)])
    assert result.exit_code == 0, result.output
    assert ledger.scalar("SELECT count(*) FROM plans WHERE title = ?", [parsed.meta.title]) == 1
    assert ledger.scalar("SELECT count(*) FROM tasks WHERE text = ?", [task.text]) == 1
    assert tables(ledger) == before
    report = importer.save_import(ledger, parsed, source_file=str(plan), original_text=text)  # again: in place
    assert report.updating and report.added == [] and tables(ledger) == before
    assert task.code in {t.code for t in (tasks.get_task(ledger, i, today=TODAY) for i in search.task_matches(ledger, hostile))}


# --- static: no value is ever written into SQL text -----------------------------------------------

# What a statement built with an f-string, "%" or "+" may interpolate. Anything else (a value typed by a
# clerk, read from a file) must be a "?" parameter; a value quoted into SQL ('{x}') always fails.
#  * UPPER_CASE names: SQL fragments and numbers written as constants in the code;
#  * int(...), len(...): a number (a timeout, how many "?" placeholders);
#  * the names below: identifiers and fragments the store builds itself. Identifiers are table,
#    column and trigger names from the code or the schema (sqlite_master, PRAGMA table_info);
#    fragments are pieces of SQL made of those, constants and "?" placeholders, and every
#    assignment of an f-string to one of these names is checked by the same rules.
IDENTIFIERS = {"table", "tbl", "column", "columns", "c", "name"}
FRAGMENT_NAMES = {"where", "sets", "names", "marks", "order", "cte", "only", "quarter_column", "unreported"}
SQL_CALLS = {"execute", "executemany", "executescript", "rows", "row", "scalar"}
_CONSTANT = re.compile(r"^_?[A-Z][A-Z0-9_]*$")


def _problems(node: ast.expr, where: str) -> list[str]:
    """What in this SQL-building expression is not allowed."""
    found: list[str] = []
    if isinstance(node, ast.JoinedStr):
        parts = node.values
        for index, part in enumerate(parts):
            if not isinstance(part, ast.FormattedValue):
                continue
            before = parts[index - 1] if index else None
            after = parts[index + 1] if index + 1 < len(parts) else None
            if (isinstance(before, ast.Constant) and str(before.value).endswith("'")
                    and isinstance(after, ast.Constant) and str(after.value).startswith("'")):
                found.append(f"{where}: a value quoted into SQL: '{{{ast.unparse(part.value)}}}'")
            found += _value_problems(part.value, where)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        for side in (node.left, node.right):
            found += _value_problems(side, where) if isinstance(side, ast.Name) else _problems(side, where)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and _is_text(node.left):
        found.append(f"{where}: SQL built with % formatting: {ast.unparse(node)[:80]}")
    elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"
          and _is_text(node.func.value)):
        found.append(f"{where}: SQL built with .format(): {ast.unparse(node)[:80]}")
    # A plain variable (``execute(sql)``) is checked where it is built: f-strings assigned to a
    # fragment name; message templates (strings.X.format) are not SQL.
    return found


def _is_text(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def _value_problems(value: ast.expr, where: str) -> list[str]:
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in ("int", "len"):
        return []
    found = []
    for sub in ast.walk(value):
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id in ("int", "len"):
            continue
        if isinstance(sub, ast.Name) and not (
            _CONSTANT.match(sub.id) or sub.id in IDENTIFIERS or sub.id in FRAGMENT_NAMES or sub.id in ("chr", "len")
            or _inside_len(value, sub)
        ):
            found.append(f"{where}: {{{ast.unparse(value)[:60]}}} interpolates {sub.id!r}")
        if isinstance(sub, ast.Attribute) and not _inside_len(value, sub) and not _CONSTANT.match(sub.attr):
            if isinstance(sub.ctx, ast.Load) and sub.attr not in ("join",):
                found.append(f"{where}: {{{ast.unparse(value)[:60]}}} interpolates .{sub.attr}")
    return found


def _inside_len(root: ast.expr, target: ast.AST) -> bool:
    for sub in ast.walk(root):
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id == "len":
            if any(node is target for arg in sub.args for node in ast.walk(arg)):
                return True
    return False


def sql_problems(source: str, filename: str) -> list[str]:
    tree = ast.parse(source)
    found: list[str] = []
    for node in ast.walk(tree):
        where = f"{filename}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_CALLS:
            if node.args:
                found += _problems(node.args[0], where)
        elif isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = {t.id for t in targets if isinstance(t, ast.Name)}
            if names & FRAGMENT_NAMES and node.value is not None:
                found += _problems(node.value, where)
    return found


def test_store_builds_sql_only_from_identifiers_and_placeholders() -> None:
    sources = sorted((ROOT / "store").rglob("*.py"))
    assert len(sources) > 20
    problems = [p for path in sources for p in sql_problems(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())]
    assert problems == []


@pytest.mark.parametrize("code", [
    "conn.execute(f\"SELECT * FROM units WHERE name = '{name}'\")",
    "ledger.rows(f'SELECT * FROM tasks WHERE title = {title}')",
    "ledger.scalar('SELECT * FROM tasks WHERE code = ' + code)",
    "db.execute('DELETE FROM units WHERE id = %s' % unit_id)",
    "ledger.row('SELECT * FROM units WHERE name = \"{}\"'.format(name))",
    "where = f\"u.name = '{query}'\"",
    "conn.execute(f'SELECT * FROM units WHERE id = {unit.id}')",
])
def test_the_static_check_catches_values_in_sql(code: str) -> None:
    assert sql_problems(code, "example.py") != []


@pytest.mark.parametrize("code", [
    "conn.execute('SELECT * FROM units WHERE name = ?', [name])",
    "ledger.rows(f'SELECT count(*) FROM \"{table}\" WHERE {where}', params)",
    "conn.execute(f'PRAGMA busy_timeout = {int(ms)}')",
    "ledger.rows(f\"SELECT * FROM t WHERE id IN ({','.join('?' * len(chunk))})\", chunk)",
    "ledger.rows(_TASK_SELECT + ' WHERE t.id = ?', [task_id])",
])
def test_the_static_check_lets_identifiers_and_placeholders_through(code: str) -> None:
    assert sql_problems(code, "example.py") == []
