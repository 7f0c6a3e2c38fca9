"""``briefgen serve``: index and outputs served, rebuild and reload on save, nothing else reachable, clean stop."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Iterator, List, Tuple

import pytest

from tests.support import ROOT, make_project, no_traceback

CHROMIUM = "/usr/bin/chromium"


def _reader(stream, lines: List[str]) -> None:
    for line in iter(stream.readline, ""):
        lines.append(line)


def _wait_for(lines: List[str], pattern: str, count: int = 1, timeout: float = 120) -> re.Match:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [m for m in (re.search(pattern, line) for line in list(lines)) if m]
        if len(found) >= count:
            return found[count - 1]
        time.sleep(0.05)
    raise AssertionError(f"no {count}x {pattern!r} within {timeout} s:\n{''.join(lines)}")


def get(port: int, path: str, host: str = "127.0.0.1") -> Tuple[int, dict, bytes]:
    """A raw GET (the path is sent exactly as given, unnormalized)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", f"{host}:{port}")
        conn.endheaders()
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


@contextlib.contextmanager
def started(project: Path, *args: str) -> Iterator[Tuple[subprocess.Popen, int, List[str]]]:
    """``briefgen serve ARGS`` running in ``project`` after its first build: the process, its port, its stderr lines."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "serve", *args],
        cwd=project, env=env, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    lines: List[str] = []
    threading.Thread(target=_reader, args=(proc.stderr, lines), daemon=True).start()
    try:
        port = int(_wait_for(lines, r"http://127\.0\.0\.1:(\d+)/").group(1))
        _wait_for(lines, r"briefgen serve: (rebuilt|failed)")
        yield proc, port, lines
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture
def server(tmp_path: Path):
    project = make_project(tmp_path / "p")
    outside = tmp_path / "secret.txt"
    outside.write_text("do not serve me\n", encoding="utf-8")
    with started(project, "--only", "handout,memo") as (proc, port, lines):
        yield proc, port, project, lines, outside


def _wait_in(page, expression: str, timeout: float) -> None:
    """Wait (bounded) until ``expression`` is true in ``page``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if page.evaluate(expression):
                return
        except Exception:  # the page is reloading: its context went away mid-evaluation
            pass
        page.wait_for_timeout(100)
    raise AssertionError(f"{expression} not true within {timeout} s")


def test_serve_shows_the_briefs_rebuilds_on_save_and_stops_on_ctrl_c(server) -> None:
    proc, port, project, lines, _outside = server
    status, headers, body = get(port, "/")
    assert status == 200 and 'href="/essay/handout.html"' in body.decode() and 'href="/essay/memo.pdf"' in body.decode()
    status, headers, body = get(port, "/essay/handout.html")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    served = body.decode("utf-8")
    on_disk = (project / "build/essay/handout.html").read_text(encoding="utf-8")
    assert "<script" in served and "/_briefgen/state" in served, "the reload hook is not in the served page"
    assert "<script" not in on_disk, "the reload hook leaked into the built handout"
    status, headers, body = get(port, "/essay/memo.pdf")
    assert status == 200 and body.startswith(b"%PDF-") and headers["Content-Type"] == "application/pdf"
    generation = json.loads(get(port, "/_briefgen/state")[2])["generation"]

    source = project / "sources" / "essay.md"
    original = source.read_text(encoding="utf-8")
    source.write_text(original.replace("thorn in", "splinter in"), encoding="utf-8")
    _wait_for(lines, r"briefgen serve: rebuilt", count=2)
    state = json.loads(get(port, "/_briefgen/state")[2])
    assert state["generation"] > generation and state["ok"] is True
    assert "splinter in" in get(port, "/essay/handout.html")[2].decode("utf-8")

    source.write_text(original.replace("date:", "dat:", 1), encoding="utf-8")  # a build error shows on the index
    _wait_for(lines, r"briefgen serve: failed")
    index = get(port, "/")[2].decode("utf-8")
    assert re.search(r"sources/essay\.md:\d+(:\d+)?: error: .*did you mean &#x27;date&#x27;", index), index
    assert json.loads(get(port, "/_briefgen/state")[2])["ok"] is False

    os.killpg(proc.pid, signal.SIGINT)
    proc.wait(timeout=30)
    text = "".join(lines)
    no_traceback(text)
    assert proc.returncode == 0 and "briefgen serve: stopped" in text, text


