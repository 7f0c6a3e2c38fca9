"""One layout restyles all three outputs: ``default`` against ``example-org``.

The essay is built once with each layout (the default build is the session's
``essay_build``) and the differences are read back from every output with the
real tools: the palette in the memo's drawing operators and the handout's CSS,
the fonts with ``pdffonts``, the paper with ``pdfinfo``, the logo in all three,
the organization's own PowerPoint template (its layout names, theme colors and
fonts; its sample slides gone), its handout template override and its memo
style. Then: the layout's files are inputs of the make-style build, and bad
layouts fail with messages that name the file and key.
"""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Dict, Optional, Set

import pytest
from lxml import etree
from pptx import Presentation
from pypdf import PdfReader

from tests.support import ROOT, make_project, no_traceback, pdftotext, run_briefgen, tool_missing

ORG = ROOT / "layouts" / "example-org"
ALL = ("memo.pdf", "handout.html", "handout.pdf", "deck.pptx")
TEAL, NAVY = "#0F5257", "#1B365D"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_RGB = re.compile(rb"(?<![\w.])(\d*\.?\d+) (\d*\.?\d+) (\d*\.?\d+) (rg|RG)\b")


@pytest.fixture(scope="module")
def org_build(tmp_path_factory) -> Path:
    """The essay built with ``--layout example-org`` (every output, once)."""
    project = make_project(tmp_path_factory.mktemp("org"))
    result = run_briefgen(["build", "--layout", "example-org", "sources/essay.md"], project)
    assert result.returncode == 0, result.stderr
    for name in ALL:
        assert f"built: build/essay/{name}" in result.stderr, result.stderr
    return project / "build" / "essay"


@pytest.fixture(scope="module")
def builds(essay_build: Path, org_build: Path) -> Dict[str, Path]:
    return {"default": essay_build, "example-org": org_build}


# --------------------------------------------------------------------------- helpers


def pdf_colors(path: Path) -> Set[str]:
    """Every RGB fill and stroke color set by the PDF's page content streams."""
    found: Set[str] = set()
    for page in PdfReader(str(path)).pages:
        contents = page.get_contents()
        if contents is None:
            continue
        for r, g, b, _op in _RGB.findall(contents.get_data()):
            found.add("#" + "".join(f"{round(float(v) * 255):02X}" for v in (r, g, b)))
    return found


def pdf_fonts(path: Path) -> Dict[str, bool]:
    """``pdffonts``: each font name (hyphens dropped: ReportLab writes IBMPlexSerif,
    WeasyPrint IBM-Plex-Serif) and whether it is embedded."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    fonts: Dict[str, bool] = {}
    for line in out.splitlines()[2:]:
        match = re.match(r"(\S+(?:,\S+)?)\s.*\b(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", line)
        assert match, line
        fonts[match.group(1).replace("-", "")] = match.group(2) == "yes"
    return fonts


def page_size(path: Path) -> str:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert match, info
    return f"{round(float(match.group(1)))}x{round(float(match.group(2)))}"


def first_page_images(path: Path) -> int:
    """Image XObjects drawn on page 1 (directly or inside a form)."""
    page = PdfReader(str(path)).pages[0]
    xobjects = (page.get("/Resources") or {}).get("/XObject")
    if xobjects is None:
        return 0
    return sum(1 for ref in xobjects.get_object().values() if ref.get_object().get("/Subtype") == "/Image")


def theme_scheme(deck: Path) -> Dict[str, str]:
    """The deck's theme: color slots (``dk2``, ``accent2``...) and ``major``/``minor`` fonts."""
    with zipfile.ZipFile(deck) as z:
        root = etree.fromstring(z.read("ppt/theme/theme1.xml"))
    out: Dict[str, str] = {}
    for slot in root.find(f".//{{{NS_A}}}clrScheme"):
        color = slot.find(f"{{{NS_A}}}srgbClr")
        out[etree.QName(slot).localname] = color.get("val") if color is not None else ""
    for tag, key in (("majorFont", "major"), ("minorFont", "minor")):
        out[key] = root.find(f".//{{{NS_A}}}{tag}/{{{NS_A}}}latin").get("typeface")
    return out


