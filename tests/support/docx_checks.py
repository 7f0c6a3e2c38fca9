"""Checks shared by the import tests: run ``briefgen import``, read a .docx's words and paragraphs back."""

from __future__ import annotations

import collections
import re
import zipfile
from pathlib import Path
from typing import List

from lxml import etree

from tests.support import run_briefgen

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def import_doc(project: Path, docx: Path, *extra: str):
    """Run ``briefgen import`` in ``project``; the result, the source text (or None) and the warning lines."""
    result = run_briefgen(["import", str(docx), *extra], cwd=project)
    assert "Traceback" not in result.stderr, result.stderr
    source = project / "sources" / (docx.stem.lower() + ".md")
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    return result, (source.read_text(encoding="utf-8") if source.exists() else None), warnings


def docx_words(docx: Path) -> List[str]:
    """The words a reader of the document sees: body, tables, text boxes and notes, every change accepted.

    Deleted text (``w:delText``) and the old place of moved text (``w:moveFrom``) are not seen; comments,
    headers and footers are left out (the import reports them in warnings)."""
    words: List[str] = []
    with zipfile.ZipFile(docx) as package:
        for part in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml"):
            if part not in package.namelist():
                continue
            root = etree.fromstring(package.read(part))
            for node in root.iter(f"{W}t"):
                if any(a.tag in (f"{W}moveFrom", MC_FALLBACK) for a in node.iterancestors()):
                    continue
                words += re.findall(r"[^\W_]+", node.text or "")
    return words


def source_words(text: str) -> List[str]:
    """The words of a source (front matter values and body), Markdown punctuation and link targets left out."""
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"!\[[^\]]*\]", " ", text)
    return re.findall(r"[^\W_]+", text)


def assert_no_word_lost(docx: Path, source: str) -> None:
    """Every word of the document is in the source, as often as it occurs there (a multiset check)."""
    have = collections.Counter(source_words(source))
    missing = collections.Counter(docx_words(docx)) - have
    assert not missing, f"words of {docx.name} missing from the source: {dict(missing)}"


def paragraph_of(docx: Path, needle: str) -> int:
    """The number of the Word paragraph holding ``needle``, counted as the import counts (every w:p from the top)."""
    with zipfile.ZipFile(docx) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    number = 0
    for node in root.iter(f"{W}p"):
        if any(a.tag == MC_FALLBACK for a in node.iterancestors()):
            continue
        number += 1
        if needle in "".join(t.text or "" for t in node.iter(f"{W}t") if next(t.iterancestors(f"{W}p")) is node):
            return number
    raise AssertionError(f"{needle!r} not in {docx}")


def warning_about(warnings: List[str], words: str) -> str:
    found = [w for w in warnings if words in w]
    assert len(found) == 1, f"expected one warning about {words!r}, got {found} in {warnings}"
    return found[0]


def body_of(source: str) -> str:
    return source.split("\n---\n", 1)[1]
