#!/usr/bin/env python3
"""Reading filled reports back: files read per second (median of runs), see bench/README.md.

One round as the office receives it: every board's half-year report (bao-cao-so-ket-6-thang), filled Word-style
(tags kept: read by tag) and the same files with every control unwrapped (read by fixed text), read with a fresh
reader each run, so the templates are read too, as in a real round. Needs the built pack (`make`): site/.

Usage: .venv/bin/python bench/read.py [--runs 5] [--document bao-cao-so-ket-6-thang]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, median

sys.path.insert(0, str(ROOT / "tests"))
from fill import fill_word_style, unwrap_controls  # noqa: E402

from guidepack.collect.read import Library, read_reports  # noqa: E402
from guidepack.load import load_model  # noqa: E402


def answers(template) -> dict[str, str]:
    """Every field answered: narrative parts in three paragraphs, numbers Vietnamese-style."""
    out = {}
    for i, (tag, f) in enumerate(template.fields.items()):
        out[tag] = ("Đoạn một.\nĐoạn hai có số 1.234.\nĐoạn ba." if f.block else f"{i},5" if "ty-le" in tag
                    else str(i))
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--document", default="bao-cao-so-ket-6-thang")
    args = parser.parse_args()
    site = ROOT / "site"
    if not (site / "pack.json").is_file():
        print("Run `make` first: bench/read.py reads against site/.", file=sys.stderr)
        return 1
    model = load_model(ROOT / "data")
    pack = json.loads((site / "pack.json").read_text(encoding="utf-8"))
    library = Library(site, model)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        sets = {"tag": [], "text": []}
        for board in pack["boards"]:
            if not library.entry(board["id"], args.document):
                continue
            template = library.template(board["id"], args.document)
            word = tmp / f"{board['id']}-word.docx"
            fill_word_style(site / template.path, word, answers(template))
            unwrapped = tmp / f"{board['id']}-unwrapped.docx"
            unwrap_controls(word, unwrapped)
            sets["tag"].append(word)
            sets["text"].append(unwrapped)
        print(f"{len(sets['tag'])} filled '{args.document}' reports per set; {args.runs} runs each "
              "(wall time, fresh reader per run: templates read too).")
        for how, files in sets.items():
            rates = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                readings = read_reports(files, site, model)
                seconds = time.perf_counter() - t0
                assert all(r.ok and set(r.how.values()) == {how} for r in readings), "a file was not read whole"
                rates.append(len(files) / seconds)
            runs = ", ".join(f"{r:.0f}" for r in rates)
            print(f"read by {how:<5} {median(rates):8.1f} files/s   (runs: {runs})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
