"""briefgen's exceptions: one root, a few subclasses, and the diagnostic record.

Every problem a user can fix is reported as ``path:line:col: error: message``
(compiler style). Code raises :class:`SourceError` (or another subclass of
:class:`BriefgenError`) carrying one or more :class:`Diagnostic` records; the
command line prints them and exits with status 1. Nothing else reaches the user
as a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional, Tuple

_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e0fff]"
)


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: controls, line breaks, bidi controls and
    zero-width characters as ``\\uXXXX`` (so a quoted key cannot hide or reorder text)."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@dataclass(frozen=True)
class Diagnostic:
    """One message about a file: ``severity`` is ``"error"`` or ``"warning"``."""

    path: str
    line: Optional[int]
    message: str
    severity: str = "error"
    col: Optional[int] = None

    def __str__(self) -> str:
        where = printable(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        return f"{where}: {self.severity}: {printable(self.message)}"


class BriefgenError(Exception):
    """Root of every error briefgen reports to its user.

    ``diagnostics`` holds one record per problem; ``str()`` joins them, one per
    line, in the ``path:line: error: message`` form.
    """

    def __init__(self, diagnostics: Iterable[Diagnostic] | str) -> None:
        if isinstance(diagnostics, str):
            diags: Tuple[Diagnostic, ...] = (Diagnostic("briefgen", None, diagnostics),)
        else:
            diags = tuple(diagnostics)
        self.diagnostics = diags
        super().__init__("\n".join(str(d) for d in diags))


class SourceError(BriefgenError):
    """A source file is invalid (bad YAML, a missing field, a bad image...)."""


class LayoutError(BriefgenError):
    """A layout is invalid (bad theme value, missing font, unusable template...)."""


class RenderError(BriefgenError):
    """A renderer could not make its output (a budget exceeded, a tool failed)."""


class NothingToShow(RenderError):
    """An output has nothing meaningful to show for this source (a one-pager of a brief without prose).

    Asked for by name (``--only onepager``) it is an error like any other; made
    only because it is in the default set, the build turns it into a located
    warning and makes no file (see :mod:`briefgen.build.engine`).
    """


class BuildError(BriefgenError):
    """The build itself failed (an unwritable output folder, a full disk...)."""


class UsageError(BriefgenError):
    """The command line was used wrongly (exit status 2)."""


def error(path: str, line: Optional[int], message: str, col: Optional[int] = None) -> Diagnostic:
    """Shorthand for an error :class:`Diagnostic`."""
    return Diagnostic(path, line, message, "error", col)


def warning(path: str, line: Optional[int], message: str, col: Optional[int] = None) -> Diagnostic:
    """Shorthand for a warning :class:`Diagnostic`."""
    return Diagnostic(path, line, message, "warning", col)
