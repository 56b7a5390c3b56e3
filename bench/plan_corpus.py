"""Score the plan importer against hand-labelled real plans (``*.labels.json`` beside each text).

Run: ``.venv/bin/python bench/plan_corpus.py [FOLDER ...] [-v]``; by default the seeds and the
development corpus in ``../shared``. A task matches a labelled one by the first eight characters of its
title (punctuation and spaces removed); its units must then be exactly the labelled names in order,
with the labelled roles. Phases match on name (first six characters, or one name inside the other), start and end. Prints a table;
asserts nothing (``tests/plan_import/test_corpus.py`` holds the assertions).
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from store.importing.plan_import import ParsedPlan, Task, parse_plan, read_document  # noqa: E402

_PUNCT = re.compile(r"[\s\u3000,，。、;；:：!！?？“”\"'‘’()（）《》〈〉【】\[\]<>·…—\-.]")


def key(title: str, length: int = 8) -> str:
    text = unicodedata.normalize("NFKC", title)
    return _PUNCT.sub("", text)[:length]


def labelled_units(task: dict[str, Any]) -> list[tuple[str, str]]:
    lead = task.get("lead")
    leads = set(lead if isinstance(lead, list) else [lead] if lead else [])
    return [(name, "lead" if name in leads else "co") for name in task.get("units", [])]


def parsed_units(task: Task) -> list[tuple[str, str]]:
    return [(u.name, u.role) for u in task.units]


def same_phase_name(parsed: str, labelled: str) -> bool:
    """Same first six characters, or the parsed name is part of the labelled one (``第一阶段:宣传发动``
    labelled, ``宣传发动`` parsed), or the other way round."""
    a, b = key(parsed, 40), key(labelled, 40)
    return a[:6] == b[:6] or (len(a) >= 2 and a in b) or (len(b) >= 2 and b in a)


@dataclass
class Score:
    name: str
    tasks: int = 0
    found: int = 0
    units_exact: int = 0
    phases: int = 0
    phases_exact: int = 0
    deadlines: int = 0
    deadlines_exact: int = 0
    meta: int = 0
    meta_exact: int = 0
    misses: list[str] = field(default_factory=list)


def match(labelled: dict[str, Any], tasks: list[Task], used: set[int]) -> Task | None:
    wanted = key(labelled["title"])
    for task in tasks:
        if id(task) not in used and key(task.title) == wanted:
            return task
    # A label's title may be shorter than eight characters after cleaning.
    for task in tasks:
        if id(task) not in used and wanted and key(task.title, 40).startswith(wanted):
            return task
    return None


def score(label_path: Path) -> tuple[Score, ParsedPlan]:
    labels = json.loads(label_path.read_text(encoding="utf-8"))
    plan = parse_plan(read_document(label_path.parent / labels["seed"]))
    result = Score(label_path.name.split(".")[0])
    used: set[int] = set()
    for wanted in labels.get("tasks", []):
        result.tasks += 1
        task = match(wanted, plan.tasks, used)
        if task is None:
            result.misses.append(f"  缺任务 {wanted['title'][:20]}")
            continue
        used.add(id(task))
        result.found += 1
        if parsed_units(task) == labelled_units(wanted):
            result.units_exact += 1
        else:
            result.misses.append(f"  单位 {wanted['title'][:12]}: {parsed_units(task)} ≠ {labelled_units(wanted)}")
        if wanted.get("deadline"):
            result.deadlines += 1
            got = task.deadline.isoformat() if task.deadline else None
            if got == wanted["deadline"]:
                result.deadlines_exact += 1
            else:
                result.misses.append(f"  时限 {wanted['title'][:12]}: {got} ≠ {wanted['deadline']}")
    for field_name in ("title", "issuer", "doc_no", "issued"):
        wanted_value = labels.get(field_name)
        if wanted_value is None:
            continue
        result.meta += 1
        got_value = getattr(plan.meta, field_name)
        got_text = got_value.isoformat() if hasattr(got_value, "isoformat") else got_value
        if field_name == "title" and got_text:
            same = key(got_text, 99) == key(wanted_value, 99)
        else:
            same = got_text == wanted_value
        if same:
            result.meta_exact += 1
        else:
            result.misses.append(f"  {field_name}: {got_text} ≠ {wanted_value}")
    for phase in labels.get("phases", []):
        result.phases += 1
        got = [
            p for p in plan.phases
            if same_phase_name(p.name, phase["name"])
            and (p.start.isoformat() if p.start else None) == phase.get("start")
            and (p.end.isoformat() if p.end else None) == phase.get("end")
        ]  # fmt: skip
        if got:
            result.phases_exact += 1
        else:
            have = [(p.name, p.start, p.end) for p in plan.phases]
            result.misses.append(f"  阶段 {phase} not in {have}")
    return result, plan


def main(argv: list[str]) -> None:
    verbose = "-v" in argv
    folders = [Path(a) for a in argv if not a.startswith("-")] or [
        ROOT.parent / "shared" / "seeds",
        ROOT.parent / "shared" / "plans",
    ]
    total = Score("合计")
    empty = 0
    for folder in folders:
        for path in sorted(folder.glob("*.labels.json")):
            result, plan = score(path)
            if result.tasks and not plan.tasks:
                empty += 1
            print(
                f"{result.name:24} tasks {result.found:3}/{result.tasks:<3} units {result.units_exact:3}"
                f" phases {result.phases_exact}/{result.phases} deadlines {result.deadlines_exact}/{result.deadlines}"
                f" meta {result.meta_exact}/{result.meta}"
                f" (parsed {len(plan.tasks)})"
            )
            if verbose:
                print("\n".join(result.misses))
            for name in ("tasks", "found", "units_exact", "phases", "phases_exact", "deadlines", "deadlines_exact", "meta", "meta_exact"):
                setattr(total, name, getattr(total, name) + getattr(result, name))
    pct = lambda a, b: f"{100 * a / b:.0f}%" if b else "-"  # noqa: E731
    print(
        f"\ntasks {total.found}/{total.tasks} ({pct(total.found, total.tasks)}), units exact"
        f" {total.units_exact}/{total.found} ({pct(total.units_exact, total.found)}), phases"
        f" {total.phases_exact}/{total.phases}, deadlines {total.deadlines_exact}/{total.deadlines}, metadata"
        f" {total.meta_exact}/{total.meta},"
        f" labelled texts with no tasks: {empty}"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
