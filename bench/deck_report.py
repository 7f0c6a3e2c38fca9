"""Decks of the essay and every real report on several templates, read back by the deck checker.

On demand, not a unit test (it takes minutes and needs LibreOffice for its
templates).  For each template (the shipped ``default`` and ``example-org``
layouts, and LibreOffice templates converted to .pptx and imported with
``briefgen layouts new --from-pptx``) it builds every source with
``briefgen build --only deck`` (the real command, this checkout first on the
path), runs :func:`tests.support.checkers.deck_check.check_deck` over each deck and prints a
Markdown table (file x template: slides, findings per check), then the worst
examples per check.

    PYTHONPATH=$PWD .venv/bin/python bench/deck_report.py [--work DIR] [--lo Vivid,Midnightblue,Focus]
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, List, Tuple

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from tests.support.checkers.deck_check import CHECKS, Finding, check_deck  # noqa: E402
from tests.support import deck_templates  # noqa: E402

log = logging.getLogger(__name__)
SHORT = {"keep-out": "keep", "body-size": "size", "one-bullet": "one", "pointer-only": "ptr", "long-bullet": "long",
         "duplicate-bullet": "dup", "dangling-reference": "ref", "citation-bullet": "cite", "dangling-lead-in": "lead",
         "list-cut": "cut", "table-align": "align", "table-split": "split", "notes-long": "nlong",
         "notes-pipe-table": "npipe", "notes-title-twice": "ntitle", "notes-empty": "nempty"}


def sources() -> List[Path]:
    """The essay, then every report of ../shared/real and ../shared/real-long."""
    found = [ROOT / "sources" / "essay.md"]
    for folder in ("real", "real-long"):
        found += sorted(p for p in (SHARED / folder).glob("*.md") if p.name != "README.md")
    return found


def run(args: List[str], cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "briefgen", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=1800)


def prepare(work: Path, lo_names: List[str]) -> List[str]:
    """The project folder with one imported layout per LibreOffice template; the layout names to build."""
    project = work / "project"
    project.mkdir(parents=True, exist_ok=True)
    layouts = ["default", "example-org"]
    for name in lo_names:
        pptx = deck_templates.libreoffice(name, work / "templates", work / "lo-profile")
        if pptx is None:
            print(f"(LibreOffice template {name} unavailable)", file=sys.stderr)
            continue
        layout = "lo-" + name.lower().replace("_", "-")
        if not (project / "layouts" / layout).is_dir():
            done = run(["layouts", "new", layout, "--from-pptx", str(pptx)], project)
            if done.returncode:
                print(f"(import of {name} failed: {done.stderr.strip()[:200]})", file=sys.stderr)
                continue
        layouts.append(layout)
    return layouts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/deck-report"))
    parser.add_argument("--lo", default="Vivid,Midnightblue,Focus", help="LibreOffice templates (comma-separated)")
    parser.add_argument("--jobs", default="2")
    parser.add_argument("--examples", type=int, default=3, help="worst examples shown per check")
    opts = parser.parse_args()
    layouts = prepare(opts.work, [n for n in opts.lo.split(",") if n])
    srcs = sources()
    rows: List[Tuple[str, str, int, Counter]] = []
    examples: Dict[str, List[Tuple[str, str, Finding]]] = defaultdict(list)
    for layout in layouts:
        out = opts.work / "out" / layout
        done = run(["build", *map(str, srcs), "--only", "deck", "--layout", layout, "--out", str(out), "-q", "--force",
                    "-j", opts.jobs], opts.work / "project")
        if done.returncode:
            print(f"build on {layout} failed ({done.returncode}): {done.stderr.strip()[-400:]}", file=sys.stderr)
        for src in srcs:
            deck = out / src.stem / "deck.pptx"
            if not deck.is_file():
                rows.append((src.stem, layout, -1, Counter()))
                continue
            from pptx import Presentation

            findings = check_deck(deck)
            rows.append((src.stem, layout, len(Presentation(str(deck)).slides), Counter(f.check for f in findings)))
            for f in findings:
                examples[f.check].append((src.stem, layout, f))
    head = "| file | template | slides | " + " | ".join(SHORT[c] for c in CHECKS) + " |"
    print(head)
    print("|" + "---|" * (3 + len(CHECKS)))
    for stem, layout, slides, counts in rows:
        cells = " | ".join(str(counts.get(c, 0) or "") for c in CHECKS)
        print(f"| {stem} | {layout} | {slides if slides >= 0 else 'FAILED'} | {cells} |")
    totals = Counter()
    for _s, _l, _n, counts in rows:
        totals.update(counts)
    print("| **total** | | | " + " | ".join(str(totals.get(c, 0)) for c in CHECKS) + " |")
    print("\nColumns: " + ", ".join(f"{v} = {k}" for k, v in SHORT.items()))
    for check in CHECKS:
        seen = examples.get(check, [])
        if not seen:
            continue
        print(f"\n### {check} ({len(seen)})")
        picked, shown = set(), 0
        for stem, layout, f in seen:  # one example per file first, then the rest
            if stem in picked or shown >= opts.examples:
                continue
            picked.add(stem)
            shown += 1
            print(f"- {stem} on {layout}, slide {f.slide}: {f.detail}")
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    raise SystemExit(main())
