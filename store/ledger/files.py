"""Writing a document the user will open: whole or not at all (a temporary file beside it, then
moved into place), with the permissions an ordinary document has."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from store import strings
from store.errors import LedgerError


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomically(path: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write`` on a temporary file in ``path``'s folder, then move it to ``path``."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=".taizhang-", suffix=path.suffix, dir=path.parent)
    except OSError as exc:
        raise LedgerError(strings.ERR_EXPORT_WRITE.format(path=path, detail=exc.strerror or exc)) from exc
    os.close(handle)
    temp = Path(temp_name)
    try:
        write(temp)
        # mkstemp makes the file private (0600); an export is an ordinary document.
        os.chmod(temp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise LedgerError(strings.ERR_EXPORT_WRITE.format(path=path, detail=exc.strerror or exc)) from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return path


_UNSAFE_IN_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def safe_filename(name: str, fallback: str = "taizhang") -> str:
    """A file name Windows, macOS and Linux all accept: the characters Windows refuses become ``_``."""
    return _UNSAFE_IN_NAME.sub("_", name).strip(" .") or fallback
