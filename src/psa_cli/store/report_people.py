"""SQL of the reports about people, labour cost and tags, and the first unbilled day.

Same two paths as `store.reports`: sums of contiguous ranges of a covering index, or one
GROUP BY over the entries the tag index names.
"""

from __future__ import annotations

import sqlite3

from psa_cli.store import report_months, report_sums
from psa_cli.store.report_sums import KEEP, Params, RangeSums
from psa_cli.store.reports import (
    COST_INDEX,
    PERSON_INDEX,
    Periods,
    Scope,
    day_bounds,
    draft_ids,
    row_filters,
    tagged_ids,
)


def person_time(
    conn: sqlite3.Connection, scope: Scope, periods: Periods, person_ids: list[int]
) -> list[tuple[int, int, int, int]]:
    """(period, person, billable seconds, other seconds) for the given people."""
    params = Params()
    if scope.tags:
        where = row_filters(scope, params, [], ranged_days=False)
        if scope.project_ids is not None:
            where += f" AND e.project_id IN ({params.many(scope.project_ids)})"
        sql = (
            f"SELECT {periods.sql_index()}, e.person_id, "
            "sum(e.seconds * e.billable), sum(e.seconds * (1 - e.billable)) "
            f"FROM ({tagged_ids(scope, params)}) AS g JOIN time_entries AS e ON e.id = g.entry_id "
            f"WHERE e.person_id IN ({params.many(person_ids)}){where} GROUP BY 1, 2"
        )
        return [(r[0], r[1], r[2], r[3]) for r in conn.execute(sql, params.values)]

    def in_projects(params: Params) -> str:
        if scope.project_ids is None:
            return ""
        return f" AND e.project_id IN ({params.many(scope.project_ids)})"

    bounds = day_bounds(conn)
    known = [
        r[0]
        for r in conn.execute(
            f"SELECT id FROM people WHERE id IN ({', '.join(str(int(p)) for p in person_ids)})"
        )
    ]
    sums = RangeSums("person_id", known, in_projects, (1, 0), "e.seconds", ())
    sums.over(conn, periods.spans, periods.every, bounds,
              f"time_entries AS e INDEXED BY {PERSON_INDEX}",
              "person_months AS e NOT INDEXED")  # fmt: skip
    totals: dict[tuple[int, int], list[int]] = {}
    for person, period, billable, _g, seconds, _b in sums.rows(False, keep_zero=True):
        totals.setdefault((period, person), [0, 0])[0 if billable else 1] += seconds
    return [(period, person, b, o) for (period, person), (b, o) in totals.items()]


def project_person_time(conn: sqlite3.Connection, scope: Scope) -> list[tuple[int, int, int]]:
    """(project, person, seconds) in the scope's dates: what labour cost is made of."""
    params = Params()
    if scope.tags:
        where = row_filters(scope, params, [], ranged_days=False)
        if scope.project_ids is not None:
            where += f" AND e.project_id IN ({params.many(scope.project_ids)})"
        sql = (
            "SELECT e.project_id, e.person_id, sum(e.seconds) "
            f"FROM ({tagged_ids(scope, params)}) AS g JOIN time_entries AS e ON e.id = g.entry_id "
            f"WHERE 1{where} GROUP BY 1, 2"
        )
        return [(r[0], r[1], r[2]) for r in conn.execute(sql, params.values)]
    bounds = day_bounds(conn)
    plan = None
    if report_sums.USE_MONTHS:  # (off: the tests' comparison)
        plan = report_months.plan([(scope.date_from, scope.date_to)], "all", bounds)
    entries = f"time_entries AS e INDEXED BY {COST_INDEX}"
    if plan is None:  # an empty ledger (or the tests' switch): the entries' index alone
        lo, hi = bounds  # a range holding every entry needs no test per entry
        first = (
            scope.date_from if scope.date_from and (lo is None or scope.date_from > lo) else None
        )
        last = scope.date_to if scope.date_to and (hi is None or scope.date_to < hi) else None
        return _cost_sums(conn, scope, entries, "day", [(first, last)])
    out: dict[tuple[int, int], int] = {}
    months = "person_months AS e INDEXED BY person_months_cost"
    for source, col, spans in ((months, "month", plan.months), (entries, "day", plan.days)):
        if spans:
            found = _cost_sums(conn, scope, source, col, [(lo, hi) for _, lo, hi in spans])
            for project, person, seconds in found:
                out[(project, person)] = out.get((project, person), 0) + seconds
    return [(project, person, seconds) for (project, person), seconds in out.items()]


