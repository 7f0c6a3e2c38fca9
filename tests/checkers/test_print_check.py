"""The print checker (tests/support/checkers/print_check.py) against PDFs drawn for it: a clean one passes every
check, and each fault a publications desk marks makes its own check fail."""

from __future__ import annotations

from pathlib import Path
from typing import List

import pytest

from tests.support.checkers.print_check import Finding, Limits, check_pdf, measure_pdf
from tests.support.print_fixtures import BOTTOM, LEADING, LEFT, PARA_GAP, SIZE, TOP, WIDTH, Line, Page, draw, flow, paragraph, source_of, words


def _prose(n_paras: int, n_words: int = 70) -> List[List[str]]:
    return [words(n_words, start=7 * k) for k in range(n_paras)]


def _build(tmp_path: Path, name: str, token_paras: List[List[str]], **kw) -> tuple:
    pages = flow([paragraph(t) for t in token_paras])  # paragraph() completes the tokens: source after
    pdf = draw(tmp_path / f"{name}.pdf", pages, **kw)
    return pdf, "\n\n".join(source_of(t) for t in token_paras)


def _checks(findings: List[Finding], name: str) -> List[Finding]:
    return [f for f in findings if f.check == name]


def test_clean_pdf_passes_every_check(tmp_path: Path) -> None:
    paras = _prose(16)
    paras[2] = words(20) + ["Kim", "Jong=|un"] + words(30, 3)  # a compound's own hyphen at the line end
    paras[5] = words(12) + ["see", "https://www.congress.gov/|crs-product/IF12672"] + words(30, 5)  # after a slash
    paras[8] = words(15) + ["the", "pro-|gram"] + words(40, 9)  # a hyphenation at a pattern point
    pdf, source = _build(tmp_path, "clean", paras)
    report = measure_pdf(pdf, source_text=source)
    assert report.findings == [], [str(f) for f in report.findings]
    assert report.pages >= 3
    assert 60 <= report.measure_median <= 75
    assert report.smallest_size == pytest.approx(8.0, abs=0.05)


def test_half_empty_page_fails_page_fill(tmp_path: Path) -> None:
    first = flow([paragraph(words(120))])[0]  # about 20 lines: page 1 is more than half empty
    rest = flow([paragraph(p) for p in _prose(12)])
    pdf = draw(tmp_path / "hole.pdf", [first] + rest)
    found = _checks(check_pdf(pdf), "page_fill")
    assert [f.page for f in found] == [1], found
    assert "empty at the bottom" in found[0].detail


@pytest.mark.parametrize(
    "token, expect",
    [
        ("denuc-|learize", "not a pattern point (en_US): 'denuc-learize'"),
        ("Wash-|ington", "capitalized word hyphenated: 'Wash-ington'"),
        ("TE-|FAP", "acronym hyphenated: 'TE-FAP'"),
        ("nucle-|ar", "fewer than 2 letters before or 3 after: 'nucle-ar'"),
    ],
)
def test_bad_hyphenation_fails(tmp_path: Path, token: str, expect: str) -> None:
    paras = _prose(3)
    paras[1] = words(25) + [token] + words(30, 4)
    pdf, source = _build(tmp_path, "hyph", paras)
    found = _checks(check_pdf(pdf, source_text=source), "hyphenation")
    assert any(expect in f.detail for f in found), [str(f) for f in found]


