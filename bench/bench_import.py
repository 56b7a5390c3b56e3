"""Time the plan importer: each seed plan, and ~1 MB synthetic documents (lines and one run-on line).

Run: ``.venv/bin/python bench/bench_import.py``. Targets: well under 0.1 s for a 50-task plan, a few
seconds for 1 MB. Prints a table; asserts nothing.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from store.importing.plan_import import parse_plan, read_document  # noqa: E402
from store.importing.plan_import.structure import marker_label  # noqa: E402


def seeds_dir() -> Path:
    env = os.environ.get("TAIZHANG_SEEDS")
    return Path(env) if env else ROOT.parent / "shared" / "seeds"


UNITS = ["县市监局", "县发改局", "县财政局", "县住建局", "各乡(镇)人民政府", "街道办事处", "县教育局", "县农业局"]
SECTION_TITLES = ["夯实质量基础", "提升产品质量", "提高工程质量", "改善服务质量", "优化环境质量", "推进品牌建设"]


def synthetic_plan(target_bytes: int = 1_000_000) -> str:
    """A plausible plan of about ``target_bytes`` UTF-8 bytes: chapters, sections, tasks with units,
    deadlines, recurrences and targets, plus a phase chapter."""
    head = [
        "某县人民政府办公室关于印发某县质量强县工作方案的通知",
        "某政办发〔2019〕12号",
        "各乡(镇)人民政府,县直各部门:",
        "现将《某县质量强县工作方案》印发给你们,请认真贯彻执行。",
        "某县人民政府办公室",
        "2019年3月1日",
        "某县质量强县工作方案",
        "一、指导思想",
        "坚持质量第一、效益优先,推动高质量发展。",
    ]
    lines = list(head)
    # Ten task chapters of ten sections; items per section grow until the size is reached (real plans
    # have fewer than twenty chapters, and a run-on document is split by continuing the numbering).
    per_task = 260
    items = max(1, target_bytes // (10 * 10 * per_task))
    task_no = 0
    for chapter in range(2, 12):
        lines.append(f"{marker_label('cn', chapter)}、主要任务")
        for section in range(1, 11):
            lines.append(f"{marker_label('pcn', section)}{SECTION_TITLES[section % len(SECTION_TITLES)]}")
            for item in range(1, items + 1):
                task_no += 1
                lead, co = UNITS[task_no % len(UNITS)], UNITS[(task_no + 3) % len(UNITS)]
                lines.append(
                    f"{item}.加快推进第{task_no}项质量提升工作。建立健全质量工作机制,每季度召开一次联席会议,"
                    f"产品质量监督抽查合格率达到9{task_no % 10}%以上,新增{task_no % 20 + 1}个示范企业,"
                    f"2020年6月底前完成。(牵头单位:{lead};配合单位:{co}、各有关成员单位等)"
                )
    chapter = 12
    lines += [
        f"{marker_label('cn', chapter)}、实施步骤",
        "(一)动员部署阶段(2019年3月至4月)。制定方案。",
        "(二)组织创建阶段(2019年5月至2020年10月)。全面实施。",
        "(三)总结验收阶段(2020年11月至12月)。总结验收。",
    ]
    return "\n".join(lines)


def timed(run: Callable[[], object], repeat: int) -> tuple[float, object]:
    times: list[float] = []
    result: object = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    rows: list[tuple[str, int, int, float]] = []
    parse_plan("预热")  # OpenCC and regex set-up are one-off costs, not per document
    folder = seeds_dir()
    seeds = sorted(folder.glob("*_*.txt")) if folder.is_dir() else []
    if not seeds:
        print(f"(no seeds in {folder}; set TAIZHANG_SEEDS)")
    for path in seeds:
        text = read_document(path)
        seconds, plan = timed(partial(parse_plan, text), 20)
        rows.append((path.name[:24], len(text.encode("utf-8")), len(getattr(plan, "tasks", [])), seconds))
    big = synthetic_plan()
    seconds, plan = timed(partial(parse_plan, big), 3)
    rows.append(("synthetic ~1 MB, lines", len(big.encode("utf-8")), len(getattr(plan, "tasks", [])), seconds))
    run_on = big.replace("\n", "")
    seconds, plan = timed(partial(parse_plan, run_on), 3)
    rows.append(("synthetic ~1 MB, one line", len(run_on.encode("utf-8")), len(getattr(plan, "tasks", [])), seconds))

    print(f"{'document':28s} {'bytes':>10s} {'tasks':>6s} {'seconds':>9s} {'ms/task':>8s}")
    print("-" * 65)
    for name, size, tasks, secs in rows:
        per_task = secs * 1000 / tasks if tasks else float("nan")
        print(f"{name:28s} {size:>10,d} {tasks:>6d} {secs:>9.4f} {per_task:>8.3f}")


if __name__ == "__main__":
    main()
