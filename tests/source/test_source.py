"""The source reader: front matter rules, Markdown to model, lines in messages."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.errors import SourceError
from briefgen.model import (
    BlockQuote,
    Figure,
    FootnoteRef,
    Link,
    ListBlock,
    Paragraph,
    PullQuote,
    Table,
    plain_text,
)
from briefgen.source import load_source
from tests.support import CORPUS, ESSAY, SHARED

HEAD = '---\ntitle: "A brief"\ndate: "2024-05-01"\nauthors:\n  - name: "Ana"\n    bio: "Ana writes."\n---\n'


def write(tmp_path: Path, text: str, name: str = "brief.md") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def errors_of(path: Path) -> str:
    with pytest.raises(SourceError) as info:
        load_source(path)
    return str(info.value)


# ------------------------------------------------------------------ the essay


def seed_paragraphs() -> list:
    text = (SHARED / "seed" / "essay-seed.txt").read_text(encoding="utf-8")
    clutter = {"Skip to content", "Courtesy Image of Flickr, © 2017.", "Posted in", "Leave a Comment", "John Ashley",
               "Do not be Disappointed if the North Korea Talks Go Nowhere"}
    return [p.strip() for p in text.split("\n") if p.strip() and p.strip() not in clutter]


def test_essay_keeps_every_paragraph_word_for_word_in_order() -> None:
    doc = load_source(ESSAY).doc
    paragraphs = [plain_text(b.inlines) for b in doc.lede] + [
        plain_text(b.inlines) for s in doc.sections for b in s.blocks if isinstance(b, Paragraph)
    ]
    *essay, bio = seed_paragraphs()
    assert len(essay) == 7
    positions = [paragraphs.index(p) for p in essay]
    assert positions == sorted(positions)
    assert plain_text(doc.meta.authors[0].bio[0].inlines) == bio


def test_essay_has_what_a_brief_needs() -> None:
    doc = load_source(ESSAY).doc
    meta = doc.meta
    assert meta.title_text == "Do not be Disappointed if the North Korea Talks Go Nowhere"
    assert meta.date == "2018-08" and meta.date_display == "August 2018"
    assert 3 <= len(doc.sections) <= 5
    assert meta.summary and 3 <= len(meta.key_points) <= 4 and meta.recommendations
    for section in doc.sections:
        assert plain_text(section.title)
        assert 2 <= len(section.slide) <= 4
    text = ESSAY.read_text(encoding="utf-8")
    for clutter in ("Skip to content", "Courtesy Image", "Posted in", "Leave a Comment"):
        assert clutter not in text


# ------------------------------------------------------------------ front matter


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("title", "2024-01-01", "quotes"),
        ("title", "NO", "quotes"),
        ("title", "12", "quotes"),
        ("subtitel", '"x"', "did you mean 'subtitle'"),
        ("title", "[a, b]", "must be text"),
    ],
)
def test_front_matter_refuses_coercion_and_typos(tmp_path, field, value, words) -> None:
    text = HEAD.replace('title: "A brief"\n', f"{field}: {value}\n" + ('title: "t"\n' if field != "title" else ""))
    message = errors_of(write(tmp_path, text + "\nBody.\n"))
    assert re.search(r"brief\.md:2(:\d+)?: error: ", message), message
    assert words in message.replace("in quotes", "quotes").replace("put it in quotes", "quotes"), message


def test_author_name_no_is_refused(tmp_path) -> None:
    message = errors_of(write(tmp_path, HEAD.replace('name: "Ana"', "name: NO") + "\nBody.\n"))
    assert "brief.md:5" in message and "quotes" in message


def test_every_problem_is_reported_at_once(tmp_path) -> None:
    text = '---\ntitel: "x"\ndate: "May"\nauthors: []\n---\n\nBody.\n'
    message = errors_of(write(tmp_path, text))
    assert "brief.md:2" in message and "did you mean 'title'" in message
    assert "brief.md:3" in message and "YYYY" in message
    assert "'title' is missing" in message


def test_yaml_lines_count_in_the_whole_file_with_crlf(tmp_path) -> None:
    text = HEAD.replace("\n", "\r\n").replace('date: "2024-05-01"', "date: [unclosed") + "\r\nBody.\r\n"
    message = errors_of(write(tmp_path, text))
    assert re.search(r"brief\.md:[34]:\d+: error: invalid YAML", message), message


def test_unquoted_date_is_accepted_and_displayed(tmp_path) -> None:
    doc = load_source(write(tmp_path, HEAD.replace('"2024-05-01"', "2024-05-01") + "\nBody.\n")).doc
    assert doc.meta.date == "2024-05-01" and doc.meta.date_display == "May 1, 2024"


def test_source_date_epoch_wins(tmp_path, monkeypatch) -> None:
    path = write(tmp_path, HEAD + "\nBody.\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234567890")
    assert load_source(path).doc.epoch == 1234567890
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert load_source(path).doc.epoch == 1714521600  # 2024-05-01T00:00:00Z


# ------------------------------------------------------------------ body


def test_body_structure(tmp_path) -> None:
    body = """
Lede paragraph with a note.[^n]

## First *section*

