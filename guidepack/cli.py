"""Command line: `python build.py` builds the pack into site/; `--check` only validates the data;
`python build.py read [--json] FILE...` reads filled reports back (guidepack/collect/)."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

from .errors import PackError

ROOT = Path(__file__).resolve().parent.parent


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="build.py", description="Dựng bộ tài liệu hướng dẫn (trang web, PDF, DOCX, lịch) vào site/.",
        epilog="Lệnh khác: `build.py read TỆP...` đọc báo cáo các Ban gửi về; `build.py collect HỘP_THƯ` tổng hợp "
               "một đợt báo cáo (xem README).")
    parser.add_argument("command", nargs="?", choices=["build", "schema"], default="build",
                        help="build: dựng bộ tài liệu (mặc định); schema: viết lại data/schema/*.schema.json "
                             "(JSON Schema cho trình soạn thảo) từ mô tả dữ liệu")
    parser.add_argument("--check", action="store_true", help="chỉ kiểm tra dữ liệu trong data/, không dựng")
    parser.add_argument("--jobs", type=int, default=None, help="số tiến trình song song (mặc định: mọi lõi)")
    parser.add_argument("--site", type=Path, default=None, help="thư mục kết quả (mặc định: site/)")
    parser.add_argument("--root", type=Path, default=ROOT, help="thư mục dự án (chứa data/, content/)")
    parser.add_argument("--force", action="store_true", help="dựng lại mọi tệp, không dùng lại bản trước")
    parser.add_argument("--quiet", action="store_true", help="chỉ in một dòng tóm tắt (mặc định khi không có terminal)")
    parser.add_argument("--verbose", action="store_true", help="in thời gian từng bước")
    parser.add_argument("--debug", action="store_true", help="in chi tiết lỗi lập trình (traceback)")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    words = list(argv if argv is not None else sys.argv[1:])
    if words[:1] == ["read"]:
        from .collect.command import read_main
        return read_main(words[1:], ROOT)
    if words[:1] == ["collect"]:  # the consolidation of returned reports: its own options
        from .collect.cli import main as collect_main
        return collect_main(words[1:])
    args = parse_args(words)
    from .build import build, check

    try:
        if args.command == "schema":
            from .load import write_schemas
            for path in write_schemas(args.root / "data"):
                print(f"Đã viết {path.relative_to(args.root)}")
            return 0
        if args.check:
            model = check(args.root)
            print(f"Dữ liệu hợp lệ: {len(model.tasks)} nhiệm vụ, {len(model.documents)} văn bản cần lập, "
                  f"{len(model.boards)} Ban.")
            return 0
        # A polite stop (kill, a service manager) is handled like Ctrl-C: nothing published, site/ kept.
        signal.signal(signal.SIGTERM, _interrupt)
        # After Ctrl-C the PDF workers' helper process would warn about semaphores it cleans up: not the user's
        # concern.
        quiet = "ignore::UserWarning:multiprocessing.resource_tracker"
        os.environ["PYTHONWARNINGS"] = ",".join(filter(None, [os.environ.get("PYTHONWARNINGS"), quiet]))
        # On a terminal: each phase and a progress counter; in CI or a log file: one summary line.
        interactive = sys.stdout.isatty() and not args.quiet
        log = (lambda m: print(m, flush=True)) if (interactive or args.verbose) else None
        report = build(args.root, site=args.site, jobs=args.jobs, log=log, force=args.force,
                       progress=Progress() if interactive else None)
    except PackError as exc:
        print(str(exc), file=sys.stderr)
        print("Không dựng bộ tài liệu; site/ vẫn giữ nguyên bản trước.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu; site/ vẫn giữ nguyên bản trước.", file=sys.stderr)
        if argv is None:  # as a program: leave now, without waiting for renderers that are still busy
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(130)
        return 130
    except Exception as exc:  # a bug, not bad input: say so plainly; --debug shows the traceback
        if args.debug:
            raise
        print(f"Lỗi không mong đợi ({type(exc).__name__}: {exc}). Chạy lại với --debug để xem chi tiết; "
              "site/ vẫn giữ nguyên bản trước.", file=sys.stderr)
        return 70
    site = args.site or args.root / "site"
    print(f"Đã dựng bộ tài liệu: {report.boards} Ban, {report.files} tệp ({report.built} tạo mới, "
          f"{report.reused} giữ nguyên từ bản trước), {report.seconds:.1f} s -> {site}")
    return 0


def _interrupt(signum, frame):
    raise KeyboardInterrupt


class Progress:
    """A counter per phase on the terminal, once the build has run for a couple of seconds (a quick rebuild
    prints only its summary)."""

    DELAY = 2.0

    def __init__(self):
        self.started = time.monotonic()

    def __call__(self, phase: str, done: int, total: int) -> None:
        if time.monotonic() - self.started < self.DELAY:
            return
        end = "\n" if done == total else ""
        print(f"\r  {phase}: {done}/{total}", end=end, flush=True)
