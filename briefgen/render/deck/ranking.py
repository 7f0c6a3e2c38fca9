"""Choosing a template's slide layouts by what they can hold.

A template's layouts are ranked for each slide kind (:data:`~.model.KINDS`) by
their placeholder geometry (the body's share of the slide's area and width, one
body column for text, a title of usable size, room for three bullets at the
kind's minimum size) and by the standard Office layout names, in English,
German, French, Spanish and Dutch, and LibreOffice's export names. The same
ranking writes ``layouts new --from-pptx``'s mapping, picks a layout at render
time when none of the mapped names fits, and explains itself in ``layouts show``.

Pure: the template is read into :class:`LayoutShape` values by
:func:`.template.layout_shapes`; nothing here imports python-pptx.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from ..common.units import INCH
from .geometry import Box
from .model import TEXT_KINDS
from .room import Room, grow, keep_off

#: Standard layout names by role; names are compared after :func:`normalize_name`.
STANDARD_NAMES: Mapping[str, Tuple[str, ...]] = {
    "title_slide": ("Title Slide", "Titelfolie", "Diapositive de titre", "Diapositiva de título", "Titeldia"),
    "title_content": (
        "Title and Content", "Title, Content", "Title and Text", "Titel und Inhalt", "Titel und Text",
        "Titre et contenu", "Titre et texte", "Título y objetos", "Título y texto", "Titel en object", "Titel en tekst",
    ),
    "section": (
        "Section Header", "Section Title", "Section Divider", "Abschnittsüberschrift", "Abschnittsueberschrift",
        "En-tête de section", "Encabezado de sección", "Sectiekop",
    ),
    "title_only": ("Title Only", "Nur Titel", "Titre seul", "Solo el título", "Sólo el título", "Alleen titel"),
    "blank": ("Blank", "Blank Slide", "Leer", "Vide", "En blanco", "Leeg"),
    "two_content": (
        "Two Content", "Title, 2 Content", "Zwei Inhalte", "Deux contenus", "Dos objetos", "Twee objecten",
    ),
    "comparison": ("Comparison", "Vergleich", "Comparaison", "Comparación", "Vergelijking"),
    "quote": ("Quote", "Zitat", "Citation", "Cita", "Citaat", "Statement"),
    "caption": (
        "Content with Caption", "Picture with Caption", "Inhalt mit Überschrift", "Bild mit Überschrift",
        "Contenu avec légende", "Image avec légende", "Contenido con título", "Imagen con título",
        "Inhoud met bijschrift", "Afbeelding met bijschrift",
    ),
    "vertical": (
        "Title and Vertical Text", "Vertical Title and Text", "Titel und vertikaler Text", "Vertikaler Titel und Text",
        "Titre et texte vertical", "Titre vertical et texte", "Título y texto vertical", "Título vertical y texto",
        "Titel en verticale tekst", "Verticale titel en tekst",
    ),
}

#: Per slide kind: name roles that suit it, with their weight.
KIND_ROLES: Mapping[str, Mapping[str, int]] = {
    "title": {"title_slide": 100},
    "section": {"section": 100, "title_only": 20},
    "quote": {"quote": 100, "title_content": 40},
    "table": {"title_only": 100, "title_content": 60, "blank": 10},
    "figure": {"title_only": 100, "title_content": 60, "blank": 10},
}
for _kind in TEXT_KINDS:
    KIND_ROLES[_kind] = {"title_content": 100}  # type: ignore[index]
#: Roles that make a poor home for one column of bullets.
UNFIT_ROLES = ("two_content", "comparison", "caption", "vertical")


def normalize_name(name: str) -> str:
    """A layout name compared loosely: case, accents, ``1_`` copy prefixes and punctuation ignored."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"^\d+_", "", text.strip())
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


_ROLE_OF: Dict[str, str] = {normalize_name(n): role for role, names in STANDARD_NAMES.items() for n in names}


#: Words in a non-standard name that hint at a role, checked in this order ("Meridian Divider").
NAME_HINTS: Tuple[Tuple[str, Tuple[str, ...]], ...] = (
    ("comparison", ("comparison", "compare", "vergleich", "comparaison", "comparacion", "vergelijking")),
    ("two_content", ("two", "2 content", "zwei", "deux", "dos", "twee")),
    ("vertical", ("vertical", "vertikal", "verticale")),
    ("caption", ("caption", "legende", "bijschrift")),
    ("quote", ("quote", "statement", "zitat", "citation", "cita", "citaat")),
    ("section", ("section", "divider", "header", "abschnitt", "seccion", "sectie", "chapter", "kapitel")),
    ("title_slide", ("cover", "title slide", "titelfolie", "opening")),
    ("title_only", ("only", "headline", "nur", "seul", "solo", "alleen")),
    ("blank", ("blank", "empty", "leer", "vide", "blanco", "leeg")),
    ("title_content", ("content", "text", "bullet", "inhalt", "contenu", "contenido", "objetos", "inhoud", "body")),
)
HINT_WEIGHT = 0.6


