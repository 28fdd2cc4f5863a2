"""The arithmetic of the reports, pure: percentages, capacity, forecasts, aging, allocation.

Rules and worked examples: docs/reports.md.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from psa_cli.domain.periods import working_days

AGING_BUCKETS = ("current", "days_1_30", "days_31_60", "days_61_90", "days_over_90")
AGING_LABELS = ("Current", "1–30", "31–60", "61–90", "90+")
PACE_DAYS = 28  # the budget forecast's "recent pace": the last 4 weeks
WARN_AT = Decimal(80)


def percent(part: int, whole: int) -> Decimal | None:
    """part / whole in percent, one decimal, half-up (away from zero); None when whole is 0.

    Integer arithmetic: reports compute thousands of these."""
    if whole == 0:
        return None
    sign = -1 if (part < 0) != (whole < 0) else 1
    tenths, rest = divmod(abs(part) * 1000, abs(whole))
    if 2 * rest >= abs(whole):
        tenths += 1
    return Decimal(sign * tenths).scaleb(-1)


def percent_text(value: Decimal | None) -> str | None:
    """JSON form of a percentage: '62.5', '100.0'; None stays None."""
    return None if value is None else f"{value:f}"


def capacity(weekly_seconds: int, start: date, end: date) -> int:
    """Capacity in [start, end]: a fifth of the weekly capacity per Monday-to-Friday day."""
    return weekly_seconds * working_days(start, end) // 5


def aging_bucket(days_overdue: int) -> str:
    """current (not yet due or due today), 1-30, 31-60, 61-90, over 90 days overdue."""
    if days_overdue <= 0:
        return "current"
    if days_overdue <= 30:
        return "days_1_30"
    if days_overdue <= 60:
        return "days_31_60"
    if days_overdue <= 90:
        return "days_61_90"
    return "days_over_90"


def run_out(
    as_of: date, used: int, budget: int, recent: int, window: int = PACE_DAYS
) -> date | None:
    """The day a budget runs out at the recent pace (`recent` used in the last `window`
    days up to `as_of`): as_of + ceil(remaining / (recent / window)) days.

    None when nothing is left already (the warning says so) or there was no recent use."""
    remaining = budget - used
    if remaining <= 0 or recent <= 0:
        return None
    days = -(-remaining * window // recent)  # ceiling division, integers only
    return as_of + timedelta(days=days)


def budget_warning(burned: Decimal | None) -> str | None:
    if burned is None:
        return None
    if burned >= 100:
        return "over budget"
    if burned >= WARN_AT:
        return "80% used"
    return None


def allocate(total: int, weights: list[int]) -> list[int]:
    """Split `total` in proportion to non-negative `weights`, exactly (largest remainder).

    Used to spread an invoice's net (after its discount) over the projects of its lines."""
    whole = sum(weights)
    if not weights:
        return []
    if whole == 0:
        return [total] + [0] * (len(weights) - 1)
    sign = -1 if total < 0 else 1
    target = abs(total)
    shares = [target * w // whole for w in weights]
    rest = target - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: (-(target * weights[i] % whole), i))
    for i in order[:rest]:
        shares[i] += 1
    return [sign * s for s in shares]


def margin_percent(revenue: int, margin: int) -> Decimal | None:
    """Margin as a share of revenue; None without revenue."""
    return percent(margin, revenue) if revenue > 0 else None
