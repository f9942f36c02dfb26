"""Hostile text in the data appears as literal text in every output: no element injected into a page, no template
syntax evaluated, every DOCX valid XML that opens. Control characters and right-to-left overrides are refused by
the loader with a clear message (see load.py `_FORBIDDEN`), so they never reach an output."""

from __future__ import annotations

import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from lxml import etree
from packs import copy_built, run, small_project

from conftest import pdf_text
from guidepack.cli import main

# Board thanh-hoa's fields and task 7's title and first action, each made of strings that mean something to HTML,
# Markdown (Python-Markdown, pandoc and their extensions), Jinja, XML or a shell.
BOARD = {
    "name": "# Ban <script>alert(1)</script> {{ 7*7 }} {% raw %} Thanh Hóa",
    "agency": "UBND <img src=x onerror=alert(1)> & <b>x</b> &amp; \"q\" 'a' Thanh Hóa",
    "short": "Thanh Hóa *emph* **bold** _x_ [link](javascript:alert(1))",
    "place": "Thanh Hóa $x$ ~~x~~ ^x^ @x | a | b : c PACKTOKENNAME",  # the DOCX fill-in token, as text
    "parent": "UBND {{ 7*7 }} </w:t><w:t>x ]]> <!-- c --> \\ `code`",
}
TASK_TITLE = "Kiểm tra <script>alert(2)</script> {{ 7*7 }} *x* [a](javascript:alert(1)) !!! note"
TASK_ACTION = "- Tăng cường {% if true %}x{% endif %} <img src=y onerror=alert(2)> $y$ ~~y~~ \\*not\\* {: #id }"
STRINGS = [*BOARD.values(), TASK_TITLE, TASK_ACTION]


