"""SQL of the reports: sums over index ranges, never entries row by row.

Two ways to sum the same thing (docs/reports.md, "How the reports are computed"):

- ranged (the usual one): one correlated sub-query per (key, period) that sums a
  contiguous range of a covering index (m004). No sorting, no table reads; SQLite walks
  each index entry once. Keys come from the small catalog tables (projects x tasks,
  people), periods from a VALUES list.
- grouped: one GROUP BY over the entries that carry the --tag filters (driven from
  `entry_tags`, so it reads only tagged entries); the period of a row is computed from
  its day. Tagged subsets are small, so their sort is cheap.
"""

from __future__ import annotations

import functools
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from psa_cli.store.report_sums import Params, RangeSums

PROJECT_INDEX = "time_entries_report_project"
TASK_INDEX = "time_entries_report_task"
PERSON_INDEX = "time_entries_report_person"
COST_INDEX = "time_entries_report_cost"
RATE_INDEX = "time_entries_report_rate"


@dataclass
class Periods:
    """Consecutive (first, last) ISO days; `every` says how a day maps to its period:
    'day', 'week' (starting `week_start`), 'month', or 'all' (one period, maybe open)."""

    spans: list[tuple[str | None, str | None]]
    every: str = "all"
    week_start: str | None = None  # ISO day the first week starts (every='week')

    def sql_index(self, day: str = "e.day") -> str:
        """SQL giving the period index of `day` (for the grouped path)."""
        first = self.spans[0][0]
        if self.every == "day":
            return f"CAST(julianday({day}) - julianday('{first}') AS INTEGER)"
        if self.every == "week":
            return f"CAST((julianday({day}) - julianday('{self.week_start}')) / 7 AS INTEGER)"
        if self.every == "month":
            assert first is not None
            base = int(first[:4]) * 12 + int(first[5:7])
            return (
                f"(CAST(substr({day}, 1, 4) AS INTEGER) * 12 "
                f"+ CAST(substr({day}, 6, 2) AS INTEGER) - {base})"
            )
        return "0"


@dataclass
class Scope:
    """Which entries are summed; every field optional, combined with AND."""

    date_from: str | None = None
    date_to: str | None = None
    project_ids: list[int] | None = None  # None: every project
    person_ids: list[int] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)  # entries carrying all of them
    unbilled: bool = False  # billable and not on an issued invoice (drafts count)


@dataclass
class Fact:
    """Seconds of billable-or-not time of one project/task in one period.

    `rate` is set for entries with their own rate; `person` for time whose rate may
    come from the person (else None: summed over people)."""

    period: int
    project_id: int
    task_id: int | None
    billable: bool
    rate: int | None
    person: int | None
    seconds: int
    billed: int  # seconds after per-entry rounding (== seconds without rounding)
    first_day: str | None = None


def rounding_sql(mode: str, minutes: int, minimum_minutes: int, col: str = "e.seconds") -> str:
    """Billed seconds of one entry in integer SQL, exactly `billing.Rounding.apply`:
    ceil/floor/half-up to the step, then at least the minimum (0 stays 0)."""
    step = minutes * 60
    rounded = {
        "up": f"(({col} + {step - 1}) / {step}) * {step}",
        "down": f"({col} / {step}) * {step}",
        "nearest": f"((2 * {col} + {step}) / {2 * step}) * {step}",
    }.get(mode, col)
    if minimum_minutes:
        rounded = f"max({rounded}, {minimum_minutes * 60})"
    return f"(CASE WHEN {col} > 0 THEN {rounded} ELSE 0 END)"


def day_bounds(conn: sqlite3.Connection) -> tuple[str | None, str | None]:
    # two sub-queries: min() and max() each read one end of the day index
    row = conn.execute(
        "SELECT (SELECT min(day) FROM time_entries), (SELECT max(day) FROM time_entries)"
    ).fetchone()
    return row[0], row[1]


def draft_ids(conn: sqlite3.Connection) -> list[int]:
    return [r[0] for r in conn.execute("SELECT id FROM invoices WHERE status = 'draft'")]


def row_filters(scope: Scope, params: Params, drafts: list[int], *, ranged_days: bool) -> str:
    """Per-row conditions on columns every report index covers."""
    out = ""
    if not ranged_days:
        if scope.date_from:
            out += f" AND e.day >= {params.add(scope.date_from)}"
        if scope.date_to:
            out += f" AND e.day <= {params.add(scope.date_to)}"
    if scope.person_ids:
        out += f" AND e.person_id IN ({params.many(scope.person_ids)})"
    if scope.unbilled:
        held = f" OR e.invoice_id IN ({params.many(drafts)})" if drafts else ""
        out += f" AND (e.invoice_id IS NULL{held})"
    return out


def _months_for(index: str, by_person: bool) -> str | None:
    """The month totals that stand in for an entry index (store/schema_months.py): per
    project and task when no one's time is taken apart, per person and project when it is;
    a task's time by person has none."""
    if index == PROJECT_INDEX:
        return ("person_months AS e INDEXED BY person_months_project" if by_person
                else "entry_months AS e NOT INDEXED")  # fmt: skip
    if index == TASK_INDEX and not by_person:
        return "entry_months AS e INDEXED BY entry_months_task"
    return None


