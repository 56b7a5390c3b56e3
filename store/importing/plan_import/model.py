"""The structured result of importing a plan: plain dataclasses plus their JSON shape.

``ParsedPlan.to_json()`` is read by other tools; its keys are a contract (see the package docstring).
Extra keys may be added, existing ones must not change meaning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

Role = Literal["lead", "co"]


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass
class PlanMeta:
    """The document's identity: 标题, 发文机关, 文号, 印发日期."""

    title: str | None = None
    issuer: str | None = None
    doc_no: str | None = None
    issued: date | None = None
    # The year relative dates (``6月底前``) fall in, when the text gives none.
    year: int | None = None
    # The office a plan names as its organiser (``由市质监局负责牵头组织实施``), if any.
    lead_office: str | None = None


@dataclass
class Phase:
    """A 阶段: a named span of dates; ``main`` marks the main implementation phase."""

    name: str
    start: date | None = None
    end: date | None = None
    description: str = ""
    main: bool = False
    code: str = ""
    line: int | None = None


@dataclass
class Section:
    """A ``(一)`` section (or a chapter) that holds tasks."""

    code: str
    title: str
    chapter: str = ""
    chapter_title: str = ""
    # Unique in the plan: the section's full code (``二.(一)``; a chapter's own ``二``). ``code`` is the
    # section's own number as labels write it (``一`` for ``(一)``), which repeats across chapters.
    key: str = ""

    @property
    def heading(self) -> str:
        """How the section is written: ``(一)夯实质量基础`` / ``二、主要任务`` / ``表1 …``."""
        own = self.key.rsplit(".", 1)[-1] if self.key else self.code
        if self.key and self.key == self.chapter and not own.startswith(("(", "表")):
            return f"{own}、{self.title}"
        return f"{own}{self.title}" if own.startswith("(") else f"{own} {self.title}".strip()


@dataclass
class UnitRef:
    """A responsible unit of a task, with its role (``lead`` 牵头 or ``co`` 配合)."""

    name: str
    role: Role = "co"


@dataclass
class Target:
    """A numeric target (指标): ``合格率达到94%以上`` → (合格率, >=, 94, %, None).

    ``comparator`` is one of ``>= > <= < =`` or ``+=`` (increase by / add at least) and ``-=`` (decrease by).
    """

    metric: str
    comparator: str
    value: float
    unit: str
    year: int | None = None
    text: str = ""

    def to_json(self) -> dict[str, Any]:
        """The target as JSON; a whole value is an int (94, not 94.0)."""
        value: float | int = int(self.value) if float(self.value).is_integer() else self.value
        return {
            "metric": self.metric,
            "comparator": self.comparator,
            "value": value,
            "unit": self.unit,
            "year": self.year,
            "text": self.text,
        }


@dataclass
class Task:
    """One task (工作任务) of the plan."""

    code: str
    section: str
    title: str
    text: str
    original: str = ""
    item: int | None = None
    units: list[UnitRef] = field(default_factory=list)
    phase: str | None = None
    deadline: date | None = None
    recurrence: str | None = None
    long_term: bool = False
    targets: list[Target] = field(default_factory=list)
    line: int | None = None
    section_key: str = ""  # the :attr:`Section.key` of its section

    @property
    def lead(self) -> str | None:
        """The first lead unit's name, if any."""
        for unit in self.units:
            if unit.role == "lead":
                return unit.name
        return None


@dataclass
class ImportWarning:
    """Something the clerk should check: ``where`` points at it (line or task), ``message`` says what."""

    where: str
    message: str
    line: int | None = None


@dataclass
class ParsedPlan:
    """Everything ``parse_plan`` found in one document."""

    meta: PlanMeta = field(default_factory=PlanMeta)
    phases: list[Phase] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)
    task_chapters: list[str] = field(default_factory=list)
    phase_chapter: str | None = None
    # A covering notice (印发…的通知) without the plan it covers: its details, and no tasks.
    notice_only: bool = False

    def warn(self, where: str, message: str, line: int | None = None) -> None:
        """Add a warning for the clerk (``where``: a line or task, ``message``: Chinese)."""
        self.warnings.append(ImportWarning(where, message, line))

    @property
    def start(self) -> date | None:
        """The plan's first day: the earliest phase start, else the year of a yearly plan."""
        starts = [p.start for p in self.phases if p.start]
        if starts:
            return min(starts)
        if self.meta.year and not self.phases and self.meta.title and str(self.meta.year) in self.meta.title:
            return date(self.meta.year, 1, 1)
        return None

    @property
    def end(self) -> date | None:
        """The plan's last day: the latest phase end, else the end of a yearly plan's year."""
        ends = [p.end for p in self.phases if p.end]
        if ends:
            return max(ends)
        if self.meta.year and not self.phases and self.meta.title and str(self.meta.year) in self.meta.title:
            return date(self.meta.year, 12, 31)
        return None

    @property
    def main_phase(self) -> Phase | None:
        """The main implementation phase (组织创建阶段…), if one was recognised."""
        for phase in self.phases:
            if phase.main:
                return phase
        return None

    def to_json(self) -> dict[str, Any]:
        """The agreed JSON shape (dates ``YYYY-MM-DD`` or null); extra keys are additions."""
        return {
            "plan": {
                "title": self.meta.title,
                "issuer": self.meta.issuer,
                "doc_no": self.meta.doc_no,
                "issued": _iso(self.meta.issued),
                "start": _iso(self.start),
                "end": _iso(self.end),
                "lead_office": self.meta.lead_office,
                "task_chapters": list(self.task_chapters),
                "phase_chapter": self.phase_chapter,
                "notice_only": self.notice_only,
            },
            "phases": [
                {
                    "name": p.name,
                    "start": _iso(p.start),
                    "end": _iso(p.end),
                    "main": p.main,
                    "description": p.description,
                }
                for p in self.phases
            ],
            "sections": [
                {"code": s.code, "key": s.key, "title": s.title, "chapter": s.chapter, "chapter_title": s.chapter_title}
                for s in self.sections
            ],
            "tasks": [
                {
                    "code": t.code,
                    "section": t.section,
                    "section_key": t.section_key,
                    "item": t.item,
                    "title": t.title,
                    "text": t.text,
                    "original": t.original,
                    "units": [{"name": u.name, "role": u.role} for u in t.units],
                    "phase": t.phase,
                    "deadline": _iso(t.deadline),
                    "recurrence": t.recurrence,
                    "long_term": t.long_term,
                    "targets": [g.to_json() for g in t.targets],
                    "line": t.line,
                }
                for t in self.tasks
            ],
            "warnings": [{"where": w.where, "message": w.message, "line": w.line} for w in self.warnings],
        }
