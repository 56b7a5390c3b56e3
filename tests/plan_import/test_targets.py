"""Numeric targets (指标)."""

from __future__ import annotations

import pytest

from store.importing.plan_import.targets import find_targets


def parsed(text: str) -> list[tuple[str, str, float, str, int | None]]:
    return [(t.metric, t.comparator, t.value, t.unit, t.year) for t in find_targets(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("合格率达到94%以上", [("合格率", ">=", 94, "%", None)]),
        ("建档率大于90%", [("建档率", ">", 90, "%", None)]),
        ("到2015年超过58%", [("", ">", 58, "%", 2015)]),
        ("城镇化率到2015年超过58%", [("城镇化率", ">", 58, "%", 2015)]),
        ("新增14个", [("新增", "+=", 14, "个", None)]),
        ("新增床位800张", [("新增床位", "+=", 800, "张", None)]),
        ("确保出口食品检验合格率到达99%以上", [("出口食品检验合格率", ">=", 99, "%", None)]),
        ("特种设备万台死亡率低于0.5‰", [("特种设备万台死亡率", "<", 0.5, "‰", None)]),
        ("投诉处理率不低于95%", [("投诉处理率", ">=", 95, "%", None)]),
        ("事故率控制在1%以内", [("事故率", "<=", 1, "%", None)]),
        ("全市环境空气PM2.5浓度比2013年下降7%", [("环境空气PM2.5浓度", "-=", 7, "%", None)]),
        ("采标率较上年提高1个百分点以上", [("采标率", "+=", 1, "百分点", None)]),
        (
            "对创建工作知晓率、支持率达80%以上",
            [("创建工作知晓率", ">=", 80, "%", None), ("支持率", ">=", 80, "%", None)],
        ),
        (
            "城市新开工保障房受监工程覆盖率(施工许可、报监等开工前手续办理齐全率)达到100%",
            [("城市新开工保障房受监工程覆盖率", ">=", 100, "%", None)],
        ),
        ("制修订地方标准规范2项以上", [("制修订地方标准规范", ">=", 2, "项", None)]),
        ("新增实施卓越绩效管理模式企业6家以上", [("新增实施卓越绩效管理模式企业", "+=", 6, "家", None)]),
    ],
)
def test_targets(text: str, expected: list[tuple[str, str, float, str, int | None]]) -> None:
    assert parsed(text) == expected


@pytest.mark.parametrize(
    "text",
    ["获批准后,3个月内制定计划", "拨打12315投诉", "出口商品境外通报比率低于全国平均水平", "2018年全面启动创建工作"],
)
def test_no_targets(text: str) -> None:
    assert parsed(text) == []


def test_target_json_value_is_int_when_whole() -> None:
    [target] = find_targets("合格率达到94%以上")
    assert target.to_json()["value"] == 94 and isinstance(target.to_json()["value"], int)
    [target] = find_targets("死亡率低于0.5‰")
    assert target.to_json()["value"] == 0.5
