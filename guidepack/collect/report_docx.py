"""The consolidated report (báo cáo tổng hợp) of one report, as a DOCX in the official format: the pack's own
DOCX machinery (the reference document of builders/docx_reference.py, pandoc once, the OpenXML macros of
templates/docx/_ooxml.xml.j2), with the header of UBQG and its Văn phòng from data/tong-hop.yaml. It is a draft
for the drafter: the number, the date, the assessment and the signer's name are left to fill in."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from ..builders.docx import (
    TWIPS_PER_PT,
    balanced_lines,
    geometry,
    number_controls,
    run_pandoc,
)
from ..builders.workers import build_epoch
from ..docx_reference import build_reference
from ..fonts import text_width_pt
from ..model import LEVEL_NAMES
from ..render import markdown_env
from ..text import sort_key
from ..tools import check_pandoc
from .cells import field_label, fmt
from .status import CONDITIONAL, LATE, MISSING, ON_TIME


def narrative(model, rep) -> list[tuple[str, str, list[tuple[str, list[str]]], list[str]]]:
    """Per narrative field, in the templates' order: (tag, label, [(board name, paragraphs)], boards silent)."""
    order: list[str] = []
    for row in rep.rows.values():
        if row.latest:
            for tag in row.latest.reading.fields:
                if not tag.startswith(("bieu-", "van-ban.", "phu-luc.", "ky.")) and tag not in order:
                    order.append(tag)
    out = []
    for tag in order:
        said, silent = [], []
        for row in sorted(rep.rows.values(), key=lambda r: sort_key(r.board.name)):
            if not row.latest:
                continue
            text = row.latest.reading.fields.get(tag)
            if text and text.strip():
                said.append((row.board.name, [p for p in text.split("\n") if p.strip()]))
            elif tag in row.latest.reading.fields:
                silent.append(row.board.name)
        out.append((tag, field_label(model, tag), said, silent))
    return out


def render_source(c, rep, today: dt.date) -> str:
    model, office = c.model, c.settings.office
    geo = geometry(model.format.issuing_body, model.format.motto)
    rows = sorted(rep.rows.values(), key=lambda r: sort_key(r.board.name))
    doc = rep.document
    subject = office.subject.replace("{report}", doc.short[0].lower() + doc.short[1:])
    sheets = []
    for sheet in model.indicators.sheets:
        lines = [(row, {col.id: rep.totals.get(f"bieu-{sheet.number}.{row.id}.{col.id}")
                        for col in model.indicators.columns}) for row in sheet.rows]
        sheets.append((sheet, lines))
    source = markdown_env().get_template("collect/bao-cao-tong-hop.md.j2").render(
        doc=doc, letter=model.letter, office=office, geo=geo, rep=rep, rates=rep.rates, level_names=LEVEL_NAMES,
        national_title=model.format.national_title, motto=model.format.motto, fmt=fmt, today=today,
        office_rule=round(text_width_pt(office.name, 12, bold=True) * TWIPS_PER_PT * 0.5),
        parent_lines=balanced_lines(office.parent, 12, geo.columns[0], bold=False, first_longer=False),
        subject_lines=balanced_lines(subject, 14, geo.text_width),
        on_time=[r for r in rows if r.status == ON_TIME], late=[r for r in rows if r.status == LATE],
        missing=[r for r in rows if r.status == MISSING], conditional=[r for r in rows if r.status == CONDITIONAL],
        sheets=sheets, narrative=narrative(model, rep))
    return number_controls(source)


def consolidated_docx(c, today: dt.date) -> dict[str, bytes]:
    """{document id: the DOCX} for every report; pandoc once per report, one reference document."""
    pandoc = check_pandoc()
    # The package's dates, like the pack's: the data's date, so that the draft's bytes depend only on its content.
    epoch = build_epoch(c.model.build_date)
    with tempfile.TemporaryDirectory(prefix="tong-hop-") as tmp:
        reference = Path(tmp) / "reference.docx"
        reference.write_bytes(build_reference(pandoc))
        return {rep.document.id: run_pandoc(pandoc, render_source(c, rep, today), str(reference), epoch)
                for rep in c.reports}
