"""The TOML configuration file: read with tomllib, written with tomli_w."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from psa_cli.domain import settings
from psa_cli.domain.errors import ConfigError


def config_path() -> Path:
    """$PSA_CONFIG, else $XDG_CONFIG_HOME/psa/config.toml (~/.config by default)."""
    explicit = os.environ.get("PSA_CONFIG")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "psa" / "config.toml"


@dataclass
class Config:
    """Validated settings; unknown keys in the file are refused on load."""

    path: Path
    values: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str) -> Any:
        setting = settings.lookup(key)
        return self.values.get(setting.key, setting.default)

    @property
    def currency(self) -> str:
        return str(self.get("business.currency"))

    @property
    def rate(self) -> Decimal:
        return Decimal(str(self.get("business.rate")))

    @property
    def timezone(self) -> str:
        return str(self.get("time.timezone"))

    @property
    def week_start(self) -> int:
        from psa_cli.domain.dates import WEEKDAYS

        return WEEKDAYS.index(str(self.get("time.week_start")))

    def effective(self) -> dict[str, Any]:
        """Every key with its value (from the file or the default)."""
        return {key: self.values.get(key, s.default) for key, s in settings.SETTINGS.items()}


def load(path: Path | None = None) -> Config:
    path = path or config_path()
    if not path.exists():
        return Config(path)
    import tomllib

    try:
        with path.open("rb") as fh:
            tree = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML ({exc}): fix it or move it away") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path} is not UTF-8 text: save it as UTF-8 or move it away") from None
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from None
    values: dict[str, Any] = {}
    for key, value in settings.flatten(tree).items():
        try:
            setting = settings.lookup(key)
        except ConfigError as exc:
            raise ConfigError(f"{path}: {exc.message}") from None
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise ConfigError(f"{path}: {key} must be text or a whole number, not {value!r}")
        try:
            values[setting.key] = setting.check(str(value))
        except Exception as exc:
            raise ConfigError(f"{path}: bad value for {key}: {exc}") from None
    return Config(path, values)


def save(config: Config) -> None:
    import tomli_w

    config.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = config.path.with_name(f".{config.path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        tomli_w.dump(settings.nest(config.values), fh)
    os.replace(tmp, config.path)


def set_value(key: str, raw: str, path: Path | None = None) -> tuple[str, Any]:
    config = load(path)
    setting = settings.lookup(key)
    config.values[setting.key] = settings.validate(key, raw)
    save(config)
    return setting.key, config.values[setting.key]


def unset_value(key: str, path: Path | None = None) -> str:
    config = load(path)
    setting = settings.lookup(key)
    config.values.pop(setting.key, None)
    save(config)
    return setting.key


def set_many(pairs: dict[str, str], path: Path | None = None) -> Config:
    """Validate every pair first, then write once: all or nothing."""
    config = load(path)
    validated = {settings.lookup(k).key: settings.validate(k, v) for k, v in pairs.items()}
    config.values.update(validated)
    save(config)
    return config
