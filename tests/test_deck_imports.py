"""The deck's dependencies run one way (issue 30, item 1).

The import graph of ``briefgen/render/deck`` and ``briefgen/render/ooxml`` is
read from the source with :mod:`ast` (nothing is imported): every ``import``,
at module level, inside functions and under ``TYPE_CHECKING`` alike, since a
lazy import hides a cycle rather than removing it. The graph must have no
cycle, no module may import a ``_private`` name from another module, and the
planning modules must not import python-pptx or lxml at all.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Dict, List, Set, Tuple

from conftest import ROOT

PACKAGES = ("briefgen/render/deck", "briefgen/render/ooxml")
#: The deck's pure side: the model, the settings and the planner (the writer side may use python-pptx).
PURE = ("model", "geometry", "config", "plan", "planbase", "visuals", "chartslides", "paginate", "fit", "text", "bullets",
        "footer", "ranking", "room")
DRAWING_LIBRARIES = ("pptx", "lxml")


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


def import_graph(root: Path, packages=PACKAGES) -> Tuple[Dict[str, Set[str]], List[str], Dict[str, Set[str]]]:
    """``(edges between the packages' modules, private names imported across modules, every module each imports)``."""
    files = {module_name(root, p): p for pkg in packages for p in sorted((root / pkg).rglob("*.py"))}
    edges: Dict[str, Set[str]] = {m: set() for m in files}
    private: List[str] = []
    imported: Dict[str, Set[str]] = {m: set() for m in files}
    for mod, path in files.items():
        for target, names in imports_of(root, path):
            imported[mod].add(target)
            for name in names:
                sub = f"{target}.{name}"
                if sub in files:  # "from . import model": the submodule
                    edges[mod].add(sub)
                    imported[mod].add(sub)
                    continue
                if name.startswith("_") and not name.startswith("__") and target != mod:
                    private.append(f"{mod} imports {target}.{name}")
            if target in files and target != mod:
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


def test_the_deck_imports_one_way_with_public_names_only() -> None:
    edges, private, _ = import_graph(ROOT)
    assert len(edges) > 20 and sum(len(e) for e in edges.values()) > 40, "the scan found too few modules or imports"
    assert not cycles(edges), "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles(edges))
    assert not private, "private names imported across modules:\n" + "\n".join(private)


def test_the_slide_model_imports_nothing_of_the_deck_but_its_geometry() -> None:
    edges, _, _ = import_graph(ROOT)
    assert edges["briefgen.render.deck.model"] == {"briefgen.render.deck.geometry"}
    assert edges["briefgen.render.deck.geometry"] == set()
    assert not any(m.startswith("briefgen.render.deck") for e in (edges["briefgen.render.ooxml." + n] for n in
                                                                   ("text", "color", "xpath_cache")) for m in e)


def test_planning_never_imports_a_drawing_library() -> None:
    _, _, imported = import_graph(ROOT)
    for name in PURE:
        libraries = {m for m in imported[f"briefgen.render.deck.{name}"] if m.split(".")[0] in DRAWING_LIBRARIES}
        assert not libraries, f"deck/{name}.py imports {libraries}"


def test_the_checker_finds_a_cycle_and_a_private_name(tmp_path: Path) -> None:
    # negative fixture: a two-module cycle through a lazy import, a private name, a pptx import in a pure module
    deck = tmp_path / "briefgen" / "render" / "deck"
    deck.mkdir(parents=True)
    (tmp_path / "briefgen" / "render" / "ooxml").mkdir()
    (deck / "__init__.py").write_text("", encoding="utf-8")
    (deck / "plan.py").write_text("from .writer import _add_runs\n", encoding="utf-8")
    (deck / "writer.py").write_text("def f():\n    from . import plan\n", encoding="utf-8")
    (deck / "model.py").write_text("import pptx.util\n", encoding="utf-8")
    edges, private, imported = import_graph(tmp_path)
    assert cycles(edges) == [["briefgen.render.deck.plan", "briefgen.render.deck.writer", "briefgen.render.deck.plan"]]
    assert private == ["briefgen.render.deck.plan imports briefgen.render.deck.writer._add_runs"]
    assert "pptx.util" in imported["briefgen.render.deck.model"]
