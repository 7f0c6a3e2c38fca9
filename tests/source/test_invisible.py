"""Invisible and direction-changing characters: removed once in the source layer, each with its line and column."""

from __future__ import annotations

import dataclasses
import json
import unicodedata
from pathlib import Path
from typing import Iterator

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from briefgen.errors import SourceError
from briefgen.model import plain_text
from briefgen.source import load_source
from briefgen.source.invisible import char_name, describe, find, is_clean, scrub
from tests.support import CORPUS

# ------------------------------------------------------------------ the rule, on strings


@pytest.mark.parametrize(
    "text, clean",
    [
        ("abc\u202edef\u202c", "abcdef"),  # override + pop
        ("\u2066isolated\u2069 \u2067x\u2068y", "isolated xy"),  # isolates
        ("\u202a\u202b\u202d", ""),  # embeddings, LTR override
        ("a\u200eb\u200fc\u061cd", "abcd"),  # LRM, RLM, ALM
        ("Dana\u200b Staf\u200dfer", "Dana Staffer"),  # ZWSP, ZWJ between Latin letters
        ("Auf\u200clage", "Auflage"),  # ZWNJ in Latin: no joining context
        ("wo\u2060rd", "word"),  # word joiner
        ("mid\ufefftext", "midtext"),  # BOM in mid-text
        ("\u3164\uffa0x", "x"),  # Hangul fillers standing alone
        ("\u115fx", "x"),  # choseong filler without a vowel
        ("a\ufffcb", "ab"),  # object replacement character
        ("x\U000e0041\U000e007fy", "xy"),  # tag characters outside an emoji tag sequence
        ("A\ufe0f\ufe0f", "A\ufe0f"),  # a second variation selector
        (" \ufe0f", " "),  # a variation selector after a space
        ("so\u00adft", "soft"),  # soft hyphen: the outputs hyphenate by themselves
        ("a\u2028b\u2029c", "a b c"),  # line and paragraph separators become spaces
        ("\U0001d173x\U0001d17a", "x"),  # musical format controls
        ("\u206a\u206f\u2065", ""),  # deprecated format characters, an unassigned ignorable
    ],
)
def test_suspect_characters_are_removed(text: str, clean: str) -> None:
    out, found = scrub(text)
    assert out == clean
    assert found and all(f.char == text[f.index] for f in found)


@pytest.mark.parametrize(
    "text",
    [
        "👨\u200d👩\u200d👧\u200d👦",  # emoji ZWJ sequence
        "👩🏽\u200d💻",  # with a skin tone modifier
        "🏳\ufe0f\u200d🌈",  # with a presentation selector
        "1\ufe0f\u20e3",  # keycap
        "\u263a\ufe0e",  # text presentation selector
        "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # flag of Scotland (tag sequence)
        "می\u200cخواهم",  # Persian ZWNJ between joining letters
        "ک\u0651\u200cه",  # ZWNJ with a transparent mark before it
        "क्\u200dष",  # ZWJ after a virama (Devanagari)
        "ক্\u200cষ",  # ZWNJ after a virama (Bengali)
        "ᠠ\u180b",  # Mongolian free variation selector after a letter
        "\u115f\u1161",  # old-Hangul syllable: choseong filler + vowel
        "\u1100\u1160",  # leading consonant + jungseong filler
        "\u0600١٢٣",  # Arabic number sign: a visible prepended concatenation mark
        "plain text, é, 中文, עברית",
    ],
)
def test_legitimate_uses_stay(text: str) -> None:
    assert scrub(text) == (text, [])


def test_messages_name_each_code_point_and_the_kind() -> None:
    assert describe(find("a\u202eb")) == "direction-changing character removed: U+202E right-to-left override"
    assert describe(find("a\u200bb\u200b"), "'title'") == "invisible characters removed from 'title': U+200B zero width space"
    both = describe(find("\u2066a\u200b"))
    assert both.startswith("invisible and direction-changing characters removed: ")
    assert "U+2066 left-to-right isolate" in both and "U+200B zero width space" in both
    assert describe(find("a\u2028b")) == "invisible character replaced by a space: U+2028 line separator"
    assert char_name("\ufeff") == "U+FEFF zero width no-break space (byte order mark)"
    assert char_name("\U000e0041") == "U+E0041 tag latin capital letter a"


