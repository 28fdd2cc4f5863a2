"""The configuration schema: IBAN, per-key validation, unknown keys."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psa_cli.domain.errors import ConfigError, InvalidInput
from psa_cli.domain.settings import (
    SETTINGS,
    check_email,
    check_iban,
    check_number_pattern,
    flatten,
    lookup,
    nest,
    validate,
)


def _iban_check_digits(country: str, bban: str) -> str:
    digits = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{98 - int(digits) % 97:02d}"


# --- IBAN ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "grouped"),
    [
        ("FR76 3000 6000 0112 3456 7890 189", "FR76 3000 6000 0112 3456 7890 189"),
        ("FR7630006000011234567890189", "FR76 3000 6000 0112 3456 7890 189"),
        ("DE89370400440532013000", "DE89 3704 0044 0532 0130 00"),
        ("de89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 00"),
        ("GB82 WEST 1234 5698 7654 32", "GB82 WEST 1234 5698 7654 32"),
        ("NL91ABNA0417164300", "NL91 ABNA 0417 1643 00"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_check_iban_valid(raw: str, grouped: str) -> None:
    assert check_iban(raw) == grouped


@pytest.mark.parametrize(
    "raw",
    [
        "FR77 3000 6000 0112 3456 7890 189",
        "DE88370400440532013000",
        "DE89370400440532013001",
        "DE89370400440532013300",
        "GB82 WEST 1234 5698 7654 33",
    ],
)
def test_check_iban_bad_check_digits(raw: str) -> None:
    with pytest.raises(InvalidInput, match="fails its check digits"):
        check_iban(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "FR76",
        "12FR30006000011234567890189",
        "FR7A30006000011234567890189",
        "DE89-3704-0044-0532-0130-00",
        "DE893704004",
        "F" * 40,
        "FR76 3000 6000 0112 ÉÉ",
    ],
)
def test_check_iban_bad_shape(raw: str) -> None:
    with pytest.raises(InvalidInput, match="is not an IBAN"):
        check_iban(raw)


@settings(max_examples=200)
@given(
    st.sampled_from(["DE", "FR", "GB", "NL", "IT", "CH"]),
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=11, max_size=30),
)
def test_generated_ibans_validate_and_group(country: str, bban: str) -> None:
    iban = country + _iban_check_digits(country, bban) + bban
    grouped = check_iban(iban.lower())
    assert grouped.replace(" ", "") == iban
    assert all(len(g) == 4 for g in grouped.split(" ")[:-1])
    assert 1 <= len(grouped.split(" ")[-1]) <= 4
    assert check_iban(grouped) == grouped


@given(st.integers(min_value=4, max_value=21), st.integers(min_value=1, max_value=9))
def test_any_single_digit_typo_is_caught(position: int, delta: int) -> None:
    valid = "DE89370400440532013000"
    digit = (int(valid[position]) + delta) % 10
    typo = valid[:position] + str(digit) + valid[position + 1 :]
    with pytest.raises(InvalidInput, match="check digits"):
        check_iban(typo)


# --- other checks -------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["me@example.com", " a.b+c@mail.example.org ", ""])
def test_check_email_accepts(raw: str) -> None:
    assert check_email(raw) == raw.strip()


@pytest.mark.parametrize("raw", ["me", "me@example", "@example.com", "a b@example.com", "a@@b.c"])
def test_check_email_refuses(raw: str) -> None:
    with pytest.raises(InvalidInput, match="not an e-mail address"):
        check_email(raw)


@pytest.mark.parametrize(
    "pattern",
    [
        "INV-{year}-{seq:04d}",
        "{seq}",
        "{cseq}",
        "{client}-{cseq:3d}",
        "{yy}{month}{day}-{seq}",
        "  F{seq:09d}  ",
    ],
)
def test_number_pattern_accepted(pattern: str) -> None:
    assert check_number_pattern(pattern) == pattern.strip()


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("INV-{foo}-{seq}", "unknown token"),
        ("{seq:10d}", "unknown token"),
        ("{SEQ}", "unknown token"),
        ("INV-{seq", "unknown token"),
        ("INV-seq}", "unknown token"),
        ("INV-{year}", "needs a {seq} or {cseq}"),
        ("", "needs a {seq} or {cseq}"),
        ("X" * 60 + "{seq}", "1 to 60 characters"),
    ],
)
def test_number_pattern_refused(pattern: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message.replace("{", r"\{").replace("}", r"\}")):
        check_number_pattern(pattern)


# --- validate() per key -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "raw", "value"),
    [
        ("business.name", "  ACME Consulting ", "ACME Consulting"),
        ("business.address", "1 rue X\n75001 Paris", "1 rue X\n75001 Paris"),
        ("business.email", "billing@acme.test", "billing@acme.test"),
        ("business.tax_id", "FR12345678901", "FR12345678901"),
        ("business.iban", "fr7630006000011234567890189", "FR76 3000 6000 0112 3456 7890 189"),
        ("business.currency", "eur", "EUR"),
        ("business.currency", "jpy", "JPY"),
        ("business.rate", "1,250.50", "1250.50"),
        ("business.rate", "95", "95"),
        ("rounding.mode", "UP", "up"),
        ("rounding.mode", "nearest", "nearest"),
        ("rounding.mode", " none ", "none"),
        ("rounding.minutes", "15", 15),
        ("rounding.minutes", "1", 1),
        ("rounding.minutes", "240", 240),
        ("rounding.minimum_minutes", "0", 0),
        ("invoice.number_pattern", "F-{yy}-{cseq:03d}", "F-{yy}-{cseq:03d}"),
        ("invoice.terms_days", "0", 0),
        ("invoice.tax_rate", "20%", "20"),
        ("invoice.tax_rate", "7.70", "7.7"),
        ("time.week_start", "Sunday", "sunday"),
        ("time.hours_per_day", "7.50", "7.5"),
        ("time.hours_per_day", "10", "10"),
        ("time.hours_per_day", "24", "24"),
        ("time.timezone", "Europe/Paris", "Europe/Paris"),
        ("time.timezone", "", ""),
        ("time.utilization_target", "100", "100"),
        (" Rounding.Mode ", "down", "down"),
    ],
)
def test_validate_accepts_and_normalises(key: str, raw: str, value: Any) -> None:
    assert validate(key, raw) == value


@pytest.mark.parametrize(
    ("key", "raw", "message"),
    [
        ("business.name", "x" * 201, "too long"),
        ("business.name", "a\x00b", "control characters"),
        ("business.tax_id", "FR1\x7f", "control characters"),  # DEL, as check_text refuses
        ("business.email", "nope", "not an e-mail"),
        ("business.iban", "FR77 3000 6000 0112 3456 7890 189", "check digits"),
        ("business.currency", "XYZ", "unknown currency"),
        ("business.rate", "-5", "must not be negative"),
        ("business.rate", "1e3", "invalid rate"),
        ("rounding.mode", "sideways", "not one of: none, up, down, nearest"),
        ("rounding.minutes", "0", "out of range 1..240"),
        ("rounding.minutes", "241", "out of range 1..240"),
        ("rounding.minutes", "15.5", "not a whole number"),
        ("rounding.minutes", "fifteen", "not a whole number"),
        ("rounding.minimum_minutes", "-1", "out of range 0..1440"),
        ("invoice.number_pattern", "INV-{foo}-{seq}", "unknown token"),
        ("invoice.number_pattern", "INV-{year}", "needs a {seq}"),
        ("invoice.terms_days", "366", "out of range 0..365"),
        ("invoice.tax_rate", "101", "from 0 to 100"),
        ("time.week_start", "funday", "not one of"),
        ("time.hours_per_day", "0", "between 0 and 24"),
        ("time.hours_per_day", "25", "between 0 and 24"),
        ("time.timezone", "Mars/Olympus", "unknown time zone"),
        ("time.utilization_target", "150", "from 0 to 100"),
    ],
)
def test_validate_refuses_with_config_error(key: str, raw: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        validate(key, raw)
    assert info.value.exit_code == 2
    assert info.value.message.startswith(f"bad value for {key.strip().lower()}: ")
    assert message in info.value.message


def test_every_default_is_valid() -> None:
    for key, setting in SETTINGS.items():
        assert setting.default is not None
        assert validate(key, str(setting.default)) == setting.default, key


@given(st.integers(min_value=-1000, max_value=1000))
def test_rounding_minutes_range(n: int) -> None:
    if 1 <= n <= 240:
        assert validate("rounding.minutes", str(n)) == n
    else:
        with pytest.raises(ConfigError, match="out of range"):
            validate("rounding.minutes", str(n))


@settings(max_examples=200)
@given(st.sampled_from(sorted(SETTINGS)), st.text(max_size=30))
def test_validate_only_raises_config_error(key: str, raw: str) -> None:
    try:
        value = validate(key, raw)
    except ConfigError as exc:
        assert exc.exit_code == 2
        return
    assert isinstance(value, str | int | bool)


# --- lookup -------------------------------------------------------------------------------


def test_lookup_known_key() -> None:
    assert lookup("business.name").key == "business.name"
    assert lookup(" Business.Name ").key == "business.name"


def test_unknown_key_suggests_the_close_one() -> None:
    with pytest.raises(ConfigError) as info:
        lookup("busines.name")
    assert info.value.exit_code == 2
    assert "unknown config key 'busines.name'" in info.value.message
    assert "did you mean business.name" in info.value.message


def test_unknown_key_without_close_match_points_at_list() -> None:
    with pytest.raises(ConfigError, match="see 'psa config list'"):
        lookup("zzzz")


def test_validate_unknown_key_is_config_error() -> None:
    with pytest.raises(ConfigError, match="did you mean rounding.mode"):
        validate("rounding.mod", "up")


# --- flatten / nest -----------------------------------------------------------------------


def test_flatten_and_nest() -> None:
    tree = {"business": {"name": "ACME", "currency": "EUR"}, "rounding": {"minutes": 15}}
    flat = flatten(tree)
    assert flat == {"business.name": "ACME", "business.currency": "EUR", "rounding.minutes": 15}
    assert nest(flat) == tree
    assert flatten({"loose": 1}) == {"loose": 1}


@given(
    st.dictionaries(
        st.from_regex(r"\A[a-z]{1,8}\Z"),
        st.dictionaries(
            st.from_regex(r"\A[a-z_]{1,8}\Z"),
            st.integers() | st.text(max_size=5),
            min_size=1,
            max_size=4,
        ),
        max_size=4,
    )
)
def test_nest_inverts_flatten(tree: dict[str, dict[str, Any]]) -> None:
    assert nest(flatten(tree)) == tree
