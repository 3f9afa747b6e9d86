"""Loading decks: one YAML file or a folder of them, every problem reported at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from cvo_workshop.model.card import CohortCard, RecipeCard
from cvo_workshop.model.deck import Deck, DeckMeta, reference_problems
from cvo_workshop.model.problem import InputError, Problem
from cvo_workshop.store.textfile import MB, read_text, regular_file
from cvo_workshop.store.validate import as_mapping, unknown_keys, validate
from cvo_workshop.store.yamlio import FieldPath, Located, Unparsed, load_yaml

TOP_KEYS = ["deck", "cards", "cohorts"]
#: A deck of a few hundred cards is well under 1 MB; validating takes about 50 MB of
#: memory per MB of YAML, so a bigger file is refused before it is read.
LIMIT_MB = 5
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class _Item:
    located: Located
    path: FieldPath
    id: str | None
    requires: list[tuple[FieldPath, str]]


@dataclass
class _Parts:
    """What the files of one deck hold, before they are put together."""

    metas: list[tuple[Located, DeckMeta]]
    cards: list[RecipeCard]
    cohorts: list[CohortCard]
    card_items: list[_Item]
    cohort_items: list[_Item]
    problems: list[Problem]


def _items(
    located: Located,
    data: dict[str, Any],
    key: str,
    model: type[Any],
    parts: _Parts,
    into: list[Any],
    items: list[_Item],
) -> None:
    raw = data.get(key)
    if raw is None:
        return
    if not isinstance(raw, list):
        parts.problems.append(located.problem((key,), f"expected a list of {key}"))
        return
    for i, entry in enumerate(raw):
        path = (key, i)
        if isinstance(entry, Unparsed):  # its syntax error is already reported
            items.append(_Item(located, path, entry.id, []))
            continue
        if not isinstance(entry, dict):
            parts.problems.append(located.problem(path, "expected a mapping of keys to values"))
            continue
        cid = entry.get("id") if isinstance(entry.get("id"), str) else None
        req = entry.get("requires")
        requires: list[tuple[FieldPath, str]] = (
            [((*path, "requires", j), r) for j, r in enumerate(req) if isinstance(r, str)]
            if isinstance(req, list)
            else []
        )
        items.append(_Item(located, path, cid, requires))
    entries = [e for e in raw if isinstance(e, dict)]
    if len(entries) == len(raw):
        # One call for the whole list is the fast, common case; only when it
        # fails is each entry validated alone, to place every problem.
        try:
            into.extend(_list_adapter(model).validate_python(entries))
            return
        except ValidationError:
            pass
    for i, entry in enumerate(raw):
        if isinstance(entry, dict):
            record, problems = validate(model, entry, located, (key, i))
            parts.problems.extend(problems)
            if record is not None:
                into.append(record)


_ADAPTERS: dict[type[Any], TypeAdapter[list[Any]]] = {}


def _list_adapter(model: type[Any]) -> TypeAdapter[list[Any]]:
    if model not in _ADAPTERS:
        _ADAPTERS[model] = TypeAdapter(list[model])  # type: ignore[valid-type]
    return _ADAPTERS[model]


def _read_file(located: Located, parts: _Parts) -> None:
    parts.problems.extend(located.problems)
    data, problems = as_mapping(located, "a deck with `deck`, `cards` and `cohorts`")
    parts.problems.extend(problems)
    if data is None:
        return
    parts.problems.extend(unknown_keys(data, TOP_KEYS, located))
    if "deck" in data:
        meta, problems = validate(DeckMeta, data["deck"], located, ("deck",))
        parts.problems.extend(problems)
        if meta is not None:
            parts.metas.append((located, meta))
    _items(located, data, "cards", RecipeCard, parts, parts.cards, parts.card_items)
    _items(located, data, "cohorts", CohortCard, parts, parts.cohorts, parts.cohort_items)


def deck_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())
        if not files:
            raise InputError(Problem(str(path), "the folder holds no .yaml deck files"))
        return files
    return [path]


def _assemble(parts: _Parts, source: str) -> Deck:
    where: tuple[_Item, FieldPath]
    for where, message in reference_problems(
        (((i, (*i.path, "id")), i.id) for i in parts.card_items),
        (((i, p), i.id, t) for i in parts.card_items for p, t in i.requires),
        (((i, (*i.path, "id")), i.id) for i in parts.cohort_items),
    ):
        item, path = where
        parts.problems.append(item.located.problem(path, message))
    if not parts.metas and not parts.problems:
        parts.problems.append(Problem(source, "no `deck:` section (id and name) in any file"))
    for located, _ in parts.metas[1:]:
        parts.problems.append(
            located.problem(
                ("deck",),
                "a second `deck:` section; a deck "
                f"has one (the first is in {parts.metas[0][0].source})",
            )
        )
    if parts.problems:
        raise InputError(sorted(parts.problems, key=_order))
    return Deck.model_construct(deck=parts.metas[0][1], cards=parts.cards, cohorts=parts.cohorts)


def _order(p: Problem) -> tuple[str, int, int]:
    return (p.path, p.line or 0, p.col or 0)


def _empty() -> _Parts:
    return _Parts([], [], [], [], [], [])


def load_deck(path: Path | str) -> Deck:
    """A deck from a YAML file or a folder of them; InputError lists every problem found."""
    path = Path(path)
    if not path.exists():
        raise InputError(Problem(str(path), "no such file or folder"))
    parts = _empty()
    files = deck_files(path)
    if len(files) > 1:
        total = sum(regular_file(f) for f in files)
        if total > LIMIT_MB * MB:
            raise InputError(
                Problem(
                    str(path),
                    f"the deck's files are {total / MB:.1f} MB together; the limit for a "
                    f"deck is {LIMIT_MB} MB",
                )
            )
    for f in files:
        try:
            located = load_yaml(read_text(f, limit_mb=LIMIT_MB), str(f))
        except InputError as e:
            parts.problems.extend(e.problems)
            continue
        _read_file(located, parts)
    return _assemble(parts, str(path))


def load_deck_text(text: str, source: str = "<deck>") -> Deck:
    parts = _empty()
    _read_file(load_yaml(text, source), parts)
    return _assemble(parts, source)
