"""Words briefgen generates (not labels it prints) in the brief's language, through the real command.

* A chart without ``Alt:`` gets a description generated from its data; in a French brief it is written
  from the layout's ``alt_*`` labels in French, numbers and dates as French writes them, in every output
  that carries it: the handout's SVG ``<desc>``, the memo's ``Figure`` tags, the deck's and the Word
  file's ``descr`` (the same brief in English gets the English words: the check can fail).
* A long deck cut to its budget keeps whole the sections a staffer needs; which those are is the
  ``kept_sections`` label, so a French "Recommandations" section is kept where the English list
  (the same brief built as English) lets it go.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Dict, List

import pytest

from briefgen.render.deck.budget import ALWAYS, Group, kept_pattern, trim
from briefgen.render.deck.model import SlidePlan
from briefgen.layout import load_layout
from tests.support import ROOT, run_briefgen

pikepdf = pytest.importorskip("pikepdf")

CHARTS = """---
title: Les stocks de céréales
date: 2026-03-05
lang: {lang}
summary: Une réserve publique protège les ménages.
authors:
  - name: A. Auteur
    bio: Écrit des notes.
---

## Contexte

La réserve de céréales a grandi depuis 2021, comme le montre le graphique.

::: {{.chart type=bar}}
Title: Stocks de céréales par année
Units: milliers de tonnes

| Année | Stock |
|---|---:|
| 2021 | 1200.5 |
| 2022 | 2300 |
| 2023 | 4500 |
:::

::: {{.chart type=timeline}}
Title: Les étapes de la réserve
- 2001-03: Création de la réserve
- 2018-06-12: Révision des règles
:::

## Suite

Il faut maintenir la réserve et publier ses comptes chaque année.
"""

FRENCH_BAR = ("Graphique en barres\u00a0: Stock par Année, de 2021 à 2023 (milliers de tonnes). Stock\u00a0: "
              "1\u00a0200,5 pour 2021, 4\u00a0500 pour 2023\u00a0; maximum 4\u00a0500 (2023), minimum 1\u00a0200,5 (2021).")
FRENCH_TIMELINE = ("Chronologie, de mars 2001 à 12 juin 2018\u00a0: mars 2001, Création de la réserve\u00a0; "
                   "12 juin 2018, Révision des règles")
ENGLISH = re.compile(r"\b(?:Bar chart|Timeline|highest|lowest|category)\b")


def _build(root: Path, lang: str, only: str = "memo,handout,deck,docx") -> Path:
    (root / "sources").mkdir(parents=True)
    (root / "sources" / "charts.md").write_text(CHARTS.format(lang=lang), encoding="utf-8")
    result = run_briefgen(["build", "--only", only, "--out", "out", "-q"], root,
                          env={"SOURCE_DATE_EPOCH": "1700000000"}, timeout=900)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("has no 'Alt:' line") == 2  # the warning stays
    return root / "out" / "charts"


def alt_texts(folder: Path) -> Dict[str, List[str]]:
    """Each output's alt texts of charts, as its readers find them."""
    html = (folder / "handout.html").read_text(encoding="utf-8")
    found = {"handout": sorted(set(re.findall(r'<desc id="chart-\d+-\w+-desc">([^<]*)</desc>', html)))}
    with pikepdf.open(folder / "memo.pdf") as pdf:
        found["memo"] = sorted(str(o.Alt) for o in pdf.objects if isinstance(o, pikepdf.Dictionary)
                               and o.get("/S") == "/Figure" and "/Alt" in o)
    for name, member in (("deck", r"ppt/slides/slide\d+\.xml"), ("docx", r"word/document\.xml")):
        path = folder / ("deck.pptx" if name == "deck" else "brief.docx")
        if not path.exists():
            continue
        with zipfile.ZipFile(path) as z:
            xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if re.fullmatch(member, n))
        found[name] = sorted(set(re.findall(r'(?:descr|w:tblDescription w:val)="([^"]*)"', xml)))
    return {k: [v.replace("&#160;", "\u00a0") for v in values] for k, values in found.items()}


def test_a_generated_chart_alt_is_french_in_every_output(tmp_path):
    texts = alt_texts(_build(tmp_path / "fr", "fr"))
    assert texts["handout"] == sorted([FRENCH_BAR, FRENCH_TIMELINE])
    assert texts["memo"] == sorted(" ".join(t.split()) for t in (FRENCH_BAR, FRENCH_TIMELINE))  # spaces made plain
    assert FRENCH_BAR in texts["deck"]  # a timeline is a drawing of shapes on its slide, its events in the notes
    assert FRENCH_TIMELINE in texts["docx"] and FRENCH_BAR in texts["docx"]
    left = [(name, t) for name, values in texts.items() for t in values if ENGLISH.search(t)]
    assert left == []


