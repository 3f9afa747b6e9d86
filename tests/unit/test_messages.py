"""Pydantic's errors in our words (model/messages.py): a record whose kind is named by a
key (a workshop event's `type`) never says pydantic's "unable to extract tag"."""

from __future__ import annotations

from typing import Annotated, Literal

import pytest
from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from cvo_workshop.model.messages import describe, tag_key


class _Noted(BaseModel):
    type: Literal["noted"]
    text: str


class _Decided(BaseModel):
    type: Literal["decided"]
    draw: int


_KIND = TypeAdapter(Annotated[_Noted | _Decided, Field(discriminator="type")])


def _error(data: object) -> dict:
    with pytest.raises(ValidationError) as e:
        _KIND.validate_python(data)
    return e.value.errors()[0]


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ({"text": "x"}, "required field is missing"),
        ({"type": "notd"}, "unknown type 'notd'; did you mean 'noted'?"),
        ({"type": "teleported"}, "unknown type 'teleported'"),
        ({"type": 3}, "expected text, got int 3"),
    ],
)
def test_the_kind_of_a_record_is_said_in_words_at_its_key(data, said):
    err = _error(data)
    assert describe(err) == said
    assert tag_key(err) == "type"  # pydantic's location leaves the key out


def test_other_errors_have_no_tag_key():
    err = _error({"type": "decided", "draw": "x"})
    assert tag_key(err) is None and err["loc"] == ("decided", "draw")