def _ranged(
    conn: sqlite3.Connection,
    *,
    index: str,
    key_col: str,
    keys: list[int],
    periods: Periods,
    scope: Scope,
    drafts: list[int],
    billables: tuple[int, ...] = (1, 0),
    expr: str = "e.seconds",
    groups: tuple[tuple[int, ...], ...] = (),
    bounds: tuple[str | None, str | None] = (None, None),
) -> list[tuple[int, int, int, int, int, int]]:
    """Sums of contiguous index ranges: rows (key, period, billable, group, seconds, billed)
    with group g for the people of `groups[g]` (billable time only) and -1 for everyone
    else (everyone when there are no groups).

    Whole months come from the month totals when nothing per entry is asked (no rounding,
    no invoice state): store/report_months.py says which days are left to the index."""
    if not keys:
        return []
    rounded = expr != "e.seconds"
    where = functools.partial(row_filters, scope, drafts=drafts, ranged_days=True)
    sums = RangeSums(key_col, keys, where, billables, expr, groups)
    by_person = bool(scope.person_ids or groups)
    months = None if rounded or scope.unbilled else _months_for(index, by_person)
    sums.over(conn, periods.spans, periods.every, bounds, f"time_entries AS e INDEXED BY {index}",
              months)  # fmt: skip
    return sums.rows(rounded)


def _scope_projects(conn: sqlite3.Connection, scope: Scope) -> list[int]:
    if scope.project_ids is not None:
        return list(scope.project_ids)
    return [r[0] for r in conn.execute("SELECT id FROM projects ORDER BY id")]


def _tasks_of(conn: sqlite3.Connection, project_ids: list[int]) -> dict[int, int]:
    """task id -> project id for the projects given."""
    rows = conn.execute("SELECT id, project_id FROM tasks").fetchall()
    wanted = set(project_ids)
    return {r[0]: r[1] for r in rows if r[1] in wanted}


def project_facts(
    conn: sqlite3.Connection,
    scope: Scope,
    periods: Periods,
    *,
    billable_only: bool,
    billed_sql: dict[int, str] | None = None,
    person_groups: dict[int, list[list[int]]] | None = None,
    rated_tasks: set[int] | None = None,
) -> list[Fact]:
    """Time per (period, project, billable): tasks in `rated_tasks` apart (task_id set),
    entries with their own rate apart (rate set), and for the projects in
    `person_groups` the time of each group of people apart (person = its first id).

    `billed_sql` maps a project to the SQL of its per-entry rounding (`rounding_sql`)."""
    billed_sql = billed_sql or {}
    person_groups = person_groups or {}
    rated_tasks = rated_tasks or set()
    if scope.tags:
        return _grouped_facts(conn, scope, periods, billable_only, billed_sql)
    drafts = draft_ids(conn) if scope.unbilled else []
    bounds = day_bounds(conn)
    billables = (1,) if billable_only else (1, 0)
    projects = _scope_projects(conn, scope)
    task_project = {t: p for t, p in _tasks_of(conn, projects).items() if t in rated_tasks}
    cells: dict[tuple[int, int, int | None, bool, int | None], list[int]] = {}

    def rep(pid: int, g: int) -> int | None:
        return person_groups[pid][g][0] if g >= 0 else None

    plans: dict[tuple[str, tuple[tuple[int, ...], ...]], list[int]] = {}
    for pid in projects:
        groups = tuple(tuple(g) for g in person_groups.get(pid, []))
        plans.setdefault((billed_sql.get(pid, "e.seconds"), groups), []).append(pid)
    for (expr, groups), pids in plans.items():
        common: dict[str, Any] = {"periods": periods, "scope": scope, "drafts": drafts,
                                  "billables": billables,
                  "expr": expr, "groups": groups, "bounds": bounds}  # fmt: skip
        for pid, period, billable, g, seconds, billed in _ranged(
            conn, index=PROJECT_INDEX, key_col="project_id", keys=pids, **common
        ):
            cells[(period, pid, None, bool(billable), rep(pid, g))] = [seconds, billed]
        tasks = [t for t, p in task_project.items() if p in pids]
        for tid, period, billable, g, seconds, billed in _ranged(
            conn, index=TASK_INDEX, key_col="task_id", keys=tasks, **common
        ):
            pid = task_project[tid]
            person = rep(pid, g)
            cells[(period, pid, tid, bool(billable), person)] = [seconds, billed]
            _take(cells, (period, pid, None, bool(billable), person), seconds, billed)
    overrides = _rate_facts(conn, scope, periods, billed_sql, drafts, billable_only)
    for o in overrides:
        person = None
        for group in person_groups.get(o.project_id, []):
            if o.person in group:
                person = group[0]
        task = o.task_id if o.task_id in task_project else None
        _take(cells, (o.period, o.project_id, task, o.billable, person), o.seconds, o.billed)
    facts = [Fact(k[0], k[1], k[2], k[3], None, k[4], v[0], v[1])
             for k, v in cells.items() if v[0] or v[1]]  # fmt: skip
    return facts + overrides


