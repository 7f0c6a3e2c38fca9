"""End-to-end tests of the deck: python-pptx reads it back, LibreOffice draws it."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from briefgen.errors import RenderError
from briefgen.layout import load_layout
from briefgen.render import RenderContext
from briefgen.render.deck import describe_template, render

from tests.support import deck_fixtures as F

from tests.support import ROOT
TEMPLATE = ROOT / "layouts" / "default" / "deck" / "template.pptx"
EMU_PER_PT = 12700
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)

needs_soffice = pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdftotext"), reason="LibreOffice/poppler missing")


@pytest.fixture(scope="module")
def layout():
    return load_layout("default", ROOT)


@pytest.fixture(scope="module")
def full_notes(tmp_path_factory):
    """The default layout with ``notes: full`` (the speaker notes carry the whole text; brief notes stop at 250 words)."""
    root = tmp_path_factory.mktemp("fullnotes")
    (root / "layouts" / "fullnotes" / "deck").mkdir(parents=True)
    (root / "layouts" / "fullnotes" / "theme.yaml").write_text("extends: default\nname: fullnotes\n")
    (root / "layouts" / "fullnotes" / "deck" / "layouts.yaml").write_text("notes: full\n")
    return load_layout("fullnotes", root)


@pytest.fixture(scope="module")
def decks(tmp_path_factory, full_notes):
    """The essay-like and the awkward fixtures rendered once: (doc, ctx, bytes, path)."""
    out = tmp_path_factory.mktemp("decks")
    result = {}
    for name, make in (("essay", F.essay_doc), ("awkward", F.awkward_doc)):
        doc = make(out / f"{name}_src")
        ctx = RenderContext(doc, full_notes)
        data = render(ctx)
        path = out / f"{name}.pptx"
        path.write_bytes(data)
        result[name] = (doc, ctx, data, path)
    return result


@pytest.fixture(scope="module")
def pdfs(decks, tmp_path_factory):
    """Both decks converted by LibreOffice in one run; name -> list of (w, h, words)."""
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice missing")
    out = tmp_path_factory.mktemp("pdf")
    profile = tmp_path_factory.mktemp("lo-profile")
    paths = [str(d[3]) for d in decks.values()]
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), *paths], check=True, capture_output=True, timeout=300)
    pages = {}
    for name in decks:
        html = subprocess.run(["pdftotext", "-bbox", str(out / f"{name}.pdf"), "-"], check=True, capture_output=True,
                              text=True).stdout
        pages[name] = [
            (float(w), float(h), [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in WORD.findall(body)])
            for w, h, body in PAGE.findall(html)
        ]
    return pages


def text_frames(slide):
    """(name, x0, y0, x1, y1) in points of every shape that carries text (tables included)."""
    frames = []
    for shape in slide.shapes:
        has_text = (shape.has_text_frame and shape.text_frame.text.strip()) or getattr(shape, "has_table", False)
        if has_text or (shape.is_placeholder and shape.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER):
            x, y = shape.left / EMU_PER_PT, shape.top / EMU_PER_PT
            frames.append((shape.name, x, y, x + shape.width / EMU_PER_PT, y + shape.height / EMU_PER_PT))
    return frames


def inside(box, frame, tol=1.5):
    return box[0] >= frame[1] - tol and box[1] >= frame[2] - tol and box[2] <= frame[3] + tol and box[3] <= frame[4] + tol


def overlaps(box, frame, tol=0.5):
    return box[0] < frame[3] - tol and box[2] > frame[1] + tol and box[1] < frame[4] - tol and box[3] > frame[2] + tol


def test_is_16_9_with_placeholders_notes_and_footer(decks):
    doc, _, data, _ = decks["essay"]
    prs = Presentation(io.BytesIO(data))
    assert prs.slide_width * 9 == prs.slide_height * 16
    assert len(prs.slide_layouts) == 6  # the template's own layouts, no sample slides
    for number, slide in enumerate(prs.slides, 1):
        types = {ph.placeholder_format.type for ph in slide.placeholders}
        texts = [ph.text_frame.text for ph in slide.placeholders if ph.has_text_frame]
        assert all(t.strip() for t in texts), f"slide {number} has an empty placeholder"
        if slide.slide_layout.name != "Blank":
            assert types & {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}, f"slide {number} has no title placeholder"
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip()
        if number > 1:
            footer = [ph.text_frame.text for ph in slide.placeholders if ph.placeholder_format.type == PP_PLACEHOLDER.FOOTER]
            assert footer == [doc.meta.short_title]
            assert PP_PLACEHOLDER.SLIDE_NUMBER in types
        for shape in slide.shapes:
            if shape.has_text_frame:
                body_pr = shape.text_frame._txBody.bodyPr
                assert body_pr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}normAutofit") is None
    bodies = [s for s in prs.slides if any(ph.placeholder_format.type in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT) for ph in s.placeholders)]
    assert bodies, "no body placeholder used"
    notes = " ".join(s.notes_slide.notes_text_frame.text for s in prs.slides)
    assert all(w in notes for w in F.dedupe(F.body_words(doc)))


def test_picture_alt_text_and_links(decks):
    doc, _, data, _ = decks["essay"]
    prs = Presentation(io.BytesIO(data))
    pics = [sh for s in prs.slides for sh in s.shapes if sh.shape_type == 13]
    assert [p._element.nvPicPr.cNvPr.get("descr") for p in pics] == [doc.sections[3].blocks[1].alt]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        rels = " ".join(z.read(n).decode() for n in z.namelist() if n.startswith("ppt/slides/_rels/"))
        slides_xml = " ".join(z.read(n).decode() for n in z.namelist() if re.match(r"ppt/slides/slide\d+\.xml", n))
    external = re.findall(r'Target="([^"]+)" TargetMode="External"', rels)
    assert "https://example.org/data" in external  # the endnote's link stays a link
    assert all(t.startswith(("http://", "https://", "mailto:")) for t in external)
    assert "#appendix" not in rels and "the appendix" in slides_xml
    assert str(doc.source_dir) not in slides_xml


def test_core_properties(decks):
    doc, _, data, _ = decks["essay"]
    cp = Presentation(io.BytesIO(data)).core_properties
    assert cp.title == doc.meta.title_text
    assert cp.author == "Dana Staffer; Lee Analyst"
    assert cp.subject.startswith("Ending the subsidy") and cp.keywords == "broadband, rural, subsidy"
    when = dt.datetime.fromtimestamp(F.EPOCH, dt.timezone.utc).replace(tzinfo=None)
    assert cp.created == cp.modified == cp.last_printed == when
    assert cp.revision == 1 and cp.last_modified_by == cp.author and not cp.comments
    _, _, data2, _ = decks["awkward"]
    assert len(Presentation(io.BytesIO(data2)).core_properties.title) <= 255


def test_bytes_are_deterministic(decks, full_notes, tmp_path):
    doc, _, data, _ = decks["essay"]
    assert render(RenderContext(doc, full_notes)) == data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos = z.infolist()
        assert infos[0].filename == "[Content_Types].xml"
        assert len({i.date_time for i in infos}) == 1
        assert b"python-pptx" not in z.read("docProps/core.xml") and b"briefgen" in z.read("docProps/app.xml")


@needs_soffice
@pytest.mark.parametrize("name", ["essay", "awkward"])
def test_libreoffice_draws_nothing_outside_its_frame(decks, pdfs, name):
    _, _, data, _ = decks[name]
    prs = Presentation(io.BytesIO(data))
    pages = pdfs[name]
    assert len(pages) == len(prs.slides)
    for number, (slide, (width, height, words)) in enumerate(zip(prs.slides, pages), 1):
        assert abs(width - prs.slide_width / EMU_PER_PT) < 1 and abs(height - prs.slide_height / EMU_PER_PT) < 1
        frames = text_frames(slide)
        assert words, f"slide {number} drew no text"
        for box in words:
            assert box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height, (number, box)
            homes = [f for f in frames if inside(box, f)]
            assert homes, f"{name} slide {number}: word {box[4]!r} at {box[:4]} lies outside every text frame {frames}"
            for other in frames:
                if other not in homes:
                    assert not overlaps(box, other), f"{name} slide {number}: {box[4]!r} overlaps frame {other[0]}"


def _project_with_template(tmp_path: Path, edit) -> Path:
    """A project whose layout 'custom' extends default with an edited copy of the template."""
    folder = tmp_path / "layouts" / "custom"
    (folder / "deck").mkdir(parents=True)
    (folder / "theme.yaml").write_text("extends: default\n", encoding="utf-8")
    prs = Presentation(str(TEMPLATE))
    edit(prs)
    prs.save(str(folder / "deck" / "template.pptx"))
    return tmp_path


def _render_custom(project: Path, tmp_path: Path):
    doc = F.essay_doc(tmp_path / "src")
    ctx = RenderContext(doc, load_layout("custom", project))
    return ctx, render(ctx)


def _layout(prs, name):
    return next(l for l in prs.slide_layouts if l.name == name)


def test_renamed_layout_falls_back_with_warning(tmp_path):
    project = _project_with_template(tmp_path, lambda prs: _layout(prs, "Quote").element.cSld.set("name", "Big Quote"))
    ctx, data = _render_custom(project, tmp_path)
    messages = [str(w) for w in ctx.warnings]
    assert any("'Quote'" in m and "template.pptx" in m for m in messages), messages
    used = {s.slide_layout.name for s in Presentation(io.BytesIO(data)).slides}
    assert "Big Quote" not in used and "Title and Content" in used


def test_reordered_layouts_are_found_by_name(tmp_path):
    def reorder(prs):
        id_list = prs.slide_masters[0].element.find(
            "{http://schemas.openxmlformats.org/presentationml/2006/main}sldLayoutIdLst")
        for child in list(id_list)[::-1]:
            id_list.remove(child)
            id_list.append(child)

    project = _project_with_template(tmp_path, reorder)
    ctx, data = _render_custom(project, tmp_path)
    assert not ctx.warnings
    slides = list(Presentation(io.BytesIO(data)).slides)
    assert slides[0].slide_layout.name == "Title Slide" and slides[1].slide_layout.name == "Title and Content"


def test_deleted_layouts_fall_back_to_the_best_ranked_layout(tmp_path):
    def delete(prs):
        for name in ("Title and Content", "Title Only"):
            prs.slide_layouts.remove(_layout(prs, name))

    project = _project_with_template(tmp_path, delete)
    ctx, data = _render_custom(project, tmp_path)
    messages = [str(w) for w in ctx.warnings]
    assert any("'Title and Content'" in m and "template.pptx" in m for m in messages), messages
    used = [s.slide_layout.name for s in Presentation(io.BytesIO(data)).slides]
    assert "Quote" in used and "Blank" not in used[:3]


def test_a_template_with_no_text_layout_is_a_clear_error(tmp_path):
    def delete(prs):
        for layout in list(prs.slide_layouts):
            if layout.name != "Blank":
                prs.slide_layouts.remove(layout)

    project = _project_with_template(tmp_path, delete)
    with pytest.raises(RenderError) as info:
        _render_custom(project, tmp_path)
    message = str(info.value)
    assert "template.pptx" in message and "'Blank'" in message and "title and a body placeholder" in message


def test_theme_colors_and_logo_from_layout(tmp_path):
    from PIL import Image as PILImage

    folder = tmp_path / "layouts" / "brand"
    folder.mkdir(parents=True)
    PILImage.new("RGB", (400, 100), (200, 30, 30)).save(folder / "logo.png")
    (folder / "theme.yaml").write_text('extends: default\nlogo: logo.png\ncolors:\n  primary: "#112233"\n', encoding="utf-8")
    doc = F.untitled_doc(tmp_path / "src")
    data = render(RenderContext(doc, load_layout("brand", tmp_path)))
    prs = Presentation(io.BytesIO(data))
    assert [sh.name for sh in prs.slides[0].shapes if sh.shape_type == 13] == ["Logo"]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        theme = z.read("ppt/theme/theme1.xml").decode()
    assert re.search(r'<a:dk2><a:srgbClr val="112233"/>', theme)


def test_describe_template_lists_layouts_and_placeholders():
    rows = dict(describe_template(TEMPLATE))
    assert list(rows) == ["Title Slide", "Section Header", "Title and Content", "Quote", "Title Only", "Blank"]
    assert any(p.startswith("center_title") for p in rows["Title Slide"])
    assert any(p.startswith("subtitle") for p in rows["Title Slide"])


def test_template_generator_is_deterministic(tmp_path):
    from briefgen.render.deck.make_template import main

    main([str(tmp_path / "t.pptx")])
    assert (tmp_path / "t.pptx").read_bytes() == TEMPLATE.read_bytes()


CORPUS = Path("/work/shared/corpus")


@pytest.mark.parametrize("name", ["../../main/sources/essay.md", "24_control_characters_body.md", "32_very_long_word.md",
                                  "34_table_200_rows.md", "35_headings_500.md", "39_cjk_emoji_rtl.md", "41_javascript_and_data_links.md"])
def test_real_sources_render(name, full_notes):
    """Sources through the real parser: the deck renders, notes carry every body word (``notes: full``), links stay safe."""
    layout = full_notes
    source = (ROOT / "sources" / "essay.md") if name.startswith("..") else CORPUS / name
    try:
        from briefgen.source import load_source
    except ImportError:
        pytest.skip("parser not available")
    if not source.is_file():
        pytest.skip(f"{source} missing")
    doc = load_source(source, project_dir=source.parent).doc
    data = render(RenderContext(doc, layout))
    prs = Presentation(io.BytesIO(data))
    assert prs.slide_width * 9 == prs.slide_height * 16
    notes = set(re.findall(r"\w+", " ".join(s.notes_slide.notes_text_frame.text for s in prs.slides if s.has_notes_slide)))
    assert not [w for w in F.dedupe(F.body_words(doc)) if w not in notes]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        rels = " ".join(z.read(n).decode() for n in z.namelist() if n.endswith(".rels"))
    assert not re.search(r'Target="(?:javascript|data|file):', rels, re.I)


def test_a_grown_body_is_the_layouts_placeholder_at_the_planned_box(tmp_path):
    """Without "Title and Content", content slides use a column layout whose body is grown into the free area:
    still the layout's placeholder (editable, in its look), with the box the planner measured."""
    from tests.support import deck_templates as T

    from briefgen.pptx_import import new_layout_from_pptx
    from briefgen.render.deck import plan_for

    template = T.generated("no-title-and-content", tmp_path / "templates")
    project = tmp_path / "project"
    project.mkdir()
    new_layout_from_pptx("org", template, project)
    doc = F.essay_doc(tmp_path / "src")
    ctx = RenderContext(doc, load_layout("org", project))
    _, plans, _ = plan_for(ctx)
    data = render(RenderContext(doc, load_layout("org", project)))
    slides = list(Presentation(io.BytesIO(data)).slides)
    grown = [(p, s) for p, s in zip(plans, slides) if p.body_box is not None]
    assert grown and all(p.kind in ("bottom_line", "content", "quote", "recommendations", "about", "sources") for p, _ in grown)
    for plan, slide in grown:
        body = next(ph for ph in slide.placeholders if ph.placeholder_format.type in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT))
        box = (body.left / EMU_PER_PT, body.top / EMU_PER_PT, body.width / EMU_PER_PT, body.height / EMU_PER_PT)
        assert box == pytest.approx((plan.body_box.x, plan.body_box.y, plan.body_box.w, plan.body_box.h), abs=0.1)
        own = max((ph for ph in slide.slide_layout.placeholders if ph.placeholder_format.idx == body.placeholder_format.idx),
                  key=lambda ph: ph.width * ph.height)
        assert body.width * body.height > 1.5 * own.width * own.height  # the layout's column, grown
        title = next(ph for ph in slide.placeholders if ph.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE))
        assert title.top + title.height <= body.top  # the title stays above the text
    assert len(slides) <= 1.5 * len(plan_for(RenderContext(doc, load_layout("default", ROOT)))[1])
