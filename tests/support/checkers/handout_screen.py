"""Geometry checks of a page in Chromium (through Playwright), for the handout at phone and desktop widths.

:func:`measure` returns, for the page open in a Playwright ``page``:

* ``scroll``: how far the page itself scrolls sideways (px; 0 is right);
* ``clipped``: text that cannot be seen: a line box outside the viewport, or
  outside the scroll container that holds it (a container that hides its
  overflow, or one that itself sticks out of the viewport);
* ``gap``: the widest vertical strip of the viewport, beside and between the
  content of the page body (between masthead and footer), where no text, image
  or drawing is: an empty column.
"""

from __future__ import annotations

from typing import Any, Dict

#: Where the body content is: the handout's ``.page``, or a test page's ``body``.
_JS = r"""
(region) => {
  const vw = document.documentElement.clientWidth;
  const out = {scroll: Math.max(0, document.scrollingElement.scrollWidth - vw), clipped: [], gap: 0, width: vw};
  const root = document.querySelector(region) || document.body;
  const holder = (el) => {
    for (let e = el; e && e !== document.body && e !== document.documentElement; e = e.parentElement) {
      if (getComputedStyle(e).overflowX !== 'visible') return e;
    }
    return null;
  };
  const spans = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const text = node.textContent.trim();
    if (!text) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter(r => r.width > 0.5 && r.height > 0.5);
    if (!rects.length) continue;
    const box = holder(node.parentElement);
    let left = 0, right = vw;
    if (box) {
      const b = box.getBoundingClientRect();
      const clip = ['hidden', 'clip'].includes(getComputedStyle(box).overflowX);
      if (b.left < -1 || b.right > vw + 1) out.clipped.push('container of: ' + text.slice(0, 50));
      left = clip ? b.left : b.left - box.scrollLeft;
      right = clip ? b.right : b.left - box.scrollLeft + box.scrollWidth;
    }
    for (const r of rects) {
      if (r.left < left - 1 || r.right > right + 1) { out.clipped.push(text.slice(0, 50)); break; }
      if (root.contains(node) && r.right > 0 && r.left < vw) spans.push([Math.max(0, r.left), Math.min(vw, r.right)]);
    }
  }
  for (const el of root.querySelectorAll('img, svg, canvas, video')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0.5 && r.height > 0.5 && r.right > 0 && r.left < vw) spans.push([Math.max(0, r.left), Math.min(vw, r.right)]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  let reach = 0, gap = 0;
  for (const [l, r] of spans) { gap = Math.max(gap, l - reach); reach = Math.max(reach, r); }
  out.gap = Math.round(Math.max(gap, vw - reach));
  out.clipped = [...new Set(out.clipped)].slice(0, 10);
  return out;
}
"""


def measure(page: Any, region: str = ".page") -> Dict[str, Any]:
    """The page's sideways scroll, its clipped text and its widest empty column (see the module)."""
    return page.evaluate(_JS, region)
