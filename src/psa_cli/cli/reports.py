"""`psa report timesheet|unbilled|budget|utilization|profitability|aging|revenue`.

Every report takes one period (--week [DATE], --month [YYYY-MM], --quarter [YYYY-Qn],
--year [YYYY], --last-week, --last-month; the value goes after the flag) and --from/--to,
the filters --client/--project/--person/--tag, and -f table|json|csv. Services are
imported inside the commands; tables are laid out in `cli.report_tables`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from psa_cli.cli.options import FormatOpt, FromOpt, ToOpt, ledger, output_format

if TYPE_CHECKING:
    from psa_cli.services.reports import ReportRequest

app = typer.Typer(no_args_is_help=True)

WhenArg = Annotated[
    str | None,
    typer.Argument(
        help="Value of --week (a date), --month (YYYY-MM), --quarter (YYYY-Qn) or --year "
        "(YYYY), e.g. '--month 2026-10'; without it, the current one.",
        show_default=False,
        metavar="[WHEN]",
    ),
]
WeekOpt = Annotated[bool, typer.Option("--week", help="The week of WHEN (default: this week).")]
MonthOpt = Annotated[bool, typer.Option("--month", help="The month WHEN (YYYY-MM; default: this).")]
QuarterOpt = Annotated[
    bool, typer.Option("--quarter", help="The quarter WHEN (YYYY-Qn; default: this one).")
]
YearOpt = Annotated[bool, typer.Option("--year", help="The year WHEN (YYYY; default: this one).")]
LastWeekOpt = Annotated[bool, typer.Option("--last-week", help="Last week.")]
LastMonthOpt = Annotated[bool, typer.Option("--last-month", help="Last month.")]
ClientOpt = Annotated[
    list[str] | None, typer.Option("--client", "-c", help="Only this client (repeatable).")
]
ProjectOpt = Annotated[
    list[str] | None, typer.Option("--project", help="Only this project (repeatable).")
]
PersonOpt = Annotated[
    list[str] | None, typer.Option("--person", help="Only this person's time (repeatable).")
]
TagOpt = Annotated[
    list[str] | None,
    typer.Option("--tag", help="Only entries with this tag (repeatable: all of them)."),
]
ChartOpt = Annotated[bool, typer.Option("--chart", help="Add a bar chart (table output).")]


def _request(
    when: str | None, date_from: str | None, date_to: str | None, flags: dict[str, bool],
    client: list[str] | None = None, project: list[str] | None = None,
    person: list[str] | None = None, tag: list[str] | None = None,
) -> ReportRequest:  # fmt: skip
    from psa_cli.services.reports import ReportRequest

    return ReportRequest(
        periods=[name for name, on in flags.items() if on], when=when, date_from=date_from,
        date_to=date_to, clients=client or [], projects=project or [], people=person or [],
        tags=tag or [],
    )  # fmt: skip


def _flags(week: bool, month: bool, quarter: bool, year: bool, last_week: bool,
           last_month: bool) -> dict[str, bool]:  # fmt: skip
    return {"week": week, "month": month, "quarter": quarter, "year": year,
            "last-week": last_week, "last-month": last_month}  # fmt: skip


def _emit(report: dict[str, Any], fmt: str | None, layout: str, chart: bool = False) -> None:
    from psa_cli.cli import render, report_tables

    out = output_format(fmt)
    if chart and out != "table":
        raise typer.BadParameter("charts are drawn for people: drop --format json/csv",
                                 param_hint="--chart")  # fmt: skip
    for warning in report.get("warnings", []):
        render.warn(warning)
    if out == "json":
        render.emit_json(report)
    elif out == "csv":
        render.emit_csv(report_tables.csv_rows(layout, report))
    else:
        report_tables.show(layout, report, chart=chart)


@app.command()
def timesheet(
    when: WhenArg = None, date_from: FromOpt = None, date_to: ToOpt = None,
    week: WeekOpt = False, month: MonthOpt = False, quarter: QuarterOpt = False,
    year: YearOpt = False, last_week: LastWeekOpt = False, last_month: LastMonthOpt = False,
    by: Annotated[str, typer.Option(
        "--by", help="Rows: project, client, task, person or tag.")] = "project",
    every: Annotated[str, typer.Option(
        "--every", help="Columns: day, week, month, or auto (by the range's length).")] = "auto",
    client: ClientOpt = None, project: ProjectOpt = None, person: PersonOpt = None,
    tag: TagOpt = None, chart: ChartOpt = False, fmt: FormatOpt = None,
) -> None:  # fmt: skip
    """Time per day x project (client, task, person, tag), billable apart (default: this week)."""
    from psa_cli.services import report_time

    req = _request(when, date_from, date_to, _flags(week, month, quarter, year, last_week,
                   last_month), client, project, person, tag)  # fmt: skip
    _emit(report_time.timesheet(ledger(), req, by=by, every=every), fmt, "timesheet", chart)


@app.command()
def unbilled(
    when: WhenArg = None, date_from: FromOpt = None, date_to: ToOpt = None,
    week: WeekOpt = False, month: MonthOpt = False, quarter: QuarterOpt = False,
    year: YearOpt = False, last_week: LastWeekOpt = False, last_month: LastMonthOpt = False,
    client: ClientOpt = None, project: ProjectOpt = None, person: PersonOpt = None,
    tag: TagOpt = None, fmt: FormatOpt = None,
) -> None:  # fmt: skip
    """Work in progress per client and project: unbilled hours, their value at the rates the
    invoice would use, unbilled expenses, and the age of the oldest item (default: all time)."""
    from psa_cli.services import report_money

    req = _request(when, date_from, date_to, _flags(week, month, quarter, year, last_week,
                   last_month), client, project, person, tag)  # fmt: skip
    _emit(report_money.unbilled(ledger(), req), fmt, "unbilled")


@app.command()
def budget(
    when: WhenArg = None, date_from: FromOpt = None, date_to: ToOpt = None,
    week: WeekOpt = False, month: MonthOpt = False, quarter: QuarterOpt = False,
    year: YearOpt = False, last_week: LastWeekOpt = False, last_month: LastMonthOpt = False,
    client: ClientOpt = None, project: ProjectOpt = None, person: PersonOpt = None,
    tag: TagOpt = None,
    all_projects: Annotated[bool, typer.Option(
        "--all", "-a", help="Include done and archived projects.")] = False,
    fmt: FormatOpt = None,
) -> None:  # fmt: skip
    """Hours and money used against each project's budget, % burned, remaining, the day it
    runs out at the pace of the last 4 weeks; warns past 80% and 100% (default: to today)."""
    from psa_cli.services import report_money

    req = _request(when, date_from, date_to, _flags(week, month, quarter, year, last_week,
                   last_month), client, project, person, tag)  # fmt: skip
    _emit(report_money.budget(ledger(), req, all_projects=all_projects), fmt, "budget")


@app.command()
def utilization(
    when: WhenArg = None, date_from: FromOpt = None, date_to: ToOpt = None,
    week: WeekOpt = False, month: MonthOpt = False, quarter: QuarterOpt = False,
    year: YearOpt = False, last_week: LastWeekOpt = False, last_month: LastMonthOpt = False,
    every: Annotated[str, typer.Option(
        "--every", help="Rows per week or month, or auto (weeks up to half a year).")] = "auto",
    client: ClientOpt = None, project: ProjectOpt = None, person: PersonOpt = None,
    tag: TagOpt = None, fmt: FormatOpt = None,
) -> None:  # fmt: skip
    """Capacity, logged and billable hours per person and week or month, billable share of
    capacity against time.utilization_target (default: this month)."""
    from psa_cli.services import report_time

    req = _request(when, date_from, date_to, _flags(week, month, quarter, year, last_week,
                   last_month), client, project, person, tag)  # fmt: skip
    _emit(report_time.utilization(ledger(), req, every=every), fmt, "utilization")


@app.command()
def profitability(
    when: WhenArg = None, date_from: FromOpt = None, date_to: ToOpt = None,
    week: WeekOpt = False, month: MonthOpt = False, quarter: QuarterOpt = False,
    year: YearOpt = False, last_week: LastWeekOpt = False, last_month: LastMonthOpt = False,
    client: ClientOpt = None, project: ProjectOpt = None,
    invoiced: Annotated[bool, typer.Option(
        "--invoiced", help="Revenue is what was invoiced only (no unbilled value).")] = False,
    by: Annotated[str, typer.Option("--by", help="Table rows: project or client.")] = "project",
    fmt: FormatOpt = None,
) -> None:  # fmt: skip
    """Revenue (invoiced + unbilled value), cost (hours x cost rate + expenses at cost),
    margin and margin % per project and client (default: all time)."""
    from psa_cli.services import report_money

    if by not in ("project", "client"):
        raise typer.BadParameter(f"'{by}' is not one of project, client", param_hint="--by")
    req = _request(when, date_from, date_to, _flags(week, month, quarter, year, last_week,
                   last_month), client, project)  # fmt: skip
    report = report_money.profitability(ledger(), req, invoiced_only=invoiced)
    _emit(report, fmt, f"profitability-{by}")


@app.command()
def aging(
    when: WhenArg = None, date_from: FromOpt = None, date_to: ToOpt = None,
    week: WeekOpt = False, month: MonthOpt = False, quarter: QuarterOpt = False,
    year: YearOpt = False, last_week: LastWeekOpt = False, last_month: LastMonthOpt = False,
    client: ClientOpt = None, fmt: FormatOpt = None,
) -> None:  # fmt: skip
    """Receivables per client by days overdue (current, 1-30, 31-60, 61-90, 90+) as of the
    end of the period (default: today)."""
    from psa_cli.services import report_revenue

    req = _request(when, date_from, date_to, _flags(week, month, quarter, year, last_week,
                   last_month), client)  # fmt: skip
    _emit(report_revenue.aging(ledger(), req), fmt, "aging")


@app.command()
def revenue(
    when: WhenArg = None, date_from: FromOpt = None, date_to: ToOpt = None,
    week: WeekOpt = False, month: MonthOpt = False, quarter: QuarterOpt = False,
    year: YearOpt = False, last_week: LastWeekOpt = False, last_month: LastMonthOpt = False,
    client: ClientOpt = None, project: ProjectOpt = None, chart: ChartOpt = False,
    fmt: FormatOpt = None,
) -> None:  # fmt: skip
    """Invoiced, collected and recognised revenue per month (default: this year)."""
    from psa_cli.services import report_revenue

    req = _request(when, date_from, date_to, _flags(week, month, quarter, year, last_week,
                   last_month), client, project)  # fmt: skip
    _emit(report_revenue.revenue(ledger(), req), fmt, "revenue", chart)
