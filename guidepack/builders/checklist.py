"""Per-board checklist PDFs (WeasyPrint), rendered in long-lived worker processes over all cores.

A fresh process per PDF would spend most of its time importing WeasyPrint (../shared/reference/cong-cu.md):
each worker imports it once and keeps its parsed stylesheet and fonts for every document it renders.

Each PDF is rendered as tagged PDF/UA-1 and finished in the same worker into PDF/A-2a + PDF/UA-1
(`pdf_archive.py`). The boxes are drawn for a pen, not fillable: WeasyPrint's form checkboxes carry no appearance
for the ticked state (poppler shows a ticked box empty) and need `NeedAppearances`, which PDF/A forbids.
"""

from __future__ import annotations

import multiprocessing
import re
from concurrent.futures import ProcessPoolExecutor

from markupsafe import Markup

from .. import layout
from ..context import BuildContext
from ..errors import OutputError
from ..fonts import serif_font
from ..incremental import code_key, digest
from ..render import html_escape, markup_env
from .workers import build_date

BUILDER = "checklist"
TEMPLATE = "checklist/checklist.html.j2"
STYLESHEET = "checklist/checklist.css.j2"

_worker: dict = {}


def _start_worker(css_text: str) -> None:
    """Make this process a renderer: WeasyPrint imported, stylesheet and fonts parsed once."""
    # Imported here, in the worker: forking after importing WeasyPrint has crashed.
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    _worker["font_config"] = font_config
    _worker["css"] = CSS(string=css_text, font_config=font_config)


def _start_build_worker(css_text: str) -> None:
    """A worker of the build: it also ends with the build, and leaves Ctrl-C to it (see tools.die_with_parent)."""
    from ..tools import die_with_parent
    die_with_parent()
    _start_worker(css_text)


def pdf_bytes(html: str, meta: dict) -> bytes:
    """One checklist: WeasyPrint's tagged PDF/UA-1, finished into PDF/A-2a + PDF/UA-1 (in a started worker)."""
    from weasyprint import HTML

    from .pdf_archive import finish
    data = HTML(string=html).write_pdf(
        stylesheets=[_worker["css"]], font_config=_worker["font_config"],
        pdf_variant="pdf/ua-1", custom_metadata=False, cache=_worker.setdefault("images", {}))
    return finish(data, **meta)


def _render_pdf(job: tuple[str, str, str, dict]) -> tuple[str, str | None]:
    board_id, html, target, meta = job
    try:
        data = pdf_bytes(html, meta)
        with open(target, "wb") as out:
            out.write(data)
        return board_id, None
    except Exception as exc:  # reported with the board's name by the parent
        return board_id, f"{type(exc).__name__}: {exc}"


_HYPHENATED = re.compile(r"\S+(?: - |-)\S+")


def keep_hyphenated(value) -> Markup:
    """Escape `value` and keep words joined by a hyphen on one line ("11-NQ/TW", "Lao động - Thương binh").

    A line broken after a hyphen comes back from text extraction without it ("11NQ/TW"): pdftotext, like other
    readers, takes a hyphen at the end of a line for a word break.
    """
    text = html_escape(value)
    return Markup(_HYPHENATED.sub(lambda m: f'<span class="nw">{m.group(0)}</span>', str(text)))


def title(ctx: BuildContext, plan) -> str:
    return f"Danh sách kiểm tra năm {ctx.model.letter.year}: {plan.board.name}"


def render_html(ctx: BuildContext, plan, title: str) -> str:
    model = ctx.model
    instruments = {}
    for a in plan.tasks:
        for inst in a.item.cites + a.item.background:
            instruments[inst.id] = inst
    return markup_env().get_template(TEMPLATE).render(
        model=model, letter=model.letter, plan=plan, board=plan.board, instruments=list(instruments.values()),
        title=title, reports=[a for a in plan.documents if a.item.kind == "report"],
        conditional=sum(1 for a in plan.tasks if a.conditional), build_date=build_date(ctx.epoch),
        nw=keep_hyphenated)


def stylesheet() -> str:
    return markup_env().get_template(STYLESHEET).render(font=serif_font())


class Jobs:
    """Makes each board's checklist job; what all boards share (stylesheet, code key, metadata) is made once.

    A job's key covers everything the file is made from: the HTML, the stylesheet, the epoch, this code and the
    finisher's, and the versions of WeasyPrint and pikepdf.
    """

    def __init__(self, ctx: BuildContext, css_text: str):
        letter = ctx.model.letter
        self.ctx, self.css_text = ctx, css_text
        self.code = code_key("builders/checklist.py", "builders/pdf_archive.py", packages=("weasyprint", "pikepdf"))
        self.meta = {"author": letter.issuer, "lang": "vi", "epoch": ctx.epoch,
                     "subject": f"Việc cần làm theo công văn của {letter.issuer_short} về Kế hoạch công tác năm "
                                f"{letter.year}"}

    def __call__(self, plan) -> tuple[str, str, dict]:
        """The rendered HTML of a board's checklist, the key it is reused under, and the finisher's metadata."""
        name = title(self.ctx, plan)
        html = render_html(self.ctx, plan, name)
        key = digest(html, self.css_text, self.code, self.ctx.epoch)
        return html, key, {**self.meta, "title": name, "key": key}


class ChecklistBuilder:
    name = "danh sách kiểm tra (PDF)"

    def __init__(self):
        self.jobs: list = []
        self.pool: ProcessPoolExecutor | None = None
        self.results = iter(())

    def start(self, ctx: BuildContext) -> None:
        """Decide which checklists to render and set the workers going at once, before the other builders compete
        for the processor: starting a worker (importing WeasyPrint) is the slowest step of a small rebuild."""
        css_text = stylesheet()
        job = Jobs(ctx, css_text)
        for plan in ctx.plans:
            html, key, meta = job(plan)
            rel = layout.checklist(plan.board)
            if not ctx.reuse.take(BUILDER, rel, key):
                self.jobs.append((plan.board.id, html, str(ctx.target(rel)), meta))
        if not self.jobs:
            return
        workers = max(1, min(ctx.jobs, len(self.jobs)))
        self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_start_build_worker, initargs=(css_text,))
        self.results = self.pool.map(_render_pdf, self.jobs, chunksize=max(1, len(self.jobs) // (workers * 4)))

    def build(self, ctx: BuildContext) -> None:
        if self.pool is None:
            return
        with self.pool:
            for done, (board_id, error) in enumerate(self.results, 1):
                if error:
                    raise OutputError(self.name, error, board=board_id)
                ctx.progress(self.name, done, len(self.jobs))
