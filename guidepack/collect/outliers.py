"""Values far outside the other boards' range, flagged for the office to check and never removed from the sums
(as DHIS2's outlier flags). Robust z-score of Iglewicz and Hoaglin: 0.6745 × (x − median) / MAD, over the boards
that gave a value; threshold and minimum number of boards in data/tong-hop.yaml."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

from ..model import Model
from .cells import Cell, cells, fmt
from .problems import Problem


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


def outliers(model: Model, latest: dict, threshold: float, min_boards: int) -> list[Outlier]:
    """Values far from the other boards': counts and money on log(1 + x) (boards differ in size by orders of
    magnitude), and each people row's women's share. `latest`: {board id: the values of its latest submission}."""
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
