"""The backlog report (export/report.py), read back with pypdf and poppler."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from cvo_workshop.engine.backlog import build
from cvo_workshop.export.report import render_report
from cvo_workshop.model.grooming import ItemEdited
from cvo_workshop.model.workshop import Decided, Decision
from tests.backlog_fixtures import many, sample
from tests.maturity_fixtures import result


def _read(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def _outline(reader: PdfReader) -> list:
    def walk(nodes, depth=0):
        out = []
        for n in nodes:
            if isinstance(n, list):
                out += walk(n, depth + 1)
            else:
                out.append((depth, n.title))
        return out

    return walk(reader.outline)


@pytest.fixture(scope="module")
def assessed():
    backlog = build(sample(assessment=result(), maturity=None).state)
    pdf, warnings = render_report(backlog)
    return backlog, pdf, warnings


def test_the_report_has_every_part_and_bookmarks_for_them(assessed):
    backlog, pdf, warnings = assessed
    reader, text = _read(pdf)
    assert warnings == []
    assert 7 <= len(reader.pages) <= 12
    outline = _outline(reader)
    top = [t for d, t in outline if d == 0]
    assert top == [
        "Contents",
        "Executive summary",
        "Maturity",
        "Value and effort",
        "Roadmap",
        "Prioritized backlog",
        "Appendix: items",
        "Parking lot and rejected",
    ]
    assert [t for d, t in outline if d == 1][:5] == [f"{i.rank}. {i.title}" for i in backlog.items]
    for part in ("Personalization backlog", "Acme Outdoor", "Improve retention", "Fran"):
        assert part in text
    # The contents page lists the sections with page numbers.
    contents = " ".join(reader.pages[1].extract_text().split())
    assert "Maturity" in contents and "5. Consent reuse" in contents


def test_every_item_with_its_breakdown_why_and_test_plan(assessed):
    backlog, pdf, _ = assessed
    _, text = _read(pdf)
    for item in backlog.items:
        assert item.title in text
        assert item.breakdown.text in text
    assert "Blocked: it requires consent-center, not in the backlog." in text
    assert "New state: buyers excluded for 30 days" in text
    assert "after the replatform" in text and "cheapens the brand" in text


def test_the_maturity_summary_shows_levels_targets_and_tactics(assessed):
    _, pdf, _ = assessed
    _, text = _read(pdf)
    assert "People 2.4" in text and "Technology 3.1" in text  # radar labels
    assert "Cross-Life Cycle" in text  # the targets
    assert "Strategy tactics A-E" in text


def test_page_numbers_and_running_header_after_the_cover(assessed):
    _, pdf, _ = assessed
    reader, _ = _read(pdf)
    assert "Page" not in reader.pages[0].extract_text()
    total = len(reader.pages)
    for n, page in enumerate(reader.pages[1:], start=2):
        text = " ".join(page.extract_text().split())
        assert f"Page {n} of {total}" in text
        assert "Acme Outdoor · personalization backlog" in text


def test_without_an_assessment_the_report_says_how_items_were_gated():
    _, text = _read(render_report(build(sample(maturity=None).state))[0])
    assert "No assessment is attached" in text
    assert "as if the organization were Incidental" in text
    _, text = _read(render_report(build(sample().state))[0])
    assert "set the capability level by hand: Disciplined" in text


def test_an_unassessed_organization_is_worded_as_every_export_and_screen_words_it():
    from cvo_workshop.engine.dealing import maturity_label
    from cvo_workshop.export.backlog_files import to_markdown

    backlog = build(sample(maturity=None).state)
    words = "not assessed (taken as Incidental)"
    assert maturity_label(None, None) == words
    _, text = _read(render_report(backlog)[0])
    assert words in " ".join(text.split())
    assert f"maturity {words}" in to_markdown(backlog)


def test_an_empty_backlog_still_makes_a_report():
    reader, text = _read(render_report(build(many(0).state))[0])
    assert "No pairing was accepted" in text
    assert len(reader.pages) >= 3


def test_text_prints_literally_in_any_script_and_missing_glyphs_are_reported():
    p = sample()
    p.add(ItemEdited(at=p.at(), item="d1", field="title", value="Zażółć <b>gęślą</b> &amp; [x]"))
    p.add(ItemEdited(at=p.at(), item="d2", field="notes", value="Ελληνικά · Українська </para>"))
    p.add(ItemEdited(at=p.at(), item="d3", field="owner", value="王芳"))
    pdf, warnings = render_report(build(p.state))
    reader, text = _read(pdf)
    assert "Zażółć <b>gęślą</b> &amp; [x]" in text
    assert "Ελληνικά · Українська </para>" in text
    assert "Ana <CRM> & [bold]co[/]" in text
    assert any("U+738B" in w for w in warnings)
    assert "1. Zażółć <b>gęślą</b> &amp; [x]" in [t for _, t in _outline(reader)]


def test_look_alike_names_typed_on_phones_print_as_the_names_they_stand_for():
    from cvo_workshop.model.workshop import Participant

    # Full-width letters: the fonts lack them, engine/names.py takes them for Ben and Chloe.
    ben, chloe = "\uff22\uff45\uff4e", "\uff23\uff48\uff4c\uff4f\uff45"
    p = sample(participants=[Participant(name=ben, role="Data"), Participant(name=chloe)])
    p.add(ItemEdited(at=p.at(), item="d2", field="notes", value=f"{chloe}: We tried this"))
    pdf, warnings = render_report(build(p.state))
    _, text = _read(pdf)
    assert "Participants Ben (Data), Chloe" in text
    assert "Notes: Chloe: We tried this" in text
    assert "\ufffd" not in text and warnings == []


def test_the_missing_glyph_warning_names_every_field_a_character_is_missing_in():
    p = sample()
    p.add(ItemEdited(at=p.at(), item="d2", field="notes", value="王芳 said so"))
    p.add(ItemEdited(at=p.at(), item="d3", field="owner", value="王芳 and Ｂｅｎ"))
    warnings = render_report(build(p.state))[1]
    assert len(warnings) == 1
    assert "2 characters ('王'" in warnings[0]
    # Every field; the full-width letters print (as Ben), so none is named for them.
    assert "in 4 fields (notes; owner; summary; table)" in warnings[0]


def test_an_item_moved_out_of_now_by_hand_is_not_called_low_hanging_fruit():
    from cvo_workshop.model.backlog import Horizon
    from cvo_workshop.model.grooming import ItemMoved

    p = sample()
    assert build(p.state).items[0].low_hanging  # the premise: #1 Exclusion list
    p.add(ItemMoved(at=p.at(), item="d1", horizon=Horizon.LATER, reason="peak season"))
    pages = _pages(render_report(build(p.state))[0])
    table = " ".join(pages[_page_with(pages, "Prioritized backlog")].split())
    assert "Later (by hand)" in table
    assert "low-hanging" not in table  # neither beside it nor in the footnote
    summary = pages[_page_with(pages, "Executive summary")]
    assert "Low-hanging fruit" not in summary


def test_a_draw_or_item_without_a_score_reads_not_scored_not_what_to_enter():
    from tests.backlog_fixtures import card

    p = sample()  # "Spin the wheel" is rejected unscored
    p.draw(card("gift-finder"), "new", impact=2)  # accepted with one factor of three
    pages = _pages(render_report(build(p.state))[0])
    rejected = pages[_page_with(pages, "Rejected (1)")].split("Rejected (1)")[-1]
    assert "Spin the wheel New cheapens the brand RICE: not scored" in rejected
    text = " ".join(pages)
    assert "Gift finder New (20% of customers) Customization RICE: not scored" in text
    assert "Now · Customization · RICE: not scored" in text  # the item's section
    assert "Score: RICE: not scored" in text
    assert "needs Impact" not in text and "needs Confidence" not in text


def test_an_items_factors_read_by_label_with_their_source_in_one_pair_of_parentheses():
    from cvo_workshop.model.workshop import Participant, Scored
    from tests.backlog_fixtures import card

    people = [Participant(name=n) for n in ("Ana", "Ben", "Cy")]
    p = sample(participants=people)
    n = p.draw(card("gift-finder"), "new", decision=None, confidence=80, effort=1)
    for who, impact in (("Ana", 2), ("Ben", 2), ("Cy", 3)):
        p.add(Scored(at=p.at(), draw=n, participant=who, factors={"impact": impact}))
    p.add(Decided(at=p.at(), draw=n, decision=Decision.ACCEPTED))
    _, text = _read(render_report(build(p.state))[0])
    assert (
        "Reach: 20% (cohort share); Impact: High (2, median of 3); "
        "Confidence: Medium (80%, consensus); Effort: 1 person-month (consensus)"
    ) in text
    assert "impact:" not in text and ") (" not in text


def test_a_cohorts_share_and_a_typed_effort_read_as_the_score_uses_them():
    from cvo_workshop.model.workshop import Framework
    from tests.backlog_fixtures import Play, card, cohort, setup

    # Loyal: 17.51% of customers (as `cohorts rfm` measures), an effort typed 1.004.
    p = Play(setup(Framework.RICE, cohorts=[cohort("loyal", 0.1751)]))
    p.draw(card("occasion-calendar"), "loyal", impact=2, confidence=80, effort=1.004)
    _, text = _read(render_report(build(p.state))[0])
    # One precision for the share, the reach's: not "18%" above "17.5% reach".
    assert "For: Loyal (17.5% of customers)" in text and "18%" not in text
    # The effort as typed, so the formula multiplies out to the score (27.9, not 28).
    assert "RICE 27.9 = 17.5% reach x 2 impact x 80% confidence / 1.004 person-months" in text
    assert "Effort: 1.004 person-months" in text and "/ 1 person-month" not in text


def test_letter_paper():
    reader, _ = _read(render_report(build(sample().state), paper="letter")[0])
    assert [round(float(x)) for x in reader.pages[0].mediabox[2:]] == [612, 792]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_pages_render_with_poppler(assessed, tmp_path):
    from PIL import Image

    _, pdf, _ = assessed
    (tmp_path / "r.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "30", "-png", "-f", "4", "-l", "4", tmp_path / "r.pdf", tmp_path / "p"],
        check=True,
    )
    (png,) = tmp_path.glob("p-*.png")
    image = Image.open(png).convert("RGB")
    # The maturity page carries the charts' blue and the targets' red.
    colours = {c for _, c in image.getcolors(maxcolors=100_000)}
    assert any(b > 150 and r < 100 for r, g, b in colours)
    assert any(r > 150 and g < 90 and b < 90 for r, g, b in colours)


def _roadmap_pages(backlog, reader: PdfReader) -> dict[int, list[int]]:
    """Page index -> ranks of the roadmap entries ("#3 Title") printed on it
    (the executive summary, which names items alike, left out)."""
    out: dict[int, list[int]] = {}
    for n, page in enumerate(reader.pages):
        text = " ".join(page.extract_text().split())
        if "Executive summary" in text:
            continue
        ranks = [i.rank for i in backlog.items if f"#{i.rank} {i.title}" in text]
        if ranks:
            out[n] = ranks
    return out


@pytest.fixture
def demo_backlog(tmp_path, cli, monkeypatch):
    """The backlog `cvo-workshop demo` plays: a realistic, groomed workshop."""
    from cvo_workshop.service.backlog import backlog_of

    assert cli("demo", "-o", tmp_path / "d").exit_code == 0
    # As `backlog export` builds it: required cards named by the deck's titles.
    return backlog_of(tmp_path / "d" / "demo.workshop.jsonl").backlog


def test_the_roadmap_stays_on_one_page_on_letter(demo_backlog):
    backlog = demo_backlog
    for paper in ("letter", "a4"):
        reader, _ = _read(render_report(backlog, paper=paper)[0])
        pages = _roadmap_pages(backlog, reader)
        assert len(pages) == 1, (paper, pages)
        assert sorted(next(iter(pages.values()))) == [i.rank for i in backlog.items]


def test_a_roadmap_too_long_for_a_page_says_how_many_more():
    import re

    backlog = build(many(240).state)
    reader, _ = _read(render_report(backlog)[0])
    pages = _roadmap_pages(backlog, reader)
    assert len(pages) == 1, pages
    ((page, ranks),) = pages.items()
    text = " ".join(reader.pages[page].extract_text().split())
    more = [int(n) for n in re.findall(r"and (\d+) more", text)]
    assert more, text[:500]
    assert len(ranks) + sum(more) == len(backlog.items)


def test_disagreements_show_the_questions_in_words_not_their_ids(builtin_questionnaire):
    bank = builtin_questionnaire
    ids = [q.id for q in bank.questions[:3]]
    assessment = result().model_copy(update={"disagreements": [*ids, "custom.unknown"]})
    backlog = build(sample(assessment=assessment, maturity=None).state)

    _, text = _read(render_report(backlog, questionnaire=bank)[0])
    assert "Disagreement on 4 questions" in text
    for q in bank.questions[:3]:
        assert " ".join(q.text.split()) in text
    assert "and 1 more, not in the questionnaire at hand" in text
    assert not any(qid in text for qid in [*ids, "custom.unknown"])

    # No bank at hand (or another one): counted, never listed as ids.
    other = bank.model_copy(
        update={"questionnaire": bank.questionnaire.model_copy(update={"id": "other"})}
    )
    for given in (None, other):
        _, text = _read(render_report(backlog, questionnaire=given)[0])
        assert "Disagreement on 4 questions" in text
        assert not any(qid in text for qid in [*ids, "custom.unknown"])
        assert " ".join(bank.questions[0].text.split()) not in text


def test_the_tables_footnote_stays_with_the_tables_last_rows():
    import re

    from cvo_workshop.model.backlog import Horizon
    from cvo_workshop.model.grooming import ItemMoved

    # Around the size where the table's end meets a page's foot.
    for n in range(33, 39):
        p = many(n)
        first = build(p.state).items[0].id
        p.add(ItemMoved(at=p.at(), item=first, horizon=Horizon.LATER, reason="hand"))
        backlog = build(p.state)
        reader, _ = _read(render_report(backlog)[0])
        pages = [" ".join(page.extract_text().split()) for page in reader.pages]
        (page,) = [t for t in pages if "placed by hand by the facilitator" in t]
        rows = [i for i in backlog.items if re.search(rf"(?<![#\d]){i.rank} {i.title}", page)]
        assert len(rows) >= 2, (n, page[:300])
        assert backlog.items[-1] in rows


def test_each_items_section_is_on_one_page_when_it_fits(demo_backlog):
    backlog = demo_backlog
    for paper in ("a4", "letter"):
        reader, _ = _read(render_report(backlog, paper=paper)[0])
        pages = [" ".join(page.extract_text().split()) for page in reader.pages]
        start = max(n for n, t in enumerate(pages) if "Contents" in t) + 1
        for i in backlog.items:
            head = next(n for n in range(start, len(pages)) if f"{i.rank}. {i.title}" in pages[n])
            # The section's last line: its score and factors.
            tail = next(
                n for n in range(head, len(pages)) if f"Score: {i.breakdown.text}" in pages[n]
            )
            assert head == tail, (paper, i.rank, head, tail)


def test_chart_legends_explain_the_target_line_only_when_one_is_drawn():
    from reportlab.graphics.shapes import String

    from cvo_workshop.export.report_charts import radar, tactic_bars

    def words(drawing) -> list[str]:
        return [s.text for s in drawing.contents if isinstance(s, String)]

    with_targets = result()
    no_tactic_targets = with_targets.model_copy(
        update={"strategy": [t.model_copy(update={"target": None}) for t in with_targets.strategy]}
    )
    no_dimension_targets = with_targets.model_copy(
        update={
            "capability": [d.model_copy(update={"target": None}) for d in with_targets.capability]
        }
    )
    assert "target" in words(tactic_bars(with_targets, 250, 190))
    assert "target" in words(radar(with_targets, 250, 190))
    bars = words(tactic_bars(no_tactic_targets, 250, 190))
    assert "target" not in bars and "current" in bars
    spokes = words(radar(no_dimension_targets, 250, 190))
    assert "target" not in spokes and "current" in spokes


LONGEST = 4000  # what the records allow for a typed text


@pytest.mark.parametrize("fmt", ["pdf", "cards", "csv", "md", "json"])
def test_every_typed_text_at_its_longest_exports(cli, tmp_path, fmt):
    """A 4,000-character owner, reason or note (all the model allows) never ends
    in a traceback: a table cell is cut with a note, a section runs on."""
    from cvo_workshop.model.backlog import Horizon
    from cvo_workshop.model.grooming import ItemMoved
    from cvo_workshop.model.workshop import Decision, Noted
    from tests.backlog_fixtures import card

    p = sample()
    words = ("Ana-Maria Kowalska " * 300)[:LONGEST]
    for field in ("owner", "kpi", "notes", "current_state", "new_state", "metric"):
        p.add(ItemEdited(at=p.at(), item="d1", field=field, value=words))
    p.add(ItemMoved(at=p.at(), item="d2", horizon=Horizon.LATER, reason=words))
    n = p.draw(card("long-parked"), "new", Decision.PARKED, words)
    p.add(Noted(at=p.at(), draw=n, text=words))
    workshop = tmp_path / "long.workshop.jsonl"
    p.save(workshop)
    out = tmp_path / f"long.{fmt}"
    result = cli("backlog", "export", workshop, "--format", fmt, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0
    if fmt == "pdf":
        _, text = _read(out.read_bytes())
        assert "more lines cut" in text  # the parked draw's reason, in the table
        assert text.count("Ana-Maria") > 200  # the item's own section prints it all


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def _page_with(pages: list[str], heading: str) -> int:
    """The index of the page a section starts on (its heading and what follows)."""
    return next(n for n, t in enumerate(pages) if n > 1 and heading in t)


def test_the_executive_summary_comes_first_after_the_contents(demo_backlog):
    pages = _pages(render_report(demo_backlog)[0])
    n = _page_with(pages, "Executive summary")
    assert n == 2 and "Contents" in pages[1]
    page = pages[n]
    assert "Northwind Outdoor (demo) is at Incidental capability (1.2 of 4)." in page
    assert "Process: Incidental (1.2), target Cross-Life Cycle: 1.8 to go" in page
    assert "Low-hanging fruit to start now • #1 Birthday treat" in page
    # What unlocks the blocked items, by the required cards' titles.
    assert (
        "Product data good enough to personalize unlocks #10 Product configurator,"
        " #12 Saved sizes and fit profile, #13 Personalized assortment •"
    ) in page
    # #17 requires two cards: neither alone is said to unlock it.
    assert (
        "Remember last season's size and Product data good enough to personalize"
        " together unlock #17 Fit advice from their own returns"
    ) in page
    assert "Now 2 items 3.5 person-months" in page and "Blocked 8 items" in page
    assert "Ana: #1, #4" in page and "No owner yet: #7" in page
    assert "Parked: Product data good enough to personalize for Loyal (after the new" in page
    assert "Respondents disagree on 8 assessment questions" in page
    # #2 Welcome series: the deck says low effort, the room scored 3 person-months.
    assert "Next steps • Start the low-hanging fruit: #1. • Plan the rest of Now: #2." in page


def test_a_horizon_of_one_person_month_says_it_in_the_singular():
    from cvo_workshop.model.card import Capability, Effort, Kind
    from cvo_workshop.model.workshop import Framework
    from tests.backlog_fixtures import Play, card, setup

    p = Play(setup(Framework.RICE))
    quick = card("welcome", kind=Kind.AUTOMATION, cap=Capability.INCIDENTAL, effort=Effort.LOW)
    p.draw(quick, "everyone", impact=1, confidence=80, effort=1)
    _, text = _read(render_report(build(p.state))[0])
    assert "Now 1 item 1 person-month" in text
    assert "Effort: 1 person-month" in text and "1 person-months" not in text


def test_the_executive_summary_gives_no_command_lines(demo_backlog):
    pages = _pages(render_report(demo_backlog)[0])
    page = pages[_page_with(pages, "Executive summary")]
    assert "cvo-workshop " not in page.replace("cvo-workshop 0.", "")
    assert "`" not in page and "--" not in page


def test_the_value_effort_matrix_follows_the_maturity_with_every_item_numbered(demo_backlog):
    pages = _pages(render_report(demo_backlog)[0])
    n = _page_with(pages, "Value and effort")
    assert _page_with(pages, "Maturity") < n < _page_with(pages, "Roadmap")
    page = pages[n]
    for name in ("Quick wins", "Big bets", "Fill-ins", "Money pits"):
        assert name in page
    assert "Effort (person-months, log scale)" in page and "Score" in page
    assert "Bubble area: reach (customers)" in page
    import re

    listed = [int(r) for r in re.findall(r"#(\d+)", page)]
    assert sorted(listed) == [i.rank for i in demo_backlog.items]


def test_the_matrix_sizes_bubbles_by_revenue_when_reach_is_revenue():
    from cvo_workshop.model.grooming import ReachBasis, ReachBasisSet

    p = sample()
    p.add(ReachBasisSet(at=p.at(), basis=ReachBasis.REVENUE))
    pages = _pages(render_report(build(p.state))[0])
    assert "Bubble area: reach (share of revenue)" in pages[_page_with(pages, "Value and effort")]


def test_the_matrix_plots_ease_easiest_first_for_ice():
    pages = _pages(render_report(build(many(12).state))[0])
    page = pages[_page_with(pages, "Value and effort")]
    assert "Ease (10 = easiest), easy to hard" in page
    assert "Quick wins:" in page


def test_the_tactics_are_shown_in_answer_words_not_as_a_share_in_use(assessed):
    _, pdf, _ = assessed
    pages = _pages(pdf)
    page = pages[_page_with(pages, "Capability")]
    assert "share in use" not in page and "Used" not in page
    assert "%" not in page
    for word in ("No", "Ad hoc", "Routinely", "Continuously"):
        assert word in page  # the chart's scale
    # A: used 0.8 (between Routinely 0.5 and Continuously 1), measured 0.4, target 0.6.
    assert (
        "A Targeted marketing: in use Routinely to Continuously, effect measured Ad hoc to"
        " Routinely" in " ".join(page.split())
    )


def test_answer_words_name_a_step_or_the_two_steps_around_a_mean():
    from cvo_workshop.engine.maturity import answer_words

    assert [answer_words(v) for v in (0.0, 0.25, 0.5, 1.0, None)] == [
        "No",
        "Ad hoc",
        "Routinely",
        "Continuously",
        "—",
    ]
    assert answer_words(0.375) == "Ad hoc to Routinely"


def test_empty_fields_are_left_out_not_printed_as_placeholders(demo_backlog):
    _, text = _read(render_report(demo_backlog)[0])
    assert "(to describe)" not in text and "(a KPI to choose)" not in text
    # Item 1 has a full test plan; item 4 no current or new state, so no placeholder.
    assert "Test plan: Current state: what customers get today" in text
    assert "Test plan: Decided by: orders from occasion reminders" in text


def test_no_heading_ends_a_page():
    """Every bookmarked heading has text after it on its own page. The last item's
    notes grow a line at a time, moving the parking lot's and the rejected draws'
    headings across the foot of a page (lengths where they ended pages before)."""
    for n in range(20, 40):
        p = sample()
        last = build(p.state).items[-1].id
        p.add(ItemEdited(at=p.at(), item=last, field="notes", value="\n".join(["note"] * n)))
        backlog = build(p.state)
        pdf, _ = render_report(backlog)
        reader = PdfReader(io.BytesIO(pdf))
        pages = [" ".join(p.extract_text().split()) for p in reader.pages]

        def walk(nodes):
            for node in nodes:
                if isinstance(node, list):
                    yield from walk(node)
                else:
                    yield node

        for mark in walk(reader.outline):
            if mark.title == "Contents":
                continue
            text = pages[reader.get_destination_page_number(mark)]
            title = " ".join(mark.title.split())
            assert title in text, (len(backlog.items), title)
            after = text.split(title, 1)[1].strip()
            assert after, (len(backlog.items), title, text[-200:])


def test_owner_names_are_not_broken_mid_word_in_the_table():
    p = sample()
    p.add(ItemEdited(at=p.at(), item="d1", field="owner", value="Maximiliana Kowalska-Wiśniewska"))
    pages = _pages(render_report(build(p.state))[0])
    page = pages[_page_with(pages, "Prioritized backlog")]
    assert "Maximiliana Kowalska-Wiśniewska" in page


def test_a_long_organization_name_is_cut_in_the_running_header():
    long_name = "Northwind Outdoor and Mountain Equipment Cooperative " * 4
    b = build(sample().state)
    b = b.model_copy(
        update={"workshop": b.workshop.model_copy(update={"organization": long_name.strip()})}
    )
    pages = _pages(render_report(b)[0])
    assert " ".join(long_name.split()) in pages[0]  # the cover has it whole
    contents = pages[1]  # a page with nothing but the header naming the organization
    assert " ".join(long_name.split()) not in contents
    assert "Northwind Outdoor and Mountain" in contents and "…" in contents
    assert "20 November 2026 · RICE" in contents


def test_empty_parking_lot_and_rejected_print_no_section():
    pages = _pages(render_report(build(many(4).state))[0])
    text = " ".join(pages)
    assert "Parking lot" not in text and "Rejected" not in text and "None." not in text


def test_one_date_format_and_person_months_in_words(demo_backlog):
    import re

    _, text = _read(render_report(demo_backlog)[0])
    assert "20 November 2026" in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)
    assert " pm" not in text.replace(" pm)", "")
    assert "Effort: 0.5 person-months" in text


def test_blocked_items_name_what_they_require_by_title_or_else_by_id():
    from cvo_workshop.export.report_summary import required_names

    item = build(sample().state).items[0]
    why = "Blocked: it requires “Consent, centre” and loyalty-programme, not in the backlog."
    blocked = item.model_copy(
        update={"why": why, "blocked_by": ["consent-centre", "loyalty-programme"]}
    )
    assert required_names(blocked) == ["Consent, centre", "loyalty-programme"]
    odd = blocked.model_copy(update={"why": "Moved to Blocked by hand."})
    assert required_names(odd) == ["consent-centre", "loyalty-programme"]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_the_summary_and_the_matrix_render_with_poppler(demo_backlog, tmp_path):
    from PIL import Image

    pdf, _ = render_report(demo_backlog)
    pages = _pages(pdf)
    (tmp_path / "r.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-png", tmp_path / "r.pdf", tmp_path / "p"], check=True)
    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) == len(pages)

    def colours(n: int) -> set:
        image = Image.open(images[n]).convert("RGB")
        return {c for _, c in image.getcolors(maxcolors=1_000_000)}

    summary = colours(_page_with(pages, "Executive summary"))
    assert any(r < 60 and 60 < g < 110 and b > 100 for r, g, b in summary)  # the blue headings
    matrix = Image.open(images[_page_with(pages, "Value and effort")]).convert("RGB")
    # The bubbles: a light blue fill over a good part of the chart.
    bubbles = sum(
        n
        for n, (r, g, b) in matrix.getcolors(maxcolors=1_000_000)
        if b > 180 and r < 200 and b - r > 40
    )
    assert bubbles > 2_000


def test_the_contents_lines_link_to_their_sections(assessed):
    backlog, pdf, _ = assessed
    reader = PdfReader(io.BytesIO(pdf))
    links = [a.get_object() for a in reader.pages[1].get("/Annots", [])]
    targets = [reader.get_page_number(link["/Dest"][0].get_object()) for link in links]
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    # One link a contents line, in order, each to the page its heading is on.
    heads = ["Executive summary", "Maturity", "Value and effort", "Roadmap"]
    heads += ["Prioritized backlog", "Appendix: items"]
    heads += [f"{i.rank}. {i.title}" for i in backlog.items]
    heads += ["Parking lot and rejected", "Parking lot (1)", "Rejected (1)"]
    assert len(targets) == len(heads)
    for head, page in zip(heads, targets, strict=True):
        assert head in pages[page], head


def test_the_pdf_names_its_language_opens_its_bookmarks_and_embeds_every_font(assessed):
    _, pdf, _ = assessed
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert root["/PageMode"] == "/UseOutlines"
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            fonts.add(font.get_object()["/BaseFont"])
    # Only the embedded family: no Helvetica left for the viewer to substitute.
    assert fonts == {"/AAAAAA+DejaVuSansCondensed", "/AAAAAA+DejaVuSansCondensed-Bold"}


def test_items_at_one_place_on_the_matrix_share_one_label():
    from reportlab.graphics.shapes import String

    from cvo_workshop.export.fonts import register_fonts
    from cvo_workshop.export.report_charts import MatrixPoint, MatrixPoints, value_effort

    register_fonts()  # run alone, no report has registered them yet
    points = [
        MatrixPoint(1, 42, 0.5, 7),
        MatrixPoint(4, 42, 0.5, 7),
        MatrixPoint(2, 3, 3, 12),
    ]
    drawing = value_effort(MatrixPoints(points, [], False, "reach", (42, 0.5)), 400, 300)
    texts = [s.text for s in drawing.contents if isinstance(s, String)]
    assert "1, 4" in texts and "2" in texts


def test_long_lists_of_items_in_the_summary_and_matrix_are_counted_not_run_on():
    pages = _pages(render_report(build(many(80).state))[0])
    summary = pages[_page_with(pages, "Executive summary")]
    assert "No owner yet: #1, #2" in summary and "and 65 more" in summary
    matrix = pages[_page_with(pages, "Value and effort")]
    assert "more" in matrix


def test_the_cover_says_one_item_not_one_items():
    pages = _pages(render_report(build(many(1).state))[0])
    assert "1 item: 1 now" in pages[0] and "1 items" not in pages[0]


@pytest.mark.parametrize(
    ("top", "ticks"),
    [
        (49.74, ["0", "10", "20", "30", "40", "50"]),  # the demo read 0, 14, 29, 43
        (168, ["0", "50", "100", "150"]),  # read 0, 48, 97, 140
        (8.2, ["0", "2", "4", "6", "8"]),
        (0.9, ["0", "0.2", "0.4", "0.6", "0.8", "1"]),
        (2000, ["0", "500", "1000", "1500", "2000"]),
    ],
)
def test_the_matrix_score_axis_reads_round_evenly_spaced_ticks(top, ticks):
    from reportlab.graphics.shapes import String

    from cvo_workshop.export.fonts import register_fonts
    from cvo_workshop.export.report_charts import MatrixPoint, MatrixPoints, value_effort

    register_fonts()
    points = [MatrixPoint(1, top, 1, 10), MatrixPoint(2, top / 3, 2, 10)]
    drawing = value_effort(MatrixPoints(points, [], False, "reach"), 400, 300)
    # The score axis's tick labels: right-aligned against the axis, at the left.
    labels = [s for s in drawing.contents if isinstance(s, String) and s.textAnchor == "end"]
    labels = [s for s in labels if s.x < 40]
    assert [s.text for s in sorted(labels, key=lambda s: s.y)] == ticks


def test_numbers_that_would_print_over_each_other_share_a_label_wherever_they_fall():
    from cvo_workshop.export.report_charts import label_text, shared_labels

    # A character 5 wide, a label 11 high: #1 and #2 0.2 apart (either side of
    # where a grid of 12 would split them), #3 one line below, #4 far right.
    places = [(5.9, 0, 1), (6.1, 0, 2), (6, -12, 3), (40, 0, 4), (6, 0, 10)]
    labels = {label_text(ranks): (x, y) for x, y, ranks in shared_labels(places, (5, 11))}
    assert labels == {"1, 2, 10": (5.9, 0), "3": (6, -12), "4": (40, 0)}
    # A label grows with its ranks: a number beside a wide label joins it.
    wide = shared_labels([(0, 0, 100), (0, 0, 200), (14, 0, 300)], (5, 11))
    assert [ranks for *_, ranks in wide] == [[100, 200, 300]]


def _quadrants(pdf: bytes) -> dict[int, str]:
    """Each placed item's quadrant, as the lists under the value and effort matrix say."""
    return _quadrant_lists(_read(pdf)[1])


