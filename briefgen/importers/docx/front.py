"""briefgen's own front matter read back from the named styles its Word output uses.

The docx renderer (:mod:`briefgen.render.docx.front`) writes the front matter
in paragraph styles of its own: *Masthead* (organization · series), *Author*
(name, then ", role" in a plain run), *Date* (the date as shown), the boxes'
*Box Heading*, *Brief Box* (the summary's paragraphs) and *Box List* (bulleted:
key points; numbered: recommendations), and About the Authors as a *Heading 1*
whose paragraphs each start with an author's name in bold. A Word file briefgen
wrote, edited in Word and imported, gets those fields back instead of plain
paragraphs; a document from anyone else using the same style names gets the
same reading (an *Author* or *Date* paragraph means that there too).
"""

from __future__ import annotations

import calendar
import datetime
import logging
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from ..blocks import Block, Heading, Paragraph, Span
from ..markdown import inline, paragraph_text
from .styles import norm

log = logging.getLogger(__name__)

ROLES = {"masthead": "masthead", "author": "author", "date": "date", "boxheading": "box_heading",
         "briefbox": "box_text", "boxlist": "box_list"}
"""Style names (compared by :func:`~.styles.norm`) and the front matter part each holds."""


@dataclass
class Person:
    """An author as the byline and About the Authors give them."""

    name: str
    role: str = ""
    bio: List[str] = field(default_factory=list)
    """The bio's paragraphs, as Markdown."""


@dataclass
class Front:
    """What the front matter styles held, as Markdown (empty when the document has none of them)."""

    masthead: str = ""
    people: List[Person] = field(default_factory=list)
    date: str = ""
    summary: List[str] = field(default_factory=list)
    key_points: List[str] = field(default_factory=list)
    recommendations: List[str] = field(default_factory=list)

    def take(self, role: str, spans: List[Span], ordered: bool = False) -> bool:
        """Keep a paragraph of front matter ``role``; False when it is not one to keep (a second date...)."""
        text = paragraph_text(spans)
        if role == "masthead" and not self.masthead:
            self.masthead = plain_text(spans)
        elif role == "author":
            self.people.append(byline_person(spans))
        elif role == "date" and not self.date:
            self.date = plain_text(spans)
        elif role == "box_heading":
            pass  # the box's label (the layout's words): the field is known by what follows
        elif role == "box_text" and text:
            self.summary.append(text)
        elif role == "box_list" and text:
            (self.recommendations if ordered else self.key_points).append(inline(spans).strip())
        else:
            return False
        return True


def plain_text(spans: List[Span]) -> str:
    """The text of ``spans``, spaces collapsed."""
    return " ".join("".join(" " if s.hard_break else s.text for s in spans).split())


def byline_person(spans: List[Span]) -> Person:
    """``Name, Role`` of an *Author* paragraph: the name is the bold runs, the role what follows the comma."""
    bold = "".join(s.text for s in spans if s.bold).strip()
    text = plain_text(spans)
    if bold and text.startswith(bold) and text[len(bold):].lstrip().startswith(","):
        return Person(bold, text[len(bold):].lstrip()[1:].strip())
    name, _, role = text.partition(", ")
    return Person(name.strip(), role.strip())


def organization(masthead: str, series: str) -> str:
    """The organization in a masthead line ``Organization · Series`` (``series``: the layout's label, if known)."""
    parts = [p.strip() for p in masthead.split("\u00b7")]
    if len(parts) > 1:
        return " \u00b7 ".join(parts[:-1])
    return "" if series and masthead.casefold() == series.casefold() else masthead


def iso_date(shown: str) -> str:
    """The front matter date of a date as briefgen shows it (``August 2018`` -> ``2018-08``,
    ``April 23, 2026`` -> ``2026-04-23``, ``2026``), or "" when it is not one of those forms."""
    text = " ".join(shown.replace(",", " ").split())
    months = {name.lower(): index for index, name in enumerate(calendar.month_name) if name}
    match = re.fullmatch(r"([A-Za-z]+) (\d{1,2}) (\d{4})", text)
    if match and match.group(1).lower() in months:
        try:
            return datetime.date(int(match.group(3)), months[match.group(1).lower()], int(match.group(2))).isoformat()
        except ValueError:
            return ""
    match = re.fullmatch(r"([A-Za-z]+) (\d{4})", text)
    if match and match.group(1).lower() in months:
        return f"{match.group(2)}-{months[match.group(1).lower()]:02d}"
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text)
    return text if match else ""


def role_of(style_names: List[str]) -> str:
    """The front matter role of a paragraph whose style (and the styles it is based on, nearest first) has these
    names, or "" for none; only the style itself counts (a *Box Heading* is based on *Brief Box*)."""
    return ROLES.get(norm(style_names[0]), "") if style_names else ""


def about_authors(blocks: List[Block], people: List[Person]) -> Optional[Tuple[int, int, Dict[str, Person]]]:
    """The About the Authors section: ``(start, end, people by name)`` with roles and bios, or None.

    It is a heading whose next paragraph starts with a byline author's name in bold; it runs to the next
    heading of its level or above. Each paragraph starting with a name in bold opens that person; the
    paragraphs after it, up to the next such, are their bio.
    """
    names = [p.name for p in people if p.name]
    for start, block in enumerate(blocks):
        if not isinstance(block, Heading) or start + 1 >= len(blocks):
            continue
        first = blocks[start + 1]
        if not isinstance(first, Paragraph) or _named(first, names) is None:
            continue
        end = start + 1
        while end < len(blocks) and not (isinstance(blocks[end], Heading) and blocks[end].level <= block.level):
            end += 1
        found: Dict[str, Person] = {}
        current: Optional[Person] = None
        for inner in blocks[start + 1:end]:
            if not isinstance(inner, Paragraph):
                return None  # a list or table: not the block briefgen writes
            name = _named(inner, names)
            if name is not None:
                current = found.setdefault(name, byline_person(inner.spans))
            elif current is not None:
                current.bio.append(paragraph_text(inner.spans))
        return start, end, found
    return None


def _named(block: Paragraph, names: List[str]) -> Optional[str]:
    """The byline name a paragraph starts with in bold, or None."""
    bold = "".join(s.text for s in block.spans[:3] if s.bold).strip()
    return next((n for n in names if bold == n), None)
