"""The deck checker (tests/support/checkers/deck_check.py) fails small decks built to break each rule, passes a clean one.

Decks are built here with python-pptx on its own default template (4:3,
"Title and Content" body at 1.75-6.7 in); decorations are moved into the
layout or master as a template would carry them.  Fast: no LibreOffice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional, Sequence

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Inches, Pt

from tests.support.checkers.deck_check import CHECKS, check_deck

WORDS = "the committee reviewed each account and found that spending grew faster than the request".split()


def _notes(n: int) -> str:
    return " ".join(WORDS[i % len(WORDS)] for i in range(n)) + "."


def _bar(prs, where: str, left, top, width, height, shape=MSO_SHAPE.RECTANGLE) -> None:
    """Draw a decorative shape on a scratch slide and move it into layout 1 ('layout') or the master."""
    scratch = prs.slides.add_slide(prs.slide_layouts[6])
    sp = scratch.shapes.add_shape(shape, left, top, width, height)._element
    target = prs.slide_layouts[1] if where == "layout" else prs.slide_master
    target.element.cSld.spTree.append(sp)
    drop = prs.slides._sldIdLst[-1]
    prs.part.drop_rel(drop.rId)
    prs.slides._sldIdLst.remove(drop)


def _slide(prs, title: str, bullets: Sequence[str] = (), size: float = 24, notes: Optional[str] = "default",
           table: Optional[List[List[str]]] = None, align_numbers: bool = True, table_top=None):
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = title
    body = slide.placeholders[1]
    if bullets:
        frame = body.text_frame
        for i, text in enumerate(bullets):
            p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            run = p.add_run()
            run.text = text
            run.font.size = Pt(size)
    else:
        body._element.getparent().remove(body._element)
    if table:
        top = table_top if table_top is not None else Inches(1.8)
        frame = slide.shapes.add_table(len(table), len(table[0]), Inches(0.5), top, Inches(9), Inches(0.4) * len(table))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                cell = frame.table.cell(r, c)
                cell.text = text
                if c and r and align_numbers:
                    cell.text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT
    if notes == "default":
        notes = f"Say why this matters. {' '.join(bullets)} {_notes(20)}"
    if notes is not None:
        slide.notes_slide.notes_text_frame.text = notes
    return slide


GOOD_BULLETS = [
    ["Spending on the courts grew 4.1% in FY2026", "The request adds $50.6 million for security",
     "Defender services take the largest share"],
    ["Congress funded three new judgeships", "Court security moved to a separate account",
     "Fees offset about $0.3 billion of the total"],
]
TABLE = [["Account", "FY2026", "FY2027"], ["Supreme Court", "$174.5", "$225.1"], ["Defender Services", "$1,446.0", "—"],
         ["Court Security", "$750.3", "N/A"]]


def _good(prs) -> None:
    """A clean deck: a band under the title (the layout's own title sits on it), a rule clear of the body."""
    _bar(prs, "layout", 0, Inches(0.3), prs.slide_width, Inches(1.2))      # title band: layout title 0.3-1.55 in
    _bar(prs, "master", Inches(0.5), Inches(6.85), Inches(9), Emu(0))      # foot rule below the body (ends 6.7 in)
    _bar(prs, "master", 0, 0, prs.slide_width, prs.slide_height)           # full-slide background: not art
    cover = prs.slides.add_slide(prs.slide_layouts[0])
    cover.shapes.title.text = "The Judiciary Budget, FY2027"
    cover.placeholders[1].text = "A briefing"
    for i, bullets in enumerate(GOOD_BULLETS):
        _slide(prs, f"Findings, part {i + 1}", bullets)
    _slide(prs, "Appropriations by account", [], table=TABLE, notes="Supreme Court: FY2026 $174.5 million. Defender "
           "Services: FY2026 $1,446.0 million. Court Security: FY2026 $750.3 million.")


def build(tmp_path: Path, extra=None) -> Path:
    prs = Presentation()
    _good(prs)
    if extra is not None:
        extra(prs)
    path = tmp_path / "deck.pptx"
    prs.save(str(path))
    return path


def checks_of(path: Path) -> Dict[str, List[str]]:
    found: Dict[str, List[str]] = {}
    for f in check_deck(path):
        found.setdefault(f.check, []).append(f"slide {f.slide}: {f.detail}")
    return found


def test_clean_deck_passes(tmp_path):
    assert checks_of(build(tmp_path)) == {}


def _textbox_over_bar(prs):
    _bar(prs, "layout", Inches(0.3), Inches(2.0), Inches(0.1), Inches(4.0))   # a vertical accent bar in the body area
    slide = _slide(prs, "A quote", ["Peace must come first", "Then disarmament", "Then sanctions relief"])
    slide.shapes.add_textbox(Inches(0.2), Inches(2.5), Inches(6), Inches(1)).text_frame.text = "Over the bar"


def _body_grown_over_band(prs):
    slide = _slide(prs, "Grown", ["One thing that matters", "Another thing that matters", "A third thing"])
    body = slide.placeholders[1]
    body.left, body.width = Inches(0.5), Inches(9)
    body.top, body.height = Inches(1.2), Inches(5.4)     # moved up into the title band (ends 1.5 in)


def _title_pushed_down_over_rule(prs):
    _bar(prs, "master", Inches(0.5), Inches(1.65), Inches(9), Emu(0))   # a rule under the band, clear of the layout title
    slide = _slide(prs, "Moved title", ["One thing that matters", "Another thing", "A third thing"])
    slide.shapes.title.top = Inches(0.6)   # its bottom now at 1.85 in, across the rule; the layout's title is not


def _picture_like_art_under_table(prs):
    slide = _slide(prs, "Table over art", [], table=TABLE)
    slide.shapes.add_shape(MSO_SHAPE.OVAL, Inches(4), Inches(2), Inches(1), Inches(1))


@pytest.mark.parametrize("extra", [_textbox_over_bar, _body_grown_over_band, _title_pushed_down_over_rule,
                                   _picture_like_art_under_table])
def test_keep_out(tmp_path, extra):
    found = checks_of(build(tmp_path, extra))
    assert "keep-out" in found, found


def test_two_body_sizes(tmp_path):
    found = checks_of(build(tmp_path, lambda prs: _slide(prs, "Smaller", ["Key point one here", "Key point two here",
                                                                          "Key point three here"], size=20)))
    assert "body-size" in found and "20 pt" in found["body-size"][0], found


CONTENT_CASES = {
    "one-bullet": ["Mandatory appropriations also fund judicial retirement accounts."],
    "pointer-only": ["The full table (8 rows, 5 columns) is in the handout"],
    "long-bullet": [_notes(45), "A second bullet", "A third bullet"],
    "dangling-reference": ["The accounts are listed in the following table", "Totals grew (Figure 1)",
                           "For details see Table 2"],
    "citation-bullet": ["CRS Report R45678, Judiciary Appropriations, by Jane Q. Doe.", "Second bullet here",
                        "Available at https://crsreports.congress.gov"],
    "dangling-lead-in": ["The accounts that grew most in FY2026 were", "Another bullet here", "The main accounts:"],
    "list-cut": ["Supreme Court", "Court of Appeals", "Defender Services…"],
}


def test_lead_in_with_one_item_left(tmp_path):
    """A list cut to one item under its lead-in (the rest dropped) is a lead-in left dangling."""
    found = checks_of(build(tmp_path, lambda prs: _slide(prs, "Milestones", [
        "Totals rose every year", "The following milestones mark Congress's interest since FY2014:",
        "Congress encouraged EDA to assist coal communities"])))
    assert "dangling-lead-in" in found and "dangling-reference" in found, found


@pytest.mark.parametrize("check", sorted(CONTENT_CASES))
def test_content_rules(tmp_path, check):
    found = checks_of(build(tmp_path, lambda prs: _slide(prs, "Derived", CONTENT_CASES[check])))
    assert check in found, found


def test_pointer_notes_slide(tmp_path):
    found = checks_of(build(tmp_path, lambda prs: _slide(prs, "Notes", ["34 notes: each is in the speaker notes"])))
    assert "pointer-only" in found, found


def test_duplicate_bullet(tmp_path):
    found = checks_of(build(tmp_path, lambda prs: _slide(prs, "Again", [GOOD_BULLETS[0][1], "Something else entirely",
                                                                        "And a third point"])))
    assert "duplicate-bullet" in found and "slide 2" in found["duplicate-bullet"][0], found


def test_left_aligned_numbers(tmp_path):
    found = checks_of(build(tmp_path, lambda prs: _slide(prs, "Left", [], table=TABLE, align_numbers=False)))
    assert "table-align" in found and len(found["table-align"]) == 2, found


def test_split_table_leaving_first_part_empty(tmp_path):
    def split(prs):
        _slide(prs, "Accounts (1 of 2)", [], table=TABLE[:3])
        _slide(prs, "Accounts (2 of 2)", [], table=[TABLE[0]] + TABLE[3:])
    found = checks_of(build(tmp_path, split))
    assert "table-split" in found, found


def test_a_last_part_followed_by_another_table_with_the_same_heads_is_no_split(tmp_path):
    """RL34498: "Deductions, 2025 (3 of 3)", short, then "Deductions, 2024 (1 of 3)" with the same column heads."""
    head = [["Deduction", "2025", "2024"]]
    def two(prs):
        _slide(prs, "Deductions, 2025 (2 of 2)", [], table=head + [r[:1] + r[1:] for r in TABLE[1:2]])
        _slide(prs, "Deductions, 2024", [], table=head + TABLE[1:])
    assert "table-split" not in checks_of(build(tmp_path, two))


NOTES_CASES = {
    "notes-long": _notes(300),
    "notes-pipe-table": "Accounts by year.\nAccount | FY2026 | FY2027\nSupreme Court | $174.5 | $225.1",
    "notes-title-twice": "Budget Outlook\n\nBudget Outlook\n\nSpending grew.",
    "notes-empty": "",
}


@pytest.mark.parametrize("check", sorted(NOTES_CASES))
def test_notes_rules(tmp_path, check):
    found = checks_of(build(tmp_path, lambda prs: _slide(prs, "Budget Outlook", ["Spending grew 4.1% in FY2026",
                                                                                  "Security costs rose by a third",
                                                                                  "Fees offset part of it"],
                                                         notes=NOTES_CASES[check])))
    assert check in found, found


def test_every_check_has_a_failing_fixture():
    covered = {"keep-out", "body-size", "duplicate-bullet", "table-align", "table-split"} | set(CONTENT_CASES) | set(NOTES_CASES)
    assert covered == set(CHECKS)


def test_statement_slide_in_large_type_is_not_a_second_size(tmp_path):
    """A one-sentence statement in type larger than the body is a design choice, not a one-bullet slide."""
    found = checks_of(build(tmp_path, lambda prs: _slide(prs, "Bottom line", ["Peace must come before disarmament."],
                                                         size=36)))
    assert found == {}, found


def test_calibrated_cases_pass(tmp_path):
    """What a presenter would keep: a lead-in with its list after it, citations on the one Sources slide,
    a title named once more inside the notes' prose, a stub column of years left-aligned."""
    def extra(prs):
        _slide(prs, "Oversight questions", ["Questions could include the following:", "What does the plan cost?",
                                            "Who pays for the upgrade?"])
        _slide(prs, "Sources", ["EDA, \"Overview,\" https://eda.gov/about.", "CRS Report R46991, by Jane Q. Doe."])
        _slide(prs, "Grant Programs", ["Grants fund local plans", "Grants fund roads and ports", "Grants fund training"],
               notes="Grant Programs\n\nGrant programs are flexible and locally based; they fund plans and roads.")
        years = [["Year", "Funding"], ["2015", "$44.2"], ["2016", "$43.2"]]
        _slide(prs, "Funding by year", [], table=years, notes="2015: $44.2 million. 2016: $43.2 million.")
    assert checks_of(build(tmp_path, extra)) == {}


def _group_on_layout(prs, boxes) -> None:
    """A group of small decorations moved into layout 1 (its box spans them all)."""
    scratch = prs.slides.add_slide(prs.slide_layouts[6])
    group = scratch.shapes.add_group_shape()
    for left, top, width, height in boxes:
        group.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, width, height)
    prs.slide_layouts[1].element.cSld.spTree.append(group._element)
    drop = prs.slides._sldIdLst[-1]
    prs.part.drop_rel(drop.rId)
    prs.slides._sldIdLst.remove(drop)


