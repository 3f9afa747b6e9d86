"""The base every record shares: frozen, unknown keys refused, numbers finite.

NaN and infinity are refused everywhere: no score, share or threshold means
anything as either, and NaN passes every range check by comparing false."""

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict


class Record(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, allow_inf_nan=False
    )


def as_text(v: object) -> object:
    # `version: 1` in YAML is a number; people mean the text "1".
    return str(v) if isinstance(v, int | float) and not isinstance(v, bool) else v


#: A version as people write it: text, even when YAML reads `1.2` as a number.
Version = Annotated[str, BeforeValidator(as_text)]
