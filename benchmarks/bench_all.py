"""`make bench`: every benchmark in benchmarks/, end to end, then the targets, PASS or MISS.

    python benchmarks/bench_all.py [--only cli,reports,billing,peers,import,tui,memory] [--no-doc]
    python benchmarks/bench_all.py --report   # runs nothing: targets from the saved figures

Runs, each as its own process with fewer rounds than its default so that the whole fits in
10 minutes on a 2-core machine once the data is cached in bench-data/ (the first run also
generates it: about a minute more):

- `bench_cli.py`: hot commands at 0, 100k and 1M entries, start-up budget, import profile;
- `bench_reports.py`: every `psa report` over 3 years of 1M entries;
- `bench_billing.py`: invoice draft + issue over 100k entries, PDF and e-invoice exports;
- `bench_peers.py`: psa, Watson and Timewarrior side by side at 10k, 100k and 1M entries;
- `bench_memory.py`: peak RSS of every other command (listings, exports, the whole-ledger
  document and its restore, db check/backup, planning and CRM views) at 1M entries;
- `bench_import.py` and `bench_tui.py` when they exist (given `--json` and `--write-doc`
  when their `--help` lists them; a JSON object with `median_ms`, and `rss_mb` if known, is
  read as their headline figure).

Each writes its own `<!-- bench:NAME -->` sections of docs/performance.md; this script adds
`bench:targets` (the table below) and `bench:billing` (the billing rows). The JSON of every
step is kept in bench-data/results/. Never a unit test: timings are not asserted anywhere.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_cli  # noqa: E402

ROOT = bench_cli.ROOT
HERE = ROOT / "benchmarks"
OUT = ROOT / "bench-data" / "results"
DOC = ROOT / "docs" / "performance.md"
STEPS: dict[str, tuple[str, list[str], float]] = {  # name: (script, arguments, time limit s)
    "cli": ("bench_cli.py", ["--sizes", "0,100000,1000000", "--runs", "8", "--warmup", "2",
                             "--budget", "--importtime", "--write-doc"], 240),
    "reports": ("bench_reports.py", ["--runs", "3", "--warmup", "1", "--write-doc"], 180),
    "billing": ("bench_billing.py", ["--runs", "3", "--warmup", "1", "--stress-runs", "0"], 180),
    "peers": ("bench_peers.py", ["--sizes", "10000,100000,1000000", "--runs", "3,2,1",
                                 "--timeout", "20", "--write-doc"], 300),
    "import": ("bench_import.py", [], 240),
    "tui": ("bench_tui.py", [], 120),
    "memory": ("bench_memory.py", ["--write-doc"], 300),
}  # fmt: skip
RUNS = {"import": ["--runs", "3"], "tui": ["--runs", "3", "--warmup", "1"]}


def _stream(argv: list[str], limit: float, log: Path) -> tuple[int | None, str]:
    """Run argv, echoing and saving its stdout; (exit code or None if killed, the stdout)."""
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, text=True, bufsize=1)
    timer = threading.Timer(limit, proc.kill)
    timer.start()
    lines = []
    assert proc.stdout is not None
    with log.open("w") as saved:
        for line in proc.stdout:
            sys.stdout.write(line)
            saved.write(line)
            lines.append(line)
    code = proc.wait()
    killed = not timer.is_alive()
    timer.cancel()
    return (None if killed else code), "".join(lines)


# Scripts without --json print their headline figure; these read it (value in ms, MB or None).
HEADLINES: dict[str, tuple[str, float, str | None]] = {
    "import": (r"median ([\d.]+) s wall", 1000, r"peak RSS (\d+) MiB"),
    "tui": (r"\(median of \d+\): (\d+) ms", 1, None),
}


def _headline(name: str, text: str) -> dict[str, Any] | None:
    if name not in HEADLINES:
        return None
    pattern, scale, rss_pattern = HEADLINES[name]
    found = re.search(pattern, text)
    if not found:
        return None
    out: dict[str, Any] = {"median_ms": float(found[1]) * scale}
    rss = re.search(rss_pattern, text) if rss_pattern else None
    if rss:
        out["rss_mb"] = float(rss[1]) * 1.048576
    return out


def run_step(name: str, limit_scale: float) -> tuple[dict[str, Any] | None, str]:
    """Run one benchmark script; (its figures or None, a one-line outcome)."""
    script, args, limit = STEPS[name]
    path = HERE / script
    if not path.exists():
        return None, f"{script}: not there"
    out = OUT / f"{name}.json"
    out.unlink(missing_ok=True)
    argv = [sys.executable, str(path), *args]
    if name in ("import", "tui"):  # written by others: pass only the options they have
        usage = subprocess.run([*argv, "--help"], capture_output=True, text=True).stdout
        argv += ["--write-doc"] if "--write-doc" in usage else []
        argv += ["--json", str(out)] if "--json" in usage else []
        argv += RUNS.get(name, []) if "--runs" in usage else []
    else:
        argv += ["--json", str(out)]
    print(f"\n== {name}: {' '.join(argv[1:])}", flush=True)
    began = time.perf_counter()
    code, text = _stream(argv, limit * limit_scale, OUT / f"{name}.log")
    took = time.perf_counter() - began
    if code is None:
        return None, f"{script}: stopped after {limit * limit_scale:.0f} s"
    if code != 0:
        return None, f"{script}: failed (exit {code}) after {took:.0f} s"
    if out.exists():
        data = json.loads(out.read_text())
    else:
        data = _headline(name, text)
        if data is not None:
            out.write_text(json.dumps(data))
    return data, f"{script}: {took:.0f} s"


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


class Targets:
    """The issue's targets, checked against whatever figures the steps produced."""

    def __init__(self, data: dict[str, dict[str, Any] | None]) -> None:
        self.data = data
        self.rows: list[tuple[str, str, str]] = []

    def add(self, target: str, measured: str, ok: bool | None) -> None:
        verdict = "–" if ok is None else ("PASS" if ok else "**MISS**")
        self.rows.append((target, measured, verdict))

    def hot(self) -> None:
        cli = (self.data.get("cli") or {}).get("1M")
        if not cli:
            return self.add("hot commands ≤ 100 ms at 1M entries", "not measured", None)
        medians = {k: _median(cli[k]["times_ms"]) for k in ("status", "start", "stop", "log")}
        cpu = {k: _median(cli[k]["cpu_ms"]) for k in medians}
        shown = " · ".join(f"{k} {v:.0f}" for k, v in medians.items())
        shown += f" ms (CPU {' · '.join(f'{v:.0f}' for v in cpu.values())})"
        self.add("hot commands ≤ 100 ms at 1M entries", shown, max(medians.values()) <= 100)
        if "help" in cli:
            wall, busy = _median(cli["help"]["times_ms"]), _median(cli["help"]["cpu_ms"])
            self.add("`psa --help`, a fresh process (no target)",
                     f"{wall:.0f} ms (CPU {busy:.0f})", None)  # fmt: skip
        peers = self._peers("100000", "status")
        if peers and "median_ms" in peers.get("watson", {}) and "median_ms" in peers["psa"]:
            psa, watson = peers["psa"], peers["watson"]
            shown = (f"psa {psa['median_ms']:.0f} ms (CPU {psa['cpu_ms']:.0f}), Watson "
                     f"{watson['median_ms']:.0f} ms (CPU {watson['cpu_ms']:.0f})")  # fmt: skip
            self.add(
                "`psa status` as close to Watson's `status` as Typer allows (100k)", shown, None
            )

    def _peers(self, size: str, task: str) -> dict[str, Any] | None:
        peers = self.data.get("peers")
        if not peers:
            return None
        result: dict[str, Any] | None = peers["results"].get(size, {}).get(task)
        return result

    def report(self) -> None:
        # The 3-year report by project is `psa report timesheet` (table; --by project is the
        # default) over bench_reports.py's range: measured there in several rounds, and
        # once more, a single run at 1M, beside the peers.
        reports = (self.data.get("reports") or {}).get("commands", {})
        rounds = reports.get("`psa report timesheet`")
        big = self._peers("1000000", "report")
        once = big["psa"]["median_ms"] if big and "median_ms" in big.get("psa", {}) else None
        label = "3-year report by project ≤ 300 ms at 1M"
        if rounds:
            value = rounds["median_ms"]
            peers = f"; bench_peers.py's single run {once:.0f} ms" if once is not None else ""
            self.add(label, f"{value:.0f} ms (bench_reports.py's median, min "
                     f"{rounds['min_ms']:.0f}, max {rounds['max_ms']:.0f}{peers})",
                     value <= 300)  # fmt: skip
        elif once is not None:
            cpu = big["psa"].get("cpu_ms", float("nan")) if big else float("nan")
            self.add(label, f"{once:.0f} ms (CPU {cpu:.0f}; one run)", once <= 300)
        else:
            self.add(label, "not measured", None)
        mine = {k: v for k, v in reports.items() if k.startswith("`psa report")}
        if mine:
            worst = max(mine, key=lambda k: mine[k]["median_ms"])
            passing = sum(v["median_ms"] <= 300 for v in mine.values())
            self.add("each `psa report` ≤ 300 ms at 1M (bench_reports.py)",
                     f"{passing} of {len(mine)} within; slowest {worst} "
                     f"{mine[worst]['median_ms']:.0f} ms", passing == len(mine))  # fmt: skip
        mid = self._peers("100000", "report")
        if mid and "median_ms" in mid.get("psa", {}):
            psa = mid["psa"]["median_ms"]
            ratios = {
                name: cell["median_ms"] / psa
                for name, cell in mid.items()
                if name != "psa" and "median_ms" in cell and "timeout_s" not in cell
            }
            ratios |= {
                name: cell["timeout_s"] * 1000 / psa
                for name, cell in mid.items()
                if name != "psa" and "timeout_s" in cell
            }
            shown = ", ".join(f"{n}/psa {r:.1f}×" for n, r in ratios.items()) or "no peer"
            self.add("3-year report ≥ 8× faster than Watson or Timewarrior at 100k", shown,
                     bool(ratios) and max(ratios.values()) >= 8)  # fmt: skip

    def memory(self) -> None:
        peaks: dict[str, float] = {}
        cli = (self.data.get("cli") or {}).get("1M", {})
        for key, cmd in cli.items():
            if key not in ("queries", "floor") and cmd.get("rss_mb"):
                peaks[cmd["label"]] = max(cmd["rss_mb"])
        for label, cmd in ((self.data.get("reports") or {}).get("commands", {})).items():
            if "psa" in label:
                peaks[label] = cmd["rss_mb"]
        for label, cmd in ((self.data.get("memory") or {}).get("commands", {})).items():
            peaks[f"{label} (bench_memory.py)"] = cmd["rss_mb"]
        for name, label in (("import", "`psa import` of 1M rows"), ("tui", "`psa tui`")):
            figures = self.data.get(name) or {}
            if isinstance(figures.get("rss_mb"), int | float):
                peaks[f"{label} ({STEPS[name][0]})"] = float(figures["rss_mb"])
        unmeasured = []
        peers = (self.data.get("peers") or {}).get("results", {})
        for size, tasks in sorted(peers.items(), key=lambda item: int(item[0])):
            for task, cells in tasks.items():
                cell = cells.get("psa", {})
                label = f"psa {task} (bench_peers.py)"
                if "rss_mb" in cell and (size == "1000000" or cell["rss_mb"] > 100):
                    # over 100 MB at a smaller size: over it at 1M too
                    peaks[label] = cell["rss_mb"]
                    if size != "1000000":
                        label = f"{label}, at {int(size):,} entries already"
                        peaks[label] = peaks.pop(f"psa {task} (bench_peers.py)")
                elif size == "1000000" and "rss_mb" not in cell:
                    if not any(key.startswith(label) for key in peaks):
                        unmeasured.append(label)
        if not peaks:
            return self.add("peak memory ≤ 100 MB for any command at 1M", "not measured", None)
        worst = max(peaks, key=lambda k: peaks[k])
        over = [k for k, v in peaks.items() if v > 100]
        shown = f"highest {peaks[worst]:.0f} MB: {worst}"
        if over:
            listed = ", ".join(
                f"{k} {peaks[k]:,.0f} MB" for k in sorted(over, key=lambda k: peaks[k])
            )
            shown = f"{len(over)} of {len(peaks)} commands over: {listed}"
        if unmeasured:
            shown += f"; not measured at 1M (killed or not run): {', '.join(unmeasured)}"
        self.add("peak memory ≤ 100 MB for any command at 1M", shown, not over)

    def billing(self) -> None:
        rows = self.data.get("billing") or {}
        for key, target in (("draft_issue", "invoice draft + issue, 100k entries ≤ 2 s"),
                            ("pdf", "invoice PDF export (whole process) ≤ 1 s")):  # fmt: skip
            row = rows.get(key)
            if row and "median_ms" in row:
                limit = row["target_ms"] or (2000 if key == "draft_issue" else 1000)
                self.add(target, f"{row['median_ms']:,.0f} ms", row["median_ms"] <= limit)
            else:
                self.add(target, "not measured", None)

    def other(self, name: str, target: str, limit_ms: float) -> None:
        data = self.data.get(name)
        if data and isinstance(data.get("median_ms"), int | float):
            value = float(data["median_ms"])
            self.add(target, f"{value:,.0f} ms", value <= limit_ms)
        else:
            script = STEPS[name][0]
            why = "no figure" if (HERE / script).exists() else f"benchmarks/{script} not there yet"
            self.add(target, f"not measured ({why})", None)

    def table(self) -> str:
        self.hot()
        self.report()
        self.memory()
        self.billing()
        self.other("import", "import of 1M rows ≤ 30 s", 30_000)
        self.other("tui", "TUI first paint at 1M entries ≤ 1 s", 1000)
        lines = ["| Target (medians, whole process) | Measured | |", "|---|---|:---:|"]
        lines += [f"| {t} | {m} | {v} |" for t, m, v in self.rows]
        return "\n".join(lines)


