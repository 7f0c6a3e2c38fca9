"""Briefs in other languages (#25 item 2): ``lang:``, the labels table in French, Spanish and German,
dates, hyphenation, sentence splitting, quotation marks and every output's language tag.

The French brief is built once, every output, through the real command; each output is read
back with its readers' tools (tests/support/lang_texts.py) and searched for every English label the
layout holds (the list of every generated string: ``theme.yaml``'s ``labels:``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from briefgen.language import check_tag, long_date, office_tag, short_date
from briefgen.layout import load_layout

from tests.support.lang_texts import OUTPUT_FILES, output_texts

from tests.support import ROOT
EXAMPLE = ROOT / "docs" / "examples" / "reserves-cereales-fr.md"
EPOCH = "1767225600"  # 2026-01-01
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def run(project: Path, *args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    """``briefgen ARGS`` in ``project`` (this checkout's code)."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "briefgen", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=timeout)


def labels(lang: str, layout: str = "default", project: Path = ROOT) -> Dict[str, str]:
    """The layout's labels in ``lang``."""
    return dict(load_layout(layout, project, lang=lang).theme.labels)


def english_patterns(lang: str) -> List[Tuple[str, re.Pattern]]:
    """``(key, pattern)`` for every English label whose ``lang`` translation differs: the label
    as it would be printed (its ``{fields}`` any text), on word boundaries, any case (headings are
    set in capitals)."""
    english, other = labels("en"), labels(lang)
    out = []
    for key, text in english.items():
        if other[key] == text or not re.search(r"[^\W\d_]", PLACEHOLDER.sub("", text)):
            continue  # "Notes", "Figure {n}": the same word in both; "{notes}:" has no word of its own
        pieces = [re.escape(p) for p in PLACEHOLDER.split(text)]
        body = r".{1,80}?".join(pieces)
        out.append((key, re.compile(r"(?<![\w])" + body + (r"(?![\w])" if text[-1].isalnum() else ""), re.I)))
    return out


def english_words(lang: str, source: str) -> List[str]:
    """Words of the English labels found in no translated label and not in the source (``Bottom``, ``Slide``...)."""
    english, other = labels("en"), labels(lang)
    theirs = {w.lower() for t in other.values() for w in re.findall(r"[^\W\d_]+", t)}
    mine = {w.lower() for w in re.findall(r"[^\W\d_]+", source)}
    words = {w.lower() for t in english.values() for w in re.findall(r"[^\W\d_]{4,}", PLACEHOLDER.sub(" ", t))}
    return sorted(words - theirs - mine)


FRENCH_EXTRA = """
## Calendrier

::: {.chart type=timeline}
Title: Les étapes de la réserve
Alt: De la création de la réserve en mars 2001 à sa révision en juin 2018.
- 2001-03: Création de la réserve
- 2008-06-12: Crise des prix mondiaux
- 2018-06: Révision des règles de gestion
:::

## Conclusions chiffrées

Le détail des stocks par région figure dans le tableau suivant.

| Région | Stock (kt) | Capacité (kt) |
|---|---:|---:|
{rows}

Table: Stocks par région

::: {{.chart type=bar}}
Title: Stocks de céréales par année
Units: milliers de tonnes
Source: estimations de l'institut
Alt: Trois barres croissantes, de 1 200 à 4 500 milliers de tonnes.

| Année | Stock |
|---|---:|
| 2021 | 1200.5 |
| 2022 | 2300 |
| 2023 | 4500 |
:::
"""

SECTIONS = "\n".join(f"## Question {n}\n\nLa question numéro {n} porte sur la gestion des stocks publics "
                     f"et sur leur coût pour les finances de l'État.\n" for n in range(1, 13))


def french_source() -> str:
    """The French example with more of everything a label is printed for: an embargo, a
    draft, a long table (continued on the next page, split over slides), a timeline, many
    sections (a contents list, an "Also in the handout" slide)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace('lang: fr\n', 'lang: fr\nstatus: draft\nembargo: "2026-12-05T09:00-05:00"\n', 1)
    rows = "\n".join(f"| Région {n} | {n * 37} | {n * 51} |" for n in range(1, 61))
    extra = FRENCH_EXTRA.replace("{rows}", rows).replace("{{", "{").replace("}}", "}")
    head, _, notes = text.partition("\n[^fao]:")
    return head + extra + "\n" + SECTIONS + "\n[^fao]:" + notes


@pytest.fixture(scope="module")
def french(tmp_path_factory) -> Tuple[Path, str, str]:
    """The French brief built into every output: (output folder, stderr, source text)."""
    project = tmp_path_factory.mktemp("fr")
    (project / "sources").mkdir()
    source = french_source()
    (project / "sources" / "brief.md").write_text(source, encoding="utf-8")
    result = run(project, "build", "sources/brief.md", "--only", "all", "-j", "2")
    assert result.returncode == 0, result.stderr
    return project / "build" / "brief", result.stderr, source


def all_texts(folder: Path) -> Dict[str, str]:
    """Every output's text, by file name (the notes master's placeholder prompts left out)."""
    return {name: "\n".join(output_texts(folder / name)) for name in OUTPUT_FILES}


# ---------------------------------------------------------------- the tag and the tables


@pytest.mark.parametrize("tag", ["en", "fr", "fr-CA", "es", "de", "en-GB", "zh-Hant-TW", "es-419", "de-CH-1996"])
def test_well_formed_tags(tag):
    assert check_tag(tag) is None


@pytest.mark.parametrize("tag", ["fr_CA", "french", "f", "fr-", "en-GB-x", "12"])
def test_malformed_tags(tag):
    assert check_tag(tag)


def test_office_tags():
    assert [office_tag(t) for t in ("fr", "fr-ca", "en", "de", "es", "en-GB")] == ["fr-FR", "fr-CA", "en-US", "de-DE", "es-ES", "en-GB"]


def test_dates_in_each_language():
    assert long_date("2026-03-05", "en") == "March 5, 2026"
    assert long_date("2026-03", "en") == "March 2026"
    assert long_date("2026-03-05", "fr") == "5 mars 2026"
    assert long_date("2026-03", "fr-CA") == "mars 2026"
    assert long_date("2026-03-05", "es") == "5 de marzo de 2026"
    assert long_date("2026-03-05", "de") == "5. März 2026"
    assert long_date("2026-03-05", "en-GB") == "5 March 2026"
    assert long_date("2026", "fr") == "2026"
    assert short_date("2018-06-12", "fr") == "12 juin 2018"


@pytest.mark.parametrize("lang", ["fr", "es", "de"])
def test_shipped_tables_translate_every_label(lang):
    """Each shipped language holds every English key, with the same {fields}, and loads without a warning."""
    layout = load_layout("default", ROOT, lang=lang)
    assert layout.warnings == ()
    english = labels("en")
    table = labels(lang)
    for key, text in english.items():
        assert sorted(PLACEHOLDER.findall(table[key])) == sorted(PLACEHOLDER.findall(text)), key


def test_a_malformed_lang_is_an_error_at_its_place(tmp_path):
    (tmp_path / "b.md").write_text('---\ntitle: "T"\ndate: "2026"\nlang: fr_FR\nauthors:\n  - name: A\n    bio: B.\n---\n\nText.\n',
                                   encoding="utf-8")
    result = run(tmp_path, "build", "b.md", "--only", "handout")
    assert result.returncode == 1
    assert "b.md:4:7: error: lang: 'fr_FR' is not a BCP 47 language tag: write it with a hyphen, 'fr-FR'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "build" / "b" / "handout.html").exists()


def brief(lang_line: str = "lang: fr\n", layout: str = "") -> str:
    layout_line = f"layout: {layout}\n" if layout else ""
    return (f'---\ntitle: "Une note"\ndate: "2026-03-05"\n{lang_line}{layout_line}authors:\n  - name: A\n    bio: "Une biographie."\n'
            'key_points:\n  - "Un point."\n---\n\nLe texte dit "bonjour" à tous.\n')


def child_layout(project: Path, theme: str, fr: str = "") -> None:
    folder = project / "layouts" / "mine"
    (folder / "labels").mkdir(parents=True)
    (folder / "theme.yaml").write_text("extends: default\nname: mine\n" + theme, encoding="utf-8")
    if fr:
        (folder / "labels" / "fr.yaml").write_text(fr, encoding="utf-8")


def test_a_missing_translation_warns_once_naming_the_label(tmp_path):
    """A label only in English (here a new key another feature added) stays English with one warning naming it."""
    child_layout(tmp_path, "labels:\n  box: Box {n}\n")
    (tmp_path / "b.md").write_text(brief(layout="mine"), encoding="utf-8")
    result = run(tmp_path, "build", "b.md", "--only", "memo,handout")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(lines) == 1, result.stderr
    assert "theme.yaml:4:8: warning: label 'box' has no French (fr) translation" in lines[0]
    assert "stays in English: 'Box {n}'" in lines[0]
    # the negative: translated, no warning
    (tmp_path / "layouts" / "mine" / "labels" / "fr.yaml").write_text("box: Encadré {n}\n", encoding="utf-8")
    again = run(tmp_path, "build", "b.md", "--only", "memo,handout")
    assert again.returncode == 0 and "warning" not in again.stderr, again.stderr


def test_a_language_with_no_table_warns_once(tmp_path):
    (tmp_path / "b.md").write_text(brief("lang: it\n"), encoding="utf-8")
    result = run(tmp_path, "build", "b.md", "--only", "handout")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "no labels in Italian (it)" in warnings[0], result.stderr
    strict = run(tmp_path, "build", "b.md", "--only", "handout", "--strict", "--force")
    assert strict.returncode == 1 and "(--strict)" in strict.stderr


def test_the_layouts_language_is_the_default_and_a_layout_overrides_a_label(tmp_path):
    """A source without lang: takes the layout's (French quotes, labels, html lang); a child's labels/fr.yaml wins."""
    child_layout(tmp_path, "lang: fr\n", fr="key_points: À retenir\n")
    (tmp_path / "b.md").write_text(brief("", layout="mine"), encoding="utf-8")
    result = run(tmp_path, "build", "b.md", "--only", "handout")
    assert result.returncode == 0 and "warning" not in result.stderr, result.stderr
    html = (tmp_path / "build" / "b" / "handout.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in html
    assert "À retenir" in html and "Key Points" not in html
    assert "\u00ab\u00a0bonjour\u00a0\u00bb" in html
    assert "5 mars 2026" in html


def test_a_bad_layout_lang_is_located(tmp_path):
    child_layout(tmp_path, "lang: français\n")
    (tmp_path / "b.md").write_text(brief("", layout="mine"), encoding="utf-8")
    result = run(tmp_path, "build", "b.md", "--only", "handout")
    assert result.returncode == 1
    assert "layouts/mine/theme.yaml:3:7: error: lang: 'français' is not a BCP 47 language tag" in result.stderr


# ---------------------------------------------------------------- the French brief, every output


def test_no_english_label_in_any_french_output(french):
    folder, stderr, source = french
    assert "warning" not in stderr, stderr
    texts = all_texts(folder)
    patterns = english_patterns("fr")
    assert len(patterns) > 30  # the list of generated strings is the labels table
    left = [(name, key, m.group(0)) for name, text in texts.items() for key, pattern in patterns
            for m in [pattern.search(text)] if m]
    assert left == []
    words = english_words("fr", source)
    assert {"bottom", "slide", "speaker", "continued", "embargoed"} <= set(words)
    found = [(name, w) for name, text in texts.items() for w in words if re.search(rf"\b{w}\b", text, re.I)]
    assert found == []


def test_the_english_check_finds_english(french, tmp_path):
    """The negative: the same check on the English build of the same brief finds the labels."""
    folder, _stderr, source = french
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "brief.md").write_text(source.replace("lang: fr\n", "lang: en\n"), encoding="utf-8")
    result = run(tmp_path, "build", "sources/brief.md", "--only", "memo,deck")
    assert result.returncode == 0, result.stderr
    built = tmp_path / "build" / "brief"
    text = "\n".join(output_texts(built / "memo.pdf") + output_texts(built / "deck.pptx"))
    keys = {key for key, pattern in english_patterns("fr") if pattern.search(text)}
    assert {"key_points", "page", "embargo", "draft", "table_continued", "about_authors_plural"} <= keys


def test_french_dates(french):
    folder, _stderr, _source = french
    texts = all_texts(folder)
    for name in ("memo.pdf", "handout.html", "deck.pptx", "brief.docx", "onepager.pdf"):
        assert "5 mars 2026" in texts[name], name
    assert "Sous embargo jusqu\u2019au 5 d\u00e9cembre 2026, 09:00 UTC-05:00" in texts["memo.pdf"]
    assert "12 juin 2008" in texts["handout.html"] and "mars 2001" in texts["handout.html"]
    assert "Jun" not in texts["handout.html"]
    assert "1\u00a0200,5" in texts["handout.html"]  # the chart's numbers in the data table, as French writes them


def test_french_hyphenation_points_only(french):
    """Every line-end hyphen of the French memo is at a French pattern point; English patterns object."""
    from tests.support.checkers.print_check import measure_pdf

    folder, _stderr, source = french
    memo = folder / "memo.pdf"
    french_findings = [f for f in measure_pdf(memo, source, "fr").findings if f.check == "hyphenation"]
    assert french_findings == []
    english_findings = [f for f in measure_pdf(memo, source, "en_US").findings if f.check == "hyphenation"]
    assert english_findings, "no line-end hyphen to judge: the check would say nothing"


def test_language_tags_in_every_output(french):
    import pikepdf

    folder, _stderr, _source = french
    for name in ("memo.pdf", "onepager.pdf", "deck-notes.pdf", "handout.pdf"):
        with pikepdf.open(folder / name) as pdf:
            assert str(pdf.Root.Lang) == "fr", name
    html = (folder / "handout.html").read_text(encoding="utf-8")
    assert re.search(r'<html lang="fr"', html)
    with zipfile.ZipFile(folder / "deck.pptx") as deck:
        parts = [n for n in deck.namelist() if re.match(r"ppt/(slides/slide|notesSlides/notesSlide|charts/chart)\d+\.xml$", n)]
        assert any("charts/" in n for n in parts) and any("notesSlides/" in n for n in parts)
        for name in parts:
            xml = deck.read(name).decode("utf-8")
            langs = set(re.findall(r'<a:(?:rPr|endParaRPr|defRPr)\b[^>]*?\blang="([^"]+)"', xml))
            assert langs <= {"fr-FR"}, (name, langs)
            bare = re.findall(r"<a:(?:rPr|endParaRPr|defRPr)\b(?![^>]*\blang=)[^>]*>|<a:r>(?!<a:rPr)", xml)
            assert bare == [], (name, bare[:3])
    with zipfile.ZipFile(folder / "brief.docx") as docx:
        styles = docx.read("word/styles.xml").decode("utf-8")
    assert '<w:lang w:val="fr-FR"' in styles


def test_french_quotes_and_sentences_on_slides(french):
    """The deck's quotes are French guillemets, and its bullets are whole French sentences."""
    folder, _stderr, _source = french
    deck = "\n".join(output_texts(folder / "deck.pptx"))
    assert "\u00ab\u00a0Une r\u00e9serve mal g\u00e9r\u00e9e" in deck
    assert "\u201cUne" not in deck


