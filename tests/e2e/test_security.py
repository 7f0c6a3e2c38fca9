"""The threat model of SECURITY.md, checked against the real ``briefgen build``.

A source is untrusted input. These tests build every corpus case plus sources
written to escape (SSRF links and images, a canary file outside the project
referenced in every way a source can name a file) and check what the build
did, from the outside: an HTTP server that counts requests (also set as every
proxy), an audit hook in the build process and its workers that records every
socket, process and file opened, and the bytes of every output.
"""

from __future__ import annotations

import base64
import http.server
import json
import os
import re
import secrets
import shutil
import struct
import subprocess
import sys
import threading
import zipfile
import zlib
from pathlib import Path
from typing import Dict, List

import pytest

from tests.support import CORPUS, ROOT, make_project, no_traceback

OUTPUT_FILES = ("memo.pdf", "handout.html", "handout.pdf", "deck.pptx", "onepager.pdf")
DIAG = re.compile(r"^(?P<path>[^\n:]+\.md):(?P<line>\d+)(?::\d+)?: (?P<sev>error|warning): ", re.M)
CANARY_SIZE = (7, 13)  # a canary image's size in pixels: no other image in the tests has it

# The build run under an audit hook (inherited by forked render workers). Every network,
# process-creation and file-open event touching a watched folder goes to a log, one JSON per line.
AUDITED_MAIN = r"""
import json, os, sys
_fd = os.open(os.environ["BRIEFGEN_AUDIT_LOG"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
_roots = tuple(r for r in os.environ["BRIEFGEN_AUDIT_ROOTS"].split(os.pathsep) if r)
_net = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
        "socket.sendto", "urllib.Request", "http.client.connect", "ftplib.connect", "smtplib.connect"}
_proc = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "pty.spawn", "os.startfile"}
_write = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC

def _log(rec):
    try:
        os.write(_fd, (json.dumps(rec, default=repr) + "\n").encode())
    except Exception:
        pass

def _hook(event, args):
    if event == "open":
        path, mode, flags = (list(args) + [None, None, None])[:3]
        if isinstance(path, int) or path is None:
            return
        path = os.path.abspath(os.fsdecode(path))
        writing = bool((flags or 0) & _write) or any(c in (mode or "") for c in "wax+")
        if writing or path.startswith(_roots):
            _log({"event": "open", "path": path, "write": writing, "pid": os.getpid()})
    elif event in _net or event in _proc:
        _log({"event": event, "args": [repr(a)[:200] for a in args], "pid": os.getpid()})

sys.addaudithook(_hook)
from briefgen.cli import main
sys.exit(main(sys.argv[1:]))
"""


# ---------------------------------------------------------------- helpers


