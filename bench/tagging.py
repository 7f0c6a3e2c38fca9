"""Benchmark: what tagging the memo costs (issue 17: at most 25% of the memo's render time).

Renders the memo in one process, alternating two ways, ``--runs`` times each
(median CPU time of this process, steadier than wall time on a shared machine): as shipped (tagged), and untagged: the pikepdf pass, the
flowables' brackets and the page wrap switched off here (ReportLab's own
drawing is unchanged). ``write_tags`` alone is timed too.
Prints a Markdown table; ``--write`` appends it to ``bench/tagging.md``.

    .venv/bin/python bench/tagging.py [--runs 15] [--write] [SOURCE ...]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from briefgen.layout import load_layout
    from briefgen.render import RenderContext, RenderOptions
    from briefgen.render import memo, pdftags
    from briefgen.source import load_source

    parser = argparse.ArgumentParser()
    parser.add_argument("sources", nargs="*", default=[str(ROOT / "sources" / "essay.md")])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    layout = load_layout("default", ROOT)
    real_write = pdftags.write_tags
    rows = []
    for source in args.sources:
        doc = load_source(Path(source), ROOT).doc
        spent = []

        def timed_write(*a, **kw):
            t = time.process_time()
            try:
                return real_write(*a, **kw)
            finally:
                spent.append(time.process_time() - t)  # noqa: B023 - each closure is used within its own iteration

        from briefgen.render.pdftags import canvas as tcanvas, flowables as tflow

        real_draw, real_wrap = tflow.TaggedMixin.drawOn, tcanvas.TaggingCanvas._pdftags_wrap_page

        def plain_draw(self, *a, **kw):
            return super(tflow.TaggedMixin, self).drawOn(*a, **kw)

        def render(write) -> float:
            pdftags.write_tags = write
            untagged = write is not timed_write
            tflow.TaggedMixin.drawOn = plain_draw if untagged else real_draw  # noqa: B023 - used within its own iteration
            tcanvas.TaggingCanvas._pdftags_wrap_page = (lambda self: None) if untagged else real_wrap  # noqa: B023 - likewise
            ctx = RenderContext(doc=doc, layout=layout, options=RenderOptions(), version="bench")  # noqa: B023 - likewise
            t = time.process_time()
            memo.render(ctx)
            return time.process_time() - t

        render(timed_write)  # warm caches (fonts, hyphenation)
        spent.clear()
        tagged, bare = [], []
        for _ in range(args.runs):
            tagged.append(render(timed_write))
            bare.append(render(lambda data, root, **kw: data))
        pdftags.write_tags = real_write
        tflow.TaggedMixin.drawOn, tcanvas.TaggingCanvas._pdftags_wrap_page = real_draw, real_wrap
        t, b, w = statistics.median(tagged), statistics.median(bare), statistics.median(spent)
        rows.append((Path(source).name, t, b, w, 100.0 * (t - b) / b))
    lines = ["| source | memo tagged | memo untagged | write_tags alone | overhead |",
             "|---|---|---|---|---|"]
    for name, t, b, w, pct in rows:
        lines.append(f"| {name} | {t * 1000:.0f} ms | {b * 1000:.0f} ms | {w * 1000:.0f} ms | {pct:.0f}% (target ≤ 25%) |")
    text = "\n".join(lines)
    print(text)
    if args.write:
        with open(ROOT / "bench" / "tagging.md", "a", encoding="utf-8") as out:
            out.write(f"\n{time.strftime('%Y-%m-%d', time.gmtime())}, {args.runs} runs each, median:\n\n{text}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
