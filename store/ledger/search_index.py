"""Upkeep of the search index: pinyin-initials keys for units and task titles.

The full-text tables (``task_fts``, ``unit_fts``, ``report_fts``, FTS5 ``trigram``) are kept current
by triggers (schema migration ``0002_search``). Pinyin needs Python, so triggers only note which
task or unit changed (``search_pending``) and :func:`flush` computes its keys: the store's write
functions call it inside their transaction; :mod:`store.lookup.search` calls it if anything is still pending
(rows written by plain SQL).

Keys are the first letters of each character's pinyin: ``县市监局`` → ``xsjj``. A character with
several readings (多音字: 长 chang/zhang, 行 xing/hang, 重 zhong/chong, 单 dan/shan) gives variants:
every combination while there are at most :data:`MAX_KEYS`; past that, the phrase reading plus
variants with one (then two nearby) characters read otherwise, each kept as a window of
:data:`WINDOW` letters around the changed letters (a typed abbreviation is short).

``pypinyin`` (~130 ms to import) is imported only when there is something to compute.
"""

from __future__ import annotations

import itertools
import re
import sqlite3
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

MAX_KEYS = 32
WINDOW = 10  # letters kept on each side of a changed letter in a partial variant
_HAN = re.compile(r"[\u3400-\u9fff]+")
_KEEP = re.compile(r"[0-9a-z]")


@lru_cache(maxsize=1)
def _pypinyin() -> Any:
    import pypinyin

    return pypinyin


@lru_cache(maxsize=8192)
def _readings(char: str) -> tuple[str, ...]:
    """Every first letter a Han character can be read with, most usual first."""
    py = _pypinyin()
    found = py.pinyin(char, style=py.Style.FIRST_LETTER, heteronym=True, errors="ignore")
    letters = [reading[:1].lower() for reading in (found[0] if found else []) if reading[:1].isalpha()]
    return tuple(dict.fromkeys(letters))


def letters(text: str) -> list[tuple[str, ...]]:
    """Per kept character of ``text``: its possible initials, the reading in context first.

    Han characters give their pinyin initials; ASCII letters and digits stay (lower case); the rest
    (punctuation, spaces) is dropped.
    """
    py = None
    out: list[tuple[str, ...]] = []
    position = 0
    for match in _HAN.finditer(text):
        out.extend((c,) for c in text[position : match.start()].lower() if _KEEP.match(c))
        run = match.group()
        if py is None:
            py = _pypinyin()
        # The phrase dictionary reads a character in context (局长 zhang, 长度 chang).
        in_context = py.lazy_pinyin(run, style=py.Style.FIRST_LETTER, errors="ignore")
        if len(in_context) != len(run):
            in_context = [(_readings(c) or ("",))[0] for c in run]
        for char, first in zip(run, in_context, strict=True):
            choices = tuple(dict.fromkeys([first[:1].lower(), *_readings(char)]))
            choices = tuple(c for c in choices if c)
            if choices:
                out.append(choices)
        position = match.end()
    out.extend((c,) for c in text[position:].lower() if _KEEP.match(c))
    return out


def initials_keys(text: str, max_keys: int = MAX_KEYS) -> list[tuple[str, bool]]:
    """The keys of ``text``: (key, whole) pairs; ``whole`` keys span the full text (for prefix and
    exact matches), the others are windows around the letters read otherwise."""
    slots = letters(text)
    if not slots:
        return []
    primary = [s[0] for s in slots]
    total = 1
    for s in slots:
        total *= len(s)
        if total > max_keys:
            break
    if total <= max_keys:
        return [("".join(combo), True) for combo in itertools.product(*slots)]
    keys: dict[str, bool] = {"".join(primary): True}
    multi = [i for i, s in enumerate(slots) if len(s) > 1]

    def window(changes: dict[int, str]) -> str:
        low = max(0, min(changes) - WINDOW)
        high = min(len(primary), max(changes) + WINDOW + 1)
        return "".join(changes.get(i, primary[i]) for i in range(low, high))

    flips = [{i: alt} for i in multi for alt in slots[i][1:]]
    pairs = [
        {i: a, j: b}
        for i, j in itertools.combinations(multi, 2)
        if j - i <= WINDOW
        for a in slots[i][1:]
        for b in slots[j][1:]
    ]
    for changes in itertools.chain(flips, pairs):
        if len(keys) >= max_keys:
            break
        keys.setdefault(window(changes), False)
    return list(keys.items())


