"""The configuration schema: every key psa understands, its type, default and check.

Pure: the TOML file is read and written by `services.config`. Keys are
`section.name`; values are validated and normalised here so the file only
ever holds values psa can use.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from psa_cli.domain import money
from psa_cli.domain.dates import WEEKDAYS
from psa_cli.domain.errors import ConfigError, InvalidInput
from psa_cli.domain.matching import check_text

Value = str | int | bool


@dataclass(frozen=True)
class Setting:
    """One configuration key: its default, its help text, and the check that parses a value."""

    key: str
    default: Value | None
    help: str
    check: Callable[[str], Value]


def _text(limit: int = 500) -> Callable[[str], Value]:
    def check(raw: str) -> Value:
        return check_text(raw, "text", limit)

    return check


def check_email(raw: str) -> Value:
    value = raw.strip()
    if value and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise InvalidInput(f"'{raw}' is not an e-mail address (name@example.com)")
    return value


def check_iban(raw: str) -> str:
    """Validate an IBAN with its ISO 13616 mod-97 check digits; return it grouped by 4."""
    compact = re.sub(r"\s+", "", raw).upper()
    if not compact:
        return ""
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", compact):
        raise InvalidInput(f"'{raw}' is not an IBAN (e.g. FR76 3000 6000 0112 3456 7890 189)")
    digits = "".join(str(int(c, 36)) for c in compact[4:] + compact[:4])
    if int(digits) % 97 != 1:
        raise InvalidInput(f"IBAN '{raw}' fails its check digits: look for a typo")
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def check_country(raw: str) -> str:
    """ISO 3166-1 alpha-2 country code (upper-cased); empty allowed."""
    value = raw.strip().upper()
    if value and not re.fullmatch(r"[A-Z]{2}", value, re.ASCII):
        raise InvalidInput(f"invalid country '{raw}': use a 2-letter ISO code such as FR or DE")
    return value


def _currency(raw: str) -> Value:
    return money.check_currency(raw)


def _amount(raw: str) -> Value:
    value = money.parse_amount(raw, what="rate")
    return f"{value:f}"


def _choice(*options: str) -> Callable[[str], Value]:
    def check(raw: str) -> Value:
        value = raw.strip().lower()
        if value not in options:
            raise InvalidInput(f"'{raw}' is not one of: {', '.join(options)}")
        return value

    return check


def _flag(raw: str) -> Value:
    """A yes/no setting, stored as the text 'true' or 'false' (TOML booleans are refused
    on load, like every non-text value)."""
    value = raw.strip().lower()
    if value in ("true", "yes", "on", "1"):
        return "true"
    if value in ("false", "no", "off", "0"):
        return "false"
    raise InvalidInput(f"'{raw}' is not true or false")


def _int(low: int, high: int) -> Callable[[str], Value]:
    def check(raw: str) -> Value:
        try:
            value = int(raw.strip())
        except ValueError:
            raise InvalidInput(f"'{raw}' is not a whole number") from None
        if not low <= value <= high:
            raise InvalidInput(f"{value} is out of range {low}..{high}")
        return value

    return check


def _hours(raw: str) -> Value:
    value = money.parse_amount(raw, what="hours")
    if not Decimal(0) < value <= Decimal(24):
        raise InvalidInput(f"'{raw}' hours per day must be between 0 and 24")
    return f"{value.normalize():f}"


def _percent(raw: str) -> Value:
    return money.percent_str(money.parse_percent(raw, maximum=Decimal(100)))


_PATTERN_TOKENS = re.compile(r"\{(year|yy|month|day|seq|cseq|client)(?::0?(\d)d)?\}")


def check_number_pattern(raw: str) -> str:
    """An invoice number pattern must contain a sequence token and only known tokens."""
    value = raw.strip()
    stripped = _PATTERN_TOKENS.sub("", value)
    if "{" in stripped or "}" in stripped:
        raise InvalidInput(
            f"pattern '{raw}' has an unknown token: use {{year}} {{yy}} {{month}} {{day}} "
            "{client} {seq} {cseq}, padding as {seq:04d}"
        )
    if not re.search(r"\{c?seq", value):
        raise InvalidInput(f"pattern '{raw}' needs a {{seq}} or {{cseq}} token to stay unique")
    if not value or len(value) > 60:
        raise InvalidInput("pattern must be 1 to 60 characters")
    return value


def _pattern(raw: str) -> Value:
    return check_number_pattern(raw)


def _zone(raw: str) -> Value:
    from psa_cli.domain.dates import local_zone

    value = raw.strip()
    if value:
        local_zone(value)
    return value


_ALL = [
    Setting("business.name", "", "Your business or trading name", _text(200)),
    Setting("business.address", "", "Postal address (use \\n between lines)", _text(500)),
    Setting("business.email", "", "Billing e-mail address", check_email),
    Setting("business.postcode", "", "Postcode (e-invoices)", _text(20)),
    Setting("business.city", "", "City (e-invoices)", _text(100)),
    Setting("business.country", "", "Country, ISO 3166 alpha-2 such as FR (e-invoices)",
            lambda r: check_country(r)),
    Setting("business.tax_id", "", "VAT / tax identification number", _text(40)),
    Setting("business.legal_id", "", "Legal registration id, e.g. SIRET (e-invoices)", _text(40)),
    Setting("business.iban", "", "IBAN printed on invoices", lambda r: check_iban(r)),
    Setting("business.currency", "EUR", "Default currency (ISO 4217)", _currency),
    Setting("business.rate", "0", "Default hourly rate in the default currency", _amount),
    Setting("rounding.mode", "none", "Rounding of billed time: none|up|down|nearest",
            _choice("none", "up", "down", "nearest")),
    Setting("rounding.minutes", 1, "Rounding step in minutes (1-240)", _int(1, 240)),
    Setting("rounding.minimum_minutes", 0, "Minimum billable minutes per entry", _int(0, 1440)),
    Setting("rounding.scope", "entry", "Round each entry, or each invoice line: entry|line",
            _choice("entry", "line")),
    Setting("invoice.number_pattern", "INV-{year}-{seq:04d}", "Invoice number pattern",
            _pattern),
    Setting("invoice.credit_pattern", "CN-{year}-{seq:04d}", "Credit note number pattern",
            _pattern),
    Setting("invoice.terms_days", 30, "Default payment terms in days", _int(0, 365)),
    Setting("invoice.tax_rate", "0", "Default tax rate in percent", _percent),
    Setting("invoice.approved_only", "false",
            "Draft only time of approved timesheet weeks: true|false", _flag),
    Setting("time.week_start", "monday", "First day of the week", _choice(*WEEKDAYS)),
    Setting("time.hours_per_day", "8", "Working hours per day", _hours),
    Setting("time.timezone", "", "IANA time zone (empty: the system's)", _zone),
    Setting("time.utilization_target", "75", "Target billable utilisation in percent",
            _percent),
]  # fmt: skip
SETTINGS: dict[str, Setting] = {s.key: s for s in _ALL}


def lookup(key: str) -> Setting:
    setting = SETTINGS.get(key.strip().lower())
    if setting is None:
        import difflib

        close = difflib.get_close_matches(key, SETTINGS, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; see 'psa config list'"
        raise ConfigError(f"unknown config key '{key}'{hint}")
    return setting


def validate(key: str, raw: str) -> Value:
    setting = lookup(key)
    try:
        return setting.check(raw)
    except InvalidInput as exc:
        raise ConfigError(f"bad value for {setting.key}: {exc.message}") from None


def flatten(tree: dict[str, Any]) -> dict[str, Any]:
    """{'business': {'name': 'x'}} -> {'business.name': 'x'}."""
    flat: dict[str, Any] = {}
    for section, values in tree.items():
        if isinstance(values, dict):
            for name, value in values.items():
                flat[f"{section}.{name}"] = value
        else:
            flat[section] = values
    return flat


def nest(flat: dict[str, Value]) -> dict[str, dict[str, Value]]:
    tree: dict[str, dict[str, Value]] = {}
    for key, value in flat.items():
        section, name = key.split(".", 1)
        tree.setdefault(section, {})[name] = value
    return tree