def test_an_english_brief_keeps_the_english_description(tmp_path):
    """The negative: the same brief in English gets English words, which the check above would find."""
    texts = alt_texts(_build(tmp_path / "en", "en", "memo,handout"))
    assert "Bar chart of Stock by Année, 2021 to 2023 (milliers de tonnes). Stock: 1,200.5 in 2021, 4,500 in 2023; " \
           "highest 4,500 (2023), lowest 1,200.5 (2021)." in texts["memo"]
    assert all(ENGLISH.search(t) for values in texts.values() for t in values)


# --------------------------------------------------------------------------- sections kept whole


def _labels(lang: str) -> Dict[str, str]:
    """The default layout's labels in ``lang``, read as the build reads them."""
    return dict(load_layout("default", ROOT, lang=lang).theme.labels)


@pytest.mark.parametrize("lang, title", [("en", "Recommendations"), ("en", "Issues for Congress"),
                                         ("en", "Policy Options"), ("fr", "Recommandations"),
                                         ("fr", "Conclusions et recommandations"), ("es", "Recomendaciones"),
                                         ("de", "Empfehlungen")])
def test_each_languages_list_keeps_its_headings(lang, title):
    assert kept_pattern(_labels(lang)["kept_sections"]).search(title)


def test_the_lists_match_whole_words_only():
    french = kept_pattern(_labels("fr")["kept_sections"])
    assert not french.search("Optionnel") and not french.search("Contexte")
    assert kept_pattern("Issues for Congress").search("ISSUES  FOR\u00a0congress")
    assert kept_pattern("") is ALWAYS and not ALWAYS.search("Recommandations")  # the English default missed it


def test_trim_keeps_a_french_recommendations_section_whole():
    spec = [("title", "Note"), ("bottom_line", "L’essentiel")]
    groups = []
    for name, count, words in (("Contexte", 8, 4000), ("Historique", 10, 9000), ("Recommandations", 3, 300)):
        start = len(spec)
        spec += [("content", name + (" (suite)" if i else "")) for i in range(count)]
        groups.append(Group(start, len(spec), name, words))
    slides = [SlidePlan(kind, "Title and Content", title) for kind, title in spec]
    french = kept_pattern(_labels("fr")["kept_sections"])
    kept = [s.title for s in trim(slides, groups, len(spec), 12, always_kept=french)[0]]
    assert sum(1 for t in kept if t.startswith("Recommandations")) == 3
    english = [s.title for s in trim(slides, groups, len(spec), 12)[0]]
    assert sum(1 for t in english if t.startswith("Recommandations")) < 3  # the negative: cut by weight


SECTIONS = "\n".join(
    f"## Question {n}\n\nLa question numéro {n} porte sur la gestion des stocks publics de céréales et sur leur "
    f"coût pour les finances de l'État. Elle demande une réponse précise du gouvernement avant la fin de l'année "
    f"budgétaire en cours.\n" for n in range(1, 19))

LONG = """---
title: Une longue note
date: 2026-03-05
lang: {lang}
summary: Une note longue, pour un exposé court.
authors:
  - name: A. Auteur
    bio: Écrit des notes sur les stocks publics.
---

""" + SECTIONS + """
## Recommandations

Publier les comptes.
"""


def _deck_titles(root: Path, lang: str) -> List[str]:
    from pptx import Presentation

    (root / "sources").mkdir(parents=True)
    (root / "sources" / "long.md").write_text(LONG.format(lang=lang), encoding="utf-8")
    result = run_briefgen(["build", "--only", "deck", "--out", "out", "-q"], root,
                          env={"SOURCE_DATE_EPOCH": "1700000000"}, timeout=900)
    assert result.returncode == 0, result.stderr
    deck = Presentation(str(root / "out" / "long" / "deck.pptx"))
    return [s.shapes.title.text_frame.text if s.shapes.title is not None else "" for s in deck.slides]


def test_a_french_deck_over_its_budget_keeps_the_recommandations(tmp_path):
    titles = _deck_titles(tmp_path / "fr", "fr")
    assert "Recommandations" in titles, titles
    assert "Aussi dans la version complète" in titles  # the deck was cut: some questions are left out
    english = _deck_titles(tmp_path / "en", "en")  # the same deck on the English list: the lightest goes
    assert "Recommandations" not in english and "Also in the Handout" in english, english
