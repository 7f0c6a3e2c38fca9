"""The deck's dependencies run one way (issue 30, item 1).

The import graph of ``briefgen/render/deck`` and ``briefgen/render/ooxml`` is
read from the source with :mod:`ast` (nothing is imported): every ``import``,
at module level, inside functions and under ``TYPE_CHECKING`` alike, since a
lazy import hides a cycle rather than removing it. The graph must have no
cycle, no module may import a ``_private`` name from another module, and the
planning modules must not import python-pptx or lxml at all.
"""

from __future__ import annotations

from pathlib import Path

from tests.support import ROOT
from tests.house.test_imports import cycles, import_graph

PACKAGES = ("briefgen/render/deck", "briefgen/render/ooxml")
#: The deck's pure side: the model, the settings and the planner (the writer side may use python-pptx).
PURE = ("model", "geometry", "config", "plan", "planbase", "visuals", "chartslides", "paginate", "fit", "text", "bullets",
        "footer", "ranking", "room")
DRAWING_LIBRARIES = ("pptx", "lxml")


def test_the_deck_imports_one_way_with_public_names_only() -> None:
    edges, private, _ = import_graph(ROOT, PACKAGES)
    assert len(edges) > 20 and sum(len(e) for e in edges.values()) > 40, "the scan found too few modules or imports"
    assert not cycles(edges), "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles(edges))
    assert not private, "private names imported across modules:\n" + "\n".join(private)


def test_the_slide_model_imports_nothing_of_the_deck_but_its_geometry() -> None:
    edges, _, _ = import_graph(ROOT, PACKAGES)
    assert edges["briefgen.render.deck.model"] == {"briefgen.render.deck.geometry"}
    assert edges["briefgen.render.deck.geometry"] == set()
    assert not any(m.startswith("briefgen.render.deck") for e in (edges["briefgen.render.ooxml." + n] for n in
                                                                   ("text", "color", "xpath_cache")) for m in e)


def test_planning_never_imports_a_drawing_library() -> None:
    _, _, imported = import_graph(ROOT, PACKAGES)
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
    edges, private, imported = import_graph(tmp_path, PACKAGES)
    assert cycles(edges) == [["briefgen.render.deck.plan", "briefgen.render.deck.writer", "briefgen.render.deck.plan"]]
    assert private == ["briefgen.render.deck.plan imports briefgen.render.deck.writer._add_runs"]
    assert "pptx.util" in imported["briefgen.render.deck.model"]
