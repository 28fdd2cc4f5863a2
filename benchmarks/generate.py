"""Build a large, realistic psa ledger quickly, for benchmarks.

    python benchmarks/generate.py --entries 1000000 --ledger bench-data/ledger-1m.db

The ledger is created by `psa_cli.store.db.connect` (0600 file, WAL, migrations),
then filled with plain sqlite3 `executemany` inside one transaction. The
secondary indexes of `time_entries` are dropped around the bulk insert and
recreated from the exact SQL read back from `sqlite_master`. During the load the
connection runs without a journal, fsync or foreign-key checks (the file is
deleted if anything fails); WAL mode is restored at the end.

The data obeys everything `psa db check` verifies, plus the rules the CLI
enforces: no entry crosses midnight (UTC is used as the local zone), a person
logs at most 24 h a day (about 12 h in practice), clocked entries are sequential per
person (no overlaps), no timer is running and nothing lies in the future.

Output is a pure function of (--seed, --entries, --people, --end). A person
logs 2-12 entries on a working day, so the number of people grows with
--entries (at least 5; about 256 for 1M entries over 3 years) unless --people
is given. Person 1 is the default person, "me"; project 1 is `acme-web` of
client `acme`, the project the CLI benchmark uses.
"""

from __future__ import annotations

import argparse
import math
import random
import sqlite3
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from psa_cli.store import schema_months
from psa_cli.store.db import connect

YEARS = 3
MEAN_PER_DAY = 5  # entries per person per working day, on average
MAX_PER_DAY = 12  # 12 x 15 min always fits in a day
MAX_DAY_SECONDS = 12 * 3600  # a long working day; well under the CLI's 24 h
MIN_SECONDS = 15 * 60
MAX_SECONDS = 4 * 3600
CLOCKED_SHARE = 0.88  # the rest are `psa log` entries without clock times
TAGGED_SHARE = 0.20

FIRST = (
    "Alice Bruno Chloé Dmitri Elena Farid Greta Hugo Ines Jonas Kenji Lena Marco Nadia Omar "
    "Priya Quentin Rosa Sven Tara Ulrich Vera Wei Ximena Yusuf Zoé Amara Basile Carmen Diego"
).split()
LAST = (
    "Martin Bernard Dubois Schmidt Rossi Garcia Novak Jensen Kowalski Silva Tanaka Okafor "
    "Haddad Larsen Moreau Fischer Costa Nguyen Petrov Lindqvist Murphy Varga Horvat Ito"
).split()
CLIENT_NAMES = (
    "Acme Corp",  # client 1: code 'acme', owner of project 1 'acme-web'
    "Globex", "Initech", "Umbrella Labs", "Stark Industries", "Wayne Enterprises", "Hooli",
    "Vandelay Imports", "Soylent", "Cyberdyne Systems", "Tyrell", "Wonka Industries",
    "Aperture Science", "Gringotts", "Monarch Solutions", "Pied Piper", "Massive Dynamic",
    "Oceanic Airlines", "Blue Sun", "Nakatomi Trading",
)  # fmt: skip
PROJECT_NAMES = (
    "Web", "Mobile App", "API", "Data Platform", "Support", "Audit", "Migration", "Design System",
    "Analytics", "Infrastructure", "Onboarding", "Security Review", "Billing", "Search",
)  # fmt: skip
TASK_NAMES = (
    "Design", "Development", "Code review", "Testing", "Meetings", "Deployment", "Documentation",
    "Research", "Bug fixing", "Planning", "Support", "Workshops",
)  # fmt: skip
VERBS = (
    "fixed", "reviewed", "wrote", "refactored", "planned", "tested", "deployed", "designed",
    "discussed", "debugged", "documented", "prototyped", "estimated", "cleaned up", "migrated",
)  # fmt: skip
OBJECTS = (
    "login flow", "invoice export", "search results page", "CI pipeline", "sprint backlog",
    "database schema", "release notes", "onboarding emails", "payment webhook", "admin dashboard",
    "API pagination", "caching layer", "accessibility issues", "error handling", "mobile menu",
    "report PDF", "staging server", "unit tests", "user permissions", "data import",
)  # fmt: skip
TAGS = (
    "meeting", "call", "review", "bug", "feature", "ops", "design", "research", "urgent",
    "onsite", "remote", "planning", "docs", "support", "training", "release", "hotfix", "qa",
    "workshop", "travel", "estimate", "refactor", "security", "infra", "sales",
)  # fmt: skip
CATEGORIES = ("travel", "lodging", "meals", "software", "hardware", "general", "training")
CURRENCIES = ("EUR", "EUR", "EUR", "USD", "USD", "GBP")

