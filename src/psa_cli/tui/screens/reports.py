"""Reports: every `psa report` as a table, with period switching (week, month,
quarter, year; previous/next)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from psa_cli.domain.durations import format_duration
from psa_cli.domain.periods import parse_month, parse_quarter, parse_year, week_start
from psa_cli.services import report_money, report_revenue, report_time
from psa_cli.services.ledger import Ledger
from psa_cli.services.reports import ReportRequest
from psa_cli.tui.screens.base import LedgerScreen, fill, right

REPORTS = ("timesheet", "unbilled", "budget", "utilization", "profitability", "aging", "revenue")
KINDS = ("week", "month", "quarter", "year")
EVERY = {"week": "day", "month": "week", "quarter": "month", "year": "month"}  # table columns


def period_span(kind: str, anchor: date, first_weekday: int = 0) -> tuple[date, date]:
    """The week/month/quarter/year holding `anchor`."""
    if kind == "week":
        first = week_start(anchor, first_weekday)
        return first, first + timedelta(days=6)
    if kind == "month":
        return parse_month(f"{anchor.year}-{anchor.month:02d}")
    if kind == "quarter":
        return parse_quarter(f"{anchor.year}-Q{(anchor.month - 1) // 3 + 1}", anchor)
    return parse_year(str(anchor.year))


def shift(kind: str, anchor: date, step: int) -> date:
    """The anchor moved by `step` periods of `kind`."""
    if kind == "week":
        return anchor + timedelta(days=7 * step)
    months = {"month": 1, "quarter": 3, "year": 12}[kind] * step
    index = anchor.year * 12 + anchor.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def run_report(
    ledger: Ledger, name: str, start: date, end: date, every: str = "auto"
) -> dict[str, Any]:
    req = ReportRequest(date_from=start.isoformat(), date_to=end.isoformat())
    if name == "timesheet":
        return report_time.timesheet(ledger, req, by="project", every=every)
    if name == "utilization":
        return report_time.utilization(ledger, req, every="week" if every == "day" else every)
    if name == "unbilled":
        return report_money.unbilled(ledger, req)
    if name == "budget":
        return report_money.budget(ledger, req)
    if name == "profitability":
        return report_money.profitability(ledger, req)
    if name == "aging":
        return report_revenue.aging(ledger, req)
    return report_revenue.revenue(ledger, req)


def _cell(key: str, value: Any) -> Any:
    if value is None:
        return ""
    if key.endswith("seconds") and isinstance(value, int):
        return right(format_duration(value) if value else "·", "" if value else "dim")
    if isinstance(value, int | float):
        return right(str(value))
    if isinstance(value, str) and value.replace(".", "", 1).lstrip("-").isdigit():
        return right(value)
    return str(value)


def table_of(report: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """A report's `rows` as columns and cells: scalar fields as they are, a per-period
    series (the timesheet's seconds) as one column per period, a `total` dict flattened."""
    rows = report.get("rows") or []
    periods = report.get("periods") or []
    columns: list[str] = []
    for row in rows:
        for key, value in row.items():
            if isinstance(value, list):
                if key in ("seconds",) and len(value) == len(periods):
                    columns += [f"@{i}" for i in range(len(periods)) if f"@{i}" not in columns]
            elif isinstance(value, dict):
                columns += [f"{key}.{k}" for k in value if f"{key}.{k}" not in columns]
            elif key not in columns:
                columns.append(key)
    cells = []
    for row in rows:
        line = []
        for col in columns:
            if col.startswith("@"):
                line.append(_cell("seconds", row["seconds"][int(col[1:])]))
            elif "." in col:
                outer, inner = col.split(".", 1)
                line.append(_cell(inner, (row.get(outer) or {}).get(inner)))
            else:
                line.append(_cell(col, row.get(col)))
        cells.append(line)
    titles = [periods[int(c[1:])]["label"] if c.startswith("@") else _title(c) for c in columns]
    return titles, cells


class ReportsScreen(LedgerScreen):
    BINDINGS = [
        Binding("r", "next_report", "Next report"),
        Binding("R", "next_report(-1)", "Prev report", show=False),
        Binding("p", "next_kind", "Period kind"),
        Binding("left_square_bracket", "shift(-1)", "Prev period", key_display="["),
        Binding("right_square_bracket", "shift(1)", "Next period", key_display="]"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.report_index = 0
        self.kind_index = 1  # month
        self.period_anchor: date | None = None
        self.loaded: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="report-bar", classes="bar")
        yield DataTable(id="report", cursor_type="row", zebra_stripes=True)
        yield Static("", id="report-notes", classes="bar")
        yield Static("", id="report-chart")
        yield Footer()

    def on_mount(self) -> None:
        self.period_anchor = self.app.clock.today()  # type: ignore[attr-defined]
        self.query_one("#report", DataTable).focus()

    @property
    def span(self) -> tuple[date, date]:
        assert self.period_anchor is not None
        first = self.app.clock.config.week_start  # type: ignore[attr-defined]
        return period_span(KINDS[self.kind_index], self.period_anchor, first)

    def reload(self) -> None:
        if self.period_anchor is None:
            return
        self.loaded.clear()
        name = REPORTS[self.report_index]
        start, end = self.span
        self.query_one("#report-bar", Static).update(
            Text.assemble(
                ("Report: ", "bold"), (name, "bold cyan"),
                ("   Period: ", "bold"), f"{KINDS[self.kind_index]} {start} – {end}",
                ("   r report · p period · [ ] move", "dim"),
            )
        )  # fmt: skip
        every = EVERY[KINDS[self.kind_index]]
        self.load(run_report, name, start, end, every, then=self.show_report)

    def show_report(self, report: dict[str, Any]) -> None:
        titles, cells = table_of(report)
        fill(self.query_one("#report", DataTable), [tuple(c) for c in cells], labels=titles)
        notes = []
        totals = report.get("totals")
        if isinstance(totals, list):
            for t in totals:
                notes.append("  ".join(f"{_title(k)} {_plain(k, v)}" for k, v in t.items()))
        elif isinstance(totals, dict):
            notes.append("  ".join(f"{_title(k)} {_plain(k, v)}" for k, v in totals.items()
                                   if not isinstance(v, list)))  # fmt: skip
        warnings = report.get("warnings") or []
        text = Text("Totals: " + " | ".join(notes) if notes else "No totals.")
        if warnings:
            text.append("\n" + "\n".join(warnings), style="yellow")
        if not cells:
            text = Text("Nothing to report for this period.", style="dim")
        self.query_one("#report-notes", Static).update(text)
        self.query_one("#report-chart", Static).update(chart_of(report))
        self.loaded.add("report")

    def action_next_report(self, step: int = 1) -> None:
        self.report_index = (self.report_index + step) % len(REPORTS)
        self.reload()

    def action_next_kind(self) -> None:
        self.kind_index = (self.kind_index + 1) % len(KINDS)
        self.reload()

    def action_shift(self, step: int) -> None:
        if self.period_anchor is not None:
            self.period_anchor = shift(KINDS[self.kind_index], self.period_anchor, step)
            self.reload()


def chart_of(report: dict[str, Any]) -> str:
    """The timesheet's hours per period (billable solid, the rest light) and the recognised
    revenue per month, as bars, like `psa report timesheet|revenue --chart`; the other
    reports are tables only."""
    from psa_cli.formats import charts

    if report.get("report") == "revenue" and report.get("rows"):
        return "\n\n".join(
            charts.render(charts.revenue_bars(report, t["currency"]), width=40,
                          title=f"Recognised revenue per month ({t['currency']})")
            for t in report["totals"]
        )  # fmt: skip
    if report.get("report") != "timesheet" or not report.get("rows"):
        return ""

    totals = report["totals"]
    bars = [
        charts.Bar(p["label"], seconds, format_duration(seconds) if seconds else "·", billable)
        for p, seconds, billable in zip(
            report["periods"], totals["seconds"], totals["billable_seconds"], strict=True
        )
    ]
    return charts.render(
        bars,
        title="Hours per period",
        width=40,
        legend=f"{charts.FULL} billable  {charts.LIGHT} non-billable",
    )


def _plain(key: str, value: Any) -> str:
    if key.endswith("seconds") and isinstance(value, int):
        return format_duration(value)
    return str(value)


def _title(key: str) -> str:
    """`billable_total_seconds` -> `billable total`, `total.logged_seconds` -> `logged`."""
    key = key.rsplit(".", 1)[-1]
    words = key.removesuffix("_seconds").replace("_", " ")
    return {"key": "code"}.get(words, words)
