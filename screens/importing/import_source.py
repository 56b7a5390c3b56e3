"""导入工作方案, step one: choose the plan's file (or paste its text); it is read and parsed in a thread.

Nothing is written here. A file that cannot be read, or text with no tasks in it, gets a Chinese
message in place; a parsed plan opens the review screen (screens/importing/import_review.py).
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DirectoryTree, Footer, Header, Input, Static, TabbedContent, TabPane, TextArea

from screens.base import LedgerScreen
from screens.importing.file_tree import FileTree, clean_path
from screens.importing.import_review import ImportReviewScreen
from store import strings
from store.importing.import_review import ImportDraft
from store.importing.plan_import import PLAN_FILE_SUFFIXES, PlanReadError, parse_plan, read_document
from store.ledger import settings
from store.work import units

FILE_TAB = "import-file"
PASTE_TAB = "import-paste"


class ImportSourceScreen(LedgerScreen):
    CSS_PATH = "import.tcss"
    AUTO_FOCUS = "#import-path"
    BINDINGS = [
        Binding("ctrl+s", "parse", strings.KEY_PARSE, id="import_source.parse", priority=True),
        Binding("escape", "back", strings.KEY_BACK, id="import_source.back"),
    ]

    def __init__(self, start_dir: Path | None = None) -> None:
        super().__init__()
        self.start_dir = start_dir

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(strings.IMPORT_SOURCE_HINT, id="import-hint")
        with TabbedContent(initial=FILE_TAB, id="import-source"):
            with TabPane(strings.IMPORT_TAB_FILE, id=FILE_TAB), Vertical():
                yield Input(placeholder=strings.IMPORT_PATH_PLACEHOLDER, id="import-path")
                yield FileTree(
                    self.start_dir or settings.import_dir(self.ledger), PLAN_FILE_SUFFIXES, id="import-files"
                )
            with TabPane(strings.IMPORT_TAB_PASTE, id=PASTE_TAB), Vertical():
                yield Static(strings.IMPORT_PASTE_HINT, classes="hint")
                yield TextArea(id="import-text", soft_wrap=True)
        yield Static("", id="import-error")
        yield Footer()

    def on_mount(self) -> None:
        self.title = strings.IMPORT_SOURCE_TITLE
        self.sub_title = ""

    # --- choosing -----------------------------------------------------------------------------------

    @on(DirectoryTree.FileSelected, "#import-files")
    def _file_chosen(self, event: DirectoryTree.FileSelected) -> None:
        self.query_one("#import-path", Input).value = str(event.path)
        self.read_file(event.path)

    @on(Input.Submitted, "#import-path")
    def _path_entered(self) -> None:
        self.action_parse()

    def action_parse(self) -> None:
        if self.query_one(TabbedContent).active == PASTE_TAB:
            text = self.query_one("#import-text", TextArea).text
            if not text.strip():
                self.show_error(strings.ERR_IMPORT_NO_TEXT)
                return
            self.parse_text(text, None, strings.IMPORT_PASTED_SOURCE)
            return
        typed = self.query_one("#import-path", Input).value
        if not typed.strip():
            self.show_error(strings.ERR_IMPORT_NO_PATH)
            self.query_one("#import-path", Input).focus()
            return
        self.read_file(clean_path(typed))

    def action_back(self) -> None:
        self.dismiss(None)

    # --- reading (in a thread: a large .docx takes a moment; nothing here touches the ledger) --------

    def read_file(self, path: Path) -> None:
        self.show_error("")
        self._busy(True, path.name)
        self._read_worker(path, units.known_names(self.app.ledger))  # the ledger is read here, not in the thread

    def parse_text(self, text: str, source_file: str | None, source_name: str) -> None:
        self.show_error("")
        self._busy(True, source_name)
        self._parse_worker(text, source_file, source_name, units.known_names(self.app.ledger))

    @work(thread=True, exclusive=True, group="import")
    def _read_worker(self, path: Path, known: frozenset[str]) -> None:
        try:
            text = read_document(path)
        except PlanReadError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self._parse(text, str(path), path.name, known)

    @work(thread=True, exclusive=True, group="import")
    def _parse_worker(self, text: str, source_file: str | None, source_name: str, known: frozenset[str]) -> None:
        self._parse(text, source_file, source_name, known)

    def _parse(self, text: str, source_file: str | None, source_name: str, known: frozenset[str]) -> None:
        parsed = parse_plan(text, known)
        if not parsed.tasks:
            message = strings.ERR_IMPORT_NOTHING.format(source=f"“{source_name}”")
            if parsed.notice_only:
                message = strings.ERR_IMPORT_NOTICE_ONLY.format(source=f"“{source_name}”", title=parsed.meta.title or "")
            self.app.call_from_thread(self._failed, message)
            return
        draft = ImportDraft.of(parsed, source_file=source_file, original_text=text)
        self.app.call_from_thread(self._parsed, draft)

    def _failed(self, message: str) -> None:
        self._busy(False)
        self.show_error(message)
        # Back where the clerk typed (the loading cover took the focus away), to correct it.
        if self.query_one(TabbedContent).active == PASTE_TAB:
            self.query_one(TextArea).focus()
        else:
            self.query_one("#import-path", Input).focus()

    def _parsed(self, draft: ImportDraft) -> None:
        self._busy(False)
        draft.recall(self.app.ledger)  # a plan imported before keeps the clerk's review
        self.app.push_screen(ImportReviewScreen(draft), self._reviewed)

    def _reviewed(self, saved: bool | None) -> None:
        if saved:
            self.dismiss(None)

    # --- showing ------------------------------------------------------------------------------------

    def _busy(self, busy: bool, name: str = "") -> None:
        self.query_one("#import-source").loading = busy
        self.sub_title = strings.IMPORT_READING.format(name=name) if busy else ""

    def show_error(self, message: str) -> None:
        error = self.query_one("#import-error", Static)
        error.update(message)
        error.set_class(bool(message), "visible")
