"""Page budgets (issue 13): a memo over its budget first tries the layout's tighter settings, then warns with
the figure and the longest sections (``--strict``: an error); one that fits is silent.

The report is pure (tested here without drawing); the real memo is searched
for the paragraph count that just fits a one-page budget, so "one paragraph
over" is exact whatever the fonts measure.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefgen import model as m
from briefgen.errors import LayoutError
from briefgen.layout import load_layout
from briefgen.render import RenderContext, RenderOptions
from briefgen.render.memo.budget import (
    Tightening, budget_report, inline_pullquotes, page_position, section_lengths, tightenings,
)
from briefgen.render.pdfkit.config import MemoConfig
from briefgen.source import load_source
from tests.support import ROOT, make_project, no_traceback, run_briefgen

PARAGRAPH = ("Budget negotiators met again on Tuesday without agreement on the toplines, and the staff of both "
             "committees now expect a continuing resolution through the spring, with anomalies for the programs "
             "whose spending would otherwise fall below what current law requires of them.")


# ------------------------------------------------------------------ pure


def test_positions_and_section_lengths_are_in_pages() -> None:
    assert page_position(1, 0, 1, 0.5) == 0.5
    assert page_position(3, 1, 2, 0.5) == pytest.approx(2.75)  # second of two columns, half full
    assert page_position(2, 0, 1, 1.7) == 2.0  # a fill out of range is clamped
    lengths = section_lengths([("1 A", 0.2), ("2 B", 0.5), ("Notes", 2.1)], 2.4)
    assert [t for t, _ in lengths] == ["2 B", "1 A", "Notes"]
    assert [round(x, 2) for _, x in lengths] == [1.6, 0.3, 0.3]


def test_the_report_gives_the_figure_and_the_longest_sections_and_is_silent_within_budget() -> None:
    sections = [("2 Long", 1.2), ("1 Short", 0.4), ("3 Tiny", 0.1), ("4 Least", 0.05)]
    message = budget_report(3, 2.25, 2, "page_budget", sections, 48)
    assert message == ("the memo runs 3 pages, 0.2 page (about 12 lines) over its budget of 2 pages (page_budget); "
                       "longest: 2 Long (1.2 p.), 1 Short (0.4 p.), 3 Tiny (0.1 p.)")
    assert budget_report(3, 2.5, 1, "x", [], 48, tightened=True) == (
        "the memo runs 3 pages, 1.5 pages (about 72 lines) over its budget of 1 page (x) even with the layout's tighter settings")
    assert budget_report(2, 1.9, 2, "page_budget", sections, 48) is None
    assert budget_report(5, 4.5, 0, "page_budget", sections, 48) is None  # no budget


def test_tightenings_are_read_strictly_from_memo_yaml() -> None:
    theme = load_layout("default", ROOT).theme

    def cfg(value):
        return MemoConfig({"budget": {"tighten": value}}, theme, "memo.yaml")

    assert tightenings(cfg([{"leading": "0.95", "space": "0.5", "pullquotes": "inline"}])) == [Tightening(0.95, 0.5, True)]
    assert tightenings(MemoConfig({}, theme, "memo.yaml")) == []
    for bad in ([{"leading": "0.2"}], [{"leading": "tight"}], [{"pullquotes": "hide"}], [{"margins": "1"}], "small"):
        with pytest.raises(LayoutError):
            tightenings(cfg(bad))


def test_pull_quotes_inline_become_block_quotes_everywhere() -> None:
    quote = m.PullQuote((m.Paragraph((m.Text("Q"),), 3),), 3)
    nested = m.ListBlock((m.ListItem((quote,), 4),), False, 1, 4)
    section = m.Section((m.Text("S"),), "s", (quote, nested), (), (), 2)
    meta = m.Metadata((), (), "2024", "2024", (), "", (), (), (), (), "default", "")
    doc = m.Document(meta, (quote,), (section,), (), "x.md", Path("."), "en", (), 0)
    out = inline_pullquotes(doc)
    kinds = [type(b).__name__ for b in m.walk_blocks(m.all_body_blocks(out))]
    assert "PullQuote" not in kinds and kinds.count("BlockQuote") == 3


# ------------------------------------------------------------------ the real memo


def brief(paragraphs: int, budget: int = 1) -> str:
    body = "\n\n".join(f"{PARAGRAPH} ({i})" for i in range(paragraphs))
    return ('---\ntitle: "A budget brief"\ndate: "2024-05-01"\nauthors:\n  - name: "Ana"\n    bio: "Ana writes."\n'
            f"page_budget: {budget}\n---\n\n## Long section\n\n{body}\n\n## Short section\n\n{PARAGRAPH}\n")


def _warnings(tmp_path: Path, paragraphs: int) -> list:
    from briefgen.render import memo

    path = tmp_path / f"b{paragraphs}.md"
    path.write_text(brief(paragraphs), encoding="utf-8")
    ctx = RenderContext(doc=load_source(path).doc, layout=load_layout("default", ROOT), options=RenderOptions())
    memo.render(ctx)
    return [w for w in ctx.warnings if "budget" in w.message]


@pytest.fixture(scope="module")
def just_fits(tmp_path_factory) -> int:
    """The most paragraphs a one-page budget holds (tighter settings included), by bisection."""
    folder = tmp_path_factory.mktemp("budget")
    low, high = 0, 12  # 0 paragraphs fit; 12 never do
    assert _warnings(folder, high)
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (mid, high) if not _warnings(folder, mid) else (low, mid)
    return low


def test_a_memo_one_paragraph_over_its_budget_warns_with_the_figure(tmp_path, just_fits) -> None:
    project = make_project(tmp_path, ())
    (project / "sources" / "brief.md").write_text(brief(just_fits + 1), encoding="utf-8")
    result = run_briefgen(["build", "--only", "memo"], project)
    no_traceback(result.stderr)
    assert result.returncode == 0, result.stderr
    match = re.search(r"sources/brief\.md:7:14: warning: the memo runs 2 pages, (\d\.\d) pages? \(about (\d+) lines?\) over its "
                      r"budget of 1 page \(page_budget\) even with the layout's tighter settings; longest: 1 Long section \([\d.]+ p\.\), 2 Short section", result.stderr)
    assert match, result.stderr
    # one paragraph more can carry the short section (heading kept with its paragraph) over too: lines, not pages
    assert 1 <= int(match.group(2)) <= 12 and float(match.group(1)) < 0.3
    strict = run_briefgen(["build", "--only", "memo", "--strict", "--force"], project)
    assert strict.returncode == 1 and "over its budget of 1 page (page_budget) (--strict)" not in strict.stdout
    assert re.search(r"brief\.md:7:14: error: the memo runs 2 pages.*\(--strict\)", strict.stderr), strict.stderr


def test_a_memo_that_fits_its_budget_is_silent(tmp_path, just_fits) -> None:
    project = make_project(tmp_path, ())
    (project / "sources" / "brief.md").write_text(brief(just_fits), encoding="utf-8")
    result = run_briefgen(["build", "--only", "memo", "--strict"], project)
    assert result.returncode == 0 and "warning" not in result.stderr and "error" not in result.stderr, result.stderr
    from tests.support import pdftotext

    assert pdftotext(project / "build" / "brief" / "memo.pdf").count("\f") == 1  # one page


def test_tighter_settings_are_tried_before_reporting(tmp_path, just_fits) -> None:
    """The most paragraphs that fit do so only with the layout's tighter settings: set as usual they take two pages."""
    from briefgen.render import memo
    from briefgen.render.memo.budget import NORMAL

    path = tmp_path / "b.md"
    path.write_text(brief(just_fits), encoding="utf-8")
    layout = load_layout("default", ROOT)
    ctx = RenderContext(doc=load_source(path).doc, layout=layout, options=RenderOptions())
    cfg = memo.load_memo_config(layout, layout.theme)
    assert memo._render_once(ctx, cfg, NORMAL)[2] == 2
    (tmp_path / "memo.pdf").write_bytes(memo.render(ctx))
    import subprocess

    info = subprocess.run(["pdfinfo", str(tmp_path / "memo.pdf")], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    assert not [w for w in ctx.warnings if "budget" in w.message]
