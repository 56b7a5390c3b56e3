"""The ``taizhang`` command: opens the ledger, or does one job from the shell."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from store import strings
from store.errors import LedgerError

if TYPE_CHECKING:
    from store.importing.plan_import import ParsedPlan
    from store.ledger.db import Ledger
    from store.work.quarters import Quarter


def _run_app(path: Path | None) -> None:
    """Open the ledger and run the app. A ledger that cannot be opened is refused with its message
    (exit 2); an app that ended on an error exits non-zero, saying so when the ledger is damaged."""
    from store.ledger.db import LedgerFault
    from store.ledger.opener import check_damage, open_ledger
    from tui.app import TaizhangApp

    # The default ledger's folder is made on the first start; a --db path in a missing folder is
    # more likely mistyped than new.
    ledger = open_ledger(path, make_folder=path is None)
    try:
        app = TaizhangApp(ledger, daily_backup=True)
        app.run()
    finally:
        ledger.close()
    if app.return_code:
        shown = getattr(app, "_exception", None)  # a LedgerFault was shown by Textual as its message
        damage = None if isinstance(shown, LedgerFault) else check_damage(ledger.path)
        if damage is not None:
            click.echo(strings.CLI_ERROR.format(message=damage), err=True)
        sys.exit(app.return_code)


def _fail(exc: LedgerError) -> NoReturn:
    click.echo(strings.CLI_ERROR.format(message=exc), err=True)
    sys.exit(2)


class _LedgerGroup(click.Group):
    """Every command ends on a Chinese message, never a traceback, when the ledger fails under it:
    a LedgerError a command did not catch, or a SQLite error about the file itself (damaged pages
    met half-way, a full disk) that reached here without going through store.ledger.db's mapping."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LedgerError as exc:
            _fail(exc)
        except sqlite3.DatabaseError as exc:
            from store.ledger.opener import check_damage, ledger_fault
            from store.ledger.paths import default_db_path

            path = (ctx.obj or {}).get("db") or default_db_path()
            fault = ledger_fault(path, exc) or check_damage(path)
            if fault is None:
                raise
            _fail(fault)


@click.group(cls=_LedgerGroup, invoke_without_command=True, help=strings.CLI_HELP)
@click.option("--db", "db_path", type=click.Path(path_type=Path), help=strings.CLI_DB_HELP)
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
@click.option("--db", "demo_db", type=click.Path(path_type=Path), help=strings.CLI_DEMO_DB_HELP)
@click.option("--no-open", is_flag=True, help=strings.CLI_NO_OPEN_HELP)
@click.option("--scale", type=click.Choice(["s", "m", "l"]), help=strings.CLI_DEMO_SCALE_HELP)
@click.pass_context
def demo(ctx: click.Context, demo_db: Path | None, no_open: bool, scale: str | None) -> None:
    from store.samples import demo as demo_store

    path = demo_db or ctx.obj.get("db") or demo_store.default_demo_path()
    if scale:
        path = demo_db or ctx.obj.get("db") or _scale_demo_path(scale)
        _build_scale(path, scale)
        if not no_open:
            try:
                _run_app(path)
            except LedgerError as exc:
                _fail(exc)
        return
    try:
        ledger = demo_store.create_demo(path)
    except LedgerError as exc:
        _fail(exc)
    counts = {t: ledger.scalar(f"SELECT count(*) FROM {t}") for t in ("units", "tasks", "phases")}
    ledger.close()
    click.echo(strings.CLI_DEMO_CREATED.format(path=path, **counts))
    if not no_open:
        try:
            _run_app(path)
        except LedgerError as exc:
            _fail(exc)


