"""briefgen's benchmarks, run on demand (``make bench``), never in the test suite.

Each figure is a median of several runs, taken alternately with its reference
in the same run, and reported as a ratio against it:

* cold builds vs the Quarto stand-in (``../shared/tools/standin``: pandoc 3.9 and typst
  0.15 with Quarto's own typst template): memo + handout + deck against its typst PDF,
  HTML and PPTX (target ratio ≤ 1.0), and the four default outputs against the same
  (≤ 1.5); save-to-preview of ``serve`` (``bench/preview.py``, 20 edits);
* full cold build (``--force``, all four outputs) vs pandoc 3 (``pypandoc-binary``)
  making HTML, PPTX and PDF (``--pdf-engine=weasyprint``) one after the other;
* the first build after install (the cache filled by ``python -m briefgen.build.warmup``,
  as ``make`` does) and on an empty cache, each vs the same build warm;
* the memo alone as a whole process (and a brief ten times longer);
* no-op rebuild vs ``python -c pass``;
* peak resident memory of one build (the largest worker or the parent);
* growth: each output's time at 1x, 2x, 4x and 8x the essay's length;
* batch: 100 generated briefs with ``-j 2`` (and ``-j 1``), and peak memory
  for 25 and 100 briefs (it must stay flat); ``--thousand``: 1,000 briefs once.

Results go to ``bench/results.md`` and ``bench/growth.png``, with the profile of
``bench/where.py`` (each renderer's CPU time and top lines, WeasyPrint by stage).
Usage: ``python bench/run.py [--runs 7] [--quick] [--thousand]``; the interrupt soak is ``bench/soak.py``.
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


CPU: Dict[str, List[float]] = {}
"""CPU seconds (user + system, the command and its children) of each timed command, by its first words."""


def run(cmd: Sequence[str], cwd: Path, env: Dict[str, str] | None = None) -> float:
    """Run a command, fail loudly, return its wall time in seconds (its CPU time goes to :data:`CPU`)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(list(cmd), cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"command failed: {' '.join(cmd)}\n{result.stderr[-2000:]}")
    key = " ".join(str(c) for c in cmd[-6:])
    CPU.setdefault(key, []).append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return elapsed


def cpu_of(*words: str) -> float:
    """The median CPU seconds of the timed commands whose key holds all ``words``."""
    found = [v for k, vals in CPU.items() if all(w in k for w in words) for v in vals]
    return statistics.median(found) if found else float("nan")


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
    parts = [re.sub(r"(?m)^## (.*)$", lambda m, i=i: f"## {m.group(1)} ({i + 1})", body) for i in range(factor)]
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


