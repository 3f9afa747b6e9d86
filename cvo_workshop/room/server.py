"""The room's web server (aiohttp), run as a task in the app's event loop.

aiohttp gives HTTP, WebSockets, a test client and a client for the load script in
one well-kept library, and its AppRunner/TCPSite start and stop inside a loop
that is already running (Textual's), with no thread of its own: a vote is
`RunningWorkshop.run` on the owner's thread, on disk before "saved" is sent.

Routes (every one but the landing page carries the workshop's token):
  GET  /                      the landing page: type the short code
  POST /code                  {code} -> {url} of the join page
  GET  /j/{token}             the phone page (static: no workshop data in it)
  GET  /api/{token}/people    the participants' names to pick from, and those a device
                              holds (`taken`)
  POST /api/{token}/join      {name, new, was} -> {name, secret} (the device's identity;
                              `was`: the secret it had, of a name that left, which an
                              undo then no longer gives back to it)
  GET  /api/{token}/ws?secret the live link: state on connect and after each change;
                              takes {id, type: score|note|wildcard, ...}, answers
                              {type: saved|refused, id, message}; {type: released,
                              message} then closed when the facilitator frees the name
                              or removes the participant; 401 {error} to a secret that
                              is no one's, {error, left: true} if its name left (the
                              phone keeps it: an undo of the removal gives it back),
                              {error, gone: true} if it will not come back (another phone
                              joined under it since, and kept it or left in turn)
  GET  /api/{token}/questionnaire, POST /api/{token}/answer: the maturity
                              questionnaire, one response file a person (room/questionnaire.py)
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import ipaddress
import json
import socket
import time
from collections.abc import Callable
from importlib import resources
from typing import Any

from aiohttp import WSMsgType, web
from pydantic import ValidationError

from cvo_workshop.engine.names import clean_name, cut_name, pick
from cvo_workshop.engine.session import Session, SessionError
from cvo_workshop.engine.summary import everyone_scored
from cvo_workshop.model.messages import describe
from cvo_workshop.model.workshop import Event, Participant, ParticipantLeft, Scored, Undone
from cvo_workshop.room.keys import UNSAVED, RoomKeys, unsaved_words
from cvo_workshop.room.questionnaire import RoomQuestionnaire
from cvo_workshop.room.view import state
from cvo_workshop.service.workshop import RunningWorkshop

MAX_BODY = 64 * 1024
MAX_NOTE = 500
MAX_TITLE = 120
MAX_CONNECTIONS = 200
#: Wrong codes allowed a minute from one address: a 6-letter code is not guessed,
#: and one phone mistyping (or guessing) does not lock the others out.
MAX_WRONG_CODES = 20
#: Wildcard proposals one person, and one phone whatever names it joined under, may
#: have waiting for the facilitator at a time.
MAX_PENDING = 3

LIVE_LINK = "/api/{token}/ws"

RELEASED = "The facilitator freed your name on this phone: join again to vote."
#: Told to the phone of someone the facilitator removed from the workshop.
LEFT = "You left the workshop: join again to take part."


def taken(name: str) -> str:
    """Told to a phone signed out for good because another phone joined as `name`, the
    name it held (after the facilitator removed it)."""
    return (
        f"Another phone has joined as {name}, so this one is signed out: "
        "join again under another name."
    )


def taken_back(name: str, *, again: bool = True) -> str:
    """Told to the phone of `name` when the facilitator takes back adding `name` (an
    undo): the person never left. `again`: the phone is `name` again, by itself, if
    the facilitator adds the name again (else another phone has had it since)."""
    if again:
        return (
            f"The facilitator took back adding {name}: ask them to add you again, or join "
            "under another name."
        )
    return f"The facilitator took back adding {name}: join again to take part."


Proposal = dict[str, str]


def _page(name: str) -> str:
    return resources.files("cvo_workshop.room").joinpath(name).read_text("utf-8")


class Room:
    """The server for one running workshop."""

    def __init__(
        self,
        workshop: RunningWorkshop,
        keys: RoomKeys,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        auto_reveal: bool = False,
        on_proposal: Callable[[Proposal], None] | None = None,
    ):
        self.workshop = workshop
        self.keys = keys
        self.host = host
        self.port = port
        #: Why the room is not on its port of last time (taken now), "" if it is: the
        #: phones' links and identities, kept by address and port, are new.
        self.moved = ""
        self.auto_reveal = auto_reveal
        self.on_proposal = on_proposal
        #: each open live link -> the participant whose device it is
        self._sockets: dict[web.WebSocketResponse, str] = {}
        self._watchers: list[Callable[[], None]] = []
        #: participant, and device -> their proposals the facilitator has not looked at yet
        self._pending: dict[str, int] = {}
        self._pending_from: dict[str, int] = {}
        self._connections = 0
        self._halted = False
        self._wrong_codes: dict[str, list[float]] = {}
        self._sending: set[asyncio.Future[None]] = set()
        self._runner: web.AppRunner | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._questionnaire: RoomQuestionnaire | None = None
        self.app = self._make_app()

    # --- addresses -----------------------------------------------------------------
    @property
    def join_url(self) -> str:
        return f"http://{self._url_host()}:{self.port}/j/{self.keys.token}"

    @property
    def landing_url(self) -> str:
        return f"http://{self._url_host()}:{self.port}/"

    @property
    def local_only(self) -> bool:
        """Only this computer can reach the room: it listens on a loopback address
        (127.0.0.1, the default), which a phone cannot open."""
        with contextlib.suppress(ValueError):
            return ipaddress.ip_address(self.host).is_loopback
        return self.host == "localhost"

    def _url_host(self) -> str:
        host = self._shown_host()
        # An IPv6 address as URLs write it: in brackets, a zone's "%" as "%25".
        return f"[{host.replace('%', '%25')}]" if ":" in host else host

    def _shown_host(self) -> str:
        if self.host in ("0.0.0.0", "::", ""):
            # Open to the network: show an address a phone on it can reach (of the
            # family listened on: "::" takes IPv6 only).
            family, probe = (
                (socket.AF_INET6, "2001:db8::1")
                if self.host == "::"
                else (socket.AF_INET, "10.255.255.255")
            )
            with contextlib.suppress(OSError), socket.socket(family, socket.SOCK_DGRAM) as s:
                s.connect((probe, 1))  # no packet is sent (UDP connect)
                return str(s.getsockname()[0])
            return socket.gethostname()
        return self.host

    # --- start and stop ------------------------------------------------------------
    async def start(self) -> None:
        """Listen on the port asked for; if none was, on the room's port of last time
        (a phone keeps its identity by address and port), or any free one if that
        one is taken now."""
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port or self.keys.port)
        try:
            await site.start()
        except OSError:
            if self.port or not self.keys.port:
                raise
            await site.stop()  # (never listened: only unregistered)
            site = web.TCPSite(self._runner, self.host, 0)
            await site.start()
            self.moved = (
                f"port {self.keys.port}, the room's last, is taken now: it has a new link "
                "(scan it again); free the names of phones that cannot join again"
            )
        sock = site._server.sockets[0]  # type: ignore[union-attr]
        self.port = int(sock.getsockname()[1])
        if self.keys.port != self.port:
            self.keys.port = self.port
            with contextlib.suppress(*UNSAVED):  # (next time, any free port again)
                self.keys.save()
        self._listen()

    def _listen(self) -> None:
        """Tell the phones after every change of the workshop."""
        self._unsubscribe = self.workshop.subscribe(self._changed)

    def halt(self) -> None:
        """Stop taking anything at once (the workshop is being closed); `stop` then frees
        the port."""
        self._halted = True
        if self._unsubscribe:
            self._unsubscribe()
            self._unsubscribe = None

    async def stop(self) -> None:
        self.halt()
        for ws in list(self._sockets):
            await ws.close()
        if self._runner:
            await self._runner.cleanup()
            self._runner = None

    def _make_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY, middlewares=[self._bounded])
        app.add_routes(self._routes())
        return app

    def _routes(self) -> list[web.RouteDef]:
        return [
            web.get("/", self._landing),
            web.post("/code", self._code),
            web.get("/j/{token}", self._phone),
            web.get("/api/{token}/people", self._people),
            web.post("/api/{token}/join", self._join),
            web.get(LIVE_LINK, self._ws),
            web.get("/api/{token}/questionnaire", self._questions),
            web.post("/api/{token}/answer", self._answer),
        ]

    # --- guards --------------------------------------------------------------------
    @web.middleware
    async def _bounded(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if self._halted:
            return _refused(request, 410, "the room is closed")
        if self._connections >= MAX_CONNECTIONS:
            return _refused(request, 503, "the room is full")
        if (request.content_length or 0) > MAX_BODY:
            return _refused(request, 413, "too large")
        token = request.match_info.get("token")
        if token is not None:
            if not self.keys.token_ok(token):
                return _refused(request, 403, "not this workshop's link")
            if self._ended():
                return _refused(request, 410, ENDED)
        self._connections += 1
        try:
            return await handler(request)
        finally:
            self._connections -= 1

    def _ended(self) -> bool:
        """Links stop working once the workshop ends."""
        return self.session.state.ended

    @property
    def session(self) -> Session:
        return self.workshop.session

    # --- who is here ---------------------------------------------------------------
    def watch(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call `callback()` (in the app's loop) when a phone takes or loses a name, or
        connects or goes; returns the function that stops it."""
        self._watchers.append(callback)

        def unwatch() -> None:
            if callback in self._watchers:
                self._watchers.remove(callback)

        return unwatch

    def _moved(self) -> None:
        for callback in list(self._watchers):
            callback()

    @property
    def connected(self) -> set[str]:
        """The participants with a phone connected now."""
        return set(self._sockets.values())

    # --- pages ---------------------------------------------------------------------
    async def _landing(self, request: web.Request) -> web.Response:
        return web.Response(text=_page("landing.html"), content_type="text/html")

    async def _phone(self, request: web.Request) -> web.Response:
        return web.Response(text=_page("phone.html"), content_type="text/html")

    async def _code(self, request: web.Request) -> web.Response:
        now = time.monotonic()
        who = _device(request)
        self._wrong_codes = {
            a: kept
            for a, times in self._wrong_codes.items()
            if (kept := [t for t in times if now - t < 60])
        }
        wrong = self._wrong_codes.setdefault(who, [])
        if len(wrong) >= MAX_WRONG_CODES:
            return web.json_response({"error": "too many tries: wait a minute"}, status=429)
        body = await _json(request)
        if not self.keys.code_ok(str(body.get("code", ""))[:20]) or self._ended():
            wrong.append(now)
            return web.json_response({"error": "no workshop with that code"}, status=403)
        return web.json_response({"url": f"/j/{self.keys.token}"})

    async def _people(self, request: web.Request) -> web.Response:
        people = [p.name for p in self.session.setup.participants]
        return web.json_response({"participants": people, "taken": self._taken(people)})

    def _taken(self, people: list[str]) -> list[str]:
        """The names of `people` a device holds: not to be picked on another."""
        return [name for name in people if self.keys.claimed(name, people)]

    async def _join(self, request: web.Request) -> web.Response:
        body = await _json(request)
        name = cut_name(" ".join(clean_name(_text(body.get("name"))).split()))
        people = [p.name for p in self.session.setup.participants]
        new = bool(body.get("new"))
        was = _text(body.get("was"))
        if new:
            if problem := _name_problem(name):
                return web.json_response({"error": f"your name: {problem}"}, status=400)
            if taken := self.session.name_taken(name):  # before the name is claimed
                return web.json_response({"error": taken}, status=409)
        else:
            listed = pick(name, people)
            if listed is None:
                return web.json_response({"error": "pick your name from the list"}, status=404)
            name = listed
        if self.keys.claimed(name, people):
            if was and self.keys.who(was) == name:  # its own, given back by an undo
                return web.json_response({"name": name, "secret": was})
            return web.json_response(
                {"error": f"{name} has joined on another device already"}, status=409
            )
        try:
            secret = self.keys.claim(name, _device(request))
        except UNSAVED as e:
            return _unsaved(e)
        if new:
            # Claimed first: a room file that cannot be written leaves no participant
            # behind whose name nobody holds, so "try again" works.
            try:
                self.workshop.run(self.session.add_participant, name, from_phone=True)
            except SessionError as e:
                self.keys.release(name)
                return web.json_response({"error": str(e)}, status=409)
        if was:
            self.keys.forget(was)  # (a name it held that left goes to nobody on an undo)
        self._moved()
        return web.json_response({"name": name, "secret": secret})

    # --- the live link -------------------------------------------------------------
    async def _ws(self, request: web.Request) -> web.StreamResponse:
        secret = request.query.get("secret", "")
        name = self.keys.who(secret)
        if name is None:
            return self._signed_out(secret)
        device = _device(request)
        ws = web.WebSocketResponse(heartbeat=20, max_msg_size=MAX_BODY)
        await ws.prepare(request)
        self._sockets[ws] = name
        self.keys.seen(name, device)  # the names a device joined under share its limits
        self._moved()
        try:
            await ws.send_json({**state(self.session, name), "you": name})
            async for msg in ws:
                if msg.type != WSMsgType.TEXT or self.keys.who(secret) != name:
                    break  # (the name was freed meanwhile: this device speaks no more)
                await ws.send_json(self._handle(name, device, msg.data))
        finally:
            self._sockets.pop(ws, None)
            self._moved()
        return ws

    async def release(self, name: str) -> bool:
        """Free `name` (the facilitator's action): the device that took it is told and
        cut off, its secret stops working, and the person can join again by name."""
        freed = self.keys.release(name)
        if not freed:
            return False
        self._moved()
        await self._cut_off(freed, RELEASED)
        return True

    async def _cut_off(self, names: list[str], message: str) -> None:
        """Tell the devices of `names` why (`message`) and close their links."""
        for ws, owner in list(self._sockets.items()):
            if owner in names:
                with contextlib.suppress(ConnectionError, RuntimeError):
                    await ws.send_json({"type": "released", "message": message})
                    await ws.close()

    def _signed_out(self, secret: str) -> web.Response:
        """What a device whose `secret` is no one's now is told: to join again; that its
        name left the workshop (`left`: it keeps the secret, which works again if an
        undo brings the name back); or that another phone has joined under that name
        since, which keeps it (`gone`: the name is not given back to this one)."""
        if (name := self.keys.left_by(secret)) is not None:
            said = self._gone(name, secret, again=True)
            return web.json_response({"error": said, "left": True}, status=401)
        if (name := self.keys.lost_to(secret)) is not None:
            said = self._gone(name, secret, again=False)
            return web.json_response({"error": said, "gone": True}, status=401)
        return web.json_response({"error": "join first"}, status=401)

    def _gone(self, name: str, secret: str, *, again: bool) -> str:
        """Why the device with `secret`, which held `name`, is signed out: another phone
        has joined under the name since; or the facilitator took back adding it, or
        removed it (it left). `again`: it is the phone's again if the name comes back."""
        holder = self.keys.holder(name)
        if holder is not None:
            return taken(holder)
        return taken_back(name, again=again) if self.keys.was_taken_back(secret) else LEFT

    def _left(self, events: tuple[Event, ...]) -> None:
        """A name a device holds that is no longer a participant's (removed, or its
        add undone, `events` an undo, or a removal redone): its claim is set aside at
        once (that name only, never a look-alike that is someone else) and the phone
        told why and cut off; the name may join again as someone new. A name that
        comes back (the removal undone, the add redone or made again) is that phone's
        again, as before, unless another phone has taken it meanwhile: it stays that
        one's (keys.back)."""
        people = {p.name for p in self.session.setup.participants}
        gone = [n for n in self.keys.claims if n not in people]
        # Only a facilitator's add is undone (a phone's join is not theirs to undo).
        undone = any(isinstance(e, Undone) for e in events)
        for n in gone:
            self.keys.leave(n, taken_back=undone)
        back = self.keys.back(people)
        if gone or back:
            self._moved()
        for n in gone:
            self._later(self._cut_off([n], taken_back(n) if undone else LEFT))

    def _later(self, work: Any) -> None:
        task = asyncio.ensure_future(work)
        self._sending.add(task)  # kept until done: a task only weakly held may vanish
        task.add_done_callback(self._sending.discard)

    def _handle(self, name: str, device: str, text: str) -> dict[str, Any]:
        try:
            msg = json.loads(text)
            if not isinstance(msg, dict):
                raise ValueError
        except ValueError:
            return {"type": "refused", "message": "not a message"}
        mid = msg.get("id")
        if self.session.state.ended or self._halted:
            return {"type": "refused", "id": mid, "message": ENDED}
        try:
            said = self._command(name, device, msg)
        except SessionError as e:
            return {"type": "refused", "id": mid, "message": str(e)}
        except (TypeError, ValueError, KeyError, ArithmeticError):
            # ArithmeticError: a number too big to be a number here (1e999, 400 digits)
            return {"type": "refused", "id": mid, "message": "not a message"}
        if self.session.save_problem:  # taken, but the disk refused it: kept in memory
            said = "kept, not yet on disk: the facilitator's computer saves it as soon as it can"
        # else run() returned: the events are in the journal, fsynced.
        return {"type": "saved", "id": mid, "message": said}

    def _command(self, name: str, device: str, msg: dict[str, Any]) -> str:
        kind = msg.get("type")
        cur = self.session.current
        if kind in ("score", "note") and (cur is None or int(msg["draw"]) != cur.number):
            raise SessionError("that card has left the table")
        if kind == "score":
            value = msg.get("value")
            if value is not None and not isinstance(value, int | float):
                raise SessionError("expected a number")
            self.workshop.run(
                self.session.score, str(msg["key"]), value, participant=name, from_phone=True
            )
            return "saved"
        if kind == "note":
            text = _words(msg, "text")
            if not text or len(text) > MAX_NOTE:
                raise SessionError(f"a note is 1 to {MAX_NOTE} characters")
            others = self.keys.names_from(device) - {name}
            self.workshop.run(self.session.phone_note, name, text, sharing=others)
            return "note saved"
        if kind == "wildcard":
            title, prompt = _words(msg, "title"), _words(msg, "prompt", "")
            (title + prompt).encode("utf-8")  # (ValueError) what no file or screen can hold
            if not title or len(title) > MAX_TITLE or len(prompt) > MAX_NOTE:
                raise SessionError(
                    f"a title is 1 to {MAX_TITLE} characters, a line up to {MAX_NOTE}"
                )
            if self.on_proposal is None:
                raise SessionError("the facilitator is not taking proposals")
            if self._pending.get(name, 0) >= MAX_PENDING:
                raise SessionError(
                    f"you have {MAX_PENDING} proposals waiting for the facilitator: send "
                    "another once they have looked at one"
                )
            if self._pending_from.get(device, 0) >= MAX_PENDING:
                raise SessionError(
                    f"this phone has {MAX_PENDING} proposals waiting for the facilitator, "
                    "under whatever name it joined: send another once they have looked at one"
                )
            self._pending[name] = self._pending.get(name, 0) + 1
            self._pending_from[device] = self._pending_from.get(device, 0) + 1
            self.on_proposal({"by": name, "title": title, "prompt": prompt, "device": device})
            return "sent to the facilitator"
        raise SessionError("not a message")

    # --- the maturity questionnaire (room/questionnaire.py) -------------------------
    @property
    def questionnaire(self) -> RoomQuestionnaire:
        """Made on first use (it reads the questionnaire and the team's files)."""
        if self._questionnaire is None:
            self._questionnaire = RoomQuestionnaire.for_workshop(
                self.workshop.path,
                self.session.setup.organization,
                lambda: [p.name for p in self.session.setup.participants],
            )
        return self._questionnaire

    async def _questions(self, request: web.Request) -> web.Response:
        secret = request.query.get("secret", "")
        name = self.keys.who(secret)
        if name is None:
            return self._signed_out(secret)
        return web.json_response(self.questionnaire.page(name))

    async def _answer(self, request: web.Request) -> web.Response:
        body = await _json(request)
        secret = str(body.get("secret", ""))
        name = self.keys.who(secret)
        if name is None:
            return self._signed_out(secret)
        said = self.questionnaire.answer(name, body)
        return web.json_response(said, status=200 if said["type"] == "saved" else 422)

    def settled(self, proposal: Proposal) -> None:
        """The facilitator has looked at `proposal` (added it or not): its author may
        send another."""
        by, device = proposal["by"], proposal["device"]
        self._pending[by] = max(0, self._pending.get(by, 0) - 1)
        self._pending_from[device] = max(0, self._pending_from.get(device, 0) - 1)

    def _changed(self, events: tuple[Event, ...]) -> None:
        """After every change (on disk): cut off who has left, auto-reveal if due, then
        tell every phone."""
        self._left(events)
        cur = self.session.current
        # Only a vote, or someone leaving who had not voted, reveals: after an undo
        # of the reveal it stays undone.
        voted = any(isinstance(e, Scored | ParticipantLeft) for e in events)
        if (
            self.auto_reveal
            and voted
            and cur is not None
            and cur.hidden
            and everyone_scored(self.session.state, cur)
        ):
            # The room's own doing, not the facilitator's to undo: from_phone.
            self.workshop.run(self.session.reveal, from_phone=True)  # announced to us again
            return
        # Each phone its own: its own hidden scores go to its device only.
        for ws, name in list(self._sockets.items()):
            self._later(_send(ws, state(self.session, name)))


