"""`psa project add|list|show|edit|archive` and `psa task add|list|done|start`."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from psa_cli.cli.options import FormatOpt, ledger, output_format

app = typer.Typer(no_args_is_help=True)
task_app = typer.Typer(no_args_is_help=True)
CodeArg = Annotated[str, typer.Argument(help="Project code, or CLIENT/PROJECT.")]
RateOpt = Annotated[str | None, typer.Option("--rate", help="Hourly rate for this project.")]
BillingOpt = Annotated[
    str | None, typer.Option("--billing", help="hourly, fixed, retainer or non-billable.")
]
HoursOpt = Annotated[str | None, typer.Option("--budget-hours", help="Budget in hours, e.g. 40.")]
AmountOpt = Annotated[
    str | None, typer.Option("--budget-amount", help="Budget in money, e.g. 5000.")
]
RoundOpt = Annotated[
    str | None, typer.Option("--rounding", help="Override rounding: none, up/15, nearest/6/30.")
]
CapOpt = Annotated[str | None, typer.Option("--cap", help="Not-to-exceed amount (hourly).")]
FeeOpt = Annotated[str | None, typer.Option("--fee", help="Total fixed fee (fixed billing).")]
RetAmtOpt = Annotated[
    str | None, typer.Option("--retainer-amount", help="Monthly retainer amount.")
]
RetHoursOpt = Annotated[
    str | None, typer.Option("--retainer-hours", help="Hours a month the retainer covers.")
]
RollOpt = Annotated[
    bool | None, typer.Option("--rollover/--no-rollover", help="Carry unused retainer hours.")
]
StartOpt = Annotated[
    str | None, typer.Option("--start", help="First day of the project (schedule); '' clears.")
]
EndOpt = Annotated[
    str | None, typer.Option("--end", help="Last day of the project (schedule); '' clears.")
]
FIELDS = [
    ("Code", "code"), ("Name", "name"), ("Client", "client"), ("Billing", "billing"),
    ("Rate", "rate"), ("Currency", "currency"), ("Budget (h)", "budget_hours"),
    ("Budget", "budget_amount"), ("Cap", "cap"), ("Fee", "fee"),
    ("Retainer", "retainer_amount"), ("Rounding", "rounding"), ("Status", "status"),
    ("Start", "start"), ("End", "end"),
    ("Logged", "logged"),
]  # fmt: skip


def _human(data: dict[str, Any]) -> dict[str, Any]:
    from psa_cli.domain.durations import format_clock

    out = dict(data)
    out["budget_hours"] = format_clock(data["budget_seconds"]) if data["budget_seconds"] else None
    out["logged"] = format_clock(data["logged_seconds"])
    return out


@app.command()
def add(
    client: Annotated[str, typer.Argument(help="Client code.")],
    name: Annotated[str, typer.Argument(help="Project name.")],
    code: Annotated[
        str | None, typer.Option("--code", help="Short code you type (default: from names).")
    ] = None,
    rate: RateOpt = None,
    billing: BillingOpt = None,
    budget_hours: HoursOpt = None,
    budget_amount: AmountOpt = None,
    rounding: RoundOpt = None,
    cap: CapOpt = None,
    fee: FeeOpt = None,
    retainer_amount: RetAmtOpt = None,
    retainer_hours: RetHoursOpt = None,
    rollover: RollOpt = None,
    start: StartOpt = None,
    end: EndOpt = None,
    fmt: FormatOpt = None,
) -> None:
    """Add a project for a client."""
    from psa_cli.cli import render
    from psa_cli.services.projects import ProjectFields, add_project

    project = add_project(
        ledger(),
        client,
        ProjectFields(
            rounding=rounding,
            cap=cap,
            fee=fee,
            retainer_amount=retainer_amount,
            retainer_hours=retainer_hours,
            rollover=rollover,
            name=name,
            code=code,
            billing=billing or "hourly",
            rate=rate,
            budget_hours=budget_hours,
            budget_amount=budget_amount,
            start=start,
            end=end,
        ),  # fmt: skip
    )
    if output_format(fmt) == "table":
        render.say(f"Added project {project.code} ({project.name}) for {project.client_code}.")
    else:
        render.record(project.to_json(), output_format(fmt))


@app.command("list")
def list_(
    client: Annotated[
        str | None, typer.Option("--client", "-c", help="Only this client's.")
    ] = None,
    all_: Annotated[bool, typer.Option("--all", "-a", help="Include archived projects.")] = False,
    fmt: FormatOpt = None,
) -> None:
    """List projects with time logged."""
    from psa_cli.cli import render
    from psa_cli.services.projects import list_projects

    rows = [p.to_json() for p in list_projects(ledger(), client=client, include_archived=all_)]
    out = output_format(fmt)
    render.table(
        [_human(r) for r in rows] if out == "table" else rows,
        [
            render.col("Code", "code"),
            render.col("Name", "name"),
            render.col("Client", "client"),
            render.col("Billing", "billing"),
            render.col("Rate", "rate", "right"),
            render.col("Budget h", "budget_hours", "right"),
            render.col("Logged", "logged", "right"),
            render.col("Status", "status"),
        ],  # fmt: skip
        out,
        empty="No projects yet: add one with 'psa project add CLIENT NAME'.",
    )


@app.command()
def show(code: CodeArg, fmt: FormatOpt = None) -> None:
    """Show a project: settings, time logged and tasks."""
    from psa_cli.cli import render
    from psa_cli.domain.durations import format_clock
    from psa_cli.services.projects import show_project

    detail = show_project(ledger(), code)
    data = detail.project.to_json()
    data["totals"] = detail.totals
    data["tasks"] = [t.to_json() for t in detail.tasks]
    out = output_format(fmt)

    def extra() -> None:
        t = detail.totals
        render.say(
            f"\n{t['entries']} entries, {format_clock(t['billable_seconds'])} billable, "
            f"{format_clock(t['unbilled_seconds'])} unbilled"
            + (f", {t['first_day']} to {t['last_day']}" if t["first_day"] else "")
        )
        if detail.tasks:
            _task_table(data["tasks"], "table")

    render.record(_human(data) if out == "table" else data, out,
                  title=f"Project {detail.project.code}", fields=FIELDS, extra=extra)  # fmt: skip


@app.command()
def edit(
    code: CodeArg,
    name: Annotated[str | None, typer.Option("--name", help="New name.")] = None,
    new_code: Annotated[str | None, typer.Option("--code", help="New code.")] = None,
    rate: RateOpt = None,
    billing: BillingOpt = None,
    budget_hours: HoursOpt = None,
    budget_amount: AmountOpt = None,
    status: Annotated[
        str | None, typer.Option("--status", help="active, paused, done or archived.")
    ] = None,
    rounding: RoundOpt = None,
    cap: CapOpt = None,
    fee: FeeOpt = None,
    retainer_amount: RetAmtOpt = None,
    retainer_hours: RetHoursOpt = None,
    rollover: RollOpt = None,
    start: StartOpt = None,
    end: EndOpt = None,
    fmt: FormatOpt = None,
) -> None:
    """Change a project's settings ('' clears rate, budgets or dates)."""
    from psa_cli.cli import render
    from psa_cli.services.projects import ProjectFields, edit_project

    project = edit_project(
        ledger(),
        code,
        ProjectFields(
            rounding=rounding,
            cap=cap,
            fee=fee,
            retainer_amount=retainer_amount,
            retainer_hours=retainer_hours,
            rollover=rollover,
            name=name,
            code=new_code,
            billing=billing,
            rate=rate,
            budget_hours=budget_hours,
            budget_amount=budget_amount,
            status=status,
            start=start,
            end=end,
        ),  # fmt: skip
    )
    out = output_format(fmt)
    if out == "table":
        render.say(f"Updated project {project.code}.")
    render.record(_human(project.to_json()) if out == "table" else project.to_json(), out,
                  fields=FIELDS)  # fmt: skip


