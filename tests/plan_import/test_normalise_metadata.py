"""Text clean-up (NFKC, pinyin, script, clutter, damage) and the plan's metadata."""

from __future__ import annotations

from datetime import date

import pytest

from store.importing.plan_import import parse_plan
from store.importing.plan_import.metadata import normalise_doc_no
from store.importing.plan_import.normalise import (
    classify,
    find_suspicious,
    nfkc,
    prepare,
    strip_pinyin,
    to_simplified,
)


def test_nfkc_keeps_circled_numbers() -> None:
    assert nfkc("（一）①，；：") == "(一)①,;:"
    assert nfkc("１．加快") == "1.加快"
    assert nfkc("⑴⒈") == "(1)1."


def test_pinyin_annotations_removed() -> None:
    text, removed = strip_pinyin("各鄉(xiāng)(鎮(zhèn))人民政府")
    assert text == "各鄉(鎮)人民政府" and len(removed) == 2
    assert strip_pinyin("危害分析(HACCP)")[0] == "危害分析(HACCP)"
    assert strip_pinyin("良好农业规范(GAP)")[0] == "良好农业规范(GAP)"
    assert strip_pinyin("服务(app)")[0] == "服务(app)"
    # toneless syllables only go in a document that is visibly annotated
    assert strip_pinyin("的(de)", need_tone=False)[0] == "的"
    assert strip_pinyin("的(de)")[0] == "的(de)"


def test_traditional_to_simplified() -> None:
    assert to_simplified("師宗縣創建全國質量強市示範城市工作方案") == "师宗县创建全国质量强市示范城市工作方案"
    assert to_simplified("already ascii") == "already ascii"


def test_prepare_keeps_original_and_line_numbers() -> None:
    prepared = prepare("標題\n\n一、工作任務(zhì)\n")
    assert [(line.text, line.original, line.lineno) for line in prepared.all_lines] == [
        ("标题", "標題", 1),
        ("一、工作任务", "一、工作任務", 3),
    ]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("對當?shù)刭|量現狀", "question"),
        ("質量\ufffd發展", "replacement"),
        ("鍙戝竷鏃堕棿", "mojibake"),
        ("è´¨é‡\u008f", "mojibake"),
    ],
)
def test_suspicious(line: str, kind: str) -> None:
    assert kind in {s.kind for s in find_suspicious(line)}


def test_not_suspicious() -> None:
    assert find_suspicious("质量工作怎么样?") == []
    assert find_suspicious("加快规划,达到95%以上。") == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("您现在的位置:首页 > 政务公开 > 政策文件", "clutter"),
        ("> 政务公开 > 政策文件 > 市府办文件", "clutter"),
        ("• 索引号:", "meta"),
        ("发布日期:2015-07-01", "meta"),
        ("【打印本页】", "clutter"),
        ("关闭窗口", "clutter"),
        ("附件下载:乐政办发〔2015〕31号.aip", "clutter"),
        ("抄送:市委各部门,市人大、政协办公室。", "copy_to"),
        ("乐清市人民政府办公室 2015年6月17日印发", "printed"),
        ("(此件公开发布)", "clutter"),
        ("— 3 —", "clutter"),
        ("字体:[大 中 小]", "clutter"),
        ("1.加快规划的制定。", "body"),
        ("(一)加强组织领导。", "body"),
    ],
)
def test_clutter(text: str, kind: str) -> None:
    assert classify(text) == kind


def test_web_clutter_is_ignored_and_its_fields_used() -> None:
    page = "\n".join(
        [
            "您现在的位置:首页",
            " > 政务公开 > 政策文件",
            "某市人民政府办公室关于印发某市质量提升行动计划的通知",
            "  • 索引号:",
            "  • 001008/2015-01202",
            "  • 文号:",
            "  • 某政办发[2016]7号",
            "  • 发布日期:",
            "  • 2016-03-02",
            "某市质量提升行动计划",
            "一、重点任务",
            "(一)加强质量基础。(责任单位:市市场监管局)",
            "(二)提升产品质量。(责任单位:市经信局)",
            "打印本页 关闭窗口",
        ]
    )
    plan = parse_plan(page)
    assert plan.meta.title == "某市质量提升行动计划"
    assert plan.meta.doc_no == "某政办发〔2016〕7号"
    assert plan.meta.issuer == "某市人民政府办公室"
    assert plan.meta.issued == date(2016, 3, 2)
    assert [t.title for t in plan.tasks] == ["加强质量基础", "提升产品质量"]
    assert all("打印" not in t.text for t in plan.tasks)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("杭政办函〔2013〕98号", "杭政办函〔2013〕98号"),
        ("宜政发[2012]92号", "宜政发〔2012〕92号"),
        ("宜政发［2012］92号", "宜政发〔2012〕92号"),
        ("乐政办发(2015)31号", "乐政办发〔2015〕31号"),
        ("乐政办发【2015】31号", "乐政办发〔2015〕31号"),
        ("国办发 〔2015〕 19 号", "国办发〔2015〕19号"),
        ("没有文号", None),
    ],
)
def test_doc_numbers(text: str, expected: str | None) -> None:
    assert normalise_doc_no(nfkc(text)) == expected