class CountingServer:
    """An HTTP server on 127.0.0.1 (random port) that answers 404 and counts every request."""

    def __init__(self) -> None:
        owner = self
        self.requests: List[str] = []
        self.lock = threading.Lock()

        class Handler(http.server.BaseHTTPRequestHandler):
            timeout = 5

            def _count(self) -> None:
                with owner.lock:
                    owner.requests.append(f"{self.command} {self.path}")
                self.send_error(404)

            do_GET = do_POST = do_HEAD = do_PUT = do_CONNECT = do_OPTIONS = _count

            def log_message(self, *args) -> None:  # quiet
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.request_queue_size = 16
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def png_bytes(width: int, height: int, rgb=(0xC0, 0x1A, 0x7E), text: str = "") -> bytes:
    """A small valid PNG (one colour), with an optional tEXt chunk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    parts = [b"\x89PNG\r\n\x1a\n", chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))]
    if text:
        parts.append(chunk(b"tEXt", b"Comment\x00" + text.encode("ascii")))
    parts += [chunk(b"IDAT", zlib.compress(raw)), chunk(b"IEND", b"")]
    return b"".join(parts)


def output_blob(folder: Path) -> str:
    """Everything the outputs in ``folder`` hold, as text.

    The HTML as written plus every ``data:`` URI decoded; every PDF's raw bytes
    and every stream decompressed (pypdf); every file inside the deck.
    """
    from pypdf import PdfReader

    parts: List[str] = []
    for path in sorted(folder.iterdir()):
        if path.suffix == ".html":
            html = path.read_text(encoding="utf-8", errors="replace")
            parts.append(html)
            for data in re.findall(r"data:[^,\"')\s]*;base64,([A-Za-z0-9+/=]+)", html):
                parts.append(base64.b64decode(data + "===", validate=False).decode("latin-1"))
        elif path.suffix == ".pdf":
            parts.append(path.read_bytes().decode("latin-1"))
            parts.extend(_pdf_objects(PdfReader(str(path))))
        elif path.suffix == ".pptx":
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    parts.append(name)
                    parts.append(archive.read(name).decode("latin-1"))
    return "\n".join(parts)


def _pdf_objects(reader) -> List[str]:
    """Every indirect object of a PDF as text, streams decompressed."""
    from pypdf.generic import StreamObject

    texts: List[str] = []
    for obj in _pdf_all(reader):
        texts.append(repr(obj))
        if isinstance(obj, StreamObject):
            try:
                texts.append(obj.get_data().decode("latin-1"))
            except Exception:  # an image codec pypdf cannot decode: keep the raw bytes
                raw = getattr(obj, "_data", b"")
                texts.append(raw.decode("latin-1") if isinstance(raw, bytes) else "")
    return texts


def _pdf_all(reader) -> list:
    """Every indirect object of a PDF (those inside object streams included)."""
    objects = []
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(number)
        except Exception:  # a free or damaged entry
            continue
        if obj is not None:
            objects.append(obj)
    return objects


def pdf_image_sizes(path: Path) -> List[tuple]:
    """The (width, height) of every image XObject in a PDF."""
    from pypdf import PdfReader

    sizes = []
    for obj in _pdf_all(PdfReader(str(path))):
        if hasattr(obj, "get") and obj.get("/Subtype") == "/Image":
            sizes.append((int(obj["/Width"]), int(obj["/Height"])))
    return sizes


def run_audited(args: List[str], cwd: Path, env: Dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess:
    """Run ``briefgen ARGS`` under the audit hook."""
    return subprocess.run(
        [sys.executable, "-c", AUDITED_MAIN, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


def read_audit(log: Path) -> List[dict]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]


def tree_state(folder: Path, skip: Path | None = None) -> Dict[str, tuple]:
    """Every file under ``folder`` with its size and mtime (``skip`` left out)."""
    state = {}
    for path in sorted(folder.rglob("*")):
        if skip is not None and (path == skip or skip in path.parents):
            continue
        info = path.lstat()
        state[str(path.relative_to(folder))] = (info.st_size, info.st_mtime_ns, info.st_mode)
    return state


# ---------------------------------------------------------------- the hostile build (run once)


def _hostile_sources(outside: Path, url: str) -> Dict[str, str]:
    """Sources that try to reach the network or a file outside the project."""
    front = '---\ntitle: "Escape attempt"\ndate: 2026-01-15\nauthors:\n  - name: "Eve"\n    bio: "Eve tests things."\n---\n\n'
    png = outside / "canary.png"
    txt = outside / "canary.txt"
    css = outside / "canary.css"
    return {
        "ssrf_links": front + "\n\n".join([
            f"A [plain link]({url}/link) and an autolink <{url}/auto> and a [reference][r].",
            f"[r]: {url}/ref",
            f'<img src="{url}/raw.png"> <iframe src="{url}/frame"></iframe> <object data="{url}/obj"></object>',
            f'<link rel="stylesheet" href="{url}/style.css"><style>@import url("{url}/import.css"); '
            f'body {{ background: url("{url}/bg.png") }}</style>',
            f'<svg><image href="{url}/svg.png"/></svg> <video src="{url}/v.mp4" poster="{url}/poster.png"></video>',
            f'<p style="background-image: url({url}/inline.png)">styled</p>',
            f"::: slide\n- [a slide link]({url}/slide)\n:::",
        ]) + "\n",
        "ssrf_image": front + f"![remote]({url}/image.png)\n\nText.\n",
        "ssrf_image_ref": front + f"![remote][img]\n\n[img]: {url}/ref.png\n",
        "canary_relative": front + "![c](../../outside/canary.png)\n",
        "canary_absolute": front + f"![c]({png})\n",
        "canary_file_url": front + f"![c](file://{png})\n",
        "canary_symlink": front + "![c](assets/link.png)\n",
        "canary_symlink_dir": front + "![c](assets/outdir/canary.png)\n",
        "canary_raw_html": front + "\n\n".join([
            f'<img src="{png}"> <img src="file://{png}"> <img src="../../outside/canary.png">',
            f'<object data="file://{txt}"></object> <iframe src="file://{txt}"></iframe> <embed src="{txt}">',
            f'<link rel="stylesheet" href="file://{css}"><style>@import url("file://{css}");</style>',
            f'<a href="file://{txt}" rel="attachment">attach</a>',
        ]) + "\n",
        "canary_links": front + "\n\n".join([
            f"[as file URL](file://{txt}) [absolute]({txt}) [relative](../../outside/canary.txt) <file://{txt}>",
            "[img link](../../outside/canary.png)",
        ]) + "\n",
        "canary_bio": (
            '---\ntitle: "Escape attempt"\ndate: 2026-01-15\nauthors:\n  - name: "Eve"\n'
            f'    bio: "![c](../../outside/canary.png) and ![d]({png})"\n'
            f'summary: "[x](file://{txt}) ![e](file://{png})"\n---\n\nBody.\n'
        ),
    }


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict:
    """Every corpus case and every escape attempt, built once in one batch, audited and proxied."""
    base = tmp_path_factory.mktemp("hostile")
    project = base / "project"
    outside = base / "outside"
    home = base / "home"
    home.mkdir()
    scratch = base / "tmpdir"
    scratch.mkdir()
    outside.mkdir()
    token = "CANARY" + secrets.token_hex(12)
    (outside / "canary.png").write_bytes(png_bytes(*CANARY_SIZE, text=token))
    (outside / "canary.txt").write_text(f"{token}\n", encoding="utf-8")
    (outside / "canary.css").write_text(f"body::before {{ content: '{token}' }}\n", encoding="utf-8")

    cases = sorted(p for p in CORPUS.glob("*.md") if p.name != "README.md")
    make_project(project, cases, CORPUS / "assets")
    (project / "secret-notes.txt").write_text(token, encoding="utf-8")  # in the project, never referenced
    (project / "sources" / "assets" / "link.png").symlink_to(outside / "canary.png")
    (project / "sources" / "assets" / "outdir").symlink_to(outside, target_is_directory=True)

    server = CountingServer()
    hostile_sources = _hostile_sources(outside, server.url)
    for name, text in hostile_sources.items():
        (project / "sources" / f"{name}.md").write_text(text, encoding="utf-8")

    env = {k: v for k, v in os.environ.items() if k.lower() not in ("no_proxy", "source_date_epoch")}
    for var in ("http_proxy", "https_proxy", "ftp_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "ALL_PROXY"):
        env[var] = server.url
    audit_log = base / "audit.jsonl"
    env.update(
        HOME=str(home),
        TMPDIR=str(scratch),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        BRIEFGEN_AUDIT_LOG=str(audit_log),
        BRIEFGEN_AUDIT_ROOTS=os.pathsep.join([str(base)]),
    )
    before_project = tree_state(project)
    before_outside = tree_state(outside)
    try:
        result = run_audited(["build", "-j", "2"], project, env)
    finally:
        server.close()
    return {
        "project": project,
        "outside": outside,
        "home": home,
        "scratch": scratch,
        "token": token,
        "result": result,
        "requests": list(server.requests),
        "audit": read_audit(audit_log),
        "before_project": before_project,
        "before_outside": before_outside,
        "hostile_names": sorted(hostile_sources),
    }


def test_the_hostile_batch_ends_cleanly(hostile) -> None:
    """The batch exits 1 (some cases are errors), with no traceback and a summary."""
    result = hostile["result"]
    no_traceback(result.stderr)
    assert result.returncode == 1, result.stderr[-3000:]
    assert "output(s) failed" in result.stderr.splitlines()[-1]


def test_no_network_request_is_made(hostile) -> None:
    """SECURITY.md 'No network': 0 requests reach a server set as every proxy and named in the sources."""
    assert hostile["requests"] == [], hostile["requests"]
    network = [e for e in hostile["audit"] if e["event"].startswith(("socket.", "urllib.", "http.", "ftplib.", "smtplib."))]
    assert network == [], network[:10]


def test_no_process_is_started(hostile) -> None:
    """SECURITY.md 'No programs': no exec/spawn/Popen; render workers are forks of briefgen itself."""
    started = [e for e in hostile["audit"] if e["event"] in ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "pty.spawn")]
    assert started == [], started[:10]


def test_writes_only_inside_build(hostile) -> None:
    """SECURITY.md 'Writes': every file opened for writing is under build/<stem>/ or build/.briefgen/ (or scratch in TMPDIR)."""
    project: Path = hostile["project"]
    build = (project / "build").resolve()
    scratch = hostile["scratch"].resolve()
    cache = (hostile["home"] / ".cache" / "briefgen").resolve()
    writes = [e["path"] for e in hostile["audit"] if e["event"] == "open" and e["write"]]
    assert writes, "the audit hook saw no write at all: it is not working"
    for path in writes:
        resolved = Path(path).resolve()
        if resolved == Path("/dev/null") or resolved == scratch or scratch in resolved.parents:
            continue
        if cache in resolved.parents:  # briefgen's cache (font subsets, hyphenation; SECURITY.md), named by content hash
            # (plus the lock a value's maker holds while another process waits for it)
            assert re.fullmatch(r"(\.briefgen-)?[0-9a-f]{64}\.[a-z0-9]+(\.[a-z0-9_]+\.tmp|\.lock)?", resolved.name), path
            continue
        assert build in resolved.parents and resolved.parent.parent == build, f"wrote outside build/<stem>/ and build/.briefgen/: {path}"
        if resolved.parent.name == ".briefgen":  # the bookkeeping: <stem>.json, <stem>.lock, the marker and their atomic-write temporaries
            assert re.fullmatch(r"(\.briefgen-)?([^/]+\.(json|lock)|output-folder\.txt)(\.[a-z0-9_]+\.tmp)?", resolved.name), path
    assert tree_state(project, skip=project / "build") == hostile["before_project"]
    assert tree_state(hostile["outside"]) == hostile["before_outside"]
    in_home = [p for p in hostile["home"].rglob("*") if p.is_file() and cache not in p.resolve().parents]
    assert in_home == [], f"wrote into HOME: {in_home}"
    stems = {p.stem for p in (project / "sources").glob("*.md")}
    leftovers = sorted(str(p.relative_to(hostile["scratch"])) for p in hostile["scratch"].rglob("*"))
    assert leftovers == [], f"scratch files left in TMPDIR after the build: {leftovers[:10]}"
    for child in (project / "build").iterdir():
        assert child.is_dir() and child.name in stems | {".briefgen"}, f"unexpected {child}"
    for child in (project / "build" / ".briefgen").iterdir():
        marker = child.name == "output-folder.txt"  # the output folder's marker (tests/build/test_safety.py)
        assert marker or (child.suffix in (".json", ".lock") and child.stem in stems), f"unexpected {child}"


def test_reads_only_the_source_its_images_and_layouts(hostile) -> None:
    """SECURITY.md 'Reads': nothing outside the project is opened, nor any project file a source does not name."""
    project: Path = hostile["project"].resolve()
    reads = sorted({e["path"] for e in hostile["audit"] if e["event"] == "open" and not e["write"]})
    allowed_dirs = (project / "sources", project / "build")
    for path in reads:
        resolved = Path(path)
        assert not str(resolved).startswith(str(hostile["outside"].resolve())), f"read outside the project: {path}"
        if str(resolved).startswith(str(hostile["home"].resolve())):
            # ReportLab looks for its user settings at import; nothing else may be read there
            cache = (hostile["home"] / ".cache" / "briefgen").resolve()
            assert resolved.name in (".reportlab_settings", ".reportlab_mods") or cache in resolved.parents, f"read HOME: {path}"
        if str(resolved).startswith(str(project)):
            assert any(d == resolved.parent or d in resolved.parents for d in allowed_dirs), f"read {path}"
    assert str(project / "secret-notes.txt") not in reads


def test_escape_attempts_error_with_a_line_or_build_safely(hostile) -> None:
    """Each escape attempt either fails naming its file and a line, or builds; no output holds the canary."""
    project: Path = hostile["project"]
    stderr = hostile["result"].stderr
    token = hostile["token"]
    outcomes = {}
    for name in hostile["hostile_names"]:
        errors = [m for m in DIAG.finditer(stderr) if m["path"] == f"sources/{name}.md" and m["sev"] == "error"]
        failed = f"failed: build/{name}/" in stderr
        outcomes[name] = "error" if errors else ("failed" if failed else "built")
        assert not (failed and not errors), f"{name} failed without a path:line error:\n{stderr[-3000:]}"
        out = project / "build" / name
        if not failed:
            for filename in OUTPUT_FILES:
                if filename == "onepager.pdf" and f"skipped: build/{name}/onepager.pdf" in stderr:
                    continue  # a brief without prose: a located warning and no one-pager (tests/test_onepager_default.py)
                assert (out / filename).is_file(), f"{name}: {filename} missing"
    # the image references to a file or URL outside the source's folder must be refused
    for name in ("ssrf_image", "ssrf_image_ref", "canary_relative", "canary_absolute", "canary_file_url", "canary_symlink", "canary_symlink_dir"):
        assert outcomes[name] == "error", f"{name} was not refused: {outcomes[name]}"
    for stem_dir in (project / "build").iterdir():
        if not any(stem_dir.iterdir()):
            continue
        blob = output_blob(stem_dir)
        assert token not in blob, f"build/{stem_dir.name} holds the canary's content"
        assert "secret-notes" not in blob
        for pdf in stem_dir.glob("*.pdf"):
            assert CANARY_SIZE not in pdf_image_sizes(pdf), f"{pdf} embeds the canary image"


def test_raw_html_and_links_stay_inert(hostile) -> None:
    """SECURITY.md 'Raw HTML is text' and 'Links': no live tag from the source, only http/https/mailto/# links."""
    out = hostile["project"] / "build" / "ssrf_links"
    html = (out / "handout.html").read_text(encoding="utf-8")
    lowered = html.lower()
    for tag in ("<iframe", "<object", "<embed", "<video", "<script", '<link rel="stylesheet" href="http', "@import url(\"http"):
        assert tag not in lowered, f"handout holds a live {tag}"
    assert not re.search(r'<img[^>]+src="http', html), "a remote image in the handout"
    assert "&lt;iframe" in html or "iframe" not in lowered, "raw HTML was neither escaped nor dropped"
    hrefs = re.findall(r'\b(?:href|src|xlink:href)="([^"]*)"', html)
    for href in hrefs:
        assert href.startswith(("http://", "https://", "mailto:", "#", "data:")), f"unsafe link {href!r}"
    for name in ("canary_links", "canary_raw_html"):
        folder = hostile["project"] / "build" / name
        if (folder / "handout.html").exists():
            text = (folder / "handout.html").read_text(encoding="utf-8")
            assert 'href="file:' not in text and 'src="file:' not in text and 'src="/' not in text, name
            for pdf in ("memo.pdf", "handout.pdf"):
                assert b"/URI (file:" not in (folder / pdf).read_bytes(), f"{name}/{pdf} links to a file"
            with zipfile.ZipFile(folder / "deck.pptx") as archive:
                for part in archive.namelist():
                    if part.endswith(".rels"):
                        assert 'Target="file:' not in archive.read(part).decode("utf-8"), f"{name}: deck links to a file"


