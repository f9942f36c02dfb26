"""`python build.py read [--json] FILE...`: read filled reports against the built pack (site/ and data/)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import PackError
from ..fields import field_specs


def parse_args(argv, root: Path):
    parser = argparse.ArgumentParser(
        prog="build.py read", description="Đọc các báo cáo các Ban đã điền và gửi về (DOCX, ODT).")
    parser.add_argument("files", nargs="+", type=Path, metavar="TỆP", help="các tệp báo cáo nhận được")
    parser.add_argument("--json", action="store_true", help="chỉ in danh sách JSON (mỗi tệp một mục) ra stdout")
    parser.add_argument("--site", type=Path, default=None, help="bộ tài liệu đã dựng (mặc định: site/)")
    parser.add_argument("--root", type=Path, default=root, help="thư mục dự án (chứa data/)")
    parser.add_argument("--debug", action="store_true", help="in chi tiết lỗi lập trình (traceback)")
    return parser.parse_args(argv)


def read_main(argv, root: Path) -> int:
    """Exit 0 when every file was identified and read, 1 otherwise (or when the pack is missing); never a
    traceback unless --debug."""
    args = parse_args(argv, root)
    site = args.site or args.root / "site"
    try:
        from ..load import load_model
        from .read import read_reports
        if not (site / "pack.json").is_file():
            print(f"Chưa có bộ tài liệu đã dựng ở {site} (thiếu pack.json): chạy `make` trước, rồi đọc lại.",
                  file=sys.stderr)
            return 1
        model = load_model(args.root / "data")
        readings = read_reports(args.files, site, model)
    except PackError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except Exception as exc:
        if args.debug:
            raise
        print(f"Lỗi không mong đợi ({type(exc).__name__}: {exc}). Chạy lại với --debug để xem chi tiết.",
              file=sys.stderr)
        return 70
    if args.json:
        json.dump([r.as_json() for r in readings], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        for r in readings:
            print(summary(r, model))
        good = sum(r.ok for r in readings)
        print(f"Đã đọc {good}/{len(readings)} tệp đầy đủ." + ("" if good == len(readings) else
              " Các tệp còn lại cần xem các vấn đề nêu trên."))
    return 0 if all(r.ok for r in readings) else 1


HOW = {"tag": "theo tag", "position": "theo thứ tự ô", "text": "theo chữ cố định"}


def summary(reading, model) -> str:
    """A reading in a few Vietnamese lines: who, what, how many fields filled, the problems."""
    lines = [f"{reading.file}:"]
    if reading.document:
        board = next((b for b in model.boards if b.id == reading.board), None)
        doc = next((d for d in model.documents if d.id == reading.document), None)
        lines.append(f"  {doc.title if doc else reading.document} — {board.name if board else 'không rõ Ban'}"
                     f" (tệp {reading.format.upper()})")
        filled = [t for t, v in reading.fields.items() if v is not None]
        hows = {}
        for how in reading.how.values():
            hows[how] = hows.get(how, 0) + 1
        way = ", ".join(f"{n} {HOW.get(h, h)}" for h, n in hows.items())
        lines.append(f"  {len(filled)}/{len(reading.fields)} ô đã điền; đọc {way or 'không ô nào'}.")
        specs = field_specs(model, list(reading.fields))
        empty = [specs[t].label for t, v in reading.fields.items() if v is None]
        if empty and len(empty) <= 5:
            lines.append("  Chưa điền: " + "; ".join(empty) + ".")
    else:
        lines.append(f"  Không đọc được (tệp {reading.format}).")
    for problem in reading.problems:
        lines.append(f"  - {problem}")
    return "\n".join(lines)
