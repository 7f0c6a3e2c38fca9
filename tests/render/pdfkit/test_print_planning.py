"""Pure planning behind the memo's print rules (#28): hyphenation points, address
breaks, seamless pieces of long paragraphs, floats and headings kept with their text."""

from __future__ import annotations

from briefgen.render.pdfkit.hyphens import Hyphenator, break_points, url_break_pairs
from briefgen.render.pdfkit.markup import Run
from briefgen.render.pdfkit.placement import (KEEP_ATTR, float_decision, heading_room, heading_shrink,
                                             needed_for_headings, space_between)
from briefgen.render.pdfkit.seams import cut_runs, last_line_start, seamless_pieces


def test_hyphenation_only_at_pattern_points_with_minimums() -> None:
    assert break_points("denuclearize", "en_US", {}) == [2, 4, 7]  # de-nu-cle-arize, never "denuc-learize"
    assert break_points("secretary", "en_US", {}) == [3, 5]      # sec-re-tary, never "secret-ary"
    assert break_points("nuclear", "en_US", {}) == [2]            # never "nucle-ar": 3 letters after
    for word in ("Secretary", "Pyongyang", "Washington", "TEFAP", "deep-seabed", "re-evaluations"):
        assert break_points(word, "en_US", {}) == [], word


def test_hyphenation_exceptions_and_off() -> None:
    assert break_points("program", "en_US", {"program": "program"}) == []
    assert break_points("homework", "en_US", {"homework": "home-work"}) == [4]
    assert break_points("documentation", "", {}) == []
    pairs = list(Hyphenator("en_US", {})("documentation"))
    assert pairs[0] == ("documenta", "tion") and all(h + t == "documentation" for h, t in pairs)


def test_addresses_break_after_slash_or_dot_without_hyphen() -> None:
    pairs = url_break_pairs("https://crsreports.congress.gov/product/pdf/R/R44243")
    assert pairs is not None
    heads = [h for h, _ in pairs]
    assert all(h[-1] in "/.?&_-=#,;" or h.endswith("://") for h in heads)
    assert not any(h.endswith(("h", "ht", "htt", "https:", "https:/")) for h in heads)
    assert url_break_pairs("nuclear") is None


def test_seamless_pieces_move_the_last_line_on() -> None:
    text = " ".join(f"word{i}" for i in range(400))
    runs = [Run(text)]
    pieces = seamless_pieces(runs, 500, lambda piece: len("".join(r.text for r in piece)) % 37 + 5)
    assert "".join(r.text for p in pieces for r in p) == text  # nothing lost
    for piece in pieces[:-1]:
        assert "".join(r.text for r in piece).endswith(" ")    # cut at a word boundary
    assert last_line_start("alpha beta gam-", 3) == 11
    head, tail = cut_runs([Run("ab"), Run("cd", bold=True)], 3)
    assert [r.text for r in head] == ["ab", "c"] and [r.text for r in tail] == ["d"] and tail[0].bold


def test_float_and_heading_decisions() -> None:
    assert float_decision(200, 300, 600, True) == "place"
    assert float_decision(400, 300, 600, True) == "defer"     # text fills the page, the float goes on
    assert float_decision(400, 300, 600, False) == "place"    # nothing to fill with
    assert float_decision(900, 300, 600, True) == "place"     # taller than a page: it splits
    # taller than a page but no first piece fits here: text fills the page, the float starts the next
    assert float_decision(900, 100, 600, True, starts_here=False) == "defer"
    assert float_decision(900, 100, 600, False, starts_here=False) == "place"
    assert heading_room([20.0, 15.0], 28.0) == 63.0


class _Block:
    """A block as the frame sees it: a height, space before and after, a style's leading."""

    def __init__(self, height: float, before: float, after: float, keep: bool, leading: float = 14.0) -> None:
        self.height, self.spaceBefore, self.spaceAfter = height, before, after
        self.style = type("Style", (), {"leading": leading})()
        setattr(self, KEEP_ATTR, 2 if keep else 0)

    def wrap(self, width: float, height: float) -> tuple:
        return width, self.height

    def getSpaceBefore(self) -> float:
        return self.spaceBefore

    def getSpaceAfter(self) -> float:
        return self.spaceAfter


def test_a_heading_stack_is_measured_as_the_frame_sets_it() -> None:
    """The space after a block and the space before the next overlap in the frame (the larger counts);
    a stack's room summed them and sent a stack that fitted to the next page (R48906, 17 % empty)."""
    assert space_between(7.0, 12.0, True) == 5.0 and space_between(7.0, 4.0, True) == 0.0
    assert space_between(7.0, 12.0, False) == 12.0
    stack = [_Block(40.0, 18.0, 7.0, True), _Block(20.0, 12.0, 4.0, True), _Block(300.0, 0.0, 7.0, False)]
    # 40 + 7 after, 20 + (12 - 7) before + 4 after, two lines of 14 + (0 - 4 -> 0) before
    assert needed_for_headings(stack, 400.0, 14.0, collapse=True) == 40 + 7 + 20 + 5 + 4 + 28
    assert needed_for_headings(stack, 400.0, 14.0) == 40 + 7 + 20 + 12 + 4 + 28
    assert heading_shrink(stack[0]) == 4.5  # a quarter of the space above the stack


def test_at_most_two_hyphenated_lines_in_a_row() -> None:
    hy = Hyphenator("en_US", {})

    def take(word: str) -> bool:
        """As ReportLab does: the first pair that 'fits' is taken (the generator is dropped)."""
        for _pair in hy(word):
            return True
        return False

    assert take("documentation") and take("documentation")
    assert not take("documentation")          # a third hyphen in a row is refused
    assert take("documentation")              # that line ended without one: the run starts again
    hy.reset()
    assert take("documentation") and take("documentation")
