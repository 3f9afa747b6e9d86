"""One save of the grooming form is one undo step and one redo step, however many
fields it changed (engine/session.edit_fields, engine/fold.py); edits in files
written before it are undone one at a time, as they were."""

from __future__ import annotations

import pytest

from cvo_workshop.engine.backlog import build
from cvo_workshop.engine.fold import fold
from cvo_workshop.engine.session import SessionError
from cvo_workshop.model.grooming import ItemEdited
from cvo_workshop.model.workshop import Decision, Redone, Undone
from cvo_workshop.store.journal import journal_bytes, read_journal
from tests import backlog_fixtures as B
from tests import workshop_fixtures as W


def groomed():
    """A session with one accepted item, d1, and what the sink saw."""
    saved = []
    s = W.session(sink=saved.append)
    s.open()
    s.decide(Decision.ACCEPTED)
    return s, saved


def item(s):
    i = s.backlog().items[0]
    return i.title, i.owner, i.test_plan.holdout


def read_back(s, tmp_path):
    path = tmp_path / "w.workshop.jsonl"
    path.write_bytes(journal_bytes(s.setup_at_start, s.events))
    loaded = read_journal(path)
    return fold(loaded.setup, loaded.events)


def test_a_save_of_several_fields_is_undone_and_redone_in_one_step(tmp_path):
    s, saved = groomed()
    before = item(s)
    s.edit_fields("d1", {"title": "Exclude buyers", "owner": "Ana", "holdout": "20%"})
    after = ("Exclude buyers", "Ana", 0.2)
    assert item(s) == after
    edits = [e for e in saved if isinstance(e, ItemEdited)]
    assert [(e.field, e.with_previous) for e in edits] == [
        ("title", False),
        ("owner", True),
        ("holdout", True),
    ]
    # the fields as the form names them; the item as it is titled once it is done, as
    # the list then reads (it said "of “Exclude buyers”" while the list read the old title)
    assert s.next_undo(short=True) == "Title, Owner and Hold-out of “Exclude buyers”"  # a key
    assert s.next_undo() == f"Title, Owner and Hold-out of “{before[0]}”"
    assert s.undo() == f"Title, Owner and Hold-out of “{before[0]}”"
    assert item(s) == before
    assert s.next_undo() == "accepted draw 1"  # the save is gone whole
    assert s.next_redo() == "Title, Owner and Hold-out of “Exclude buyers”"
    assert s.redo() == "Title, Owner and Hold-out of “Exclude buyers”"
    assert item(s) == after
    # The file read back is where the session is, after each of those.
    assert build(read_back(s, tmp_path)) == s.backlog()
    s.undo()
    assert item(s) == before
    assert build(read_back(s, tmp_path)) == s.backlog()


def test_the_step_read_back_from_the_file_is_one_step_too(tmp_path):
    s, _ = groomed()
    before = item(s)
    s.edit_fields("d1", {"title": "Exclude buyers", "holdout": "20%"})
    path = tmp_path / "w.workshop.jsonl"
    path.write_bytes(journal_bytes(s.setup_at_start, s.events))
    loaded = read_journal(path)
    again = W.session(events=loaded.events)
    assert again.next_undo() == f"Title and Hold-out of “{before[0]}”"
    again.undo()
    assert item(again) == before


def test_one_field_saved_is_its_own_step_as_before():
    s, saved = groomed()
    title = item(s)[0]
    s.edit_item("d1", "owner", "Ana")
    s.edit_item("d1", "title", "Exclude buyers")
    assert [e.with_previous for e in saved if isinstance(e, ItemEdited)] == [False, False]
    assert s.undo() == f"Title of “{title}”"
    assert item(s)[:2] == (title, "Ana")
    assert s.undo() == f"Owner of “{title}”"


def test_a_bad_value_saves_no_field_of_the_form():
    s, saved = groomed()
    count = len(saved)
    with pytest.raises(SessionError, match="Hold-out: expected a percentage"):
        s.edit_fields("d1", {"title": "Exclude buyers", "holdout": "half"})
    assert len(saved) == count and s.next_undo() == "accepted draw 1"


def test_edits_in_a_file_from_before_are_undone_one_at_a_time():
    """A file written before `with_previous` has an event a field, each its own step."""
    p = B.Play(B.setup())
    p.draw(B.card("a"))
    before = build(p.state).items[0]
    p.add(ItemEdited(at=p.at(), item="d1", field="owner", value="Ana"))
    p.add(ItemEdited(at=p.at(), item="d1", field="kpi", value="exclusion hits"))
    p.add(Undone(at=p.at()))
    i = build(p.state).items[0]
    assert (i.owner, i.kpi) == ("Ana", before.kpi)
    p.add(Undone(at=p.at()))
    assert build(p.state).items[0] == before


def test_an_old_files_edit_line_without_the_key_still_reads(tmp_path):
    p = B.Play(B.setup())
    p.draw(B.card("a"))
    p.add(ItemEdited(at=p.at(), item="d1", field="owner", value="Ana"))
    path = tmp_path / "old.workshop.jsonl"
    p.save(path)
    text = path.read_text()
    assert "with_previous" not in text  # written only when true: older versions read it
    loaded = read_journal(path)
    assert build(fold(loaded.setup, loaded.events)).items[0].owner == "Ana"


def test_an_edit_saved_with_previous_after_an_undo_is_a_step_of_its_own():
    """Only a file put together by hand has one; it folds, and undoes alone."""
    p = B.Play(B.setup())
    p.draw(B.card("a"))
    before = build(p.state).items[0]
    p.add(ItemEdited(at=p.at(), item="d1", field="owner", value="Ana"))
    p.add(Undone(at=p.at()))
    p.add(ItemEdited(at=p.at(), item="d1", field="kpi", value="hits", with_previous=True))
    assert build(p.state).items[0].kpi == "hits"
    p.add(Undone(at=p.at()))
    assert build(p.state).items[0] == before
    p.add(Redone(at=p.at()))
    assert build(p.state).items[0].kpi == "hits"


def test_with_previous_is_written_only_on_the_fields_after_the_first(tmp_path):
    """A one-field edit's line is as before (older versions read it); the second field
    of a save says it goes with the first."""
    import json

    s, _ = groomed()
    s.edit_fields("d1", {"owner": "Ana"})
    s.edit_fields("d1", {"title": "Exclude buyers", "kpi": "hits"})
    read_back(s, tmp_path)
    lines = [json.loads(x) for x in (tmp_path / "w.workshop.jsonl").read_text().splitlines()]
    edits = [(e["field"], e.get("with_previous")) for e in lines if e.get("type") == "item_edited"]
    assert edits == [("owner", None), ("title", None), ("kpi", True)]


@pytest.mark.parametrize("title", ["x" * 300, "Zoë 😀 \u200bnudge", "A / B\tC"])
def test_an_edited_title_reads_as_a_card_s_title_does(title):
    edit = ItemEdited(at=B.T0, item="d1", field="title", value=title)
    assert edit.value == title


@pytest.mark.parametrize("title", ["x" * 301, "a\u2028b", "a\u2029b", "a\x85b", "a\rb", "a\x1cb"])
def test_an_edited_title_is_one_line_of_at_most_300_characters_as_a_card_s(title):
    """The backlog item's title is a Line: an edit the item could not take was read
    from the file, and the backlog built from it failed."""
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match=r"title: (must be one line|at most 300)"):
        ItemEdited(at=B.T0, item="d1", field="title", value=title)
