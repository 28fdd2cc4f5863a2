"""psa side by side with Watson and Timewarrior, on the same entries, A/B interleaved.

    python benchmarks/bench_peers.py [--sizes 10000,100000,1000000] [--runs 3,2,1]
                                     [--timeout 20] [--write-doc] [--json PATH]

The data of each size comes from `benchmarks/datasets.py` (one seeded generator: a psa
ledger, a Watson frames file, a Timewarrior database holding the same entries), copied into
a temporary directory so that the commands (start, stop) never change the cache. The peers
are installed when absent (`benchmarks/peer_tools.py`); a peer that cannot be had is left
out, and the table says why.

A round, for one size: `start` for each tool, then `status`, the 3-year report by project,
the week's timesheet and the full listing, each task run by the three tools one after the
other, then `stop` for each tool. The order of the tools rotates from round to round, so a
slow second on the machine hits each of them alike. Every command is a whole process (its
output to /dev/null); wall time around it, CPU time from `os.wait4()`, peak RSS from GNU
time. A command that runs past --timeout is killed, shown as "> timeout", and not run again
at that size; at the next size, a command whose last time (or limit), scaled by the number
of entries, passes --timeout is not run at all and shown with that estimate.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import datasets  # noqa: E402
import peer_tools  # noqa: E402

ROOT = datasets.ROOT
PSA = str(Path(sys.executable).parent / "psa")
DOC = ROOT / "docs" / "performance.md"
FROM, TO = "2023-11-27", "2026-11-26"  # 3 years: every generated entry (data ends 2026-11-26)
WEEK = ("2026-11-16", "2026-11-22")  # the last whole week of the data, Monday to Sunday
GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None
NAMES = {"psa": "psa", "watson": "Watson", "timew": "Timewarrior"}
TASKS = ("status", "start+stop", "report", "week", "listing")
TASK_LABELS = {
    "status": "status",
    "start+stop": "start + stop",
    "report": "3-year report by project",
    "week": "a week's timesheet",
    "listing": "full listing (JSON)",
}


def argvs(tool: str, exe: str) -> dict[str, list[str]]:
    """The command lines of each step for one tool."""
    day_after = f"{TO[:8]}{int(TO[8:]) + 1:02d}"  # Timewarrior ranges end before their end
    week_end = f"{WEEK[1][:8]}{int(WEEK[1][8:]) + 1:02d}"
    if tool == "psa":
        return {
            "status": [exe, "status"],
            "start": [exe, "start", "acme-web"],
            "stop": [exe, "stop"],
            "report": [exe, "report", "timesheet", "--from", FROM, "--to", TO, "--by", "project"],
            "week": [exe, "report", "timesheet", "--from", WEEK[0], "--to", WEEK[1]],
            "listing": [exe, "entries", "-f", "json"],
        }
    if tool == "watson":
        return {
            "status": [exe, "status"],
            "start": [exe, "start", "acme-web"],
            "stop": [exe, "stop"],
            "report": [exe, "report", "-f", FROM, "-t", TO, "-G"],
            "week": [exe, "report", "-f", WEEK[0], "-t", WEEK[1], "-G"],
            "listing": [exe, "log", "-a", "-j", "-G"],
        }
    return {
        "status": [exe],  # exits 1 when nothing is tracked
        "start": [exe, "start", "acme-web"],
        "stop": [exe, "stop"],
        "report": [exe, "summary", FROM, "-", day_after],
        "week": [exe, "summary", WEEK[0], "-", week_end],
        "listing": [exe, "export"],
    }


@dataclass
class Sample:
    wall_ms: float
    cpu_ms: float  # user + system of the command: what the machine's load does not stretch
    rss_mb: float
    code: int
    timed_out: bool
    stderr: str


def run(argv: list[str], env: dict[str, str], timeout: float) -> Sample:
    """One whole process: wall time, peak RSS; killed after `timeout` seconds.

    Peak RSS comes from GNU time (`/usr/bin/time -f %M`) when it is installed: os.wait4()
    reports at least the RSS of the Python process that forked the child (~18 MB), which
    hides what a 5 MB C++ program uses. Without GNU time, os.wait4()'s figure is used.
    """
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as rss:
        wrapped = [GNU_TIME, "-f", "%M", "-o", rss.name, *argv] if GNU_TIME else argv
        start = time.perf_counter()
        proc = subprocess.Popen(wrapped, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=err)  # fmt: skip
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            if GNU_TIME:  # time would not pass SIGKILL on: end the command it runs first
                children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
                with contextlib.suppress(OSError, ValueError):
                    for child in children.read_text().split():
                        os.kill(int(child), signal.SIGKILL)
            proc.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = (time.perf_counter() - start) * 1000
        timer.cancel()
        code = os.waitstatus_to_exitcode(status)
        proc.returncode = code
        err.seek(0)
        text = err.read().decode(errors="replace").strip()
        peak = usage.ru_maxrss / 1024
        if GNU_TIME:
            lines = rss.read().strip().splitlines()
            if lines and lines[-1].isdigit():
                peak = int(lines[-1]) / 1024
            if lines and lines[0].startswith("Command exited with non-zero status"):
                code = int(lines[0].rsplit(" ", 1)[1])
    cpu = (usage.ru_utime + usage.ru_stime) * 1000  # time's own share is about 1 ms
    return Sample(wall, cpu, peak, code, killed.is_set(), text)


@dataclass
class Cell:
    """One (size, task, tool): its runs."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)
    timeout: float | None = None  # killed after this many seconds
    failed: str = ""
    expected_ms: float | None = None  # not run: the smaller size's median, scaled, is too long

    @property
    def done(self) -> bool:
        return self.timeout is not None or bool(self.failed) or self.expected_ms is not None

    def summary(self) -> dict[str, object]:
        out: dict[str, object] = {"runs": len(self.wall)}
        if self.wall:
            out |= {
                "median_ms": statistics.median(self.wall),
                "min_ms": min(self.wall),
                "max_ms": max(self.wall),
                "cpu_ms": statistics.median(self.cpu),
                "rss_mb": max(self.rss),
            }
        if self.timeout is not None:
            out["timeout_s"] = self.timeout
        if self.failed:
            out["failed"] = self.failed
        if self.expected_ms is not None:
            out["expected_ms"] = self.expected_ms
        return out


