"""The data says what the letter says: tasks, deadlines, recipients, instruments, boards."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pytest

from conftest import ROOT, SHARED
from guidepack.plan import APPLIES, CONDITIONAL, task_status


def test_bundled_letter_is_the_source_letter():
    source = SHARED / "source" / "cong-van-ubqg-2011.txt"
    if not source.is_file():
        pytest.skip("../shared is not beside the project")
    assert (ROOT / "data" / "letter.txt").read_bytes() == source.read_bytes()


def test_seven_tasks_each_quoting_its_numbered_paragraph(model):
    assert [t.number for t in model.tasks] == [1, 2, 3, 4, 5, 6, 7]
    for task in model.tasks:
        paragraph = model.letter.paragraph(task.paragraph).text
        assert paragraph == f"{task.number}. {task.wording}"
        assert task.actions, task.number


def test_the_three_dated_deadlines_and_their_recipients(model):
    dated = [(d.deadline, d.recipient.id, d.paragraph) for d in model.dated_documents]
    assert dated == [
        (dt.date(2011, 3, 30), "ubqg", "1"),
        (dt.date(2011, 6, 15), "van-phong-ubqg", "bao-cao"),
        (dt.date(2011, 12, 15), "van-phong-ubqg", "bao-cao"),
    ]
    # Each deadline's wording is the letter's own.
    for doc in model.dated_documents:
        assert doc.deadline_wording in model.letter.paragraph(doc.paragraph).text


def test_the_nghi_quyet_11_review_has_no_invented_deadline(model):
    undated = model.undated_reports
    assert [(d.id, d.recipient.name, d.task.number) for d in undated] == [
        ("bao-cao-so-ket-nq11", "Bộ Lao động - Thương binh và Xã hội", 3)]
    assert "Bộ Lao động - Thương binh và Xã hội" in model.letter.paragraph("3").text


def test_recipients_are_named_in_their_paragraphs(model):
    office = model.letter.paragraph("bao-cao").text
    assert "Văn phòng UBQG" in office
    assert "gửi báo cáo về UBQG" in model.letter.paragraph("1").text


def test_instruments_the_letter_names_are_cited_by_their_task(model):
    named = {"664/LĐTBXH-BĐG": 2, "11-NQ/TW": 3, "04/UBQG": 4}
    for number, task_no in named.items():
        task = next(t for t in model.tasks if t.number == task_no)
        assert number in task.wording
        assert number in [i.number for i in task.cites]
    unconfirmed = {i.number for i in model.instruments if not i.confirmed}
    assert unconfirmed == {"664/LĐTBXH-BĐG", "04/UBQG"}


def test_contact_is_exactly_the_letters(model):
    text = model.letter.paragraph("lien-he").text
    c = model.contact
    for part in (c.name, c.address, c.phone, c.email):
        assert part in text


def test_boards_are_the_agencies_the_letter_addresses(model):
    by_group = {}
    for b in model.boards:
        by_group.setdefault(b.group.id, []).append(b)
    assert len(by_group["bo"]) == 22
    assert len(by_group["co-quan-thuoc-chinh-phu"]) == 8
    assert len(by_group["thanh-pho"]) + len(by_group["tinh"]) == 63
    assert all(not b.confirmed for b in by_group["co-quan-thuoc-chinh-phu"] + by_group["nganh-khac"])
    locals_ = [b for b in model.boards if b.level == "local"]
    assert len({b.gso for b in locals_}) == 63 and all(re.fullmatch(r"\d\d", b.gso) for b in locals_)
    ids = [b.id for b in model.boards]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)
    hcm = model.board("tp-ho-chi-minh")
    assert (hcm.parent, hcm.place) == ("UBND THÀNH PHỐ HỒ CHÍ MINH", "Thành phố Hồ Chí Minh")
    assert model.board("thanh-hoa").parent == "UBND TỈNH THANH HÓA"
    assert model.board("bo-tu-phap").place == "Hà Nội"


def test_applicability(model):
    task1, task4 = model.tasks[0], model.tasks[3]
    ministry, province = model.board("bo-tu-phap"), model.board("thanh-hoa")
    assert task_status(task4, ministry) is None
    assert task_status(task4, province) == APPLIES
    # Nobody's 2010 review status is known in the bundled data: task 1 is conditional for everyone.
    assert task_status(task1, ministry) == CONDITIONAL


def test_every_data_string_is_nfc():
    for path in (p for p in (ROOT / "data").rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), path.name


def test_instruments_trace_to_a_paragraph_or_are_marked_background(model):
    for inst in model.instruments:
        if inst.paragraph is None:
            assert "không nêu" in inst.basis, inst.id
            continue
        text = model.letter.paragraph(inst.paragraph).text
        if inst.number and inst.kind == "Công văn":
            assert inst.number in text, inst.id
