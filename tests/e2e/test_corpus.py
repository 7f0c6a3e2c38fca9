"""Every hostile or awkward source in ``../shared/corpus`` through the real ``briefgen build``.

``cases.toml`` says what each case must get. Besides the case's own checks,
every case must: print no traceback; exit 1 exactly when an error is reported,
naming the file and a line; leave no temporary file and no partial output; and
leave the outputs of an earlier good build byte-identical when it fails.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import time
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.support import CORPUS, FIXTURES, make_project, no_traceback, pdftotext, run_briefgen, temp_files
from tests.support.glyphs import glyph_problems

EXTRA = FIXTURES / "corpus-extra"
"""Source cases kept with the project (same format as the shared corpus, assets from it)."""


def _cases(folder: Path) -> dict:
    listing = folder / "cases.toml"
    if not listing.is_file():
        return {}
    return {name: (folder, case) for name, case in tomllib.loads(listing.read_text(encoding="utf-8"))["case"].items()}


FOLDERS = {**_cases(CORPUS), **_cases(EXTRA)}
CASES = {name: case for name, (_folder, case) in FOLDERS.items()}
OUTPUT_FILES = ("memo.pdf", "handout.html", "handout.pdf", "deck.pptx", "onepager.pdf")
SKIPPABLE = {"onepager.pdf"}
"""In the default set, but a brief with nothing to put on it gets a located warning and no file instead."""
DIAG = re.compile(r"^(?P<path>[^\n:]+\.md):(?P<line>\d+)(?::\d+)?: (?P<sev>error|warning): ", re.M)


@pytest.fixture(scope="module")
def baseline_build(tmp_path_factory) -> Path:
    """A good build of the baseline case, copied under each case's name before the case runs."""
    project = make_project(tmp_path_factory.mktemp("baseline"), [CORPUS / "00_valid_baseline.md"], CORPUS / "assets")
    result = run_briefgen(["build"], project)
    assert result.returncode == 0, result.stderr
    return project / "build" / "00_valid_baseline"


def _hashes(folder: Path) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.name in OUTPUT_FILES}


def _all_output_text(folder: Path) -> str:
    """Everything an output holds, as text: PDF streams decompressed, the deck unzipped."""
    from pypdf import PdfReader

    parts = []
    for path in folder.iterdir():
        if path.suffix == ".html":
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
        elif path.suffix == ".pdf":
            reader = PdfReader(str(path))
            for page in reader.pages:
                parts.append(page.extract_text() or "")
                contents = page.get_contents()
                if contents is not None:
                    parts.append(contents.get_data().decode("latin-1"))
            parts.append(path.read_bytes().decode("latin-1"))
        elif path.suffix == ".pptx":
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    parts.append(archive.read(name).decode("utf-8", errors="replace"))
    return "\n".join(parts)


def _links(folder: Path) -> list:
    """Every link target in every output."""
    from pypdf import PdfReader

    links = []
    html = (folder / "handout.html").read_text(encoding="utf-8")
    links += re.findall(r'\bhref="([^"]*)"', html)
    links += re.findall(r'\bsrc="((?!data:)[^"]*)"', html)
    for pdf in ("memo.pdf", "handout.pdf"):
        for page in PdfReader(str(folder / pdf)).pages:
            for annot in page.get("/Annots") or []:
                action = annot.get_object().get("/A")
                if action is not None and "/URI" in action:
                    links.append(str(action["/URI"]))
    with zipfile.ZipFile(folder / "deck.pptx") as archive:
        for name in archive.namelist():
            if name.endswith(".rels"):
                text = archive.read(name).decode("utf-8")
                links += re.findall(r'Target="([^"]*)"[^>]*TargetMode="External"', text)
    return links


