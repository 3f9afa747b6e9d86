"""Scores from a room: one consensus value per factor, or one value per person.

Each participant's factors are kept as given. A factor's value is the room's
consensus when one was entered, otherwise the median of the participants'
values. When people's values spread widely (Factor.disagrees: 4 or more points
apart on a 1-10 scale, two steps apart on a choice, effort a factor 2 apart),
the factor is flagged so the facilitator can ask why.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from cvo_workshop.engine.frameworks import Breakdown, FrameworkDef, definition, score
from cvo_workshop.model.workshop import Framework


class Agreement(StrEnum):
    """How far apart people's values are, in the words the room sees."""

    UNANIMOUS = "unanimous"  # everyone gave the same value
    CLOSE = "close"  # some spread, not enough to discuss
    APART = "far apart"  # Factor.disagrees: worth asking why

    @property
    def label(self) -> str:
        return self.value.capitalize()


_AGREEMENT_ORDER = list(Agreement)


@dataclass(frozen=True, slots=True)
class TeamScore:
    """What the room entered for one draw, and what follows from it."""

    framework: Framework
    consensus: Mapping[str, float]
    by_participant: Mapping[str, Mapping[str, float]]

    @property
    def spec(self) -> FrameworkDef:
        return definition(self.framework)

    def values(self, key: str) -> list[float]:
        """Every participant's value for one factor, in participant order."""
        return [f[key] for f in self.by_participant.values() if key in f]

    def median(self, key: str) -> float | None:
        values = self.values(key)
        if not values:
            return None
        if self.spec.factor(key).entry == "choice":
            # Stay on the scale: the lower middle of an even count.
            return float(statistics.median_low(values))
        return float(statistics.median(values))

    def spread(self, key: str) -> tuple[float, float] | None:
        """The lowest and highest value people gave one factor (None: nobody did)."""
        values = self.values(key)
        return (min(values), max(values)) if values else None

    def agreement(self, key: str) -> Agreement | None:
        """How close people's values for one factor are (None: fewer than two)."""
        values = self.values(key)
        if len(values) < 2:
            return None
        if min(values) == max(values):
            return Agreement.UNANIMOUS
        return Agreement.APART if self.spec.factor(key).disagrees(values) else Agreement.CLOSE

    def overall_agreement(self) -> Agreement | None:
        """The room's agreement on the draw: its least agreed factor."""
        found = [a for key in self.spec.keys if (a := self.agreement(key)) is not None]
        return max(found, key=lambda a: _AGREEMENT_ORDER.index(a)) if found else None

    def disagreements(self) -> tuple[str, ...]:
        """Keys of the factors on which participants are far apart."""
        return tuple(f.key for f in self.spec.factors if f.disagrees(self.values(f.key)))

    def factors(self) -> dict[str, float | None]:
        """The value of each factor: consensus if entered, else the participants' median."""
        out: dict[str, float | None] = {}
        for key in self.spec.keys:
            out[key] = self.consensus[key] if key in self.consensus else self.median(key)
        return out

    def sources(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for key in self.spec.keys:
            if key in self.consensus:
                out[key] = "consensus"
            elif n := len(self.values(key)):
                out[key] = f"median of {n}"
        return out

    def score(self, reach: float | None = None) -> tuple[float | None, Breakdown]:
        return score(self.framework, self.factors(), reach=reach, sources=self.sources())

    @property
    def empty(self) -> bool:
        return not self.consensus and not any(self.by_participant.values())

    def as_dict(self) -> dict[str, object]:
        return {
            "consensus": dict(self.consensus),
            "participants": {p: dict(f) for p, f in self.by_participant.items() if f},
            "medians": {k: self.median(k) for k in self.spec.keys if self.values(k)},
            "disagreements": list(self.disagreements()),
        }
