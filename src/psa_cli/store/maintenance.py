"""Integrity checks, the ledger's own invariants, online backup, table statistics."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from psa_cli.domain.errors import LedgerError, Refused
from psa_cli.store import schema_months
from psa_cli.store.migrations import LATEST, schema_version
from psa_cli.store.schema_crm import CRM_INVARIANTS

# Each invariant: (name, SQL returning offending rows as (id, detail), fix hint).
INVARIANTS: list[tuple[str, str, str]] = [
    (
        "one running timer per person",
        "SELECT person_id, count(*) FROM time_entries WHERE started_at IS NOT NULL "
        "AND ended_at IS NULL GROUP BY person_id HAVING count(*) > 1",
        "stop or delete the extra timers with 'psa entry delete ID'",
    ),
    (
        "clocked entries: seconds equal ended_at - started_at",
        "SELECT id, seconds FROM time_entries WHERE ended_at IS NOT NULL AND seconds != "
        "CAST(round((julianday(ended_at) - julianday(started_at)) * 86400) AS INTEGER)",
        "fix the entry with 'psa entry edit ID --start ... --end ...'",
    ),
    (
        "running timers hold zero seconds",
        "SELECT id, seconds FROM time_entries WHERE started_at IS NOT NULL "
        "AND ended_at IS NULL AND seconds != 0",
        "stop the timer with 'psa stop'",
    ),
    (
        "entry day is an ISO date",
        "SELECT id, day FROM time_entries WHERE day NOT GLOB "
        "'[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' OR date(day) IS NULL OR date(day) != day",
        "set the date with 'psa entry edit ID --date YYYY-MM-DD'",
    ),
    (
        "timestamps are UTC ISO-8601",
        "SELECT id, started_at FROM time_entries WHERE (started_at IS NOT NULL AND "
        "started_at NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:"
        "[0-9][0-9]Z') OR (ended_at IS NOT NULL AND ended_at NOT GLOB '[0-9][0-9][0-9][0-9]-"
        "[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z')",
        "re-enter the entry's times with 'psa entry edit ID'",
    ),
    (
        "a task belongs to its entry's project",
        "SELECT e.id, e.task_id FROM time_entries e JOIN tasks t ON t.id = e.task_id "
        "WHERE t.project_id != e.project_id",
        "move the entry with 'psa entry edit ID --task NAME'",
    ),
    (
        "expense currency is an ISO code",
        "SELECT id, currency FROM expenses WHERE currency NOT GLOB '[A-Z][A-Z][A-Z]'",
        "fix it with 'psa expense edit ID --currency CUR'",
    ),
    (
        "billed rows belong to an invoice of their client",
        "SELECT e.id, e.invoice_id FROM time_entries e JOIN projects p ON p.id = e.project_id "
        "JOIN invoices i ON i.id = e.invoice_id WHERE i.client_id != p.client_id",
        "void the invoice and draft it again",
    ),
    (
        "void invoices hold no entries or expenses",
        "SELECT i.number, 'time entries' FROM time_entries e "
        "JOIN invoices i ON i.id = e.invoice_id "
        "WHERE i.status = 'void' UNION ALL SELECT i.number, 'expenses' FROM expenses x "
        "JOIN invoices i ON i.id = x.invoice_id WHERE i.status = 'void'",
        "release them: UPDATE ... SET invoice_id = NULL, or restore a backup",
    ),
    (
        "a billed row's line belongs to its invoice",
        "SELECT e.id, e.invoice_line_id FROM time_entries e JOIN invoice_lines l "
        "ON l.id = e.invoice_line_id WHERE l.invoice_id IS NOT e.invoice_id",
        "void the invoice and draft it again",
    ),
    (
        "issued invoices carry a number, a date and totals (total = net + tax)",
        "SELECT id, coalesce(number, 'no number') FROM invoices WHERE status != 'draft' "
        "AND (number IS NULL OR issue_date IS NULL OR total_minor IS NULL "
        "OR total_minor != net_minor + tax_minor)",
        "restore a backup: issued invoices are never edited",
    ),
    (
        "issued net equals the sum of its lines (no discount)",
        "SELECT i.id, i.number FROM invoices i WHERE i.status != 'draft' AND i.discount_pct = '0' "
        "AND i.net_minor != (SELECT coalesce(sum(net_minor), 0) FROM invoice_lines "
        "WHERE invoice_id = i.id)",
        "restore a backup: issued invoices are never edited",
    ),
    (
        "payments never exceed the invoice total",
        "SELECT i.id, i.number FROM invoices i WHERE (SELECT coalesce(sum(amount_minor), 0) "
        "FROM payments WHERE invoice_id = i.id) > coalesce(i.total_minor, 0)",
        "delete the extra payment",
    ),
    (
        "invoice numbers are gapless in each series",
        "SELECT series, count(*) || ' numbers, highest ' || max(seq) FROM invoices "
        "WHERE seq IS NOT NULL GROUP BY series HAVING count(*) != max(seq)",
        "restore a backup: a number was lost",
    ),
    (
        "exactly one default person",
        "SELECT count(*), 'default people' FROM people WHERE is_default = 1 "
        "HAVING count(*) != 1 AND (SELECT count(*) FROM people) > 0",
        "mark yourself with 'psa person edit NAME --default'",
    ),
    (
        "tag rows carry their entry's day, seconds, billable, project and person",
        "SELECT g.entry_id, g.tag FROM entry_tags g JOIN time_entries e ON e.id = g.entry_id "
        "WHERE g.day IS NOT e.day OR g.seconds IS NOT e.seconds OR g.billable IS NOT e.billable "
        "OR g.project_id IS NOT e.project_id OR g.person_id IS NOT e.person_id",
        "re-save the entry's tags with 'psa entry edit ID --tag ...'",
    ),
    (
        "month totals (entry_months, person_months) equal the entries' sums",
        schema_months.MISMATCHES,
        "export and restore the ledger ('psa export json --all', 'psa import psa', which "
        "sums them again) or restore a backup with 'psa db restore'",
    ),
    (
        "allocation and task days are ISO dates",
        "SELECT 'allocation ' || id, start_day || ' to ' || end_day FROM allocations "
        "WHERE date(start_day) IS NOT start_day OR date(end_day) IS NOT end_day "
        "UNION ALL SELECT 'task ' || id, due_day FROM tasks "
        "WHERE due_day IS NOT NULL AND date(due_day) IS NOT due_day",
        "set them again with 'psa allocation edit N --from D --to D' or 'psa task edit'",
    ),
    (
        "timesheet weeks run Monday to Sunday",
        "SELECT id, week FROM timesheets WHERE date(week_start, 'weekday 0', '-6 days') "
        "IS NOT week_start OR week_end IS NOT date(week_start, '+6 days')",
        "reopen the week with 'psa timesheet reopen PERSON --week W' and submit it again",
    ),
    (
        "approved weeks hold no running timer",
        "SELECT t.week, pe.name FROM timesheets t JOIN people pe ON pe.id = t.person_id "
        "JOIN time_entries e ON e.person_id = t.person_id "
        "AND e.day BETWEEN t.week_start AND t.week_end WHERE t.status = 'approved' "
        "AND e.started_at IS NOT NULL AND e.ended_at IS NULL",
        "reopen the week with 'psa timesheet reopen PERSON --week W', then 'psa stop'",
    ),
]


def check(conn: sqlite3.Connection) -> list[str]:
    """Return one line per problem found; an empty list means the ledger is sound."""
    problems: list[str] = []
    integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    if integrity != ["ok"]:
        problems.extend(f"integrity: {line}" for line in integrity[:20])
    for row in conn.execute("PRAGMA foreign_key_check").fetchall()[:20]:
        problems.append(f"foreign key: {row[0]} row {row[1]} points to a missing {row[2]}")
    version = schema_version(conn)
    if version != LATEST:
        problems.append(f"schema version {version}, expected {LATEST}")
    for name, sql, hint in INVARIANTS + CRM_INVARIANTS:
        bad = conn.execute(sql).fetchall()
        for row in bad[:10]:
            problems.append(f"{name}: violated by {row[0]} ({row[1]}); {hint}")
        if len(bad) > 10:
            problems.append(f"{name}: {len(bad) - 10} more violations")
    return problems


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per table, through sqlite-utils' introspection (not on the hot path)."""
    import sqlite_utils

    db = sqlite_utils.Database(conn)
    names = [n for n in sorted(db.table_names()) if not n.startswith("sqlite_")]
    return {name: db.table(name).count for name in names}


