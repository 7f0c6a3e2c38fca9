"""Property-based fuzzing of whole sources through ``briefgen check`` and ``briefgen build``.

Hypothesis writes complete source files: front matter with random structure
(known and unknown fields, any Unicode including astral planes and control
characters, deep nesting, huge tokens, YAML features that are refused such as
tags and anchors) and a random Markdown body (every block kind the reader
knows, fenced blocks left open, raw HTML, links and images of every scheme).
Whatever the file, ``briefgen`` must exit 0 or 1 and print only compiler-style
lines (``path:line: error|warning: message``), never a traceback.

The generators are shared with ``bench/fuzz_long.py`` (a longer campaign).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import List, Tuple

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

DIAG_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+)(?::\d+)?: (?P<sev>error|warning): \S.*$")
DIAG_NO_LINE = re.compile(r"^(?P<path>.+?): (?P<sev>error|warning): \S.*$")
OK_LINE = re.compile(r"^.+: ok$")
STATUS_LINE = re.compile(r"^\s*(built|failed|up to date|not available yet): \S")
SUMMARY_LINE = re.compile(r"^briefgen: \d+ output\(s\) failed, in ")

# ---------------------------------------------------------------- generators

ASTRAL = st.characters(min_codepoint=0x10000, max_codepoint=0x10FFFF)
CONTROLS = st.sampled_from(["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9b", "\u2028", "\u2029", "\ufeff", "\ufffe", "\U0001fffe", "\u202e", "\u200b", "\r"])
SPECIAL = st.sampled_from(["<", ">", "&", '"', "'", "\\", "`", "*", "_", "[", "]", "(", ")", "{", "}", "#", "|", ":", "-", "!", "%", "$", "{{", "}}", "{%", "<para>", "<font color=red>", "</b>", "&amp;", "&#0;", "&#x110000;"])
PIECE = st.one_of(st.characters(blacklist_categories=("Cs",)), ASTRAL, CONTROLS, SPECIAL)
WORD = st.one_of(
    st.text(alphabet=st.characters(min_codepoint=0x61, max_codepoint=0x7A), min_size=1, max_size=12),
    st.lists(PIECE, min_size=1, max_size=8).map("".join),
)


@st.composite
def huge_token(draw) -> str:
    """One very long unbroken word (up to 60 000 characters)."""
    unit = draw(st.sampled_from(["x", "é", "😀", "a-", "中", "<", "\u0301"]))
    return unit * draw(st.integers(min_value=200, max_value=60_000))


def text_st(max_words: int = 30) -> st.SearchStrategy[str]:
    """A line of prose: words, odd characters, sometimes a huge token."""
    words = st.lists(st.one_of(WORD, WORD, WORD, huge_token() if max_words > 5 else WORD), min_size=1, max_size=max_words)
    return words.map(" ".join)


SCALAR = st.one_of(
    text_st(8),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.sampled_from(["2026-01-15", "2026-13-45", "1999", "yes", "No", "~", "null", "0x1F", "1e9", ".inf", "12:30:00"]),
)
NESTED = st.recursive(SCALAR, lambda kids: st.one_of(st.lists(kids, max_size=4), st.dictionaries(WORD, kids, max_size=4)), max_leaves=20)
AUTHOR = st.dictionaries(st.sampled_from(["name", "role", "bio", "email", "nmae"]), st.one_of(text_st(12), NESTED), max_size=4)
FIELDS = {
    "title": st.one_of(text_st(12), NESTED, st.just("")),
    "subtitle": text_st(12),
    "short_title": text_st(4),
    "date": st.one_of(st.sampled_from(["2026-01-15", "2026-01", "2026", "2026-02-30", "15/01/2026", ""]), SCALAR),
    "authors": st.one_of(st.lists(AUTHOR, max_size=3), NESTED),
    "organization": text_st(6),
    "summary": text_st(40),
    "key_points": st.one_of(st.lists(text_st(10), max_size=5), NESTED),
    "recommendations": st.one_of(st.lists(text_st(10), max_size=5), NESTED),
    "keywords": st.one_of(st.lists(WORD, max_size=8), NESTED),
    "layout": st.one_of(st.sampled_from(["default", "../etc", "nope", "a/b", ".hidden", "x" * 300]), WORD),
    "lang": st.one_of(st.sampled_from(["en", "fr-CA", "zz-ZZZZZZZZZ", "e", "中文"]), WORD),
    "extra": NESTED,
}

YAML_MUTATIONS = [
    "title: !!python/object/apply:os.system ['true']",
    "anchor: &a [1, 2]\nalias: *a",
    "<<: {title: merged}",
    "? [complex, key]\n: value",
    "%YAML 1.1",
    "---",
    "...",
    "\ttitle: tabbed",
    "title: 'unterminated",
    "title: \"bad escape \\q\"",
    "binary: !!binary aGVsbG8=",
    "set: !!set {a, b}",
    "deep: " + "[" * 200 + "]" * 200,
    "deep2: " + "{a: " * 120 + "1" + "}" * 120,
    "title: x\ntitle: y",
    "- a list item",
    "key: |\n  literal\n    more",
    "key: >-\n folded",
    "\ufeffbom: inside",
]


@st.composite
def front_matter(draw) -> str:
    """The YAML between the ``---`` lines: usually a mapping of (mostly known) fields, then mutated."""
    import yaml

    keys = draw(st.lists(st.sampled_from(sorted(FIELDS)), unique=True, max_size=len(FIELDS)))
    if draw(st.booleans()):
        keys = sorted(set(keys) | {"title", "date", "authors"})
    data = {key: draw(FIELDS[key]) for key in keys}
    for _ in range(draw(st.integers(0, 2))):
        data[draw(WORD)] = draw(NESTED)
    try:
        text = yaml.safe_dump(
            data,
            allow_unicode=draw(st.booleans()),
            default_flow_style=draw(st.sampled_from([False, None, True])),
            width=draw(st.sampled_from([80, 10**6])),
            sort_keys=False,
        )
    except Exception:  # a value YAML cannot write: fall back to raw text
        text = "\n".join(f"{k}: {draw(text_st(6))}" for k in data)
    lines = text.splitlines()
    for _ in range(draw(st.integers(0, 3))):
        where = draw(st.integers(0, len(lines)))
        lines.insert(where, draw(st.one_of(st.sampled_from(YAML_MUTATIONS), text_st(6))))
    if lines and draw(st.integers(0, 9)) == 0:
        cut = draw(st.integers(0, len(lines) - 1))
        lines[cut] = lines[cut][: draw(st.integers(0, max(0, len(lines[cut]))))]
    return "\n".join(lines) + "\n"


URL = st.sampled_from([
    "https://example.org/a?b=c&d=<e>", "http://127.0.0.1:9/x", "mailto:a@b.c", "#anchor", "#", "javascript:alert(1)",
    "JaVaScRiPt:alert(1)", "java\tscript:x", "data:text/html;base64,PHNjcmlwdD4=", "file:///etc/passwd", "/etc/passwd",
    "../../../etc/passwd", "assets/ok_small.png", "assets/missing.png", "//evil.example/x", "vbscript:x", "\\\\server\\share",
    "https://exa mple.org", "", "%2e%2e/secret", "ftp://x/y", "https://例え.jp/パス", "assets/ok_small.png \"title\"",
])


def inline_st() -> st.SearchStrategy[str]:
    """Inline Markdown: emphasis, code, links, images, raw HTML, footnotes, entities."""
    piece = st.one_of(
        text_st(12),
        text_st(4).map(lambda t: f"*{t}*"),
        text_st(4).map(lambda t: f"**{t}**"),
        text_st(4).map(lambda t: f"`{t}`"),
        st.tuples(text_st(3), URL).map(lambda p: f"[{p[0]}]({p[1]})"),
        st.tuples(text_st(3), URL).map(lambda p: f"![{p[0]}]({p[1]})"),
        URL.map(lambda u: f"<{u}>"),
        st.sampled_from(["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<b>bold", "</div>", "<!-- c", "<?php ?>",
                         "<iframe src='http://127.0.0.1:9/'></iframe>", "&nbsp;&#x1F600;&bogus;", "[^1]", "[^missing]", "\\", "  \n"]),
    )
    return st.lists(piece, min_size=1, max_size=8).map(" ".join)


@st.composite
def block(draw, depth: int = 0) -> str:
    """One Markdown block (recursive for lists, quotes and fenced divs)."""
    kinds = ["para", "heading", "list", "olist", "quote", "table", "code", "div", "html", "hr", "footnote", "blank"]
    kind = draw(st.sampled_from(kinds if depth < 6 else ["para", "heading", "code"]))
    if kind == "para":
        return draw(inline_st())
    if kind == "heading":
        return "#" * draw(st.integers(1, 7)) + " " + draw(inline_st()) + draw(st.sampled_from(["", " {#id}", " #", " {.class}"]))
    if kind in ("list", "olist"):
        marker = "-" if kind == "list" else "1."
        items = draw(st.lists(st.one_of(inline_st(), block(depth + 1)), min_size=1, max_size=4))
        return "\n".join(f"{marker} " + item.replace("\n", "\n" + " " * (len(marker) + 1)) for item in items)
    if kind == "quote":
        inner = draw(block(depth + 1))
        return "\n".join("> " + line for line in inner.split("\n"))
    if kind == "table":
        cols = draw(st.integers(1, 6))
        rows = draw(st.integers(0, 12))
        def row() -> str:
            return "| " + " | ".join(draw(text_st(3)).replace("|", "\\|").replace("\n", " ") for _ in range(draw(st.integers(1, cols + 1)))) + " |"
        return "\n".join([row(), "|" + "---|" * cols] + [row() for _ in range(rows)])
    if kind == "code":
        fence = draw(st.sampled_from(["```", "~~~", "````"]))
        closed = draw(st.integers(0, 4)) > 0
        return f"{fence}{draw(st.sampled_from(['', 'python', 'html', '{=html}']))}\n{draw(text_st(20))}\n" + (fence if closed else "")
    if kind == "div":
        name = draw(st.sampled_from(["slide", "pullquote", "note", "sidebar", "unknown", "slide {.x}", ""]))
        inner = "\n\n".join(draw(st.lists(block(depth + 1), min_size=0, max_size=3)))
        closed = draw(st.integers(0, 4)) > 0
        return f"::: {name}\n{inner}\n" + (":::" if closed else "")
    if kind == "html":
        return draw(st.sampled_from(["<div>\n<script>x()</script>\n</div>", "<table><tr><td>x</td></tr></table>", "<style>body{background:url(http://127.0.0.1:9/)}</style>", "<details><summary>s</summary>d</details>"]))
    if kind == "hr":
        return draw(st.sampled_from(["---", "***", "___", "- - -"]))
    if kind == "footnote":
        return f"[^{draw(st.sampled_from(['1', 'a', 'missing', '']))}]: {draw(inline_st())}"
    return ""


@st.composite
def source_text(draw) -> str:
    """A whole source file: front matter and body, with the occasional structural fault."""
    shape = draw(st.sampled_from(["normal"] * 8 + ["no_front", "unclosed", "empty_body", "only_front"]))
    body = "\n\n".join(draw(st.lists(block(), min_size=1, max_size=12)))
    if draw(st.booleans()):  # a valid front matter (random text, JSON-quoted) so the body gets rendered
        import json

        fm = (f"title: {json.dumps(draw(text_st(8)))}\ndate: 2026-01-15\nauthors:\n"
              f"  - name: {json.dumps(draw(text_st(3)))}\n    bio: {json.dumps(draw(text_st(20)))}\n")
    else:
        fm = draw(front_matter())
    if shape == "no_front":
        text = body
    elif shape == "unclosed":
        text = f"---\n{fm}{body}"
    elif shape == "empty_body":
        text = f"---\n{fm}---\n\n   \n"
    elif shape == "only_front":
        text = f"---\n{fm}---"
    else:
        text = f"---\n{fm}---\n\n{body}\n"
    ending = draw(st.sampled_from(["\n"] * 6 + ["\r\n", "\r"]))
    if ending != "\n":
        text = text.replace("\n", ending)
    if draw(st.integers(0, 9)) == 0:
        text = "\ufeff" + text
    return text


@st.composite
def source_bytes(draw) -> bytes:
    """The file's bytes: UTF-8, sometimes with invalid sequences or lone surrogates spliced in."""
    data = draw(source_text()).encode("utf-8")
    if draw(st.integers(0, 14)) == 0:
        where = draw(st.integers(0, len(data)))
        data = data[:where] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x00"])) + data[where:]
    return data


