#!/usr/bin/env python3
"""Scale benchmark: a synthetic district-level roll-out (not part of the published pack), every output built.

Generates boards.yaml with N district boards (names cycle through the 63 provinces), builds the whole pack from
nothing in a scratch copy of the project, and reports wall time, time per board and the peak memory of the whole
process tree (the build and its workers, sampled from /proc every 0.2 s).

Each size is built --runs times (default 1), each time from nothing; the wall time printed is the median, the
memory the highest peak. Peak memory sums the resident memory of every process, so pages they share (libraries)
count once per process: an upper bound.

Usage: .venv/bin/python bench/scale.py [--boards 100 1000 10000] [--runs N] [--jobs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import build_process, median, scratch_project

from guidepack.load import load_model


def synthetic_boards(root: Path, count: int) -> str:
    provinces = [b for b in load_model(root / "data").boards if b.level == "local"]
    lines = ["groups:", "  - id: huyen", "    title: Huyện (dữ liệu thử nghiệm)", "    level: local",
             "    confirmed: false", "    note: Dữ liệu tổng hợp cho đo hiệu năng, không phải cơ quan thật.",
             "    boards:"]
    for i in range(1, count + 1):
        p = provinces[i % len(provinces)]
        lines += [f"      - id: huyen-{i:05d}",
                  f"        agency: UBND huyện Thử Nghiệm {i} ({p.short})",
                  f"        name: Ban vì sự tiến bộ của phụ nữ huyện Thử Nghiệm {i}",
                  f"        short: Huyện Thử Nghiệm {i}",
                  f"        parent: UBND HUYỆN THỬ NGHIỆM {i}",
                  f"        place: {p.place}"]
    return "\n".join(lines) + "\n"


def tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ppid, pages = int(fields[1]), int(fields[21])
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = pages * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += rss.get(p, 0)
        stack += children.get(p, [])
    return total


def measure(root: Path, jobs: int) -> tuple[float, int]:
    t0 = time.perf_counter()
    proc = build_process(root, jobs)
    peak = 0
    stop = threading.Event()

    def sample():
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = proc.wait()
    stop.set()
    sampler.join()
    if code != 0:
        raise SystemExit(f"build failed with exit code {code}")
    return time.perf_counter() - t0, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boards", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    print(f"{'boards':>7} {'wall (s)':>9} {'per board (ms)':>15} {'peak memory (MB)':>17}", flush=True)
    base = None
    per_board = []
    for count in args.boards:
        with tempfile.TemporaryDirectory(prefix="pack-scale-") as tmp:
            root = scratch_project(Path(tmp) / "project")
            (root / "data" / "boards.yaml").write_text(synthetic_boards(root, count), encoding="utf-8")
            walls, peak = [], 0
            for _ in range(args.runs):
                shutil.rmtree(root / "site", ignore_errors=True)
                run_wall, run_peak = measure(root, args.jobs)
                walls.append(run_wall)
                peak = max(peak, run_peak)
            wall = median(walls)
            per = wall / count * 1000
            per_board.append(per)
            base = base or per
            print(f"{count:>7} {wall:>9.1f} {per:>15.1f} {peak / 2**20:>17.0f}   ({per / base:.2f}x the first)",
                  flush=True)
            shutil.rmtree(root / "site", ignore_errors=True)
    print(f"time per board, highest / lowest: {max(per_board) / min(per_board):.2f} (goal: at most 1.2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
