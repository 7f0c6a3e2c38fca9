"""Tag order against paint order, strictly: on each page of a tagged PDF, the marked-content sequences
(MCIDs) must be painted in the order the structure tree lists them.

outloud's ORD-001 only flags a page where under 80 % of the sequences are in order, so one caption
tagged after the chart it is painted above passes on a full page and fails on a page of four
sequences (the essay's page 4 on example-org with a narrower column). This checker counts every
inversion, so such a fault shows on any page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Collection, Dict, List, Optional, Set, Tuple

import pikepdf


def tree_order(pdf: pikepdf.Pdf, roles: Optional[Dict[Tuple[int, int], Set[str]]] = None) -> Dict[int, List[int]]:
    """The MCIDs of each page (0-based), in the structure tree's depth-first order (kids as written).

    ``roles``, if given, is filled with the structure types (``/P``, ``/Lbl``...) above each
    ``(page, mcid)``."""
    pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
    order: Dict[int, List[int]] = {}

    def walk(element: pikepdf.Object, page: object, above: Tuple[str, ...]) -> None:
        page = element.get("/Pg", page)
        above = above + (str(element.get("/S", "")),)
        kids = element.get("/K")
        for kid in list(kids) if isinstance(kids, pikepdf.Array) else ([] if kids is None else [kids]):
            if isinstance(kid, int):
                where = (pages[page.objgen], int(kid))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                where = (pages[kid.get("/Pg", page).objgen], int(kid.MCID))
            else:
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/OBJR":
                    walk(kid, page, above)
                continue
            order.setdefault(where[0], []).append(where[1])
            if roles is not None:
                roles.setdefault(where, set()).update(above)

    walk(pdf.Root.StructTreeRoot, None, ())
    return order


def painted(page: pikepdf.Page) -> List[int]:
    """The MCIDs of a page's content stream, in paint order."""
    out = []
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "BDC" and len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary) \
                and "/MCID" in operands[1]:
            out.append(int(operands[1].MCID))
    return out


def out_of_order(path: Path, ignore: Collection[str] = ()) -> List[str]:
    """One line per page whose paint order differs from the tree's order (empty: in order).

    ``ignore``: structure types (``/Lbl``) whose content is left out of both orders, for a PDF
    whose known fault is where those are painted (said where it is used)."""
    found = []
    roles: Dict[Tuple[int, int], Set[str]] = {}
    with pikepdf.open(path) as pdf:
        order = tree_order(pdf, roles)
        for index, page in enumerate(pdf.pages):
            seen = [mcid for mcid in painted(page) if not roles.get((index, mcid), set()) & set(ignore)]
            marked = set(seen)
            want = [mcid for mcid in order.get(index, []) if mcid in marked]
            if want != seen:
                moved = next(i for i, (a, b) in enumerate(zip(want, seen)) if a != b) if len(want) == len(seen) else 0
                found.append(f"page {index + 1}: painted {seen[moved:moved + 4]}, tree says {want[moved:moved + 4]}")
    return found