every_cf = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"]


def test_no_format_character_survives_alone_between_latin_letters() -> None:
    # the general rule, not a list: of every Cf code point, placed between two
    # Latin letters, only the visible prepended concatenation marks stay
    import regex

    kept = {c for c in every_cf if not find(f"a{c}b")}
    marks = {c for c in every_cf if regex.match(r"\p{Prepended_Concatenation_Mark}", c)}
    assert kept == marks, sorted(f"U+{ord(c):04X}" for c in kept ^ marks)
    assert "\u0600" in kept and "\u202e" not in kept


@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40))
@settings(max_examples=400, deadline=None)
@example("😀\ufe0f\ufe0f\u200d😀")
@example("a\u200b\ufe0f")
def test_scrubbing_is_complete_and_idempotent(text: str) -> None:
    clean, found = scrub(text)
    assert is_clean(clean)
    assert scrub(clean) == (clean, [])
    assert len(clean) == len(text) - sum(1 for f in found if not f.replacement)


# ------------------------------------------------------------------ in a source, with positions


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "brief.md"
    path.write_bytes(text.encode("utf-8"))
    return path


def _warnings(path: Path) -> list:
    return [str(d) for d in load_source(path).diagnostics]


SOURCE = """---
title: "Pay \u202eevil\u202c now"
subtitle: "Sub\u200btitle"
short_title: "Sh\u2060ort"
organization: "Org\ufeffanization"
date: "2026-01-15"
authors:
  - name: "Dana\u200b Staffer"
    role: "An\u2066alyst"
    bio: "Dana \u200dwrites."
summary: |
  A summary with
  a \u2067hidden isolate.
key_points:
  - "one\u200b"
  - "two \\u2066x"
recommendations:
  - "Do \u202dit"
keywords: ["key\u200bword"]
extra:
  series: "Se\u200bries"
---

Body with \u202eRLO and a fine 👨\u200d👩 family.

## Hea\u200bding

```
code \u2067with isolate
```
"""

EXPECTED = [
    (2, 13, "direction-changing characters removed from 'title': U+202E right-to-left override, U+202C pop directional formatting"),
    (3, 15, "invisible character removed from 'subtitle': U+200B zero width space"),
    (4, 17, "invisible character removed from 'short_title': U+2060 word joiner"),
    (5, 19, "invisible character removed from 'organization': U+FEFF zero width no-break space (byte order mark)"),
    (8, 16, "invisible character removed from 'author name': U+200B zero width space"),
    (9, 14, "direction-changing character removed from 'author role': U+2066 left-to-right isolate"),
    (10, 16, "invisible character removed from 'author bio': U+200D zero width joiner"),
    (13, 5, "direction-changing character removed from 'summary': U+2067 right-to-left isolate"),
    (15, 9, "invisible character removed from 'key_points item 1': U+200B zero width space"),
    (16, 5, "direction-changing character removed from 'key_points item 2': U+2066 left-to-right isolate"),  # an escape: the value's start
    (18, 9, "direction-changing character removed from 'recommendations item 1': U+202D left-to-right override"),
    (19, 16, "invisible character removed from 'keywords item 1': U+200B zero width space"),
    (21, 14, "invisible character removed from 'extra.series': U+200B zero width space"),
    (24, 11, "direction-changing character removed: U+202E right-to-left override"),
    (26, 7, "invisible character removed: U+200B zero width space"),
    (29, 6, "direction-changing character removed: U+2067 right-to-left isolate"),
]


