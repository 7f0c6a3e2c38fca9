"""``briefgen serve``: a local preview that rebuilds on save and reloads the open page.

Two sides that never wait for each other:

* the main thread watches the sources and layouts and rebuilds (make-style)
  after every save, as ``watch`` does; the stopping signals reach it alone, so
  a build's atomic writes and worker reaping stay whole;
* :mod:`briefgen.preview.web` answers requests, each connection in its own thread
  with a timeout, so a slow client, a half-sent request or a page polling the
  state never holds up another request or a rebuild. A build's workers are
  still forked from the main thread; the request threads take no lock a
  worker needs (they log at debug level and print at most a one-line error).

A rebuild makes the HTML handouts first, alone, then the other outputs (in
parallel workers, each written the moment it is ready); every written output
wakes the pages waiting on ``/_briefgen/state``, and the page showing that
output reloads at once, while the PDFs and the deck follow.

Pages:

* ``/`` — an index of the briefs: each one's handout to read, its memo,
  handout PDF and deck to open or download, and the last build's messages in
  the usual ``file:line: message`` form;
* ``/<stem>/<output>`` — an output file, for the outputs briefgen makes only;
  HTML is served with a small script added to the response (never to the file
  on disk) that waits on ``/_briefgen/state`` and reloads when its file changes;
* ``/_briefgen/state`` — ``{"generation": N, "ok": bool, "building": bool,
  "change": C, "versions": {"<stem>/<output>": "…"}}`` as JSON; with
  ``?after=C`` it answers when something changed after ``C`` (or after
  :data:`LONG_POLL_SECONDS`).

Nothing else is served: a request names a known brief and a known output file
name (URL-encoded, as the index writes them), or it gets 404, so no path from a
request ever reaches the file system (``..``, absolute paths, encoded slashes
and symlinks are all refused). The server binds to 127.0.0.1 unless ``--host``
names another address, which also needs ``--allow-remote``; requests whose
``Host`` header is not a name of this server are refused (403), which keeps
other web pages in the same browser from reading the preview through DNS
rebinding (see :class:`briefgen.preview.web.HostCheck`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import html
import io
import json
import logging
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Dict, List, Optional, Sequence, TextIO, Tuple
from urllib.parse import parse_qs, quote, unquote, urlsplit

from ..build.engine import BuildOptions, build
from ..errors import UsageError
from ..build.interrupts import check as check_interrupt
from ..build.interrupts import deferred
from ..build.registry import OUTPUTS
from .web import CONNECTION_TIMEOUT, LOOPBACK, PDF_POLICY, PLAIN_POLICY, HostCheck, PreviewServer, html_policy, urls
from .watch import preload, rebuild_summary, warm_render, watch_changes

log = logging.getLogger(__name__)

TICK_MS = 200
"""How often the main thread looks up from the watcher (to notice Ctrl-C)."""
LONG_POLL_SECONDS = 25.0
FIRST = "handout"
"""The output each rebuild makes first, alone: the page a writer watches while typing."""
RELOAD_SCRIPT = (
    "/* added by briefgen serve; not part of the handout */(function(){"
    "var me=decodeURIComponent(location.pathname.slice(1)),seen=document.currentScript.dataset.version,after='';"
    "function poll(){fetch('/_briefgen/state?after='+after,{cache:'no-store'})"
    ".then(function(r){if(!r.ok){throw r;}return r.json();})"
    ".then(function(s){var v=me?s.versions[me]:String(s.change);"
    "if(v!==undefined&&v!==seen){location.reload();return;}after=s.change;poll();})"
    ".catch(function(){setTimeout(poll,1000);});}poll();})();"
)
"""Waits on the state and reloads the page when its file (the index: anything) changed."""
_TYPES = {".pdf": "application/pdf", ".html": "text/html; charset=utf-8",
          ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}


class _Transcript(list):
    """A build's printed lines; each one (an output written, a message) wakes the waiting pages."""

    def __init__(self, preview: "Preview") -> None:
        super().__init__()
        self.preview = preview

    def append(self, text: str) -> None:  # type: ignore[override]
        super().append(text)
        self.preview.touched()


