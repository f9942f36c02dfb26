"""The build, as a sequence of named phases: load, plan, render each output, publish."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from .builders import BUILDERS
from .builders.workers import build_epoch
from .context import BuildContext
from .load import load_model
from .plan import plans
from .publish import Staging


@dataclass
class BuildReport:
    boards: int = 0
    files: int = 0
    seconds: float = 0.0
    phases: list[tuple[str, float]] = field(default_factory=list)


def check(root: Path):
    """Load and validate the data only."""
    return load_model(root / "data")


def build(root: Path, site: Path | None = None, jobs: int | None = None, log=None) -> BuildReport:
    """Build the whole pack and publish it to `site` (default: root/site) only when every output is complete."""
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
        ctx = BuildContext(root=root, model=model, plans=board_plans, out=staging.out, work=staging.work,
                           epoch=build_epoch(root), jobs=jobs or os.cpu_count() or 1)
        for builder_class in BUILDERS:
            builder = builder_class()
            phase(builder.name, lambda b=builder: b.build(ctx))
        report.files = sum(1 for p in staging.out.rglob("*") if p.is_file())
        phase("xuất bản site/", staging.publish)
    except BaseException:
        staging.discard()
        raise
    report.boards = len(model.boards)
    report.seconds = time.perf_counter() - started
    return report

