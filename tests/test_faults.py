"""Faults: a build killed anywhere leaves the published site/ whole; missing tools and a failing output are named.
Uses the SIGKILL test hook GUIDEPACK_FAULT=<point> of guidepack/build.py. Ctrl-C and builds at the same time:
test_interrupts.py."""

from __future__ import annotations

import signal

import pytest
from packs import changed_data, copy_built, is_whole, leftovers, run, run_python, tree_hash

from guidepack.publish import recover


@pytest.fixture
def project(small_built, tmp_path):
    """A built small project of the test's own, so that no test depends on what another left."""
    return copy_built(small_built, tmp_path / "project")


KILL_POINTS = ["load", "progress", "start:site", "start:docx", "before-publish"]


def test_killed_anywhere_keeps_one_whole_site(project):
    """A build killed at each point before publishing, in turn (each after the previous kill), leaves site/ as it
    was; then one killed inside the publishing swap, just after it, has published the new site/ whole. The next
    build cleans up what they all left."""
    site = project / "site"
    before = tree_hash(site)
    changed_data(project)
    for point in KILL_POINTS:
        killed = run(project, GUIDEPACK_FAULT=point)
        assert killed.returncode == -signal.SIGKILL, (point, killed.stderr)
        assert tree_hash(site) == before, point
    assert leftovers(project), "the killed builds left their staging folders"
    killed = run(project, GUIDEPACK_FAULT="publish")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert is_whole(site) and "(mới)" in (site / "co-quan" / "thanh-hoa.html").read_text(encoding="utf-8")
    again = run(project)
    assert again.returncode == 0, again.stderr
    assert not leftovers(project) and is_whole(site)
    assert "(mới)" in (site / "co-quan" / "thanh-hoa.html").read_text(encoding="utf-8")


def test_killed_between_the_two_renames_of_publishing_the_next_start_restores_the_site(project):
    """Where the folders cannot be exchanged in one step (GUIDEPACK_PUBLISH_RENAME), publishing is two renames: a
    build killed between them has site/ aside in the staging folder, and the next start puts it back."""
    site = project / "site"
    before = tree_hash(site)
    changed_data(project)
    rename = {"GUIDEPACK_PUBLISH_RENAME": "1"}
    killed = run(project, GUIDEPACK_FAULT="publish", **rename)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    recover(site)
    assert tree_hash(site) == before
    again = run(project, **rename)
    assert again.returncode == 0, again.stderr
    assert not leftovers(project) and is_whole(site)


def test_missing_pandoc_says_what_to_install(project):
    result = run(project, PYPANDOC_PANDOC="/nonexistent/pandoc")
    assert result.returncode == 1
    assert "pandoc" in result.stderr and "pypandoc-binary" in result.stderr
    assert "apt-get install pandoc" in result.stderr
    assert "Traceback" not in result.stderr


PATCHED_CLI = """
import sys
{patch}
from guidepack.cli import main
sys.exit(main(["--root", ".", "--jobs", "2"]))
"""


def test_missing_font_says_what_to_install(project):
    before = tree_hash(project / "site")
    result = run_python(project, PATCHED_CLI.format(patch="import guidepack.fonts as f; f.FONT_DIRS[:] = []"))
    assert result.returncode == 1
    assert "phông chữ" in result.stderr and "apt-get install fonts-liberation2" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_hash(project / "site") == before


def test_missing_weasyprint_libraries_say_what_to_install(project):
    patch = "import guidepack.tools as t; t.WEASYPRINT_LIBS = (('libpango-1.0.so.999', 'libpango-1.0-0'),)"
    result = run_python(project, PATCHED_CLI.format(patch=patch))
    assert result.returncode == 1
    assert "WeasyPrint" in result.stderr and "apt-get install libpango-1.0-0" in result.stderr
    assert "Traceback" not in result.stderr


def test_one_board_failing_names_the_board_and_output_and_publishes_nothing(project):
    site = project / "site"
    before = tree_hash(site)
    source = project / "guidepack" / "builders" / "checklist.py"
    original = source.read_text(encoding="utf-8")
    anchor = "    board_id, html, target, meta = job\n    try:\n"
    assert anchor in original
    source.write_text(original.replace(
        anchor, anchor + "        if board_id == 'thanh-hoa':\n            raise RuntimeError('hỏng thử')\n"),
        encoding="utf-8")
    changed_data(project)  # its checklist is made again
    try:
        result = run(project)
    finally:
        source.write_text(original, encoding="utf-8")
    assert result.returncode == 1
    assert "thanh-hoa" in result.stderr and "danh sách kiểm tra (PDF)" in result.stderr
    assert "hỏng thử" in result.stderr and "Traceback" not in result.stderr
    assert tree_hash(site) == before and not leftovers(project)
