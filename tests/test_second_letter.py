"""Another year's letter by editing data only: the made-up 2012 letter of tests/second_letter/ (five tasks, other
dates and deadlines, four boards) built in full; no output keeps anything of the 2011 letter its data does not.

Done as the office would: copy the pack, put the new letter's data in data/, edit content/ and mkdocs.yml's site
name, rebuild. Every output is read as text: pages, search index, pack.json, calendars, the PDFs (pdftotext and
their metadata), the DOCX files (every XML part), and the offline zip's file names.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from packs import copy_project, run, small_project

from guidepack.load import load_model, write_schemas

SECOND = Path(__file__).parent / "second_letter"
# What belongs to the 2011 letter and not to the 2012 one: its years, its number of tasks in words, its dates,
# its instruments' numbers and its ids.
OLD = ["2011", "2010", "bảy", "Bảy", "BẢY", "30/3", "15/6", "15/12", "664/LĐTBXH", "11-NQ/TW", "04/UBQG",
       "review_2010_done", "ke-hoach-2011", "nq11", "Nghị quyết", "Chiến lược quốc gia"]

# Material's lunr language files, copied as they are: their licence headers carry their authors' years.
THIRD_PARTY = "assets/javascripts/lunr/"


@pytest.fixture(scope="module")
def second(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("second-letter"))
    for path in [*(root / "data").glob("*.yaml"), root / "data" / "letter.txt"]:
        path.unlink()
    for path in (SECOND / "data").iterdir():
        shutil.copy(path, root / "data" / path.name)
    for path in (SECOND / "content").iterdir():
        shutil.copy(path, root / "content" / path.name)
    mkdocs = root / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8").replace("2011", "2012"), encoding="utf-8")
    write_schemas(root / "data")  # as `make schema` after changing the tasks' conditions
    result = run(root)
    assert result.returncode == 0, result.stderr
    return root


def texts(site: Path):
    """(file, its text) for every output."""
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        yield rel, rel  # the file's own name
        if rel.startswith(THIRD_PARTY):
            continue
        suffix = path.suffix
        if suffix == ".pdf":
            yield rel, subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                                      text=True, check=True).stdout
            with pikepdf.open(path) as pdf:
                yield rel, " ".join(str(v) for v in pdf.docinfo.values())
                yield rel, str(pdf.Root.Metadata.read_bytes().decode("utf-8")) if "/Metadata" in pdf.Root else ""
        elif suffix in (".docx", ".zip"):
            with zipfile.ZipFile(path) as archive:
                for info in archive.infolist():
                    yield f"{rel}:{info.filename}", info.filename
                    if suffix == ".docx" and info.filename.endswith(".xml"):
                        xml = archive.read(info).decode("utf-8")
                        yield f"{rel}:{info.filename}", re.sub(r"<[^>]+>", "", xml)
        elif suffix in (".html", ".json", ".ics", ".js", ".css", ".xml", ".txt", ".md"):
            yield rel, path.read_text(encoding="utf-8")


def test_the_second_letter_is_read_from_its_data(second):
    model = load_model(second / "data")
    assert model.letter.year == 2012
    assert len(model.tasks) == 5
    assert [d.deadline_wording for d in model.dated_documents] == [
        "trước ngày 20/4/2012", "trước ngày 10/7", "trước ngày 10/12/2012"]  # the first written from its date


def test_no_output_keeps_anything_of_the_2011_letter(second):
    site = second / "site"
    kinds = set()
    found = []
    for rel, text in texts(site):
        kinds.add(Path(rel.split(":")[0]).suffix)
        found += [(rel, word) for word in OLD if word in text]
    assert {".html", ".json", ".ics", ".pdf", ".docx", ".zip"} <= kinds
    assert not found, found[:20]


def test_the_new_letter_is_what_the_outputs_say(second):
    site = second / "site"
    tasks_page = (site / "nhiem-vu" / "index.html").read_text(encoding="utf-8")
    assert "Năm nhiệm vụ" in tasks_page and "năm nội dung" in tasks_page
    assert "Kế hoạch công tác năm 2012" in (site / "index.html").read_text(encoding="utf-8")
    pack = json.loads((site / "pack.json").read_text(encoding="utf-8"))
    assert len(pack["tasks"]) == 5 and len(pack["boards"]) == 4
    calendar = (site / "tai-ve" / "lich-thoi-han.ics").read_text(encoding="utf-8")
    assert "PRODID:-//UBQG 2012 guidance pack//vi" in calendar
    assert "@huong-dan-ubqg-2012.invalid" in calendar
    assert "DTSTAMP:20120220T000000Z" in calendar  # the programme's date: the letter's own is unknown
    with zipfile.ZipFile(site / "tai-ve" / "bo-tai-lieu-ngoai-tuyen.zip") as archive:
        assert all(name.startswith("bo-tai-lieu-ubqg-2012/") for name in archive.namelist())
    plan = next(site.glob("tai-ve/bo-y-te/ke-hoach-cong-tac-bo-y-te.docx"))
    with zipfile.ZipFile(plan) as archive:
        body = re.sub(r"<[^>]+>", "", archive.read("word/document.xml").decode("utf-8"))
    assert "(nếu Ban chưa sơ kết giữa kỳ)" in body  # the condition's short wording, from the data
    assert "năm 2012" in body


def test_changing_the_year_in_data_content_and_mkdocs_leaves_no_trace_of_it(tmp_path):
    """The issue's own trial: copy the pack, change every "2011" in data/, content/ and mkdocs.yml, rebuild."""
    root = small_project(tmp_path / "project")
    for path in [*(root / "data").rglob("*"), *(root / "content").rglob("*"), root / "mkdocs.yml"]:
        if path.is_file():
            path.write_text(path.read_text(encoding="utf-8").replace("2011", "2012"), encoding="utf-8")
    result = run(root)
    assert result.returncode == 0, result.stderr
    found = [rel for rel, text in texts(root / "site") if "2011" in text]
    assert not found, found[:20]
