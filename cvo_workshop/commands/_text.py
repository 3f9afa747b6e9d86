"""The type of every option and argument that takes text (names, roles, titles,
ids, column names...): text only, checked in one place before a command runs."""

from __future__ import annotations

import click

from cvo_workshop.model.problem import InputError, Problem


def _first_lone_surrogate(value: str) -> str | None:
    return next((c for c in value if "\ud800" <= c <= "\udfff"), None)


def _shown(surrogate: str) -> str:
    """A lone surrogate as what was typed: Python reads a byte of an argument that
    is not part of any character (Latin-1 `\\xff` in a UTF-8 terminal) as U+DC80
    to U+DCFF, standing for the bytes 0x80 to 0xFF."""
    code = ord(surrogate)
    if 0xDC80 <= code <= 0xDCFF:
        return f"the stray byte \\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def _named(param: click.Parameter | None) -> str:
    if isinstance(param, click.Option):
        return max(param.opts, key=len)  # --respondent, not -r
    return param.human_readable_name if param is not None else "argument"


class Text(click.types.StringParamType):
    """A string, refused (InputError: exit 1, before anything is read or written)
    if it holds a lone surrogate: an invalid byte in a command-line argument
    (`--respondent $'Ana\\xff'`) arrives as one, and no file, terminal or PDF can
    hold it; left through, a writer stopped on it with a traceback."""

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> str:
        text = super().convert(value, param, ctx)
        bad = _first_lone_surrogate(text)
        if bad is not None:
            raise InputError(
                Problem(
                    _named(param),
                    f"holds a character that is not text ({_shown(bad)}): type it again",
                )
            )
        return text

    def __repr__(self) -> str:
        return "TEXT"


#: For `type=` of every option and argument that takes text.
TEXT = Text()
