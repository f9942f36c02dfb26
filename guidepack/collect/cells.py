"""The number cells of the data sheets a board fills (data/indicators.yaml), with each cell's tag, type and
Vietnamese name, and the value each submission gives it."""

from __future__ import annotations

from dataclasses import dataclass

from ..fields import field_spec
from ..model import Board, IndicatorColumn, IndicatorRow, Model, Sheet

SUMMED = ("whole", "decimal")  # the types that are summed; a percent is recomputed from the sums


@dataclass(frozen=True)
class Cell:
    sheet: Sheet
    row: IndicatorRow
    column: IndicatorColumn

    @property
    def tag(self) -> str:
        return f"bieu-{self.sheet.number}.{self.row.id}.{self.column.id}"

    @property
    def type(self) -> str:
        return self.row.type if self.column.type == "value" else self.column.type

    @property
    def name(self) -> str:
        """How a clerk names the cell: `Biểu 1, dòng "Cấp trưởng", cột Nữ`."""
        return f"Biểu {self.sheet.number}, dòng “{self.row.label}”, cột {self.column.label}"

    @property
    def unit(self) -> str | None:
        if self.type == "percent":
            return "%"
        return self.row.unit or self.sheet.unit


def cells(model: Model, local: bool = True) -> list[Cell]:
    """Every cell of the sheets, in the templates' order; `local=False` leaves out the provinces' sheets."""
    out = []
    for sheet in model.indicators.sheets:
        if sheet.local_only and not local:
            continue
        for row in sheet.rows:
            for column in model.indicators.columns:
                if sheet.has_cell(row, column):
                    out.append(Cell(sheet, row, column))
    return out


def board_cells(model: Model, board: Board) -> list[Cell]:
    return cells(model, board.level == "local")


def number_cells(model: Model) -> list[Cell]:
    """The cells that hold numbers (not Ghi chú), over every board's sheets."""
    return [c for c in cells(model) if c.type != "text"]


def column(model: Model, column_id: str) -> IndicatorColumn:
    return next(c for c in model.indicators.columns if c.id == column_id)


def field_label(model: Model, tag: str) -> str:
    """The Vietnamese label of a template field (guidepack/fields.py), or the tag itself when unknown."""
    spec = field_spec(model, tag)
    return spec.label if spec else tag


def fmt(value: float) -> str:
    """A number as Vietnamese offices write it: 1.234 and 12,5."""
    if value == int(value):
        return f"{int(value):,}".replace(",", ".")
    whole, _, decimals = f"{value:,.2f}".rstrip("0").partition(".")
    return whole.replace(",", ".") + "," + decimals
