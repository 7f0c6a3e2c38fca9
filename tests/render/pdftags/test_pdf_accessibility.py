"""Tagged PDFs read back by three independent accessibility checkers, with negative fixtures.

The checkers (PyPI): ``pdfua`` (PDF/UA-1's machine-checkable subset, on
pikepdf), ``page-validation`` (module ``page``, its ``ua1`` profile of 104
rules, fonts included) and ``outloud`` (Matterhorn/WCAG plus semantic checks
such as reading order and running content). Each negative fixture breaks one
promise and must fail at least one checker, so a pass cannot be vacuous.

Covered: the handout PDF (WeasyPrint's tags, with the running heads and page
numbers made pagination artifacts by ``briefgen.render.handout.finish``) and the
memo PDF (ReportLab, tagged by ``briefgen.render.pdftags``): the essay on both
layouts, the shared real reports, and ``tagged.md`` (tests/support/tagged_fixtures.py),
a brief with every block a reader meets. The memo's tree is read back in
tests/render/memo/test_memo_tags.py.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Dict, List

import pytest

from tests.support import ROOT, make_project, run_briefgen

pikepdf = pytest.importorskip("pikepdf")

REAL = ROOT.parent / "shared" / "real"
FALSE_POSITIVES = {
    # outloud's TAG-002 ("prose marked /Artifact") exempts a line as page furniture only when it
    # recurs on max(2, n) pages of an n-page document of five pages or fewer (3 pages from six
    # on): a running head printed on every page but the first, which has the masthead instead,
    # never qualifies in a 2-5 page brief. That is outloud's heuristic, not a tagging fault (the
    # head is /Artifact /Pagination /Header, as PDF/UA asks, and repeats the H1 the tree reads);
    # it is not fixable short of printing the head on page 1 too. Also allowed: a pull quote,
    # which repeats body text word for word and is an artifact so it is not read twice.
    # Allowed only when every line outloud quotes is the running head or a pull quote's text.
    "TAG-002": "running head or pull quote",
}


def pdfua(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pdfua", "check", str(path)], capture_output=True, text=True, timeout=300)


def page_failures(path: Path) -> List[str]:
    """page-validation's ua1 failures, one line each (empty when compliant)."""
    import page

    report = page.validate_pdf(str(path), profile="ua1")
    if report.is_compliant and not report.failures:
        return []
    return [str(f) for f in report.failures] or [str(report)]


def outloud(path: Path, tmp: Path) -> List[Dict]:
    """outloud's findings (errors and warnings), from its JSON report."""
    report = tmp / f"{path.stem}-outloud.json"
    subprocess.run([str(Path(sys.executable).parent / "outloud"), "--json", str(report), "--fail-on", "never", "-q", str(path)],
                   capture_output=True, text=True, timeout=600, check=True)
    data = json.loads(report.read_text(encoding="utf-8"))
    found: List[Dict] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "rule" in item and item.get("severity") in ("error", "warning") and "message" in item:
                found.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def unowned_mcids(data: bytes) -> List[tuple]:
    """(page, MCID) painted as content whose structure element the tree does not reach."""
    from briefgen.render.handout.finish import _parent_tree, _reachable

    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root.StructTreeRoot
        reachable = _reachable(root)
        parents = _parent_tree(root.get("/ParentTree"))
        bad = []
        for number, page in enumerate(pdf.pages):
            owners = parents.get(int(page.obj.get("/StructParents", -1)), [])
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "BDC" and len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                    mcid = int(operands[1].MCID)
                    owner = owners[mcid] if mcid < len(owners) else None
                    if not isinstance(owner, pikepdf.Dictionary) or owner.objgen not in reachable:
                        bad.append((number + 1, mcid))
        return bad


