"""Derived bullets keep their meaning (#29 item 2, #26 item 7): pure tests of deck/bullets.py.

A later sentence chosen over a long lead carries its subject ("The total
represents..." leans on a sentence the slide does not show); a closing
enumeration after a colon is a clause that can go; a section's key figures
(numbers with units) are favoured; nothing points at what the slide lacks.
"""

from __future__ import annotations

from briefgen.render.deck.bullets import FIGURE, carry_subject, derive_bullet, shorten_sentence

SUPREME = ("The total FY2027 discretionary request for the Supreme Court, $225.1 million, is contained in two accounts: "
           "(1) Salaries and Expenses ($207.0 million) and (2) Care of the Building and Grounds ($18.1 million). The "
           "total represents a 29.0% increase over the FY2026 enacted level (which includes supplemental funding "
           "enacted in P.L. 119-37). The FY2026 enacted amount reported in Table 1 does not include additional "
           "supplemental funding of $30 million included in H.R. 7147, which has not been enacted as of this writing.")
OVERVIEW = ("The federal judiciary's FY2027 budget request was made public by the Administrative Office of U.S. Courts "
            "on March 25, 2026. The request seeks $9.7 billion in discretionary funding (an increase of 4.9% over the "
            "FY2026 enacted level), as well as $826.5 million in mandatory appropriations for judicial salaries and "
            "judicial retirement funds.")


def test_a_bullet_never_leans_on_a_dropped_sentence():
    bullet = derive_bullet(SUPREME, 18)
    assert not bullet.startswith("The total represents")
    assert "$225.1 million" in bullet and "Supreme Court" in bullet
    overview = derive_bullet(OVERVIEW, 18)
    assert overview == "The federal judiciary's FY2027 budget request seeks $9.7 billion in discretionary funding."


def test_the_subject_is_carried_or_the_sentence_is_not_taken():
    lead = "The total FY2027 discretionary request for the Supreme Court, $225.1 million, is contained in two accounts."
    assert carry_subject("The total represents a 29.0% increase.", lead) == (
        "The total FY2027 discretionary request for the Supreme Court, $225.1 million, represents a 29.0% increase.")
    assert carry_subject("This account also funds the jurors.", "The Court Security account provides for services.") == (
        "The Court Security account also funds the jurors.")
    # a bare pronoun may point past the lead's subject: never carried ("The EDA's mission ... It is the agency")
    assert carry_subject("It is the only federal agency with that mission.", "The EDA's mission is to lead.") is None
    assert carry_subject("The total represents a 29% increase.", "The plan is new.") is None  # no total in the lead
    standalone = "The FY2027 discretionary budget request is $38.7 million."
    assert carry_subject(standalone, lead) == standalone  # a full subject of its own: unchanged


def test_a_closing_enumeration_after_a_whole_clause_can_go():
    assert shorten_sentence("The request is contained in two accounts: (1) Salaries and Expenses ($207.0 million) and "
                            "(2) Care of the Building and Grounds ($18.1 million).", 10) == \
        "The request is contained in two accounts."
    kept = "The programs that Congress funded in the act were: one, two, three, four, five and six more."
    assert shorten_sentence(kept, 8).startswith("The programs that Congress funded in the act were: ")  # lead-in kept


def test_key_figures_are_favoured():
    text = ("The commission promulgates sentencing policies for the federal system. "
            "The FY2027 request is $23.7 million, an increase of 4.4% over the FY2026 enacted level.")
    assert FIGURE.search(derive_bullet(text, 18))
    plain = "The commission promulgates sentencing policies. It meets in Washington."
    assert derive_bullet(plain, 18) == "The commission promulgates sentencing policies."


def test_a_series_is_not_split_into_a_fragment():
    from briefgen.render.deck.bullets import split_long

    series = ("The U.S. Maritime Administration, part of the U.S. Department of Transportation, administers several "
              "programs to establish and sustain a fleet of active ships that are privately owned, commercially viable, "
              "and militarily useful to meet national defense and other emergency sealift requirements.")
    assert split_long(series, 60) == [series]  # never "And militarily useful to meet ..."
    assert not any(p.startswith("And militarily") for p in split_long(series, 40))
    clauses = ("The committee held many hearings over the course of the year on a range of topics related to trade and "
               "shipping policy, and the Senate passed a bill in December that would extend the waiver for another two years "
               "beyond the current expiration date.")
    assert len(split_long(clauses, 40)) == 2


def test_a_paragraph_continuing_a_quotation_gives_no_bullet():
    text = ("while economic development is an inherently local process, the Federal Government should work in "
            "partnership with public and private State, regional, tribal, and local organizations.")
    assert derive_bullet(text, 18) is None  # a fragment of the findings quoted after "...approach:"
    assert derive_bullet("eBay sellers reported $3 billion in sales.", 18) == "eBay sellers reported $3 billion in sales."


def test_a_see_also_sentence_is_never_a_bullet():
    text = ("For a more detailed treatment of these election procedures, see CRS Report RL30857, Speakers of the "
            "House: Elections, 1913-2025, by Valerie Heitshusen. For additional discussion of selection procedures "
            "and a selected bibliography on the office, see CRS Report 97-780, The Speaker of the House, by Valerie "
            "Heitshusen. Both reports are updated each Congress.")
    assert derive_bullet(text, 18) == "Both reports are updated each Congress."


def test_a_table_note_is_never_a_bullet():
    assert derive_bullet("a. FY2013 levels reflect post-sequestration amounts. According to CRS Report R43080, "
                         "the amounts were provided by the Department of Commerce.", 18) is None
