"""A newcomer's first try (issue #21, item 6): each friction seen, through the real command.

Each test has its negative case: what must keep working (or keep quiet) beside the fix.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support import ROOT, make_project, no_traceback, run_briefgen, tool_missing

FRONT = '---\ntitle: "Budget"\ndate: "2026-01-01"\nauthors:\n  - name: "A"\n    bio: "An analyst."\n---\n'


def write(project: Path, name: str, text: str) -> Path:
    """Write ``sources/NAME`` (UTF-8) in a scratch project and return its path."""
    path = project / "sources" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_unquoted_colon_suggests_quoting(tmp_path):
    project = make_project(tmp_path, sources=())
    write(project, "colon.md", FRONT.replace('title: "Budget"', "title: Budget: FY2027") + "Body.\n")
    result = run_briefgen(["check", "sources/colon.md"], project)
    assert result.returncode == 1
    no_traceback(result.stderr)
    assert 'sources/colon.md:2:14: error: invalid YAML' in result.stderr
    assert 'must be quoted: title: "Budget: FY2027"' in result.stderr


def test_quoted_colon_is_fine_and_other_yaml_errors_get_no_quote_hint(tmp_path):
    project = make_project(tmp_path, sources=())
    write(project, "quoted.md", FRONT.replace('title: "Budget"', 'title: "Budget: FY2027"') + "Body.\n")
    write(project, "unclosed.md", FRONT.replace('title: "Budget"', 'title: "Budget') + "Body.\n")
    ok = run_briefgen(["check", "sources/quoted.md"], project)
    assert ok.returncode == 0, ok.stderr
    bad = run_briefgen(["check", "sources/unclosed.md"], project)
    assert bad.returncode == 1
    assert "invalid YAML" in bad.stderr and "quoted" not in bad.stderr


def test_a_utf16_source_is_named_utf16(tmp_path):
    project = make_project(tmp_path, sources=())
    text = FRONT + "Body.\n"
    for name, encoding in (("bom.md", "utf-16"), ("le.md", "utf-16-le"), ("be.md", "utf-16-be")):
        (project / "sources" / name).write_bytes(text.encode(encoding))
    result = run_briefgen(["check", "sources/bom.md", "sources/le.md", "sources/be.md"], project)
    assert result.returncode == 1
    no_traceback(result.stderr)
    for name in ("bom.md", "le.md", "be.md"):
        assert f"sources/{name}:1:1: error: the file is UTF-16" in result.stderr, result.stderr
    assert result.stderr.count("save it as UTF-8") == 3
    assert "front matter" not in result.stderr


def test_utf8_with_bom_and_latin1_keep_their_own_answers(tmp_path):
    project = make_project(tmp_path, sources=())
    (project / "sources" / "bom8.md").write_bytes(b"\xef\xbb\xbf" + (FRONT + "Caf\xc3\xa9.\n").encode("latin-1"))
    (project / "sources" / "latin.md").write_bytes((FRONT + "Caf\xe9.\n").encode("latin-1"))
    ok = run_briefgen(["check", "sources/bom8.md"], project)
    assert ok.returncode == 0, ok.stderr
    bad = run_briefgen(["check", "sources/latin.md"], project)
    assert bad.returncode == 1
    assert "not valid UTF-8 (byte 0xE9)" in bad.stderr and "UTF-16" not in bad.stderr


PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def test_a_missing_image_or_data_file_says_where_it_looked_and_what_to_do(tmp_path):
    project = make_project(tmp_path, sources=())
    body = ("Body.\n\n![A chart](assets/chart.png)\n\n"
            '::: {.chart type=bar data="data/snap.csv"}\nTitle: T\nAlt: A\n:::\n')
    write(project, "brief.md", FRONT + body)
    (project / "assets").mkdir()
    (project / "assets" / "chart.png").write_bytes(PNG_1PX)  # beside sources/, not inside it
    result = run_briefgen(["check", "sources/brief.md"], project)
    assert result.returncode == 1
    no_traceback(result.stderr)
    assert ("sources/brief.md:10: error: image file 'assets/chart.png' not found: looked for sources/assets/chart.png; "
            "assets/chart.png exists, but files are read from inside the source's folder: move it to sources/assets/chart.png"
            ) in result.stderr, result.stderr
    assert ("sources/brief.md:12:22: error: data file 'data/snap.csv' not found: looked for sources/data/snap.csv; "
            "put the file there, or fix the path (it is relative to the source's folder, sources/)") in result.stderr


def test_the_files_where_the_message_says_make_it_build(tmp_path):
    project = make_project(tmp_path, sources=())
    body = ("Body.\n\n![A chart](assets/chart.png)\n\n"
            '::: {.chart type=bar data="data/snap.csv"}\nTitle: T\nAlt: A\n:::\n')
    write(project, "brief.md", FRONT + body)
    (project / "sources" / "assets").mkdir()
    (project / "sources" / "assets" / "chart.png").write_bytes(PNG_1PX)
    write(project, "data/snap.csv", "year,n\n2015,1\n2016,2\n")
    result = run_briefgen(["check", "sources/brief.md"], project)
    assert result.returncode == 0, result.stderr
    assert "sources/brief.md: ok" in result.stderr


CHART = '::: {.chart type=bar data="data/snap.csv" x=year}\nTitle: SNAP\nAlt: Bars by year.\n:::\n'


def test_a_chart_csv_reports_every_bad_cell_in_one_run(tmp_path):
    project = make_project(tmp_path, sources=())
    write(project, "brief.md", FRONT + "Body.\n\n" + CHART)
    write(project, "data/snap.csv", 'year,Benefits,Admin\n2015,74.1,3\n2016,n/a,4\n2017,70,\n2018,x,5\n2019,1,2,3\n2020,"open,1\n')
    write(project, "inline.md", FRONT + "Body.\n\n::: {.chart type=line}\nTitle: T\nAlt: A\n\n| Year | N |\n|---|--:|\n| 2015 | a |\n| 2016 | b |\n:::\n")
    result = run_briefgen(["build", "sources/brief.md", "sources/inline.md"], project)
    assert result.returncode == 1
    no_traceback(result.stderr)
    lines = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert lines[:5] == [
        "sources/data/snap.csv:3:6: error: 'n/a' in column 'Benefits' is not a number",
        "sources/data/snap.csv:4:9: error: the 'Admin' value is empty (write 0, or leave the row out)",
        "sources/data/snap.csv:5:6: error: 'x' in column 'Benefits' is not a number",
        "sources/data/snap.csv:6:8: error: this row has 4 values; the header row has 3 columns",
        "sources/data/snap.csv:7:1: error: cannot read this CSV line: unexpected end of data",
    ], result.stderr
    assert "sources/inline.md:16:10: error: 'a' in column 'N' is not a number" in lines
    assert "sources/inline.md:17:10: error: 'b' in column 'N' is not a number" in lines
    assert not (project / "build" / "brief" / "memo.pdf").exists()


def test_a_csv_with_many_bad_cells_is_capped_and_a_good_one_builds(tmp_path):
    project = make_project(tmp_path, sources=())
    write(project, "brief.md", FRONT + "Body.\n\n" + CHART)
    write(project, "data/snap.csv", "year,n\n" + "".join(f"{2000 + i},bad\n" for i in range(30)))
    result = run_briefgen(["check", "sources/brief.md"], project)
    assert result.returncode == 1
    assert result.stderr.count("is not a number") == 20
    assert "and 10 more problems in this chart's data" in result.stderr
    write(project, "data/snap.csv", "year,n\n2015,1\n2016,2\n")
    ok = run_briefgen(["build", "--only", "memo", "sources/brief.md"], project)
    assert ok.returncode == 0, ok.stderr
    assert (project / "build" / "brief" / "memo.pdf").is_file()


def test_building_a_missing_source_prints_one_error(tmp_path):
    project = make_project(tmp_path, sources=())
    write(project, "brief.md", FRONT + "Body.\n")
    result = run_briefgen(["build", "nosuch.md"], project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["nosuch.md: error: no such source file"], result.stderr
    meant = run_briefgen(["build", "brief.md"], project)
    assert meant.stderr.splitlines() == ["brief.md: error: no such source file; did you mean sources/brief.md?"]
    assert not (project / "build" / "nosuch").exists()


def test_a_missing_source_does_not_stop_the_others(tmp_path):
    project = make_project(tmp_path, sources=())
    write(project, "brief.md", FRONT + "Body.\n")
    result = run_briefgen(["build", "--only", "memo", "nosuch.md", "sources/brief.md"], project)
    assert result.returncode == 1
    assert result.stderr.count("error:") == 1
    assert "built: build/brief/memo.pdf" in result.stderr
    assert (project / "build" / "brief" / "memo.pdf").is_file()


def test_paper_is_case_insensitive_and_a_bad_size_is_still_refused(tmp_path):
    project = make_project(tmp_path, sources=())
    write(project, "brief.md", FRONT + "Body.\n")
    result = run_briefgen(["build", "--only", "memo", "--paper", "A4", "sources/brief.md"], project)
    assert result.returncode == 0, result.stderr
    assert "built: build/brief/memo.pdf" in result.stderr
    from pypdf import PdfReader

    width, height = (float(v) for v in PdfReader(project / "build" / "brief" / "memo.pdf").pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    again = run_briefgen(["build", "--only", "memo", "--paper=a4", "sources/brief.md"], project)
    assert again.returncode == 0 and "up to date" in again.stderr, again.stderr  # the same build as A4
    bad = run_briefgen(["build", "--paper", "A3", "sources/brief.md"], project)
    assert bad.returncode == 2
    assert "invalid choice: 'a3'" in bad.stderr


ORG_TEMPLATE = ROOT / "layouts" / "example-org" / "deck" / "template.pptx"


def _soffice(args, cwd: Path) -> None:
    import subprocess

    profile = (cwd / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", *args], cwd=cwd,
                   capture_output=True, check=True, timeout=180)


@pytest.mark.skipif(tool_missing("soffice"), reason="LibreOffice is not installed")
def test_an_odp_gets_the_soffice_hint_and_the_hint_works(tmp_path):
    project = make_project(tmp_path, sources=())
    shutil.copyfile(ORG_TEMPLATE, project / "org.pptx")
    _soffice(["--convert-to", "odp", "org.pptx"], project)  # a real OpenDocument presentation
    (project / "org.pptx").unlink()
    result = run_briefgen(["layouts", "new", "acme", "--from-pptx", "org.odp"], project)
    assert result.returncode == 1
    no_traceback(result.stderr)
    assert result.stderr.strip() == ("org.odp: error: this is an OpenDocument presentation, not PowerPoint (.pptx): convert it "
                                     "first with `soffice --headless --convert-to pptx org.odp`, then give the .pptx to --from-pptx")
    assert not (project / "layouts" / "acme").exists()
    shutil.copyfile(project / "org.odp", project / "renamed.pptx")  # an ODP under a .pptx name: told by its content
    renamed = run_briefgen(["layouts", "new", "acme", "--from-pptx", "renamed.pptx"], project)
    assert renamed.returncode == 1 and "this is an OpenDocument file" in renamed.stderr
    _soffice(["--convert-to", "pptx", "org.odp"], project)  # the hint, as the user would run it
    made = run_briefgen(["layouts", "new", "acme", "--from-pptx", "org.pptx"], project)
    assert made.returncode == 0, made.stderr
    assert (project / "layouts" / "acme" / "theme.yaml").is_file()


SLOW = r"""
import sys, time
import briefgen.render.memo as memo
import briefgen.render.handout as handout
import briefgen.render.deck as deck