def _cost_sums(
    conn: sqlite3.Connection, scope: Scope, source: str, col: str,
    spans: list[tuple[str | None, str | None]],
) -> list[tuple[int, int, int]]:  # fmt: skip
    """(project, person, seconds) over `source` (a covering index ordered by project and
    person: the GROUP BY streams, no sort) where `col` lies in one of `spans` (an end
    None: open)."""
    params = Params()
    ranges = []
    for lo, hi in spans:
        bounded = ([f"e.{col} >= {params.add(lo)}"] if lo else []) + (
            [f"e.{col} <= {params.add(hi)}"] if hi else [])  # fmt: skip
        ranges.append(" AND ".join(bounded) or "1")
    where = f" AND ({' OR '.join(ranges)})" if ranges != ["1"] else ""
    if scope.project_ids is not None:
        where += f" AND e.project_id IN ({params.many(scope.project_ids)})"
    if scope.person_ids:
        where += f" AND e.person_id IN ({params.many(scope.person_ids)})"
    sql = (f"SELECT e.project_id, e.person_id, sum(e.seconds) FROM {source} WHERE 1{where} "
           "GROUP BY e.project_id, e.person_id")  # fmt: skip
    return [(r[0], r[1], r[2]) for r in conn.execute(sql, params.values)]


def tag_time(
    conn: sqlite3.Connection, scope: Scope, periods: Periods
) -> list[tuple[int, str | None, int, int]]:
    """(period, tag, billable seconds, other seconds); tag None is the untagged time's
    complement: the time of entries with at least one tag (subtract it from the total).

    Reads `entry_tags` alone: each tag row carries its entry's day, seconds, billable flag,
    project and person (store/schema_tags.py), so the filters apply to it as `e`. With
    --tag, only the entries carrying every tag are read, through the primary key."""
    out: list[tuple[int, str | None, int, int]] = []
    for distinct in (False, True):
        params = Params()
        where = row_filters(scope, params, [], ranged_days=False)
        if scope.project_ids is not None:
            where += f" AND e.project_id IN ({params.many(scope.project_ids)})"
        if scope.tags:
            where += f" AND e.entry_id IN ({tagged_ids(scope, params)})"
        sums = "sum(e.seconds * e.billable), sum(e.seconds * (1 - e.billable))"
        period = periods.sql_index()
        single = period == "0"  # one period: no sort at all, the index order groups
        if distinct:  # one row per tagged entry: entry_tags is ordered by (entry_id, tag)
            per_entry = (f"SELECT e.day, e.seconds, e.billable FROM entry_tags AS e "
                         f"WHERE 1{where} GROUP BY e.entry_id")  # fmt: skip
            if single:
                sql = f"SELECT 0, NULL, {sums} FROM ({per_entry}) AS e HAVING count(*) > 0"
            else:  # days first (one sort of the entries), then the few days into periods
                sql = (
                    f"SELECT {periods.sql_index('x.day')}, NULL, sum(x.b), sum(x.o) FROM "
                    f"(SELECT e.day, {sums.replace('),', ') AS b,')} AS o "
                    f"FROM ({per_entry}) AS e GROUP BY e.day) AS x GROUP BY 1"
                )
        else:
            index = "" if scope.tags else " INDEXED BY entry_tags_facts"
            if single:
                sql = (f"SELECT 0, e.tag, {sums} FROM entry_tags AS e{index} "
                       f"WHERE 1{where} GROUP BY e.tag")  # fmt: skip
            else:  # (tag, day) in index order first: the sort then sees ~days x tags rows
                sql = (
                    f"SELECT {periods.sql_index('d.day')}, d.tag, sum(d.b), sum(d.o) FROM "
                    f"(SELECT e.tag, e.day, {sums.replace('),', ') AS b,')} AS o "
                    f"FROM entry_tags AS e{index} WHERE 1{where} GROUP BY e.tag, e.day) AS d "
                    "GROUP BY 1, 2"
                )
        out += [(r[0], r[1], r[2], r[3]) for r in conn.execute(sql, params.values)]
    return out


def oldest_unbilled(conn: sqlite3.Connection, scope: Scope) -> dict[int, str]:
    """First day of unbilled billable time (finished, not zero) per project: walks the
    partial index of unbilled time in day order and stops at the first match."""
    params = Params()
    plain = Scope(scope.date_from, scope.date_to, person_ids=scope.person_ids)
    where = row_filters(plain, params, [], ranged_days=False)
    drafts = draft_ids(conn)
    keys = (f"WHERE p.id IN ({params.many(scope.project_ids)})"
            if scope.project_ids is not None else "")  # fmt: skip
    first = (
        "(SELECT e.day FROM time_entries AS e INDEXED BY time_entries_unbilled "
        "WHERE e.project_id = p.id AND e.invoice_id IS NULL AND e.billable = 1 "
        f"AND e.seconds > 0{where} ORDER BY e.day LIMIT 1)"
    )
    if drafts:
        held = (
            "(SELECT min(e.day) FROM time_entries AS e WHERE e.project_id = p.id "
            f"AND e.invoice_id IN ({params.many(drafts)}) AND e.billable = 1 "
            f"AND e.seconds > 0{where})"
        )
        first = f"coalesce(min({first}, {held}), {first}, {held})"
    sql = (
        f"SELECT * FROM (SELECT p.id, {first} AS d FROM projects AS p {keys} {KEEP}) "
        "WHERE d IS NOT NULL"
    )
    return {r[0]: r[1] for r in conn.execute(sql, params.values)}
