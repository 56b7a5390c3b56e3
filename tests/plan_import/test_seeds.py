"""The three seed plans against their hand-made labels (``/work/shared/seeds/*.labels.json``)."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from store.importing.plan_import import ParsedPlan, Task, parse_plan, read_document
from tests.conftest import shared_folder

SEEDS = shared_folder("seeds", "TAIZHANG_SEEDS")
LABELS = sorted(SEEDS.glob("*.labels.json")) if SEEDS.is_dir() else []

pytestmark = pytest.mark.skipif(
    not LABELS, reason=f"seed folder {SEEDS} is absent (set TAIZHANG_SEEDS to the folder with *.labels.json)"
)


TRAILING = "。;;,,.:"


def norm_title(text: str) -> str:
    """Titles compare without whitespace, with NFKC punctuation and no trailing full stop."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\s+", "", text)
    return text.rstrip(TRAILING)


def _load(label_path: Path) -> tuple[dict[str, Any], ParsedPlan]:
    labels = json.loads(label_path.read_text(encoding="utf-8"))
    text = read_document(SEEDS / labels["seed"])
    return labels, parse_plan(text)


@pytest.fixture(scope="module", params=LABELS, ids=lambda p: p.name.split(".")[0])
def seed(request: pytest.FixtureRequest) -> tuple[dict[str, Any], ParsedPlan]:
    return _load(request.param)


def _match(labelled: dict[str, Any], tasks: list[Task]) -> Task | None:
    wanted = norm_title(labelled["title"])
    for task in tasks:
        if norm_title(task.title) == wanted and task.section == labelled["section"] and task.item == labelled["item"]:
            return task
    return None


def test_metadata(seed: tuple[dict[str, Any], ParsedPlan]) -> None:
    labels, plan = seed
    data = plan.to_json()["plan"]
    assert data["title"] == labels["title"]
    assert data["issuer"] == labels["issuer"]
    assert data["doc_no"] == labels["doc_no"]
    assert data["issued"] == labels["issued"]


def test_every_labelled_task_is_found(seed: tuple[dict[str, Any], ParsedPlan]) -> None:
    labels, plan = seed
    missing = [t["title"] for t in labels["tasks"] if _match(t, plan.tasks) is None]
    assert missing == []
    # No invented tasks either: the task chapter holds exactly the labelled ones.
    assert len(plan.tasks) == len(labels["tasks"])
    assert plan.task_chapters == [labels["task_chapter"]]


def test_units_exact_and_in_order(seed: tuple[dict[str, Any], ParsedPlan]) -> None:
    labels, plan = seed
    wrong = []
    for labelled in labels["tasks"]:
        task = _match(labelled, plan.tasks)
        assert task is not None, labelled["title"]
        names = [u.name for u in task.units]
        if names != labelled["units"] or task.lead != labelled["lead"]:
            wrong.append((labelled["title"], names, labelled["units"]))
    assert wrong == []


def test_roles_are_lead_then_co(seed: tuple[dict[str, Any], ParsedPlan]) -> None:
    _, plan = seed
    for task in plan.to_json()["tasks"]:
        roles = [u["role"] for u in task["units"]]
        assert roles == (["lead"] + ["co"] * (len(roles) - 1) if roles else [])


def test_phases_with_dates(seed: tuple[dict[str, Any], ParsedPlan]) -> None:
    labels, plan = seed
    got = [{"name": p["name"], "start": p["start"], "end": p["end"]} for p in plan.to_json()["phases"]]
    assert got == labels["phases"]


def test_json_shape(seed: tuple[dict[str, Any], ParsedPlan]) -> None:
    _, plan = seed
    data = json.loads(json.dumps(plan.to_json(), ensure_ascii=False))
    assert set(data) >= {"plan", "phases", "tasks", "warnings"}
    assert set(data["plan"]) >= {"title", "issuer", "doc_no", "issued"}
    for phase in data["phases"]:
        assert set(phase) >= {"name", "start", "end"}
    for task in data["tasks"]:
        assert set(task) >= {"code", "section", "title", "text", "units", "phase", "deadline", "recurrence", "targets"}
        for target in task["targets"]:
            assert set(target) >= {"metric", "comparator", "value", "unit", "year"}
    for warning in data["warnings"]:
        assert set(warning) >= {"where", "message"}


def test_000_traditional_pinyin_and_mojibake() -> None:
    path = next((p for p in LABELS if p.name.startswith("000")), None)
    if path is None:
        pytest.skip("seed 000 absent")
    _, plan = _load(path)
    task = plan.tasks[0]
    assert "乡" in task.text and "(xiāng)" not in task.text
    assert "鄉" in task.original  # the traditional wording is kept
    assert plan.main_phase is not None and plan.main_phase.name == "组织创建阶段"
    assert all(t.phase == "组织创建阶段" for t in plan.tasks)
    suspicious = [w for w in plan.warnings if "可疑字符" in w.message]
    assert suspicious and suspicious[0].line == 19
    assert any("重复" in w.message and "四.(十).3" in w.where for w in plan.warnings)
    by_title = {t.title: t for t in plan.tasks}
    assert by_title["深入开展质量月活动"].recurrence == "FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=-1"
    assert by_title["为实施质量发展规划提供组织保障"].recurrence == "FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=-1"
    targets = by_title["建立完善的质量诚信体系"].targets
    assert [(t.metric, t.comparator, t.value, t.unit) for t in targets] == [
        ("建档率", ">", 90, "%"),
        ("建档率", ">", 80, "%"),
    ]


