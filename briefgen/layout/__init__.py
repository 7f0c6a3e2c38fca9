"""Layouts: folders of data that decide how every output looks.

A layout is ``layouts/<name>/`` with a ``theme.yaml`` (colors, fonts, sizes,
labels, logo) that all three renderers read, and optional per-output files:
``memo.yaml``, ``handout/`` (Jinja2 templates and CSS), ``deck/`` (a template
``.pptx`` and ``layouts.yaml``). A layout may say ``extends: NAME``; then any
file it lacks comes from its parent, and its ``theme.yaml`` is merged over the
parent's (mappings merge key by key; a font face is replaced whole).

``fallback_fonts`` names, in order, the faces that draw what the theme's own
faces lack (Arabic, Hebrew, Hangul and CJK in the default layout). Each is a
face like those of ``fonts`` whose italics default to its upright files and
whose variable files are pinned with ``axes`` (``{bold: {wght: 600}}``); a
child layout replaces an entry by its key, adds one, or drops one with
``KEY: null``.

Layouts are looked up in the project's ``layouts/`` folder first, then among
the layouts that ship with briefgen (the ``default`` layout always exists).

This package: the chain and its loading here; the ``theme.yaml`` schema in
:mod:`briefgen.layout.theme`; :mod:`briefgen.layout.locate` finds where a key is
set along the chain, for errors located in the YAML file.
"""

from __future__ import annotations

import copy
import logging
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Optional, Tuple

from ..errors import Diagnostic, LayoutError, error
from ..fontspec import FACE_STYLES, FontFace
from ..language import canonical
from .labels import translate
from .theme import COLOR_KEYS, FONT_ROLES, PAPERS, Theme, build_theme

__all__ = ["COLOR_KEYS", "FACE_STYLES", "FONT_ROLES", "PAPERS", "FontFace", "Layout", "Theme", "builtin_layouts_dir",
           "deep_merge", "find_layout_dir", "layout_candidates", "load_layout", "shadowing_candidates", "source_lang"]

log = logging.getLogger(__name__)

NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
MAX_PARENTS = 16


def builtin_layouts_dir() -> Path:
    """The folder of layouts that ship with briefgen (in the wheel or the checkout)."""
    here = Path(__file__).resolve().parent.parent  # briefgen/
    packaged = here / "layouts"
    if (packaged / "default" / "theme.yaml").is_file():
        return packaged
    return here.parent / "layouts"


@dataclass(frozen=True)
class Layout:
    """A resolved layout: its folders (child first) and its merged theme."""

    name: str
    chain: Tuple[Path, ...]
    theme: Theme
    warnings: Tuple[Diagnostic, ...] = ()
    """Problems that do not stop a build (a label left in English in the brief's language)."""

    @property
    def parent_names(self) -> Tuple[str, ...]:
        """The names of the layouts this one extends, nearest first."""
        return tuple(p.name for p in self.chain[1:])

    def find(self, rel: str) -> Optional[Path]:
        """The first file named ``rel`` along the chain, or ``None``."""
        for folder in self.chain:
            candidate = folder / rel
            if candidate.is_file():
                return candidate
        return None

    def search_path(self, subdir: str) -> List[Path]:
        """Every existing ``subdir`` along the chain, child first (for template loaders)."""
        return [folder / subdir for folder in self.chain if (folder / subdir).is_dir()]

    def load_data(self, rel: str) -> Dict[str, object]:
        """A YAML data file merged along the chain (the child's keys win).

        Each file's parse is cached by its path and exact text (a worker renders
        many briefs of one layout in a batch; the strict YAML reader is pure
        Python), and every call gets its own copy of the data.
        """
        merged: Dict[str, object] = {}
        for folder in reversed(self.chain):
            path = folder / rel
            if not path.is_file():
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise LayoutError([error(str(path), None, f"cannot read layout file: {exc}")]) from None
            merged = deep_merge(merged, copy.deepcopy(_parse_data(str(path), text)))
        return merged

    def input_files(self, patterns: Iterable[str]) -> List[Path]:
        """Every file along the chain matching the glob ``patterns`` (build inputs)."""
        found: List[Path] = []
        for folder in self.chain:
            for pattern in patterns:
                found.extend(p for p in sorted(folder.glob(pattern)) if p.is_file())
        return found

    def font_files(self) -> List[Path]:
        """Every font file the theme uses: its roles' faces, then the fallback faces in order."""
        faces = list(self.theme.fonts.values()) + list(self.theme.fallback_fonts)
        files: List[Path] = []
        for face in faces:
            files.extend(f for f in face.files() if f not in files)
        return files


def deep_merge(base: Mapping[str, object], over: Mapping[str, object], _path: Tuple[str, ...] = ()) -> Dict[str, object]:
    """Merge ``over`` onto ``base``: nested mappings merge, other values replace.

    The one exception is a theme's font face (``fonts.<role>``,
    ``fallback_fonts.<key>``): a child's face replaces the parent's whole, so
    files of two families never mix."""
    out: Dict[str, object] = dict(base)
    for key, value in over.items():
        old = out.get(key)
        if isinstance(old, Mapping) and isinstance(value, Mapping) and _path not in (("fonts",), ("fallback_fonts",)):
            out[key] = deep_merge(old, value, _path + (key,))
        else:
            out[key] = value
    return out


