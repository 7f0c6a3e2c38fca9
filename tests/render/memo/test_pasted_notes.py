"""A pasted notes list (a final ``## Notes`` holding one numbered list) is read as the endnotes.

Through the real command: the warning at the heading, the memo's notes set in
the note style (smaller than body text, the number in its own column), the
Word file keeping every note's text, the layout's ``notes.pasted_list:
section`` keeping the section as written (and no warning), a bad value located
in the layout's theme.yaml, and look-alikes that are not pasted notes.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.support import no_traceback, run_briefgen

FRONT = "---\ntitle: Pasted notes\ndate: 2026-01-05\nauthors:\n  - name: A. Writer\n---\n\n"
BODY = "## Background\n\nThe agency spends money.231 Some more text here to make a paragraph.\n\n"
NOTES = "## Notes\n\n" + "".join(f"{n}. Note {n} text, see https://example.org/a/very/long/path/{n}.\n" for n in range(1, 13))


def _project(tmp_path: Path, text: str, theme: str = "") -> Path:
    (tmp_path / "sources").mkdir(parents=True, exist_ok=True)
    (tmp_path / "sources" / "brief.md").write_text(text, encoding="utf-8")
    if theme:
        layout = tmp_path / "layouts" / "mine"
        layout.mkdir(parents=True)
        (layout / "theme.yaml").write_text("extends: default\n" + theme, encoding="utf-8")
    return tmp_path


def _build(project: Path, *extra: str) -> tuple:
    result = run_briefgen(["build", "--only", "memo,docx", "sources/brief.md", *extra], project)
    no_traceback(result.stderr)
    return result, project / "build" / "brief"


def test_pasted_list_becomes_endnotes_with_a_located_warning(tmp_path):
    import pdfplumber

    result, out = _build(_project(tmp_path, FRONT + BODY + NOTES))
    assert result.returncode == 0, result.stderr
    heading_line = (FRONT + BODY).count("\n") + 1
    assert f"brief.md:{heading_line}:1: warning: the final section 'Notes' holds one numbered list (12 items)" in result.stderr
    with pdfplumber.open(out / "memo.pdf") as pdf:
        words = [w for page in pdf.pages for w in page.extract_words(extra_attrs=["size"])]
    body = [w for w in words if w["text"] == "agency"]
    note = [w for w in words if w["text"] == "Note"]
    assert body and len(note) == 12
    assert all(w["size"] < body[0]["size"] - 0.5 for w in note), "notes not in the smaller note style"
    numbers = [w for w in words if w["text"] == "12."]
    assert numbers and numbers[0]["x1"] < note[-1]["x0"], "the number is not in its own column"
    with zipfile.ZipFile(out / "brief.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "Note 12 text" in xml and "Note 1 text" in xml, "the Word file lost the notes"


def test_layout_switch_keeps_the_section_as_written(tmp_path):
    project = _project(tmp_path, FRONT + BODY + NOTES, "notes:\n  pasted_list: section\n")
    result, out = _build(project, "--layout", "mine")
    assert result.returncode == 0, result.stderr
    assert "holds one numbered list" not in result.stderr
    import pdfplumber

    with pdfplumber.open(out / "memo.pdf") as pdf:
        words = [w for page in pdf.pages for w in page.extract_words(extra_attrs=["size"])]
    body = [w for w in words if w["text"] == "agency"]
    note = [w for w in words if w["text"].endswith("Note")]  # "10.Note": the body list's narrow number column
    assert len(note) == 12 and all(abs(w["size"] - body[0]["size"]) < 0.01 for w in note), "the section was not kept"


def test_bad_switch_value_is_located_in_the_theme(tmp_path):
    project = _project(tmp_path, FRONT + BODY + NOTES, "notes:\n  pasted_list: maybe\n")
    result, _out = _build(project, "--layout", "mine")
    assert result.returncode == 1
    assert "theme.yaml:3:" in result.stderr and "notes.pasted_list must be endnotes or section" in result.stderr


@pytest.mark.parametrize("notes", [
    "## Notes\n\nThese are the notes.\n\n1. One.\n2. Two.\n",          # a paragraph besides the list
    "## Notes\n\n- One.\n- Two.\n",                                      # not numbered
    "## Further notes\n\n1. One.\n2. Two.\n",                            # another title
    "## Notes\n\n1. One.\n2. Two.\n\n## Appendix\n\nText.\n",            # not the final section
], ids=["paragraph", "bullets", "title", "not-last"])
def test_look_alikes_stay_sections(tmp_path, notes):
    result, _out = _build(_project(tmp_path, FRONT + BODY + notes), "--only", "memo")
    assert result.returncode == 0, result.stderr
    assert "holds one numbered list" not in result.stderr


def test_real_notes_win_over_a_pasted_list(tmp_path):
    text = FRONT + "## Background\n\nText.[^a]\n\n[^a]: A real note.\n\n" + NOTES
    result, _out = _build(_project(tmp_path, text), "--only", "memo")
    assert result.returncode == 0, result.stderr
    assert "holds one numbered list" not in result.stderr
