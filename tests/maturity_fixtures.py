"""MaturityResult records made by hand, for tests that only read one."""

from __future__ import annotations

from cvo_workshop.model.card import STRATEGY_TACTICS, Capability
from cvo_workshop.model.maturity import (
    DimensionResult,
    MaturityResult,
    StrategyStage,
    TacticResult,
)
from cvo_workshop.model.questionnaire import Dimension


def result(
    overall: Capability | None = Capability.DISCIPLINED,
    progress: tuple[float, float, float] = (2.4, 2.0, 3.1),
    coverage: tuple[float, ...] = (0.8, 0.5, 0.4, 0.2, 0.0),
) -> MaturityResult:
    dims = [
        DimensionResult(
            dimension=d,
            level=Capability.from_rank(int(p)) if p >= 1 else None,
            progress=p,
            target=Capability.CROSS_LIFECYCLE,
            gap=max(0.0, round(3 - p, 2)),
        )
        for d, p in zip(Dimension, progress, strict=True)
    ]
    return MaturityResult(
        questionnaire="personalization-maturity",
        respondents=["Ana", "Ben"],
        capability=dims,
        overall=overall,
        overall_progress=min(progress),
        mean_progress=round(sum(progress) / 3, 2),
        strategy=[
            TacticResult(tactic=t, coverage=c, measured=c / 2, target=0.6)
            for t, c in zip(STRATEGY_TACTICS, coverage, strict=True)
        ],
        stage=StrategyStage.MATURING,
    )
