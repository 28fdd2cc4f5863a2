"""Where `psa entries -f json` spends its time and memory, and what streaming would save.

    python benchmarks/probe_listing.py [--entries 100000]

On the shared generated ledger (benchmarks/datasets.py), each variant runs in its own fresh
process (so peak RSS is its own) and writes the listing to /dev/null:

- `now`: what `psa entries -f json` does today: every row made an `Entry`, then a dict
  (`to_json`), then the whole list encoded at once (`json.dumps(indent=2)`), then printed;
- `streamed`: the same `Entry` and `to_json`, encoded and written one record at a time;
- `sql-json`: each row encoded by SQLite (`json_object`, tags as `json_group_array`) and
  written as it comes: Python only sees one string per entry.

CPU time (`time.process_time`) is reported, not wall time: it does not stretch with the
machine's load. The `sql-json` record is compact and carries the rate in minor units (a
prototype of the cost, not of psa's JSON format: the real one would format money as
decimal strings per currency, in SQL or per row).
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import datasets  # noqa: E402

SQL_JSON = """
SELECT json_object('id', e.id, 'uid', e.uid, 'day', e.day, 'start', e.started_at,
       'end', e.ended_at, 'seconds', e.seconds, 'client', c.code, 'project', p.code,
       'task', t.name, 'note', e.note,
       'tags', (SELECT json_group_array(tag) FROM (SELECT tag FROM entry_tags g
                WHERE g.entry_id = e.id ORDER BY tag)),
       'person', pe.name, 'billable', json(CASE WHEN e.billable THEN 'true' ELSE 'false' END),
       'rate_minor', e.rate_minor, 'currency', c.currency, 'invoice', i.number)
  FROM time_entries e
  JOIN people pe ON pe.id = e.person_id
  JOIN projects p ON p.id = e.project_id
  JOIN clients c ON c.id = p.client_id
  LEFT JOIN tasks t ON t.id = e.task_id
  LEFT JOIN invoices i ON i.id = e.invoice_id
 ORDER BY e.day, coalesce(e.started_at, ''), e.id
"""
VARIANTS = ("now", "streamed", "sql-json")


def child(ledger: Path, variant: str) -> dict[str, float]:
    from psa_cli.store import entries as store

    conn = sqlite3.connect(f"file:{ledger}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    t0 = time.process_time()
    with open("/dev/null", "w") as out:
        if variant == "now":
            rows = [store.entry_from_row(r)
                    for r in store.query_entry_rows(conn, store.EntryQuery())]  # fmt: skip
            records = [e.to_json() for e in rows]
            out.write(json.dumps(records, indent=2, ensure_ascii=False) + "\n")
        elif variant == "streamed":
            encoder = json.JSONEncoder(indent=2, ensure_ascii=False)
            out.write("[")
            entries = map(store.entry_from_row, store.query_entry_rows(conn, store.EntryQuery()))
            for n, entry in enumerate(entries):
                out.write((",\n" if n else "\n") + encoder.encode(entry.to_json()))
            out.write("\n]\n")
        else:
            conn.row_factory = None
            out.write("[")
            for n, (text,) in enumerate(conn.execute(SQL_JSON)):
                out.write((",\n" if n else "\n") + text)
            out.write("\n]\n")
    cpu = time.process_time() - t0
    return {
        "cpu_ms": cpu * 1000,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(Path(args.child[0]), args.child[1])))
        return 0
    ledger = datasets.ledger(datasets.Spec(args.entries))
    print(f"| `psa entries -f json`, {args.entries:,} entries | CPU ms | Peak RSS MB |")
    print("|---|---:|---:|")
    for variant in VARIANTS:
        done = subprocess.run([sys.executable, __file__, "--child", str(ledger), variant],
                              capture_output=True, text=True, check=True)  # fmt: skip
        figures = json.loads(done.stdout)
        print(f"| {variant} | {figures['cpu_ms']:,.0f} | {figures['rss_mb']:,.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
