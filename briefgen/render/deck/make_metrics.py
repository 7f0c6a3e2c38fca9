"""Generate the font-metrics data files the deck measures text with.

A ``.pptx`` cannot carry its fonts, so the default deck names Calibri and is
measured with Carlito, its metric-compatible twin (SIL OFL). Measuring reads
small JSON files, never the machine's fonts, so every build wraps text the
same way. Run once by a developer (needs fontTools)::

    python -m briefgen.render.deck.make_metrics [OUT_DIR]

Each file holds ``units_per_em``, the line metrics and the advance widths of
every mapped code point, stored as runs ``[first_code_point, [w, w, ...]]``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Dict, List

CARLITO_DIR = Path("/usr/share/fonts/truetype/crosextra")
STYLES = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "bold_italic": "BoldItalic"}
DEFAULT_OUT = Path(__file__).resolve().parents[3] / "layouts" / "default" / "deck" / "metrics"


def font_metrics(path: Path) -> Dict[str, object]:
    """Read one TrueType file's metrics into a JSON-ready mapping."""
    from fontTools.ttLib import TTFont  # developer tool only

    font = TTFont(str(path))
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    os2 = font["OS/2"]
    runs: List[list] = []
    for cp in sorted(cmap):
        width = hmtx[cmap[cp]][0]
        if runs and runs[-1][0] + len(runs[-1][1]) == cp:
            runs[-1][1].append(width)
        else:
            runs.append([cp, [width]])
    name = font["name"].getDebugName(4) or path.stem
    return {
        "name": name,
        "units_per_em": font["head"].unitsPerEm,
        "ascent": os2.usWinAscent,
        "descent": os2.usWinDescent,
        "line_gap": 0,
        "default_width": hmtx[".notdef"][0] if ".notdef" in hmtx.metrics else font["head"].unitsPerEm // 2,
        "widths": runs,
    }


def main(argv: List[str]) -> int:
    """Write ``carlito-<style>.json`` for the four Carlito styles."""
    out = Path(argv[0]) if argv else DEFAULT_OUT
    out.mkdir(parents=True, exist_ok=True)
    for style, suffix in STYLES.items():
        data = font_metrics(CARLITO_DIR / f"Carlito-{suffix}.ttf")
        text = json.dumps(data, separators=(",", ":"), sort_keys=True)
        (out / f"carlito-{style.replace('_', '-')}.json").write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
