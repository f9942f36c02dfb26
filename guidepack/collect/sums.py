"""Sums over each board's latest submission: every number cell summed, each ratio recomputed from the sums
(never averaged across boards), and the count of boards behind each figure."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Model, Ratio
from .cells import SUMMED, cells
from .checks import Values


@dataclass(frozen=True)
class Total:
    tag: str
    value: float | int | None
    boards: int  # how many boards' figures are behind it


def ratios(model: Model) -> dict[str, Ratio]:
    """{column id: how it is computed} from the data's checks (Tỷ lệ nữ = Nữ / Tổng số × 100)."""
    return {c.left: c.right for c in model.indicators.checks
            if c.kind == "compare" and c.operator == "=" and isinstance(c.right, Ratio)}


def clean(value: float) -> float | int:
    """Whole sums as integers; decimals without binary noise (0.1 + 0.2 is 0.3)."""
    value = round(value, 6)
    return int(value) if value == int(value) else value


def totals(model: Model, latest: dict[str, Values]) -> dict[str, Total]:
    """{tag: Total} for every number cell of the sheets, in the templates' order. `latest`: {board id: values}."""
    formulas = ratios(model)
    out = {}
    for cell in cells(model):
        if cell.type in SUMMED:
            given = [v.numbers[cell.tag] for v in latest.values() if cell.tag in v.numbers]
            out[cell.tag] = Total(cell.tag, clean(sum(given)) if given else None, len(given))
        elif cell.column.id in formulas:
            ratio = formulas[cell.column.id]
            top = f"bieu-{cell.sheet.number}.{cell.row.id}.{ratio.divide}"
            bottom = f"bieu-{cell.sheet.number}.{cell.row.id}.{ratio.by}"
            # Only boards that gave both figures: a board's women without its total would bend the ratio.
            pairs = [(v.numbers[top], v.numbers[bottom]) for v in latest.values()
                     if top in v.numbers and bottom in v.numbers]
            below = sum(b for _, b in pairs)
            value = round(sum(t for t, _ in pairs) / below * ratio.times, 2) if below else None
            out[cell.tag] = Total(cell.tag, value, len(pairs))
    return out
