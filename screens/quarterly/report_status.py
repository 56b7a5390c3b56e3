"""填报情况: for a quarter, who has reported, who to chase (催报清单), who is late quarter after quarter
(历季总览), and how far the work has got (进度, with a trend chart).

The figures are read in a thread worker (the overview covers every quarter of the campaign, which
takes a while on a large ledger); the screen shows them when they arrive. Enter on a unit opens
季度填报 for that unit and quarter; coming back reads everything again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Label, Select, Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from screens.base import LedgerScreen
from screens.quarterly.report_entry import ReportEntryScreen
from store import strings
from store.errors import LedgerError
from store.ledger import settings
from store.ledger.db import Ledger
from store.quarterly import progress, report_exports, reports
from store.quarterly.progress import Completion, Progress, QuarterPoint, UnitRecord
from store.quarterly.reports import UnitSubmission
from store.work import rules
from store.work.quarters import Quarter
from tui.widgets import cell, number_cell

QUARTER_TAB = "tab-quarter"
CHASE_TAB = "tab-chase"
HISTORY_TAB = "tab-history"
PROGRESS_TAB = "tab-progress"
TABS = (QUARTER_TAB, CHASE_TAB, HISTORY_TAB, PROGRESS_TAB)
# The table that takes the focus on each tab.
_TAB_TABLES = {
    QUARTER_TAB: "#status-units",
    CHASE_TAB: "#status-chase",
    HISTORY_TAB: "#status-history",
    PROGRESS_TAB: "#progress-units",
}

_STATE_STYLES = {"complete": "green", "late": "bold yellow", "partial": "bold dark_orange", "none": "bold red"}
_MARK_STYLES = {
    progress.ON_TIME: "green",
    progress.LATE: "bold black on yellow",
    progress.PARTIAL: "bold white on dark_orange3",
    progress.NONE: "bold white on dark_red",
    progress.PENDING: "dim",
}
# Bars are coloured spaces: block characters (█ ▇ ▁) are ambiguous-width and drawn two cells wide
# by some terminals; a space is one cell everywhere.
_DONE_BAR = "on dark_cyan"
_ON_TIME_BAR = "on green4"
_LATE_BAR = "on yellow3"
_EMPTY_BAR = "on grey23"
_SHARE_BAR_WIDTH = 10
_CHART_HEIGHT = 8
_CHART_COLUMN = 4  # cells per quarter ("26Q3"), then one cell of space
_CHART_QUARTERS = 8  # the last two years at most (the tables need the width)


@dataclass
class Campaign:
    """What does not depend on the chosen quarter: every quarter's figures, per unit and in total."""

    columns: list[Quarter]
    record: list[UnitRecord]
    trend: list[QuarterPoint]


@dataclass
class QuarterFigures:
    quarter: Quarter
    submissions: list[UnitSubmission]
    chase: list[UnitSubmission]
    progress: Progress
    due_day: date
    due_passed: bool

    @property
    def due_label(self) -> str:
        template = strings.SUBMISSION_DUE_PASSED if self.due_passed else strings.SUBMISSION_DUE_OPEN
        return template.format(day=self.due_day.isoformat())


def share_bar(percent: int, width: int = _SHARE_BAR_WIDTH, fill: str = _DONE_BAR) -> Text:
    """``[████░░░░░░] 40%`` drawn with coloured spaces."""
    filled = round(width * percent / 100)
    bar = Text(no_wrap=True)
    bar.append(" " * filled, style=fill)
    bar.append(" " * (width - filled), style=_EMPTY_BAR)
    bar.append(f" {strings.PERCENT_CELL.format(percent=percent):>4}")
    return bar


def _axis_label(quarter: Quarter) -> str:
    return f"{quarter.year % 100:02d}Q{quarter.number}"