def test_every_field_and_the_body_warn_at_line_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path, SOURCE)
    got = _warnings(path)
    shown = str(path)
    assert got == [f"{shown}:{line}:{col}: warning: {message}" for line, col, message in EXPECTED]
    # the columns point at the character itself
    lines = SOURCE.split("\n")
    for line, col, message in EXPECTED:
        if "escape" not in message and line != 16:
            code = int(message.split("U+")[1][:4], 16)
            assert lines[line - 1][col - 1] == chr(code), (line, col)


def test_the_model_holds_the_clean_text(tmp_path: Path) -> None:
    doc = load_source(_write(tmp_path, SOURCE)).doc
    meta = doc.meta
    assert meta.title_text == "Pay evil now"
    assert meta.author_names == ("Dana Staffer",)
    assert meta.authors[0].role == "Analyst"
    assert meta.short_title == "Short"
    assert meta.organization == "Organization"
    assert meta.keywords == ("keyword",)
    assert meta.extra == {"series": "Series"}
    assert [plain_text(k) for k in meta.key_points] == ["one", "two x"]
    assert plain_text(doc.sections[0].title) == "Heading"
    assert "👨\u200d👩" in plain_text(doc.lede[0].inlines)
    assert _all_clean(doc)


def test_case_55_zero_width_in_author_names_line_5() -> None:
    result = load_source(CORPUS / "55_zero_width_in_author.md")
    (diag,) = result.diagnostics
    assert (diag.line, diag.col, diag.severity) == (5, 16, "warning")
    assert "zero width space" in diag.message and "zero width joiner" in diag.message
    assert result.doc.meta.author_names == ("Dana Staffer",)


def test_a_field_left_empty_by_removal_is_an_error_with_its_line(tmp_path: Path) -> None:
    text = '---\ntitle: "\u202e\u200b"\ndate: "2026-01-15"\nauthors:\n  - name: "A"\n    bio: "B"\n---\n\nBody.\n'
    with pytest.raises(SourceError) as info:
        load_source(_write(tmp_path, text))
    lines = {(d.line, d.severity) for d in info.value.diagnostics}
    assert (2, "error") in lines and (2, "warning") in lines


# ------------------------------------------------------------------ property: nothing unneutralized reaches the model


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name))
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def _all_clean(doc: object) -> bool:
    return all(is_clean(s) for s in _strings(doc))


_SPECIALS = st.sampled_from(
    ["\u202e", "\u202c", "\u2066", "\u2069", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",
     "\u3164", "\ufe0f", "\U000e0041", "\u061c", "\u200e", "😀", "ب", "\u094d", "a", " "]
)
_CHARS = st.one_of(
    st.characters(whitelist_categories=("L", "N", "P", "S", "Zs", "Cf", "Mn")),
    _SPECIALS,
)
_TEXT = st.text(_CHARS, min_size=1, max_size=25)
FIELDS = ("title", "subtitle", "organization", "summary", "short_title")


@given(fields=st.fixed_dictionaries({k: _TEXT for k in FIELDS}), name=_TEXT, bio=_TEXT, point=_TEXT, body=_TEXT)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_no_suspect_character_reaches_the_model(tmp_path: Path, fields: dict, name: str, bio: str, point: str, body: str) -> None:
    head = "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in fields.items())
    author = f"  - name: {json.dumps(name, ensure_ascii=False)}\n    bio: {json.dumps(bio, ensure_ascii=False)}\n"
    text = (
        f"---\n{head}date: \"2026-01-15\"\nauthors:\n{author}key_points:\n  - {json.dumps(point, ensure_ascii=False)}\n"
        f"extra:\n  x: {json.dumps(point, ensure_ascii=False)}\n---\n\nBody {body}\n\n## H {body}\n\n- {body}\n"
    )
    path = _write(tmp_path, text)
    try:
        result = load_source(path)
    except SourceError as exc:  # e.g. a title left empty: still every message has a line
        assert all(d.line is not None for d in exc.diagnostics), str(exc)
        return
    assert all(d.line is not None and d.col is not None for d in result.diagnostics if "removed" in d.message), result.diagnostics
    assert _all_clean(result.doc)


