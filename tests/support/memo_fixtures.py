"""Hand-built model documents for the memo renderer's tests (no parser needed)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

from briefgen import model as m
from briefgen.layout import load_layout
from briefgen.render import RenderContext, RenderOptions

from tests.support import ROOT
EPOCH = 1533081600  # 2018-08-01

INJECTION = 'Try <font color="[[[getattr(pow, Word(\'__globals__\'))]]]">x</font> and AT&T, x<y and y>z, &amp; &lt;b&gt;'


def T(text: str) -> m.Text:
    """Shorthand for a Text inline."""
    return m.Text(text)


def para(*inlines: m.Inline, line: int = 1) -> m.Paragraph:
    """A paragraph; bare strings become Text."""
    return m.Paragraph(tuple(T(i) if isinstance(i, str) else i for i in inlines), line)


def sentences(seed: int, count: int) -> str:
    """Deterministic prose of ``count`` sentences (varied words, some long)."""
    words = ("policy", "markets", "governance", "infrastructure", "resilience", "households", "regional",
             "investment", "administration", "accountability", "legislature", "procurement", "evidence",
             "outcomes", "the", "of", "and", "in", "to", "a", "for", "with", "reform", "budget", "cities")
    out: List[str] = []
    x = seed * 7919 + 17
    for s in range(count):
        n = 9 + (x % 13)
        ws = []
        for _ in range(n):
            x = (x * 1103515245 + 12345) % (2 ** 31)
            ws.append(words[x % len(words)])
        sentence = " ".join(ws)
        out.append(f"S{seed}.{s} " + sentence[0].upper() + sentence[1:] + ".")
    return " ".join(out)


def png_bytes(width: int, height: int, color: Tuple[int, int, int] = (40, 80, 140)) -> bytes:
    """A solid-color RGB PNG of the given pixel size (made without Pillow)."""
    raw = b"".join(b"\x00" + bytes(color) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def image(path: Path, width: int, height: int) -> m.Image:
    """Write a PNG and describe it as the parser would."""
    import hashlib

    if not path.exists():
        path.write_bytes(png_bytes(width, height))
    return m.Image(path=path, rel=path.name, width=width, height=height,
                   sha256=hashlib.sha256(path.read_bytes()).hexdigest(), mime="image/png")


def table(rows: int, cols: int = 3, line: int = 50) -> m.Table:
    """A table with a header row and ``rows`` body rows."""
    header = tuple(m.TableCell((T(f"Heading {c + 1}"),)) for c in range(cols))
    body = tuple(tuple(m.TableCell((T(f"r{r + 1}c{c + 1} value"),)) for c in range(cols)) for r in range(rows))
    return m.Table(header, body, tuple(["left"] + ["right"] * (cols - 1)), line)


def document(
    sections: Optional[Sequence[m.Section]] = None,
    lede: Optional[Sequence[m.Block]] = None,
    footnotes: Optional[Sequence[m.Footnote]] = None,
    source_dir: Optional[Path] = None,
    title: str = "Rebuilding Trust in Public Infrastructure",
    summary_text: str = "Cities underinvest in maintenance because budgets reward ribbon-cuttings.",
) -> m.Document:
    """A complete document with sensible metadata."""
    authors = (
        m.Author("Ada Lovelace", "Senior Fellow, Economic Studies",
                 (para("Ada Lovelace is a senior fellow who studies public finance.", line=8),), 5),
        m.Author("Grace Hopper", "Director, Governance Program",
                 (para("Grace Hopper directs the governance program.", line=9),), 6),
    )
    meta = m.Metadata(
        title=(T(title),),
        subtitle=(T("Why maintenance budgets fail, and what to do about it"),),
        date="2018-08",
        date_display="August 2018",
        authors=authors,
        organization="Center for Civic Policy",
        summary=(para(summary_text, line=12),),
        key_points=((T("Maintenance backlogs grow 4% a year."),), (T("Capital rules favour new builds."),)),
        recommendations=((T("Fund an asset-management office."),), (T("Publish a backlog index yearly."),),
                         (T("Tie grants to lifecycle costing."),)),
        keywords=("infrastructure", "budgets", "maintenance"),
        layout="default",
        short_title="Rebuilding Trust",
    )
    return m.Document(
        meta=meta,
        lede=tuple(lede or (para("Every city has a bridge it cannot afford to fix. " + sentences(0, 3), line=20),)),
        sections=tuple(sections or ()),
        footnotes=tuple(footnotes or ()),
        source="fixture.md",
        source_dir=source_dir or ROOT,
        lang="en",
        images=(),
        epoch=EPOCH,
    )


def section(n: int, blocks: Sequence[m.Block], title: Optional[str] = None) -> m.Section:
    """A section with an anchor derived from its number."""
    return m.Section((T(title or f"Section {n} heading"),), f"section-{n}", tuple(blocks), (), (), 100 * n)


def rich_document(tmp: Path) -> m.Document:
    """Every block kind, footnotes, links, a big table, a huge image, injection text."""
    big = image(tmp / "huge.png", 4000, 6000)
    wide = image(tmp / "wide.png", 1200, 500)
    long_word = "Z" * 3000
    s1 = section(1, [
        para(sentences(1, 6), m.FootnoteRef(1, "a"), " ", T(sentences(11, 3)), line=101),
        para("Visit ", m.Link((T("our website"),), "https://example.org/a?b=1&c=2"), " or see ",
             m.Link((T("section two"),), "#section-2"), " and ", m.Code("x = a < b"), ".", m.LineBreak(),
             m.Strong((T("Bold"), m.Emph((T(" bold italic"),)))), " then ", m.Emph((T("italic"),)), ".", line=102),
        m.ListBlock((
            m.ListItem((para("First item " + sentences(2, 1), line=103),
                        m.ListBlock((m.ListItem((para("Nested item one", line=104),), 104),
                                     m.ListItem((para("Nested item two", line=105),), 105)), True, 1, 104)), 103),
            m.ListItem((para("Second item", m.FootnoteRef(2, "b"), line=106),), 106),
        ), False, 1, 103),
        m.BlockQuote((para("A quoted passage that runs long enough to wrap. " + sentences(3, 2), line=107),), 107),
        para(INJECTION, line=108),
        m.SubHeading((T("A subheading"),), 3, "a-subheading", 109),
        para(sentences(4, 5), line=110),
    ])
    s2 = section(2, [
        m.PullQuote((para("Deferred maintenance is a loan taken out against the future.", line=201),), 201),
        para(sentences(5, 8), line=202),
        m.Figure(wide, "A wide chart", (T("Figure 1. Backlog by asset class."),), "Source: City audits", 203),
        m.CodeBlock("def backlog(x):\n    return x * 1.04  # grows\n", 204),
        m.ThematicBreak(205),
        table(200, 3, 206),
        m.Table((m.TableCell((T("Key"),)), m.TableCell((T("Value"),))),
                ((m.TableCell((T("long"),)), m.TableCell((T(long_word),))),), (None, None), 207),
    ])
    s3 = section(3, [
        para(sentences(6, 4), line=301),
        m.Figure(big, "A very tall image", (T("Figure 2. A tall image scaled to fit."),), "Credit: Fixture", 302),
        para("Chinese text 中文 is drawn by the fallback face; cuneiform \U00012000 and \U00020000 are not.", line=303),
    ])
    notes = (
        m.Footnote(1, "a", (para("First note with a ", m.Link((T("link"),), "https://example.org/n1"), ".", line=401),), 401),
        m.Footnote(2, "b", (para("Second note.", line=402),), 402),
    )
    return document([s1, s2, s3], footnotes=notes, source_dir=tmp)


def long_document(paragraph_chars: int = 2000, sections: int = 10, paras_per_section: int = 10) -> m.Document:
    """A document of many sections of long paragraphs (for size and time checks)."""
    secs = []
    per = max(paragraph_chars // 130, 1)
    for s in range(sections):
        blocks = [para(sentences(s * 1000 + p, per), line=1000 + s * 100 + p) for p in range(paras_per_section)]
        secs.append(section(s + 1, blocks))
    return document(secs)


def context(doc: m.Document, paper: Optional[str] = None, profile: str = "office") -> RenderContext:
    """A render context with the default layout."""
    layout = load_layout("default", ROOT)
    return RenderContext(doc=doc, layout=layout, options=RenderOptions(paper=paper, print_profile=profile),
                         version="0.0-test")
