"""Pure rules of the CRM and the sales pipeline: stages, probabilities, forecasts.

A deal moves lead -> qualified -> proposal -> negotiation and closes as won or lost.
Without an explicit probability a stage carries its default (documented in docs/cli.md):
lead 10 %, qualified 25 %, proposal 50 %, negotiation 75 %, won 100 %, lost 0 %.
The weighted value of a deal is value x probability / 100, rounded half-up to the minor
unit once per deal; forecasts sum those weighted values.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from psa_cli.domain.errors import InvalidInput

OPEN_STAGES = ("lead", "qualified", "proposal", "negotiation")
CLOSED_STAGES = ("won", "lost")
STAGES = OPEN_STAGES + CLOSED_STAGES
DEFAULT_PROBABILITY = {
    "lead": 10,
    "qualified": 25,
    "proposal": 50,
    "negotiation": 75,
    "won": 100,
    "lost": 0,
}
INTERACTION_KINDS = ("call", "email", "meeting", "note")
CONTRACT_KINDS = ("retainer", "fixed", "tm")


def check_stage(text: str, *, open_only: bool = False) -> str:
    stage = text.strip().lower()
    allowed = OPEN_STAGES if open_only else STAGES
    if stage not in allowed:
        raise InvalidInput(f"invalid stage '{text}': use {', '.join(allowed)}")
    return stage


def check_kind(text: str, kinds: tuple[str, ...], what: str) -> str:
    kind = text.strip().lower()
    aliases = {"t&m": "tm", "time-and-materials": "tm", "fixed-fee": "fixed"}
    kind = aliases.get(kind, kind)
    if kind not in kinds:
        raise InvalidInput(f"invalid {what} '{text}': use {', '.join(kinds)}")
    return kind


def parse_probability(text: str) -> int:
    """'40', '40%' -> 40; whole percent from 0 to 100."""
    raw = text.strip().rstrip("%").strip()
    if not raw.isdigit() or not 0 <= int(raw) <= 100:
        raise InvalidInput(f"invalid probability '{text}': give a whole percent from 0 to 100")
    return int(raw)


def weighted(value_minor: int, probability: int) -> int:
    """value x probability / 100, rounded half-up to the minor unit."""
    exact = Decimal(value_minor) * Decimal(probability) / Decimal(100)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class WinRate:
    won: int
    lost: int
    won_minor: int
    lost_minor: int

    @property
    def by_count(self) -> Decimal | None:
        """Percent of closed deals won, to 0.1; None when nothing is closed."""
        closed = self.won + self.lost
        return None if closed == 0 else _pct(self.won, closed)

    @property
    def by_value(self) -> Decimal | None:
        closed = self.won_minor + self.lost_minor
        return None if closed == 0 else _pct(self.won_minor, closed)


def _pct(part: int, whole: int) -> Decimal:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
