"""The one-pager in the default set: a brief with nothing to put on it warns and makes no file (exit 0);
asked for by name (``--only onepager``) the same brief is a located error (exit 1).

Through the real command: the lines printed, the exit status, the files left, the manifest's skip record
(a no-op build repeats the warning without rendering), the stale one-pager of an earlier version of the
brief removed only when it is still the file briefgen wrote, and ``briefgen clean`` after a skip.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from briefgen.build.registry import DEFAULT_OUTPUTS, parse_only
from tests.support import make_project, no_traceback, run_briefgen

HEAD = '---\ntitle: "Thin"\ndate: "2026-01-01"\nauthors:\n  - name: "A. Writer"\n    bio: "A. Writer writes."\n---\n\n'
THIN = HEAD + "## Background\n\nTBD.\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\nSource: nobody.\n"
PROSE = HEAD + ("The program pays for itself within three years, the agency's audit found, and the savings grow after that. "
                "Congress may wish to extend it beyond the current authorization, which ends next year.\n\n"
                "## Background\n\nThe program began in 2019 with twelve pilot sites in four states.\n")
WARNING = re.compile(r"sources/thin\.md:2:8: warning: the one-pager has nothing to show.*onepager\.pdf was not made")


def _project(tmp_path: Path, text: str) -> Path:
    project = make_project(tmp_path, sources=())
    (project / "sources" / "thin.md").write_text(text, encoding="utf-8")
    return project


def test_the_one_pager_is_in_the_default_set_and_only_names_are_strict() -> None:
    assert "onepager" in DEFAULT_OUTPUTS
    assert parse_only("onepager,memo").named == ("memo", "onepager")
    assert parse_only("all").named == () and "onepager" in parse_only("all")
    assert parse_only("all,onepager").named == ("onepager",)


def test_a_default_build_of_a_brief_without_prose_warns_and_makes_no_one_pager(tmp_path: Path) -> None:
    project = _project(tmp_path, THIN)
    first = run_briefgen(["build", "--only", "memo,onepager", "-j", "1"], project)  # named: the error
    no_traceback(first.stderr)
    assert first.returncode == 1, first.stderr
    assert re.search(r"sources/thin\.md:2:8: error: the one-pager has nothing to show", first.stderr), first.stderr
    assert "failed: build/thin/onepager.pdf" in first.stderr

    result = run_briefgen(["build", "-j", "1"], project)  # the default set: a warning, no file, exit 0
    no_traceback(result.stderr)
    assert result.returncode == 0, result.stderr
    assert WARNING.search(result.stderr), result.stderr
    assert ": error:" not in result.stderr
    assert "skipped: build/thin/onepager.pdf" in result.stderr
    assert not (project / "build" / "thin" / "onepager.pdf").exists()
    for name in ("memo.pdf", "handout.html", "handout.pdf", "deck.pptx"):
        assert (project / "build" / "thin" / name).is_file(), name
    entry = json.loads((project / "build" / ".briefgen" / "thin.json").read_text())["outputs"]["onepager"]
    assert entry["skipped"]["line"] == 2 and "nothing to show" in entry["skipped"]["message"]

    again = run_briefgen(["build", "-j", "1"], project)  # nothing changed: the warning again, nothing rendered
    assert again.returncode == 0 and "built:" not in again.stderr, again.stderr
    assert WARNING.search(again.stderr) and "skipped: build/thin/onepager.pdf" in again.stderr, again.stderr

    every = run_briefgen(["build", "--only", "all", "-j", "1"], project)  # 'all' does not name it
    assert every.returncode == 0 and "skipped: build/thin/onepager.pdf" in every.stderr, every.stderr

    strict = run_briefgen(["build", "--strict"], project)  # --strict: every warning is an error, this one too
    assert strict.returncode == 1 and "failed: build/thin/onepager.pdf" in strict.stderr, strict.stderr
    assert re.search(r"sources/thin\.md:2:8: error: the one-pager has nothing to show.*\(--strict\)", strict.stderr), strict.stderr

    cleaned = run_briefgen(["clean"], project)
    assert cleaned.returncode == 0, cleaned.stderr
    assert not (project / "build" / "thin").exists(), cleaned.stderr


def test_the_one_pager_of_an_earlier_version_goes_when_the_brief_loses_its_prose(tmp_path: Path) -> None:
    project = _project(tmp_path, PROSE)
    built = run_briefgen(["build", "--only", "onepager,memo"], project)
    assert built.returncode == 0 and "built: build/thin/onepager.pdf" in built.stderr, built.stderr
    (project / "sources" / "thin.md").write_text(THIN, encoding="utf-8")
    result = run_briefgen(["build"], project)
    assert result.returncode == 0 and WARNING.search(result.stderr), result.stderr
    assert not (project / "build" / "thin" / "onepager.pdf").exists(), "a stale one-pager claims to be current"
    assert (project / "build" / "thin" / "memo.pdf").is_file()


def test_a_one_pager_briefgen_did_not_write_is_left_with_a_warning(tmp_path: Path) -> None:
    """Negative of the removal: a file someone changed (or wrote) is never deleted."""
    project = _project(tmp_path, PROSE)
    assert run_briefgen(["build", "--only", "onepager"], project).returncode == 0
    mine = project / "build" / "thin" / "onepager.pdf"
    mine.write_bytes(b"%PDF-1.4 the staffer's own edit\n")
    (project / "sources" / "thin.md").write_text(THIN, encoding="utf-8")
    result = run_briefgen(["build", "--only", "all"], project)
    assert result.returncode == 0, result.stderr
    assert mine.read_bytes() == b"%PDF-1.4 the staffer's own edit\n"
    assert re.search(r"build/thin/onepager\.pdf: warning: left as it was \(changed since briefgen wrote it\)", result.stderr), result.stderr
    cleaned = run_briefgen(["clean"], project)
    assert cleaned.returncode == 0 and mine.exists(), cleaned.stderr
