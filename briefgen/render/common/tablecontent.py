"""What a table's cells hold, for every renderer: numbers, alignment, unbreakable pieces.

Pure text rules, no rendering library:

* :func:`is_numeric` — a cell that is a figure: ``1,250``, ``$103.955``,
  ``12.5%``, ``$21 million``, ``(4.2)``, ``−3``; placeholders such as ``—`` or
  ``n/a`` do not count against a numeric column.
* :func:`column_aligns` — the Markdown alignment row wins; otherwise a column
  whose body cells are all figures is right-aligned (a column of bare years
  labels its rows and stays left), any other column left.
* :func:`glue` — non-breaking spaces inside the pieces a line must never
  break: a number and its unit word (``$103.955 billion``, ``21 percent``),
  a section sign and its number (``§ 204(a)``), ``P.L. 119-75``, ``No. 14``,
  ``17 U.S.C.``, and a month with its day (``April 20``).
* :func:`pieces` — the unbreakable pieces of a text (what a column's minimum
  width must hold).
"""

from __future__ import annotations

import re
from typing import List, Optional, Sequence, Tuple

from ... import model as m

NBSP = "\u00a0"
_UNIT = r"(?:thousand|million|billion|trillion|percent|%)"
_NUMBER = r"[(\[]?[-+\u2212\u2013]?[$€£¥]?\d[\d,.]*(?:\s?[%])?[)\]]?"
_NUMERIC = re.compile(rf"^{_NUMBER}(?:\s+{_UNIT})?[*†‡]?$", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"^(?:|[-\u2013\u2014–—]|n[/.]?\s?a\.?|\.\.\.|…|\*|x)$", re.IGNORECASE)
_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_GLUE = [
    re.compile(rf"(?<=\d)\s+(?={_UNIT}\b)", re.IGNORECASE),   # 21 million, 3.5 percent
    re.compile(r"(?<=\d)\s+(?=%)"),                            # 12 %
    re.compile(r"(?<=§)\s+"),                                  # § 204(a), §§ 101
    re.compile(r"(?<=\bP\.L\.)\s+(?=\d)"),                     # P.L. 119-75
    re.compile(r"(?<=\bNo\.)\s+(?=\d)"),                       # No. 14
    re.compile(r"(?<=\d)\s+(?=U\.S\.C\.)"),                    # 17 U.S.C.
    re.compile(r"(?<=\bU\.S\.C\.)\s+(?=§|\d)"),                # U.S.C. § 105
]
_MONTH_DAY = re.compile(rf"\b({_MONTHS})\s+(?=\d{{1,2}}\b)")  # April 20
_SPACE = re.compile(r"[ \t\n]+")
_YEAR = re.compile(r"^(?:1[6-9]|20)\d\d$")


def cell_text(cell: m.TableCell) -> str:
    """A cell's plain text, whitespace collapsed."""
    return _SPACE.sub(" ", m.plain_text(cell.inlines)).strip()


def is_numeric(text: str) -> bool:
    """True for a figure (a number with optional currency, sign, percent or unit word)."""
    return bool(_NUMERIC.match(text.strip()))


def is_placeholder(text: str) -> bool:
    """True for an empty cell or a dash / "n/a" standing for no figure."""
    return bool(_PLACEHOLDER.match(text.strip()))


def numeric_columns(table: m.Table) -> Tuple[bool, ...]:
    """Per column: True when every body cell is a figure or a placeholder, and one is a figure."""
    out: List[bool] = []
    for col in range(len(table.header)):
        texts = [cell_text(row[col]) for row in table.rows]
        figures = [t for t in texts if not is_placeholder(t)]
        years = all(_YEAR.match(t) for t in figures)  # a column of years labels rows
        out.append(bool(figures) and not years and all(is_numeric(t) for t in figures))
    return tuple(out)


def column_aligns(table: m.Table) -> Tuple[str, ...]:
    """The alignment of each column: the source's alignment row, else right for figures."""
    numeric = numeric_columns(table)
    aligns: List[str] = []
    for col in range(len(table.header)):
        given: Optional[str] = table.aligns[col] if col < len(table.aligns) else None
        aligns.append(given if given in ("left", "center", "right") else ("right" if numeric[col] else "left"))
    return tuple(aligns)


def glue(text: str) -> str:
    """``text`` with non-breaking spaces where a line must never break."""
    for rule in _GLUE:
        text = rule.sub(NBSP, text)
    return _MONTH_DAY.sub(lambda mt: mt.group(1) + NBSP, text)


def pieces(text: str) -> List[str]:
    """The unbreakable pieces of ``text`` (words, with glued pieces kept whole)."""
    return [p for p in re.split(r"[ \t\n\u200b]+", glue(text)) if p]


def glue_inlines(inlines: Sequence[m.Inline]) -> m.Inlines:
    """Inlines with :func:`glue` applied to every text run (structure kept)."""
    out: List[m.Inline] = []
    for node in inlines:
        if isinstance(node, m.Text):
            out.append(m.Text(glue(node.text)))
        elif isinstance(node, (m.Emph, m.Strong)):
            out.append(type(node)(glue_inlines(node.children)))
        elif isinstance(node, m.Link):
            out.append(m.Link(glue_inlines(node.children), node.href))
        else:
            out.append(node)
    return tuple(out)
