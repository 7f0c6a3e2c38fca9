"""The no-op build's fast path: answer "up to date" without importing anything heavy.

``briefgen build`` with nothing changed must answer within a few tens of
milliseconds. This module reads the command line by hand (only the options
that matter for the check), reads each output's manifest entry, and hashes
the recorded inputs. When every requested output is up to date it prints the
usual lines and returns 0; in any other case it returns ``None`` and the full
command line takes over (and checks again).
"""

from __future__ import annotations

import os
import sys

from .. import __version__
from .manifest import build_key, is_up_to_date, read_manifest, skipped_warning
from .registry import DEFAULT_OUTPUTS, OUTPUTS, in_shard, options_key, parse_only, parse_shard

_VALUE_FLAGS = {"--only", "--out", "--layout", "--paper", "--print-profile", "-j", "--jobs", "--timeout", "--shard"}
_BARE_FLAGS = {"-q", "--quiet"}


def try_noop(argv: "list[str] | tuple[str, ...]") -> int | None:
    """Return 0 when ``argv`` is a build with every output up to date, else ``None``."""
    if not argv or argv[0] != "build":
        return None
    values = {"--only": ",".join(DEFAULT_OUTPUTS), "--out": "build", "--layout": "", "--paper": "", "--print-profile": "office"}
    quiet = False
    draft = False
    sources: list[str] = []
    args = list(argv[1:])
    index = 0
    while index < len(args):
        arg = args[index]
        name, eq, inline = arg.partition("=")
        if name in _VALUE_FLAGS:
            if eq:
                value = inline
            elif index + 1 < len(args):
                index += 1
                value = args[index]
            else:
                return None
            values[{"--jobs": "-j"}.get(name, name)] = value
        elif arg in _BARE_FLAGS:
            quiet = True
        elif arg == "--draft":
            draft = True
        elif arg.startswith("-"):
            return None  # --force, --strict, --timings, -v...: the full path handles them
        else:
            sources.append(arg)
        index += 1
    if not sources:
        try:
            sources = sorted(os.path.join("sources", n) for n in os.listdir("sources") if n.endswith(".md"))
        except OSError:
            return None
        if not sources:
            return None
    shard = None
    if "--shard" in values:
        shard = parse_shard(values["--shard"])
        if shard is None:
            return None  # the full command line reports the bad value
        sources = [s for s in sources if in_shard(s, shard)]
    names = parse_only(values["--only"])
    if names is None:
        return None
    values["--paper"], values["--print-profile"] = values["--paper"].lower(), values["--print-profile"].lower()  # --paper A4 too
    if values["--print-profile"] not in ("office", "press") or values["--paper"] not in ("", "letter", "a4"):
        return None
    okey = options_key(values["--paper"] or None, values["--print-profile"], draft)
    lines = []
    for source in sources:
        stem = os.path.splitext(os.path.basename(source))[0]
        out_dir = os.path.join(values["--out"], stem)
        if os.path.islink(values["--out"]) or os.path.islink(out_dir):
            return None  # the full path reports the link (briefgen/build/outfolder.py)
        manifest = read_manifest(out_dir)
        for name in (n for n in OUTPUTS if n in names):
            spec = OUTPUTS[name]
            path = os.path.join(out_dir, spec.filename)
            key = build_key(__version__, name, okey, values["--layout"], source)
            entry = manifest.get(name)
            if skipped_warning(entry) is not None or not is_up_to_date(entry, key, path, spec.layout_patterns):
                return None  # a skipped output's warning is repeated by the full path
                return None
            lines.append(f"{'up to date':>13}: {path}\n")
    if not quiet:
        sys.stderr.write("".join(lines))
    return 0