def backup(conn: sqlite3.Connection, target: Path) -> None:
    """Copy the ledger with SQLite's online backup API (consistent while others write).

    The copy is written to a private temporary file first, then renamed into
    place, so a crash never leaves a half-written backup under the final name.
    """
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    try:
        dest = sqlite3.connect(tmp)
        try:
            conn.backup(dest, pages=1024)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        os.replace(tmp, target)
    except sqlite3.DatabaseError as exc:
        tmp.unlink(missing_ok=True)
        raise LedgerError(f"cannot copy the ledger ({exc}): run 'psa db check'") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def verify_file(path: Path) -> list[str]:
    """Open another ledger file read-only and run the same checks (used for backups)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return check(conn)
    finally:
        conn.close()


SQLITE_MAGIC = b"SQLite format 3\x00"


def schema_at(version: int) -> dict[str, set[str]]:
    """Tables and their columns of a ledger built by the first `version` migrations."""
    from psa_cli.store.migrations import MIGRATIONS

    ref = sqlite3.connect(":memory:")
    try:
        for migration in MIGRATIONS[:version]:
            migration(ref)
        return _tables(ref)
    finally:
        ref.close()


def _tables(conn: sqlite3.Connection) -> dict[str, set[str]]:
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {n: {r[1] for r in conn.execute(f'PRAGMA table_info("{n}")')} for n in names}


def copy_for_restore(source: Path, tmp: Path) -> None:
    """Copy `source` (read-only, its WAL included) into a new private file `tmp` (WAL mode)."""
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dest = sqlite3.connect(tmp)
        try:
            src.backup(dest)
            dest.execute("PRAGMA journal_mode = WAL")
        finally:
            dest.close()
    finally:
        src.close()


def foreign_schema(conn: sqlite3.Connection) -> str | None:
    """Why this database is not a psa ledger this psa knows, or None when it is one."""
    version = schema_version(conn)
    if version < 1:
        return "it has no psa schema version (user_version 0): not a psa ledger"
    if version > LATEST:
        return f"its schema {version} is newer than this psa understands ({LATEST})"
    found = _tables(conn)
    for table, columns in schema_at(version).items():
        if table not in found:
            return f"table '{table}' of schema {version} is missing"
        if not columns <= found[table]:
            missing = sorted(columns - found[table])[0]
            return f"column '{table}.{missing}' of schema {version} is missing"
    return None


def checkpoint(conn: sqlite3.Connection) -> None:
    """Fold the WAL into the main file and truncate it (before the file is replaced)."""
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.DatabaseError as exc:
        raise LedgerError(f"cannot checkpoint the ledger ({exc})") from None


def fsync_path(path: Path) -> None:
    """Flush a file (or a folder, after a rename in it) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def prepare_restore(source: Path, tmp: Path) -> tuple[int, list[str]]:
    """Copy `source` to `tmp` and vet the copy: SQLite integrity, foreign keys, a psa
    schema this psa knows, then migrate it to the latest schema and run every invariant.

    Returns (the schema version found, the problems); the source is never written.
    """
    from psa_cli.store.migrations import migrate

    try:
        copy_for_restore(source, tmp)
        conn = sqlite3.connect(tmp, isolation_level=None)
    except sqlite3.DatabaseError as exc:
        raise Refused(
            f"{source} is not a usable SQLite database ({exc}): nothing was changed"
        ) from None
    try:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        found = schema_version(conn)
        integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            return found, [f"integrity: {line}" for line in integrity[:20]]
        fks = conn.execute("PRAGMA foreign_key_check").fetchall()
        if fks:
            row = fks[0]
            return found, [f"foreign key: {row[0]} row {row[1]} points to a missing {row[2]}"]
        foreign = foreign_schema(conn)
        if foreign:
            return found, [foreign]
        migrate(conn)
        return found, check(conn)
    except sqlite3.DatabaseError as exc:
        return 0, [f"unreadable ({exc})"]
    finally:
        conn.close()
