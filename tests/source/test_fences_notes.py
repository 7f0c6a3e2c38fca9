"""Unclosed ``:::`` divs and unpaired footnotes, through the real ``briefgen`` command (issue 21, item 3).

An unclosed div of any kind is an error at its opening line, from ``check`` as
from ``build``, with no output written; a footnote reference without a note,
and a note nobody references, are warnings at ``line:col`` with a did-you-mean
(``--strict``: errors), and the note's text is kept. The negative cases (closed
nested divs, ``:::`` in code, notes that pair up) must stay silent. The source
cases of the same rules are in ``tests/fixtures/corpus-extra/`` (run by
``tests/e2e/test_corpus.py``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support import make_project, no_traceback, pdftotext, run_briefgen

FRONT = """---
title: "Fences and notes"
date: "2026-04-01"
authors:
  - name: "A. Tester"
    bio: "Writes test briefs."
---

"""
BODY_LINE = FRONT.count("\n") + 1
"""The file line of the body's first line."""
DIAG = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): (?P<msg>.*)$", re.M)


def _project(tmp_path: Path, body: str, name: str = "brief") -> Path:
    project = make_project(tmp_path, [])
    (project / "sources" / f"{name}.md").write_text(FRONT + body, encoding="utf-8")
    return project


def _diags(stderr: str):
    return [(int(m["line"]), int(m["col"]), m["sev"], m["msg"]) for m in DIAG.finditer(stderr)]


UNCLOSED = {
    # name: (body, the 1-based body line of the opening fence, the kind shown)
    "slide": ("## A\n\n::: slide\n- bullet\n\nPara.\n", 3, "::: slide"),
    "slide with attributes": ("## A\n\n::: {.slide layout=\"Two Content\"}\n- bullet\n", 3, "::: slide"),
    "notes": ("## A\n\nText.\n\n::: notes\nSay it.\n\n## B\n\nSwallowed.\n", 5, "::: notes"),
    "chart": ("## A\n\n::: {.chart type=bar}\nTitle: T\nAlt: A.\n\n| Y | A |\n|---|---|\n| 1 | 2 |\n\n## B\n\nText.\n", 3, "::: chart"),
    "pullquote": ("## A\n\n::: pullquote\nQuoted.\n\nMore.\n", 3, "::: pullquote"),
    "four colons": ("## A\n\n:::: notes\nSay it.\n:::\n\nText.\n", 3, ":::: notes"),
    "inner, its closer taken by the outer": ("## A\n\n:::: notes\nSay.\n\n::: pullquote\nQ.\n::::\n\nText.\n", 6, "::: pullquote"),
    "outer, before a closed inner": ("## A\n\n::: slide\n- a\n\n::: {.chart type=bar}\nTitle: T\nAlt: A.\n\n| Y | A |\n|---|---|\n"
                                     "| 1 | 2 |\n:::\n\nText.\n", 3, "::: slide"),
    "in a block quote": ("## A\n\n> ::: pullquote\n> Quoted.\n\nAfter.\n", 3, "::: pullquote"),
}


@pytest.mark.parametrize("name", sorted(UNCLOSED))
def test_an_unclosed_div_is_an_error_at_its_opening_line(tmp_path, name):
    body, at, kind = UNCLOSED[name]
    project = _project(tmp_path, body)
    line = BODY_LINE + at - 1
    for command in (["check", "sources/brief.md"], ["build", "sources/brief.md", "--only", "memo"]):
        result = run_briefgen(command, project)
        no_traceback(result.stderr)
        assert result.returncode == 1, result.stderr
        errors = [d for d in _diags(result.stderr) if d[2] == "error"]
        assert len(errors) == 1, result.stderr
        assert errors[0][0] == line, result.stderr
        assert f"the `{kind}` opened at line {line} is never closed" in errors[0][3], result.stderr
    assert not (project / "build" / "brief").exists() or not any((project / "build" / "brief").iterdir())


def test_same_length_nesting_says_to_use_more_colons(tmp_path):
    project = _project(tmp_path, "## A\n\n::: notes\nSay.\n\n::: pullquote\nQ.\n:::\n:::\n\nText.\n")
    result = run_briefgen(["check", "sources/brief.md"], project)
    assert result.returncode == 1, result.stderr
    errors = [d for d in _diags(result.stderr) if d[2] == "error"]
    assert [e[0] for e in errors] == [BODY_LINE + 5], result.stderr
    assert "more colons" in errors[0][3] and "`:::: notes`" in errors[0][3]


CLOSED = {
    "nested with more colons": "## A\n\n:::: notes\nSay.\n\n::: pullquote\nQ.\n:::\n::::\n\nText.\n",
    "slide then chart": "## A\n\n::: slide\n- a\n:::\n\n::: {.chart type=bar}\nTitle: T\nAlt: A.\n\n| Y | A |\n|---|---|\n| 1 | 2 |\n:::\n",
    "in a block quote": "## A\n\n> ::: pullquote\n> Quoted.\n> :::\n\nAfter.\n",
    "fenced code": "## A\n\n```\n::: slide\n- never closed, but code\n```\n\nAfter.\n",
    "tilde code": "## A\n\n~~~~\n::: notes\n:::\n:::\n~~~~\n\nAfter.\n",
    "indented code": "## A\n\nText.\n\n    ::: notes\n    code\n\nAfter.\n",
    "code span": "## A\n\nWrite `::: slide` to start a slide.\n",
    "longer closer": "## A\n\n::: notes\nSay.\n::::::\n\nAfter.\n",
    "in list items": "## A\n\n- item\n\n  ::: pullquote\n  Q.\n  :::\n\n- ::: pullquote\n  In the item.\n  :::\n\nAfter.\n",
}


