"""Checks on each submission, each problem a Vietnamese sentence that names the board, the file and the field:
fields left empty, numbers that do not parse, the rules of data/indicators.yaml, values far outside the other
boards' range (flagged, never removed), and a file whose board and sender disagree."""

from __future__ import annotations

import operator

from ..model import Check, Model, Ratio
from . import values
from .cells import board_cells, fmt
from .problems import Problem

OPERATORS = {"<=": operator.le, "<": operator.lt, ">=": operator.ge, ">": operator.gt}


class Values:
    """A submission's sheet values, parsed once: {tag: number}, and what did not parse."""

    def __init__(self, model: Model, board, fields: dict):
        self.cells = {c.tag: c for c in board_cells(model, board)}
        self.numbers: dict[str, float] = {}
        self.bad: dict[str, str] = {}
        self.empty: list[str] = []
        self.notes: dict[str, str] = {}
        for tag, cell in self.cells.items():
            if cell.type == "text":
                continue
            text = fields.get(tag)
            parsed = values.parse_number(text)
            if parsed.kind == values.MISSING:
                self.empty.append(tag)
            elif parsed.kind == values.NUMBER:
                # Whole numbers stay integers (their sums are exact); others become floats.
                whole = parsed.value == parsed.value.to_integral_value()
                self.numbers[tag] = int(parsed.value) if whole else float(parsed.value)
                if parsed.note:
                    self.notes[tag] = parsed.note
            elif parsed.kind == values.INVALID:
                self.bad[tag] = parsed.problem or f"“{text}” không phải là số."

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
    for tag, problem in vals.bad.items():
        problems.append(Problem("number", f"{where}: {vals.cells[tag].name}: {problem}", tag))
    for tag, note in vals.notes.items():
        problems.append(Problem("number", f"{where}: {vals.cells[tag].name}: {note}", tag))
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
