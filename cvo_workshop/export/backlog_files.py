"""The backlog as CSV (for Jira, Linear and Trello imports), Markdown (for wikis)
and JSON (for programs, with a published schema).

Each takes the Backlog record and returns text; the command writes it
atomically. Text from people is escaped for each format: a CSV cell that a
spreadsheet would run as a formula gets a leading apostrophe (engine.csvcells,
which every CSV goes through; read_csv takes it off again) and otherwise keeps
the data exactly; Markdown, written to be read, gets backslashes before its
special characters and shows control and invisible characters (engine.text).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from cvo_workshop.engine.backlog import (
    LIVE_HEADING,
    guardrails_line,
    live_origin,
    result_line,
    typed_result,
)
from cvo_workshop.engine.csvcells import csv_text, read_rows
from cvo_workshop.engine.dealing import maturity_label
from cvo_workshop.engine.power import size_line, typed_percent
from cvo_workshop.engine.text import plain_number, printable, share_percent
from cvo_workshop.export.report_summary import date_words
from cvo_workshop.model.backlog import BY_HAND, Backlog, BacklogItem, Horizon, TestPlan
from cvo_workshop.model.brand import NEUTRAL, Brand
from cvo_workshop.model.grooming import RESULT_COLUMNS

SCHEMA_ID = "https://cvo-workshop.dev/schemas/backlog-1.json"

#: CSV columns: the first five are what Jira, Linear and Trello (via CSV
#: power-ups) map on import; the rest keep everything else about an item.
CSV_COLUMNS = (
    "Summary",
    "Description",
    "Priority",
    "Labels",
    "Assignee",
    "Rank",
    "Horizon",
    "Score",
    "Breakdown",
    "Why",
    "Cohorts",
    "Reach",
    "Kind",
    "Card",
    "KPI",
    "Current state",
    "New state",
    "Test metric",
    "Hypothesis",
    "Guardrails",
    "Baseline rate",
    "Min. detectable effect",
    "Hold-out",
    "Test duration",
    "Weeks",
    "Result",
    "Measured lift",
    "Learning",
    "Notes",
    "Item",
)


#: Jira's priority names, by horizon (low-hanging fruit in now is Highest).
PRIORITY = {
    Horizon.NOW: "High",
    Horizon.NEXT: "Medium",
    Horizon.LATER: "Low",
    Horizon.BLOCKED: "Lowest",
}


#: Jira's priority names, highest first.
LEVELS = ("Highest", "High", "Medium", "Low", "Lowest")


def priority(item: BacklogItem) -> str:
    """The item's priority by itself; `priorities` caps it by the items ranked before."""
    if item.horizon is Horizon.NOW and item.low_hanging:
        return "Highest"
    return PRIORITY[item.horizon]


def priorities(items: Sequence[BacklogItem]) -> dict[str, str]:
    """Priority by item id, never above that of an item ranked before it: a low-hanging
    fruit placed by hand below other work is no longer Highest. Priority follows Rank."""
    out: dict[str, str] = {}
    floor = 0
    for item in sorted(items, key=lambda i: i.rank):
        floor = max(floor, LEVELS.index(priority(item)))
        out[item.id] = LEVELS[floor]
    return out


def labels(item: BacklogItem) -> list[str]:
    """Labels without spaces (Jira splits on them): horizon, kind, cohorts."""
    out = [f"horizon-{item.horizon.value}", f"kind-{item.kind.value}"]
    out += [f"cohort-{c.id}" for c in item.cohorts]
    if item.low_hanging:
        out.append("low-hanging-fruit")
    return out


def cohorts_text(item: BacklogItem, name: Callable[[str], str] = str) -> str:
    """'Champions (10% of customers); New'; `name` sets each cohort's name apart
    from our words (script.isolate, in the PDFs)."""
    parts = []
    for c in item.cohorts:
        share = f" ({share_percent(c.share)} of customers)" if c.share is not None else ""
        parts.append(name(c.name) + share)
    return "; ".join(parts)


