"""Everything `collect` writes into DIR, each file written whole or not at all."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .cells import cells
from .consolidate import Consolidation, write_json
from .dashboard import render_dashboard
from .inbox import write_atomic
from .report_docx import consolidated_docx
from .workbook import report_workbook


def workbook_name(document_id: str) -> str:
    return f"tong-hop-{document_id}.xlsx"


def docx_name(document_id: str) -> str:
    return f"bao-cao-tong-hop-{document_id}.docx"


def as_of(c: Consolidation) -> dt.date:
    """The day the figures stand at: the last day a file was received (so the same inbox gives the same files)."""
    days = [f.received.received for f in c.files]
    return max(days) if days else dt.date.today()


def write_all(c: Consolidation, out: Path) -> list[Path]:
    model = c.model
    written = [write_json(c, out)]
    day = as_of(c)
    for rep in c.reports:
        doc_id = rep.document.id
        local = any(r.board.level == "local" for r in rep.rows.values())
        report_cells = cells(model, local) if rep.rows else []
        files = [{"file": f.received.rel, "received": f.received.received.strftime("%d/%m/%Y"),
                  "date_source": f.received.date_source, "sha256": f.received.sha256,
                  "board_name": model.board(f.board).name if f.board else None,
                  "duplicate_of": f.duplicate_of, "superseded_by": f.superseded_by}
                 for f in c.files if f.document == doc_id]
        data = report_workbook(rep.document, list(rep.rows.values()), report_cells, rep.values, rep.totals,
                               rep.rates, files, c.problems(doc_id))
        path = out / workbook_name(doc_id)
        write_atomic(path, data)
        written.append(path)
    for doc_id, data in consolidated_docx(c, day).items():
        path = out / docx_name(doc_id)
        write_atomic(path, data)
        written.append(path)
    note = f"Số liệu đến ngày {day.day}/{day.month}/{day.year}; {len(c.files)} tệp đã nhận."
    path = out / "index.html"
    write_atomic(path, render_dashboard(c, note))
    written.append(path)
    return written



