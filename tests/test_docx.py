"""DOCX templates: one generic set and one set per board; each opens and carries the board's agency."""

from __future__ import annotations

import subprocess
import zipfile

import docx
from docx.shared import Mm

from guidepack import layout


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return "\n".join(parts)


def test_every_board_template_opens_with_its_agency(site, board_plans):
    """Each board's templates: every part of the package reads back whole (its checksum), none keeps a token of
    the board's names, and python-docx opens it with the board's agency and place in its header band."""
    count = 0
    for plan in board_plans.values():
        for a in plan.documents:
            path = site / layout.template(plan.board, a.item)
            with zipfile.ZipFile(path) as z:
                for name in z.namelist():  # read() checks each part's CRC, as testzip() does
                    assert b"PACKTOKEN" not in z.read(name), (path.name, name)
            band = docx.Document(path).tables[0]  # the header band: agency | national title; number | place, date
            text = "\n".join(cell.text for row in band.rows for cell in row.cells)
            assert plan.board.parent in " ".join(text.split())  # a long name is set on two lines
            assert plan.board.place + ", ngày" in text
            count += 1
    assert count == sum(len(p.documents) for p in board_plans.values())


def test_generic_templates(site, model):
    for doc in model.documents:
        d = docx.Document(site / layout.template(None, doc))
        text = all_text(d)
        assert doc.type_name in text
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        section = d.sections[0]
        assert abs(section.page_width - Mm(210)) < Mm(0.5) and abs(section.page_height - Mm(297)) < Mm(0.5)
        assert abs(section.left_margin - Mm(30)) < Mm(0.5)


def test_ministry_template_has_no_part_for_task_4(site, board_plans, model):
    task4 = model.tasks[3].title
    ministry = board_plans["bo-tu-phap"]
    doc = next(a.item for a in ministry.documents if a.item.id == "bao-cao-so-ket-6-thang")
    assert task4 not in all_text(docx.Document(site / layout.template(ministry.board, doc)))
    province = board_plans["thanh-hoa"]
    assert task4 in all_text(docx.Document(site / layout.template(province.board, doc)))


def test_libreoffice_opens_a_board_template_of_each_kind(site, board_plans, tmp_path):
    plan = board_plans["dak-lak"]
    kinds = {a.item.template: a.item for a in plan.documents}
    sources = [site / layout.template(plan.board, doc) for doc in kinds.values()]
    assert len(sources) >= 2  # a plan and a report at least
    # One LibreOffice for all of them (each start costs about 2 s).
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), *map(str, sources)], check=True, capture_output=True, timeout=180)
    for source in sources:
        pdf = tmp_path / (source.stem + ".pdf")
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True).stdout.decode()
        assert "UBND TỈNH ĐẮK LẮK" in text, source.name
