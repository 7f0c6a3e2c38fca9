"""The import graph of all of ``briefgen/`` (issue 30): one way, public names only.

The graph is read from the source with :mod:`ast` (nothing is imported): every
``import``, at module level, inside functions and under ``TYPE_CHECKING`` alike,
since a lazy import hides a cycle rather than removing it. No cycle between
modules, and no module may import a ``_private`` name from another module. The
functions take any root and package list (the deck's own rules in
``test_deck_imports.py`` use them too).
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Dict, List, Sequence, Set, Tuple

from tests.support import ROOT

MAX_LINES = 400
#: Packages kept under ~400 lines a module (the others are being split by their own helpers).
SIZED = ("briefgen/build", "briefgen/cli", "briefgen/preview", "briefgen/layout")


def module_name(root: Path, path: Path) -> str:
    """``briefgen.render.deck.plan`` for ``root/briefgen/render/deck/plan.py`` (a package by its ``__init__``)."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(root: Path, path: Path) -> List[Tuple[str, Tuple[str, ...]]]:
    """``(module, names)`` for every import in ``path``, relative imports resolved; ``names`` empty for ``import x``."""
    name = module_name(root, path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out: List[Tuple[str, Tuple[str, ...]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.extend((alias.name, ()) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            out.append((target, tuple(alias.name for alias in node.names)))
    return out


def import_graph(root: Path, packages: Sequence[str] = ("briefgen",)) -> Tuple[Dict[str, Set[str]], List[str], Dict[str, Set[str]]]:
    """``(edges between the packages' modules, private names imported across modules, every module each imports)``."""
    files = {module_name(root, p): p for pkg in packages for p in sorted((root / pkg).rglob("*.py"))}
    edges: Dict[str, Set[str]] = {m: set() for m in files}
    private: List[str] = []
    imported: Dict[str, Set[str]] = {m: set() for m in files}
    for mod, path in files.items():
        for target, names in imports_of(root, path):
            imported[mod].add(target)
            only_submodules = bool(names)
            for name in names:
                sub = f"{target}.{name}"
                if sub in files:  # "from . import model": the submodule
                    edges[mod].add(sub)
                    imported[mod].add(sub)
                    continue
                only_submodules = False
                if name.startswith("_") and not name.startswith("__") and target != mod:
                    private.append(f"{mod} imports {target}.{name}")
            # A package's __init__ runs before any of its modules: "from . import sibling" needs the
            # sibling, not the package (an edge there would be a cycle that cannot bite).
            if target in files and target != mod and not only_submodules:
                edges[mod].add(target)
    return edges, private, imported


def cycles(edges: Dict[str, Set[str]]) -> List[List[str]]:
    """Every cycle found by a depth-first walk (each reported once, from where it was entered)."""
    found: List[List[str]] = []
    state: Dict[str, int] = {}  # 1: on the current path, 2: done
    path: List[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                found.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    return found


def test_briefgen_imports_one_way_with_public_names_only() -> None:
    edges, private, _ = import_graph(ROOT)
    assert len(edges) > 100 and sum(len(e) for e in edges.values()) > 200, "the scan found too few modules or imports"
    found = cycles(edges)
    assert not found, "import cycles:\n" + "\n".join(" -> ".join(c) for c in found)
    assert not private, "private names imported across modules:\n" + "\n".join(private)


def test_the_house_packages_keep_their_modules_small() -> None:
    long = [f"{p.relative_to(ROOT)}: {n} lines" for pkg in SIZED for p in sorted((ROOT / pkg).rglob("*.py"))
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES]
    assert not long, "modules over ~400 lines:\n" + "\n".join(long)


def test_the_checker_finds_a_cycle_across_packages_and_a_private_name(tmp_path: Path) -> None:
    # negative fixture: a cycle through a package's lazy import and ``from .. import x``, and a private name
    (tmp_path / "briefgen" / "build").mkdir(parents=True)
    (tmp_path / "briefgen" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "briefgen" / "build" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "briefgen" / "build" / "engine.py").write_text("from ..layout import _chain\n", encoding="utf-8")
    (tmp_path / "briefgen" / "layout.py").write_text("def f():\n    from .build import engine\n", encoding="utf-8")
    edges, private, _ = import_graph(tmp_path)
    assert cycles(edges) == [["briefgen.build.engine", "briefgen.layout", "briefgen.build.engine"]]
    assert private == ["briefgen.build.engine imports briefgen.layout._chain"]