Text with [a link](https://example.org) and [bad](javascript:alert(1)) and <b>raw</b>.

::: slide
- Bullet one
- Bullet two
:::

::: notes
Say this aloud.
:::

::: pullquote
Quoted words.
:::

> A quote

1. one
2. two

| a | b |
|---|--:|
| 1 | 2 | 3 |

## Second

[^n]: The note.
"""
    doc = load_source(write(tmp_path, HEAD + body)).doc
    assert plain_text(doc.lede[0].inlines) == "Lede paragraph with a note."
    assert isinstance(doc.lede[0].inlines[-1], FootnoteRef)
    first, second = doc.sections
    assert plain_text(first.title) == "First section" and first.anchor == "first-section"
    para = first.blocks[0]
    links = [n for n in para.inlines if isinstance(n, Link)]
    assert [l.href for l in links] == ["https://example.org"]
    assert "bad" in plain_text(para.inlines) and "<b>raw</b>" in plain_text(para.inlines)
    assert [plain_text(b) for b in first.slide] == ["Bullet one", "Bullet two"]
    lines = (HEAD + body).split("\n")
    assert [lines[n - 1] for n in first.slide_lines] == ["- Bullet one", "- Bullet two"]  # each bullet's own line
    assert first.slide_line(1) == first.slide_lines[1] and first.slide_line(9) == first.line
    assert plain_text(first.notes[0].inlines) == "Say this aloud."
    kinds = [type(b) for b in first.blocks]
    assert kinds == [Paragraph, PullQuote, BlockQuote, ListBlock, Table]
    table = first.blocks[-1]
    assert len(table.rows[0]) == 2 and table.aligns == (None, "right")
    assert doc.footnotes[0].number == 1 and plain_text(doc.footnotes[0].blocks[0].inlines) == "The note."
    assert first.blocks[0].line == HEAD.count("\n") + 6
    assert plain_text(second.title) == "Second" and second.blocks == ()


def test_body_without_headings_is_one_untitled_section(tmp_path) -> None:
    doc = load_source(write(tmp_path, HEAD + "\nOne.\n\nTwo.\n")).doc
    assert doc.lede == () and len(doc.sections) == 1
    assert doc.sections[0].title == () and len(doc.sections[0].blocks) == 2


def test_images_resolve_inside_the_folder_only(tmp_path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "ok.png").write_bytes((CORPUS / "assets" / "ok_small.png").read_bytes())
    outside = tmp_path.parent / f"{tmp_path.name}-outside.png"
    outside.write_bytes((CORPUS / "assets" / "ok_small.png").read_bytes())
    os.symlink(outside, tmp_path / "assets" / "link.png")
    doc = load_source(write(tmp_path, HEAD + '\n![A chart](assets/ok.png "Caption | Credit: Us")\n')).doc
    figure = doc.sections[0].blocks[0]
    assert isinstance(figure, Figure) and figure.alt == "A chart" and figure.credit == "Credit: Us"
    assert plain_text(figure.caption) == "Caption" and figure.image.width > 0
    message = errors_of(write(tmp_path, HEAD + "\n![x](assets/link.png)\n", "b.md"))
    assert "b.md:9: error:" in message and "outside" in message


def test_control_characters_are_stripped_with_a_warning(tmp_path) -> None:
    result = load_source(write(tmp_path, HEAD + "\nA\x07B\n"))
    assert plain_text(result.doc.sections[0].blocks[0].inlines) == "AB"
    assert any(d.line == 9 and "U+0007" in d.message for d in result.diagnostics)


# ------------------------------------------------------------------ fuzzing

_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
_MARKDOWN = st.lists(
    st.one_of(
        _TEXT,
        st.sampled_from(["## H", "### h", "> q", "- i", "1. n", "::: slide", ":::", "| a |\n|---|\n| b |", "[^1]", "[^1]: n",
                         "![a](x.png)", "[l](javascript:x)", "<script>", "```", "    code", ">" * 60 + " deep", "*" * 50]),
    ),
    max_size=25,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=_MARKDOWN, title=_TEXT)
def test_fuzz_only_a_document_or_a_located_error(tmp_path, body, title) -> None:
    escaped = title.replace("\\", "\\\\").replace('"', '\\"')
    text = HEAD.replace('"A brief"', f'"{escaped}"') + "\n" + "\n\n".join(body) + "\n"
    path = write(tmp_path, text)
    try:
        load_source(path)
    except SourceError as exc:
        for diag in exc.diagnostics:
            assert diag.path.endswith("brief.md")
            assert diag.line is not None and diag.line >= 1


def test_slide_div_attributes(tmp_path):
    """``::: {.slide layout="..."}`` and ``::: {.slide skip}`` reach the model; unknown attributes warn."""
    from briefgen.source import load_source

    src = tmp_path / "b.md"
    src.write_text('---\ntitle: "T"\ndate: "2024"\nauthors:\n  - name: A\n    bio: B.\n---\n\n## One\n\n'
                   '::: {.slide layout="Two Content"}\n- a bullet\n:::\n\nText one.\n\n## Two\n\n::: {.slide skip}\n:::\n\n'
                   "Text two.\n\n## Three\n\n::: {.slide bogus}\n:::\n\nText three.\n", encoding="utf-8")
    result = load_source(src, project_dir=tmp_path)
    one, two, three = result.doc.sections
    assert (one.slide_layout, one.deck_skip, len(one.slide)) == ("Two Content", False, 1)
    assert two.deck_skip and not two.slide_layout and not three.deck_skip
    messages = [str(d) for d in result.diagnostics]
    assert any(":26: warning: unknown slide attribute 'bogus'" in m for m in messages), messages
