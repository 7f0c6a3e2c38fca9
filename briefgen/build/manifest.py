"""The build manifest: what each output read, so unchanged outputs are not rebuilt.

``build/.briefgen/<stem>.json`` holds, for each output of that source, a key (briefgen version, options, layout override,
``SOURCE_DATE_EPOCH``), the content hash of every file it read (the source,
its images, the layout files of that output, the fonts), the layout folders
searched with the files found there, and the hash of the output itself. An
output is up to date when all of these still match. Checking this needs no
Markdown or YAML parsing and no heavy import: this module uses only ``os``,
``json``, ``hashlib`` and ``glob``, because the no-op build runs it.

The bookkeeping lives beside the output folders, not in them, so that
``build/<stem>/`` holds only what users hand around (zip it, upload it). A
manifest left in the old place (``build/<stem>/.briefgen-manifest.json``) is
moved to the new one the first time it is read, so no output is rebuilt for it.
"""

from __future__ import annotations

import json
import os

# No ``typing`` import: annotations are strings here (it would cost the no-op
# build several milliseconds).

BOOKKEEPING_DIR = ".briefgen"
"""The folder of the build folder (``build/.briefgen/``) that holds the manifests and their locks."""
LEGACY_MANIFEST = ".briefgen-manifest.json"
LEGACY_LOCK = ".briefgen.lock"
FORMAT = 2


def sha256_file(path: "str | os.PathLike[str]") -> str:
    """The SHA-256 of a file's bytes, or ``"missing"`` when it cannot be read."""
    import hashlib  # only when a file must really be read (OpenSSL's import costs ms)

    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while True:
                chunk = handle.read(1 << 20)
                if not chunk:
                    break
                digest.update(chunk)
    except OSError:
        return "missing"
    return digest.hexdigest()


def manifest_path(out_dir: "str | os.PathLike[str]", suffix: str = ".json") -> str:
    """The manifest file of one source's output folder: ``build/<stem>`` -> ``build/.briefgen/<stem>.json``."""
    folder = os.path.normpath(out_dir)
    return os.path.join(os.path.dirname(folder), BOOKKEEPING_DIR, os.path.basename(folder) + suffix)


def lock_path(out_dir: "str | os.PathLike[str]") -> str:
    """The lock file that serializes manifest updates of one source's output folder."""
    return manifest_path(out_dir, ".lock")


def read_manifest(out_dir: "str | os.PathLike[str]") -> dict[str, dict]:
    """The manifest's entries by output name (empty when absent or unreadable)."""
    path = manifest_path(out_dir)
    try:
        handle = open(path, encoding="utf-8")
    except FileNotFoundError:
        path = _migrate(out_dir, path)
        try:
            handle = open(path, encoding="utf-8")
        except OSError:
            return {}
    except OSError:
        return {}
    try:
        with handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("outputs"), dict):
        return {}
    _remember(data["outputs"])
    return data["outputs"]


def _migrate(out_dir: "str | os.PathLike[str]", path: str) -> str:
    """Move a manifest from inside the output folder (briefgen 0.x) to ``path``; return where it now is."""
    legacy = os.path.join(out_dir, LEGACY_MANIFEST)
    if not os.path.isfile(legacy):
        return path
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        os.replace(legacy, path)
    except OSError:
        return legacy  # a read-only build folder: read it where it is
    try:
        os.unlink(os.path.join(out_dir, LEGACY_LOCK))
    except OSError:
        pass
    return path


