"""Schema of resource planning, task planning and timesheet approval (issue 5, part 1).

Allocations (person x project x date range x seconds a week), project start/end days
(the schedule), task due days and assignees, and one approval row per person and ISO
week. Appended to `migrations.MIGRATIONS`; its version is its position there.
"""

from __future__ import annotations

import sqlite3

_ID = "id INTEGER PRIMARY KEY AUTOINCREMENT, uid TEXT NOT NULL UNIQUE"
_STAMPS = "created_at TEXT NOT NULL, updated_at TEXT NOT NULL"


def m_resources(conn: sqlite3.Connection) -> None:
    """Allocations, project dates, task due days and assignees, timesheet approvals."""
    conn.executescript(
        f"""
        CREATE TABLE allocations (
            {_ID},
            person_id INTEGER NOT NULL REFERENCES people(id),
            project_id INTEGER NOT NULL REFERENCES projects(id),
            seconds_per_week INTEGER NOT NULL
                CHECK (seconds_per_week > 0 AND seconds_per_week <= 604800),
            start_day TEXT NOT NULL,
            end_day TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            {_STAMPS},
            CHECK (end_day >= start_day)
        );
        CREATE INDEX allocations_person ON allocations(person_id, start_day);
        CREATE INDEX allocations_project ON allocations(project_id, start_day);

        ALTER TABLE projects ADD COLUMN start_day TEXT;
        ALTER TABLE projects ADD COLUMN end_day TEXT;
        ALTER TABLE tasks ADD COLUMN due_day TEXT;
        ALTER TABLE tasks ADD COLUMN assignee_id INTEGER REFERENCES people(id);
        CREATE INDEX tasks_assignee ON tasks(assignee_id) WHERE assignee_id IS NOT NULL;

        -- One row per person and ISO week once it leaves 'open'; week_start is the
        -- Monday, week_end the Sunday, so "is this day approved" is a range lookup.
        CREATE TABLE timesheets (
            {_ID},
            person_id INTEGER NOT NULL REFERENCES people(id),
            week TEXT NOT NULL,
            week_start TEXT NOT NULL,
            week_end TEXT NOT NULL,
            status TEXT NOT NULL
                CHECK (status IN ('open', 'submitted', 'approved', 'rejected')),
            reason TEXT NOT NULL DEFAULT '',
            submitted_at TEXT,
            decided_at TEXT,
            {_STAMPS},
            UNIQUE (person_id, week_start)
        );
        CREATE INDEX timesheets_approved ON timesheets(person_id, week_start, week_end)
            WHERE status = 'approved';
        """
    )
