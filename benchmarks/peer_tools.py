"""Find the peers, or install them: Watson (`td-watson`, PyPI) and Timewarrior (Debian).

- **Watson** goes into its own venv, `benchmarks/.peers-venv` (git-ignored), made with the
  interpreter running the benchmark: `pip install td-watson` there, never into psa's venv
  (it would pull its own click, arrow and requests in beside typer's).
- **Timewarrior**: `timew` on PATH, else `apt-get install timewarrior`, as root or through
  `sudo -n` (never a password prompt).

When a peer cannot be had (no network, no apt-get, no rights), `find()` says why in one line
and the benchmark goes on without it: the doc then says which peer is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "benchmarks" / ".peers-venv"
WATSON_PACKAGE = "td-watson"
TIMEW_PACKAGE = "timewarrior"


@dataclass(frozen=True)
class Peer:
    name: str  # "watson" or "timew"
    exe: str | None  # None: not available
    version: str = ""
    why: str = ""  # why it is missing, or how it was installed

    @property
    def ok(self) -> bool:
        return self.exe is not None


def _version(exe: str) -> str:
    try:
        done = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return (done.stdout or done.stderr).strip().splitlines()[0] if done.returncode == 0 else ""


def _quiet(argv: list[str], timeout: float = 600) -> tuple[bool, str]:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, str(exc)
    tail = (done.stderr or done.stdout).strip().splitlines()
    return done.returncode == 0, tail[-1] if tail else f"exit {done.returncode}"


def watson(install: bool = True) -> Peer:
    exe = VENV / "bin" / "watson"
    note = ""
    if not exe.exists() and install:
        print(f"installing {WATSON_PACKAGE} into {VENV.relative_to(ROOT)}", flush=True)
        ok, msg = _quiet([sys.executable, "-m", "venv", str(VENV)])
        if ok:
            ok, msg = _quiet([str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet",
                              "--disable-pip-version-check", WATSON_PACKAGE])  # fmt: skip
        if not ok:
            return Peer("watson", None, why=f"could not install {WATSON_PACKAGE}: {msg}")
        note = f"installed from PyPI into {VENV.relative_to(ROOT)}"
    if not exe.exists():
        return Peer("watson", None, why=f"not installed ({VENV.relative_to(ROOT)} has no watson)")
    version = _version(str(exe))
    if not version:
        return Peer("watson", None, why=f"{exe} does not run")
    return Peer("watson", str(exe), version, note)


def timew(install: bool = True) -> Peer:
    found = shutil.which("timew")
    note = ""
    if found is None and install:
        sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
        if shutil.which("apt-get") is None:
            return Peer("timew", None, why="no timew on PATH and no apt-get to install it")
        if sudo and shutil.which("sudo") is None:
            return Peer("timew", None, why="no timew, not root and no sudo to install it")
        print(f"installing {TIMEW_PACKAGE} with apt-get", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for argv in (
            [*sudo, "apt-get", "update", "-qq"],
            [*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", TIMEW_PACKAGE],
        ):
            done = subprocess.run(argv, capture_output=True, text=True, env=env)
            if done.returncode != 0:
                tail = (done.stderr or done.stdout).strip().splitlines()
                msg = tail[-1] if tail else f"exit {done.returncode}"
                return Peer("timew", None, why=f"could not install {TIMEW_PACKAGE}: {msg}")
        found = shutil.which("timew")
        note = "installed from Debian with apt-get"
    if found is None:
        return Peer("timew", None, why="timew is not on PATH")
    version = _version(found)
    if not version:
        return Peer("timew", None, why=f"{found} does not run")
    return Peer("timew", found, f"Timewarrior {version}", note)


def find(install: bool = True) -> dict[str, Peer]:
    """Both peers, installed first when absent (unless install is False)."""
    return {"watson": watson(install), "timew": timew(install)}


if __name__ == "__main__":
    for peer in find("--no-install" not in sys.argv).values():
        print(f"{peer.name}: {peer.exe or 'missing'} {peer.version} {peer.why}".rstrip())
