"""A presenter's notes never go blank on a continued slide (#29 item 5): pure tests of deck/speaker.py."""

from __future__ import annotations


def test_a_continued_list_of_sub_items_has_notes():
    """R48906's "(cont.)" slide holds only a list's sub-items: its notes say them, never blank."""
    from briefgen.render.deck.model import Para, Run
    from briefgen.render.deck.speaker import compose

    items = [Para((Run(t),), level=1) for t in ("onshore natural gas processing", "underground natural gas storage")]
    notes = compose("Methane Emissions Charge (cont.)", items, "", 120, False, "")
    assert "Onshore natural gas processing." in notes or "onshore natural gas processing." in notes
