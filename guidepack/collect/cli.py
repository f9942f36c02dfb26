"""`python build.py collect INBOX [--out DIR] [--site DIR]`: the consolidation of a reporting round."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import PackError

ROOT = Path(__file__).resolve().parent.parent.parent


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="build.py collect",
        description="Tổng hợp các báo cáo các Ban gửi về: tình trạng gửi, kiểm tra số liệu, cộng số liệu, "
                    "bảng tính, báo cáo tổng hợp (DOCX) và trang tổng quan (index.html).")
    parser.add_argument("inbox", type=Path, help="thư mục chứa các tệp đã nhận (chỉ đọc, không sửa gì)")
    parser.add_argument("--out", type=Path, default=None, help="thư mục kết quả (mặc định: tong-hop/ cạnh site/)")
    parser.add_argument("--site", type=Path, default=None, help="bộ tài liệu đã dựng (mặc định: site/)")
    parser.add_argument("--root", type=Path, default=ROOT, help="thư mục dự án (chứa data/)")
    parser.add_argument("--debug", action="store_true", help="in chi tiết lỗi lập trình (traceback)")
    return parser.parse_args(argv)


def main(argv) -> int:
    args = parse_args(argv)
    site = args.site or args.root / "site"
    out = args.out or site.parent / "tong-hop"
    try:
        from .consolidate import collect
        from .outputs import write_all
        result = collect(args.root, args.inbox, out, site)
        write_all(result, out)
    except PackError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu. Hộp thư không bị thay đổi.", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not bad input
        if args.debug:
            raise
        print(f"Lỗi không mong đợi ({type(exc).__name__}: {exc}). Chạy lại với --debug để xem chi tiết. "
              "Hộp thư không bị thay đổi.", file=sys.stderr)
        return 70
    print(f"Đã tổng hợp {len(result.files)} tệp ({len(result.skipped)} mục bỏ qua) trong {result.seconds:.1f} s "
          f"-> {out}")
    for rep in result.reports:
        r = rep.rates["all"]
        print(f"  {rep.document.short}: đã gửi {r['received']}/{r['expected']}, đúng hạn {r['on_time']}, "
              f"muộn {r['late']}, chưa gửi {r['missing']}")
    problems = sum(len(f.problems) for f in result.files)
    print(f"  Vấn đề cần xử lý: {problems} (xem {out / 'index.html'})")
    return 0