def _quadrant_lists(text: str) -> dict[int, str]:
    text = " ".join(text.split())
    out = {}
    for name in ("Quick wins", "Big bets", "Fill-ins", "Money pits"):
        found = re.search(rf"{name}: ((?:#\d+(?:, )?)+)", text)
        for rank in re.findall(r"#(\d+)", found.group(1) if found else ""):
            out[int(rank)] = name
    return out


def test_a_horizon_export_places_each_item_in_the_quadrant_the_whole_backlog_does(demo_backlog):
    from cvo_workshop.model.backlog import Horizon
    from cvo_workshop.service.exports import ExportOptions, render_export

    whole = _quadrants(render_export(demo_backlog, "pdf").data)
    part = render_export(demo_backlog, "pdf", ExportOptions(horizons=[Horizon.NOW, Horizon.NEXT]))
    placed = _quadrants(part.data)
    assert placed and set(placed) < set(whole)
    assert placed == {rank: whole[rank] for rank in placed}


def test_a_horizon_slide_deck_places_each_item_in_the_quadrant_the_whole_backlog_does(
    demo_backlog,
):
    from pptx import Presentation

    from cvo_workshop.model.backlog import Horizon
    from cvo_workshop.service.exports import ExportOptions, render_export

    def said(data: bytes) -> dict[int, str]:
        text = " ".join(
            shape.text_frame.text
            for slide in Presentation(io.BytesIO(data)).slides
            for shape in slide.shapes
            if shape.has_text_frame
        )
        return _quadrant_lists(text)

    whole = said(render_export(demo_backlog, "pptx").data)
    part = render_export(demo_backlog, "pptx", ExportOptions(horizons=[Horizon.NOW, Horizon.NEXT]))
    placed = said(part.data)
    assert placed and set(placed) < set(whole)
    assert placed == {rank: whole[rank] for rank in placed}


