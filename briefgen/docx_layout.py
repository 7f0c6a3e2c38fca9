"""``briefgen layouts new ORG --from-docx TEMPLATE.docx``: start a layout from an organization's Word template.

The template is copied to ``layouts/ORG/docx/reference.docx`` (a ``.dotx``
keeps its suffix), where the docx output uses it as pandoc uses a
``--reference-doc``. ``theme.yaml`` (``extends: default``) takes the
template's colours where its styles set them (*Heading 1* for ``primary``,
*Normal* for ``text``, *Hyperlink* for ``link``), so the memo, handout and
deck start close to the Word look. The command reports which of the styles
the docx uses the template defines and which briefgen will make from the theme.
"""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path
from typing import List, Tuple

from .errors import BriefgenError, LayoutError, UsageError, error

log = logging.getLogger(__name__)


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def new_layout_from_docx(name: str, template: Path, project: Path) -> Tuple[Path, List[str], List[str]]:
    """Write ``layouts/NAME/`` from a Word template; the folder, the styles found and the styles to make."""
    from .render.docx import open_base
    from .render.docx.styles import SPECS, StyleBook

    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", name):
        raise UsageError(f"'{name}' is not a layout name: use letters, digits, '.', '-' and '_'")
    if not template.is_file():
        raise UsageError(f"no such file: {template}")
    suffix = template.suffix.lower()
    if suffix not in (".docx", ".dotx"):
        raise LayoutError([error(str(template), None, "not a Word document or template (.docx, .dotx): convert it first "
                                                      f"with `soffice --headless --convert-to docx {template}`")])
    folder = project / "layouts" / name
    if folder.exists():
        raise UsageError(f"{folder} already exists")
    try:
        document = open_base(template)
    except BriefgenError as exc:
        raise LayoutError(list(exc.diagnostics)) from None
    book = StyleBook(document, None, restyle=False)
    wanted = [n for n, spec in SPECS.items() if spec.kind != "table" or n == "Brief Table"]
    found = [n for n in wanted if book.has(n)]
    made = [n for n in wanted if not book.has(n)]
    colors = {"primary": book.color_of("Heading 1"), "text": book.color_of("Normal"), "link": book.color_of("Hyperlink")}
    lines = [f"# Made by `briefgen layouts new {name} --from-docx {template.name}`: the docx output uses",
             "# docx/reference" + suffix + " as it is; review the colors below (read from its styles),",
             "# then choose the memo's and handout's fonts (fonts:) and a logo (logo:).",
             "extends: default", f"name: {_yaml_str(name)}", ""]
    picked = {k: v for k, v in colors.items() if v}
    if picked:
        lines += ["colors:"] + [f"  {key}: {_yaml_str(value)}" for key, value in picked.items()] + [""]
    (folder / "docx").mkdir(parents=True)
    (folder / "theme.yaml").write_text("\n".join(lines), encoding="utf-8")
    shutil.copyfile(template, folder / "docx" / ("reference" + suffix))
    log.info("layout %s from %s: %d styles found, %d to make", name, template, len(found), len(made))
    return folder, found, made
