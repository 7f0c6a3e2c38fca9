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
* :func:`header_rows` — how many leading body rows belong to the header (a
  pipe table has one header row; a report pasted with column groups over
  column heads, or with a stub head under an empty corner, puts the rest of
  its header in the first body rows).
"""

from __future__ import annotations

import re
from typing import List, Optional, Sequence, Tuple

from ... import model as m

NBSP = "\u00a0"
_UNIT = r"(?:thousand|million|billion|trillion|percent|%)"
_NUMBER = r"[(\[]?[~\u2248<>]?[-+\u2212\u2013]?[$€£¥]?\d[\d,.]*(?:\s?[%])?[)\]]?"
# A figure: optional sign/currency, digits, a percent or unit word, then a note mark (*, †, ‡) or
# a table-note letter run into a decimal figure by a PDF or HTML conversion ("10.0e", "41.0f").
_NUMERIC = re.compile(rf"^(?:{_NUMBER}(?:\s+{_UNIT})?[*†‡]{{0,3}}|[-+\u2212]?[$]?\d[\d,]*\.\d+[a-h])$",
                      re.IGNORECASE)
# No figure: empty, a dash of any length, "n/a", "N/A", "n.a.", "NA", "(NA)", "...", "*", "x",
# or a dash with a run-in note letter ("—c").
_PLACEHOLDER = re.compile(r"^(?:|[-\u2012\u2013\u2014\u2015\u2212]{1,3}[a-h]?|\(?n\.?\s?/?\s?a\.?\)?|"
                          r"\.\.\.|…|[*†‡]{1,3}|\(?x\)?)$", re.IGNORECASE)
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
    """Per column: True when every body cell is a figure or a placeholder, and one is a figure.

    Body rows that are part of a multi-row header (:func:`header_rows`) do not count.
    """
    out: List[bool] = []
    body = table.rows[table_header_rows(table):]
    for col in range(len(table.header)):
        texts = [cell_text(row[col]) for row in body]
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


def _is_label(text: str) -> bool:
    """True for a cell a header can hold: no figure, or a year ("2024", "FY2024")."""
    bare = text.strip()
    return not is_numeric(bare) or bool(_YEAR.match(bare))


def header_rows(header: Sequence[str], rows: Sequence[Sequence[str]], most: int = 2) -> int:
    """How many leading ``rows`` (cell texts) belong to the header, 0 to ``most``.

    A pipe table has one header row. A report whose header had two rows
    (column groups over column heads, or a stub head such as "Program" under
    an empty corner) arrives with the rest of it in the first body rows. A
    body row is read as part of the header when it holds no figure (years
    are labels), another body row follows it, and either

    * each of its filled cells sits under an empty cell of the header so far
      (it completes the header: a stub head, or an empty row), or
    * the header so far is mostly empty (at least half its cells) and the row
      fills at least half the columns (column heads under group heads), or
    * the row fills at least half the columns and each of its filled cells but
      the first heads a column of figures below it (column heads under column
      letters "A B C D", with the stub head "Facility Type" in the corner).

    A row that labels a group of body rows ("Standard Deduction:" under a
    filled header) is not a header row.
    """
    merged = [t.strip() for t in header]
    n = len(merged)
    count = 0
    while count < min(most, len(rows) - 1):
        row = [(rows[count][i] if i < len(rows[count]) else "").strip() for i in range(n)]
        if not all(_is_label(t) for t in row if t):
            break
        filled = [i for i, t in enumerate(row) if t]
        completes = all(not merged[i] for i in filled)
        empty_head = sum(1 for t in merged if not t) * 2 >= n
        heads_under_groups = empty_head and len(filled) * 2 >= n
        if not (completes or heads_under_groups or _heads_figures(row, rows[count + 1:])):
            break
        merged = [merged[i] or row[i] for i in range(n)]
        count += 1
    return count


def _heads_figures(row: Sequence[str], below: Sequence[Sequence[str]]) -> bool:
    """True when ``row`` fills half the columns or more and every filled cell past the first sits over
    a column of figures (placeholders allowed, one figure at least)."""
    filled = [i for i, t in enumerate(row) if t]
    heads = [i for i in filled if i > 0]
    if not heads or len(filled) * 2 < len(row):
        return False
    for col in heads:
        texts = [(r[col] if col < len(r) else "").strip() for r in below]
        figures = [t for t in texts if not is_placeholder(t)]
        if not figures or not all(is_numeric(t) and not _YEAR.match(t) for t in figures):
            return False
    return True


def table_header_rows(table: m.Table) -> int:
    """:func:`header_rows` for a model table."""
    return header_rows([cell_text(c) for c in table.header],
                       [[cell_text(c) for c in row] for row in table.rows])
