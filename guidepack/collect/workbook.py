"""The workbook of one report (openpyxl): one row per board in Vietnamese alphabetical order, one column per
number cell, numbers stored as numbers, a totals row, a frozen header; the problems and the files received on
their own sheets.

Text that came from a board is always a string cell, whatever it starts with: openpyxl makes a formula of any
string that starts with `=` (and an error value of `#N/A`), so every such cell has its type set to string after
its value, and a leading `=`, `+`, `-` or `@` also gets Excel's quote prefix, so that editing the cell keeps it
text.
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..model import LEVEL_NAMES
from ..text import sort_key
from .cells import Cell
from .problems import KIND_NAMES
from .status import STATUS_NAMES

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
MAX_CELL = 32_000
BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DDE4EE")
WRAP = Alignment(wrap_text=True, vertical="top")


def put_text(ws, row: int, column: int, text) -> None:
    """A string cell, never a formula: control characters shown as U+FFFD, cut at Excel's cell limit."""
    value = _ILLEGAL.sub("\ufffd", str(text))
    if len(value) > MAX_CELL:
        value = value[:MAX_CELL] + "…"
    cell = ws.cell(row=row, column=column)
    cell.value = value
    cell.data_type = "s"
    if value[:1] in "=+-@":
        cell.quotePrefix = True


def put_number(ws, row: int, column: int, value, percent: bool = False) -> None:
    cell = ws.cell(row=row, column=column, value=value)
    cell.number_format = "0.0" if percent else ("#,##0" if float(value) == int(value) else "#,##0.0##")


def header(ws, labels: list[str]) -> None:
    for i, label in enumerate(labels, start=1):
        put_text(ws, 1, i, label)
        cell = ws.cell(row=1, column=i)
        cell.font, cell.fill, cell.alignment = BOLD, HEAD_FILL, Alignment(wrap_text=True, vertical="center")
    ws.freeze_panes = "A2"


def report_workbook(doc, rows, cells: list[Cell], board_values, totals, rates, files, problems) -> bytes:
    """`rows`: BoardStatus of every board; `board_values`: {board id: Values of its latest submission};
    `totals`: {tag: Total}; `files`: the JSON entries of the files identified as this report; `problems`: a list
    of (board name, file, field, kind, message)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    fixed = ["STT", "Ban vì sự tiến bộ của phụ nữ", "Cấp", "Tình trạng", "Ngày nhận", "Tệp"]
    number_cells = [c for c in cells if c.type != "text"]
    text_cells = [c for c in cells if c.type == "text"]
    labels = fixed + [f"Biểu {c.sheet.number}. {c.row.label}: {c.column.label}" + (f" ({c.unit})" if c.unit else "")
                      for c in number_cells + text_cells]
    header(ws, labels)
    ws.row_dimensions[1].height = 90
    # The tag of each column, for matching with tong-hop.json.
    for i, c in enumerate(number_cells + text_cells, start=len(fixed) + 1):
        put_text(ws, 2, i, c.tag)
        ws.cell(row=2, column=i).font = Font(size=8, color="555555")
    put_text(ws, 2, 2, "(mã ô trong tong-hop.json)")
    ws.cell(row=2, column=2).font = Font(size=8, color="555555")
    ws.freeze_panes = "C3"

    ordered = sorted(rows, key=lambda r: sort_key(r.board.name))
    r = 3
    for n, row in enumerate(ordered, start=1):
        ws.cell(row=r, column=1, value=n)
        put_text(ws, r, 2, row.board.name)
        put_text(ws, r, 3, LEVEL_NAMES[row.board.level])
        put_text(ws, r, 4, STATUS_NAMES[row.status])
        latest = row.latest
        if latest:
            put_text(ws, r, 5, latest.received.strftime("%d/%m/%Y"))
            put_text(ws, r, 6, latest.rel)
            vals = board_values.get(row.board.id)
            fields = latest.reading.fields
            for i, c in enumerate(number_cells + text_cells, start=len(fixed) + 1):
                if vals and c.tag in vals.numbers:
                    put_number(ws, r, i, vals.numbers[c.tag], percent=c.type == "percent")
                elif fields.get(c.tag) not in (None, ""):
                    put_text(ws, r, i, fields[c.tag])  # text, "x", or a figure that did not parse: as written
        r += 1
    put_text(ws, r, 2, "Tổng cộng (tỷ lệ tính lại từ tổng)")
    put_text(ws, r + 1, 2, "Số Ban có số liệu")
    for i, c in enumerate(number_cells, start=len(fixed) + 1):
        total = totals.get(c.tag)
        if total is None:
            continue
        if total.value is not None:
            put_number(ws, r, i, total.value, percent=c.type == "percent")
        ws.cell(row=r + 1, column=i, value=total.boards)
    for col in range(1, len(labels) + 1):
        ws.cell(row=r, column=col).font = BOLD
    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 44
    for col, width in (("C", 11), ("D", 16), ("E", 12), ("F", 30)):
        ws.column_dimensions[col].width = width
    for i in range(len(fixed) + 1, len(labels) + 1):
        ws.column_dimensions[get_column_letter(i)].width = 14
        ws.cell(row=1, column=i).alignment = Alignment(wrap_text=True, vertical="center")

    rates_sheet = wb.create_sheet("Tỷ lệ báo cáo")
    header(rates_sheet, ["Cấp", "Phải gửi", "Đã gửi", "Đúng hạn", "Muộn", "Chưa gửi", "Có điều kiện, chưa gửi",
                         "Tỷ lệ báo cáo (%)", "Tỷ lệ đúng hạn (%)"])
    for n, (level, values) in enumerate(rates.items(), start=2):
        put_text(rates_sheet, n, 1, "Chung" if level == "all" else LEVEL_NAMES[level])
        for i, key in enumerate(("expected", "received", "on_time", "late", "missing", "conditional"), start=2):
            rates_sheet.cell(row=n, column=i, value=values[key])
        for i, key in ((8, "reporting_rate"), (9, "reporting_rate_on_time")):
            if values[key] is not None:
                put_number(rates_sheet, n, i, values[key], percent=True)
    rates_sheet.column_dimensions["A"].width = 14
    for col in "BCDEFGHI":
        rates_sheet.column_dimensions[col].width = 14

    issues = wb.create_sheet("Vấn đề cần xử lý")
    header(issues, ["Ban", "Tệp", "Ô / phần", "Loại", "Nội dung"])
    for n, (board, file, field, kind, message) in enumerate(problems, start=2):
        for i, text in enumerate((board or "(chưa xác định)", file, field or "", KIND_NAMES.get(kind, kind),
                                  message), start=1):
            put_text(issues, n, i, text)
            issues.cell(row=n, column=i).alignment = WRAP
    for col, width in zip("ABCDE", (36, 34, 26, 22, 90), strict=True):
        issues.column_dimensions[col].width = width

    received = wb.create_sheet("Tệp đã nhận")
    header(received, ["Tệp", "Ngày nhận", "Cách xác định ngày", "Ban", "Trùng với tệp", "Được thay bằng tệp",
                      "Mã SHA-256"])
    for n, f in enumerate(files, start=2):
        for i, text in enumerate((f["file"], f["received"], "thư mục ngày" if f["date_source"] == "folder"
                                  else "thời gian sửa tệp", f.get("board_name") or "", f.get("duplicate_of") or "",
                                  f.get("superseded_by") or "", f["sha256"]), start=1):
            put_text(received, n, i, text)
    for col, width in zip("ABCDEFG", (40, 12, 18, 36, 30, 30, 66), strict=True):
        received.column_dimensions[col].width = width

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