def test_hyphen_across_a_page_turn_fails(tmp_path: Path) -> None:
    lines = paragraph(words(600) + ["pro-|gram"] + words(200, 3))
    per_page = int((BOTTOM - TOP) // LEADING)
    cut = next(i for i, ln in enumerate(lines) if ln.words[-1] == "pro-") + 1
    lines = lines[cut - per_page :]  # the hyphenated line is the last on page 1
    pdf = draw(tmp_path / "turn.pdf", [Page(lines[:per_page]), Page(lines[per_page:])])
    found = _checks(check_pdf(pdf), "hyphenation")
    assert any("across a page turn: 'pro-gram'" in f.detail for f in found), [str(f) for f in found]


def test_three_hyphenated_lines_in_a_row_fail(tmp_path: Path) -> None:
    tokens = words(8) + ["pro-|gram"] + words(8, 2) + ["re-|member"] + words(8, 4) + ["devel-|opment"] + words(30, 6)
    pdf, source = _build(tmp_path, "ladder", _prose(1) + [tokens])
    found = _checks(check_pdf(pdf, source_text=source), "hyphenation")
    assert any("3 hyphenated lines in a row" in f.detail for f in found), [str(f) for f in found]
    assert not any("pattern point" in f.detail for f in found)


def test_url_broken_inside_a_word_fails(tmp_path: Path) -> None:
    paras = _prose(3)
    paras[1] = words(20) + ["htt|ps://crsreports.congress.gov/product/pdf/R/R44243"] + words(30, 2)
    pdf, source = _build(tmp_path, "url", paras)
    found = _checks(check_pdf(pdf), "word_break")  # no source: the URL's own shape tells
    assert any("'htt' / 'ps://" in f.detail for f in found), [str(f) for f in found]
    paras[1] = words(20) + ["inform|ation"] + words(30, 2)
    pdf, source = _build(tmp_path, "word", paras)
    found = _checks(check_pdf(pdf, source_text=source), "word_break")  # the source spells it whole
    assert any("'inform' / 'ation'" in f.detail for f in found), [str(f) for f in found]


def test_false_paragraph_break_fails_short_line(tmp_path: Path) -> None:
    paras = _prose(4)
    paras[1] = words(30) + ["the", "land?|", "The", "existing"] + words(40, 3)
    pdf, source = _build(tmp_path, "short", paras)
    found = _checks(check_pdf(pdf, source_text=source), "short_line")
    assert len(found) == 1 and "land?" in found[0].detail, [str(f) for f in found]


def test_list_items_and_paragraph_ends_are_not_short_lines(tmp_path: Path) -> None:
    items = [Line(["•", "first", "item"], False), Line(["•", "second", "item", "of", "the", "list"], False)]
    pages = flow([paragraph(t) for t in _prose(3)], first_page_items=items + [PARA_GAP])
    pdf = draw(tmp_path / "list.pdf", pages)
    assert _checks(check_pdf(pdf), "short_line") == []


def test_long_measure_fails(tmp_path: Path) -> None:
    wide = 468.0  # 6.5 in of 10.5 pt Times: about 100 characters a line
    pages = flow([paragraph(t, width=wide, x=72.0) for t in _prose(6, 120)])
    pdf = draw(tmp_path / "wide.pdf", pages)
    found = _checks(check_pdf(pdf), "measure")
    assert found and "median body line" in found[0].detail and found[0].page == 0, found


def test_small_type_fails(tmp_path: Path) -> None:
    pages = flow([paragraph(t) for t in _prose(8)])
    pages[0].extras.append((LEFT, TOP + 200, "Source: a 6 pt caption line under a chart", 6.0))
    pdf = draw(tmp_path / "small.pdf", pages)
    found = _checks(check_pdf(pdf), "min_size")
    assert [f.page for f in found] == [1] and "6.0 pt" in found[0].detail, found


def test_url_past_the_margin_fails(tmp_path: Path) -> None:
    pages = flow([paragraph(t) for t in _prose(8)])
    url = "https://crsreports.congress.gov/product/pdf/R/R44243/appendix-table-of-elections-1913-2025.pdf"
    pages[1].extras.append((LEFT, TOP + 300, url, SIZE))
    pdf = draw(tmp_path / "margin.pdf", pages)
    found = _checks(check_pdf(pdf), "margin")
    assert [f.page for f in found] == [2] and "past the margin" in found[0].detail, found


def test_orphan_and_widow_fail(tmp_path: Path) -> None:
    per_page = int((BOTTOM - TOP) // LEADING)
    body = paragraph(words(900))
    first = body[: per_page - 2]  # page 1: a long paragraph, a gap, then one line of the next
    second = paragraph(words(200, 5))
    orphan_page = Page(first + [PARA_GAP, second[0]])
    rest = second[1:]
    pdf = draw(tmp_path / "orphan.pdf", [orphan_page, Page(rest + [PARA_GAP] + paragraph(words(300, 9)))])
    found = _checks(check_pdf(pdf), "widow_orphan")
    assert any(f.page == 1 and f.detail.startswith("orphan") for f in found), [str(f) for f in found]

    lines = paragraph(words(600))
    widow_at = per_page  # page 2 begins with the paragraph's last line alone
    lines = lines[: widow_at + 1]
    lines[-1].justified = False
    lines[-1].words = lines[-1].words[:3]
    pdf = draw(tmp_path / "widow.pdf", [Page(lines[:widow_at]), Page([lines[widow_at], PARA_GAP] + paragraph(words(300, 9)))])
    found = _checks(check_pdf(pdf), "widow_orphan")
    assert any(f.page == 2 and f.detail.startswith("widow") for f in found), [str(f) for f in found]


def test_width_is_a_comfortable_measure() -> None:
    """The fixtures' own measure is what the clean case claims (guards the fixture, not the checker)."""
    assert WIDTH == 300.0 and SIZE == 10.5


def test_page_fill_spares_the_last_page_and_a_break_the_layout_asks_for(tmp_path: Path) -> None:
    first = flow([paragraph(words(120))])[0]
    rest = flow([paragraph(p) for p in _prose(12)])
    rest[0].items.insert(0, Line(["About", "the", "Authors"], False))
    pdf = draw(tmp_path / "back.pdf", [first] + rest)
    assert [f.page for f in check_pdf(pdf) if f.check == "page_fill"] == [1]
    limits = Limits(intended_breaks=(r"^About the Authors?$",))
    assert [f for f in check_pdf(pdf, limits=limits) if f.check == "page_fill"] == []


def test_a_sentence_initial_word_is_not_a_proper_noun(tmp_path: Path) -> None:
    paras = _prose(3)
    paras[1] = words(25) + ["instead", "of", "this."] + words(10, 3) + ["In-|stead"] + words(30, 4)
    pdf, source = _build(tmp_path, "instead", paras)
    found = _checks(check_pdf(pdf, source_text=source), "hyphenation")
    assert not any("capitalized" in f.detail for f in found), [str(f) for f in found]


def test_ragged_right_text_is_measured_on_its_own_edge(tmp_path: Path) -> None:
    pages = flow([paragraph(t, justify=False) for t in _prose(16)])
    pdf = draw(tmp_path / "ragged.pdf", pages)
    report = measure_pdf(pdf)
    assert report.findings == [], [str(f) for f in report.findings]
    assert report.doc is not None and report.doc.block.right_from.startswith("ragged edge")
    assert report.doc.block.right <= LEFT + WIDTH
    pages[1].extras.append((LEFT, TOP + 300, "https://crsreports.congress.gov/product/pdf/R/R44243/appendix-table.pdf", SIZE))
    pdf = draw(tmp_path / "ragged-url.pdf", pages)
    assert [f.page for f in check_pdf(pdf) if f.check == "margin"] == [2]


def _contents_page(leaders: bool) -> Page:
    """A contents page: eight entries, each led by dots to its page number (or not, with ``leaders`` off)."""
    page = Page()
    for i in range(8):
        title = f"{i + 1} Section title number {i + 1}"
        if leaders:
            title += " " + " ." * 30
        page.extras.append((LEFT, TOP + 20 + i * LEADING, title, SIZE))
        page.extras.append((LEFT + WIDTH - 12, TOP + 20 + i * LEADING, str(22 + 2 * i), SIZE))
    return page


def test_a_contents_page_is_not_held_to_page_fill_or_line_breaks(tmp_path: Path) -> None:
    """The body starts on a new page after the contents on purpose; its entries are not prose."""
    rest = flow([paragraph(p) for p in _prose(12)])
    found = check_pdf(draw(tmp_path / "contents.pdf", [_contents_page(leaders=True)] + rest))
    assert [str(f) for f in found if f.page == 1] == []
    # negative: the same short page without leaders is a hole at a page end
    found = check_pdf(draw(tmp_path / "short.pdf", [_contents_page(leaders=False)] + rest))
    assert [f.page for f in found if f.check == "page_fill"] == [1], [str(f) for f in found]


def test_long_notes_in_smaller_type_are_not_the_body(tmp_path: Path) -> None:
    """A short text with long endnotes set smaller on the same column: the measure is the text's."""
    body = [paragraph(t) for t in _prose(4)]
    notes = [paragraph(t, size=8.0) for t in _prose(5, 110)]
    report = measure_pdf(draw(tmp_path / "notes.pdf", flow(body + notes)))
    assert report.doc is not None and report.doc.body_size == SIZE
    assert 60 <= report.measure_median <= 75, report.measure_median
    # negative: the notes' measure alone (no text above them) is a long one
    report = measure_pdf(draw(tmp_path / "only-notes.pdf", flow(notes)))
    assert report.doc is not None and report.doc.body_size == 8.0
    assert [f.check for f in report.findings if f.check == "measure"] == ["measure"], [str(f) for f in report.findings]


def test_a_tagged_pdf_says_where_a_paragraph_ends_across_a_page_turn(tmp_path: Path) -> None:
    """The widow rule reads the structure tree when there is one: a full-looking last line and a short
    first line of the next page are one paragraph only if one element holds both."""
    from tests.support.checkers.pdf_model import read_pdf
    from tests.support.checkers.print_check import check_widows_orphans

    per_page = int((BOTTOM - TOP) // LEADING)
    lines = paragraph(words(600))[: per_page + 1]
    lines[-1].justified = False
    lines[-1].words = lines[-1].words[:3]
    pdf = draw(tmp_path / "widow.pdf", [Page(lines[:per_page]), Page([lines[per_page], PARA_GAP] + paragraph(words(300, 9)))])
    doc = read_pdf(pdf)
    assert all(s.element is None for s in doc.segments), "an untagged PDF has no elements"
    tail = max((s for s in doc.segments if s.page == 1 and doc.is_body(s)), key=lambda s: s.top)
    head = min((s for s in doc.segments if s.page == 2 and doc.is_body(s)), key=lambda s: s.top)
    limits = Limits()
    tail.element, head.element = (1, 0), (1, 0)  # one paragraph element on both pages: a widow
    assert [f.detail.split(":")[0] for f in check_widows_orphans(doc, limits)] == ["widow"]
    tail.element, head.element = (1, 0), (2, 0)  # two elements: a paragraph ends at the page foot
    assert list(check_widows_orphans(doc, limits)) == []


def test_rules_across_the_page_set_the_text_block_but_text_past_them_still_fails(tmp_path: Path) -> None:
    """A one-pager's masthead: ragged text in a column narrower than the rules drawn across the page, and a
    date set flush right to the rules' end. The rules mark the text block (the date is inside it); a line
    running past them is still past the margin; and a table run past the right margin (its rules not
    symmetric on the paper) does not widen the block."""
    from reportlab.lib.pagesizes import letter

    right = letter[0] - LEFT + 60  # the rules run 60 pt past the column on each side, symmetric on the paper
    pages = flow([paragraph(t, justify=False) for t in _prose(16)])
    pages[0].rules += [(LEFT - 60, right, TOP - 15), (LEFT - 60, right, TOP - 1)]  # one page's masthead
    pages[0].extras.append((right - 50, TOP - 4, "April 2026", SIZE))  # the masthead's date, flush right
    pdf = draw(tmp_path / "masthead.pdf", pages)
    report = measure_pdf(pdf)
    assert report.doc is not None and report.doc.block.right == pytest.approx(right, abs=1.0)
    assert _checks(report.findings, "margin") == [], [str(f) for f in report.findings]
    pages[1].extras.append((right - 100, TOP + 300, "https://crsreports.congress.gov/product/pdf/R/R44243", SIZE))
    pdf = draw(tmp_path / "masthead-url.pdf", pages)
    assert [f.page for f in check_pdf(pdf) if f.check == "margin"] == [2]

    lopsided = flow([paragraph(t, justify=False) for t in _prose(16)])
    # a wide table's rules: from the column's left edge to past the paper's right margin
    lopsided[0].rules += [(LEFT, right + 40, TOP + 100), (LEFT, right + 40, TOP + 130)]
    lopsided[0].extras.append((right - 50, TOP - 4, "April 2026", SIZE))
    pdf = draw(tmp_path / "lopsided.pdf", lopsided)
    assert [f.page for f in check_pdf(pdf) if f.check == "margin"] == [1]


def test_a_tagged_pdf_says_when_two_lines_are_two_paragraphs(tmp_path: Path) -> None:
    """A line ending in an address and the next starting a new note ("17.") are no word cut when the
    structure tree puts them in two elements; in one element they still are."""
    from tests.support.checkers.pdf_model import read_pdf
    from tests.support.checkers.print_check import BreakJudge, check_breaks

    paras = _prose(3)
    paras[1] = words(20) + ["htt|ps://crsreports.congress.gov/product/pdf/R/R44243"] + words(30, 2)
    pdf, source = _build(tmp_path, "url", paras)
    doc = read_pdf(pdf)
    line = next(s for s in doc.segments if s.text.endswith("htt"))
    nxt = next(s for s in doc.segments if s.text.startswith("ps://"))
    judge = BreakJudge(doc, source, None)
    line.element, nxt.element = (5, 0), (5, 0)
    assert [f.check for f in check_breaks(doc, Limits(), judge)] == ["word_break"]
    line.element, nxt.element = (5, 0), (6, 0)
    assert list(check_breaks(doc, Limits(), judge)) == []


def test_a_heading_as_a_pages_last_text_fails_in_a_tagged_pdf(tmp_path: Path) -> None:
    """The structure tree names headings: one as the last text of a page (its text on the next) is marked;
    the same line read as a paragraph is not."""
    from tests.support.checkers.pdf_model import read_pdf
    from tests.support.checkers.print_check import check_stranded_headings

    first = flow([paragraph(words(560))])[0]
    first.items.append(Line(["A", "Section", "Heading"], False))
    pdf = draw(tmp_path / "heading.pdf", [first] + flow([paragraph(p) for p in _prose(6)]))
    doc = read_pdf(pdf)
    last = max((s for s in doc.segments if s.page == 1 and not s.running), key=lambda s: s.bottom)
    assert last.text == "A Section Heading"
    assert list(check_stranded_headings(doc)) == []  # untagged: no role, no finding
    last.role = "H2"
    found = list(check_stranded_headings(doc))
    assert [(f.page, f.detail) for f in found] == [(1, "heading alone at the page foot: 'A Section Heading'")]
    last.role = "P"
    assert list(check_stranded_headings(doc)) == []
