"""Per-board checklist PDFs (WeasyPrint), rendered in long-lived worker processes over all cores.

A fresh process per PDF would spend most of its time importing WeasyPrint (../shared/reference/cong-cu.md):
each worker imports it once and keeps its parsed stylesheet and fonts for every document it renders.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from .. import layout
from ..context import BuildContext
from ..errors import OutputError
from ..fonts import serif_font
from ..incremental import code_key, digest
from ..render import markup_env
from .workers import build_date

BUILDER = "checklist"
TEMPLATE = "checklist/checklist.html.j2"
STYLESHEET = "checklist/checklist.css.j2"

_worker: dict = {}


def _start_worker(css_text: str) -> None:
    from ..tools import die_with_parent
    die_with_parent()
    # Imported here, in the worker: forking after importing WeasyPrint has crashed.
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    _worker["font_config"] = font_config
    _worker["css"] = CSS(string=css_text, font_config=font_config)


def _render_pdf(job: tuple[str, str, str]) -> tuple[str, str | None]:
    board_id, html, target = job
    try:
        from weasyprint import HTML
        HTML(string=html).write_pdf(
            target, stylesheets=[_worker["css"]], font_config=_worker["font_config"],
            pdf_variant="pdf/ua-1", custom_metadata=False)
        return board_id, None
    except Exception as exc:  # reported with the board's name by the parent
        return board_id, f"{type(exc).__name__}: {exc}"


def render_html(ctx: BuildContext, plan) -> str:
    model = ctx.model
    instruments = {}
    for a in plan.tasks:
        for inst in a.item.cites + a.item.background:
            instruments[inst.id] = inst
    return markup_env().get_template(TEMPLATE).render(
        model=model, letter=model.letter, plan=plan, board=plan.board, instruments=list(instruments.values()),
        conditional=sum(1 for a in plan.tasks if a.conditional), build_date=build_date(ctx.epoch))


class ChecklistBuilder:
    name = "danh sách kiểm tra (PDF)"

    def build(self, ctx: BuildContext) -> None:
        css_text = markup_env().get_template(STYLESHEET).render(font=serif_font())
        code = code_key("builders/checklist.py", packages=("weasyprint",))
        jobs = []
        for plan in ctx.plans:
            html, rel = render_html(ctx, plan), layout.checklist(plan.board)
            if not ctx.reuse.take(BUILDER, rel, digest(html, css_text, code)):
                jobs.append((plan.board.id, html, str(ctx.target(rel))))
        if not jobs:
            return
        workers = max(1, min(ctx.jobs, len(jobs)))
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                 initializer=_start_worker, initargs=(css_text,)) as pool:
            results = pool.map(_render_pdf, jobs, chunksize=max(1, len(jobs) // (workers * 4)))
            for done, (board_id, error) in enumerate(results, 1):
                if error:
                    raise OutputError(self.name, error, board=board_id)
                ctx.progress(self.name, done, len(jobs))