@pytest.mark.parametrize("name", sorted(CLOSED))
def test_closed_divs_and_code_stay_silent(tmp_path, name):
    project = _project(tmp_path, CLOSED[name])
    result = run_briefgen(["check", "sources/brief.md"], project)
    no_traceback(result.stderr)
    assert result.returncode == 0, result.stderr
    assert _diags(result.stderr) == [], result.stderr


def test_the_text_after_a_closed_div_and_code_reaches_the_memo(tmp_path):
    body = "## A\n\n:::: notes\nSay.\n\n::: pullquote\nQ.\n:::\n::::\n\n```\n::: slide\n```\n\nAfter the code.\n\n## B\n\nSecond section.\n"
    project = _project(tmp_path, body)
    result = run_briefgen(["build", "sources/brief.md", "--only", "memo"], project)
    assert result.returncode == 0, result.stderr
    text = pdftotext(project / "build" / "brief" / "memo.pdf")
    assert "After the code." in text and "Second section." in text and "::: slide" in text


def test_a_stray_closer_warns(tmp_path):
    project = _project(tmp_path, "## A\n\nText.\n\n:::\n\nAfter.\n")
    result = run_briefgen(["check", "sources/brief.md"], project)
    assert result.returncode == 0, result.stderr
    assert [(d[0], d[1], d[2]) for d in _diags(result.stderr)] == [(BODY_LINE + 4, 1, "warning")], result.stderr
    assert "closes no open block" in result.stderr


TYPO = "## Relief\n\nRelief matters.[^relief] Also.[^other]\n\n[^relif]: The relief note text.\n[^other]: The other note.\n"


def test_a_mistyped_note_label_warns_at_both_ends_and_keeps_the_note(tmp_path):
    project = _project(tmp_path, TYPO)
    result = run_briefgen(["build", "sources/brief.md", "--only", "memo,handout"], project)
    no_traceback(result.stderr)
    assert result.returncode == 0, result.stderr
    diags = _diags(result.stderr)
    assert [(d[0], d[1], d[2]) for d in diags] == [(BODY_LINE + 2, 16, "warning"), (BODY_LINE + 4, 1, "warning")], result.stderr
    assert "'[^relief]' has no note" in diags[0][3] and "did you mean '[^relif]'?" in diags[0][3]
    assert "'[^relif]' is never referenced" in diags[1][3] and "did you mean '[^relief]'?" in diags[1][3]
    memo = re.sub(r"\s+", " ", pdftotext(project / "build" / "brief" / "memo.pdf"))
    assert "Relief matters.[^relief]" in memo  # the reference as written
    assert "The relief note text." in memo and "The other note." in memo  # no note lost
    html = (project / "build" / "brief" / "handout.html").read_text(encoding="utf-8")
    assert "The relief note text." in html


def test_strict_makes_unpaired_notes_errors(tmp_path):
    project = _project(tmp_path, TYPO)
    for command in (["check", "--strict", "sources/brief.md"], ["build", "--strict", "sources/brief.md", "--only", "memo"]):
        result = run_briefgen(command, project)
        no_traceback(result.stderr)
        assert result.returncode == 1, result.stderr
    assert [d[2] for d in _diags(result.stderr)].count("error") == 2, result.stderr
    assert not (project / "build" / "brief" / "memo.pdf").exists()


def test_matching_notes_and_code_stay_silent(tmp_path):
    body = ("## Relief\n\nRelief matters.[^relief] Also.[^2] Code `[^nope]` stays.\n\n```\n[^alsonope]\n```\n\n"
            "[^relief]: The relief note.\n[^2]: The other note.\n")
    project = _project(tmp_path, body)
    result = run_briefgen(["check", "--strict", "sources/brief.md"], project)
    assert result.returncode == 0, result.stderr
    assert _diags(result.stderr) == [], result.stderr


def test_a_note_without_any_reference_is_kept(tmp_path):
    project = _project(tmp_path, "## A\n\nNo references here.\n\n[^lonely]: The lonely note.\n")
    result = run_briefgen(["build", "sources/brief.md", "--only", "memo"], project)
    assert result.returncode == 0, result.stderr
    diags = _diags(result.stderr)
    assert [(d[0], d[2]) for d in diags] == [(BODY_LINE + 4, "warning")] and "did you mean" not in diags[0][3], result.stderr
    assert "The lonely note." in pdftotext(project / "build" / "brief" / "memo.pdf")


def test_floods_are_counted_not_printed(tmp_path):
    body = "## A\n\n" + ":::\n\n" * 200 + "".join(f"Ref[^r{i}].\n\n" for i in range(120)) + "".join(f"[^n{i}]: N.\n\n" for i in range(90))
    project = _project(tmp_path, body)
    result = run_briefgen(["check", "sources/brief.md"], project)
    no_traceback(result.stderr)
    assert result.returncode == 0, result.stderr
    diags = _diags(result.stderr)
    assert len(diags) == 3 * 51, result.stderr
    for words in ("and 150 more ':::' lines", "and 70 more footnote references", "and 40 more notes never referenced"):
        assert words in result.stderr, result.stderr
