"""What every report shares: its period, its filters, the catalog it prices with.

The reports themselves live in `report_time` (timesheet, utilization), `report_value`
(the valuation of work at the rates an invoice would use), `report_money` (unbilled,
budget, profitability) and `report_revenue` (revenue, aging). Rules: docs/reports.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from psa_cli.domain import money
from psa_cli.domain.periods import auto_every, buckets, report_range, week_start
from psa_cli.services.ledger import Ledger
from psa_cli.store import report_money as money_store
from psa_cli.store import reports as store

if TYPE_CHECKING:
    from psa_cli.domain import billing


@dataclass
class ReportRequest:
    """A report's period and filters, as typed on the command line."""

    periods: list[str] = field(default_factory=list)  # week, month, ... (at most one)
    when: str | None = None  # the value of --week/--month/--quarter/--year
    date_from: str | None = None
    date_to: str | None = None
    clients: list[str] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@dataclass
class Context:
    ledger: Ledger
    today: date
    start: date | None
    end: date | None
    scope: store.Scope
    projects: dict[int, dict[str, Any]]
    tasks: dict[int, dict[str, Any]]
    people: dict[int, dict[str, Any]]
    clients: dict[int, dict[str, Any]]
    filtered: bool  # a --client/--project/--person/--tag narrowed the report
    client_ids: list[int] | None = None  # the --client filter
    _defaults: dict[str, int | None] = field(default_factory=dict)

    @property
    def first_weekday(self) -> int:
        return self.ledger.config.week_start

    def rounding(self, project_id: int) -> billing.Rounding:
        """The rounding a draft applies to this project's time (project, client, config)."""
        from psa_cli.domain import billing

        p = self.projects[project_id]
        text = p["rounding"] or p["client_rounding"]
        if text:
            return billing.parse_rounding(text)
        cfg = self.ledger.config
        return billing.Rounding(
            str(cfg.get("rounding.mode")),
            int(cfg.get("rounding.minutes")),
            int(cfg.get("rounding.minimum_minutes")),
        )

    @property
    def line_scope(self) -> bool:
        """True when rounding applies to each invoice line's sum, not to each entry."""
        return str(self.ledger.config.get("rounding.scope")) == "line"

    def billed_sql(self) -> dict[int, str]:
        """Per-entry rounding of every project whose rule changes anything, as SQL."""
        if self.line_scope:
            return {}
        out = {}
        for pid in self.projects:
            rule = self.rounding(pid)
            if rule.mode != "none" or rule.minimum_minutes:
                out[pid] = store.rounding_sql(rule.mode, rule.minutes, rule.minimum_minutes)
        return out

    def default_rate(self, currency: str) -> int | None:
        """`business.rate`, the last level of the rate hierarchy, in its own currency only."""
        if currency not in self._defaults:
            cfg = self.ledger.config
            rate = money.to_minor(cfg.rate, currency)
            self._defaults[currency] = rate if rate and cfg.currency == currency else None
        return self._defaults[currency]

    def periods(self, every: str) -> tuple[store.Periods, list[tuple[date, date]]]:
        """The report's range cut into days, weeks or months ('auto' picks; 'all': one)."""
        if every == "all" or self.start is None or self.end is None:
            span = (_iso(self.start), _iso(self.end))
            return store.Periods([span]), [(self.start or date.min, self.end or self.today)]
        if every == "auto":
            every = auto_every(self.start, self.end)
        spans = buckets(self.start, self.end, every, self.first_weekday)
        first_week = week_start(self.start, self.first_weekday).isoformat()
        periods = store.Periods(
            [(a.isoformat(), b.isoformat()) for a, b in spans], every, first_week
        )
        return periods, spans


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def prepare(
    ledger: Ledger, req: ReportRequest, *, default: str, clamp_to_today: bool = False
) -> Context:
    """Resolve the period and the filters; load the catalog (projects, tasks, people)."""
    today = ledger.today()
    start, end = report_range(
        today,
        named=req.periods,
        when=req.when,
        date_from=req.date_from,
        date_to=req.date_to,
        default=default,
        first_weekday=ledger.config.week_start,
    )
    if clamp_to_today and (end is None or end > today) and (start is None or start <= today):
        end = today
    project_ids: list[int] | None = None
    client_ids: list[int] | None = None
    if req.clients or req.projects or req.people:
        from psa_cli.services import resolve  # only to read filters: ~10 ms of imports
    if req.clients or req.projects:
        chosen: set[int] = set()
        client_ids = []
        for code in req.clients:
            client = resolve.client(ledger, code)
            client_ids.append(client.id)
            chosen |= {p.id for p in _client_projects(ledger, client.id)}
        for code in req.projects:
            chosen.add(resolve.project(ledger, code, allow_archived=True).id)
        project_ids = sorted(chosen)
    person_ids = sorted({resolve.person(ledger, name).id for name in req.people})
    if req.tags:
        from psa_cli.domain.matching import check_tag
    scope = store.Scope(
        date_from=_iso(start),
        date_to=_iso(end),
        project_ids=project_ids,
        person_ids=person_ids,
        tags=sorted({check_tag(t) for t in req.tags}, key=str.lower) if req.tags else [],
    )
    conn = ledger.conn
    return Context(
        ledger=ledger,
        today=today,
        start=start,
        end=end,
        scope=scope,
        projects={p["id"]: p for p in money_store.projects(conn)},
        tasks={t["id"]: t for t in money_store.tasks(conn)},
        people={p["id"]: p for p in money_store.people(conn)},
        clients={c["id"]: c for c in money_store.clients(conn)},
        filtered=bool(req.clients or req.projects or req.people or req.tags),
        client_ids=client_ids if req.clients else None,
    )


def _client_projects(ledger: Ledger, client_id: int) -> list[Any]:
    from psa_cli.store import projects

    return projects.projects_of_client(ledger.conn, client_id)


def amount(minor: int | None, currency: str) -> str | None:
    """Money as JSON writes it: a decimal string in the currency's minor unit."""
    return None if minor is None else money.format_amount(minor, currency)


def envelope(name: str, ctx: Context, **extra: Any) -> dict[str, Any]:
    """The fields every report's JSON starts with (warnings said once each)."""
    if "warnings" in extra:
        extra["warnings"] = list(dict.fromkeys(extra["warnings"]))
    return {
        "report": name,
        "from": _iso(ctx.start),
        "to": _iso(ctx.end),
        "filters": {
            "projects": None
            if ctx.scope.project_ids is None
            else [ctx.projects[i]["code"] for i in ctx.scope.project_ids],
            "people": [ctx.people[i]["name"] for i in ctx.scope.person_ids],
            "tags": ctx.scope.tags,
        },
        **extra,
    }