@pytest.fixture(scope="module")
def handouts(tmp_path_factory) -> Dict[str, Path]:
    """handout.pdf of the essay on both layouts and of a real report nobody here wrote."""
    found: Dict[str, Path] = {}
    work = tmp_path_factory.mktemp("a11y")
    essay = make_project(work / "essay")
    for layout in ("default", "example-org"):
        shutil.copytree(ROOT / "layouts" / "example-org", essay / "layouts" / "example-org", dirs_exist_ok=True)
        result = run_briefgen(["build", "--only", "handout-pdf", "--layout", layout, "--out", f"build-{layout}"], essay)
        assert result.returncode == 0, result.stderr
        found[f"essay-{layout}"] = essay / f"build-{layout}" / "essay" / "handout.pdf"
    # a draft: its stamps are @page boxes (artifacts) and one banner atop the page (content)
    result = run_briefgen(["build", "--only", "handout-pdf", "--draft", "--out", "build-draft"], essay)
    assert result.returncode == 0, result.stderr
    found["essay-draft"] = essay / "build-draft" / "essay" / "handout.pdf"
    reports = sorted(REAL.glob("crs-*.md"))
    if reports:
        project = make_project(work / "real", reports)
        result = run_briefgen(["build", "--only", "handout-pdf"], project)
        assert result.returncode == 0, result.stderr
        for report in reports:
            found[report.stem] = project / "build" / report.stem / "handout.pdf"
    return found


REPORTS = sorted(p.stem for p in REAL.glob("crs-*.md"))


