"""Files with money in them (exports, journals): private, whole, never overwritten unasked.

The bytes go to a 0600 temporary file beside the target (0600 whatever the umask), which
then takes the target's name: renamed over an existing file with `force`, else hard-linked,
which fails if the name exists, even when another process created it a moment ago. A
crash never leaves a half-written file under the final name.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TextIO

from psa_cli.domain.errors import Refused


def exists_refusal(path: Path) -> Refused:
    return Refused(f"{path} exists: choose another file or add --force to overwrite")


def check_target(path: Path, ledger_path: Path, force: bool) -> None:
    """Refuse, before any work, a target that is a folder, lies in a missing folder, is
    the ledger itself, or exists (without --force)."""
    if path.is_dir():
        raise Refused(f"{path} is a folder: give a file name such as {path / 'books.journal'}")
    if not path.parent.is_dir():
        raise Refused(f"folder {path.parent} does not exist: create it or choose another file")
    if path.exists() and path.resolve() == ledger_path.resolve():
        raise Refused(f"{path} is the ledger itself: choose another file")
    if path.exists() and not force:
        raise exists_refusal(path)


def write_text(path: Path, text: str, *, force: bool) -> None:
    write_private(path, text.encode("utf-8"), force=force)


def write_private(path: Path, data: bytes, *, force: bool, make_parent: bool = False) -> None:
    write_private_with(path, lambda fh: fh.write(data), force=force, make_parent=make_parent)


def write_private_text(path: Path, fill: Callable[[TextIO], object], *, force: bool) -> None:
    """Like `write_private`, with `fill` writing UTF-8 text as it goes (a listing of any
    size in constant memory)."""

    def binary(fh: BinaryIO) -> None:
        text = io.TextIOWrapper(fh, encoding="utf-8", newline="", write_through=False)
        fill(text)
        text.flush()
        text.detach()

    write_private_with(path, binary, force=force)


def write_private_with(
    path: Path, fill: Callable[[BinaryIO], object], *, force: bool, make_parent: bool = False
) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if make_parent:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fill(fh)
        if force:
            os.replace(tmp, path)
        else:
            _link_new(tmp, path)
    except FileExistsError:
        raise exists_refusal(path) from None
    except OSError as exc:
        raise Refused(f"cannot write {path}: {exc.strerror}") from None
    finally:
        tmp.unlink(missing_ok=True)


def _link_new(tmp: Path, path: Path) -> None:
    """Give `tmp` the name `path` only if nothing has that name (atomic where hard links
    exist; a file system without them gets the check-then-rename)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(tmp, path)
