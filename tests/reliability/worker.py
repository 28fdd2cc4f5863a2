"""Child processes for the reliability tests (run as `python worker.py MODE ...`).

Each mode drives psa through its CLI entry point — `psa_cli.cli.main.build()`, the tree
`psa` itself builds — in a process of its own, against the ledger named by
$PSA_LEDGER, and prints one JSON summary line on stdout when it finishes.

  log WORKER N              N x `psa log 15m web "w<WORKER>-<k>"` (the hot path)
  invoices STOPFILE         `psa invoice create acme` + `issue` until STOPFILE exists
  churn JOURNAL             log, draft, issue, pay, void, credit in a loop until killed;
                            one journal line per committed command (for kill -9 tests)
  open                      print "go", then open the ledger (migrating it) and report
"""

from __future__ import annotations

import io
import json
import os
import sys
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any


def call(app: Any, args: list[str]) -> tuple[int, str, str]:
    """One `psa ARGS` through the CLI entry point; returns (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with redirect_stdout(out), redirect_stderr(err):
        try:
            app(args=args, prog_name="psa")
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return code, out.getvalue(), err.getvalue()


def day_of(worker: int, k: int) -> str:
    """Spread the logs over 50 days (40 x 15 min a day), well under a day's 24 h."""
    from datetime import date, timedelta

    return (date(2026, 10, 1) + timedelta(days=(worker * 250 + k) % 50)).isoformat()


def log(worker: int, count: int) -> dict[str, Any]:
    from psa_cli.cli.main import build
    from psa_cli.store.db import Stats

    app = build(full=False)  # exactly what `psa log` builds
    failures: list[str] = []
    started = time.perf_counter()
    for k in range(count):
        code, _, err = call(
            app, ["log", "15m", "web", f"w{worker}-{k}", "--date", day_of(worker, k)]
        )
        if code != 0 or err:
            failures.append(f"{code}: {err.strip()}")
    return {
        "worker": worker,
        "calls": count,
        "failures": failures,
        "retries": Stats.busy_retries,
        "seconds": round(time.perf_counter() - started, 2),
    }


def invoices(stopfile: Path) -> dict[str, Any]:
    from psa_cli.cli.main import build
    from psa_cli.store.db import Stats

    app = build()
    issued: list[str] = []
    errors: list[str] = []
    last = False
    while not last:
        last = stopfile.exists()  # one more round after the writers are done
        code, out, err = call(app, ["invoice", "create", "acme", "--format", "json"])
        if code != 0:
            if "nothing to invoice" not in err:
                errors.append(f"create {code}: {err.strip()}")
            time.sleep(0.05)
            continue
        draft = json.loads(out)["id"]
        code, out, err = call(app, ["invoice", "issue", str(draft), "--format", "json"])
        if code != 0:
            errors.append(f"issue {code}: {err.strip()}")
            continue
        issued.append(json.loads(out)["number"])
    return {"issued": issued, "errors": errors, "retries": Stats.busy_retries}


def churn(journal: Path) -> None:
    """Bill, pay, void and credit forever; journal each committed step (fsync'd)."""
    from datetime import date, timedelta

    from psa_cli.cli.main import build

    app = build()
    fd = os.open(journal, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def note(line: str) -> None:
        os.write(fd, (line + "\n").encode())
        os.fsync(fd)

    note("go")
    round_ = 0
    while True:
        round_ += 1
        for k in range(6):
            day = date(2026, 1, 1) + timedelta(days=(os.getpid() + round_ * 7 + k) % 300)
            note_ = f"churn {os.getpid()} {round_} {k}"
            call(app, ["log", "20m", "web", note_, "--date", day.isoformat()])
        code, out, _ = call(app, ["invoice", "create", "acme", "--group-by", "entry", "-f", "json"])
        if code != 0:
            continue
        draft = json.loads(out)["id"]
        code, out, _ = call(app, ["invoice", "issue", str(draft), "--format", "json"])
        if code != 0:
            continue
        doc = json.loads(out)
        note(f"issued {doc['number']} {doc['totals']['gross']}")
        if round_ % 3 == 0:
            if call(app, ["invoice", "void", doc["number"]])[0] == 0:
                note(f"void {doc['number']}")
        elif round_ % 3 == 1:
            if call(app, ["invoice", "pay", doc["number"], doc["totals"]["gross"]])[0] == 0:
                note(f"paid {doc['number']}")
        elif call(app, ["invoice", "credit", doc["number"]])[0] == 0:
            note(f"credited {doc['number']}")


def open_ledger() -> dict[str, Any]:
    from psa_cli.services.ledger import Ledger
    from psa_cli.store.migrations import schema_version  # loads store.db too

    book = Ledger.open()
    print("go", flush=True)  # everything imported: what follows is opening + migrating
    started = time.perf_counter()
    version = schema_version(book.conn)
    took = time.perf_counter() - started
    book.close()
    return {"version": version, "seconds": took}


def main() -> None:
    mode, *rest = sys.argv[1:]
    if mode == "log":
        result = log(int(rest[0]), int(rest[1]))
    elif mode == "invoices":
        result = invoices(Path(rest[0]))
    elif mode == "churn":
        churn(Path(rest[0]))
        return
    elif mode == "open":
        result = open_ledger()
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