def source_lang(doc: object) -> Optional[str]:
    """The language a document's source names with ``lang:`` (None: it names none, the layout decides)."""
    meta = getattr(doc, "meta", None)
    positions = getattr(meta, "positions", None) or {}
    return str(getattr(doc, "lang", "")) or None if "lang" in positions else None


def layout_candidates(name: str, project: Path) -> List[Path]:
    """Where layout ``name`` is looked for, in order: the project's, then briefgen's."""
    return [project / "layouts" / name, builtin_layouts_dir() / name]


def shadowing_candidates(layout: "Layout", project: Path) -> List[Path]:
    """``theme.yaml`` files that do not exist but would win over the chain's folders
    if created (a project's own copy of a built-in layout): build inputs too."""
    missing: List[Path] = []
    for folder in layout.chain:
        for candidate in layout_candidates(folder.name, project):
            if candidate.resolve() == folder.resolve():
                break
            missing.append(candidate / "theme.yaml")
    return missing


def find_layout_dir(name: str, project: Path, origin: str) -> Path:
    """The folder of layout ``name``: the project's own first, then briefgen's."""
    if not NAME_PATTERN.match(name):
        raise LayoutError([error(origin, None, f"'{name}' is not a valid layout name")])
    for candidate in layout_candidates(name, project):
        if (candidate / "theme.yaml").is_file():
            return candidate
    raise LayoutError(
        [error(origin, None, f"no layout named '{name}' (looked in {project / 'layouts'} and briefgen's own)")]
    )


def load_layout(name: str, project: Path, paper: Optional[str] = None, origin: str = "briefgen",
                lang: Optional[str] = None) -> Layout:
    """Resolve layout ``name`` with its parents and validate its theme.

    ``paper`` (``letter`` or ``a4``) overrides the theme's paper size; ``lang`` (the
    brief's ``lang:``; None: the layout's own) picks the labels' language
    (:mod:`briefgen.layout.labels`).
    Raises :class:`LayoutError` naming the file and key of any problem.
    """
    from .. import yamlsafe

    chain: List[Path] = []
    raw: List[Tuple[Path, Dict[str, object]]] = []
    current: Optional[str] = name
    where = origin
    while current:
        folder = find_layout_dir(current, project, where)
        if folder in chain:
            names = " -> ".join([p.name for p in chain] + [folder.name])
            raise LayoutError([error(str(folder / "theme.yaml"), None, f"layouts extend each other in a cycle: {names}")])
        if len(chain) >= MAX_PARENTS:
            raise LayoutError([error(str(folder / "theme.yaml"), None, "too many parent layouts")])
        chain.append(folder)
        theme_path = folder / "theme.yaml"
        try:
            node = yamlsafe.load(theme_path.read_text(encoding="utf-8"), str(theme_path), fast=True)
        except yamlsafe.YamlProblem as exc:
            raise LayoutError([exc.diag]) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise LayoutError([error(str(theme_path), None, f"cannot read: {exc}")]) from None
        data = yamlsafe.to_python(node) or {}
        if not isinstance(data, dict):
            raise LayoutError([error(str(theme_path), 1, "theme.yaml must be a mapping of keys")])
        raw.append((folder, data))
        parent = data.get("extends")
        if parent is not None and not isinstance(parent, str):
            raise LayoutError([error(str(theme_path), node.key_lines.get("extends") if isinstance(node, yamlsafe.YMap) else None, "'extends' must be a layout name")])
        where = str(theme_path)
        current = parent or None
    merged: Dict[str, object] = {}
    origin_of: Dict[str, Path] = {}
    for folder, data in reversed(raw):
        merged = deep_merge(merged, data)
        for section_name in ("fonts", "fallback_fonts"):
            section_value = data.get(section_name)
            for role in section_value if isinstance(section_value, dict) else {}:
                origin_of[f"{section_name}.{role}"] = folder
        for key in ("logo", "citations"):
            if key in data:
                origin_of[key] = folder
        origin_of.setdefault("theme", folder)
    theme_files = [f / "theme.yaml" for f in chain]
    theme = build_theme(name, merged, chain[0] / "theme.yaml", origin_of, paper, theme_files)
    tag = canonical(lang) if lang else theme.lang
    depth = {str(key): index for index, (_folder, data) in reversed(list(enumerate(raw)))
             for key in (data.get("labels") if isinstance(data.get("labels"), dict) else {})}
    labels, notes = translate(theme.labels, chain, tag, theme_files, depth)
    theme = replace(theme, labels=labels, lang=tag)
    return Layout(name=name, chain=tuple(chain), theme=theme, warnings=notes)


_DATA_CACHE: Dict[Tuple[str, str], Dict[str, object]] = {}


def _parse_data(path: str, text: str) -> Dict[str, object]:
    """``text`` (the layout file ``path``) as a mapping, parsed once per exact text."""
    key = (path, text)
    cached = _DATA_CACHE.get(key)
    if cached is not None:
        return cached
    from .. import yamlsafe

    try:
        node = yamlsafe.load(text, path, fast=True)
    except yamlsafe.YamlProblem as exc:
        raise LayoutError([exc.diag]) from None
    data = yamlsafe.to_python(node) or {}
    if not isinstance(data, dict):
        raise LayoutError([error(path, 1, "a layout file must be a mapping of keys")])
    if len(_DATA_CACHE) > 64:  # a long-lived process (watch, serve) editing layouts
        _DATA_CACHE.clear()
    _DATA_CACHE[key] = data
    return data