def test_pdfs_carry_no_attachments_or_actions(hostile) -> None:
    """SECURITY.md 'PDFs': no embedded files, JavaScript, launch actions or remote fetches in any PDF built."""
    for pdf in (hostile["project"] / "build").glob("*/*.pdf"):
        data = pdf.read_bytes()
        for marker in (b"/EmbeddedFiles", b"/FileAttachment", b"/JavaScript", b"/JS ", b"/Launch", b"/GoToR", b"/SubmitForm", b"/ImportData"):
            assert marker not in data, f"{pdf.parent.name}/{pdf.name} holds {marker!r}"


# ---------------------------------------------------------------- YAML (fast, through `briefgen check`)

YAML_CASES = {
    "python_tag": ('title: !!python/object/apply:os.system ["touch CANARY"]\n', "tag"),
    "custom_tag": ("title: !secret value\n", "tag"),
    "alias": ('title: &t "A"\nsubtitle: *t\n', "anchor|alias"),
    "merge_key": ('extra: {<<: {a: 1}}\ntitle: "A"\n', ""),
    "billion_laughs": ("a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\ntitle: *c\n", "anchor|alias"),
}


@pytest.mark.parametrize("name", sorted(YAML_CASES))
def test_yaml_refuses_tags_and_aliases(name: str, tmp_path: Path) -> None:
    """SECURITY.md 'YAML': tags, anchors/aliases (and so merge keys) are refused with a line, nothing runs."""
    body, word = YAML_CASES[name]
    source = tmp_path / "sources" / "case.md"
    source.parent.mkdir()
    source.write_text(f"---\n{body}date: 2026-01-15\nauthors:\n  - name: A\n    bio: B\n---\n\nBody.\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "briefgen", "check", "sources/case.md"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    no_traceback(result.stderr)
    assert not (tmp_path / "CANARY").exists()
    if name == "merge_key":
        # a merge key without an alias is plain data; what matters is that no code ran and no traceback
        assert result.returncode in (0, 1), result.stderr
        return
    assert result.returncode == 1, result.stderr
    match = DIAG.search(result.stderr)
    assert match and match["path"] == "sources/case.md" and 2 <= int(match["line"]) <= 6, result.stderr
    assert re.search(word, result.stderr.lower()), result.stderr


# ---------------------------------------------------------------- messages cannot drive the terminal

TERMINAL_CASES = {
    "escape_in_key": '"\\e]0;pwned\\a\\e[2J\\e[31mred": 1\n',
    "newline_in_key": '"first\\nsrc.md:1: error: forged line": 1\n',
    "bidi_in_key": '"abc\\u202edcba": 1\n',
    "control_in_yaml": "\x08\n",
    "nel_in_yaml": "title: a\x85b\n",
}


@pytest.mark.parametrize("name", sorted(TERMINAL_CASES))
def test_messages_escape_terminal_controls(name: str, tmp_path: Path) -> None:
    """SECURITY.md 'Messages': text from a source echoed in a message cannot hold escape sequences or line breaks."""
    source = tmp_path / "sources" / "case.md"
    source.parent.mkdir()
    header = "---\n" + TERMINAL_CASES[name] + 'date: 2026-01-15\nauthors:\n  - name: A\n    bio: B\n'
    if "title" not in TERMINAL_CASES[name]:
        header += 'title: "T"\n'
    source.write_bytes((header + "---\n\nBody.\n").encode("utf-8"))
    result = subprocess.run([sys.executable, "-m", "briefgen", "check", "sources/case.md"], cwd=tmp_path, capture_output=True, timeout=60)
    stderr = result.stderr.decode("utf-8", "replace")
    no_traceback(stderr)
    assert result.returncode in (0, 1), stderr
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]", stderr), repr(stderr)
    for line in stderr.splitlines():
        assert re.match(r"^sources/case\.md(:\d+)*: (error|warning): |^sources/case\.md: ok$", line), f"not one diagnostic per line: {stderr!r}"


