"""Mutated deck files never raise anything but the loader's own located error."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cvo_workshop.model.problem import InputError
from cvo_workshop.store.bundled import builtin_deck_path
from cvo_workshop.store.decks import load_deck_text

SOURCE = builtin_deck_path().read_text(encoding="utf-8")[:6000]
NOISE = st.sampled_from(
    [*":-[]{}&*!|>'\"#%@`\t\n ,?", "  ", "\n  -", ": :", "!!python/", "\x00", "\u202e"]
)


@st.composite
def mutated(draw):
    text = SOURCE
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "replace"]))
        if op == "insert":
            text = text[:i] + draw(NOISE) + text[i:]
        elif op == "delete":
            text = text[:i] + text[i + draw(st.integers(1, 40)) :]
        else:
            text = text[:i] + draw(NOISE) + text[i + 1 :]
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutations_raise_only_located_input_errors(text):
    try:
        load_deck_text(text, "m.yaml")
    except InputError as e:
        assert e.problems
        for p in e.problems:
            assert p.path == "m.yaml" and p.message
            assert "Traceback" not in p.message
