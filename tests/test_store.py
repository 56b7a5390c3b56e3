"""The ledger file, its schema, and writing units, phases and tasks (refusals change nothing)."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import date
from pathlib import Path

import pytest

from store.errors import LedgerError, ValidationError
from store.ledger import history, schema, settings
from store.ledger.db import Ledger
from store.ledger.opener import open_ledger
from store.ledger.paths import default_db_path
from store.lookup import overview
from store.samples import demo
from store.work import phases, tasks, units
from store.work.inputs import parse_date_input, split_names
from store.work.phases import PhaseDraft
from store.work.rules import Light
from store.work.tasks import Target, TaskDraft
from store.work.units import UnitDraft
from tests.conftest import TODAY, dump

# --- the file -------------------------------------------------------------------------------------


def test_every_connection_is_configured(ledger: Ledger) -> None:
    conn = ledger.db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_connections_are_per_thread(ledger: Ledger) -> None:
    import threading

    found: list[int] = []

    def worker() -> None:
        found.append(int(ledger.scalar("SELECT count(*) FROM units")))
        found.append(id(ledger.db))

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert found[0] == 0
    assert found[1] != id(ledger.db)


def test_default_path_is_user_data_dir_unless_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("TAIZHANG_DB", raising=False)
    assert default_db_path().name == "taizhang.db"
    assert "taizhang" in str(default_db_path().parent).lower()
    monkeypatch.setenv("TAIZHANG_DB", str(tmp_path / "x.db"))
    assert default_db_path() == tmp_path / "x.db"


def test_schema_is_versioned_and_reopening_migrates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "l.db"
    open_ledger(path).close()
    again = open_ledger(path)
    assert schema.applied_names(again.db) == schema.KNOWN_MIGRATIONS
    assert schema.SCHEMA_VERSION == len(schema.KNOWN_MIGRATIONS) >= 1
    again.close()


def test_ledger_from_a_newer_version_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    open_ledger(path).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('taizhang', '9999_future', 'x')"
    )
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(LedgerError, match="更新版本"):
        open_ledger(path)
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_ledger_is_refused(tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("这不是数据库" * 100, encoding="utf-8")
    with pytest.raises(LedgerError, match="不是台账文件"):
        open_ledger(text)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE stuff (x)")
    conn.commit()
    conn.close()
    with pytest.raises(LedgerError, match="不属于本程序"):
        open_ledger(other)


def test_missing_ledger_without_create_and_directory_path(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="不存在"):
        open_ledger(tmp_path / "nope.db", create=False)
    with pytest.raises(LedgerError, match="文件夹"):
        open_ledger(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_folder_gives_a_chinese_message(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    with pytest.raises(LedgerError, match="无法打开台账文件"):
        open_ledger(locked / "sub" / "l.db")


def test_a_failed_write_rolls_back_everything(ledger: Ledger) -> None:
    with pytest.raises(RuntimeError), ledger.write() as db:
        db.execute("INSERT INTO units (name) VALUES ('县甲局')")
        raise RuntimeError("power cut")
    assert ledger.scalar("SELECT count(*) FROM units") == 0


# --- form input ------------------------------------------------------------------------------------


def test_date_input_forms() -> None:
    assert parse_date_input("2019-06-30") == date(2019, 6, 30)
    assert parse_date_input("2019/6/3") == date(2019, 6, 3)
    assert parse_date_input("2019年6月30日") == date(2019, 6, 30)
    assert parse_date_input("  ") is None
    for bad in ("2019-02-30", "明天", "2019-13-01", "20190630x"):
        with pytest.raises(ValidationError, match="不是有效的日期"):
            parse_date_input(bad)


def test_split_names() -> None:
    assert split_names("县市监局、县发改局,县财政局;;县市监局") == ["县市监局", "县发改局", "县财政局"]
    assert split_names("各乡(镇)人民政府") == ["各乡(镇)人民政府"]
    assert split_names("") == []


# --- units -----------------------------------------------------------------------------------------


def test_unit_with_aliases_is_found_by_any_name(ledger: Ledger) -> None:
    unit_id = units.create_unit(
        ledger, UnitDraft("县市场监督管理局", "县市监局", "department", "王丽华", "0571-1234", ["县市场监管局"])
    )
    for name in ("县市场监督管理局", "县市监局", "县市场监管局", " 县市监局 "):
        assert units.find_unit_id(ledger, name) == unit_id
    assert units.find_unit_id(ledger, "县市") is None
    unit = units.get_unit(ledger, unit_id)
    assert unit.aliases == ["县市场监管局"] and unit.contact == "王丽华"


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        (UnitDraft("  "), "不能为空"),
        (UnitDraft("县甲局", kind="bureau"), "类型"),
        (UnitDraft("县甲局", phone="abc"), "电话"),
        (UnitDraft("县乙局"), "已存在"),
        (UnitDraft("县丙局", short_name="乙局"), "已存在"),
        (UnitDraft("县丙局", aliases=["乙局"]), "已被单位“县乙局”使用"),
        (UnitDraft("县丙局", members=["县乙局"]), "单位组"),
        (UnitDraft("县组", kind="group", members=["县丁局"]), "没有找到单位“县丁局”"),
    ],
)
def test_invalid_unit_is_refused_and_nothing_changes(ledger: Ledger, draft: UnitDraft, message: str) -> None:
    units.create_unit(ledger, UnitDraft("县乙局", short_name="乙局"))
    before = dump(ledger)
    with pytest.raises(ValidationError, match=message):
        units.create_unit(ledger, draft)
    assert dump(ledger) == before


def test_group_members_and_a_group_cannot_contain_itself(ledger: Ledger) -> None:
    a = units.create_unit(ledger, UnitDraft("县甲局"))
    units.create_unit(ledger, UnitDraft("县乙局"))
    group = units.create_unit(ledger, UnitDraft("县质量创建成员单位", "各成员单位", "group", members=["县甲局", "县乙局"]))
    assert units.get_unit(ledger, group).members == ["县甲局", "县乙局"]
    before = dump(ledger)
    with pytest.raises(ValidationError, match="自己"):
        units.update_unit(ledger, group, UnitDraft("县质量创建成员单位", "各成员单位", "group", members=["各成员单位"]))
    with pytest.raises(ValidationError, match="本身是单位组"):
        units.create_unit(ledger, UnitDraft("另一组", kind="group", members=["县质量创建成员单位"]))
    assert dump(ledger) == before
    units.update_unit(ledger, group, UnitDraft("县质量创建成员单位", "各成员单位", "group", members=["县乙局"]))
    assert units.get_unit(ledger, group).members == ["县乙局"]
    assert overview.groups_of(ledger, a) == []


def test_unit_with_tasks_cannot_be_deleted(ledger: Ledger) -> None:
    unit_id = units.create_unit(ledger, UnitDraft("县甲局"))
    tasks.create_task(ledger, TaskDraft("任务一", lead_units=["县甲局"]), today=TODAY)
    before = dump(ledger)
    with pytest.raises(ValidationError, match="仍承担 1 项任务"):
        units.delete_unit(ledger, unit_id)
    assert dump(ledger) == before


# --- phases ----------------------------------------------------------------------------------------


def test_phase_end_before_start_is_refused(ledger: Ledger) -> None:
    before = dump(ledger)
    with pytest.raises(ValidationError, match="早于开始日期"):
        phases.create_phase(ledger, PhaseDraft("启动阶段", date(2019, 9, 30), date(2019, 1, 1)))
    with pytest.raises(ValidationError, match="不能为空"):
        phases.create_phase(ledger, PhaseDraft(" "))
    assert dump(ledger) == before


def test_only_one_main_phase_and_only_end_dates_allowed(ledger: Ledger) -> None:
    first = phases.create_phase(ledger, PhaseDraft("申请创建阶段", None, date(2013, 6, 30)))
    second = phases.create_phase(ledger, PhaseDraft("创建阶段", date(2013, 8, 1), date(2015, 8, 31), is_main=True))
    phases.update_phase(ledger, first, PhaseDraft("申请创建阶段", None, date(2013, 6, 30), is_main=True))
    listed = phases.list_phases(ledger)
    assert [(p.id, p.is_main) for p in listed] == [(first, True), (second, False)]
    assert listed[0].span_label == "至 2013-06-30"
    with pytest.raises(ValidationError, match="已存在"):
        phases.create_phase(ledger, PhaseDraft("创建阶段"))


def test_deleting_a_phase_moves_its_tasks_to_the_main_phase(ledger: Ledger) -> None:
    units.create_unit(ledger, UnitDraft("县甲局"))
    main = phases.create_phase(ledger, PhaseDraft("创建阶段", date(2019, 1, 1), date(2019, 12, 31), is_main=True))
    check = phases.create_phase(ledger, PhaseDraft("自查阶段", date(2019, 6, 1), date(2019, 9, 30)))
    task_id = tasks.create_task(ledger, TaskDraft("自查", lead_units=["县甲局"], phase_id=check), today=TODAY)
    assert tasks.get_task(ledger, task_id, today=TODAY).deadline.day == date(2019, 9, 30)
    assert phases.delete_phase(ledger, check) == 1
    task = tasks.get_task(ledger, task_id, today=TODAY)
    assert task.phase_id == main and not task.phase_explicit
    assert task.deadline.day == date(2019, 12, 31)


# --- tasks -----------------------------------------------------------------------------------------


@pytest.fixture
def two_units(ledger: Ledger) -> Ledger:
    units.create_unit(ledger, UnitDraft("县市场监督管理局", "县市监局", aliases=["县市场监管局"]))
    units.create_unit(ledger, UnitDraft("县发展和改革局", "县发改局"))
    return ledger


def test_task_units_keep_order_and_roles_and_aliases_resolve(two_units: Ledger) -> None:
    task_id = tasks.create_task(
        two_units,
        TaskDraft("制定质量发展规划", lead_units=["县市场监管局"], co_units=["县发改局"], deadline=date(2019, 6, 30),
                  targets=[Target("合格率", ">=", 94, "%", 2019)]),
        today=TODAY,
    )
    task = tasks.get_task(two_units, task_id, today=TODAY)
    assert [(u.name, u.role) for u in task.units] == [("县市场监督管理局", "lead"), ("县发展和改革局", "co")]
    assert task.units_label == "县市监局(牵头)、县发改局"
    assert task.targets[0].label == "合格率 不低于 94%(2019年)"
    assert task.light is Light.RED  # 2019 is long past on TODAY


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        (TaskDraft("  ", lead_units=["县市监局"]), "标题不能为空"),
        (TaskDraft("任务", lead_units=[]), "至少填写一个牵头单位"),
        (TaskDraft("任务", lead_units=["县不存在局"]), "没有找到单位“县不存在局”"),
        (TaskDraft("任务", lead_units=["县市监局"], co_units=["县市场监管局"]), "重复出现"),
        (TaskDraft("任务", lead_units=["县市监局"], phase_id=999), "阶段不存在"),
        (TaskDraft("任务", lead_units=["县市监局"], rrule="FREQ=OFTEN"), "重复规则"),
    ],
)
def test_invalid_task_is_refused_and_nothing_changes(two_units: Ledger, draft: TaskDraft, message: str) -> None:
    before = dump(two_units)
    with pytest.raises(ValidationError, match=message):
        tasks.create_task(two_units, draft, today=TODAY)
    assert dump(two_units) == before


def test_editing_a_task_keeps_targets_and_records_history(two_units: Ledger) -> None:
    task_id = tasks.create_task(
        two_units, TaskDraft("原标题", lead_units=["县市监局"], targets=[Target("建档率", ">", 90, "%")]), today=TODAY
    )
    task = tasks.get_task(two_units, task_id, today=TODAY)
    draft = tasks.draft_of(task)
    draft.title = "新标题"
    draft.lead_units, draft.co_units = ["县发改局"], ["县市监局"]
    draft.done = True
    tasks.update_task(two_units, task_id, draft, today=TODAY)
    task = tasks.get_task(two_units, task_id, today=TODAY)
    assert task.title == "新标题" and task.light is Light.DONE
    assert [u.display_name for u in task.units] == ["县发改局", "县市监局"]
    assert len(task.targets) == 1
    summaries = [c.summary for c in history.changes(two_units, task_id=task_id)]
    assert summaries[:2] == ["修改任务 新标题", "新增任务 原标题"]
    done_on = two_units.scalar("SELECT done_on FROM tasks WHERE id = ?", [task_id])
    assert done_on == TODAY.isoformat()


def test_an_invalid_edit_changes_nothing(two_units: Ledger) -> None:
    task_id = tasks.create_task(two_units, TaskDraft("原标题", lead_units=["县市监局"]), today=TODAY)
    before = dump(two_units)
    draft = tasks.draft_of(tasks.get_task(two_units, task_id, today=TODAY))
    draft.title = "新标题"
    draft.co_units = ["县不存在局"]
    with pytest.raises(ValidationError):
        tasks.update_task(two_units, task_id, draft, today=TODAY)
    assert dump(two_units) == before


def test_deleting_a_task_removes_its_links_and_keeps_a_record(two_units: Ledger) -> None:
    task_id = tasks.create_task(
        two_units, TaskDraft("任务", lead_units=["县市监局"], targets=[Target("合格率", ">=", 94, "%")]), today=TODAY
    )
    tasks.delete_task(two_units, task_id)
    assert two_units.scalar("SELECT count(*) FROM task_units") == 0
    assert two_units.scalar("SELECT count(*) FROM targets") == 0
    deleted = history.changes(two_units, task_id=task_id)[0]
    assert deleted.summary == "删除任务 任务"
    assert {r.table for r in history.details(two_units, deleted.id)} == {"tasks", "task_units", "targets"}


def test_clerk_name_is_recorded(two_units: Ledger) -> None:
    settings.set_value(two_units, "clerk_name", "李文")
    tasks.create_task(two_units, TaskDraft("任务", lead_units=["县市监局"]), today=TODAY)
    assert history.changes(two_units, limit=1)[0].who == "李文"


def test_task_without_phase_falls_into_the_main_phase(two_units: Ledger) -> None:
    main = phases.create_phase(two_units, PhaseDraft("组织创建阶段", date(2026, 1, 1), date(2026, 12, 10), is_main=True))
    task_id = tasks.create_task(two_units, TaskDraft("任务", lead_units=["县市监局"]), today=TODAY)
    task = tasks.get_task(two_units, task_id, today=TODAY)
    assert task.phase_id == main and task.deadline.day == date(2026, 12, 10)
    assert task.light is Light.YELLOW
    assert [t.id for t in tasks.tasks_of_phase(two_units, main, today=TODAY)] == [task_id]


# --- the demo ledger and the overview ---------------------------------------------------------------


def test_demo_ledger_has_every_view_populated(demo_ledger: Ledger) -> None:
    counts = {t: demo_ledger.scalar(f"SELECT count(*) FROM {t}") for t in ("units", "tasks", "phases", "targets")}
    assert 20 <= counts["units"] <= 30 and 35 <= counts["tasks"] <= 50 and counts["phases"] == 4
    assert counts["targets"] >= 10
    kinds = {r["kind"] for r in demo_ledger.rows("SELECT DISTINCT kind FROM units")}
    assert kinds == {"department", "township", "subdistrict", "group"}
    rules_used = {r["rrule"] for r in demo_ledger.rows("SELECT rrule FROM tasks WHERE rrule IS NOT NULL")}
    assert "FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=-1" in rules_used
    assert "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1" in rules_used
    lights = {row.light for row in tasks.task_rows(demo_ledger, today=TODAY)}
    assert lights == {Light.RED, Light.YELLOW, Light.GREEN, Light.DONE}


def test_unit_summary_counts_group_tasks_for_members(demo_ledger: Ledger) -> None:
    summaries = {s.display_name: s for s in overview.unit_summaries(demo_ledger, today=TODAY)}
    smj = summaries["县市监局"]
    own = demo_ledger.scalar(
        "SELECT count(*) FROM task_units WHERE unit_id = (SELECT id FROM units WHERE short_name = '县市监局')"
    )
    assert smj.task_count > own  # group tasks count for members
    rows = tasks.tasks_of_unit(demo_ledger, smj.id, today=TODAY)
    assert len(rows) == smj.task_count
    assert sum(r.light is Light.RED for r in rows) == smj.red


def test_unit_filter_matches_name_short_name_and_alias(demo_ledger: Ledger) -> None:
    def names(query: str) -> list[str]:
        return [s.display_name for s in overview.unit_summaries(demo_ledger, today=TODAY, query=query)]

    assert names("县质监局") == ["县市监局"]  # an alias
    assert names("市场监督") == ["县市监局"]  # part of the full name
    assert "青溪镇" in names("镇")
    assert names("不存在") == []


def test_phase_summaries_mark_the_current_phase(demo_ledger: Ledger) -> None:
    summaries = overview.phase_summaries(demo_ledger, today=TODAY)
    current = [s.phase.name for s in summaries if s.is_current and s.phase]
    assert current == ["自查提升阶段"]
    assert sum(s.total for s in summaries) == demo_ledger.scalar("SELECT count(*) FROM tasks")


def test_demo_refuses_to_overwrite_a_real_ledger(tmp_path: Path) -> None:
    real = open_ledger(tmp_path / "real.db")
    units.create_unit(real, UnitDraft("县甲局"))
    real.close()
    before = (tmp_path / "real.db").read_bytes()
    with pytest.raises(LedgerError, match="不会覆盖"):
        demo.create_demo(tmp_path / "real.db")
    assert (tmp_path / "real.db").read_bytes() == before


def test_demo_can_be_rebuilt(tmp_path: Path) -> None:
    demo.create_demo(tmp_path / "d.db").close()
    again = demo.create_demo(tmp_path / "d.db")
    assert again.scalar("SELECT count(*) FROM plans") == 1
    again.close()


def test_closing_the_ledger_leaves_a_working_threads_queries_alone(ledger: Ledger) -> None:
    """Quitting while a worker reads (a page at the province scale) must not pull its connection
    from under it (an error in the worker at best, a crashed interpreter at worst): the worker's
    connection is closed once its thread has finished."""
    import threading

    started = threading.Event()
    errors: list[BaseException] = []
    done: list[int] = []

    def reads() -> None:
        conn = ledger.conn
        started.set()
        try:
            for _ in range(3000):
                conn.execute("SELECT count(*) FROM tasks").fetchone()
            done.append(1)
        except BaseException as exc:  # any failure is what this test looks for
            errors.append(exc)

    worker = threading.Thread(target=reads)
    worker.start()
    started.wait()
    ledger.close()  # while the worker reads
    worker.join()
    assert errors == [] and done == [1]
    ledger.close()  # now the worker is done: its connection closes too
    assert ledger._connections == []
