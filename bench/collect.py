#!/usr/bin/env python3
"""Consolidation benchmark: `build.py collect` over an inbox of 96 boards × 3 reports (288 files), filled
Word-style on the XML (tests/fill.py) with varied figures, in day folders around each deadline, plus 10 duplicates
and 10 resubmissions.

The pack is built once in a scratch copy of the project (or taken from --site); the inbox is made once; then
`build.py collect` runs --runs times in its own process, each time into a fresh output folder (so the archive is
written every time). Printed: the median wall time, files per second, and the time of each phase in one
in-process run (scan and archive, read, checks and sums, outputs).

Usage: .venv/bin/python bench/collect.py [--runs 3] [--site SITE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, median, scratch_project

sys.path.insert(0, str(ROOT / "tests"))

from fill import fill_word_style  # noqa: E402

from guidepack.build import build  # noqa: E402
from guidepack.collect.cells import board_cells  # noqa: E402
from guidepack.collect.settings import load_settings  # noqa: E402
from guidepack.load import load_model  # noqa: E402


def vn(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def answers(rng: random.Random, model, board) -> dict[str, str]:
    out = {"dac-diem": f"Đặc điểm tình hình của {board.name}.\nĐoạn thứ hai.", "ky.ho-ten": "Nguyễn Thị Hoa"}
    for cell in board_cells(model, board):
        if cell.column.id == "tong-so":
            total = rng.randint(50, 5000) if cell.row.people else rng.randint(1, 40)
            out[cell.tag] = vn(total) if cell.type == "whole" else f"{total},5"
            women = int(total * rng.uniform(0.2, 0.6))
            women_tag = cell.tag.replace(".tong-so", ".nu")
            if cell.row.people:
                out[women_tag] = vn(women)
                out[cell.tag.replace(".tong-so", ".ty-le-nu")] = f"{100 * women / total:.1f}".replace(".", ",")
    return out


def make_inbox(site: Path, model, documents, box: Path) -> int:
    rng = random.Random(2011)
    count = 0
    for board in model.boards:
        for doc in documents:
            template = site / "tai-ve" / board.id / f"{doc.id}-{board.id}.docx"
            if not template.is_file():
                continue
            day = doc.deadline + dt.timedelta(days=rng.randint(-5, 3))
            folder = box / day.isoformat()
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / f"{doc.id} {board.short}.docx"
            fill_word_style(template, target, answers(rng, model, board))
            count += 1
            if count % 29 == 0:  # a duplicate the next day
                later = box / (day + dt.timedelta(days=1)).isoformat()
                later.mkdir(exist_ok=True)
                shutil.copyfile(target, later / f"Fwd {target.name}")
                count += 1
            if count % 31 == 0:  # a resubmission a week later
                later = box / (day + dt.timedelta(days=7)).isoformat()
                later.mkdir(exist_ok=True)
                fill_word_style(template, later / f"sua {target.name}", answers(rng, model, board))
                count += 1
    return count


def phases(root: Path, site: Path, box: Path, out: Path) -> dict[str, float]:
    """One in-process run, timed phase by phase (process CPU time, which other programs on the machine do not
    inflate as much as wall time)."""
    from guidepack.collect import consolidate, inbox, outputs, read
    timings: dict[str, float] = {}
    originals = {"scan": inbox.scan, "read": read.read_reports, "write": outputs.write_all}

    def timed(name, fn):
        def wrapper(*args, **kwargs):
            t0 = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                timings[name] = timings.get(name, 0) + time.process_time() - t0
        return wrapper

    consolidate.inbox_mod.scan = timed("scan and archive", originals["scan"])
    consolidate.read_reports = timed("read", originals["read"])
    try:
        t0 = time.process_time()
        result = consolidate.collect(root, box, out, site)
        total = time.process_time() - t0
        timings["checks, outliers, sums"] = total - sum(timings.values())
        timed("outputs (json, xlsx, docx, html)", originals["write"])(result, out)
    finally:
        consolidate.inbox_mod.scan = originals["scan"]
        consolidate.read_reports = originals["read"]
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", type=Path, default=None, help="a built pack to use instead of building one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-collect-") as tmp:
        tmp = Path(tmp)
        root = scratch_project(tmp / "project")
        site = args.site
        if site is None:
            site = root / "site"
            t0 = time.perf_counter()
            build(root, site=site)
            print(f"pack built in {time.perf_counter() - t0:.1f} s", flush=True)
        model = load_model(root / "data")
        documents = load_settings(root, model).documents
        box = tmp / "hop-thu"
        t0 = time.perf_counter()
        files = make_inbox(site, model, documents, box)
        print(f"inbox: {files} files ({len(model.boards)} boards × {len(documents)} reports, with duplicates and "
              f"resubmissions), filled in {time.perf_counter() - t0:.1f} s", flush=True)
        walls, cpus = [], []
        env = dict(os.environ, PYTHONPATH=str(root))
        for i in range(args.runs):
            out = tmp / f"out-{i}"
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run([sys.executable, str(root / "build.py"), "collect", str(box), "--root", str(root),
                            "--site", str(site), "--out", str(out)], check=True, env=env, stdout=subprocess.DEVNULL)
            walls.append(time.perf_counter() - t0)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        wall, cpu = median(walls), median(cpus)
        runs = ", ".join(f"{w:.2f}" for w in walls)
        print(f"build.py collect, median of {args.runs}: {wall:.2f} s wall (runs: {runs})"
              f" = {files / wall:.1f} files/s; CPU {cpu:.2f} s (runs: {', '.join(f'{c:.2f}' for c in cpus)}) = "
              f"{files / cpu:.1f} files per CPU second")
        split = phases(root, site, box, tmp / "out-phases")
        for name, seconds in split.items():
            print(f"  {name:<36} {seconds:6.2f} s CPU")
        results = {"files": files, "boards": len(model.boards), "reports": len(documents), "walls": walls,
                   "median": wall, "files_per_second": files / wall, "cpu": cpus,
                   "files_per_cpu_second": files / cpu, "phases": split}
        (ROOT / "bench" / "out").mkdir(exist_ok=True)
        (ROOT / "bench" / "out" / "collect.json").write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
