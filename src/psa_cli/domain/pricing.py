"""What a draft invoice would charge, pure: shared by the billing engine and the reports.

`services.invoicing` prices unbilled work with these functions; the reports value work
in progress, budgets and recognised revenue with the same ones, so "the value at the rates
the invoice would use" is one rule in one place (docs/billing.md, docs/reports.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from psa_cli.domain import billing


@dataclass(frozen=True)
class RateLevels:
    """Every level of the rate hierarchy for one entry (minor units per hour)."""

    entry: int | None
    task: int | None
    project: int | None
    client: int | None
    person: int | None
    person_currency: str | None
    client_currency: str
    default: int | None
    default_currency: str


def entry_rate(levels: RateLevels) -> tuple[str, int] | None:
    """(source, rate): entry > task > project > client > person > config default.

    The person's rate counts only in the client's currency, and so does the default."""
    same_person = levels.person_currency == levels.client_currency
    same_default = levels.default_currency == levels.client_currency
    return billing.resolve_rate(
        ("entry", levels.entry),
        ("task", levels.task),
        ("project", levels.project),
        ("client", levels.client),
        ("person", levels.person if same_person else None),
        ("default", levels.default if same_default and levels.default else None),
    )


def time_net(seconds: int, rate_minor: int) -> int:
    """Net of one time line: hours to 4 decimals x rate, rounded half-up once."""
    return billing.line_net(billing.hours(seconds), rate_minor)


def expense_price(amount_minor: int, markup_pct: str) -> int:
    """An expense as invoiced: amount + markup %, rounded half-up."""
    pct = Decimal(markup_pct)
    return amount_minor + billing.percent_of(amount_minor, pct) if pct else amount_minor


def retainer_month(
    amount_minor: int, included_seconds: int, used_seconds: int, overage_rate: int | None
) -> tuple[int, int]:
    """(retainer net, overage net) of one month: the amount, plus time beyond the
    included hours at the overage rate (0 when no rate is known)."""
    over = used_seconds - included_seconds
    if over <= 0 or overage_rate is None:
        return amount_minor, 0
    return amount_minor, time_net(over, overage_rate)