# ---------------------------------------------------------------- resource bounds


def _big_source(sections: int = 300) -> str:
    """A valid source just under the 2 MiB limit's spirit: many sections, long paragraphs."""
    words = ("deterrence treaty verification sanctions summit reciprocity inspection alliance "
             "escalation negotiation framework compliance incentive").split()
    parts = ['---\ntitle: "A very long brief"\ndate: 2026-01-15\nauthors:\n  - name: "Long Writer"\n    bio: "Writes at length."\n---\n']
    for number in range(1, sections + 1):
        para = " ".join(words[(number * 7 + i) % len(words)] for i in range(260)) + "."
        parts.append(f"\n## Section {number}\n\n{para}\n\n{para}\n")
    text = "".join(parts)
    assert len(text.encode("utf-8")) < 2 * 1024 * 1024
    return text


def test_a_render_over_its_time_budget_fails_clearly(tmp_path: Path) -> None:
    """SECURITY.md 'Bounded time': --timeout 1 on a huge valid source fails naming the source and the budget."""
    project = tmp_path / "p"
    (project / "sources").mkdir(parents=True)
    (project / "sources" / "big.md").write_text(_big_source(), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run(
        [sys.executable, "-m", "briefgen", "build", "--only", "handout-pdf", "--timeout", "1"],
        cwd=project, env=env, capture_output=True, text=True, timeout=120,
    )
    no_traceback(result.stderr)
    assert result.returncode == 1, result.stderr
    assert re.search(r"^sources/big\.md: error: .*budget", result.stderr, re.M), result.stderr
    assert "failed: build/big/handout.pdf" in result.stderr
    assert not (project / "build" / "big" / "handout.pdf").exists()
    assert not [p for p in project.rglob("*") if p.name.endswith(".tmp")]


AUDIT_PATCH = r"""
import os, sys, resource
import briefgen.render.memo as memo

def render(ctx):
    # The worker's limit is what a runaway renderer meets; report it to the test, then exceed it.
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    sys.stderr.write(f"worker RLIMIT_AS={soft}\n")
    block = bytearray(6 << 30)  # 6 GiB: above the 4 GiB budget
    return b"%PDF-1.4\n%%EOF\n"

memo.render = render
from briefgen.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_render_over_its_memory_budget_fails_clearly(tmp_path: Path) -> None:
    """SECURITY.md 'Bounded memory': a renderer asking for 6 GiB meets the 4 GiB limit and fails naming the source."""
    project = make_project(tmp_path / "p", [CORPUS / "00_valid_baseline.md"], CORPUS / "assets")
    result = subprocess.run(
        [sys.executable, "-c", AUDIT_PATCH, "build", "--only", "memo"], cwd=project, capture_output=True, text=True, timeout=120
    )
    assert f"worker RLIMIT_AS={4096 * 1024 * 1024}" in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr
    assert re.search(r"^sources/00_valid_baseline\.md: error: .*memory", result.stderr, re.M), result.stderr
    assert not (project / "build" / "00_valid_baseline" / "memo.pdf").exists()


# ---------------------------------------------------------------- dependency floors

FLOORS = {
    "reportlab": "3.6.13",  # CVE-2023-33733 (code execution through rl_safe_eval in markup) fixed in 3.6.13
    "weasyprint": "70",
    "jinja2": "3.1.6",  # CVE-2025-27516 (sandbox escape through |attr) fixed in 3.1.6
    "markdown-it-py": "2.2",  # CVE-2023-26302/26303 (crashes on crafted input) fixed in 2.2.0
    "pyyaml": "5.4",  # CVE-2020-14343 (full_load code execution) fixed in 5.4
    "pillow": "10.3",  # CVE-2024-28219 (buffer overflow in _imagingcms) fixed in 10.3.0
}


def test_dependency_floors_exclude_known_vulnerable_versions() -> None:
    """SECURITY.md 'Dependencies': pyproject.toml's lower bounds, and the installed versions, are past known CVEs."""
    import tomllib
    from importlib.metadata import version as installed

    from packaging.requirements import Requirement
    from packaging.version import Version

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = {Requirement(r).name.lower(): Requirement(r) for r in project["dependencies"]}
    for name, floor in FLOORS.items():
        assert name in requirements, f"{name} is not a declared dependency"
        specifier = requirements[name].specifier
        lows = [Version(s.version) for s in specifier if s.operator in (">=", ">", "~=", "==")]
        assert lows, f"{name} has no lower bound: {specifier}"
        assert max(lows) >= Version(floor), f"{name}{specifier} admits versions below {floor}"
        assert Version(installed(name)) >= Version(floor), f"installed {name} {installed(name)} is below {floor}"


# ---------------------------------------------------------------- reproducibility

LONG = os.environ.get("BRIEFGEN_LONG") == "1"
REPRO_SOURCE = """---
title: "Reproducible brief"
date: 2026-01-15
authors:
  - name: "Dana Staffer"
    bio: "Dana writes about policy."
---

## Summary

The one-pager quotes this sentence, so every default output is made and compared.
A paragraph with a [link](https://example.org/report) and an image:

![A small chart](assets/ok_small.png)

::: slide
- One point
- Another point
:::
"""


def _repro_build(folder: Path, env_extra: Dict[str, str], python: str = sys.executable, source: str = REPRO_SOURCE) -> Path:
    (folder / "sources" / "assets").mkdir(parents=True)
    shutil.copyfile(CORPUS / "assets" / "ok_small.png", folder / "sources" / "assets" / "ok_small.png")
    (folder / "sources" / "brief.md").write_text(source, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(env_extra)
    result = subprocess.run([python, "-m", "briefgen", "build", "-q"], cwd=folder, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return folder / "build" / "brief"


def _bytes_of(out: Path) -> Dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUT_FILES}


def test_outputs_are_reproducible_and_hold_no_local_path(tmp_path: Path) -> None:
    """SECURITY.md 'Reproducible': same source and SOURCE_DATE_EPOCH in two folders -> same bytes, no local path."""
    epoch = {"SOURCE_DATE_EPOCH": "1767225600"}
    first = _repro_build(tmp_path / "a", epoch)
    second = _repro_build(tmp_path / "some" / "deeper folder" / "b", dict(epoch, HOME=str(tmp_path / "home")))
    one, two = _bytes_of(first), _bytes_of(second)
    for name in OUTPUT_FILES:
        assert one[name] == two[name], f"{name} differs between two working folders"
    blob = output_blob(first) + output_blob(second)
    for path in {str(tmp_path), str(tmp_path.resolve()), str(ROOT), str(Path.home()) + "/", os.environ.get("TMPDIR", "/tmp") + "/"}:
        assert path not in blob, f"an output holds the local path {path!r}"


@pytest.mark.skipif(not LONG, reason="slow: set BRIEFGEN_LONG=1 (two fresh venvs and pip installs)")
def test_outputs_are_identical_across_fresh_venvs(tmp_path: Path) -> None:
    """The essay built from two fresh venvs (``pip install`` of this repo) in two folders: the same bytes."""
    essay = (ROOT / "sources" / "essay.md").read_text(encoding="utf-8")
    outputs = []
    for name in ("venv-one", "venv-two"):
        venv = tmp_path / name
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
        python = str(venv / "bin" / "python")
        install = subprocess.run([python, "-m", "pip", "install", "-q", str(ROOT)], capture_output=True, text=True, timeout=1800)
        assert install.returncode == 0, install.stderr[-3000:]
        outputs.append(_bytes_of(_repro_build(tmp_path / f"work-{name}", {"SOURCE_DATE_EPOCH": "1767225600"}, python, essay)))
    for filename in OUTPUT_FILES:
        assert outputs[0][filename] == outputs[1][filename], f"{filename} differs between the two venvs"
