"""The HTTP side of ``briefgen serve``: a threaded server, its headers and which host names it answers.

Every connection gets its own (daemon) thread with a socket timeout, so a slow
or half-sent request holds only itself, never the others or the rebuilds, and
at most :data:`MAX_THREADS` are open at once (further connections wait in the
listen queue). The threads block the stopping signals (Ctrl-C, SIGTERM,
SIGHUP), so those always reach the main thread, where the rebuilds run and
where :class:`briefgen.build.interrupts.deferred` can hold them.

Headers: every response says ``no-store``, ``nosniff``, ``Referrer-Policy:
no-referrer``, ``Cross-Origin-Resource-Policy: same-origin`` and a
Content-Security-Policy that forbids framing; an HTML page's policy starts
from ``default-src 'none'`` and allows exactly what that page holds (see
:func:`html_policy`). A client that goes away mid-answer is a one-line debug
message, not a traceback.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import logging
import re
import signal
import socket
import sys
import threading
from http.server import ThreadingHTTPServer
from typing import Iterable, List, Set, Tuple

from ..build.interrupts import STOPPING

log = logging.getLogger(__name__)

MAX_THREADS = 64
"""Connections answered at once; more wait in the listen queue."""
CONNECTION_TIMEOUT = 15.0
"""Seconds a connection may sit silent (mid-request or mid-download) before it is closed."""
LOOPBACK = ("127.0.0.1", "localhost", "::1")
WILDCARD = ("0.0.0.0", "::", "")
_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.S | re.I)
_STYLE_ATTR = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)
PLAIN_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
"""The policy of everything that is not an HTML page (JSON, messages, the deck download)."""
PDF_POLICY = "frame-ancestors 'none'"
"""A PDF's policy: no framing; the browser's own PDF viewer needs the rest (plugins, its scripts)."""


def csp_hash(text: str) -> str:
    """The CSP source expression (``'sha256-…'``) of an inline ``<script>`` or ``<style>`` body.

    The browser hashes the text after the HTML parser's newline normalization
    (CR LF and lone CR become LF), so this does too.
    """
    data = text.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")
    return "'sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode("ascii") + "'"


def html_policy(page: str, scripts: Iterable[str] = ()) -> str:
    """The Content-Security-Policy of one HTML page: ``default-src 'none'`` plus what ``page`` uses.

    Its ``<style>`` elements by hash (and inline ``style=`` attributes, when a
    layout's template writes any), fonts and images as ``data:`` URIs when it
    embeds them, ``scripts`` (the bodies of the scripts serve adds) by hash,
    and ``connect-src 'self'`` for the reload script's requests.
    """
    parts = ["default-src 'none'"]
    styles = sorted({csp_hash(body) for body in _STYLE.findall(page)})
    if styles:
        parts.append("style-src " + " ".join(styles))
    if _STYLE_ATTR.search(page):
        parts.append("style-src-attr 'unsafe-inline'")
    if "data:font/" in page or "data:application/font" in page:
        parts.append("font-src data:")
    if "data:image/" in page:
        parts.append("img-src data:")
    scripts = list(scripts)
    if scripts:
        parts.append("script-src " + " ".join(csp_hash(s) for s in scripts))
        parts.append("connect-src 'self'")
    parts += ["base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"]
    return "; ".join(parts)


def host_of(header: str) -> str:
    """The host name of a ``Host`` header, lower case, without port, brackets or a trailing dot."""
    value = header.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        name = value[1:end] if end > 0 else ""
    elif value.count(":") <= 1:
        name = value.partition(":")[0]
    else:
        name = value  # an IPv6 address without brackets (not valid, but unambiguous)
    return name.rstrip(".")


def is_address(name: str) -> bool:
    """True when ``name`` is an IP address literal."""
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def machine_names() -> Tuple[Set[str], List[str]]:
    """This machine's names (host name, fully qualified name) and its non-loopback addresses."""
    names: Set[str] = set()
    addresses: List[str] = []
    for name in (socket.gethostname(), socket.getfqdn()):
        name = name.lower().rstrip(".")
        if not name:
            continue
        names.add(name)
        try:
            infos = socket.getaddrinfo(name, None, proto=socket.IPPROTO_TCP)
        except OSError:
            continue
        for info in infos:
            address = str(info[4][0]).split("%", 1)[0]
            if not ipaddress.ip_address(address).is_loopback and address not in addresses:
                addresses.append(address)
    return names, addresses


class HostCheck:
    """Which ``Host`` headers are answered: the protection against DNS rebinding.

    A page from another site that makes its own name resolve to this machine
    sends that name as ``Host``; only the loopback names and the address served
    are answered, and with ``--allow-remote`` also this machine's own names and
    any IP address (an address cannot be another site's name).
    """

    def __init__(self, host: str, allow_remote: bool) -> None:
        self.allow_remote = allow_remote
        self.names = {name.lower() for name in LOOPBACK} | {host_of(host)}
        if allow_remote:
            self.names |= machine_names()[0]

    def allows(self, header: str) -> bool:
        """True when a request with this ``Host`` header may be answered."""
        name = host_of(header)
        return name in self.names or (self.allow_remote and is_address(name))


def urls(host: str, port: int, allow_remote: bool) -> List[str]:
    """The addresses to print: first the one to open on this machine, then (wildcard only) the network's."""

    def url(name: str) -> str:
        return f"http://[{name}]:{port}/" if ":" in name else f"http://{name}:{port}/"

    if host not in WILDCARD:
        return [url(host)]
    found = [url("::1" if host == "::" else "127.0.0.1")]
    if allow_remote:
        names, addresses = machine_names()
        fqdn = socket.getfqdn().lower().rstrip(".")
        chosen = [fqdn] if fqdn in names and fqdn not in LOOPBACK and "." in fqdn else []
        chosen += [a for a in addresses if host == "::" or ":" not in a]
        found += [url(name) for name in chosen]
    return found


class PreviewServer(ThreadingHTTPServer):
    """A :class:`ThreadingHTTPServer` with a bounded number of threads and quiet disconnects."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = 128

    def __init__(self, address: Tuple[str, int], handler: type) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.slots = threading.BoundedSemaphore(MAX_THREADS)
        super().__init__(address, handler)

    def run(self) -> None:
        """Serve until :meth:`shutdown`, with the stopping signals left to the main thread."""
        signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)  # the handler threads inherit this mask
        self.serve_forever(poll_interval=0.25)

    def process_request(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        """Start the connection's thread once a slot is free (meanwhile the next ones wait in the queue)."""
        self.slots.acquire()
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        """Answer one connection in its thread, then free its slot."""
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        """A client gone mid-answer is routine (one debug line); anything else is one line on stderr."""
        exc = sys.exc_info()[1]
        who = client_address[0] if isinstance(client_address, tuple) else client_address
        if isinstance(exc, (ConnectionError, TimeoutError)):
            log.debug("%s went away: %s", who, exc)
            return
        log.debug("error answering %s", who, exc_info=exc)
        try:
            print(f"briefgen serve: could not answer a request from {who}: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        except (OSError, ValueError):
            pass
