"""Helpers shared by the benchmarks: a scratch copy of the project, timing, medians."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from packs import build_command, build_env  # noqa: E402  (the tests' helpers: one way to run a build)
from packs import copy_project as scratch_project  # noqa: E402, F401  (sources only: not site/, .venv/)

EPOCH = "1300000000"  # a fixed build date, so that runs differ only in what they measure


def build_process(root: Path, jobs: int) -> subprocess.Popen:
    """build.py in its own process, as a user runs it, quiet."""
    return subprocess.Popen(build_command(root, "--quiet", jobs=jobs), env=build_env(root, SOURCE_DATE_EPOCH=EPOCH),
                            stdout=subprocess.DEVNULL)


def run_build(root: Path, jobs: int) -> float:
    """Wall time of `build.py` in its own process."""
    t0 = time.perf_counter()
    code = build_process(root, jobs).wait()
    if code != 0:
        raise SystemExit(f"build failed with exit code {code}")
    return time.perf_counter() - t0


def median(values: list[float]) -> float:
    return statistics.median(values)


def show(label: str, values: list[float]) -> None:
    runs = ", ".join(f"{v:.2f}" for v in values)
    print(f"{label:<52} {median(values):8.2f} s   (runs: {runs})", flush=True)