def yaml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def make_hostile(root: Path) -> None:
    boards = root / "data" / "boards.yaml"
    text = boards.read_text(encoding="utf-8")
    start = text.index("      - id: thanh-hoa\n")
    block = "      - id: thanh-hoa\n" + "".join(f"        {k}: {yaml_string(v)}\n" for k, v in BOARD.items())
    block += '        gso: "38"\n'
    end = text.find("      - id: ", start + 1)
    boards.write_text(text[:start] + block + (text[end:] if end != -1 else ""), encoding="utf-8")
    tasks = root / "data" / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    old_title = "    title: Kiểm tra, hướng dẫn và bố trí kinh phí\n"
    old_action = "      - Tăng cường kiểm tra, hướng dẫn triển khai hoạt động vì sự tiến bộ của phụ nữ\n"
    assert old_title in text and old_action in text
    text = text.replace(old_title, f"    title: {yaml_string(TASK_TITLE)}\n")
    text = text.replace(old_action, f"      - {yaml_string(TASK_ACTION)}\n")
    tasks.write_text(text, encoding="utf-8")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def site(small_built, tmp_path_factory) -> Path:
    """A copy of the built small project with the hostile strings, built again (what they do not touch is reused)."""
    root = copy_built(small_built, tmp_path_factory.mktemp("hostile"))
    make_hostile(root)
    result = run(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


class Page(HTMLParser):
    """The elements of a page and its visible text (without script and style)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)

    def scripts(self) -> list[str]:
        return [a.get("src", "") for t, a in self.elements if t == "script"]


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_no_element_or_attribute_comes_from_the_data(site):
    for path in site.rglob("*.html"):
        page = parse(path)
        for tag, attrs in page.elements:
            assert not any(name.startswith("on") for name in attrs), (path, tag, attrs)
            assert not any("javascript:" in (value or "") for value in attrs.values()), (path, tag, attrs)
            assert not (tag == "img" and attrs.get("src") in ("x", "y")), (path, attrs)
            assert tag != "b" or "md-" in attrs.get("class", ""), (path, tag)
        html = path.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=" not in html and "<b>x" not in html, path
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert "<" not in title, (path, title)


def test_every_string_appears_as_text_on_the_site(site):
    texts = {path: flat(" ".join(parse(path).text)) for path in site.rglob("*.html")}
    board = texts[site / "co-quan" / "thanh-hoa.html"]
    for key in ("name", "agency", "place", "parent"):
        assert flat(BOARD[key]) in board, BOARD[key]
    for value in STRINGS:
        assert any(flat(value) in text for text in texts.values()), value
    for text in texts.values():
        assert "Ban 49" not in text and "UBND 49" not in text and "Kiểm tra 49" not in text


def test_the_checklist_pdf_shows_the_strings(site):
    text = flat(pdf_text(site / "tai-ve" / "thanh-hoa" / "danh-sach-kiem-tra-thanh-hoa.pdf"))
    for value in (BOARD["name"], TASK_TITLE, TASK_ACTION):
        assert flat(value) in text, value
    for value in (BOARD["name"], TASK_TITLE):  # shown as written above, and nowhere with the template evaluated
        assert flat(value.replace("{{ 7*7 }}", "49")) not in text, value


def test_every_docx_is_valid_xml_opens_and_keeps_the_text(site):
    files = sorted(site.rglob("*.docx"))
    assert files
    for path in files:
        with zipfile.ZipFile(path) as package:
            for name in package.namelist():
                if name.endswith((".xml", ".rels")):
                    etree.fromstring(package.read(name))  # raises on invalid XML
        document = docx.Document(str(path))
        if "thanh-hoa" in path.name:
            parts = [p.text for p in document.paragraphs]
            parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
            text = flat(" ".join(parts))
            for key in ("parent", "place", "agency"):
                if flat(BOARD[key]).upper() not in text.upper():
                    pytest.fail(f"{path.name}: {key} {BOARD[key]!r} not shown literally")
            assert "UBND 49" not in text and "Ban 49" not in text


def test_every_output_keeps_template_syntax_literal(site):
    for path in site.rglob("*"):
        if path.suffix in (".html", ".json", ".ics"):
            text = path.read_text(encoding="utf-8")
            assert "UBND 49" not in text and "Ban 49" not in text and "Kiểm tra 49" not in text, path


@pytest.mark.parametrize("character,words", [("\u0007", "ký tự điều khiển"), ("\u202e", "đảo chiều"),
                                             ("\u2066", "đảo chiều"), ("\u0000", "ký tự điều khiển")])
def test_control_and_bidi_characters_are_refused_with_a_message(tmp_path, character, words, capsys):
    root = small_project(tmp_path)
    boards = root / "data" / "boards.yaml"
    text = boards.read_text(encoding="utf-8")
    escaped = json.dumps(f"Thanh{character}Hóa", ensure_ascii=True)
    boards.write_text(text.replace("        short: Thanh Hóa\n", f"        short: {escaped}\n"), encoding="utf-8")
    assert main(["--root", str(root), "--check"]) == 1  # build.py --check, in this process (as test_errors.py)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert words in err and "thanh-hoa" in err and "'short'" in err


def test_the_search_index_holds_escaped_text_only(site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        assert "<script" not in doc["title"] + doc["text"] and "<img" not in doc["title"] + doc["text"], doc


def test_the_calendar_keeps_the_text_literal(site):
    import icalendar

    text = (site / "tai-ve" / "thanh-hoa" / "lich-thoi-han-thanh-hoa.ics").read_text(encoding="utf-8")
    calendar = icalendar.Calendar.from_ical(text)
    shown = " ".join(str(value) for _, value in calendar.property_items())
    assert BOARD["short"] in shown or BOARD["name"] in shown


def test_pack_json_holds_the_strings_as_they_are(site):
    pack = json.loads((site / "pack.json").read_text(encoding="utf-8"))
    board = next(b for b in pack["boards"] if b["id"] == "thanh-hoa")
    assert board["name"] == BOARD["name"] and board["agency"] == BOARD["parent"]
    task = next(t for t in pack["tasks"] if t["number"] == 7)
    assert task["title"] == TASK_TITLE and task["actions"][0] == TASK_ACTION
