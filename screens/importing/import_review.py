"""导入工作方案, step two: the parsed plan as a tree, every warning beside what it concerns.

The clerk corrects tasks (title, units and roles, phase, deadline), phases (name, dates), the plan's
details and unit names (or links one to a unit already in the ledger), drops or merges items, then
saves: one transaction through store.importing.import_review / store.importing.importer. Esc goes back without writing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, Tree
from textual.widgets.tree import TreeNode

from screens.base import LedgerMixin
from screens.confirm import ConfirmScreen
from screens.importing.import_forms import ImportMetaForm, ImportPhaseForm, ImportTaskForm, ImportUnitForm
from store import strings
from store.errors import LedgerError
from store.importing.import_review import PLAN_DETAILS, ImportDraft, WarningOwner
from store.importing.plan_import.model import ImportWarning, Phase, Task
from store.work import rules
from store.work.tasks import Target

Kind = Literal["plan", "phase", "unit", "task", "group", "warning"]


@dataclass(frozen=True)
class Item:
    """What a tree line stands for; ``target`` is what Enter edits (a warning edits its owner)."""

    kind: Kind
    target: object = None


_WARN_STYLE = "yellow"
_DROPPED_STYLE = "dim strike"


def _tree_nodes(node: TreeNode[Item]) -> list[TreeNode[Item]]:
    """Every node under ``node``, in display order."""
    found: list[TreeNode[Item]] = []
    for child in node.children:
        found.append(child)
        found.extend(_tree_nodes(child))
    return found


def _same(a: object, b: object) -> bool:
    """The same draft item (tasks and phases by identity, unit names by value)."""
    return a is b or (isinstance(a, str) and a == b)


def _date(day: object) -> str:
    return day.isoformat() if hasattr(day, "isoformat") else strings.NODE_MISSING


class ImportReviewScreen(LedgerMixin, Screen[bool]):
    """Dismissed with True once the plan is saved, False when the clerk goes back."""

    CSS_PATH = "import.tcss"
    AUTO_FOCUS = "#import-tree"
    BINDINGS = [
        Binding("enter,e", "edit", strings.KEY_EDIT, id="import_review.edit", priority=True),
        Binding("d,delete", "drop", strings.KEY_DROP, id="import_review.drop"),
        Binding("m", "merge", strings.KEY_MERGE, id="import_review.merge"),
        Binding("w", "next_warning", strings.KEY_NEXT_WARNING, id="import_review.next_warning"),
        Binding("ctrl+s", "save", strings.KEY_SAVE, id="import_review.save", priority=True),
        Binding("escape", "back", strings.KEY_BACK, id="import_review.back"),
    ]

    def __init__(self, draft: ImportDraft) -> None:
        super().__init__()
        self.draft = draft

    unsaved_label = strings.UNSAVED_IMPORT  # what the quit question names

    @property
    def has_unsaved_changes(self) -> bool:
        """The app asks before quitting while this is true."""
        return self.draft.edited

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static("", id="import-summary")
        with Horizontal():
            tree: Tree[Item] = Tree("", id="import-tree")
            tree.show_root = False
            tree.guide_depth = 2
            yield tree
            with VerticalScroll(id="import-detail-scroll"):
                yield Static("", id="import-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.title = strings.IMPORT_REVIEW_TITLE.format(title=self.draft.plan.meta.title or strings.IMPORT_UNTITLED)
        self.sub_title = ""
        self.rebuild()

    # --- the tree -----------------------------------------------------------------------------------

    def rebuild(self, keep: object = None) -> None:
        """Draw the tree again from the draft; the cursor returns to ``keep`` (or where it was)."""
        tree: Tree[Item] = self.query_one("#import-tree", Tree)
        if keep is None and tree.cursor_node is not None and tree.cursor_node.data is not None:
            keep = tree.cursor_node.data.target
        collapsed = {
            (n.data.kind, id(n.data.target))
            for n in _tree_nodes(tree.root)
            if n.data is not None and n.children and not n.is_expanded
        }
        tree.clear()
        draft = self.draft
        owned = draft.warnings_by_owner()
        warnings_of: dict[int, list[ImportWarning]] = {}
        loose: list[ImportWarning] = []
        for owner, warning in owned:
            if owner is None:
                loose.append(warning)
            else:
                warnings_of.setdefault(id(owner), []).append(warning)

        self._add_plan(tree.root, warnings_of.get(id(PLAN_DETAILS), []))
        if loose:
            node = tree.root.add(
                Text(strings.NODE_DOCUMENT_WARNINGS.format(count=len(loose)), style=f"bold {_WARN_STYLE}"),
                Item("group", "warnings"), expand=True,
            )
            for warning in loose:
                self._add_warning(node, warning, None, with_where=True)
        self._add_phases(tree.root, warnings_of)
        self._add_units(tree.root)
        self._add_tasks(tree.root, warnings_of)

        for node in _tree_nodes(tree.root):
            if node.data is not None and node.children and (node.data.kind, id(node.data.target)) in collapsed:
                node.collapse()
        self._refresh_summary()
        target = next(
            (n for n in _tree_nodes(tree.root) if keep is not None and n.data is not None and _same(n.data.target, keep)),
            None,
        )
        # Lines are numbered when the tree is next laid out, so the cursor moves after that.
        self.call_after_refresh(self._place_cursor, target)

    def _place_cursor(self, node: TreeNode[Item] | None) -> None:
        tree: Tree[Item] = self.query_one("#import-tree", Tree)
        if node is not None:
            tree.move_cursor(node)
        elif tree.cursor_line < 0:
            tree.cursor_line = 0
        self._show_detail()

    def _add_warning(self, parent: TreeNode[Item], warning: ImportWarning, owner: WarningOwner, *, with_where: bool = False) -> None:
        text = (
            strings.NODE_WARNING_AT.format(where=warning.where, message=warning.message)
            if with_where
            else strings.NODE_WARNING.format(message=warning.message)
        )
        parent.add_leaf(Text(text, style=_WARN_STYLE), Item("warning", owner))

    def _add_plan(self, root: TreeNode[Item], warnings: list[ImportWarning]) -> None:
        meta = self.draft.plan.meta
        label = Text(strings.NODE_PLAN, style="bold")
        if warnings:
            label = Text.assemble(("⚠ ", _WARN_STYLE), label)
        node = root.add(label, Item("plan", PLAN_DETAILS), expand=True)
        for template, value in (
            (strings.NODE_META_TITLE, meta.title),
            (strings.NODE_META_ISSUER, meta.issuer),
            (strings.NODE_META_DOC_NO, meta.doc_no),
            (strings.NODE_META_ISSUED, meta.issued.isoformat() if meta.issued else None),
        ):
            node.add_leaf(
                Text(template.format(value=value or strings.NODE_MISSING), style="" if value else "dim"),
                Item("plan", PLAN_DETAILS),
            )
        for warning in warnings:
            self._add_warning(node, warning, PLAN_DETAILS)

    def _add_phases(self, root: TreeNode[Item], warnings_of: dict[int, list[ImportWarning]]) -> None:
        phases = self.draft.plan.phases
        node = root.add(
            Text(strings.NODE_PHASES.format(count=len(self.draft.kept_phases())), style="bold"),
            Item("group", "phases"), expand=True,
        )
        for phase in phases:
            dropped = self.draft.is_dropped(phase)
            warnings = warnings_of.get(id(phase), [])
            span = strings.PHASE_SPAN.format(start=_date(phase.start), end=_date(phase.end))
            label = Text.assemble(
                ("⚠ " if warnings else "", _WARN_STYLE),
                (phase.name, "bold" if phase.main else ""),
                "  ",
                (span, "cyan"),
                (f" {strings.NODE_MAIN_PHASE}" if phase.main else "", "green"),
                (strings.NODE_DROPPED if dropped else "", "red"),
            )
            if dropped:
                label.stylize(_DROPPED_STYLE)
            child = node.add(label, Item("phase", phase), expand=bool(warnings), allow_expand=bool(warnings))
            for warning in warnings:
                self._add_warning(child, warning, phase)

    def _add_units(self, root: TreeNode[Item]) -> None:
        names = self.draft.unit_names()
        new = set(self.draft.new_units(self.ledger))
        node = root.add(
            Text(strings.NODE_UNITS.format(count=len(names), new=len(new)), style="bold"),
            Item("group", "units"), expand=bool(new),
        )
        for name in names:
            count = len(self.draft.tasks_of(name))
            linked = self.draft.linked_name(self.ledger, name)
            if linked is not None:
                status = Text(strings.NODE_UNIT_LINKED.format(name=linked), style="green")
            elif name in new:
                status = Text(strings.NODE_UNIT_NEW, style="bold yellow")
            else:
                existing = self.draft.matched_name(self.ledger, name)
                status = Text(strings.NODE_UNIT_EXISTING.format(name=existing), style="green")
            node.add_leaf(
                Text.assemble(name, "  ", status, "  ", (strings.NODE_UNIT_TASKS.format(count=count), "dim")),
                Item("unit", name),
            )

    def _add_tasks(self, root: TreeNode[Item], warnings_of: dict[int, list[ImportWarning]]) -> None:
        plan = self.draft.plan
        node = root.add(
            Text(strings.NODE_TASKS.format(count=len(self.draft.kept_tasks())), style="bold"),
            Item("group", "tasks"), expand=True,
        )
        sections: dict[str, TreeNode[Item]] = {}
        headings = {s.key or s.code: s.heading for s in plan.sections}
        for task in plan.tasks:
            parent = node
            key = task.section_key or task.section
            if key:
                if key not in sections:
                    label = headings.get(key, key)
                    sections[key] = node.add(Text(label, style="bold cyan"), Item("group", key), expand=True)
                parent = sections[key]
            self._add_task(parent, task, warnings_of.get(id(task), []))

    def _add_task(self, parent: TreeNode[Item], task: Task, warnings: list[ImportWarning]) -> None:
        dropped = self.draft.is_dropped(task)
        label = Text.assemble(
            ("⚠ " if warnings else "", _WARN_STYLE),
            (task.code, "cyan"),
            " ",
            (task.title, "bold"),
            (strings.NODE_DROPPED if dropped else "", "red"),
        )
        if dropped:
            label.stylize(_DROPPED_STYLE)
        node = parent.add(label, Item("task", task), expand=not dropped)
        item = Item("task", task)
        if task.units:
            units_text = "、".join(u.name + (strings.LEAD_MARK if u.role == "lead" else "") for u in task.units)
            node.add_leaf(strings.NODE_TASK_UNITS.format(units=units_text), item)
        else:
            office = self.draft.plan.meta.lead_office
            fallback = strings.NODE_TASK_FALLBACK.format(name=office) if office else strings.NODE_TASK_FALLBACK_NONE
            node.add_leaf(Text(strings.NODE_TASK_NO_UNITS.format(fallback=fallback), style=_WARN_STYLE), item)
        deadline = (
            task.deadline.isoformat() if task.deadline
            else strings.NODE_TASK_LONG_TERM if task.long_term else strings.NO_DEADLINE
        )
        node.add_leaf(strings.NODE_TASK_PHASE.format(phase=task.phase or strings.NO_PHASE, deadline=deadline), item)
        if task.recurrence:
            node.add_leaf(strings.NODE_TASK_RECURRENCE.format(rule=rules.describe_rrule(task.recurrence)), item)
        for target in task.targets:
            label_text = Target(target.metric, target.comparator, target.value, target.unit, target.year).label
            node.add_leaf(strings.NODE_TASK_TARGET.format(target=label_text), item)
        for warning in warnings:
            self._add_warning(node, warning, task)

    # --- summary and detail ---------------------------------------------------------------------------

    def _refresh_summary(self) -> None:
        self.query_one("#import-summary", Static).update(
            Text.assemble((self._summary_line(), "bold"), "\n", self._change_line())
        )

    def _summary_line(self) -> str:
        draft = self.draft
        dropped = len(draft.plan.tasks) - len(draft.kept_tasks())
        return strings.IMPORT_SUMMARY_LINE.format(
            tasks=len(draft.kept_tasks()),
            dropped=strings.IMPORT_SUMMARY_DROPPED.format(count=dropped) if dropped else "",
            phases=len(draft.kept_phases()),
            units=len(draft.unit_names()),
            new=len(draft.new_units(self.ledger)),
            warnings=len(draft.plan.warnings),
        )

    def _change_line(self) -> str:
        if not self.draft.kept_tasks():
            return strings.ERR_IMPORT_NOTHING_KEPT
        preview = self.draft.preview(self.ledger)
        if not preview.updating:
            return strings.IMPORT_SUMMARY_NEW_PLAN
        return strings.IMPORT_SUMMARY_UPDATE.format(
            added=len(preview.added), changed=len(preview.changed), removed=len(preview.removed)
        )

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[Item]) -> None:
        self._show_detail()

    def _current(self) -> Item | None:
        node = self.query_one("#import-tree", Tree).cursor_node
        return node.data if node is not None else None

    def _show_detail(self) -> None:
        item = self._current()
        parts: list[Text] = []
        target = item.target if item else None
        owned = [w for owner, w in self.draft.warnings_by_owner() if target is not None and owner is target]
        if isinstance(target, Task):
            parts += [
                Text(target.code, style="cyan"), Text(target.title, style="bold"), Text(""),
                Text(strings.DETAIL_TEXT, style="bold cyan"), Text(target.text),
            ]
            if target.original and target.original != target.text:
                parts += [Text(""), Text(strings.DETAIL_ORIGINAL, style="bold cyan"), Text(target.original)]
            hint = strings.DETAIL_HINT_TASK
        elif isinstance(target, Phase):
            span = strings.PHASE_SPAN.format(start=_date(target.start), end=_date(target.end))
            parts += [Text(target.name, style="bold"), Text(span)]
            if target.description:
                parts += [Text(""), Text(strings.DETAIL_PHASE_DESCRIPTION, style="bold cyan"), Text(target.description)]
            hint = strings.DETAIL_HINT_PHASE
        elif item is not None and item.kind == "unit" and isinstance(target, str):
            parts += [Text(target, style="bold"), Text(""), Text(strings.DETAIL_UNIT_TASKS, style="bold cyan")]
            parts += [Text.assemble((t.code, "cyan"), "\n", t.title) for t in self.draft.tasks_of(target)]
            hint = strings.DETAIL_HINT_UNIT
        elif target is PLAN_DETAILS:
            parts += [Text(self.draft.plan.meta.title or strings.IMPORT_UNTITLED, style="bold")]
            hint = strings.DETAIL_HINT_PLAN
        else:
            hint = strings.IMPORT_REVIEW_KEYS
        if owned:
            parts += [Text(""), Text(strings.DETAIL_WARNINGS, style=f"bold {_WARN_STYLE}")]
            parts += [Text(w.message, style=_WARN_STYLE) for w in owned]
        parts += [Text(""), Text(hint, style="dim")]
        self.query_one("#import-detail", Static).update(Group(*parts))

    # --- actions ------------------------------------------------------------------------------------

    def action_edit(self) -> None:
        item = self._current()
        target = item.target if item else None
        if isinstance(target, Task):
            self.app.push_screen(ImportTaskForm(self.draft, target), self._after_edit(target))
        elif isinstance(target, Phase):
            self.app.push_screen(ImportPhaseForm(self.draft, target), self._after_edit(target))
        elif item is not None and item.kind == "unit" and isinstance(target, str):
            self.app.push_screen(ImportUnitForm(self.draft, target), self._after_edit(None))
        elif target is PLAN_DETAILS:
            self.app.push_screen(ImportMetaForm(self.draft), self._after_edit(PLAN_DETAILS))
        elif item is not None and item.kind == "group":
            node = self.query_one("#import-tree", Tree).cursor_node
            if node is not None:
                node.toggle()
        else:
            self.notify(strings.ERR_IMPORT_NOTHING_HERE, severity="warning")

    def _after_edit(self, keep: object) -> Callable[[int | None], None]:
        def edited(result: int | None) -> None:
            if result is not None:
                self.title = strings.IMPORT_REVIEW_TITLE.format(title=self.draft.plan.meta.title or strings.IMPORT_UNTITLED)
                self.rebuild(keep)
        return edited

    def action_drop(self) -> None:
        item = self._current()
        target = item.target if item else None
        if not isinstance(target, (Task, Phase)):
            self.notify(strings.ERR_DROP_NOT_ITEM, severity="warning")
            return
        dropped = self.draft.toggle_drop(target)
        name = target.title if isinstance(target, Task) else target.name
        self.notify((strings.IMPORT_DROPPED_NOTE if dropped else strings.IMPORT_RESTORED_NOTE).format(title=name))
        self.rebuild(target)

    def action_merge(self) -> None:
        item = self._current()
        target = item.target if item else None
        if not isinstance(target, Task):
            self.notify(strings.ERR_MERGE_NOT_TASK, severity="warning")
            return
        try:
            into = self.draft.merge_into_previous(target)
        except LedgerError as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify(strings.IMPORT_MERGED_NOTE.format(title=into.title))
        self.rebuild(into)

    def action_next_warning(self) -> None:
        tree: Tree[Item] = self.query_one("#import-tree", Tree)
        nodes = [n for n in _tree_nodes(tree.root) if n.data is not None and n.data.kind == "warning"]
        current = tree.cursor_line
        following = [n for n in nodes if n.line > current] or nodes
        if not following:
            self.notify(strings.IMPORT_NO_MORE_WARNINGS)
            return
        node = following[0]
        if node.parent is not None:
            node.parent.expand()
        tree.move_cursor(node)

    def action_save(self) -> None:
        draft = self.draft
        if not draft.kept_tasks():
            self.notify(strings.ERR_IMPORT_NOTHING_KEPT, severity="error")
            return
        new = draft.new_units(self.ledger)
        lines = [self._summary_line(), self._change_line()]
        if new:
            lines.append(strings.CONFIRM_IMPORT_NEW_UNITS.format(count=len(new), names="、".join(new)))
        question = strings.CONFIRM_IMPORT.format(
            title=draft.plan.meta.title or strings.IMPORT_UNTITLED, summary="\n".join(lines)
        )
        self.app.push_screen(ConfirmScreen(question, danger=False), self._confirmed)

    def _confirmed(self, yes: bool | None) -> None:
        if not yes:
            return
        try:
            report = self.draft.save(self.ledger)
        except LedgerError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.notify(
            strings.IMPORT_SAVED.format(
                title=self.draft.plan.meta.title or strings.IMPORT_UNTITLED,
                added=len(report.added), changed=len(report.changed), removed=len(report.removed),
            ),
            timeout=8,
        )
        self.dismiss(True)

    def action_back(self) -> None:
        if not self.draft.edited:
            self.dismiss(False)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(False)

        self.app.push_screen(ConfirmScreen(strings.CONFIRM_DISCARD_IMPORT), answered)