@cli.command("import", help=strings.CLI_IMPORT_HELP)
@click.argument("file", type=click.Path(path_type=Path))  # a missing file or a folder: read_document says so
@click.option("--dry-run", is_flag=True, help=strings.CLI_DRY_RUN_HELP)
@click.option("--json", "as_json", is_flag=True, help=strings.CLI_JSON_HELP)
@click.pass_context
def import_plan(ctx: click.Context, file: Path, dry_run: bool, as_json: bool) -> None:
    from store.importing.import_review import ImportDraft
    from store.importing.plan_import import PlanReadError, parse_plan, read_document
    from store.work import units as unit_store

    try:
        text = read_document(file)
    except PlanReadError as exc:
        click.echo(strings.CLI_ERROR.format(message=exc), err=True)
        sys.exit(2)
    ledger = None if dry_run else _open(ctx, create=True)
    try:
        # The ledger's own unit names count as units whatever their ending.
        parsed = parse_plan(text, unit_store.known_names(ledger) if ledger is not None else frozenset())
        _show_parsed(parsed, as_json)
        if not parsed.tasks and not parsed.phases:
            message = (
                strings.ERR_IMPORT_NOTICE_ONLY.format(source=str(file), title=parsed.meta.title or "")
                if parsed.notice_only
                else strings.IMPORT_NOTHING_FOUND.format(path=file)
            )
            click.echo(strings.CLI_ERROR.format(message=message), err=True)
            sys.exit(1)
        if ledger is None:
            if not as_json:
                click.echo(strings.IMPORT_DRY_RUN_NOTE)
            return
        # A plan imported before keeps the review its last import had (dropped items stay dropped).
        draft = ImportDraft.of(parsed, source_file=str(file), original_text=text)
        if draft.recall(ledger):
            print(strings.W_RECALLED.format(count=draft.recalled), file=sys.stderr if as_json else sys.stdout)
        report = draft.save(ledger, allow_empty=True)
    except LedgerError as exc:
        _fail(exc)
    finally:
        if ledger is not None:
            ledger.close()
    out = sys.stderr if as_json else sys.stdout
    if report.new_units:
        print(strings.IMPORT_NEW_UNITS.format(count=len(report.new_units), names="、".join(report.new_units)), file=out)
    if report.updating:
        print(strings.IMPORT_SAVED_UPDATE.format(
            added=len(report.added), changed=len(report.changed), removed=len(report.removed)), file=out)
    else:
        print(strings.IMPORT_SAVED_NEW.format(added=len(report.added)), file=out)
    if report.kept_with_reports:
        print(strings.IMPORT_KEPT_WITH_REPORTS.format(tasks="、".join(report.kept_with_reports)), file=out)


def _show_parsed(parsed: ParsedPlan, as_json: bool) -> None:
    """What the importer understood: JSON, or a summary with every task and warning."""
    import json

    if as_json:
        click.echo(json.dumps(parsed.to_json(), ensure_ascii=False, indent=1))
        return
    click.echo(
        strings.IMPORT_SUMMARY.format(
            title=parsed.meta.title or strings.UNTITLED_PLAN,
            tasks=len(parsed.tasks),
            phases=len(parsed.phases),
            warnings=len(parsed.warnings),
        )
    )
    for task in parsed.tasks:
        names = "、".join(u.name + (strings.LEAD_MARK if u.role == "lead" else "") for u in task.units)
        click.echo(strings.IMPORT_TASK_LINE.format(code=task.code, title=task.title, units=names))
    for warning in parsed.warnings:
        click.echo(strings.IMPORT_WARNING_LINE.format(where=warning.where, message=warning.message))


@cli.group(help=strings.CLI_REPORT_HELP)
def report() -> None:
    pass


def _open(ctx: click.Context, *, create: bool = False) -> Ledger:
    """The ledger for a command. Only ``import`` makes a new one (the first plan of a new ledger);
    reports, forms and agendas of a ledger that is not there are refused, nothing is created."""
    from store.ledger.opener import open_ledger

    path = ctx.find_root().obj.get("db")
    try:
        return open_ledger(path, create=create, make_folder=path is None)
    except LedgerError as exc:
        _fail(exc)


def _quarter(text: str | None) -> Quarter:
    from store.work import rules
    from store.work.quarters import Quarter

    try:
        return Quarter.parse(text) if text else rules.default_report_quarter(rules.today())
    except LedgerError as exc:
        _fail(exc)


