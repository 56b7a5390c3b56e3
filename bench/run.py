"""Run every benchmark in bench/ (``make bench``). Benchmarks print; they never assert."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    sys.path.insert(0, str(HERE.parent))
    scripts = sorted(HERE.glob("bench_*.py"))
    for script in scripts:
        print(f"== {script.name}")
        runpy.run_path(str(script), run_name="__main__")
    if not scripts:
        print("no benchmarks yet")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
