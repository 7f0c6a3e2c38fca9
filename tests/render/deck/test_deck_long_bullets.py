"""No bullet over about 40 words, and every shortened bullet still a true, grammatical statement (#29 item 2).

Pure planner tests of :func:`briefgen.render.deck.bullets.split_long` with the
six real sentences of 41 to 52 words the deck checker found kept whole over
the real reports (R46991, R48903): each comes out at most 40 words (or the room
left beside a bold lead-in), by dropping whole clauses that can go or by a cut
into two complete statements, never a fragment.
"""

from __future__ import annotations

import pytest

from briefgen.render.deck.bullets import split_long
from briefgen.render.deck.clauses import split_clauses, trim_clauses

EDA_DEFINES = ("The EDA defines economic development as creating \u201cthe conditions for economic growth and improved quality "
               "of life by expanding the capacity of individuals, firms, and communities to maximize the use of their "
               "talents and skills to support innovation, lower transaction costs, and responsibly produce and trade "
               "valuable goods and services.\u201d1")
ENCOURAGED = ("Congress encouraged EDA to assist communities impacted by the \u201ceconomic dislocation in the coal and timber "
              "industries,\u201d and directed EDA to allocate no less than $3 million \u201cto enhance regional business "
              "development in areas negatively impacted by the downturn in the coal industry.\u201d")
REAUTHORIZING = ("Members of Congress noted that one of the reasons for reauthorizing EDA was to address \u201cchanges in "
                 "industries, technology, and trade patterns\u201d that have occurred since prior reauthorization legislation "
                 "was enacted.")
DEBATES = ("As debates about federal economic development policy and how to assist economically distressed areas continue, "
           "Congress may continue to explore legislative and other strategies to assist state and local entities with "
           "specific challenges and opportunities and/or to help them also build resilient, diversified economies that "
           "may weather these and other unforeseen events.")
STRAIT = ("An issue for Congress is a potential change in the status of the Strait from its norm, long established by "
          "international law, as an open waterway free to navigation and unencumbered by any coastal state to one in "
          "which Iran seeks to maintain its present control over transit passage through the waterway.")
MARAD = ("The U.S. Maritime Administration, part of the U.S. Department of Transportation, administers several programs to "
         "establish and sustain a fleet of active ships that are privately owned, commercially viable, and militarily "
         "useful to meet national defense and other emergency sealift requirements.")

EXPECTED = [
    (EDA_DEFINES, 40, ["The EDA defines economic development as creating \u201cthe conditions for economic growth and "
                       "improved quality of life.\u201d1"]),
    (ENCOURAGED, 40, ["Congress encouraged EDA to assist communities impacted by the \u201ceconomic dislocation in the coal "
                      "and timber industries.\u201d",
                      "Congress directed EDA to allocate no less than $3 million \u201cto enhance regional business "
                      "development in areas negatively impacted by the downturn in the coal industry.\u201d"]),
    # beside its 11-word bold lead-in ("Preparing for Future Industries and EDA's Role ...:"), 29 words are left
    (REAUTHORIZING, 29, ["Members of Congress noted that one of the reasons for reauthorizing EDA was to address "
                         "\u201cchanges in industries, technology, and trade patterns\u201d."]),
    (DEBATES, 40, [DEBATES.split(", ", 1)[1]]),
    (STRAIT, 40, ["An issue for Congress is a potential change in the status of the Strait from its norm as an open "
                  "waterway to one in which Iran seeks to maintain its present control over transit passage through the "
                  "waterway."]),
    (MARAD, 40, [MARAD.replace(", part of the U.S. Department of Transportation,", "")]),
]


@pytest.mark.parametrize("sentence,limit,expected", EXPECTED, ids=["defines", "encouraged", "reauthorizing", "debates",
                                                                    "strait", "marad"])
def test_each_real_long_sentence_fits_as_whole_statements(sentence, limit, expected):
    pieces = split_long(sentence, limit)
    assert pieces == expected
    for piece in pieces:
        assert len(piece.split()) <= limit
        assert piece[0].isupper() and piece.rstrip("\u201d\"1").endswith((".", "\u201d"))
        assert not piece.lower().startswith(("and ", "but ", "while ", "which ", "including "))


def test_a_subjectless_second_clause_is_never_a_bullet_of_its_own():
    # the second half has no subject and the first none to lend ("It ... and was"): no cut
    assert split_clauses("in the end it was long and winding, and was not finished by the time the session closed", 10) is None


def test_a_condition_is_never_dropped():
    conditional = ("If Congress does not act before the end of the fiscal year, the program's authority to make new "
                   "grants to states and localities for any of the purposes listed in the statute would lapse entirely "
                   "and could not be restored.")
    assert trim_clauses(conditional, 20) == conditional  # without "If ..." the statement would be false


def test_a_short_sentence_is_left_alone():
    assert split_long(MARAD, 60) == [MARAD]
    assert trim_clauses(MARAD, 60) == MARAD
