"""The memo's structure tree read back (pikepdf and poppler) and compared with the source.

Built once: ``tagged.md`` (tests/support/tagged_fixtures.py: every block a reader
meets, a 45-row table across pages, a paragraph split across pages, a
figure, links, endnotes) and the essay. The checkers themselves run in
tests/render/pdftags/test_pdf_accessibility.py; here the tree must equal the source, and
the content streams must keep the rules the checkers only sample.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path
from typing import Dict, List

import pytest

from tests.support import make_project, run_briefgen
from tests.support.tagged_fixtures import ALT, REPEATED, spoken, squash, struct_elements, tagged_source

pikepdf = pytest.importorskip("pikepdf")

PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "Tj", "TJ", "'", '"', "INLINE IMAGE"}
CORE14 = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Dict[str, Path]:
    project = make_project(tmp_path_factory.mktemp("memo-tags"))
    tagged_source(project)
    env = {"SOURCE_DATE_EPOCH": "1764547200"}
    result = run_briefgen(["build", "--only", "memo"], project, env=env)
    assert result.returncode == 0, result.stderr
    again = run_briefgen(["build", "--only", "memo", "--force", "--out", "again"], project, env=env)
    assert again.returncode == 0, again.stderr
    return {"project": project, "tagged": project / "build" / "tagged" / "memo.pdf",
            "essay": project / "build" / "essay" / "memo.pdf",
            "tagged-again": project / "again" / "tagged" / "memo.pdf",
            "essay-again": project / "again" / "essay" / "memo.pdf"}


def _doc(built: Dict[str, Path], name: str):
    from briefgen.source import load_source

    return load_source(built["project"] / "sources" / f"{name}.md").doc


def _texts(pdf_path: Path) -> List[tuple]:
    """(depth, role, text as heard: ActualText where set, else the content)."""
    elements = struct_elements(pdf_path)
    with pikepdf.open(pdf_path) as pdf:
        heard = list(spoken(pdf).values())
    out = []
    for depth, role, text in elements:
        match = next((h for h in heard if squash(h) and squash(text).replace("-", "") == squash(h).replace("-", "")), None)
        out.append((depth, role, match if match is not None else text))
    return out


@pytest.mark.parametrize("name", ["tagged", "essay"])
def test_headings_in_order_without_skipped_levels(built: Dict[str, Path], name: str) -> None:
    from briefgen import model as m

    doc = _doc(built, name)
    heads = [(int(role[1]), text) for _, role, text in struct_elements(built[name]) if re.fullmatch(r"H[1-6]", role)]
    assert heads[0] == (1, heads[0][1]) and squash(heads[0][1]) == squash(m.plain_text(doc.meta.title))
    assert [lvl for lvl, _ in heads].count(1) == 1, "more than one H1"
    for (before, _), (after, text) in zip(heads, heads[1:]):
        assert after <= before + 1, f"heading level skipped before {text!r}"
    body = [squash(m.plain_text(s.title)) for s in doc.sections if s.title]
    seen = [squash(re.sub(r"^\d+\s", "", t)) for lvl, t in heads if lvl == 2]
    assert [t for t in seen if t in body] == body, "the section headings are not all there in source order"


@pytest.mark.parametrize("name", ["tagged", "essay"])
def test_every_paragraph_is_one_p_in_source_order(built: Dict[str, Path], name: str) -> None:
    from briefgen import model as m

    doc = _doc(built, name)
    expected = [re.sub(r"\d", "", squash(m.plain_text(b.inlines)))
                for b in m.all_body_blocks(doc) if isinstance(b, m.Paragraph)]
    ps = [re.sub(r"\d", "", squash(t)).replace("-", "") for _, role, t in _texts(built[name]) if role == "P"]
    found = []
    for text in expected:
        hits = [i for i, p in enumerate(ps) if p == text.replace("-", "")]
        assert len(hits) == 1, f"paragraph {text[:60]!r} is {len(hits)} P elements, not one"
        found.append(hits[0])
    assert found == sorted(found), "the paragraphs are not in source order"
    assert any(len(text) > 2000 for text in expected) or name == "essay"


def test_hyphenated_words_are_heard_whole(built: Dict[str, Path]) -> None:
    with pikepdf.open(built["essay"]) as pdf:
        heard = " ".join(spoken(pdf).values())
    assert "diplomatic" in heard and "diplo-matic" not in heard
    raw = subprocess.run(["pdfinfo", "-struct-text", str(built["essay"])], capture_output=True, text=True, check=True).stdout
    assert "diplo-" in raw, "the essay no longer hyphenates: this test would prove nothing"


def test_lists_tables_figures_links(built: Dict[str, Path]) -> None:
    from briefgen import model as m

    doc = _doc(built, "tagged")
    elements = struct_elements(built["tagged"])
    roles = [r for _, r, _ in elements]
    items = sum(len(b.items) for b in m.walk_blocks(m.all_body_blocks(doc)) if isinstance(b, m.ListBlock))
    items += len(doc.meta.key_points) + len(doc.meta.recommendations) + len(doc.footnotes)
    assert roles.count("LI") == items and roles.count("LBody") == items
    for i, role in enumerate(roles):
        if role == "LI":
            kids = [r for d, r, _ in elements[i + 1:] if d == elements[i][0] + 1][:2]
            assert kids and set(kids) <= {"Lbl", "LBody"}, f"LI with {kids}"
    table = next(b for b in m.all_body_blocks(doc) if isinstance(b, m.Table))
    assert roles.count("Table") == 1, "the table that spans pages is not one Table"
    assert roles.count("TR") == len(table.rows) + 1
    assert roles.count("TH") == len(table.header) and roles.count("TD") == len(table.rows) * len(table.header)
    with pikepdf.open(built["tagged"]) as pdf:
        assert len(pdf.pages) >= 3
        elems = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == pikepdf.Name.StructElem]
        figures = [e for e in elems if e.S == pikepdf.Name.Figure]
        assert [str(f.Alt) for f in figures] == [ALT]
        assert len(figures[0].A.BBox) == 4
        ths = [e for e in elems if e.S == pikepdf.Name.TH]
        assert all(e.A.Scope == pikepdf.Name.Column for e in ths)
        links = [e for e in elems if e.S == pikepdf.Name.Link]
        annots = [a for page in pdf.pages for a in page.obj.get("/Annots", [])]
        assert len(links) == len(annots) >= 3
        for link in links:
            objr = link.K if isinstance(link.K, pikepdf.Dictionary) else link.K[0]
            annot = objr.Obj
            assert objr.Type == pikepdf.Name.OBJR and "/StructParent" in annot
            assert str(annot.Contents) and int(annot.F) & 4
        uri = [a for a in annots if "/A" in a and "/URI" in a.A]
        assert [str(a.Contents) for a in uri] == ["the full report"]


@pytest.mark.parametrize("name", ["tagged", "essay"])
def test_content_streams_and_parent_tree(built: Dict[str, Path], name: str) -> None:
    """No painting outside marked content, no nested MCIDs, every MCID owned once."""
    with pikepdf.open(built[name]) as pdf:
        root = pdf.Root.StructTreeRoot
        nums = root.ParentTree.Nums
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        owned = {}
        for elem in (o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == pikepdf.Name.StructElem):
            kids = elem.get("/K")
            for kid in (list(kids) if isinstance(kids, pikepdf.Array) else [kids]):
                if isinstance(kid, int) or (isinstance(kid, pikepdf.Object) and kid._type_code == pikepdf.ObjectType.integer):
                    key = (elem.Pg.objgen, int(kid))
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.MCR:
                    key = (kid.Pg.objgen, int(kid.MCID))
                else:
                    continue
                assert key not in owned, f"MCID {key} has two owners"
                owned[key] = elem.objgen
        for number, page in enumerate(pdf.pages):
            assert page.obj.Tabs == pikepdf.Name.S
            owners = parents[int(page.obj.StructParents)]
            depth, in_mcid = 0, False
            stack: List[bool] = []
            catch_all: List[bool] = []
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op in ("BDC", "BMC"):
                    mcid = len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]
                    assert not (mcid and in_mcid), f"page {number + 1}: nested MCIDs"
                    # a bare /Artifact BMC is the canvas's catch-all for untagged painting: rules and fills only
                    catch_all.append(op == "BMC" and str(operands[0]) == "/Artifact")
                    if mcid:
                        m = int(operands[1].MCID)
                        assert owned.get((page.obj.objgen, m)) == owners[m].objgen, f"page {number + 1}: MCID {m}"
                    in_mcid = in_mcid or mcid
                    stack.append(mcid)
                    depth += 1
                elif op == "EMC":
                    if stack.pop():
                        in_mcid = False
                    catch_all.pop()
                    depth -= 1
                elif op in PAINT:
                    assert depth > 0, f"page {number + 1}: {op} painted outside marked content"
                    assert not (op in ("Tj", "TJ", "'", '"') and catch_all and catch_all[-1]), \
                        f"page {number + 1}: text drawn untagged (caught only by the catch-all artifact)"
            assert depth == 0


@pytest.mark.parametrize("name", ["tagged", "essay"])
def test_running_content_never_in_the_tree(built: Dict[str, Path], name: str) -> None:
    from tests.support import pdftotext

    text = pdftotext(built[name])
    tree = subprocess.run(["pdfinfo", "-struct-text", str(built[name])], capture_output=True, text=True, check=True).stdout
    assert "Page 1 of" in text and "Page 2 of" in text
    assert "Page 1 of" not in tree and "Page 2 of" not in tree
    title = _doc(built, name).meta.title_text
    assert tree.count(title[:30]) == 1, "the running head is read as content"
    if name == "tagged":
        assert tree.count(REPEATED[:40]) == 1, "the pull quote is read twice"
        assert tree.count("Tagging Test: Every Block a Reader Meets (continued)") == 0


@pytest.mark.parametrize("name", ["tagged", "essay"])
def test_catalog_fonts_and_metadata(built: Dict[str, Path], name: str) -> None:
    with pikepdf.open(built[name]) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == "en"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        meta = pdf.open_metadata()
        assert meta.get("pdfuaid:part") == "1" and meta.get("dc:title")
        for page in pdf.pages:
            assert "/StructParents" in page.obj
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) and b"beginbfchar" in obj.read_bytes()[:4000]:
                assert b"<0000>" not in obj.read_bytes(), "a ToUnicode entry maps to U+0000"
    fonts = subprocess.run(["pdffonts", str(built[name])], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    flags = [re.search(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", row) for row in rows]
    assert rows and all(f is not None and f.group(1) == "yes" and f.group(3) == "yes" for f in flags), fonts
    assert not any(row.split()[0].split("+")[-1].startswith(CORE14) for row in rows), fonts


@pytest.mark.parametrize("name", ["tagged", "essay"])
def test_byte_identical_rebuilds(built: Dict[str, Path], name: str) -> None:
    first = hashlib.sha256(built[name].read_bytes()).hexdigest()
    assert first == hashlib.sha256(built[f"{name}-again"].read_bytes()).hexdigest()


def test_reportlab_under_the_patches_is_the_one_they_were_written_for() -> None:
    """Fails when a ReportLab upgrade changes a function that briefgen.render.pdftags.patches replaces."""
    from briefgen.render.pdftags import patches

    patches.install()
    assert patches.FINGERPRINTS == {
        "makeToUnicodeCMap": EXPECTED_CMAP,
        "_textOut": EXPECTED_TEXTOUT,
        "_drawBullet": EXPECTED_BULLET,
    }


def test_to_unicode_cmap_leaves_out_unused_codes_and_writes_astral_pairs() -> None:
    from briefgen.render.pdftags.patches import to_unicode_cmap

    cmap = to_unicode_cmap("F1", [0, 0x41, 0, 0x1F600] + [0x61] * 150)
    blocks = re.findall(r"(\d+) beginbfchar\n(.*?)endbfchar", cmap, re.S)
    entries = "".join(body for _, body in blocks)
    assert "<0000>" not in entries and "<00> " not in entries and "<02> " not in entries
    assert "<03> <D83DDE00>" in entries and "<01> <0041>" in entries
    assert [int(n) for n, _ in blocks] == [100, 52]
    assert all(int(n) == body.count("\n") for n, body in blocks)


def test_tree_helpers_prune_and_clamp_levels() -> None:
    from briefgen.render.pdfkit.tagmap import MemoTags
    from briefgen.render.pdftags import MCR, Node, prune

    tags = MemoTags("en")
    title = tags.heading(1)
    jump = tags.heading(4)
    assert (title.role, jump.role) == ("H1", "H2")
    with tags.group("L"):
        empty = tags.leaf("P")
    with tags.artifact():
        assert not isinstance(tags.leaf("P"), Node)
    title.kids.append(MCR(0, 0))
    prune(tags.root)
    assert [n.role for n in tags.root.nodes()] == ["Document", "H1"]
    assert empty.parent is None


# The source fingerprints of ReportLab 5.1.0's functions under the patches (see patches.FINGERPRINTS).
EXPECTED_CMAP = "71783731cbe452d8"
EXPECTED_TEXTOUT = "e9fb074dc754db5a"
EXPECTED_BULLET = "af1a1559968f9d55"


def test_check_accessibility_lists_what_a_person_must_review(tmp_path: Path) -> None:
    project = make_project(tmp_path, ())
    tagged_source(project)
    (project / "sources" / "vague.md").write_text(
        "---\ntitle: Vague\ndate: 2026-12-01\nauthors:\n  - name: A. Writer\n---\n\n"
        "For the data, click [here](https://example.org/data).\n\n![](assets/chart.png)\n", encoding="utf-8")
    result = run_briefgen(["check", "--accessibility", "sources/tagged.md", "sources/vague.md"], project)
    lines = result.stdout.splitlines()
    assert any(ln.startswith("sources/tagged.md:") and "figure alt text" in ln and ALT[:30] in ln for ln in lines)
    assert any("table: 3 columns, 45 rows" in ln for ln in lines)
    assert any("pull quote set as an artifact" in ln for ln in lines)
    assert any(ln.startswith("sources/vague.md:8: review: link text \"here\"") for ln in lines), lines
    assert any(ln.startswith("sources/vague.md:10: review: figure") and "no alt text" in ln for ln in lines), lines
    assert any("veraPDF and a human review remain the conformance claim" in ln for ln in lines)
    plain = run_briefgen(["check", "sources/tagged.md"], project)
    assert "review:" not in plain.stdout
