"""A room for the maturity questionnaire alone (`assess room`): a team assessing
itself without a workshop.

The workshop room's server (token, short code, device secrets, limits, the
phone page), serving only the questionnaire: people join by their name and
answer into their own response file in the folder. The team is everyone who
has joined or has a response file there."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from aiohttp import web
from pydantic import ValidationError

from cvo_workshop.engine.names import clean_name, cut_name, name_key, pick
from cvo_workshop.model.messages import messages
from cvo_workshop.model.questionnaire import Questionnaire
from cvo_workshop.model.response import Response
from cvo_workshop.room.keys import UNSAVED, RoomKeys
from cvo_workshop.room.questionnaire import RoomQuestionnaire
from cvo_workshop.room.server import LIVE_LINK, Room, _device, _json, _text, _unsaved
from cvo_workshop.service.assessments import TeamAnswers

if TYPE_CHECKING:
    from cvo_workshop.service.workshop import RunningWorkshop


class AssessRoom(Room):
    """The questionnaire's routes of the room, with no workshop behind them."""

    def __init__(
        self,
        team: TeamAnswers,
        keys: RoomKeys,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
    ):
        self.team = team
        # No workshop: none of the routes served here reaches it (see _routes).
        super().__init__(cast("RunningWorkshop", None), keys, host=host, port=port)
        self._questionnaire = RoomQuestionnaire(team, self.people)

    @classmethod
    def for_folder(
        cls,
        folder: Path,
        bank: Questionnaire,
        organization: str | None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> AssessRoom:
        """The room of `folder`; its keys kept beside it (FOLDER.room.json), so links
        and phones' names stay the same when it is opened again."""
        keys = RoomKeys.for_workshop(folder)
        return cls(TeamAnswers(folder, bank, organization), keys, host=host, port=port)

    def people(self) -> list[str]:
        """The team: who has a response file in the folder (every file's person, though
        two older files' names look alike: each answers in their own), then who has
        joined without one yet."""
        people = list(dict.fromkeys(self.team.names()))
        filed = {name_key(name) for name in people}
        return people + [name for name in self.keys.claims if name_key(name) not in filed]

    def _routes(self) -> list[web.RouteDef]:
        """The room's routes but the live link: there is no workshop to follow."""
        return [r for r in super()._routes() if r.path != LIVE_LINK]

    def _listen(self) -> None:
        """No workshop to follow."""

    def _ended(self) -> bool:
        return False

    async def _people(self, request: web.Request) -> web.Response:
        people = self.people()
        return web.json_response(
            {"participants": people, "taken": self._taken(people), "questionnaire_only": True}
        )

    async def _join(self, request: web.Request) -> web.Response:
        body = await _json(request)
        name = cut_name(" ".join(clean_name(_text(body.get("name"))).split()))
        try:
            Response(respondent=name)
        except ValidationError as e:
            return web.json_response({"error": f"your name: {messages(e)[0]}"}, status=400)
        people = self.people()
        listed = pick(name, people)
        if body.get("new") and listed is not None:
            return web.json_response(
                {"error": f"{listed} is on the list already: pick the name there"}, status=409
            )
        if not body.get("new"):
            if listed is None:
                return web.json_response({"error": "pick your name from the list"}, status=404)
            name = listed
        if self.keys.claimed(name, people):
            return web.json_response(
                {"error": f"{name} has joined on another device already"}, status=409
            )
        try:
            secret = self.keys.claim(name, _device(request))
        except UNSAVED as e:
            return _unsaved(e)
        return web.json_response({"name": name, "secret": secret, "questionnaire_only": True})
