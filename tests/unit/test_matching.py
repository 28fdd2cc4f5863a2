"""Codes, suggestions for typos, free text and tags."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psa_cli.domain.errors import InvalidInput
from psa_cli.domain.matching import (
    check_code,
    check_tag,
    check_text,
    code_from_name,
    did_you_mean,
    suggest,
)

CODES = ["acme-web", "acme-app", "globex", "initech", "Umbrella"]


# --- check_code ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("acme-web", "acme-web"),
        (" acme ", "acme"),
        ("A1", "A1"),
        ("x", "x"),
        ("v1.2_b-3", "v1.2_b-3"),
        ("9lives", "9lives"),
        ("a" * 40, "a" * 40),
    ],
)
def test_check_code_accepts(raw: str, code: str) -> None:
    assert check_code(raw) == code


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "  ",
        "-acme",
        ".acme",
        "_acme",
        "acme web",
        "acme/web",
        "acme!",
        "café",
        "a" * 41,
        "acme\nweb",
        "acme\n"[:-1] + "\x00",
    ],
)
def test_check_code_refuses(raw: str) -> None:
    with pytest.raises(InvalidInput, match="invalid client code") as info:
        check_code(raw, "client code")
    assert info.value.exit_code == 2


@given(st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9._-]{0,39}\Z"))
def test_valid_codes_are_returned_unchanged(code: str) -> None:
    assert check_code(code) == code


@settings(max_examples=200)
@given(st.text(max_size=50))
def test_check_code_result_is_ascii_code(text: str) -> None:
    try:
        code = check_code(text)
    except InvalidInput:
        return
    assert 1 <= len(code) <= 40
    assert code.isascii() and code[0].isalnum()
    assert set(code) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


# --- code_from_name -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("ACME Corp. (EU)", "acme-corp-eu"),
        ("Globex", "globex"),
        ("  --Initech--  ", "initech"),
        ("Web site 2.0", "web-site-2-0"),
        ("!!!", "x"),
        ("", "x"),
        ("Café Crème", "caf-cr-me"),
        ("a" * 39 + " b", "a" * 39),  # cut at 40 leaves a trailing '-', which is stripped
        ("x" * 50, "x" * 40),
    ],
)
def test_code_from_name(name: str, code: str) -> None:
    assert code_from_name(name) == code


@settings(max_examples=200)
@given(st.text(max_size=80))
def test_code_from_name_always_yields_a_valid_code(name: str) -> None:
    code = code_from_name(name)
    assert check_code(code) == code
    assert code == code.lower()
    assert "--" not in code
    assert code_from_name(code) == code  # idempotent


# --- suggest / did_you_mean ---------------------------------------------------------------


def test_suggest_close_matches() -> None:
    assert suggest("acme-wbe", CODES) == ["acme-web", "acme-app"]
    assert suggest("globx", CODES) == ["globex"]
    assert suggest("inittech", CODES) == ["initech"]


def test_suggest_is_case_insensitive_and_keeps_original_case() -> None:
    assert suggest("umbrela", CODES) == ["Umbrella"]
    assert suggest("GLOBEX", CODES) == ["globex"]


def test_suggest_falls_back_to_prefixes() -> None:
    # 'a' is too short to be close to anything, but two codes start with it
    assert suggest("a", CODES) == ["acme-web", "acme-app"]
    assert suggest("a", CODES, n=1) == ["acme-web"]


def test_suggest_nothing() -> None:
    assert suggest("zzzzzz", CODES) == []
    assert suggest("acme", []) == []


def test_did_you_mean() -> None:
    assert did_you_mean("globx", CODES) == "did you mean 'globex'?"
    assert did_you_mean("acme-wbe", CODES) == "did you mean 'acme-web' or 'acme-app'?"
    assert did_you_mean("zzzzzz", CODES) == ""


unique_choices = st.lists(
    st.text(alphabet="abcdefgh-", min_size=1, max_size=8), max_size=12, unique_by=str.lower
)


@settings(max_examples=200)
@given(st.text(alphabet="abcdefgh-", max_size=8), unique_choices, st.integers(1, 5))
def test_suggest_properties(word: str, choices: list[str], n: int) -> None:
    hits = suggest(word, choices, n=n)
    assert len(hits) <= n
    assert len(set(hits)) == len(hits)
    assert set(hits) <= set(choices)
    if word in choices:
        assert hits[0] == word
    text = did_you_mean(word, choices)
    if hits:
        assert text.startswith("did you mean ") and text.endswith("?")
        assert all(f"'{h}'" in text for h in suggest(word, choices))
    else:
        assert text == ""


# --- check_text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("  fixed login  ", "fixed login"),
        ("line 1\nline 2", "line 1\nline 2"),
        ("a\tb", "a\tb"),
        ("", ""),
        ("Café ☕ 日本", "Café ☕ 日本"),
    ],
)
def test_check_text_accepts(raw: str, text: str) -> None:
    assert check_text(raw, "note") == text


@pytest.mark.parametrize(
    "raw", ["a\x00b", "bell\x07", "esc\x1b[31m", "cr\rlf", "del\x7f", "a\x0cb"]
)
def test_check_text_refuses_control_characters(raw: str) -> None:
    with pytest.raises(InvalidInput, match="note contains control characters") as info:
        check_text(raw, "note")
    assert info.value.exit_code == 2


def test_check_text_length_and_required() -> None:
    assert check_text("x" * 10, "note", limit=10) == "x" * 10
    with pytest.raises(InvalidInput, match=r"note is too long \(11 characters, at most 10\)"):
        check_text("x" * 11, "note", limit=10)
    assert check_text("  " + "x" * 10 + "  ", "note", limit=10) == "x" * 10  # stripped first
    with pytest.raises(InvalidInput, match="name must not be empty"):
        check_text("   ", "name", required=True)
    assert check_text("ok", "name", required=True) == "ok"


@settings(max_examples=200)
@given(st.text(max_size=60))
def test_check_text_result_has_no_controls(raw: str) -> None:
    try:
        text = check_text(raw, "note", limit=50)
    except InvalidInput:
        return
    assert len(text) <= 50
    assert text == text.strip()
    assert all(c in "\n\t" or (ord(c) >= 32 and c != "\x7f") for c in text)


# --- check_tag ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "tag"),
    [
        ("meeting", "meeting"),
        ("+meeting", "meeting"),
        (" +bug ", "bug"),
        ("client:acme", "client:acme"),
        ("été", "été"),
        ("t" * 40, "t" * 40),
    ],
)
def test_check_tag_accepts(raw: str, tag: str) -> None:
    assert check_tag(raw) == tag


@pytest.mark.parametrize(
    "raw",
    ["", "+", "  ", "two words", "tab\there", "t" * 41, "a\x00", "a\u00a0b", "bell\x07", "del\x7f"],
)
def test_check_tag_refuses(raw: str) -> None:
    with pytest.raises(InvalidInput, match="invalid tag") as info:
        check_tag(raw)
    assert info.value.exit_code == 2


@settings(max_examples=200)
@given(st.text(max_size=50))
def test_check_tag_result_is_one_clean_word(raw: str) -> None:
    try:
        tag = check_tag(raw)
    except InvalidInput:
        return
    assert 1 <= len(tag) <= 40
    assert not tag.startswith("+")
    assert not any(c.isspace() or ord(c) < 32 or c == "\x7f" for c in tag)
