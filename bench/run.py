"""briefgen's benchmarks, run on demand (``make bench``), never in the test suite.

Each figure is a median of several runs, taken alternately with its reference
in the same run, and reported as a ratio against it:

* no-op rebuild vs ``python -c pass``;
* full cold build (``--force``, all four outputs) vs pandoc 3 (``pypandoc-binary``)
  making HTML, PPTX and PDF (``--pdf-engine=weasyprint``) from the same essay;
* ``--only memo,handout,deck`` vs importing ReportLab, python-pptx and Jinja2
  and writing three files;
* the memo alone, for the essay and for a brief ten times longer;
* growth: each output's time at 1x, 2x, 4x and 8x the essay's length;
* batch: 100 generated briefs with ``-j 2`` vs ``-j 1``;
* peak resident memory of one build (the largest worker or the parent).

Results go to ``bench/results.md`` and ``bench/growth.png``.
Usage: ``python bench/run.py [--runs 7] [--quick]``.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Dict, List, Sequence, Tuple

ROOT = Path(__file__).resolve().parent.parent
ESSAY = ROOT / "sources" / "essay.md"
PY = sys.executable


def run(cmd: Sequence[str], cwd: Path, env: Dict[str, str] | None = None) -> float:
    """Run a command, fail loudly, return its wall time in seconds."""
    started = time.perf_counter()
    result = subprocess.run(list(cmd), cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"command failed: {' '.join(cmd)}\n{result.stderr[-2000:]}")
    return elapsed


def alternate(a: Callable[[], float], b: Callable[[], float], runs: int) -> Tuple[float, float]:
    """Median times of ``a`` and ``b``, measured alternately."""
    ta, tb = [], []
    a(), b()  # warm caches
    for _ in range(runs):
        ta.append(a())
        tb.append(b())
    return statistics.median(ta), statistics.median(tb)


def scaled_essay(factor: int) -> str:
    """The essay with its sections repeated ``factor`` times (headings numbered)."""
    text = ESSAY.read_text(encoding="utf-8")
    front_end = text.index("\n---\n", 4) + 5
    front, body = text[:front_end], text[front_end:]
    parts = [re.sub(r"(?m)^## (.*)$", lambda m: f"## {m.group(1)} ({i + 1})", body) for i in range(factor)]
    return front + "\n".join(parts)


def project_with(text: str, name: str = "essay") -> Path:
    """A scratch project holding one source."""
    folder = Path(tempfile.mkdtemp(prefix="briefgen-bench-"))
    (folder / "sources").mkdir()
    (folder / "sources" / f"{name}.md").write_text(text, encoding="utf-8")
    return folder


def briefgen(project: Path, *args: str) -> float:
    return run([PY, "-m", "briefgen", "build", *args], project)


def peak_rss_mb(project: Path, *args: str) -> float:
    """Peak resident memory (MB) of a build: the largest of the parent and its workers."""
    code = (
        "import resource, subprocess, sys;"
        f"subprocess.run([sys.executable, '-m', 'briefgen', 'build', *{list(args)!r}], check=True, capture_output=True);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([PY, "-c", code], cwd=project, capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def stage_times(project: Path) -> Dict[str, float]:
    """Each output's render time from ``--timings`` (import excluded)."""
    result = subprocess.run([PY, "-m", "briefgen", "build", "--force", "--timings", "-j", "1"], cwd=project, capture_output=True, text=True, check=True)
    times: Dict[str, float] = {}
    current = None
    for line in result.stderr.splitlines():
        match = re.search(r"built: .*/(\S+?)\s", line + " ")
        if match:
            current = match.group(1)
            continue
        match = re.search(r"render (\d+) ms", line)
        if match and current:
            times[current] = int(match.group(1)) / 1000
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="skip the batch benchmark")
    args = parser.parse_args()
    runs = args.runs
    rows: List[Tuple[str, str, str, str]] = []
    essay_text = ESSAY.read_text(encoding="utf-8")
    project = project_with(essay_text)
    briefgen(project, "--force")

    # no-op rebuild
    noop, bare = alternate(lambda: briefgen(project), lambda: run([PY, "-c", "pass"], project), runs)
    rows.append(("no-op rebuild", f"{noop * 1000:.0f} ms", f"python -c pass {bare * 1000:.0f} ms", f"{noop / bare:.2f}x (target ≤ 3x)"))

    # full cold build vs pandoc
    try:
        import pypandoc

        pandoc = pypandoc.get_pandoc_path()
    except Exception:  # noqa: BLE001 - benchmark-only dependency
        pandoc = None
    full = lambda: briefgen(project, "--force")  # noqa: E731
    if pandoc:
        def pandoc_all() -> float:
            out = project / "pandoc"
            out.mkdir(exist_ok=True)
            src = str(project / "sources" / "essay.md")
            started = time.perf_counter()
            procs = [
                subprocess.Popen([pandoc, src, "-s", "-o", str(out / "e.html")]),
                subprocess.Popen([pandoc, src, "-o", str(out / "e.pptx")]),
                subprocess.Popen([pandoc, src, "-o", str(out / "e.pdf"), "--pdf-engine=weasyprint"], env={**os.environ, "PATH": f"{Path(PY).parent}:{os.environ['PATH']}"}),
            ]
            for proc in procs:
                proc.wait()
            return time.perf_counter() - started

        ours, theirs = alternate(full, pandoc_all, runs)
        rows.append(("full cold build (4 outputs)", f"{ours:.2f} s", f"pandoc 3 html+pptx+pdf {theirs:.2f} s", f"{ours / theirs:.2f}x (target ≤ 0.9x)"))
    else:
        rows.append(("full cold build (4 outputs)", f"{full():.2f} s", "pandoc not installed", "n/a"))

    # without the handout PDF vs the bare cost of the libraries
    reference = (
        "import reportlab.platypus, pptx, jinja2, pathlib, tempfile;"
        "d=pathlib.Path(tempfile.mkdtemp());"
        "from reportlab.platypus import SimpleDocTemplate, Paragraph; from reportlab.lib.styles import getSampleStyleSheet;"
        "SimpleDocTemplate(str(d/'a.pdf')).build([Paragraph('x', getSampleStyleSheet()['Normal'])]);"
        "pptx.Presentation().save(str(d/'a.pptx'));"
        "(d/'a.html').write_text(jinja2.Template('{{x}}').render(x=1))"
    )
    three, ref = alternate(lambda: briefgen(project, "--force", "--only", "memo,handout,deck"), lambda: run([PY, "-c", reference], project), runs)
    rows.append(("memo+handout+deck", f"{three:.2f} s", f"import + write 3 files {ref:.2f} s", f"{three / ref:.2f}x (target ≤ 1.2x)"))

    # the memo alone, 1x and 10x
    long_project = project_with(scaled_essay(10))
    memo1 = statistics.median(briefgen(project, "--force", "--only", "memo") for _ in range(runs))
    memo10 = statistics.median(briefgen(long_project, "--force", "--only", "memo") for _ in range(max(3, runs // 2)))
    rows.append(("memo alone, essay", f"{memo1:.2f} s", "whole process", "target well under 0.5 s"))
    rows.append(("memo alone, 10x essay", f"{memo10:.2f} s", f"{memo10 / memo1:.1f}x the essay", "target ≤ ~10x"))

    # memory
    rss1 = peak_rss_mb(project, "--force")
    rss10 = peak_rss_mb(long_project, "--force")
    rows.append(("peak RSS, essay", f"{rss1:.0f} MB", "largest process", "target ≤ 150 MB"))
    rows.append(("peak RSS, 10x essay", f"{rss10:.0f} MB", "largest process", "target ≤ 300 MB"))

    # growth
    growth: Dict[int, Dict[str, float]] = {}
    for factor in (1, 2, 4, 8):
        growth[factor] = stage_times(project_with(scaled_essay(factor)))

    # batch
    if not args.quick:
        batch = Path(tempfile.mkdtemp(prefix="briefgen-batch-"))
        (batch / "sources").mkdir()
        for i in range(100):
            text = essay_text.replace("thorn in the United States", f"thorn (variant {i}) in the United States")
            (batch / "sources" / f"brief{i:03d}.md").write_text(text, encoding="utf-8")
        j2 = run([PY, "-m", "briefgen", "build", "--force", "-q", "-j", "2"], batch)
        j1 = run([PY, "-m", "briefgen", "build", "--force", "-q", "-j", "1"], batch)
        rows.append(("batch 100 briefs, -j 2", f"{j2:.1f} s", f"{j2 / 100:.2f} s per brief", "target ≤ 0.2 s per brief"))
        rows.append(("batch speed-up -j 2 vs -j 1", f"{j1 / j2:.2f}x", f"-j 1 {j1:.1f} s", "target ≥ 1.7x"))

    write_results(rows, growth)
    return 0


def write_results(rows, growth) -> None:
    import importlib.metadata as md

    versions = ", ".join(f"{p} {md.version(p)}" for p in ("reportlab", "python-pptx", "weasyprint", "jinja2", "markdown-it-py"))
    lines = [
        "# briefgen benchmarks",
        "",
        f"Run {datetime.date.today().isoformat()} on {platform.node()} ({os.cpu_count()} cores, {platform.machine()}), "
        f"Python {platform.python_version()}; {versions}.",
        "Medians of alternate runs; ratios against the reference run in the same benchmark.",
        "",
        "| measure | briefgen | reference | ratio / target |",
        "|---|---|---|---|",
    ]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    lines += ["", "## Growth with size (render time per output, seconds)", "", "| size | " + " | ".join(sorted(growth[1])) + " |", "|---" * (len(growth[1]) + 1) + "|"]
    for factor, times in growth.items():
        lines.append(f"| {factor}x | " + " | ".join(f"{times.get(k, float('nan')):.2f}" for k in sorted(growth[1])) + " |")
    lines += ["", "![growth](growth.png)", ""]
    analysis = ROOT / "bench" / "analysis.md"
    if analysis.is_file():  # the hand-written reading of these figures
        lines += [analysis.read_text(encoding="utf-8")]
    (ROOT / "bench" / "results.md").write_text("\n".join(lines), encoding="utf-8")
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(6, 4))
        for output in sorted(growth[1]):
            ax.plot(list(growth), [growth[f].get(output, 0) for f in growth], marker="o", label=output)
        ax.set_xlabel("brief length (x the essay)")
        ax.set_ylabel("render time (s)")
        ax.set_title("briefgen: render time by output and size")
        ax.legend()
        fig.tight_layout()
        fig.savefig(ROOT / "bench" / "growth.png", dpi=100, metadata={"Software": None})
    except ImportError:
        print("matplotlib not installed: no chart", file=sys.stderr)
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
