"""Checks on each submission, each problem a Vietnamese sentence that names the board, the file and the field:
fields left empty, numbers that do not parse, the rules of data/indicators.yaml, values far outside the other
boards' range (flagged, never removed), and a file whose board and sender disagree."""

from __future__ import annotations

import math
import operator
import statistics
from dataclasses import dataclass

from ..model import Check, Model, Ratio
from . import values
from .cells import Cell, board_cells

OPERATORS = {"<=": operator.le, "<": operator.lt, ">=": operator.ge, ">": operator.gt}


@dataclass
class Problem:
    kind: str  # read, date, sender, identity, empty, number, rule, outlier
    message: str
    field: str | None = None

    def as_json(self) -> dict:
        return {"kind": self.kind, "field": self.field, "message": self.message}


# What each kind of problem is, for the dashboard and the workbook.
KIND_NAMES = {"read": "Không đọc được", "date": "Ngày nhận cần xác nhận", "sender": "Nơi gửi không khớp",
              "identity": "Không thuộc diện tổng hợp", "empty": "Để trống", "number": "Số không hợp lệ",
              "rule": "Sai quy tắc số liệu", "outlier": "Khác thường so với các Ban khác"}


def fmt(value: float) -> str:
    """A number as Vietnamese offices write it: 1.234 and 12,5."""
    if value == int(value):
        return f"{int(value):,}".replace(",", ".")
    whole, _, decimals = f"{value:,.2f}".rstrip("0").partition(".")
    return whole.replace(",", ".") + "," + decimals


class Values:
    """A submission's sheet values, parsed once: {tag: number}, and what did not parse."""

    def __init__(self, model: Model, board, fields: dict):
        self.cells = {c.tag: c for c in board_cells(model, board)}
        self.numbers: dict[str, float] = {}
        self.bad: dict[str, str] = {}
        self.empty: list[str] = []
        for tag, cell in self.cells.items():
            if cell.type == "text":
                continue
            text = fields.get(tag)
            parsed = values.parse_number(text)
            if parsed.missing:
                self.empty.append(tag)
            elif parsed.not_applicable:
                continue
            elif parsed.value is None:
                self.bad[tag] = text
            else:
                self.numbers[tag] = parsed.value

    def get(self, sheet, row, column_id: str) -> float | None:
        return self.numbers.get(f"bieu-{sheet.number}.{row.id}.{column_id}")


def check_submission(model: Model, board, fields: dict, field_label, where: str) -> tuple[Values, list[Problem]]:
    """The problems of one identified submission. `where` starts every sentence (board and file);
    `field_label(tag)` names a field that is not a sheet cell."""
    vals = Values(model, board, fields)
    problems = []
    for tag, text in fields.items():
        if tag in vals.cells or tag.startswith("bieu-"):
            continue
        if text is None or not str(text).strip():
            problems.append(Problem("empty", f"{where}: phần “{field_label(tag)}” để trống.", tag))
    for tag in vals.empty:
        cell = vals.cells[tag]
        if cell.column.id == "ty-le-nu":  # recomputed from Nữ and Tổng số, never needed
            continue
        problems.append(Problem("empty", f"{where}: {cell.name} để trống.", tag))
    for tag, text in vals.bad.items():
        problems.append(Problem("number", f"{where}: {vals.cells[tag].name}: “{text}” không phải là số.", tag))
    for check in model.indicators.checks:
        problems += rule_problems(check, vals, where)
    return vals, problems


