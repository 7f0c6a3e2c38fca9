"""Safe access to a ``.docx`` package: a zip of XML parts, read as hostile input.

Nothing here extracts the archive. Each part is read into memory only after
its declared size, compression ratio and name have been checked, and read with
a cap (a zip may lie about its sizes). XML is parsed with one hardened lxml
parser: no DTD loaded, no entity expanded, no network, no "huge tree"; a part
that declares a DTD at all is refused (a Word part never has one).
Relationships are resolved inside the package only: an external target
(``TargetMode="External"``) is reported, never fetched.
"""

from __future__ import annotations

import logging
import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

from lxml import etree

from ..errors import ImportProblem

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 64 * 1024 * 1024
"""The largest ``.docx`` file accepted."""
MAX_ENTRIES = 5000
MAX_PART_BYTES = 32 * 1024 * 1024
"""The largest uncompressed part (XML or image) read."""
MAX_TOTAL_BYTES = 256 * 1024 * 1024
"""The sum of the parts' uncompressed sizes."""
MAX_RATIO = 200
"""A part whose uncompressed size is this many times its compressed size (and over 1 MiB) is a zip bomb."""
RATIO_FLOOR = 1024 * 1024

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
DOCTYPE_MARKS = (b"<!DOCTYPE", "<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be"))
"""A DTD is refused before any parser sees it (the parser refuses entities as well)."""
MACRO_TYPES = ("macroEnabled", "vbaProject", "vbaData")


def hardened_parser() -> etree.XMLParser:
    """The one XML parser the importer uses: no DTD, no entities, no network, no huge trees."""
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                           dtd_validation=False, remove_comments=True, remove_pis=True, collect_ids=False)


@dataclass(frozen=True)
class Relationship:
    """One relationship of a part: ``target`` is a part name inside the package, or the external URL."""

    rid: str
    type: str
    target: str
    external: bool