OK_CODES = {("timew", "status"): {0, 1}}


def environment(tmp: Path, spec: datasets.Spec) -> dict[str, str]:
    """A private copy of the three data sets and an environment pointing every tool at it."""
    log: list[str] = []
    source = datasets.ledger(spec, log=log)
    watson_src, timew_src = datasets.peers(spec, log=log)
    for line in log:
        print(line, flush=True)
    ledger = datasets.copy_ledger(source, tmp / "ledger.db")
    shutil.copytree(watson_src, tmp / "watson")
    shutil.copytree(timew_src, tmp / "timew")
    config = tmp / "config.toml"
    config.write_text('[business]\ncurrency = "EUR"\n\n[time]\ntimezone = "UTC"\n')
    (tmp / "home").mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PSA_", "WATSON", "TIMEW"))}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # cached bytecode is what normal use gets
    env.update(
        TZ="UTC",
        HOME=str(tmp / "home"),
        XDG_DATA_HOME=str(tmp / "xdg-data"),
        XDG_CONFIG_HOME=str(tmp / "xdg-config"),
        PSA_LEDGER=str(ledger),
        PSA_CONFIG=str(config),
        WATSON_DIR=str(tmp / "watson"),
        TIMEWARRIORDB=str(tmp / "timew"),
    )
    return env


