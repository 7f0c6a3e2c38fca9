"""``briefgen new NAME``: write ``sources/NAME.md`` from the commented template."""

from __future__ import annotations

import argparse
import datetime
import re
import sys
from pathlib import Path
from typing import Optional

from ..errors import UsageError
from ..layout import load_layout


def run(args: argparse.Namespace) -> int:
    """Write the new source ``args.name``; the exit status."""
    return new_source(args.name, args.layout)


def new_source(name: str, layout: Optional[str]) -> int:
    """Write ``sources/NAME.md`` from the commented template (never overwrites)."""
    stem = Path(name).stem if name.endswith(".md") else name
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9_-]*$", stem):
        raise UsageError(f"'{name}' is not a good file name: use letters, digits, - and _")
    target = Path("sources") / f"{stem}.md"
    if target.exists():
        raise UsageError(f"{target} already exists")
    template = (Path(__file__).parent.parent / "source" / "new_template.md").read_text(encoding="utf-8")
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