def billing_section(rows: dict[str, Any]) -> str:
    lines = [
        "| Command | Median ms | Min | Max | Peak RSS MB | Target ms |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for row in rows.values():
        if "median_ms" not in row:
            continue
        target = row.get("target_ms")
        verdict = (
            "" if target is None else f"{target:,.0f} {'✓' if row['median_ms'] <= target else '✗'}"
        )
        rss = f"{row['rss_mb']:,.0f}" if row.get("rss_mb") else "–"
        lines.append(f"| {row['label']} | {row['median_ms']:,.0f} | {row['min_ms']:,.0f} | "
                     f"{row['max_ms']:,.0f} | {rss} | {verdict} |")  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help=f"comma-separated steps of {', '.join(STEPS)}")
    parser.add_argument("--no-doc", action="store_true", help="leave docs/performance.md alone")
    parser.add_argument("--limit-scale", type=float, default=1.0, help="scale the time limits")
    parser.add_argument(
        "--report", action="store_true", help="run nothing: targets from the last saved figures"
    )
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.only.split(",")] if args.only else list(STEPS)
    names = [] if args.report else names
    unknown = [n for n in names if n not in STEPS]
    if unknown:
        parser.error(f"unknown step {', '.join(unknown)}; steps: {', '.join(STEPS)}")
    if args.no_doc:
        for name in names:
            STEPS[name] = (STEPS[name][0], [a for a in STEPS[name][1] if a != "--write-doc"],
                           STEPS[name][2])  # fmt: skip
    OUT.mkdir(parents=True, exist_ok=True)
    load_before, began = os.getloadavg(), time.perf_counter()
    data: dict[str, dict[str, Any] | None] = {}
    outcomes = []
    for name in names:
        data[name], outcome = run_step(name, args.limit_scale)
        outcomes.append(outcome)
    if len(names) < len(STEPS):  # figures of steps not run this time: the last saved ones
        for name in set(STEPS) - set(names):
            saved = OUT / f"{name}.json"
            data[name] = json.loads(saved.read_text()) if saved.exists() else None
    took, load_after = time.perf_counter() - began, os.getloadavg()
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    head = (
        f"_`make bench`{bench_cli.revision()}, {stamp}: {took / 60:.1f} min on "
        f"{bench_cli.machine()}._\n"
        f"_Load average {' '.join(f'{x:.2f}' for x in load_before)} before, "
        f"{' '.join(f'{x:.2f}' for x in load_after)} after (1, 5, 15 min; 2 cores shared "
        "with other agents' work)._\n"
        f"_Steps: {'; '.join(outcomes)}._\n"
    )
    saved_head = OUT / "run.json"
    if not names and saved_head.exists():  # --report: the header of the run that measured
        head = json.loads(saved_head.read_text())["head"]
        head += f"_Targets recomputed {stamp} from the figures saved by that run._\n"
    elif len(names) < len(STEPS):
        head += "_Steps not run this time count with their last saved figures._\n"
    else:
        saved_head.write_text(json.dumps({"head": head}))
    text = f"{head}\n{Targets(data).table()}\n"
    print(f"\n{text}")
    if not args.no_doc:
        sections = {"targets": text}
        if data.get("billing") and "billing" in names:
            sections["billing"] = billing_section(data["billing"] or {})
        bench_cli.write_doc(sections, DOC)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
