"""Task planning: due days, assignees, status, and time logged against the estimate.

A task is overdue when its due day is before today and it is not done. `used_percent`
is logged time over the estimate (one decimal, half-up).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psa_cli.domain import money
from psa_cli.domain.dates import parse_date
from psa_cli.domain.durations import parse_duration
from psa_cli.domain.errors import InvalidInput, Refused
from psa_cli.domain.matching import check_text
from psa_cli.domain.models import TASK_STATUSES, Task
from psa_cli.services import resolve
from psa_cli.services.ledger import Ledger
from psa_cli.store import projects as store

_ESTIMATE_MAX = 100_000 * 3600


@dataclass
class TaskFields:
    name: str | None = None
    estimate: str | None = None
    rate: str | None = None
    due: str | None = None
    assignee: str | None = None
    status: str | None = None


def check_status(raw: str) -> str:
    status = raw.strip().lower()
    if status not in TASK_STATUSES:
        raise InvalidInput(f"invalid task status '{raw}': use {', '.join(TASK_STATUSES)}")
    return status


def task_values(ledger: Ledger, fields: TaskFields, currency: str) -> dict[str, Any]:
    """Column values from typed options; '' clears estimate, rate, due day and assignee."""
    values: dict[str, Any] = {}
    if fields.name is not None:
        values["name"] = check_text(fields.name, "task name", 200, required=True)
    if fields.estimate is not None:
        values["estimate_seconds"] = (
            parse_duration(fields.estimate, max_seconds=_ESTIMATE_MAX)
            if fields.estimate.strip()
            else None
        )
    if fields.rate is not None:
        values["rate_minor"] = money.parse_rate(fields.rate, currency) if fields.rate else None
    if fields.due is not None:
        values["due_day"] = (
            parse_date(fields.due, ledger.today()).isoformat() if fields.due.strip() else None
        )
    if fields.assignee is not None:
        values["assignee_id"] = (
            resolve.person(ledger, fields.assignee).id if fields.assignee.strip() else None
        )
    if fields.status is not None:
        values["status"] = check_status(fields.status)
    return values


def mark_overdue(ledger: Ledger, tasks: list[Task]) -> list[Task]:
    today = ledger.today().isoformat()
    for task in tasks:
        task.overdue = bool(task.due_day and task.due_day < today and task.status != "done")
    return tasks


def edit_task(ledger: Ledger, project_text: str, name: str, fields: TaskFields) -> Task:
    project = resolve.project(ledger, project_text, allow_archived=True)
    task = resolve.task(ledger, project, name)
    values = task_values(ledger, fields, project.currency)
    if not values:
        raise InvalidInput("nothing to change: give at least one option (see --help)")
    with ledger.write() as conn:
        new_name = values.get("name")
        if new_name and new_name.lower() != task.name.lower():
            if store.task_by_name(conn, project.id, new_name):
                raise Refused(f"task '{new_name}' already exists in {project.code}")
        store.update_task(conn, task.id, values)
    found = store.task_by_id(ledger.conn, task.id)
    assert found is not None
    found.logged_seconds = next(
        (t.logged_seconds for t in store.list_tasks(ledger.conn, project_id=project.id)
         if t.id == task.id), 0,
    )  # fmt: skip
    return mark_overdue(ledger, [found])[0]


def list_tasks(
    ledger: Ledger,
    *,
    project: str | None = None,
    status: str | None = None,
    assignee: str | None = None,
    overdue: bool = False,
    include_done: bool = True,
) -> list[Task]:
    project_id = resolve.project(ledger, project, allow_archived=True).id if project else None
    tasks = store.list_tasks(
        ledger.conn,
        project_id=project_id,
        include_done=include_done,
        status=check_status(status) if status else None,
        assignee_id=resolve.person(ledger, assignee).id if assignee else None,
        due_before=ledger.today().isoformat() if overdue else None,
    )
    return mark_overdue(ledger, tasks)
