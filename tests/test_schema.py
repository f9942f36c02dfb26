"""The data's schema (guidepack/schema.py): the committed JSON Schema files, wrong types, every error at once,
and nothing of the 2011 letter left in the code."""

from __future__ import annotations

import json
import re
import subprocess

import jsonschema
import pytest
from packs import run, small_project

from conftest import ROOT
from guidepack.load import MAX_REPORTED, deadline_wording_problem, schema_texts
from guidepack.text import number_word
from guidepack.yamlio import read_yaml


def test_committed_schemas_are_the_generated_ones():
    for rel, text in schema_texts(ROOT / "data").items():
        assert (ROOT / "data" / rel).read_text(encoding="utf-8") == text, f"run `make schema`: {rel} is stale"


def named_schema_and_data(name: str):
    """The schema a data file names on its first line (checked to be that file's own, and valid), and the data."""
    path = ROOT / "data" / f"{name}.yaml"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=schema/{name}.schema.json"
    schema = json.loads((ROOT / "data" / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema), read_yaml(path, name).data


@pytest.mark.parametrize("name", ["tasks", "boards"])
def test_each_data_file_names_its_schema_which_accepts_it(name):
    validator, data = named_schema_and_data(name)
    assert list(validator.iter_errors(data)) == []
    # ... and refuses what the loader refuses: a number where a name is expected, an unknown field.
    board = data["groups"][0]["boards"][0] if name == "boards" else data["tasks"][0]
    for broken in ({"name" if name == "boards" else "title": 12345}, {"plase": "x"}):
        board_copy = dict(board, **broken)
        target = data["groups"][0]["boards"] if name == "boards" else data["tasks"]
        saved, target[0] = target[0], board_copy
        assert list(validator.iter_errors(data)), broken
        target[0] = saved


@pytest.mark.parametrize("name", ["indicators", "fields", "abbreviations", "tong-hop"])
def test_the_other_data_files_name_their_schema_which_accepts_them(name):
    validator, data = named_schema_and_data(name)
    assert list(validator.iter_errors(data)) == []
    assert list(validator.iter_errors(dict(data, unknown_section=1)))


def break_files(root, edits):
    for file, old, new in edits:
        path = root / "data" / file
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture()
def project(tmp_path):
    return small_project(tmp_path / "project")


def test_several_errors_in_several_files_are_reported_in_one_run(project):
    break_files(project, [
        ("boards.yaml", "        name: Ban vì sự tiến bộ của phụ nữ tỉnh Thanh Hóa\n", "        name: 12345\n"),
        ("boards.yaml", "        place: Hà Nội\n", "        plase: Hà Nội\n"),
        ("tasks.yaml", "    deadline: 2011-06-15\n", "    deadline: giữa tháng 6\n"),
        ("tasks.yaml", "  title: Công văn của Ủy ban", "  title: [Công văn của Ủy ban"),  # made a list below
    ])
    # The title as a list: `title: [a, b]` where one value is expected.
    path = project / "data" / "tasks.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(  title: \[Công văn[^\n]*)\n", r"\1]\n", text, count=1), encoding="utf-8")
    result = run(project, "--check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("Lỗi dữ liệu")]
    assert len(lines) == 4, result.stderr
    expected = [("data/tasks.yaml", "mục letter", "'title'", "không phải một danh sách"),
                ("data/tasks.yaml", "bao-cao-so-ket-6-thang", "'deadline'", "NĂM-THÁNG-NGÀY"),
                ("data/boards.yaml", "cơ quan 'bo-quoc-phong'", "'plase'", "Có phải ý bạn là 'place'"),
                ("data/boards.yaml", "cơ quan 'thanh-hoa'", "'name'", "số")]
    for line, words in zip(lines, expected, strict=True):
        assert "dòng " in line
        for word in words:
            assert word in line, (word, line)
    assert "Tổng cộng 4 lỗi." in result.stderr


def test_errors_are_capped(project):
    path = project / "data" / "boards.yaml"
    text = path.read_text(encoding="utf-8")
    count = text.count("        place: ")
    path.write_text(text.replace("        place: ", "        plase: "), encoding="utf-8")
    extra = "".join(f"      - id: ban-{i}\n        name: {i}\n" for i in range(MAX_REPORTED))
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    result = run(project, "--check")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("Lỗi dữ liệu")]
    assert len(lines) == MAX_REPORTED
    assert "lỗi khác" in result.stderr and count > 0


