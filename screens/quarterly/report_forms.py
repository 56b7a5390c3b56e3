"""填报表: write a quarter's Excel forms for every unit, and import the filled forms that come back.

Both run in a worker thread (a county writes a few dozen files; a folder of returned forms is read
and checked whole, file by file). Each returned file is imported in one transaction or refused with
its row-level errors, shown here in red. Nothing else is written.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DirectoryTree, Footer, Header, Input, Static, TabbedContent, TabPane

from screens.base import LedgerMixin
from screens.importing.file_tree import FileTree, clean_path
from store import strings
from store.errors import LedgerError
from store.ledger import settings
from store.quarterly import report_forms
from store.quarterly.report_forms import FormResult
from store.work import report_state
from store.work.quarters import Quarter

IMPORT_TAB = "forms-import"
WRITE_TAB = "forms-write"


class ReportFormsScreen(LedgerMixin, Screen[bool]):
    """Dismissed with whether any report was imported (the caller reloads its figures)."""

    CSS_PATH = "reports.tcss"
    AUTO_FOCUS = "#forms-path"
    BINDINGS = [
        Binding("ctrl+s", "run", strings.KEY_FORMS_RUN, id="forms.run", priority=True),
        Binding("escape", "back", strings.KEY_BACK, id="forms.back"),
    ]

    def __init__(self, quarter: Quarter, *, start_dir: Path | None = None, tab: str = IMPORT_TAB) -> None:
        super().__init__()
        self.quarter = quarter
        self.start_dir = start_dir
        self.initial_tab = tab
        self.imported = False

    def compose(self) -> ComposeResult:
        folder = self.start_dir or settings.export_dir(self.ledger)
        units = len({u for us in report_state.expected(self.ledger, self.quarter).values() for u in us})
        yield Header(show_clock=False)
        with TabbedContent(initial=self.initial_tab, id="forms-tabs"):
            with TabPane(strings.FORMS_TAB_IMPORT, id=IMPORT_TAB), Vertical():
                yield Static(strings.FORMS_IMPORT_HINT.format(quarter=self.quarter.label), classes="hint")
                yield Input(placeholder=strings.FORMS_PATH_PLACEHOLDER, id="forms-path")
                yield FileTree(folder, (".xlsx", ".xls"), id="forms-files")
            with TabPane(strings.FORMS_TAB_WRITE, id=WRITE_TAB), Vertical():
                yield Static(strings.FORMS_WRITE_HINT.format(quarter=self.quarter.label, units=units), classes="hint")
                yield Input(
                    value=str(folder / strings.FORMS_OUT_FOLDER.format(quarter=self.quarter.label)), id="forms-out"
                )
        with VerticalScroll(id="forms-result-scroll"):
            yield Static("", id="forms-result")
        yield Footer()

    def on_mount(self) -> None:
        self.title = strings.FORMS_TITLE.format(quarter=self.quarter.label)
        self.sub_title = ""

    @on(TabbedContent.TabActivated)
    def _tab_changed(self, event: TabbedContent.TabActivated) -> None:
        target = "#forms-out" if event.pane.id == WRITE_TAB else "#forms-path"
        self.query_one(target, Input).focus()

    # --- importing ----------------------------------------------------------------------------------

    @on(DirectoryTree.FileSelected, "#forms-files")
    def _file_chosen(self, event: DirectoryTree.FileSelected) -> None:
        self.query_one("#forms-path", Input).value = str(event.path)
        self.import_paths([event.path])

    @on(Input.Submitted, "#forms-path")
    @on(Input.Submitted, "#forms-out")
    def _submitted(self) -> None:
        self.action_run()

    def action_run(self) -> None:
        if self.query_one(TabbedContent).active == WRITE_TAB:
            typed = self.query_one("#forms-out", Input).value
            if not typed.strip():
                self.show(Text(strings.ERR_FORMS_NO_FOLDER, style="bold red"))
                return
            self.write_forms(clean_path(typed))
            return
        typed = self.query_one("#forms-path", Input).value
        if not typed.strip():
            self.show(Text(strings.ERR_FORMS_NO_PATH, style="bold red"))
            return
        path = clean_path(typed)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() == ".xlsx" and not p.name.startswith(("~$", ".")))
            if not found:
                self.show(Text(strings.ERR_FORMS_EMPTY_FOLDER.format(path=path), style="bold red"))
                return
            self.import_paths(found)
        elif not path.exists():
            self.show(Text(strings.ERR_FORMS_NO_FILE.format(path=path), style="bold red"))
        else:
            self.import_paths([path])

    def import_paths(self, paths: list[Path]) -> None:
        self._busy(True, strings.FORMS_READING.format(count=len(paths)))
        self._import_worker(paths)

    @work(thread=True, exclusive=True, group="forms")
    def _import_worker(self, paths: list[Path]) -> None:
        results = report_forms.import_forms(self.ledger, paths, today=self.today, quarter=self.quarter)
        if any(r.imported for r in results):
            settings.set_value(self.ledger, "export_dir", str(paths[0].resolve().parent))
        self.app.call_from_thread(self._imported, results)

    def _imported(self, results: list[FormResult]) -> None:
        self._busy(False)
        self.imported = self.imported or any(r.imported for r in results)
        text = Text()
        ok = sum(1 for r in results if r.imported)
        text.append(strings.FORMS_IMPORT_DONE.format(ok=ok, refused=len(results) - ok) + "\n\n", style="bold")
        for result in results:
            if result.imported:
                text.append("✓ " + result.summary + "\n", style="green")
                continue
            text.append("✗ " + result.summary + "\n", style="bold red")
            for error in result.errors:
                text.append(f"    {error}\n", style="red")
        self.show(text)

    # --- writing ------------------------------------------------------------------------------------

    def write_forms(self, folder: Path) -> None:
        self._busy(True, strings.FORMS_WRITING)
        self._write_worker(folder)

    @work(thread=True, exclusive=True, group="forms")
    def _write_worker(self, folder: Path) -> None:
        try:
            written = report_forms.write_forms(self.ledger, self.quarter, folder, today=self.today)
        except LedgerError as exc:
            self.app.call_from_thread(self._written, folder, [], str(exc))
            return
        settings.set_value(self.ledger, "export_dir", str(folder.resolve().parent))
        self.app.call_from_thread(self._written, folder, written, "")

    def _written(self, folder: Path, written: list[Path], error: str) -> None:
        self._busy(False)
        if error:
            self.show(Text(error, style="bold red"))
            return
        text = Text(strings.FORMS_WRITTEN.format(count=len(written), quarter=self.quarter.label, path=folder) + "\n",
                    style="bold green")
        for path in written:
            text.append(f"  {path.name}\n")
        self.show(text)

    # --- showing ------------------------------------------------------------------------------------

    def _busy(self, busy: bool, message: str = "") -> None:
        self.query_one("#forms-tabs").loading = busy
        self.sub_title = message if busy else ""

    def show(self, text: Text) -> None:
        self.query_one("#forms-result", Static).update(text)

    def action_back(self) -> None:
        self.dismiss(self.imported)