def _small(text: str) -> bytes:
    """A source cut down for a real build: lines of at most 2 000 characters, at most 300 lines."""
    lines = [line[:2000] for line in text.split("\n")[:300]]
    return "\n".join(lines).encode("utf-8")


def small_source_bytes() -> st.SearchStrategy[bytes]:
    """Sources for whole builds: the same shapes, smaller (a build renders three outputs)."""
    return source_text().map(_small)


# ---------------------------------------------------------------- checking one source


def stderr_problems(stderr: str, allow_status: bool = False) -> List[str]:
    """Lines of stderr that are not compiler-style diagnostics (or build status lines)."""
    bad = []
    for line in stderr.splitlines():
        if DIAG_LINE.match(line) or OK_LINE.match(line):
            continue
        if allow_status and (STATUS_LINE.match(line) or SUMMARY_LINE.match(line) or DIAG_NO_LINE.match(line)):
            continue
        bad.append(line)
    return bad


def check_in_process(data: bytes) -> Tuple[int, str]:
    """``briefgen check FILE`` in this process; returns (status, stderr). Any escaping exception is a failure."""
    from briefgen.cli.parser import run

    previous = signal.getsignal(signal.SIGTERM)
    with tempfile.TemporaryDirectory(prefix="briefgen-fuzz-") as folder:
        path = Path(folder) / "fuzz.md"
        path.write_bytes(data)
        err = io.StringIO()
        try:
            with contextlib.redirect_stderr(err):
                status = run(["check", str(path)])
        except SystemExit as exc:  # argparse only; must not happen for a file argument
            status = exc.code if isinstance(exc.code, int) else 2
        finally:
            signal.signal(signal.SIGTERM, previous)
    return status, err.getvalue()


