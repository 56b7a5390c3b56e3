"""Ledgers of realistic size for benchmarks: a county, a prefecture, a province.

``build(path, tier)`` writes, with a fixed seed, one plan per county (40 units: departments,
townships, sub-district offices and the group of member units; 60–100 tasks with the demo's wording)
and every quarterly report its units owe, quarter after quarter:

====  ========  =====  ======  ========  ==========
tier  counties  units  tasks   quarters  reports
====  ========  =====  ======  ========  ==========
s     1         40     60      8         ~2,500
m     10        400    1,000   20        ~100,000
l     100       4,000  10,000  20        ~1,000,000
====  ========  =====  ======  ========  ==========

Everything goes in with ``executemany`` in one transaction (rows are generated as they are
written, so memory stays flat), with the search triggers set aside; the full-text index and the
pinyin keys are then built once (store.ledger.search_index.rebuild).
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from store import strings
from store.errors import LedgerError
from store.ledger import search_index, settings
from store.ledger.db import Ledger
from store.ledger.opener import open_ledger
from store.samples import demo
from store.samples import demo_data as d
from store.samples.demo import DEMO_TODAY
from store.work import rules
from store.work.quarters import Quarter

SEED = 2026
# The day the generated ledgers are written for (the demo's): the last quarter reported is 2026Q3.
TODAY = DEMO_TODAY


@dataclass(frozen=True)
class Tier:
    counties: int
    tasks_per_county: int
    quarters: int


TIERS: dict[str, Tier] = {
    "s": Tier(counties=1, tasks_per_county=60, quarters=8),
    "m": Tier(counties=10, tasks_per_county=100, quarters=20),
    "l": Tier(counties=100, tasks_per_county=100, quarters=20),
}
UNITS_PER_COUNTY = 40


@dataclass
class Built:
    path: Path
    tier: str
    units: int
    tasks: int
    reports: int
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)


# --- vocabulary (on top of store/samples/demo_data.py) ----------------------------------------------------

_COUNTY_FIRST = "青云安平长乐兴宁永丰德新和泰华清金龙凤石桃白临江海山明阳嘉崇重单朝行"
_COUNTY_SECOND = "溪安平川宁乐兴源江山阳城林丰泉和华康德清水河州昌远"
_PLACE = "白沙桃源龙潭石门云岭东山西坝南湖北塘凤凰柳溪梅林竹园松岗杏花荷塘长岭大坪新桥高桥"
_EXTRA_DEPARTMENTS = [
    ("县公安局", "县公安局", []), ("县司法局", "县司法局", []), ("县应急管理局", "县应急局", ["县安监局"]),
    ("县自然资源和规划局", "县自然资源局", ["县国土局"]), ("县林业局", "县林业局", []),
    ("县民政局", "县民政局", []), ("县审计局", "县审计局", []), ("县税务局", "县税务局", []),
    ("县供销合作社联合社", "县供销社", []), ("县融媒体中心", "县融媒体中心", ["县广播电视台"]),
    ("县综合行政执法局", "县综合执法局", ["县城管局"]), ("县医疗保障局", "县医保局", []),
    ("县退役军人事务局", "县退役军人局", []), ("县气象局", "县气象局", []),
]
_TOPICS = [
    "食品", "药品", "特种设备", "农产品", "建设工程", "旅游服务", "电子商务", "计量", "检验检测", "家具制造",
    "茶叶", "竹木制品", "纺织服装", "汽车零部件", "医疗器械", "物流快递", "餐饮服务", "养老服务", "学校食堂",
    "农村饮水", "公共交通", "物业服务", "电梯", "燃气", "小微企业", "知识产权", "地理标志", "绿色建材",
]
_TITLES = [
    "开展{t}质量提升行动", "加强{t}质量安全监管", "推进{t}标准化建设", "实施{t}品牌培育工程",
    "完善{t}质量追溯体系", "开展{t}专项整治", "建立{t}质量信用档案", "提高{t}监督抽查合格率",
    "推动{t}行业转型升级", "组织{t}质量比对和验证",
]
_CLAUSES = [
    "由{lead}牵头,会同有关部门制定{t}质量提升实施方案,明确目标任务和责任分工",
    "对辖区内{t}生产经营单位开展全覆盖检查,建立问题清单和整改台账",
    "每季度组织一次{t}监督抽查,抽查结果向社会公开",
    "支持企业开展{t}标准化良好行为创建,培育一批标准化示范单位",
    "到规划期末{t}合格率稳定在95%以上,群众满意度明显提高",
    "加强{t}从业人员培训,全年培训不少于{n}人次",
    "将{t}质量工作纳入年度目标责任制考核",
]
_WORK_EXTRA = [
    "共检查{t}经营主体{n}家,责令整改{m}家。",
    "完成{t}监督抽查{n}批次,合格率{p}%。",
    "召开{t}质量工作推进会,参会企业{n}家。",
    "培训{t}从业人员{n}人次,发放宣传资料{m}份。",
    "指导{m}家企业完成{t}标准化改造。",
]
_PROBLEMS_EXTRA = [
    "{t}领域部分小微企业质量管理基础薄弱。",
    "乡镇一级{t}监管力量不足,检测设备缺乏。",
    "{t}抽查不合格产品的后处理还需加强部门协同。",
]


def _county_names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = rng.choice(_COUNTY_FIRST) + rng.choice(_COUNTY_SECOND) + rng.choice("县县县县市区")
        if name[0] != name[1] and name not in names:
            names.append(name)
    return names


def _places(rng: random.Random, count: int) -> list[str]:
    pairs = [_PLACE[i : i + 2] for i in range(0, len(_PLACE) - 1, 2)]
    return rng.sample(pairs, count)


def _county_units(rng: random.Random, county: str) -> list[dict[str, Any]]:
    """40 units of one county: departments, townships, sub-district offices, the group."""
    out: list[dict[str, Any]] = []
    departments = [u for u in d.UNITS if u["kind"] == "department"]
    prefix = county
    for u in departments:
        name = u["name"].replace("青溪县", county) if "青溪县" in u["name"] else prefix + u["name"][1:]
        out.append({"name": name, "short": prefix + u["short"][1:], "kind": "department",
                    "aliases": [prefix + a[1:] for a in u.get("aliases", [])]})
    for name, short, aliases in _EXTRA_DEPARTMENTS:
        out.append({"name": prefix + name[1:], "short": prefix + short[1:], "kind": "department",
                    "aliases": [prefix + a[1:] for a in aliases]})
    places = _places(rng, 8)
    for place in places[:6]:
        town = place + rng.choice("镇镇乡")
        out.append({"name": f"{county}{town}人民政府", "short": town, "kind": "township", "aliases": []})
    for place in ("城东", "城西"):
        out.append({"name": f"{county}{place}街道办事处", "short": f"{place}街道", "kind": "subdistrict",
                    "aliases": [f"{county}{place}街道办"]})
    out.append({"name": f"{county}质量创建成员单位", "short": f"{county}各成员单位", "kind": "group", "aliases": []})
    return out[:UNITS_PER_COUNTY]


def _phone(rng: random.Random) -> str:
    return f"0{rng.randint(550, 599)}-{rng.randint(80000000, 89999999)}"


# --- building -------------------------------------------------------------------------------------


def default_path(tier: str) -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("taizhang", appauthor=False)) / f"demo-{tier}.db"


def _fresh(path: Path) -> Ledger:
    """A new ledger at ``path``; an old demo or empty ledger there is replaced, real work never."""
    if path.exists():
        existing = open_ledger(path, create=False)
        try:
            if not demo.is_demo(existing) and not demo.is_empty(existing):
                raise LedgerError(strings.ERR_DEMO_OVERWRITE.format(path=path))
        finally:
            existing.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return open_ledger(path)


def build(path: Path | str, tier: str, *, seed: int = SEED, today: date = TODAY) -> Built:
    """Write the ``tier`` ledger (s, m or l) at ``path``; returns what was written and how long it took."""
    if tier not in TIERS:
        raise LedgerError(strings.ERR_SCALE_TIER.format(tier=tier))
    started = time.perf_counter()
    target = Path(path)
    ledger = _fresh(target)
    try:
        built = _fill(ledger, TIERS[tier], random.Random(seed), today)
        ledger.conn.execute("PRAGMA optimize")
    finally:
        ledger.close()
    built.path, built.tier, built.seconds = target, tier, time.perf_counter() - started
    return built


def _fill(ledger: Ledger, tier: Tier, rng: random.Random, today: date) -> Built:
    conn = ledger.conn
    # A new file that nobody else uses yet: no fsync per page while it is built.
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -200000")
    due_days = int(settings.DEFAULTS["report_due_days"])
    last = rules.checked_quarter(today, due_days)
    quarters = [last]
    while len(quarters) < tier.quarters:
        quarters.insert(0, quarters[0].previous())
    plan_start = quarters[0].start
    issued = plan_start + timedelta(days=20)
    plan_end = date(last.year + 2, 6, 30)
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    counties = _county_names(rng, tier.counties)

    conn.execute("BEGIN IMMEDIATE")
    # Row by row, the full-text triggers would write one tiny FTS5 segment per row (six times slower),
    # and the history triggers would keep a million generated rows as if a clerk had typed them:
    # all triggers are set aside while the rows go in, put back as they were, and the index is rebuilt once.
    triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    try:
        for name, _ in triggers:
            conn.execute(f'DROP TRIGGER "{name}"')
        unit_id = task_id = section_id = phase_id = 0
        unit_rows: list[tuple[Any, ...]] = []
        alias_rows: list[tuple[str, int]] = []
        member_rows: list[tuple[int, int]] = []
        task_rows: list[tuple[Any, ...]] = []
        link_rows: list[tuple[int, int, str, int]] = []
        target_rows: list[tuple[Any, ...]] = []
        # Per task, for the reports: (task id, start, deadline, done_on, reporters [(unit, role)], topic).
        plan_tasks: list[tuple[int, date, date | None, date | None, list[tuple[int, str]], str]] = []
        for plan_id, county in enumerate(counties, start=1):
            conn.execute(
                "INSERT INTO plans (id, title, issuer, doc_no, issued, start, end) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [plan_id, f"{county}创建全国质量强县示范县工作方案", f"{county}人民政府办公室",
                 f"{county[:2]}政办发〔{issued.year}〕{rng.randint(3, 60)}号", issued.isoformat(),
                 plan_start.isoformat(), plan_end.isoformat()],
            )
            spans = [
                (d.PHASES[0], None, plan_start + timedelta(days=120)),
                (d.PHASES[1], plan_start + timedelta(days=90), date(last.year + 1, 6, 30)),
                (d.PHASES[2], date(last.year, 9, 1), date(last.year + 1, 3, 31)),
                (d.PHASES[3], date(last.year + 1, 3, 1), plan_end),
            ]
            phase_ids: list[int] = []
            main_phase_start = plan_start
            for position, (phase, start, end) in enumerate(spans, start=1):
                phase_id += 1
                phase_ids.append(phase_id)
                conn.execute(
                    "INSERT INTO phases (id, plan_id, name, start, end, ord, is_main, description) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [phase_id, plan_id, phase["name"], start.isoformat() if start else None, end.isoformat(),
                     position, int(bool(phase.get("main"))), phase.get("description", "").replace("青溪县", county)],
                )
                if phase.get("main") and start:
                    main_phase_start = start
            section_ids: list[tuple[int, str]] = []
            for position, section in enumerate(d.SECTIONS, start=1):
                section_id += 1
                section_ids.append((section_id, section["code"]))
                conn.execute("INSERT INTO sections (id, plan_id, code, title, ord) VALUES (?, ?, ?, ?, ?)",
                             [section_id, plan_id, section["code"], section["title"], position])

            by_name: dict[str, int] = {}
            departments: list[int] = []
            locals_: list[int] = []
            group = 0
            for unit in _county_units(rng, county):
                unit_id += 1
                by_name[unit["name"]] = unit_id
                unit_rows.append((unit_id, unit["name"], unit["short"], unit["kind"],
                                  rng.choice(_SURNAMES) + rng.choice(_GIVEN), _phone(rng)))
                alias_rows.extend((alias, unit_id) for alias in unit["aliases"])
                if unit["kind"] == "department":
                    departments.append(unit_id)
                elif unit["kind"] == "group":
                    group = unit_id
                else:
                    locals_.append(unit_id)
            member_rows.extend((group, member) for member in departments)

            per_section: dict[str, int] = {}
            for position in range(1, tier.tasks_per_county + 1):
                task_id += 1
                base = d.TASKS[(position - 1) % len(d.TASKS)]
                topic = rng.choice(_TOPICS)
                lead = rng.choice(departments)
                if position <= len(d.TASKS):
                    title = base["title"]
                    text = base.get("text", "").replace("青溪县", county)
                    section_code = base.get("section", "(一)")
                else:
                    title = rng.choice(_TITLES).format(t=topic)
                    lead_name = next(n for n, i in by_name.items() if i == lead)
                    clauses = rng.sample(_CLAUSES, rng.randint(2, 4))
                    text = ";".join(c.format(t=topic, lead=lead_name, n=rng.randint(2, 50) * 10) for c in clauses) + "。"
                    section_code = rng.choice(section_ids)[1]
                sec_id = next(i for i, code in section_ids if code == section_code)
                per_section[section_code] = per_section.get(section_code, 0) + 1
                code = f"四.{section_code}.{per_section[section_code]}"
                # Deadlines: a third follow their phase, the rest their own day, some already past.
                phase_choice = rng.choices([None, phase_ids[0], phase_ids[2], phase_ids[3]], [82, 5, 9, 4])[0]
                deadline: date | None = None
                if rng.random() < 0.67:
                    deadline = plan_start + timedelta(days=rng.randint(200, (plan_end - plan_start).days))
                rrule = base.get("rrule") if position <= len(d.TASKS) else None
                if rrule:
                    deadline = plan_end
                done_on = None
                if deadline is not None and deadline < today and not rrule and rng.random() < 0.75:
                    done_on = deadline - timedelta(days=rng.randint(0, 40))
                task_rows.append((
                    task_id, plan_id, sec_id, phase_choice, code, title, text,
                    deadline.isoformat() if deadline else None, rrule, int(done_on is not None),
                    done_on.isoformat() if done_on else None, position, f"{issued.isoformat()} 09:00:00",
                ))
                reporters: list[tuple[int, str]] = [(lead, "lead")]
                if position == 1:  # the group of member units: every member reports
                    link_rows.append((task_id, group, "co", 1))
                    reporters += [(m, "member") for m in departments if m != lead]
                else:
                    pool = [u for u in departments + locals_ if u != lead]
                    for co in rng.sample(pool, rng.choice((3, 4, 4, 5, 5, 6, 7, 8))):
                        reporters.append((co, "co"))
                for order, (reporter, role) in enumerate(reporters):
                    if role != "member":
                        link_rows.append((task_id, reporter, role, order if order == 0 else order + 1))
                for target in base.get("targets", []) if position <= len(d.TASKS) else []:
                    target_rows.append((task_id, target["metric"], target["comparator"], target["value"],
                                        target.get("unit", ""), target.get("year")))
                start = main_phase_start if phase_choice in (None, phase_ids[0]) else plan_start
                if phase_choice == phase_ids[2]:
                    start = spans[2][1] or plan_start
                elif phase_choice == phase_ids[3]:
                    start = spans[3][1] or plan_start
                plan_tasks.append((task_id, start, deadline, done_on, reporters, topic))

        conn.executemany("INSERT INTO units (id, name, short_name, kind, contact, phone) VALUES (?, ?, ?, ?, ?, ?)",
                         unit_rows)
        conn.executemany("INSERT INTO unit_aliases (alias, unit_id) VALUES (?, ?)", alias_rows)
        conn.executemany("INSERT INTO group_members (group_id, member_id) VALUES (?, ?)", member_rows)
        conn.executemany(
            "INSERT INTO tasks (id, plan_id, section_id, phase_id, code, title, text, deadline, rrule, done, done_on, "
            "ord, created_at, updated_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?13, 'plan')",
            task_rows,
        )
        conn.executemany("INSERT INTO task_units (task_id, unit_id, role, ord) VALUES (?, ?, ?, ?)", link_rows)
        conn.executemany(
            "INSERT INTO targets (task_id, metric, comparator, value, unit, year) VALUES (?, ?, ?, ?, ?, ?)", target_rows
        )
        conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('clerk_name', ?)", [d.CLERK])
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('demo', '1')")
        timings["plans, units, tasks"] = time.perf_counter() - clock

        clock = time.perf_counter()
        late_units = set(rng.sample(range(1, unit_id + 1), max(1, unit_id // 10)))
        conn.executemany(
            "INSERT INTO reports (task_id, unit_id, quarter, revision, status, progress, work_done, problems, "
            "next_steps, received, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _reports(rng, plan_tasks, quarters, late_units, today, due_days, d.CLERK),
        )
        timings["reports"] = time.perf_counter() - clock
        for _, sql in triggers:
            conn.execute(sql)
        clock = time.perf_counter()
        search_index.rebuild(conn)
        timings["search index"] = time.perf_counter() - clock
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    reports = int(conn.execute("SELECT count(*) FROM reports").fetchone()[0])
    return Built(Path(), "", unit_id, task_id, reports, 0.0, timings)


_SURNAMES = "王李张刘陈杨黄赵周吴徐孙马胡朱郭何罗高林"
_GIVEN = ["丽华", "志强", "海燕", "文静", "建国", "春生", "晓梅", "国平", "立新", "永红", "振华", "秀英", "静怡", "俊杰"]


def _reports(
    rng: random.Random,
    plan_tasks: list[tuple[int, date, date | None, date | None, list[tuple[int, str]], str]],
    quarters: list[Quarter],
    late_units: set[int],
    today: date,
    due_days: int,
    clerk: str,
) -> Iterator[tuple[Any, ...]]:
    """Every report owed, quarter by quarter: most on time, a tenth of the units late, a few missing,
    some 滞后, a few corrected (a second revision)."""

    for index, quarter in enumerate(quarters):
        label = str(quarter)
        due = quarter.due_date(due_days)
        for task_id, start, deadline, done_on, reporters, topic in plan_tasks:
            if not rules.expected_in_quarter(quarter, start=start, done=done_on is not None, done_on=done_on,
                                             due_days=due_days):
                continue
            for unit, role in reporters:
                if rng.random() < 0.02:
                    continue  # never came in
                lateness = rng.randint(3, 15) if unit in late_units else -rng.randint(0, 9)
                received = min(due + timedelta(days=lateness), today)
                if done_on is not None and done_on <= quarter.end:
                    status, progress = "done", 100
                elif deadline is not None and deadline < quarter.end and role == "lead" and rng.random() < 0.5:
                    status, progress = "late", rng.randrange(30, 80, 10)
                else:
                    status, progress = "in_progress", min(95, 10 + 4 * index + rng.randrange(0, 30, 5))
                work = rng.choice(d.WORK_DONE).format(n=rng.randint(1, 4), percent=progress)
                if rng.random() < 0.7:
                    work += rng.choice(_WORK_EXTRA).format(t=topic, n=rng.randint(5, 120), m=rng.randint(1, 12),
                                                           p=rng.randint(90, 99))
                problems = rng.choice(d.PROBLEMS)
                if not problems and rng.random() < 0.3:
                    problems = rng.choice(_PROBLEMS_EXTRA).format(t=topic)
                next_steps = rng.choice(d.NEXT_STEPS) if status != "done" else ""
                recorded = f"{received.isoformat()} 09:30:00"
                yield (task_id, unit, label, 1, status, progress, work, problems, next_steps, received.isoformat(),
                       clerk, recorded)
                if rng.random() < 0.02:
                    yield (task_id, unit, label, 2, status, min(100, progress + 5),
                           work + "(更正:数据已按核实结果修改。)", problems, next_steps, received.isoformat(),
                           clerk, f"{received.isoformat()} 16:00:00")
