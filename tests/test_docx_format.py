"""The DOCX templates' format, read back from the packages themselves (../shared/reference/the-thuc-van-ban.md),
their content controls and pack.json's "fields", and LibreOffice's rendering of them."""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from packs import copy_built

from conftest import pdf_text
from guidepack import layout
from guidepack.build import build
from guidepack.builders.docx import (
    DocxBuilder,
    geometry,
    personalise,
    run_pandoc,
)
from guidepack.docx_reference import build_reference
from guidepack.fonts import text_width_pt

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
MM = 56.6929  # twips

# The official format's words (../shared/reference/the-thuc-van-ban.md), as data/tasks.yaml gives them.
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
ISSUING_BODY = "BAN VÌ SỰ TIẾN BỘ CỦA PHỤ NỮ"


def q(name: str) -> str:
    return f"{{{W}}}{name.split(':')[1]}"


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def body(path: Path) -> etree._Element:
    return part(path, "word/document.xml").find("w:body", NS)


def text(element) -> str:
    """The element's text; a line break counts as a space."""
    return "".join(" " if node.tag == q("w:br") else node.text or ""
                   for node in element.iter(q("w:t"), q("w:br")))


def runs(paragraph) -> list:
    """The paragraph's visible text runs (inside content controls too)."""
    return [r for r in paragraph.iterfind(".//w:r", NS) if r.find("w:t", NS) is not None]


def run_format(run) -> dict:
    rpr = run.find("w:rPr", NS)

    def on(tag):
        element = rpr.find(tag, NS) if rpr is not None else None
        return element is not None and element.get(q("w:val"), "true") not in ("0", "false")

    size = rpr.find("w:sz", NS) if rpr is not None else None
    return {"bold": on("w:b"), "italic": on("w:i"), "size": int(size.get(q("w:val"))) / 2 if size is not None else None}


def paragraph_format(paragraph) -> dict:
    """Bold, italic and size of a paragraph's ordinary runs (not the placeholders), which must all agree."""
    formats = [run_format(r) for r in runs(paragraph)
               if r.find("w:rPr/w:rStyle[@w:val='PlaceholderText']", NS) is None]
    assert formats, text(paragraph)
    assert all(f == formats[0] for f in formats), (text(paragraph), formats)
    return formats[0]


def controls(path: Path) -> list[dict]:
    out = []
    for sdt in part(path, "word/document.xml").iterfind(".//w:sdt", NS):
        pr = sdt.find("w:sdtPr", NS)
        tag, alias = pr.find("w:tag", NS), pr.find("w:alias", NS)
        out.append({"tag": tag.get(q("w:val")) if tag is not None else None,
                    "alias": alias.get(q("w:val")) if alias is not None else None,
                    "id": pr.find("w:id", NS).get(q("w:val")),
                    "placeholder": pr.find("w:showingPlcHdr", NS) is not None,
                    "block": sdt.getparent().tag == q("w:body"),
                    "text": text(sdt.find("w:sdtContent", NS))})
    return out


def header_band(path: Path):
    """The first table: the header band, two columns, two rows."""
    table = body(path).find("w:tbl", NS)
    rows = table.findall("w:tr", NS)
    return table, [[cell.findall("w:p", NS) for cell in row.findall("w:tc", NS)] for row in rows]


def generic_paths(model):
    return [layout.template(None, d) for d in model.documents]


def board_doc(board_plans, board_id, report):
    plan = board_plans[board_id]
    return plan, next(a.item for a in plan.documents if a.item.id == report)


# ---- page -----------------------------------------------------------------------------------------------------

def test_page_size_margins_and_page_numbers_from_page_2(site, model):
    for rel in generic_paths(model):
        path = site / rel
        sect = body(path).find("w:sectPr", NS)
        size, margins = sect.find("w:pgSz", NS), sect.find("w:pgMar", NS)
        assert abs(int(size.get(q("w:w"))) - 210 * MM) < 10 and abs(int(size.get(q("w:h"))) - 297 * MM) < 10
        assert size.get(q("w:orient")) in (None, "portrait")
        for side, mm in {"top": 20, "bottom": 20, "left": 30, "right": 15}.items():
            assert abs(int(margins.get(q(f"w:{side}"))) - mm * MM) < 10, (rel, side)
        assert sect.find("w:titlePg", NS) is not None, rel
        rels = part(path, "word/_rels/document.xml.rels")
        targets = {r.get("Id"): r.get("Target") for r in rels}
        headers = {h.get(q("w:type")): targets[h.get("{http://schemas.openxmlformats.org/officeDocument/2006/"
                                                    "relationships}id")]
                   for h in sect.iterfind("w:headerReference", NS)}
        default = etree.tostring(part(path, "word/" + headers["default"]), encoding="unicode")
        assert "PAGE" in default
        first = part(path, "word/" + headers["first"]) if "first" in headers else None
        assert first is None or "PAGE" not in etree.tostring(first, encoding="unicode")


