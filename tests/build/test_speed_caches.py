"""The caches that make batches fast give the same answers as the work they skip.

* python-pptx's compiled XPath (``render/ooxml/xpath_cache``) returns what the
  library's own method returns, for every expression a deck render evaluates;
* a template's analysis, cached per worker, gives the same plan and replays
  its warnings on every render;
* libyaml's fast event parse of layout files builds the same tree as the
  pure parser, and a bad layout file reports the same located error;
* the font cache's lock makes a second process wait for, then reuse, a value
  another is computing (a bounded wait, never a hang).
"""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest

from briefgen import yamlsafe
from briefgen.build import cache
from briefgen.layout import load_layout

from tests.support import ROOT


def _render_deck(tmp_path: Path):
    from briefgen.build.engine import BuildOptions
    from briefgen.render import RenderContext
    from briefgen.render.deck import render
    from briefgen.source import load_source

    doc = load_source(ROOT / "sources" / "essay.md", ROOT).doc
    layout = load_layout("default", ROOT, None, origin="essay.md")
    ctx = RenderContext(doc=doc, layout=layout, options=BuildOptions().render, version="test")
    return ctx, render(ctx)


def test_compiled_xpath_answers_like_python_pptx(tmp_path):
    from briefgen.render.ooxml import xpath_cache
    from pptx import Presentation

    assert xpath_cache.install()
    original = xpath_cache.original()
    assert original is not None, "python-pptx's BaseOxmlElement.xpath moved: the cache is not active"
    from pptx.oxml import xmlchemy

    seen = []
    compiled = xmlchemy.BaseOxmlElement.xpath

    def recording(self, expr):
        seen.append((self, expr))
        return compiled(self, expr)

    xmlchemy.BaseOxmlElement.xpath = recording
    try:
        _render_deck(tmp_path)
        prs = Presentation(str(ROOT / "layouts" / "default" / "deck" / "template.pptx"))
        for layout in prs.slide_layouts:
            list(layout.placeholders)
    finally:
        xmlchemy.BaseOxmlElement.xpath = compiled
    exprs = {e for _, e in seen}
    assert len(seen) > 500 and {"./*[1]/p:nvPr/p:ph", "//@id"} <= exprs
    sample = seen[:: max(1, len(seen) // 400)] + [next(item for item in seen if item[1] == e) for e in exprs]
    for element, expr in sample:
        assert compiled(element, expr) == original(element, expr), expr


def test_cached_template_analysis_gives_the_same_deck_and_warnings(tmp_path):
    from briefgen.render.deck import template

    template._ANALYSES.clear()
    first_ctx, first = _render_deck(tmp_path)
    assert template._ANALYSES, "the analysis was not kept"
    second_ctx, second = _render_deck(tmp_path)
    assert first == second
    assert [w.message for w in first_ctx.warnings] == [w.message for w in second_ctx.warnings]


def test_analysis_replays_template_warnings(tmp_path):
    from briefgen.render.deck import template
    from briefgen.render.deck.template import analyse_template, open_template

    path = ROOT / "layouts" / "default" / "deck" / "template.pptx"
    from briefgen.render.deck.config import KindConfig

    cfg = {"content": KindConfig(("No Such Layout", "Title and Content"))}
    template._ANALYSES.clear()
    said1, said2 = [], []
    kinds1, _ = analyse_template(open_template(path), path, cfg, said1.append)
    kinds2, _ = analyse_template(open_template(path), path, cfg, said2.append)
    assert said1 and said1 == said2 and any("No Such Layout" in m for m in said1)
    assert kinds1 == kinds2
    kinds2["content"].sizes["body"] = 99.0  # a caller's change never reaches the cache
    kinds3, _ = analyse_template(open_template(path), path, cfg, [].append)
    assert kinds3["content"].sizes.get("body") != 99.0


def _tree(node):
    if isinstance(node, yamlsafe.YScalar):
        return ("s", node.value, node.line, node.col, node.plain, node.raw)
    if isinstance(node, yamlsafe.YSeq):
        return ("l", node.line, node.col, [_tree(n) for n in node.items])
    if isinstance(node, yamlsafe.YMap):
        return ("m", node.line, node.col, node.order, dict(node.key_lines), dict(node.key_cols),
                {k: _tree(v) for k, v in node.items.items()})
    return node


@pytest.mark.parametrize("path", sorted((ROOT / "layouts").rglob("*.yaml")), ids=lambda p: str(p.relative_to(ROOT)))
def test_fast_yaml_builds_the_same_tree(path):
    text = path.read_text(encoding="utf-8")
    assert _tree(yamlsafe.load(text, str(path), fast=True)) == _tree(yamlsafe.load(text, str(path)))


@pytest.mark.parametrize("text", [
    "a: 1\na: 2\n",                     # duplicate key
    "a: &x 1\nb: *x\n",                 # anchor
    "a: !!python/object 1\n",          # tag
    "a: [1, 2\n",                       # syntax
    "a:\n" + "  " * 0 + "\n".join(" " * i + "- x:" for i in range(0, 200, 2)) + "\n",  # deep
])
def test_fast_yaml_reports_what_the_pure_parser_reports(text):
    with pytest.raises(yamlsafe.YamlProblem) as slow:
        yamlsafe.load(text, "memo.yaml")
    with pytest.raises(yamlsafe.YamlProblem) as fast:
        yamlsafe.load(text, "memo.yaml", fast=True)
    assert str(fast.value.diag) == str(slow.value.diag)


def _compute_in_child(folder: str, name: str, out: str) -> None:  # pragma: no cover - child process
    import os

    os.environ["BRIEFGEN_CACHE_DIR"] = folder

    def slow() -> bytes:
        Path(out).write_text("computed by the child")
        time.sleep(1.0)
        return b"value"

    cache.computed("fonts", name, slow)


def test_cache_lock_makes_the_second_process_reuse_the_value(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path / "c"))
    marker = tmp_path / "marker"
    ctx = multiprocessing.get_context("fork")
    child = ctx.Process(target=_compute_in_child, args=(str(tmp_path / "c"), "k.ttf", str(marker)))
    child.start()
    deadline = time.monotonic() + 10
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert marker.exists(), "the child never started computing"
    calls = []
    value = cache.computed("fonts", "k.ttf", lambda: calls.append(1) or b"other")
    child.join(10)
    assert value == b"value" and calls == []  # waited for the child and read its result


def test_cache_lock_wait_is_bounded(tmp_path, monkeypatch):
    import fcntl
    import os

    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setattr(cache, "LOCK_WAIT", 0.2)
    lock = tmp_path / "c" / "fonts" / "k.ttf.lock"
    lock.parent.mkdir(parents=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)  # held by "another process" (another open file description)
    try:
        assert cache.computed("fonts", "k.ttf", lambda: b"mine") == b"mine"
    finally:
        os.close(fd)


def test_manifest_hashes_each_input_once_and_rehashes_a_changed_one(tmp_path, monkeypatch):
    import os

    from briefgen.build import manifest

    monkeypatch.setattr(manifest, "_DIGESTS", {})
    calls = []
    real = manifest.sha256_file
    monkeypatch.setattr(manifest, "sha256_file", lambda p: calls.append(str(p)) or real(p))
    font = tmp_path / "big.ttf"
    font.write_bytes(b"x" * 1000)
    out = tmp_path / "out.pdf"
    out.write_bytes(b"%PDF")
    first = manifest.make_entry("k", [font], [], [], out)
    second = manifest.make_entry("k", [font], [], [], out)
    assert first["inputs"] == second["inputs"]
    assert calls.count(str(font)) == 1
    font.write_bytes(b"y" * 1000)  # same size, new content and time
    os.utime(font, ns=(1, 1))
    third = manifest.make_entry("k", [font], [], [], out)
    assert calls.count(str(font)) == 2
    assert third["inputs"] != first["inputs"]


def test_a_read_manifest_supplies_recorded_hashes(tmp_path, monkeypatch):
    from briefgen.build import manifest

    monkeypatch.setattr(manifest, "_DIGESTS", {})
    font = tmp_path / "face.ttf"
    font.write_bytes(b"z" * 100)
    out_dir = tmp_path / "build" / "brief"
    out_dir.mkdir(parents=True)
    out = out_dir / "memo.pdf"
    out.write_bytes(b"%PDF")
    manifest.update_manifest(out_dir, {"memo": manifest.make_entry("k", [font], [], [], out)})
    monkeypatch.setattr(manifest, "_DIGESTS", {})
    manifest.read_manifest(out_dir)
    monkeypatch.setattr(manifest, "sha256_file", lambda p: (_ for _ in ()).throw(AssertionError(f"hashed {p}")) if str(p) == manifest.portable(font) else "0" * 64)
    entry = manifest.make_entry("k", [font], [], [], out)
    assert entry["inputs"][manifest.portable(font)][1] == 100


_PARSED_FACES = r"""
import json, sys
from pathlib import Path
from reportlab.pdfbase import pdfmetrics
from briefgen.build.engine import BuildOptions
from briefgen.layout import load_layout
from briefgen.render import RenderContext
from briefgen.render.memo import render
from briefgen.source import load_source

root = Path(sys.argv[1])
doc = load_source(root / "sources" / "essay.md", root).doc
layout = load_layout("default", root, None, origin="essay.md")
Path(sys.argv[2]).write_bytes(render(RenderContext(doc=doc, layout=layout, options=BuildOptions().render, version="t")))
print(json.dumps({n: f.__dict__.get("_briefgen_state") for n, f in pdfmetrics._fonts.items()
                  if type(f).__name__ == "LazyTTFont"}))
"""


def test_memo_parses_only_the_faces_it_draws_with(tmp_path):
    """In a fresh process (ReportLab's registry is process-wide), one memo parses few of the theme's faces."""
    import json
    import subprocess
    import sys

    pdf = tmp_path / "memo.pdf"
    out = subprocess.run([sys.executable, "-c", _PARSED_FACES, str(ROOT), str(pdf)], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout
    lazy = json.loads(out.strip().splitlines()[-1])
    assert len(lazy) >= 12  # the theme's three roles, four styles each
    listed = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    embedded = {line.split()[0] for line in listed.splitlines()[2:] if line.strip()}
    parsed = {name for name, state in lazy.items() if state == "loaded"}
    assert 0 < len(parsed) < len(lazy)
    assert len(parsed) <= len(embedded) + 2, (parsed, embedded)  # the canvas's initial font may be parsed and not drawn


def _layout_with_body_font(tmp_path: Path, font: Path) -> Path:
    from tests.support import make_project

    project = make_project(tmp_path)
    folder = project / "layouts" / "badfont"
    (folder / "fonts").mkdir(parents=True)
    target = folder / "fonts" / font.name
    target.write_bytes(font.read_bytes())
    (folder / "theme.yaml").write_text(
        "extends: default\nfonts:\n  body:\n    family: Odd\n"
        + "".join(f"    {style}: fonts/{font.name}\n" for style in ("regular", "bold", "italic", "bold_italic")),
        encoding="utf-8")
    return project


@pytest.mark.parametrize("kind", ["garbage", "cff"])
def test_an_unusable_body_font_is_a_located_error(tmp_path, kind):
    from tests.support import no_traceback, run_briefgen

    if kind == "garbage":
        font = tmp_path / "Broken.ttf"
        font.write_bytes(b"\0\1\0\0" + b"not a font at all" * 50)
    else:
        font = tmp_path / "Cff.otf"
        font.write_bytes(b"OTTO" + (ROOT / "layouts" / "default" / "theme.yaml").read_bytes())
    project = _layout_with_body_font(tmp_path / "p", font)
    result = run_briefgen(["build", "--layout", "badfont", "--only", "memo", "sources/essay.md"], project)
    assert result.returncode == 1
    assert f"layouts/badfont/fonts/{font.name}: error: cannot use font file" in result.stderr, result.stderr
    assert not (project / "build" / "essay" / "memo.pdf").exists()
    no_traceback(result.stderr)


def test_handout_environment_is_kept_and_sees_an_edited_template(tmp_path):
    import os

    from briefgen.render.handout.env import make_environment

    folder = tmp_path / "handout"
    folder.mkdir()
    page = folder / "page.html.j2"
    page.write_text("one {{ x }}", encoding="utf-8")
    env = make_environment([folder])
    assert env.get_template("page.html.j2").render(x="a") == "one a"
    assert make_environment([folder]) is env
    page.write_text("two {{ x }}", encoding="utf-8")
    stat = page.stat()
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    assert make_environment([folder]).get_template("page.html.j2").render(x="b") == "two b"


def test_the_install_warm_up_leaves_nothing_for_a_first_build_to_make(tmp_path: Path, monkeypatch) -> None:
    """``python -m briefgen.build.warmup`` (run by ``make`` after installing) fills the cache with what a first
    build would make (font subsets and character tables, hyphenation patterns, palette checks): the essay's
    first build after it adds nothing to the cache, and the warm-up wrote nothing in the project (#24)."""
    import subprocess
    import sys

    cache_dir = tmp_path / "cache"
    env = {**__import__("os").environ, "BRIEFGEN_CACHE_DIR": str(cache_dir), "PYTHONPATH": str(ROOT),
           "SOURCE_DATE_EPOCH": "1700000000"}
    project = tmp_path / "project"
    (project / "sources").mkdir(parents=True)
    (project / "sources" / "essay.md").write_text((ROOT / "sources" / "essay.md").read_text(encoding="utf-8"),
                                                  encoding="utf-8")
    import shutil

    shutil.copytree(ROOT / "layouts", project / "layouts")
    before_project = sorted(str(p.relative_to(project)) for p in project.rglob("*"))
    warm = subprocess.run([sys.executable, "-m", "briefgen.build.warmup", str(project)], env=env, cwd=project,
                          capture_output=True, text=True, timeout=600)
    assert warm.returncode == 0, warm.stderr
    assert "cache filled for 2 layout(s)" in warm.stderr, warm.stderr
    assert sorted(str(p.relative_to(project)) for p in project.rglob("*")) == before_project

    def kept() -> set:
        return {p.relative_to(cache_dir) for p in cache_dir.rglob("*") if p.is_file() and p.suffix != ".lock"}

    made = kept()
    kinds = {p.parts[0] for p in made}
    assert {"fonts", "hyphenation", "palettes"} <= kinds, kinds
    built = subprocess.run([sys.executable, "-m", "briefgen", "build", "sources/essay.md", "--only", "memo,handout,handout-pdf,deck"],
                           env=env, cwd=project, capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    assert kept() == made  # the first build found everything it needed already made
    # negative: with an empty cache the same build does make these values (so the check above can fail)
    shutil.rmtree(cache_dir)
    subprocess.run([sys.executable, "-m", "briefgen", "build", "sources/essay.md", "--force", "--only", "memo,handout"],
                   env=env, cwd=project, capture_output=True, text=True, timeout=600, check=True)
    assert kept()