def _name_problem(name: str) -> str:
    """Why a phone cannot join under `name` as someone new ("" if it can): what the
    workshop file refuses in a participant's name, and a colon (notes are written
    "Name: text", their author read by the colon)."""
    try:
        Participant(name=name)
    except ValidationError as e:
        return describe(e.errors()[0])
    return "cannot hold ':'" if ":" in name else ""


#: The phone page's own words once the workshop has ended (phone.html says the same).
ENDED = "this workshop has ended"

#: A page a person opens (the start page, the phone page) refused, in words: what the
#: page's script reads (the API) is answered in JSON.
_PAGE_WORDS = {
    "the room is closed": (
        "The room is closed.",
        "The facilitator has closed the workshop on their computer.",
    ),
    "the room is full": ("The room is full.", "Try again in a moment."),
    "too large": ("That was too much to send.", "Go back and try again."),
    "not this workshop's link": (
        "This link is not for the workshop running here.",
        "Scan the QR code on the facilitator's screen again, or open the address it shows "
        "and type the code.",
    ),
    ENDED: ("The workshop has ended. Thank you!", "There is nothing more to do here."),
}


def _refused(request: web.Request, status: int, error: str) -> web.Response:
    """`error` as JSON to the phone page's script, or as a page in words to a person
    who opened (or reloaded) a page: never raw JSON in front of someone."""
    if request.method != "GET" or not (request.path == "/" or request.path.startswith("/j/")):
        return web.json_response({"error": error}, status=status)
    title, more = _PAGE_WORDS[error]
    page = _page("refused.html").replace("{title}", html.escape(title))
    return web.Response(
        text=page.replace("{more}", html.escape(more)), status=status, content_type="text/html"
    )


def _device(request: web.Request) -> str:
    """The device a request comes from: its network address (each phone on the room's
    Wi-Fi has its own), which a new name or cleared browser data does not change."""
    return request.remote or ""


async def _send(ws: web.WebSocketResponse, message: dict[str, Any]) -> None:
    with contextlib.suppress(ConnectionError, RuntimeError):
        await ws.send_json({**message, "you": None})


def _unsaved(e: Exception) -> web.Response:
    """The phone told that joining was not kept (the room's file cannot be written)."""
    said = f"the room could not save that you joined ({unsaved_words(e)}): try again"
    return web.json_response({"error": said}, status=503)


def _text(value: object) -> str:
    """`value` if it is text, else "" (the phone page sends text; anything else is no
    name, never its Python spelling "None")."""
    return value if isinstance(value, str) else ""


def _words(msg: dict[str, Any], key: str, default: str | None = None) -> str:
    """`msg[key]`, text, its spaces as one; TypeError ("not a message") if not text."""
    value = msg.get(key, default)
    if not isinstance(value, str):
        raise TypeError(f"{key} is not text")
    return " ".join(value.split())


async def _json(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except (ValueError, UnicodeDecodeError):
        return {}
    return body if isinstance(body, dict) else {}
