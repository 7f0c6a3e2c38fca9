"""The layout's words in the brief's language: one translation table per language, merged along the chain.

Every word an output prints that the source did not write ("Key Points",
"Page 2 of 6", "Table 3", "(continued)"...) is a label. The English table is the
``labels:`` section of ``theme.yaml`` (the default layout holds every key; a
layout overrides any of them). Each other language is a file
``labels/<lang>.yaml`` beside ``theme.yaml``: a flat mapping of the same keys.
briefgen ships ``fr``, ``es`` and ``de`` in the default layout; a layout
overrides any string by its own ``labels/fr.yaml`` (merged over its parent's,
key by key), and a regional file (``labels/fr-CA.yaml``) over the language's.

For a brief in language ``fr-CA`` a label is, in order: the chain's
``labels/fr-CA.yaml``, its ``labels/fr.yaml``, then the English. A label left in
English gets one warning naming it (a language with no table at all, one
warning for the whole table). Adding a label is one line in ``theme.yaml`` and
one line in each ``labels/<lang>.yaml``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from ..errors import Diagnostic, LayoutError, error, warning
from ..language import DEFAULT_LANG, canonical, primary
from .locate import locate_key

log = logging.getLogger(__name__)

LABELS_DIR = "labels"


def label_files(chain: Sequence[Path], tag: str) -> List[Tuple[str, List[Path]]]:
    """The tables that may translate into ``tag``, most general first: ``[(name, files child first)]``."""
    names = [primary(tag)]
    if canonical(tag) != names[0]:
        names.append(canonical(tag))
    return [(name, [folder / LABELS_DIR / f"{name}.yaml" for folder in chain]) for name in names]


def language_name(tag: str) -> str:
    """``fr`` -> ``French`` (Babel's English name), else the tag itself."""
    try:
        from babel import Locale

        return str(Locale.parse(canonical(tag).replace("-", "_")).get_display_name("en"))
    except Exception:  # an unknown language is named by its tag
        return tag


def read_table(path: Path) -> Dict[str, str]:
    """One ``labels/<lang>.yaml``: a mapping of label keys to text, every problem located."""
    from .. import yamlsafe

    try:
        text = path.read_text(encoding="utf-8")
        node = yamlsafe.load(text, str(path), fast=True)
    except yamlsafe.YamlProblem as exc:
        raise LayoutError([exc.diag]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LayoutError([error(str(path), None, f"cannot read layout file: {exc}")]) from None
    data = yamlsafe.to_python(node) or {}
    if not isinstance(data, dict):
        raise LayoutError([error(str(path), 1, "a labels file must be a mapping of label keys to text")])
    problems = []
    table: Dict[str, str] = {}
    for key, value in data.items():
        if not isinstance(value, str) or not value.strip():
            found = locate_key([path], [str(key)]) or (str(path), None, None)
            problems.append(error(found[0], found[1], f"label '{key}' must be text, not {value!r}", found[2]))
        else:
            table[str(key)] = value
    if problems:
        raise LayoutError(problems)
    return table


def translate(
    english: Mapping[str, str], chain: Sequence[Path], tag: str, theme_files: Sequence[Path],
    english_depth: Optional[Mapping[str, int]] = None,
) -> Tuple[Dict[str, str], Tuple[Diagnostic, ...]]:
    """The labels in language ``tag`` and the warnings about what stays English.

    ``english`` is the merged ``labels:`` of the theme; ``theme_files`` the chain's
    ``theme.yaml`` files, child first (a warning points at the English it falls back
    to); ``english_depth`` how far up the chain each English label is set (0: the
    layout itself). A translation counts only from a layout at least as near as the
    English it translates: a child's own English word (its brand) is not replaced by
    the parent's translation of the parent's word. An English tag (``en``, ``en-GB``)
    reads the English table alone, unless a layout has a regional file
    (``labels/en-GB.yaml``).
    """
    depth_of = dict(english_depth or {})
    labels = dict(english)
    notes: List[Diagnostic] = []
    found_any = False
    translated: Dict[str, Tuple[str, int]] = {}
    for _name, files in label_files(chain, tag):
        for depth in reversed(range(len(files))):  # parents first: the child's keys win
            path = files[depth]
            if not path.is_file():
                continue
            found_any = True
            for key, value in read_table(path).items():
                if key not in english:
                    at = locate_key([path], [key], at_key=True) or (str(path), None, None)
                    notes.append(warning(at[0], at[1], f"'{key}' is not a label (the layout's theme.yaml labels: "
                                                       f"has no such key); it is not used", at[2]))
                    continue
                translated[key] = (value, depth)
    own = {key: value for key, (value, depth) in translated.items() if depth <= depth_of.get(key, len(chain))}
    labels.update(own)
    if primary(tag) == DEFAULT_LANG:
        return labels, tuple(notes)
    shown = f"{language_name(tag)} ({canonical(tag)})"
    if not found_any:
        where = str(chain[0] / LABELS_DIR / f"{primary(tag)}.yaml")
        notes.append(warning(where, None, f"the layout has no labels in {shown}: every label stays in English "
                                          f"(translate theme.yaml's labels: into this file)"))
        return labels, tuple(notes)
    for key in english:
        if key in own:
            continue
        at = locate_key(theme_files, ["labels", key]) or (str(theme_files[0]) if theme_files else "theme.yaml", None, None)
        file = Path(at[0]).parent / LABELS_DIR / f"{primary(tag)}.yaml"
        notes.append(warning(at[0], at[1], f"label '{key}' has no {shown} translation (add it to {file}); "
                                           f"it stays in English: {english[key]!r}", at[2]))
    return labels, tuple(notes)
