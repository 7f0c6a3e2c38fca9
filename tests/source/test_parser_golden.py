"""Golden parser fixtures, in the markdown-it-py manner: Markdown in, the expected model out.

Each ``tests/fixtures/parser/NAME.md`` is a whole source (front matter and body);
``NAME.json`` beside it is the :class:`~briefgen.model.Document` it parses into,
serialised deterministically (every dataclass as ``{"type": ClassName, field: value}``,
keys sorted, source lines and front matter positions kept, paths relative to the
fixture folder), with the warnings (or, for a source that fails, the errors) as
``path:line:col: severity: message`` lines. Assets the fixtures read (an image, a
CSV) live in ``tests/fixtures/parser/assets/``.

To add a case: write ``NAME.md``, run with ``BRIEFGEN_UPDATE_GOLDEN=1``, read the new
``NAME.json`` carefully (it is the specification from then on) and commit both::

    BRIEFGEN_UPDATE_GOLDEN=1 PYTHONPATH=$PWD .venv/bin/python -m pytest -q tests/source/test_parser_golden.py

The same command regenerates every ``.json`` after an intended change of the model
or the parser; ``git diff tests/fixtures/parser`` then shows exactly what changed.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

import pytest

from briefgen.errors import SourceError
from briefgen.source import load_source

from tests.support import FIXTURES as ALL_FIXTURES

FIXTURES = ALL_FIXTURES / "parser"
UPDATE = os.environ.get("BRIEFGEN_UPDATE_GOLDEN") == "1"
CASES = sorted(p.stem for p in FIXTURES.glob("*.md"))
_DROPPED = {"source_dir", "source_sha256", "sha256"}


def serialise(value: Any, base: Path) -> Any:
    """``value`` as plain JSON data (see the module docstring)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {"type": type(value).__name__}
        for f in dataclasses.fields(value):
            if f.name in _DROPPED:
                continue
            out[f.name] = serialise(getattr(value, f.name), base)
        return out
    if isinstance(value, Path):
        try:
            return value.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            return value.name
    if isinstance(value, (tuple, list)):
        return [serialise(v, base) for v in value]
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(k): serialise(v, base) for k, v in sorted(value.items())}
    return value


def parse_case(name: str) -> dict:
    """The model (or the errors) the fixture ``name`` parses into, as JSON data."""
    source = FIXTURES / f"{name}.md"
    cwd = os.getcwd()
    os.chdir(FIXTURES)  # messages name the source relative to the working folder
    try:
        result = load_source(Path(source.name), epoch=1700000000)
    except SourceError as exc:
        return {"errors": [str(d) for d in exc.diagnostics]}
    finally:
        os.chdir(cwd)
    return {"document": serialise(result.doc, FIXTURES), "warnings": [str(d) for d in result.diagnostics]}


def dump(data: dict) -> str:
    """The fixture's JSON text: sorted keys, two-space indent, one trailing newline."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_there_are_enough_cases():
    assert len(CASES) >= 30


@pytest.mark.parametrize("name", CASES)
def test_parser_golden(name):
    actual = dump(parse_case(name))
    expected_path = FIXTURES / f"{name}.json"
    if UPDATE:
        expected_path.write_text(actual, encoding="utf-8")
        return
    assert expected_path.exists(), f"no {expected_path.name}: run with BRIEFGEN_UPDATE_GOLDEN=1 to write it"
    assert actual == expected_path.read_text(encoding="utf-8")


def test_the_fixtures_cover_every_block_and_inline_kind():
    """Every kind in the model (found by introspection) appears in some fixture's expected model."""
    from briefgen import model as m

    seen = set()
    for path in FIXTURES.glob("*.json"):
        seen.update(_types(json.loads(path.read_text(encoding="utf-8"))))
    kinds = [k.__name__ for k in m.BLOCK_KINDS + m.INLINE_KINDS]
    assert [k for k in kinds if k not in seen] == []


def test_a_changed_model_fails_the_golden_check():
    """The negative: a fixture whose expected model differs by one character is caught."""
    name = CASES[0]
    expected = (FIXTURES / f"{name}.json").read_text(encoding="utf-8")
    tampered = expected.replace('"line": ', '"line": 1', 1)
    assert tampered != expected and dump(parse_case(name)) != tampered


def _types(data: Any):
    if isinstance(data, dict):
        if "type" in data:
            yield data["type"]
        for v in data.values():
            yield from _types(v)
    elif isinstance(data, list):
        for v in data:
            yield from _types(v)
