"""A brand file: who hands the deliverable to whom, and how it looks.

    format: cvo-workshop/brand-1
    consultant: Northwind Consulting
    client: Acme Outdoor
    title: Personalization roadmap
    confidential: Confidential: prepared for Acme Outdoor
    version: "1.2"
    date: 2026-12-05
    logo: northwind.png        # PNG or JPEG, beside this file or an absolute path
    colour: "#1f4e82"          # headings; the slides' first chart series
    accent: "#b03a2e"          # the slides' targets and second series
    template: northwind.pptx   # the slide deck's layouts (optional)

Which exports print it, and where (with no brand file every one stays neutral):

- the report PDF: the cover (title, client, consultant, date, version, logo),
  every page's foot (`footer()`), headings in `colour`;
- the slide deck: the title slide, every slide's foot, the charts' colours;
- the wall cards: on every card the `credit()` line and the confidentiality
  line at the foot, the logo beside them where the card size has room (not on
  poker-size cards), section labels in `colour`;
- the roadmap poster: title, client, consultant, logo, and the confidentiality
  line, version and date at its foot;
- Markdown: a header (title, `credit()`, version, date, confidentiality);
- JSON: a "brand" object (the logo and template files are left out: paths
  meaningful only beside the brand file).

CSV prints none of it: it is read by trackers (Jira, Linear, Trello) that take
the first row as the columns and every other row as an item, so a title or a
confidentiality line would be imported as an item.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Literal

from pydantic import BeforeValidator, field_validator

from cvo_workshop.model.base import Record, as_text
from cvo_workshop.model.card import Line, Text

BRAND_FORMAT: Literal["cvo-workshop/brand-1"] = "cvo-workshop/brand-1"
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


class Brand(Record):
    format: Literal["cvo-workshop/brand-1"] = BRAND_FORMAT
    consultant: Line | None = None
    client: Line | None = None
    #: The deliverable's title (the cover's and the deck's first slide's).
    title: Line | None = None
    #: A line printed on every page's foot ("Confidential: ...").
    confidential: Line | None = None
    version: Annotated[Line, BeforeValidator(as_text)] | None = None
    #: The deliverable's date; the day it is made when left out.
    date: dt.date | None = None
    #: A PNG or JPEG file, relative to the brand file (store/brand.py resolves it).
    logo: Text | None = None
    #: "#RRGGBB": headings; the slides' first chart series.
    colour: str | None = None
    #: "#RRGGBB": the slides' targets and second chart series.
    accent: str | None = None
    #: A PowerPoint file whose layouts the slide deck uses, relative to the brand file.
    template: Text | None = None

    @field_validator("colour", "accent")
    @classmethod
    def _hex(cls, v: str | None) -> str | None:
        if v is not None and not _HEX.match(v):
            raise ValueError(f"expected a colour as #RRGGBB (like #1f4e82), got {v!r}")
        return v.lower() if v else v

    def credit(self) -> str:
        """Who made it for whom: "Northwind Consulting for Acme Outdoor" (either
        alone when the other is not given; "" when neither is)."""
        return " for ".join(x for x in (self.consultant, self.client) if x)

    def footer(self, each: Callable[[str], str] = str) -> str:
        """The line at every page's foot: the confidentiality line, who made it for
        whom, the version; "" when the brand says none of these (a neutral foot).

        `each` is applied to each part (a PDF sets each apart, `script.isolate`,
        so that a right-to-left confidentiality line leaves the parts' order and
        the line's direction alone)."""
        return " · ".join(each(p) for p in self.footer_parts())

    def footer_parts(self) -> list[str]:
        """The footer's parts, in order, those the brand says: a page too narrow for
        the footer breaks it between them."""
        parts = [
            self.confidential,
            self.credit(),
            f"version {self.version}" if self.version else None,
        ]
        return [p for p in parts if p]


#: No brand: neutral pages, the tool's own colours.
NEUTRAL = Brand()
