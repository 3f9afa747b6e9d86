"""Brand files (model/brand.py), their logo and the slide template: read and checked.

A brand file's `logo` and `template` are paths relative to the brand file;
a missing or wrong one is an error at its line, before any export is made.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from cvo_workshop.model.brand import Brand
from cvo_workshop.model.problem import InputError, Problem
from cvo_workshop.store.textfile import read_bytes, read_text
from cvo_workshop.store.validate import as_mapping, validate
from cvo_workshop.store.yamlio import Located, load_yaml

#: The first bytes of the images a logo may be.
_IMAGES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}
#: The most pixels a logo may have: a small PNG can hold a huge image (12000 x 12000
#: compresses to kilobytes, and takes 1.5 GB to draw).
LOGO_MEGAPIXELS = 50
#: A .pptx is a zip file.
_ZIP = b"PK\x03\x04"


@dataclass(frozen=True)
class BrandFiles:
    """A brand and the files it names, read: what an export needs of it."""

    brand: Brand
    logo: bytes | None = None
    template: bytes | None = None
    #: The template's name as the user gave it (for messages).
    template_name: str = ""


def load_brand(path: Path | str) -> BrandFiles:
    """A brand file with its logo and template read; InputError at `file:line:col`."""
    located = load_yaml(read_text(path), str(path))
    brand = _check(located)
    base = Path(path).parent
    problems: list[Problem] = []
    logo = template = None
    template_name = ""
    if brand.logo:
        try:
            logo = read_logo(base / brand.logo, brand.logo)
        except InputError as e:
            problems += [located.problem(("logo",), _reason(p)) for p in e.problems]
    if brand.template:
        template_name = str(base / brand.template)
        try:
            template = read_template(base / brand.template, brand.template)
        except InputError as e:
            problems += [located.problem(("template",), _reason(p)) for p in e.problems]
    if problems:
        raise InputError(problems)
    return BrandFiles(brand, logo, template, template_name)


def _reason(p: Problem) -> str:
    """A file's problem said at the brand file's line: 'logo.png: no such file'."""
    return f"{p.path}: {p.message}"


def _check(located: Located) -> Brand:
    problems = list(located.problems)
    data, more = as_mapping(located, "a brand file (consultant, client, logo, colours...)")
    problems += more
    if data is None:
        raise InputError(problems)
    record, more = validate(Brand, data, located)
    problems += more
    if record is None or problems:
        raise InputError(sorted(problems, key=lambda p: (p.line or 0, p.col or 0)))
    return record


def read_logo(path: Path | str, shown: str | None = None) -> bytes:
    """A PNG or JPEG file's bytes; InputError naming it when it is neither."""
    shown = str(path) if shown is None else shown
    data = read_bytes(path, limit_mb=10)
    if not any(data.startswith(magic) for magic in _IMAGES):
        raise InputError(Problem(shown, "not a PNG or JPEG image; a logo must be one"))
    # Decoded here, once: a file that only starts like an image (cut off, damaged)
    # would otherwise end the report or the slides in a traceback.
    from PIL import Image

    def too_large(pixels: int) -> InputError:
        return InputError(
            Problem(
                shown,
                f"too large for a logo ({pixels / 1e6:.0f} megapixels; at most "
                f"{LOGO_MEGAPIXELS}): save it smaller",
            )
        )

    try:
        # PIL's own bomb warning, printed mid-export, says what the message below says
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > LOGO_MEGAPIXELS * 1_000_000:
                    raise too_large(width * height)
                image.load()
    except Image.DecompressionBombError as e:
        # too large for PIL to open at all; its message holds the size
        said = re.search(r"\((\d+) pixels\)", str(e))
        raise too_large(int(said.group(1)) if said else 2 * (Image.MAX_IMAGE_PIXELS or 0)) from None
    except (OSError, ValueError) as e:
        # PIL names the file it was given: here an object in memory
        reason = re.sub(r"\s*<_io\.BytesIO object at 0x[0-9a-fA-F]+>", "", str(e))
        raise InputError(Problem(shown, f"a damaged image, unreadable ({reason})")) from None
    return data


def read_template(path: Path | str, shown: str | None = None) -> bytes:
    """A PowerPoint file's bytes (its layouts are checked when the deck is made)."""
    shown = str(path) if shown is None else shown
    data = read_bytes(path, limit_mb=100)
    if not data.startswith(_ZIP):
        raise InputError(Problem(shown, "not a PowerPoint presentation (.pptx)"))
    return data