@pytest.mark.parametrize("path", [
    "/../secret.txt", "/essay/../../secret.txt", "/%2e%2e/secret.txt", "/essay/%2e%2e%2f%2e%2e%2fsecret.txt",
    "//etc/passwd", "/etc/passwd", "/essay/../../../../etc/passwd", "/essay/memo.pdf/../../secret.txt",
    "/essay/essay.md", "/sources/essay.md", "/essay/", "/essay", "/nosuch/memo.pdf", "/.briefgen/essay.json",
    "/essay/link.pdf", "/essay%2fmemo.pdf", "/essay/%2e%2e%5csecret.txt",
])
def test_serve_serves_nothing_but_outputs(server, path: str) -> None:
    _proc, port, project, _lines, outside = server
    (project / "build" / "essay" / "link.pdf").symlink_to(outside)
    status, _headers, body = get(port, path)
    assert status in (403, 404), f"{path}: {status}"
    assert b"do not serve me" not in body and b"root:" not in body


def test_a_symlinked_output_is_not_followed(server) -> None:
    _proc, port, project, _lines, outside = server
    memo = project / "build" / "essay" / "memo.pdf"
    memo.unlink()
    memo.symlink_to(outside)
    status, _headers, body = get(port, "/essay/memo.pdf")
    assert status == 404 and b"do not serve me" not in body


def test_other_host_names_are_refused(server) -> None:
    """A page on another site that rebinds its name to 127.0.0.1 must not read the preview."""
    _proc, port, _project, _lines, _outside = server
    assert get(port, "/", host="attacker.example")[0] == 403
    assert get(port, "/", host="localhost")[0] == 200


def test_an_open_page_reloads_itself_after_a_rebuild(server) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    _proc, port, project, lines, _outside = server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/essay/handout.html")
            assert "splinter in" not in page.content()
            page.wait_for_timeout(1500)  # the hook has read the current generation
            source = project / "sources" / "essay.md"
            source.write_text(source.read_text(encoding="utf-8").replace("thorn in", "splinter in"), encoding="utf-8")
            # polled through page.evaluate: wait_for_function evaluates a string, which the page's CSP forbids
            _wait_in(page, "document.body.innerText.includes('splinter in')", 60)
        finally:
            browser.close()


def test_a_reachable_address_needs_an_explicit_flag(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    result = subprocess.run(
        [sys.executable, "-m", "briefgen", "serve", "--host", "0.0.0.0"],
        cwd=project, capture_output=True, text=True, timeout=60,
    )
    no_traceback(result.stderr)
    assert result.returncode == 2 and "--allow-remote" in result.stderr, result.stderr
    assert not (project / "build").exists(), "it built before refusing"


def test_the_index_links_the_one_pager_and_the_notes_handout(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "serve", "--only", "handout,onepager,deck-notes"],
        cwd=project, env=env, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    lines: List[str] = []
    threading.Thread(target=_reader, args=(proc.stderr, lines), daemon=True).start()
    try:
        port = int(_wait_for(lines, r"http://127\.0\.0\.1:(\d+)/").group(1))
        _wait_for(lines, r"briefgen serve: rebuilt")
        index = get(port, "/")[2].decode("utf-8")
        for name in ("onepager.pdf", "deck-notes.pdf"):
            assert f'href="/essay/{name}"' in index, index
            status, headers, body = get(port, f"/essay/{name}")
            assert status == 200 and headers["Content-Type"] == "application/pdf" and body.startswith(b"%PDF-")
        assert 'href="/essay/memo.pdf"' not in index  # only what this preview builds
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)
            proc.wait(timeout=30)
    assert proc.returncode == 0, "".join(lines)


