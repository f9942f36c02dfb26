"""Small helpers shared by the builders."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path


def build_epoch(root: Path) -> int:
    """The time every output is stamped with, so that two builds of the same sources are byte-identical.

    SOURCE_DATE_EPOCH when set (reproducible-builds.org); otherwise the last commit's time; otherwise the newest
    data file's modification time.
    """
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True,
                             text=True, timeout=10, check=False).stdout.strip()
        if out.isdigit():
            return int(out)
    except (OSError, subprocess.SubprocessError):
        pass
    return int(max(p.stat().st_mtime for p in (root / "data").iterdir()))


def build_date(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
