"""The memo's layout always ends: no split loops, and every word of the text is set.

* A block quote at a page break (issue 15) used to loop forever: ReportLab's
  in-row table split returned an empty first piece and the same quote again.
* The layout guard turns any split that makes no progress into a located
  error (its negative fixture: a flowable that always "splits" into nothing
  and itself).
* A hypothesis property test generates documents from the model's block kinds
  and renders each memo in a forked process with a generous timeout; specs
  that ever failed are kept under ``tests/fixtures/memo_progress/``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.support import pdftotext, tool_missing
from tests.support.memo_specs import build, expected_words, load_fixtures, missing_words, render_in_child, save_fixture

needs_poppler = pytest.mark.skipif(tool_missing("pdftotext"), reason="poppler-utils not installed")


def _quote_table(cls, text: str):
    """A one-row, one-cell quote table as the memo used to build it."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    style = ParagraphStyle("q", fontName="Helvetica", fontSize=10, leading=14, allowWidows=0, allowOrphans=0)
    return cls([[Paragraph(text, style)]], colWidths=[300], splitByRow=1, splitInRow=1)


# Three lines at 288pt (colWidths 300 less 2 x 6pt padding): with widow and orphan
# control it cannot be split in the room of two lines.
QUOTE = ("A quotation of three lines that arrives just where the page ends, as quotations in real "
         "reports do; the memo must set it on this page or the next, never loop over it.")


def test_plain_reportlab_table_splits_a_quote_into_nothing_and_itself():
    """The cause (negative fixture for SafeTable): the plain Table's in-row split makes no progress."""
    from reportlab.platypus import Table

    table = _quote_table(Table, QUOTE)
    _, height = table.wrap(300, 1000)
    assert height == 42 + 6  # three 14pt lines and the default 3pt paddings
    parts = table.split(300, height - 14)
    assert len(parts) == 2
    assert parts[0]._cellvalues == [[()]]  # the first piece holds nothing: only padding
    assert parts[1]._cellvalues[0][0][0].text == QUOTE  # ...and the rest is the whole quote again


def test_safe_table_refuses_a_split_that_makes_no_progress():
    from briefgen.render.pdfkit.guard import safe_table_class

    table = _quote_table(safe_table_class(), QUOTE)
    _, height = table.wrap(300, 1000)
    assert table.split(300, height - 14) == []  # moves to the next frame instead
    # A quote long enough to split well still splits, and both pieces hold text.
    long_quote = _quote_table(safe_table_class(), QUOTE * 3)
    _, tall = long_quote.wrap(300, 1000)
    parts = long_quote.split(300, tall / 2)
    assert len(parts) == 2
    assert all(len(part._cellvalues[0][0]) == 1 for part in parts)


def _stubborn():
    """A flowable that never fits and always splits into an empty piece and itself."""
    from reportlab.platypus import Spacer
    from reportlab.platypus.flowables import Flowable

    class Stubborn(Flowable):
        def wrap(self, aw, ah):
            return aw, ah + 10

        def split(self, aw, ah):
            return [Spacer(1, 0), self]

        def draw(self):  # pragma: no cover - never drawn
            pass

    return Stubborn()


def test_guard_turns_a_split_loop_into_a_located_error(tmp_path):
    """Negative fixture for the guard: without it this build never ends."""
    import multiprocessing

    out = tmp_path / "result.txt"

    def child():
        from reportlab.platypus import Frame, PageTemplate

        from briefgen.render.pdfkit.guard import NoProgress, guarded_doc_template_class, tag_line

        doc = guarded_doc_template_class()(str(tmp_path / "x.pdf"))
        doc.addPageTemplates([PageTemplate("p", [Frame(72, 72, 400, 600)])])
        try:
            doc.build(tag_line([_stubborn()], 42))
        except NoProgress as exc:
            out.write_text(f"{exc.line}|{exc.message}")

    proc = multiprocessing.get_context("fork").Process(target=child)
    proc.start()
    proc.join(60)
    if proc.is_alive():
        proc.kill()
        pytest.fail("the guard let a split loop run for 60 s")
    line, message = out.read_text().split("|", 1)
    assert line == "42"
    assert "made no progress" in message


