"""Hand-built documents for the handout tests (no parser needed).

:func:`rich_document` exercises every block and inline type, footnotes used
twice, heading levels that skip (### then #####), a long URL, a wide table, an
image with and one without alt text, hostile text (template syntax, raw HTML)
and ``extra`` metadata.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Tuple

from briefgen import model as m
from briefgen.layout import load_layout
from briefgen.render import RenderContext, RenderOptions

from tests.support import ROOT
INJECTION = "{{ 7*7 }} {% if true %}yes{% endif %} {{ ''.__class__ }}"
SCRIPT = "<script>alert(1)</script> <img src=x onerror=alert(1)> <b onclick=\"x()\">b</b>"
LONG_URL = "https://example.org/" + "a-very-long-path-segment-without-breaks" * 4 + "?query=1&x=2"
LONG_WORD = "Donaudampfschifffahrtselektrizitaetenhauptbetriebswerkbauunterbeamtengesellschaft" * 2


def T(text: str) -> m.Text:
    return m.Text(text)


def para(*inlines: object, line: int = 1) -> m.Paragraph:
    return m.Paragraph(tuple(T(i) if isinstance(i, str) else i for i in inlines), line)


def make_png(path: Path, width: int = 480, height: int = 240) -> m.Image:
    """A small bar chart PNG, drawn deterministically with Pillow."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (width, height), "#FFFFFF")
    draw = ImageDraw.Draw(img)
    draw.line([(40, height - 30), (width - 20, height - 30)], fill="#1B365D", width=2)
    for i, value in enumerate((0.35, 0.6, 0.8, 0.5, 0.95)):
        x = 60 + i * 80
        top = int((height - 40) * (1 - value))
        draw.rectangle([x, top, x + 50, height - 31], fill="#A4343A" if i == 4 else "#1B365D")
    img.save(path, format="PNG", optimize=False)
    payload = path.read_bytes()
    return m.Image(
        path=path.resolve(), rel=path.name, width=width, height=height,
        sha256=hashlib.sha256(payload).hexdigest(), mime="image/png",
    )


