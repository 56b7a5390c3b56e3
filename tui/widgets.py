"""Small pieces every screen uses: table cells that truncate Chinese with an ellipsis, light badges."""

from __future__ import annotations

from rich.text import Text

from store import strings
from store.work.rules import Light

LIGHT_STYLES = {
    Light.RED: "bold white on dark_red",
    Light.YELLOW: "bold black on yellow",
    Light.GREEN: "bold white on dark_green",
    Light.DONE: "dim",
}


def cell(value: object, style: str = "") -> Text:
    """A DataTable cell that ends in … when too wide (a bare str is cut with no mark)."""
    return Text(str(value), style=style, overflow="ellipsis", no_wrap=True)


def number_cell(value: int, style_if_nonzero: str = "") -> Text:
    text = Text(str(value), justify="right", no_wrap=True)
    if value and style_if_nonzero:
        text.stylize(style_if_nonzero)
    return text


def light_badge(light: Light) -> Text:
    """``红`` / ``黄`` / ``绿`` / ``完成`` on its colour: CJK, so every terminal draws it two cells wide."""
    return Text(f" {strings.LIGHT_SHORT[light.value]} ", style=LIGHT_STYLES[light], no_wrap=True)
