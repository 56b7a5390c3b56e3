"""The App: routing, global keys, the command palette. Screens do the work."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from datetime import date

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.css.query import NoMatches
from textual.screen import Screen

# Only the main screen is imported up front: the others (and what they import: the plan parser,
# openpyxl, python-docx) load when first opened, so the first frame comes sooner.
from screens.main import MainScreen
from store import strings
from store.ledger.db import Ledger
from store.work import rules
from tui.palette import TaskCommands, UnitCommands

# Set by bench/bench_scale.py: print the time of the first frame with data on the main screen, then quit.
BENCH_FIRST_FRAME = "TAIZHANG_BENCH_FIRST_FRAME"
CHANGE_POLL_SECONDS = 1.0  # how often the app looks whether the ledger changed (PRAGMA data_version)


class TaizhangApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = strings.APP_TITLE
    SUB_TITLE = strings.APP_SUBTITLE
    COMMANDS = App.COMMANDS | {UnitCommands, TaskCommands}
    BINDINGS = [
        Binding("f1,question_mark", "help", strings.KEY_HELP, id="app.help"),
        Binding("ctrl+f", "search", strings.KEY_SEARCH, id="app.search", priority=True, key_display="Ctrl+F"),
        Binding("q", "quit", strings.KEY_QUIT, id="app.quit"),
        Binding("ctrl+q", "quit", strings.KEY_QUIT, id="app.quit_ctrl", show=False, priority=True),
        Binding("ctrl+p", "command_palette", strings.KEY_PALETTE, id="app.palette", show=False, priority=True,
                key_display="Ctrl+P"),
        # Not a priority binding: a text area keeps its own Ctrl+Z.
        Binding("ctrl+z", "undo", strings.KEY_UNDO, id="app.undo", show=False, key_display="Ctrl+Z"),
    ]

    def __init__(self, ledger: Ledger, *, today: date | None = None, daily_backup: bool = False) -> None:
        super().__init__()
        self.ledger = ledger
        self.today = today or rules.today()
        self.daily_backup = daily_backup

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        # Pushed (not the default screen) so that the screen's own CSS_PATH is loaded.
        self.push_screen(MainScreen())
        from screens.busy import install_busy_notice

        install_busy_notice(self, self.ledger)  # a write that waits for another window says so
        # Every open screen shows the ledger as it is now: whatever wrote (this screen, another, an
        # undo, the CLI, another window), the screens read again within a second.
        self._change_mark = self.ledger.change_mark()
        self.set_interval(CHANGE_POLL_SECONDS, self._watch_ledger)
        if self.daily_backup:
            # The day's first backup copies the whole ledger: in a thread, never before the first frame.
            self.run_worker(self._daily_backup, thread=True, group="backup", exit_on_error=False)

    def _watch_ledger(self) -> None:
        from store.errors import LedgerError

        try:
            mark = self.ledger.change_mark()
        except LedgerError:
            return  # a busy or vanished file is reported by the next read or write, not by a timer
        if mark != self._change_mark:
            self._change_mark = mark
            self._refresh_screens(None)

    def on_main_screen_units_shown(self, _: MainScreen.UnitsShown) -> None:
        if os.environ.get(BENCH_FIRST_FRAME):
            self.call_after_refresh(self._first_frame_shown)

    def _first_frame_shown(self) -> None:
        os.write(1, f"first-frame {time.time():.6f}\n".encode())
        self.exit()

    def _daily_backup(self) -> None:
        from store.errors import LedgerError
        from store.ledger import backup

        try:
            backup.daily_backup(self.ledger, self.today)
        except LedgerError as exc:  # reported, never in the way of work
            self.call_from_thread(self.notify, str(exc), severity="error")

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(CommandPalette(placeholder=strings.PALETTE_PLACEHOLDER, id="--command-palette"))

    async def action_quit(self) -> None:
        """Quit, but ask first when a screen holds work not yet saved (an import being reviewed)."""
        from screens.confirm import ConfirmScreen

        unsaved = [screen for screen in self.screen_stack if getattr(screen, "has_unsaved_changes", False)]
        if unsaved:
            if not isinstance(self.screen, ConfirmScreen):
                what = "、".join(dict.fromkeys(getattr(screen, "unsaved_label", "") for screen in unsaved))
                self.push_screen(ConfirmScreen(strings.CONFIRM_QUIT_UNSAVED.format(what=what)), self._quit_answered)
            return
        self.exit()

    def _quit_answered(self, yes: bool | None) -> None:
        if yes:
            self.exit()

    @property
    def main_screen(self) -> MainScreen:
        return next(screen for screen in self.screen_stack if isinstance(screen, MainScreen))

    def action_help(self) -> None:
        from screens.confirm import ConfirmScreen, UnsavedScreen
        from screens.documents.agenda import AgendaScreen
        from screens.documents.decisions import DecisionsScreen
        from screens.documents.meetings import MeetingsScreen
        from screens.form_base import FormScreen
        from screens.help import HelpScreen
        from screens.history import HistoryScreen
        from screens.importing.import_review import ImportReviewScreen
        from screens.importing.import_source import ImportSourceScreen
        from screens.quarterly.report_entry import ReportEntryScreen
        from screens.quarterly.report_forms import ReportFormsScreen
        from screens.quarterly.report_status import ReportStatusScreen
        from screens.search import SearchScreen
        from screens.task_detail import TaskDetailScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(
            HelpScreen(
                [
                    ("app", list(self.BINDINGS)),
                    ("main", list(MainScreen.BINDINGS)),
                    ("detail", list(TaskDetailScreen.BINDINGS)),
                    ("form", list(FormScreen.BINDINGS)),
                    ("confirm", list(ConfirmScreen.BINDINGS)),
                    ("import_source", list(ImportSourceScreen.BINDINGS)),
                    ("import_review", list(ImportReviewScreen.BINDINGS)),
                    ("report_entry", list(ReportEntryScreen.BINDINGS)),
                    ("report_status", list(ReportStatusScreen.BINDINGS)),
                    ("unsaved", list(UnsavedScreen.BINDINGS)),
                    ("report_forms", list(ReportFormsScreen.BINDINGS)),
                    ("search", list(SearchScreen.BINDINGS)),
                    ("meetings", list(MeetingsScreen.BINDINGS)),
                    ("agenda", list(AgendaScreen.BINDINGS)),
                    ("decisions", list(DecisionsScreen.BINDINGS)),
                    ("history", list(HistoryScreen.BINDINGS)),
                ]
            )
        )

    def action_search(self) -> None:
        """Ctrl+F anywhere (but not over a dialog or a second search): find, then open what was chosen."""
        from screens.confirm import ConfirmScreen
        from screens.help import HelpScreen
        from screens.search import SearchScreen

        if isinstance(self.screen, (SearchScreen, ConfirmScreen, HelpScreen)) or CommandPalette.is_open(self):  # type: ignore[arg-type]
            return
        self.push_screen(SearchScreen(), self._search_chosen)

    def action_undo(self) -> None:
        """Ctrl+Z anywhere: undo the ledger's latest change, after a question that names it."""
        from screens.confirm import ConfirmScreen
        from screens.form_base import FormScreen
        from screens.help import HelpScreen
        from screens.history import confirm_and_undo

        if isinstance(self.screen, (ConfirmScreen, HelpScreen)) or CommandPalette.is_open(self):  # type: ignore[arg-type]
            return
        if isinstance(self.screen, FormScreen) or any(
            getattr(screen, "has_unsaved_changes", False) for screen in self.screen_stack
        ):
            self.notify(strings.HISTORY_UNDO_FINISH_FIRST, severity="warning")
            return
        confirm_and_undo(self, self.ledger, after=self._refresh_screens)

    def _refresh_screens(self, _: object) -> None:
        """Every open screen reads the ledger again (after an undo, or any change the watch saw; a task
        taken away closes)."""
        from screens.base import LedgerScreen

        for screen in list(self.screen_stack):
            # A screen not mounted yet reads the ledger when it is (and has nothing to read into before).
            if isinstance(screen, LedgerScreen) and screen.is_mounted:
                try:
                    screen.ledger_changed()
                except NoMatches:  # the screen is being taken down (the app is closing): nothing to show
                    pass

    def _search_chosen(self, choice: tuple[str, int] | None) -> None:
        if choice is not None:
            self.open_found(*choice)

    def open_found(self, kind: str, item_id: int) -> None:
        """A task found (查找, the palette) opens; a unit found is shown on the main screen."""
        if kind == "task":
            from screens.task_detail import TaskDetailScreen

            self.push_screen(TaskDetailScreen(item_id))
        else:
            self._on_main("show_unit", str(item_id))

    def _on_main(self, action: str, *args: str) -> None:
        while not isinstance(self.screen, MainScreen) and len(self.screen_stack) > 1:
            self.pop_screen()
        getattr(self.main_screen, action)(*args)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield SystemCommand(*strings.CMD_VIEW_UNITS, lambda: self._on_main("show_view", "unit"))
        yield SystemCommand(*strings.CMD_VIEW_PHASES, lambda: self._on_main("show_view", "phase"))
        yield SystemCommand(*strings.CMD_NEW_TASK, lambda: self._on_main("add_task"))
        yield SystemCommand(*strings.CMD_NEW_UNIT, lambda: self._on_main("add_unit"))
        yield SystemCommand(*strings.CMD_NEW_PHASE, lambda: self._on_main("add_phase"))
        yield SystemCommand(*strings.CMD_REPORTS, lambda: self._on_main("action_reports"))
        yield SystemCommand(*strings.CMD_REPORT_STATUS, lambda: self._on_main("action_report_status"))
        yield SystemCommand(*strings.CMD_MEETINGS, lambda: self._on_main("action_meetings"))
        yield SystemCommand(*strings.CMD_IMPORT, lambda: self._on_main("action_import_plan"))
        yield SystemCommand(*strings.CMD_SEARCH, self.action_search)
        yield SystemCommand(*strings.CMD_HISTORY, lambda: self._on_main("action_history"))
        yield SystemCommand(*strings.CMD_UNDO, self.action_undo)
        yield SystemCommand(*strings.CMD_HELP, self.action_help)
        yield SystemCommand(*strings.CMD_QUIT, lambda: self.run_action("quit"))  # asks about unsaved work