# --- the ledger's keys ----------------------------------------------------------------------------


def _texts(conn: sqlite3.Connection, kind: str, ref: int) -> list[str] | None:
    """The texts a task or unit is found by with pinyin; None when it is gone."""
    if kind == "task":
        row = conn.execute("SELECT title FROM tasks WHERE id = ?", [ref]).fetchone()
        return None if row is None else [row[0]]
    row = conn.execute("SELECT name, coalesce(short_name, '') FROM units WHERE id = ?", [ref]).fetchone()
    if row is None:
        return None
    aliases = [r[0] for r in conn.execute("SELECT alias FROM unit_aliases WHERE unit_id = ? ORDER BY alias", [ref])]
    return [row[0], row[1], *aliases]


def keys_of(texts: Iterable[str]) -> list[tuple[str, bool]]:
    found: dict[str, bool] = {}
    for text in texts:
        for key, whole in initials_keys(text or ""):
            found[key] = found.get(key, False) or whole
    return list(found.items())


def _write_keys(conn: sqlite3.Connection, items: Sequence[tuple[str, int]]) -> None:
    """Replace the keys of the given (kind, ref) items with freshly computed ones."""
    rows: list[tuple[str, int, str, int]] = []
    for kind, ref in items:
        conn.execute("DELETE FROM search_keys WHERE kind = ? AND ref = ?", [kind, ref])
        texts = _texts(conn, kind, ref)
        if texts is not None:
            rows.extend((kind, ref, key, int(whole)) for key, whole in keys_of(texts))
    conn.executemany("INSERT INTO search_keys (kind, ref, key, whole) VALUES (?, ?, ?, ?)", rows)


def pending_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM search_pending").fetchone()[0])


def flush(conn: sqlite3.Connection) -> int:
    """Compute the pinyin keys of every task and unit noted as changed; returns how many.

    :meth:`store.ledger.db.Ledger.write` calls it before every commit (nothing is imported when nothing changed).
    """
    try:
        items = [(r[0], int(r[1])) for r in conn.execute("SELECT kind, ref FROM search_pending ORDER BY kind, ref")]
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):  # a ledger not yet migrated to 0002 (a write during a migration)
            return 0
        raise
    if not items:
        return 0
    for offset in range(0, len(items), 2000):
        chunk = items[offset : offset + 2000]
        _write_keys(conn, chunk)
        conn.executemany("DELETE FROM search_pending WHERE kind = ? AND ref = ?", chunk)
    return len(items)


def rebuild(conn: sqlite3.Connection) -> None:
    """Index the whole ledger again: full text and pinyin keys (the migration and bulk builders)."""
    conn.execute("INSERT INTO task_fts(task_fts) VALUES ('rebuild')")
    conn.execute("INSERT INTO report_fts(report_fts) VALUES ('rebuild')")
    conn.execute("DELETE FROM unit_fts")
    conn.execute(
        "INSERT INTO unit_fts (rowid, name, short_name, aliases) "
        "SELECT u.id, u.name, coalesce(u.short_name, ''), "
        "coalesce((SELECT group_concat(a.alias, ' ') FROM unit_aliases a WHERE a.unit_id = u.id), '') FROM units u"
    )
    conn.execute("DELETE FROM search_keys")
    conn.execute("DELETE FROM search_pending")
    conn.execute("INSERT INTO search_pending (kind, ref) SELECT 'unit', id FROM units")
    conn.execute("INSERT INTO search_pending (kind, ref) SELECT 'task', id FROM tasks")
    flush(conn)