def rule_problems(check: Check, vals: Values, where: str) -> list[Problem]:
    out = []
    sheets = {c.sheet.number: c.sheet for c in vals.cells.values()}
    for sheet in sheets.values():
        for row in sheet.rows:
            if check.rows == "people" and not row.people:
                continue
            if check.kind == "compare":
                left = vals.get(sheet, row, check.left)
                right = _right(check.right, vals, sheet, row)
                if left is None or right is None:
                    continue
                if check.operator == "=":
                    ok = abs(left - right) <= check.tolerance + 1e-9
                else:
                    ok = OPERATORS[check.operator](left, right + (1e-9 if "=" in check.operator else 0))
                if not ok:
                    tag = f"bieu-{sheet.number}.{row.id}.{check.left}"
                    cell = vals.cells.get(tag)
                    name = cell.name if cell else tag
                    out.append(Problem("rule", f"{where}: {name} ghi {fmt(left)}, trong khi "
                                               f"{_describe(check.right, vals)} là {fmt(round(right, 2))}: "
                                               f"{check.message}", tag))
                continue
            for column_id in check.columns:
                tag = f"bieu-{sheet.number}.{row.id}.{column_id}"
                cell = vals.cells.get(tag)
                value = vals.numbers.get(tag)
                if cell is None or value is None or (check.types and cell.type not in check.types):
                    continue
                wrong = ((check.whole and value != int(value)) or
                         (check.minimum is not None and value < check.minimum) or
                         (check.maximum is not None and value > check.maximum))
                if wrong:
                    out.append(Problem("rule", f"{where}: {cell.name}: {fmt(value)}: {check.message}", tag))
    return out


def _describe(right: str | Ratio, vals: Values) -> str:
    """How the right side reads: `Tổng số`, or `Nữ / Tổng số × 100`."""
    labels = {c.column.id: c.column.label for c in vals.cells.values()}
    if isinstance(right, Ratio):
        return f"{labels.get(right.divide, right.divide)} / {labels.get(right.by, right.by)} × {right.times}"
    return labels.get(right, right)


def _right(right: str | Ratio, vals: Values, sheet, row) -> float | None:
    if isinstance(right, Ratio):
        top, bottom = vals.get(sheet, row, right.divide), vals.get(sheet, row, right.by)
        if top is None or not bottom:
            return None
        return top / bottom * right.times
    return vals.get(sheet, row, right)


# --- Outliers across boards -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Outlier:
    board: str
    tag: str
    value: float
    median: float
    score: float
    share: bool  # the women's share of the row (nu / tong-so × 100), not the cell itself


def robust_scores(values_by_board: dict[str, float]) -> dict[str, float]:
    """Modified z-score 0.6745 × (x − median) / MAD (Iglewicz and Hoaglin); empty when MAD is 0."""
    xs = list(values_by_board.values())
    median = statistics.median(xs)
    mad = statistics.median(abs(x - median) for x in xs)
    if mad == 0:
        return {}
    return {b: 0.6745 * (x - median) / mad for b, x in values_by_board.items()}


def outliers(model: Model, latest: dict[str, Values], threshold: float, min_boards: int) -> list[Outlier]:
    """Values far from the other boards': counts and money on log(1 + x) (boards differ in size by orders of
    magnitude), and each people row's women's share. `latest`: {board id: the values of its latest submission}."""
    from .cells import cells
    found = []
    for cell in cells(model):
        if cell.type not in ("whole", "decimal"):
            continue
        raw = {b: v.numbers[cell.tag] for b, v in latest.items() if cell.tag in v.numbers}
        series = {b: math.log1p(x) for b, x in raw.items() if x >= 0}
        if cell.column.id == "nu":  # the share says more than the count of women
            total = f"bieu-{cell.sheet.number}.{cell.row.id}.tong-so"
            raw = {b: 100 * v.numbers[cell.tag] / v.numbers[total] for b, v in latest.items()
                   if cell.tag in v.numbers and v.numbers.get(total)}
            series = raw
        if len(series) < min_boards:
            continue
        median = statistics.median(raw[b] for b in series)
        for board, score in robust_scores(series).items():
            if abs(score) > threshold:
                found.append(Outlier(board, cell.tag, raw[board], median, score, cell.column.id == "nu"))
    return found


def outlier_problem(outlier: Outlier, cell: Cell, where: str) -> Problem:
    if outlier.share:
        what = (f"tỷ lệ nữ {fmt(round(outlier.value, 1))}% khác xa mức chung của các Ban "
                f"(trung vị {fmt(round(outlier.median, 1))}%)")
    else:
        what = f"{fmt(outlier.value)} khác xa mức chung của các Ban (trung vị {fmt(round(outlier.median, 2))})"
    return Problem("outlier", f"{where}: {cell.name}: {what}; cần kiểm tra lại với Ban (vẫn được cộng vào tổng).",
                   outlier.tag)
