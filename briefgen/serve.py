"""``briefgen serve``: a local preview that rebuilds on save and reloads the open page.

One process, one thread: the loop waits on the listening socket and on the
file watcher in turns, so a build's workers are forked from a process with no
other thread, as in ``build`` and ``watch``. Pages:

* ``/`` — an index of the briefs: each one's handout to read, its memo,
  handout PDF and deck to open or download, and the last build's messages in
  the usual ``file:line: message`` form;
* ``/<stem>/<output>`` — an output file, for the outputs briefgen makes only;
  HTML is served with a small script added to the response (never to the file
  on disk) that polls ``/_briefgen/state`` and reloads after a rebuild;
* ``/_briefgen/state`` — ``{"generation": N, "ok": bool}`` as JSON.

Nothing else is served: a request names a known brief and a known output file
name, or it gets 404, so no path from a request ever reaches the file system
(``..``, absolute paths, encoded slashes and symlinks are all refused). The
server binds to 127.0.0.1 unless ``--host`` names another address, which
also needs ``--allow-remote``; requests whose ``Host`` header is not the
address served are refused (403), which keeps other web pages in the same
browser from reading the preview through DNS rebinding.
"""

from __future__ import annotations

import html
import json
import logging
import select
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import List, Optional, Sequence
from urllib.parse import unquote, urlsplit

from .engine import BuildOptions, build
from .errors import UsageError
from .interrupts import check as check_interrupt
from .outputs import OUTPUTS
from .watch import preload, rebuild_summary, watch_changes

log = logging.getLogger(__name__)

LOOPBACK = ("127.0.0.1", "localhost", "::1")
POLL_SECONDS = 0.1
RELOAD_SCRIPT = (
    "<script>/* added by briefgen serve; not part of the handout */(function(){var g=null;"
    "function poll(){fetch('/_briefgen/state',{cache:'no-store'}).then(function(r){return r.json();})"
    ".then(function(s){if(g!==null&&s.generation!==g){location.reload();}g=s.generation;})"
    ".catch(function(){}).then(function(){setTimeout(poll,700);});}poll();})();</script>"
)
_TYPES = {".pdf": "application/pdf", ".html": "text/html; charset=utf-8",
          ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}


class Preview:
    """What the server shows: the briefs, the build folder and the last build's result."""

    def __init__(self, sources: Sequence[Path], options: BuildOptions) -> None:
        self.sources = list(sources)
        self.stems = {s.stem: s for s in self.sources}
        self.options = options
        self.out = options.out_dir.resolve()
        self.generation = 0
        self.ok = True
        self.messages: List[str] = []
        self.built_at = ""

    def rebuild(self, project: Path) -> None:
        """Build (make-style), remember its messages, and tell open pages to reload."""
        transcript: List[str] = []
        started = time.perf_counter()
        counts: dict = {}
        status = build(self.sources, self.options, project, transcript, counts)
        self.ok = status == 0
        self.messages = [line for line in transcript if ": error:" in line or ": warning:" in line or "failed:" in line]
        self.generation += 1
        self.built_at = time.strftime("%H:%M:%S")
        print(f"briefgen serve: {rebuild_summary(status, counts, time.perf_counter() - started)}", file=sys.stderr, flush=True)

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

    def index_html(self) -> str:
        """The index page: every brief, its outputs and the last build's messages."""
        rows = []
        for stem in sorted(self.stems):
            links = []
            for spec in OUTPUTS.values():
                if spec.name in self.options.only and self.file_for(stem, spec.filename) is not None:
                    links.append(f'<a href="/{html.escape(stem)}/{spec.filename}">{spec.filename}</a>')
            rows.append(f"<li><strong>{html.escape(stem)}</strong>: {' · '.join(links) or 'not built yet'}</li>")
        if self.messages:
            messages = "<h2>Messages of the last build</h2><pre>" + "\n".join(html.escape(m) for m in self.messages) + "</pre>"
        else:
            messages = "<p>The last build had no messages.</p>"
        state = "succeeded" if self.ok else "failed"
        return (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1"><title>briefgen preview</title>'
            "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}"
            "pre{white-space:pre-wrap;background:#f4f4f4;padding:1rem}</style></head><body>"
            f"<h1>briefgen preview</h1><p>Last build {state} at {self.built_at} (build {self.generation}); "
            f"this page reloads after every rebuild.</p><ul>{''.join(rows)}</ul>{messages}</body></html>"
        )


def _handler_for(preview: Preview, hosts: Sequence[str]):
    class Handler(BaseHTTPRequestHandler):
        server_version = "briefgen-serve"
        sys_version = ""
        timeout = 5  # a client that connects and sends nothing cannot hold the loop

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
            log.debug("%s %s", self.address_string(), format % args)

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self._answer(body=True)

        def do_HEAD(self) -> None:  # noqa: N802
            self._answer(body=False)

        def _answer(self, body: bool) -> None:
            host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]").lower()
            if host not in hosts:
                return self._send(403, b"forbidden: unknown Host\n", "text/plain; charset=utf-8", body)
            raw = urlsplit(self.path).path
            if raw == "/":
                page = preview.index_html().replace("</body>", RELOAD_SCRIPT + "</body>")
                return self._send(200, page.encode("utf-8"), _TYPES[".html"], body)
            if raw == "/_briefgen/state":
                state = json.dumps({"generation": preview.generation, "ok": preview.ok}).encode()
                return self._send(200, state, "application/json", body)
            parts = raw.split("/")
            path = None
            if len(parts) == 3 and parts[0] == "" and "%2f" not in raw.lower() and "%5c" not in raw.lower():
                path = preview.file_for(unquote(parts[1]), unquote(parts[2]))
            if path is None:
                return self._send(404, b"not found\n", "text/plain; charset=utf-8", body)
            data = path.read_bytes()
            if path.suffix == ".html":
                text = data.decode("utf-8")
                cut = text.rfind("</body>")
                data = (text[:cut] + RELOAD_SCRIPT + text[cut:] if cut >= 0 else text + RELOAD_SCRIPT).encode("utf-8")
            self._send(200, data, _TYPES.get(path.suffix, "application/octet-stream"), body,
                       download=path.name if path.suffix == ".pptx" else None)

        def _send(self, code: int, data: bytes, kind: str, body: bool, download: Optional[str] = None) -> None:
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
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
    hosts = sorted({host.lower(), "127.0.0.1", "localhost", "::1"})
    try:
        server = HTTPServer((host, port), _handler_for(preview, hosts))
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    server.timeout = 0
    try:
        preload(options.only)
        shown = f"[{host}]" if ":" in host else host
        print(f"briefgen serve: http://{shown}:{server.server_address[1]}/ (Ctrl-C to stop)", file=sys.stderr, flush=True)
        changes = watch_changes(sources, project, preview.out, int(POLL_SECONDS * 1000))
        preview.rebuild(project)
        while True:
            check_interrupt()
            while select.select([server.socket], [], [], POLL_SECONDS)[0]:
                server.handle_request()
            if next(changes):
                preview.rebuild(project)
    except KeyboardInterrupt as exc:
        from .interrupts import ignore_further, status_of

        ignore_further()
        try:
            print("briefgen serve: stopped", file=sys.stderr, flush=True)
        except (OSError, ValueError):
            pass
        status = status_of(exc)
        return 0 if status == 130 else status
    finally:
        server.server_close()
    return 0  # pragma: no cover - the loop ends only by an interrupt
