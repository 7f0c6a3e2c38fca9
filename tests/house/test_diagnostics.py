"""Every diagnostic names its line (issue 16, item 3).

The code's emission sites are found by reading briefgen's own source (every
call of ``error``, ``warning``, ``Diagnostic``, ``warn``, ``err``, ``fail``...).
Each one is either driven here by a source that makes it fire, and must then
name a line (and, for front matter fields, a column), or is listed in
:data:`EXEMPT` with the reason it cannot name a line of the source. A new
emission site without a case fails :func:`test_every_emission_site_is_accounted_for`.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from briefgen.errors import Diagnostic, SourceError
from briefgen.layout import load_layout
from briefgen.render import RenderContext, RenderOptions
from briefgen.source import load_source
from tests.support import ROOT

PACKAGE = ROOT / "briefgen"
_NAMES = {"error": 2, "warning": 2, "Diagnostic": 2, "warn_once": 2, "fail": 1, "warn": 1, "warn_cfg": 0}
_ATTRS = {"warn": 1, "err": 1, "warn_chars": 1, "_warn": 1}


def emission_sites() -> List[str]:
    """``file: message`` for every call that makes a diagnostic (the message as written in the code)."""
    sites = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id in _NAMES:
                index = 0 if func.id == "warn" and len(node.args) == 1 else _NAMES[func.id]
            elif isinstance(func, ast.Attribute) and func.attr in _ATTRS:
                index = _ATTRS[func.attr]
            else:
                continue
            message = ast.unparse(node.args[index]) if len(node.args) > index else "?"
            sites.append(site_key(f"{path.relative_to(PACKAGE)}: {message}"))
    return sites


def site_key(site: str) -> str:
    """``file: message`` with the message cut to its first 50 characters (keys stay short)."""
    file, _, message = site.partition(": ")
    return f"{file}: {message[:50]}"


# ------------------------------------------------------------------ sources that fire each source diagnostic

GOOD = '---\ntitle: "A brief"\ndate: "2024-05-01"\nauthors:\n  - name: "Ana"\n    bio: "Ana writes."\n---\n\nBody.\n'


def head(front: str, body: str = "Body.\n") -> str:
    return f"---\n{front}---\n\n{body}"


AUTHOR = 'authors:\n  - name: "Ana"\n    bio: "B"\n'
BASE = 'title: "T"\ndate: "2024-05-01"\n' + AUTHOR

# site -> (source text, words the message holds, the line it must name, whether a column is expected)
CASES: Dict[str, Tuple[str, str, int, bool]] = {
    "source/frontmatter.py: f\"'page_budget' must be a whole number of pages fr": (head(BASE + "page_budget: 0\n"), "'page_budget' must be", 7, True),
    "source/frontmatter.py: f\"status '{value}' must be draft or final\"": (head(BASE + "status: done\n"), "must be draft or final", 7, True),
    "source/frontmatter.py: f\"embargo '{value}' must be an ISO 8601 date and t": (head(BASE + "embargo: 2026-12-05\n"), "ISO 8601", 7, True),
    "source/frontmatter.py: f\"url '{value}' must be an http:// or https:// add": (head(BASE + "url: ftp://x.org\n"), "http:// or https://", 7, True),
    # front matter fields: line and column
    "source/frontmatter.py: f\"unknown {where} field '{key}'{hint}\"": (head(BASE + "titel: 'x'\n"), "unknown front matter field", 7, True),
    "source/frontmatter.py: 'the front matter is empty: title, date and authors are required'": ("---\n\n---\n\nBody.\n", "front matter is empty", 1, False),
    "source/frontmatter.py: f'the front matter must be a mapping of fields (title: ..., date: ...),": (head("- a\n"), "must be a mapping", 2, True),
    # boxes, callouts and cross-references (#25, #28)
    "source/boxes.py: f\"unknown {name} attribute '{attr.raw}' (known: {k": (head(BASE, '::: {.box title="T" colour=red}\nText.\n:::\n'), "unknown box attribute", 9, True),
    "source/boxes.py: f\"unknown callout kind '{attr.value}' (known: {', ": (head(BASE, "::: {.callout kind=tip}\nText.\n:::\n"), "unknown callout kind", 9, True),
    "source/crossrefs.py: f\"the id '#{ident}' is also used on line {seen[ide": (head(BASE, "## A {#sec-a}\n\nText.\n\n## B {#sec-a}\n\nMore.\n"), "is also used on line 9", 13, True),
    "source/crossrefs.py: f\"'{written}' refers to no figure, table, box or s": (head(BASE, "## A {#sec-a}\n\nSee @sec-b.\n"), "refers to no figure", 11, True),
    "source/crossrefs.py: f\"'{written}' names a callout (line {target.line})": (head(BASE, "::: {.callout kind=note #box-c}\nText.\n:::\n\nSee @box-c.\n"), "names a callout", 13, True),
    "source/crossrefs.py: f\"'{written}' names a {what} without a caption (li": (head(BASE, "| a | b |\n|---|---|\n| 1 | 2 |\n\nTable: {#tbl-a}\n\nSee @tbl-a.\n"), "without a caption", 15, True),
    "source/captions.py: f\"'{text[:match.end()].strip()}' paragraph taken as the caption of": (head(BASE, "Intro.\n\n**Table 1. Money by year**\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"), "taken as the caption", 11, False),
    'source/structure.py: f"""unknown slide attribute \'{word}\' (known: layou': (head(BASE, "## S\n\n::: {.slide colour=red}\n- a\n:::\n"), "unknown slide attribute", 11, False),
    "source/citations.py: \"'csl' needs 'bibliography': the files the citations come from\"": (head(BASE + "csl: apa\n"), "needs 'bibliography'", 7, True),
    "source/frontmatter.py: \"'title' is empty\"": (head('title: "  "\ndate: "2024-05-01"\n' + AUTHOR), "'title' is empty", 2, True),
    "source/frontmatter.py: f'the title is {len(meta.title)} characters long; the limit is {MAX_TITLE": (head(f'title: "{"x" * 301}"\ndate: "2024-05-01"\n' + AUTHOR), "characters long", 2, True),
    "source/frontmatter.py: f\"date '{meta.date}' must be YYYY-MM-DD, YYYY-MM or YYYY\"": (head('title: "T"\ndate: "May 2024"\n' + AUTHOR), "must be YYYY-MM-DD", 3, True),
    "source/frontmatter.py: f'lang: {problem}'": (head(BASE + 'lang: "english!"\n'), "not a BCP 47 language tag", 7, True),
    "source/frontmatter.py: f\"layout '{meta.layout}' is not a layout name\"": (head(BASE + 'layout: "../x"\n'), "not a layout name", 7, True),
    "source/frontmatter.py: \"'authors' needs at least one author with a name\"": (head('title: "T"\ndate: "2024-05-01"\nauthors: []\n'), "at least one author", 4, True),
    "source/frontmatter.py: f\"'authors' must be a list of authors (- name: ...), not {describe(node": (head('title: "T"\ndate: "2024-05-01"\nauthors: "Ana"\n'), "must be a list of authors", 4, True),
    "source/frontmatter.py: f\"'{name}' must be text, not {describe(node)}\"": (head(BASE + "subtitle: [a]\n"), "must be text", 7, True),
    "source/frontmatter.py: f\"'{name}' is empty\"": (head(BASE + "subtitle:\n"), "'subtitle' is empty", 7, False),
    "source/frontmatter.py: f''''{name}' would be read as a {kind} ({node.value!r}): put it in quote": (head(BASE + "subtitle: yes\n"), "would be read as a bool", 7, True),
    "source/frontmatter.py: f\"'{name}' must be a list of text items, not {describe(node)}\"": (head(BASE + "keywords: {a: b}\n"), "must be a list of text items", 7, True),
    "source/frontmatter.py: f\"the required field '{key}' is missing\"": (head('title: "T"\n' + AUTHOR), "required field 'date'", 1, False),
    "source/frontmatter.py: f\"date '{value}' is not a real date\"": (head('title: "T"\ndate: "2024-02-30"\n' + AUTHOR), "not a real date", 3, True),
    "source/frontmatter.py: \"each author must be a mapping with at least 'name:'\"": (head('title: "T"\ndate: "2024-05-01"\nauthors:\n  - "Ana"\n'), "each author must be a mapping", 5, True),
    "source/frontmatter.py: \"this author has no 'name'\"": (head('title: "T"\ndate: "2024-05-01"\nauthors:\n  - role: "x"\n'), "no 'name'", 5, True),
    "source/frontmatter.py: \"the author's name is empty\"": (head('title: "T"\ndate: "2024-05-01"\nauthors:\n  - name: " "\n'), "name is empty", 5, True),
    "source/frontmatter.py: f\"author '{author.name}' has no bio: add 'bio:' for the About the Author": (head('title: "T"\ndate: "2024-05-01"\nauthors:\n  - name: "Ana"\n'), "has no bio", 5, True),
    "source/frontmatter.py: f\"'extra' must be a mapping of your own fields, not {describe(node)}\"": (head(BASE + "extra: [1]\n"), "'extra' must be a mapping", 7, True),
    "source/frontmatter.py: invisible.describe(found, f\"'{name}'\")": (head('title: "T\u202e"\ndate: "2024-05-01"\n' + AUTHOR), "right-to-left override", 2, True),
    "source/frontmatter.py: invisible.describe(found, f\"the key '{clean_key}'\")": (head(BASE + "extra:\n  k\u200by: v\n"), "the key 'ky'", 8, True),
    "source/frontmatter.py: f\"control characters removed from '{name}': {', '.join(removed)}\"": (head('title: "T\\x07"\ndate: "2024-05-01"\n' + AUTHOR), "control characters removed from 'title'", 2, True),
    "source/frontmatter.py: invisible.describe_confusables(lookalikes, f\"'{name}'\")": (head('title: "Log in to p\u0430ypal"\ndate: "2024-05-01"\n' + AUTHOR), "look-alikes", 2, True),
    "source/reader.py: invisible.describe_confusables(lookalikes)": (GOOD + "Visit p\u0430ypal now\n", "look-alikes", 10, True),
    # the body: lines (and columns where the reader knows them)
    "source/markdown.py: message": (GOOD + "\n" + "> " * 40 + "deep\n", "nested more than", 11, False),
    "source/markdown.py: f'this paragraph is {len(content):,} characters long; the limit is {MAX_": (GOOD + "\n" + "word " * 21000 + "\n", "paragraph is", 11, False),
    "source/fences.py: f\"the `{':' * div.colons} {div.kind}` opened at li": (head(BASE, "::: notes\nx\n\n## Next\n"), "is never closed", 9, True),
    "source/fences.py: message": (head(BASE, "::: slide\n::: notes\nx\n:::\n:::\n"), "more colons", 10, True),
    "source/fences.py: \"this ':::' closes no open block, so it is printed": (head(BASE, "Text.\n\n:::\n"), "closes no open block", 11, True),
    "source/fences.py: f'... and {more} more {what} from here on'": (head(BASE, "Text.\n\n" + ":::\n\n" * 52), "and 2 more ':::' lines", 111, True),
    "source/footnotes.py: f\"the footnote reference '[^{label}]' has no note,": (head(BASE, "Text.[^a]\n\n[^b]: Note.\n"), "has no note", 9, True),
    "source/footnotes.py: f\"the note '[^{label}]' is never referenced; it is": (head(BASE, "Text.[^a]\n\n[^b]: Note.\n"), "never referenced", 11, True),
    "source/divs.py: f\"unknown block '::: {match.group(1)}' (known: {', '.join(DIVS)}); its t": (GOOD + "\n::: sidebar\nx\n:::\n", "unknown block", 11, False),
    "source/inlineconv.py: str(exc)": (GOOD + "\n![alt](missing.png)\n", "missing.png", 11, False),
    "source/markdown.py: 'a chart must stand on its own in the body, not inside a list, a quote": (head(BASE, "- item\n\n  ::: {.chart type=bar}\n  Title: T\n  :::\n"), "must stand on its own", 11, False),
    "source/markdown.py: \"this chart has no 'Alt:' line; its alt text is generated from the": (head(BASE, "::: {.chart type=bar}\nTitle: T\n| y | a |\n|---|---|\n| 1 | 2 |\n:::\n"), "no 'Alt:' line", 9, False),
    "source/reader.py: \"the front matter block opened here is never closed with a line '---'\"": ('---\ntitle: "T"\n', "never closed", 1, False),
    "source/reader.py: 'the source is empty: it needs front matter (title, date, authors) and a body'": ("\n\n", "the source is empty", 1, False),
    "source/reader.py: \"the source must start with a front matter block: a line '---', the fiel": ("Body.\n", "must start with a front matter", 1, False),
    "source/reader.py: invisible.describe(found)": (GOOD + "x\u200by\n", "zero width space", 10, True),
    "source/reader.py: f\"control characters removed: {', '.join(names)}\"": (GOOD + "x\x07y\n", "control characters removed", 10, True),
    "source/structure.py: \"'#' headings start sections too; the title comes from the front matter": (GOOD + "\n# Top\n", "'#' headings", 11, False),
    "source/__init__.py: \"the body is empty: write the brief's text after the front matter\"": (head(BASE, ""), "the body is empty", 8, False),
    "yamlsafe.py: f\"'{name}' is given twice (first on line {parent.key_lines[name]})\"": (head(BASE + 'title: "U"\n'), "given twice", 7, True),
    "yamlsafe.py: f'invalid YAML: {problem}'": (head('title: "T\ndate: x\n'), "invalid YAML", 4, True),
    "yamlsafe.py: 'a mapping key must be plain text'": (head(BASE + "[a]: b\n"), "plain text", 7, True),
    "yamlsafe.py: 'YAML aliases (*name) are not allowed in a brief'": (head(BASE + "subtitle: *x\n"), "aliases", 7, True),
    "yamlsafe.py: f'YAML anchors (&{anchor}) are not allowed in a brief'": (head(BASE + "subtitle: &x y\n"), "anchors", 7, True),
    "yamlsafe.py: f'YAML tags ({tag}) are not allowed in a brief: quote the value'": (head(BASE + "subtitle: !!str y\n"), "tags", 7, True),
    "yamlsafe.py: f'invalid YAML: the character U+{char:04X} is not allowed here (remove it)'": (head(BASE + "subtitle: \"a\x01\"\n"), "U+0001", 7, False),
    "yamlsafe.py: f'the YAML is nested more than {MAX_DEPTH} levels deep'": (head(BASE + "extra:\n  x: " + "[" * 40 + "]" * 40 + "\n"), "nested more than", 8, True),
    "source/reader.py: f\"the file is {utf16}, not UTF-8: save it as UTF-8 (in the editor's Save As, Encoding: UTF-8)\"": ("".join(c + "\x00" for c in GOOD), "UTF-16LE", 1, True),
    "source/reader.py: f'not valid UTF-8 (byte 0x{raw[exc.start]:02X}); save the file as UTF-8'": (GOOD + "caf\udce9\n", "not valid UTF-8", 10, True),
    "source/reader.py: f'the source is {len(data) / 1048576:.1f} MiB; the limit is {MAX_SOURCE_B": (GOOD + ("x" * 1000 + "\n") * 2200, "MiB", 2104, False),
    "source/pastednotes.py: message": (head(BASE, "## Text\n\nBody.\n\n## Notes\n\n1. One.\n2. Two.\n"), "holds one numbered list", 13, True),
}
# the YAML reader's two nesting checks (sequences, mappings) share one message
DUPLICATE_OK = {"yamlsafe.py: f'the YAML is nested more than {MAX_DEPTH} levels deep'"}
SECOND_NESTING = head(BASE + "extra:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(40)) + "  " * 41 + "v\n")

# render warnings, fired by rendering RENDER_SOURCE: the words of the message, and text of the line it must name
RENDER_CASES = {
    "render/pdfkit/builder.py: f'no font has glyphs for: {describe_chars(missing)}'": ("no font has glyphs", "title:"),
    "render/pdfkit/builder.py: f\"link to '{href}' has no target in the memo; set as plain text\"": ("has no target", "(#bg-main)"),
    "render/handout/anchors.py: f\"link to '#{target}' has no target in the handout; set as plain text\"": ("no target in the handout", "(#no-such-part)"),
    "render/pdfkit/builder.py: f'lists and quotes nested deeper than {self.max_nesting} levels are se": ("nested deeper", "- level 6"),
    "render/memo/front.py: 'the summary and key points are too long for page 1; the summary box c": ("too long for page 1", "summary:"),
    "render/handout/__init__.py: lambda shown: f\"no font of layout '{layout.name}' has a glyph for: {": ("no font of layout", "title:"),
    "render/handout/context.py: f\"the heading anchor '{anchor}' is also an id of the handout; links t": ("also an id", "## BG Header"),
    "render/handout/convert.py: 'image has no alt text'": ("no alt text", "![](assets/pic.png)"),
    "render/pdfkit/builder.py: \"the memo orders a right-to-left paragraph's words right to left only\"": ("right-to-left paragraph", "שלום עולם"),
    "render/pdfkit/tables.py: f'this table is wider than the page even in {size:g}pt type; '": ("wider than the page", "| Wide0 |"),
    "render/deck/planbase.py: f'deck: a paragraph is too long for one {kind} slide even at {page.size:g}": ("a paragraph is too long for one", "- Long bullet"),
    "render/deck/visuals.py: f'deck: this pull quote is too long for one slide even at {pages[0].size:": ("pull quote is too long", "::: pullquote"),
    "render/deck/footer.py: _problem(text, fitted, spec.layout, spec.footer, spec.footer_size, footer": ("does not fit the footer box", "short_title:"),
    "render/handout/pdf.py: lambda shown: f'the handout PDF draws empty boxes for characters no f": ("empty boxes", "title:"),
}

CASES = {site_key(k): v for k, v in CASES.items()}
RENDER_CASES = {site_key(k): v for k, v in RENDER_CASES.items()}
DUPLICATE_OK = {site_key(k) for k in DUPLICATE_OK}

_LAYOUT = "about a layout's file (trusted configuration), not a place in the source"
_FAIL = "a renderer or build failure (budget, crash, I/O): about the output, not a place in the source"
_FILE = "about the source file as a whole: it has no lines yet"
_PLUMBING = "plumbing: passes a message made elsewhere (each maker is a site of its own)"
_DEFENSIVE = "defensive: unreachable from a source (the reader's checks run first); kept with a line anyway"
EXEMPT: Dict[str, str] = {
    "render/pdfkit/tables.py: f'this table has {n} columns, more than fit across": "at the table's line; tests/render/test_table_shapes.py builds such tables through the real command",
    "render/pdfkit/tables.py: 'this table cannot be set: ' + why_unset(heights[1": "at the table's line; tests/render/test_table_shapes.py builds such tables through the real command",
    "errors.py: message": _PLUMBING,
    "errors.py: diagnostics": _PLUMBING,
    "render/__init__.py: message": _PLUMBING,
    "render/__init__.py: message(describe_chars(here)) + (f' (in {place.label})' if place.label.start": _PLUMBING,
    "render/__init__.py: message(describe_chars(elsewhere)) + \" (in the layout's text, not the sour": "characters the source does not hold: the warning names the layout's theme file",
    "render/handout/__init__.py: message": _PLUMBING,
    "render/handout/__init__.py: msg": _PLUMBING,
    "render/deck/__init__.py: msg": _PLUMBING,
    "source/frontmatter.py: message": _PLUMBING,
    "render/common/chartstyle.py: message": "about the layout's theme file (charts.series), named with its file and line; "
                                      "cases in tests/render/common/test_charts_palette.py",
    "source/markdown.py: p.message": "plumbing: every chart problem is a ChartProblem that carries its file, line and column "
                                        "by construction; each kind has a located case in tests/source/test_charts_source.py",
    "yamlsafe.py: message": _PLUMBING,
    "render/pdfkit/builder.py: f'dropped {controls} control character(s)'": "the source layer strips control characters first; names the block's line for hand-built models",
    "render/handout/pdf.py: f'the handout PDF draws empty boxes for characters no font covers: {shown": "WeasyPrint's message named no code point: nothing to locate",
    "source/__init__.py: missing_source(path)": _FILE,
    "source/__init__.py: 'is a folder, not a source file'": _FILE,
    "source/__init__.py: f'cannot read the source: {exc.strerror}'": _FILE,
    "source/structure.py: 'the body is nested too deeply to read'": _DEFENSIVE,
    "yamlsafe.py: f'invalid YAML: {exc}'": _DEFENSIVE,
    "yamlsafe.py: 'the YAML is nested too deeply'": _DEFENSIVE,
    "render/onepager/page.py: message": "the one-pager's cut advice: located at the part to cut, tested in tests/render/onepager/test_onepager.py",
    "render/onepager/derived.py: warning_text(first.missing)": "the derived one-pager's warning at the title: every real report in tests/render/onepager/test_onepager.py",
    "render/onepager/derived.py: f\"the one-pager drawn from the report's text does ": "located at the title: tests/render/onepager/test_onepager.py (sixty authors)",
    "render/onepager/derived.py: f\"the one-pager has nothing to show: no 'summary:'": "located at the title: tests/render/onepager/test_onepager.py (a body without prose)",
    "build/skipping.py: d.message + tail": "the one-pager's 'nothing to show' error as a warning, at the title: tests/build/test_onepager_default.py",
    "build/skipping.py: str(found.get('message', ''))": "that warning repeated from the manifest, at the same place: tests/build/test_onepager_default.py",
    "build/skipping.py: NOT_MADE.format(file=path.name)": _DEFENSIVE,
    "build/skipping.py: f'left as it was ({why}); it is not from this buil": "about an output file, not the source: tests/build/test_onepager_default.py",
    "render/memo/__init__.py: message": "the page budget warning: at page_budget's value, or naming memo.yaml for a layout's budget; tested in tests/render/memo/test_budget.py",
    # briefgen import DRAFT.docx: a Word document has no lines; cases in tests/importers/test_import_docx.py
    "importers/errors.py: message": "about a Word document being imported (no source exists yet): path: error: message",
    "importers/issues.py: f'paragraph {places[0]}: {group.message}{more}'": "located by the Word paragraph number (a .docx has no lines)",
    "importers/issues.py: group.message": "about the Word document as a whole (tracked changes, macros, headers, properties)",
    "yamlsafe.py: 'only one YAML document is allowed here'": "the front matter split stops at the first '---': a second document cannot reach the reader",
}
_LAYOUT_FILES = ("render/handout/settings.py", "render/handout/contents.py", "layout/__init__.py", "layout/theme.py", "layout/labels.py",
                 "pptx_import.py", "render/pdfkit/config.py", "render/pdfkit/stylespecs.py", "render/pdfkit/styles.py", "render/pdfkit/fonts.py",
                 "render/deck/template.py", "render/deck/config.py", "render/handout/assets.py", "layout/notes.py")
_FAILURE_FILES = ("build/engine.py", "build/worker.py", "build/fsutil.py", "render/memo/__init__.py", "render/pdfkit/setup.py", "render/handout/pdf.py", "render/deck/__init__.py",
                  "render/handout/__init__.py")
_OUTPUT_FOLDER_FILES = ("build/outfolder.py", "build/cleaning.py")  # about the --out folder or a source's name: tests/build/test_safety.py
_OUTPUT_FOLDER = "about the output folder (or the source's file name): the command line's choice, not a place in the source"


EXEMPT = {site_key(k): v for k, v in EXEMPT.items()}
# briefgen/cite (#23) is not wired into the build yet: tests/cite/test_cite.py drives each of its diagnostics
# (CITE_CASES) and checks its line and column, or says why it cannot (CITE_EXEMPT).
from tests.cite.test_cite import CITE_CASES, CITE_EXEMPT  # noqa: E402

EXEMPT.update({site_key(k): f"tests/cite/test_cite.py: {v}" for k, v in CITE_EXEMPT.items()})
EXEMPT.update({site_key(k): "driven by tests/cite/test_cite.py::test_each_cite_diagnostic_names_its_line_and_column" for k in CITE_CASES})


def _reason(site: str) -> str:
    if site in EXEMPT:
        return EXEMPT[site]
    file = site.split(": ", 1)[0]
    if site.startswith("render/handout/assets.py: f\"cannot read image") or "changed while the brief" in site:
        return _FAIL
    if file in _LAYOUT_FILES or "layouts.yaml" in site or "template" in site or "logo" in site or "font" in site:
        return _LAYOUT
    if file in _FAILURE_FILES:
        return _FAIL
    if file in _OUTPUT_FOLDER_FILES:
        return _OUTPUT_FOLDER
    return ""


def test_every_emission_site_is_accounted_for() -> None:
    sites = emission_sites()
    assert len(sites) > 100, "the scan found too few call sites: is it still reading briefgen's code?"
    unaccounted = [s for s in sites if s not in CASES and s not in RENDER_CASES and not _reason(s)]
    assert not unaccounted, "diagnostics with no case here (add one to CASES/RENDER_CASES, or to EXEMPT with a reason):\n" + "\n".join(unaccounted)
    stale = [k for k in (*CASES, *RENDER_CASES, *EXEMPT) if k not in sites]
    assert not stale, "cases for sites that no longer exist:\n" + "\n".join(stale)
    repeated = {s for s in sites if sites.count(s) > 1 and (s in CASES or s in RENDER_CASES)} - DUPLICATE_OK
    assert not repeated, f"one case cannot speak for several sites: {repeated}"


def test_the_scan_sees_a_new_unlocated_warning(tmp_path: Path, monkeypatch) -> None:
    # negative fixture: a module with a new warning call is reported as unaccounted
    fake = tmp_path / "briefgen"
    (fake / "source").mkdir(parents=True)
    (fake / "source" / "new.py").write_text("def f(ctx):\n    ctx.warn(None, 'something new')\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    sites = emission_sites()
    assert sites == ["source/new.py: 'something new'"]
    assert not _reason(sites[0]) and sites[0] not in CASES


def _diagnostics(tmp_path: Path, text: str) -> List[Diagnostic]:
    path = tmp_path / "case.md"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    try:
        return list(load_source(path).diagnostics)
    except SourceError as exc:
        return list(exc.diagnostics)


@pytest.mark.parametrize("site", sorted(CASES))
def test_each_source_diagnostic_names_its_line(tmp_path: Path, site: str) -> None:
    text, words, line, wants_col = CASES[site]
    diags = _diagnostics(tmp_path, text)
    matching = [d for d in diags if words in d.message]
    assert matching, f"{site}: no message with {words!r}: {[str(d) for d in diags]}"
    diag = matching[0]
    assert diag.line == line, str(diag)
    if wants_col:
        assert diag.col is not None, f"a front matter or located message without a column: {diag}"
    assert all(d.line is not None for d in diags), [str(d) for d in diags]


def test_the_second_nesting_check_names_its_line(tmp_path: Path) -> None:
    diags = _diagnostics(tmp_path, SECOND_NESTING)
    assert [d.line for d in diags if "nested more than" in d.message] == [39]


# ------------------------------------------------------------------ render warnings

RENDER_SOURCE = """---
title: "Talks with 김정은 𒀀𒀁"
date: "2024-05-01"
authors:
  - name: "Ana"
    bio: "Ana writes."
summary: "A short summary."
short_title: "A running head that goes on and on about the talks, the treaties, the summits, the letters, the envoys, the meetings in Singapore and Hanoi and every one of the promises made there and then broken"
key_points:
{points}
---

## BG Header

A [link](#bg-main) here.

A [gone link](#no-such-part) here.

{nested}
![](assets/pic.png)

{rtl}

{wide}

## Deck section

::: slide
- A short bullet first

- Long bullet {long}
:::

::: pullquote
Long quote {long}
:::
"""


def render_text() -> str:
    # many short key points overflow page 1 between rows (one huge cell would split inside it)
    points = "\n".join(f'  - "Key point {i} of the brief, short."' for i in range(60))
    nested = "".join("  " * i + f"- level {i}\n" for i in range(9))
    rtl = "שלום עולם " + "מדיניות ציבורית היא עניין של כולם " * 12  # wraps: the memo's RTL order is exact per line only
    word = "Interdepartmentalization"
    wide = ("| " + " | ".join(f"Wide{i}" for i in range(14)) + " |\n" + "|---" * 14 + "|\n"
            + "| " + " | ".join(f"{word}{i}" for i in range(14)) + " |\n")
    return RENDER_SOURCE.replace("{points}", points).replace("{nested}", nested).replace("{rtl}", rtl).replace("{wide}", wide).replace(
        "{long}", "that says a great deal about policy and keeps going " * 40)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> RenderContext:
    from briefgen.render import handout, memo
    from briefgen.render.handout import pdf as handout_pdf
    from tests.support.handout_fixtures import make_png

    folder = tmp_path_factory.mktemp("render")
    (folder / "assets").mkdir()
    make_png(folder / "assets" / "pic.png")
    path = folder / "r.md"
    path.write_text(render_text(), encoding="utf-8")
    ctx = RenderContext(doc=load_source(path).doc, layout=load_layout("default", ROOT), options=RenderOptions(), version="test")
    from briefgen.render import deck

    memo.render(ctx)
    handout.render(ctx)
    handout_pdf.render(ctx)
    deck.render(ctx)
    return ctx


@pytest.mark.parametrize("site", sorted(RENDER_CASES))
def test_render_warnings_name_their_lines(rendered: RenderContext, site: str) -> None:
    words, marker = RENDER_CASES[site]
    lines = render_text().split("\n")
    expected = next(i for i, text in enumerate(lines, start=1) if marker in text)
    matching = [w for w in rendered.warnings if words in w.message]
    assert matching, f"{site}: {[str(w) for w in rendered.warnings]}"
    assert matching[0].line == expected, str(matching[0])


def test_no_render_warning_lacks_a_line(rendered: RenderContext) -> None:
    assert rendered.warnings
    assert [str(w) for w in rendered.warnings if w.line is None] == []
    title = [w for w in rendered.warnings if w.line == 2]
    assert title and all(w.col == 8 for w in title), [str(w) for w in title]


def test_warn_chars_traces_each_place_and_names_the_layout_for_the_rest(tmp_path: Path) -> None:
    text = '---\ntitle: "Seoul 서울"\ndate: "2024-05-01"\nauthors:\n  - name: "Kim 김"\n    bio: "B."\n---\n\nIn 서울 today.\n'
    path = tmp_path / "k.md"
    path.write_text(text, encoding="utf-8")
    ctx = RenderContext(doc=load_source(path).doc, layout=load_layout("default", ROOT), options=RenderOptions())
    ctx.warn_chars(["서", "울", "김", "Ω"], lambda shown: f"missing: {shown}")
    got = [(w.path.rsplit("/", 1)[-1], w.line, w.col, w.message) for w in ctx.warnings]
    assert got == [
        ("k.md", 2, 8, "missing: 서 (U+C11C) 울 (U+C6B8) (in 'title')"),
        ("k.md", 5, 11, "missing: 김 (U+AE40) (in 'author name')"),
        ("k.md", 9, None, "missing: 서 (U+C11C) 울 (U+C6B8)"),
        ("theme.yaml", None, None, "missing: Ω (U+03A9) (in the layout's text, not the source)"),
    ]
    # a line-only warning on a field's line gets the value's column; the same warning twice is kept once
    ctx.warnings.clear()
    ctx.warn(5, "about the author")
    ctx.warn(5, "about the author")
    assert [(w.line, w.col) for w in ctx.warnings] == [(5, 11)]