def _half_sent(port: int) -> socket.socket:
    """A connection that has sent part of a request and then goes quiet."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=60)
    sock.sendall(f"GET /_briefgen/state HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n".encode())
    return sock


def test_a_request_is_answered_while_other_connections_sit_half_sent(server) -> None:
    """Each connection has its own thread: ten stalled ones hold up nobody, and are still served when they finish."""
    _proc, port, _project, _lines, _outside = server
    stalled = [_half_sent(port) for _ in range(10)]
    try:
        status, _headers, body = get(port, "/_briefgen/state")
        assert status == 200 and json.loads(body)["generation"] >= 1
        assert get(port, "/essay/handout.html")[0] == 200
        for sock in stalled:  # the stalled requests were not dropped meanwhile: they complete now
            sock.sendall(b"\r\n")
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
            assert answer.startswith(b"HTTP/1.0 200") and b'"generation"' in answer, answer[:200]
    finally:
        for sock in stalled:
            sock.close()


def test_aborted_downloads_leave_no_traceback(server) -> None:
    """A client that resets the connection mid-download is routine, not an error with a traceback."""
    proc, port, _project, lines, _outside = server
    for _ in range(40):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.settimeout(30)
        sock.connect(("127.0.0.1", port))
        sock.sendall(f"GET /essay/memo.pdf HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        sock.recv(1024)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close with a reset
        sock.close()
    time.sleep(2)  # let the server's threads meet the resets (a late one could only make this pass, not fail)
    assert get(port, "/essay/memo.pdf")[0] == 200 and proc.poll() is None
    text = "".join(lines)
    no_traceback(text)
    assert "BrokenPipe" not in text and "ConnectionReset" not in text and "could not answer" not in text, text


@pytest.mark.parametrize("path", ["/", "/essay/handout.html", "/essay/memo.pdf", "/_briefgen/state", "/nosuch", "/../x"])
def test_every_answer_carries_the_security_headers(server, path: str) -> None:
    _proc, port, _project, _lines, _outside = server
    status, headers, _body = get(port, path)
    assert status in (200, 404)
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy, policy
    assert headers["Referrer-Policy"] == "no-referrer" and headers["X-Content-Type-Options"] == "nosniff"
    if not path.endswith(".pdf"):  # a PDF's policy leaves the browser's own viewer alone
        assert policy.startswith("default-src 'none'"), policy
    if path.endswith(".html") or path == "/":
        assert re.search(r"script-src 'sha256-[A-Za-z0-9+/=]+'", policy) and "unsafe" not in policy, policy
    foreign = get(port, path, host="attacker.example")
    assert foreign[0] == 403 and "frame-ancestors 'none'" in foreign[1]["Content-Security-Policy"]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:  # http.server's own errors (here: a method it does not serve) carry them too
        conn.request("POST", path, body=b"x")
        response = conn.getresponse()
        assert response.status == 501 and response.getheader("Referrer-Policy") == "no-referrer"
        assert response.getheader("Content-Security-Policy").startswith("default-src 'none'")
    finally:
        conn.close()


def test_a_rebuild_runs_while_a_page_polls_the_state(server) -> None:
    """A client polling the state without pause must not keep the rebuild from running."""
    _proc, port, project, lines, _outside = server
    generation = json.loads(get(port, "/_briefgen/state")[2])["generation"]
    stop = threading.Event()
    polls: List[dict] = []

    def poll() -> None:
        while not stop.is_set():
            polls.append(json.loads(get(port, "/_briefgen/state")[2]))

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    try:
        deadline = time.monotonic() + 20
        while len(polls) < 5 and time.monotonic() < deadline:
            time.sleep(0.05)
        source = project / "sources" / "essay.md"
        source.write_text(source.read_text(encoding="utf-8").replace("thorn in", "splinter in"), encoding="utf-8")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (polls and polls[-1]["generation"] > generation):
            time.sleep(0.05)
        seen = len(polls)
    finally:
        stop.set()
        poller.join(timeout=60)
    assert polls and polls[-1]["generation"] > generation, f"no rebuild while polling ({seen} polls):\n{''.join(lines)}"
    assert "splinter in" in get(port, "/essay/handout.html")[2].decode("utf-8")
    rebuild = "".join(lines).rsplit("briefgen serve: rebuilt", 2)[-2]  # the lines of the rebuild after the edit
    assert rebuild.index("built: build/essay/handout.html") < rebuild.index("built: build/essay/memo.pdf"), rebuild


def test_the_state_answers_at_once_when_the_handout_is_written(server) -> None:
    """``?after=`` waits for a change; the handout's version changes as soon as it is rewritten."""
    _proc, port, project, _lines, _outside = server
    first = json.loads(get(port, "/_briefgen/state")[2])
    source = project / "sources" / "essay.md"
    source.write_text(source.read_text(encoding="utf-8").replace("thorn in", "splinter in"), encoding="utf-8")
    state = first
    for _ in range(20):  # each answer comes after a change or after the server's long-poll wait (25 s)
        state = json.loads(get(port, f"/_briefgen/state?after={state['change']}")[2])
        if state["versions"]["essay/handout.html"] != first["versions"]["essay/handout.html"]:
            break
    assert state["versions"]["essay/handout.html"] != first["versions"]["essay/handout.html"], state
    assert "splinter in" in get(port, "/essay/handout.html")[2].decode("utf-8")


