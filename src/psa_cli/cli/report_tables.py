"""How the reports look for people (rich tables, charts) and as CSV rows.

CSV has one row per record of the report's main list (`rows`), with the JSON fields;
the timesheet's grid becomes one row per (row, period).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from psa_cli.cli import render
from psa_cli.domain.durations import format_clock


def _clock(seconds: int | None) -> str:
    return format_clock(seconds) if seconds else ""


def _money(text: str | None) -> str:
    return "" if text is None else f"{Decimal(text):,}"


def _pct(text: str | None) -> str:
    return "" if text is None else f"{text}%"


def _label(period: dict[str, str], every: str) -> str:
    day = date.fromisoformat(period["from"])
    if every == "day":
        return f"{day:%a %d}"
    if every == "week":
        return f"{day:%d %b}"
    return f"{day:%b %Y}"


def csv_rows(layout: str, report: dict[str, Any]) -> list[dict[str, Any]]:
    if layout == "timesheet":
        out = []
        for row in report["rows"]:
            key = {k: v for k, v in row.items() if not isinstance(v, list | int)}
            for i, period in enumerate(report["periods"]):
                seconds, billable = row["seconds"][i], row["billable_seconds"][i]
                if seconds:
                    out.append({"period": period["label"], **key, "seconds": seconds,
                                "billable_seconds": billable,
                                "non_billable_seconds": seconds - billable})  # fmt: skip
        return out
    if layout == "profitability-client":
        return list(report["clients"])
    if layout == "utilization":
        return _per_period(report)
    return list(report["rows"])


def show(layout: str, report: dict[str, Any], *, chart: bool = False) -> None:
    SHOW[layout.split("-")[0]](report, _span(report), layout, chart)


def _span(report: dict[str, Any]) -> str:
    first, last = report["from"], report["to"]
    if first and last:
        return f"{first} – {last}"
    if last:
        return f"up to {last}"
    return f"from {first}" if first else "all time"


def _totals_line(totals: list[dict[str, Any]], fields: list[tuple[str, str]]) -> None:
    for t in totals:
        parts = [f"{label} {_money(t[key])}" for label, key in fields]
        render.say(f"Total {t['currency']}: " + ", ".join(parts))


MAX_COLUMNS = 14  # periods shown as columns of a timesheet table


def _timesheet(report: dict[str, Any], title: str, layout: str, chart: bool) -> None:
    every, periods = report["every"], report["periods"]
    by = report["by"]
    if by == "task":
        head = [render.col("Project", "project"), render.col("Task", "task")]
    elif by in ("project", "client"):
        head = [render.col(by.capitalize(), "key"), render.col("Name", "name")]
    else:  # one column: "Person" would be dropped by render.table when there is one person
        head = [render.col("Who" if by == "person" else "Tag", "key")]

    def cell(i: int) -> Callable[[dict[str, Any]], str]:
        return lambda r: _clock(r["seconds"][i])

    shown = periods if len(periods) <= MAX_COLUMNS else []
    cols = head + [render.Col(_label(p, every), cell(i), "right") for i, p in enumerate(shown)]
    cols += [
        render.Col("Total", lambda r: _clock(r["total_seconds"]), "right"),
        render.Col("Billable", lambda r: _clock(r["billable_total_seconds"]), "right"),
    ]
    t = report["totals"]
    footer = ["Total"] + [""] * (len(head) - 1) + [_clock(s) for s in t["seconds"][: len(shown)]]
    footer += [_clock(t["total_seconds"]), _clock(t["billable_total_seconds"])]
    notes = ["an entry with several tags counts in each tag's row"] if by == "tag" else []
    if not shown:  # a grid wider than a terminal: rich takes seconds to lay it out
        notes.append(f"{len(periods)} {every}s: totals only; the grid with -f csv or -f json, "
                     "or a shorter range or --every")  # fmt: skip
    caption = "; ".join(notes) or None
    render.table(report["rows"], cols, "table", title=f"Timesheet by {by}, {title}",
                 footer=footer, caption=caption, empty="No time in this period.")  # fmt: skip
    if chart:
        from psa_cli.formats import charts

        bars = [charts.Bar(_label(p, every), t["seconds"][i], _clock(t["seconds"][i]) or "0:00",
                           t["billable_seconds"][i]) for i, p in enumerate(periods)]  # fmt: skip
        render.say("")
        render.say(
            charts.render(
                bars,
                title=f"Hours per {every}",
                legend=f"{charts.FULL} billable  {charts.LIGHT} non-billable",
            )
        )


def _unbilled(report: dict[str, Any], title: str, layout: str, chart: bool) -> None:
    cols = [render.col("Client", "client"), render.col("Project", "project"),
            render.col("Billing", "billing"),
            render.Col("Hours", lambda r: _clock(r["seconds"]), "right"),
            render.Col("Time value", lambda r: _money(r["time_value"]), "right"),
            render.Col("Expenses", lambda r: _money(r["expenses"]), "right"),
            render.Col("Value", lambda r: _money(r["value"]), "right"),
            render.col("Currency", "currency"), render.col("Oldest", "oldest"),
            render.col("Age (days)", "age_days", "right")]  # fmt: skip
    render.table(report["rows"], cols, "table", title=f"Unbilled work as of {report['as_of']}",
                 empty="Nothing unbilled.")  # fmt: skip
    _totals_line(report["totals"], [("value", "value"), ("of which expenses", "expenses")])


def _budget(report: dict[str, Any], title: str, layout: str, chart: bool) -> None:
    cols = [render.col("Project", "project"), render.col("Client", "client"),
            render.Col("Hours", lambda r: _clock(r["used_seconds"]), "right"),
            render.Col("of", lambda r: _clock(r["budget_seconds"]), "right"),
            render.Col("Amount", lambda r: _money(r["used_amount"])
                       if r["budget_amount"] else "", "right"),
            render.Col("of", lambda r: _money(r["budget_amount"]), "right"),
            render.col("Currency", "currency"),
            render.Col("Burned", lambda r: _pct(r["burned_percent"]), "right"),
            render.Col("Last 4 weeks", lambda r: _clock(r["recent_seconds"]), "right"),
            render.col("Runs out", "runs_out"), render.col("Warning", "warning")]  # fmt: skip
    render.table(
        report["rows"],
        cols,
        "table",
        title=f"Budgets as of {report['as_of']}",
        empty="No project with a budget (set one with --budget-hours/--budget-amount).",
    )


def _per_period(report: dict[str, Any]) -> list[dict[str, Any]]:
    """One record per (person, period) from the report's per-person series."""
    out = []
    for row in report["rows"]:
        for i, p in enumerate(report["periods"]):
            out.append({"person": row["person"], "period": p["label"], "from": p["from"],
                        "to": p["to"], **{k: row[k][i] for k in SERIES}})  # fmt: skip
    return out


