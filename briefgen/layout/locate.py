"""Where a key of a layout's YAML file is set: one helper for every located layout error.

Layout data is merged along the chain (child first wins), so a bad value is
reported in the nearest file that sets it, at its line and column. The typed
readers of ``theme.yaml``, ``memo.yaml`` (:mod:`briefgen.render.pdfkit.config`)
and ``deck/layouts.yaml`` (:mod:`briefgen.render.deck.config`) all ask here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional, Sequence, Tuple

Location = Tuple[str, Optional[int], Optional[int]]


def locate_key(files: Iterable[Path], keys: Sequence[str], at_key: bool = False) -> Optional[Location]:
    """``(file, line, column)`` of the value at ``keys`` (``at_key``: of the key itself) in the first of
    ``files`` that sets it, or ``None`` when none does (an unreadable or broken file is passed over)."""
    from .. import yamlsafe

    for path in files:
        try:
            node = yamlsafe.load(path.read_text(encoding="utf-8"), str(path), fast=True)
        except (OSError, UnicodeDecodeError, yamlsafe.YamlProblem):
            continue
        parent = None
        for key in keys:
            parent = node if isinstance(node, yamlsafe.YMap) else None
            node = parent.items.get(key) if parent is not None else None
        if node is None or parent is None:
            continue
        if at_key:
            return str(path), parent.key_lines.get(keys[-1]), parent.key_cols.get(keys[-1])
        return str(path), node.line, node.col
    return None
