"""Migration: each `entry_tags` row carries its entry's report facts, kept by triggers.

`psa report timesheet --by tag` over 1M entries (260k tag rows) looked every tag row's
entry up by id in `time_entries`, twice: ~0.8 s of SQL. With the entry's day, seconds,
billable flag, project and person copied onto its tag rows and a covering index by tag,
the report reads the tag rows alone. Triggers keep the copy exact: a new tag row is
filled from its entry (unless the writer filled it already, as a bulk import may), and an
update of those columns of an entry is copied onto its tag rows (attaching entries to
invoices touches neither). `psa db check` verifies the copy (store/maintenance.py).
"""

from __future__ import annotations

import sqlite3

# The columns copied from time_entries onto entry_tags, in this order everywhere.
FACTS = ("day", "seconds", "billable", "project_id", "person_id")


def m_tag_facts(conn: sqlite3.Connection) -> None:
    """entry_tags(day, seconds, billable, project_id, person_id) + triggers + index."""
    cols = ", ".join(FACTS)
    copy = ", ".join(f"{c} = NEW.{c}" for c in FACTS)
    conn.executescript(
        f"""
        ALTER TABLE entry_tags ADD COLUMN day TEXT;
        ALTER TABLE entry_tags ADD COLUMN seconds INTEGER;
        ALTER TABLE entry_tags ADD COLUMN billable INTEGER;
        ALTER TABLE entry_tags ADD COLUMN project_id INTEGER;
        ALTER TABLE entry_tags ADD COLUMN person_id INTEGER;
        UPDATE entry_tags SET ({cols}) =
            (SELECT {cols} FROM time_entries WHERE id = entry_tags.entry_id);
        CREATE TRIGGER entry_tags_fill AFTER INSERT ON entry_tags WHEN NEW.day IS NULL
        BEGIN
            UPDATE entry_tags SET ({cols}) =
                (SELECT {cols} FROM time_entries WHERE id = NEW.entry_id)
             WHERE entry_id = NEW.entry_id AND tag = NEW.tag;
        END;
        CREATE TRIGGER entry_tags_follow
            AFTER UPDATE OF {cols} ON time_entries
        BEGIN
            UPDATE entry_tags SET {copy} WHERE entry_id = NEW.id;
        END;
        CREATE INDEX entry_tags_facts
            ON entry_tags(tag, day, billable, project_id, person_id, seconds);
        """
    )