def assert_check_contract(data: bytes) -> None:
    status, stderr = check_in_process(data)
    assert status in (0, 1), f"exit {status}:\n{stderr[:3000]}"
    bad = stderr_problems(stderr)
    assert not bad, f"lines not of the form path:line: error|warning: ...: {bad[:5]!r}"
    has_error = any((m := DIAG_LINE.match(line)) and m["sev"] == "error" for line in stderr.splitlines())
    assert (status == 1) == has_error, f"exit {status} but errors={has_error}:\n{stderr[:3000]}"


def build_in_subprocess(data: bytes, folder: Path, only: str = "memo,handout,deck", timeout: float = 300) -> subprocess.CompletedProcess:
    """``briefgen build`` of one source in a scratch project (with the corpus's assets)."""
    from tests.support import CORPUS

    (folder / "sources").mkdir(parents=True, exist_ok=True)
    if (CORPUS / "assets" / "ok_small.png").exists():
        (folder / "sources" / "assets").mkdir(exist_ok=True)
        (folder / "sources" / "assets" / "ok_small.png").write_bytes((CORPUS / "assets" / "ok_small.png").read_bytes())
    (folder / "sources" / "fuzz.md").write_bytes(data)
    return subprocess.run([sys.executable, "-m", "briefgen", "build", "--only", only, "-j", "2"], cwd=folder, capture_output=True, text=True, timeout=timeout)


