"""A brief that exercises every tagged block of the memo, and readers of a tagged PDF (for tests)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Dict, List, Tuple

from tests.support.memo_fixtures import png_bytes, sentences

ALT = "A bar chart of annual test counts, rising from 2 in 2010 to 20 in 2017"
REPEATED = "Deterrence rests on what an adversary believes, not on what we intend."


def tagged_source(folder: Path) -> Path:
    """Write ``sources/tagged.md`` (and its image) under ``folder``; returns the source path."""
    src = folder / "sources"
    (src / "assets").mkdir(parents=True, exist_ok=True)
    (src / "assets" / "chart.png").write_bytes(png_bytes(600, 300))
    long_para = sentences(7, 40)
    rows = "\n".join(f"| Region {i} | {i * 3} | {100 + i} |" for i in range(1, 46))
    text = f"""---
title: "Tagging Test: Every Block a Reader Meets"
subtitle: "A memo made to be read aloud."
date: "2026-12-01"
organization: "Institute for Accessible Briefs"
authors:
  - name: Ada Reader
    role: "Fellow"
    bio: "Ada Reader writes briefs that screen readers can follow."
summary: |
  The memo must read the same to every reader.
key_points:
  - "Headings nest without gaps."
  - "Tables keep their headers."
recommendations:
  - "Tag every memo."
  - "Check it with three validators."
---

This lede links to [the full report](https://example.org/report) and cites a note.[^1]

## Background

{long_para}

{REPEATED} The rest of this paragraph explains why that matters for readers.

::: pullquote
{REPEATED}
:::

### Details

- First point of the list.
- Second point, with a nested list:
  - Nested one.
  - Nested two.

1. Ordered one.
2. Ordered two.

> A quotation from a source, set apart from the text.

## Data

Table: Tests by region

| Region | Tests | Index |
|---|---:|---:|
{rows}

![{ALT}](assets/chart.png "Figure 1. Tests by year.")

The last paragraph of the body.

[^1]: The note's text, linked back to where it was cited.
"""
    path = src / "tagged.md"
    path.write_text(text, encoding="utf-8")
    return path


def struct_elements(pdf_path: Path) -> List[Tuple[int, str, str]]:
    """``(depth, role, text)`` of every structure element, from poppler's ``pdfinfo -struct-text``.

    ``text`` is the element's own quoted text runs, joined.
    """
    out = subprocess.run(["pdfinfo", "-struct-text", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    elements: List[List] = []
    for line in out.splitlines():
        stripped = line.lstrip(" ")
        depth = (len(line) - len(stripped)) // 2
        if not stripped:
            continue
        if stripped.startswith('"'):
            if elements:
                elements[-1][2] += stripped.strip().strip('"')
            continue
        if stripped.startswith("/"):
            continue
        match = re.match(r"([A-Za-z0-9]+)\b", stripped)
        if match:
            elements.append([depth, match.group(1), ""])
    return [(d, r, t) for d, r, t in elements]


def squash(text: str) -> str:
    """Text compared without whitespace (line ends differ from the source's)."""
    return re.sub(r"\s+", "", text)


def spoken(pdf) -> Dict[int, str]:
    """ActualText of elements by object number (what a reader hears instead of the content)."""
    import pikepdf

    found = {}
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.StructElem and "/ActualText" in obj:
            found[obj.objgen[0]] = str(obj.ActualText)
    return found


def structure_roles(pdf) -> List[str]:
    """The ``/S`` role of every structure element of an open pikepdf ``pdf``, in tree order (depth-bounded)."""
    import pikepdf

    roles: List[str] = []

    def walk(node, depth: int = 0) -> None:
        if depth > 40 or not isinstance(node, pikepdf.Dictionary):
            return
        if "/S" in node:
            roles.append(str(node.S))
        kids = node.get("/K")
        if isinstance(kids, pikepdf.Array):
            for kid in kids:
                walk(kid, depth + 1)
        elif kids is not None:
            walk(kids, depth + 1)

    walk(pdf.Root.StructTreeRoot)
    return roles
