"""The room's keys: the join token, the short code, and each device's secret.

Kept beside the workshop file (`<name>.room.json`) so that phones reconnect to
a resumed app with the same link and the same identity. Device secrets are
stored only as hashes: the file alone does not let anyone vote as someone.

The file's format is "cvo-room/2": `token`, `code`, `claims` (name -> hash),
`devices` (name -> the network addresses it joined from, so a phone's limits
hold across openings whatever names it joined under), `port` (the room's
last, so links and phones' identities, which a browser keeps by address and
port, still work after a resume), `left` (name -> hash: the claim of a name
that left the workshop, given back to its phone if an undo brings the name back,
after a resume too), `lost` (hash -> name: the device that held a name which
left and which another device has taken since, told why after a resume too) and
`taken_back` (the hashes in `left` or `lost` of names whose adding the
facilitator took back, so their phones say so). The last three are absent in
files written before them, and left out by a version that does not know them,
whose phones then join again. "cvo-room/1" files, which have neither `devices`
nor `port`, still read."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import secrets
import shutil
import string
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from cvo_workshop.engine.names import same_name
from cvo_workshop.model.problem import InputError, Problem
from cvo_workshop.store.output import write_output

#: The room file's formats this version reads (it writes the last).
FORMATS = ("cvo-room/1", "cvo-room/2")
CODE_LETTERS = string.ascii_uppercase.replace("O", "").replace("I", "")  # no 0/O, 1/I mix-ups
CODE_LENGTH = 6


#: What saving the room's file raises when the disk refuses it (store/output).
UNSAVED = (OSError, InputError)


def unsaved_words(e: Exception) -> str:
    """Why the room's file could not be written, in words."""
    if isinstance(e, InputError) and e.problems:
        return e.problems[0].message
    return str(getattr(e, "strerror", None) or e)


def _why(e: Exception) -> str:
    if isinstance(e, OSError):
        return str(e.strerror or e)
    if isinstance(e, json.JSONDecodeError):
        return f"not JSON, line {e.lineno}"
    if isinstance(e, KeyError):
        return f"no {e.args[0]!r}"
    return "not a room file"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def keys_path(workshop: Path) -> Path:
    return workshop.with_name(workshop.name + ".room.json")


