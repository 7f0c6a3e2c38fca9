"""Reading a source file's bytes: encoding, line endings, control characters,
size limits, and the split into front matter and body.

Everything here works on text with ``\\n`` line endings; line numbers are the
1-based lines of the file as an editor shows them (CRLF, CR and LF each end
one line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Tuple

from ..errors import Diagnostic, SourceError, error, warning

MAX_SOURCE_BYTES = 2 * 1024 * 1024
"""The largest source accepted (2 MiB)."""

# C0 controls but tab and newline, DEL, C1 controls, and Unicode noncharacters.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\ufdd0-\ufdef\ufffe\uffff"
    "\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0004fffe\U0004ffff"
    "\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff\U0008fffe\U0008ffff"
    "\U0009fffe\U0009ffff\U000afffe\U000affff\U000bfffe\U000bffff\U000cfffe\U000cffff"
    "\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff\U0010fffe\U0010ffff]"
)


@dataclass(frozen=True)
class SplitSource:
    """A decoded source split into its parts.

    ``front`` is the YAML text between the ``---`` lines and ``front_offset``
    the number of file lines before it (so YAML line 1 is file line
    ``front_offset + 1``). ``body`` is the Markdown after the closing line and
    ``body_offset`` the number of file lines before it.
    """

    front: str
    front_offset: int
    body: str
    body_offset: int


def describe_control(ch: str) -> str:
    """Name a control character for a message, e.g. ``U+001B``."""
    return f"U+{ord(ch):04X}"


def strip_controls(text: str) -> Tuple[str, List[str]]:
    """Remove control characters; return the clean text and the names of those removed."""
    found = _CONTROL.findall(text)
    if not found:
        return text, []
    names = sorted({describe_control(c) for c in found})
    return _CONTROL.sub("", text), names


def decode(data: bytes, path: str) -> str:
    """Decode UTF-8 (a BOM is accepted), normalise line endings, and refuse bad bytes.

    Raises :class:`SourceError` naming the line of every invalid byte sequence
    (at most five) or the size limit.
    """
    if len(data) > MAX_SOURCE_BYTES:
        line = data[:MAX_SOURCE_BYTES].count(b"\n") + 1
        raise SourceError(
            [
                error(
                    path,
                    line,
                    f"the source is {len(data) / 1048576:.1f} MiB; the limit is "
                    f"{MAX_SOURCE_BYTES // 1048576} MiB (split it into several briefs)",
                )
            ]
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    utf16 = utf16_kind(data)
    if utf16:
        raise SourceError([error(path, 1, f"the file is {utf16}, not UTF-8: save it as UTF-8 (in the editor's Save As, Encoding: UTF-8)", 1)])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise SourceError(_bad_bytes(data, path)) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def utf16_kind(data: bytes) -> str:
    """``"UTF-16"`` (with a byte-order mark), ``"UTF-16LE"``/``"UTF-16BE"`` (without one, told by its
    zero bytes: ASCII text in UTF-16 has one in every pair), or ``""`` for anything else."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    sample = data[:400]
    pairs = len(sample) // 2
    if pairs < 2:
        return ""
    odd = sample[1::2].count(0)
    even = sample[0::2].count(0)
    if odd >= pairs * 0.6 and even == 0:
        return "UTF-16LE"
    if even >= pairs * 0.6 and odd == 0:
        return "UTF-16BE"
    return ""


def _bad_bytes(data: bytes, path: str) -> List[Diagnostic]:
    diags: List[Diagnostic] = []
    normalised = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    for number, raw in enumerate(normalised.split(b"\n"), start=1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            col = len(raw[: exc.start].decode("utf-8", "replace")) + 1
            diags.append(
                error(path, number, f"not valid UTF-8 (byte 0x{raw[exc.start]:02X}); save the file as UTF-8", col)
            )
            if len(diags) >= 5:
                break
    return diags


def split_front_matter(text: str, path: str) -> SplitSource:
    """Split ``---`` front matter from the body, or raise a :class:`SourceError`."""
    if not text.strip():
        raise SourceError([error(path, 1, "the source is empty: it needs front matter (title, date, authors) and a body")])
    lines = text.split("\n")
    first = lines[0].rstrip()
    if first != "---":
        raise SourceError(
            [error(path, 1, "the source must start with a front matter block: a line '---', the fields in YAML, then '---'")]
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            front = "\n".join(lines[1:index]) + "\n"
            body = "\n".join(lines[index + 1 :])
            return SplitSource(front=front, front_offset=1, body=body, body_offset=index + 1)
    raise SourceError([error(path, 1, "the front matter block opened here is never closed with a line '---'")])


def check_body_invisible(body: str, body_offset: int, path: str) -> Tuple[str, List[Diagnostic]]:
    """Remove invisible and direction-changing characters from the body (:mod:`.invisible`).

    One warning per affected line, at the column of its first such character.
    Words that mix Latin letters with look-alikes of another script are kept and
    reported the same way.
    """
    from . import invisible

    diags: List[Diagnostic] = []
    for number, line in enumerate(body.split("\n"), start=body_offset + 1):
        lookalikes = invisible.confusables(line)
        if lookalikes:
            diags.append(warning(path, number, invisible.describe_confusables(lookalikes), lookalikes[0].index + 1))
    if invisible.is_clean(body):
        return body, diags
    out: List[str] = []
    for number, line in enumerate(body.split("\n"), start=body_offset + 1):
        clean, found = invisible.scrub(line)
        if found:
            diags.append(warning(path, number, invisible.describe(found), found[0].index + 1))
        out.append(clean)
    return "\n".join(out), sorted(diags, key=lambda d: (d.line or 0, d.col or 0))


def check_body_controls(body: str, body_offset: int, path: str) -> Tuple[str, List[Diagnostic]]:
    """Strip control characters from the body with one warning per affected line."""
    if not _CONTROL.search(body):
        return body, []
    diags: List[Diagnostic] = []
    out: List[str] = []
    for number, line in enumerate(body.split("\n"), start=body_offset + 1):
        clean, names = strip_controls(line)
        if names:
            col = _CONTROL.search(line).start() + 1  # type: ignore[union-attr]
            diags.append(warning(path, number, f"control characters removed: {', '.join(names)}", col))
        out.append(clean)
    return "\n".join(out), diags