# ---------------------------------------------------------------- the example, Spanish and German


def example_project(tmp_path: Path, lang: str) -> Path:
    """A project holding the French example with ``lang`` (its text stays French: the labels are checked)."""
    (tmp_path / "sources").mkdir()
    text = EXAMPLE.read_text(encoding="utf-8").replace("lang: fr\n", f"lang: {lang}\n")
    (tmp_path / "sources" / "brief.md").write_text(text, encoding="utf-8")
    return tmp_path


def test_the_french_example_builds_without_warnings(tmp_path):
    project = example_project(tmp_path, "fr")
    result = run(project, "build", "sources/brief.md")
    assert result.returncode == 0 and "warning" not in result.stderr, result.stderr
    html = (project / "build" / "brief" / "handout.html").read_text(encoding="utf-8")
    assert "Points cl\u00e9s" in html and "Recommandations" in html


@pytest.mark.parametrize("lang, words, date", [
    ("es", ("Puntos clave", "Recomendaciones", "Sobre los autores"), "5 de marzo de 2026"),
    ("de", ("Kernpunkte", "Empfehlungen", "\u00dcber die Autoren"), "5. M\u00e4rz 2026"),
])
def test_spanish_and_german_smoke(tmp_path, lang, words, date):
    import pikepdf

    project = example_project(tmp_path, lang)
    result = run(project, "build", "sources/brief.md", "--only", "memo,handout,deck")
    assert result.returncode == 0 and "warning" not in result.stderr, result.stderr
    folder = project / "build" / "brief"
    html = (folder / "handout.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in html
    for text in (html, "\n".join(output_texts(folder / "memo.pdf")), "\n".join(output_texts(folder / "deck.pptx"))):
        assert date in text
        assert any(w in text or w.upper() in text for w in words)
    with pikepdf.open(folder / "memo.pdf") as pdf:
        assert str(pdf.Root.Lang) == lang
    with zipfile.ZipFile(folder / "deck.pptx") as deck:
        assert f'lang="{lang}-{lang.upper()}"' in deck.read("ppt/slides/slide1.xml").decode("utf-8")


def test_english_keeps_english_labels_and_no_run_languages(tmp_path):
    """An English brief: labels, the deck's runs left to the template (no lang written), docx w:lang as before."""
    (tmp_path / "b.md").write_text(brief("").replace("Une note", "A note"), encoding="utf-8")
    result = run(tmp_path, "build", "b.md", "--only", "handout,deck")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "build" / "b" / "handout.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "Key Points" in html and "March 5, 2026" in html
    with zipfile.ZipFile(tmp_path / "build" / "b" / "deck.pptx") as deck:
        slide = deck.read("ppt/slides/slide2.xml").decode("utf-8")
    assert 'lang="fr-FR"' not in slide


def test_lang_texts_reads_text_a_fake_output_lacks(tmp_path):
    """The reader finds a label where one is, and not where none is (the checker's negative)."""
    page = tmp_path / "handout.html"
    page.write_text('<html lang="fr"><body><p>Bonjour</p><a aria-label="Back to reference 1">x</a></body></html>',
                    encoding="utf-8")
    text = "\n".join(output_texts(page))
    pattern = dict(english_patterns("fr"))["back_to_reference"]
    assert pattern.search(text)
    page.write_text('<html lang="fr"><body><p>Bonjour</p></body></html>', encoding="utf-8")
    assert not pattern.search("\n".join(output_texts(page)))
    shutil.rmtree(tmp_path / "unused", ignore_errors=True)