@pytest.mark.parametrize("old, new, words", [
    ("        short: Thanh Hóa\n", "        short: 2011-03-11\n", ["'short'", "ngày", "ngoặc kép"]),
    ("    deadline: 2011-06-15\n", "    deadline: true\n", ["'deadline'", "một ngày"]),
    ("        short: Thanh Hóa\n", "        short: true\n", ["'short'", "đoạn chữ"]),
    ("  year: 2011\n", "  year: [2011]\n", ["'year'", "số nguyên"]),
    ("    levels: [local]\n", "    levels: [[local]]\n", ["'levels'", "phần tử thứ 1", "không hợp lệ"]),
])
def test_a_wrong_type_is_an_error(project, old, new, words):
    file = "boards.yaml" if "short:" in old else "tasks.yaml"
    break_files(project, [(file, old, new)])
    result = run(project, "--check")
    assert result.returncode == 1, result.stdout
    first = result.stderr.splitlines()[0]
    for word in words:
        assert word in first, (word, first)


def test_deadline_wording_is_checked_against_the_date():
    import datetime as dt
    day = dt.date(2011, 6, 15)
    assert deadline_wording_problem(day, "trước ngày 15/6") is None
    assert deadline_wording_problem(day, "trước ngày 15/06/2011") is None
    assert deadline_wording_problem(day, "trước ngày 15 tháng 6 năm 2011") is None
    assert "không khớp" in deadline_wording_problem(day, "trước ngày 16/6")
    assert "không khớp" in deadline_wording_problem(day, "trước ngày 15/6/2012")
    assert "không thấy ngày" in deadline_wording_problem(day, "giữa tháng 6")


@pytest.mark.parametrize("n, words", [(1, "một"), (5, "năm"), (7, "b\u1ea3y"), (10, "mười"), (11, "mười một"),
                                      (15, "mười lăm"), (20, "hai mươi"), (21, "hai mươi mốt"),
                                      (24, "hai mươi tư"), (25, "hai mươi lăm"), (99, "chín mươi chín"),
                                      (100, "100")])
def test_number_word(n, words):
    assert number_word(n) == words


# Matches of the year pattern that are not facts of a letter: a WeasyPrint file name, the digits' names, XML
# namespaces, Word's old file format named to the user, a Unicode space in a character class.
ALLOWED = ["sRGB2014.icc", "_DIGIT_WORDS = ", "http://www.w3.org/2000/svg", "schemas.openxmlformats.org/",
           "Word 97-2003", "\\u2009"]


def test_no_year_or_count_of_the_letter_in_code_or_templates():
    out = subprocess.run(["git", "grep", "-n", "-E", r"20(0|1)[0-9]|[Bb]ảy", "--", "guidepack"], cwd=ROOT,
                         capture_output=True, text=True).stdout
    left = []
    for line in out.splitlines():
        path, _, code = line.split(":", 2)
        stripped = code.strip()
        if any(a in code for a in ALLOWED) or stripped.startswith(("#", "{#", "//", "*")):
            continue
        if path.endswith(".py") and _in_docstring(ROOT / path, int(line.split(":")[1])):
            continue
        left.append(line)
    assert left == []


def _in_docstring(path, number: int) -> bool:
    lines = path.read_text(encoding="utf-8").splitlines()
    inside = False
    for i, line in enumerate(lines, start=1):
        quotes = line.count('"""')
        if i == number:
            return inside or quotes > 0
        if quotes % 2:
            inside = not inside
    return False