class _Unseen(io.TextIOBase):
    """A stderr that passes on only the lines not already in ``seen`` (as they were when it was made)."""

    def __init__(self, seen: Sequence[str], out: TextIO) -> None:
        super().__init__()
        self.seen = set(seen)
        self.out = out
        self.pending = ""

    def write(self, text: str) -> int:  # type: ignore[override]
        """Pass on each complete line unless it was seen."""
        self.pending += text
        while "\n" in self.pending:
            line, self.pending = self.pending.split("\n", 1)
            if line not in self.seen:
                self.out.write(line + "\n")
        return len(text)

    def flush(self) -> None:
        """Flush the stream behind."""
        self.out.flush()


def _version(stat: os.stat_result) -> str:
    """A file's version: it changes whenever the file is replaced or rewritten."""
    return f"{stat.st_ino:x}-{stat.st_mtime_ns:x}-{stat.st_size:x}"


class Preview:
    """What the server shows: the briefs, the build folder and the last build's result.

    The main thread changes it (:meth:`rebuild`), the request threads read it;
    :attr:`change` counts every change and :attr:`cond` wakes the waiters.
    """

    def __init__(self, sources: Sequence[Path], options: BuildOptions) -> None:
        self.sources = list(sources)
        self.stems = {s.stem: s for s in self.sources}
        self.options = options
        self.out = options.out_dir.resolve()
        self.generation = 0
        self.ok = True
        self.building = False
        self.messages: List[str] = []
        self.built_at = ""
        self.change = 0
        self.cond = threading.Condition()

    def touched(self) -> None:
        """Something changed (an output written, a build started or ended): wake the waiting pages."""
        with self.cond:
            self.change += 1
            self.cond.notify_all()

    def rebuild(self, project: Path) -> None:
        """Build (make-style), remember its messages, and tell open pages to reload."""
        started = time.perf_counter()
        self.building = True
        self.touched()
        transcript = _Transcript(self)
        counts: Dict[str, int] = {}
        try:
            status = self._build(project, transcript, counts)
        finally:
            self.building = False
        messages = [line for line in transcript if ": error:" in line or ": warning:" in line or "failed:" in line]
        with self.cond:
            self.ok = status == 0
            self.messages = list(dict.fromkeys(messages))
            self.generation += 1
            self.built_at = time.strftime("%H:%M:%S")
        self.touched()
        print(f"briefgen serve: {rebuild_summary(status, counts, time.perf_counter() - started)}", file=sys.stderr, flush=True)

    def _build(self, project: Path, transcript: List[str], counts: Dict[str, int]) -> int:
        """Build the handouts first, alone (the page a writer watches gets the whole machine), then the rest.

        The second build parses the sources again; a message the first one
        printed is not printed twice. ``counts`` sums the outcomes of both (``built``, ``failed``, ...).
        """
        only = self.options.only
        if FIRST not in only or len(only) == 1:
            return build(self.sources, self.options, project, transcript, counts)
        first: Dict[str, int] = {}
        status = build(self.sources, dataclasses.replace(self.options, only=(FIRST,)), project, transcript, first)
        with contextlib.redirect_stderr(_Unseen(transcript, sys.stderr)):
            rest = dataclasses.replace(self.options, only=tuple(name for name in only if name != FIRST))
            later: Dict[str, int] = {}
            status = max(status, build(self.sources, rest, project, transcript, later))
        for part in (first, later):
            for key, value in part.items():
                counts[key] = counts.get(key, 0) + value
        return status

    def state(self, after: Optional[int] = None) -> Dict[str, object]:
        """The state as the pages read it; with ``after``, once something changed after it (or after a while)."""
        if after is not None:
            with self.cond:
                self.cond.wait_for(lambda: self.change != after, LONG_POLL_SECONDS)
        change = self.change
        versions = {}
        for stem in sorted(self.stems):
            for spec in OUTPUTS.values():
                path = self.file_for(stem, spec.filename) if spec.name in self.options.only else None
                if path is not None:
                    try:
                        versions[f"{stem}/{spec.filename}"] = _version(path.stat())
                    except OSError:
                        pass
        return {"generation": self.generation, "ok": self.ok, "building": self.building,
                "change": change, "versions": versions}

    def file_for(self, stem: str, name: str) -> Optional[Path]:
        """The output file ``build/<stem>/<name>`` when both are known and it is a regular file inside the build folder."""
        if stem not in self.stems or name not in {spec.filename for spec in OUTPUTS.values()}:
            return None
        path = self.out / stem / name
        try:
            if path.is_symlink() or not path.is_file() or path.resolve().parent != self.out / stem:
                return None
        except OSError:
            return None
        return path

    def index_html(self) -> Tuple[str, int]:
        """The index page (every brief, its outputs and the last build's messages) and the change it shows."""
        change = self.change
        rows = []
        for stem in sorted(self.stems):
            links = []
            for spec in OUTPUTS.values():
                if spec.name in self.options.only and self.file_for(stem, spec.filename) is not None:
                    href = f"/{quote(stem, safe='')}/{quote(spec.filename, safe='')}"
                    links.append(f'<a href="{html.escape(href)}">{html.escape(spec.filename)}</a>')
            rows.append(f"<li><strong>{html.escape(stem)}</strong>: {' · '.join(links) or 'not built yet'}</li>")
        if self.messages:
            messages = "<h2>Messages of the last build</h2><pre>" + "\n".join(html.escape(m) for m in self.messages) + "</pre>"
        else:
            messages = "<p>The last build had no messages.</p>"
        state = "succeeded" if self.ok else "failed"
        building = " A rebuild is under way." if self.building else ""
        return (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1"><title>briefgen preview</title>'
            "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}"
            "pre{white-space:pre-wrap;background:#f4f4f4;padding:1rem}</style></head><body>"
            f"<h1>briefgen preview</h1><p>Last build {state} at {self.built_at} (build {self.generation});{building} "
            f"this page reloads after every rebuild.</p><ul>{''.join(rows)}</ul>{messages}</body></html>"
        ), change