def test_fonts_body_style_and_language(site, model):
    path = site / generic_paths(model)[1]
    styles = part(path, "word/styles.xml")
    fonts = {f.get(q(f"w:{a}")) for f in styles.iterfind(".//w:rFonts", NS)
             for a in ("ascii", "hAnsi", "cs", "eastAsia") if f.get(q(f"w:{a}"))}
    fonts |= {f.get(q("w:ascii")) for f in body(path).iterfind(".//w:rFonts", NS)} - {None}
    assert fonts == {"Times New Roman"}
    assert styles.find(".//w:docDefaults//w:lang", NS).get(q("w:val")) == "vi-VN"
    used = {s.get(q("w:val")) for s in body(path).iterfind(".//w:pStyle", NS)}
    used |= {s.get(q("w:val")) for s in body(path).iterfind(".//w:rStyle", NS)}
    assert {"BodyText", "Heading1", "Heading2", "PlaceholderText"} <= used
    colours = {c.get(q("w:val")) for c in styles.iterfind(".//w:docDefaults//w:color", NS)}
    colours |= {c.get(q("w:val")) for c in body(path).iterfind(".//w:color", NS)}
    for style in styles.iterfind("w:style", NS):
        if style.get(q("w:styleId")) in used:
            colours |= {c.get(q("w:val")) for c in style.iterfind("w:rPr/w:color", NS)}
    assert colours <= {"000000", "808080"}  # black; grey only for the placeholders
    bodytext = styles.find(".//w:style[@w:styleId='BodyText']", NS)
    size = bodytext.find("w:rPr/w:sz", NS)
    if size is None:  # inherited from Normal
        assert bodytext.find("w:basedOn", NS).get(q("w:val")) == "Normal"
        size = styles.find(".//w:style[@w:styleId='Normal']/w:rPr/w:sz", NS)
    assert int(size.get(q("w:val"))) == 28
    ppr = bodytext.find("w:pPr", NS)
    assert ppr.find("w:jc", NS).get(q("w:val")) in ("both", "distribute")
    assert abs(int(ppr.find("w:ind", NS).get(q("w:firstLine"))) - 12.7 * MM) < 5
    spacing = ppr.find("w:spacing", NS)
    assert int(spacing.get(q("w:after"))) >= 120
    assert 240 <= int(spacing.get(q("w:line"))) <= 360 and spacing.get(q("w:lineRule")) in (None, "auto")
    # The parts the board writes are body paragraphs.
    styled = {p.find("w:pPr/w:pStyle", NS).get(q("w:val"))
              for p in body(path).iterfind("w:sdt/w:sdtContent/w:p", NS)}
    assert styled == {"BodyText"}


# ---- header and closing bands -----------------------------------------------------------------------------------

