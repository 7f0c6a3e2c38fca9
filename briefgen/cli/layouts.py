"""``briefgen layouts [list | show NAME | new NAME --from-pptx FILE | new NAME --from-docx FILE]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Optional

from ..errors import UsageError
from ..layout import builtin_layouts_dir, load_layout


def run(args: argparse.Namespace) -> int:
    """List, show or create layouts; the exit status."""
    if args.action == "new" and getattr(args, "from_docx", None) and not args.from_pptx and args.name:
        from ..docx_layout import new_layout_from_docx

        folder, found, made = new_layout_from_docx(args.name, args.from_docx, Path.cwd())
        print(f"wrote {folder}: the docx output uses {args.from_docx.name} as its template\n"
              f"  styles found in it: {', '.join(found) or 'none'}\n"
              f"  styles briefgen will make from the theme: {', '.join(made) or 'none'}", file=sys.stderr)
        return 0
    if args.action == "new":
        if not args.name or not args.from_pptx:
            raise UsageError("layouts new needs a NAME and --from-pptx FILE (or --from-docx FILE)")
        from ..pptx_import import new_layout_from_pptx

        folder = new_layout_from_pptx(args.name, args.from_pptx, Path.cwd())
        print(f"wrote {folder}: review theme.yaml and deck/layouts.yaml", file=sys.stderr)
        return 0
    return layouts_command(args.action, args.name)


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
        from ..render.deck import describe_template

        for name, placeholders in describe_template(template):
            print(f"  layout '{name}': {', '.join(placeholders) or 'no placeholders'}")
        from ..render.deck import explain_layouts

        for line in explain_layouts(layout):
            print(line)
    return 0
