"""Layering and start-up budget, checked in fresh interpreters."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "psa_cli"
HEAVY = ("textual", "rich", "sqlite_utils", "weasyprint", "lxml", "drafthorse", "facturx",
         "pydantic")  # fmt: skip


def _loaded_after(code: str, tmp_path: Path) -> set[str]:
    env = dict(os.environ)
    env.update(PSA_LEDGER=str(tmp_path / "l.db"), PSA_CONFIG=str(tmp_path / "c.toml"))
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    return set(out.stdout.split())


def test_cli_import_loads_no_heavy_library(tmp_path: Path) -> None:
    modules = _loaded_after("import psa_cli.cli.main", tmp_path)
    for heavy in HEAVY:
        assert heavy not in modules, f"importing the CLI loads {heavy}"


def test_hot_commands_load_no_heavy_library(tmp_path: Path) -> None:
    setup = (
        "from psa_cli.cli.main import app\n"
        "import contextlib, io\n"
        "def run(*a):\n"
        "    with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "        app(list(a))\n"
        "run('client', 'add', 'ACME', '--code', 'acme', '--format', 'json')\n"
        "run('project', 'add', 'acme', 'Web', '--code', 'web', '--format', 'json')\n"
    )
    # client/project add in JSON mode render no table, so rich stays unloaded there too
    for command in ("'status'", "'start', 'web'", "'stop'", "'log', '1h', 'web'"):
        modules = _loaded_after(f"{setup}run({command})", tmp_path)
        loaded = [h for h in HEAVY if h in modules]
        assert not loaded, f"psa {command} loaded {loaded}"


def test_layers_import_downwards_only() -> None:
    """cli/ and tui/ never touch sqlite; domain/ is pure; SQL lives in store/."""
    for path in SRC.rglob("*.py"):
        layer = path.relative_to(SRC).parts[0]
        tree = ast.parse(path.read_text())
        names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
        if layer != "store":
            assert "sqlite3" not in names and "sqlite_utils" not in names, path
        if layer in ("cli", "tui"):
            assert not any(n.startswith("psa_cli.store") for n in names), path
        if layer == "domain":
            assert not any(
                n.startswith(("psa_cli.store", "psa_cli.services", "psa_cli.cli", "typer", "rich"))
                for n in names
            ), path


def _imported(tmp_path: Path, *argv: str) -> tuple[str, set[str]]:
    """`python -X importtime -m psa_cli ARGV`: its stdout and the modules it really loads."""
    env = dict(os.environ)
    env.update(PSA_LEDGER=str(tmp_path / "l.db"), PSA_CONFIG=str(tmp_path / "c.toml"))
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "psa_cli", *argv],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    loaded = {line.rsplit("|", 1)[-1].strip() for line in out.stderr.splitlines() if "|" in line}
    return out.stdout, loaded


def test_real_hot_path_loads_no_typer(tmp_path: Path) -> None:
    """The console script runs the hot commands through cli.quick: no Typer, no click."""
    stdout, loaded = _imported(tmp_path, "status")
    assert stdout.startswith("No timer running.")
    for heavy in (*HEAVY, "typer", "click", "psa_cli.cli.main", "psa_cli.cli.invoices",
                  "psa_cli.formats"):  # fmt: skip
        assert heavy not in loaded, f"psa status loaded {heavy}"


def test_hot_usage_errors_build_only_the_timer_commands(tmp_path: Path) -> None:
    """A hot command line cli.quick leaves to Typer gets the small tree."""
    stdout, loaded = _imported(tmp_path, "status", "extra")
    assert "typer" in loaded and "psa_cli.cli.main" in loaded
    for heavy in (*HEAVY, "psa_cli.cli.invoices", "psa_cli.cli.export", "psa_cli.formats"):
        assert heavy not in loaded, f"psa status extra loaded {heavy}"
    stdout, loaded = _imported(tmp_path, "status", "--help")
    assert "Show the running timer" in stdout
    assert "psa_cli.cli.invoices" not in loaded and "psa_cli.formats" not in loaded