def slow(ctx):
    time.sleep(3600)  # interrupted by the worker's alarm at the budget

def broken(ctx):
    raise ValueError("not a timeout")

memo.render = handout.render = slow
deck.render = broken
from briefgen.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_timeout_names_each_late_output_and_suggests_a_larger_timeout(tmp_path):
    import os
    import subprocess
    import sys

    project = make_project(tmp_path, sources=())
    write(project, "brief.md", FRONT + "Body.\n")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run([sys.executable, "-c", SLOW, "build", "--only", "memo,handout,deck", "--timeout", "2", "sources/brief.md"],
                            cwd=project, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    no_traceback(result.stderr)
    err = result.stderr
    assert "sources/brief.md: error: memo.pdf took longer than its 2 s budget (--timeout 2) and was not written" in err, err
    assert "sources/brief.md: error: handout.html took longer than its 2 s budget (--timeout 2) and was not written" in err, err
    assert err.strip().splitlines()[-1] == ("briefgen: 2 output(s) ran out of time (build/brief/handout.html, build/brief/memo.pdf): "
                                            "build again with a larger --timeout, e.g. --timeout 32")
    # the negative case: a renderer that fails for another reason is not told to take more time
    deck_error = [line for line in err.splitlines() if "deck renderer" in line]
    assert deck_error and "--timeout" not in deck_error[0] and "deck.pptx" not in err.strip().splitlines()[-1]
    assert not (project / "build" / "brief" / "memo.pdf").exists()


LONG_TITLE = ("Do Not Be Disappointed If the Great Powers Fail to Reach an Agreement on the Budget "
              "for the Next Several Fiscal Years")
SLIDES = "Body.\n\n## Section\n\n::: slide\n- one point\n:::\n\nText.\n"


def test_a_title_cut_for_the_default_layouts_footer_is_reported(tmp_path):
    from pptx import Presentation

    project = make_project(tmp_path, sources=())
    write(project, "brief.md", FRONT.replace('"Budget"', f'"{LONG_TITLE}"') + SLIDES)
    result = run_briefgen(["build", "--only", "deck", "sources/brief.md"], project)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "footer" in line]
    assert warnings == ["sources/brief.md:2:8: warning: deck: the title is too long for the footer of layout 'Title and Content' "
                        "(9.4 x 0.4 in at 11 pt): shortened to 'Do Not Be Disappointed If the Great Powers Fail to Reach\u2026'. "
                        "Fix: a 'short_title:' in the front matter (the footer's and running heads' title)"], result.stderr
    footers = {ph.text_frame.text for slide in Presentation(str(project / "build/brief/deck.pptx")).slides
               for ph in slide.placeholders if ph.placeholder_format.type == 15}  # FOOTER
    assert footers == {"Do Not Be Disappointed If the Great Powers Fail to Reach\u2026"}
    strict = run_briefgen(["build", "--only", "deck", "--strict", "--force", "sources/brief.md"], project)
    assert strict.returncode == 1  # a warning like any other


