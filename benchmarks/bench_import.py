"""Time `psa import` of a 1M-row file as whole processes: median of N runs, peak RSS.

    python benchmarks/bench_import.py [--rows 1000000] [--source watson|toggl] [--runs 3]

The file is generated deterministically (random.Random(42)): Watson `frames` (the default)
or a Toggl detailed CSV, 20 projects of 4 clients, back-to-back records of 5 min to 3 h from
2019 on, some crossing midnight, a tag or two on a third of them. It is cached in
bench-data/ (git-ignored). Each run imports it with `--create-missing` into a new, empty
ledger in a temporary folder (PSA_LEDGER/PSA_CONFIG there, PSA_TZ=Europe/Paris; UTC for the
Toggl CSV, whose wall-clock times are written in UTC), as a fresh
`psa` process; wall time around the child, CPU time and peak RSS from os.wait4(). A second
import of the same file (everything already there) is timed too.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench-data"
PSA = str(Path(sys.executable).parent / "psa")
START = int(datetime(2019, 1, 1, 7, tzinfo=UTC).timestamp())
HEADER = ("User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,"
          "End time,Duration,Tags").split(",")  # fmt: skip
TAGS = ("review", "meeting", "ops", "urgent", "design", "support")


def _records(rows: int, seed: int = 42) -> list[tuple[int, int, str, str, list[str]]]:
    rnd = random.Random(seed)
    projects = [(f"Client {c}", f"Project {c}-{p}") for c in range(4) for p in range(5)]
    out, clock = [], START
    for _ in range(rows):
        length = rnd.randrange(300, 3 * 3600, 60)
        client, project = projects[rnd.randrange(len(projects))]
        tags = rnd.sample(TAGS, rnd.choice((0, 0, 1, 2)))
        # frame ids are random like Watson's uuid4().hex: the (source, source_key) index is
        # then written at random places, as it is for a real frames file
        fid = f"{rnd.getrandbits(128):032x}"
        out.append((clock, clock + length, f"{client}|{project}", fid, tags))
        clock += length + rnd.randrange(0, 2 * 3600, 60)
    return out


def _write_watson(path: Path, rows: int) -> None:
    frames = [[a, b, proj.split("|")[1], fid, tags, b] for a, b, proj, fid, tags in _records(rows)]
    path.write_text(json.dumps(frames))


def _write_toggl(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        for a, b, proj, fid, tags in _records(rows):
            client, project = proj.split("|")
            start, end = datetime.fromtimestamp(a, UTC), datetime.fromtimestamp(b, UTC)
            length = f"{(b - a) // 3600:02d}:{(b - a) % 3600 // 60:02d}:00"
            out.writerow(["me", "", client, project, "", f"work {fid[-6:]}", "Yes",
                          f"{start:%Y-%m-%d}", f"{start:%H:%M:%S}", f"{end:%Y-%m-%d}",
                          f"{end:%H:%M:%S}", length, ", ".join(tags)])  # fmt: skip


def data_file(source: str, rows: int) -> Path:
    DATA.mkdir(exist_ok=True)
    path = _path(source, rows)
    if not path.exists():
        # In a child process: a peak RSS read from os.wait4() counts the pages a psa child
        # shared with its parent before exec, and this one would still hold the records.
        t0 = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--generate", "--source", source, "--rows",
                        str(rows)], check=True)  # fmt: skip
        print(f"generated {path.name} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return path


def _path(source: str, rows: int) -> Path:
    # v2: random frame ids (v1 counted them up, which no real frames file does)
    return DATA / (f"import-watson-v2-{rows}.json" if source == "watson" else
                   f"import-toggl-v2-{rows}.csv")  # fmt: skip


def _generate(source: str, rows: int) -> None:
    path = _path(source, rows)
    part = path.with_suffix(".part")
    (_write_watson if source == "watson" else _write_toggl)(part, rows)
    part.rename(path)


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """(wall s, cpu s, peak RSS KiB, stdout) of one psa process."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen([PSA, *args], env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode:
            raise SystemExit(f"psa {' '.join(args)} failed: {err.read()}")
        return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, out.read()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--source", choices=("watson", "toggl"), default="watson")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--generate", action="store_true", help=argparse.SUPPRESS)
    opts = parser.parse_args()
    if opts.generate:
        _generate(opts.source, opts.rows)
        return
    path = data_file(opts.source, opts.rows)
    walls, cpus, rss, again, again_rss = [], [], [], [], []
    for n in range(opts.runs):
        with tempfile.TemporaryDirectory(prefix="psa-bench-import-") as tmp:
            # the CSV's wall-clock times are written in UTC: read them so (no DST gaps)
            zone = "UTC" if opts.source == "toggl" else "Europe/Paris"
            env = {**os.environ, "PSA_LEDGER": f"{tmp}/ledger.db", "PSA_TZ": zone,
                   "PSA_CONFIG": f"{tmp}/c.toml", "XDG_DATA_HOME": tmp,
                   "XDG_CONFIG_HOME": tmp}  # fmt: skip
            env.pop("PSA_NOW", None)
            args = ["import", opts.source, str(path), "--create-missing", "--client", "bench"]
            run(["client", "add", "Bench", "--code", "bench"], env)
            wall, cpu, peak, out = run(args, env)
            walls.append(wall)
            cpus.append(cpu)
            rss.append(peak)
            print(f"run {n + 1}: {wall:.2f} s wall, {cpu:.2f} s CPU, {peak / 1024:.0f} MiB; "
                  f"{out.splitlines()[0]}")  # fmt: skip
            wall, _, peak, _ = run(args, env)
            again.append(wall)
            again_rss.append(peak)
    print(f"{opts.rows:,} {opts.source} rows: median {statistics.median(walls):.2f} s wall "
          f"(min {min(walls):.2f}, max {max(walls):.2f}), median CPU "
          f"{statistics.median(cpus):.2f} s, peak RSS {max(rss) / 1024:.0f} MiB; re-import "
          f"(all already there) median {statistics.median(again):.2f} s, peak RSS "
          f"{max(again_rss) / 1024:.0f} MiB; load average "
          f"{os.getloadavg()[0]:.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
