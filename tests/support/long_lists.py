"""A generated long brief with numbered figures, tables and boxes, and readers for the lists of them.

:func:`write_long_brief` writes a brief of about twenty pages (past the default
``contents.min_pages`` of 8 in the memo and the handout) holding two charts, an
image with a caption, three captioned tables, two boxes and a callout (not
listed), in English or French; ``with_figures=False`` leaves the charts and the
image out. :func:`listed_entries` reads the lists back from a PDF's first pages
(pdfplumber), :func:`caption_pages` finds the page each caption is printed on,
and :func:`link_pages` the page each link on a page goes to (pikepdf).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, List, Optional, Tuple

FILLER = ("The committee heard that the program's costs rose each year while the number of people it served "
          "stayed flat, and members asked the agency to explain the difference in its next report. ")
FILLER_FR = ("La commission a entendu que le coût du programme augmentait chaque année alors que le nombre de "
             "personnes servies restait stable, et les membres ont demandé une explication à l’agence. ")

#: The list headings of each language (the default layout's labels).
HEADINGS = {"en": ("Figures", "Tables", "Boxes"), "fr": ("Figures", "Tableaux", "Encadrés")}
#: The contents' heading in each language.
CONTENTS = ("Contents", "Sommaire")
#: An item's label word in each language.
WORDS = {"en": ("Figure", "Table", "Box"), "fr": ("Figure", "Tableau", "Encadré")}


def _png(path: Path) -> None:
    """A small plain PNG (a grey rectangle) for the captioned image."""
    from PIL import Image

    Image.new("RGB", (600, 300), (180, 190, 200)).save(path, format="PNG")


def write_long_brief(folder: Path, name: str = "long", lang: str = "en", with_figures: bool = True) -> Path:
    """Write ``folder/name.md`` (and its image) and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    filler = FILLER_FR if lang == "fr" else FILLER
    text = filler * 7

    def prose(n: int) -> str:
        return "\n\n".join(f"{text}({i})" for i in range(n))

    parts = [f"---\ntitle: A Long Brief With Numbered Items\ndate: 2026-01-05\nlang: {lang}\n"
             "authors:\n  - name: A. Writer\n    bio: Writes reports.\n---\n"]
    table = "\n| Year | Cost |\n|---|---:|\n| 2020 | 1,200 |\n| 2021 | 1,350 |\n| 2022 | 1,500 |\n"
    for s in range(1, 11):
        parts.append(f"## Section number {s}\n\n{prose(3)}\n")
        if s == 2 and with_figures:
            parts.append("::: {.chart type=bar #fig-costs}\nTitle: Program costs by year\nAlt: Costs rise each year.\n\n"
                         "| Year | Cost |\n|---|---:|\n| 2020 | 1200 |\n| 2021 | 1350 |\n| 2022 | 1500 |\n:::\n")
        if s == 3:
            parts.append(f"Table: Costs of the program {{#tbl-costs}}\n{table}")
        if s == 4:
            parts.append(f"::: {{.box #box-terms title=\"Key terms used here\"}}\n{filler}\n:::\n")
            parts.append(f"::: {{.callout kind=note title=\"Not listed\"}}\n{filler}\n:::\n")
        if s == 5 and with_figures:
            _png(folder / "map.png")
            parts.append('![A grey map](map.png "The region on a map")\n')
        if s == 6:
            parts.append(f"Table: People served by the program\n{table}")
        if s == 7:
            parts.append(f"::: {{.box title=\"A second box of background\"}}\n{filler}\n:::\n")
        if s == 8 and with_figures:
            parts.append("::: {.chart type=timeline}\nTitle: Milestones of the program\nAlt: Three dates.\n\n"
                         "- 2019: The program starts\n- 2021: The first review\n- 2023: The second review\n:::\n")
        if s == 9:
            parts.append(f"Table: Staff of the agency\n{table}")
        parts.append(f"{prose(2)}\n")
    path = folder / f"{name}.md"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def listed_entries(pdf_path: Path, headings: Tuple[str, ...], pages: int = 3) -> Dict[str, List[Tuple[str, int]]]:
    """``heading -> [(entry text, page)]`` for each list found on the first ``pages`` pages
    (an entry is one line ending in its page number; the list ends at a line that is not one)."""
    import pdfplumber

    out: Dict[str, List[Tuple[str, int]]] = {}
    current: Optional[str] = None
    started = False  # the lists follow the contents' heading
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages[:pages]:
            for line in (page.extract_text() or "").split("\n"):
                line = line.strip()
                started = started or line.casefold() in {c.casefold() for c in CONTENTS}
                named = [h for h in headings if h.casefold() == line.casefold()]  # the handout prints capitals
                if started and named:
                    current = named[0]
                    out[current] = []
                    continue
                match = re.match(r"^(.*?)[\s.\u2026]*(\d+)$", line)
                if current and match and re.match(r"^\w+ \d+\. ", match.group(1)):
                    out[current].append((match.group(1).strip(" ."), int(match.group(2))))
                elif current:
                    current = None
    return out


def caption_pages(pdf_path: Path, first_page: int) -> Dict[str, int]:
    """``"Figure 1" -> page`` of each caption line ("Figure 1. Title") from ``first_page`` on (1-based)."""
    import pdfplumber

    out: Dict[str, int] = {}
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            if number < first_page:
                continue
            for line in (page.extract_text() or "").split("\n"):
                match = re.match(r"^(\w+ \d+)\. \S", line.strip())
                if match:
                    out.setdefault(match.group(1), number)
    return out


def title_pages(pdf_path: Path, titles: List[str], first_page: int) -> Dict[str, int]:
    """``title -> page`` of the first line from ``first_page`` on (1-based) that holds the title
    (the handout's figures and charts print their caption without a number)."""
    import pdfplumber

    out: Dict[str, int] = {}
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            if number < first_page:
                continue
            text = " ".join((page.extract_text() or "").split())
            for title in titles:
                if title in text:
                    out.setdefault(title, number)
    return out


def link_pages(pdf_path: Path, page_number: int) -> List[Tuple[Tuple[float, float, float, float], int]]:
    """``(rect, target page)`` of every internal link on a page (1-based), named destinations resolved."""
    import pikepdf

    out: List[Tuple[Tuple[float, float, float, float], int]] = []
    with pikepdf.open(pdf_path) as pdf:
        pages = {p.objgen: i + 1 for i, p in enumerate(pdf.pages)}
        names: Dict[str, object] = {}
        if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names:
            for key, value in pikepdf.NameTree(pdf.Root.Names.Dests).items():
                names[str(key)] = value
        if "/Dests" in pdf.Root:
            for key, value in pdf.Root.Dests.items():
                names[str(key).lstrip("/")] = value
        for annot in pdf.pages[page_number - 1].get("/Annots", []):
            if annot.get("/Subtype") != "/Link":
                continue
            dest = annot.get("/Dest")
            if dest is None and "/A" in annot and annot.A.get("/S") == "/GoTo":
                dest = annot.A.get("/D")
            if isinstance(dest, (pikepdf.Name, pikepdf.String)):
                dest = names.get(str(dest).lstrip("/"))
            if isinstance(dest, pikepdf.Dictionary):
                dest = dest.get("/D")
            if isinstance(dest, pikepdf.Array) and len(dest):
                rect = tuple(float(v) for v in annot.Rect)
                out.append((rect, pages.get(dest[0].objgen, 0)))  # type: ignore[arg-type]
    return out
