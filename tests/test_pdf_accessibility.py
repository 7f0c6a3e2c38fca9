"""Tagged PDFs read back by three independent accessibility checkers, with negative fixtures.

The checkers (PyPI): ``pdfua`` (PDF/UA-1's machine-checkable subset, on
pikepdf), ``page-validation`` (module ``page``, its ``ua1`` profile of 104
rules, fonts included) and ``outloud`` (Matterhorn/WCAG plus semantic checks
such as reading order and running content). Each negative fixture breaks one
promise and must fail at least one checker, so a pass cannot be vacuous.

Now covered: the handout PDF (WeasyPrint's tags, with the running heads and
page numbers made pagination artifacts by ``briefgen.render.pdf_finish``).
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

import pytest

from conftest import ROOT, make_project, run_briefgen

pikepdf = pytest.importorskip("pikepdf")

REAL = ROOT.parent / "shared" / "real"
FALSE_POSITIVES = {
    # outloud counts a line as page furniture only when it repeats on every page of a document
    # of five pages or fewer; the handout's running head (short title and series, top of every
    # page but the first, which has the masthead instead) is furniture by any typographer's
    # reading, and it repeats the H1 that the tree does read. Allowed only for that exact text.
    "TAG-002": "running head",
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
    from briefgen.render.pdf_finish import _parent_tree, _reachable

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
    findings = outloud(path, tmp_path)
    judged = []
    for finding in findings:
        if finding["rule"] in FALSE_POSITIVES and _is_running_head(path, finding):
            continue
        judged.append(f"{finding['rule']} p.{finding.get('page')}: {finding['message']} {finding.get('evidence') or ''}")
    assert judged == [], "\n".join(judged)


def _is_running_head(path: Path, finding: Dict) -> bool:
    """True when outloud's TAG-002 quotes only the running head (the only false positive allowed)."""
    evidence = str(finding.get("evidence") or "")
    with pikepdf.open(path) as pdf:
        title = str(pdf.docinfo.get("/Title", "")) if pdf.docinfo is not None else ""
    return bool(title) and evidence.startswith(title[:40])


def test_running_content_is_an_artifact_and_all_content_is_in_the_tree(handouts: Dict[str, Path]) -> None:
    from briefgen.render.pdf_finish import marked_sequences

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
    from briefgen.render.pdf_finish import finish_tagged_pdf

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
        "import sys; import briefgen.render.pdf_finish as a; a.finish_tagged_pdf = lambda data: data;"
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