SERIES = ("capacity_seconds", "logged_seconds", "billable_seconds", "utilization_percent",
          "billable_percent")  # fmt: skip


def _utilization(report: dict[str, Any], title: str, layout: str, chart: bool) -> None:
    def cols(first: list[Any], status: bool) -> list[Any]:
        return first + [
            render.Col("Capacity", lambda r: _clock(r["capacity_seconds"]), "right"),
            render.Col("Logged", lambda r: _clock(r["logged_seconds"]), "right"),
            render.Col("Billable", lambda r: _clock(r["billable_seconds"]), "right"),
            render.Col("Utilisation", lambda r: _pct(r["utilization_percent"]), "right"),
            render.Col("Billable %", lambda r: _pct(r["billable_percent"]), "right"),
        ] + ([render.col("Status", "status")] if status else [])  # fmt: skip

    label = {p["label"]: _label(p, report["every"]) for p in report["periods"]}
    rows = [{**r, "label": label[r["period"]]} for r in _per_period(report)]
    render.table(rows, cols([render.col("Person", "person"), render.col(report["every"]
                 .capitalize(), "label")], False), "table",
                 title=f"Utilisation, {title} (target {report['target_percent']}%)",
                 empty="No people.")  # fmt: skip
    people = [{"person": r["person"], **r["total"]} for r in report["rows"]]
    render.table(people, cols([render.col("Person", "person")], True), "table",
                 title="Whole period")  # fmt: skip


