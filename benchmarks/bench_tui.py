"""Time to first paint of `psa tui`'s dashboard on a 1M-entry ledger, whole process.

    python benchmarks/bench_tui.py [--entries 1000000] [--runs 3] [--warmup 1]

The ledger is the shared generated one (benchmarks/datasets.py: seed 42, data ending
2026-11-26 15:00 UTC), copied into a temporary directory and migrated once before
timing. Each run starts a fresh interpreter that imports the TUI, runs the app
headless (`App.run_test`, 100x30) the way `psa tui` starts it (the dashboard's
queries start in a thread before textual is imported) and stops as soon as every
dashboard panel (timer, today, week, unbilled by client, overdue invoices, budgets)
holds its data; the
parent measures wall time from spawning the child to the child's "painted" line, so
interpreter start-up, imports (textual ~190 ms), the first layout and every panel's
worker are counted. The child also reports when each panel arrived, relative to its
own start. Median of --runs after --warmup discarded runs. Target: 1,000 ms. For
scale, the same harness times a floor: an empty Textual app (Header, DataTable,
Footer) painting its first frame, no ledger at all.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
END = "2026-11-26T15:00:00Z"
PANELS = ("running", "today", "week", "unbilled", "overdue", "budgets")


def child() -> None:
    """Run in the measured process: import, paint, wait for every panel, report."""
    import asyncio

    started = time.perf_counter()
    from psa_cli.tui import prefetch  # what `psa tui` does: queries start before textual loads

    pending = prefetch.start(None)
    from psa_cli.tui.app import PsaApp

    imported = time.perf_counter()

    async def paint() -> dict[str, float]:
        app = PsaApp(prefetched=pending)
        arrived: dict[str, float] = {}
        async with app.run_test(size=(100, 30)) as pilot:
            mounted = time.perf_counter()
            while len(arrived) < len(PANELS):
                for part in getattr(app.screen, "loaded", set()) - arrived.keys():
                    arrived[part] = time.perf_counter()
                if len(arrived) < len(PANELS):
                    await pilot.pause(0.002)
            await pilot.pause()  # the refresh that puts the last panel on screen
            painted = time.perf_counter()
            print("painted", flush=True)
        times = {f"panel {k}": (v - started) * 1000 for k, v in sorted(arrived.items())}
        return {"import": (imported - started) * 1000, "mounted": (mounted - started) * 1000,
                **times, "painted": (painted - started) * 1000}  # fmt: skip

    print(json.dumps(asyncio.run(paint())), flush=True)
    os._exit(0)  # no teardown: the measurement is over


def floor() -> None:
    """The floor: a bare Textual app's first frame in the same harness."""
    import asyncio

    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Header

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield DataTable()
            yield Footer()

    async def paint() -> None:
        async with Bare().run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            print("painted", flush=True)
        print("{}", flush=True)

    asyncio.run(paint())
    os._exit(0)


def environment(tmp: Path, source: Path) -> dict[str, str]:
    copy = tmp / "ledger.db"
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{copy}{suffix}")
    config = tmp / "config.toml"
    config.write_text('[business]\ncurrency = "EUR"\n\n[time]\ntimezone = "UTC"\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith("PSA_")}
    env.update(
        PSA_LEDGER=str(copy),
        PSA_CONFIG=str(config),
        PSA_NOW=END,
        XDG_DATA_HOME=str(tmp / "xdg-data"),
        XDG_CONFIG_HOME=str(tmp / "xdg-config"),
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    psa = str(Path(sys.executable).parent / "psa")
    t0 = time.perf_counter()
    subprocess.run([psa, "report", "aging", "-f", "json"], env=env, check=True,
                   stdout=subprocess.DEVNULL)  # migrates the copy  # fmt: skip
    print(f"migrated the copy in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return env


def measure(env: dict[str, str], mode: str = "--child") -> tuple[float, dict[str, float]]:
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, mode], env=env,
                            stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert proc.stdout is not None
    line = proc.stdout.readline()
    wall = (time.perf_counter() - t0) * 1000
    assert line.strip() == "painted", line
    steps = json.loads(proc.stdout.readline())
    proc.wait()
    return wall, steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--floor", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child()
        return
    if args.floor:
        floor()
        return
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import datasets

    source = datasets.ledger(datasets.Spec(args.entries, end=END))
    with tempfile.TemporaryDirectory(prefix="psa-bench-tui-") as tmp:
        env = environment(Path(tmp), source)
        walls: list[float] = []
        floors: list[float] = []
        steps: list[dict[str, float]] = []
        for i in range(args.warmup + args.runs):  # floor and dashboard alternate
            bare, _ = measure(env, "--floor")
            wall, step = measure(env)
            kept = i >= args.warmup
            print(f"{'run' if kept else 'warm-up'} {i + 1}: {wall:.0f} ms (floor {bare:.0f})",
                  file=sys.stderr)  # fmt: skip
            if kept:
                walls.append(wall)
                floors.append(bare)
                steps.append(step)
    print(f"\nDashboard first paint, {args.entries:,} entries, whole process "
          f"(median of {args.runs}): {statistics.median(walls):.0f} ms "
          f"(min {min(walls):.0f}, max {max(walls):.0f}); target 1000 ms; empty Textual app "
          f"{statistics.median(floors):.0f} ms (min {min(floors):.0f}); load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")  # fmt: skip
    print("\n| Step (child's own clock) | Median ms |\n|---|---:|")
    for key in steps[0]:
        print(f"| {key} | {statistics.median(s[key] for s in steps):.0f} |")


if __name__ == "__main__":
    main()