@app.command()
def archive(
    code: CodeArg,
    restore: Annotated[bool, typer.Option("--restore", help="Reopen instead.")] = False,
) -> None:
    """Archive a project (no new time; history stays)."""
    from psa_cli.services.projects import archive_project

    project = archive_project(ledger(), code, restore=restore)
    typer.echo(f"{'Reopened' if restore else 'Archived'} project {project.code}.")


# -- tasks ------------------------------------------------------------------

EstimateOpt = Annotated[str | None, typer.Option("--estimate", help="Estimate, e.g. 8h.")]
DueOpt = Annotated[
    str | None, typer.Option("--due", help="Due day (YYYY-MM-DD, friday, tomorrow...).")
]
AssigneeOpt = Annotated[str | None, typer.Option("--assignee", help="Person doing it.")]
StatusOpt = Annotated[str | None, typer.Option("--status", help="todo, doing or done.")]


def _task_table(rows: list[dict[str, Any]], out: str) -> None:
    from psa_cli.cli import render
    from psa_cli.domain.durations import format_clock

    def est(r: dict[str, Any]) -> str:
        return format_clock(r["estimate_seconds"]) if r["estimate_seconds"] else ""

    def used(r: dict[str, Any]) -> str:
        return f"{r['used_percent']} %" if r["used_percent"] is not None else ""

    render.table(
        rows,
        [
            render.col("Project", "project"),
            render.col("Task", "name"),
            render.col("Status", "status"),
            render.col("Assignee", "assignee"),
            render.col("Due", "due"),
            render.Col("Overdue", lambda r: "OVERDUE" if r["overdue"] else ""),
            render.Col("Estimate", est, "right"),
            render.Col("Logged", lambda r: format_clock(r["logged_seconds"]), "right"),
            render.Col("Used", used, "right"),
            render.col("Rate", "rate", "right"),
        ],  # fmt: skip
        out,
        empty="No tasks.",
    )


