"""``briefgen layouts new ORG --from-pptx FILE``: start a layout from an organization's template.

The template's theme colors and fonts are read into ``layouts/ORG/theme.yaml``
(which ``extends: default``), the template is copied to
``layouts/ORG/deck/template.pptx``, and ``deck/layouts.yaml`` maps each slide
kind to the template's own layout names, chosen by the placeholders each
layout has (a title and a subtitle: the title slide; a title and a body: the
content slide...). The result is a starting point to review, not a verdict.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Dict, List, Mapping, Tuple

from .errors import LayoutError, UsageError, error

if TYPE_CHECKING:
    from .render.deck.ranking import Choice


_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
METRIC_TWINS = {"calibri": "Carlito", "arial": "Liberation Sans"}
"""Deck fonts briefgen ships metrics for (in the default layout); others are measured as Calibri."""


def read_theme(path: Path) -> Tuple[Dict[str, str], Dict[str, str]]:
    """The template's theme colors (``dk1`` ... ``hlink``) and fonts (``major``, ``minor``)."""
    from lxml import etree
    from pptx import Presentation

    try:
        prs = Presentation(str(path))
    except Exception as exc:  # python-pptx raises several kinds for a bad file
        raise LayoutError([error(str(path), None, f"not a PowerPoint template python-pptx can open: {exc}")]) from None
    master = prs.slide_masters[0]
    theme_part = next((rel.target_part for rel in master.part.rels.values() if rel.reltype.endswith("/theme")), None)
    if theme_part is None:
        raise LayoutError([error(str(path), None, "the template's slide master has no theme")])
    root = etree.fromstring(theme_part.blob)
    colors: Dict[str, str] = {}
    scheme = root.find(f".//{_A}clrScheme")
    for child in scheme if scheme is not None else []:
        name = etree.QName(child).localname
        srgb = child.find(f"{_A}srgbClr")
        sys_clr = child.find(f"{_A}sysClr")
        if srgb is not None:
            colors[name] = "#" + srgb.get("val", "000000").upper()
        elif sys_clr is not None:
            colors[name] = "#" + (sys_clr.get("lastClr") or ("000000" if name == "dk1" else "FFFFFF")).upper()
    fonts: Dict[str, str] = {}
    for kind in ("major", "minor"):
        latin = root.find(f".//{_A}{kind}Font/{_A}latin")
        if latin is not None and latin.get("typeface"):
            fonts[kind] = latin.get("typeface")
    return colors, fonts


def _default_kinds() -> Mapping[str, object]:
    """The default layout's kinds (their minimum sizes are what a mapped layout must hold)."""
    from .layout import builtin_layouts_dir, load_layout
    from .render.deck.config import load_config

    return load_config(load_layout("default", builtin_layouts_dir().parent)).kinds


def rank_template(path: Path) -> Dict[str, List[Choice]]:
    """Slide kind -> the template's usable layouts ranked for it (best first), with reasons."""
    from pptx import Presentation

    from .render.deck.model import KINDS
    from .render.deck.ranking import rank
    from .render.deck.template import kind_needs, layout_shapes

    prs = Presentation(str(path))
    shapes = layout_shapes(prs)
    needs = kind_needs(_default_kinds(), 1.22, 16.0)
    return {kind: rank(shapes, kind, needs[kind]) for kind in KINDS}


def map_layouts(path: Path) -> Dict[str, List[str]]:
    """Slide kind -> the template's layout names that suit it, best first (at most three)."""
    return {kind: [c.name for c in ranked if c.score > -100][:3] for kind, ranked in rank_template(path).items()}


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_OTHER_FORMATS = {".odp": "an OpenDocument presentation", ".otp": "an OpenDocument template",
                  ".ppt": "an old binary PowerPoint file", ".pot": "an old binary PowerPoint template",
                  ".key": "a Keynote file"}


def _refuse_other_formats(path: Path) -> None:
    """A presentation python-pptx cannot read (by its suffix, or an ODF one by its content) gets the command that converts it."""
    kind = _OTHER_FORMATS.get(path.suffix.lower())
    if kind is None:
        try:
            with path.open("rb") as handle:
                head = handle.read(100)
        except OSError:
            return
        if b"mimetypeapplication/vnd.oasis.opendocument" not in head:
            return
        kind = "an OpenDocument file"
    raise LayoutError([error(str(path), None, f"this is {kind}, not PowerPoint (.pptx): convert it first with "
                                              f"`soffice --headless --convert-to pptx {path}`, then give the .pptx to --from-pptx")])


def new_layout_from_pptx(name: str, pptx: Path, project: Path) -> Path:
    """Write ``layouts/NAME/`` from ``pptx``; returns the new folder."""
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", name):
        raise UsageError(f"'{name}' is not a layout name: use letters, digits, '.', '-' and '_'")
    if not pptx.is_file():
        raise UsageError(f"no such file: {pptx}")
    folder = project / "layouts" / name
    if folder.exists():
        raise UsageError(f"{folder} already exists")
    _refuse_other_formats(pptx)
    colors, fonts = read_theme(pptx)
    ranked = rank_template(pptx)
    kinds = {kind: [c.name for c in r if c.score > -100][:3] for kind, r in ranked.items()}
    if not kinds["content"]:
        raise LayoutError([error(str(pptx), None, "the template has no layout with a title and a body placeholder")])
    heading = fonts.get("major", "Calibri")
    body = fonts.get("minor", heading)
    theme_colors = {
        "primary": colors.get("dk2") or colors.get("accent1"),
        "accent": colors.get("accent2") or colors.get("accent1"),
        "text": colors.get("dk1"),
        "link": colors.get("hlink"),
    }
    lines = [
        f"# Made by `briefgen layouts new {name} --from-pptx {pptx.name}`: review the colors,",
        "# then choose the memo's and handout's fonts (fonts:) and a logo (logo:).",
        "extends: default",
        f"name: {_yaml_str(name)}",
        "",
        "colors:",
    ]
    lines += [f"  {key}: {_yaml_str(value)}" for key, value in theme_colors.items() if value]
    lines += ["", "deck:", "  fonts:", f"    heading: {_yaml_str(heading)}", f"    body: {_yaml_str(body)}", ""]
    deck_lines = [
        f"# Slide kinds mapped to {pptx.name}'s layouts, best first, ranked by placeholder geometry",
        "# and standard layout names (`briefgen layouts show NAME` explains each choice).",
        "template: template.pptx",
        "",
        "kinds:",
    ]
    for kind, names in kinds.items():
        if names:
            why = "; ".join(ranked[kind][0].reasons)
            deck_lines += [f"  {kind}:", "    layouts: [" + ", ".join(_yaml_str(n) for n in names) + "]",
                           f"    # {names[0]}: {why}"]
    (folder / "deck").mkdir(parents=True)
    (folder / "theme.yaml").write_text("\n".join(lines), encoding="utf-8")
    (folder / "deck" / "layouts.yaml").write_text("\n".join(deck_lines) + "\n", encoding="utf-8")
    shutil.copyfile(pptx, folder / "deck" / "template.pptx")
    for face in {heading, body}:
        if face.lower() not in METRIC_TWINS:
            print(
                f"briefgen: warning: no metrics for the deck font '{face}': slides are measured as Calibri; "
                f"add metrics for it under 'metrics:' in {folder / 'deck' / 'layouts.yaml'}",
                file=sys.stderr,
            )
    return folder
