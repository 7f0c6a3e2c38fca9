"""The smaller subcommands: ``new``, ``import``, ``clean`` and ``layouts``."""

from __future__ import annotations

import datetime
import re
import sys
from pathlib import Path
from typing import Optional

from .errors import UsageError
from .layout import builtin_layouts_dir, load_layout


def new_source(name: str, layout: Optional[str]) -> int:
    """Write ``sources/NAME.md`` from the commented template (never overwrites)."""
    stem = Path(name).stem if name.endswith(".md") else name
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9_-]*$", stem):
        raise UsageError(f"'{name}' is not a good file name: use letters, digits, - and _")
    target = Path("sources") / f"{stem}.md"
    if target.exists():
        raise UsageError(f"{target} already exists")
    template = (Path(__file__).parent / "source" / "new_template.md").read_text(encoding="utf-8")
    title = stem.replace("-", " ").replace("_", " ").strip().capitalize()
    text = template.replace("__TITLE__", title.replace("\\", "\\\\").replace('"', '\\"'))
    text = text.replace("__DATE__", datetime.date.today().isoformat()).replace("__STEM__", stem)
    if layout:
        if not re.match(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", layout):
            raise UsageError(f"'{layout}' is not a layout name")
        load_layout(layout, Path.cwd())
        text = re.sub(r"(?m)^#?\s*layout:.*$", f"layout: {layout}", text, count=1)
        if f"layout: {layout}" not in text:
            text = text.replace("\n---\n", f"\nlayout: {layout}\n---\n", 1)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)
    return 0


def import_command(document: Path, force: bool = False) -> int:
    """``briefgen import DRAFT.docx``: see :mod:`briefgen.importers`."""
    from .importers import import_document

    return import_document(document, force)


def clean(out: Path, dry_run: bool = False) -> int:
    """Remove what briefgen wrote into the output folder ``out`` (see :mod:`briefgen.cleaning`)."""
    from .cleaning import clean as clean_folder

    return clean_folder(out, dry_run)


def layouts_command(action: str, name: Optional[str]) -> int:
    """``briefgen layouts``: list the layouts found, or show what one resolves to."""
    if action == "list":
        seen = set()
        for root in (Path.cwd() / "layouts", builtin_layouts_dir()):
            if not root.is_dir():
                continue
            for folder in sorted(root.iterdir()):
                if (folder / "theme.yaml").is_file() and folder.name not in seen:
                    seen.add(folder.name)
                    print(f"{folder.name}\t{folder}")
        return 0
    if not name:
        raise UsageError("layouts show needs a layout NAME")
    layout = load_layout(name, Path.cwd())
    theme = layout.theme
    print(f"layout: {layout.name}")
    print(f"folders: {' -> '.join(str(p) for p in layout.chain)}")
    print(f"paper: {theme.paper}")
    print("colors:")
    for key, value in theme.colors.items():
        print(f"  {key}: {value}")
    print("fonts:")
    for role, face in theme.fonts.items():
        print(f"  {role}: {face.family} ({face.regular.parent})")
    if theme.fallback_fonts:
        print("fallback fonts (in order, for what the faces above lack):")
        for face in theme.fallback_fonts:
            print(f"  {face.key}: {face.family} ({face.regular.parent})")
    print("deck fonts: " + ", ".join(f"{role} {face}" for role, face in theme.deck_fonts.items()))
    print(f"logo: {theme.logo or 'none'}")
    print("files (a .yaml file merges over its parents'; any other, the first layout's is used):")
    owners: dict = {}
    for folder in layout.chain:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            rel = path.relative_to(folder).as_posix()
            if not rel.startswith(("deck/metrics/", "__pycache__")):
                owners.setdefault(rel, []).append(folder.name)
    for rel, names in owners.items():
        shown = " over ".join(names) if rel.endswith(".yaml") else names[0]
        print(f"  {rel}: {shown}")
    template = layout.find("deck/template.pptx")
    if template is not None:
        print(f"deck template: {template}")
        from .render.deck import describe_template

        for name, placeholders in describe_template(template):
            print(f"  layout '{name}': {', '.join(placeholders) or 'no placeholders'}")
        from .render.deck import explain_layouts

        for line in explain_layouts(layout):
            print(line)
    return 0
