"""Where a build's time goes: each renderer's CPU time in a warm process, its
cProfile top lines, and WeasyPrint's split between style, layout, drawing and
writing. ``bench/run.py`` puts this in ``bench/results.md``; run alone with
``python bench/where.py [SOURCE]``.
"""

from __future__ import annotations

import cProfile
import importlib
import io
import pstats
import sys
import time
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parent.parent
RENDERERS = (("memo", "briefgen.render.memo"), ("handout", "briefgen.render.handout"),
             ("handout-pdf", "briefgen.render.handout.pdf"), ("deck", "briefgen.render.deck"))


def _context(source: Path):
    from briefgen import __version__
    from briefgen.build.engine import BuildOptions
    from briefgen.layout import load_layout
    from briefgen.render import RenderContext
    from briefgen.source import load_source

    doc = load_source(source, ROOT).doc
    layout = load_layout(doc.meta.layout or "default", ROOT, None, origin=str(source))
    return lambda: RenderContext(doc=doc, layout=layout, options=BuildOptions().render, version=__version__)


def cpu_times(source: Path, runs: int = 5) -> Dict[str, Dict[str, float]]:
    """Median CPU seconds of each renderer: its first render in the process, and warm."""
    from briefgen.source import load_source

    out: Dict[str, Dict[str, float]] = {}
    started = time.process_time()
    load_source(source, ROOT)
    first_parse = time.process_time() - started
    times = []
    for _ in range(runs):
        started = time.process_time()
        load_source(source, ROOT)
        times.append(time.process_time() - started)
    out["parse"] = {"first": first_parse, "warm": sorted(times)[len(times) // 2]}
    make = _context(source)
    for name, module in RENDERERS:
        mod = importlib.import_module(module)
        started = time.process_time()
        mod.render(make())
        first = time.process_time() - started
        times = []
        for _ in range(runs):
            started = time.process_time()
            mod.render(make())
            times.append(time.process_time() - started)
        out[name] = {"first": first, "warm": sorted(times)[len(times) // 2]}
    return out


def top_lines(source: Path, count: int = 8) -> Dict[str, List[str]]:
    """Each renderer's warm cProfile, the ``count`` heaviest lines by own time."""
    make = _context(source)
    out: Dict[str, List[str]] = {}
    for name, module in RENDERERS:
        mod = importlib.import_module(module)
        mod.render(make())
        profile = cProfile.Profile()
        profile.enable()
        mod.render(make())
        profile.disable()
        text = io.StringIO()
        stats = pstats.Stats(profile, stream=text)
        stats.sort_stats("tottime").print_stats(count)
        lines = [l.rstrip() for l in text.getvalue().splitlines() if l.strip()]
        body = [l for l in lines if "(" in l and "/" in l or "{" in l]
        out[name] = [l.replace(str(ROOT) + "/", "").replace(sys.prefix + "/", "") for l in body][:count]
    return out


def weasyprint_split(source: Path, runs: int = 5) -> Dict[str, float]:
    """The handout PDF's CPU time by stage (medians): our page, WeasyPrint's parse, style, layout, PDF, our finishing."""
    import weasyprint
    import weasyprint.document as document

    import briefgen.render.handout.pdf as handout_pdf
    from briefgen.render.handout import finish as pdf_finish

    acc: Dict[str, float] = {}

    def timed(owner, attr, key):
        original = getattr(owner, attr)

        def wrapper(*args, **kwargs):
            started = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                acc[key] = acc.get(key, 0.0) + time.process_time() - started

        setattr(owner, attr, wrapper)

    timed(handout_pdf, "render_page", "our page (Jinja2, fonts)")
    timed(weasyprint.HTML, "__init__", "WeasyPrint: parse HTML")
    timed(document, "get_all_computed_styles", "WeasyPrint: CSS cascade")
    timed(document.Document, "write_pdf", "WeasyPrint: draw and write PDF")
    timed(pdf_finish, "finish_tagged_pdf", "our tag fix-ups (pikepdf)")
    make = _context(source)
    handout_pdf.render(make())
    acc.clear()
    started = time.process_time()
    for _ in range(runs):
        handout_pdf.render(make())
    total = (time.process_time() - started) / runs
    split = {k: v / runs for k, v in acc.items()}
    split["WeasyPrint: layout (the rest)"] = total - sum(split.values())
    split["total"] = total
    return split


def markdown(source: Path) -> str:
    """The profile section of ``bench/results.md``."""
    lines = ["## Profile (CPU seconds in one process: first render, then warm medians)", "",
             "| stage | first | warm |", "|---|---|---|"]
    for name, t in cpu_times(source).items():
        lines.append(f"| {name} | {t['first']:.3f} | {t['warm']:.3f} |")
    lines += ["", "The handout PDF's warm render by stage:", "", "| stage | CPU s |", "|---|---|"]
    for name, seconds in weasyprint_split(source).items():
        lines.append(f"| {name} | {seconds:.3f} |")
    lines += ["", "Top lines of each renderer's warm profile (own time):", ""]
    for name, rows in top_lines(source).items():
        lines += [f"**{name}**", "", "```", *rows, "```", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "sources" / "essay.md"))