def assert_build_contract(data: bytes, folder: Path) -> None:
    from tests.build.test_faults import output_problem, temp_files

    result = build_in_subprocess(data, folder)
    stderr = result.stderr
    assert "Traceback (most recent call last)" not in stderr, stderr[-3000:]
    assert result.returncode in (0, 1), f"exit {result.returncode}:\n{stderr[-3000:]}"
    bad = stderr_problems(stderr, allow_status=True)
    assert not bad, f"unexpected stderr lines: {bad[:5]!r}"
    assert not temp_files(folder / "build") if (folder / "build").exists() else True
    if result.returncode == 0:
        for name in ("memo.pdf", "handout.html", "deck.pptx"):
            path = folder / "build" / "fuzz" / name
            assert path.is_file(), f"{name} missing after exit 0:\n{stderr[-2000:]}"
            problem = output_problem(path)
            assert problem is None, f"{name}: {problem}"


# ---------------------------------------------------------------- the tests

def fuzz(examples: int) -> settings:
    """Hypothesis settings: no deadline (a build takes seconds), no example database in the repo."""
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much, HealthCheck.large_base_example],
    )


@fuzz(60)
@given(source_bytes())
def test_check_never_crashes(data: bytes) -> None:
    """``briefgen check``: exit 0 or 1, only path:line diagnostics, exit 1 exactly when an error is printed."""
    assert_check_contract(data)


