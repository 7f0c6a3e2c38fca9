"""The pikepdf pass: write the structure tree into a ReportLab PDF and check it against the file.

:func:`write_tags` takes the PDF bytes, the tree (:class:`~.tree.Node`, its
MCRs and OBJRs recorded by the tagging canvas) and the document facts, and
returns the tagged PDF:

* every page's content stream is parsed; its MCIDs must equal the record
  (else :class:`~.canvas.TaggingError`), and painting left outside marked
  content (rules, backgrounds, borders: ReportLab draws them untagged) is
  wrapped as ``/Artifact BMC … EMC``. Text shown outside marked content is
  wrapped too but counted in ``stats['untagged_text']`` (a bug to fix: the
  tests require 0);
* the StructTreeRoot with ``/K``, the ParentTree (every MCID to its one
  owner, every link annotation's ``/StructParent``), ``/StructParents`` and
  ``/Tabs /S`` on every page, ``/Alt``, ``/BBox``, ``/ActualText``, ``/A``;
* link annotations get ``/Contents`` and the Print flag;
* the catalog gets MarkInfo, Lang, ViewerPreferences/DisplayDocTitle and
  XMP metadata with ``pdfuaid:part 1`` and ``dc:title``.

Only pikepdf's public API is used; the same input gives the same bytes.
"""

from __future__ import annotations

import io
import logging
import re
from typing import Any, Dict, List, Mapping, Optional, Tuple

from .canvas import TaggingError
from .tree import MCR, OBJR, Node, prune

log = logging.getLogger(__name__)

PATH_BUILD = {"m", "l", "c", "v", "y", "h", "re"}
PATH_PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"}
TEXT_SHOW = {"Tj", "TJ", "'", '"'}
SINGLE_PAINT = {"Do", "sh", "INLINE IMAGE", "BI"}


ROLE_MAP = {"Aside": "Sect"}
"""Structure types beyond PDF 1.7's standard ones, and the standard type each is role-mapped to."""