@pytest.mark.parametrize("name", ["essay-default", "essay-example-org", "essay-draft"] + REPORTS)
def test_the_handout_pdf_passes_three_checkers(handouts: Dict[str, Path], name: str, tmp_path: Path) -> None:
    path = handouts[name]
    checked = pdfua(path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert page_failures(path) == []
    judged = judged_findings(path, tmp_path)
    assert judged == [], "\n".join(judged)


def _is_running_head(path: Path, finding: Dict, quotes: str = "") -> bool:
    """True when each line outloud's TAG-002 quotes is the running head or a pull quote's text."""
    evidence = str(finding.get("evidence") or "")
    with pikepdf.open(path) as pdf:
        title = str(pdf.docinfo.get("/Title", "")) if pdf.docinfo is not None else ""
    lines = [ln.strip().rstrip("…").strip() for ln in evidence.split("; ") if ln.strip()]
    said = " ".join(quotes.split())
    return bool(lines) and all((title and ln.startswith(title[:40])) or (said and ln in said) for ln in lines)


def judged_findings(path: Path, tmp: Path, quotes: str = "") -> List[str]:
    """outloud's findings less the judged false positives, one line each."""
    judged = []
    for finding in outloud(path, tmp):
        if finding["rule"] in FALSE_POSITIVES and _is_running_head(path, finding, quotes):
            continue
        judged.append(f"{finding['rule']} p.{finding.get('page')}: {finding['message']} {finding.get('evidence') or ''}")
    return judged


def pull_quote_text(source: Path) -> str:
    """The text of every pull quote in ``source`` (what may be an artifact)."""
    from briefgen import model as m
    from briefgen.source import load_source

    doc = load_source(source).doc
    return " ".join(m.blocks_text(b.blocks) for b in m.walk_blocks(m.all_body_blocks(doc)) if isinstance(b, m.PullQuote))


@pytest.fixture(scope="module")
def memos(tmp_path_factory) -> Dict[str, tuple]:
    """memo.pdf (and its source) of the essay on both layouts, tagged.md, and the real reports."""
    from tests.support.tagged_fixtures import tagged_source

    found: Dict[str, tuple] = {}
    work = tmp_path_factory.mktemp("a11y-memo")
    essay = make_project(work / "essay")
    shutil.copytree(ROOT / "layouts" / "example-org", essay / "layouts" / "example-org", dirs_exist_ok=True)
    tagged = tagged_source(essay)
    for layout in ("default", "example-org"):
        result = run_briefgen(["build", "--only", "memo", "--layout", layout, "--out", f"build-{layout}"], essay)
        assert result.returncode == 0, result.stderr
        found[f"essay-{layout}"] = (essay / f"build-{layout}" / "essay" / "memo.pdf", essay / "sources" / "essay.md")
        found[f"tagged-{layout}"] = (essay / f"build-{layout}" / "tagged" / "memo.pdf", tagged)
    reports = sorted(REAL.glob("crs-*.md"))
    if reports:
        project = make_project(work / "real", reports)
        result = run_briefgen(["build", "--only", "memo"], project)
        assert result.returncode == 0, result.stderr
        for report in reports:
            found[report.stem] = (project / "build" / report.stem / "memo.pdf", project / "sources" / report.name)
    return found


MEMOS = ["essay-default", "essay-example-org", "tagged-default", "tagged-example-org"] + REPORTS

CORPUS = ROOT.parent / "shared" / "corpus"
#: the corpus cases that build a memo, less the two size cases (5 MB, 400 KB: the same code, minutes of checking)
CORPUS_MEMOS = sorted(
    name for name, case in (tomllib.loads((CORPUS / "cases.toml").read_text(encoding="utf-8"))["case"].items()
                            if (CORPUS / "cases.toml").is_file() else [])
    if case.get("expect") in ("ok", "warning", "error-or-ok", "error-or-warning")
    and name not in ("30_body_5MB", "31_single_paragraph_400KB"))
#: corpus memos that fail a checker for reasons other than tagging (each must still fail: strict xfail)
CORPUS_KNOWN = {
    "35_headings_500": "page-validation stops with SafetyLimitError on the 501-entry outline's /Next chain "
                       "(depth > 256; the untagged memo of main does the same); outloud PAG-001 takes the "
                       "repeated heading text 'N Heading M' for a running head",
    "39_cjk_emoji_rtl": "glyphs no theme font has are drawn as .notdef (the build warns); page "
                        "PDFUA1-FONT-GLYPH-PRESENCE-001, outloud TXT-005",
    "47_html_entities": "U+FFFD (for invalid entities) is not in the body font: drawn as code 0 with no "
                        "Unicode mapping; page PDFUA1-FONT-UNICODE-MAPPING-001, outloud TXT-003",
}


@pytest.fixture(scope="module")
def corpus_memos(tmp_path_factory) -> Path:
    """The build folder of every corpus case in CORPUS_MEMOS (memo only; one build)."""
    project = make_project(tmp_path_factory.mktemp("a11y-corpus"), [CORPUS / f"{n}.md" for n in CORPUS_MEMOS],
                           assets=CORPUS / "assets" if (CORPUS / "assets").is_dir() else None)
    run_briefgen(["build", "--only", "memo"], project, timeout=900)  # some cases are errors by design
    return project / "build"


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.xfail(reason=CORPUS_KNOWN[n], strict=True))
                                  if n in CORPUS_KNOWN else n for n in CORPUS_MEMOS])
def test_corpus_memos_pass_three_checkers(corpus_memos: Path, name: str, tmp_path: Path) -> None:
    path = corpus_memos / name / "memo.pdf"
    if not path.is_file():
        pytest.skip("this case makes no memo (tests/e2e/test_corpus.py says whether that is right)")
    assert pdfua(path).returncode == 0
    try:
        failures = page_failures(path)
    except Exception as exc:  # page-validation's own safety limits
        failures = [f"page-validation stopped: {exc}"]
    assert failures == []
    assert judged_findings(path, tmp_path, pull_quote_text(CORPUS / f"{name}.md")) == []


