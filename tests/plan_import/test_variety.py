"""The forms real plans take, each in invented words (units and wording made up for the test).

Each test names the form it covers; together they are the importer's checklist for plans nobody here
has seen: tables turned into text, units as subjects, units on their own lines, notes inside unit
lists, items that are themselves the tasks, phases and deadlines written in other ways, excerpts that
are not a whole plan, unfamiliar duty verbs, recurrence and rates.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx

from store import strings
from store.importing.plan_import import ParsedPlan, parse_plan, read_document


def units_of(plan: ParsedPlan) -> list[list[tuple[str, str]]]:
    return [[(u.name, u.role) for u in task.units] for task in plan.tasks]


def titles(plan: ParsedPlan) -> list[str]:
    return [task.title for task in plan.tasks]


def messages(plan: ParsedPlan) -> list[str]:
    return [w.message for w in plan.warnings]


# --- 1. tables turned into text -------------------------------------------------------------------


def test_table_one_cell_a_line() -> None:
    text = "\n".join(
        [
            "青溪县2025年重点工作责任分解",
            "序号", "重 点 工 作", "牵头单位", "配合单位", "完成时限",
            "1", "建成县级计量检定中心。", "县市场监管局", "县财政局、县发改局", "2025年9月底前",
            "2", "新增省级标准化试点3个。", "县市场监管局", "各乡镇人民政府", "2025年底前",
            "3", "开展质量月主题活动", "县质量强县工作领导小组办公室",
        ]
    )  # fmt: skip
    plan = parse_plan(text)
    assert titles(plan) == ["建成县级计量检定中心", "新增省级标准化试点3个", "开展质量月主题活动"]
    assert units_of(plan)[0] == [("县市场监管局", "lead"), ("县财政局", "co"), ("县发改局", "co")]
    assert units_of(plan)[2] == [("县质量强县工作领导小组办公室", "lead")]  # the excerpt ends inside the row
    assert [t.deadline for t in plan.tasks] == [date(2025, 9, 30), date(2025, 12, 31), None]


def test_table_with_bars_between_cells() -> None:
    text = "\n".join(
        [
            "某区质量提升任务清单",
            "| 序号 | 工作任务 | 负责部门 | 时间进度 |",
            "|---|---|---|---|",
            "| 1 | 推进检验检测资源整合 | 区市场监管局、区科技局 | 2024年6月底前 |",
            "| 2 | 培育区长质量奖企业 | 区经信局 | 长期坚持 |",
        ]
    )
    plan = parse_plan(text)
    assert titles(plan) == ["推进检验检测资源整合", "培育区长质量奖企业"]
    assert units_of(plan)[0] == [("区市场监管局", "lead"), ("区科技局", "co")]
    assert plan.tasks[0].deadline == date(2024, 6, 30)
    assert plan.tasks[1].long_term


def test_table_cells_between_lone_bars_and_html_entities() -> None:
    lines = ["某市环境卫生工作任务分解", "|", "序号", "|", "工作任务", "|", "负责部门", "|"]
    lines += ["1", "|", "完善环卫作业标准&nbsp;", "|", "市城管局&#12289;市住建局", "|"]
    plan = parse_plan("\n".join(lines))
    assert titles(plan) == ["完善环卫作业标准"]
    assert units_of(plan) == [[("市城管局", "lead"), ("市住建局", "co")]]


def test_record_written_label_line_then_value_line() -> None:
    text = "\n".join(
        ["具体任务", "全面推行食品生产许可电子证书,年内实现全覆盖。", "责任单位", "县市场监管局、县数据局", "配合单位", "各乡镇"]
    )
    plan = parse_plan(text)
    assert len(plan.tasks) == 1
    assert units_of(plan)[0] == [("县市场监管局", "lead"), ("县数据局", "lead"), ("各乡镇", "co")]
    assert strings.W_UNNUMBERED_TASKS in messages(plan)


# --- 2. units as the subject of the sentence ------------------------------------------------------


def test_several_units_as_subject() -> None:
    plan = parse_plan("某县方案\n一、工作任务\n(一)县农业农村局、县林业局要加强农资市场检查。\n(二)县商务局要规范市场秩序。")
    assert units_of(plan) == [[("县农业农村局", "lead"), ("县林业局", "lead")], [("县商务局", "lead")]]
    assert any("主语" in m for m in messages(plan))  # a guess, shown as one


def test_by_a_undertaken_b_assisting() -> None:
    plan = parse_plan("某县方案\n一、工作任务\n(一)由县卫健局承办,县教育局、县体育中心协办,开展健康县城创建。")
    assert units_of(plan) == [[("县卫健局", "lead"), ("县教育局", "co"), ("县体育中心", "co")]]


def test_duty_list_unit_as_the_heading() -> None:
    text = "\n".join(
        [
            "5、县交通运输局。负责道路沿线的巡查。",
            "6、县供销社:做好农资供应。",
            "7、各乡镇、开发区管委会。负责辖区内的组织实施。",
            "四、工作步骤",
        ]
    )
    plan = parse_plan(text)
    assert units_of(plan) == [
        [("县交通运输局", "lead")],
        [("县供销社", "lead")],
        [("各乡镇", "lead"), ("开发区管委会", "co")],
    ]


# --- 3. units on their own line after the item ----------------------------------------------------


def test_unit_line_after_a_list_of_measures() -> None:
    text = "\n".join(
        [
            "1.组织开展计量惠民活动,走进集贸市场。",
            "2.推动加油站计量在线监测。",
            "责任单位:县市场监管局",
            "联 系 人:王某",
            "联系电话:12345678",
        ]
    )
    plan = parse_plan(text)
    assert units_of(plan) == [[("县市场监管局", "lead")], [("县市场监管局", "lead")]]
    assert any("措施之后" in m for m in messages(plan))


def test_lead_and_co_lines_below_an_item() -> None:
    text = "某县方案\n一、主要任务\n(一)建设质量基础设施一站式服务站。\n牵头单位:县市场监管局\n配合单位:县工信局、县科技局\n时限要求:2025年12月底前"
    plan = parse_plan(text)
    assert units_of(plan) == [[("县市场监管局", "lead"), ("县工信局", "co"), ("县科技局", "co")]]
    assert plan.tasks[0].deadline == date(2025, 12, 31)


# --- 4. notes inside a unit list ------------------------------------------------------------------


def test_note_that_the_first_listed_leads() -> None:
    text = "某市方案\n一、任务\n(一)夯实粮食生产基础。(市农业农村局、市水利局、各区县政府。排在第一位的为牵头单位,下同)"
    plan = parse_plan(text)
    assert units_of(plan) == [[("市农业农村局", "lead"), ("市水利局", "co"), ("各区县政府", "co")]]


def test_note_in_brackets_inside_a_labelled_list() -> None:
    text = "某市方案\n一、任务\n1.扩大有效投资。\n责任单位:市发改委、市财政局(除注明“分别牵头”外,列第一位为牵头单位,下同)"
    plan = parse_plan(text)
    assert units_of(plan) == [[("市发改委", "lead"), ("市财政局", "co")]]


def test_units_that_each_lead() -> None:
    text = "某市方案\n一、任务\n1.城乡居民收入稳步增长。\n责任单位:市人社局、市农业农村局分别牵头"
    plan = parse_plan(text)
    assert units_of(plan) == [[("市人社局", "lead"), ("市农业农村局", "lead")]]


def test_deadline_and_person_inside_the_unit_bracket() -> None:
    text = "某县方案\n一、任务\n(一)完成老旧电梯改造。(责任单位:县住建局、县市场监管局,9月底前完成;责任领导:李某)"
    plan = parse_plan(text)
    assert units_of(plan) == [[("县住建局", "lead"), ("县市场监管局", "co")]]


def test_fragment_and_odd_names_are_warned() -> None:
    text = "某市方案\n一、任务\n1.招大引强。\n责任单位:市"
    plan = parse_plan(text)
    assert units_of(plan) == [[]]
    assert any("不完整" in m and "“市”" in m for m in messages(plan))


def test_a_list_cut_off_by_the_excerpt_keeps_the_whole_names() -> None:
    plan = parse_plan("某区方案\n一、任务\n1.深化审批改革。(牵头单位:区审批局、区发改局;责任单位:区政")
    assert units_of(plan) == [[("区审批局", "lead"), ("区发改局", "lead")]]
    assert any("不完整" in m for m in messages(plan))


# --- 5. items that are themselves the tasks -------------------------------------------------------


def test_top_level_items_with_their_body_below() -> None:
    text = "\n".join(
        [
            "某中心迎检工作方案",
            "一、成立迎检工作专班。",
            "由主任任组长,各科室负责人为成员。",
            "二、做好宣传引导。",
            "在服务大厅设置宣传栏。",
            "三、开展环境整治。",
            "清理办公区域杂物。",
        ]
    )
    plan = parse_plan(text)
    assert titles(plan) == ["成立迎检工作专班", "做好宣传引导", "开展环境整治"]
    assert strings.W_ITEMS_AS_TASKS in messages(plan)


# --- 6. phases and deadlines written in other ways ------------------------------------------------


def test_phase_named_after_its_number_with_a_comma() -> None:
    text = "\n".join(
        [
            "某县创建方案",
            "一、工作任务",
            "(一)完善制度。(责任单位:县创建办)",
            "二、实施步骤",
            "(一)第一阶段:动员部署,制定方案(2024年3月1日至 2024年3月31日)。",
            "(二)第二阶段:全面创建,补齐短板(2024年4月1日至2025年9月30日)。",
        ]
    )
    plan = parse_plan(text)
    assert [(p.start, p.end) for p in plan.phases] == [
        (date(2024, 3, 1), date(2024, 3, 31)),
        (date(2024, 4, 1), date(2025, 9, 30)),
    ]
    assert "动员部署" in plan.phases[0].name


def test_month_phases_take_the_year_their_chapter_names() -> None:
    text = "\n".join(
        [
            "五、工作安排",
            "(一)摸底排查阶段(2-4月)。摸清辖区市场底数。",
            "(二)集中整治阶段(5-9月)。开展专项整治。",
            "(三)评估总结阶段(10-12月)。评选2019年度示范市场。",
        ]
    )
    plan = parse_plan(text)
    assert [(p.start, p.end) for p in plan.phases] == [
        (date(2019, 2, 1), date(2019, 4, 30)),
        (date(2019, 5, 1), date(2019, 9, 30)),
        (date(2019, 10, 1), date(2019, 12, 31)),
    ]
    assert any("按 2019 年理解" in m for m in messages(plan))
    assert plan.tasks == []  # phases written as top-level items are not tasks


def test_yearless_deadline_takes_the_plans_year_with_a_warning() -> None:
    plan = parse_plan("青溪县2026年质量工作要点\n一、任务\n1.完成计量器具普查,10 月底前完成。(责任单位:县市场监管局)")
    assert plan.tasks[0].deadline == date(2026, 10, 31)
    assert any("按 2026 年理解" in m for m in messages(plan))


# --- 7. excerpts that are not a whole plan --------------------------------------------------------


def test_covering_notice_gives_its_metadata_and_says_there_are_no_tasks() -> None:
    text = "\n".join(
        [
            "关于印发《青溪县质量提升行动方案》的通知 青政办发〔2026〕5号 |",
            "各乡镇人民政府,县直各单位:现将《青溪县质量提升行动方案》印发给你们,请认真贯彻落实。",
        ]
    )
    plan = parse_plan(text)
    assert plan.tasks == []
    assert plan.meta.title == "青溪县质量提升行动方案"
    assert plan.meta.doc_no == "青政办发〔2026〕5号"
    assert strings.W_NOTICE_ONLY in messages(plan)


def test_title_on_two_lines() -> None:
    plan = parse_plan("青溪县2026年度治理“餐桌污染”建设\n“食品放心工程”工作方案\n一、任务\n(一)加强监管。(责任单位:县市场监管局)")
    assert plan.meta.title == "青溪县2026年度治理“餐桌污染”建设“食品放心工程”工作方案"


def test_sub_items_run_together_in_one_paragraph() -> None:
    text = (
        "一、优化服务\n1.深化登记改革。(1)推行证照联办。全面实行一次办结。(县市场监管局牵头负责)"
        "(2)完善电子营业执照应用。(县数据局牵头负责)(3)推进名称自主申报。(县市场监管局负责)"
    )
    plan = parse_plan(text)
    assert titles(plan) == ["推行证照联办", "完善电子营业执照应用", "推进名称自主申报"]
    assert units_of(plan) == [[("县市场监管局", "lead")], [("县数据局", "lead")], [("县市场监管局", "lead")]]


# --- 8. unfamiliar role verbs ---------------------------------------------------------------------


def test_lead_then_units_by_their_remit() -> None:
    text = "某市要点\n一、任务\n1.压减审批事项。(市审批局、市司法局牵头,市级各部门及各县区政府按职责分工负责)"
    plan = parse_plan(text)
    assert units_of(plan) == [
        [("市审批局", "lead"), ("市司法局", "lead"), ("市级各部门", "co"), ("各县区政府", "co")]
    ]


def test_several_units_carry_it_out() -> None:
    plan = parse_plan("某市方案\n一、任务\n(一)推进质量兴县活动。(甲县人民政府、乙县人民政府负责落实)")
    assert units_of(plan) == [[("甲县人民政府", "lead"), ("乙县人民政府", "lead")]]


def test_an_odd_verb_after_the_units_still_gives_them() -> None:
    plan = parse_plan("某省方案\n一、任务\n1.吸引社会资本参与。(省发改委牵头办好,省财政厅、省交通厅等省有关部门按职责分工协力)")
    assert units_of(plan) == [[("省发改委", "lead"), ("省财政厅", "co"), ("省交通厅", "co"), ("省有关部门", "co")]]


# --- 9. recurrence read rightly -------------------------------------------------------------------


def test_once_a_year_is_yearly_with_no_month_and_a_rate_is_no_recurrence() -> None:
    text = "某县方案\n一、任务\n1.每年开展一次质量知识竞赛。(责任单位:县教育局)\n2.品牌企业数量平均每年增加2至3家。(责任单位:县经信局)"
    plan = parse_plan(text)
    assert plan.tasks[0].recurrence == "FREQ=YEARLY;BYYEARDAY=-1"
    assert plan.tasks[1].recurrence is None


# --- .docx task tables ----------------------------------------------------------------------------


def test_docx_task_tables_with_merged_cells_one_per_chapter(tmp_path: Path) -> None:
    """A 任务分解表 per chapter in Word: the category column merged down its rows, the header's unit
    columns merged across, units and deadlines read for every row."""
    document = docx.Document()
    document.add_paragraph("青溪县质量提升行动任务分解表")
    for caption, rows in (
        ("一、质量基础", [("1", "计量", "建设计量检定中心", "县市场监管局", "县财政局", "2026年6月底前"),
                          ("2", "计量", "开展计量惠民活动", "县市场监管局", "", "长期坚持")]),
        ("二、品牌建设", [("1", "品牌", "培育县长质量奖企业", "县经信局", "县市场监管局", "2026年底前")]),
    ):  # fmt: skip
        document.add_paragraph(caption)
        table = document.add_table(rows=len(rows) + 1, cols=6)
        header = ("序号", "类别", "重点任务", "责任单位", "", "完成时限")
        for col, value in enumerate(header):
            table.cell(0, col).text = value
        table.cell(0, 3).merge(table.cell(0, 4))  # 责任单位 spans the lead and co columns
        for row, cells in enumerate(rows, start=1):
            for col, value in enumerate(cells):
                if col != 1 or row == 1:
                    table.cell(row, col).text = value
        if len(rows) > 1:
            table.cell(1, 1).merge(table.cell(len(rows), 1))  # the category merged down
    path = tmp_path / "任务分解表.docx"
    document.save(str(path))

    plan = parse_plan(read_document(path))
    assert [t.title for t in plan.tasks] == ["建设计量检定中心", "开展计量惠民活动", "培育县长质量奖企业"]
    assert units_of(plan)[0] == [("县市场监管局", "lead"), ("县财政局", "co")]
    assert units_of(plan)[2] == [("县经信局", "lead"), ("县市场监管局", "co")]
    assert plan.tasks[0].deadline == date(2026, 6, 30)
    assert plan.tasks[1].long_term
    assert plan.tasks[2].deadline == date(2026, 12, 31)


# --- more excerpts of real shapes -----------------------------------------------------------------


def test_an_excerpt_of_the_steps_chapter_alone_gives_the_steps_as_tasks() -> None:
    text = "\n".join(
        [
            "四、工作计划",
            "(一)筹备启动阶段(2031年3月)。",
            "1.2031年3月成立创建工作专班。",
            "2.召开创建动员会,签订目标责任书。",
            "(二)全面创建阶段(2031年4月至12月)。",
            "1.各成员单位完成专班下达的任务。",
        ]
    )
    plan = parse_plan(text)
    assert [p.name for p in plan.phases] == ["筹备启动阶段", "全面创建阶段"]
    assert [t.code for t in plan.tasks] == ["四.(一).1", "四.(一).2", "四.(二).1"]
    assert plan.tasks[0].title.startswith("2031年3月成立")  # ``1.2031年`` is item 1, not a decimal
    assert plan.tasks[0].deadline == date(2031, 3, 31)  # a step that opens with its month
    assert strings.W_TASKS_FROM_PHASES in messages(plan)


def test_requirements_that_name_units_below_a_short_heading_are_tasks() -> None:
    text = "\n".join(
        [
            "(九)检测体系健全。快检覆盖率达到100%。",
            "(十)宣传教育深入。群众知晓率达到90%以上。",
            "三、工作要求",
            "(一)压实责任。",
            "各县区政府和高新区管委会要加强组织领导。",
            "(二)加强督查。",
            "县食安办要每半年组织一次专项检查。",
        ]
    )
    plan = parse_plan(text)
    assert [t.title for t in plan.tasks] == ["压实责任", "加强督查"]
    assert units_of(plan) == [[("各县区政府", "lead"), ("高新区管委会", "lead")], [("县食安办", "lead")]]


def test_a_short_excerpt_with_headings_run_into_one_paragraph() -> None:
    text = (
        "某区创建文明城区宣传方案范文\n"
        "某区创建文明城区宣传方案为营造浓厚氛围,制定本方案。一、指导思想坚持以人民为中心,广泛动员群众参与创建工作,"
        "营造人人参与的良好氛围,推动精神文明建设再上新台阶。二、主要任务通过多种形式开展宣传,提高市民知晓率和参与率,"
        "形成持续集中的创建舆论氛围。(一)社会宣传1、印发倡议书。设计印制由区创建办负责,发放由各街道负责。"
        "2、设置公益广告。在主要道路设置公益广告牌。"
    )
    plan = parse_plan(text)
    assert plan.meta.title == "某区创建文明城区宣传方案"
    assert [t.code for t in plan.tasks] == ["二.(一).1", "二.(一).2"]


def test_an_item_whose_first_line_is_only_its_dates() -> None:
    text = "\n".join(
        [
            "三、活动内容及分工",
            "(一)深入开展计量服务",
            "1、5月15日—5月20日",
            "组织商场、超市座谈,签订诚信计量承诺书(责任部门:计量科、法规科);",
            "2、5月20日",
            "在城区设立宣传咨询点(责任部门:计量科)。",
        ]
    )
    plan = parse_plan(text)
    assert [t.title for t in plan.tasks] == ["5月15日—5月20日组织商场、超市座谈,签订诚信计量承诺书", "5月20日在城区设立宣传咨询点"]
    assert units_of(plan)[0] == [("计量科", "lead"), ("法规科", "co")]


def test_a_title_among_a_pages_clutter() -> None:
    for line, title, doc_no in [
        ("首页>文章中心>正文青溪县质量提升行动方案", "青溪县质量提升行动方案", None),
        ("2031年4月26日青溪县应急责任落实工作方案", "青溪县应急责任落实工作方案", None),
        ("青溪县人民政府关于优化营商环境的实施意见(青政〔2031〕7号)", "青溪县人民政府关于优化营商环境的实施意见", "青政〔2031〕7号"),
    ]:
        plan = parse_plan(f"{line}\n一、工作任务\n(一)加强监管。(责任单位:县市场监管局)")
        assert (plan.meta.title, plan.meta.doc_no) == (title, doc_no)


def test_phases_one_after_another_inside_a_paragraph() -> None:
    text = (
        "青溪县农资打假专项行动方案\n"
        "专项行动分为三个阶段:第一阶段(2031年3月至4月)为动员部署阶段。各乡镇要制定方案。"
        "第二阶段(2031年5月至10月)为集中整治阶段。各部门开展检查。第三阶段(2031年11月至12月)为总结验收阶段。"
    )
    plan = parse_plan(text)
    assert [(p.name, p.start, p.end) for p in plan.phases] == [
        ("动员部署阶段", date(2031, 3, 1), date(2031, 4, 30)),
        ("集中整治阶段", date(2031, 5, 1), date(2031, 10, 31)),
        ("总结验收阶段", date(2031, 11, 1), date(2031, 12, 31)),
    ]


def test_units_the_ledger_knows_are_units_whatever_their_ending() -> None:
    text = "某县方案\n一、任务\n(一)畅通投诉渠道。(12345热线、县消保委)\n(二)做好粮食储备。(县粮食储备库)"
    assert units_of(parse_plan(text))[0] == []  # ``热线`` ends like no organisation
    known = parse_plan(text, frozenset({"12345热线"}))
    assert units_of(known) == [[("12345热线", "lead"), ("县消保委", "co")], [("县粮食储备库", "lead")]]


def test_an_excerpt_opening_on_the_previous_items_unit_line() -> None:
    text = "责任部门:县财政局、县审计局\n(三)加强资金监管。建立台账。(责任单位:县财政局)\n(四)开展绩效评价。\n责任部门:县审计局\n四、保障措施\n(一)加强领导。"
    plan = parse_plan(text)
    assert [t.title for t in plan.tasks] == ["加强资金监管", "开展绩效评价"]
    assert units_of(plan) == [[("县财政局", "lead")], [("县审计局", "lead")]]  # the leftover line is nobody's


def test_a_list_inside_a_units_brackets_is_part_of_its_name() -> None:
    plan = parse_plan("某市要点\n一、任务\n1.招大引强。\n责任单位:市招商办、各县(市、区)政府")
    assert units_of(plan) == [[("市招商办", "lead"), ("各县(市、区)政府", "co")]]
    assert not any("不像单位名称" in m for m in messages(plan))
