"""Plain records of the ledger's nouns, and their documented JSON shape.

`to_json()` is the contract scripts rely on (docs/cli.md): money as decimal
strings beside a currency code, durations as integer seconds, dates ISO.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from psa_cli.domain.money import format_amount

BILLING_MODELS = ("hourly", "fixed", "retainer", "non-billable")
PROJECT_STATUSES = ("active", "paused", "done", "archived")
TASK_STATUSES = ("todo", "doing", "done")


def _money(minor: int | None, currency: str | None) -> str | None:
    return None if minor is None or currency is None else format_amount(minor, currency)


@dataclass
class Person:
    """One person whose time is tracked (you included): weekly capacity, cost rate, bill rate."""

    id: int
    uid: str
    name: str
    email: str
    capacity_seconds: int
    cost_rate_minor: int | None
    rate_minor: int | None
    currency: str
    is_default: bool
    archived: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "uid": self.uid,
            "name": self.name,
            "email": self.email,
            "capacity_seconds": self.capacity_seconds,
            "cost_rate": _money(self.cost_rate_minor, self.currency),
            "rate": _money(self.rate_minor, self.currency),
            "currency": self.currency,
            "is_default": self.is_default,
            "archived": self.archived,
        }


@dataclass
class Client:
    """A client billed for work: code, name, address, tax details, currency, rate, terms."""

    id: int
    uid: str
    code: str
    name: str
    email: str
    address: str
    tax_id: str
    currency: str
    rate_minor: int | None
    tax_rate: str | None
    terms_days: int | None
    archived: bool
    created_at: str
    postcode: str = ""
    city: str = ""
    country: str = ""
    tax_category: str | None = None
    exemption_reason: str | None = None
    rounding: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "uid": self.uid,
            "code": self.code,
            "name": self.name,
            "email": self.email,
            "address": self.address,
            "tax_id": self.tax_id,
            "currency": self.currency,
            "rate": _money(self.rate_minor, self.currency),
            "tax_rate": self.tax_rate,
            "terms_days": self.terms_days,
            "postcode": self.postcode,
            "city": self.city,
            "country": self.country,
            "tax_category": self.tax_category,
            "exemption_reason": self.exemption_reason,
            "rounding": self.rounding,
            "archived": self.archived,
            "created_at": self.created_at,
        }


@dataclass
class Project:
    """A client's project: billing model, rate, budget and the rounding of its time."""

    id: int
    uid: str
    client_id: int
    client_code: str
    code: str
    name: str
    billing: str
    currency: str
    rate_minor: int | None
    budget_seconds: int | None
    budget_minor: int | None
    status: str
    created_at: str
    rounding: str | None = None
    cap_minor: int | None = None
    fee_minor: int | None = None
    retainer_minor: int | None = None
    retainer_seconds: int | None = None
    rollover: bool = False
    start_day: str | None = None
    end_day: str | None = None
    logged_seconds: int = 0

    @property
    def archived(self) -> bool:
        return self.status == "archived"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "uid": self.uid,
            "code": self.code,
            "name": self.name,
            "client": self.client_code,
            "billing": self.billing,
            "currency": self.currency,
            "rate": _money(self.rate_minor, self.currency),
            "budget_seconds": self.budget_seconds,
            "budget_amount": _money(self.budget_minor, self.currency),
            "status": self.status,
            "rounding": self.rounding,
            "cap": _money(self.cap_minor, self.currency),
            "fee": _money(self.fee_minor, self.currency),
            "retainer_amount": _money(self.retainer_minor, self.currency),
            "retainer_seconds": self.retainer_seconds,
            "rollover": self.rollover,
            "start": self.start_day,
            "end": self.end_day,
            "logged_seconds": self.logged_seconds,
            "created_at": self.created_at,
        }


@dataclass
class Task:
    """A task within a project, with its own rate and budget when set."""

    id: int
    uid: str
    project_id: int
    project_code: str
    name: str
    estimate_seconds: int | None
    rate_minor: int | None
    currency: str
    status: str
    due_day: str | None = None
    assignee: str | None = None
    logged_seconds: int = 0
    overdue: bool = False

    @property
    def used_percent(self) -> str | None:
        """Logged time in percent of the estimate, one decimal, half-up (integer maths)."""
        if not self.estimate_seconds:
            return None
        tenths, rest = divmod(self.logged_seconds * 1000, self.estimate_seconds)
        tenths += 2 * rest >= self.estimate_seconds
        return f"{tenths // 10}.{tenths % 10}"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "uid": self.uid,
            "project": self.project_code,
            "name": self.name,
            "estimate_seconds": self.estimate_seconds,
            "rate": _money(self.rate_minor, self.currency),
            "currency": self.currency,
            "status": self.status,
            "due": self.due_day,
            "assignee": self.assignee,
            "logged_seconds": self.logged_seconds,
            "used_percent": self.used_percent,
            "overdue": self.overdue,
        }


@dataclass
class Entry:
    """One time entry as shown and exported: codes resolved, seconds, money in minor units."""

    id: int
    uid: str
    person: str
    client_code: str
    project_code: str
    task: str | None
    note: str
    day: str
    started_at: str | None
    ended_at: str | None
    seconds: int
    billable: bool
    rate_minor: int | None
    currency: str
    invoice_id: int | None
    invoice_number: str | None
    tags: list[str] = field(default_factory=list)

    @property
    def running(self) -> bool:
        return self.started_at is not None and self.ended_at is None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "uid": self.uid,
            "day": self.day,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
            "seconds": self.seconds,
            "client": self.client_code,
            "project": self.project_code,
            "task": self.task,
            "note": self.note,
            "tags": self.tags,
            "person": self.person,
            "billable": self.billable,
            "rate": _money(self.rate_minor, self.currency),
            "currency": self.currency,
            "invoice": self.invoice_number,
            "running": self.running,
        }


@dataclass
class Expense:
    """One expense: amount and tax in minor units, billable or not, on an invoice once billed."""

    id: int
    uid: str
    day: str
    client_code: str
    project_code: str
    person: str
    description: str
    category: str
    amount_minor: int
    currency: str
    billable: bool
    markup_pct: str
    receipt_path: str | None
    invoice_id: int | None
    invoice_number: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "uid": self.uid,
            "day": self.day,
            "client": self.client_code,
            "project": self.project_code,
            "person": self.person,
            "description": self.description,
            "category": self.category,
            "amount": format_amount(self.amount_minor, self.currency),
            "currency": self.currency,
            "billable": self.billable,
            "markup_percent": self.markup_pct,
            "receipt": self.receipt_path,
            "invoice": self.invoice_number,
        }