def test_001_phases_and_main() -> None:
    path = next((p for p in LABELS if p.name.startswith("001")), None)
    if path is None:
        pytest.skip("seed 001 absent")
    _, plan = _load(path)
    assert plan.main_phase is not None and plan.main_phase.name == "创建阶段"
    assert plan.meta.lead_office == "市质监局"
    assert "申报材料送国家质检总局" in plan.phases[0].description
    assert any("验收授牌阶段" in w.where for w in plan.warnings)


def test_003_unclosed_paren_warned() -> None:
    path = next((p for p in LABELS if p.name.startswith("003")), None)
    if path is None:
        pytest.skip("seed 003 absent")
    _, plan = _load(path)
    assert any("没有闭合" in w.message and "二.(四).4" in w.where for w in plan.warnings)
    assert plan.phases == []
    assert all(t.phase is None for t in plan.tasks)


def _to_full_width(text: str) -> str:
    # ASCII punctuation as the full-width forms Word and most sites use: （ ） ： ， ；
    table: dict[str, str | int | None] = {"(": "\uff08", ")": "\uff09", ":": "\uff1a", ",": "\uff0c", ";": "\uff1b"}
    return text.translate(str.maketrans(table))


def _to_traditional(text: str) -> str:
    import opencc

    return str(opencc.OpenCC("s2t").convert(text))


VARIANTS = {
    # the whole document on one line, paragraphs glued with nothing, a space, or an indent
    "one-line": lambda s: re.sub(r"\s*\n\s*", "", s),
    "one-line-spaces": lambda s: re.sub(r"\s*\n\s*", " ", s),
    "one-line-indents": lambda s: re.sub(r"\s*\n\s*", "\u3000\u3000", s),
    "full-width": _to_full_width,
    "traditional": _to_traditional,
    "crlf": lambda s: s.replace("\n", "\r\n"),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("label_path", LABELS, ids=lambda p: p.name.split(".")[0])
def test_seed_variants(label_path: Path, variant: str) -> None:
    """The seeds rewritten the ways documents arrive still give every task, unit, phase and field."""
    labels = json.loads(label_path.read_text(encoding="utf-8"))
    text = VARIANTS[variant](read_document(SEEDS / labels["seed"]))
    plan = parse_plan(text)
    data = plan.to_json()
    assert {k: data["plan"][k] for k in ("title", "issuer", "doc_no", "issued")} == {
        k: labels[k] for k in ("title", "issuer", "doc_no", "issued")
    }
    for labelled in labels["tasks"]:
        task = _match(labelled, plan.tasks)
        assert task is not None, labelled["title"]
        assert [u.name for u in task.units] == labelled["units"]
    assert len(plan.tasks) == len(labels["tasks"])
    assert [{"name": p["name"], "start": p["start"], "end": p["end"]} for p in data["phases"]] == labels["phases"]


@pytest.mark.parametrize("container", ["docx", "html-gbk", "txt-utf16", "txt-gbk"])
@pytest.mark.parametrize("label_path", LABELS, ids=lambda p: p.name.split(".")[0])
def test_seed_in_other_containers(label_path: Path, container: str, tmp_path: Path) -> None:
    """The same seeds saved as Word, as a GBK web page and as UTF-16/GBK text read back the same."""
    import html

    labels = json.loads(label_path.read_text(encoding="utf-8"))
    text = read_document(SEEDS / labels["seed"])
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if container == "docx":
        import docx

        document = docx.Document()
        for line in lines:
            document.add_paragraph(line)
        path = tmp_path / "plan.docx"
        document.save(str(path))
    elif container == "html-gbk":
        body = "".join(f"<p>{html.escape(line)}</p>\n" for line in lines)
        page = f'<html><head><meta charset="gbk"><title>x</title></head><body>{body}</body></html>'
        path = tmp_path / "plan.html"
        path.write_bytes(page.encode("gb18030"))
    elif container == "txt-utf16":
        path = tmp_path / "plan.txt"
        path.write_text(text, encoding="utf-16")
    else:
        path = tmp_path / "plan.txt"
        path.write_bytes(text.encode("gb18030"))
    plan = parse_plan(read_document(path))
    assert plan.meta.title == labels["title"]
    assert len(plan.tasks) == len(labels["tasks"])
    for labelled in labels["tasks"]:
        task = _match(labelled, plan.tasks)
        assert task is not None and [u.name for u in task.units] == labelled["units"]