@pytest.mark.parametrize("board_id", [None, "tp-ho-chi-minh", "bo-tu-phap"])
def test_header_band(site, model, board_plans, board_id):
    if board_id is None:
        doc, board = model.documents[1], None
    else:
        plan, doc = board_doc(board_plans, board_id, "bao-cao-so-ket-6-thang")
        board = plan.board
    path = site / layout.template(board, doc)
    table, cells = header_band(path)
    for edge in table.find("w:tblPr/w:tblBorders", NS):
        assert edge.get(q("w:val")) in ("nil", "none")
    (left, right), (number, date) = cells
    expected = [
        (left[0], board.parent if board else "TÊN CƠ QUAN CHỦ QUẢN", {"bold": False, "italic": False, "size": 12}),
        (left[1], ISSUING_BODY, {"bold": True, "italic": False, "size": 12}),
        (right[0], NATIONAL_TITLE, {"bold": True, "italic": False, "size": 12}),
        (right[1], MOTTO, {"bold": True, "italic": False, "size": 13}),
    ]
    for paragraph, words, fmt in expected:
        assert text(paragraph) == words
        assert words == words.upper() or words == MOTTO
        assert paragraph_format(paragraph) == fmt, words
        assert paragraph.find("w:pPr/w:jc", NS).get(q("w:val")) == "center"
    # The drawn lines: under the issuing body 1/3-1/2 of its length, under the Tiêu ngữ as long as the text.
    for rule, column, words, size, share in ((left[2], 0, ISSUING_BODY, 12, (1 / 3, 1 / 2)),
                                            (right[2], 1, MOTTO, 13, (0.95, 1.05))):
        assert rule.find("w:pPr/w:pBdr/w:bottom", NS).get(q("w:val")) == "single"
        ind = rule.find("w:pPr/w:ind", NS)
        width = geometry(ISSUING_BODY, MOTTO).columns[column] - int(ind.get(q("w:left"))) - int(ind.get(q("w:right")))
        length = text_width_pt(words, size, bold=True) * 20
        assert share[0] * length <= width <= share[1] * length, words
    assert re.fullmatch(r"Số: ……/BC-……", text(number[0]))
    assert paragraph_format(number[0]) == {"bold": False, "italic": False, "size": 13}
    place = board.place if board else "Địa danh"
    assert text(date[0]) == f"{place}, ngày … tháng … năm 2011"
    assert paragraph_format(date[0]) == {"bold": False, "italic": True, "size": 13}
    # Then the document type and subject, centred, 14 bold, and a short line.
    after = list(table.getparent())
    index = after.index(table)
    paragraphs = [p for p in after[index + 1:index + 6] if p.tag == q("w:p") and text(p)]
    assert text(paragraphs[0]) == "BÁO CÁO"
    # The subject on one line, or two balanced ones (a line break between), never a word left alone.
    lines = [t.text for t in paragraphs[1].iterfind(".//w:t", NS)]
    assert " ".join(lines) == doc.subject
    assert len(paragraphs[1].findall(".//w:br", NS)) == len(lines) - 1
    assert all(len(line.split()) >= 4 for line in lines), lines
    for p in paragraphs[:2]:
        assert paragraph_format(p) == {"bold": True, "italic": False, "size": 14}
        assert p.find("w:pPr/w:jc", NS).get(q("w:val")) == "center"


def test_a_long_parent_agency_is_set_on_two_balanced_lines(site, board_plans):
    plan, doc = board_doc(board_plans, "bo-nong-nghiep-va-phat-trien-nong-thon", "ke-hoach-2011")
    _, cells = header_band(site / layout.template(plan.board, doc))
    parent = cells[0][0][0]
    assert [t.text for t in parent.iterfind(".//w:t", NS)] == ["BỘ NÔNG NGHIỆP", "VÀ PHÁT TRIỂN NÔNG THÔN"]
    assert len(parent.findall(".//w:br", NS)) == 1


def closing(path: Path):
    tables = body(path).findall("w:tbl", NS)
    band = next(t for t in tables if text(t).startswith("Nơi nhận:"))
    return [cell.findall("w:p", NS) for cell in band.find("w:tr", NS).findall("w:tc", NS)]


@pytest.mark.parametrize("board_id, report, first", [
    ("thanh-hoa", "bao-cao-so-ket-6-thang", "Văn phòng UBQG"),
    ("bo-tu-phap", "bao-cao-so-ket-nq11", "Bộ Lao động - Thương binh và Xã hội"),
])
def test_closing_band(site, board_plans, board_id, report, first):
    plan, doc = board_doc(board_plans, board_id, report)
    left, right = closing(site / layout.template(plan.board, doc))
    assert text(left[0]) == "Nơi nhận:"
    assert paragraph_format(left[0]) == {"bold": True, "italic": True, "size": 12}
    lines = [text(p) for p in left[1:]]
    assert lines[0].startswith("- " + first), lines
    assert any(plan.board.agency in line and "(để báo cáo)" in line for line in lines)
    assert all(line.startswith("- ") and line.endswith(";") for line in lines[:-1])
    assert lines[-1] == "- Lưu: VT, Ban."
    for p in left[1:]:
        assert paragraph_format(p) == {"bold": False, "italic": False, "size": 11}
    signed = [p for p in right if text(p)]
    assert [text(p) for p in signed[:2]] == ["TM. " + ISSUING_BODY, "TRƯỞNG BAN"]
    for p in signed[:2]:
        assert paragraph_format(p) == {"bold": True, "italic": False, "size": 14}
    name = signed[2].find(".//w:sdt", NS)
    assert name.find("w:sdtPr/w:tag", NS).get(q("w:val")) == "ky.ho-ten"
    assert run_format(name.find(".//w:r", NS))["bold"] and run_format(name.find(".//w:r", NS))["size"] == 14
    # Room for the signature and seal between the title and the name.
    gap = [p for p in right if not text(p)]
    assert sum(int(p.find("w:pPr/w:spacing", NS).get(q("w:line"))) for p in gap) >= 60 * 20