def test_group_children_are_zones_not_the_group_box(tmp_path):
    """Two corner marks grouped: their group's box spans the body, the marks do not, so the body is clear;
    a third mark inside the body is crossed."""
    corners = [(Inches(0.1), Inches(1.6), Inches(0.2), Inches(0.1)), (Inches(9.7), Inches(6.75), Inches(0.2), Inches(0.1))]
    assert checks_of(build(tmp_path, lambda prs: _group_on_layout(prs, corners))) == {}
    inside = corners + [(Inches(4), Inches(3), Inches(0.3), Inches(0.3))]
    found = checks_of(build(tmp_path, lambda prs: (_group_on_layout(prs, inside),
                                                   _slide(prs, "Marked", ["One point", "Two points", "Three points"]))))
    assert "keep-out" in found, found


def test_layout_hiding_master_art(tmp_path):
    """Master art crossing the body counts only while the layout shows the master's shapes."""
    def art(hide):
        def edit(prs):
            _bar(prs, "master", Inches(5), Inches(2), Inches(0.1), Inches(3))
            if hide:
                prs.slide_layouts[1].element.set("showMasterSp", "0")
        return edit
    assert "keep-out" in checks_of(build(tmp_path, art(False)))
    assert checks_of(build(tmp_path, art(True))) == {}


