"""The workshop file: fsynced lines, a torn tail tolerated, damage located, backups kept."""

from __future__ import annotations

import json

import pytest

from cvo_workshop.engine.fold import fold
from cvo_workshop.model.problem import InputError
from cvo_workshop.model.workshop import Decision
from cvo_workshop.service import workshop as service
from cvo_workshop.store import workshops
from cvo_workshop.store.journal import Journal, read_journal
from tests import workshop_fixtures as W


def make(tmp_path, decisions=(Decision.ACCEPTED, Decision.PARKED, Decision.REJECTED)):
    path = tmp_path / "w.workshop.jsonl"
    running = service.start(W.setup(), W.deck(), path, clock=W.FakeClock())
    s = running.session
    running.run(s.score, "impact", 7)
    for d in decisions:
        running.run(s.decide, d)
    running.close()
    return path, s


def test_every_event_is_a_line_after_the_setup(tmp_path):
    path, s = make(tmp_path)
    lines = path.read_text().splitlines()
    assert json.loads(lines[0])["format"] == "cvo-workshop/workshop-1"
    assert len(lines) == 1 + len(s.events)
    loaded = read_journal(path)
    assert loaded.events == s.events and not loaded.warnings


def test_a_new_file_never_overwrites(tmp_path):
    path, _ = make(tmp_path)
    before = path.read_bytes()
    with pytest.raises(InputError, match="already exists"):
        Journal.create(path, W.setup())
    assert path.read_bytes() == before


def test_a_torn_last_line_is_left_out_reported_and_cut_off_after_a_backup(tmp_path):
    path, s = make(tmp_path)
    good = path.read_bytes()
    path.write_bytes(good + b'{"type": "decided", "at": "2025-03-0')
    loaded = read_journal(path)
    assert loaded.events == s.events
    assert "cut off" in loaded.warnings[0] and f":{len(s.events) + 2}:" in loaded.warnings[0]
    running = service.resume(path, clock=W.FakeClock())
    running.run(running.session.decide, Decision.SKIPPED)
    running.close()
    backups = list(tmp_path.glob("w.workshop.jsonl.*.bak"))
    assert len(backups) == 1 and backups[0].read_bytes().endswith(b"2025-03-0")
    assert any("kept in" in n for n in running.notes)
    again = read_journal(path)
    assert not again.warnings
    assert fold(again.setup, again.events).counts()["skipped"] == 1


def test_nul_bytes_at_the_end_count_as_a_torn_tail(tmp_path):
    path, s = make(tmp_path)
    path.write_bytes(path.read_bytes() + b"\x00" * 40)
    assert read_journal(path).events == s.events


def test_a_complete_line_without_its_newline_is_kept(tmp_path):
    path, s = make(tmp_path)
    path.write_bytes(path.read_bytes().rstrip(b"\n"))
    loaded = read_journal(path)
    assert loaded.events == s.events
    running = service.resume(path, clock=W.FakeClock())
    running.close()
    assert read_journal(path).events[: len(s.events)] == s.events


def test_a_damaged_middle_line_is_a_located_error_and_the_file_is_untouched(tmp_path):
    path, _ = make(tmp_path)
    lines = path.read_bytes().split(b"\n")
    lines[3] = b'{"type": "decided", oops'
    damaged = b"\n".join(lines)
    path.write_bytes(damaged)
    with pytest.raises(InputError) as e:
        read_journal(path)
    first = e.value.problems[0]
    assert first.line == 4 and first.path == str(path) and "not valid JSON" in first.message
    assert "--salvage" in e.value.problems[1].message
    with pytest.raises(InputError):
        service.resume(path)
    assert path.read_bytes() == damaged


def test_salvage_keeps_the_events_before_the_damage_after_a_backup(tmp_path):
    path, s = make(tmp_path)
    lines = path.read_bytes().split(b"\n")
    lines[3] = b"garbage"
    path.write_bytes(b"\n".join(lines))
    running = service.resume(path, salvage=True, clock=W.FakeClock())
    running.close()
    assert any("kept the 2 events" in n for n in running.notes)
    assert list(tmp_path.glob("*.bak"))
    again = read_journal(path)
    assert not again.warnings and again.events[:2] == s.events[:2]


