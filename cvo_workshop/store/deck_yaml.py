"""Writing decks and other records as YAML people can read and edit."""

from __future__ import annotations

from typing import Any

import yaml

from cvo_workshop.model.deck import Deck


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
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
