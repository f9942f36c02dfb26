"""The build, as a sequence of named phases: load, plan, render each output, publish."""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .builders import STAGES
from .builders.workers import build_epoch
from .context import BuildContext
from .incremental import Reuse
from .load import load_model
from .plan import plans
from .publish import Staging


@dataclass
class BuildReport:
    boards: int = 0
    files: int = 0
    built: int = 0      # files rendered this time
    reused: int = 0     # files taken unchanged from the previous pack
    seconds: float = 0.0
    phases: list[tuple[str, float]] = field(default_factory=list)


def run_stage(builders, ctx: BuildContext, phase) -> None:
    """Run independent builders side by side; the first error (with its board and output) stops the build."""
    if len(builders) == 1:
        phase(builders[0].name, lambda: builders[0].build(ctx))
        return
    with ThreadPoolExecutor(len(builders)) as pool:
        futures = [pool.submit(phase, b.name, lambda b=b: b.build(ctx)) for b in builders]
        for future in as_completed(futures):
            error = future.exception()
            if error is not None:
                for other in futures:
                    other.cancel()
                raise error


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

    model = phase("đọc dữ liệu", lambda: load_model(root / "data"))
    board_plans = phase("lập kế hoạch từng Ban", lambda: plans(model))
    staging = Staging(site or root / "site")
    try:
        previous = staging.target if staging.target.is_dir() else None
        reuse = Reuse(previous, staging.out, force=force)
        ctx = BuildContext(root=root, model=model, plans=board_plans, out=staging.out, work=staging.work,
                           reuse=reuse, epoch=build_epoch(), jobs=jobs or os.cpu_count() or 1)
        if progress:
            ctx.progress = progress
        for stage in STAGES:
            run_stage([builder_class() for builder_class in stage], ctx, phase)
        reuse.save()
        report.files = len(reuse.new)
        report.built, report.reused = reuse.built, reuse.reused
        phase("xuất bản site/", staging.publish)
    except BaseException:
        staging.discard()
        raise
    report.boards = len(model.boards)
    report.seconds = time.perf_counter() - started
    return report

