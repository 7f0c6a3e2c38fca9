"""A long report's derived deck told in a bounded length (#26 item 7): pure tests of deck/budget.py."""

from __future__ import annotations

from briefgen.render.deck.budget import APPENDIX, REFERENCE_SECTION, Group, quotas, trim
from briefgen.render.deck.model import SlidePlan


def _slides(spec):
    """Slides from (kind, title) pairs."""
    return [SlidePlan(kind, "Title and Content", title) for kind, title in spec]


def test_quotas_follow_weight_and_give_each_section_a_slide_while_there_is_room():
    groups = [Group(0, 6, "Big", 6000), Group(0, 4, "Middle", 2000), Group(0, 3, "Small", 500)]
    q = quotas(groups, 6)
    assert sum(q.values()) == 6 and all(v >= 1 for v in q.values()) and q[0] > q[1] >= q[2]
    assert quotas(groups, 2) == {0: 1, 1: 1, 2: 0}  # the lightest waits when there is no room
    assert sum(quotas(groups, 40).values()) == 13  # never more than a section has


def test_trim_keeps_front_back_and_the_sections_staffers_need_and_names_the_rest():
    spec = [("title", "Report"), ("bottom_line", "Summary")]
    groups = []
    for name, count, words in (("Background", 8, 4000), ("Funding History", 10, 9000), ("Appendix A. Tables", 5, 3000),
                               ("Issues for Congress", 3, 1000)):
        start = len(spec)
        spec += [("section", name)] + [("content", name + (" (cont.)" if i else "")) for i in range(count - 1)]
        groups.append(Group(start, len(spec), name, 0 if APPENDIX.match(name) else words))
    back = len(spec)
    spec += [("about", "About the Author")]
    slides = _slides(spec)
    kept, sections, titles = trim(slides, groups, back, 18)
    assert len(kept) <= 17  # one left for the "Also in the handout" slide
    assert kept[0].title == "Report" and kept[1].title == "Summary" and kept[-1].title == "About the Author"
    assert not any(s.kind == "section" for s in kept)  # dividers go first
    assert sum(1 for s in kept if s.title.startswith("Issues for Congress")) == 2  # always kept (its dividers aside)
    assert "Appendix A. Tables" in sections and "Funding History (more)" in sections or "Background (more)" in sections
    assert "Appendix A. Tables" in titles and all("(cont.)" not in t for t in titles)


def test_a_short_deck_or_the_authors_own_slides_are_not_trimmed():
    slides = _slides([("title", "T")] + [("content", f"S{i}") for i in range(30)])
    groups = [Group(1, 31, "All", 100, explicit=True)]
    assert trim(slides, groups, 31, 18) == (slides, [], [])
    assert trim(slides[:10], [Group(1, 10, "All", 100)], 10, 18) == (slides[:10], [], [])


def test_a_pasted_notes_section_is_reference_matter():
    assert REFERENCE_SECTION.match("Notes") and REFERENCE_SECTION.match("Endnotes") and not REFERENCE_SECTION.match("Notes on Method")


def test_a_table_whose_other_parts_are_left_out_is_aligned_by_the_rows_shown():
    """RL34498 on small table areas: the kept part's column holds only figures (the text rows were on the part
    the budget left out), so it is right-aligned once the parts are renumbered."""
    from briefgen.render.deck.budget import renumber_parts
    from briefgen.render.deck.model import Run, TableLayout, TablePlan

    def part(rows):
        cells = tuple(tuple((Run(t),) for t in row) for row in rows)
        layout = TableLayout(16.0, (200.0, 200.0), 20.0, tuple(20.0 for _ in rows))
        head = ((Run("Item"),), (Run("Amount"),))
        return TablePlan(head, cells, ("left", "left"), layout, 0.0, 0.0)

    kept = SlidePlan("table", "Title Only", "Benefits (2 of 3)", table=part([("Wage base", "$27,700"), ("Cap", "$0")]))
    words = SlidePlan("table", "Title Only", "Years (1 of 2)", table=part([("Start", "2019"), ("End", "2025")]))
    out = renumber_parts([kept, words])
    assert out[0].title == "Benefits" and out[0].table.aligns == ("left", "right")
    assert out[1].table.aligns == ("left", "left")  # a column of years labels rows
