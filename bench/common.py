"""Helpers shared by the benchmarks: a scratch copy of the project, timing, medians."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def scratch_project(dest: Path) -> Path:
    """Copy the project's sources (not site/, .venv/) so that benchmarks can edit data freely."""
    for name in ("data", "content", "guidepack", "mkdocs.yml", "build.py"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, dest / name)
    for extra in ("overrides",):
        if (ROOT / extra).is_dir():
            shutil.copytree(ROOT / extra, dest / extra)
    return dest


def run_build(root: Path, *args: str) -> float:
    """Wall time of `build.py` in its own process, as a user runs it."""
    env = dict(os.environ, PYTHONPATH=str(root), SOURCE_DATE_EPOCH="1300000000")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, str(root / "build.py"), "--root", str(root), "--quiet", *args],
                   check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def median(values: list[float]) -> float:
    return statistics.median(values)


def show(label: str, values: list[float]) -> None:
    runs = ", ".join(f"{v:.2f}" for v in values)
    print(f"{label:<52} {median(values):8.2f} s   (runs: {runs})", flush=True)