@report.command("add", help=strings.CLI_REPORT_ADD_HELP)
@click.option("--task", "task_code", required=True, help=strings.CLI_REPORT_TASK_HELP)
@click.option("--unit", "unit_name", required=True, help=strings.CLI_REPORT_UNIT_HELP)
@click.option("--quarter", help=strings.CLI_QUARTER_HELP)
@click.option("--status", required=True, help=strings.CLI_REPORT_STATUS_HELP)
@click.option("--progress", type=click.IntRange(0, 100), help=strings.CLI_REPORT_PROGRESS_HELP)
@click.option("--done", "work_done", default="", help=strings.CLI_REPORT_DONE_HELP)
@click.option("--problems", default="", help=strings.CLI_REPORT_PROBLEMS_HELP)
@click.option("--next", "next_steps", default="", help=strings.CLI_REPORT_NEXT_HELP)
@click.option("--received", help=strings.CLI_REPORT_RECEIVED_HELP)
@click.pass_context
def report_add(
    ctx: click.Context, task_code: str, unit_name: str, quarter: str | None, status: str, progress: int | None,
    work_done: str, problems: str, next_steps: str, received: str | None,
) -> None:
    from store.quarterly import reports
    from store.work import inputs, rules, units

    ledger = _open(ctx)
    try:
        today = rules.today()
        draft = reports.ReportDraft(
            task_id=reports.task_id_by_code(ledger, task_code),
            unit_id=units.resolve_unit(ledger, unit_name),
            quarter=_quarter(quarter),
            status=reports.parse_status(status),
            progress=progress,
            work_done=work_done, problems=problems, next_steps=next_steps,
            received=inputs.parse_date_input(received) if received else today,
        )
        saved, changed = reports.record(ledger, draft, today=today)
    except LedgerError as exc:
        _fail(exc)
    finally:
        ledger.close()
    message = strings.CLI_REPORT_SAVED if changed else strings.CLI_REPORT_UNCHANGED
    click.echo(message.format(unit=saved.unit_name, task=task_code, quarter=saved.quarter.label,
                              revision=saved.revision, status=saved.status_label))


@report.command("missing", help=strings.CLI_REPORT_MISSING_HELP)
@click.option("--quarter", help=strings.CLI_QUARTER_HELP)
@click.option("--json", "as_json", is_flag=True, help=strings.CLI_JSON_HELP)
@click.pass_context
def report_missing(ctx: click.Context, quarter: str | None, as_json: bool) -> None:
    import json

    from store.quarterly import reports

    ledger = _open(ctx)
    chosen = _quarter(quarter)
    try:
        chase = reports.missing(ledger, chosen)
    finally:
        ledger.close()
    if as_json:
        click.echo(json.dumps({
            "quarter": str(chosen),
            "units": [
                {"unit": s.name, "short_name": s.display_name, "contact": s.contact, "phone": s.phone,
                 "expected": s.expected, "reported": s.reported,
                 "missing": [{"code": code, "title": title} for code, title in s.missing]}
                for s in chase
            ],
        }, ensure_ascii=False, indent=1))
        return
    click.echo(reports.missing_text(chase, chosen))


@cli.command("agenda", help=strings.CLI_AGENDA_HELP)
@click.option("--quarter", help=strings.CLI_AGENDA_QUARTER_HELP)
@click.option("--date", "day", required=True, help=strings.CLI_AGENDA_DATE_HELP)
@click.option("--time", "start_time", help=strings.CLI_AGENDA_TIME_HELP)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help=strings.CLI_AGENDA_OUT_HELP)
@click.pass_context
def agenda_command(ctx: click.Context, quarter: str | None, day: str, start_time: str | None, out: Path | None) -> None:
    from store.documents import agenda, agenda_docx, meetings
    from store.work import inputs, rules

    if out is not None and out.suffix.lower() not in (".docx", ".md"):
        _fail(LedgerError(strings.ERR_AGENDA_SUFFIX.format(name=out.name)))
    ledger = _open(ctx)
    try:
        today = rules.today()
        meeting_day = inputs.parse_date_input(day, field="date") or today
        chosen = _quarter(quarter) if quarter else rules.default_report_quarter(meeting_day)
        meeting = meetings.find_meeting(ledger, chosen, meeting_day)
        if meeting is None:
            draft = meetings.MeetingDraft(chosen, meeting_day, start_time or "09:00")
            meeting = meetings.get_meeting(ledger, meetings.create_meeting(ledger, draft))
            click.echo(strings.CLI_AGENDA_CREATED.format(title=meeting.display_title), err=True)
        elif start_time and meetings.parse_time(start_time) != meeting.start_time:
            meetings.update_meeting(ledger, meeting.id, meetings.MeetingDraft(
                meeting.quarter, meeting.date, start_time, meeting.place, meeting.chair, meeting.kind, meeting.title,
                meeting.attendees,
            ))
            meeting = meetings.get_meeting(ledger, meeting.id)
        found = agenda.facts(ledger, meeting, today=today)
        stored = agenda.load(ledger, meeting, today=today)
        current = agenda.regenerate(stored, agenda.generate(found, meeting)) if meeting.agenda_json else stored
        agenda.save(ledger, current)
        if out is None:
            click.echo(agenda.to_markdown(ledger, current, found))
        elif out.suffix.lower() == ".docx":
            agenda_docx.write_docx(ledger, current, found, out)
        else:
            agenda_docx.write_markdown(ledger, current, found, out)
    except LedgerError as exc:
        _fail(exc)
    finally:
        ledger.close()
    if out is not None:
        click.echo(strings.CLI_AGENDA_WRITTEN.format(path=out, items=len(current.items), minutes=current.total_minutes))