@pytest.mark.parametrize("bullet", [
    "Judiciary Appropriations, FY2027, by Barry J. McMillion.", "Journal of Politics, vol. 12, no. 3.",
    "Congressional Record, pp. 4412-4415.", "Available at the EPA website.", "See www.energystar.gov/about.",
    "Ibid.", "CRS In Focus IF12094, The Army's XM-30 Mechanized Infantry Combat Vehicle."])
def test_each_citation_form_is_caught(tmp_path, bullet):
    found = checks_of(build(tmp_path, lambda prs: _slide(prs, "Derived", ["Funding grew 4.1% in FY2026", bullet,
                                                                          "Fees offset part of the total"])))
    assert "citation-bullet" in found, found


@pytest.mark.parametrize("bullet", ["Spending, by contrast, fell in FY2025", "Signed by President Trump in July",
                                    "The volume of cargo fell by half"])
def test_prose_is_not_a_citation(tmp_path, bullet):
    found = checks_of(build(tmp_path, lambda prs: _slide(prs, "Derived", ["Funding grew 4.1% in FY2026", bullet,
                                                                          "Fees offset part of the total"])))
    assert "citation-bullet" not in found, found


def test_divider_with_a_line_is_not_a_one_bullet_slide(tmp_path):
    def divider(prs):
        slide = prs.slides.add_slide(prs.slide_layouts[2])  # Section Header: title low, one line of text
        slide.shapes.title.text = "Fear of Intervention"
        slide.placeholders[1].text = "Why Pyongyang keeps its weapons"
        slide.notes_slide.notes_text_frame.text = "Fear of Intervention"
    assert checks_of(build(tmp_path, divider)) == {}


