"""Per-board checklist PDFs (WeasyPrint), rendered in long-lived worker processes over all cores.

A fresh process per PDF would spend most of its time starting WeasyPrint (../shared/reference/cong-cu.md): about
0.5 s of processor time, to import it (it parses C declarations with pycparser) and to render a first document
(which parses the C types it uses and loads the fonts). That is done once per build, not once per worker: the
workers are forked from multiprocessing's forkserver, which imports `pdf_warm_up` (render one small document)
before forking them; each then keeps its parsed stylesheet and fonts for every document it renders.

Each PDF is rendered as tagged PDF/UA-1 and finished in the same worker into PDF/A-2a + PDF/UA-1
(`pdf_archive.py`). The boxes are drawn for a pen, not fillable: WeasyPrint's form checkboxes carry no appearance
for the ticked state (poppler shows a ticked box empty) and need `NeedAppearances`, which PDF/A forbids.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import os
import re
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

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
    # Imported here, never in the build's own process: it has threads, and a process with threads must not fork.
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    _worker.update(css_text=css_text, font_config=font_config, css=CSS(string=css_text, font_config=font_config))


def _start_build_worker(css_text: str) -> None:
    """A worker of the build: it also ends with the build, and leaves Ctrl-C to it (see tools.die_with_parent).
    Forked from the warmed-up forkserver, it keeps the stylesheet parsed there when it is the build's."""
    from ..tools import die_with_parent
    die_with_parent()
    if _worker.get("css_text") != css_text:
        _start_worker(css_text)


# A small document with what a checklist has (headings, list, table, Vietnamese text, page footer), to warm up.
WARM_UP_HTML = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Khởi động</title></head><body>
<h1>Danh sách kiểm tra</h1><h2>Nhiệm vụ</h2><ul><li>Xây dựng kế hoạch công tác</li></ul>
<table><thead><tr><th>Báo cáo</th><th>Thời hạn</th></tr></thead>
<tbody><tr><td>Sơ kết 6 tháng đầu năm</td><td>0123456789/</td></tr></tbody></table></body></html>"""


def warm_up() -> None:
    """Start WeasyPrint in this process and render one small document with the checklist's stylesheet, so that
    the workers forked from it render their first checklist at full speed. A failure is left to the workers,
    which start cold and report it with the board's name."""
    try:
        _start_worker(stylesheet())
        pdf_bytes(WARM_UP_HTML, {"title": "Khởi động", "author": "", "subject": "", "lang": "vi", "epoch": 0,
                                 "key": ""})
    except Exception:
        _worker.clear()


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


WARM_UP_MODULE = "guidepack.builders.pdf_warm_up"
PROJECT_ROOT = Path(__file__).resolve().parents[2]  # the folder that holds this guidepack package


def warm_forkserver():
    """The multiprocessing context whose processes fork from a server that has warmed WeasyPrint up.

    Called on the build's main thread: the server dies with the thread that started it (tools.die_with_parent),
    and its workers die with it. Python 3.11's forkserver ignores the build's sys.path when it imports the warm-up
    module and puts the current folder first: while the server starts, PYTHONPATH names this package's folder and
    PYTHONSAFEPATH leaves the current folder out, so that it warms up this copy of guidepack and no other.
    """
    mp = multiprocessing.get_context("forkserver")
    mp.set_forkserver_preload([WARM_UP_MODULE])
    saved = {name: os.environ.get(name) for name in ("PYTHONPATH", "PYTHONSAFEPATH")}
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), saved["PYTHONPATH"]]))
    os.environ["PYTHONSAFEPATH"] = "1"
    try:
        multiprocessing.forkserver.ensure_running()
    finally:
        for name, value in saved.items():
            if value is None:
                del os.environ[name]
            else:
                os.environ[name] = value
    return mp


class ChecklistBuilder:
    name = "danh sách kiểm tra (PDF)"

    def __init__(self):
        self.jobs: list = []
        self.pool: ProcessPoolExecutor | None = None
        self.results = iter(())
        self.starting: threading.Thread | None = None
        self.start_error: BaseException | None = None

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
        mp = warm_forkserver()
        # Starting a worker waits until the server has warmed up (about 0.5 s): done on a thread of its own, while
        # this one goes on with the other builders.
        self.starting = threading.Thread(target=self._start_pool, args=(mp, workers, css_text), name="pdf-workers")
        self.starting.start()

    def _start_pool(self, mp, workers: int, css_text: str) -> None:
        try:
            self.pool = ProcessPoolExecutor(workers, mp_context=mp,
                                            initializer=_start_build_worker, initargs=(css_text,))
            self.results = self.pool.map(_render_pdf, self.jobs,
                                         chunksize=max(1, len(self.jobs) // (workers * 4)))
        except BaseException as exc:  # raised again by build(), on the build's thread
            self.start_error = exc

    def build(self, ctx: BuildContext) -> None:
        if self.starting is None:
            return
        self.starting.join()
        if self.start_error is not None:
            raise self.start_error
        with self.pool:
            for done, (board_id, error) in enumerate(self.results, 1):
                if error:
                    raise OutputError(self.name, error, board=board_id)
                ctx.progress(self.name, done, len(self.jobs))
