"""Someone removed from the workshop (ParticipantLeft) is off the participants of
`workshop summary` and of the backlog's JSON; their votes stay on their draws."""

from __future__ import annotations

import json

from cvo_workshop.model.workshop import Decision
from cvo_workshop.service import workshop as service
from tests import workshop_fixtures as W


def test_summary_and_backlog_list_the_participants_left(cli, tmp_path):
    path = tmp_path / "l.workshop.jsonl"
    running = service.start(W.setup(), W.deck(), path, clock=W.FakeClock())
    s = running.session
    running.run(s.score, "impact", 7, participant="Ben")
    running.run(s.score, "confidence", 5)
    running.run(s.score, "ease", 5)
    running.run(s.decide, Decision.ACCEPTED)
    running.run(s.remove_participant, "Ben")
    running.close()
    result = cli("workshop", "summary", path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.output)
    assert [p["name"] for p in data["workshop"]["participants"]] == ["Ana"]
    assert data["draws"][0]["scores"]["participants"] == {"Ben": {"impact": 7}}
    text = cli("workshop", "summary", path)
    assert "participants: Ana (CRM)" in text.output and "Ben (Data)" not in text.output
    backlog = cli("backlog", "export", path, "--format", "json")
    assert backlog.exit_code == 0, backlog.stderr
    assert [p["name"] for p in json.loads(backlog.stdout)["workshop"]["participants"]] == ["Ana"]
