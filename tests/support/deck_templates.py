"""PowerPoint templates nobody here wrote, for the deck's template matrix.

* python-pptx's own default template (4:3, the standard Office layouts);
* variants generated from it: shuffled order with "Comparison" first, layout
  names in German, French, Spanish and Dutch, "Title and Content" deleted, and
  the whole template scaled to 16:10;
* LibreOffice's presentation templates (``.otp``), copied to ``.odp`` and
  converted with ``soffice --headless --convert-to pptx`` once per cache folder.
"""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path
from typing import Callable, Dict, List, Optional

from pptx import Presentation
from pptx.util import Emu

P_NS = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
A_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
LO_TEMPLATES = Path("/usr/lib/libreoffice/share/template/common/presnt")

#: The standard Office layout names in other languages (as localized Office writes them).
TRANSLATIONS: Dict[str, Dict[str, str]] = {
    "de": {"Title Slide": "Titelfolie", "Title and Content": "Titel und Inhalt", "Section Header": "Abschnittsüberschrift",
           "Two Content": "Zwei Inhalte", "Comparison": "Vergleich", "Title Only": "Nur Titel", "Blank": "Leer",
           "Content with Caption": "Inhalt mit Überschrift", "Picture with Caption": "Bild mit Überschrift",
           "Title and Vertical Text": "Titel und vertikaler Text", "Vertical Title and Text": "Vertikaler Titel und Text"},
    "fr": {"Title Slide": "Diapositive de titre", "Title and Content": "Titre et contenu", "Section Header": "En-tête de section",
           "Two Content": "Deux contenus", "Comparison": "Comparaison", "Title Only": "Titre seul", "Blank": "Vide",
           "Content with Caption": "Contenu avec légende", "Picture with Caption": "Image avec légende",
           "Title and Vertical Text": "Titre et texte vertical", "Vertical Title and Text": "Titre vertical et texte"},
    "es": {"Title Slide": "Diapositiva de título", "Title and Content": "Título y objetos", "Section Header": "Encabezado de sección",
           "Two Content": "Dos objetos", "Comparison": "Comparación", "Title Only": "Solo el título", "Blank": "En blanco",
           "Content with Caption": "Contenido con título", "Picture with Caption": "Imagen con título",
           "Title and Vertical Text": "Título y texto vertical", "Vertical Title and Text": "Título vertical y texto"},
    "nl": {"Title Slide": "Titeldia", "Title and Content": "Titel en object", "Section Header": "Sectiekop",
           "Two Content": "Twee objecten", "Comparison": "Vergelijking", "Title Only": "Alleen titel", "Blank": "Leeg",
           "Content with Caption": "Inhoud met bijschrift", "Picture with Caption": "Afbeelding met bijschrift",
           "Title and Vertical Text": "Titel en verticale tekst", "Vertical Title and Text": "Verticale titel en tekst"},
}


def _layout_ids(prs):
    return prs.slide_masters[0].element.find(f"{P_NS}sldLayoutIdLst")


def _reorder(prs, order: List[str]) -> None:
    id_list = _layout_ids(prs)
    by_name = {layout.name: sid for layout, sid in zip(prs.slide_layouts, list(id_list))}
    for child in list(id_list):
        id_list.remove(child)
    for name in order:
        id_list.append(by_name[name])


def comparison_first(prs) -> None:
    """A corporate template's state: "Comparison" (and other multi-box layouts) before "Title and Content"."""
    names = [l.name for l in prs.slide_layouts]
    front = ["Title Slide", "Comparison", "Two Content", "Content with Caption"]
    rest = [n for n in names if n not in front]
    random.Random(11).shuffle(rest)
    _reorder(prs, front + rest)


def rename(lang: str) -> Callable:
    """Rename the standard layouts into ``lang``."""
    def edit(prs) -> None:
        table = TRANSLATIONS[lang]
        for layout in prs.slide_layouts:
            if layout.name in table:
                layout.element.cSld.set("name", table[layout.name])
    return edit


def delete_title_and_content(prs) -> None:
    """The template without "Title and Content" (and shuffled, Comparison first)."""
    comparison_first(prs)
    prs.slide_layouts.remove(next(l for l in prs.slide_layouts if l.name == "Title and Content"))


def scale_to(width_in: float, height_in: float) -> Callable:
    """Scale the slide and every master/layout shape to ``width_in`` x ``height_in`` inches."""
    def edit(prs) -> None:
        sx, sy = Emu(int(width_in * 914400)) / prs.slide_width, Emu(int(height_in * 914400)) / prs.slide_height
        parts = [prs.slide_masters[0]] + list(prs.slide_layouts)
        for part in parts:
            for node in part.element.iter(f"{A_NS}off", f"{A_NS}ext", f"{A_NS}chOff", f"{A_NS}chExt"):
                if node.get("x") is not None:
                    node.set("x", str(int(int(node.get("x")) * sx)))
                    node.set("y", str(int(int(node.get("y")) * sy)))
                if node.get("cx") is not None:
                    node.set("cx", str(int(int(node.get("cx")) * sx)))
                    node.set("cy", str(int(int(node.get("cy")) * sy)))
        prs.slide_width, prs.slide_height = Emu(int(width_in * 914400)), Emu(int(height_in * 914400))
    return edit


GENERATED: Dict[str, Optional[Callable]] = {
    "pptx-default-4x3": None,
    "comparison-first": comparison_first,
    "german": lambda prs: (comparison_first(prs), rename("de")(prs)),
    "french": rename("fr"),
    "spanish": lambda prs: (comparison_first(prs), rename("es")(prs)),
    "dutch": rename("nl"),
    "no-title-and-content": delete_title_and_content,
    "16x10": scale_to(12.0, 7.5),
}


def generated(name: str, folder: Path) -> Path:
    """Write the generated template ``name`` into ``folder`` (cached) and return its path."""
    path = folder / f"{name}.pptx"
    if not path.is_file():
        prs = Presentation()
        edit = GENERATED[name]
        if edit is not None:
            edit(prs)
        folder.mkdir(parents=True, exist_ok=True)
        prs.save(str(path))
    return path


def libreoffice(name: str, folder: Path, profile: Path) -> Optional[Path]:
    """LibreOffice's template ``name`` (e.g. ``Midnightblue``) converted to .pptx, or None if unavailable."""
    target = folder / f"{name}.pptx"
    if target.is_file():
        return target
    source = LO_TEMPLATES / f"{name}.otp"
    if not source.is_file() or not shutil.which("soffice"):
        return None
    folder.mkdir(parents=True, exist_ok=True)
    odp = folder / f"{name}.odp"
    shutil.copyfile(source, odp)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pptx",
                    "--outdir", str(folder), str(odp)], check=True, capture_output=True, timeout=300)
    return target if target.is_file() else None


def libreoffice_names() -> List[str]:
    """Every LibreOffice presentation template installed."""
    return sorted(p.stem for p in LO_TEMPLATES.glob("*.otp"))