def _profitability(report: dict[str, Any], title: str, layout: str, chart: bool) -> None:
    by_client = layout.endswith("client")
    first = [render.col("Client", "client")] + ([] if by_client else [
        render.Col("Project", lambda r: r["project"] or "(no project)")])  # fmt: skip
    cols = first + [render.Col("Invoiced", lambda r: _money(r["invoiced"]), "right"),
                    render.Col("Unbilled", lambda r: _money(r["unbilled"]), "right"),
                    render.Col("Revenue", lambda r: _money(r["revenue"]), "right"),
                    render.Col("Hours", lambda r: _clock(r["seconds"]), "right"),
                    render.Col("Cost", lambda r: _money(r["cost"]), "right"),
                    render.Col("Margin", lambda r: _money(r["margin"]), "right"),
                    render.Col("Margin %", lambda r: _pct(r["margin_percent"]), "right"),
                    render.col("Currency", "currency")]  # fmt: skip
    render.table(report["clients" if by_client else "rows"], cols, "table",
                 title=f"Profitability, {title}",
                 empty="No revenue or cost in this period.")  # fmt: skip
    _totals_line(report["totals"], [("revenue", "revenue"), ("cost", "cost"),
                                    ("margin", "margin")])  # fmt: skip


def _aging(report: dict[str, Any], title: str, layout: str, chart: bool) -> None:
    from psa_cli.domain.reporting import AGING_BUCKETS, AGING_LABELS

    cols = [render.col("Client", "client"), render.col("Currency", "currency")]
    cols += [render.Col(label, _field(key), "right")
             for key, label in zip(AGING_BUCKETS, AGING_LABELS, strict=True)]  # fmt: skip
    cols += [render.Col("Total", _field("total"), "right"),
             render.col("Invoices", "invoices", "right")]  # fmt: skip
    render.table(report["rows"], cols, "table",
                 title=f"Receivables as of {report['as_of']} (days overdue)",
                 empty="Nothing is owed to you.")  # fmt: skip
    _totals_line(report["totals"], [("owed", "total"), ("90+ days", "days_over_90")])


def _field(key: str) -> Callable[[dict[str, Any]], str]:
    return lambda r: _money(r[key])


def _revenue(report: dict[str, Any], title: str, layout: str, chart: bool) -> None:
    cols = [render.col("Month", "month"), render.col("Currency", "currency"),
            render.Col("Invoiced", _field("invoiced"), "right"),
            render.Col("Collected", _field("collected"), "right"),
            render.Col("Recognised", _field("recognised"), "right"),
            render.Col("Time", _field("recognised_time"), "right"),
            render.Col("Retainers", _field("recognised_retainer"), "right"),
            render.Col("Fixed fees", _field("recognised_fixed"), "right"),
            render.Col("Expenses", _field("recognised_expenses"), "right"),
            render.Col("Other", _field("recognised_other"), "right")]  # fmt: skip
    render.table(report["rows"], cols, "table", title=f"Revenue, {title}",
                 empty="No revenue in this period.")  # fmt: skip
    _totals_line(report["totals"], [("invoiced", "invoiced"), ("collected", "collected"),
                                    ("recognised", "recognised")])  # fmt: skip
    if chart:
        from psa_cli.formats import charts

        for t in report["totals"]:
            cur = t["currency"]
            render.say("")
            render.say(charts.render(charts.revenue_bars(report, cur),
                                     title=f"Recognised revenue per month ({cur})"))  # fmt: skip


SHOW: dict[str, Callable[[dict[str, Any], str, str, bool], None]] = {
    "timesheet": _timesheet, "unbilled": _unbilled, "budget": _budget,
    "utilization": _utilization, "profitability": _profitability, "aging": _aging,
    "revenue": _revenue,
}  # fmt: skip