@dataclass
class RoomKeys:
    token: str
    code: str
    #: participant name -> sha256 of the secret their device was given
    claims: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    #: participant name -> the devices (network addresses) it joined from, kept when
    #: the name is freed: the names one phone joined under share its limits
    devices: dict[str, list[str]] = field(default_factory=dict)
    #: the port the room had last (0: none yet)
    port: int = 0
    #: participant name -> sha256 of the secret of the device that held it when the
    #: name left the workshop (removed, or its join undone): the claim it gets back if
    #: the name comes back (an undo) before another device takes it
    left: dict[str, str] = field(default_factory=dict)
    #: sha256 of a device's secret -> the name it held and lost for good: it left, and
    #: another device joined as someone new under it, to which an undo gave it (or which
    #: left in turn). So the device is told why it is signed out (after a resume too).
    lost: dict[str, str] = field(default_factory=dict)
    #: sha256 of the secrets (in `left` or `lost`) of devices whose name left because
    #: the facilitator took back adding it (an undo), rather than removing it
    taken_back: set[str] = field(default_factory=set)
    #: why the kept file could not be read, so new keys replaced it ("" if it was read,
    #: or there was none): every phone must scan the new code and join again
    replaced: str = ""

    @classmethod
    def new(cls, path: Path | None = None) -> RoomKeys:
        code = "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))
        return cls(secrets.token_urlsafe(24), code, {}, path)

    @classmethod
    def for_workshop(cls, workshop: Path) -> RoomKeys:
        """The workshop's keys as kept beside it, or new ones (saved at once)."""
        path = keys_path(workshop)
        if not path.exists():
            keys = cls.new(path)
            keys.save()
            return keys
        try:
            keys = cls._read(path)
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
            kept = path.with_name(path.name + ".broken")  # to mend by hand, if need be
            with contextlib.suppress(OSError):
                shutil.copyfile(path, kept)
            keys = cls.new(path)
            keys.replaced = (
                f"{path}: could not be read ({_why(e)}; kept as {kept.name}); the room has "
                "a new link and code, so every phone scans it and joins again"
            )
            keys.save()
        return keys

    @classmethod
    def _read(cls, path: Path) -> RoomKeys:
        """The keys in `path`; ValueError & co. if the link itself cannot be read. A
        claim, device list or port that is not what it should be is left out (that
        phone joins again), not the whole file."""
        data = json.loads(path.read_text("utf-8"))
        if not isinstance(data, dict):
            raise TypeError("not a room file")
        if data.get("format", "cvo-room/1") not in FORMATS:
            raise InputError(
                Problem(
                    str(path),
                    f"format {data.get('format')!r}: made by a newer cvo-workshop (this one "
                    "reads cvo-room/1 and /2); use that one, or remove the file for a new link",
                )
            )
        token, code, claims = data["token"], data["code"], data["claims"]
        if not (isinstance(token, str) and token and isinstance(code, str) and code):
            raise KeyError("token" if not isinstance(token, str) or not token else "code")
        if not isinstance(claims, dict):
            raise TypeError("claims")
        keys = cls(token, code, {str(n): h for n, h in claims.items() if isinstance(h, str)}, path)
        devices = data.get("devices")  # (absent before cvo-room/2)
        for name, seen in (devices if isinstance(devices, dict) else {}).items():
            if isinstance(seen, list):
                keys.devices[str(name)] = [str(d) for d in seen]
        port = data.get("port")
        if isinstance(port, int) and not isinstance(port, bool) and 0 < port <= 65535:
            keys.port = port
        left = data.get("left")  # (absent before it was kept)
        for name, h in (left if isinstance(left, dict) else {}).items():
            if isinstance(h, str):
                keys.left[str(name)] = h
        lost = data.get("lost")  # (absent before it was kept)
        for h, name in (lost if isinstance(lost, dict) else {}).items():
            if isinstance(name, str):
                keys.lost[str(h)] = name
        taken_back = data.get("taken_back")  # (absent before it was kept)
        keys.taken_back = {h for h in (taken_back or []) if isinstance(h, str)}
        return keys

    def save(self) -> None:
        if self.path is not None:
            data = {
                "format": FORMATS[-1],
                "token": self.token,
                "code": self.code,
                "claims": self.claims,
                "devices": self.devices,
                "port": self.port,
                "left": self.left,
                "lost": self.lost,
                "taken_back": sorted(self.taken_back),
            }
            write_output(self.path, json.dumps(data, indent=1))

    def token_ok(self, token: str) -> bool:
        return hmac.compare_digest(token.encode(), self.token.encode())

    def code_ok(self, code: str) -> bool:
        typed = code.strip().upper()
        return hmac.compare_digest(typed.encode(), self.code.encode())

    def claimed(self, name: str, people: Collection[str] = ()) -> bool:
        """A device has taken `name`, or a name that looks the same (engine/names) but
        is none of the other `people` (two look-alike names in a file written before
        look-alikes were one name are two people)."""
        return any(n == name or (same_name(n, name) and n not in people) for n in self.claims)

    def claim(self, name: str, device: str = "") -> str:
        """A new secret for the device (at network address `device`) that takes `name`
        (the caller checks it is free). If the file cannot be written (`UNSAVED`),
        nothing is kept: no name is left held by a device that never got its secret."""
        secret = secrets.token_urlsafe(24)
        self.claims[name] = _hash(secret)
        new_device = self._note(name, device)
        try:
            self.save()
        except UNSAVED:
            del self.claims[name]
            if new_device:
                self.devices[name].remove(device)
                if not self.devices[name]:
                    del self.devices[name]
            raise
        return secret

    def seen(self, name: str, device: str) -> None:
        """Keep that `name` was used from `device` (in the file when it can be written:
        in this opening's memory anyway)."""
        if self._note(name, device):
            self._save_if_possible()

    def _note(self, name: str, device: str) -> bool:
        if not device or device in self.devices.get(name, []):
            return False
        self.devices.setdefault(name, []).append(device)
        return True

    def _save_if_possible(self) -> None:
        with contextlib.suppress(*UNSAVED):
            self.save()

    def names_from(self, device: str) -> set[str]:
        """Every name that has joined from `device`."""
        return {name for name, devices in self.devices.items() if device in devices}

    def release(self, name: str) -> list[str]:
        """Forget the device that took `name` (its secret stops working), so the person
        can join again by name; the names freed: `name`'s claim if there is one, else
        those of names that look the same; none if no device had it."""
        taken = [name] if name in self.claims else [n for n in self.claims if same_name(n, name)]
        for n in taken:
            del self.claims[n]
        if taken:
            # Freed now whatever the disk says; a file that cannot be written still
            # holds it when the room is opened again.
            self._save_if_possible()
        return taken

    def leave(self, name: str, *, taken_back: bool = False) -> None:
        """`name` has left the workshop (`taken_back`: the facilitator took back adding
        it): its device's secret stops working, and is kept (`left`) to give back if
        the name comes back (`back`)."""
        if name in self.left:  # the device that left it before cannot come back to it
            self.lost[self.left[name]] = name
        h = self.left[name] = self.claims.pop(name)
        if taken_back:
            self.taken_back.add(h)
        else:
            self.taken_back.discard(h)
        self._save_if_possible()

    def back(self, people: Collection[str]) -> list[str]:
        """The names in `people` that had left, back with the device that held them
        (its secret works again); one another device has taken meanwhile (it joined
        as someone new under the name, or one that looks the same) stays that
        device's, and the first device's claim is forgotten. The names given back."""
        returned = [n for n in self.left if n in people]
        given = [n for n in returned if not self.claimed(n, people)]
        for n in returned:
            stored = self.left.pop(n)
            if n in given:
                self.claims[n] = stored
                self.taken_back.discard(stored)
            else:
                self.lost[stored] = n
        if returned:
            self._save_if_possible()
        return given

    def forget(self, secret: str) -> None:
        """The device with `secret` has joined under another identity: the name it held
        when it left is not given back to it (nobody holds that secret now)."""
        h = _hash(secret)
        gone = [n for n, stored in self.left.items() if hmac.compare_digest(h, stored)]
        for n in gone:
            del self.left[n]
        kept = bool(gone) or h in self.lost or h in self.taken_back  # (the file holds them)
        self.lost.pop(h, None)
        self.taken_back.discard(h)
        if kept:
            self._save_if_possible()

    def left_by(self, secret: str) -> str | None:
        """The name that left which the device with `secret` held (it may come back), or
        None."""
        h = _hash(secret)
        return next((n for n, stored in self.left.items() if hmac.compare_digest(h, stored)), None)

    def was_taken_back(self, secret: str) -> bool:
        """The name the device with `secret` held left because the facilitator took back
        adding it (not removed)."""
        return _hash(secret) in self.taken_back

    def lost_to(self, secret: str) -> str | None:
        """The name the device with `secret` held and lost to another (`lost`), or None."""
        return self.lost.get(_hash(secret))

    def holder(self, name: str) -> str | None:
        """The name a device holds that is `name` or looks the same (engine/names, the
        rule of joining and of the workshop's undo alike), or None."""
        return next((n for n in self.claims if same_name(n, name)), None)

    def who(self, secret: str) -> str | None:
        """The participant a device secret belongs to, or None."""
        h = _hash(secret)
        for name, stored in self.claims.items():
            if hmac.compare_digest(h, stored):
                return name
        return None
