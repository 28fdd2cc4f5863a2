"""The benchmark data sets, cached in bench-data/ (git-ignored): one seeded generator, three tools.

For a size N, seed S and end E (default: 42 and 2026-11-26T15:00:00Z, the frozen clock of the
tests), `benchmarks/generate.py` writes `bench-data/psa-N-sS.db`, and `benchmarks/peer_data.py`
turns that ledger into `bench-data/watson-N-sS/` (WATSON_DIR) and `bench-data/timew-N-sS/`
(TIMEWARRIORDB): the same entries, the same seconds per project and day. Each is reused while
its `.json` stamp matches (entries, seed, end and, for the ledger, psa's schema version);
otherwise it is made again, which is deterministic, so the result is the same.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench-data"
SEED = 42
END = "2026-11-26T15:00:00Z"


@dataclass(frozen=True)
class Spec:
    entries: int
    seed: int = SEED
    end: str = END

    @property
    def name(self) -> str:
        return f"{self.entries}-s{self.seed}"

    def stamp(self, **extra: object) -> dict[str, object]:
        return {"entries": self.entries, "seed": self.seed, "end": self.end, **extra}

    @property
    def end_time(self) -> datetime:
        return datetime.fromisoformat(self.end.replace("Z", "+00:00"))


def _fresh(stamp_file: Path, want: dict[str, object], *paths: Path) -> bool:
    if not stamp_file.exists() or not all(p.exists() for p in paths):
        return False
    try:
        return bool(json.loads(stamp_file.read_text()) == want)
    except ValueError:
        return False


def _schema() -> int:
    from psa_cli.store.migrations import LATEST

    return int(LATEST)


def _checkpoint(path: Path) -> None:
    """Fold a non-empty WAL back into the file, so that copying the file alone copies it all."""
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        conn = sqlite3.connect(path)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()


def ledger(spec: Spec, data: Path = DATA, log: list[str] | None = None) -> Path:
    """The psa ledger of `spec`, generated unless a current one is cached."""
    path = data / f"psa-{spec.name}.db"
    stamp_file = data / f"psa-{spec.name}.json"
    want = spec.stamp(schema=_schema())
    if _fresh(stamp_file, want, path):
        _checkpoint(path)
        return path
    data.mkdir(parents=True, exist_ok=True)
    stamp_file.unlink(missing_ok=True)
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--entries",
         str(spec.entries), "--ledger", str(path), "--seed", str(spec.seed), "--end",
         spec.end, "--force"],
        check=True,
    )  # fmt: skip
    _checkpoint(path)
    stamp_file.write_text(json.dumps(want))
    if log is not None:
        log.append(f"generated the psa ledger of {spec.entries:,} entries in "
                   f"{time.perf_counter() - t0:.1f} s")  # fmt: skip
    return path


def peers(spec: Spec, data: Path = DATA, log: list[str] | None = None) -> tuple[Path, Path]:
    """(WATSON_DIR, TIMEWARRIORDB) holding the entries of `spec`'s ledger, made unless cached."""
    watson, timew = data / f"watson-{spec.name}", data / f"timew-{spec.name}"
    stamp_file = data / f"peers-{spec.name}.json"
    want = spec.stamp()
    if _fresh(stamp_file, want, watson / "frames", timew / "data"):
        return watson, timew
    source = ledger(spec, data, log)
    stamp_file.unlink(missing_ok=True)
    for folder in (watson, timew):
        shutil.rmtree(folder, ignore_errors=True)
    t0 = time.perf_counter()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import peer_data

    peer_data.export(source, spec.end_time, watson, timew)
    stamp_file.write_text(json.dumps(want))
    if log is not None:
        log.append(f"wrote the Watson and Timewarrior data of {spec.entries:,} entries in "
                   f"{time.perf_counter() - t0:.1f} s")  # fmt: skip
    return watson, timew


def copy_ledger(source: Path, target: Path) -> Path:
    """A private copy to run commands on (they may write): the cache is never touched."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")
    target.chmod(0o600)
    return target


def epoch(stamp: str) -> int:
    """UTC epoch seconds of a Timewarrior stamp, `20261126T150000Z`."""
    return int(datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).timestamp())