def timed_rss(project: Path, *args: str) -> Tuple[float, float]:
    """One build's wall time (s) and peak resident memory (MB, its largest process)."""
    code = (
        "import resource, subprocess, sys, time;"
        "t = time.perf_counter();"
        f"subprocess.run([sys.executable, '-m', 'briefgen', 'build', *{list(args)!r}], check=True, capture_output=True);"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([PY, "-c", code], cwd=project, capture_output=True, text=True, check=True)
    seconds, rss = out.stdout.split()
    return float(seconds), int(rss) / 1024


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


def batch_project(count: int, text: str) -> Path:
    """A project with ``count`` variants of the essay."""
    batch = Path(tempfile.mkdtemp(prefix="briefgen-batch-"))
    (batch / "sources").mkdir()
    for i in range(count):
        variant = text.replace("thorn in the United States", f"thorn (variant {i}) in the United States")
        (batch / "sources" / f"brief{i:04d}.md").write_text(variant, encoding="utf-8")
    return batch


def pandoc_in_sequence(project: Path) -> Callable[[], float] | None:
    """pandoc 3 making HTML, PPTX and PDF (WeasyPrint) one after the other, or None without pandoc."""
    try:
        import pypandoc

        pandoc = pypandoc.get_pandoc_path()
    except Exception:  # benchmark-only dependency
        return None
    out = project / "pandoc"
    out.mkdir(exist_ok=True)
    src = str(project / "sources" / "essay.md")
    env = {**os.environ, "PATH": f"{Path(PY).parent}:{os.environ['PATH']}"}

    def convert() -> float:
        started = time.perf_counter()
        for target, extra in (("e.html", ["-s"]), ("e.pptx", []), ("e.pdf", ["--pdf-engine=weasyprint"])):
            subprocess.run([pandoc, src, *extra, "-o", str(out / target)], env=env, check=True, capture_output=True)
        return time.perf_counter() - started

    return convert


STANDIN = ROOT.parent / "shared" / "tools" / "standin"


def standin() -> Callable[[], float] | None:
    """The Quarto stand-in's three renders of the essay (typst PDF, HTML, PPTX) as one timed command, or None.

    Set up once with ``../shared/tools/standin/setup.sh .`` (its README); this runs that when its venv is missing.
    """
    script = STANDIN / "q" / "render-quarto-emul.sh"
    if not script.exists():
        return None
    venv = Path(os.environ.get("STANDIN_VENV", Path.home() / ".cache" / "briefgen-standin" / "venv"))
    if not venv.exists():
        subprocess.run([str(STANDIN / "setup.sh"), str(ROOT)], cwd=ROOT, check=True, capture_output=True)
    out = Path(tempfile.mkdtemp(prefix="standin-"))
    return lambda: run([str(script), str(out)], ROOT)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="skip the batch benchmarks")
    parser.add_argument("--thousand", action="store_true", help="also build 1,000 generated briefs once (minutes)")
    parser.add_argument("--no-j1", action="store_true", help="skip the batch at -j 1 (the speed-up figure)")
    args = parser.parse_args()
    runs = args.runs
    rows: List[Tuple[str, str, str, str]] = []
    essay_text = ESSAY.read_text(encoding="utf-8")
    project = project_with(essay_text)
    briefgen(project, "--force")

    # 1. cold builds vs the Quarto stand-in (pandoc + typst with Quarto's template), paired runs
    full = lambda: briefgen(project, "--force")  # noqa: E731
    quarto = standin()
    if quarto:
        three = lambda: briefgen(project, "--force", "--only", "memo,handout,deck")  # noqa: E731
        CPU.clear()
        ours, theirs = alternate(three, quarto, runs)
        ocpu, tcpu = cpu_of("memo,handout,deck"), cpu_of("render-quarto-emul.sh")
        rows.append(("memo + handout + deck / stand-in typst PDF + HTML + PPTX", f"{ours:.2f} s (CPU {ocpu:.2f} s)",
                     f"stand-in {theirs:.2f} s (CPU {tcpu:.2f} s)", f"{ours / theirs:.2f} (target ≤ 1.0; CPU {ocpu / tcpu:.2f})"))
        CPU.clear()
        ours, theirs = alternate(full, quarto, runs)
        ocpu, tcpu = cpu_of("--force"), cpu_of("render-quarto-emul.sh")
        rows.append(("the default outputs / the same stand-in", f"{ours:.2f} s (CPU {ocpu:.2f} s)",
                     f"stand-in {theirs:.2f} s (CPU {tcpu:.2f} s)", f"{ours / theirs:.2f} (target ≤ 1.5; CPU {ocpu / tcpu:.2f})"))
        CPU.clear()
        four = lambda: briefgen(project, "--force", "--only", "memo,handout,handout-pdf,deck")  # noqa: E731
        ours, theirs = alternate(four, quarto, runs)
        ocpu, tcpu = cpu_of("handout-pdf,deck"), cpu_of("render-quarto-emul.sh")
        rows.append(("memo + handout + its PDF + deck / the same stand-in", f"{ours:.2f} s (CPU {ocpu:.2f} s)",
                     f"stand-in {theirs:.2f} s (CPU {tcpu:.2f} s)", f"{ours / theirs:.2f} (target ≤ 1.5; CPU {ocpu / tcpu:.2f})"))
    else:
        rows.append(("memo + handout + deck / stand-in", "n/a", "stand-in not found (../shared/tools/standin)", "n/a"))
    preview = subprocess.run([PY, str(ROOT / "bench" / "preview.py"), "--edits", "20"], cwd=ROOT, capture_output=True,
                             text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    found = re.search(r"median ([\d.]+) s, worst ([\d.]+) s", preview.stdout + preview.stderr)
    rows.append(("save-to-preview, 20 edits (serve, handout)", f"median {found.group(1)} s" if found else "failed",
                 f"worst {found.group(2)} s" if found else (preview.stderr[-200:] or "no figure"), "target ≤ 0.3 s"))

    # 1b. full cold build vs pandoc's three conversions in sequence, paired runs
    convert = pandoc_in_sequence(project)
    if convert:
        ours, theirs = alternate(full, convert, runs)
        rows.append(("full cold build / pandoc's 3 conversions in sequence", f"{ours:.2f} s", f"pandoc {theirs:.2f} s", f"{ours / theirs:.2f} (target ≤ 0.7)"))
    else:
        rows.append(("full cold build / pandoc's 3 conversions in sequence", f"{full():.2f} s", "pandoc not installed (make bench installs it)", "n/a"))

    # 2. first build on a machine (empty cache) vs the same build with a warm cache
    def cold_cache() -> float:
        with tempfile.TemporaryDirectory(prefix="briefgen-cache-") as cache:
            return run([PY, "-m", "briefgen", "build", "--force"], project, {**os.environ, "BRIEFGEN_CACHE_DIR": cache})

    def after_install() -> float:  # what `make` leaves: the cache filled by python -m briefgen.build.warmup
        with tempfile.TemporaryDirectory(prefix="briefgen-cache-") as cache:
            env = {**os.environ, "BRIEFGEN_CACHE_DIR": cache}
            subprocess.run([PY, "-m", "briefgen.build.warmup", str(ROOT)], cwd=project, env=env, check=True,
                           capture_output=True)
            return run([PY, "-m", "briefgen", "build", "--force"], project, env)

    first, warm = alternate(after_install, full, max(3, runs // 2))
    rows.append(("first build after install / warm cache", f"{first:.2f} s", f"warm {warm:.2f} s", f"{first / warm:.2f} (target ≤ 1.3)"))
    empty, warm = alternate(cold_cache, full, max(3, runs // 2))
    rows.append(("first build, empty cache (no install warm-up) / warm", f"{empty:.2f} s", f"warm {warm:.2f} s", f"{empty / warm:.2f}"))

    # 3. the memo alone, whole process (and 10x the essay, for growth)
    long_project = project_with(scaled_essay(10))
    memo1 = statistics.median(briefgen(project, "--force", "--only", "memo") for _ in range(runs))
    memo10 = statistics.median(briefgen(long_project, "--force", "--only", "memo") for _ in range(max(3, runs // 2)))
    rows.append(("memo alone, whole process", f"{memo1:.2f} s", f"10x essay {memo10:.2f} s", "target ≤ 0.35 s"))

    # 4. no-op rebuild vs python -c pass
    noop, bare = alternate(lambda: briefgen(project), lambda: run([PY, "-c", "pass"], project), runs)
    rows.append(("no-op rebuild / python -c pass", f"{noop * 1000:.0f} ms", f"{bare * 1000:.0f} ms", f"{noop / bare:.2f} (target ≤ 2.5)"))

    # 5. memory of one build
    rows.append(("peak RSS, essay / 10x essay", f"{peak_rss_mb(project, '--force'):.0f} MB", f"{peak_rss_mb(long_project, '--force'):.0f} MB", "largest process"))

    # growth
    growth: Dict[int, Dict[str, float]] = {}
    for factor in (1, 2, 4, 8):
        growth[factor] = stage_times(project_with(scaled_essay(factor)))

    # 6. batches: time per brief and peak memory, flat in the batch size
    if not args.quick:
        small, big = batch_project(25, essay_text), batch_project(100, essay_text)
        j2, rss100 = timed_rss(big, "--force", "-q", "-j", "2")
        if args.no_j1:
            rows.append(("batch of 100 briefs, -j 2, per brief", f"{j2 / 100:.3f} s", f"total {j2:.1f} s", "target ≤ 0.15 s"))
        else:
            j1 = run([PY, "-m", "briefgen", "build", "--force", "-q", "-j", "1"], big)
            rows.append(("batch of 100 briefs, -j 2, per brief", f"{j2 / 100:.3f} s", f"total {j2:.1f} s; -j 1 {j1:.1f} s ({j1 / j2:.2f}x)", "target ≤ 0.15 s"))
        t25, rss25 = timed_rss(small, "--force", "-q", "-j", "2")
        rows.append(("peak memory, batch of 100 at -j 2", f"{rss100:.0f} MB", f"batch of 25: {rss25:.0f} MB ({t25 / 25:.3f} s per brief)", "target ≤ 300 MB, flat"))
    if args.thousand:
        thousand = batch_project(1000, essay_text)
        seconds, rss = timed_rss(thousand, "--force", "-q", "-j", "2")
        rows.append(("1,000 briefs, -j 2 (once)", f"{seconds:.0f} s", f"{seconds / 1000:.3f} s per brief, peak {rss:.0f} MB", "linear in the count"))

    profile = subprocess.run([PY, str(ROOT / "bench" / "where.py"), str(ESSAY)], cwd=ROOT, capture_output=True, text=True)
    write_results(rows, growth, profile.stdout if profile.returncode == 0 else f"(bench/where.py failed: {profile.stderr[-500:]})")
    return 0


def write_results(rows, growth, profile: str = "") -> None:
    import importlib.metadata as md

    versions = ", ".join(f"{p} {md.version(p)}" for p in ("reportlab", "python-pptx", "weasyprint", "jinja2", "markdown-it-py"))
    lines = [
        "# briefgen benchmarks",
        "",
        f"Run {datetime.date.today().isoformat()} on {platform.node()} ({os.cpu_count()} cores, {platform.machine()}), "
        f"Python {platform.python_version()}; {versions}.",
        "Medians of alternate runs; ratios against the reference run in the same benchmark. "
        f"Load average at the end: {' '.join(f'{v:.1f}' for v in os.getloadavg())} (other work on the machine "
        "inflates wall times; the CPU figures, user + system of the command and its children, much less).",
        "",
        "| measure | briefgen | reference | ratio / target |",
        "|---|---|---|---|",
    ]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    lines += ["", "## Growth with size (render time per output, seconds)", "", "| size | " + " | ".join(sorted(growth[1])) + " |", "|---" * (len(growth[1]) + 1) + "|"]
    for factor, times in growth.items():
        lines.append(f"| {factor}x | " + " | ".join(f"{times.get(k, float('nan')):.2f}" for k in sorted(growth[1])) + " |")
    lines += ["", "![growth](growth.png)", ""]
    if profile:
        lines += [profile, ""]
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
