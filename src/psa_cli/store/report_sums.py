"""The sums every report is made of: one correlated sub-query per (key, period,
billable, group of people) over a contiguous range of a covering index of the entries or
of the month totals (store/schema_months.py), rows added up across sources. The periods
come as a CTE `b(i, lo, hi)`; the key (project or task ids) as `k(id)`."""

from __future__ import annotations

import bisect
import sqlite3
from collections.abc import Callable, Iterable
from typing import Any

from psa_cli.store import report_months

# An outer WHERE on a sub-select's columns makes SQLite flatten it and run each correlated
# sub-query twice (once to filter, once to output); a LIMIT keeps the sub-select whole.
KEEP = "LIMIT -1"
# Off: every sum from the entries' indexes (the tests compare both ways).
USE_MONTHS = True


class Params:
    """Named parameters, so a value used by several sub-queries is bound once."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def add(self, value: Any) -> str:
        name = f"p{len(self.values)}"
        self.values[name] = value
        return f":{name}"

    def many(self, values: Iterable[Any]) -> str:
        return ", ".join(self.add(v) for v in values)


def periods_cte(
    spans: list[tuple[str | None, str | None]], params: Params,
    bounds: tuple[str | None, str | None],
) -> tuple[str, str]:  # fmt: skip
    """(CTE, day condition) for the ranged path. One period holding every entry (between
    `bounds`, the ledger's first and last day) needs no condition: cheaper per entry."""
    if len(spans) == 1:
        lo, hi = spans[0]
        if lo and bounds[0] and lo <= bounds[0]:
            lo = None
        if hi and bounds[1] and hi >= bounds[1]:
            hi = None
        cond = (f" AND e.day >= {params.add(lo)}" if lo else "") + (
            f" AND e.day <= {params.add(hi)}" if hi else ""
        )
        return "b(i) AS (VALUES (0))", cond
    rows = ", ".join(f"({i}, {params.add(lo)}, {params.add(hi)})"
                     for i, (lo, hi) in enumerate(spans))  # fmt: skip
    return f"b(i, lo, hi) AS (VALUES {rows})", " AND e.day >= b.lo AND e.day <= b.hi"


class RangeSums:
    """One correlated sum per (key, period, billable, group of people) over a source (the
    entries through a covering index, or the month totals), added up across sources."""

    def __init__(self, key_col: str, keys: list[int], where: Callable[[Params], str],
                 billables: tuple[int, ...], expr: str,
                 groups: tuple[tuple[int, ...], ...]) -> None:  # fmt: skip
        self.key_col, self.keys, self.where = key_col, keys, where
        self.billables, self.expr, self.groups = billables, expr, groups
        self.layout: list[tuple[int, int, bool]] = []  # (billable, group, billed?) a column
        for billable in billables:
            for g in range(len(groups) + 1 if billable else 1):
                self.layout.append((billable, g - 1, False))
                if expr != "e.seconds" and billable:
                    self.layout.append((billable, g - 1, True))
        self.found: dict[tuple[int, int], list[int]] = {}  # (key, period) -> column sums

    def over(self, conn: sqlite3.Connection, spans: list[tuple[str | None, str | None]],
             every: str, bounds: tuple[str | None, str | None], entries: str,
             months: str | None) -> None:  # fmt: skip
        """Sum the periods `spans` (of `every`) over `entries` (a covering index), whole
        months over `months` (the month totals, when the sums allow them; None: not) and
        only the rest of the days over `entries` (store/report_months.py)."""
        use = months is not None and USE_MONTHS
        plan = report_months.plan(spans, every, bounds) if use else None
        if plan is None or months is None:
            params = Params()
            cte, days = periods_cte(spans, params, bounds)
            self.run(conn, params, entries, cte, days)
            return
        if plan.months and not self.groups:
            self._months_grouped(conn, months, plan.months)
        for source, parts, col in ((months, plan.months, "month"), (entries, plan.days, "day")):
            if parts and (col == "day" or self.groups):
                params = Params()
                cte = report_months.spans_cte(parts, params)
                self.run(conn, params, source, cte, f" AND e.{col} >= b.lo AND e.{col} <= b.hi")

    def _months_grouped(self, conn: sqlite3.Connection, source: str,
                        spans: list[tuple[int, str, str]]) -> None:  # fmt: skip
        """The month totals in one GROUP BY (key, billable, month) in their index's order:
        with many periods (a month each), one correlated sum per (key, period) costs more
        than reading the few month rows of every key once. Each month goes to the period
        whose months hold it."""
        params = Params()
        ordered = sorted((lo, hi, i) for i, lo, hi in spans)
        starts = [lo for lo, _, _ in ordered]
        sql = (f"SELECT e.{self.key_col}, e.billable, e.month, sum(e.seconds) FROM {source} "
               f"WHERE e.{self.key_col} IN ({', '.join(str(int(k)) for k in self.keys)}) "
               f"AND e.billable IN ({', '.join(str(b) for b in self.billables)}) "
               f"AND e.month >= {params.add(starts[0])} "
               f"AND e.month <= {params.add(max(hi for _, hi, _ in ordered))}"
               f"{self.where(params)} GROUP BY e.{self.key_col}, e.billable, e.month")  # fmt: skip
        column = {billable: self.layout.index((billable, -1, False)) for billable in self.billables}
        period: dict[str, int | None] = {}  # month -> its period (None: its days' own)
        found, width = self.found, len(self.layout)
        for key, billable, month, seconds in conn.execute(sql, params.values):
            i = period.get(month, -1)
            if i == -1:
                at = bisect.bisect_right(starts, month) - 1
                i = period[month] = None if at < 0 or month > ordered[at][1] else ordered[at][2]
            if i is None:
                continue  # between two periods' months: the entries' days hold it
            cell = found.get((key, i))
            if cell is None:
                cell = found[(key, i)] = [0] * width
            cell[column[billable]] += seconds

    def run(self, conn: sqlite3.Connection, params: Params, source: str, cte: str,
            days: str) -> None:  # fmt: skip
        where = self.where(params)

        def total(what: str, billable: int, extra: str = "") -> str:
            return (f"(SELECT sum({what}) FROM {source} WHERE e.{self.key_col} = k.id "
                    f"AND e.billable = {billable}{days}{where}{extra})")  # fmt: skip

        cols: list[str] = []
        for billable in self.billables:
            for group in ((),) + self.groups if billable else ((),):
                only = f" AND e.person_id IN ({params.many(group)})" if group else ""
                cols.append(total("e.seconds", billable, only))
                if self.expr != "e.seconds" and billable:
                    cols.append(total(self.expr, billable, only))
        names = [f"c{i}" for i in range(len(cols))]
        select = ", ".join(f"{c} AS {n}" for c, n in zip(cols, names, strict=True))
        anything = " OR ".join(f"{n} IS NOT NULL" for n, (_, g, _b)
                               in zip(names, self.layout, strict=True) if g == -1)  # fmt: skip
        sql = (
            f"WITH {cte}, k(id) AS (VALUES {', '.join(f'({int(k)})' for k in self.keys)}) "
            f"SELECT * FROM (SELECT k.id, b.i, {select} FROM k CROSS JOIN b {KEEP}) "
            f"WHERE {anything}"
        )
        for row in conn.execute(sql, params.values):
            cell = self.found.setdefault((row[0], row[1]), [0] * len(cols))
            for n, value in enumerate(row[2:]):
                cell[n] += value or 0

    def rows(self, rounded: bool, *,
             keep_zero: bool = False) -> list[tuple[int, int, int, int, int, int]]:  # fmt: skip
        """(key, period, billable, group, seconds, billed) of every sum that is not zero
        (with keep_zero: of every (key, period) that holds an entry, zero seconds or not)."""
        if not self.groups:
            return self._plain_rows(rounded, keep_zero)
        out = []
        for (key, period), values in self.found.items():
            sums: dict[tuple[int, int], list[int]] = {}
            for value, (billable, g, is_billed) in zip(values, self.layout, strict=True):
                sums.setdefault((billable, g), [0, 0])[1 if is_billed else 0] = value
            everyone = sums.get((1, -1))  # billable time of the people in no group
            for (billable, g), (seconds, billed) in sums.items():
                if everyone is not None and billable and g >= 0:  # -1: the rest of people
                    everyone[0] -= seconds
                    everyone[1] -= billed
            for (billable, g), (seconds, billed) in sums.items():
                if seconds or keep_zero:
                    out.append((key, period, billable, g, seconds, billed if rounded else seconds))
        return out

    def _plain_rows(self, rounded: bool,
                    keep_zero: bool) -> list[tuple[int, int, int, int, int, int]]:  # fmt: skip
        """`rows` when no group of people is apart: each billable flag's column as it is."""
        where = {(b, billed): n for n, (b, _g, billed) in enumerate(self.layout)}
        columns = [(b, where[(b, False)], where.get((b, True), where[(b, False)]))
                   for b in self.billables]  # fmt: skip
        out = []
        for (key, period), values in self.found.items():
            for billable, at, billed_at in columns:
                seconds = values[at]
                if seconds or keep_zero:
                    out.append((key, period, billable, -1, seconds,
                                values[billed_at] if rounded else seconds))  # fmt: skip
        return out