def slide_texts(prs) -> str:
    return "\n".join(shape.text_frame.text for slide in prs.slides for shape in slide.shapes if shape.has_text_frame)


# --------------------------------------------------------------------------- memo


def test_memo_colors_come_from_the_layout(builds) -> None:
    default, org = pdf_colors(builds["default"] / "memo.pdf"), pdf_colors(builds["example-org"] / "memo.pdf")
    assert NAVY in default and TEAL not in default
    assert TEAL in org and NAVY not in org
    assert "#9C4A00" in org  # the amber accent (the series label)


def test_pdf_fonts_come_from_the_layout(builds) -> None:
    for name in ("memo.pdf", "handout.pdf"):
        default = " ".join(pdf_fonts(builds["default"] / name))
        org_fonts = pdf_fonts(builds["example-org"] / name)
        org = " ".join(org_fonts)
        assert "IBMPlexSerif" in default and "Lato" not in default, default
        assert "Lato" in org and "IBMPlexSerif" not in org and "IBMPlexSansCondensed" not in org, org
        assert all(org_fonts.values()), org_fonts  # every face embedded


def test_example_org_prints_on_a4(builds) -> None:
    for name in ("memo.pdf", "handout.pdf"):
        assert page_size(builds["default"] / name) == "612x792"
        assert page_size(builds["example-org"] / name) == "595x842"


def test_memo_logo_labels_and_house_style(builds) -> None:
    assert first_page_images(builds["default"] / "memo.pdf") == 0
    assert first_page_images(builds["example-org"] / "memo.pdf") == 1
    default = pdftotext(builds["default"] / "memo.pdf")
    org = pdftotext(builds["example-org"] / "memo.pdf")
    assert "BOTTOM LINE" in default.upper() and "IN BRIEF" in org.upper() and "BOTTOM LINE" not in org.upper()
    assert "MERIDIAN BRIEF" in org.upper() and "POLICY MEMO" in default.upper()
    # example-org's memo.yaml: section headings without numbers
    assert re.search(r"^\s*1\s+The Libya Model", default, re.M), default[:3000]
    assert re.search(r"^\s*The Libya Model", org, re.M) and not re.search(r"^\s*1\s+The Libya Model", org, re.M)


# --------------------------------------------------------------------------- handout


def test_handout_css_and_logo(builds) -> None:
    default = (builds["default"] / "handout.html").read_text(encoding="utf-8")
    org = (builds["example-org"] / "handout.html").read_text(encoding="utf-8")
    assert f"--color-primary: {NAVY}" in default and TEAL not in default
    assert f"--color-primary: {TEAL}" in org and NAVY not in org
    assert '--font-body: "IBM Plex Serif"' in default and '--font-body: "Lato"' in org
    assert '--font-heading: "Lato"' in org
    assert "data:image/png" not in default
    match = re.search(r'class="org-logo" src="data:image/png;base64,([A-Za-z0-9+/=]+)"', org)
    assert match, "the logo is not in the organization's header"
    assert base64.b64decode(match.group(1)) == (ORG / "logo.png").read_bytes()


def test_handout_template_override_extends_the_default(builds) -> None:
    default = (builds["default"] / "handout.html").read_text(encoding="utf-8")
    org = (builds["example-org"] / "handout.html").read_text(encoding="utf-8")
    assert 'class="org-band"' in org and "A Meridian Brief" in org
    assert 'class="org-band"' not in default and "Meridian" not in default
    # the blocks it does not override are the default's
    for part in ('id="bg-aside"', 'id="bg-main"', 'id="bg-recommendations"', 'id="bg-footer"'):
        assert part in org and part in default
    assert org.count('<header class="masthead') == 1
    assert "A MERIDIAN BRIEF" in pdftotext(builds["example-org"] / "handout.pdf").upper()


