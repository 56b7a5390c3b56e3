"""The yardstick for taizhang's time to first frame: a bare Textual app showing a DataTable.

The same frame as taizhang's main screen would be without a ledger: a header, a footer and a
DataTable of a hundred rows of Chinese names and numbers (the size of the unit list's first page).
Prints ``first-frame <unix time>`` once that frame is drawn, then quits, as taizhang does with
``TAIZHANG_BENCH_FIRST_FRAME=1``. Run by bench/bench_scale.py, headless with a fixed size.
"""

from __future__ import annotations

import os
import time

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

ROWS = 100


class BareDataTableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("单位", width=16)
        table.add_column("任务", width=4)
        table.add_column("红灯", width=4)
        table.add_column("黄灯", width=4)
        for i in range(ROWS):
            table.add_row(f"县第{i}局", i % 30, i % 7, i % 5, key=str(i))
        self.call_after_refresh(self._shown)

    def _shown(self) -> None:
        os.write(1, f"first-frame {time.time():.6f}\n".encode())
        self.exit()


if __name__ == "__main__":
    BareDataTableApp().run()