@pytest.mark.parametrize("name", MEMOS)
def test_the_memo_pdf_passes_three_checkers(memos: Dict[str, tuple], name: str, tmp_path: Path) -> None:
    path, source = memos[name]
    checked = pdfua(path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "PASS" in checked.stdout and "[skip" not in checked.stdout, checked.stdout
    assert page_failures(path) == []
    assert judged_findings(path, tmp_path, pull_quote_text(source)) == []


def test_memo_negative_fixtures_fail_the_checkers(memos: Dict[str, tuple], tmp_path: Path) -> None:
    """Footer not an artifact, Alt removed, Lang removed: each must fail a checker."""
    source, _ = memos["tagged-default"]
    # 1. the footer's artifact bracket taken away: its text is painted outside marked content
    bare = tmp_path / "footer-untagged.pdf"
    with pikepdf.open(source) as pdf:
        page = pdf.pages[0]
        ops = list(pikepdf.parse_content_stream(page))
        out, skip = [], 0
        for operands, operator in ops:
            if str(operator) == "BDC" and len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary) \
                    and operands[1].get("/Subtype") == pikepdf.Name.Footer:
                skip = 1
                continue
            if skip and str(operator) in ("BDC", "BMC"):
                skip += 1
            if skip and str(operator) == "EMC":
                skip -= 1
                if skip == 0:
                    continue
            out.append((operands, operator))
        assert len(out) < len(ops), "no footer artifact found on page 1"
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))
        pdf.save(bare)
    results = [pdfua(bare).returncode != 0, page_failures(bare) != [],
               any(f["rule"].startswith(("TAG-001", "PAG-001")) for f in outloud(bare, tmp_path))]
    assert all(results[:2]) and any(results), f"a checker passed a footer outside any artifact: {results}"
    # 2. the figure's /Alt removed
    no_alt = tmp_path / "no-alt.pdf"
    with pikepdf.open(source) as pdf:
        figures = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/S") == pikepdf.Name.Figure]
        assert figures, "the fixture has no Figure"
        for figure in figures:
            del figure["/Alt"]
        pdf.save(no_alt)
    assert pdfua(no_alt).returncode != 0, "pdfua passed a Figure without /Alt"
    assert page_failures(no_alt) != [], "page passed a Figure without /Alt"
    # 3. no /Lang
    no_lang = tmp_path / "no-lang.pdf"
    with pikepdf.open(source) as pdf:
        del pdf.Root["/Lang"]
        pdf.save(no_lang)
    assert pdfua(no_lang).returncode != 0, "pdfua passed a memo without /Lang"
    # 4. the memo without the pikepdf pass (ReportLab's output with marked content but no tree)
    code = ("import sys; import briefgen.render.pdftags as t; t.write_tags = lambda data, root, **kw: data;"
            "from briefgen.cli import main; sys.exit(main(sys.argv[1:]))")
    project = make_project(tmp_path / "raw")
    subprocess.run([sys.executable, "-c", code, "build", "--only", "memo", "-j", "1"], cwd=project, check=True,
                   capture_output=True)
    raw = project / "build" / "essay" / "memo.pdf"
    assert pdfua(raw).returncode != 0 and page_failures(raw) != [], "the checkers passed a memo with no structure tree"


def test_running_content_is_an_artifact_and_all_content_is_in_the_tree(handouts: Dict[str, Path]) -> None:
    from briefgen.render.handout.finish import marked_sequences

    for name, path in handouts.items():
        data = path.read_bytes()
        assert unowned_mcids(data) == [], f"{name}: content that no reader reaches"
        pagination = [s for s in marked_sequences(data) if s[1] == "/Artifact"]
        assert pagination, f"{name}: no artifacts at all"
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert "Page 1 of" in text, "the page numbers are no longer drawn"
        tree = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True).stdout
        assert "Page 1 of" not in tree and "Page 2 of" not in tree, f"{name}: a page number is in the structure tree"