def skip_slow(
    cells: dict[str, dict[str, Cell]], size: int, before: tuple[int, dict[str, dict[str, Cell]]]
) -> None:
    """Mark what cannot finish in time: killed at the last size, or, for the tasks whose cost
    grows with the number of entries (GROWS, measured: ~10x from 10k to 100k), the last
    size's median scaled by the number of entries is over the limit."""
    smaller, done = before
    for task, row in cells.items():
        for tool, cell in row.items():
            prev = done[task].get(tool)
            if prev is None or prev.failed:
                continue
            grows = (tool, task) in GROWS
            if prev.expected_ms is not None:
                last = prev.expected_ms
            elif prev.timeout is not None:
                last = prev.timeout * 1000
            elif prev.wall and grows:
                last = statistics.median(prev.wall)
            else:
                continue
            expected = last * size / smaller if grows else last
            if cell.timeout is None and expected > LIMIT[0] * 1000:
                cell.expected_ms = expected


LIMIT = [20.0]  # seconds per command (--timeout)
GROWS = {  # (tool, task) whose cost is proportional to all the entries: they read every one
    ("watson", "start+stop"),  # stop rewrites the whole frames file
    ("watson", "report"),
    ("watson", "week"),  # loads every frame to pick a week's
    ("watson", "listing"),
    ("timew", "report"),
    ("timew", "listing"),
    ("psa", "listing"),
}


def bench_size(
    spec: datasets.Spec,
    exes: dict[str, str],
    runs: int,
    warmup: int,
    before: tuple[int, dict[str, dict[str, Cell]]] | None,
) -> dict[str, dict[str, Cell]]:
    timeout = LIMIT[0]
    cells = {task: {tool: Cell() for tool in exes} for task in TASKS}
    if before is not None:
        skip_slow(cells, spec.entries, before)
    lines = {tool: argvs(tool, exe) for tool, exe in exes.items()}
    with tempfile.TemporaryDirectory(prefix="psa-bench-peers-") as name:
        env = environment(Path(name), spec)
        tools = list(exes)
        for round_ in range(warmup + runs):
            order = tools[round_ % len(tools) :] + tools[: round_ % len(tools)]
            counted = round_ >= warmup
            started: dict[str, tuple[float, Sample]] = {}

            def step(tool: str, task: str, key: str) -> Sample | None:
                cell = cells[task][tool]
                if cell.done:
                    return None
                sample = run(lines[tool][key], env, timeout)
                if sample.timed_out:
                    cell.timeout = timeout
                elif sample.code not in OK_CODES.get((tool, key), {0}):
                    cell.failed = f"exit {sample.code}: {sample.stderr.splitlines()[-1:]}"
                    print(f"{tool} {key} failed: {sample.stderr}", file=sys.stderr)
                return None if cell.done else sample

            for tool in order:
                sample = step(tool, "start+stop", "start")
                if sample is not None:
                    started[tool] = (time.monotonic(), sample)
            for task in ("status", "report", "week", "listing"):
                for tool in order:
                    sample = step(tool, task, task)
                    if sample is not None and counted:
                        cells[task][tool].wall.append(sample.wall_ms)
                        cells[task][tool].cpu.append(sample.cpu_ms)
                        cells[task][tool].rss.append(sample.rss_mb)
            for tool in order:
                if tool not in started:
                    continue
                since, first = started[tool]
                time.sleep(max(0.0, 1.1 - (time.monotonic() - since)))  # timew: 1 s resolution
                sample = step(tool, "start+stop", "stop")
                if sample is not None and counted:
                    cells["start+stop"][tool].wall.append(first.wall_ms + sample.wall_ms)
                    cells["start+stop"][tool].cpu.append(first.cpu_ms + sample.cpu_ms)
                    cells["start+stop"][tool].rss.append(max(first.rss_mb, sample.rss_mb))
            print(f"{spec.entries:,} entries: round {round_ + 1}/{warmup + runs}", flush=True)
    return cells


