"""Writing decks and other records as YAML people can read and edit."""

from __future__ import annotations

import re
from typing import Any

import yaml

from cvo_workshop.model.deck import Deck

#: What JSON encoders write raw and a YAML reader does not read back as written:
#: DEL, C1 controls and U+FFFE/U+FFFF are refused (YAML 1.1 does not allow them
#: unescaped); NEL (U+0085) and the line and paragraph separators are line breaks
#: to YAML, folded into a space; a byte-order mark may be taken for the stream's.
#: (JSON escapes C0 controls itself.)
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _json_escape(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group()):04x}"


def json_for_yaml(text: str) -> str:
    """JSON text that the YAML loader reads back as the same data: what YAML would
    refuse or change written as JSON's `\\uXXXX` escapes, which YAML reads too.
    Outside its strings JSON is ASCII, so each such character is inside a string,
    where the escape stands for it. (Characters past U+FFFF stay as they are: YAML
    reads them raw, and would refuse the surrogate pair JSON escapes them as.)"""
    return _JSON_UNSAFE.sub(_json_escape, text)


#: What only a double-quoted YAML string holds exactly, escaped: control
#: characters but the line feed, DEL, C1 controls, U+FFFE and U+FFFF (refused
#: raw); NEL (U+0085) and the line and paragraph separators, which plain, quoted
#: and block styles let a reader fold into a space or a line feed; a byte-order
#: mark; a tab or CR, which some styles change.
_ESCAPED = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if _ESCAPED.search(value):
        style: str | None = '"'  # \x7F, \N, \L, \uFFFE: read back as written
    else:
        style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump_yaml(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )


def deck_to_yaml(deck: Deck) -> str:
    data = deck.model_dump(mode="json", exclude_defaults=True)
    data["deck"] = deck.deck.model_dump(mode="json")
    return dump_yaml(data)
