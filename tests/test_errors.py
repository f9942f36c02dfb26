"""Bad data stops the build with a plain message naming file, entry and field; site/ stays as it was."""

from __future__ import annotations

import pytest

from conftest import copy_project, run_build

CASES = [
    # (file, text to replace, replacement, words the message must contain)
    ("tasks.yaml", "deadline: 2011-06-15", "deadline: 2011-02-31",
     ["data/tasks.yaml", "deadline", "bao-cao-so-ket-6-thang", "không tồn tại"]),
    ("tasks.yaml", "cites: [cv-04-ubqg]", "cites: [cv-04-ubq]",
     ["data/tasks.yaml", "cites", "nhiệm vụ '4'", "cv-04-ubq"]),
    ("boards.yaml", "      - id: thanh-hoa", "      - id: Thanh Hoa",
     ["data/boards.yaml", "'id'", "không phải mã hợp lệ"]),
    ("boards.yaml", "        place: Thanh Hóa\n", "        plase: Thanh Hóa\n",
     ["data/boards.yaml", "thanh-hoa", "plase", "place"]),
    ("tasks.yaml", "    levels: [local]", "\tlevels: [local]", ["data/tasks.yaml", "dòng", "Tab"]),
]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("project"))
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.mark.parametrize("file,old,new,words", CASES, ids=[c[3][-1] for c in CASES])
def test_bad_data_gives_a_clear_error_and_keeps_site(project, file, old, new, words):
    path = project / "data" / file
    good = path.read_text(encoding="utf-8")
    assert old in good
    before = {p.relative_to(project / "site"): p.stat().st_mtime_ns for p in (project / "site").rglob("*")}
    path.write_text(good.replace(old, new, 1), encoding="utf-8")
    try:
        result = run_build(project)
    finally:
        path.write_text(good, encoding="utf-8")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    for word in words:
        assert word in result.stderr, (word, result.stderr)
    after = {p.relative_to(project / "site"): p.stat().st_mtime_ns for p in (project / "site").rglob("*")}
    assert after == before
    assert not list(project.glob(".site-*"))
