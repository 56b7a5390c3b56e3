"""parse_plan on synthetic plans with the forms real ones use, and on arbitrary input (Hypothesis)."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store import strings
from store.importing.plan_import import ParsedPlan, parse_plan

PLAN = """宜良县人民政府关于印发宜良县创建质量强县示范县实施方案的通知
宜政发[2012]92号
各乡（镇）人民政府，县直各部门：
    现将《宜良县创建质量强县示范县实施方案》印发给你们，请认真组织实施。
宜良县人民政府
二○一二年五月二十七日
宜良县创建质量强县示范县实施方案
一、指导思想
坚持质量第一。
二、主要任务
（一）加强质量基础建设
1、质监分局要加强计量检定工作。每季度召开一次联席会议。
2、建立标准体系。完成时限：2013年6月底前（牵头单位：县市监局；配合单位：县发改局、县财政局）
3、深入开展质量月活动，每年9月集中开展，长期坚持。（县教育局、县科技局负责落实）
（二）提升产品质量
1.产品质量监督抽查合格率达到94%以上，城镇化率到2015年超过58%。
2.新增14个名牌产品，6月底前完成申报。
（责任单位：县市监局、县工信局）
三、实施步骤
（一）动员部署阶段（2012年6月）
召开动员大会。
（二）集中创建阶段（2012年7月—2014年6月）
各单位全面实施。
（三）总结验收阶段（2014年7月至12月）
县创建办组织验收。
四、保障措施
（一）加强组织领导。成立领导小组。
"""


def test_synthetic_plan() -> None:
    plan = parse_plan(PLAN)
    data = plan.to_json()
    assert data["plan"]["title"] == "宜良县创建质量强县示范县实施方案"
    assert data["plan"]["issuer"] == "宜良县人民政府"
    assert data["plan"]["doc_no"] == "宜政发〔2012〕92号"
    assert data["plan"]["issued"] == "2012-05-27"
    assert [(p["name"], p["start"], p["end"], p["main"]) for p in data["phases"]] == [
        ("动员部署阶段", "2012-06-01", "2012-06-30", False),
        ("集中创建阶段", "2012-07-01", "2014-06-30", True),
        ("总结验收阶段", "2014-07-01", "2014-12-31", False),
    ]
    assert plan.phases[0].description == "召开动员大会。"
    tasks = {t["code"]: t for t in data["tasks"]}
    assert list(tasks) == ["二.(一).1", "二.(一).2", "二.(一).3", "二.(二).1", "二.(二).2"]
    assert tasks["二.(一).1"]["units"] == [{"name": "质监分局", "role": "lead"}]
    assert tasks["二.(一).1"]["recurrence"] == "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1"
    assert tasks["二.(一).2"]["deadline"] == "2013-06-30"
    assert [u["name"] for u in tasks["二.(一).2"]["units"]] == ["县市监局", "县发改局", "县财政局"]
    assert tasks["二.(一).3"]["long_term"] is True
    assert tasks["二.(一).3"]["recurrence"] == "FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=-1"
    assert [u["name"] for u in tasks["二.(一).3"]["units"]] == ["县教育局", "县科技局"]
    # units listed after a section's last item apply to all its items
    assert [u["name"] for u in tasks["二.(二).1"]["units"]] == ["县市监局", "县工信局"]
    assert [u["name"] for u in tasks["二.(二).2"]["units"]] == ["县市监局", "县工信局"]
    targets = tasks["二.(二).1"]["targets"]
    assert [(g["metric"], g["comparator"], g["value"], g["unit"], g["year"]) for g in targets] == [
        ("产品质量监督抽查合格率", ">=", 94, "%", None),
        ("城镇化率", ">", 58, "%", 2015),
    ]
    assert tasks["二.(二).2"]["deadline"] == "2012-06-30"
    assert all(t["phase"] == "集中创建阶段" for t in data["tasks"])
    wheres = {w["where"] for w in data["warnings"]}
    assert "任务 二.(二).2" in wheres  # the assumed year is said
    assert plan.sections[0].code == "一" and plan.sections[0].title == "加强质量基础建设"
    json.dumps(data, ensure_ascii=False)


def test_tasks_are_sections_when_there_are_no_numbered_items() -> None:
    text = "\n".join(
        [
            "某县质量工作要点",
            "一、工作目标",
            "(一)质量水平提升。",
            "二、重点工作",
            "(一)加强质量监管。开展抽查。(责任单位:县市监局)",
            "(二)推进品牌建设。(牵头单位:县工信局;配合单位:县市监局)",
            "三、工作要求",
            "(一)加强领导。",
        ]
    )
    plan = parse_plan(text)
    assert [(t.code, t.section, t.item, t.title) for t in plan.tasks] == [
        ("二.(一)", "二", 1, "加强质量监管"),
        ("二.(二)", "二", 2, "推进品牌建设"),
    ]
    assert plan.task_chapters == ["二、重点工作"]


def test_task_chapter_found_by_title_without_units() -> None:
    text = "某县方案\n一、基本原则\n(一)政府主导。\n(二)企业主体。\n二、工作措施\n(一)出台规划;\n(二)设立质量奖;\n三、保障措施\n(一)经费保障。"
    plan = parse_plan(text)
    assert [t.title for t in plan.tasks] == ["出台规划", "设立质量奖"]


def test_plain_numbered_list_without_chapters() -> None:
    plan = parse_plan("1.加快规划。(责任单位:县市监局)\n2.加大支持。(责任单位:县财政局)")
    assert [(t.code, t.title, t.lead) for t in plan.tasks] == [("1", "加快规划", "县市监局"), ("2", "加大支持", "县财政局")]


def test_phases_named_by_order_and_dated_in_text() -> None:
    text = "\n".join(
        [
            "某县行动计划",
            "一、主要任务",
            "(一)开展抽查。(责任单位:县市监局)",
            "(二)推进认证。(责任单位:县市监局)",
            "二、进度安排",
            "(一)第一阶段:宣传发动(2019年3月—4月)。召开会议。",
            "(二)第二阶段:全面实施(2019年5月—11月)。",
            "(三)总结提升阶段。2019年12月底前,各单位报送总结。",
        ]
    )
    plan = parse_plan(text)
    assert [(p.name, p.start, p.end) for p in plan.phases] == [
        ("宣传发动", date(2019, 3, 1), date(2019, 4, 30)),
        ("全面实施", date(2019, 5, 1), date(2019, 11, 30)),
        ("总结提升阶段", None, date(2019, 12, 31)),
    ]
    assert plan.main_phase is not None and plan.main_phase.name == "全面实施"
    assert plan.phase_chapter == "二、进度安排"


def test_numbering_gap_is_warned() -> None:
    plan = parse_plan("方案\n一、主要任务\n(一)甲项工作\n1.甲。(责任单位:A局)\n2.乙。(责任单位:B局)\n4.丁。(责任单位:C局)")
    assert any("编号不连续" in w.message for w in plan.warnings)


def test_empty_and_garbage_input() -> None:
    for text in ["", "   \n\n", "hello world", "一、", "(责任单位:", "\x00\x01\x02"]:
        plan = parse_plan(text)
        assert isinstance(plan, ParsedPlan)
        json.dumps(plan.to_json(), ensure_ascii=False)


def _no_internal_error(plan: ParsedPlan) -> None:
    internal = [w for w in plan.warnings if w.message.startswith(strings.W_INTERNAL.split("(")[0])]
    assert internal == [], internal
    json.dumps(plan.to_json(), ensure_ascii=False)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_never_raises_on_arbitrary_text(text: str) -> None:
    _no_internal_error(parse_plan(text))


FRAGMENTS = [
    "一、", "二、", "十、", "(一)", "(二)", "(十)", "1.", "2.", "1、", "(1)", "①", "②", "第一部分", "\n", "\n", "\n",
    "工作任务", "主要任务", "工作步骤", "保障措施", "阶段", "动员部署阶段", "(2018年1月至9月)", "(2013年6月前)",
    "2019年6月底前", "6月底前", "完成时限:", "长期坚持", "每季度", "每年9月", "每年至少召开两次",
    "(责任单位:", "责任单位:", "(牵头单位:", ";配合单位:", "县市监局", "各乡(镇)人民政府", "、", ",", "及",
    "等", ")", "(", "。", ";", "负责落实", "合格率达到94%以上", "新增14个", "到2015年超过58%", "〔2013〕98号",
    "关于印发", "的通知", "工作方案", "人民政府办公室", "二○一二年五月二十七日", "索引号:", "抄送:", "附件:",
    "?", "\ufffd", "(xiāng)", "鄉", "  ", "\t", "》", "《", "“", "”", "【", "】", "—", "至",
]  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=120))
def test_never_raises_on_mixes_of_plan_markers(parts: list[str]) -> None:
    _no_internal_error(parse_plan("".join(parts)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=200, max_size=600))
def test_never_raises_on_long_run_on_mixes(parts: list[str]) -> None:
    # Long single lines go through the run-on splitter.
    _no_internal_error(parse_plan("".join(p for p in parts if p != "\n") * 3))


TABLE_PLAN = "\n".join(
    [
        "某县质量提升行动方案",
        "一、总体要求",
        "坚持质量第一。",
        "二、保障措施",
        "(一)加强领导。",
        "附件:某县质量提升重点任务分解表",
        "某县质量提升重点任务分解表",
        "序号\t重点任务\t具体措施\t牵头单位\t配合单位\t完成时限",
        "1\t质量基础\t建立计量检测平台。\t县市监局\t县财政局、县发改局\t2019年6月底前",
        "2\t质量基础\t推进标准化建设,农业标准化生产普及率达到90%以上。\t县农业局\t县市监局\t2019年12月",
        "3\t品牌建设\t每年9月开展质量月活动。\t县市监局\t各乡(镇)人民政府\t长期坚持",
    ]
)


def test_tasks_from_a_task_table() -> None:
    plan = parse_plan(TABLE_PLAN)
    got = [(t.code, t.title, [(u.name, u.role) for u in t.units], t.deadline, t.long_term) for t in plan.tasks]
    assert got == [
        ("表.1", "建立计量检测平台", [("县市监局", "lead"), ("县财政局", "co"), ("县发改局", "co")], date(2019, 6, 30), False),
        ("表.2", "推进标准化建设,农业标准化生产普及率达到90%以上", [("县农业局", "lead"), ("县市监局", "co")], date(2019, 12, 31), False),
        ("表.3", "每年9月开展质量月活动", [("县市监局", "lead"), ("各乡(镇)人民政府", "co")], None, True),
    ]
    assert plan.tasks[2].recurrence == "FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=-1"
    assert plan.tasks[1].targets[0].metric == "农业标准化生产普及率"
    assert plan.sections[0].title == "某县质量提升重点任务分解表"


def test_table_lends_units_to_text_tasks() -> None:
    text = "\n".join(
        [
            "某市质量工作方案",
            "一、主要任务",
            "(一)加强监管",
            "1.开展抽查。",
            "2.推进认证工作。",
            "附件",
            "序号\t类别\t工作任务\t责任单位",
            "1\t监管\t开展抽查\t市市场监管局",
            "2\t推进认证工作\t市市场监管局、市商务局",  # a merged category cell left out (web page rowspan)
        ]
    )
    plan = parse_plan(text)
    assert [(t.code, [u.name for u in t.units]) for t in plan.tasks] == [
        ("一.(一).1", ["市市场监管局"]),
        ("一.(一).2", ["市市场监管局", "市商务局"]),
    ]


def test_unnumbered_phase_lines_in_a_steps_chapter() -> None:
    text = "\n".join(
        [
            "某县方案",
            "一、工作任务",
            "(一)甲项。(责任单位:县市监局)",
            "(二)乙项。(责任单位:县财政局)",
            "二、实施步骤",
            "全县创建工作分三个阶段进行。",
            "第一阶段:动员部署(2019年3月—4月)。制定方案。",
            "召开大会。",
            "第二阶段:组织实施(2019年5月至2020年6月)。全面推进。",
            "第三阶段:总结验收(2020年7月—12月)。",
            "三、保障措施",
            "加强领导。",
        ]
    )
    plan = parse_plan(text)
    assert [(p.name, p.start, p.end, p.main) for p in plan.phases] == [
        ("动员部署", date(2019, 3, 1), date(2019, 4, 30), False),
        ("组织实施", date(2019, 5, 1), date(2020, 6, 30), True),
        ("总结验收", date(2020, 7, 1), date(2020, 12, 31), False),
    ]
    assert plan.phases[0].description == "制定方案。\n召开大会。"
    assert [t.phase for t in plan.tasks] == ["组织实施", "组织实施"]


def test_key_points_whose_chapters_are_the_tasks() -> None:
    plan = parse_plan(
        "2019年全县质量工作要点\n一、加强质量基础。(责任单位:县市监局)\n"
        "二、推进品牌建设。(县工信局、县市监局按职责分工负责)\n三、提升服务质量。(县商务局牵头,县直相关部门配合)"
    )
    assert [(t.code, t.title, [(u.name, u.role) for u in t.units]) for t in plan.tasks] == [
        ("一", "加强质量基础", [("县市监局", "lead")]),
        ("二", "推进品牌建设", [("县工信局", "lead"), ("县市监局", "co")]),
        ("三", "提升服务质量", [("县商务局", "lead"), ("县直相关部门", "co")]),
    ]
    assert plan.meta.year == 2019 and plan.end == date(2019, 12, 31)


def test_parts_and_sub_items() -> None:
    text = "\n".join(
        [
            "某市质量强市三年行动计划",
            "第一部分 总体要求",
            "一、指导思想",
            "坚持质量第一。",
            "第二部分 重点任务",
            "一、夯实质量基础",
            "(一)完善计量体系。(责任单位:市市场监管局)",
            "①建设计量中心;②开展比对。",
            "(二)推进标准化。(责任单位:市市场监管局、市发改局)",
            "二、提升产品质量",
            "(一)开展质量攻关。(责任单位:市经信局)",
        ]
    )
    plan = parse_plan(text)
    assert [t.code for t in plan.tasks] == ["一.(一)", "一.(二)", "二.(一)"]
    assert "①建设计量中心" in plan.tasks[0].text


def test_notice_that_is_the_plan_and_colon_headings() -> None:
    plan = parse_plan(
        "关于开展2019年质量提升行动的通知\n各乡镇:\n一、工作任务\n"
        "(一)加强质量监管:开展抽查。(责任单位:县市监局、县科协)\n(二)推进品牌。\n责任单位:\n县工信局\n"
        "二、工作要求\n加强领导。"
    )
    assert plan.meta.title == "关于开展2019年质量提升行动的通知"
    assert plan.meta.year == 2019
    assert [(t.title, [u.name for u in t.units]) for t in plan.tasks] == [
        ("加强质量监管", ["县市监局", "县科协"]),
        ("推进品牌", ["县工信局"]),
    ]


def test_phase_items_are_not_tasks_but_items_under_phases_are() -> None:
    text = "\n".join(
        [
            "某县方案",
            "一、工作任务",
            "(一)甲项工作。(责任单位:县市监局)",
            "(二)乙项工作。(责任单位:县财政局)",
            "二、实施步骤",
            "(一)动员部署阶段(2019年3月)。制定方案。(责任单位:县创建办)",
            "(二)组织实施阶段(2019年4月—12月)。全面实施。(责任单位:各成员单位)",
        ]
    )
    plan = parse_plan(text)
    assert [t.code for t in plan.tasks] == ["一.(一)", "一.(二)"]
    by_phase = "\n".join(
        [
            "某县方案",
            "一、实施步骤",
            "(一)动员部署阶段(2019年3月)",
            "1.召开动员大会。(责任单位:县政府办)",
            "2.印发实施方案。(责任单位:县创建办)",
            "(二)组织实施阶段(2019年4月—12月)",
            "1.开展质量抽查。(责任单位:县市监局)",
        ]
    )
    plan = parse_plan(by_phase)
    assert [(t.code, t.phase) for t in plan.tasks] == [
        ("一.(一).1", "动员部署阶段"),
        ("一.(一).2", "动员部署阶段"),
        ("一.(二).1", "组织实施阶段"),
    ]


def test_deadline_clause_is_not_part_of_the_title() -> None:
    plan = parse_plan(
        "工作方案\n二、工作任务\n"
        "1.建设县级公共检测平台,完成时限:2026年12月底前。(责任单位:县市监局)\n"
        "2.建立企业质量信用档案;时间要求:2027年6月。(责任单位:县发改局)\n"
    )
    assert [t.title for t in plan.tasks] == ["建设县级公共检测平台", "建立企业质量信用档案"]
    assert [t.deadline for t in plan.tasks] == [date(2026, 12, 31), date(2027, 6, 30)]