# ---- content and fields -------------------------------------------------------------------------------------------

def test_content_controls_have_unique_tags_and_vietnamese_placeholders(site, model, board_plans):
    paths = generic_paths(model) + [layout.template(p.board, a.item)
                                    for p in list(board_plans.values())[::12] for a in p.documents]
    for rel in paths:
        found = controls(site / rel)
        tags = [c["tag"] for c in found]
        assert len(found) > 10, rel
        assert None not in tags and len(set(tags)) == len(tags), rel
        assert len({c["id"] for c in found}) == len(found), rel
        for c in found:
            assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)*", c["tag"]), c
            assert c["alias"] and c["placeholder"] and c["text"], c
            assert unicodedata.is_normalized("NFC", c["alias"] + c["text"])
            if c["block"]:
                assert c["text"].startswith("Nhập "), c
            elif c["tag"].split(".")[0] in ("van-ban", "phu-luc"):
                # The number and date of the document keep the official form's dots: "Số: …/BC-…", "ngày … tháng …".
                assert set(c["text"]) == {"…"}, c
            elif c["tag"] != "ky.ho-ten":
                assert c["text"] == "Nhập", c  # table cells: short enough for the narrowest column
        assert "van-ban.so" in tags and "van-ban.ngay" in tags and "ky.ho-ten" in tags


def test_pack_json_lists_exactly_each_templates_tags(site, pack):
    entries = [f for f in pack["templates"]] + [f for b in pack["boards"] for f in b["files"]
                                                if f["type"] == "template"]
    assert len(entries) > 300
    for entry in entries:
        with zipfile.ZipFile(site / entry["path"]) as z:
            xml = z.read("word/document.xml").decode("utf-8")
        assert entry["fields"] == re.findall(r'<w:tag w:val="([^"]+)"/>', xml), entry["path"]


def test_results_follow_the_boards_tasks_and_tables_its_level(site, board_plans, pack):
    fields = {f["path"]: set(f["fields"]) for b in pack["boards"] for f in b["files"] if f["type"] == "template"}
    ministry, ministry_doc = board_doc(board_plans, "bo-tu-phap", "bao-cao-so-ket-6-thang")
    province, province_doc = board_doc(board_plans, "thanh-hoa", "bao-cao-so-ket-6-thang")
    ministry_tags = fields[layout.template(ministry.board, ministry_doc)]
    province_tags = fields[layout.template(province.board, province_doc)]
    assert "ket-qua.nhiem-vu-4" not in ministry_tags and "ket-qua.nhiem-vu-4" in province_tags
    for n in (2, 3, 5, 6, 7):
        assert f"ket-qua.nhiem-vu-{n}" in ministry_tags
    assert "bieu-2.lanh-dao.nu" in ministry_tags and "bieu-2.lanh-dao.tong-so" in ministry_tags
    for plan in board_plans.values():
        for a in plan.documents:
            tags = fields[layout.template(plan.board, a.item)]
            if a.item.kind == "report":
                local = {t for t in tags if t.startswith("bieu-5.")}
                assert bool(local) == (plan.board.level == "local"), (plan.board.id, a.item.id)
                assert {"dac-diem", "danh-gia.uu-diem", "phuong-huong", "kien-nghi"} <= tags


def test_data_tables_are_word_tables_with_repeated_header(site, board_plans):
    plan, doc = board_doc(board_plans, "thanh-hoa", "bao-cao-tong-ket-2011")
    tables = [t for t in body(site / layout.template(plan.board, doc)).findall("w:tbl", NS)
              if text(t.find("w:tr", NS)).startswith("STT")]
    assert len(tables) == 5
    for table in tables:
        head = table.find("w:tr", NS)
        assert [text(c) for c in head.findall("w:tc", NS)] == ["STT", "Chỉ tiêu", "Tổng số", "Nữ", "Tỷ lệ nữ (%)",
                                                              "Ghi chú"]
        assert head.find("w:trPr/w:tblHeader", NS) is not None
        assert table.find("w:tblPr/w:tblBorders/w:insideH", NS).get(q("w:val")) == "single"
        for row in table.findall("w:tr", NS)[1:]:
            cells = row.findall("w:tc", NS)
            assert cells[2].find(".//w:sdt", NS) is not None  # Tổng số is always filled in