def bar_chart(
    columns: Sequence[tuple[Quarter, list[tuple[int, str]], str]],
    *,
    top: int,
    selected: Quarter | None = None,
    height: int = _CHART_HEIGHT,
) -> Text:
    """A vertical bar chart, one column per quarter: ``(quarter, [(value, style), …] stacked from the
    bottom, caption above the bar)``; ``top`` is the value of a full-height bar."""
    rows_of: list[list[tuple[int, str]]] = []
    for _, stack, _ in columns:
        levels, running = [], 0
        for value, colour in stack:
            running += value
            levels.append((round(height * running / top) if top else 0, colour))
        rows_of.append(levels)
    chart = Text(no_wrap=True)
    for row in range(height + 1, 0, -1):  # one spare row on top for a full bar's caption
        for index, (_, _, caption) in enumerate(columns):
            levels = rows_of[index]
            bar_top = max((level for level, _ in levels), default=0)
            fill = next((colour for level, colour in levels if row <= level), None)
            if fill is not None:
                chart.append(" " * _CHART_COLUMN, style=fill)
            elif row == bar_top + 1:
                chart.append(f"{caption:^{_CHART_COLUMN}}", style="bold")
            else:
                chart.append(" " * _CHART_COLUMN)
            chart.append(" ")
        chart.append("\n")
    for quarter, _, _ in columns:
        chart.append(_axis_label(quarter), style="bold reverse" if quarter == selected else "dim")
        chart.append(" ")
    return chart


def _swatch(style: str, label: str) -> Text:
    return Text.assemble(("  ", style), " ", label, "  ")


def reported_chart(points: Sequence[QuarterPoint], selected: Quarter | None) -> Text:
    """Each quarter's share of reports received: on time (green) under late (yellow)."""
    shown = list(points)[-_CHART_QUARTERS:]
    text = Text(strings.TREND_REPORTED_TITLE + "\n", style="bold")
    text.append_text(_swatch(_ON_TIME_BAR, strings.TREND_ON_TIME))
    text.append_text(_swatch(_LATE_BAR, strings.TREND_LATE))
    text.append("\n")
    text.append_text(bar_chart(
        [(p.quarter, [(p.percent_on_time, _ON_TIME_BAR), (p.percent_reported - p.percent_on_time, _LATE_BAR)],
          str(p.percent_reported)) for p in shown],
        top=100, selected=selected,
    ))
    return text


def done_chart(points: Sequence[QuarterPoint], selected: Quarter | None) -> Text:
    """How many tasks were done by each quarter's end, against all the tasks of the ledger."""
    shown = list(points)[-_CHART_QUARTERS:]
    total = max((p.tasks_total for p in shown), default=0)
    text = Text(strings.TREND_DONE_TITLE + "\n", style="bold")
    text.append(strings.TREND_DONE_TOTAL.format(total=total) + "\n", style="dim")
    # Scaled to the most done so far (against all the tasks the bars would hardly rise): the
    # captions give the counts.
    text.append_text(bar_chart(
        [(p.quarter, [(p.tasks_done, _DONE_BAR)], str(p.tasks_done)) for p in shown],
        top=max((p.tasks_done for p in shown), default=0), selected=selected,
    ))
    return text


