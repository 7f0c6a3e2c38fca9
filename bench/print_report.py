"""The print checker's full run (#28, #22, #26), on demand: never in the test suite.

Builds the essay and every file of ``../shared/real/`` and ``../shared/real-long/`` (all outputs) on
both shipped layouts (default, example-org) and both papers (letter, A4) in a scratch project holding
copies of the sources and of the project's ``layouts/`` folder, then reads back each PDF (memo,
one-pager, deck notes, handout) with ``tests/support/checkers/print_check.py`` and prints:

- a table, one row per source x layout x paper x PDF: pages, the median measure in characters, the
  smallest type, and the number of findings of each check;
- the worst examples of each check (page and text), so whoever fixes the memo knows what to look at.

Usage::

    PYTHONPATH=$PWD python bench/print_report.py [--work DIR] [--no-build] [--only memo,onepager]
        [--layouts default,example-org] [--papers letter,a4] [--examples 6] [-j 2] [SOURCE ...]

``--no-build`` reads what an earlier run built in ``--work``. A build that fails is reported as a row
(and its first error line) and the run goes on. Takes about 10 minutes on two cores.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from tests.support.checkers.print_check import CHECKS, Finding, Report, measure_pdf  # noqa: E402

PDFS = ("memo", "onepager", "deck-notes", "handout")
SHORT = {"page_fill": "fill", "hyphenation": "hyph", "word_break": "wbrk", "short_line": "short",
         "measure": "meas", "min_size": "small", "margin": "marg", "widow_orphan": "w/o"}


def default_sources() -> List[Path]:
    """The essay and every report of ``../shared/real/`` and ``../shared/real-long/``."""
    out = [ROOT / "sources" / "essay.md"]
    for folder in ("real", "real-long"):
        out += sorted(p for p in (SHARED / folder).glob("*.md") if p.name != "README.md")
    return out


#: The build output that makes each checked PDF (``--only`` builds just these).
OUTPUT = {"memo": "memo", "onepager": "onepager", "deck-notes": "deck-notes", "handout": "handout-pdf"}


def build(work: Path, sources: Sequence[Path], layout: str, paper: str, pdfs: Sequence[str] = PDFS) -> Dict[str, str]:
    """Build every output of ``sources`` into ``work/out/LAYOUT-PAPER``; the failures' first error lines by source stem."""
    project = work / "project"
    if not project.exists():
        (project / "sources").mkdir(parents=True)
        shutil.copytree(ROOT / "layouts", project / "layouts")
    for src in sources:
        shutil.copy2(src, project / "sources" / src.name)
    out = work / "out" / f"{layout}-{paper}"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "briefgen", "build", *[f"sources/{s.name}" for s in sources], "--only", ",".join(OUTPUT[k] for k in pdfs),
           "--layout", layout, "--paper", paper, "--out", str(out), "-q"]
    proc = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=3600)
    failed: Dict[str, str] = {}
    for line in (proc.stdout + proc.stderr).splitlines():
        if ": error:" in line:
            stem = Path(line.split(":", 1)[0]).stem
            failed.setdefault(stem, line.strip()[:160])
    return failed


def _check_one(pdf: Path, text: str) -> Tuple[Optional[Report], str]:
    """One PDF checked in a worker process (the report without its read-back model)."""
    try:
        report = measure_pdf(pdf, source_text=text)
    except Exception as exc:  # a checker crash is a row, not the end of the run
        return None, f"checker failed: {exc!r}"[:160]
    report.doc = None  # the characters of a 70-page PDF: not sent back for the table
    return report, ""


def check_all(work: Path, sources: Sequence[Path], layouts: Sequence[str], papers: Sequence[str],
              pdfs: Sequence[str], failures: Dict[Tuple[str, str], Dict[str, str]], jobs: int = 2) -> List[Tuple[str, str, str, str, Optional[Report], str]]:
    """Run the checker over every built PDF: rows of (source, layout, paper, pdf, report or None, note)."""
    plan = []
    for src in sources:
        for layout in layouts:
            for paper in papers:
                for kind in pdfs:
                    plan.append((src, layout, paper, kind, work / "out" / f"{layout}-{paper}" / src.stem / f"{kind}.pdf"))
    texts = {src: src.read_text(encoding="utf-8") for src in sources}
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {i: pool.submit(_check_one, item[4], texts[item[0]]) for i, item in enumerate(plan) if item[4].exists()}
        rows = []
        for i, (src, layout, paper, kind, pdf) in enumerate(plan):
            note = failures.get((layout, paper), {}).get(src.stem, "")
            if i not in futures:
                rows.append((src.stem, layout, paper, kind, None, note or "not built"))
                continue
            report, problem = futures[i].result()
            print(f"checked {pdf}", file=sys.stderr, flush=True)
            rows.append((src.stem, layout, paper, kind, report, problem or note))
    return rows


