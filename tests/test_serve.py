"""``briefgen serve``: index and outputs served, rebuild and reload on save, nothing else reachable, clean stop."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import List, Tuple

import pytest

from conftest import make_project, no_traceback

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


@pytest.fixture
def server(tmp_path: Path):
    project = make_project(tmp_path / "p")
    outside = tmp_path / "secret.txt"
    outside.write_text("do not serve me\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "serve", "--only", "handout,memo"],
        cwd=project, env=env, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    lines: List[str] = []
    threading.Thread(target=_reader, args=(proc.stderr, lines), daemon=True).start()
    try:
        port = int(_wait_for(lines, r"http://127\.0\.0\.1:(\d+)/").group(1))
        _wait_for(lines, r"briefgen serve: rebuilt")
        yield proc, port, project, lines, outside
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


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
            page.wait_for_function("document.body.innerText.includes('splinter in')", timeout=60000)
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