def test_an_event_that_does_not_fit_is_located(tmp_path):
    path, _ = make(tmp_path)
    lines = path.read_text().split("\n")
    event = json.loads(lines[4])
    event["draw"] = 99
    lines[4] = json.dumps(event)
    path.write_text("\n".join(lines))
    with pytest.raises(InputError) as e:
        read_journal(path)
    assert e.value.problems[0].line == 5 and "no draw 99" in str(e.value.problems[0])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not a cvo-workshop workshop file"),
        (b"deck:\n  id: x\n", "not a cvo-workshop workshop file"),
        (b'{"format": "cvo-workshop/workshop-9"}\n', "newer cvo-workshop"),
        (b'{"format": "cvo-workshop/workshop-1", "id": "x"}\n', "setup."),
    ],
)
def test_files_that_are_not_workshops_are_refused(tmp_path, content, message):
    path = tmp_path / "x.jsonl"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_journal(path)


def test_an_unknown_event_type_is_located(tmp_path):
    path, _ = make(tmp_path)
    with path.open("a") as f:
        f.write('{"type": "teleported", "at": "2025-03-04T09:00:00Z"}\n')
        f.write('{"type": "undone", "at": "2025-03-04T09:00:00Z"}\n')
    with pytest.raises(InputError, match=r"newer cvo-workshop .*event type 'teleported'"):
        read_journal(path)


AT = '"at": "2025-03-04T09:00:00Z"'
DAMAGED_EVENTS = {
    "no type": (
        f'{{{AT}, "draw": 1, "decision": "accepted"}}',
        "event.type: required field is missing",
    ),
    "a type that is no text": (f'{{{AT}, "type": 3}}', "event.type: expected text, got int 3"),
    "a null type": (f'{{{AT}, "type": null}}', "event.type: expected text, got NoneType None"),
    "a wrong value": (
        f'{{{AT}, "type": "decided", "draw": 1, "decision": "acepted"}}',
        "event.decision: expected accepted, parked, rejected or skipped, got 'acepted' "
        "(did you mean accepted?)",
    ),
    "a wrong type": (
        f'{{{AT}, "type": "decided", "draw": 1, "decision": "accepted", "reason": 5}}',
        "event.reason: expected text, got int 5",
    ),
}


@pytest.mark.parametrize("case", list(DAMAGED_EVENTS))
def test_a_damaged_event_says_its_field_in_plain_words(tmp_path, case):
    path, _ = make(tmp_path)
    line, said = DAMAGED_EVENTS[case]
    lines = path.read_text().split("\n")
    lines[3] = line
    damaged = "\n".join(lines)
    path.write_text(damaged)
    with pytest.raises(InputError) as e:
        read_journal(path)
    first, advice = e.value.problems
    assert str(first) == f"{path}:4:1: {said}"
    assert "tag" not in str(first) and "discriminator" not in str(first)
    assert "--salvage" in advice.message  # damage, not a newer version's line: salvageable
    assert path.read_text() == damaged


def test_a_file_open_in_another_app_is_refused(tmp_path):
    path, _ = make(tmp_path)
    first = service.resume(path, clock=W.FakeClock())
    try:
        with pytest.raises(InputError, match="open in another cvo-workshop"):
            service.resume(path)
    finally:
        first.close()


def test_resuming_against_a_changed_deck_says_what_changed(tmp_path):
    path, _ = make(tmp_path)
    text = W.DECK_PATH.read_text()
    text = text.replace("title: Welcome series", "title: Welcome series, revised")
    start = text.index("- id: birthday-greeting")
    end = text.index("- id: ", start + 5)
    text = text[:start] + text[end:]
    changed = tmp_path / "deck.yaml"
    changed.write_text(text)
    running = service.resume(path, deck_override=changed, clock=W.FakeClock())
    running.close()
    lines = running.deck.lines()
    assert "1 card removed: birthday-greeting" in lines
    assert "1 card edited: welcome-series" in lines


def test_resuming_without_the_deck_keeps_everything_but_deals_nothing(tmp_path):
    path, _ = make(tmp_path)
    running = service.resume(path, deck_override=tmp_path / "gone.yaml", clock=W.FakeClock())
    try:
        assert running.deck.deck is None and "cannot be read" in running.deck.problem
        assert running.session.state.counts()["accepted"] == 1
        running.run(running.session.decide, Decision.SKIPPED)
        assert running.session.current is None
    finally:
        running.close()


def test_recent_workshops_are_listed_newest_first(tmp_path):
    path, _ = make(tmp_path)
    other = tmp_path / "elsewhere" / "b.workshop.jsonl"
    service.start(W.setup(organization="Bee Shop"), W.deck(), other).close()
    workshops.remember(path)
    workshops.remember(other)
    listed = workshops.recent_paths()
    assert listed[0] == other and path in listed
    info = workshops.describe(path)
    assert info.setup.organization == "Acme Outdoor" and info.decided == 3


