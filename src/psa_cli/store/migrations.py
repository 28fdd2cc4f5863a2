"""Schema migrations: ordered, named functions, tracked by `PRAGMA user_version`.

Each migration runs inside one `BEGIN IMMEDIATE` transaction with the version
bump, so a crash mid-migration leaves the previous schema intact. A ledger
written by a newer psa (higher user_version) is refused, never downgraded.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from psa_cli.domain.errors import LedgerError
from psa_cli.store.db import begin_immediate
from psa_cli.store.schema_crm import m_crm_contracts
from psa_cli.store.schema_months import m_entry_months
from psa_cli.store.schema_resources import m_resources
from psa_cli.store.schema_source import m_source_index
from psa_cli.store.schema_tags import m_tag_facts

# AUTOINCREMENT: an id is never reused, even after the newest row is deleted,
# so "entry 42" in a note, a script or an audit line always means the same entry.
_ID = "id INTEGER PRIMARY KEY AUTOINCREMENT, uid TEXT NOT NULL UNIQUE"
_STAMPS = "created_at TEXT NOT NULL, updated_at TEXT NOT NULL"


def m001_initial(conn: sqlite3.Connection) -> None:
    """People, clients, contacts, projects, tasks, time entries, expenses, audit."""
    conn.executescript(
        f"""
        CREATE TABLE people (
            {_ID},
            name TEXT NOT NULL COLLATE NOCASE UNIQUE,
            email TEXT NOT NULL DEFAULT '',
            capacity_seconds INTEGER NOT NULL DEFAULT 144000 CHECK (capacity_seconds >= 0),
            cost_rate_minor INTEGER CHECK (cost_rate_minor >= 0),
            rate_minor INTEGER CHECK (rate_minor >= 0),
            currency TEXT NOT NULL,
            is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
            archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
            {_STAMPS}
        );
        CREATE UNIQUE INDEX people_one_default ON people(is_default) WHERE is_default = 1;

        CREATE TABLE clients (
            {_ID},
            code TEXT NOT NULL COLLATE NOCASE UNIQUE,
            name TEXT NOT NULL,
            email TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            tax_id TEXT NOT NULL DEFAULT '',
            currency TEXT NOT NULL CHECK (length(currency) = 3),
            rate_minor INTEGER CHECK (rate_minor >= 0),
            tax_rate TEXT,
            terms_days INTEGER CHECK (terms_days BETWEEN 0 AND 365),
            archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
            {_STAMPS}
        );

        CREATE TABLE contacts (
            {_ID},
            client_id INTEGER NOT NULL REFERENCES clients(id),
            name TEXT NOT NULL,
            role TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            {_STAMPS}
        );
        CREATE INDEX contacts_client ON contacts(client_id);

        CREATE TABLE projects (
            {_ID},
            client_id INTEGER NOT NULL REFERENCES clients(id),
            code TEXT NOT NULL COLLATE NOCASE UNIQUE,
            name TEXT NOT NULL,
            billing TEXT NOT NULL DEFAULT 'hourly'
                CHECK (billing IN ('hourly', 'fixed', 'retainer', 'non-billable')),
            rate_minor INTEGER CHECK (rate_minor >= 0),
            budget_seconds INTEGER CHECK (budget_seconds >= 0),
            budget_minor INTEGER CHECK (budget_minor >= 0),
            status TEXT NOT NULL DEFAULT 'active'
                CHECK (status IN ('active', 'paused', 'done', 'archived')),
            {_STAMPS}
        );
        CREATE INDEX projects_client ON projects(client_id);

        CREATE TABLE tasks (
            {_ID},
            project_id INTEGER NOT NULL REFERENCES projects(id),
            name TEXT NOT NULL COLLATE NOCASE,
            estimate_seconds INTEGER CHECK (estimate_seconds >= 0),
            rate_minor INTEGER CHECK (rate_minor >= 0),
            status TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'doing', 'done')),
            {_STAMPS},
            UNIQUE (project_id, name)
        );

        -- Issued invoices lock the entries and expenses they bill (invoice_id).
        -- The billing engine extends this table in a later migration.
        CREATE TABLE invoices (
            {_ID},
            number TEXT UNIQUE,
            client_id INTEGER NOT NULL REFERENCES clients(id),
            status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'issued', 'void')),
            currency TEXT NOT NULL,
            issue_date TEXT,
            due_date TEXT,
            {_STAMPS}
        );

        CREATE TABLE time_entries (
            {_ID},
            person_id INTEGER NOT NULL REFERENCES people(id),
            project_id INTEGER NOT NULL REFERENCES projects(id),
            task_id INTEGER REFERENCES tasks(id),
            note TEXT NOT NULL DEFAULT '',
            day TEXT NOT NULL,
            started_at TEXT,
            ended_at TEXT,
            seconds INTEGER NOT NULL CHECK (seconds BETWEEN 0 AND 86400),
            billable INTEGER NOT NULL DEFAULT 1 CHECK (billable IN (0, 1)),
            rate_minor INTEGER CHECK (rate_minor >= 0),
            invoice_id INTEGER REFERENCES invoices(id),
            source TEXT,
            source_key TEXT,
            {_STAMPS},
            CHECK (ended_at IS NULL OR started_at IS NOT NULL),
            CHECK (ended_at IS NULL OR ended_at >= started_at),
            UNIQUE (source, source_key)
        );
        -- One running timer per person; also the index `psa status` reads.
        CREATE UNIQUE INDEX time_entries_running ON time_entries(person_id)
            WHERE started_at IS NOT NULL AND ended_at IS NULL;
        CREATE INDEX time_entries_day ON time_entries(day, project_id);
        CREATE INDEX time_entries_project_day ON time_entries(project_id, day);
        CREATE INDEX time_entries_person_start ON time_entries(person_id, started_at);
        CREATE INDEX time_entries_invoice ON time_entries(invoice_id) WHERE invoice_id IS NOT NULL;
        CREATE INDEX time_entries_latest ON time_entries(person_id, id);

        CREATE TABLE entry_tags (
            entry_id INTEGER NOT NULL REFERENCES time_entries(id) ON DELETE CASCADE,
            tag TEXT NOT NULL COLLATE NOCASE,
            PRIMARY KEY (entry_id, tag)
        ) WITHOUT ROWID;
        CREATE INDEX entry_tags_tag ON entry_tags(tag, entry_id);

        CREATE TABLE expenses (
            {_ID},
            project_id INTEGER NOT NULL REFERENCES projects(id),
            person_id INTEGER NOT NULL REFERENCES people(id),
            day TEXT NOT NULL,
            description TEXT NOT NULL,
            category TEXT NOT NULL DEFAULT 'general',
            amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
            currency TEXT NOT NULL CHECK (length(currency) = 3),
            billable INTEGER NOT NULL DEFAULT 1 CHECK (billable IN (0, 1)),
            markup_pct TEXT NOT NULL DEFAULT '0',
            receipt_path TEXT,
            receipt_sha256 TEXT,
            invoice_id INTEGER REFERENCES invoices(id),
            {_STAMPS}
        );
        CREATE INDEX expenses_project_day ON expenses(project_id, day);
        CREATE INDEX expenses_day ON expenses(day);

        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            entity TEXT NOT NULL,
            entity_id INTEGER,
            action TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '{{}}'
        );
        CREATE INDEX audit_entity ON audit_log(entity, entity_id);
        """
    )


def m002_billing(conn: sqlite3.Connection) -> None:
    """The billing engine: invoice lines, payments, numbering, tax and rounding settings."""
    conn.executescript(
        f"""
        ALTER TABLE clients ADD COLUMN postcode TEXT NOT NULL DEFAULT '';
        ALTER TABLE clients ADD COLUMN city TEXT NOT NULL DEFAULT '';
        ALTER TABLE clients ADD COLUMN country TEXT NOT NULL DEFAULT '';
        ALTER TABLE clients ADD COLUMN tax_category TEXT;
        ALTER TABLE clients ADD COLUMN exemption_reason TEXT;
        ALTER TABLE clients ADD COLUMN rounding TEXT;
        ALTER TABLE projects ADD COLUMN rounding TEXT;
        ALTER TABLE projects ADD COLUMN cap_minor INTEGER CHECK (cap_minor >= 0);
        ALTER TABLE projects ADD COLUMN fee_minor INTEGER CHECK (fee_minor >= 0);
        ALTER TABLE projects ADD COLUMN retainer_minor INTEGER CHECK (retainer_minor >= 0);
        ALTER TABLE projects ADD COLUMN retainer_seconds INTEGER CHECK (retainer_seconds >= 0);
        ALTER TABLE projects ADD COLUMN rollover INTEGER NOT NULL DEFAULT 0;

        ALTER TABLE invoices ADD COLUMN kind TEXT NOT NULL DEFAULT 'invoice';
        ALTER TABLE invoices ADD COLUMN series TEXT;
        ALTER TABLE invoices ADD COLUMN seq INTEGER;
        ALTER TABLE invoices ADD COLUMN cseq INTEGER;
        ALTER TABLE invoices ADD COLUMN period_from TEXT;
        ALTER TABLE invoices ADD COLUMN period_to TEXT;
        ALTER TABLE invoices ADD COLUMN notes TEXT NOT NULL DEFAULT '';
        ALTER TABLE invoices ADD COLUMN po_reference TEXT NOT NULL DEFAULT '';
        ALTER TABLE invoices ADD COLUMN discount_pct TEXT NOT NULL DEFAULT '0';
        ALTER TABLE invoices ADD COLUMN credit_of INTEGER REFERENCES invoices(id);
        ALTER TABLE invoices ADD COLUMN net_minor INTEGER;
        ALTER TABLE invoices ADD COLUMN tax_minor INTEGER;
        ALTER TABLE invoices ADD COLUMN total_minor INTEGER;
        ALTER TABLE invoices ADD COLUMN seller TEXT;
        ALTER TABLE invoices ADD COLUMN buyer TEXT;
        ALTER TABLE invoices ADD COLUMN voided_at TEXT;
        CREATE UNIQUE INDEX invoices_series_seq ON invoices(series, seq) WHERE seq IS NOT NULL;
        CREATE INDEX invoices_client ON invoices(client_id, status);

        CREATE TABLE invoice_lines (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            invoice_id INTEGER NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('time', 'expense', 'fixed', 'retainer', 'manual')),
            description TEXT NOT NULL,
            quantity TEXT NOT NULL,
            unit TEXT NOT NULL DEFAULT 'HUR',
            unit_price_minor INTEGER NOT NULL,
            net_minor INTEGER NOT NULL,
            tax_category TEXT NOT NULL DEFAULT 'S'
                CHECK (tax_category IN ('S', 'Z', 'E', 'AE', 'K', 'G', 'O')),
            tax_rate TEXT NOT NULL DEFAULT '0',
            exemption_reason TEXT,
            project_id INTEGER REFERENCES projects(id),
            period_from TEXT,
            period_to TEXT,
            credits_line INTEGER REFERENCES invoice_lines(id),
            UNIQUE (invoice_id, position)
        );
        ALTER TABLE time_entries ADD COLUMN invoice_line_id INTEGER
            REFERENCES invoice_lines(id) ON DELETE SET NULL;
        ALTER TABLE expenses ADD COLUMN invoice_line_id INTEGER
            REFERENCES invoice_lines(id) ON DELETE SET NULL;
        CREATE INDEX expenses_invoice ON expenses(invoice_id) WHERE invoice_id IS NOT NULL;
        CREATE INDEX time_entries_unbilled ON time_entries(project_id, day)
            WHERE invoice_id IS NULL AND billable = 1;

        CREATE TABLE payments (
            {_ID},
            invoice_id INTEGER NOT NULL REFERENCES invoices(id),
            day TEXT NOT NULL,
            amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
            method TEXT NOT NULL DEFAULT 'transfer',
            reference TEXT NOT NULL DEFAULT '',
            {_STAMPS}
        );
        CREATE INDEX payments_invoice ON payments(invoice_id);
        """
    )


def m003_person_day_index(conn: sqlite3.Connection) -> None:
    """A covering index for one person's day total (`psa status`, the 24 h check of `log`),
    and the line -> billed rows lookups an invoice with many lines makes."""
    conn.executescript(
        """
        CREATE INDEX time_entries_person_day ON time_entries(person_id, day, seconds);
        CREATE INDEX time_entries_line ON time_entries(invoice_line_id)
            WHERE invoice_line_id IS NOT NULL;
        CREATE INDEX expenses_line ON expenses(invoice_line_id)
            WHERE invoice_line_id IS NOT NULL;
        """
    )


def m004_report_indexes(conn: sqlite3.Connection) -> None:
    """Covering indexes the reports sum over (docs/reports.md, "How the reports are
    computed"): a report sums contiguous ranges of one of them, one range per (key,
    period), and never reads the table. By project (time, value of work, unbilled), by
    task (partial: entries with a task), by person (timesheets, utilisation), by project
    and person (labour cost), and the few entries with their own rate."""
    conn.executescript(
        """
        CREATE INDEX time_entries_report_project
            ON time_entries(project_id, billable, day, person_id, invoice_id, seconds);
        CREATE INDEX time_entries_report_task
            ON time_entries(task_id, billable, day, person_id, invoice_id, seconds)
            WHERE task_id IS NOT NULL;
        CREATE INDEX time_entries_report_person
            ON time_entries(person_id, billable, day, project_id, seconds);
        CREATE INDEX time_entries_report_cost
            ON time_entries(project_id, person_id, day, seconds);
        CREATE INDEX time_entries_report_rate
            ON time_entries(project_id, task_id, rate_minor, billable, day, person_id, invoice_id,
                            seconds)
            WHERE rate_minor IS NOT NULL;
        """
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    m001_initial,
    m002_billing,
    m003_person_day_index,
    m004_report_indexes,
    m_tag_facts,
    m_resources,
    m_crm_contracts,
    m_source_index,
    m_entry_months,
]
LATEST = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the ledger to the latest schema; return the version found on open."""
    found = schema_version(conn)
    if found == LATEST:
        return found
    if found > LATEST:
        raise LedgerError(
            f"this ledger has schema {found}, newer than this psa understands ({LATEST}): "
            "upgrade psa"
        )
    if found < 0:  # a damaged header: running migrations over it would rewrite the schema
        raise LedgerError(
            f"this ledger's schema version is {found} (a damaged file?): run 'psa db check' "
            "or restore a backup with 'psa db restore'"
        )
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    # A migration may rebuild a table (schema_source): foreign keys are off around the
    # transaction (a pragma SQLite ignores inside one), so dropping the old table does not
    # cascade, and checked before the commit.
    enforced = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        begin_immediate(conn)  # bounded retry on SQLITE_BUSY, like every write
        try:
            current = schema_version(conn)  # re-read under the write lock
            for version in range(current + 1, LATEST + 1):
                _run_statements(conn, MIGRATIONS[version - 1])
                conn.execute(f"PRAGMA user_version = {version}")
            broken = conn.execute("PRAGMA foreign_key_check").fetchone()
            if broken is not None:
                raise LedgerError(
                    f"migrating the ledger would break a reference ({broken[0]} row "
                    f"{broken[1]} -> {broken[2]}): nothing was changed; run 'psa db check'"
                )
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        conn.execute(f"PRAGMA foreign_keys = {'ON' if enforced else 'OFF'}")
    return found


def _run_statements(
    conn: sqlite3.Connection, migration: Callable[[sqlite3.Connection], None]
) -> None:
    """Run a migration inside the caller's transaction.

    `executescript` would COMMIT first, so migrations hand their DDL to a proxy
    that splits it into single statements executed in the open transaction.
    """
    migration(_StatementRunner(conn))  # type: ignore[arg-type]


class _StatementRunner:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def executescript(self, script: str) -> None:
        buffer = ""
        for line in script.splitlines(keepends=True):
            if line.strip().startswith("--"):
                continue
            buffer += line
            if sqlite3.complete_statement(buffer):
                self._conn.execute(buffer)
                buffer = ""
        if buffer.strip():
            raise LedgerError("migration script ends with an incomplete statement")

    def execute(self, sql: str, params: tuple[object, ...] = ()) -> sqlite3.Cursor:
        return self._conn.execute(sql, params)