class ReportStatusScreen(LedgerScreen):
    CSS_PATH = "report_status.tcss"
    AUTO_FOCUS = "#status-units"
    BINDINGS = [
        Binding("enter", "open_entry", strings.KEY_STATUS_ENTRY, id="status.open"),
        Binding("v", "next_tab", strings.KEY_NEXT_TAB, id="status.next_tab"),
        Binding("1", "show_tab('tab-quarter')", strings.KEY_TAB_QUARTER, id="status.tab_quarter", show=False),
        Binding("2", "show_tab('tab-chase')", strings.KEY_TAB_CHASE, id="status.tab_chase", show=False),
        Binding("3", "show_tab('tab-history')", strings.KEY_TAB_HISTORY, id="status.tab_history", show=False),
        Binding("4", "show_tab('tab-progress')", strings.KEY_TAB_PROGRESS, id="status.tab_progress", show=False),
        Binding("left_square_bracket", "move_quarter(-1)", strings.KEY_PREVIOUS_QUARTER, id="status.previous_quarter",
                key_display="["),
        Binding("right_square_bracket", "move_quarter(1)", strings.KEY_NEXT_QUARTER, id="status.next_quarter",
                key_display="]"),
        Binding("c", "copy_chase", strings.KEY_COPY_CHASE, id="status.copy"),
        Binding("t", "export_text", strings.KEY_EXPORT_TEXT, id="status.export_text"),
        Binding("x", "export_xlsx", strings.KEY_EXPORT_XLSX, id="status.export_xlsx"),
        Binding("escape", "back", strings.KEY_BACK, id="status.back"),
    ]

    def __init__(self, quarter: Quarter | None = None, *, export_dir: Path | None = None) -> None:
        super().__init__()
        self._initial_quarter = quarter
        self._export_dir = export_dir
        self.quarter: Quarter = quarter or Quarter(2000, 1)
        self.quarters: list[Quarter] = []
        self.campaign: Campaign | None = None
        self.figures: QuarterFigures | None = None
        self._unit_rows: dict[str, list[int]] = {}  # table id → the unit id of each row

    # --- layout -------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        self.quarters = reports.campaign_quarters(self.ledger, self.today)
        self.quarter = self._initial_quarter or rules.default_report_quarter(self.today)
        if self.quarter not in self.quarters:
            self.quarters = sorted([*self.quarters, self.quarter])
        with Horizontal(id="status-pickers"):
            yield Label(strings.LABEL_QUARTER, classes="picker-label")
            yield Select[str](
                [(q.label, str(q)) for q in sorted(self.quarters, reverse=True)], allow_blank=False,
                value=str(self.quarter), id="status-quarter",
            )
            yield Static(strings.SUBMISSION_LOADING, id="status-summary")
        with TabbedContent(initial=QUARTER_TAB, id="status-tabs"):
            with TabPane(strings.TAB_STATUS_QUARTER, id=QUARTER_TAB):
                yield DataTable(id="status-units", cursor_type="row", zebra_stripes=True)
            with TabPane(strings.TAB_STATUS_CHASE, id=CHASE_TAB):
                with Vertical():
                    yield Static("", id="chase-heading", classes="heading")
                    yield DataTable(id="status-chase", cursor_type="row", zebra_stripes=True)
            with TabPane(strings.TAB_STATUS_HISTORY, id=HISTORY_TAB):
                with Vertical():
                    yield Static(strings.HISTORY_LEGEND, id="history-legend", classes="hint")
                    yield DataTable(id="status-history", cursor_type="row", zebra_stripes=True)
            with TabPane(strings.TAB_STATUS_PROGRESS, id=PROGRESS_TAB):
                with Horizontal():
                    with Vertical(id="progress-tables"):
                        yield Static("", id="progress-total", classes="heading")
                        yield DataTable(id="progress-units", cursor_type="row", zebra_stripes=True)
                        yield Static(strings.PROGRESS_PHASES_HEADING, classes="heading")
                        yield DataTable(id="progress-phases", cursor_type="row", zebra_stripes=True)
                    with VerticalScroll(id="progress-charts"):
                        yield Static("", id="trend-reported", classes="chart")
                        yield Static("", id="trend-done", classes="chart")
        yield Footer()

    def on_mount(self) -> None:
        self.title = strings.REPORT_STATUS_TITLE
        self.sub_title = strings.TODAY_LABEL.format(today=self.today.isoformat())
        units = self.query_one("#status-units", DataTable)
        units.add_column(strings.COL_UNIT, key="unit", width=14)
        for key, label in (("expected", strings.COL_EXPECTED), ("reported", strings.COL_REPORTED),
                           ("late", strings.COL_LATE), ("missing", strings.COL_MISSING)):
            units.add_column(label, key=key, width=4)
        units.add_column(strings.COL_SUBMISSION_STATE, key="state", width=8)
        units.add_column(strings.COL_CONTACT, key="contact", width=8)
        units.add_column(strings.COL_PHONE, key="phone", width=14)
        for table_id in ("#progress-units", "#progress-phases"):
            table = self.query_one(table_id, DataTable)
            table.add_column(strings.COL_UNIT if table_id == "#progress-units" else strings.COL_PHASE,
                             key="name", width=12)
            table.add_column(strings.COL_TASKS_DONE, key="done", width=6)
            table.add_column(strings.COL_DONE_SHARE, key="done_share", width=_SHARE_BAR_WIDTH + 5)
            table.add_column(strings.COL_QUARTER_REPORTED, key="reported", width=8)
            table.add_column(strings.COL_REPORTED_SHARE, key="reported_share", width=_SHARE_BAR_WIDTH + 5)
        self.query_one("#status-tabs").loading = True
        self.reload()

    # --- loading (in a thread; the figures are shown on the UI thread) -------------------------------

    def ledger_changed(self) -> None:
        self.reload()

    def reload(self, *, campaign: bool = True) -> None:
        """Read the figures again: the chosen quarter's, and (``campaign``) every quarter's."""
        if campaign:
            self.campaign = None
        # The ledger, the day and the app are taken here, on the UI thread: a worker that starts as
        # the app closes (a refresh from the ledger watch) finds no active app in its thread.
        self._load(self.app, self.ledger, self.today, self.quarter, self.campaign)

    @work(thread=True, exclusive=True, group="report-status")
    def _load(self, app: App[Any], ledger: Ledger, today: date, quarter: Quarter, campaign: Campaign | None) -> None:
        if campaign is None:
            matrix = reports.overview_matrix(ledger, self.quarters)
            columns = progress.overview_quarters(ledger, self.quarters, matrix, today=today)
            campaign = Campaign(
                columns=columns,
                record=progress.reporting_record(ledger, columns, matrix, today=today),
                trend=progress.trend(ledger, columns, today=today, matrix=matrix),
            )
        due_day, due_passed = progress.reports_due(ledger, quarter, today=today)
        submissions = reports.submission(ledger, quarter)
        figures = QuarterFigures(
            quarter=quarter,
            submissions=submissions,
            chase=reports.chase_list(submissions),
            progress=progress.progress(ledger, quarter, today=today),
            due_day=due_day,
            due_passed=due_passed,
        )
        if not get_current_worker().is_cancelled:
            app.call_from_thread(self._show, campaign, figures)

    def _show(self, campaign: Campaign, figures: QuarterFigures) -> None:
        if figures.quarter != self.quarter:
            return  # the clerk has moved on; that quarter's worker is on its way
        self.campaign, self.figures = campaign, figures
        self.query_one("#status-tabs").loading = False
        self._show_summary(figures)
        self._show_units(figures)
        self._show_chase(figures)
        self._show_history(campaign)
        self._show_progress(figures, campaign)

    def _show_summary(self, figures: QuarterFigures) -> None:
        subs = figures.submissions
        expected = sum(s.expected for s in subs)
        summary = self.query_one("#status-summary", Static)
        if not expected:
            summary.update(strings.SUBMISSION_NOTHING.format(quarter=figures.quarter.label))
            return
        reported = sum(s.reported for s in subs)
        summary.update(strings.SUBMISSION_SUMMARY.format(
            expected=expected, reported=reported, percent=progress.percent(reported, expected),
            late=sum(s.late for s in subs), units=len(figures.chase),
            missing=sum(len(s.missing) for s in figures.chase), due=figures.due_label,
        ))

    @staticmethod
    def _fill(table: DataTable[object], rows: Sequence[tuple[str, Sequence[object]]]) -> None:
        """Replace a table's rows, keeping the cursor on the same row number."""
        row = table.cursor_row
        table.clear()
        for key, cells in rows:
            table.add_row(*cells, key=key)
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))

    def _show_units(self, figures: QuarterFigures) -> None:
        rows = []
        for s in figures.submissions:
            # Before the due date a unit that has not reported yet is not behind: no alarm colour.
            quiet = progress.quarter_mark(s, due=figures.due_passed) == progress.PENDING
            state_style = "" if quiet else _STATE_STYLES[s.state]
            rows.append((str(s.unit_id), [
                cell(s.display_name),
                number_cell(s.expected),
                number_cell(s.reported),
                number_cell(s.late, "bold yellow"),
                number_cell(len(s.missing), "bold red"),
                cell(strings.SUBMISSION_STATES[s.state], state_style),
                cell(s.contact),
                cell(s.phone),
            ]))
        self._unit_rows["status-units"] = [s.unit_id for s in figures.submissions]
        self._fill(self.query_one("#status-units", DataTable), rows)

    def _show_chase(self, figures: QuarterFigures) -> None:
        rows: list[tuple[str, Sequence[object]]] = []
        owners: list[int] = []
        for s in figures.chase:
            for index, (code, title) in enumerate(s.missing):
                first = index == 0
                rows.append((f"{s.unit_id}:{index}", [
                    cell(s.display_name if first else "", "bold"),
                    cell(s.contact if first else ""),
                    cell(s.phone if first else ""),
                    cell(strings.CHASE_COUNT.format(missing=len(s.missing), expected=s.expected) if first else "",
                         "bold red"),
                    cell(code),
                    cell(title),
                ]))
                owners.append(s.unit_id)
        self._unit_rows["status-chase"] = owners
        table = self.query_one("#status-chase", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        # The task title takes the width the other columns leave (+ cell padding and a scrollbar).
        fixed = [(strings.COL_UNIT, "unit", 14), (strings.COL_CONTACT, "contact", 8), (strings.COL_PHONE, "phone", 14),
                 (strings.COL_MISSING, "count", 5), (strings.COL_CODE, "code", 10)]
        left = self.app.size.width - sum(width for _, _, width in fixed) - 2 * table.cell_padding * 6 - 2
        for label, key, width in fixed:
            table.add_column(label, key=key, width=width)
        table.add_column(strings.COL_MISSING_TASK, key="task", width=max(16, left))
        self._fill(table, rows)
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))
        heading = self.query_one("#chase-heading", Static)
        if figures.chase:
            heading.update(strings.CHASE_HEADING.format(
                quarter=figures.quarter.label, units=len(figures.chase),
                missing=sum(len(s.missing) for s in figures.chase),
            ))
        else:
            heading.update(strings.CHASE_NONE.format(quarter=figures.quarter.label))

    def _show_history(self, campaign: Campaign) -> None:
        table = self.query_one("#status-history", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        table.add_column(strings.COL_UNIT, key="unit", width=14)
        for quarter in campaign.columns:
            table.add_column(str(quarter), key=str(quarter), width=6)
        table.add_column(strings.COL_LATE_QUARTERS, key="late", width=6)
        table.add_column(strings.COL_MISSING_QUARTERS, key="missing", width=6)
        for record in campaign.record:
            marks = [
                Text(f" {strings.HISTORY_MARKS[record.marks.get(q, '')]} ", style=_MARK_STYLES.get(record.marks.get(q, ""), ""),
                     justify="center", no_wrap=True)
                for q in campaign.columns
            ]
            table.add_row(
                cell(record.display_name), *marks,
                number_cell(record.late_quarters, "bold yellow"), number_cell(record.missing_quarters, "bold red"),
                key=str(record.unit_id),
            )
        self._unit_rows["status-history"] = [r.unit_id for r in campaign.record]
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))
        legend = self.query_one("#history-legend", Static)
        legend.update(strings.HISTORY_LEGEND if campaign.record else strings.HISTORY_NOTHING)

    @staticmethod
    def _progress_cells(name: str, figures: Completion) -> list[object]:
        return [
            cell(name),
            cell(strings.SHARE_CELL.format(part=figures.done, whole=figures.total)),
            share_bar(figures.percent_done),
            cell(strings.SHARE_CELL.format(part=figures.reported, whole=figures.expected) if figures.expected else ""),
            share_bar(figures.percent_reported, fill=_ON_TIME_BAR) if figures.expected else cell(""),
        ]

    def _show_progress(self, figures: QuarterFigures, campaign: Campaign) -> None:
        now = figures.progress
        self.query_one("#progress-total", Static).update(strings.PROGRESS_TOTAL.format(
            done=now.total.done, total=now.total.total, percent=now.total.percent_done,
            quarter=figures.quarter.label, reported=now.total.reported, expected=now.total.expected,
            reported_percent=now.total.percent_reported,
        ))
        self._unit_rows["progress-units"] = [u.unit_id for u in now.units]
        self._fill(self.query_one("#progress-units", DataTable),
                   [(str(u.unit_id), self._progress_cells(u.display_name, u)) for u in now.units])
        self._fill(self.query_one("#progress-phases", DataTable),
                   [(str(p.phase_id), self._progress_cells(p.name, p)) for p in now.phases])
        reported = self.query_one("#trend-reported", Static)
        done = self.query_one("#trend-done", Static)
        if campaign.trend:
            reported.update(reported_chart(campaign.trend, figures.quarter))
            done.update(done_chart(campaign.trend, figures.quarter))
        else:
            reported.update(strings.TREND_NOTHING)
            done.update("")

    def on_resize(self) -> None:
        if self.figures is not None:
            self._show_chase(self.figures)

    # --- keys ---------------------------------------------------------------------------------------

    def _tabs(self) -> TabbedContent:
        return self.query_one("#status-tabs", TabbedContent)

    def action_show_tab(self, tab: str) -> None:
        self._tabs().active = tab

    def action_next_tab(self) -> None:
        tabs = self._tabs()
        tabs.active = TABS[(TABS.index(tabs.active) + 1) % len(TABS)] if tabs.active in TABS else QUARTER_TAB

    @on(TabbedContent.TabActivated, "#status-tabs")
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        target = _TAB_TABLES.get(event.pane.id or "")
        if target:
            self.set_focus(self.query_one(target, DataTable))

    def action_move_quarter(self, step: int) -> None:
        ordered = sorted(self.quarters)
        position = ordered.index(self.quarter) + step
        if 0 <= position < len(ordered):
            self.query_one("#status-quarter", Select).value = str(ordered[position])

    @on(Select.Changed, "#status-quarter")
    def _quarter_changed(self, event: Select.Changed) -> None:
        if not isinstance(event.value, str) or event.value == str(self.quarter):
            return
        self.quarter = Quarter.parse(event.value)
        self.reload(campaign=False)

    def selected_unit(self) -> int | None:
        """The unit of the row under the cursor in the focused table (None on the phases table)."""
        table = self.focused if isinstance(self.focused, DataTable) else None
        if table is None:
            table = self.query_one(_TAB_TABLES[self._tabs().active], DataTable)
        owners = self._unit_rows.get(table.id or "", [])
        return owners[table.cursor_row] if 0 <= table.cursor_row < len(owners) else None

    def action_open_entry(self) -> None:
        unit_id = self.selected_unit()
        if unit_id is None:
            return
        self.app.push_screen(ReportEntryScreen(self.quarter, unit_id), self._back_from_entry)

    @on(DataTable.RowSelected)
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_entry()

    def _back_from_entry(self, _: None) -> None:
        self.reload()

    def _chase_ready(self) -> QuarterFigures | None:
        if self.figures is None or self.figures.quarter != self.quarter:
            self.notify(strings.SUBMISSION_LOADING, severity="warning")
            return None
        return self.figures

    def action_copy_chase(self) -> None:
        if (figures := self._chase_ready()) is None:
            return
        self.app.copy_to_clipboard(reports.missing_text(figures.chase, figures.quarter))
        self.notify(strings.CHASE_COPIED.format(units=len(figures.chase)))

    def _export(self, suffix: str) -> None:
        if (figures := self._chase_ready()) is None:
            return
        folder = self._export_dir or settings.export_dir(self.ledger)
        path = folder / (report_exports.chase_file_stem(figures.quarter, self.today) + suffix)
        try:
            if suffix == ".xlsx":
                report_exports.write_chase_xlsx(figures.chase, figures.quarter, path, today=self.today)
            else:
                report_exports.write_chase_text(figures.chase, figures.quarter, path)
        except LedgerError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.notify(strings.CHASE_EXPORTED.format(folder=path.parent, name=path.name), timeout=10)

    def action_export_text(self) -> None:
        self._export(".txt")

    def action_export_xlsx(self) -> None:
        self._export(".xlsx")

    def action_back(self) -> None:
        self.dismiss(None)