NOTICE = """某县人民政府办公室关于印发某县
质量强县工作实施方案的通知
某政办发［2012］92号
各乡（镇）人民政府，县直各部门：
    《某县质量强县工作实施方案》已经县人民政府同意，现印发给你们，请认真贯彻执行。
某县人民政府办公室
二○一二年五月二十七日
某县质量强县工作实施方案
为贯彻落实……制定本方案。
一、工作任务
（一）加强质量基础。（责任单位：县市监局）
"""


def test_notice_metadata() -> None:
    plan = parse_plan(NOTICE)
    assert plan.meta.title == "某县质量强县工作实施方案"
    assert plan.meta.issuer == "某县人民政府办公室"
    assert plan.meta.doc_no == "某政办发〔2012〕92号"
    assert plan.meta.issued == date(2012, 5, 27)
    assert plan.meta.year is not None


def test_signature_at_the_end_and_cited_numbers_ignored() -> None:
    text = (
        "某县质量兴县行动计划\n根据《意见》(国发〔2012〕9号)精神,制定本计划。\n一、主要任务\n"
        "(一)加强监管。(责任单位:县市监局)\n二、保障措施\n加强领导。\n某县人民政府\n2019年3月1日\n"
    )
    plan = parse_plan(text)
    assert plan.meta.doc_no is None
    assert (plan.meta.issuer, plan.meta.issued) == ("某县人民政府", date(2019, 3, 1))
    assert plan.meta.title == "某县质量兴县行动计划"
    assert "2019年3月1日" not in plan.to_json()["tasks"][0]["text"]


def test_government_site_header_fields() -> None:
    page = "\n".join(
        [
            "无障碍 | 长者版",
            "当前位置: 首页>政府信息公开>市委(办)文件",
            "索 引 号:640100-000/2019-00015 效力状态:有效",
            "发布机构:某市委办公室 成文日期:2019-02-22",
            "责任部门:市市场监督管理局 发布日期:2019-02-25",
            "名 称:中共某某市委某某市人民政府关于印发《某某市质量强市实施方案》的通知",
            "中共某某市委某某市人民政府关于印发《某某市质量强市实施方案》的通知",
            "《某某市质量强市实施方案》已经市委常委会会议研究同意,现印发给你们,请认真组织实施。",
            "中共某某市委员会  某某市人民政府",
            "2019222",
            "某某市质量强市实施方案",
            "一、重点任务",
            "(一)提升产品质量。(责任单位:市市场监管局、市工信局)",
            "(二)提升工程质量。(责任单位:市住建局)",
        ]
    )
    plan = parse_plan(page)
    assert plan.meta.title == "某某市质量强市实施方案"
    assert plan.meta.issuer == "中共某某市委 某某市人民政府"
    assert plan.meta.issued == date(2019, 2, 22)  # 成文日期, since the signed date is garbled
    assert [t.title for t in plan.tasks] == ["提升产品质量", "提升工程质量"]
    assert not any("市市场监督管理局" == u.name for t in plan.tasks for u in t.units)


def test_notice_signed_with_a_date_only() -> None:
    text = "\n".join(
        [
            "某政办发〔2011〕187号",
            "各县(区)人民政府:",
            "《某市推进质量振兴工作方案》已经市政府同意,现予印发,请认真贯彻执行。",
            "二〇一一年六月二十八日",
            "<此件公开发布>",
            "某市推进质量振兴工作方案",
            "一、主要任务",
            "(一)推进品牌战略。(牵头单位:市质监局,各县区政府)",
        ]
    )
    plan = parse_plan(text)
    assert (plan.meta.title, plan.meta.doc_no, plan.meta.issued) == (
        "某市推进质量振兴工作方案",
        "某政办发〔2011〕187号",
        date(2011, 6, 28),
    )
    assert [(u.name, u.role) for u in plan.tasks[0].units] == [("市质监局", "lead"), ("各县区政府", "lead")]