ENTRY_COLUMNS = (
    "id, uid, person_id, project_id, task_id, note, day, started_at, ended_at, seconds, "
    "billable, rate_minor, invoice_id, source, source_key, created_at, updated_at"
)


@dataclass
class Catalog:
    """What the entries refer to: ids only, plus what each entry needs to know."""

    people: int = 0
    person_projects: list[list[int]] = field(default_factory=list)  # index: person_id - 1
    project_tasks: dict[int, list[int]] = field(default_factory=dict)
    project_billable: dict[int, bool] = field(default_factory=dict)
    project_currency: dict[int, str] = field(default_factory=dict)


def slug(text: str) -> str:
    out = "".join(c if c.isalnum() else "-" for c in text.lower())
    return "-".join(part for part in out.split("-") if part)[:40]


def working_days(end: date, years: int) -> list[date]:
    start = end - timedelta(days=365 * years)
    days = []
    current = start + timedelta(days=1)
    while current <= end:
        if current.weekday() < 5:
            days.append(current)
        current += timedelta(days=1)
    return days


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def uid(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def insert_catalog(
    conn: sqlite3.Connection, rng: random.Random, people: int, stamp: str
) -> Catalog:
    """People, clients, projects and tasks, with ids 1..n in insertion order."""
    cat = Catalog(people=people)
    names = ["me"]
    pool = [f"{f} {last}" for f in FIRST for last in LAST]
    rng.shuffle(pool)
    if people - 1 > len(pool):
        pool += [f"Contractor {i:04d}" for i in range(people - 1 - len(pool))]
    names += pool[: people - 1]
    conn.executemany(
        "INSERT INTO people (id, uid, name, email, capacity_seconds, cost_rate_minor, rate_minor, "
        "currency, is_default, archived, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, 'EUR', ?, 0, ?, ?)",
        [
            (
                i,
                uid(rng),
                name,
                f"{slug(name).replace('-', '.')}@example.com",
                rng.choice((144000, 144000, 115200, 72000)),
                rng.randrange(3000, 7000, 500),
                rng.randrange(8000, 16000, 500),
                int(i == 1),
                stamp,
                stamp,
            )
            for i, name in enumerate(names, start=1)
        ],
    )

    clients = []
    for i, name in enumerate(CLIENT_NAMES, start=1):
        code = "acme" if i == 1 else slug(name)
        currency = "EUR" if i == 1 else rng.choice(CURRENCIES)
        clients.append((i, code, currency))
        conn.execute(
            "INSERT INTO clients (id, uid, code, name, email, address, tax_id, currency, "
            "rate_minor, tax_rate, terms_days, archived, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
            (
                i,
                uid(rng),
                code,
                name,
                f"billing@{code}.example",
                f"{rng.randrange(1, 200)} Main Street\n{rng.randrange(10000, 99999)} Springfield",
                f"XX{rng.randrange(10**9, 10**10)}",
                currency,
                rng.randrange(8000, 20001, 500),
                rng.choice(("20", "20", "0", "19")),
                rng.choice((14, 30, 30, 45)),
                stamp,
                stamp,
            ),
        )

    billing_choices = ("hourly",) * 7 + ("fixed", "retainer", "non-billable")
    project_id = 0
    task_id = 0
    others = [n for n in PROJECT_NAMES if n != "Web"]
    for client_id, client_code, currency in clients:
        # 61 projects in all; the first is acme-web, active and hourly.
        names = ["Web", *rng.sample(others, 3)] if client_id == 1 else rng.sample(PROJECT_NAMES, 3)
        for name in names:
            project_id += 1
            first = project_id == 1
            billing = "hourly" if first else rng.choice(billing_choices)
            status = "active" if first else rng.choice(("active",) * 8 + ("paused", "done"))
            code = slug(f"{client_code}-{name}")
            budget_seconds = rng.randrange(40, 400) * 3600 if billing != "hourly" else None
            conn.execute(
                "INSERT INTO projects (id, uid, client_id, code, name, billing, rate_minor, "
                "budget_seconds, budget_minor, status, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    project_id,
                    uid(rng),
                    client_id,
                    code,
                    name,
                    billing,
                    rng.randrange(9000, 18001, 500) if rng.random() < 0.3 else None,
                    budget_seconds,
                    rng.randrange(5, 80) * 100_000 if billing == "fixed" else None,
                    status,
                    stamp,
                    stamp,
                ),
            )
            cat.project_billable[project_id] = billing != "non-billable"
            cat.project_currency[project_id] = currency
            tasks = []
            for task_name in rng.sample(TASK_NAMES, rng.randrange(3, 8)):
                task_id += 1
                tasks.append(task_id)
                conn.execute(
                    "INSERT INTO tasks (id, uid, project_id, name, estimate_seconds, rate_minor, "
                    "status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?)",
                    (
                        task_id,
                        uid(rng),
                        project_id,
                        task_name,
                        rng.randrange(4, 80) * 3600 if rng.random() < 0.5 else None,
                        rng.choice(("todo", "doing", "done")),
                        stamp,
                        stamp,
                    ),
                )
            cat.project_tasks[project_id] = tasks

    projects = list(range(1, project_id + 1))
    for person in range(1, people + 1):
        mine = rng.sample(projects, rng.randrange(3, 7))
        if person == 1 and 1 not in mine:
            mine[0] = 1
        cat.person_projects.append(mine)
    return cat


