"""The base every record shares: frozen, unknown keys refused, numbers finite.

NaN and infinity are refused everywhere: no score, share or threshold means
anything as either, and NaN passes every range check by comparing false."""

from pydantic import BaseModel, ConfigDict


class Record(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, allow_inf_nan=False
    )