def test_negative_fixtures_fail_the_checkers(handouts: Dict[str, Path], tmp_path: Path) -> None:
    """Undo each promise in turn: a checker must notice every one."""
    source = handouts["essay-default"]
    # 1. the page numbers and running heads as WeasyPrint left them (content no tree element reaches)
    from briefgen.render.handout.finish import finish_tagged_pdf

    raw = _rebuild_without_artifacts(source, tmp_path)
    assert unowned_mcids(raw.read_bytes()), "the raw WeasyPrint output was expected to have unreached content"
    assert any(f["rule"] == "PAG-001" for f in outloud(raw, tmp_path)), "outloud did not see page numbers tagged as content"
    assert finish_tagged_pdf(raw.read_bytes()) != raw.read_bytes()
    # 2. no /Lang
    no_lang = tmp_path / "no-lang.pdf"
    with pikepdf.open(source) as pdf:
        del pdf.Root["/Lang"]
        pdf.save(no_lang)
    assert pdfua(no_lang).returncode != 0, "pdfua passed a PDF without /Lang"
    # 3. untagged painting (a rule drawn outside any marked content)
    untagged = tmp_path / "untagged.pdf"
    with pikepdf.open(source) as pdf:
        page = pdf.pages[0]
        page.contents_add(pdf.make_stream(b"BT /F1 12 Tf 72 72 Td (stray) Tj ET 0 0 m 100 100 l S"), prepend=False)
        pdf.save(untagged)
    results = [pdfua(untagged).returncode != 0, page_failures(untagged) != [],
               any(f["rule"].startswith("TAG-001") for f in outloud(untagged, tmp_path))]
    assert any(results), "no checker noticed painting outside marked content"


def _rebuild_without_artifacts(source: Path, tmp: Path) -> Path:
    """The essay's handout PDF straight from WeasyPrint (briefgen's post-processing switched off)."""
    code = (
        "import sys; import briefgen.render.handout.finish as a; a.finish_tagged_pdf = lambda data: data;"
        "from briefgen.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    project = make_project(tmp / "raw")
    subprocess.run([sys.executable, "-c", code, "build", "--only", "handout-pdf"], cwd=project, check=True, capture_output=True)
    return project / "build" / "essay" / "handout.pdf"


def test_a_drafts_page_stamps_are_artifacts_and_its_banner_is_read(handouts: Dict[str, Path]) -> None:
    path = handouts["essay-draft"]
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.count("\f")
    assert pages >= 2 and text.count("Draft of") >= pages + 1  # every page's footer box, and the banner
    tree = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True).stdout
    assert tree.count("DRAFT") == 1 and tree.count("Draft of") == 1, "only the banner atop the page is read out"


@pytest.fixture(scope="module")
def leave_behinds(tmp_path_factory) -> Dict[str, Path]:
    """onepager.pdf and deck-notes.pdf of the essay (with its timeline) on both layouts, and the notes of a draft."""
    found: Dict[str, Path] = {}
    work = tmp_path_factory.mktemp("a11y-leave")
    essay = make_project(work / "essay")
    for layout in ("default", "example-org"):
        result = run_briefgen(["build", "--only", "onepager,deck-notes", "--layout", layout, "--out", f"b-{layout}"], essay)
        assert result.returncode == 0, result.stderr
        for name in ("onepager", "deck-notes"):
            found[f"{name}-{layout}"] = essay / f"b-{layout}" / "essay" / f"{name}.pdf"
    result = run_briefgen(["build", "--only", "deck-notes", "--draft", "--out", "b-draft"], essay)
    assert result.returncode == 0, result.stderr
    found["deck-notes-draft"] = essay / "b-draft" / "essay" / "deck-notes.pdf"
    return found


@pytest.mark.parametrize("name", ["onepager-default", "onepager-example-org", "deck-notes-default",
                                  "deck-notes-example-org", "deck-notes-draft"])
def test_the_onepager_and_notes_pass_three_checkers(leave_behinds: Dict[str, Path], name: str, tmp_path: Path) -> None:
    """Issue 17 item 4: the other ReportLab outputs are tagged by the memo's module, and pass the same checks."""
    path = leave_behinds[name]
    checked = pdfua(path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert page_failures(path) == []
    judged = judged_findings(path, tmp_path)
    assert judged == [], "\n".join(judged)
    assert unowned_mcids(path.read_bytes()) == []
    tree = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True).stdout
    assert "H1" in tree and "Page 1 of" not in tree
