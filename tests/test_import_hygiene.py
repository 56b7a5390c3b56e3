"""store/ is the bottom layer: it must work without textual, tui or screens ever being imported."""

from __future__ import annotations

import ast
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import store

ROOT = Path(__file__).resolve().parents[1]


def test_store_modules_never_import_the_ui() -> None:
    modules = sorted(m.name for m in pkgutil.walk_packages(store.__path__, "store."))
    assert "store.work.tasks" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tui', 'screens'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_no_store_source_line_imports_the_ui() -> None:
    offenders = []
    for path in (ROOT / "store").rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            stripped = line.strip()
            if stripped.startswith(("import ", "from ")) and stripped.split()[1].split(".")[0] in (
                "textual",
                "tui",
                "screens",
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {stripped}")
    assert offenders == []


def _cjk_literals(path: Path) -> list[str]:
    """String literals with Chinese characters in them, docstrings excepted."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and re.search(r"[\u4e00-\u9fff]", node.value)
    ]


def test_ui_text_lives_in_the_strings_module() -> None:
    """Screens and the app shell show Chinese only through store/strings.py (one place to edit)."""
    sources = sorted([*(ROOT / "screens").rglob("*.py"), *(ROOT / "tui").rglob("*.py")])
    assert len(sources) > 5
    offenders = [literal for path in sources for literal in _cjk_literals(path)]
    assert offenders == []


def test_no_string_is_defined_twice() -> None:
    """A second definition silently replaces the first (one screen then shows another's label)."""
    import ast
    from collections import Counter

    source = (Path(__file__).parent.parent / "store" / "strings.py").read_text(encoding="utf-8")
    names = Counter(
        node.targets[0].id for node in ast.parse(source).body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
    )
    assert [name for name, count in names.items() if count > 1] == []