# --------------------------------------------------------------------------- deck


def test_deck_uses_the_organizations_template(builds) -> None:
    default = Presentation(str(builds["default"] / "deck.pptx"))
    org = Presentation(str(builds["example-org"] / "deck.pptx"))
    names = [slide.slide_layout.name for slide in org.slides]
    assert names[0] == "Meridian Cover"
    assert all(name.startswith("Meridian ") for name in names), names
    # the essay's sections average under two slides: one divider rule per deck sets none (#29)
    assert {"Meridian Text", "Meridian Statement"} <= set(names), names
    assert not any(slide.slide_layout.name.startswith("Meridian") for slide in default.slides)
    assert [layout.name for layout in org.slide_layouts][:3] == ["Meridian Text", "Meridian Headline Only", "Meridian Cover"]


def test_deck_theme_colors_and_fonts(builds) -> None:
    default = theme_scheme(builds["default"] / "deck.pptx")
    org = theme_scheme(builds["example-org"] / "deck.pptx")
    assert (default["dk2"], default["accent1"], default["major"]) == ("1B365D", "1B365D", "Calibri")
    assert (org["dk2"], org["accent1"], org["accent2"]) == ("0F5257", "0F5257", "9C4A00")
    assert (org["major"], org["minor"]) == ("Arial", "Arial")
    with zipfile.ZipFile(builds["example-org"] / "deck.pptx") as z:
        slides = [z.read(n).decode("utf-8") for n in z.namelist() if re.match(r"ppt/slides/slide\d+\.xml$", n)]
    faces = {face for xml in slides for face in re.findall(r'<a:latin typeface="([^"]+)"', xml)}
    assert "Arial" in faces and faces <= {"Arial", "+mn-lt", "+mj-lt"}, faces  # +mn-lt: the theme's minor font, Arial


def test_sample_slides_and_thumbnail_of_the_template_are_removed(builds) -> None:
    template = Presentation(str(ORG / "deck" / "template.pptx"))
    assert len(template.slides) == 2 and "SAMPLE SLIDE" in slide_texts(template)  # the test means something
    with zipfile.ZipFile(ORG / "deck" / "template.pptx") as z:
        assert "docProps/thumbnail.jpeg" in z.namelist()
    deck = builds["example-org"] / "deck.pptx"
    org = Presentation(str(deck))
    assert "SAMPLE" not in slide_texts(org).upper()
    assert org.slides[0].shapes.title.text.startswith("Do not be Disappointed")
    with zipfile.ZipFile(deck) as z:
        assert not any("thumbnail" in n for n in z.namelist())
        assert not any(b"SAMPLE SLIDE" in z.read(n) for n in z.namelist())


def test_deck_title_slide_carries_the_logo(builds) -> None:
    def logos(path: Path) -> list:
        slide = Presentation(str(path)).slides[0]
        return [s for s in slide.shapes if s.shape_type == 13 and s.name == "Logo"]  # MSO_SHAPE_TYPE.PICTURE

    assert logos(builds["default"] / "deck.pptx") == []
    (logo,) = logos(builds["example-org"] / "deck.pptx")
    assert logo.image.blob == (ORG / "logo.png").read_bytes()


@pytest.mark.skipif(tool_missing("soffice"), reason="LibreOffice is not installed")
def test_libreoffice_opens_the_org_deck(builds, tmp_path: Path) -> None:
    deck = builds["example-org"] / "deck.pptx"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(deck)],
        capture_output=True, timeout=240, check=False,
    )
    pdf = tmp_path / "deck.pdf"
    assert pdf.is_file(), "LibreOffice could not convert the deck"
    assert len(PdfReader(str(pdf)).pages) == len(Presentation(str(deck)).slides)
    text = pdftotext(pdf)
    assert "Do not be Disappointed" in text and "SAMPLE" not in text