# ------------------------------------------------------------------ the property test

WORDS = ("policy", "the", "of", "budget", "a", "in", "appropriations", "FY2027", "$103.955", "billion",
         "12.5%", "§204(a)", "Sec.", "and", "to", "modernization", "programs", "1,250", "(2026)", "oversight",
         "intercontinental", "Congress", "tank", "—", "no.", "e.g.,", "fiscal", "Table", "million")


def _text(min_words: int, max_words: int) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(WORDS), min_size=min_words, max_size=max_words).map(" ".join)


BLOCK = st.one_of(
    st.builds(lambda t: {"kind": "para", "text": t}, _text(1, 400)),
    st.builds(lambda t: {"kind": "para", "text": t}, _text(1, 12)),
    st.builds(lambda ps: {"kind": "quote", "paras": ps}, st.lists(_text(1, 150), min_size=1, max_size=3)),
    st.builds(lambda ps: {"kind": "pullquote", "paras": ps}, st.lists(_text(1, 60), min_size=1, max_size=2)),
    st.builds(lambda items, o: {"kind": "list", "items": items, "ordered": o},
              st.lists(_text(1, 60), min_size=1, max_size=8), st.booleans()),
    st.integers(1, 6).flatmap(lambda cols: st.builds(
        lambda header, rows, caption, note: {"kind": "table", "header": header, "rows": rows,
                                             "caption": caption, "note": note},
        st.lists(_text(1, 4), min_size=cols, max_size=cols),
        st.lists(st.lists(_text(1, 70), min_size=cols, max_size=cols), min_size=1, max_size=25),
        _text(0, 15), st.lists(_text(1, 40), max_size=2))),
    st.builds(lambda w, h, c: {"kind": "figure", "w": w, "h": h, "caption": c},
              st.integers(10, 1600), st.integers(10, 2400), _text(0, 12)),
    st.builds(lambda t: {"kind": "heading", "text": t, "level": 3}, _text(1, 8)),
)
SPEC = st.lists(BLOCK, min_size=1, max_size=24)


def _check(spec, tmp: Path) -> None:
    doc = build(spec, tmp)
    out = tmp / "memo.pdf"
    problem = render_in_child(doc, out)
    if problem is not None:
        kept = save_fixture("failed-" + hashlib.sha256(json.dumps(spec).encode()).hexdigest()[:12], spec)
        pytest.fail(f"{problem}\n(spec kept as {kept}; commit it)")
    lost = missing_words(expected_words(spec), pdftotext(out, "-raw"))
    assert not lost, f"words missing from the memo: {lost[:20]}"


@needs_poppler
@pytest.mark.parametrize("fixture", load_fixtures(), ids=lambda p: p.stem)
def test_kept_specs_render_with_every_word(fixture: Path, tmp_path):
    _check(json.loads(fixture.read_text(encoding="utf-8")), tmp_path)


@needs_poppler
@settings(max_examples=15, deadline=None, derandomize=True, database=None,
          phases=[Phase.explicit, Phase.generate],  # no shrinking: a failing spec is kept whole
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow, HealthCheck.data_too_large])
@given(spec=SPEC)
def test_generated_documents_render_with_every_word(spec, tmp_path_factory):
    _check(spec, tmp_path_factory.mktemp("spec"))


def test_missing_words_notices_a_lost_word():
    """Negative fixture for the text check: a dropped word, and a hyphenated one that is not lost."""
    assert missing_words(["budget", "appropriations"], "budget appro-\npriations") == []
    assert missing_words(["budget", "oversight"], "budget") == ["oversight"]
    assert missing_words(["a", "a"], "a") == ["a"]
    assert missing_words(["intercontinental"], "intercontin ental") == []  # broken in a narrow cell
    assert missing_words(["intercontinental"], "inter continent") == ["intercontinental"]
