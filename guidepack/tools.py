"""Check, before anything is built, that the programs, libraries and fonts the build needs are installed.

A missing tool then stops the build at once with a message that says what to install, instead of failing in the
middle of rendering with a library's own error.
"""

from __future__ import annotations

import ctypes
import os

from .errors import ToolMissing

# The shared libraries WeasyPrint loads (weasyprint/text/ffi.py), by their Linux names, with the Debian package.
WEASYPRINT_LIBS = (
    ("libgobject-2.0.so.0", "libglib2.0-0"),
    ("libpango-1.0.so.0", "libpango-1.0-0"),
    ("libpangoft2-1.0.so.0", "libpangoft2-1.0-0"),
    ("libharfbuzz.so.0", "libharfbuzz0b"),
    ("libfontconfig.so.1", "libfontconfig1"),
)
PANDOC_INSTALL = "make (cài gói Python pypandoc-binary vào .venv), hoặc apt-get install pandoc"


def check_pandoc() -> str:
    """The pandoc program the DOCX builder runs (pypandoc's choice; PYPANDOC_PANDOC overrides it)."""
    try:
        import pypandoc
        path = pypandoc.get_pandoc_path()
    except (ImportError, OSError, RuntimeError):
        raise ToolMissing("chương trình pandoc (để tạo tệp DOCX)", PANDOC_INSTALL) from None
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        raise ToolMissing(f"chương trình pandoc (không chạy được '{path}')", PANDOC_INSTALL)
    return path


def check_weasyprint_libraries() -> None:
    """Load each system library WeasyPrint needs, without importing WeasyPrint itself (slow, and the PDF
    workers import it on their own)."""
    missing = []
    for name, package in WEASYPRINT_LIBS:
        try:
            ctypes.CDLL(name)
        except OSError:
            missing.append((name, package))
    if missing:
        names = ", ".join(name for name, _ in missing)
        packages = " ".join(dict.fromkeys(package for _, package in missing))
        raise ToolMissing(f"thư viện hệ thống mà WeasyPrint cần để tạo PDF ({names})",
                          f"apt-get install {packages}   (hoặc: make, tự cài đặt)")


def check_font() -> None:
    from .fonts import serif_font
    serif_font()  # raises ToolMissing naming the package


def check_all() -> None:
    """Every tool a full build uses; the first missing one raises ToolMissing."""
    check_font()
    check_weasyprint_libraries()
    check_pandoc()


def die_with_parent() -> None:
    """In a worker process: be killed when the build that started it dies, even by SIGKILL (Linux only).

    The signal comes when the *thread* that started this process ends: start workers from a thread that lives as
    long as the build (its main thread).

    Otherwise a killed build would leave its PDF workers behind, waiting for work forever. Ctrl-C is left to the
    build itself (which stops them by ending), so that the terminal shows one short message, not a traceback from
    every worker.
    """
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before the call
        os._exit(1)
