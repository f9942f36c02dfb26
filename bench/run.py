#!/usr/bin/env python3
"""Build benchmarks, all in one run of the machine, as medians (see bench/README.md).

1. the full build of the bundled pack from nothing;
2. rebuilds: nothing changed; one board's name changed; one task's text changed;
3. the floor: the same PDFs back to back in warm WeasyPrint processes over all cores + the site build alone + the
   DOCX work done once per template;
4. a naive build: a fresh process per PDF and a pandoc run per DOCX, one after another, plus the site;
then the ratios full/floor and naive/full, against the targets of issue 6.

Usage: .venv/bin/python bench/run.py [--runs 3] [--naive-runs 3] [--jobs N]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from xml.sax.saxutils import escape

from common import ROOT, median, run_build, scratch_project, show

from guidepack import layout
from guidepack.builders import checklist, docx
from guidepack.builders.site import SiteBuilder
from guidepack.context import BuildContext
from guidepack.docx_reference import build_reference
from guidepack.incremental import Reuse
from guidepack.load import load_model
from guidepack.plan import plans


def context(root: Path, out: Path, jobs: int) -> BuildContext:
    model = load_model(root / "data")
    out.mkdir(parents=True, exist_ok=True)
    (out.parent / "work").mkdir(exist_ok=True)
    return BuildContext(root=root, model=model, plans=plans(model), out=out, work=out.parent / "work",
                        reuse=Reuse(None, out), epoch=1300000000, jobs=jobs)


def checklist_inputs(ctx: BuildContext) -> tuple[str, list[tuple[str, str, str, dict]]]:
    css = checklist.stylesheet()
    jobs, job = [], checklist.Jobs(ctx, css)
    for p in ctx.plans:
        html, _key, meta = job(p)
        jobs.append((p.board.id, html, str(ctx.target(layout.checklist(p.board))), meta))
    return css, jobs


def floor_pdfs(ctx: BuildContext) -> float:
    """The PDFs alone, in worker processes that have already imported WeasyPrint and rendered once."""
    css, jobs = checklist_inputs(ctx)
    with ProcessPoolExecutor(ctx.jobs, mp_context=multiprocessing.get_context("spawn"),
                             initializer=checklist._start_worker, initargs=(css,)) as pool:
        list(pool.map(checklist._render_pdf, jobs[: ctx.jobs * 2]))  # warm every worker
        t0 = time.perf_counter()
        list(pool.map(checklist._render_pdf, jobs, chunksize=max(1, len(jobs) // (ctx.jobs * 4))))
        return time.perf_counter() - t0


def floor_site(ctx: BuildContext) -> float:
    t0 = time.perf_counter()
    SiteBuilder().build(ctx)
    return time.perf_counter() - t0


def docx_sources(ctx: BuildContext):
    import pypandoc
    pandoc = pypandoc.get_pandoc_path()
    reference = ctx.work / "reference.docx"
    return pandoc, reference


def floor_docx(ctx: BuildContext) -> float:
    """The DOCX work done once per template: the reference document and one pandoc run per document."""
    pandoc, reference = docx_sources(ctx)
    builder, geo = docx.DocxBuilder(), docx.geometry(ctx.model.format.issuing_body, ctx.model.format.motto)
    t0 = time.perf_counter()
    reference.write_bytes(build_reference(pandoc))
    for doc in ctx.model.documents:
        docx.run_pandoc(pandoc, builder.markdown(ctx, doc, None, geo)[0], str(reference), ctx.epoch)
    return time.perf_counter() - t0


# The same rendering and PDF/A finishing as the build, in a fresh process for one document.
NAIVE_PDF = ("import json, sys; from guidepack.builders import checklist as c; "
             "c._start_worker(open(sys.argv[3], encoding='utf-8').read()); "
             "sys.exit(c._render_pdf((sys.argv[4], open(sys.argv[1], encoding='utf-8').read(), sys.argv[2], "
             "json.loads(sys.argv[5])))[1])")


def naive_build(ctx: BuildContext) -> float:
    """What a straightforward script does: a fresh WeasyPrint process per PDF, a pandoc run per DOCX."""
    css, jobs = checklist_inputs(ctx)
    css_file = ctx.work / "checklist.css"
    css_file.write_text(css, encoding="utf-8")
    pandoc, reference = docx_sources(ctx)
    builder, geo = docx.DocxBuilder(), docx.geometry(ctx.model.format.issuing_body, ctx.model.format.motto)
    t0 = time.perf_counter()
    SiteBuilder().build(ctx)
    env = dict(os.environ, PYTHONPATH=str(ctx.root))
    for board_id, html, target, meta in jobs:
        source = ctx.work / f"{board_id}.html"
        source.write_text(html, encoding="utf-8")
        subprocess.run([sys.executable, "-c", NAIVE_PDF, str(source), target, str(css_file), board_id,
                        json.dumps(meta)], check=True, env=env)
    reference.write_bytes(build_reference(pandoc))
    for plan in ctx.plans:
        values = docx.board_values(plan.board, geo)
        for a in plan.documents:
            markdown, _ = builder.markdown(ctx, a.item, plan, geo)
            for key, token in docx.TOKENS.items():
                markdown = markdown.replace(token, escape(values[key]))
            data = docx.run_pandoc(pandoc, markdown, str(reference), ctx.epoch)
            ctx.target(layout.template(plan.board, a.item)).write_bytes(data)
    return time.perf_counter() - t0


def edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(pattern, replacement, text, count=1, flags=re.M)
    assert count == 1, pattern
    path.write_text(new, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--naive-runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    results: dict[str, list[float]] = {}
    print(f"machine: {os.cpu_count()} cores; jobs {args.jobs}; runs {args.runs}", flush=True)

    with tempfile.TemporaryDirectory(prefix="pack-bench-") as tmp:
        root = scratch_project(Path(tmp) / "project")

        full = []
        for _ in range(args.runs):
            shutil.rmtree(root / "site", ignore_errors=True)
            full.append(run_build(root, args.jobs))
        results["full"] = full
        show("1. full build from nothing", full)

        results["unchanged"] = [run_build(root, args.jobs) for _ in range(args.runs)]
        show("2a. rebuild, nothing changed", results["unchanged"])

        board, task = [], []
        for i in range(args.runs):
            edit(root / "data/boards.yaml", r"^(        name: Ban vì sự tiến bộ của phụ nữ tỉnh Thanh Hóa).*$",
                 rf"\1 (đổi tên {i})")
            board.append(run_build(root, args.jobs))
        results["one_board"] = board
        show("2b. rebuild, one board's name changed", board)
        for i in range(args.runs):
            edit(root / "data/tasks.yaml", r"^(      - Tăng cường kiểm tra, hướng dẫn triển khai hoạt động).*$",
                 rf"\1 vì sự tiến bộ của phụ nữ (sửa {i})")
            task.append(run_build(root, args.jobs))
        results["one_task"] = task
        show("2c. rebuild, one task's text changed", task)

        floors = {"pdf": [], "site": [], "docx": []}
        for i in range(args.runs):
            ctx = context(root, Path(tmp) / f"floor{i}" / "site", args.jobs)
            floors["pdf"].append(floor_pdfs(ctx))
            shutil.rmtree(ctx.out)
            ctx.out.mkdir()
            floors["site"].append(floor_site(ctx))
            floors["docx"].append(floor_docx(ctx))
        for part, values in floors.items():
            results[f"floor_{part}"] = values
            show(f"3. floor: {part}", values)
        floor = median(floors["pdf"]) + median(floors["site"]) + median(floors["docx"])
        print(f"{'3. floor (sum of the medians)':<52} {floor:8.2f} s", flush=True)

        naive = []
        for i in range(args.naive_runs):
            naive.append(naive_build(context(root, Path(tmp) / f"naive{i}" / "site", args.jobs)))
        results["naive"] = naive
        show("4. naive build", naive)

    f = median(results["full"])
    ratios = {
        "full / floor": (f / floor, "<= 1.5"),
        "naive / full": (median(naive) / f, ">= 8"),
        "unchanged / full": (median(results["unchanged"]) / f, "<= 0.10"),
        "one board / full": (median(results["one_board"]) / f, "<= 0.20"),
        "one task / full": (median(results["one_task"]) / f, "(no target)"),
    }
    print()
    for name, (value, target) in ratios.items():
        print(f"{name:<20} {value:6.2f}   target {target}")
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "results.json").write_text(json.dumps(
        {"runs": results, "floor": floor, "ratios": {k: v[0] for k, v in ratios.items()},
         "cores": os.cpu_count(), "jobs": args.jobs}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
