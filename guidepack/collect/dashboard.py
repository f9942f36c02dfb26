"""index.html: the office's dashboard, one file that opens from disk and asks nothing from outside (inline CSS,
the site's own Vietnamese folding inlined for finding a board, charts as inline SVG with a title and a text
alternative). All presentation is in templates/collect/dashboard.html.j2; this module only shapes the figures."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..model import LEVEL_NAMES
from ..render import TEMPLATES, markup_env
from ..text import fold, sort_key
from .cells import cells, fmt
from .problems import KIND_NAMES, Problem
from .status import STATUS_NAMES

VI_TEXT = TEMPLATES / "theme" / "assets" / "javascripts" / "vi-text.js"
BAR_HEIGHT = 18
LABEL_WIDTH = 300
BAR_WIDTH = 360
CHART_WIDTH = LABEL_WIDTH + BAR_WIDTH + 70


@dataclass
class Bar:
    label: str
    value: float
    y: int
    width: float
    text: str


@dataclass
class Chart:
    id: str
    title: str
    description: str
    bars: list[Bar]
    height: int
    reference: float | None = None  # x of the overall line (the share recomputed from the sums)
    reference_text: str = ""


def _bars(items: list[tuple[str, float]], scale: float) -> list[Bar]:
    return [Bar(label, value, 10 + i * BAR_HEIGHT, max(0.0, min(value, scale)) / scale * BAR_WIDTH,
                f"{fmt(round(value, 1))}%") for i, (label, value) in enumerate(items)]


def rates_chart(rep, key: str) -> Chart:
    items = []
    for level in ("all", "central", "local"):
        r = rep.rates[level]
        name = "Chung" if level == "all" else LEVEL_NAMES[level]
        if r["reporting_rate"] is not None:
            items.append((f"{name}: đã gửi", r["reporting_rate"]))
            items.append((f"{name}: đúng hạn", r["reporting_rate_on_time"]))
    summary = "; ".join(f"{label} {fmt(round(v, 1))}%" for label, v in items) or "Chưa có Ban nào phải gửi."
    return Chart(f"ty-le-{key}", f"Tỷ lệ báo cáo và tỷ lệ đúng hạn: {rep.document.short}",
                 f"Tỷ lệ Ban đã gửi và đã gửi đúng hạn trên số Ban phải gửi, theo cấp. {summary}.",
                 _bars(items, 100.0), 20 + len(items) * BAR_HEIGHT)


def share_charts(model, rep, key: str) -> list[Chart]:
    """Women's share per people row, one bar per board that gave both figures, highest first."""
    charts = []
    for cell in cells(model):
        if cell.column.id != "nu":
            continue
        total_tag = f"bieu-{cell.sheet.number}.{cell.row.id}.tong-so"
        items = []
        for board_id, vals in rep.values.items():
            women, total = vals.numbers.get(cell.tag), vals.numbers.get(total_tag)
            if women is not None and total:
                items.append((model.board(board_id).short, 100 * women / total))
        if not items:
            continue
        items.sort(key=lambda x: (-x[1], sort_key(x[0])))
        overall = rep.totals.get(f"bieu-{cell.sheet.number}.{cell.row.id}.ty-le-nu")
        scale = max(100.0, max(v for _, v in items))
        chart = Chart(f"nu-{key}-{cell.sheet.number}-{cell.row.id}",
                      f"Tỷ lệ nữ theo Ban, Biểu {cell.sheet.number}: {cell.row.label}",
                      f"{len(items)} Ban có số liệu. Cao nhất: {items[0][0]} ({fmt(round(items[0][1], 1))}%); "
                      f"thấp nhất: {items[-1][0]} ({fmt(round(items[-1][1], 1))}%)"
                      + (f"; tỷ lệ chung tính từ tổng số: {fmt(overall.value)}%." if overall and overall.value
                         is not None else "."),
                      _bars(items, scale), 20 + len(items) * BAR_HEIGHT)
        if overall and overall.value is not None:
            chart.reference = LABEL_WIDTH + overall.value / scale * BAR_WIDTH
            chart.reference_text = f"Chung {fmt(overall.value)}%"
        charts.append(chart)
    return charts


def finder_script() -> Markup:
    """vi-text.js as the site ships it: the same folding for finding a board. `</` cannot occur in it."""
    text = VI_TEXT.read_text(encoding="utf-8")
    assert "</" not in text
    return Markup(text)


def render_dashboard(c, title_note: str) -> str:
    model = c.model
    reports = []
    for n, rep in enumerate(c.reports, start=1):
        key = f"r{n}"
        rows = sorted(rep.rows.values(), key=lambda r: sort_key(r.board.name))
        problems_by_file = {}
        for f in c.files:
            if f.document == rep.document.id and f.problems:
                problems_by_file[f.received.rel] = len(f.problems)
        sheets = []
        for sheet in model.indicators.sheets:
            lines = []
            for row in sheet.rows:
                figures = {}
                for column in model.indicators.columns:
                    total = rep.totals.get(f"bieu-{sheet.number}.{row.id}.{column.id}")
                    figures[column.id] = total
                lines.append((row, figures))
            sheets.append((sheet, lines))
        reports.append({
            "key": key, "doc": rep.document, "rates": rep.rates, "rows": rows,
            "late": [r for r in rows if r.status == "late"],
            "missing": [r for r in rows if r.status == "missing"],
            "conditional": [r for r in rows if r.status == "conditional"],
            "problems_by_file": problems_by_file, "sheets": sheets,
            "rates_chart": rates_chart(rep, key), "share_charts": share_charts(model, rep, key),
        })
    problem_files = []
    for f in c.files:
        if f.problems:
            name = model.board(f.board).name if f.board else None
            problem_files.append({"file": f.received.rel, "board": name, "problems": f.problems,
                                  "fold": fold(" ".join(filter(None, [name, f.received.rel])))})
    problem_files += [{"file": s.rel, "board": None, "fold": fold(s.rel),
                       "problems": [Problem("read", f"Tệp {s.rel}: {s.reason}")]}
                      for s in c.skipped]
    problem_files.sort(key=lambda p: (sort_key(p["board"] or "\uffff"), p["file"]))
    return markup_env().get_template("collect/dashboard.html.j2").render(
        reports=reports, problem_files=problem_files, status_names=STATUS_NAMES, kind_names=KIND_NAMES,
        level_names=LEVEL_NAMES, fold=fold, fmt=fmt, letter=model.letter, note=title_note,
        vi_text=finder_script(), files=c.files, skipped=c.skipped, chart_width=CHART_WIDTH,
        label_width=LABEL_WIDTH, bar_width=BAR_WIDTH, bar_height=BAR_HEIGHT, board_count=len(model.boards))
