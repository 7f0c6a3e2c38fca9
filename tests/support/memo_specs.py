"""Documents as small JSON specs, for the memo's property tests and their kept fixtures.

A spec is a list of block dicts (``{"kind": "para", "text": "…"}``, ``quote``,
``pullquote``, ``list``, ``table``, ``figure``, ``heading``); :func:`build`
turns it into a model document, :func:`expected_words` lists every word the
memo must show, and :func:`missing_words` compares them with ``pdftotext``'s
output. Failing specs found by hypothesis are kept as JSON files under
``tests/fixtures/memo_progress/`` and replayed on every run.

:func:`render_in_child` renders a memo in a forked process and gives up after a
generous timeout: a hang fails the test instead of stalling the suite, and no
timing is asserted.
"""

from __future__ import annotations

import json
import multiprocessing
import re
import traceback
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

from briefgen import model as m
from tests.support import FIXTURES as ALL_FIXTURES
from tests.support.memo_fixtures import T, context, document, image, para, section

FIXTURES = ALL_FIXTURES / "memo_progress"
_WORD = re.compile(r"\S+")


def _para(text: str, line: int) -> m.Paragraph:
    return para(text, line=line)


def build(spec: Sequence[Dict[str, Any]], tmp: Path) -> m.Document:
    """The model document a spec describes (one section; images written to ``tmp``)."""
    blocks: List[m.Block] = []
    for i, b in enumerate(spec):
        line = 10 + i
        kind = b["kind"]
        if kind == "para":
            blocks.append(_para(b["text"], line))
        elif kind in ("quote", "pullquote"):
            inner = tuple(_para(t, line) for t in b["paras"])
            blocks.append(m.BlockQuote(inner, line) if kind == "quote" else m.PullQuote(inner, line))
        elif kind == "list":
            items = tuple(m.ListItem((_para(t, line),), line) for t in b["items"])
            blocks.append(m.ListBlock(items, bool(b.get("ordered")), 1, line))
        elif kind == "table":
            header = tuple(m.TableCell((T(t),)) for t in b["header"])
            rows = tuple(tuple(m.TableCell((T(t),)) for t in row) for row in b["rows"])
            caption = (T(b["caption"]),) if b.get("caption") else ()
            note = tuple(_para(t, line) for t in b.get("note", ()))
            blocks.append(m.Table(header, rows, tuple(b.get("aligns") or [None] * len(header)), line,
                                  caption=caption, note=note, number=1 if caption else 0))
        elif kind == "figure":
            img = image(tmp / f"fig{i}.png", int(b["w"]), int(b["h"]))
            blocks.append(m.Figure(img, "A chart", (T(b["caption"]),) if b.get("caption") else (), "", line))
        elif kind == "heading":
            blocks.append(m.SubHeading((T(b["text"]),), int(b.get("level", 3)), f"h-{i}", line))
        else:  # pragma: no cover - a broken fixture
            raise ValueError(f"unknown block kind {kind!r}")
    return document([section(1, blocks, "Section")], source_dir=tmp)


def expected_words(spec: Sequence[Dict[str, Any]]) -> List[str]:
    """Every word of the spec's text, in order (the memo must show each)."""
    texts: List[str] = []
    for b in spec:
        kind = b["kind"]
        if kind in ("para", "heading"):
            texts.append(b["text"])
        elif kind in ("quote", "pullquote"):
            texts.extend(b["paras"])
        elif kind == "list":
            texts.extend(b["items"])
        elif kind == "table":
            texts.append(b.get("caption", ""))
            texts.extend(b["header"])
            for row in b["rows"]:
                texts.extend(row)
            texts.extend(b.get("note", ()))
        elif kind == "figure" and b.get("caption"):
            texts.append(b["caption"])
    return [w for t in texts for w in _WORD.findall(t)]


def missing_words(expected: Sequence[str], pdf_text: str) -> List[str]:
    """The expected words ``pdf_text`` lacks.

    ``pdf_text`` should be ``pdftotext -raw`` output (content-stream order, so
    a table cell's lines stay together). A word hyphenated at a line end
    counts as present, and so does one broken without a hyphen (a long word in
    a narrow column, six letters or more): it is found in the text with its
    spaces removed.
    """
    tokens = _WORD.findall(pdf_text)
    squeezed = "".join(t[:-1] if t.endswith("-") else t for t in tokens)
    have = Counter(tokens)
    fragments = Counter(t[:-1] for t in tokens if t.endswith("-") and len(t) > 1)
    missing: List[str] = []
    for word in expected:
        if have[word] > 0:
            have[word] -= 1
            continue
        for cut in range(1, len(word)):
            head, tail = word[:cut], word[cut:]
            if fragments[head] > 0 and have[tail] > 0:
                fragments[head] -= 1
                have[tail] -= 1
                break
        else:
            if len(word) < 6 or word not in squeezed:
                missing.append(word)
    return missing


def _child(doc: m.Document, out: str) -> None:  # pragma: no cover - runs in the child
    from briefgen.render import memo

    try:
        data = memo.render(context(doc))
    except Exception as exc:  # reported to the parent
        Path(out + ".err").write_text(f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}", encoding="utf-8")
        raise SystemExit(3) from exc
    Path(out).write_bytes(data)


def render_in_child(doc: m.Document, out: Path, timeout: float = 60.0) -> Optional[str]:
    """Render the memo of ``doc`` to ``out`` in a forked process; a problem as text, or None."""
    import briefgen.render.memo  # noqa: F401  (imported before the fork: the child starts warm)

    proc = multiprocessing.get_context("fork").Process(target=_child, args=(doc, str(out)))
    proc.start()
    proc.join(timeout)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return f"the memo did not finish within {timeout:.0f} s (a layout loop)"
    err = Path(str(out) + ".err")
    if err.exists():
        return err.read_text(encoding="utf-8")
    if proc.exitcode != 0 or not out.exists():
        return f"the renderer exited with status {proc.exitcode}"
    return None


def load_fixtures() -> List[Path]:
    """The kept specs (each once failed, or reproduces a reported bug)."""
    return sorted(FIXTURES.glob("*.json"))


def save_fixture(name: str, spec: Sequence[Dict[str, Any]]) -> Path:
    """Keep a failing spec as a fixture file (for a human to commit)."""
    FIXTURES.mkdir(parents=True, exist_ok=True)
    path = FIXTURES / f"{name}.json"
    path.write_text(json.dumps(list(spec), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
