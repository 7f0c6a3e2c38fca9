"""Every piece of text an output holds, read with the tools its readers use (for the language tests).

PDFs: the page text (PyMuPDF) and the tag tree's titles, alternate and actual
texts (pikepdf); HTML: the text and the attributes read aloud or shown
(``aria-label``, ``alt``, ``title``, ``content`` of meta tags); PPTX and DOCX: every
run's text in every part (slides, notes, document, footnotes, headers, footers).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import List

OUTPUT_FILES = ("memo.pdf", "onepager.pdf", "deck-notes.pdf", "handout.pdf", "handout.html", "deck.pptx", "brief.docx")


def pdf_texts(path: Path) -> List[str]:
    """The pages' text and the structure tree's /T, /Alt, /ActualText, /E strings."""
    import pdfplumber
    import pikepdf

    out: List[str] = []
    with pdfplumber.open(str(path)) as doc:
        out.extend(page.extract_text() or "" for page in doc.pages)
    with pikepdf.open(str(path)) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary):
                for key in ("/T", "/Alt", "/ActualText", "/E"):
                    value = obj.get(key)
                    if isinstance(value, pikepdf.String):
                        out.append(str(value))
    return out


def html_texts(path: Path) -> List[str]:
    """The document's text and its shown or spoken attributes (scripts and styles left out)."""
    from lxml import html

    tree = html.fromstring(path.read_bytes())
    for bad in tree.xpath("//script|//style"):
        bad.drop_tree()
    out = [t for t in tree.itertext()]
    for attr in ("aria-label", "alt", "title", "content"):
        out.extend(tree.xpath(f"//@{attr}"))
    return [str(t) for t in out]


def ooxml_texts(path: Path) -> List[str]:
    """Every ``a:t`` / ``w:t`` text of every XML part (slides, notes, document, footnotes...)."""
    out: List[str] = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not name.endswith(".xml") or any(k in name for k in ("slideLayout", "slideMaster", "notesMaster", "handoutMaster", "theme")):
                continue
            xml = z.read(name).decode("utf-8", "replace")
            out.extend(re.findall(r"<(?:a|w):t(?:\s[^>]*)?>([^<]*)</(?:a|w):t>", xml))
            out.extend(re.findall(r'\b(?:descr|title)="([^"]*)"', xml))
    return out


def output_texts(path: Path) -> List[str]:
    """All text of one output file, by its kind."""
    if path.suffix == ".pdf":
        return pdf_texts(path)
    if path.suffix == ".html":
        return html_texts(path)
    return ooxml_texts(path)