@report.command("forms", help=strings.CLI_REPORT_FORMS_HELP)
@click.option("--quarter", help=strings.CLI_QUARTER_HELP)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help=strings.CLI_REPORT_FORMS_OUT_HELP)
@click.option("--unit", "unit_names", multiple=True, help=strings.CLI_REPORT_FORMS_UNIT_HELP)
@click.pass_context
def report_forms(ctx: click.Context, quarter: str | None, out_dir: Path, unit_names: tuple[str, ...]) -> None:
    from store.quarterly import report_forms as forms
    from store.work import rules, units

    ledger = _open(ctx)
    chosen = _quarter(quarter)
    try:
        unit_ids = [units.resolve_unit(ledger, name) for name in unit_names] or None
        written = forms.write_forms(ledger, chosen, out_dir, today=rules.today(), unit_ids=unit_ids)
    except LedgerError as exc:
        _fail(exc)
    finally:
        ledger.close()
    if not written:
        click.echo(strings.CLI_REPORT_FORMS_NONE.format(quarter=chosen.label), err=True)
        sys.exit(1)
    click.echo(strings.FORMS_WRITTEN.format(count=len(written), quarter=chosen.label, path=out_dir))
    for path in written:
        click.echo(f"  {path.name}")


@report.command("import", help=strings.CLI_REPORT_IMPORT_HELP)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--quarter", help=strings.CLI_REPORT_IMPORT_QUARTER_HELP)
@click.option("--received", help=strings.CLI_REPORT_RECEIVED_HELP)
@click.pass_context
def report_import(ctx: click.Context, files: tuple[Path, ...], quarter: str | None, received: str | None) -> None:
    from store.quarterly import report_forms as forms
    from store.work import inputs, rules

    ledger = _open(ctx)
    try:
        day = inputs.parse_date_input(received) if received else None
        results = forms.import_forms(
            ledger, list(files), today=rules.today(), quarter=_quarter(quarter) if quarter else None, received=day
        )
    except LedgerError as exc:
        _fail(exc)
    finally:
        ledger.close()
    for result in results:
        click.echo(result.summary, err=bool(result.errors))
        for error in result.errors:
            click.echo(f"  {error}", err=True)
    if any(result.errors for result in results):
        sys.exit(1)


def _scale_demo_path(tier: str) -> Path:
    from store.samples import scale

    return scale.default_path(tier)


def _build_scale(path: Path, tier: str) -> None:
    from store.samples import scale

    try:
        built = scale.build(path, tier)
    except LedgerError as exc:
        _fail(exc)
    click.echo(strings.CLI_SCALE_CREATED.format(tier=tier, path=path, units=built.units, tasks=built.tasks,
                                                reports=built.reports, seconds=built.seconds))


