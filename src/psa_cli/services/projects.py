"""Projects and their tasks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psa_cli.domain import money
from psa_cli.domain.billing import parse_rounding
from psa_cli.domain.dates import parse_date
from psa_cli.domain.durations import parse_duration
from psa_cli.domain.errors import InvalidInput, Refused
from psa_cli.domain.matching import check_code, check_text, code_from_name
from psa_cli.domain.models import BILLING_MODELS, PROJECT_STATUSES, TASK_STATUSES, Project, Task
from psa_cli.services import resolve
from psa_cli.services.ledger import Ledger
from psa_cli.store import projects

_BUDGET_MAX = 100_000 * 3600  # 100,000 hours


@dataclass
class ProjectFields:
    name: str | None = None
    code: str | None = None
    billing: str | None = None
    rate: str | None = None
    budget_hours: str | None = None
    budget_amount: str | None = None
    status: str | None = None
    rounding: str | None = None
    cap: str | None = None
    fee: str | None = None
    retainer_amount: str | None = None
    retainer_hours: str | None = None
    rollover: bool | None = None
    start: str | None = None
    end: str | None = None


def _dates(ledger: Ledger, fields: ProjectFields, current: Project | None) -> dict[str, Any]:
    """--start/--end (any date psa reads; '' clears), the end not before the start."""
    values: dict[str, Any] = {}
    for key, raw in (("start_day", fields.start), ("end_day", fields.end)):
        if raw is not None:
            values[key] = parse_date(raw, ledger.today()).isoformat() if raw.strip() else None
    start = values.get("start_day", current.start_day if current else None)
    end = values.get("end_day", current.end_day if current else None)
    if start and end and end < start:
        raise InvalidInput(f"the project would end ({end}) before it starts ({start}): swap them")
    return values


def _money_or_none(raw: str, currency: str, what: str) -> int | None:
    return money.parse_money(raw, currency, what=what) if raw else None


def _values(fields: ProjectFields, currency: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if fields.name is not None:
        values["name"] = check_text(fields.name, "project name", 200, required=True)
    if fields.code is not None:
        values["code"] = check_code(fields.code, "project code")
    if fields.billing is not None:
        billing = fields.billing.strip().lower().replace("_", "-")
        billing = {"nonbillable": "non-billable", "fixed-fee": "fixed", "tm": "hourly"}.get(
            billing, billing
        )
        if billing not in BILLING_MODELS:
            raise InvalidInput(
                f"invalid billing model '{fields.billing}': use {', '.join(BILLING_MODELS)}"
            )
        values["billing"] = billing
    if fields.rate is not None:
        values["rate_minor"] = money.parse_rate(fields.rate, currency) if fields.rate else None
    if fields.budget_hours is not None:
        raw = fields.budget_hours
        values["budget_seconds"] = (
            parse_duration(raw if raw[-1:].isalpha() or ":" in raw else f"{raw}h",
                           max_seconds=_BUDGET_MAX)
            if raw
            else None
        )  # fmt: skip
    if fields.budget_amount is not None:
        values["budget_minor"] = (
            money.parse_money(fields.budget_amount, currency, what="budget")
            if fields.budget_amount
            else None
        )
    if fields.rounding is not None:
        values["rounding"] = parse_rounding(fields.rounding).text() if fields.rounding else None
    if fields.cap is not None:
        values["cap_minor"] = _money_or_none(fields.cap, currency, "cap")
    if fields.fee is not None:
        values["fee_minor"] = _money_or_none(fields.fee, currency, "fee")
    if fields.retainer_amount is not None:
        values["retainer_minor"] = _money_or_none(fields.retainer_amount, currency, "retainer")
    if fields.retainer_hours is not None:
        raw = fields.retainer_hours
        values["retainer_seconds"] = (
            parse_duration(raw if raw[-1:].isalpha() or ":" in raw else f"{raw}h",
                           max_seconds=_BUDGET_MAX)
            if raw
            else None
        )  # fmt: skip
    if fields.rollover is not None:
        values["rollover"] = int(fields.rollover)
    if fields.status is not None:
        status = fields.status.strip().lower()
        if status not in PROJECT_STATUSES:
            raise InvalidInput(
                f"invalid status '{fields.status}': use {', '.join(PROJECT_STATUSES)}"
            )
        values["status"] = status
    return values


def add_project(ledger: Ledger, client_text: str, fields: ProjectFields) -> Project:
    client = resolve.client(ledger, client_text)
    if client.archived:
        raise Refused(
            f"client {client.code} is archived: restore it with 'psa client archive "
            f"{client.code} --restore'"
        )
    values = _values(fields, client.currency) | _dates(ledger, fields, None)
    if "name" not in values:
        raise InvalidInput("project name must not be empty")
    values.setdefault("code", code_from_name(f"{client.code}-{values['name']}"))
    values["client_id"] = client.id
    with ledger.write() as conn:
        if projects.project_by_code(conn, values["code"]):
            raise Refused(f"project code '{values['code']}' is taken: choose another with --code")
        project_id = projects.insert_project(conn, values)
    found = projects.project_by_id(ledger.conn, project_id)
    assert found is not None
    return found


def list_projects(
    ledger: Ledger, *, client: str | None = None, include_archived: bool = False
) -> list[Project]:
    client_id = resolve.client(ledger, client).id if client else None
    return projects.list_projects(
        ledger.conn, client_id=client_id, include_archived=include_archived
    )


@dataclass
class ProjectDetail:
    project: Project
    totals: dict[str, Any]
    tasks: list[Task]


def show_project(ledger: Ledger, code: str) -> ProjectDetail:
    project = resolve.project(ledger, code, allow_archived=True)
    totals = projects.project_totals(ledger.conn, project.id)
    project.logged_seconds = totals["logged_seconds"]
    from psa_cli.services.tasks import mark_overdue

    tasks = mark_overdue(ledger, projects.list_tasks(ledger.conn, project_id=project.id))
    return ProjectDetail(project, totals, tasks)


def edit_project(ledger: Ledger, code: str, fields: ProjectFields) -> Project:
    project = resolve.project(ledger, code, allow_archived=True)
    values = _values(fields, project.currency) | _dates(ledger, fields, project)
    with ledger.write() as conn:
        if "code" in values and values["code"].lower() != project.code.lower():
            if projects.project_by_code(conn, values["code"]):
                raise Refused(f"project code '{values['code']}' is taken: choose another")
        projects.update_project(conn, project.id, values)
    found = projects.project_by_id(ledger.conn, project.id)
    assert found is not None
    found.logged_seconds = projects.project_totals(ledger.conn, found.id)["logged_seconds"]
    return found


def archive_project(ledger: Ledger, code: str, *, restore: bool = False) -> Project:
    project = resolve.project(ledger, code, allow_archived=True)
    with ledger.write() as conn:
        projects.update_project(conn, project.id, {"status": "active" if restore else "archived"})
    found = projects.project_by_id(ledger.conn, project.id)
    assert found is not None
    found.logged_seconds = projects.project_totals(ledger.conn, found.id)["logged_seconds"]
    return found


# -- tasks --------------------------------------------------------------------


def add_task(
    ledger: Ledger,
    project_text: str,
    name: str,
    *,
    estimate: str | None,
    rate: str | None,
    due: str | None = None,
    assignee: str | None = None,
    status: str | None = None,
) -> Task:
    from psa_cli.services.tasks import TaskFields, task_values

    project = resolve.project(ledger, project_text)
    values: dict[str, Any] = {
        "project_id": project.id,
        "name": check_text(name, "task name", 200, required=True),
    }
    if estimate:
        values["estimate_seconds"] = parse_duration(estimate, max_seconds=_BUDGET_MAX)
    if rate:
        values["rate_minor"] = money.parse_rate(rate, project.currency)
    values |= task_values(
        ledger, TaskFields(due=due, assignee=assignee, status=status), project.currency
    )
    with ledger.write() as conn:
        if projects.task_by_name(conn, project.id, values["name"]):
            raise Refused(f"task '{values['name']}' already exists in {project.code}")
        task_id = projects.insert_task(conn, values)
    found = projects.task_by_id(ledger.conn, task_id)
    assert found is not None
    return found


def list_tasks(ledger: Ledger, project_text: str | None, *, include_done: bool) -> list[Task]:
    project_id = (
        resolve.project(ledger, project_text, allow_archived=True).id if project_text else None
    )
    return projects.list_tasks(ledger.conn, project_id=project_id, include_done=include_done)


def set_task_status(ledger: Ledger, project_text: str, name: str, status: str) -> Task:
    if status not in TASK_STATUSES:
        raise InvalidInput(f"invalid task status '{status}': use {', '.join(TASK_STATUSES)}")
    project = resolve.project(ledger, project_text, allow_archived=True)
    task = resolve.task(ledger, project, name)
    with ledger.write() as conn:
        projects.update_task(conn, task.id, {"status": status})
    found = projects.task_by_id(ledger.conn, task.id)
    assert found is not None
    return found
