"""Unit tests of the deck planner: no file is written, nothing is converted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefgen.layout import load_layout
from briefgen.model import plain_text
from briefgen.render import RenderContext
from briefgen.render.deck import build_measurer, load_config, plan_for
from briefgen.render.deck.fit import Measurer, default_font_set
from briefgen.render.deck.paginate import para_height
from briefgen.render.deck.text import lead_sentence, runs_text

from tests.support import deck_fixtures as F

from tests.support import ROOT
METRICS = ROOT / "layouts" / "default" / "deck" / "metrics"


@pytest.fixture(scope="module")
def layout():
    return load_layout("default", ROOT)


def plan(doc, layout):
    ctx = RenderContext(doc, layout)
    _, slides, _ = plan_for(ctx)
    return slides, ctx


@pytest.fixture(scope="module")
def essay(tmp_path_factory, layout):
    doc = F.essay_doc(tmp_path_factory.mktemp("essay"))
    return doc, plan(doc, layout)[0]


@pytest.fixture(scope="module")
def awkward(tmp_path_factory, layout):
    doc = F.awkward_doc(tmp_path_factory.mktemp("awkward"))
    return doc, plan(doc, layout)[0]


@pytest.fixture(scope="module")
def measurer():
    return Measurer({"body": default_font_set(METRICS), "heading": default_font_set(METRICS)})


def test_metrics_are_carlito_and_wrap_at_words(measurer):
    # Carlito is metric-compatible with Calibri: 'M' is wider than 'i', the em is 2048 units.
    assert measurer.face("body").regular.units_per_em == 2048
    assert measurer.width("M", 10) > measurer.width("i", 10) * 2
    lines = measurer.wrap("alpha beta gamma delta epsilon", measurer.width("alpha beta gamma", 20) / 0.97 + 1, 20)
    assert lines == ["alpha beta gamma", "delta epsilon"]
    long = measurer.wrap("x" * 400, 200, 20)
    assert len(long) > 3 and all(measurer.width(line, 20) <= 200 for line in long)


def test_slide_order_follows_the_memo(essay):
    doc, slides = essay
    kinds = [s.kind for s in slides]
    assert kinds[0] == "title" and kinds[1] == "bottom_line"
    assert kinds[-3:] == ["recommendations", "about", "sources"]
    titles = [s.title for s in slides if s.kind == "content"]
    positions = [next(i for i, t in enumerate(titles) if t.startswith(plain_text(sec.title))) for sec in doc.sections]
    assert positions == sorted(positions), "sections out of order"
    assert {"quote", "table", "figure", "section"} <= set(kinds)


def test_notes_cover_every_body_word(essay, awkward, tmp_path, layout):
    """With ``notes: full`` the speaker notes carry every word of the body (brief notes stop at notes_words)."""
    for doc in (essay[0], awkward[0], F.untitled_doc(tmp_path)):
        slides = _settings_plan(doc, layout, notes="full")
        notes = " ".join(s.notes for s in slides)
        note_words = set(re.findall(r"\w+", notes))
        missing = [w for w in F.dedupe(F.body_words(doc)) if w not in note_words]
        assert not missing, f"{doc.source}: words missing from the notes: {missing[:10]}"
    full = _settings_plan(essay[0], layout, notes="full")
    lede = plain_text(essay[0].lede[0].inlines)
    first_content = next(s for s in full if s.kind == "content")
    assert lede in first_content.notes
    assert "Pause here for questions" in first_content.notes  # the section's ::: notes


def test_explicit_slide_bullets_are_used(essay):
    doc, slides = essay
    lapse = next(s for s in slides if s.kind == "content" and s.title == "What Happens If It Lapses")
    assert [runs_text(p.runs) for p in lapse.body] == [plain_text(b) for b in doc.sections[1].slide]
    assert any(r.italic for p in lapse.body for r in p.runs)  # emphasis kept


def test_derived_bullets_are_lead_sentences(tmp_path, layout):
    doc = F.untitled_doc(tmp_path)
    slides, _ = plan(doc, layout)
    content = [s for s in slides if s.kind == "content"]
    assert content and content[0].title == doc.meta.short_title  # an untitled body still has a title
    bullets = [runs_text(p.runs) for s in content for p in s.body]
    assert len(bullets) >= 3 and bullets == F.SENTENCES[: len(bullets)]  # lead sentences, whole, in order
    assert len(content) == 1  # derived.max_slides_per_section: what one slide holds
    assert not any(b.endswith("\u2026") for b in bullets)
    assert lead_sentence("Costs rose, e.g. in Ohio. Then fell.") == "Costs rose, e.g. in Ohio."


def test_every_text_fits_its_frame(essay, awkward, layout):
    m = build_measurer(layout, load_config(layout), lambda msg: None)
    for doc, slides in (essay, awkward):
        ctx = RenderContext(doc, layout)
        from briefgen.render.deck.template import open_template, resolve_kinds

        cfg = load_config(layout)
        path = layout.find("deck/template.pptx")
        kinds = resolve_kinds(open_template(path), path, cfg.kinds, ctx.warn)
        settings = cfg.settings(kinds, layout.theme.labels)
        for s in slides:
            spec = kinds[s.kind]
            if s.title and spec.title:
                lines = m.count_lines(s.title, spec.title.inner_w, s.title_size, "heading")
                assert lines * m.line_height(s.title_size) <= spec.title.inner_h + 0.01, s.title
            if s.body and s.kind != "title":
                frame = spec.body
                total = sum(para_height(m, p, frame, s.body_size, settings.para) for p in s.body)
                assert total <= frame.inner_h + 0.01, (s.kind, s.title)
                assert s.body_size >= spec.size("min_size", 0)


def test_long_title_is_shortened_cleanly(awkward):
    doc, slides = awkward
    titles = [s.title for s in slides if s.kind == "content" and s.title.startswith("An Exceptionally")]
    assert titles and titles[0].endswith("\u2026") and len(titles[0]) < len(plain_text(doc.sections[1].title))
    assert "\x07" not in " ".join(s.title + s.notes for s in slides)


def test_long_bullets_split_onto_continued_slides(awkward):
    _, slides = awkward
    titles = [s.title for s in slides if s.kind == "content" and s.title.startswith("Very long slide bullets")]
    assert len(titles) >= 2 and titles[1] == "Very long slide bullets (cont.)"
    body = [p for s in slides if s.title.startswith("Very long slide bullets") for p in s.body]
    assert len(body) >= 6 and all(len(runs_text(p.runs).split()) <= 40 for p in body)  # 9 bullets, 6 distinct (no bullet twice)


def test_tables_split_with_header_repeated(essay):
    doc, slides = essay
    tables = [s for s in slides if s.kind == "table"]
    assert len(tables) >= 2
    header = [runs_text(c) for c in tables[0].table.header]
    assert all([runs_text(c) for c in t.table.header] == header for t in tables)
    rows = [runs_text(r[0]) for t in tables for r in t.table.rows]
    source = next(b for b in doc.sections[2].blocks if hasattr(b, "rows"))
    assert rows == [plain_text(r[0].inlines) for r in source.rows]
    n = len(tables)
    assert [t.title for t in tables] == [f"The Numbers by County ({i} of {n})" for i in range(1, n + 1)]
    assert all(t.table.layout.size >= 14 for t in tables)


def test_figure_keeps_aspect_and_alt(essay):
    doc, slides = essay
    fig = next(s.figure for s in slides if s.kind == "figure")
    x, y, w, h = fig.box
    assert abs(w / h - 1600 / 900) < 0.01
    assert fig.alt.startswith("Bar chart") and "/" not in fig.alt


def test_empty_section_has_no_slide(awkward):
    _, slides = awkward
    assert not any(s.title.startswith("Empty section") for s in slides)
    assert all(s.body or s.table or s.figure or s.kind in ("section",) for s in slides)


def test_five_hundred_sections_group(tmp_path, layout):
    doc = F.many_sections_doc(tmp_path)
    slides, _ = plan(doc, layout)
    assert not any(s.kind == "section" for s in slides)
    assert len(slides) < 160
    notes = " ".join(s.notes for s in slides)
    assert "Paragraph 499." in notes and "Heading 0" in notes


# ---------------------------------------------------------------- layout ranking (pure, no python-pptx)
from briefgen.render.deck.geometry import Box  # noqa: E402
from briefgen.render.deck.ranking import LayoutShape, Needs, choose_mapping, name_role, rank, score_layout  # noqa: E402

IN = 72.0
W, H = 10 * IN, 7.5 * IN
TITLE = Box(0.5 * IN, 0.3 * IN, 9 * IN, 1.2 * IN)
OFFICE = [  # python-pptx's default template, "Comparison" listed first (a corporate template's state)
    LayoutShape("Comparison", W, H, TITLE, bodies=(Box(36, 173, 317, 310), Box(367, 173, 317, 310), Box(36, 122, 317, 50), Box(367, 122, 317, 50))),
    LayoutShape("Two Content", W, H, TITLE, bodies=(Box(36, 130, 317, 353), Box(367, 130, 317, 353))),
    LayoutShape("Title Slide", W, H, Box(54, 166, 612, 115), centered_title=True, subtitle=Box(108, 302, 504, 137)),
    LayoutShape("Title and Content", W, H, TITLE, bodies=(Box(36, 130, 648, 353),)),
    LayoutShape("Section Header", W, H, Box(54, 346, 612, 108), bodies=(Box(54, 230, 612, 115),)),
    LayoutShape("Title Only", W, H, TITLE),
    LayoutShape("Blank", W, H),
    LayoutShape("Title and Vertical Text", W, H, TITLE, bodies=(Box(36, 130, 648, 353, vertical=True),)),
]
KIND_NAMES = ("title", "bottom_line", "section", "content", "quote", "table", "figure", "recommendations", "about", "sources")


def test_ranking_picks_title_and_content_over_an_earlier_comparison():
    mapping = choose_mapping(OFFICE, KIND_NAMES, {})
    assert mapping["content"][0] == "Title and Content"
    assert mapping["title"][0] == "Title Slide" and mapping["section"][0] == "Section Header"
    assert mapping["table"][0] == "Title Only" and "Blank" not in mapping["content"]
    comparison = score_layout(OFFICE[0], "content")
    assert comparison.score < score_layout(OFFICE[3], "content").score
    assert any(r.startswith("body grown from 4.4 x 4.3 in") for r in comparison.reasons), comparison.reasons

    assert score_layout(OFFICE[7], "content").score < 0  # vertical text never holds bullets


@pytest.mark.parametrize("names", [
    {"Title and Content": "Titel und Inhalt", "Title Slide": "Titelfolie", "Section Header": "Abschnittsüberschrift"},
    {"Title and Content": "Titre et contenu", "Title Slide": "Diapositive de titre", "Section Header": "En-tête de section"},
    {"Title and Content": "Título y objetos", "Title Slide": "Diapositiva de título", "Section Header": "Encabezado de sección"},
    {"Title and Content": "Titel en object", "Title Slide": "Titeldia", "Section Header": "Sectiekop"},
])
def test_ranking_knows_localized_names(names):
    shapes = [LayoutShape(names.get(s.name, s.name), s.slide_w, s.slide_h, s.title, s.centered_title, s.subtitle, s.bodies) for s in OFFICE]
    mapping = choose_mapping(shapes, KIND_NAMES, {})
    assert mapping["content"][0] == names["Title and Content"]
    assert mapping["title"][0] == names["Title Slide"]
    assert mapping["section"][0] == names["Section Header"]
    assert name_role("1_" + names["Title and Content"].upper()) == "title_content"


def test_ranking_reports_a_body_too_small_for_three_bullets():
    # a footer right under the short body: no free area to grow it into
    short = LayoutShape("Title and Content", W, H, TITLE, bodies=(Box(36, 130, 648, 0.9 * IN),),
                        footers=(Box(36, 130 + 0.9 * IN + 8, 648, 30),))
    choice = score_layout(short, "content", Needs(min_size=18))
    assert choice.score <= 0 and any("holds 1 bullet at 18 pt" in r for r in choice.reasons), choice.reasons
    assert rank([short, OFFICE[1]], "content", Needs(min_size=18))[0].name == "Two Content"
    assert not [c for c in rank(OFFICE, "content") if c.name in ("Blank", "Title Only")]  # no body: never for text


# ---------------------------------------------------------------- small bodies grown into the free area (pure)
from briefgen.render.deck.room import FOOTER_GAP, GROW_BELOW, TITLE_GAP, grow  # noqa: E402

FOOTERS = (Box(36, 500.5, 168, 28.75), Box(246, 500.5, 228, 28.75), Box(516, 500.5, 168, 28.75))
MIDNIGHT = dict(slide_w=794.0, slide_h=446.0, title=Box(212.6, 116.9, 368.5, 127.6), body=Box(269.3, 255.1, 496.1, 127.6),
                footers=(Box(269.3, 425.2, 255.1, 21.3), Box(28.3, 425.2, 226.8, 21.3)))


def test_a_small_body_grows_into_the_free_area_below_a_trimmed_title():
    room = grow(title_need=85.3, **MIDNIGHT)  # LibreOffice's Midnightblue: a tall title over a fifth of the slide
    assert room is not None and room.original == MIDNIGHT["body"]
    title, body = room.title, room.body
    assert title.y == MIDNIGHT["title"].y and title.h == pytest.approx(85.3)  # trimmed from below to its longest title
    assert body.y == pytest.approx(title.y + title.h + TITLE_GAP)  # under the title's text, not its empty box
    assert body.y + body.h == pytest.approx(425.2 - FOOTER_GAP)  # above the footers
    assert body.x == pytest.approx(212.6) and body.x + body.w == pytest.approx(269.3 + 496.1)  # title and body's column
    assert (title.x, title.w) == (body.x, body.w)  # the title heads the same column
    assert body.area > 1.7 * MIDNIGHT["body"].area
    assert "body grown from 6.9 x 1.8 in" in room.reason() and "title box trimmed from 1.8 to 1.2 in" in room.reason()


def test_a_body_that_fills_its_slide_or_sits_beside_the_title_is_not_grown():
    assert grow(W, H, TITLE, Box(36, 130, 648, 353), FOOTERS, 85.3) is None  # Title and Content: the designer's box
    assert grow(W, H, Box(54, 346, 612, 108), Box(54, 230, 612, 115), FOOTERS, 85.3) is None  # title below the body
    assert grow(W, H, Box(36, 21, 236, 92), Box(280, 21, 400, 460), FOOTERS, 85.3) is None  # title beside it (caption)
    assert grow(W, H, TITLE, Box(36, 130, 648, 353, vertical=True), FOOTERS, 85.3) is None
    assert grow(W, H, None, Box(36, 130, 648, 100), FOOTERS, 85.3) is None
    # just at the threshold: a body holding GROW_BELOW of the free area stays as designed
    free_h = 500.5 - FOOTER_GAP - (TITLE.y + TITLE.h + TITLE_GAP)
    assert grow(W, H, TITLE, Box(36, TITLE.y + TITLE.h + TITLE_GAP, 648, free_h * GROW_BELOW), FOOTERS, 200) is None
    assert grow(W, H, TITLE, Box(36, TITLE.y + TITLE.h + TITLE_GAP, 648, free_h * GROW_BELOW - 2), FOOTERS, 200) is not None


def test_without_title_and_content_the_ranking_grows_a_column_layout():
    office = [LayoutShape(s.name, s.slide_w, s.slide_h, s.title, s.centered_title, s.subtitle, s.bodies, FOOTERS)
              for s in OFFICE if s.name != "Title and Content"]
    best = rank(office, "content")[0]
    assert best.name in ("Comparison", "Two Content") and best.score > 0, best
    assert any(r.startswith("body grown from 4.4") for r in best.reasons), best.reasons
    section = next(c for c in rank(office, "content") if c.name == "Section Header")
    assert section.score < best.score  # a divider's short body is no home for bullets once a column can grow


# ---------------------------------------------------------------- derived bullets and fitting (pure)
from briefgen.render.deck.bullets import derive_bullet, is_boilerplate, shorten_sentence  # noqa: E402
from briefgen.render.deck.geometry import Frame  # noqa: E402
from briefgen.render.deck.model import Para, ParaStyle, Run  # noqa: E402
from briefgen.render.deck.paginate import paginate_pages  # noqa: E402


def test_derived_bullets_are_whole_sentences_or_cut_at_clauses():
    long = ("According to a 2025 estimate from the Federation of American Scientists (FAS) (the most recent available), "
            "Russia has around 1,718 deployed nuclear warheads based on a triad of strategic delivery vehicles. Second one.")
    bullet = derive_bullet(long, 18)
    assert bullet == "Russia has around 1,718 deployed nuclear warheads based on a triad of strategic delivery vehicles."
    assert derive_bullet("The U.S. Army began the program in 1971. It grew.", 18) == "The U.S. Army began the program in 1971."
    assert shorten_sentence("On September 6, 2023, the Army announced it would close out the effort and develop "
                            "a new tank for the future force in Europe.", 12).startswith("The Army announced")
    semi = shorten_sentence("Congress may track the modernization program over the coming several years with care; "
                            "it may also fund oversight of the executive branch's efforts to deter threats.", 14)
    assert semi == "Congress may track the modernization program over the coming several years with care."
    # a sentence that cannot be shortened at a clause boundary stays whole, never gains an ellipsis
    whole = " ".join(["word"] * 30) + "."
    assert derive_bullet(whole, 18) == whole


@pytest.mark.parametrize("text", ["Figure 1. ENERGY STAR Mark", "Table 1. Judiciary Budget", "Sources: Created by CRS from EPA data.",
                                  "Source: CRS.", "Notes: Totals may not add.", "(in millions of dollars)",
                                  "(See CRS In Focus IF12964, U.S.-Russian Nuclear Arms Control.)", "Table 2 presents the request.",
                                  "Fiscal years 2015 through 2024, in millions of nominal dollars"])
def test_captions_sources_and_labels_give_no_bullet(text):
    assert is_boilerplate(text) and derive_bullet(text, 18) is None


def test_a_prose_paragraph_is_not_boilerplate():
    assert not is_boilerplate("Tables of figures were once common in briefs.")
    assert derive_bullet("Since 1992, EPA has run the program. (See CRS Report R1.)", 18) == "Since 1992, EPA has run the program."


def test_derived_bullets_are_capped_per_section(tmp_path, layout):
    doc = F.untitled_doc(tmp_path)
    many = doc.sections[0].blocks * 3
    from dataclasses import replace

    doc = replace(doc, sections=(replace(doc.sections[0], blocks=many),))
    slides, _ = plan(doc, layout)
    bullets = [p for s in slides if s.kind == "content" for p in s.body]
    assert 3 <= len(bullets) <= int(layout.load_data("deck/layouts.yaml")["derived"]["max_bullets_per_section"]) == 6
    assert len([s for s in slides if s.kind == "content"]) == 1
    notes = " ".join(s.notes for s in slides)
    assert all(plain_text(b.inlines) in notes for b in many)  # the whole section in the notes


def test_paginate_shrinks_to_the_minimum_before_splitting_and_never_cuts(measurer):
    frame = Frame(0, 0, 640, 380)
    style = ParaStyle(1.0, 16, 4, (23.0, 52.0))
    text = "Providers priced plans assuming the benefit would continue for several years to come."
    paras = [Para((Run(text),)) for _ in range(5)]
    pages = paginate_pages(measurer, paras, frame, 28, 18, 5, style)
    assert len(pages) == 1 and 18 <= pages[0].size < 28  # shrunk, not split
    more = paginate_pages(measurer, paras * 3, frame, 28, 18, 5, style)
    assert len(more) > 1 and all(p.size >= 18 for p in more)
    assert [r.text for p in more for para in p.paras for r in para.runs] == [text] * 15  # every word, in order
    huge = paginate_pages(measurer, [Para((Run(" ".join([text] * 30)),))], frame, 28, 18, 5, style)
    assert len(huge) == 1 and huge[0].overfull and huge[0].size == 18
    assert huge[0].paras[0].runs[0].text.endswith("come.")


def test_an_overlong_paragraph_is_split_at_sentences(tmp_path, layout):
    doc = F.untitled_doc(tmp_path)
    from dataclasses import replace

    long = F.para(" ".join(F.SENTENCES * 4), 77)
    doc = replace(doc, sections=(replace(doc.sections[0], slide=(long.inlines,)),))
    ctx = RenderContext(doc, layout)
    _, slides, _ = plan_for(ctx)
    body = [runs_text(p.runs) for s in slides if s.kind == "content" for p in s.body]
    # no paragraph over about 40 words (#29): split at sentence ends, every word kept, in order
    assert all(len(b.split()) <= 40 for b in body)
    assert " ".join(plain_text(long.inlines).split()) in " ".join(" ".join(body).split())


# ---------------------------------------------------------------- the deck's shape (pure)
from dataclasses import replace as _replace  # noqa: E402

from briefgen.model import Footnote, FootnoteRef, Paragraph, Section, Table, TableCell, Text  # noqa: E402


def _settings_plan(doc, layout, **changes):
    from briefgen.render.deck.plan import plan_deck
    from briefgen.render.deck.template import open_template, resolve_kinds

    cfg = load_config(layout)
    path = layout.find("deck/template.pptx")
    m = build_measurer(layout, cfg, lambda msg: None)
    kinds = resolve_kinds(open_template(path), path, cfg.kinds, lambda msg: None)
    settings = _replace(cfg.settings(kinds, layout.theme.labels), **changes)
    return plan_deck(doc, settings, m)


def _short_sections(tmp_path):
    doc = F.essay_doc(tmp_path)
    short = tuple(Section(F.t(f"Short {i}"), f"s{i}", (F.para(F.SENTENCES[i], 100 + i),), (), (), 99 + i) for i in range(4))
    return _replace(doc, sections=doc.sections[:1] + short)


def test_no_divider_before_a_one_slide_section(tmp_path, layout):
    doc = _short_sections(tmp_path)
    slides = _settings_plan(doc, layout)
    kinds = [(s.kind, s.title) for s in slides]
    assert not any(k == "section" and t.startswith("Short") for k, t in kinds)
    always = _settings_plan(doc, layout, dividers="always")
    assert sum(1 for s in always if s.kind == "section") == len(doc.sections)
    never = _settings_plan(F.essay_doc(tmp_path), layout, dividers="never")
    assert not any(s.kind == "section" for s in never)


def test_endnotes_ride_on_citing_slides_and_one_sources_slide(tmp_path, layout):
    doc = F.essay_doc(tmp_path)
    many = tuple(Footnote(i, f"n{i}", (F.para(f"Endnote {i}: " + F.SENTENCES[i % 6], 200 + i),), 200 + i) for i in range(1, 41))
    cite = Section(F.t("Cited"), "cited", (Paragraph((Text(F.SENTENCES[0]),) + tuple(FootnoteRef(i, f"n{i}") for i in range(1, 41)), 150),), (), (), 149)
    doc = _replace(doc, sections=doc.sections + (cite,), footnotes=many)
    slides = _settings_plan(doc, layout, notes="full")
    # 40 notes do not fit one readable slide: no slide announcing that notes exist (#29 item 4)
    assert not [s for s in slides if s.kind == "sources"]
    cited = next(s for s in slides if s.kind == "content" and s.title.startswith("Cited"))
    assert all(f"\n{i}. Endnote {i}:" in "\n" + cited.notes for i in range(1, 41))  # numbered, one per line
    brief = _settings_plan(doc, layout)
    cited = next(s for s in brief if s.kind == "content" and s.title.startswith("Cited"))
    assert len(cited.notes.split()) <= 250 and "The full text is in the handout" in cited.notes
    few = _replace(doc, sections=doc.sections, footnotes=many[:3])
    sources = [s for s in _settings_plan(few, layout) if s.kind == "sources"]
    assert len(sources) == 1 and [p.number for p in sources[0].body] == [1, 2, 3]
    off = _settings_plan(doc, layout, sources_slide=False)
    assert not [s for s in off if s.kind == "sources"]
    few = _settings_plan(F.essay_doc(tmp_path), layout)
    assert [len(s.body) for s in few if s.kind == "sources"] == [2]  # two short notes: listed on the slide


def test_a_table_too_wide_keeps_the_columns_that_fit_and_says_where_the_rest_is(tmp_path, layout):
    """Never a slide without data (#29 item 3): the first columns that fit, a line naming the rest."""
    doc = F.essay_doc(tmp_path)
    cell = lambda i: TableCell(F.t(" ".join([F.SENTENCES[i % 6]] * 2)))  # noqa: E731
    big = Table(tuple(TableCell(F.t(f"Column {c}")) for c in range(5)), tuple(tuple(cell(r + c) for c in range(5)) for r in range(8)),
                (None,) * 5, 300)
    section = Section(F.t("Timeline"), "timeline", (F.para("Table 1. Program Milestones, 1992-2026", 299), big), (), (), 298)
    slides = _settings_plan(_replace(doc, sections=(section,)), layout)
    tables = [s for s in slides if s.kind == "table"]
    assert tables and all(s.table.rows for s in tables) and tables[0].title.startswith("Table 1. Program Milestones")
    assert 2 <= len(tables[0].table.header) < 5
    assert "Also in the handout: Column" in tables[-1].table.note and "Column 4" in tables[-1].table.note
    assert all(not t.table.note for t in tables[:-1])  # the line under the last part only
    assert not any("is in the handout" in runs_text(p.runs) for s in slides for p in s.body)  # no pointer slide


def test_table_numbers_right_aligned_with_the_source_line_under_it(tmp_path, layout):
    doc = F.essay_doc(tmp_path)
    rows = tuple((TableCell(F.t(f"Court {r}")), TableCell(F.t(f"${r}4.5")), TableCell(F.t("\u2014" if r == 2 else f"{r}1.0")))
                 for r in range(6))
    table = Table((TableCell(F.t("Account")), TableCell(F.t("FY2026")), TableCell(F.t("FY2027"))), rows, (None,) * 3, 300)
    source = F.para("Source: CRS, from the budget request.", 301)
    section = Section(F.t("Budget"), "budget", (F.para("Table 1. Accounts", 299), table, source), (), (), 298)
    slides = _settings_plan(_replace(doc, sections=(section,)), layout, notes="full")
    plan = next(s for s in slides if s.kind == "table")
    assert plan.table.aligns == ("left", "right", "right")
    assert plan.table.note == "Source: CRS, from the budget request." and plan.table.note_frame is not None
    assert plan.table.note_frame.y >= plan.table.y + plan.table.layout.header_height + sum(plan.table.layout.row_heights)
    assert "Court 1: FY2026 $14.5, FY2027 11.0" in plan.notes.splitlines()  # a readable line per row
    assert "|" not in plan.notes


def test_per_slide_layout_and_skip(tmp_path, layout):
    doc = F.essay_doc(tmp_path)
    first = _replace(doc.sections[0], slide_layout="quote")  # names compare loosely
    skipped = _replace(doc.sections[1], deck_skip=True)
    unknown = _replace(doc.sections[4], slide_layout="No Such Layout")
    doc = _replace(doc, sections=(first, skipped) + doc.sections[2:4] + (unknown,))
    ctx = RenderContext(doc, layout)
    _, slides, _ = plan_for(ctx)
    working = [s for s in slides if s.title.startswith("The Program Is Working")]
    assert working and all(s.layout == "Quote" for s in working if s.kind == "content")
    assert not any(s.title.startswith("What Happens If It Lapses") for s in slides)
    notes = " ".join(s.notes for s in slides)
    assert F.SENTENCES[4] in notes  # the skipped section's text still reaches the notes
    assert any(w.line == unknown.line and "No Such Layout" in w.message for w in ctx.warnings), ctx.warnings
    options = [s for s in slides if s.title.startswith("Options for Congress") and s.kind == "content"]
    assert options and options[0].layout == "Title and Content"


def test_layouts_yaml_sizes_reach_the_planner(essay, layout):
    """layouts.yaml values arrive as text: the content kind's 28 pt must be used, not a built-in default."""
    _, slides = essay
    cfg = layout.load_data("deck/layouts.yaml")["kinds"]
    content = [s for s in slides if s.kind == "content"]
    assert float(cfg["content"]["body_size"]) == 28.0
    # one body size per deck (#29): the largest every text slide fits at, within the layout's range
    statement = lambda s: len(s.body) == 1 and not s.body[0].bullet  # noqa: E731 - one sentence in large type
    assert len({s.body_size for s in slides if s.kind in ("content", "bottom_line", "recommendations", "about")
                and not statement(s)}) == 1
    assert float(cfg["content"]["min_size"]) <= content[0].body_size <= 28.0
    assert all(float(cfg[s.kind]["min_size"]) <= s.body_size for s in slides if s.body and s.kind in cfg and "min_size" in cfg[s.kind])


def test_table_parts_fill_by_height_without_an_orphan_row():
    from briefgen.render.deck.model import TableLayout
    from briefgen.render.deck.paginate import split_rows

    layout = TableLayout(14.0, (100.0, 100.0), 20.0, (20.0,) * 10)
    parts = split_rows(layout, 20 + 9 * 20 + 1, 10)  # nine rows fit a slide: 9 + 1 would orphan a row
    assert parts == [(0, 8), (8, 10)]  # the first part mostly full, the last with two rows
    assert split_rows(layout, 500, 10) == [(0, 10)]


# ---------------------------------------------------------------- footers: the short title at the template's size (pure)
from briefgen.render.deck.footer import footer_text, with_footers, word_candidates  # noqa: E402

LO_FOOTER = Frame(269.3, 407.0, 252.0, 31.0, 0, 0, 0, 0)  # a LibreOffice template's footer box, 14 pt


def test_a_long_short_title_is_cut_at_a_clause_or_word_to_fit_the_footer_box(measurer):
    army = "The Army\u2019s M-1E3 Abrams Tank Modernization Program"
    fitted = footer_text(measurer, army, LO_FOOTER, 14)
    assert fitted == "The Army\u2019s M-1E3 Abrams Tank\u2026"  # at a word, never sliced mid-word at the box's edge
    assert measurer.count_lines(fitted, LO_FOOTER.inner_w * 0.85, 14) == 1
    essay = "Do not be Disappointed if the North Korea Talks Go Nowhere"
    assert footer_text(measurer, essay, LO_FOOTER, 14) == "Do not be Disappointed\u2026"  # no dangling "if"
    assert footer_text(measurer, "Energy Policy: What Congress Decides in 2027", LO_FOOTER, 14) == "Energy Policy"  # a clause
    assert footer_text(measurer, "ENERGY STAR Program", LO_FOOTER, 14) == "ENERGY STAR Program"
    assert footer_text(measurer, essay, Frame(0, 0, 252, 21.3, 0, 0, 0, 0), 18) == ""  # no line at 18 pt: left out
    assert footer_text(measurer, "Supercalifragilisticexpialidocious Antidisestablishmentarianism", Frame(0, 0, 60, 31, 0, 0, 0, 0), 14) == ""
    assert word_candidates("One two") == []  # two words are never cut to one


def test_a_cut_or_missing_footer_is_reported_once_at_the_short_title(tmp_path, measurer):
    from dataclasses import replace

    from briefgen.render.deck.model import DeckSettings, KindSpec, SlidePlan

    doc = F.essay_doc(tmp_path)
    doc = replace(doc, meta=replace(doc.meta, short_title="The Army\u2019s M-1E3 Abrams Tank Modernization Program"))
    area = Frame(36, 100, 600, 300)
    spec = KindSpec("Title, Content", None, area, area, footer=LO_FOOTER, footer_size=14)
    other = KindSpec("Title Only", None, None, area, footer=LO_FOOTER, footer_size=14)
    settings = DeckSettings(kinds={"content": spec, "table": other}, labels={})
    slides = [SlidePlan("content", "Title, Content"), SlidePlan("table", "Title Only"), SlidePlan("title", "Title, Content", footer=False)]
    heard = []
    out = with_footers(slides, settings, measurer, doc, lambda line, msg: heard.append((line, msg)))
    assert [s.footer_text for s in out] == ["The Army\u2019s M-1E3 Abrams Tank\u2026"] * 2 + [""]
    assert len(heard) == 1 and "shortened to 'The Army\u2019s M-1E3 Abrams Tank\u2026'" in heard[0][1] and "short_title" in heard[0][1]
    assert heard[0][0] == (doc.meta.line_of("short_title") or doc.meta.line_of("title"))
    heard.clear()
    tiny = replace(spec, footer=Frame(0, 425, 252, 21.3, 0, 0, 0, 0), footer_size=18)
    out = with_footers(slides[:1], replace(settings, kinds={"content": tiny}), measurer, doc, lambda l, m: heard.append(m))
    assert out[0].footer_text == "" and len(heard) == 1 and "cannot hold a line" in heard[0]
    heard.clear()
    short = replace(doc, meta=replace(doc.meta, short_title="Abrams"))
    assert with_footers(slides[:1], settings, measurer, short, lambda l, m: heard.append(m))[0].footer_text == "Abrams"
    assert not heard


# ---------------------------------------------------------------- lead-ins ("The bill would:") never stand alone (pure)
from briefgen.render.deck.paginate import drop_dangling_lead_ins, is_lead_in  # noqa: E402

LEAD_SOURCE = """---
title: "Lead-ins"
date: "2024-05-01"
authors:
  - name: "Ana"
    bio: "Ana writes."
---

## The Bill

The bill was introduced in March after two years of hearings.

The bill would do three things:

- raise the cap on grants to states
- require an annual report to Congress
- end the pilot program in 2027

## The Hearing

The committee heard from the following witnesses:

The chair then closed the hearing and set a vote for the next week.
"""


def _p(text: str, level: int = 0) -> Para:
    return Para((Run(text),), level)


def test_a_lead_in_is_kept_only_as_the_parent_of_its_items():
    lead, item = _p("The bill would:"), _p("raise the cap", 1)
    assert is_lead_in(lead) and not is_lead_in(item)
    assert drop_dangling_lead_ins([_p("First."), lead, item]) == [_p("First."), lead, item]
    assert drop_dangling_lead_ins([_p("First."), lead]) == [_p("First.")]  # followed by nothing
    assert drop_dangling_lead_ins([lead, _p("Next point.")]) == [_p("Next point.")]  # its list did not follow
    from briefgen.render.deck.bullets import derive_item

    assert derive_item("raise the cap on grants to states", 18) == "raise the cap on grants to states"  # a phrase: whole
    assert derive_item("Figure 2. Grants by state", 18) is None  # a caption is no bullet
    assert derive_item("a hybrid electric drive;", 18) == "a hybrid electric drive"  # the list's joiners go
    assert derive_item("ability to pair with robotic vehicles; and", 18) == "ability to pair with robotic vehicles"
    long = "The act, which passed in 2019 after years of debate, would " + "raise caps " * 10 + "for states. Then more."
    assert derive_item(long, 18) == derive_bullet(long, 18)  # a long item is derived like a paragraph


def test_derived_bullets_keep_a_lead_in_with_its_list_and_drop_one_without(tmp_path, layout):
    from briefgen.source import load_source

    path = tmp_path / "lead.md"
    path.write_text(LEAD_SOURCE, encoding="utf-8")
    doc = load_source(path, project_dir=tmp_path).doc
    slides, _ = plan(doc, layout)
    bill = [s for s in slides if s.title.startswith("The Bill")]
    bullets = [(runs_text(p.runs), p.level) for s in bill for p in s.body]
    assert ("The bill would do three things:", 0) in bullets
    lead = bullets.index(("The bill would do three things:", 0))
    assert bullets[lead + 1] == ("raise the cap on grants to states", 1)
    hearing = [runs_text(p.runs) for s in slides if s.title.startswith("The Hearing") for p in s.body]
    assert hearing and not any(t.endswith(":") for t in hearing), hearing  # the witnesses' list is not in the text
    notes = " ".join(s.notes for s in slides)
    assert "The committee heard from the following witnesses:" in notes  # dropped from the slide, kept in the notes


def test_a_lead_in_never_ends_a_page(measurer):
    frame = Frame(0, 0, 600, 400)
    paras = [_p("Point one."), _p("Point two."), _p("The bill would:"), _p("raise the cap", 1), _p("end the pilot", 1)]
    pages = paginate_pages(measurer, paras, frame, 22, 18, 3, ParaStyle())
    assert [[runs_text(p.runs) for p in page.paras] for page in pages] == [
        ["Point one.", "Point two."], ["The bill would:", "raise the cap", "end the pilot"]]
    assert all(not is_lead_in(page.paras[-1]) for page in pages)


def test_a_long_caption_title_is_cut_before_a_comma_not_with_an_ellipsis(measurer):
    from briefgen.render.deck.paginate import fit_title, title_candidates

    caption = "ENERGY STAR Program Funding Fiscal years 2015 through 2024, in millions of nominal dollars"
    assert title_candidates(caption)[1] == "ENERGY STAR Program Funding Fiscal years 2015 through 2024"
    assert "Iran" not in title_candidates("Iran, Israel and the Bomb")  # a head of fewer than three words is no title
    text, size = fit_title(measurer, caption, Frame(28.3, 14.2, 600.0, 37.6, 0, 0, 0, 0), 32, 24, 2)  # a one-line title box
    assert text == "ENERGY STAR Program Funding Fiscal years 2015 through 2024" and size >= 18
    assert not text.endswith("\u2026")


def test_auto_dividers_only_on_a_layout_made_for_them(tmp_path, layout):
    """A divider on "Title Only" (all a LibreOffice template offers) is a title over an empty slide: auto leaves it out."""
    from briefgen.render.deck.ranking import is_divider_layout

    assert is_divider_layout(OFFICE[4]) and is_divider_layout(OFFICE[2])  # Section Header, Title Slide
    assert not is_divider_layout(OFFICE[5]) and not is_divider_layout(LayoutShape("Title, Content", W, H, TITLE))
    assert is_divider_layout(LayoutShape("Meridian Divider", W, H, TITLE))
    doc = F.essay_doc(tmp_path)
    designed = _settings_plan(doc, layout)
    assert any(s.kind == "section" for s in designed)  # the default's Section Header: dividers under auto
    from briefgen.render.deck.template import open_template, resolve_kinds

    cfg = load_config(layout)
    path = layout.find("deck/template.pptx")
    kinds = dict(resolve_kinds(open_template(path), path, cfg.kinds, lambda msg: None))
    kinds["section"] = _replace(kinds["section"], layout="Title Only", divider=False)
    plain = _settings_plan(doc, layout, kinds=kinds)
    assert not any(s.kind == "section" for s in plain)
    assert [s.kind for s in plain] == [s.kind for s in designed if s.kind != "section"]
    assert sum(s.kind == "section" for s in _settings_plan(doc, layout, kinds=kinds, dividers="always")) >= 1


def test_a_table_part_title_keeps_its_part_label_and_goes_down_to_the_caption_minimum(measurer):
    from briefgen.render.deck.paginate import fit_title

    caption = ("FY2026 Discretionary Appropriations and FY2027 Discretionary Appropriations Request "
               "(in millions of dollars)")
    box = Frame(28.3, 14.2, 600.0, 37.6, 0, 0, 0, 0)  # a one-line title box (LibreOffice's Sunset)
    text, size = fit_title(measurer, caption, box, 32, 24, 2, suffix="(1 of 2)", floor=14)
    assert text == caption + " (1 of 2)"  # the whole caption, smaller, nothing cut
    assert 14 <= size < 18
    assert measurer.count_lines(text, box.inner_w, size, "heading") * measurer.line_height(size, "heading") <= box.inner_h
    cut, _ = fit_title(measurer, caption, box, 32, 24, 2, suffix="(1 of 2)")  # a body title's floor: 18 pt
    assert cut.endswith("\u2026")  # at the body floor only the last-resort cut fits: the caption floor avoids it


def test_authors_without_a_bio_get_no_about_slide(tmp_path, layout):
    """Names and roles alone (a pasted report's byline) would make a near-empty slide; the title slide names them."""
    doc = F.essay_doc(tmp_path)
    assert any(a.bio for a in doc.meta.authors)
    assert "about" in [s.kind for s in _settings_plan(doc, layout)]
    bare = _replace(doc, meta=_replace(doc.meta, authors=tuple(_replace(a, bio=()) for a in doc.meta.authors)))
    assert "about" not in [s.kind for s in _settings_plan(bare, layout)]


# ---------------------------------------------------------------- derived content that keeps its meaning (#29, pure)
from briefgen.model import ListBlock, ListItem, SubHeading  # noqa: E402
from briefgen.render.deck.bullets import drop_references, is_citation, split_long  # noqa: E402
from briefgen.render.deck.speaker import compose, table_lines  # noqa: E402


def _section_plan(layout, blocks, **changes):
    doc = F.essay_doc(Path("/tmp"))
    section = Section(F.t("Individual Accounts"), "accounts", tuple(blocks), (), (), 400)
    return _settings_plan(_replace(doc, sections=(section,), footnotes=()), layout, **changes)


def _bodies(slides, title):
    return [runs_text(p.runs) for s in slides if s.title.startswith(title) for p in s.body]


def test_a_sub_sections_bullets_name_their_subject(layout):
    slides = _section_plan(layout, [
        SubHeading(F.t("Supreme Court"), 3, "sc", 401),
        F.para("The total represents a 29.0% increase over the FY2026 enacted level. It funds new security staff.", 402),
        SubHeading(F.t("Court of Appeals"), 3, "ca", 403),
        F.para("The request is $38.7 million for the circuit courts. It covers rent and judges' pay.", 404),
    ])
    body = _bodies(slides, "Individual Accounts")
    assert any(b.startswith("Supreme Court: The total represents") for b in body), body
    assert any(b.startswith("Court of Appeals: The request is $38.7 million") for b in body), body


def test_a_list_is_taken_whole_with_its_lead_in(layout):
    items = tuple(ListItem((F.para(f"Item number {i} of the seven considerations", 410 + i),), 410 + i) for i in range(7))
    slides = _section_plan(layout, [F.para("Considerations for Congress include the following:", 409),
                                    ListBlock(items, False, 1, 410)])
    body = _bodies(slides, "Individual Accounts")
    assert body[0].endswith("the following:") and sum(1 for b in body if b.startswith("Item number")) == 7
    assert not any(b.rstrip().endswith(("were", "\u2026", "...")) for b in body)


def test_citations_and_references_never_make_bullets(layout):
    cite = ("CRS In Focus IF12094, The Army's XM-30 Mechanized Infantry Combat Vehicle, by Andrew Feickert and "
            "Ebrima M'Bai.")
    assert is_citation(cite) and is_boilerplate(cite)
    assert drop_references("Funding has decreased in nominal dollars (Table 2).") == "Funding has decreased in nominal dollars."
    assert drop_references("It rose (see Figure 1), then fell.") == "It rose, then fell."
    slides = _section_plan(layout, [F.para(F.SENTENCES[0], 420), F.para(cite, 421),
                                    F.para("The amounts are shown in the following table.", 422),
                                    F.para(F.SENTENCES[1] + " (Figure 3)", 423)])
    body = " ".join(_bodies(slides, "Individual Accounts"))
    assert "CRS In Focus" not in body and "the following" not in body and "(Figure 3)" not in body


def test_no_bullet_over_forty_words_and_none_twice():
    text = ("The committee reviewed every account in the request, and it found that spending grew faster than the "
            "request in each of the last five fiscal years while the number of cases fell in most of the districts "
            "that the committee visited during the spring and summer hearings.")
    pieces = split_long(text, 40)
    assert len(pieces) == 2 and all(len(p.split()) <= 40 for p in pieces)
    assert len(" ".join(pieces).split()) == len(text.split())  # every word kept, in order
    assert pieces[1].startswith("And it found")


def test_one_paragraph_section_gives_sentence_bullets_or_a_statement(layout):
    slides = _section_plan(layout, [F.para(F.SENTENCES[0] + " " + F.SENTENCES[1], 430)])
    content = [s for s in slides if s.title.startswith("Individual Accounts")]
    assert len(content[0].body) == 2
    one = _section_plan(layout, [F.para("Mandatory appropriations also fund judicial retirement accounts.", 431)])
    statement = next(s for s in one if s.title.startswith("Individual Accounts"))
    body_sizes = {s.body_size for s in one if s.kind == "content" and len(s.body) > 1}
    assert len(statement.body) == 1 and not statement.body[0].bullet
    assert all(statement.body_size > b for b in body_sizes)  # a statement in large type, not a lone bullet


def test_dividers_before_every_section_or_none(tmp_path, layout):
    for mode in ("auto", "always", "never"):
        slides = _settings_plan(F.essay_doc(tmp_path), layout, dividers=mode)
        titled = [s for s in F.essay_doc(tmp_path).sections if plain_text(s.title).strip()]
        dividers = sum(1 for s in slides if s.kind == "section")
        assert dividers in (0, len(titled)), (mode, dividers)


def test_notes_speak_the_slide_then_the_text_within_the_word_limit():
    table = Table((TableCell(F.t("Account")), TableCell(F.t("FY2026")), TableCell(F.t("FY2027"))),
                  ((TableCell(F.t("Supreme Court")), TableCell(F.t("$174.5 million")), TableCell(F.t("$225.1 million"))),),
                  (None,) * 3, 1)
    assert table_lines(table) == ["Account, FY2026, FY2027", "Supreme Court: FY2026 $174.5 million, FY2027 $225.1 million"]
    paras = [Para((Run("Spending grew faster than the request"),)), Para((Run("Cases fell"),))]
    text = "Budget\n\n" + "\n\n".join(f"Paragraph {i} " + " ".join(["word"] * 60) + "." for i in range(8))
    notes = compose("Budget", paras, text, 250, False, "The full text is in the handout, under \u201cBudget\u201d.")
    assert notes.startswith("Spending grew faster than the request. Cases fell.")
    assert len(notes.split()) <= 250 and notes.endswith("under \u201cBudget\u201d.")
    assert "Budget" not in notes.splitlines()  # the title once (on the slide), not again in the notes
    full = compose("Budget", paras, text, 250, True, "where")
    assert len(full.split()) > 480 and "where" not in full


def test_prose_ending_in_a_citation_keeps_its_bullet():
    text = ("When a foreign leader formally visits the United States, he or she is sometimes invited to address a "
            "joint meeting of Congress. Not all foreign leaders who visit are invited. For more information, see CRS "
            "In Focus IF10211, Foreign Leaders Addressing Congress, by Jacob R. Straus.")
    assert not is_boilerplate(text)
    bullet = derive_bullet(text, 18)
    assert bullet and "CRS In Focus" not in bullet and "by Jacob" not in bullet
