"""No typed work is lost: Esc or quitting on a changed form asks 保存 / 不保存 / 取消 first, naming the form."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from screens.confirm import ConfirmScreen, UnsavedScreen
from screens.unit_form import UnitFormScreen
from tests.app_factory import make_app
from tests.conftest import table_counts


async def _settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _new_unit_form(pilot: Pilot[Any]) -> UnitFormScreen:
    await _settle(pilot)
    await pilot.press("a")  # the unit list has focus: a new unit
    await _settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, UnitFormScreen)
    return form


async def test_esc_on_an_untouched_form_just_closes(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _new_unit_form(pilot)
        await pilot.press("escape")
        await _settle(pilot)
        assert app.screen is not form and not isinstance(app.screen, UnsavedScreen)


async def test_esc_on_a_filled_form_asks_and_cancel_keeps_the_text(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        before = table_counts(app.ledger)
        form = await _new_unit_form(pilot)
        await pilot.press(*"xcj")  # typed fast into the name field
        await pilot.press("escape")
        await _settle(pilot)
        question = app.screen
        assert isinstance(question, UnsavedScreen)
        assert form.form_title in question.question  # the question names the form
        await pilot.press("escape")  # 取消: back to the form, the text still there
        await _settle(pilot)
        assert app.screen is form
        assert form.query_one("#name", Input).value == "xcj"
        await pilot.press("escape", "n")  # 不保存: closes, nothing written
        await _settle(pilot)
        assert app.screen is not form
        assert table_counts(app.ledger) == before


async def test_esc_then_save_writes_the_form(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _new_unit_form(pilot)
        form.query_one("#name", Input).value = "县测试新单位"
        await pilot.press("escape")
        await _settle(pilot)
        assert isinstance(app.screen, UnsavedScreen)
        await pilot.press("y")
        await _settle(pilot)
        assert app.ledger.scalar("SELECT count(*) FROM units WHERE name = '县测试新单位'") == 1


async def test_quitting_from_a_filled_form_asks_and_names_it(demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _new_unit_form(pilot)
        form.query_one("#name", Input).value = "县另一个单位"
        await pilot.press("ctrl+q")
        await _settle(pilot)
        question = app.screen
        assert isinstance(question, ConfirmScreen)
        assert form.form_title in question.question and "导入的方案" not in question.question
        await pilot.press("n")
        await _settle(pilot)
        assert app.screen is form and form.query_one("#name", Input).value == "县另一个单位"