class DocxPackage:
    """The parts of a ``.docx`` file, checked, read on demand and cached."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = str(path)
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise ImportProblem(self.name, f"cannot read the file: {exc.strerror}") from None
        if not path.is_file():
            raise ImportProblem(self.name, "is not a file")
        if size > MAX_FILE_BYTES:
            raise ImportProblem(self.name, f"the file is {size // (1024 * 1024)} MiB; the limit is {MAX_FILE_BYTES // (1024 * 1024)} MiB")
        try:
            self._zip = zipfile.ZipFile(path)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise ImportProblem(self.name, f"not a Word document (.docx): the file is not a readable zip archive ({exc})") from None
        if len(infos) > MAX_ENTRIES:
            raise ImportProblem(self.name, f"the archive holds {len(infos)} entries; the limit is {MAX_ENTRIES}")
        self.infos: Dict[str, zipfile.ZipInfo] = {}
        self.odd_names: List[str] = []
        total = 0
        for info in infos:
            name = info.filename
            if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/") or ":" in name:
                self.odd_names.append(name)  # never read, never written
                continue
            if info.flag_bits & 0x1:
                raise ImportProblem(self.name, f"the entry '{name}' is encrypted: save the document without a password")
            total += info.file_size
            if info.file_size > MAX_PART_BYTES:
                raise ImportProblem(self.name, f"the part '{name}' is {info.file_size // (1024 * 1024)} MiB uncompressed; "
                                               f"the limit is {MAX_PART_BYTES // (1024 * 1024)} MiB (refused, not read)")
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise ImportProblem(self.name, f"the part '{name}' expands {info.file_size // max(info.compress_size, 1)} times "
                                               f"when uncompressed (a zip bomb; refused, not read)")
            self.infos[name.lstrip("/")] = info
        if total > MAX_TOTAL_BYTES:
            raise ImportProblem(self.name, f"the parts add up to {total // (1024 * 1024)} MiB uncompressed; "
                                           f"the limit is {MAX_TOTAL_BYTES // (1024 * 1024)} MiB (refused)")
        self._read = 0
        self._xml: Dict[str, etree._Element] = {}
        self._rels: Dict[str, Dict[str, Relationship]] = {}

    def close(self) -> None:
        """Close the archive."""
        self._zip.close()

    def has(self, part: str) -> bool:
        """Whether the package holds ``part`` (a name without a leading slash)."""
        return part in self.infos

    def read(self, part: str) -> bytes:
        """The bytes of ``part``, read with a cap whatever the zip's header says."""
        info = self.infos.get(part)
        if info is None:
            raise ImportProblem(self.name, f"the part '{part}' is missing")
        cap = min(info.file_size, MAX_PART_BYTES)
        try:
            with self._zip.open(info) as handle:
                data = handle.read(cap + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise ImportProblem(self.name, f"the part '{part}' cannot be read: {exc}") from None
        except Exception as exc:  # zlib.error and friends from a damaged stream
            raise ImportProblem(self.name, f"the part '{part}' is damaged: {exc}") from None
        if len(data) > cap:
            raise ImportProblem(self.name, f"the part '{part}' is larger than its header says (refused)")
        self._read += len(data)
        if self._read > MAX_TOTAL_BYTES:
            raise ImportProblem(self.name, "the parts read add up to more than the limit (refused)")
        return data

    def xml(self, part: str) -> etree._Element:
        """``part`` parsed with :func:`hardened_parser`; a DTD, or XML that is not well formed, is an error."""
        if part in self._xml:
            return self._xml[part]
        data = self.read(part)
        if any(mark in data for mark in DOCTYPE_MARKS):
            raise ImportProblem(self.name, f"the part '{part}' declares a DTD (entities are refused in a Word document)")
        try:
            root = etree.fromstring(data, hardened_parser())
        except etree.XMLSyntaxError as exc:
            raise ImportProblem(self.name, f"the part '{part}' is not well-formed XML: {exc}") from None
        except ValueError as exc:
            raise ImportProblem(self.name, f"the part '{part}' cannot be parsed: {exc}") from None
        tree = root.getroottree()
        if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
            raise ImportProblem(self.name, f"the part '{part}' declares a DTD (entities are refused in a Word document)")
        self._xml[part] = root
        return root

    def rels(self, part: str) -> Dict[str, Relationship]:
        """The relationships of ``part`` by id; targets resolved to part names, external ones kept as written."""
        if part in self._rels:
            return self._rels[part]
        folder, base = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", base + ".rels")
        found: Dict[str, Relationship] = {}
        if self.has(rels_part):
            for rel in self.xml(rels_part).iter(f"{{{REL_NS}}}Relationship"):
                target = rel.get("Target") or ""
                external = (rel.get("TargetMode") or "").lower() == "external"
                if not external:
                    target = self.resolve(folder, target)
                found[rel.get("Id") or ""] = Relationship(rel.get("Id") or "", rel.get("Type") or "", target, external)
        self._rels[part] = found
        return found

    @staticmethod
    def resolve(folder: str, target: str) -> str:
        """A relationship target as a part name; ``""`` when it would leave the package."""
        joined = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        norm = posixpath.normpath(joined)
        if norm.startswith("../") or norm == ".." or norm.startswith("/"):
            return ""
        return norm

    def main_part(self) -> str:
        """The main document part, from the package relationships."""
        for rel in self.rels("").values():
            if rel.type == OFFICE_DOC and not rel.external and rel.target and self.has(rel.target):
                return rel.target
        if self.has("word/document.xml"):
            return "word/document.xml"
        raise ImportProblem(self.name, "not a Word document: the package has no main document part")

    def content_types(self) -> Dict[str, str]:
        """Part name (or ``*.ext`` default) -> content type, from ``[Content_Types].xml``."""
        types: Dict[str, str] = {}
        if not self.has("[Content_Types].xml"):
            return types
        root = self.xml("[Content_Types].xml")
        for node in root:
            tag = etree.QName(node).localname if isinstance(node.tag, str) else ""
            if tag == "Default":
                types["*." + (node.get("Extension") or "").lower()] = node.get("ContentType") or ""
            elif tag == "Override":
                types[(node.get("PartName") or "").lstrip("/")] = node.get("ContentType") or ""
        return types

    def macro_parts(self) -> List[str]:
        """Parts that hold macros (never run, never extracted)."""
        found = [n for n in self.infos if posixpath.basename(n).lower().startswith(("vbaproject", "vbadata"))]
        for part, ctype in self.content_types().items():
            if any(t in ctype for t in MACRO_TYPES) and part not in found and not part.startswith("*."):
                found.append(part)
        return sorted(found)

    def embedded_parts(self) -> List[str]:
        """Embedded files and OLE objects (never extracted, never run)."""
        return sorted(n for n in self.infos if "/embeddings/" in n or (n.lower().endswith(".bin") and "vba" not in n.lower()))

    def optional_xml(self, part: Optional[str]) -> Optional[etree._Element]:
        """``part`` parsed, or ``None`` when it is absent."""
        if not part or not self.has(part):
            return None
        return self.xml(part)