@cli.command("status", help=strings.CLI_STATUS_HELP)
@click.argument("query", required=False, default="")
@click.option("--unit", "unit_name", help=strings.CLI_STATUS_UNIT_HELP)
@click.option("--phase", "phase_name", help=strings.CLI_STATUS_PHASE_HELP)
@click.option("--overdue", is_flag=True, help=strings.CLI_STATUS_OVERDUE_HELP)
@click.option("--limit", type=click.IntRange(min=0), default=50, help=strings.CLI_STATUS_LIMIT_HELP)
@click.option("--json", "as_json", is_flag=True, help=strings.CLI_JSON_HELP)
@click.pass_context
def status(
    ctx: click.Context, query: str, unit_name: str | None, phase_name: str | None, overdue: bool, limit: int,
    as_json: bool,
) -> None:
    # Kept light on purpose (no sqlite-utils, pendulum, textual, pypinyin): see store/lookup/status.py.
    import shutil

    from store.lookup import status as status_store
    from store.work import rules

    path = ctx.find_root().obj.get("db")
    today = rules.today()

    def ask(ledger: Ledger) -> status_store.StatusResult:
        return status_store.status(ledger, today=today, query=query, unit=unit_name, phase=phase_name,
                                   overdue=overdue, limit=limit)

    from store.ledger.opener import open_ledger

    try:
        # The one way a ledger is opened: refuses a foreign, newer or damaged file untouched, and
        # imports sqlite-utils only when the ledger needs a migration.
        ledger = open_ledger(path, create=False)
        try:
            result = ask(ledger)
        finally:
            ledger.close()
    except LedgerError as exc:
        _fail(exc)
    if as_json:
        import json

        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=1))
    else:
        text = status_store.render(result, width=shutil.get_terminal_size((120, 24)).columns)
        if text:
            click.echo(text)
    if result.empty:
        if not as_json and result.unit is None and not result.phase:
            message = strings.STATUS_NOTHING.format(query=query.strip()) if query.strip() else strings.STATUS_NOTHING_FILTERED
            click.echo(message, err=True)
        sys.exit(1)


def _ledger_path(ctx: click.Context) -> Path:
    from store.ledger.paths import default_db_path

    return ctx.find_root().obj.get("db") or default_db_path()


@cli.command("backup", help=strings.CLI_BACKUP_HELP)
@click.argument("dest", required=False, type=click.Path(path_type=Path))
@click.pass_context
def backup_command(ctx: click.Context, dest: Path | None) -> None:
    from store.ledger import backup

    ledger = _open_existing(ctx)
    try:
        made = backup.backup(ledger, dest, reason="manual")
    except LedgerError as exc:
        _fail(exc)
    finally:
        ledger.close()
    click.echo(strings.CLI_BACKUP_DONE.format(path=made))


@cli.command("restore", help=strings.CLI_RESTORE_HELP)
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", "-y", is_flag=True, help=strings.CLI_YES_HELP)
@click.option("--db", "target_db", type=click.Path(path_type=Path), help=strings.CLI_RESTORE_DB_HELP)
@click.pass_context
def restore_command(ctx: click.Context, source: Path, yes: bool, target_db: Path | None) -> None:
    from store.ledger import backup

    target = target_db or _ledger_path(ctx)
    problems = backup.check(source)
    if problems:
        _fail(LedgerError(strings.ERR_RESTORE_REFUSED.format(path=source, problems="".join(problems))))
    if not yes and not click.confirm(strings.CLI_RESTORE_CONFIRM.format(source=source, target=target)):
        click.echo(strings.CLI_RESTORE_CANCELLED)
        sys.exit(1)
    try:
        saved = backup.restore(source, target)
    except LedgerError as exc:
        _fail(exc)
    click.echo(strings.CLI_RESTORE_DONE.format(source=source, target=target))
    if saved is not None:
        click.echo(strings.CLI_RESTORE_SAVED.format(path=saved))


@cli.command("check", help=strings.CLI_CHECK_HELP)
@click.pass_context
def check_command(ctx: click.Context) -> None:
    from store.ledger import backup

    target = _ledger_path(ctx)
    problems = backup.check(target)
    if not problems:
        click.echo(strings.CLI_CHECK_OK.format(path=target, version=backup.schema_version(target)))
        return
    click.echo(strings.CLI_CHECK_PROBLEMS.format(path=target, count=len(problems)), err=True)
    for problem in problems:
        click.echo(f"  {problem}", err=True)
    from store.ledger.backup import restore_advice

    if target.exists() or backup.backups(target):  # (a mistyped path needs no advice about backups)
        click.echo(restore_advice(target), err=True)  # the latest good backup and the command, --db if needed
    sys.exit(1)


def _open_existing(ctx: click.Context) -> Ledger:
    from store.ledger.opener import open_ledger

    try:
        return open_ledger(_ledger_path(ctx), create=False)
    except LedgerError as exc:
        _fail(exc)


def main() -> None:
    cli(obj={})


if __name__ == "__main__":
    main()