def name_role(name: str) -> Optional[str]:
    """The standard role a layout name stands for (``title_content``...), or None."""
    return _ROLE_OF.get(normalize_name(name))


def hinted_role(name: str) -> Optional[str]:
    """The role a non-standard name hints at by its words, or None."""
    words = f" {normalize_name(name)} "
    for role, hints in NAME_HINTS:
        if any(f" {h} " in words or (len(h) > 4 and h in words) for h in hints):
            return role
    return None


@dataclass(frozen=True)
class LayoutShape:
    """What the ranking needs to know of one layout (points)."""

    name: str
    slide_w: float
    slide_h: float
    title: Optional[Box] = None
    centered_title: bool = False
    subtitle: Optional[Box] = None
    bodies: Tuple[Box, ...] = ()  # body and object placeholders, largest first
    footers: Tuple[Box, ...] = ()  # footer, date and slide number placeholders
    zones: Tuple[Box, ...] = ()  # the layout's and master's art: keep-out zones for text (see .art)
    zone_names: Tuple[str, ...] = ()  # each zone's "the layout's 'Name'", for messages

    @property
    def body(self) -> Optional[Box]:
        """The largest body placeholder (the one text goes into)."""
        return self.bodies[0] if self.bodies else None

    @property
    def clear_body(self) -> Optional[Box]:
        """The largest body shrunk off the template's art (:func:`.room.keep_off`); the body when already clear."""
        if self.body is None or not self.zones:
            return self.body
        return keep_off(self.body, self.zones) or self.body

    def room(self, needs: "Needs") -> Optional[Room]:
        """The grown title and body a text slide of this layout uses (see :mod:`.room`), or None."""
        return grow(self.slide_w, self.slide_h, self.title, self.body, self.footers, needs.title_height, self.zones)

    def visual_room(self, needs: "Needs", margin: float) -> Optional[Room]:
        """For a layout with a title and no body (tables and figures): the free area under the title, across the
        slide within ``margin``, off the art, when the title column leaves a table under 75% of it; else None."""
        if self.title is None or self.body is not None or self.title.vertical:
            return None
        top = self.title.y + self.title.h
        band = Box(margin, top + 1.0, max(self.slide_w - 2 * margin, 1.0), 1.0)  # a body line across the slide
        return grow(self.slide_w, self.slide_h, self.title, band, self.footers, needs.title_height, self.zones)


@dataclass(frozen=True)
class Choice:
    """One layout's fitness for a kind: higher ``score`` is better; ``usable`` False means never."""

    name: str
    score: float
    usable: bool
    reasons: Tuple[str, ...]


