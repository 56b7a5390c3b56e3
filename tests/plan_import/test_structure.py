"""Numbering levels, the outline tree, run-on documents."""

from __future__ import annotations

import pytest

from store.importing.plan_import.normalise import Line
from store.importing.plan_import.structure import (
    build_tree,
    first_sentence,
    is_run_on,
    marker_label,
    match_marker,
    split_run_on,
)


def lines(*texts: str) -> list[Line]:
    return [Line(t, t, i + 1) for i, t in enumerate(texts)]


@pytest.mark.parametrize(
    ("text", "kind", "number"),
    [
        ("一、指导思想", "cn", 1),
        ("十二、其他", "cn", 12),
        ("(三)夯实基础", "pcn", 3),
        ("三)夯实基础", "pcn", 3),
        ("1.加快规划", "num", 1),
        ("17. 将争创工作纳入考评", "num", 17),
        ("2、建立标准体系", "num", 2),
        ("(4)加强监管", "pnum", 4),
        ("4)加强监管", "pnum", 4),
        ("③开展检查", "circ", 3),
        ("第二部分 主要任务", "part", 2),
        ("第三章 保障措施", "part", 3),
    ],
)
def test_markers(text: str, kind: str, number: int) -> None:
    marker = match_marker(text)
    assert marker is not None and (marker.kind, marker.number) == (kind, number)


@pytest.mark.parametrize(
    "text",
    ["2018年全面启动", "1.5万元", "一、二级企业", "一是加强领导", "3个月内", "(2018年1月至9月)", "(责任单位:县市监局)", "十八大以来"],
)
def test_not_markers(text: str) -> None:
    assert match_marker(text) is None


def test_marker_labels() -> None:
    assert marker_label("cn", 4) == "四"
    assert marker_label("pcn", 10) == "(十)"
    assert marker_label("pcn", 12) == "(十二)"
    assert marker_label("cn", 21) == "二十一"
    assert marker_label("num", 3) == "3"
    assert marker_label("circ", 2) == "②"


def test_tree_levels() -> None:
    root = build_tree(
        lines(
            "标题",
            "一、工作任务",
            "(一)夯实基础",
            "1.加快规划。",
            "继续一行。",
            "(1)子项",
            "2.建立体系。",
            "(二)提升质量",
            "1.第一项。",
            "二、保障措施",
        )
    )
    assert [line.text for line in root.lines] == ["标题"]
    chapters = root.children
    assert [(c.label, c.head) for c in chapters] == [("一", "工作任务"), ("二", "保障措施")]
    sections = chapters[0].children
    assert [s.label for s in sections] == ["(一)", "(二)"]
    items = sections[0].children
    assert [i.label for i in items] == ["1", "2"]
    assert items[0].own_text() == "加快规划。\n继续一行。"
    assert items[0].children[0].label == "(1)"
    assert items[0].full_text() == "加快规划。\n继续一行。\n(1)子项"


def test_stray_low_marker_does_not_swallow_chapters() -> None:
    root = build_tree(lines("1.通知事项", "一、总体要求", "(一)目标", "二、任务"))
    assert [n.kind for n in root.children] == ["num", "cn", "cn"]


def test_first_sentence_respects_brackets() -> None:
    assert first_sentence("加快规划。制定出台") == "加快规划"
    assert first_sentence("出台全市质量发展规划;") == "出台全市质量发展规划"
    assert first_sentence("在贯彻《纲要(2011—2020年)》。后面") == "在贯彻《纲要(2011—2020年)》"
    assert first_sentence("推进“标准。强市”建设。构建") == "推进“标准。强市”建设"


def test_run_on_detection() -> None:
    assert not is_run_on(lines("一、任务", "1.加快规划。"))
    assert is_run_on(lines("x" * 3500))
    assert is_run_on(lines("一" * 800, "二" * 800))


def test_split_run_on_single_line() -> None:
    text = (
        "为推进质量工作,制定本方案。一、指导思想 坚持质量第一,统一、协调推进。二、工作任务(一)制定规划"
        "1.加快质量发展规划的制定。制定出台规划。(责任单位:县市监局、县发改局)2.加大财政支持。"
        "按原则安排经费,达到1.5倍。(责任单位:县财政局)(二)建设质量文化1.加大宣传力度。(责任单位:县外宣办)"
        "三、保障措施(一)加强组织领导。成立领导小组。"
    ) * 1
    pieces = [line.text for line in split_run_on(lines(text + "。" * 200))]
    starts = [p[:6] for p in pieces]
    assert "一、指导思想"[:6] in starts
    assert any(p.startswith("(一)制定规划") for p in pieces)
    assert any(p.startswith("1.加快质量发展") for p in pieces)
    assert any(p.startswith("2.加大财政支持") for p in pieces)
    assert any(p.startswith("(二)建设质量文化") for p in pieces)
    assert any(p.startswith("三、保障措施") for p in pieces)
    # not split: 统一、 (a word), 1.5 (a number)
    assert not any(p.startswith(("一、协调", "5倍")) for p in pieces)
    tree = build_tree(split_run_on(lines(text + "。" * 200)))
    assert [c.label for c in tree.children] == ["一", "二", "三"]
    assert [len(s.children) for s in tree.children[1].children] == [2, 1]


def test_split_keeps_original_aligned() -> None:
    simplified = "前言。" * 100 + "一、任务(一)制定规划1.加快规划。"
    original = "前言。" * 100 + "一、任務(一)制定規劃1.加快規劃。"
    pieces = split_run_on([Line(simplified, original, 1)])
    assert [p.original for p in pieces][-3:] == ["一、任務", "(一)制定規劃", "1.加快規劃。"]