def test_content_slides_with_low_titles_are_still_content(tmp_path):
    """A template whose content titles sit a quarter down the slide (LibreOffice's Midnightblue)."""
    def low(prs):
        title = prs.slide_layouts[1].placeholders[0]
        title.left, title.top, title.width, title.height = Inches(0.5), Inches(1.9), Inches(9), Inches(0.6)
        _slide(prs, "One point", ["Mandatory appropriations also fund judicial retirement accounts."])
    found = checks_of(build(tmp_path, low))
    assert "one-bullet" in found, found


def _pattern(prs, with_line: bool) -> None:
    """A background drawn as big pieces (LibreOffice's Focus): together they cover the slide, each is large."""
    w, h = prs.slide_width, prs.slide_height
    for x, y in ((0, 0), (w // 2, 0), (0, h // 2), (w // 2, h // 2)):
        _bar(prs, "master", x, y, w // 2, h // 2)
    if with_line:  # a thin rule under the title, and a body moved up across it: still art on a pattern
        _bar(prs, "layout", Inches(0.5), Inches(1.65), Inches(9), Emu(0))
        slide = _slide(prs, "Moved up", ["One thing that matters", "Another thing that matters", "A third thing"])
        slide.placeholders[1].top = Inches(1.6)


def test_a_background_pattern_is_not_art_but_its_lines_are(tmp_path):
    clean = checks_of(build(tmp_path, lambda prs: _pattern(prs, False)))
    assert "keep-out" not in clean, clean
    (tmp_path / "line").mkdir()
    lined = checks_of(build(tmp_path / "line", lambda prs: _pattern(prs, True)))
    assert "keep-out" in lined, lined


def test_the_sources_slide_is_reference_matter(tmp_path):
    def sources(prs):
        _slide(prs, "Notes", ["1. " + _notes(45), "2. CRS Report R45678, Judiciary Appropriations, by Jane Q. Doe."],
               size=14)
    found = checks_of(build(tmp_path, sources))
    assert not {"body-size", "long-bullet", "citation-bullet"} & set(found), found
    (tmp_path / "x").mkdir()
    elsewhere = checks_of(build(tmp_path / "x", lambda prs: _slide(prs, "Findings, part 3", [_notes(45), "Two", "Three"],
                                                                  size=14)))
    assert {"body-size", "long-bullet"} <= set(elsewhere), elsewhere