def _with_script(page: str, version: str) -> str:
    """``page`` with the reload script before ``</body>`` (its data-version is what the page shows)."""
    tag = f'<script data-version="{html.escape(version)}">{RELOAD_SCRIPT}</script>'
    cut = page.rfind("</body>")
    return page[:cut] + tag + page[cut:] if cut >= 0 else page + tag


def _handler_for(preview: Preview, hosts: HostCheck):
    class Handler(BaseHTTPRequestHandler):
        server_version = "briefgen-serve"
        sys_version = ""
        timeout = CONNECTION_TIMEOUT  # a silent client holds only its own thread, and not for long

        def log_message(self, format: str, *args: object) -> None:  # the base class's name
            log.debug("%s %s", self.address_string(), format % args)

        def do_GET(self) -> None:  # http.server's name
            self._answer(body=True)

        def do_HEAD(self) -> None:
            self._answer(body=False)

        def _answer(self, body: bool) -> None:
            if not hosts.allows(self.headers.get("Host") or ""):
                return self._send(403, b"forbidden: unknown Host\n", "text/plain; charset=utf-8", body)
            parts = urlsplit(self.path)
            raw = parts.path
            if raw == "/":
                page, change = preview.index_html()
                page = _with_script(page, str(change))
                return self._send(200, page.encode("utf-8"), _TYPES[".html"], body, html_policy(page, [RELOAD_SCRIPT]))
            if raw == "/_briefgen/state":
                after = parse_qs(parts.query).get("after", [""])[0]
                wait = body and after.isascii() and after.isdigit() and len(after) < 19
                state = preview.state(int(after) if wait else None)
                return self._send(200, json.dumps(state).encode(), "application/json", body)
            path = None
            pieces = raw.split("/")
            if len(pieces) == 3 and pieces[0] == "" and "%2f" not in raw.lower() and "%5c" not in raw.lower():
                try:
                    path = preview.file_for(unquote(pieces[1], errors="strict"), unquote(pieces[2], errors="strict"))
                except UnicodeDecodeError:  # not UTF-8: no brief has that name
                    path = None
            if path is None:
                return self._send(404, b"not found\n", "text/plain; charset=utf-8", body)
            try:
                with open(path, "rb") as handle:
                    version = _version(os.fstat(handle.fileno()))
                    data = handle.read()
            except OSError:
                return self._send(404, b"not found\n", "text/plain; charset=utf-8", body)
            if path.suffix == ".html":
                page = _with_script(data.decode("utf-8", errors="replace"), version)
                return self._send(200, page.encode("utf-8"), _TYPES[".html"], body, html_policy(page, [RELOAD_SCRIPT]))
            policy = PDF_POLICY if path.suffix == ".pdf" else PLAIN_POLICY
            self._send(200, data, _TYPES.get(path.suffix, "application/octet-stream"), body, policy,
                       download=path.name if path.suffix == ".pptx" else None)

        def send_error(self, code: int, message: Optional[str] = None, explain: Optional[str] = None) -> None:
            """http.server's own errors (a bad request line, POST…) as short text, with the same headers."""
            self.close_connection = True
            reason = message or self.responses.get(code, ("error",))[0]
            self._send(code, f"{code} {reason}\n".encode("utf-8", errors="replace"), "text/plain; charset=utf-8",
                       self.command != "HEAD")

        def _send(self, code: int, data: bytes, kind: str, body: bool, policy: str = PLAIN_POLICY,
                  download: Optional[str] = None) -> None:
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Security-Policy", policy)
            self.send_header("Referrer-Policy", "no-referrer")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Cross-Origin-Resource-Policy", "same-origin")
            if download:
                self.send_header("Content-Disposition", f'attachment; filename="{download}"')
            self.end_headers()
            if body:
                self.wfile.write(data)

    return Handler