def test_a_title_that_fits_or_a_short_title_or_a_colon_head_warns_nothing(tmp_path):
    project = make_project(tmp_path, sources=())
    write(project, "short.md", FRONT.replace('"Budget"', f'"{LONG_TITLE}"\nshort_title: "Great Powers and the Budget"') + SLIDES)
    write(project, "colon.md", FRONT.replace('"Budget"', f'"The Budget: {LONG_TITLE}"') + SLIDES)
    result = run_briefgen(["build", "--only", "deck", "--strict", "sources/short.md", "sources/colon.md"], project)
    assert result.returncode == 0, result.stderr
    assert "footer" not in result.stderr


def _wait_for(lines: list, count: int, word: str, timeout: float = 90) -> None:
    """Until ``word`` is in ``count`` of the lines read so far (bounded: fails after ``timeout`` s)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sum(word in line for line in lines) >= count:
            return
        time.sleep(0.1)
    raise AssertionError(f"no {count}x {word!r} within {timeout} s:\n{''.join(lines)}")


def test_watch_says_rebuilt_only_when_it_rebuilt(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import threading

    project = make_project(tmp_path, sources=())
    source = write(project, "brief.md", FRONT + "Body.\n")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    proc = subprocess.Popen([sys.executable, "-m", "briefgen", "watch", "--only", "handout"], cwd=project, env=env,
                            stderr=subprocess.PIPE, text=True)
    lines: list = []

    def read() -> None:
        for line in iter(proc.stderr.readline, ""):
            lines.append(line)

    threading.Thread(target=read, daemon=True).start()
    try:
        _wait_for(lines, 1, "watching for changes")
        assert "briefgen watch: rebuilt in" in lines[-1] and "(1 output)" in lines[-1], lines
        (project / "sources" / "notes.txt").write_text("not a source\n", encoding="utf-8")  # changes nothing built
        _wait_for(lines, 2, "watching for changes")
        assert lines[-1] == "briefgen watch: up to date; watching for changes (Ctrl-C to stop)\n", lines
        source.write_text(FRONT + "Body, edited.\n", encoding="utf-8")  # the negative case: a real edit is rebuilt
        _wait_for(lines, 3, "watching for changes")
        assert "briefgen watch: rebuilt in" in lines[-1], lines
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    no_traceback("".join(lines))
    assert sum("rebuilt in" in line for line in lines) == 2


def test_new_writes_a_starter_with_a_chart_and_the_publishing_fields_that_builds_cleanly(tmp_path):
    from pptx import Presentation

    project = make_project(tmp_path, sources=())
    created = run_briefgen(["new", "my-brief"], project)
    assert created.returncode == 0, created.stderr
    text = (project / "sources" / "my-brief.md").read_text(encoding="utf-8")
    front = text.split("\n---\n", 1)[0]
    assert "\nstatus: draft\n" in front and "\npage_budget: 2\n" in front
    assert '# url: "https://example.org/briefs/my-brief"' in front
    assert "::: {.chart type=bar}" in text and 'data="data/spending.csv"' in text
    built = run_briefgen(["build", "--strict", "--only", "all"], project)
    assert built.returncode == 0, built.stderr
    assert "warning" not in built.stderr and "error" not in built.stderr
    deck = Presentation(str(project / "build" / "my-brief" / "deck.pptx"))
    charts = [shape for slide in deck.slides for shape in slide.shapes if shape.has_chart]
    assert len(charts) == 1 and [s.name for s in charts[0].chart.plots[0].series] == ["Spending"]
    assert [round(v, 1) for v in charts[0].chart.plots[0].series[0].values] == [4.1, 4.6, 5.0, 5.6]


def test_the_starters_url_line_uncommented_is_a_valid_field(tmp_path):
    project = make_project(tmp_path, sources=())
    assert run_briefgen(["new", "my-brief"], project).returncode == 0
    path = project / "sources" / "my-brief.md"
    path.write_text(path.read_text(encoding="utf-8").replace("# url:", "url:").replace("page_budget: 2", "page_budget: 0"),
                    encoding="utf-8")
    result = run_briefgen(["check", "--strict", "sources/my-brief.md"], project)
    assert result.returncode == 1  # page_budget 0 is refused: the checks still apply to the starter's fields
    assert "page_budget" in result.stderr and "url" not in result.stderr, result.stderr


def _on_a_terminal(args: list, cwd: Path) -> tuple:
    """Run briefgen with its stderr (and stdout) on a pseudo-terminal; its exit status and what it wrote."""
    import os
    import pty
    import select
    import subprocess
    import sys
    import time

    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(COLUMNS="200", TERM="xterm")
    proc = subprocess.Popen([sys.executable, "-m", "briefgen", *args], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                            stdout=slave, stderr=slave)
    os.close(slave)
    out = b""
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1.0)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                out += chunk
            elif proc.poll() is not None:
                break
    finally:
        os.close(master)
        status = proc.wait(timeout=30)
    return status, out.decode("utf-8", "replace")


def test_a_build_on_a_terminal_shows_which_outputs_are_being_built(tmp_path):
    project = make_project(tmp_path, sources=())
    write(project, "brief.md", FRONT + "Body.\n")
    status, out = _on_a_terminal(["build", "--only", "memo,deck", "sources/brief.md"], project)
    assert status == 0, out
    assert "building brief/memo.pdf, brief/deck.pptx" in out, out
    assert "built: build/brief/memo.pdf" in out and "built: build/brief/deck.pptx" in out
    assert "2/2" in out


def test_no_progress_with_q_on_a_terminal_nor_in_a_log(tmp_path):
    project = make_project(tmp_path, sources=())
    write(project, "brief.md", FRONT + "Body.\n")
    status, out = _on_a_terminal(["build", "-q", "--only", "memo,deck", "sources/brief.md"], project)
    assert status == 0 and out == "", repr(out)
    logged = run_briefgen(["build", "--force", "--only", "memo,deck", "sources/brief.md"], project)  # a pipe, as in CI
    assert logged.returncode == 0
    assert sorted(line.split(" (")[0].strip() for line in logged.stderr.splitlines()) == [
        "built: build/brief/deck.pptx", "built: build/brief/memo.pdf"], logged.stderr
    assert "\x1b" not in logged.stderr and "building" not in logged.stderr
