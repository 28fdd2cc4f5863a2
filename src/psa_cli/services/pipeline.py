"""`psa report pipeline`: the weighted forecast of open deals and the win rate.

Rows are expected close months, from this month for `months` months; open deals whose
close date has passed are counted under `overdue`, those beyond the horizon under
`later`, those without a date under `undated`, so the totals are the whole open
pipeline. Each cell is the sum of value x probability / 100 (rounded half-up per deal)
of the deals of that stage. The win rate counts every closed deal: won / (won + lost),
by count and by value. Currencies are never mixed: one set of rows per currency.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from psa_cli.domain import crm as rules
from psa_cli.domain.errors import InvalidInput
from psa_cli.domain.money import format_amount
from psa_cli.services.ledger import Ledger
from psa_cli.store import crm

MAX_MONTHS = 60


def _months(today: date, count: int) -> list[str]:
    out = []
    year, month = today.year, today.month
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _bucket(close_date: str | None, months: list[str]) -> str:
    if close_date is None:
        return "undated"
    month = close_date[:7]
    if month < months[0]:
        return "overdue"
    return month if month <= months[-1] else "later"


def _empty() -> dict[str, int]:
    return {**{s: 0 for s in rules.OPEN_STAGES}, "weighted": 0, "value": 0, "deals": 0}


def _add(cell: dict[str, int], deal: dict[str, Any]) -> None:
    weight = rules.weighted(deal["value_minor"], deal["probability"])
    cell[deal["stage"]] += weight
    cell["weighted"] += weight
    cell["value"] += deal["value_minor"]
    cell["deals"] += 1


def _row(label: str, currency: str, cell: dict[str, int]) -> dict[str, Any]:
    money = {k: format_amount(cell[k], currency) for k in (*rules.OPEN_STAGES, "weighted", "value")}
    return {"month": label, "currency": currency, **money, "deals": cell["deals"]}


def pipeline(ledger: Ledger, months: int = 6) -> dict[str, Any]:
    if not 1 <= months <= MAX_MONTHS:
        raise InvalidInput(f"invalid --months {months}: give 1 to {MAX_MONTHS}")
    labels = _months(ledger.today(), months)
    order = ["overdue", *labels, "later", "undated"]
    cells: dict[str, dict[str, dict[str, int]]] = {}
    for deal in crm.open_deals(ledger.conn):
        per_month = cells.setdefault(deal["currency"], {})
        _add(per_month.setdefault(_bucket(deal["close_date"], labels), _empty()), deal)
    closed = crm.closed_totals(ledger.conn)
    currencies = sorted(set(cells) | set(closed)) or [ledger.config.currency]
    rows: list[dict[str, Any]] = []
    totals: list[dict[str, Any]] = []
    win_rates: list[dict[str, Any]] = []
    for cur in currencies:
        per_month = cells.get(cur, {})
        total = _empty()
        for label in order:
            cell = per_month.get(label)
            if cell is None and label in labels:
                cell = _empty()  # every month of the horizon shows, even empty
            if cell is None:
                continue
            rows.append(_row(label, cur, cell))
            for key in total:
                total[key] += cell[key]
        totals.append(_row("total", cur, total))
        c = closed.get(cur, {"won": 0, "lost": 0, "won_minor": 0, "lost_minor": 0})
        rate = rules.WinRate(c["won"], c["lost"], c["won_minor"], c["lost_minor"])
        win_rates.append({
            "currency": cur, "won": rate.won, "lost": rate.lost,
            "won_value": format_amount(rate.won_minor, cur),
            "lost_value": format_amount(rate.lost_minor, cur),
            "by_count": None if rate.by_count is None else f"{rate.by_count}",
            "by_value": None if rate.by_value is None else f"{rate.by_value}",
        })  # fmt: skip
    return {
        "from": labels[0],
        "to": labels[-1],
        "months": months,
        "stages": {s: rules.DEFAULT_PROBABILITY[s] for s in rules.STAGES},
        "rows": rows,
        "totals": totals,
        "win_rate": win_rates,
    }


def csv_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Month rows, then one total row per currency carrying its win rate."""
    blank = {"won": None, "lost": None, "win_rate_count": None, "win_rate_value": None}
    out = [{**row, **blank} for row in report["rows"]]
    for total, rate in zip(report["totals"], report["win_rate"], strict=True):
        out.append(
            {
                **total,
                "won": rate["won"],
                "lost": rate["lost"],
                "win_rate_count": rate["by_count"],
                "win_rate_value": rate["by_value"],
            }
        )
    return out