# --------------------------------------------------------------------------- make-style build


def _counts(stderr: str) -> tuple:
    return stderr.count("built:"), stderr.count("up to date:")


def test_layout_files_are_inputs_of_the_outputs_that_read_them(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    layout = project / "layouts" / "example-org"  # the project's own copy shadows briefgen's
    shutil.copytree(ORG, layout)
    args = ["build", "--layout", "example-org", "sources/essay.md"]
    first = run_briefgen(args, project)
    assert first.returncode == 0 and _counts(first.stderr) == (5, 0), first.stderr

    layouts_yaml = layout / "deck" / "layouts.yaml"
    layouts_yaml.write_text(layouts_yaml.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    result = run_briefgen(args, project)
    assert "built: build/essay/deck.pptx" in result.stderr and _counts(result.stderr) == (1, 4), result.stderr

    template = layout / "deck" / "template.pptx"
    with zipfile.ZipFile(template, "a") as z:  # other bytes, the same template
        z.comment = b"edited"
    result = run_briefgen(args, project)
    assert "built: build/essay/deck.pptx" in result.stderr and _counts(result.stderr) == (1, 4), result.stderr

    theme = layout / "theme.yaml"
    theme.write_text(theme.read_text(encoding="utf-8").replace('"#9C4A00"', '"#8A4100"'), encoding="utf-8")
    result = run_briefgen(args, project)
    assert result.returncode == 0 and _counts(result.stderr) == (5, 0), result.stderr
    assert "#8A4100" in pdf_colors(project / "build" / "essay" / "memo.pdf")


# --------------------------------------------------------------------------- bad layouts


def _bad_layout(tmp_path: Path, name: str, theme: str, files: Optional[Dict[str, str]] = None) -> Path:
    project = make_project(tmp_path)
    folder = project / "layouts" / name
    folder.mkdir(parents=True)
    (folder / "theme.yaml").write_text(theme, encoding="utf-8")
    for rel, text in (files or {}).items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    return project


def test_a_missing_font_file_names_the_file_and_key(tmp_path: Path) -> None:
    theme = "extends: example-org\nfonts:\n  body:\n    family: Nowhere Sans\n    regular: fonts/NowhereSans-Regular.ttf\n"
    project = _bad_layout(tmp_path, "nofont", theme)
    result = run_briefgen(["build", "--layout", "nofont", "--only", "memo", "sources/essay.md"], project)
    assert result.returncode == 1
    assert re.search(r"layouts/nofont/theme\.yaml: error: fonts\.body\.regular: .*NowhereSans-Regular\.ttf", result.stderr), result.stderr
    assert not (project / "build" / "essay" / "memo.pdf").exists()
    no_traceback(result.stderr)


def test_a_color_in_memo_yaml_that_is_not_a_color(tmp_path: Path) -> None:
    project = _bad_layout(tmp_path, "badband", "extends: example-org\n", {"memo.yaml": "masthead:\n  band_color: tealish\n"})
    result = run_briefgen(["build", "--layout", "badband", "--only", "memo", "sources/essay.md"], project)
    assert result.returncode == 1
    # one diagnostic line that starts with the file and names the key
    assert re.search(r"^\S*layouts/badband/memo\.yaml:\d+:\d+: error: .*masthead\.band_color: 'tealish'", result.stderr, re.M), result.stderr
    no_traceback(result.stderr)


def test_a_parent_that_does_not_exist(tmp_path: Path) -> None:
    project = _bad_layout(tmp_path, "orphan", "extends: no-such-parent\ncolors:\n  primary: \"#123456\"\n")
    result = run_briefgen(["build", "--layout", "orphan", "--only", "memo", "sources/essay.md"], project)
    assert result.returncode == 1
    assert re.search(r"layouts/orphan/theme\.yaml: error: no layout named 'no-such-parent'", result.stderr), result.stderr
    no_traceback(result.stderr)


def test_a_mapping_to_missing_layouts_falls_back_by_ranking(tmp_path: Path) -> None:
    layouts_yaml = "kinds:\n  section:\n    layouts: [Chapter Opener, Big Divider]\n"
    project = _bad_layout(tmp_path, "notpl", "extends: example-org\n", {"deck/layouts.yaml": layouts_yaml})
    result = run_briefgen(["build", "--layout", "notpl", "--only", "deck,memo", "sources/essay.md"], project)
    assert result.returncode == 0, result.stderr
    message = next((line for line in result.stderr.splitlines() if "Chapter Opener" in line), "")
    assert "example-org/deck/template.pptx" in message and "'Big Divider'" in message and "section slides" in message, result.stderr
    assert "'Meridian Divider'" in message  # what the ranking chose instead
    strict = run_briefgen(["build", "--layout", "notpl", "--only", "deck", "--strict", "--force", "sources/essay.md"], project)
    assert strict.returncode == 1 and "Chapter Opener" in strict.stderr, strict.stderr
    no_traceback(strict.stderr)


def test_a_missing_first_choice_layout_falls_back_with_a_warning(tmp_path: Path) -> None:
    layouts_yaml = "kinds:\n  quote:\n    layouts: [Meridian Pull Quote, Meridian Text]\n"
    project = _bad_layout(tmp_path, "fallback", "extends: example-org\n", {"deck/layouts.yaml": layouts_yaml})
    result = run_briefgen(["build", "--layout", "fallback", "--only", "deck", "sources/essay.md"], project)
    assert result.returncode == 0, result.stderr
    assert re.search(r"warning: .*no layout 'Meridian Pull Quote' \(for quote slides\); using 'Meridian Text'", result.stderr), result.stderr
    prs = Presentation(str(project / "build" / "essay" / "deck.pptx"))
    assert "Meridian Statement" not in {s.slide_layout.name for s in prs.slides}
    strict = run_briefgen(["build", "--strict", "--force", "--layout", "fallback", "--only", "deck", "sources/essay.md"], project)
    assert strict.returncode == 1 and "Meridian Pull Quote" in strict.stderr


def test_a_bad_theme_value_is_located_in_the_file_that_sets_it(tmp_path: Path) -> None:
    """Each bad theme.yaml value names its line and column, in the child or in the parent that sets it."""
    project = make_project(tmp_path)
    parent = project / "layouts" / "base"
    child = project / "layouts" / "child"
    parent.mkdir(parents=True)
    child.mkdir()
    (parent / "theme.yaml").write_text('extends: default\nsizes:\n  body: big\n', encoding="utf-8")
    (child / "theme.yaml").write_text('extends: base\npaper: legal\ncolors:\n  primary: "#12"\n', encoding="utf-8")
    result = run_briefgen(["build", "--layout", "child", "--only", "memo", "sources/essay.md"], project)
    no_traceback(result.stderr)
    assert result.returncode == 1
    assert f"{child / 'theme.yaml'}:4:12: error: colors.primary: '#12' is not a color" in result.stderr, result.stderr
    assert f"{child / 'theme.yaml'}:2:8: error: paper: 'legal'" in result.stderr, result.stderr
    assert f"{parent / 'theme.yaml'}:3:9: error: sizes.body: 'big'" in result.stderr, result.stderr
    # a missing key has no line to name: the child's file, unlocated (the negative case of the locator)
    (child / "theme.yaml").write_text('paper: letter\ncolors:\n  accent: "#123456"\n', encoding="utf-8")
    result = run_briefgen(["build", "--layout", "child", "--only", "memo", "sources/essay.md"], project)
    assert result.returncode == 1 and f"{child / 'theme.yaml'}: error: colors.primary is missing" in result.stderr, result.stderr
