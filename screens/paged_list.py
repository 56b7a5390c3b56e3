"""A long list shown a window at a time: the main screen's unit and phase lists.

A province-sized ledger has thousands of units, so a list is a window: a page of rows comes from SQL
in a thread worker, the next page is appended as the cursor or the view comes near the end, the page
before is put back in front near the top, and rows far from the cursor are let go (at most
``MAX_ROWS`` in a table). Every read runs in a worker, one at a time per :class:`Loader`: a request
made while one runs waits, and a newer request replaces a waiting one, so typing in the filter or
holding a key never piles up work; answers to an older request (an older filter) are dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, TypeVar

from rich.text import Text
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable

from store.ledger.db import Ledger
from store.lookup.overview import Page

MAX_ROWS = 400  # rows kept in a list's table; pages beyond push the farthest rows out

R = TypeVar("R")


class PagedTable(DataTable[object]):
    """A DataTable showing part of a longer list: says when the cursor or the view nears either end
    of what is loaded, and sends Ctrl+Home / Ctrl+End to the real ends of the list."""

    class NearEdge(Message):
        """The view moved: the screen checks whether to load more."""

        def __init__(self, table: PagedTable) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> PagedTable:
            return self.table

    class ToEnd(Message):
        """Ctrl+Home / Ctrl+End with more rows beyond those loaded."""

        def __init__(self, table: PagedTable, last: bool) -> None:
            super().__init__()
            self.table = table
            self.last = last

        @property
        def control(self) -> PagedTable:
            return self.table

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.more_before = False
        self.more_after = False

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self.post_message(self.NearEdge(self))

    def action_scroll_top(self) -> None:
        if self.more_before:
            self.post_message(self.ToEnd(self, last=False))
        else:
            super().action_scroll_top()

    def action_scroll_bottom(self) -> None:
        if self.more_after:
            self.post_message(self.ToEnd(self, last=True))
        else:
            super().action_scroll_bottom()


class Loaded(Message):
    """A worker's answer, handed to the loader that asked (on the UI thread). The screen's handler
    stops it and calls ``message.loader.finished(message)``."""

    def __init__(self, loader: Loader, done: Callable[[Any], None], result: Any) -> None:
        super().__init__()
        self.loader = loader
        self.done = done
        self.result = result


class Loader:
    """Runs reads in a thread worker, one at a time: a request made while one runs waits, and a newer
    request replaces the one waiting. ``done`` gets the result on the UI thread."""

    def __init__(self, screen: Screen[Any], group: str) -> None:
        self.screen = screen
        self.group = group
        self.running = False
        self.waiting: tuple[Callable[[], Any], Callable[[Any], None]] | None = None

    @property
    def idle(self) -> bool:
        return not self.running and self.waiting is None

    def load(self, work: Callable[[], R], done: Callable[[R], None]) -> None:
        if self.running:
            self.waiting = (work, done)
            return
        self.running = True
        screen = self.screen

        def run() -> None:
            screen.post_message(Loaded(self, done, work()))

        screen.run_worker(run, thread=True, group=self.group)

    def finished(self, message: Loaded) -> None:
        self.running = False
        message.done(message.result)
        if self.waiting is not None and not self.running:
            work, done = self.waiting
            self.waiting = None
            self.load(work, done)


# (ledger, today, filter, offset, limit) → a page of the list; runs in a worker thread.
Fetch = Callable[[Ledger, date, str, int, int], Page[R]]


@dataclass
class PagedList(Generic[R]):
    """The rows of a long list now in its table (rows ``offset`` … of ``total``), and the reads that
    page through the rest. ``source`` gives the ledger and the day the list is read with;
    ``table`` finds the list's table on screen."""

    fetch: Fetch[R]
    key: Callable[[R], str]
    render: Callable[[R], Sequence[Text]]
    page_size: int
    loader: Loader
    source: Callable[[], tuple[Ledger, date]]
    table: Callable[[], PagedTable]
    rows: list[R] = field(default_factory=list)
    offset: int = 0
    total: int = 0
    query: str = ""  # the filter the rows match (or will, once the page being read comes)
    generation: int = 0  # a new list (filter, reload) makes older answers stale
    shown: bool = False  # a first page is on screen

    @property
    def end(self) -> int:
        return self.offset + len(self.rows)

    def fetcher(self) -> Callable[[int, int], Page[R]]:
        """(offset, limit) → a page of the list as it is asked for now (the ledger, today, the filter)."""
        (ledger, today), query, fetch = self.source(), self.query, self.fetch
        return lambda offset, limit: fetch(ledger, today, query, offset, limit)

    def reset(
        self, offset: int, limit: int, select: str | None, position: Callable[[], int | None],
        shown: Callable[[], None], *, keep_view: bool, keep_row: bool = True,
    ) -> None:
        """Load a window of the list from ``offset`` (or around ``position()``, worked out in the thread)
        in place of the rows shown; the cursor goes to ``select``, else stays on the row it was on
        (``keep_row``) or goes to the first; ``keep_view``: the rows stay where they were on screen."""
        self.generation += 1
        generation = self.generation
        fetch = self.fetcher()
        table = self.table()

        def work() -> Page[R]:
            start = offset
            found = position()
            if found is not None:
                start = max(0, found - limit // 4)
            return fetch(start, limit)

        def done(page: Page[R]) -> None:
            if generation != self.generation:
                return
            row = table.cursor_row if keep_row else 0
            keys = [self.key(r) for r in page.rows]
            cursor = keys.index(select) if select in keys else max(0, min(row, len(keys) - 1))
            self.total = page.total
            if keep_view:
                self._rebuild(table, list(page.rows), page.offset, cursor - row)
            else:
                self._replace(table, list(page.rows), page.offset, cursor)
            self._mark_ends(table)
            table.loading = False
            self.shown = True
            shown()
            self._check_edges(table)

        self.loader.load(work, done)

    def check_edges(self) -> None:
        """Load the next page when the cursor or the view is within a screenful of the last row loaded,
        the page before when within a screenful of the first."""
        self._check_edges(self.table())

    def _check_edges(self, table: PagedTable) -> None:
        if not self.shown or not self.loader.idle or not self.rows:
            return
        screenful = max(table.size.height, 10)
        top = min(table.cursor_row, int(table.scroll_y))
        bottom = max(table.cursor_row, int(table.scroll_y) + screenful)
        if self.end < self.total and bottom + screenful >= len(self.rows):
            self._extend(table, after=True)
        elif self.offset > 0 and top - screenful <= 0:
            self._extend(table, after=False)

    def to_end(self, last: bool) -> None:
        """Ctrl+Home / Ctrl+End: the real first or last row, not the first or last loaded."""
        self.generation += 1
        generation = self.generation
        limit = self.page_size
        start = max(0, self.total - limit) if last else 0
        fetch = self.fetcher()
        table = self.table()

        def done(page: Page[R]) -> None:
            if generation != self.generation:
                return
            self.total = page.total
            self._replace(table, list(page.rows), page.offset, len(page.rows) - 1 if last else 0)
            self._mark_ends(table)

        self.loader.load(lambda: fetch(start, limit), done)

    def _extend(self, table: PagedTable, *, after: bool) -> None:
        generation = self.generation
        fetch = self.fetcher()
        if after:
            start, limit = self.end, self.page_size
        else:
            start = max(0, self.offset - self.page_size)
            limit = self.offset - start

        def done(page: Page[R]) -> None:
            if generation != self.generation:
                return
            known = {self.key(r) for r in self.rows}
            fresh = [r for r in page.rows if self.key(r) not in known]  # the list may have changed meanwhile
            self.total = page.total
            if after:
                self.rows.extend(fresh)
                self._add_rows(table, fresh)
                drop = len(self.rows) - MAX_ROWS
                if drop > 0:
                    self._rebuild(table, self.rows[drop:], self.offset + drop, -drop)
                if not fresh:  # nothing new: the list is shorter than it was
                    self.total = self.end
            else:
                rows = fresh + self.rows
                self._rebuild(table, rows[:MAX_ROWS], page.offset, len(fresh))
                if not fresh:
                    self.offset = 0
            self._mark_ends(table)
            self._check_edges(table)

        self.loader.load(lambda: fetch(start, limit), done)

    def _add_rows(self, table: PagedTable, rows: Sequence[R]) -> None:
        for row in rows:
            table.add_row(*self.render(row), key=self.key(row))

    def _mark_ends(self, table: PagedTable) -> None:
        table.more_before = self.offset > 0
        table.more_after = self.end < self.total

    def _replace(self, table: PagedTable, rows: list[R], offset: int, cursor: int) -> None:
        """Put ``rows`` in the table in place of the window, the cursor on row ``cursor``, in view."""
        self.rows, self.offset = rows, offset
        table.clear()
        self._add_rows(table, rows)
        if rows:
            table.move_cursor(row=cursor)

    def _rebuild(self, table: PagedTable, rows: list[R], offset: int, shift: int) -> None:
        """Put ``rows`` in the table in place of the window, the old row i now at i + shift, keeping
        the cursor on the same row and the view where it was."""
        cursor = max(0, min(table.cursor_row + shift, len(rows) - 1))
        scroll = max(0.0, table.scroll_y + shift)
        self.rows, self.offset = rows, offset
        table.clear()
        self._add_rows(table, rows)
        if rows:
            table.move_cursor(row=cursor, scroll=False)
        table.scroll_to(y=scroll, animate=False, immediate=True)  # as far as the old size lets it
        table.scroll_to(y=scroll, animate=False)  # again once the new size is known