def _take(cells: dict[Any, list[int]], key: Any, seconds: int, billed: int) -> None:
    """Remove time counted in a wider sum (the project's) that is reported apart."""
    cell = cells.setdefault(key, [0, 0])
    cell[0] -= seconds
    cell[1] -= billed


def task_time(
    conn: sqlite3.Connection, scope: Scope, periods: Periods
) -> list[tuple[int, int, int | None, bool, int]]:
    """(period, project, task or None, billable, seconds) for the timesheet by task."""
    if scope.tags:
        facts = _grouped_facts(conn, scope, periods, False, {})
        return [(f.period, f.project_id, f.task_id, f.billable, f.seconds) for f in facts]
    projects = _scope_projects(conn, scope)
    task_project = _tasks_of(conn, projects)
    common: dict[str, Any] = {
        "periods": periods,
        "scope": scope,
        "drafts": [],
        "bounds": day_bounds(conn),
    }
    cells: dict[tuple[int, int, int | None, bool], int] = defaultdict(int)
    for pid, period, billable, _g, seconds, _b in _ranged(
        conn, index=PROJECT_INDEX, key_col="project_id", keys=projects, **common
    ):
        cells[(period, pid, None, bool(billable))] += seconds
    for tid, period, billable, _g, seconds, _b in _ranged(
        conn, index=TASK_INDEX, key_col="task_id", keys=list(task_project), **common
    ):
        pid = task_project[tid]
        cells[(period, pid, tid, bool(billable))] += seconds
        cells[(period, pid, None, bool(billable))] -= seconds
    return [(*k, v) for k, v in cells.items() if v]


def _rate_facts(
    conn: sqlite3.Connection,
    scope: Scope,
    periods: Periods,
    billed_sql: dict[int, str],
    drafts: list[int],
    billable_only: bool,
) -> list[Fact]:
    """Entries with their own rate (few), per person: the range sums include them, so
    they are taken out of those and valued at their own rate."""
    params = Params()
    where = row_filters(scope, params, drafts, ranged_days=False)
    if scope.project_ids is not None:
        where += f" AND e.project_id IN ({params.many(scope.project_ids)})"
    if billable_only:
        where += " AND e.billable = 1"
    sql = (
        f"SELECT {periods.sql_index()}, e.project_id, e.task_id, e.billable, e.rate_minor, "
        f"e.person_id, sum(e.seconds), sum({_case(billed_sql)}) "
        f"FROM time_entries AS e INDEXED BY {RATE_INDEX} WHERE e.rate_minor IS NOT NULL{where} "
        "GROUP BY 1, 2, 3, 4, 5, 6"
    )
    return [Fact(r[0], r[1], r[2], bool(r[3]), r[4], r[5], r[6], r[7])
            for r in conn.execute(sql, params.values)]  # fmt: skip


def _case(billed_sql: dict[int, str]) -> str:
    if not billed_sql:
        return "e.seconds"
    whens = " ".join(f"WHEN {int(pid)} THEN {expr}" for pid, expr in billed_sql.items())
    return f"(CASE e.project_id {whens} ELSE e.seconds END)"


def tagged_ids(scope: Scope, params: Params) -> str:
    """Ids of the entries carrying every --tag, read from the tag index."""
    parts = [f"SELECT entry_id FROM entry_tags WHERE tag = {params.add(t)}" for t in scope.tags]
    return " INTERSECT ".join(parts)


def _grouped_facts(
    conn: sqlite3.Connection,
    scope: Scope,
    periods: Periods,
    billable_only: bool,
    billed_sql: dict[int, str],
) -> list[Fact]:
    """The tagged entries' time per (period, project, task, billable, rate, person): one
    GROUP BY over the entries the tag index names (a small share of the ledger)."""
    params = Params()
    where = row_filters(scope, params, draft_ids(conn) if scope.unbilled else [], ranged_days=False)
    if scope.project_ids is not None:
        where += f" AND e.project_id IN ({params.many(scope.project_ids)})"
    if billable_only:
        where += " AND e.billable = 1"
    sql = (
        f"SELECT {periods.sql_index()}, e.project_id, e.task_id, e.billable, e.rate_minor, "
        f"e.person_id, sum(e.seconds), sum({_case(billed_sql)}), "
        "min(CASE WHEN e.seconds > 0 THEN e.day END) "
        f"FROM ({tagged_ids(scope, params)}) AS g JOIN time_entries AS e ON e.id = g.entry_id "
        f"WHERE 1{where} GROUP BY 1, 2, 3, 4, 5, 6"
    )
    return [Fact(r[0], r[1], r[2], bool(r[3]), r[4], r[5], r[6], r[7], r[8])
            for r in conn.execute(sql, params.values)]  # fmt: skip
