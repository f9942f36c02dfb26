"""Publish site/ atomically: build into a fresh folder beside it, swap it in only when complete.

Whatever happens during a build (an error, Ctrl-C, SIGKILL), site/ is either the previous pack or the new one.
On Linux the swap is one renameat2(RENAME_EXCHANGE) call; elsewhere two renames, with recovery at the next start.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import ctypes.util
import fcntl
import os
import shutil
import tempfile
from pathlib import Path

from .errors import PackError

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


# Test hook: GUIDEPACK_PUBLISH_RENAME=1 uses the two-rename swap of systems without renameat2.
RENAME_ONLY_ENV = "GUIDEPACK_PUBLISH_RENAME"


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False where the system cannot."""
    if os.environ.get(RENAME_ONLY_ENV):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


class Staging:
    """A new site folder beside `target`; `publish()` makes it the target, `discard()` throws it away."""

    def __init__(self, target: Path):
        self.target = Path(target).resolve()
        self.target.parent.mkdir(parents=True, exist_ok=True)
        recover(self.target)
        self.root = Path(tempfile.mkdtemp(prefix=staging_prefix(self.target), dir=self.target.parent))
        self.out = self.root / "site"
        self.work = self.root / "work"
        self.out.mkdir()
        self.work.mkdir()

    def publish(self, midway=lambda: None) -> None:
        """Make the new folder site/. `midway` runs at the most delicate moment (a test hook for faults)."""
        self.out.chmod(0o755)
        if self.target.exists():
            if not _exchange(self.out, self.target):
                old = self.root / "old"
                os.rename(self.target, old)
                midway()  # killed here: site/ is missing, and recover() puts `old` back at the next start
                os.rename(self.out, self.target)
            else:
                midway()  # killed here: site/ is the new pack, the old one is left in the staging folder
        else:
            os.rename(self.out, self.target)
        self.discard()

    def discard(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
        # A builder still running on another thread when the build failed (the failure is reported without waiting
        # for it) may write into the folder again; the interpreter joins those threads before atexit runs.
        atexit.register(shutil.rmtree, self.root, ignore_errors=True)


def staging_prefix(target: Path) -> str:
    """`.site-new-…` for site/: named after the target, so that builds of other targets in the same folder
    (another --site) never touch each other's folders."""
    return f".{target.name}-new-"


def recover(target: Path) -> None:
    """Clean up after a build that was killed (called under the build lock): restore a site/ left aside, remove
    half-built folders."""
    for leftover in sorted(target.parent.glob(staging_prefix(target) + "*")):
        old = leftover / "old"
        if old.is_dir() and not target.exists():
            os.rename(old, target)
        shutil.rmtree(leftover, ignore_errors=True)


@contextlib.contextmanager
def build_lock(target: Path):
    """Only one build at a time may write next to `target`: a second one is refused, not queued.

    The lock (flock on `.site.lock` beside site/) is released by the system when the build ends in any way,
    SIGKILL included, so it never needs cleaning up.
    """
    target = Path(target).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    path = target.parent / f".{target.name}.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PackError(f"Một lần dựng khác đang chạy và ghi vào {target} (khóa {path.name}). "
                            "Hãy đợi lần đó xong rồi chạy lại.") from None
        yield
    finally:
        os.close(fd)