def test_a_horizon_s_effort_counts_the_items_not_estimated():
    from cvo_workshop.model.card import Capability, Effort, Kind
    from cvo_workshop.model.workshop import Framework
    from tests.backlog_fixtures import Play, card, setup

    p = Play(setup(Framework.RICE))
    quick = card("welcome", kind=Kind.AUTOMATION, cap=Capability.INCIDENTAL, effort=Effort.LOW)
    p.draw(quick, "everyone", impact=1, confidence=80, effort=1)
    p.draw(card("size-memory"), "everyone", impact=2, confidence=80, effort=0.5)
    p.draw(card("price-drop"), "everyone")  # accepted, never scored: no effort
    p.draw(card("made-to-order", cap=Capability.PERSONALIZED_BUSINESS), "everyone")
    _, text = _read(render_report(build(p.state))[0])
    assert "Now 3 items 1.5 person-months + 1 not estimated" in text
    assert "Later 1 item 1 not estimated" in text


def test_a_number_is_never_split_from_its_unit_across_report_lines():
    from itertools import pairwise

    from cvo_workshop.model.workshop import Decision
    from tests.backlog_fixtures import card

    p = sample()  # a parked draw scored: its score is in the parking lot's narrow column
    p.draw(
        card("gift-finder"), "new", Decision.PARKED, "later", impact=2, confidence=80, effort=0.5
    )
    pdf = render_report(build(p.state))[0]
    assert "Parking lot (2)" in " ".join(_pages(pdf))
    for page in PdfReader(io.BytesIO(pdf)).pages:
        lines = page.extract_text().splitlines()
        for line, after in pairwise(lines):
            if after.startswith("person-month"):
                assert not re.search(r"\d$", line.rstrip()), (line, after)
