"""Suggestions for mistyped codes and names, and the shape of a valid code."""

from __future__ import annotations

import difflib
import re

from psa_cli.domain.errors import InvalidInput

_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


def suggest(word: str, choices: list[str], n: int = 3) -> list[str]:
    lowered = {c.lower(): c for c in choices}
    hits = difflib.get_close_matches(word.lower(), list(lowered), n=n, cutoff=0.6)
    prefix = [c for c in choices if c.lower().startswith(word.lower()) and c.lower() not in hits]
    return [lowered[h] for h in hits] + prefix[: max(0, n - len(hits))]


def did_you_mean(word: str, choices: list[str]) -> str:
    close = suggest(word, choices)
    if close:
        return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    return ""


def check_code(code: str, what: str = "code") -> str:
    """Codes are what people type at the prompt: letters, digits, '.', '_' and '-'."""
    value = code.strip()
    if not _CODE_RE.match(value):
        raise InvalidInput(
            f"invalid {what} '{code}': use 1-40 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit (e.g. acme-web)"
        )
    return value


def code_from_name(name: str) -> str:
    """'ACME Corp. (EU)' -> 'acme-corp-eu': the default code for a new client or project."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug[:40].strip("-") or "x"


def check_text(value: str, what: str, limit: int = 500, *, required: bool = False) -> str:
    """Free text: no control characters except newlines/tabs, bounded length."""
    text = value.strip()
    if required and not text:
        raise InvalidInput(f"{what} must not be empty")
    if len(text) > limit:
        raise InvalidInput(f"{what} is too long ({len(text)} characters, at most {limit})")
    if any((ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F for c in text):
        raise InvalidInput(f"{what} contains control characters: remove them")
    return text


def check_tag(tag: str) -> str:
    value = tag.strip().lstrip("+")
    if not value or len(value) > 40 or any(c.isspace() or c < " " or c == "\x7f" for c in value):
        raise InvalidInput(f"invalid tag '{tag}': one word of at most 40 characters, e.g. meeting")
    return value
