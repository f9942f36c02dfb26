"""The build, as a sequence of named phases: load, plan, render each output, publish."""

from __future__ import annotations

import os
import signal
import time
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from .builders.calendar import CalendarBuilder
from .builders.checklist import ChecklistBuilder
from .builders.docx import DocxBuilder
from .builders.index import IndexBuilder
from .builders.offline import OfflineBuilder
from .builders.site import SiteBuilder
from .builders.workers import build_epoch
from .context import BuildContext
from .errors import OutputError, PackError
from .incremental import Reuse
from .load import load_model
from .plan import plans
from .publish import Staging, build_lock
from .tools import check_all

# Test hook (tests/test_faults.py): GUIDEPACK_FAULT=<point> makes the build kill itself with SIGKILL at that point,
# to prove that a build killed anywhere leaves the published site/ whole. Points: load, start:<builder> (checklist,
# site, docx, calendar, index), progress (after the first PDF), before-publish, publish (inside the swap).
# GUIDEPACK_FAULT=pause:<point> holds the build there instead, so that a test can press Ctrl-C at a known moment
# (a 3-board build is otherwise over before the signal arrives).
FAULT_ENV = "GUIDEPACK_FAULT"
SIGNAL_POLL = 0.2  # seconds: how soon the build's main thread notices Ctrl-C while builders run

# The outputs, stage after stage; the builders of a stage are independent and run at the same time (the PDFs keep
# every core busy in worker processes while MkDocs and pandoc work beside them).
STAGES = (
    (ChecklistBuilder, SiteBuilder, DocxBuilder, CalendarBuilder),
    (IndexBuilder,),
    (OfflineBuilder,),  # the whole pack in a zip: after every other file is in place
)


def fault(point: str) -> None:
    action = os.environ.get(FAULT_ENV)
    if action == point:
        os.kill(os.getpid(), signal.SIGKILL)
    elif action == "pause:" + point:
        time.sleep(120)


@dataclass
class BuildReport:
    boards: int = 0
    files: int = 0
    built: int = 0      # files rendered this time
    reused: int = 0     # files taken unchanged from the previous pack
    seconds: float = 0.0
    phases: list[tuple[str, float]] = field(default_factory=list)


def run_builder(builder, ctx: BuildContext, step: str = "build") -> None:
    """One builder's step; an unexpected error becomes an OutputError naming the output (builders name the board)."""
    if step == "build":
        fault("start:" + type(builder).__module__.rsplit(".", 1)[-1])
    try:
        getattr(builder, step)(ctx)
    except PackError:
        raise
    except Exception as exc:
        raise OutputError(builder.name, f"{type(exc).__name__}: {exc}") from exc


def run_stage(builders, ctx: BuildContext, phase) -> None:
    """Run independent builders side by side; the first error (with its board and output) stops the build."""
    # A builder with a `start` step sets its worker processes going first, one builder after the other.
    for b in builders:
        if hasattr(b, "start"):
            phase(f"{b.name}: khởi động", lambda b=b: run_builder(b, ctx, "start"))
    if len(builders) == 1:
        phase(builders[0].name, lambda: run_builder(builders[0], ctx))
        return
    pool = ThreadPoolExecutor(len(builders))
    try:
        pending = {pool.submit(phase, b.name, lambda b=b: run_builder(b, ctx)) for b in builders}
        while pending:
            # Wake up now and then: Ctrl-C may be delivered to a builder's thread, and Python runs its handler
            # only when the main thread runs; blocked until a builder ends, a build would ignore it meanwhile.
            done, pending = wait(pending, timeout=SIGNAL_POLL, return_when=FIRST_EXCEPTION)
            for future in done:
                error = future.exception()
                if error is not None:
                    raise error
    except BaseException:
        # Do not wait for the other builders: their output is thrown away with the staging folder.
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def check(root: Path):
    """Load and validate the data only."""
    return load_model(root / "data")


def build(root: Path, site: Path | None = None, jobs: int | None = None, log=None, force: bool = False,
          progress=None) -> BuildReport:
    """Build the whole pack and publish it to `site` (default: root/site) only when every output is complete.

    Outputs whose inputs are unchanged since the published pack are reused from it, unless `force`.
    """
    root = Path(root).resolve()
    log = log or (lambda message: None)
    report = BuildReport()
    started = time.perf_counter()

    def phase(name: str, action):
        t0 = time.perf_counter()
        result = action()
        report.phases.append((name, time.perf_counter() - t0))
        log(f"  {name}: {time.perf_counter() - t0:.2f} s")
        return result

    fault("load")
    model = phase("đọc dữ liệu", lambda: load_model(root / "data"))
    board_plans = phase("lập kế hoạch từng Ban", lambda: plans(model))
    phase("kiểm tra công cụ", check_all)
    target = Path(site or root / "site").resolve()
    with build_lock(target):
        _build_into(root, target, model, board_plans, jobs, force, progress, phase, report)
    report.boards = len(model.boards)
    report.seconds = time.perf_counter() - started
    return report


def _build_into(root, target, model, board_plans, jobs, force, progress, phase, report) -> None:
    epoch = build_epoch(model.build_date)
    # The tools the build runs (pandoc, MkDocs) put dates in their output: make them use the build's.
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    staging = Staging(target)
    try:
        previous = staging.target if staging.target.is_dir() else None
        # Every output's key includes the build's date, so outputs that carry it are remade when it changes.
        reuse = Reuse(previous, staging.out, force=force)
        ctx = BuildContext(root=root, model=model, plans=board_plans, out=staging.out, work=staging.work,
                           reuse=reuse, epoch=epoch, jobs=jobs or os.cpu_count() or 1)

        def on_progress(name, done, total):
            fault("progress")
            if progress:
                progress(name, done, total)

        ctx.progress = on_progress
        for stage in STAGES:
            run_stage([builder_class() for builder_class in stage], ctx, phase)
        reuse.save()
        report.files = len(reuse.new)
        report.built, report.reused = reuse.built, reuse.reused
        fault("before-publish")
        phase("xuất bản site/", lambda: staging.publish(lambda: fault("publish")))
    except BaseException:
        staging.discard()
        raise