@dataclass(frozen=True)
class Needs:
    """What a text kind's body must hold: ``bullets`` lines at ``min_size`` points."""

    min_size: float = 18.0
    bullets: int = 3
    line_factor: float = 1.22
    space_before: float = 16.0
    title_height: float = 2 * 32 * 1.22 + 7.2  # the longest title a slide sets (lines x size, insets)

    def holds(self, body: Box, insets: float = 7.2) -> int:
        """How many one-line bullets at the minimum size fit in ``body``."""
        per = self.min_size * self.line_factor + self.space_before
        return max(int((body.h - insets + self.space_before) // per), 0)


def _pct(x: float) -> str:
    return f"{round(100 * x)}%"


def _inches(points: float) -> str:
    return f"{points / INCH:.1f} in"


def score_layout(shape: LayoutShape, kind: str, needs: Needs = Needs()) -> Choice:
    """How well ``shape`` serves ``kind``, with the reasons in words."""
    reasons: List[str] = []
    score = 0.0
    usable = True
    role = name_role(shape.name)
    weight = KIND_ROLES.get(kind, {}).get(role or "", 0)
    if role is None:
        role = hinted_role(shape.name)
        weight = HINT_WEIGHT * KIND_ROLES.get(kind, {}).get(role or "", 0)
        label = "name suggests"
    else:
        label = "standard name"
    room = shape.room(needs) if kind in TEXT_KINDS or kind == "quote" else None
    if weight:
        score += weight
        reasons.append(f"{label} {role.replace('_', ' ')}")
    elif role in UNFIT_ROLES and kind not in ("title", "table", "figure") and room is None:
        score -= 40
        reasons.append(f"a {role.replace('_', ' ')} layout")
    slide_area = max(shape.slide_w * shape.slide_h, 1.0)
    title = shape.title
    if title is None:
        if kind != "title" or shape.subtitle is None:
            if kind not in ("table", "figure") or shape.bodies:
                return Choice(shape.name, -1000, False, tuple(reasons + ["no title placeholder"]))
            score -= 30
            reasons.append("no title placeholder")
    else:
        if title.h < 0.45 * INCH or title.w < 0.35 * shape.slide_w:
            score -= 30
            reasons.append(f"title box only {_inches(title.w)} x {_inches(title.h)}")
        if title.vertical:
            score -= 80
            reasons.append("vertical title")
    if kind == "title":
        if shape.centered_title or shape.subtitle is not None:
            score += 30
            reasons.append("title and subtitle" if shape.subtitle is not None else "centered title")
        if shape.bodies:
            score -= 10 * len(shape.bodies)
        return Choice(shape.name, score, usable, tuple(reasons))
    body = shape.clear_body
    if kind in TEXT_KINDS or kind == "quote":
        if body is None:
            return Choice(shape.name, -1000, False, tuple(reasons + ["no body placeholder"]))
        if room is not None:  # one grown column over the layout's boxes (the unused ones leave the slide)
            body = room.body
            reasons.append(room.reason())
        area, width = body.area / slide_area, body.w / max(shape.slide_w, 1.0)
        score += 40 * min(area / 0.45, 1.0) + 20 * min(width / 0.75, 1.0)
        reasons.append(f"body {_pct(width)} of the slide's width, {_pct(area)} of its area")
        if len(shape.bodies) > 1 and room is None:
            score -= 40
            reasons.append(f"{len(shape.bodies)} body placeholders (columns or boxes)")
        if body.vertical:
            score -= 120
            reasons.append("vertical body text")
        held = needs.holds(body)
        if held < needs.bullets:
            score -= 300
            reasons.append(f"body holds {held} bullet{'s' if held != 1 else ''} at {needs.min_size:g} pt "
                           f"(needs {needs.bullets}); its box is {_inches(body.h)} high")
        return Choice(shape.name, score, usable, tuple(reasons))
    if kind == "section":
        if len(shape.bodies) > 1:
            score -= 30 * len(shape.bodies)
            reasons.append(f"{len(shape.bodies)} body placeholders")
        elif body is not None and role != "section":
            score -= 10
        return Choice(shape.name, score, usable, tuple(reasons))
    # table, figure: room below the title
    if body is not None:
        free = body.area / slide_area
        if body.vertical:
            score -= 60
            reasons.append("vertical body text")
        if len(shape.bodies) > 1:
            score -= 40
            reasons.append(f"{len(shape.bodies)} body placeholders")
    else:
        top = (title.y + title.h) if title is not None else 0.0
        free = max(shape.slide_h - top - 0.5 * INCH, 0.0) * shape.slide_w * 0.9 / slide_area
    score += 40 * min(free / 0.5, 1.0)
    reasons.append(f"{_pct(free)} of the slide free for it")
    return Choice(shape.name, score, usable, tuple(reasons))


def is_divider_layout(shape: LayoutShape) -> bool:
    """True for a layout made to open a section (a section header or title slide by name, or a centered title).

    A divider set on any other layout ("Title Only") is a title over an empty slide.
    """
    role = name_role(shape.name) or hinted_role(shape.name)
    return role in ("section", "title_slide") or shape.centered_title


def rank(shapes: Sequence[LayoutShape], kind: str, needs: Needs = Needs()) -> List[Choice]:
    """Every usable layout for ``kind``, best first (ties keep the template's order)."""
    scored = [(score_layout(s, kind, needs), i) for i, s in enumerate(shapes)]
    usable = [(c, i) for c, i in scored if c.usable]
    usable.sort(key=lambda ci: (-ci[0].score, ci[1]))
    return [c for c, _ in usable]


def fits(choice: Choice) -> bool:
    """True when a chosen layout has nothing disqualifying for its kind (score above zero)."""
    return choice.usable and choice.score > 0


def choose_mapping(shapes: Sequence[LayoutShape], kinds: Sequence[str], needs: Mapping[str, Needs],
                   keep: int = 3) -> Dict[str, List[str]]:
    """Slide kind -> the ``keep`` best layout names, as ``layouts new --from-pptx`` writes them."""
    out: Dict[str, List[str]] = {}
    for kind in kinds:
        ranked = [c for c in rank(shapes, kind, needs.get(kind, Needs())) if c.score > -100]
        out[kind] = [c.name for c in ranked[:keep]]
    return out
