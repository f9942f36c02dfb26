"""`build.py collect INBOX` over an inbox built here from the small project's own templates, filled as boards fill
them (Word-style on the XML, LibreOffice 7.4 through UNO as DOCX and ODT, controls unwrapped), with day folders, a
file without one, a resubmission, a duplicate, late files, a board's file in another board's folder and bad
files: every status, sum, archived file and output checked against what was put in, and INBOX left untouched."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from fill import LibreOffice, fill_word_style, libreoffice_jobs, unwrap_controls
from lxml import etree
from openpyxl import load_workbook
from packs import build_env, copy_built, tree_hash
from test_docx_format import NS, body, closing, header_band, paragraph_format, q, text

from conftest import AXE, fresh_page, serious_axe_violations
from guidepack.collect.checks import Values
from guidepack.collect.outliers import outliers
from guidepack.collect.template import describe
from guidepack.text import sort_key

ROOT = Path(__file__).resolve().parent.parent
SIX, YEAR, REVIEW, NQ11 = "bao-cao-so-ket-6-thang", "bao-cao-tong-ket-2011", "bao-cao-tong-ket-2010", \
    "bao-cao-so-ket-nq11"
HOSTILE_TEXT = "Tình hình <script>window.pwned = 1</script> {{ 7*7 }}\nĐoạn thứ hai: =HYPERLINK(\"http://x\",\"y\")"
FORMULA = '=HYPERLINK("http://evil.example","bấm")'

# What each board wrote (tag -> text), per file.
TH_V1 = {"dac-diem": HOSTILE_TEXT, "ket-qua.nhiem-vu-1": "Đã kiện toàn Ban.",
         "bieu-1.tong-so.tong-so": "1.234", "bieu-1.tong-so.nu": "600", "bieu-1.tong-so.ty-le-nu": "48,6",
         "bieu-4.bo-tri.tong-so": "12,5", "ky.ho-ten": "Nguyễn Thị Hoa"}
TH_V2 = {"dac-diem": HOSTILE_TEXT, "ket-qua.nhiem-vu-1": "Đã kiện toàn Ban (bản sửa).",
         "bieu-1.tong-so.tong-so": "1.300", "bieu-1.tong-so.nu": "650", "bieu-1.tong-so.ty-le-nu": "50",
         "bieu-1.tong-so.ghi-chu": "=1+1", "bieu-1.dai-hoc.ghi-chu": "+84 912", "bieu-1.sau-dai-hoc.ghi-chu": "-5",
         "bieu-2.lanh-dao.ghi-chu": "@SUM(A1)", "bieu-2.lanh-dao.tong-so": FORMULA,
         "bieu-2.cap-truong.tong-so": "20", "bieu-2.cap-truong.nu": "25",  # more women than the total
         "bieu-4.bo-tri.tong-so": "12,5", "ky.ho-ten": "Nguyễn Thị Hoa"}
HN_SIX = {"dac-diem": "Hà Nội: đoạn một.\nĐoạn hai.", "bieu-1.tong-so.tong-so": "100", "bieu-1.tong-so.nu": "40",
          "bieu-1.tong-so.ty-le-nu": "40", "bieu-4.bo-tri.tong-so": "7,25", "bieu-5.dbqh.tong-so": "10",
          "bieu-5.dbqh.nu": "3"}
HN_YEAR = {"dac-diem": "Tổng kết năm của Hà Nội.", "bieu-1.tong-so.tong-so": "2.000", "bieu-1.tong-so.nu": "900"}
BQP_YEAR = {"dac-diem": "Bộ Quốc phòng tổng kết.", "bieu-1.tong-so.tong-so": "500", "bieu-1.tong-so.nu": "50"}
TH_REVIEW = {"ket-qua.chi-dao": "Tổng kết Chiến lược đến 2010.", "bieu-1.tong-so.tong-so": "1.100",
             "bieu-1.tong-so.nu": "500"}
TH_NQ11 = {"ket-qua.chi-dao": "Báo cáo gửi Bộ Lao động, gửi nhầm về UBQG."}

WORD_LOCK = b"\x0cNguyen Thi Hoa" + b"\x00" * 40  # what Word leaves beside an open file (~$name.docx)


@pytest.fixture(scope="module")
def project(small_built, tmp_path_factory) -> Path:
    """The small project, built: its templates are what the boards fill, its site/ what the reports are read by."""
    return copy_built(small_built, tmp_path_factory.mktemp("collect") / "project")


def template(project: Path, board: str, document: str) -> Path:
    return project / "site" / "tai-ve" / board / f"{document}-{board}.docx"


def mtime(path: Path, when: dt.datetime) -> None:
    stamp = time.mktime(when.timetuple())
    os.utime(path, (stamp, stamp))


@pytest.fixture(scope="module")
def inbox(project, tmp_path_factory) -> Path:
    box = tmp_path_factory.mktemp("hop-thu")
    for day in ("2011-03-29/thanh-hoa", "2011-06-14", "2011-06-15", "2011-06-16", "2011-06-20", "2011-12-15/thanh-hoa"):
        (box / day).mkdir(parents=True)
    # Thanh Hóa's 6-month report, Word-style, on time; the same bytes again the next day under another name; then a
    # corrected version after the deadline (supersedes the first, which stays in the history).
    fill_word_style(template(project, "thanh-hoa", SIX), box / "2011-06-14/Bao cao 6 thang - Thanh Hoa.docx", TH_V1)
    shutil.copyfile(box / "2011-06-14/Bao cao 6 thang - Thanh Hoa.docx", box / "2011-06-15/ban sao (1).docx")
    fill_word_style(template(project, "thanh-hoa", SIX), box / "2011-06-20/BC sua lai.docx", TH_V2)
    # Thanh Hóa's 2010 review (conditional for every board), in a folder named after it; its NQ11 report, which goes
    # to the Ministry, not to UBQG.
    fill_word_style(template(project, "thanh-hoa", REVIEW), box / "2011-03-29/thanh-hoa/tong ket 2010.docx",
                    TH_REVIEW)
    fill_word_style(template(project, "thanh-hoa", NQ11), box / "2011-06-14/nq11.docx", TH_NQ11)
    # Hà Nội fills with LibreOffice 7.4: its 6-month report as ODT, a day late; its annual report as DOCX, on the
    # deadline day, but saved in Thanh Hóa's folder.
    office = LibreOffice()
    try:
        jobs = []
        for board, doc, dst, answers in (("ha-noi", SIX, box / "2011-06-16/HN.odt", HN_SIX),
                                         ("ha-noi", YEAR, box / "2011-12-15/thanh-hoa/bc-nam.docx", HN_YEAR)):
            src = template(project, board, doc)
            inline, blocks = libreoffice_jobs(describe(src, str(src)).fields, answers)
            jobs.append((src, dst, inline, blocks))
        office.fill(jobs)
    finally:
        office.close()
    # Bộ Quốc phòng's annual report: controls gone (a .doc round trip), saved outside any day folder: dated by
    # its modification time, a day late.
    filled = box / "bqp-filled.tmp"
    fill_word_style(template(project, "bo-quoc-phong", YEAR), filled, BQP_YEAR)
    unwrap_controls(filled, box / "BQP bao cao nam.docx")
    filled.unlink()
    mtime(box / "BQP bao cao nam.docx", dt.datetime(2011, 12, 16, 10, 0))
    # Files that are not reports.
    (box / "2011-06-14/anh chup.jpg").write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(2000))
    (box / "2011-06-14/rong.docx").write_bytes(b"")
    (box / "2011-06-14/~$o cao 6 thang - Thanh Hoa.docx").write_bytes(WORD_LOCK)
    (box / "2011-06-16/<b>{{ 7*7 }}<b> =cmd.docx").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    return box


def run_collect(project: Path, inbox: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(project / "build.py"), "collect", str(inbox), "--root", str(project),
                           "--site", str(project / "site"), "--out", str(out)],
                          capture_output=True, text=True, env=build_env(project), timeout=600)


@pytest.fixture(scope="module")
def collected(project, inbox, tmp_path_factory):
    out = tmp_path_factory.mktemp("ket-qua") / "tong-hop"
    before = tree_hash(inbox), {p: p.stat().st_mtime_ns for p in inbox.rglob("*")}
    result = run_collect(project, inbox, out)
    after = tree_hash(inbox), {p: p.stat().st_mtime_ns for p in inbox.rglob("*")}
    return {"out": out, "result": result, "before": before, "after": after,
            "json": json.loads((out / "tong-hop.json").read_text(encoding="utf-8")) if result.returncode == 0 else None}


def problems_of(data: dict, file: str) -> list[dict]:
    return next(f for f in data["files"] if f["file"] == file)["problems"]


def test_runs_and_leaves_inbox_untouched(collected):
    result = collected["result"]
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert collected["before"] == collected["after"]
    assert "Báo cáo sơ kết 6 tháng đầu năm 2011: đã gửi 2/3, đúng hạn 1, muộn 1, chưa gửi 1" in result.stdout


def test_every_status(collected):
    reports = collected["json"]["reports"]
    assert set(reports) == {REVIEW, SIX, YEAR}  # the NQ11 report goes to the Ministry, not to UBQG
    status = {doc: {b: v["status"] for b, v in r["boards"].items()} for doc, r in reports.items()}
    assert status == {
        SIX: {"thanh-hoa": "on_time", "ha-noi": "late", "bo-quoc-phong": "missing"},
        YEAR: {"ha-noi": "on_time", "bo-quoc-phong": "late", "thanh-hoa": "missing"},
        REVIEW: {"thanh-hoa": "on_time", "ha-noi": "conditional", "bo-quoc-phong": "conditional"},
    }
    six = reports[SIX]["boards"]
    assert six["thanh-hoa"]["received"] == "2011-06-14"  # the first submission decides
    assert six["thanh-hoa"]["file"] == "2011-06-20/BC sua lai.docx"  # the later one counts
    history = six["thanh-hoa"]["submissions"]
    assert [s["file"] for s in history] == ["2011-06-14/Bao cao 6 thang - Thanh Hoa.docx", "2011-06-20/BC sua lai.docx"]
    assert history[0]["names"] == ["2011-06-14/Bao cao 6 thang - Thanh Hoa.docx", "2011-06-15/ban sao (1).docx"]
    bqp = reports[YEAR]["boards"]["bo-quoc-phong"]
    assert bqp["received"] == "2011-12-16" and bqp["submissions"][0]["date_source"] == "mtime"
    assert reports[REVIEW]["boards"]["ha-noi"]["required"] == "conditional"


def test_rates_per_report_and_level(collected):
    rates = {doc: r["rates"] for doc, r in collected["json"]["reports"].items()}
    six = rates[SIX]
    assert (six["all"]["expected"], six["all"]["received"], six["all"]["on_time"]) == (3, 2, 1)
    assert (six["all"]["reporting_rate"], six["all"]["reporting_rate_on_time"]) == (66.7, 33.3)
    assert (six["central"]["reporting_rate"], six["local"]["reporting_rate"]) == (0.0, 100.0)
    assert six["local"]["reporting_rate_on_time"] == 50.0
    review = rates[REVIEW]["all"]
    assert (review["expected"], review["received"], review["conditional"], review["reporting_rate"]) == (1, 1, 2, 100.0)


def test_sums_over_latest_submissions_ratios_recomputed(collected):
    six = collected["json"]["reports"][SIX]
    totals, counts = six["totals"], six["counts"]
    # Thanh Hóa's corrected file (1.300 / 650) and Hà Nội's (100 / 40); not Thanh Hóa's first file.
    assert totals["bieu-1.tong-so.tong-so"] == 1400 and counts["bieu-1.tong-so.tong-so"] == 2
    assert totals["bieu-1.tong-so.nu"] == 690
    assert totals["bieu-1.tong-so.ty-le-nu"] == round(690 / 1400 * 100, 2)  # not the mean of 50 and 40
    assert totals["bieu-4.bo-tri.tong-so"] == 19.75
    assert totals["bieu-5.dbqh.tong-so"] == 10 and counts["bieu-5.dbqh.tong-so"] == 1
    assert totals["bieu-2.lanh-dao.tong-so"] is None and counts["bieu-2.lanh-dao.tong-so"] == 0  # a formula
    assert totals["bieu-2.cap-truong.nu"] == 25  # flagged, never dropped
    year = collected["json"]["reports"][YEAR]["totals"]
    assert (year["bieu-1.tong-so.tong-so"], year["bieu-1.tong-so.nu"]) == (2500, 950)


def test_problems_name_board_file_and_field(collected):
    data = collected["json"]
    v2 = problems_of(data, "2011-06-20/BC sua lai.docx")
    kinds = {(p["kind"], p["field"]) for p in v2}
    assert ("rule", "bieu-2.cap-truong.nu") in kinds
    assert ("number", "bieu-2.lanh-dao.tong-so") in kinds
    assert ("empty", "kien-nghi") in kinds
    rule = next(p for p in v2 if p["field"] == "bieu-2.cap-truong.nu")
    assert "Thanh Hóa" in rule["message"] and "BC sua lai.docx" in rule["message"] and "Cấp trưởng" in rule["message"]
    v1 = problems_of(data, "2011-06-14/Bao cao 6 thang - Thanh Hoa.docx")
    assert any("đã được thay bằng" in p["message"] for p in v1)
    assert any("trùng từng byte" in p["message"] for p in problems_of(data, "2011-06-15/ban sao (1).docx"))
    sender = [p for p in problems_of(data, "2011-12-15/thanh-hoa/bc-nam.docx") if p["kind"] == "sender"]
    assert sender and "Hà Nội" in sender[0]["message"] and "Thanh Hóa" in sender[0]["message"]
    assert not [p for p in problems_of(data, "2011-03-29/thanh-hoa/tong ket 2010.docx") if p["kind"] == "sender"]
    assert any(p["kind"] == "date" for p in problems_of(data, "BQP bao cao nam.docx"))
    assert any(p["kind"] == "identity" for p in problems_of(data, "2011-06-14/nq11.docx"))
    for bad in ("2011-06-14/anh chup.jpg", "2011-06-14/rong.docx", "2011-06-14/~$o cao 6 thang - Thanh Hoa.docx",
                "2011-06-16/<b>{{ 7*7 }}<b> =cmd.docx"):
        entry = next(f for f in data["files"] if f["file"] == bad)
        assert entry["board"] is None and entry["problems"], bad
    # Every received name is listed once.
    assert len(data["files"]) == 12 and len({f["file"] for f in data["files"]}) == 12


def test_archive_holds_every_file_byte_for_byte(collected, inbox):
    archive = collected["out"] / "luu-tru"
    manifest = json.loads((archive / "danh-muc.json").read_text(encoding="utf-8"))
    files = [p for p in inbox.rglob("*") if p.is_file()]
    hashes = {}
    for path in files:
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        hashes.setdefault(sha, []).append(path.relative_to(inbox).as_posix())
        assert (archive / manifest[sha]["copy"]).read_bytes() == data
    assert set(manifest) == set(hashes)
    for sha, names in hashes.items():
        assert sorted(n["file"] for n in manifest[sha]["names"]) == sorted(names)


def test_same_inbox_same_json_and_archive_kept(collected, project, inbox):
    out = collected["out"]
    first = (out / "tong-hop.json").read_bytes()
    archive = tree_hash(out / "luu-tru")
    result = run_collect(project, inbox, out)
    assert result.returncode == 0, result.stderr
    assert (out / "tong-hop.json").read_bytes() == first
    assert tree_hash(out / "luu-tru") == archive


# ---- the workbook ---------------------------------------------------------------------------------------------

def test_workbook(collected, project):
    path = collected["out"] / f"tong-hop-{SIX}.xlsx"
    wb = load_workbook(path)
    ws = wb["Tổng hợp"]
    assert ws.freeze_panes == "C3"
    header = [c.value for c in ws[1]]
    tags = [c.value for c in ws[2]]
    names = [ws.cell(row=r, column=2).value for r in range(3, 6)]
    assert names == sorted(names, key=sort_key) and "Thanh Hóa" in names[2]
    col = {tag: i + 1 for i, tag in enumerate(tags)}
    th = 5
    assert ws.cell(row=th, column=col["bieu-1.tong-so.tong-so"]).value == 1300
    assert ws.cell(row=th, column=col["bieu-1.tong-so.tong-so"]).data_type == "n"
    assert ws.cell(row=4, column=col["bieu-4.bo-tri.tong-so"]).value == 7.25
    assert ws.cell(row=th, column=col["bieu-2.lanh-dao.tong-so"]).value == FORMULA
    assert ws.cell(row=6, column=2).value.startswith("Tổng cộng")
    assert ws.cell(row=6, column=col["bieu-1.tong-so.tong-so"]).value == 1400
    assert ws.cell(row=6, column=col["bieu-1.tong-so.ty-le-nu"]).value == 49.29
    assert ws.cell(row=7, column=col["bieu-1.tong-so.tong-so"]).value == 2
    assert any("Tỷ lệ nữ" in (h or "") for h in header)
    # Text from boards is text in the file itself: no formula anywhere, the hostile values are strings.
    with zipfile.ZipFile(path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        strings = z.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in z.namelist() else ""
        for name in sheets:
            xml = etree.fromstring(z.read(name))
            ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
            assert not xml.findall(".//m:f", ns), name
            for cell in xml.iterfind(".//m:c", ns):
                inline = "".join(cell.itertext())
                if inline.startswith(("=", "+", "-", "@")) or (cell.get("t") == "s" and strings):
                    assert cell.get("t") in ("s", "inlineStr", "str"), (name, cell.get("r"), inline)
    hostile = {ws.cell(row=th, column=col[t]).value for t in ("bieu-1.tong-so.ghi-chu", "bieu-1.dai-hoc.ghi-chu",
                                                              "bieu-1.sau-dai-hoc.ghi-chu", "bieu-2.lanh-dao.ghi-chu")}
    assert hostile == {"=1+1", "+84 912", "-5", "@SUM(A1)"}
    for tag in ("bieu-1.tong-so.ghi-chu", "bieu-2.lanh-dao.tong-so"):
        cell = ws.cell(row=th, column=col[tag])
        assert cell.data_type == "s" and cell.quotePrefix
    assert "Vấn đề cần xử lý" in wb.sheetnames and "Tệp đã nhận" in wb.sheetnames


# ---- the consolidated DOCX ------------------------------------------------------------------------------------

def test_consolidated_docx_official_format(collected):
    path = collected["out"] / f"bao-cao-tong-hop-{SIX}.docx"
    sect = body(path).find("w:sectPr", NS)
    size, margins = sect.find("w:pgSz", NS), sect.find("w:pgMar", NS)
    mm = 56.6929
    assert abs(int(size.get(q("w:w"))) - 210 * mm) < 10 and abs(int(size.get(q("w:h"))) - 297 * mm) < 10
    for side, value in {"top": 20, "bottom": 20, "left": 30, "right": 15}.items():
        assert abs(int(margins.get(q(f"w:{side}"))) - value * mm) < 10
    _, cells = header_band(path)
    (left, right), (number, date) = cells
    assert text(left[0]) == "ỦY BAN QUỐC GIA VÌ SỰ TIẾN BỘ CỦA PHỤ NỮ VIỆT NAM"
    assert paragraph_format(left[0]) == {"bold": False, "italic": False, "size": 12}
    assert text(left[1]) == "VĂN PHÒNG" and paragraph_format(left[1])["bold"]
    assert text(right[0]) == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert text(number[0]) == "Số: ……/BC-VP"
    assert text(date[0]) == "Hà Nội, ngày … tháng … năm 2011"
    assert paragraph_format(date[0]) == {"bold": False, "italic": True, "size": 13}
    left_band, right_band = closing(path)
    assert text(left_band[0]) == "Nơi nhận:" and text(left_band[-1]) == "- Lưu: VT, VP."
    assert text([p for p in right_band if text(p)][0]) == "CHÁNH VĂN PHÒNG"


def test_consolidated_docx_content(collected):
    path = collected["out"] / f"bao-cao-tong-hop-{SIX}.docx"
    paragraphs = [text(p) for p in body(path).iter(q("w:p"))]
    whole = "\n".join(paragraphs)
    on_time = paragraphs.index(next(p for p in paragraphs if p.startswith("1. Các Ban gửi đúng hạn")))
    assert "Thanh Hóa" in paragraphs[on_time + 1]
    assert "Hà Nội (nhận ngày 16/6/2011)" in whole
    assert "Bộ Quốc phòng" in paragraphs[paragraphs.index(next(p for p in paragraphs
                                                               if p.startswith("3. Các Ban chưa gửi"))) + 1]
    # The summed sheet: 1.400, 690 and the recomputed 49,29 on the row of Biểu 1.
    row = next(tr for tr in body(path).iter(q("w:tr")) if "Tổng số cán bộ, công chức, viên chức" in text(tr))
    assert [text(tc) for tc in row.findall("w:tc", NS)][2:] == ["1.400", "690", "49,29", "2"]
    # The appendix quotes each board's words, paragraph by paragraph, hostile text literally.
    assert "Tình hình <script>window.pwned = 1</script> {{ 7*7 }}" in paragraphs
    assert 'Đoạn thứ hai: =HYPERLINK("http://x","y")' in paragraphs
    assert "Hà Nội: đoạn một." in paragraphs and "Đoạn hai." in paragraphs
    assert "Đã kiện toàn Ban (bản sửa)." in paragraphs and "Đã kiện toàn Ban." not in paragraphs


# ---- the dashboard --------------------------------------------------------------------------------------------

def test_dashboard_in_chromium(collected, browser_page):
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (npm ci --prefix tests/axe, done by make test)")
    page = fresh_page(browser_page, "file://")
    dialogs = []
    on_dialog = lambda d: (dialogs.append(d.message), d.dismiss())  # noqa: E731
    page.on("dialog", on_dialog)
    try:
        read_dashboard(page, collected, dialogs)
    finally:
        page.remove_listener("dialog", on_dialog)


def read_dashboard(page, collected, dialogs) -> None:
    page.goto((collected["out"] / "index.html").as_uri())
    page.wait_for_load_state("load")
    assert page.evaluate("window.pwned") is None and not dialogs
    # Rates per report and level, the late and missing boards, the problems.
    six = page.locator("section", has=page.locator(f"h2:text-is('{collected['json']['reports'][SIX]['title']}')"))
    assert "66,7%" in six.locator("table").first.inner_text()
    assert "Bộ Quốc phòng" in six.locator("h3:text-is('Chưa gửi (1)') + ul").inner_text()
    assert "Hà Nội" in six.locator("h3:text-is('Gửi muộn (1)') + ul").inner_text()
    problems = page.locator("#van-de").locator("xpath=..").inner_text()
    assert "<b>{{ 7*7 }}<b> =cmd.docx" in problems  # a hostile file name, shown as text
    # Charts: inline SVG, each with a title and a text alternative.
    charts = page.locator("svg[role=img]")
    assert charts.count() >= 3
    for i in range(charts.count()):
        svg = charts.nth(i)
        labelled = svg.get_attribute("aria-labelledby").split()
        assert svg.locator("title").text_content().strip() and svg.locator("desc").text_content().strip()
        assert [svg.locator("title").get_attribute("id"), svg.locator("desc").get_attribute("id")] == labelled
    # Finding a board without diacritics, as on the site.
    page.locator("#tim-ban").fill("thanh hoa")
    assert page.locator("#tim-ban-ket-qua").inner_text() == "Tìm thấy 1 Ban."
    visible = page.locator("table.boards tbody tr:visible").all_inner_texts()
    assert visible and all("Thanh Hóa" in row for row in visible)
    page.locator("#tim-ban").fill("TƯ PHÁP")
    assert page.locator("#tim-ban-ket-qua").inner_text() == "Không tìm thấy Ban nào."
    page.locator("#tim-ban").fill("")
    violations = serious_axe_violations(page)
    assert not violations, "\n".join(violations)
    assert not page.log.errors and not page.log.external


def test_dashboard_asks_nothing_from_outside(collected):
    html = (collected["out"] / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "&lt;b&gt;{{ 7*7 }}&lt;b&gt; =cmd.docx" in html and "<b>{{" not in html


# ---- bad input, outliers --------------------------------------------------------------------------------------

def test_clear_errors_never_a_traceback(project, inbox, tmp_path):
    missing = run_collect(project, tmp_path / "khong-co", tmp_path / "out")
    assert missing.returncode == 1 and "Không thấy thư mục hộp thư" in missing.stderr
    inside = run_collect(project, inbox, inbox / "ket-qua")
    assert inside.returncode == 1 and "không được nằm trong hộp thư" in inside.stderr
    assert not (inbox / "ket-qua").exists()
    for result in (missing, inside):
        assert "Traceback" not in result.stderr


def test_outliers_flag_a_far_share_and_keep_it(model):
    provinces = [b for b in model.boards if b.level == "local"][:9]
    latest = {}
    for i, board in enumerate(provinces):
        total, women = 1000 + 37 * i, 400 + 11 * i
        if i == 8:
            women = 990  # 99 %: far from the others' ~40 %
        latest[board.id] = Values(model, board, {"bieu-1.tong-so.tong-so": str(total), "bieu-1.tong-so.nu": str(women)})
    found = outliers(model, latest, threshold=3.5, min_boards=5)
    assert [(o.board, o.tag, o.share) for o in found] == [(provinces[8].id, "bieu-1.tong-so.nu", True)]
    assert outliers(model, dict(list(latest.items())[:4]), threshold=3.5, min_boards=5) == []
