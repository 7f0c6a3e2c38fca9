"""Typographer's quotes, dashes and ellipses, set once in the source layer (issue #26 item 6).

Unit tests run the parser as built (``make_parser(lang)``) over short inputs;
the end-to-end tests run the real ``briefgen build`` over the essay and the
real CRS reports and read the memo (poppler), the handout (its HTML text
outside code, pre and attributes) and the deck (python-pptx) back: no
straight double quote or typewriter apostrophe is left in the prose, while a
code span keeps its straight quotes.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import List

import pytest

from tests.support import ESSAY, FIXTURES, SHARED, make_project, no_traceback, pdftotext, run_briefgen, tool_missing

from briefgen.source.markdown import make_parser
from briefgen.source.typography import FRENCH_SPACE, quotes_for, smarten

REAL = sorted(p for p in (SHARED / "real").glob("*.md") if p.name != "README.md") if (SHARED / "real").is_dir() else []
STRAIGHT = re.compile(r"[\"']")


def inline_html(text: str, lang: str = "en") -> str:
    """markdown-it's HTML of ``text`` through briefgen's parser, without the paragraph tags."""
    html = make_parser(lang).render(text).strip()
    return re.sub(r"^<p>|</p>$", "", html)


# ------------------------------------------------------------------ the parser


@pytest.mark.parametrize(
    "source, expected",
    [
        ('"Hello," she said.', "\u201cHello,\u201d she said."),
        ("'Single' quotes", "\u2018Single\u2019 quotes"),
        ("He said \"she said 'no' to me\" today", "He said \u201cshe said \u2018no\u2019 to me\u201d today"),
        ("it's the students' union", "it\u2019s the students\u2019 union"),
        ("in the '90s", "in the \u201990s"),
        ("rock 'n' roll", "rock \u2019n\u2019 roll"),
        ("'tis the season", "\u2019tis the season"),
        ("1990--2000", "1990\u20132000"),
        ("a -- b", "a \u2013 b"),
        ("wait---what", "wait\u2014what"),
        ("and so...", "and so\u2026"),
        ('"*emphasis*" kept', "\u201c<em>emphasis</em>\u201d kept"),
        ("\u201calready\u201d curly \u2019", "\u201calready\u201d curly \u2019"),
        ("Section 101(c) and (tm), ,, +- !!!!", "Section 101(c) and (tm), ,, +- !!!!"),
        ("the --verbose flag", "the --verbose flag"),
        ('escaped \\"quote\\"', "escaped &quot;quote&quot;"),
    ],
)
def test_english(source: str, expected: str):
    assert inline_html(source) == expected


def test_french_guillemets_with_narrow_no_break_spaces():
    assert inline_html('Il a dit "bonjour" à l\'État.', "fr") == f"Il a dit \u00ab{FRENCH_SPACE}bonjour{FRENCH_SPACE}\u00bb à l\u2019État."
    assert inline_html('"un \'deux\' trois"', "fr-CA").startswith("\u00ab" + FRENCH_SPACE + "un \u2039" + FRENCH_SPACE + "deux")


def test_german_low_high_quotes():
    assert inline_html("Er sagte \"ja 'nein' ja\".", "de") == "Er sagte \u201eja \u201anein\u2018 ja\u201c."


def test_british_and_spanish_outer_quotes():
    assert inline_html('"outer \'inner\'"', "en-GB") == "\u2018outer \u201cinner\u201d\u2019"
    assert inline_html('"dijo \'no\'"', "es") == "\u00abdijo \u201cno\u201d\u00bb"
    assert quotes_for("xx") == quotes_for("en")


@pytest.mark.parametrize(
    "source, kept",
    [
        ("`\"code\" it's -- ...`", "&quot;code&quot; it's -- ..."),
        ('[a link](https://example.com/a"b\'c--d...e)', "https://example.com/a%22b'c--d...e"),
        ("<https://example.com/it's--x...y>", "https://example.com/it's--x...y</a>"),
        ("see https://example.com/it's--x...y today", "https://example.com/it's--x...y</a>"),
        ('<span title="x">y</span>', "&lt;span title=&quot;x&quot;&gt;"),
        ("at /usr/local/share--x/a...b now", "/usr/local/share--x/a...b"),
    ],
)
def test_code_urls_link_targets_and_raw_html_untouched(source: str, kept: str):
    assert kept in inline_html(source)


def test_code_block_untouched():
    html = make_parser().render('```\nprint("it\'s") -- ...\n```\n\n    indented "code"\n')
    assert "print(&quot;it's&quot;) -- ..." in html
    assert "indented &quot;code&quot;" in html


def test_smarten_plain_text():
    assert smarten("O'Brien -- \"quoted\"") == "O\u2019Brien \u2013 \u201cquoted\u201d"
    assert smarten('"quoted"', "de") == "\u201equoted\u201c"
    assert smarten("") == ""


# ------------------------------------------------------------------ the checker


def prose_problems(text: str) -> List[str]:
    """The straight quotes left in ``text`` (with their surroundings); empty: none."""
    return [text[max(0, m.start() - 30) : m.end() + 30] for m in STRAIGHT.finditer(text)]


class ProseText(HTMLParser):
    """The handout's text outside ``code``, ``pre``, ``script`` and ``style`` (attributes are never data)."""

    SKIP = {"code", "pre", "script", "style", "kbd", "samp"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.prose: List[str] = []
        self.code: List[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        (self.code if self.depth else self.prose).append(data)


def handout_text(path: Path) -> ProseText:
    parser = ProseText()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def deck_text(path: Path) -> str:
    """Every slide's text: text frames and table cells (speaker notes aside)."""
    from pptx import Presentation

    out = []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                out.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                out.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return "\n".join(out)


def test_checker_finds_straight_quotes():
    assert prose_problems('He said "no".') and prose_problems("it's")
    assert not prose_problems("He said \u201cno\u201d; it\u2019s")


# ------------------------------------------------------------------ the real command

NEGATIVE = """---
title: "Quotes: a \\"test\\" of it's"
date: "2024-01"
authors:
  - name: "Pat O'Brien"
lang: {lang}
---

## The "section"

She said "it's 'fine'" -- twice... Use `print("it's")` to check.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The essay, the real reports and two small sources (English, French) built once."""
    project = make_project(tmp_path_factory.mktemp("typo"), [ESSAY, *REAL])
    (project / "sources" / "quoted.md").write_text(NEGATIVE.format(lang="en"), encoding="utf-8")
    (project / "sources" / "cite.md").write_text(NEGATIVE.format(lang="fr"), encoding="utf-8")
    result = run_briefgen(["build"], project, timeout=900)
    no_traceback(result.stderr)
    assert result.returncode == 0, result.stderr
    assert "no font has glyphs" not in result.stderr, result.stderr  # every mark the parser writes is drawn
    return project / "build"


NAMES = ["essay", "quoted"] + [p.stem for p in REAL]


@pytest.mark.skipif(tool_missing("pdftotext"), reason="poppler-utils not installed")
@pytest.mark.parametrize("name", NAMES)
def test_memo_prose_has_no_straight_quotes(built: Path, name: str):
    text = pdftotext(built / name / "memo.pdf")
    if name == "quoted":
        assert 'print("it\'s")' in text  # the code span keeps its straight quotes...
        text = text.replace('print("it\'s")', "")  # ...and is the only place they are left
    assert not prose_problems(text), prose_problems(text)[:5]


@pytest.mark.parametrize("name", NAMES)
def test_handout_prose_has_no_straight_quotes(built: Path, name: str):
    parsed = handout_text(built / name / "handout.html")
    problems = prose_problems("".join(parsed.prose))
    assert not problems, problems[:5]
    if name == "quoted":
        assert 'print("it\'s")' in "".join(parsed.code)
        assert "She said \u201cit\u2019s \u2018fine\u2019\u201d \u2013 twice\u2026" in "".join(parsed.prose)


@pytest.mark.parametrize("name", NAMES)
def test_deck_slides_have_no_straight_quotes(built: Path, name: str):
    text = deck_text(built / name / "deck.pptx")
    if name == "quoted":
        text = text.replace('print("it\'s")', "")
    assert not prose_problems(text), prose_problems(text)[:5]


def test_french_document_gets_guillemets_everywhere(built: Path):
    html = "".join(handout_text(built / "cite" / "handout.html").prose)
    assert f"\u00ab{FRENCH_SPACE}it\u2019s \u2039{FRENCH_SPACE}fine{FRENCH_SPACE}\u203a{FRENCH_SPACE}\u00bb" in html
    assert "Pat O\u2019Brien" in html
    deck = deck_text(built / "cite" / "deck.pptx")
    # The deck renderer folds whitespace (a no-break space becomes a space): the marks are what is checked here.
    assert re.search(f"\u00ab[{FRENCH_SPACE} ]section[{FRENCH_SPACE} ]\u00bb", deck), deck


@pytest.mark.skipif(tool_missing("pdffonts"), reason="poppler-utils not installed")
@pytest.mark.parametrize("layout", ["default", "example-org"])
def test_layout_fonts_draw_the_typographic_marks(layout: str):
    """Every face a layout sets text in has the marks the parser now writes (no .notdef boxes)."""
    from tests.support import ROOT
    from briefgen.layout import load_layout
    from briefgen.render.handout.assets import uncovered

    from briefgen.render.common.fontfiles import cmap

    marks = set("\u2018\u2019\u201a\u201c\u201d\u201e\u2013\u2014\u2026\u00ab\u00bb\u2039\u203a")
    loaded = load_layout(layout, ROOT)
    for role, face in loaded.theme.fonts.items():
        for path in face.files():
            missing = uncovered([path], marks)
            assert not missing, f"{layout} {role} {path.name}: no glyph for {[f'U+{ord(c):04X}' for c in missing]}"
            # uncovered() skips spaces: the one inside French guillemets is checked by its code point
            assert ord(FRENCH_SPACE) in cmap(path), f"{layout} {role} {path.name}: no glyph for U+{ord(FRENCH_SPACE):04X}"


def test_glyph_check_fails_on_a_missing_mark():
    """Negative case for the check above: a character no layout face draws is reported."""
    from tests.support import ROOT
    from briefgen.layout import load_layout
    from briefgen.render.handout.assets import uncovered

    face = next(iter(load_layout("default", ROOT).theme.fonts.values()))
    assert uncovered(list(face.files()), {"\U0001F600", "\u2019"}) == ["\U0001F600"]


# ------------------------------------------------------------------ every text field of the model

FIELDS_SOURCE = """---
title: "The \\"plan\\" -- explained"
subtitle: "It's 1990--2000..."
short_title: "The 'plan'"
date: "2026-04"
organization: "O'Neill Institute"
authors:
  - name: "Pat O'Brien"
    role: "Fellow, 'Policy' desk"
    bio: "Pat's work -- \\"notes\\"."
summary: "A \\"summary\\"."
key_points: ["It's key"]
recommendations: ["Don't wait"]
---

"Lede" text with a [link's "text"](https://example.com/a'b--c) and `"code"`.

## The "section"

| Name | Value |
|------|------:|
| "it's" | 1--2 |

![An "alt" text](fig.png "A \\"caption\\" | Credit's")

::: {.chart type=timeline}
Title: The "history"
Alt: Two "events".
- 1953: The "armistice"
- 1968-01: Pueblo's seizure
:::
"""


def test_every_text_field_is_set_and_data_is_not(tmp_path: Path):
    import shutil

    from briefgen.model import Chart, Figure, Table, plain_text
    from briefgen.source import load_source

    shutil.copyfile(FIXTURES / "parser" / "assets" / "fig.png", tmp_path / "fig.png")
    source = tmp_path / "fields.md"
    source.write_text(FIELDS_SOURCE, encoding="utf-8")
    doc = load_source(source, tmp_path).doc
    meta = doc.meta
    assert plain_text(meta.title) == "The \u201cplan\u201d \u2013 explained"
    assert plain_text(meta.subtitle) == "It\u2019s 1990\u20132000\u2026"
    assert meta.short_title == "The \u2018plan\u2019"
    assert meta.organization == "O\u2019Neill Institute"
    author = meta.authors[0]
    assert (author.name, author.role) == ("Pat O\u2019Brien", "Fellow, \u2018Policy\u2019 desk")
    assert plain_text(author.bio[0].inlines) == "Pat\u2019s work \u2013 \u201cnotes\u201d."
    assert plain_text(meta.summary[0].inlines) == "A \u201csummary\u201d."
    assert plain_text(meta.key_points[0]) == "It\u2019s key"
    assert plain_text(meta.recommendations[0]) == "Don\u2019t wait"
    lede = doc.lede[0].inlines
    assert plain_text(lede).startswith("\u201cLede\u201d text with a link\u2019s \u201ctext\u201d")
    assert any(getattr(n, "href", "") == "https://example.com/a'b--c" for n in lede)
    assert any(getattr(n, "text", None) == '"code"' and type(n).__name__ == "Code" for n in lede)
    section = doc.sections[0]
    assert plain_text(section.title) == "The \u201csection\u201d"
    table = next(b for b in section.blocks if isinstance(b, Table))
    assert plain_text(table.rows[0][0].inlines) == "\u201cit\u2019s\u201d"
    figure = next(b for b in section.blocks if isinstance(b, Figure))
    assert figure.alt == "An \u201calt\u201d text"
    assert plain_text(figure.caption) == "A \u201ccaption\u201d" and figure.credit == "Credit\u2019s"
    chart = next(b for b in section.blocks if isinstance(b, Chart))
    assert chart.title == "The \u201chistory\u201d" and chart.alt == "Two \u201cevents\u201d."
    assert [e.text for e in chart.events] == ["The \u201carmistice\u201d", "Pueblo\u2019s seizure"]
    assert [e.when for e in chart.events] == ["1953", "1968-01"]


def test_heading_anchors_stay_as_before(tmp_path: Path):
    """A heading's anchor is what it was when quotes stayed straight (links written to it keep working)."""
    from briefgen.source import load_source

    source = tmp_path / "anchors.md"
    source.write_text('---\ntitle: "A"\ndate: "2026-04"\nauthors:\n  - name: "B"\n---\n\n'
                      "## EDA's Role\n\nText.\n\n## 1990--2000\n\nText.\n", encoding="utf-8")
    doc = load_source(source, tmp_path).doc
    assert [s.anchor for s in doc.sections] == ["eda-s-role", "1990-2000"]