@task_app.command("add")
def task_add(
    project: CodeArg,
    name: Annotated[str, typer.Argument(help="Task name.")],
    estimate: EstimateOpt = None,
    rate: Annotated[str | None, typer.Option("--rate", help="Hourly rate for this task.")] = None,
    due: DueOpt = None,
    assignee: AssigneeOpt = None,
    status: StatusOpt = None,
) -> None:
    """Add a task to a project."""
    from psa_cli.services.projects import add_task

    task = add_task(ledger(), project, name, estimate=estimate, rate=rate, due=due,
                    assignee=assignee, status=status)  # fmt: skip
    typer.echo(f"Added task '{task.name}' to {task.project_code}.")


@task_app.command("edit")
def task_edit(
    project: CodeArg,
    name: Annotated[str, typer.Argument(help="Task name.")],
    new_name: Annotated[str | None, typer.Option("--name", help="New name.")] = None,
    estimate: EstimateOpt = None,
    rate: Annotated[str | None, typer.Option("--rate", help="Hourly rate ('' clears).")] = None,
    due: DueOpt = None,
    assignee: AssigneeOpt = None,
    status: StatusOpt = None,
    fmt: FormatOpt = None,
) -> None:
    """Change a task: name, estimate, rate, due day, assignee, status ('' clears)."""
    from psa_cli.cli import render
    from psa_cli.services.tasks import TaskFields, edit_task

    task = edit_task(ledger(), project, name, TaskFields(
        name=new_name, estimate=estimate, rate=rate, due=due, assignee=assignee, status=status,
    ))  # fmt: skip
    out = output_format(fmt)
    if out == "table":
        render.say(f"Updated task '{task.name}' in {task.project_code}.")
    _task_table([task.to_json()], out)


@task_app.command("list")
def task_list(
    project: Annotated[str | None, typer.Argument(help="Project code (default: all).")] = None,
    project_opt: Annotated[
        str | None, typer.Option("--project", "-P", help="Only this project's tasks.")
    ] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="Only tasks in this status.")
    ] = None,
    assignee: Annotated[
        str | None, typer.Option("--assignee", help="Only tasks of this person.")
    ] = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only open tasks due before today.")
    ] = False,
    open_only: Annotated[bool, typer.Option("--open", help="Hide done tasks.")] = False,
    fmt: FormatOpt = None,
) -> None:
    """List tasks: logged time against the estimate (% used), due day, overdue flag."""
    from psa_cli.services.tasks import list_tasks

    tasks = list_tasks(ledger(), project=project_opt or project, status=status,
                       assignee=assignee, overdue=overdue, include_done=not open_only)  # fmt: skip
    _task_table([t.to_json() for t in tasks], output_format(fmt))


@task_app.command("done")
def task_done(
    project: CodeArg,
    name: Annotated[str, typer.Argument(help="Task name.")],
    reopen: Annotated[bool, typer.Option("--reopen", help="Mark it todo again.")] = False,
) -> None:
    """Mark a task done."""
    from psa_cli.services.projects import set_task_status

    task = set_task_status(ledger(), project, name, "todo" if reopen else "done")
    typer.echo(f"Task '{task.name}' in {task.project_code} is {task.status}.")
