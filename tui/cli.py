"""The ``taizhang`` command: opens the ledger, or does one job from the shell."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from store import strings
from store.errors import LedgerError


def _run_app(path: Path | None) -> None:
    from store.db import open_ledger
    from tui.app import TaizhangApp

    ledger = open_ledger(path)
    try:
        TaizhangApp(ledger).run()
    finally:
        ledger.close()


def _fail(exc: LedgerError) -> None:
    click.echo(strings.CLI_ERROR.format(message=exc), err=True)
    sys.exit(2)


@click.group(invoke_without_command=True, help=strings.CLI_HELP)
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), help=strings.CLI_DB_HELP)
@click.version_option(package_name="taizhang")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None) -> None:
    ctx.ensure_object(dict)
    ctx.obj["db"] = db_path
    if ctx.invoked_subcommand is None:
        try:
            _run_app(db_path)
        except LedgerError as exc:
            _fail(exc)


@cli.command(help=strings.CLI_DEMO_HELP)
@click.option("--db", "demo_db", type=click.Path(dir_okay=False, path_type=Path), help=strings.CLI_DEMO_DB_HELP)
@click.option("--no-open", is_flag=True, help=strings.CLI_NO_OPEN_HELP)
@click.pass_context
def demo(ctx: click.Context, demo_db: Path | None, no_open: bool) -> None:
    from store import demo as demo_store

    path = demo_db or ctx.obj.get("db") or demo_store.default_demo_path()
    try:
        ledger = demo_store.create_demo(path)
    except LedgerError as exc:
        _fail(exc)
        return
    counts = {t: ledger.scalar(f"SELECT count(*) FROM {t}") for t in ("units", "tasks", "phases")}
    ledger.close()
    click.echo(strings.CLI_DEMO_CREATED.format(path=path, **counts))
    if not no_open:
        try:
            _run_app(path)
        except LedgerError as exc:
            _fail(exc)


def main() -> None:
    cli(obj={})


if __name__ == "__main__":
    main()