def table(rows) -> str:
    """The table, as Markdown."""
    head = ["source", "layout", "paper", "pdf", "pages", "measure", "min pt"] + [SHORT[c] for c in CHECKS]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for stem, layout, paper, kind, rep, note in rows:
        if rep is None:
            out.append(f"| {stem[:24]} | {layout} | {paper} | {kind} | — | {note} |" + " |" * (len(head) - 6))
            continue
        counts = rep.by_check()
        measure = f"{rep.measure_median:.0f}" if rep.measure_median is not None else "—"
        small = f"{rep.smallest_size:.1f}" if rep.smallest_size is not None else "—"
        cells = [stem[:24], layout, paper, kind, str(rep.pages), measure, small] + [str(len(counts[c]) or "·") for c in CHECKS]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def totals(rows) -> str:
    """Findings per check and PDF kind, over the whole run."""
    sums: Dict[str, Dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for _, _, _, kind, rep, _ in rows:
        if rep is not None:
            for f in rep.findings:
                sums[kind][f.check] += 1
    head = ["pdf"] + [SHORT[c] for c in CHECKS]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for kind in PDFS:
        if kind in sums:
            out.append("| " + " | ".join([kind] + [str(sums[kind][c]) for c in CHECKS]) + " |")
    return "\n".join(out)


def totals_by_setting(rows) -> str:
    """Findings per check for each layout x paper x PDF kind (the before/after table of a change)."""
    sums: Dict[Tuple[str, str, str], Dict[str, int]] = defaultdict(lambda: defaultdict(int))
    failed: Dict[Tuple[str, str, str], int] = defaultdict(int)
    for _, layout, paper, kind, rep, _ in rows:
        key = (layout, paper, kind)
        if rep is None:
            failed[key] += 1
            continue
        sums[key]
        for f in rep.findings:
            sums[key][f.check] += 1
    head = ["layout", "paper", "pdf"] + [SHORT[c] for c in CHECKS] + ["all", "not built"]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key in sorted(set(sums) | set(failed), key=lambda k: (k[0], k[1], PDFS.index(k[2]) if k[2] in PDFS else 9)):
        counts = [sums[key][c] for c in CHECKS]
        out.append("| " + " | ".join([*key, *map(str, counts), str(sum(counts)), str(failed[key] or "·")]) + " |")
    return "\n".join(out)


def examples(rows, per_check: int) -> str:
    """The worst examples of each check: distinct details, from different sources first."""
    out = []
    for check in CHECKS:
        seen, picked = set(), []
        found: List[Tuple[str, Finding]] = []
        for stem, layout, paper, kind, rep, _ in rows:
            if rep is not None:
                found += [(f"{stem} {kind} {layout}/{paper}", f) for f in rep.findings if f.check == check]
        found.sort(key=lambda item: _severity(item[1]), reverse=True)
        for where, f in found:
            key = f.detail.split(":", 1)[-1][:50]
            if key in seen:
                continue
            seen.add(key)
            picked.append(f"- {where} p{f.page}: {f.detail}")
            if len(picked) >= per_check:
                break
        out.append(f"### {check} ({len(found)} findings)\n" + ("\n".join(picked) if picked else "- none"))
    return "\n\n".join(out)


def _severity(f: Finding) -> float:
    import re

    numbers = [float(n) for n in re.findall(r"(\d+(?:\.\d+)?)(?: pt|%| characters)", f.detail)]
    if f.check == "min_size":
        return -min(numbers, default=0.0)
    return max(numbers, default=0.0)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Build, check, print the table and the examples."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sources", nargs="*", type=Path)
    ap.add_argument("--work", type=Path, default=Path("/tmp/briefgen-print-report"))
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--only", default=",".join(PDFS))
    ap.add_argument("--layouts", default="default,example-org")
    ap.add_argument("--papers", default="letter,a4")
    ap.add_argument("--examples", type=int, default=6)
    ap.add_argument("-j", "--jobs", type=int, default=2, help="checker processes")
    args = ap.parse_args(argv)
    sources = [p.resolve() for p in args.sources] or default_sources()
    layouts, papers = args.layouts.split(","), args.papers.split(",")
    failures: Dict[Tuple[str, str], Dict[str, str]] = {}
    if not args.no_build:
        for layout in layouts:
            for paper in papers:
                print(f"building {len(sources)} sources, {layout}, {paper} ...", file=sys.stderr, flush=True)
                failures[(layout, paper)] = build(args.work, sources, layout, paper, args.only.split(","))
    rows = check_all(args.work, sources, layouts, papers, args.only.split(","), failures, args.jobs)
    print("## Print check: findings per PDF\n")
    print(table(rows))
    print("\n## Totals\n")
    print(totals(rows))
    print("\n## Totals by layout and paper\n")
    print(totals_by_setting(rows))
    failed = [(k, v) for k, fs in failures.items() for v in fs.values()]
    if failed:
        print("\n## Build failures\n")
        for (layout, paper), line in failed:
            print(f"- {layout}/{paper}: {line}")
    print("\n## Worst examples\n")
    print(examples(rows, args.examples))
    return 0


if __name__ == "__main__":
    sys.exit(main())
