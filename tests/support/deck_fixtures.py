"""Hand-built document models for the deck tests (no parser needed)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import List, Sequence, Tuple

from briefgen.model import (
    Author, BlockQuote, Document, Emph, Figure, Footnote, FootnoteRef, Image, Link, ListBlock, ListItem, Metadata,
    Paragraph, PullQuote, Section, Strong, Table, TableCell, Text,
)

EPOCH = 1533081600  # 2018-08-01


def t(text: str) -> Tuple[Text, ...]:
    """Inlines of one text run."""
    return (Text(text),)


def para(text: str, line: int = 1) -> Paragraph:
    """A one-run paragraph."""
    return Paragraph(t(text), line)


def make_png(folder: Path, name: str = "chart.png", size: Tuple[int, int] = (1600, 900)) -> Image:
    """Write a simple chart-like PNG and return its model Image."""
    from PIL import Image as PILImage, ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    img = PILImage.new("RGB", size, "white")
    draw = ImageDraw.Draw(img)
    w, h = size
    for i, frac in enumerate((0.35, 0.6, 0.45, 0.8, 0.7)):
        x0 = int(w * (0.1 + i * 0.16))
        draw.rectangle([x0, int(h * (0.9 - frac * 0.8)), x0 + int(w * 0.1), int(h * 0.9)], fill=(27, 54, 93))
    draw.line([int(w * 0.05), int(h * 0.9), int(w * 0.95), int(h * 0.9)], fill=(84, 91, 102), width=4)
    img.save(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return Image(path.resolve(), name, w, h, digest, "image/png")


def meta(title: str = "Rebuilding Rural Broadband After the Subsidy Cliff", **kw) -> Metadata:
    """Metadata with sensible defaults."""
    base = dict(
        title=t(title),
        subtitle=t("What Congress can do before the Affordable Connectivity Program lapses"),
        date="2018-08",
        date_display="August 2018",
        authors=(
            Author("Dana Staffer", "Senior Fellow", (para("Dana Staffer leads the program on rural infrastructure and writes about telecommunications policy."),), 3),
            Author("Lee Analyst", "Research Associate", (para("Lee Analyst studies broadband adoption and county-level data."),), 5),
        ),
        organization="Center for Practical Policy",
        summary=(para("Ending the subsidy would push about four million rural households offline within a year. A targeted bridge costs less than the repair."),),
        key_points=(t("Four million rural households rely on the subsidy"), t("Providers cannot absorb the loss without raising prices"),
                    (Text("A two-year bridge costs "), Strong(t("$2.1 billion")), Text(", a fraction of rebuild costs"))),
        recommendations=(t("Fund a two-year bridge at current benefit levels"), t("Tie future support to measured adoption, not deployment alone"),
                         t("Publish county-level enrollment data every quarter")),
        keywords=("broadband", "rural", "subsidy"),
        layout="default",
        short_title="Rural Broadband",
    )
    base.update(kw)
    return Metadata(**base)


SENTENCES = [
    "Rural broadband adoption rose sharply after the program began, and the gains were largest in counties with a single provider.",
    "Providers say they priced new plans on the assumption that the benefit would continue for several years.",
    "Survey data suggest that most enrolled households would cancel service rather than pay the full price.",
    "Schools and clinics that moved services online would lose the audience they now reach.",
    "The cost of reconnecting a household later is several times the cost of keeping it connected.",
    "State programs can fill part of the gap, but few have budgets large enough to matter.",
]


def essay_doc(tmp: Path) -> Document:
    """An essay-like brief: sections, bullets, a pull quote, a long table, a figure, endnotes."""
    image = make_png(tmp / "assets")
    rows = tuple(
        (TableCell(t(f"County {i:02d}")), TableCell(t(f"{1000 + 37 * i:,}")), TableCell(t(f"{(i * 7) % 40 + 10}%")),
         TableCell(t("Single provider, mostly fixed wireless" if i % 3 == 0 else "Two providers")))
        for i in range(1, 27)
    )
    table = Table((TableCell(t("County")), TableCell(t("Households enrolled")), TableCell(t("Share")), TableCell(t("Market"))),
                  rows, (None, "right", "right", None), 40)
    sections = (
        Section(t("The Program Is Working"), "working", (
            Paragraph((Text(SENTENCES[0] + " "), Text("In the median county enrollment doubled"), FootnoteRef(1, "a"), Text(".")), 10),
            para(SENTENCES[1] + " " + SENTENCES[2], 12),
            para(SENTENCES[3], 14),
        ), (), (para("Pause here for questions about the county data."),), 9),
        Section(t("What Happens If It Lapses"), "lapse", (
            para(SENTENCES[4] + " " + SENTENCES[5], 20),
            PullQuote((para("Once a family drops its connection, getting it back costs more than keeping it.", 22),), 22),
            ListBlock((ListItem((para("Households cancel service within months."),), 24), ListItem((para("Providers cut upgrade plans."),), 25)), False, 1, 24),
            para("Every estimate we reviewed points the same direction, e.g. the regional surveys and the national panel.", 26),
        ), (t("Four million households at risk"), t("Providers would raise prices or exit"),
            (Text("Reconnection costs "), Emph(t("several times")), Text(" more"))), (), 19),
        Section(t("The Numbers by County"), "numbers", (
            para("The table lists enrollment in the counties we surveyed.", 39),
            table,
        ), (), (), 38),
        Section(t("Adoption Over Time"), "adoption", (
            para("Adoption climbed every year of the program, as the chart shows.", 60),
            Figure(image, "Bar chart: adoption rising from 35 to 80 percent over five years", t("Adoption by year, percent of households"), "Source: county surveys", 62),
            BlockQuote((para("We would not have kept the service without the benefit.", 64),), 64),
        ), (), (), 59),
        Section(t("Options for Congress"), "options", (
            para("Congress has three realistic options: a bridge, a redesign, or a wind-down.", 70),
            Paragraph((Text("The full cost table is on "), Link(t("the agency site"), "https://example.org/costs"), Text(" and in "), Link(t("the appendix"), "#appendix"), Text(".")), 72),
        ), (), (), 69),
    )
    footnotes = (
        Footnote(1, "a", (Paragraph((Text("County enrollment files, 2017. See "), Link(t("example.org/data"), "https://example.org/data"), Text(".")), 90),), 90),
        Footnote(2, "b", (para("Interviews with eleven providers, spring 2018.", 91),), 91),
    )
    return Document(meta(), (para("Congress faces a deadline this fall, and the choices it makes will decide who stays online.", 7),),
                    sections, footnotes, "sources/essay.md", tmp, "en", (image,), EPOCH)


def awkward_doc(tmp: Path) -> Document:
    """Long titles, control characters, an unbreakable word, CJK, empty sections, many paragraphs."""
    long_title = ("An Exceptionally Long Title That Goes On and On About Intergovernmental Fiscal Coordination "
                  "Mechanisms for Post-Pandemic Infrastructure Resilience Financing in Small Jurisdictions " * 2).strip()
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 4
    many = tuple(para(f"Point {i}: {SENTENCES[i % 6]} {SENTENCES[(i + 1) % 6]}", 100 + i) for i in range(14))
    sections = (
        Section(t("Control\x07 characters\x1b and \u2028 separators"), "ctl", (para("Text with a bell\x07 and an escape\x1b inside.", 10),), (), (), 9),
        Section(t(long_title), "long", (para(word + " follows a very long word in the lead sentence.", 20), para("短い日本語の文章です。中文句子也在这里。" * 6, 21)), (), (), 19),
        Section(t("Empty section"), "empty", (), (), (), 30),
        Section(t("Many paragraphs"), "many", many, (), (), 99),
        Section(t("Very long slide bullets"), "bullets", (para("Body.", 200),),
                tuple(t(" ".join([SENTENCES[i % 6]] * 2)) for i in range(9)), (), 199),
    )
    return Document(meta(title=long_title, subtitle=t("A subtitle that is also rather long " * 4)), (), sections, (),
                    "sources/awkward.md", tmp, "en", (), EPOCH)


def untitled_doc(tmp: Path) -> Document:
    """A body without headings: one untitled section."""
    section = Section((), "", tuple(para(s, 10 + i) for i, s in enumerate(SENTENCES)), (), (), 10)
    return Document(meta(summary=(), key_points=(), recommendations=()), (), (section,), (), "sources/plain.md", tmp, "en", (), EPOCH)


def many_sections_doc(tmp: Path, count: int = 500) -> Document:
    """``count`` tiny sections, like corpus case 35."""
    sections = tuple(Section(t(f"Heading {i}"), f"h{i}", (para(f"Paragraph {i}.", 10 + 4 * i),), (), (), 8 + 4 * i) for i in range(count))
    return Document(meta(title="Quarterly brief"), (), sections, (), "sources/many.md", tmp, "en", (), EPOCH)


def body_words(doc: Document) -> List[str]:
    """Every word of the body (lede and sections), as the notes must carry them."""
    from briefgen.model import all_body_blocks, block_text

    import re

    words: List[str] = []
    for block in all_body_blocks(doc):
        words.extend(re.findall(r"\w+", block_text(block)))
    return words


def dedupe(seq: Sequence[str]) -> List[str]:
    """Order-preserving unique items."""
    seen = set()
    return [x for x in seq if not (x in seen or seen.add(x))]
