"""store/ is the bottom layer: it must work without textual, tui or screens ever being imported."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import store

ROOT = Path(__file__).resolve().parents[1]


def test_store_modules_never_import_the_ui() -> None:
    modules = sorted(m.name for m in pkgutil.walk_packages(store.__path__, "store."))
    assert "store.tasks" in modules
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