def serve(
    sources: Sequence[Path],
    options: BuildOptions,
    host: str = "127.0.0.1",
    port: int = 0,
    allow_remote: bool = False,
    project: Optional[Path] = None,
) -> int:
    """Build, serve the previews, rebuild on save; returns 0 on Ctrl-C (143 on SIGTERM, 129 on SIGHUP)."""
    if host not in LOOPBACK and not allow_remote:
        raise UsageError(f"--host {host} would let other machines read your briefs: add --allow-remote to mean it")
    project = project or Path.cwd()
    preview = Preview(sources, options)
    try:
        server = PreviewServer((host, port), _handler_for(preview, HostCheck(host, allow_remote)))
    except (OSError, OverflowError) as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {getattr(exc, 'strerror', None) or exc}") from None
    thread = threading.Thread(target=server.run, name="briefgen-serve-http", daemon=True)
    try:
        preload(options.only)
        check_interrupt()
        with deferred():  # threads started here (the server's, the watcher's) leave the stopping signals to this one
            thread.start()
            changes = watch_changes(sources, project, preview.out, TICK_MS)
        found = urls(host, server.server_address[1], allow_remote)
        print(f"briefgen serve: {found[0]} (Ctrl-C to stop)", file=sys.stderr, flush=True)
        if found[1:]:
            print(f"briefgen serve: from other machines: {', '.join(found[1:])}", file=sys.stderr, flush=True)
        preview.rebuild(project)
        if FIRST in options.only and preview.sources:  # later rebuilds fork from a process whose caches are warm
            warm_render(preview.sources[0], options, project, [FIRST])
            check_interrupt()
        for changed in changes:
            check_interrupt()
            if changed:
                preview.rebuild(project)
    except KeyboardInterrupt as exc:
        from ..build.interrupts import ignore_further, status_of

        ignore_further()
        try:
            print("briefgen serve: stopped", file=sys.stderr, flush=True)
        except (OSError, ValueError):
            pass
        status = status_of(exc)
        return 0 if status == 130 else status
    finally:
        if thread.is_alive():
            server.shutdown()
        server.server_close()
    return 0  # pragma: no cover - the loop ends only by an interrupt