def test_plan_task_table_is_prefilled(site, model, board_plans):
    plan, doc = board_doc(board_plans, "bo-tu-phap", "ke-hoach-2011")
    table = next(t for t in body(site / layout.template(plan.board, doc)).findall("w:tbl", NS)
                 if "Đơn vị chủ trì" in text(t))
    head, *rows = table.findall("w:tr", NS)
    assert [text(c) for c in head.findall("w:tc", NS)] == ["STT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp",
                                                          "Thời gian", "Sản phẩm"]
    titles = [text(r.findall("w:tc", NS)[1]) for r in rows]
    for a in plan.tasks:
        assert any(t.startswith(a.item.title) for t in titles), a.item.title
    assert model.tasks[3].title not in titles
    times = [text(r.findall("w:tc", NS)[4]) for r in rows]
    assert any("15/6" in t for t in times) and any("15/12" in t for t in times)


# ---- reuse and determinism ----------------------------------------------------------------------------------

def test_fields_listed_when_templates_are_reused(small_built, tmp_path):
    project = copy_built(small_built, tmp_path / "project")
    report = build(project)
    assert report.built == 0 and report.reused == report.files
    pack = json.loads((project / "site" / "pack.json").read_text(encoding="utf-8"))
    assert all(f.get("fields") for f in pack["templates"])
    assert all(f.get("fields") for b in pack["boards"] for f in b["files"] if f["type"] == "template")


def test_same_input_gives_byte_identical_docx(site, model, board_plans, tmp_path):
    import pypandoc

    pandoc = pypandoc.get_pandoc_path()
    reference = tmp_path / "reference.docx"
    reference.write_bytes(build_reference(pandoc))
    plan, doc = board_doc(board_plans, "dak-lak", "bao-cao-so-ket-6-thang")

    class Ctx:
        pass

    ctx = Ctx()
    ctx.model = model
    source, _ = DocxBuilder().markdown(ctx, doc, plan, geometry(ISSUING_BODY, MOTTO))
    values = {"parent": plan.board.parent, "place": plan.board.place, "agency": plan.board.agency,
              "name": plan.board.name}
    made = [personalise(run_pandoc(pandoc, source, str(reference), 1299801600), values, doc, plan.board.id)
            for _ in range(2)]
    assert made[0] == made[1]
    with zipfile.ZipFile(site / layout.template(plan.board, doc)) as z:
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in z.infolist())
        assert b"<dc:title>" + doc.title.encode() in z.read("docProps/core.xml")


# ---- LibreOffice -------------------------------------------------------------------------------------------

def test_libreoffice_converts_generic_and_sample_templates(site, model, board_plans, tmp_path):
    sample = [("tp-ho-chi-minh", "bao-cao-so-ket-6-thang"), ("bo-tu-phap", "bao-cao-so-ket-nq11"),
              ("bo-nong-nghiep-va-phat-trien-nong-thon", "ke-hoach-2011")]
    sources = {site / rel: None for rel in generic_paths(model)}
    for board_id, report in sample:
        plan, doc = board_doc(board_plans, board_id, report)
        sources[site / layout.template(plan.board, doc)] = plan.board
    result = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                             "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), *map(str, sources)],
                            capture_output=True, timeout=300)
    assert result.returncode == 0, result.stderr
    for source, board in sources.items():
        pdf = tmp_path / "pdf" / (source.stem + ".pdf")
        assert pdf.is_file(), source.name
        lines = [line.strip() for line in pdf_text(pdf).splitlines()]
        for words in (NATIONAL_TITLE, MOTTO, ISSUING_BODY):
            assert unicodedata.normalize("NFC", words) in lines, (source.name, words)
        parent = board.parent if board else "TÊN CƠ QUAN CHỦ QUẢN"
        assert parent in " ".join(" ".join(lines).split()), source.name
        # The place and date on one line, even for the longest place name.
        place = board.place if board else "Địa danh"
        assert f"{place}, ngày … tháng … năm 2011" in lines, source.name
        assert "Nơi nhận:" in lines and "TRƯỞNG BAN" in lines
