"""Checklist PDFs as an archive and a reader see them: PDF/A-2a + PDF/UA-1 markers, structure, fonts, text.

No veraPDF here: the tests check with pikepdf what the two standards ask that can be read off the file (tagged
structure with real headings, lists and a table; /Lang; title shown; XMP identification; an sRGB output intent;
no NeedAppearances; footer content as artifacts), with pdffonts that every font is embedded, and with pdftotext
that every board's checklist says exactly what applies to it.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
import unicodedata
from collections import Counter
from types import SimpleNamespace

import pikepdf
import pytest

from conftest import pdf_text
from guidepack import layout
from guidepack.builders import checklist
from guidepack.builders.workers import build_epoch
from guidepack.plan import plan_for
from guidepack.render import vn_date

PDFA = "{http://www.aiim.org/pdfa/ns/id/}"
PDFUA = "{http://www.aiim.org/pdfua/ns/id/}"
DC = "{http://purl.org/dc/elements/1.1/}"


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def structure(pdf: pikepdf.Pdf) -> tuple[Counter, set]:
    """Structure types in the tree, and the object ids of the structure elements reachable from its root."""
    kinds, seen, stack = Counter(), set(), [pdf.Root.StructTreeRoot.K]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node and node.objgen not in seen:
            seen.add(node.objgen)
            kinds[str(node.S)] += 1
            stack.append(node.get("/K"))
    return kinds, seen


@pytest.fixture(scope="module")
def samples(board_plans):
    """A ministry (no task 4) and a province (all seven tasks)."""
    return [board_plans["bo-tu-phap"], board_plans["thanh-hoa"]]


def test_archive_and_accessibility_markers(site, board_plans, model):
    for plan in board_plans.values():
        title = f"Danh sách kiểm tra năm {model.letter.year}: {plan.board.name}"
        with pikepdf.open(site / layout.checklist(plan.board)) as pdf:
            root = pdf.Root
            assert str(root.Lang) == "vi"
            assert bool(root.MarkInfo.Marked) is True
            assert bool(root.ViewerPreferences.DisplayDocTitle) is True
            assert str(pdf.docinfo.Title) == title
            assert "/AcroForm" not in root  # print boxes, no form fields: no NeedAppearances
            assert len(pdf.trailer.ID) == 2
            [intent] = root.OutputIntents
            assert intent.S == pikepdf.Name.GTS_PDFA1
            assert int(intent.DestOutputProfile.N) == 3
            assert b"sRGB" in intent.DestOutputProfile.read_bytes()[:200] or "sRGB" in str(intent.Info)
            assert "/Filter" not in root.Metadata  # XMP readable by any archive tool
            meta = pdf.open_metadata()
            assert meta[PDFA + "part"] == "2" and meta[PDFA + "conformance"] == "A"
            assert meta[PDFUA + "part"] == "1"
            assert meta[DC + "title"] == title
            assert b"pdfaExtension:schemas" in root.Metadata.read_bytes()  # pdfuaid declared for PDF/A
            for page in pdf.pages:
                box = [float(v) for v in page.MediaBox]
                assert abs(box[2] - box[0] - 595.28) < 0.5 and abs(box[3] - box[1] - 841.89) < 0.5  # A4
                assert not page.get("/Annots")


def test_tagged_structure_has_headings_lists_and_table(site, samples):
    for plan in samples:
        with pikepdf.open(site / layout.checklist(plan.board)) as pdf:
            assert pdf.check_pdf_syntax() == []  # qpdf reads every object and stream without a complaint
            kinds, tree = structure(pdf)
            for kind in ("/Document", "/H1", "/H2", "/H3", "/L", "/LI", "/LBody", "/Table", "/TR", "/TH", "/TD"):
                assert kinds[kind], (plan.board.id, kind, kinds)
            assert kinds["/H1"] == 1
            assert kinds["/H3"] == len(plan.tasks)
            assert kinds["/TH"] == 4
            # Every marked piece of content belongs to the tree; page furniture (the footer) is an artifact.
            nums = pdf.Root.StructTreeRoot.ParentTree.Nums
            for i in range(1, len(nums), 2):
                parents = nums[i]
                elements = parents if isinstance(parents, pikepdf.Array) else [parents]
                for element in elements:
                    assert not isinstance(element, pikepdf.Dictionary) or element.objgen in tree
            for page in pdf.pages:
                marks = [ops for ops, op in pikepdf.parse_content_stream(page, "BDC")]
                assert any(str(ops[0]) == "/Artifact" and str(ops[1].get("/Type")) == "/Pagination"
                           for ops in marks)


def test_fonts_are_embedded_with_unicode_maps(site, samples):
    for plan in samples:
        out = subprocess.run(["pdffonts", str(site / layout.checklist(plan.board))],
                             check=True, capture_output=True, text=True).stdout
        rows = out.splitlines()[2:]
        assert rows
        for row in rows:
            emb, sub, uni = row.split()[-5:-2]
            assert emb == "yes" and uni == "yes", row


def test_every_checklist_says_what_applies_and_nothing_else(site, board_plans, model):
    numbers = {t.number: t for t in model.tasks}
    for board_id, plan in board_plans.items():
        path = site / layout.checklist(plan.board)
        text = flat(pdf_text(path))
        assert plan.board.name in text, board_id
        pages = len(pikepdf.open(path).pages)
        assert f"Trang 1/{pages}" in text and f"Trang {pages}/{pages}" in text, board_id
        assert f"Danh sách kiểm tra {model.letter.year} · {plan.board.short}" in text, board_id
        applies = {a.item.number for a in plan.tasks}
        positions = []
        for number, task in numbers.items():
            heading = f"Nhiệm vụ {number}. {task.title}"
            if number in applies:
                assert heading in text, (board_id, number)
                positions.append(text.index(heading))
            else:
                assert f"Nhiệm vụ {number}." not in text and task.title not in text, (board_id, number)
        assert positions == sorted(positions), board_id  # the letter's order
        for a in plan.dated:
            assert vn_date(a.item.deadline) in text, (board_id, a.item.id)
        for a in plan.undated_reports:
            assert a.item.title in text and "Công văn không nêu thời hạn" in text, board_id
        for a in plan.tasks:
            for action in a.item.actions:
                assert flat(action) in text, (board_id, action)
        assert model.contact.email in text
        # Boxes are drawn, not characters: nothing but text comes out.
        assert not re.search(r"[\u2610-\u2612\u25a0-\u25ff\ufffd]", text), board_id


def test_ministry_has_no_task_4_and_conditional_task_is_marked(site, board_plans, model):
    ministry = flat(pdf_text(site / layout.checklist(board_plans["bo-tu-phap"].board)))
    province = flat(pdf_text(site / layout.checklist(board_plans["thanh-hoa"].board)))
    assert "Nhiệm vụ 4." not in ministry and model.tasks[3].title not in ministry
    assert f"Nhiệm vụ 4. {model.tasks[3].title}" in province
    for text, plan in ((ministry, board_plans["bo-tu-phap"]), (province, board_plans["thanh-hoa"])):
        assert f"{len(plan.tasks)} trên {len(model.tasks)} nhiệm vụ" in text
        assert f"Thời hạn gần nhất: {vn_date(plan.dated[0].item.deadline)}" in text
        assert f"Có điều kiện. {model.tasks[0].condition.wording}" in text
        for date in ("30/3/2011", "15/6/2011", "15/12/2011"):  # the letter's dates, read off it, not the model
            assert date in text
        assert "Công văn không nêu thời hạn" in text  # both have a report without a deadline


@pytest.fixture(scope="module")
def worker():
    css = checklist.stylesheet()
    checklist._start_worker(css)
    return css


def test_rebuild_is_byte_identical(site, model, board_plans, worker):
    """A second rendering, in another process than the build's workers, gives the very same bytes."""
    ctx = SimpleNamespace(model=model, epoch=build_epoch(model.build_date))
    plan = board_plans["bo-tu-phap"]
    html, _key, meta = checklist.Jobs(ctx, worker)(plan)
    assert checklist.pdf_bytes(html, meta) == (site / layout.checklist(plan.board)).read_bytes()


def test_board_known_to_have_done_its_2010_review_sees_no_task_1(model, tmp_path, worker):
    board = dataclasses.replace(model.board("thanh-hoa"), facts={"review_2010_done": True})
    plan = plan_for(model, board)
    ctx = SimpleNamespace(model=model, epoch=build_epoch(model.build_date))
    html, _key, meta = checklist.Jobs(ctx, worker)(plan)
    path = tmp_path / "done.pdf"
    path.write_bytes(checklist.pdf_bytes(html, meta))
    text = flat(pdf_text(path))
    assert "Nhiệm vụ 1." not in text and "30/3/2011" not in text and "có điều kiện" not in text.lower()
    assert f"6 trên {len(model.tasks)} nhiệm vụ" in text
    assert "Thời hạn gần nhất: 15/6/2011" in text