def verify(spec: datasets.Spec, exes: dict[str, str]) -> str:
    """The 3-year totals each tool reports on the data (outside the timing)."""
    totals: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="psa-bench-peers-") as name:
        env = environment(Path(name), spec)

        def out(argv: list[str]) -> object:
            done = subprocess.run(argv, env=env, capture_output=True, text=True, check=True)
            return json.loads(done.stdout)

        base = argvs("psa", exes["psa"])["report"]
        data = out([*base, "-f", "json"])
        assert isinstance(data, dict)
        totals["psa"] = int(data["totals"]["total_seconds"])
        if "watson" in exes:
            data = out([exes["watson"], "report", "-f", FROM, "-t", TO, "-j", "-G"])
            assert isinstance(data, dict)
            totals["watson"] = round(float(data["time"]))
        if "timew" in exes:
            data = out([exes["timew"], "export", ":all"])
            assert isinstance(data, list)
            totals["timew"] = sum(
                datasets.epoch(i["end"]) - datasets.epoch(i["start"]) for i in data if "end" in i
            )
    same = len(set(totals.values())) == 1
    shown = ", ".join(f"{NAMES[t]} {s / 3600:,.2f} h" for t, s in totals.items())
    return f"3-year totals on {spec.entries:,} entries: {shown} ({'equal' if same else 'DIFFER'})"


def _ms(value: float, unit_of: float) -> str:
    """`value` in ms, or in s when `unit_of` (the largest figure of the cell) is 10 s or more."""
    return f"{value / 1000:,.1f}" if unit_of >= 10_000 else f"{value:,.0f}"


def _cell(cell: Cell | None) -> str:
    if cell is None:
        return "–"
    if cell.failed:
        return "failed"
    if cell.expected_ms is not None:
        return f"not run (~{cell.expected_ms / 1000:,.0f} s expected)"
    if not cell.wall:
        return f"> {cell.timeout:g} s (killed)" if cell.timeout else "–"
    top = max(cell.wall)
    text = f"**{_ms(statistics.median(cell.wall), top)}**"
    if len(cell.wall) > 1:
        text += f" ({_ms(min(cell.wall), top)}–{_ms(top, top)})"
    text += " s" if top >= 10_000 else ""
    if cell.timeout is not None:
        text += f", then > {cell.timeout:,.0f} s"
    return text


def _ratio(psa: Cell, peer: Cell | None) -> str:
    """How many times faster psa is (peer median / psa median); < 1: the peer is faster."""
    if peer is None or not psa.wall:
        return "–"
    base = statistics.median(psa.wall)
    if peer.wall and peer.timeout is None:
        value = statistics.median(peer.wall) / base
        return f"{value:,.1f}× faster" if value >= 1 else f"{1 / value:,.1f}× slower"
    if peer.timeout is not None:
        return f"> {peer.timeout * 1000 / base:,.0f}× faster"
    if peer.expected_ms is not None:
        return f"~{peer.expected_ms / base:,.0f}× faster (est.)"
    return "–"


def table(size: int, cells: dict[str, dict[str, Cell]], tools: list[str]) -> str:
    peers = [t for t in tools if t != "psa"]
    names = " / ".join(NAMES[t] for t in tools)
    head = ["Task", *(f"{NAMES[t]} ms" for t in tools), f"CPU ms: {names}", f"MB: {names}"]
    head += [f"{NAMES[t]} ÷ psa" for t in peers]
    lines = [
        f"**{size:,} entries**: wall time median (min–max) ms; CPU time (user + system, "
        "median) and peak RSS of each tool; how many times faster psa is than each peer "
        "(the peer's median wall time over psa's):",
        "",
        "| " + " | ".join(head) + " |",
        "|---|" + "---:|" * (len(head) - 1),
    ]
    for task in TASKS:
        row = cells[task]
        cpu = " / ".join(f"{statistics.median(row[t].cpu):,.0f}" if row[t].cpu else "–"
                         for t in tools)  # fmt: skip
        mem = " / ".join(f"{max(row[t].rss):,.0f}" if row[t].rss else "–" for t in tools)
        ratios = [_ratio(row["psa"], row.get(t)) for t in peers]
        cols = [TASK_LABELS[task], *(_cell(row.get(t)) for t in tools), cpu, mem, *ratios]
        lines.append("| " + " | ".join(cols) + " |")
    return "\n".join(lines)


