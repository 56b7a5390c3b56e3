"""Choosing a file: a folder tree showing only the kinds of file a screen can read, and paths as
clerks paste them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.widgets import DirectoryTree


class FileTree(DirectoryTree):
    """Folders and files with one of ``suffixes``; hidden files (and Office lock files) left out."""

    def __init__(self, path: Path, suffixes: Iterable[str], *, id: str | None = None) -> None:
        self.suffixes = frozenset(s.lower() for s in suffixes)
        super().__init__(path, id=id)

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [
            p for p in paths
            if not p.name.startswith((".", "~$")) and (p.is_dir() or p.suffix.lower() in self.suffixes)
        ]


def clean_path(text: str) -> Path:
    """A path as clerks paste it: maybe quoted (Windows "复制为路径"), maybe with ``~``."""
    return Path(text.strip().strip("\"'")).expanduser()