def description(item: BacklogItem) -> str:
    """The item in a few plain lines, for a ticket's description."""
    card = item.card
    lines = [card.prompt] if card.prompt else []
    if getattr(card, "description", ""):
        lines.append(card.description)  # type: ignore[union-attr]
    lines += [
        "",
        f"For: {cohorts_text(item)}",
        f"Score: {item.breakdown.text}",
        f"Horizon: {item.horizon.label}. {item.why}",
    ]
    if item.kpi:
        lines.append(f"KPI: {item.kpi}")
    plan = item.test_plan
    if plan.hypothesis:
        lines.append(f"Hypothesis: {plan.hypothesis}")
    if plan.guardrails:
        lines.append(f"Guardrails: {guardrails_line(plan)}")
    if plan.current_state or plan.new_state:
        lines.append(f"Test: {plan.current_state or '(current state)'} vs {plan.new_state or '?'}")
    lines.append(f"Test size: {size_line(plan)}")
    if plan.result:
        lines.append(f"Result: {result_line(plan.result)}")
    if item.notes:
        lines += ["", item.notes]
    return "\n".join(lines).strip()


def csv_row(item: BacklogItem, priority: str) -> dict[str, str]:
    plan = item.test_plan
    row = {
        "Summary": item.title,
        "Description": description(item),
        "Priority": priority,
        "Labels": " ".join(labels(item)),
        "Assignee": item.owner,
        "Rank": str(item.rank),
        "Horizon": item.horizon.value,
        "Score": "" if item.score is None else f"{item.score:g}",
        "Breakdown": item.breakdown.text,
        "Why": item.why,
        "Cohorts": "; ".join(c.id for c in item.cohorts),
        "Reach": "" if item.reach is None else plain_number(item.reach),
        "Kind": item.kind.value,
        "Card": item.card.id,
        "KPI": item.kpi,
        "Current state": plan.current_state,
        "New state": plan.new_state,
        "Test metric": plan.metric,
        "Hypothesis": plan.hypothesis,
        "Guardrails": guardrails_line(plan),
        "Baseline rate": "" if plan.baseline_rate is None else typed_percent(plan.baseline_rate, 3),
        "Min. detectable effect": typed_percent(plan.min_detectable_effect, 3),
        "Hold-out": typed_percent(plan.holdout, 3),
        "Test duration": plan.estimate.summary if plan.estimate else "",
        "Weeks": weeks(plan),
        **{RESULT_COLUMNS[f]: v for f, v in typed_result(item).items()},
        "Notes": item.notes,
        "Item": item.id,
    }
    return row


def weeks(plan: TestPlan) -> str:
    """The weeks the test needs, for a tracker's numeric column ("" when unknown)."""
    e = plan.estimate
    return "" if e is None or e.weeks is None else f"{e.weeks:.1f}"


def to_csv(backlog: Backlog, brand: Brand = NEUTRAL) -> str:
    """One row an item; no brand (model/brand.py says why)."""
    ranked = priorities(backlog.items)
    rows = [
        [row[c] for c in CSV_COLUMNS] for row in (csv_row(i, ranked[i.id]) for i in backlog.items)
    ]
    return csv_text([CSV_COLUMNS, *rows])


def read_csv(text: str) -> list[dict[str, str]]:
    """Rows of a CSV export, cells as they were before escaping."""
    header, *rows = read_rows(text)
    return [dict(zip(header, row, strict=True)) for row in rows]


# --- Markdown ---------------------------------------------------------------

# What would change meaning inline (md() never puts text at a line's start,
# so #, -, + and "1." need no escaping).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def md(text: str) -> str:
    """Text shown literally in Markdown: specials escaped, line breaks kept,
    control and invisible characters shown (a reader sees what is there)."""
    lines = printable(text.replace("\r\n", "\n").replace("\r", "\n"))
    return _MD_SPECIAL.sub(r"\\\1", lines.replace("&", "&amp;")).replace("\n", "<br>")


def _md_brand(brand: Brand) -> list[str]:
    """The brand's lines under the heading: who for whom, version and date; the
    confidentiality line in italics. None for a neutral brand."""
    said = [
        f"Prepared by {md(brand.credit())}" if brand.consultant else md(brand.credit()),
        f"version {md(brand.version)}" if brand.version else "",
        date_words(brand.date) if brand.date else "",
    ]
    lines = [" · ".join(x for x in said if x)]
    if brand.confidential:
        lines.append(f"*{md(brand.confidential)}*")
    lines = [line for line in lines if line]
    # Two spaces end a Markdown line without starting a paragraph.
    return [*(line + "  " for line in lines), ""] if lines else []