def test_recent_workshops_go_by_when_they_were_last_worked_on_and_resume_prefers_one_going(
    tmp_path,
):
    """Not by the file's time (opening a workshop writes to it); "resume the latest"
    opens the latest not ended, the latest of all when every one has ended."""
    clock = W.FakeClock()

    def workshop(name: str):
        return service.start(
            W.setup(organization=name, created=clock.now), W.deck(), tmp_path / name, clock=clock
        )

    old = workshop("old.workshop.jsonl")
    old.run(old.session.finish)
    clock.advance(600)
    going = workshop("going.workshop.jsonl")
    going.run(going.session.decide, Decision.SKIPPED)
    going.close()
    clock.advance(600)
    old.run(old.session.edit_item, "d1", "owner", "Ana")  # groomed after: worked on last
    old.close()
    clock.advance(600)
    service.resume(going.path, clock=clock).close()  # opened, not worked on
    broken = tmp_path / "broken.workshop.jsonl"
    broken.write_text("{not a workshop\n")
    for path in (old.path, going.path, broken):
        workshops.remember(path)
    found = workshops.recent_workshops()
    assert [w.path.name for w in found] == [
        "broken.workshop.jsonl",  # by its file's time: it cannot be read
        "old.workshop.jsonl",
        "going.workshop.jsonl",
    ]
    assert found[1].worked_words().startswith("worked on ")
    assert workshops.to_resume(found).path == going.path
    assert workshops.to_resume([found[1]]).path == old.path  # all ended: the latest
    assert workshops.to_resume([]) is None


def test_default_paths_do_not_collide(tmp_path):
    a = workshops.default_path("Acme & Co.")
    assert a.name.endswith("-acme-co.workshop.jsonl")
    a.parent.mkdir(parents=True)
    a.write_text("x")
    assert workshops.default_path("Acme & Co.").name.endswith("-acme-co-2.workshop.jsonl")


def test_default_paths_keep_the_name_readable():
    assert workshops.default_path("Zażółć Gęślą").name.endswith("-zazolc-gesla.workshop.jsonl")
    assert workshops.default_path("Київ Маркет").name.endswith("-київ-маркет.workshop.jsonl")
    assert workshops.default_path("<>&").name.endswith("-workshop.workshop.jsonl")


def test_starting_and_resuming_leave_the_recent_list_alone(tmp_path, data_dir):
    path, _ = make(tmp_path)
    service.resume(path, clock=W.FakeClock()).close()
    assert workshops.recent_paths() == []
    assert not (data_dir / "recent.json").exists()


def test_every_test_has_its_own_data_folder(data_dir):
    from cvo_workshop.store.paths import data_dir as app_data_dir

    assert app_data_dir() == data_dir


def test_a_file_naming_an_unknown_framework_is_refused_at_line_1(tmp_path):
    from tests import backlog_fixtures as B

    path = tmp_path / "w.workshop.jsonl"
    B.Play(B.setup()).save(path)
    path.write_text(path.read_text().replace('"framework":"ice"', '"framework":"wsjf"'))
    with pytest.raises(InputError) as e:
        read_journal(path)
    assert str(e.value).startswith(
        f"{path}:1:1: setup.framework: expected ice, pie or rice, got 'wsjf'"
    )


def test_test_plan_edits_are_written_by_the_records_names_and_old_names_still_read(tmp_path):
    from cvo_workshop.engine.backlog import build
    from cvo_workshop.model.grooming import ItemEdited
    from tests import backlog_fixtures as B

    p = B.Play(B.setup())
    p.draw(B.card("welcome-series"), impact=5, confidence=5, ease=5)
    p.add(ItemEdited(at=p.at(), item="d1", field="current_state", value="one email for all"))
    p.add(ItemEdited(at=p.at(), item="d1", field="metric", value="repeat rate"))
    path = tmp_path / "w.workshop.jsonl"
    p.save(path)
    text = path.read_text()
    assert '"field":"current_state"' in text and "test_current" not in text
    # a file written before: the event named the fields test_current, test_new, test_metric
    path.write_text(
        text.replace('"current_state"', '"test_current"').replace('"metric"', '"test_metric"')
    )
    loaded = read_journal(path)
    plan = build(fold(loaded.setup, loaded.events)).items[0].test_plan
    assert (plan.current_state, plan.metric) == ("one email for all", "repeat rate")
