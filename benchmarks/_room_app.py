"""The app's side of the room benchmark: a blind workshop of 30 participants and
its room server in one asyncio loop (as in the app), in its own process. The
facilitator accepts each card once everyone has scored it all. Prints the port
and token on one line, then serves until killed."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cvo_workshop.model.workshop import Decision, Participant  # noqa: E402
from cvo_workshop.room.keys import RoomKeys  # noqa: E402
from cvo_workshop.room.server import Room  # noqa: E402
from cvo_workshop.service import workshop as service  # noqa: E402
from tests import workshop_fixtures as wf  # noqa: E402

FACTORS = ("impact", "confidence", "ease")


async def main(path: Path, people: int, draws: int) -> None:
    names = [Participant(name=f"P{i:02d}") for i in range(people)]
    setup = wf.setup(blind=True, participants=names, cards_per_round=draws)
    running = service.start(setup, wf.deck(), path)
    running.own(asyncio.get_running_loop().call_soon_threadsafe)
    session = running.session

    def facilitator(events: object) -> None:
        cur = session.current
        if cur is None or cur.decision is not None:
            return
        if len(cur.gave) == people and all(len(v) == len(FACTORS) for v in cur.votes.values()):
            running.run(session.decide, Decision.ACCEPTED)
            if session.current is None and not session.is_last_round:
                running.run(session.next_round)  # a round's kind may run out of cards

    running.subscribe(facilitator)
    room = Room(running, RoomKeys.new())
    await room.start()
    print(room.port, room.keys.token, flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])))