def to_markdown(backlog: Backlog, brand: Brand = NEUTRAL) -> str:
    w = backlog.workshop
    title = md(brand.title) if brand.title else "Backlog"
    out = [f"# {title}: {md(brand.client or w.organization)}", "", *_md_brand(brand)]
    meta = [f"Workshop of {w.created:%Y-%m-%d}", f"framework {backlog.framework.label}"]
    if w.facilitator:
        meta.append(f"facilitator {md(w.facilitator)}")
    level = maturity_label(backlog.maturity, backlog.assessment)
    meta.append(f"maturity {md(level)}")
    out += [" · ".join(meta), ""]
    if w.goals:
        out += ["Goals: " + "; ".join(md(g) for g in w.goals), ""]
    if not backlog.items:
        out += ["No item was accepted.", ""]
    for horizon in Horizon:
        items = backlog.horizon(horizon)
        if not items:
            continue
        out += [f"## {horizon.label} ({len(items)})", ""]
        out += ["| # | Item | Cohorts | Kind | Score | Owner |", "|---|---|---|---|---|---|"]
        for i in items:
            score = md(i.breakdown.text)
            mark = f" {BY_HAND}" if i.by_hand else ""
            out.append(
                f"| {i.rank} | **{md(i.title)}**{mark} | {md(cohorts_text(i))} | {i.kind.label}"
                f" | {score} | {md(i.owner) or '–'} |"
            )
        out.append("")
        for i in items:
            out += [f"### {i.rank}. {md(i.title)}", "", md(i.why), ""]
            if i.kpi:
                out.append(f"- KPI: {md(i.kpi)}")
            plan = i.test_plan
            if plan.hypothesis:
                out.append(f"- Hypothesis: {md(plan.hypothesis)}")
            if plan.guardrails:
                out.append(f"- Guardrails: {md(guardrails_line(plan))}")
            if plan.current_state or plan.new_state:
                out.append(
                    f"- Test: {md(plan.current_state or 'current state')}"
                    f" vs {md(plan.new_state or '?')}"
                )
            out.append(f"- Test size: {md(size_line(plan))}")
            if plan.result:
                out.append(f"- Result: {md(result_line(plan.result))}")
            if i.notes:
                out.append(f"- Notes: {md(i.notes)}")
            out.append("")
    for name, rows in (("Parking lot", backlog.parked), ("Rejected", backlog.rejected)):
        if rows:
            out += [f"## {name} ({len(rows)})", ""]
            out += [
                f"- {md(r.title)} for {md(r.cohort.name)}"
                + (f": {md(r.reason)}" if r.reason else "")
                for r in rows
            ]
            out.append("")
    if backlog.live:
        out += [f"## {LIVE_HEADING} ({len(backlog.live)})", ""]
        out += [f"- {md(c.title)} ({live_origin(c.draw)})" for c in backlog.live]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


# --- JSON -------------------------------------------------------------------


#: A brand's fields the JSON export carries: the logo and the template are files
#: named relative to the brand file, meaningless to a program reading the export.
_JSON_BRAND = (
    *("consultant", "client", "title", "confidential", "version", "date"),
    *("colour", "accent"),
)


def to_json(backlog: Backlog, brand: Brand = NEUTRAL) -> str:
    """The backlog record; with a brand, its "brand" object first."""
    data = backlog.model_dump_json(indent=2)
    given = brand.model_dump(mode="json", include=set(_JSON_BRAND), exclude_none=True)
    if not given:
        return data + "\n"
    head = json.dumps({"brand": given}, indent=2, ensure_ascii=False)
    # Spliced rather than re-serialised: the record's own JSON stays exactly as it is.
    return head[:-2] + ",\n" + data[2:] + "\n"


def json_schema() -> dict[str, Any]:
    """The published JSON Schema of the JSON export."""
    schema = Backlog.model_json_schema(mode="serialization")
    brand = Brand.model_json_schema(mode="serialization")
    schema["properties"] = {
        "brand": {
            "type": "object",
            "description": "Who made the deliverable for whom (a brand file's fields).",
            "properties": {k: brand["properties"][k] for k in _JSON_BRAND},
            "additionalProperties": False,
        },
        **schema["properties"],
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2) + "\n"


FORMATS = {"csv": to_csv, "md": to_markdown, "json": to_json}