def build_key(version: str, output: str, options_key: str, layout_override: str, source: str) -> str:
    """The part of an output's identity that is not a file content: version,
    output, options, layout override, ``SOURCE_DATE_EPOCH`` and which source it is."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return f"v={version};out={output};{options_key};layout={layout_override};epoch={epoch};source={portable(source)}"


def portable(path: "str | os.PathLike[str]") -> str:
    """A path as the manifest records it: relative to the working folder when inside
    it (so a project can be moved or copied), absolute otherwise (font packages)."""
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    if absolute == cwd or absolute.startswith(cwd + os.sep):
        return os.path.relpath(absolute, cwd)
    return absolute


def glob_inputs(dirs: "list[str]", patterns: "list[str] | tuple[str, ...]") -> list[str]:
    """Files matching ``patterns`` in each layout folder (so added files are noticed).

    Patterns are the simple globs of :mod:`briefgen.build.registry`: ``name``,
    ``dir/*``, ``*.ext`` and ``dir/**/*``. Matched here with ``os.scandir``
    rather than :mod:`glob`, whose import (``re``, ``fnmatch``) the no-op build
    would pay for.
    """
    found: list[str] = []
    for folder in dirs:
        for pattern in patterns:
            head, _, name = pattern.rpartition("/")
            recursive = head.endswith("**")
            base = os.path.join(folder, head[:-2].rstrip("/") if recursive else head) if head else folder
            found.extend(sorted(portable(p) for p in _scan(base, name, recursive)))
    return found


def _scan(base: str, name: str, recursive: bool) -> "list[str]":
    out = []
    try:
        entries = list(os.scandir(base))
    except OSError:
        return out
    for entry in entries:
        if entry.is_file() and _matches(entry.name, name):
            out.append(entry.path)
        elif recursive and entry.is_dir(follow_symlinks=False):
            out.extend(_scan(entry.path, name, True))
    return out


def _matches(filename: str, pattern: str) -> bool:
    if pattern == "*":
        return not filename.startswith(".")
    if pattern.startswith("*."):
        return filename.endswith(pattern[1:]) and not filename.startswith(".")
    return filename == pattern


def is_up_to_date(entry: dict | None, key: str, output: "str | os.PathLike[str]", patterns: list[str] | tuple[str, ...]) -> bool:
    """True when ``output`` exists, is what was built, and nothing it read changed; for an output
    skipped (:func:`skipped_warning`), when there is still no file and nothing it read changed."""
    if not entry or entry.get("key") != key:
        return False
    inputs = entry.get("inputs")
    if not isinstance(inputs, dict):
        return False
    if skipped_warning(entry) is not None:
        if os.path.lexists(output):
            return False  # a file appeared where none was made: look again
    else:
        try:
            stat = os.stat(output)
        except OSError:
            return False
        if stat.st_size != entry.get("size"):
            return False
        if stat.st_mtime_ns != entry.get("mtime") and sha256_file(output) != entry.get("output"):
            return False
    if glob_inputs(entry.get("layout_dirs") or [], patterns) != (entry.get("layout_files") or []):
        return False
    if any(os.path.exists(p) for p in entry.get("absent") or []):
        return False  # a layout file that would now be found first (a project's own layout)
    return all(_unchanged(path, record) for path, record in inputs.items())


def _unchanged(path: str, record: object) -> bool:
    """An input is unchanged when its size and mtime are as recorded (no read
    needed) or, when they differ (a touch, a copy), its content hash is."""
    if not isinstance(record, list) or len(record) != 3:
        return False
    digest, size, mtime = record
    try:
        stat = os.stat(path)
    except OSError:
        return False
    if stat.st_size != size:
        return False
    return stat.st_mtime_ns == mtime or sha256_file(path) == digest


#: Content hashes of inputs by ``(path, size, mtime_ns)``: every output of every
#: brief in a build reads the same layout and font files (the fallback CJK faces
#: alone are 33 MB), which are hashed once per process, or not at all when a
#: manifest already recorded them with that size and time (the rule
#: :func:`is_up_to_date` trusts too).
_DIGESTS: dict[tuple[str, int, int], str] = {}


def _record(path: str) -> list:
    """``[sha256, size, mtime_ns]`` of an input (``["missing", -1, -1]`` if unreadable)."""
    try:
        stat = os.stat(path)
    except OSError:
        return ["missing", -1, -1]
    key = (path, stat.st_size, stat.st_mtime_ns)
    digest = _DIGESTS.get(key)
    if digest is None:
        digest = sha256_file(path)
        if digest != "missing":
            _DIGESTS[key] = digest
    return [digest, stat.st_size, stat.st_mtime_ns]


def _remember(outputs: dict) -> None:
    """Keep the input hashes a manifest recorded (see :data:`_DIGESTS`)."""
    for entry in outputs.values():
        inputs = entry.get("inputs") if isinstance(entry, dict) else None
        if not isinstance(inputs, dict):
            continue
        for path, record in inputs.items():
            if (isinstance(record, list) and len(record) == 3 and isinstance(record[0], str)
                    and len(record[0]) == 64 and isinstance(record[1], int) and isinstance(record[2], int)):
                _DIGESTS.setdefault((path, record[1], record[2]), record[0])


def make_entry(
    key: str,
    inputs: list | tuple,
    layout_dirs: list | tuple,
    patterns: list[str] | tuple[str, ...],
    output: "os.PathLike[str]",
    absent: list | tuple = (),
) -> dict:
    """A manifest entry for an output just written.

    ``absent`` lists files that were looked for and not found (a layout the
    project could add to override briefgen's own); if one appears, the output
    is stale."""
    dirs = [portable(d) for d in layout_dirs]
    return {
        "key": key,
        "inputs": {p: _record(p) for p in sorted({portable(i) for i in inputs})},
        "layout_dirs": dirs,
        "layout_files": glob_inputs(dirs, patterns),
        "absent": [portable(p) for p in absent],
        "output": sha256_file(output),
        "size": os.stat(output).st_size,
        "mtime": os.stat(output).st_mtime_ns,
    }


def make_skip_entry(
    key: str,
    inputs: list | tuple,
    layout_dirs: list | tuple,
    patterns: list[str] | tuple[str, ...],
    warning: dict,
    absent: list | tuple = (),
) -> dict:
    """A manifest entry for an output that had nothing to show and was not made (no file).

    ``warning`` (``path``, ``line``, ``col``, ``message``) is the located warning the build gave;
    a later build with the same inputs repeats it instead of rendering again."""
    dirs = [portable(d) for d in layout_dirs]
    return {
        "key": key,
        "inputs": {p: _record(p) for p in sorted({portable(i) for i in inputs})},
        "layout_dirs": dirs,
        "layout_files": glob_inputs(dirs, patterns),
        "absent": [portable(p) for p in absent],
        "skipped": warning,
    }


def skipped_warning(entry: "dict | None") -> "dict | None":
    """The recorded warning of an output skipped for having nothing to show, or None (an output made)."""
    found = entry.get("skipped") if isinstance(entry, dict) else None
    return found if isinstance(found, dict) else None


def update_manifest(out_dir: "os.PathLike[str]", entries: dict[str, dict | None]) -> None:
    """Merge ``entries`` into the manifest under a lock (``None`` removes an entry)."""
    from pathlib import Path

    from .fsutil import atomic_write, locked

    with locked(Path(lock_path(out_dir))):
        current = read_manifest(out_dir)
        for name, entry in entries.items():
            if entry is None:
                current.pop(name, None)
            else:
                current[name] = entry
        payload = json.dumps({"format": FORMAT, "outputs": current}, indent=1, sort_keys=True)
        atomic_write(Path(manifest_path(out_dir)), payload.encode("utf-8"))