def commands_block(exes: dict[str, str]) -> str:
    lines = ["| Task | " + " | ".join(NAMES[t] for t in exes) + " |", "|---|" + "---|" * len(exes)]
    for task in TASKS:
        keys = ("start", "stop") if task == "start+stop" else (task,)
        cols = []
        for tool, exe in exes.items():
            shown = []
            for key in keys:
                argv = argvs(tool, exe)[key]
                shown.append(" ".join([Path(argv[0]).name, *argv[1:]]))
            cols.append("; ".join(f"`{s}`" for s in shown))
        lines.append(f"| {TASK_LABELS[task]} | " + " | ".join(cols) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated entries")
    parser.add_argument("--runs", default="3,2,1", help="measured rounds per size (or one for all)")
    parser.add_argument("--warmup", type=int, default=1, help="uncounted rounds, first size only")
    parser.add_argument("--timeout", type=float, default=20, help="seconds per command")
    parser.add_argument("--no-install", action="store_true", help="use only installed peers")
    parser.add_argument("--write-doc", action="store_true", help="update docs/performance.md")
    parser.add_argument("--json", type=Path, help="also save the medians to this file")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    runs = [int(r) for r in args.runs.split(",") if r.strip()]
    runs = runs * len(sizes) if len(runs) == 1 else runs
    if not sizes or len(runs) != len(sizes) or min(runs) < 1 or args.warmup < 0:
        parser.error("need a size, one --runs >= 1 (or one per size), --warmup >= 0")
    LIMIT[0] = args.timeout
    if not Path(PSA).exists():
        parser.error(f"no psa console script at {PSA}: run 'pip install -e .' in this venv")

    peers = peer_tools.find(install=not args.no_install)
    exes = {"psa": PSA} | {name: p.exe for name, p in peers.items() if p.exe is not None}
    notes = []
    for peer in peers.values():
        state = f"{peer.version}" if peer.ok else f"**not measured**: {peer.why}"
        if peer.ok and peer.why:
            state += f" ({peer.why})"
        notes.append(f"{NAMES[peer.name]}: {state}")
        print(f"{NAMES[peer.name]}: {state}", flush=True)
    load_before = os.getloadavg()
    results: dict[int, dict[str, dict[str, Cell]]] = {}
    began = time.perf_counter()
    before: tuple[int, dict[str, dict[str, Cell]]] | None = None
    for size, count in zip(sizes, runs, strict=True):  # warm-up only on the first size
        results[size] = bench_size(datasets.Spec(size), exes, count,
                                   args.warmup if size == sizes[0] else 0, before)  # fmt: skip
        before = (size, results[size])
    check = verify(datasets.Spec(min(sizes)), exes)
    load_after = os.getloadavg()
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    rounds = f"{args.warmup} warm-up round at {sizes[0]:,} entries, then " + ", ".join(
        f"{n} measured at {size:,}" for size, n in zip(sizes, runs, strict=True)
    )
    body = [
        f"_Measured {stamp} by `benchmarks/bench_peers.py` in {time.perf_counter() - began:,.0f} "
        f"s ({rounds}; commands killed after {args.timeout:,.0f} s, and not run at a size "
        "where the last size's time, scaled by the number of entries, passes that)._",
        f"_Load average {load_before[0]:.2f} before, {load_after[0]:.2f} after (2 cores; other "
        "agents' work shares them: medians are noisy, ratios of interleaved runs less so)._",
        f"_{'; '.join(notes)}. {check}._",
        "",
        commands_block(exes),
        "",
    ]
    for size, cells in results.items():
        body += [table(size, cells, list(exes)), ""]
    text = "\n".join(body)
    print(f"\n{text}")
    if args.json:
        raw = {
            str(size): {
                task: {tool: cell.summary() for tool, cell in row.items()}
                for task, row in cells.items()
            }
            for size, cells in results.items()
        }
        args.json.write_text(json.dumps({"peers": {k: asdict(p) for k, p in peers.items()},
                                         "results": raw}, indent=1))  # fmt: skip
    if args.write_doc:
        import bench_cli

        bench_cli.write_doc({"peers": text}, DOC)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