@fuzz(25)
@given(front_matter())
def test_check_never_crashes_on_front_matter(fm: str) -> None:
    """Front matter alone varies (with a fixed good body): the YAML and field checks take every hit."""
    assert_check_contract(f"---\n{fm}---\n\nA body.\n".encode("utf-8", "surrogatepass"))


@settings(fuzz(5), phases=[Phase.explicit, Phase.generate])  # no shrinking: each step is a whole build
@given(small_source_bytes())
def test_build_never_crashes(data: bytes) -> None:
    """A few whole builds (memo, handout, deck): no traceback, exit 0 or 1, complete outputs on success."""
    with tempfile.TemporaryDirectory(prefix="briefgen-fuzz-build-") as folder:
        try:
            assert_build_contract(data, Path(folder))
        except AssertionError as exc:
            keep = Path(tempfile.gettempdir()) / "briefgen-fuzz-failures"
            keep.mkdir(exist_ok=True)
            saved = keep / f"{hashlib.sha256(data).hexdigest()[:12]}.md"
            saved.write_bytes(data)
            raise AssertionError(f"{exc}\n(the source is saved as {saved})") from None


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: A\ndate: 2026-01-15\nauthors:\n  - name: B\n    bio: C\n---\n\n" + "> " * 400 + "deep\n",
        "---\ntitle: A\ndate: 2026-01-15\nauthors:\n  - name: B\n    bio: C\n---\n\n" + "- " * 400 + "deep\n",
        "---\ntitle: A\ndate: 2026-01-15\nauthors:\n  - name: B\n    bio: C\n---\n\n" + "::: slide\n" * 300 + "x\n",
        "---\ntitle: A\ndate: 2026-01-15\nauthors:\n  - name: B\n    bio: C\n---\n\n" + "*" * 50_000 + "\n",
        "---\ntitle: A\ndate: 2026-01-15\nauthors:\n  - name: B\n    bio: C\n---\n\n" + "[" * 20_000 + "x" + "](y)" * 20_000 + "\n",
        "---\ntitle: " + "[" * 5000 + "\n---\n\nx\n",
        "---\ntitle: A\ndate: 2026-01-15\nauthors:\n  - name: B\n    bio: \"a\\nb\\u2028c\"\n---\n\nx\n",
        "---\n" + "\n".join(f"k{i}: v" for i in range(5000)) + "\n---\n\nx\n",
    ],
    ids=["quotes-400", "lists-400", "divs-300", "stars-50k", "brackets-20k", "yaml-flow-5000", "newline-in-bio", "keys-5000"],
)
def test_check_on_pathological_shapes(text: str) -> None:
    """Hand-picked worst cases of nesting and repetition."""
    assert_check_contract(text.encode("utf-8"))
