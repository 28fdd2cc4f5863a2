"""What the TUI's dashboard shows, one call per panel so each can load in its own worker.

Every panel is an indexed aggregate (the report services' GROUP BYs, the running-timer
partial index, today's entries by day): nothing loads the ledger's entries wholesale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from psa_cli.domain.periods import week_start
from psa_cli.services import entries, invoices, report_money, report_time, timer
from psa_cli.services.entries import EntryList
from psa_cli.services.ledger import Ledger
from psa_cli.services.people import ensure_me
from psa_cli.services.reports import ReportRequest

BUDGET_ALERT = Decimal(80)  # percent of a budget burned that puts a project on the dashboard


@dataclass
class Week:
    days: list[date]
    seconds: list[int]  # logged per day by you
    capacity: list[int]  # your capacity per day: weekly capacity over Mon-Fri, 0 at weekends


def _me(ledger: Ledger) -> Any:
    from psa_cli.services.people import list_people

    me_id = ensure_me(ledger)
    return next(p for p in list_people(ledger, include_archived=True) if p.id == me_id)


def me_name(ledger: Ledger) -> str:
    """The default person's name (the one `psa start`/`psa log` record for)."""
    return str(_me(ledger).name)


def running(ledger: Ledger) -> timer.Status:
    """Your running timer (if any), its elapsed time and today's total."""
    return timer.status(ledger)


def today(ledger: Ledger) -> EntryList:
    """Your entries of today, oldest first, with their totals."""
    return entries.list_entries(
        ledger, entries.EntryFilter(period="today", people=[me_name(ledger)])
    )


def week(ledger: Ledger) -> Week:
    """Hours per day of the current week against your capacity."""
    me = _me(ledger)
    first = week_start(ledger.today(), ledger.config.week_start)
    days = [first + timedelta(days=i) for i in range(7)]
    req = ReportRequest(
        date_from=days[0].isoformat(), date_to=days[-1].isoformat(), people=[me.name]
    )
    sheet = report_time.timesheet(ledger, req, by="project", every="day")
    per_day = me.capacity_seconds // 5
    return Week(
        days=days,
        seconds=list(sheet["totals"]["seconds"]),
        capacity=[per_day if d.weekday() < 5 else 0 for d in days],
    )


def unbilled_by_client(ledger: Ledger) -> list[dict[str, Any]]:
    """Unbilled value per client and currency (the `psa report unbilled` client totals)."""
    return list(report_money.unbilled(ledger, ReportRequest())["clients"])


def overdue(ledger: Ledger) -> list[dict[str, Any]]:
    """Issued invoices past their due date with money still due."""
    return invoices.list_invoices(ledger, status="overdue")


def budget_alerts(ledger: Ledger) -> list[dict[str, Any]]:
    """Projects that burned at least 80 % of their hours or amount budget."""
    rows = report_money.budget(ledger, ReportRequest())["rows"]
    return [r for r in rows if r["burned_percent"] and Decimal(r["burned_percent"]) >= BUDGET_ALERT]