@pytest.mark.parametrize("name", sorted(CASES), ids=sorted(CASES))
def test_corpus_case(name: str, tmp_path: Path, baseline_build: Path) -> None:
    case = CASES[name]
    expect = case["expect"]
    folder = FOLDERS[name][0]
    project = make_project(tmp_path, [folder / f"{name}.md"], CORPUS / "assets")
    out = project / "build" / name
    shutil.copytree(baseline_build, out)
    bookkeeping = project / "build" / ".briefgen"  # the planted build's manifest, as a real earlier build leaves it
    bookkeeping.mkdir(parents=True)
    shutil.copyfile(baseline_build.parent / ".briefgen" / "00_valid_baseline.json", bookkeeping / f"{name}.json")
    before = _hashes(out)
    canary = case.get("canary")
    if canary:
        Path(canary).unlink(missing_ok=True)

    started = time.monotonic()
    result = run_briefgen(["build", "-j", "2"], project, timeout=case.get("max_seconds", 30) * 4)
    elapsed = time.monotonic() - started
    stderr = result.stderr
    no_traceback(stderr)
    diags = [(m["path"], int(m["line"]), m["sev"]) for m in DIAG.finditer(stderr)]
    errors = [d for d in diags if d[2] == "error"]
    warnings = [d for d in diags if d[2] == "warning"]

    # exit 1 exactly when an error is reported, and every error names this file and a line
    assert (result.returncode == 1) == bool(errors), stderr
    assert result.returncode in (0, 1), stderr
    for path, _line, _sev in diags:
        assert path.endswith(f"{name}.md"), stderr
    outcome = "error" if errors else ("warning" if warnings else "ok")
    # ok: every output builds with exit 0 (a warning may be said, e.g. for U+FFFD no font draws)
    allowed = {"ok": {"ok", "warning"}, "error": {"error"}, "warning": {"warning"}, "error-or-warning": {"error", "warning"}, "error-or-ok": {"error", "ok", "warning"}}[expect]
    assert outcome in allowed, f"expected {expect}, got {outcome}:\n{stderr}"

    if "line" in case or "lines" in case:
        low, high = (case["line"], case["line"]) if "line" in case else case["lines"]
        named = errors or warnings
        assert named, stderr
        assert low <= named[0][1] <= high, f"first diagnostic names line {named[0][1]}, expected {low}..{high}:\n{stderr}"
    for word in case.get("mentions", []):
        assert word in stderr, stderr
    assert elapsed <= case.get("max_seconds", 30) * 2, f"{elapsed:.1f} s"  # generous: CI machines vary

    assert not temp_files(project / "build"), "temporary files left behind"
    if canary:
        assert not Path(canary).exists(), "the source ran code"

    if result.returncode != 0:
        assert _hashes(out) == before, "a failed build changed earlier outputs"
        return
    for filename in OUTPUT_FILES:
        if filename in SKIPPABLE and f"skipped: build/{name}/{filename}" in stderr:
            # no file (not even the planted build's, which would claim to be current), and a located warning
            assert not (out / filename).exists(), f"{filename} skipped but left:\n{stderr}"
            assert re.search(rf"sources/{re.escape(name)}\.md:\d+:\d+: warning: the one-pager has nothing to show.*"
                             rf"{re.escape(filename)} was not made", stderr), stderr
            continue
        assert (out / filename).is_file(), f"{filename} missing:\n{stderr}"
        # the baseline case is the planted build itself: up to date is right there
        status = "up to date" if name == "00_valid_baseline" else "built"
        assert f"{status}: build/{name}/{filename}" in stderr, f"{filename}:\n{stderr}"

    html = (out / "handout.html").read_text(encoding="utf-8")
    tags = re.findall(r"<[A-Za-z][^>]*>", html)
    assert not [t for t in tags if re.match(r"<(script|iframe|object|embed)\b", t, re.I)], "active element in the handout"
    assert not [t for t in tags if re.search(r"\son[a-z]+\s*=", t, re.I)], "event handler in the handout"
    assert not [t for t in tags if re.search(r"(href|src)\s*=\s*[\"']?\s*(javascript|vbscript|data:text)", t, re.I)]
    for text in case.get("handout_contains", []):
        assert text in _html_text(html), f"handout lacks {text!r}"
    for text in case.get("handout_lacks", []):
        assert text not in html, f"handout holds {text!r}"
    if case.get("memo_contains"):
        memo = pdftotext(out / "memo.pdf")
        flat = re.sub(r"\s+", " ", memo)
        for text in case["memo_contains"]:
            assert text in memo or text in flat, f"memo lacks {text!r}"
    blob = None
    for text in case.get("outputs_lack", []):
        blob = blob or _all_output_text(out)
        assert text not in blob, f"an output holds {text!r}"
    for pdf in ("memo.pdf", "handout.pdf", "onepager.pdf"):
        if not (out / pdf).exists():
            continue  # a skipped one-pager (checked above)
        data = (out / pdf).read_bytes()
        assert b"/EmbeddedFiles" not in data and b"/FileAttachment" not in data, f"{pdf} carries files"
    if case.get("links_only"):
        for link in _links(out):
            assert link.startswith(tuple(case["links_only"])), f"unsafe link {link!r}"
    if case.get("warn_or_glyphs"):
        # every character drawn by a face (the fallback faces embedded), or named in a warning
        problems = glyph_problems(folder / f"{name}.md", stderr, out)
        assert not problems, "\n".join(problems) + "\n" + stderr


def _html_text(html: str) -> str:
    import html as htmllib

    return htmllib.unescape(re.sub(r"<[^>]+>", "", html))
