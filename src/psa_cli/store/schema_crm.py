"""Schema of the CRM, the sales pipeline and contracts (issue 5, part 2).

`contacts` exists since m001. This migration adds interactions, deals, contracts and
their milestones, and two links on invoice lines: the contract a line bills under (its
consumption: cap used, retainer periods, rollover) and the milestone it bills (a
milestone is billed while a line on a draft or issued invoice names it and no issued
credit note credits that line; voiding or deleting the draft frees it, with no flag to
keep in step).
"""

from __future__ import annotations

import sqlite3

_ID = "id INTEGER PRIMARY KEY AUTOINCREMENT, uid TEXT NOT NULL UNIQUE"
_STAMPS = "created_at TEXT NOT NULL, updated_at TEXT NOT NULL"


def m_crm_contracts(conn: sqlite3.Connection) -> None:
    """Interactions, deals, contracts, contract milestones; invoice lines name them."""
    conn.executescript(
        f"""
        CREATE TABLE interactions (
            {_ID},
            client_id INTEGER NOT NULL REFERENCES clients(id),
            contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
            kind TEXT NOT NULL DEFAULT 'note'
                CHECK (kind IN ('call', 'email', 'meeting', 'note')),
            day TEXT NOT NULL,
            text TEXT NOT NULL,
            {_STAMPS}
        );
        CREATE INDEX interactions_client ON interactions(client_id, day);

        CREATE TABLE deals (
            {_ID},
            client_id INTEGER NOT NULL REFERENCES clients(id),
            title TEXT NOT NULL,
            value_minor INTEGER NOT NULL CHECK (value_minor >= 0),
            currency TEXT NOT NULL CHECK (length(currency) = 3),
            stage TEXT NOT NULL DEFAULT 'lead' CHECK (stage IN
                ('lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost')),
            probability INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),
            close_date TEXT,
            closed_on TEXT,
            lost_reason TEXT,
            project_id INTEGER REFERENCES projects(id),
            {_STAMPS}
        );
        CREATE INDEX deals_stage ON deals(stage, close_date);
        CREATE INDEX deals_client ON deals(client_id);

        CREATE TABLE contracts (
            {_ID},
            client_id INTEGER NOT NULL REFERENCES clients(id),
            project_id INTEGER NOT NULL REFERENCES projects(id),
            kind TEXT NOT NULL CHECK (kind IN ('retainer', 'fixed', 'tm')),
            currency TEXT NOT NULL CHECK (length(currency) = 3),
            start_day TEXT NOT NULL,
            end_day TEXT,
            amount_minor INTEGER CHECK (amount_minor >= 0),
            included_seconds INTEGER CHECK (included_seconds >= 0),
            rollover INTEGER NOT NULL DEFAULT 0 CHECK (rollover IN (0, 1)),
            overage_rate_minor INTEGER CHECK (overage_rate_minor >= 0),
            cap_minor INTEGER CHECK (cap_minor >= 0),
            {_STAMPS},
            CHECK (end_day IS NULL OR end_day >= start_day)
        );
        CREATE INDEX contracts_project ON contracts(project_id, start_day);
        CREATE INDEX contracts_client ON contracts(client_id);

        CREATE TABLE contract_milestones (
            {_ID},
            contract_id INTEGER NOT NULL REFERENCES contracts(id),
            name TEXT NOT NULL,
            day TEXT NOT NULL,
            amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
            {_STAMPS}
        );
        CREATE INDEX contract_milestones_contract ON contract_milestones(contract_id, day);

        ALTER TABLE invoice_lines ADD COLUMN contract_id INTEGER REFERENCES contracts(id);
        ALTER TABLE invoice_lines ADD COLUMN milestone_id INTEGER
            REFERENCES contract_milestones(id);
        CREATE INDEX invoice_lines_contract ON invoice_lines(contract_id)
            WHERE contract_id IS NOT NULL;
        CREATE INDEX invoice_lines_milestone ON invoice_lines(milestone_id)
            WHERE milestone_id IS NOT NULL;
        """
    )


# Checked by `psa db check` (store/maintenance.py): (name, SQL of offending rows, fix).
CRM_INVARIANTS: list[tuple[str, str, str]] = [
    (
        "contracts of a project do not overlap",
        "SELECT 'contract ' || a.id, 'and contract ' || b.id FROM contracts a "
        "JOIN contracts b ON b.project_id = a.project_id AND b.id > a.id "
        "WHERE a.start_day <= coalesce(b.end_day, '9999-12-31') "
        "AND b.start_day <= coalesce(a.end_day, '9999-12-31')",
        "restore a backup, or end one contract before the other starts",
    ),
    (
        "a contract's project belongs to its client",
        "SELECT 'contract ' || k.id, p.code FROM contracts k "
        "JOIN projects p ON p.id = k.project_id WHERE p.client_id != k.client_id",
        "restore a backup: contracts cannot move between clients",
    ),
    (
        "milestones stay within their fixed fee",
        "SELECT 'contract ' || k.id, sum(m.amount_minor) || ' > ' || k.amount_minor "
        "FROM contracts k JOIN contract_milestones m ON m.contract_id = k.id "
        "GROUP BY k.id HAVING sum(m.amount_minor) > coalesce(k.amount_minor, 0)",
        "restore a backup, or raise the contract's fee",
    ),
    (
        "deals and contracts are in their client's currency",
        "SELECT 'deal ' || d.id, d.currency FROM deals d JOIN clients c ON c.id = d.client_id "
        "WHERE d.currency != c.currency UNION ALL SELECT 'contract ' || k.id, k.currency "
        "FROM contracts k JOIN clients c ON c.id = k.client_id WHERE k.currency != c.currency",
        "restore a backup: amounts were entered in the client's currency",
    ),
]