def write_tags(data: bytes, root: Node, *, title: str, lang: str, link_texts: Optional[Mapping[str, str]] = None,
               stats: Optional[Dict[str, int]] = None, rewrap: bool = True) -> bytes:
    """Return ``data`` tagged with ``root``'s tree (see the module docstring).

    ``rewrap=False`` when the canvas already wrapped untagged painting
    (:meth:`~.canvas.TaggingCanvas._pdftags_wrap_page`): the streams are then
    only scanned for their MCIDs, not parsed and rewritten (about half the
    cost of this pass). Anything drawn after that wrap (ReportLab's crop
    marks) needs ``rewrap=True``.
    """
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    stats = stats if stats is not None else {}
    stats.setdefault("untagged_text", 0)
    stats.setdefault("wrapped", 0)
    prune(root)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = list(pdf.pages)
        recorded: Dict[int, set] = {}
        for node in root.nodes():
            for item in node.content():
                if isinstance(item, MCR):
                    recorded.setdefault(item.page, set()).add(item.mcid)
        for index, page in enumerate(pages):
            found = _wrap_untagged(pdf, page, stats) if rewrap else _scan_mcids(page)
            if found != recorded.get(index, set()):
                raise TaggingError(f"page {index + 1}: the MCIDs in the content stream {sorted(found)[:8]} "
                                   f"differ from the record {sorted(recorded.get(index, set()))[:8]}")
        tree_root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        owners: Dict[int, Dict[int, Any]] = {i: {} for i in range(len(pages))}
        annot_keys: List[Tuple[int, Any]] = []
        next_key = len(pages)
        made: Dict[int, Any] = {}
        order = list(root.nodes())
        for node in order:  # parents before children
            parent = made.get(id(node.parent)) if node.parent is not None else tree_root
            elem = Dictionary(Type=Name.StructElem, S=Name("/" + node.role), P=parent if parent is not None else tree_root)
            if node.alt:
                elem.Alt = pikepdf.String(node.alt)
            if node.title:
                elem.T = pikepdf.String(node.title)
            if node.actual_text:
                elem.ActualText = pikepdf.String(node.actual_text)
            if node.lang:
                elem.Lang = pikepdf.String(node.lang)
            if node.attrs:
                owner = {"TH": "Table", "TD": "Table", "Table": "Table", "L": "List"}.get(node.role, "Layout")
                attrs = Dictionary(O=Name("/" + owner))
                for key, value in sorted(node.attrs.items()):
                    attrs[Name("/" + key)] = Name("/" + value) if isinstance(value, str) else value
                elem.A = attrs
            made[id(node)] = pdf.make_indirect(elem)
        for node in order:
            elem = made[id(node)]
            kids = []
            first_page: Optional[int] = None
            for kid in node.kids:
                if isinstance(kid, Node):
                    kids.append(made[id(kid)])
                elif isinstance(kid, MCR):
                    if first_page is None:
                        first_page = kid.page
                        elem.Pg = pages[kid.page].obj
                    if kid.page == first_page:
                        kids.append(kid.mcid)
                    else:
                        kids.append(Dictionary(Type=Name.MCR, Pg=pages[kid.page].obj, MCID=kid.mcid))
                    owners[kid.page][kid.mcid] = elem
                elif isinstance(kid, OBJR):
                    annot = pages[kid.page].obj.Annots[kid.index]
                    kids.append(Dictionary(Type=Name.OBJR, Obj=annot, Pg=pages[kid.page].obj))
                    if first_page is None:
                        first_page = kid.page
                        elem.Pg = pages[kid.page].obj
                    annot.StructParent = next_key
                    annot.F = int(annot.get("/F", 0)) | 4
                    text = _link_text(kid.contents, link_texts or {})
                    annot.Contents = pikepdf.String(text)
                    if node.role == "Link" and not node.alt:  # its text stays in the paragraph's content
                        elem.Alt = pikepdf.String(text)
                    annot_keys.append((next_key, elem))
                    next_key += 1
            elem.K = kids[0] if len(kids) == 1 else Array(kids)
            if node.role == "Figure" and node.bbox is not None:
                page, box = node.bbox
                elem.A = Dictionary(O=Name.Layout, BBox=Array(list(box)), Placement=Name.Block)
        top = made[id(root)]
        top.P = tree_root
        tree_root.K = top
        nums: List[Any] = []
        for index, page in enumerate(pages):
            mcids = owners[index]
            if mcids:
                top_mcid = max(mcids)
                arr = [mcids.get(i) for i in range(top_mcid + 1)]
                if any(v is None for v in arr):
                    raise TaggingError(f"page {index + 1}: an MCID has no owner in the tree")
                nums += [index, Array(arr)]
            page.obj.StructParents = index
            page.obj.Tabs = Name.S
        for key, elem in annot_keys:
            nums += [key, elem]
        tree_root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array(nums)))
        tree_root.ParentTreeNextKey = next_key
        roles = {node.role for node in order}
        if roles & set(ROLE_MAP):  # PDF 2.0 types a PDF/UA-1 reader may not know, mapped to standard ones
            tree_root.RoleMap = Dictionary({"/" + k: Name("/" + v) for k, v in sorted(ROLE_MAP.items()) if k in roles})
        pdf.Root.StructTreeRoot = tree_root
        pdf.Root.MarkInfo = Dictionary(Marked=True)
        if lang:
            pdf.Root.Lang = pikepdf.String(lang)
        prefs = pdf.Root.get("/ViewerPreferences")
        if not isinstance(prefs, Dictionary):
            prefs = Dictionary()
        prefs.DisplayDocTitle = True
        pdf.Root.ViewerPreferences = prefs
        _write_xmp(pdf, title, lang)
        out = io.BytesIO()
        # ReportLab's streams are already compressed: copied as they are, not decoded and compressed again.
        # qpdf's deterministic_id hashes by writing the file twice; a static ID made unique below is
        # as deterministic at half the cost.
        # (compress_streams only when the page contents were rewritten: recompressing costs 3x the save)
        pdf.save(out, static_id=True, compress_streams=rewrap, stream_decode_level=pikepdf.StreamDecodeLevel.none,
                 object_stream_mode=pikepdf.ObjectStreamMode.disable, fix_metadata_version=False)
    data = _content_id(out.getvalue())
    if stats["untagged_text"]:
        log.warning("tagging: %d text object(s) were drawn outside any tag", stats["untagged_text"])
    return data


_STATIC_ID = b"<31415926535897932384626433832795>"


