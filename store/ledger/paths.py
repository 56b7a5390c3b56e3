"""Where the ledger lives by default: ``taizhang.db`` in the user data folder, or ``TAIZHANG_DB``."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DB = "TAIZHANG_DB"


def default_db_path() -> Path:
    """``taizhang.db`` in the user data dir, unless ``TAIZHANG_DB`` says otherwise."""
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("taizhang", appauthor=False)) / "taizhang.db"