def rich_document(folder: Path, title: str = "Deterrence After the Summit: What Comes Next") -> m.Document:
    """A document using every model feature; its image is written into ``folder``."""
    image = make_png(folder / "chart.png")
    fig_ok = m.Figure(image, "Bar chart: tests rose each year, peaking in 2017", (T("Missile tests per year, "), m.Emph((T("2013–2017"),))), "Source: example data", 40)
    fig_no_alt = m.Figure(image, "", (), "", 44)
    table = m.Table(
        header=(m.TableCell((T("Year"),)), m.TableCell((T("Event"),)), m.TableCell((T("Tests"),))),
        rows=tuple(
            (m.TableCell((T(str(1985 + 6 * i)),)), m.TableCell((T(f"Event number {i} with a long description of what happened"),)), m.TableCell((T(str(i * 3)),)))
            for i in range(6)
        ),
        aligns=(None, "left", "right"),
        line=30,
    )
    s1 = m.Section(
        title=(T("The Libya Model, Seen from Pyongyang"),),
        anchor="the-libya-model",
        blocks=(
            para("In December 2003 Libya committed to dismantle its programs.", m.FootnoteRef(1, "a"), " The lesson drawn was stark.", line=10),
            m.SubHeading((T("What Pyongyang learned"),), 3, "what-pyongyang-learned", 12),
            para("Template text stays literal: ", T(INJECTION), line=13),
            m.SubHeading((T("A deeper, skipped level"),), 5, "deeper", 14),
            para("Raw HTML is text: ", T(SCRIPT), line=15),
            m.ListBlock(
                (
                    m.ListItem((para("First item with ", m.Strong((T("strong"),)), " text."),), 16),
                    m.ListItem((para("Second item with ", m.Code("inline_code()"), "."), m.ListBlock((m.ListItem((para("Nested item."),), 18),), False, 1, 18)), 17),
                ),
                False, 1, 16,
            ),
            m.PullQuote((para("Peace must come before disarmament.", line=20),), 20),
            para("See ", m.Link((T("the IAEA report"),), "https://www.iaea.org/newscenter"), " and ", m.Link((T("a long address"),), LONG_URL), ".", line=21),
            para("Unbreakable: ", LONG_WORD, line=22),
        ),
        slide=(), notes=(), line=9,
    )
    s2 = m.Section(
        title=(T("Fear of Intervention "), m.Emph((T("Drives"),)), T(" the Program")),
        anchor="fear-of-intervention",
        blocks=(
            para("Again, the 2003 Iraq invasion mattered.", m.FootnoteRef(2, "b"), " As noted before.", m.FootnoteRef(1, "a"), line=26),
            m.BlockQuote((para("The axis of evil.", line=27),), 27),
            m.ListBlock((m.ListItem((para("Step one."),), 28), m.ListItem((para("Step two."),), 29)), True, 3, 28),
            table,
            m.CodeBlock("def deterrent():\n    return 'kept'  # <not markup>", 35),
            m.ThematicBreak(37),
            fig_ok,
            para("Line one", m.LineBreak(), "line two, see ", m.Link((T("the first section"),), "#the-libya-model"), ".", line=42),
            fig_no_alt,
            m.SubHeading((T("Outlook"),), 4, "outlook", 46),
            para("The outlook is uncertain.", line=47),
        ),
        slide=(), notes=(), line=25,
    )
    notes = (
        m.Footnote(1, "a", (para("Bush, remarks, 2005. ", m.Link((T("Archive"),), "https://georgewbush-whitehouse.archives.gov/")),), 60),
        m.Footnote(2, "b", (para("Second note, first paragraph."), para("Second paragraph of the note.")), 61),
    )
    authors = (
        m.Author("John Ashley", "2017 YPFP Nuclear Security Fellow", (para("John Ashley studies CBRN nonproliferation and export controls."),), 5),
        m.Author("Dana Staffer", "Senior Editor", (para("Dana writes about policy."),), 6),
    )
    meta = m.Metadata(
        title=(T(title),),
        subtitle=(T("Peace must come before disarmament, and the "), m.Emph((T("Libya model"),)), T(" is a warning")),
        date="2018-08",
        date_display="August 2018",
        authors=authors,
        organization="Young Professionals in Foreign Policy (YPFP)",
        summary=(para("The United States should not expect North Korea to follow the Libya model."), para("Washington should pursue a peace agreement first.")),
        key_points=((T("Disarming now means regime change later, in Pyongyang’s eyes."),), (T("Fear drives the program."),)),
        recommendations=((T("Settle a peace agreement first."),), (T("Sign a treaty ending the Korean War."),), (T("Do not push for rapid disarmament."),)),
        keywords=("North Korea", "deterrence"),
        layout="default",
        short_title="Deterrence After the Summit",
        extra={"series_number": "No. 7", "tags": ["a", "b"]},
    )
    return m.Document(
        meta=meta,
        lede=(para("Since the Korean ceasefire was signed in 1953, North Korea has been a thorn in the side of the United States.", line=8),),
        sections=(s1, s2),
        footnotes=notes,
        source="sources/test.md",
        source_dir=folder,
        lang="en",
        images=(image,),
        epoch=1533081600,
    )


def context(doc: m.Document, layout_name: str = "default", project: Path = ROOT, paper: str | None = None) -> RenderContext:
    """A render context for ``doc`` with the named layout."""
    layout = load_layout(layout_name, project, paper=paper)
    return RenderContext(doc=doc, layout=layout, options=RenderOptions(paper=paper), version="test")


def paragraph_texts(doc: m.Document, refs: bool = False) -> Tuple[str, ...]:
    """The plain text of every top-level body paragraph, in reading order; with
    ``refs`` footnote references appear as their numbers (as a browser shows them)."""
    return tuple(_flat(b.inlines, refs) for b in m.all_body_blocks(doc) if isinstance(b, m.Paragraph))


def _flat(inlines, refs: bool) -> str:
    out = []
    for node in inlines:
        if isinstance(node, m.FootnoteRef):
            out.append(str(node.number) if refs else "")
        elif isinstance(node, (m.Emph, m.Strong, m.Link)):
            out.append(_flat(node.children, refs))
        else:
            out.append(m.plain_text((node,)))
    return "".join(out)