def _content_id(data: bytes) -> bytes:
    """Replace qpdf's static second /ID element with an MD5 of the file (same length: offsets stay)."""
    import hashlib

    at = data.rfind(_STATIC_ID)
    if at < 0 or data.rfind(b"/ID", 0, at) < data.rfind(b"trailer", 0, at) - 1:
        return data
    digest = hashlib.md5(data, usedforsecurity=False).hexdigest().encode()
    return data[:at] + b"<" + digest + b">" + data[at + len(_STATIC_ID):]


def _link_text(target: str, texts: Mapping[str, str]) -> str:
    """The link's text as set in the document (by its href or anchor), else its target."""
    text = texts.get(target) or texts.get("#" + target)
    if text:
        return text
    if target and not target.startswith(("note-", "ref-")):
        return target
    return "Link within this document"


_MCID = re.compile(rb"<<\s*/MCID\s+(\d+)\s*>>\s*BDC")


def _scan_mcids(page: Any) -> set:
    """The MCIDs of a page's content stream (a ReportLab stream: one BDC per MCID, as the canvas writes it)."""
    import pikepdf

    contents = page.obj.get("/Contents")
    streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    found: List[int] = []
    for stream in streams:
        found.extend(int(n) for n in _MCID.findall(stream.read_bytes()))
    if len(found) != len(set(found)):
        raise TaggingError("an MCID is used twice on one page")
    return set(found)


def _wrap_untagged(pdf: Any, page: Any, stats: Dict[str, int]) -> set:
    """Wrap painting outside marked content as artifacts; return the MCIDs found on the page."""
    import pikepdf

    ops = list(pikepdf.parse_content_stream(page))
    out: List[Tuple[Any, Any]] = []
    depth = 0
    mcids: set = set()
    pending: List[Tuple[Any, Any]] = []  # a path (or text object) being built outside marked content
    in_text = False
    text_painted = False
    open_art = [pikepdf.Name.Artifact]
    close = pikepdf.Operator("EMC")
    bmc = pikepdf.Operator("BMC")
    for operands, operator in ops:
        name = str(operator)
        if name in ("BDC", "BMC", "EMC"):
            if name == "EMC":
                depth -= 1
            else:
                if name == "BDC" and len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary) \
                        and "/MCID" in operands[1]:
                    mcid = int(operands[1].MCID)
                    if mcid in mcids:
                        raise TaggingError(f"MCID {mcid} is used twice on one page")
                    mcids.add(mcid)
                if depth == 0 and not in_text:
                    out.extend(pending)
                    pending = []
                depth += 1
            (pending if in_text else out).append((operands, operator))
            continue
        if in_text:
            pending.append((operands, operator))
            if name in TEXT_SHOW and depth == 0:
                text_painted = True
            if name == "ET":
                in_text = False
                if text_painted:
                    stats["untagged_text"] += 1
                    out.append((open_art, bmc))
                    out.extend(pending)
                    out.append(([], close))
                else:
                    out.extend(pending)
                pending = []
            continue
        if name == "BT":
            out.extend(pending)
            in_text, text_painted = True, False
            pending = [(operands, operator)]
            continue
        if depth > 0:
            out.append((operands, operator))
            continue
        if name in PATH_BUILD or name in ("W", "W*"):
            pending.append((operands, operator))
            continue
        if name in PATH_PAINT:
            stats["wrapped"] += 1
            out.append((open_art, bmc))
            out.extend(pending)
            out.append((operands, operator))
            out.append(([], close))
            pending = []
            continue
        if name in SINGLE_PAINT:
            stats["wrapped"] += 1
            out.extend(pending)
            pending = []
            out.append((open_art, bmc))
            out.append((operands, operator))
            out.append(([], close))
            continue
        out.extend(pending)
        pending = []
        out.append((operands, operator))
    out.extend(pending)
    page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))
    return mcids


_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>{language}
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def _write_xmp(pdf: Any, title: str, lang: str) -> None:
    """XMP with dc:title, dc:language and the PDF/UA-1 identification (written directly: pikepdf's
    metadata editor costs more than the rest of this pass)."""
    from xml.sax.saxutils import escape

    import pikepdf

    language = f"\n   <dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>" if lang else ""
    text = _XMP.format(title=escape(title), language=language)
    stream = pdf.make_stream(text.encode("utf-8"))
    stream.Type = pikepdf.Name.Metadata
    stream.Subtype = pikepdf.Name.XML
    pdf.Root.Metadata = stream