def day_counts(rng: random.Random, slots: int, total: int) -> list[int]:
    """Entries per (day, person) slot: around the mean, summing to exactly `total`."""
    mean = total / slots
    base = int(mean)
    frac = mean - base
    counts = []
    for _ in range(slots):
        c = base + (rng.random() < frac)
        if base >= 2:
            c += rng.choice((-2, -1, -1, 0, 0, 0, 1, 1, 2))
        counts.append(min(MAX_PER_DAY, max(0, c)))
    diff = total - sum(counts)
    while diff:
        i = rng.randrange(slots)
        if diff > 0 and counts[i] < MAX_PER_DAY:
            counts[i] += 1
            diff -= 1
        elif diff < 0 and counts[i] > 0:
            counts[i] -= 1
            diff += 1
    return counts


def entry_rows(
    rng: random.Random,
    cat: Catalog,
    days: list[date],
    counts: list[int],
    end: datetime,
    tags_out: list[tuple[int, str]],
) -> Iterator[tuple[object, ...]]:
    """Time entries in id order (day by day, person by person); fills `tags_out`."""
    hms = [f"T{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}Z" for s in range(86400)]
    notes = [""] * 60 + [f"{v} {o}" for v in VERBS for o in OBJECTS]
    today = end.date()
    end_sec = end.hour * 3600 + end.minute * 60 + end.second
    end_iso = iso(end)
    rand = rng.random
    randrange = rng.randrange
    choice = rng.choice
    getrandbits = rng.getrandbits
    # Random uids, handed out in ascending order: the UNIQUE(uid) index is then appended
    # to instead of split at random (4-5 s less at 1M), and ends up packed like the
    # other indexes, which are rebuilt after the insert.
    step_bits = 127 - max(1, sum(counts)).bit_length()  # the last uid stays below 2**127
    uid_value = 0
    entry_id = 0
    slot = 0
    for day in days:
        day_s = day.isoformat()
        manual_created = f"{day_s}T18:00:00Z" if day < today else end_iso
        limit = end_sec - 60 if day == today else 86400 - 60
        for person in range(1, cat.people + 1):
            count = counts[slot]
            slot += 1
            if not count:
                continue
            # Durations first (15 min - 4 h, skewed short), capped at 12 h a day.
            durations = [MIN_SECONDS + int((MAX_SECONDS - MIN_SECONDS) * rand() ** 2.2)
                         for _ in range(count)]  # fmt: skip
            total = sum(durations)
            if total > MAX_DAY_SECONDS:
                durations = [max(MIN_SECONDS, d * MAX_DAY_SECONDS // total) for d in durations]
            clocked = [rand() < CLOCKED_SHARE for _ in range(count)]
            for i, d in enumerate(durations):
                if not clocked[i] or rand() < 0.5:  # typed durations are round
                    durations[i] = max(MIN_SECONDS, d // 300 * 300)
            gaps = [choice((0, 0, 0, 300, 600, 900, 1800)) for _ in range(count)]
            span = sum(durations) + sum(gaps)
            cursor = randrange(6 * 3600, 9 * 3600 + 1, 300)
            if cursor + span > limit:
                cursor = max(0, limit - span)
            projects = cat.person_projects[person - 1]
            for i in range(count):
                seconds = durations[i]
                cursor += gaps[i]
                project = choice(projects)
                tasks = cat.project_tasks[project]
                entry_id += 1
                started: str | None
                ended: str | None
                if clocked[i] and cursor + seconds <= limit:
                    started = day_s + hms[cursor]
                    ended = day_s + hms[cursor + seconds]
                    created = ended
                else:  # no clock times (or would end in the future): a logged duration
                    started = ended = None
                    created = manual_created
                cursor += seconds
                billable = int(cat.project_billable[project] and rand() < 0.95)
                if rand() < TAGGED_SHARE:
                    for tag in sorted(set(rng.sample(TAGS, 1 + (rand() < 0.3)))):
                        tags_out.append((entry_id, tag))
                uid_value += getrandbits(step_bits) + 1
                yield (
                    entry_id,
                    f"{uid_value:032x}",
                    person,
                    project,
                    choice(tasks) if rand() < 0.55 else None,
                    choice(notes),
                    day_s,
                    started,
                    ended,
                    seconds,
                    billable,
                    None,
                    None,
                    None,
                    None,
                    created,
                    created,
                )


def expense_rows(
    rng: random.Random, cat: Catalog, days: list[date], count: int, end: datetime
) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for i in range(1, count + 1):
        person = rng.randrange(1, cat.people + 1)
        project = rng.choice(cat.person_projects[person - 1])
        day = days[int(len(days) * rng.random() ** 0.8)]
        evening = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=19)
        created = iso(min(end, evening))
        category = rng.choice(CATEGORIES)
        high = 300_000 if category == "hardware" else 200_000
        rows.append(
            (
                i,
                uid(rng),
                project,
                person,
                day.isoformat(),
                f"{category}: {rng.choice(OBJECTS)}",
                category,
                rng.randrange(500, high),
                cat.project_currency[project],
                int(rng.random() < 0.8),
                rng.choice(("0", "0", "0", "10")),
                created,
                created,
            )
        )
    return rows


def generate(
    path: Path, entries: int, seed: int, people: int | None, end: datetime
) -> dict[str, float]:
    """Create the ledger at `path` (must not exist); return phase timings in seconds."""
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    rng = random.Random(seed)
    days = working_days(end.date(), YEARS)
    need = max(5, math.ceil(entries / (len(days) * MEAN_PER_DAY)))
    people = people or need
    if entries > people * len(days) * MAX_PER_DAY:
        least = math.ceil(entries / (len(days) * MAX_PER_DAY))
        raise SystemExit(
            f"generate.py: {entries} entries do not fit {people} people over {len(days)} working "
            f"days at most {MAX_PER_DAY} a day: use --people {least} or more (default: {need})"
        )
    stamp = iso(datetime.combine(days[0], datetime.min.time(), UTC) + timedelta(hours=9))

    conn = connect(path)  # 0600 file, WAL, schema migrations
    # Bulk-load settings; the file is deleted if anything fails, and WAL comes back at the end.
    conn.execute("PRAGMA journal_mode = OFF")  # pages go to the file once, not via the WAL
    conn.execute("PRAGMA foreign_keys = OFF")  # checked afterwards by `psa db check`
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -1000000")  # 1 GB: the uid index fits in memory
    conn.execute("PRAGMA temp_store = MEMORY")
    timings["open"] = time.perf_counter() - t0

    conn.execute("BEGIN IMMEDIATE")
    try:
        cat = insert_catalog(conn, rng, people, stamp)
        indexes = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
            "AND tbl_name = 'time_entries' AND sql IS NOT NULL ORDER BY rowid"
        ).fetchall()
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        schema_months.drop_triggers(conn)  # the month totals are summed once at the end

        t1 = time.perf_counter()
        counts = day_counts(rng, len(days) * people, entries)
        tags: list[tuple[int, str]] = []
        conn.executemany(
            f"INSERT INTO time_entries ({ENTRY_COLUMNS}) VALUES ({', '.join('?' * 17)})",
            entry_rows(rng, cat, days, counts, end, tags),
        )
        conn.executemany("INSERT INTO entry_tags (entry_id, tag) VALUES (?, ?)", tags)
        conn.executemany(
            "INSERT INTO expenses (id, uid, project_id, person_id, day, description, category, "
            "amount_minor, currency, billable, markup_pct, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            expense_rows(rng, cat, days, max(200, entries // 300), end),
        )
        timings["insert"] = time.perf_counter() - t1

        t2 = time.perf_counter()
        for _, sql in indexes:
            conn.execute(sql)
        schema_months.rebuild(conn)
        schema_months.create_triggers(conn)
        timings["indexes"] = time.perf_counter() - t2
        conn.execute("COMMIT")
    except BaseException:
        conn.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise

    t3 = time.perf_counter()
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    timings["finish"] = time.perf_counter() - t3
    timings["total"] = time.perf_counter() - t0
    timings["people"] = people
    timings["tags"] = len(tags)
    return timings


def parse_end(text: str | None) -> datetime:
    if not text:
        return datetime.now(UTC).replace(microsecond=0)
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, required=True, help="number of time entries")
    parser.add_argument("--ledger", type=Path, required=True, help="ledger file to create")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--people", type=int, help="default: enough for 2-12 entries a day")
    parser.add_argument("--end", help="last moment of data, UTC ISO (default: now)")
    parser.add_argument("--force", action="store_true", help="replace an existing ledger")
    args = parser.parse_args(argv)
    if args.entries < 0:
        parser.error("--entries must be >= 0")
    path: Path = args.ledger
    if path.exists() or Path(f"{path}-wal").exists():
        if not args.force:
            parser.error(f"{path} exists: pass --force to replace it")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    t = generate(path, args.entries, args.seed, args.people, parse_end(args.end))
    print(
        f"generated {args.entries:,} entries ({int(t['people'])} people, {int(t['tags']):,} tags) "
        f"in {path} in {t['total']:.1f} s (insert {t['insert']:.1f} s, indexes "
        f"{t['indexes']:.1f} s, finish {t['finish']:.1f} s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
