"""Incremental builds: unchanged outputs are taken from the previous pack, changed inputs are never served stale.
Each test on its own copy of the small project built once for the session (a ministry, a city, a province).
`--force` remaking every file is tested with reproducibility (test_reproducible.py)."""

from __future__ import annotations

import json
import re

import pytest
from packs import copy_built, inodes, run

from guidepack import layout
from guidepack.build import build
from guidepack.load import load_model
from guidepack.plan import plans


def rebuilt(before, after):
    """Files whose inode changed: made again rather than linked from the previous pack."""
    return {rel for rel, ino in after.items() if before.get(rel) != ino}


def tree(site):
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def search_index(site) -> str:
    """The text of every search entry."""
    docs = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    return "\n".join(f"{d['title']} {d['text']}" for d in docs)


@pytest.fixture
def project(small_built, tmp_path):
    return copy_built(small_built, tmp_path / "project")


def test_nothing_changed_rebuilds_nothing(project):
    site = project / "site"
    before = inodes(site)
    report = build(project, jobs=2)
    assert report.built == 0 and report.reused == report.files
    assert rebuilt(before, inodes(site)) == {".pack-manifest.json"}


def test_one_board_changed_rebuilds_its_outputs_and_the_pages_that_list_it(project, tmp_path):
    site = project / "site"
    boards = project / "data" / "boards.yaml"
    original = boards.read_text(encoding="utf-8")
    before = inodes(site)
    # Its full name (on its own page and files) and its short name (in the directory).
    boards.write_text(original.replace("name: Ban vì sự tiến bộ của phụ nữ tỉnh Thanh Hóa",
                                       "name: Ban vì sự tiến bộ của phụ nữ tỉnh Thanh Hóa mới")
                      .replace("short: Thanh Hóa", "short: Thanh Hóa mới"), encoding="utf-8")
    build(project, jobs=2)
    changed = rebuilt(before, inodes(site))
    model = load_model(project / "data")
    plan = next(p for p in plans(model) if p.board.id == "thanh-hoa")
    own = {f.path for f in layout.board_files(plan)}
    others = {f.path for p in plans(model) if p.board.id != "thanh-hoa" for f in layout.board_files(p)}
    assert own <= changed  # its checklist, its templates, its calendar
    assert not (others & changed)  # no other board's file
    assert "co-quan/thanh-hoa.html" in changed and "co-quan/index.html" in changed and "pack.json" in changed
    assert "co-quan/ha-noi.html" not in changed and "nhiem-vu/nhiem-vu-4.html" not in changed
    assert "mới" in (site / "co-quan/thanh-hoa.html").read_text(encoding="utf-8")
    assert "mới" in search_index(site)
    # The pack made by the incremental build is the one a build from nothing makes, byte for byte.
    fresh = build(project, site=tmp_path / "fresh", jobs=2)
    assert fresh.reused == 0
    assert tree(site) == tree(tmp_path / "fresh")


def test_a_template_change_rebuilds_what_depends_on_it(project):
    site = project / "site"
    template = project / "guidepack" / "templates" / "checklist" / "checklist.html.j2"
    original = template.read_text(encoding="utf-8")
    before = inodes(site)
    template.write_text(original.replace("<h2>Liên hệ</h2>", "<h2>Liên hệ với UBQG</h2>"), encoding="utf-8")
    # In its own process, so that the build uses the copy's templates (this process imported the original).
    result = run(project)
    assert result.returncode == 0, result.stderr
    changed = rebuilt(before, inodes(site))
    pdfs = {rel for rel in before if rel.endswith(".pdf")}
    assert pdfs <= changed
    assert not {rel for rel in changed if re.search(r"\.(docx|ics|html)$", rel)}


def test_unreadable_previous_search_index_renders_every_page_again(project, small_built, tmp_path):
    """The kept pages' search entries come from the previous index: without a readable one, the site is built
    whole (like any output whose previous file is missing), not refused."""
    site = project / "site"
    index = site / "search/search_index.json"
    content = project / "content" / "gioi-thieu.md"
    original = content.read_text(encoding="utf-8")
    index.unlink()  # a hard link into the published pack: unlink, never write through it
    index.write_text("{ hỏng", encoding="utf-8")
    content.write_text(original + "\nMột dòng mới.\n", encoding="utf-8")
    build(project, jobs=2)
    # The same change built on a pack whose index is whole (an incremental build gives what a build from nothing
    # gives: test_one_board_changed_…).
    whole = copy_built(small_built, tmp_path / "whole")
    (whole / "content" / "gioi-thieu.md").write_text(original + "\nMột dòng mới.\n", encoding="utf-8")
    build(whole, jobs=2)
    assert index.read_bytes() == (whole / "site/search/search_index.json").read_bytes()
