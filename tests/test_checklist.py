"""Checklist PDFs: one per board, the board's name and tasks in its extracted text, fonts embedded."""

from __future__ import annotations

import subprocess
import unicodedata

from conftest import pdf_text
from guidepack import layout


def test_every_board_has_a_checklist_with_its_name(site, board_plans):
    for board_id, plan in board_plans.items():
        path = site / layout.checklist(plan.board)
        assert path.read_bytes().startswith(b"%PDF-")
        text = unicodedata.normalize("NFC", pdf_text(path))
        assert plan.board.name in " ".join(text.split()), board_id


def test_checklist_tasks_and_deadlines(site, board_plans, model):
    ministry = " ".join(pdf_text(site / layout.checklist(board_plans["bo-tu-phap"].board)).split())
    province = " ".join(pdf_text(site / layout.checklist(board_plans["thanh-hoa"].board)).split())
    task4 = model.tasks[3]
    assert f"Nhiệm vụ 4. {task4.title}" in province
    assert "Nhiệm vụ 4." not in ministry
    for text in (ministry, province):
        for date in ("30/3/2011", "15/6/2011", "15/12/2011"):
            assert date in text
        assert "Công văn không nêu thời hạn" in text
        assert model.contact.email in text


def test_fonts_are_embedded(site, board_plans):
    out = subprocess.run(["pdffonts", str(site / layout.checklist(board_plans["dak-lak"].board))],
                         check=True, capture_output=True, text=True).stdout
    rows = out.splitlines()[2:]
    assert rows
    for row in rows:
        assert row.split()[-5] == "yes", row  # the "emb" column