def test_a_brief_whose_name_needs_encoding_is_linked_and_served(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    (project / "sources" / "essay.md").rename(project / "sources" / "a#b c.md")
    with started(project, "--only", "handout") as (_proc, port, lines):
        index = get(port, "/")[2].decode("utf-8")
        assert 'href="/a%23b%20c/handout.html"' in index, index
        status, _headers, body = get(port, "/a%23b%20c/handout.html")
        assert status == 200 and b"<html" in body, "".join(lines)
        assert get(port, "/a#b%20c/handout.html")[0] == 404  # unencoded, the name is cut at "#"
        assert get(port, "/a%23b%20c/%2e%2e%2fsecret.txt")[0] == 404


def test_allow_remote_answers_the_machines_own_names(tmp_path: Path) -> None:
    """With --allow-remote the machine's names and addresses are answered; another site's name still is not."""
    names = {socket.gethostname(), socket.getfqdn()} - {"localhost"}
    if not names:
        pytest.skip("this machine has no name but localhost")
    project = make_project(tmp_path / "p")
    with started(project, "--only", "handout", "--host", "127.0.0.1", "--allow-remote") as (_proc, port, _lines):
        for name in names:
            assert get(port, "/", host=name)[0] == 200, name
        assert get(port, "/", host="10.1.2.3")[0] == 200  # an address is never another site's name
        assert get(port, "/", host="attacker.example")[0] == 403
        assert get(port, "/", host=f"{sorted(names)[0]}.attacker.example")[0] == 403


def test_without_allow_remote_the_machines_names_are_refused(server) -> None:
    _proc, port, _project, _lines, _outside = server
    for name in {socket.gethostname(), socket.getfqdn(), "10.1.2.3"} - {"localhost"}:
        assert get(port, "/", host=name)[0] == 403, name


def test_a_wildcard_address_is_printed_as_one_that_can_be_opened() -> None:
    from briefgen.preview.web import urls

    shown = urls("0.0.0.0", 8123, allow_remote=True)
    assert shown[0] == "http://127.0.0.1:8123/" and not any("0.0.0.0" in url for url in shown), shown
    assert urls("::", 8123, allow_remote=True)[0] == "http://[::1]:8123/"
    assert urls("192.0.2.7", 8123, allow_remote=True) == ["http://192.0.2.7:8123/"]


def test_the_policy_lets_the_handout_show_everything_and_nothing_else(tmp_path: Path) -> None:
    """In Chromium: no CSP violation on the handout (fonts, an image, charts) or the index; an injected one is caught."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    from PIL import Image
    from playwright.sync_api import sync_playwright

    project = make_project(tmp_path / "p")
    Image.new("RGB", (120, 60), "#2A5D3C").save(project / "sources" / "figure.png")
    source = project / "sources" / "essay.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n![A green block](figure.png)\n", encoding="utf-8")
    watch = ("window.__csp=[];document.addEventListener('securitypolicyviolation',"
             "function(e){window.__csp.push(e.violatedDirective+' '+e.blockedURI);});")
    with started(project, "--only", "handout") as (_proc, port, lines), sync_playwright() as p:
        assert "failed" not in "".join(lines), "".join(lines)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            console: List[str] = []
            page.on("console", lambda msg: console.append(msg.text))
            page.add_init_script(watch)
            for path in ("/essay/handout.html", "/"):
                page.goto(f"http://127.0.0.1:{port}{path}")
                page.evaluate("document.fonts.ready.then(function(){return 1;})")
                page.wait_for_timeout(500)  # the reload script's first request has been made
                assert page.evaluate("window.__csp") == [], path
                if path != "/":
                    fonts = page.evaluate("Array.from(document.fonts).map(function(f){return f.status;})")
                    assert "loaded" in fonts and "error" not in fonts, fonts
                    images = page.evaluate("Array.from(document.images).map(function(i){return i.complete&&i.naturalWidth;})")
                    assert images and all(images), images
            assert not [c for c in console if "Content Security Policy" in c], console
            # the negative case: something the policy does not allow is blocked and seen
            page.evaluate("var i=new Image();i.src='http://127.0.0.1:9/x.png';document.body.appendChild(i);"
                          "var s=document.createElement('style');s.textContent='body{}';document.head.appendChild(s);")
            _wait_in(page, "window.__csp.length>=2", 10)
            blocked = " | ".join(page.evaluate("window.__csp"))
            assert "img-src" in blocked and "style-src" in blocked, blocked
        finally:
            browser.close()


def test_a_silent_connection_is_closed_by_the_server(server) -> None:
    """A client that connects and never sends is dropped after the server's timeout (15 s), not kept forever."""
    _proc, port, _project, _lines, _outside = server
    with socket.create_connection(("127.0.0.1", port), timeout=90) as sock:
        assert sock.recv(1024) == b""  # the server closed it (a 90 s wait here would raise instead)
    assert get(port, "/_briefgen/state")[0] == 200


def test_the_warm_up_render_fills_the_caches_later_workers_inherit(tmp_path: Path) -> None:
    """serve renders the handout once in its own process after the first build (#24: save-to-preview):
    the forked workers of later rebuilds then find the font subsets and file digests already made.
    Nothing is written by it, and a brief that does not parse is simply not warmed."""
    import shutil

    from briefgen.build.engine import BuildOptions
    from briefgen.preview.watch import warm_render
    from briefgen.render.common import fontfiles

    project = tmp_path / "p"
    (project / "sources").mkdir(parents=True)
    shutil.copy(ROOT / "sources" / "essay.md", project / "sources" / "essay.md")
    options = BuildOptions(only=("handout",), out_dir=project / "build")
    fontfiles.subset_font.cache_clear()
    assert warm_render(project / "sources" / "essay.md", options, project, ["handout"]) == ["handout"]
    assert fontfiles.subset_font.cache_info().currsize > 0  # what a forked worker now inherits
    assert not (project / "build").exists()  # a warm-up writes nothing
    (project / "sources" / "bad.md").write_text("---\ntitle: [unclosed\n---\nText.\n", encoding="utf-8")
    assert warm_render(project / "sources" / "bad.md", options, project, ["handout"]) == []