def test_the_fast_prefilter_covers_every_suspect_code_point() -> None:
    from briefgen.source import invisible

    missed = [f"U+{c:04X}" for c in range(0x110000) if invisible._SUSPECT.match(chr(c)) and not invisible._PREFILTER.match(chr(c))]
    assert missed == []
    assert not invisible._PREFILTER.match("a")  # and it is a filter: letters do not pass


# ------------------------------------------------------------------ look-alike letters


@pytest.mark.parametrize(
    "text, words",
    [
        ("Log in to p\u0430ypal", ["p\u0430ypal"]),  # Cyrillic a
        ("M\u0456crosoft and \u0430pple", ["M\u0456crosoft", "\u0430pple"]),  # Cyrillic i, a
        ("the B\u039fARD met", ["B\u039fARD"]),  # Greek capital omicron
        ("ΔGDP, β-blockers, the Москва summit, Ολυμπία, naïve café", []),  # ordinary notation and whole words
    ],
)
def test_words_mixing_latin_with_look_alikes_are_reported(text: str, words: list) -> None:
    from briefgen.source.invisible import confusables

    assert [c.word for c in confusables(text)] == words


def test_look_alikes_warn_at_their_column_and_stay(tmp_path: Path) -> None:
    text = '---\ntitle: "Log in to p\u0430ypal"\ndate: "2026-01-15"\nauthors:\n  - name: "A"\n    bio: "B"\n---\n\nVisit p\u0430ypal now.\n'
    result = load_source(_write(tmp_path, text))
    got = [(d.line, d.col) for d in result.diagnostics]
    assert got == [(2, 19), (9, 7)], [str(d) for d in result.diagnostics]
    assert all("U+0430 cyrillic small letter a" in d.message for d in result.diagnostics)
    assert result.doc.meta.title_text == "Log in to p\u0430ypal"  # visible: kept, the reader is told


# ------------------------------------------------------------------ all four outputs, read back with the real tools

TROJAN = """---
title: "Approve \u202etegdub\u202c 2027 now"
subtitle: "Pay the \u2066invoice\u2069 today"
date: "2026-01-15"
authors:
  - name: "Dana\u200b Staf\u200dfer"
    bio: "Dana writes about policy."
key_points:
  - "Access is \u202e\u2066denied\u2069 granted"
---

## Summary

The admin flag is \u202eeslaf\u202c here, and a word\u2060joiner.
"""


def test_all_four_outputs_show_the_same_visible_text(tmp_path: Path) -> None:
    import re
    import zipfile

    from tests.support import pdftotext, run_briefgen, tool_missing

    if tool_missing("pdftotext"):
        pytest.skip("poppler is not installed")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "trojan.md").write_text(TROJAN, encoding="utf-8")
    result = run_briefgen(["build", "sources/trojan.md"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("warning: ") >= 5, result.stderr
    out = tmp_path / "build" / "trojan"
    with zipfile.ZipFile(out / "deck.pptx") as deck:
        deck_text = "".join(
            "".join(re.findall(r"<a:t>([^<]*)</a:t>", deck.read(n).decode("utf-8"))) + "\n"
            for n in deck.namelist() if n.endswith(".xml")
        )
    texts = {
        "memo": pdftotext(out / "memo.pdf"),
        "handout.pdf": pdftotext(out / "handout.pdf"),
        "handout.html": (out / "handout.html").read_text(encoding="utf-8"),
        "deck": deck_text,
    }
    for name, text in texts.items():
        flat = re.sub(r"\s+", " ", text)
        assert not re.search("[\u202a-\u202e\u2066-\u2069\u200b-\u200f\u2060\ufeff]", text), name
        for expected in ("Approve tegdub 2027 now", "Pay the invoice today", "Dana Staffer", "Access is denied granted"):
            assert expected in flat, (name, expected)
        if name != "deck":  # the deck's slides carry the key points, not the body
            assert "eslaf" in flat and "wordjoiner" in flat, name
