"""store/cohorts.py: cohort files round-trip, and mistakes in them are located."""

from __future__ import annotations

from pathlib import Path

import pytest

from cvo_workshop.model.problem import InputError
from cvo_workshop.store.cohorts import cohorts_to_yaml, load_cohorts, load_cohorts_text
from cvo_workshop.store.rfm_run import RfmRequest, RfmRun

HAND = Path(__file__).parent.parent / "data" / "rfm" / "hand.csv"


@pytest.fixture(scope="module")
def text() -> str:
    with RfmRun(RfmRequest(paths=(HAND,))) as run:
        return cohorts_to_yaml(run.compute().cohort_set())


def test_round_trip(text, tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(text)
    loaded = load_cohorts(path)
    assert cohorts_to_yaml(loaded) == text
    assert loaded.cohort("cant-lose").customers == 1
    assert loaded.stats("cant-lose").monetary == (900, 900)
    assert loaded.has_cohort("champions") and not loaded.has_cohort("vips")


def problems(text: str) -> list[str]:
    with pytest.raises(InputError) as e:
        load_cohorts_text(text, "c.yaml")
    return [str(p) for p in e.value.problems]


def line_of(text: str, needle: str, nth: int = 1) -> int:
    lines = [i for i, ln in enumerate(text.splitlines(), 1) if needle in ln]
    return lines[nth - 1]


def test_share_out_of_range_is_located(text):
    bad = text.replace("  share: 0.1\n", "  share: 1.5\n", 1)
    line = line_of(bad, "share: 1.5")
    assert problems(bad) == [
        f"c.yaml:{line}:10: cohorts[0].share: input should be less than or equal to 1"
    ]


def test_unknown_key_suggests_the_right_one(text):
    bad = text.replace("  customers: 1\n", "  custmers: 1\n", 1)
    found = problems(bad)
    assert len(found) == 1 and "unknown key 'custmers'; did you mean 'customers'?" in found[0]
    assert found[0].startswith(f"c.yaml:{line_of(bad, 'custmers')}:")


def test_duplicate_cohort_id_is_located(text):
    bad = text.replace("- id: loyal\n", "- id: champions\n", 1)
    found = problems(bad)
    assert (
        f"c.yaml:{line_of(bad, '- id: champions', 2)}:7: cohorts[1].id: "
        "duplicate cohort id 'champions'"
    ) in found
    # and the stats of `loyal` no longer belong to a card
    assert any("segments[1].id: no cohort with id 'loyal'" in p for p in found)


def test_stats_for_an_unknown_cohort_are_located(text):
    head, tail = text.rsplit("- id: hibernating\n", 1)  # the stats, after the cards
    bad = head + "- id: sleepers\n" + tail
    assert problems(bad) == [
        f"c.yaml:{line_of(bad, 'id: sleepers')}:7: segments[9].id: "
        "no cohort with id 'sleepers' in this file"
    ]


def test_not_a_cohort_file(tmp_path):
    assert "expected a cohort file" in problems("- just\n- a list\n")[0]
    path = tmp_path / "empty.yaml"
    path.write_text("")
    with pytest.raises(InputError, match="the file is empty"):
        load_cohorts(path)


def test_a_file_cut_short_is_refused_as_its_cohorts_do_not_add_up_to_its_totals(text):
    # Cut before the last cohort: the YAML still reads, but a segment is missing.
    cut = text[: text.index("- id: hibernating")]
    cut = cut[: cut.index("segments:")] if "segments:" in cut else cut
    found = problems(cut)
    assert len(found) == 1
    assert "cohorts: the cohorts hold" in found[0]
    assert "totals.segmented_customers says" in found[0]
    assert "cut short" in found[0]


def test_a_cohort_file_whose_cohorts_add_up_reads(text):
    assert load_cohorts_text(text, "c.yaml").cohort_set.totals.segmented_customers > 0
