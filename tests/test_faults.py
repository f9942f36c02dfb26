"""Faults: a build killed, interrupted or refused anywhere leaves the published site/ whole; missing tools and a
failing output are named. Uses the SIGKILL test hook GUIDEPACK_FAULT=<point> of guidepack/build.py."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from packs import build_command, build_env, copy_built, run, run_python, tree_hash

from guidepack.publish import recover


@pytest.fixture
def project(small_built, tmp_path):
    """A built small project of the test's own, so that no test depends on what another left."""
    return copy_built(small_built, tmp_path / "project")


def leftovers(root):
    return sorted(p.name for p in root.glob(".site-new-*"))


def is_whole(site) -> bool:
    """Every file the pack's manifest lists is there."""
    manifest = json.loads((site / ".pack-manifest.json").read_text(encoding="utf-8"))
    return all((site / rel).is_file() for rel in manifest)


def stopped(process, timeout: float) -> tuple[str, str]:
    """Output of `process` once it has ended; if it is still running after `timeout` seconds, a failure that says
    where each of its threads was (faulthandler, on SIGABRT) and how it handles signals."""
    try:
        return process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        status = "".join(line for line in Path(f"/proc/{process.pid}/status").read_text().splitlines(True)
                         if line.startswith("Sig"))
        os.kill(process.pid, signal.SIGABRT)
        out, err = process.communicate(timeout=30)
        os.killpg(process.pid, signal.SIGKILL)
        raise AssertionError(f"still running after {timeout} s\n{status}\n{err[-6000:]}") from None


def changed_data(root):
    """Change one board's name, so that a new pack differs from the published one."""
    path = root / "data" / "boards.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Ban vì sự tiến bộ của phụ nữ tỉnh Thanh Hóa",
                                 "Ban vì sự tiến bộ của phụ nữ tỉnh Thanh Hóa (mới)", 1), encoding="utf-8")


KILL_POINTS = ["load", "progress", "start:site", "start:docx", "before-publish"]


def test_killed_before_publishing_keeps_the_previous_site(project):
    """A build killed at each point in turn (each after the previous kill) leaves site/ as it was; the next build
    cleans up what they all left and publishes."""
    site = project / "site"
    before = tree_hash(site)
    changed_data(project)
    for point in KILL_POINTS:
        killed = run(project, GUIDEPACK_FAULT=point)
        assert killed.returncode == -signal.SIGKILL, (point, killed.stderr)
        assert tree_hash(site) == before, point
    assert leftovers(project), "the killed builds left their staging folders"
    again = run(project)
    assert again.returncode == 0, again.stderr
    assert not leftovers(project)
    assert "(mới)" in (site / "co-quan" / "thanh-hoa.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("rename_only", [False, True], ids=["exchange", "two-renames"])
def test_killed_while_publishing_leaves_one_whole_site(project, rename_only):
    site = project / "site"
    before = tree_hash(site)
    changed_data(project)
    extra = {"GUIDEPACK_PUBLISH_RENAME": "1"} if rename_only else {}
    killed = run(project, GUIDEPACK_FAULT="publish", **extra)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    if rename_only:
        # Killed between the two renames: site/ is aside in the staging folder; the next start restores it.
        recover(site)
        assert tree_hash(site) == before
    else:
        assert is_whole(site) and "(mới)" in (site / "co-quan" / "thanh-hoa.html").read_text(encoding="utf-8")
    again = run(project, **extra)
    assert again.returncode == 0, again.stderr
    assert not leftovers(project) and is_whole(site)


# Runs the command given with Ctrl-C at its default, as a terminal starts it: a shell without job control starts
# background commands with SIGINT and SIGQUIT ignored (`pytest ... &`), and the build would inherit that.
AS_A_TERMINAL = ("import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
                 "os.execv(sys.argv[1], sys.argv[1:])")


def paused_build(project) -> subprocess.Popen:
    """A build of a changed board in a session of its own, like a terminal's, held after its PDF (the PDF workers
    alive, the builders' threads waiting), so that a Ctrl-C never comes after its end; PYTHONFAULTHANDLER for
    `stopped`."""
    changed_data(project)
    env = build_env(project, GUIDEPACK_FAULT="pause:progress", PYTHONFAULTHANDLER="1")
    process = subprocess.Popen([sys.executable, "-c", AS_A_TERMINAL, *build_command(project)], env=env,
                               start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not any(project.glob(".site-new-*/site/tai-ve/thanh-hoa/*.pdf")) and time.monotonic() < deadline:
        time.sleep(0.05)
    return process


def test_ctrl_c_stops_cleanly_and_keeps_the_site(project):
    site = project / "site"
    before = tree_hash(site)
    # In a session of its own, like a terminal: Ctrl-C reaches the build and every process it started.
    process = paused_build(project)
    os.killpg(process.pid, signal.SIGINT)
    out, err = stopped(process, 20)  # the paused builder holds the build for 120 s
    assert process.returncode == 130, err
    assert "Traceback" not in out + err
    assert "Đã dừng" in err and len(err.splitlines()) <= 2
    assert tree_hash(site) == before
    assert run(project).returncode == 0 and not leftovers(project)


# tgkill(2), to send a signal to one thread of another process (os.kill reaches the process as a whole).
TGKILL = {"x86_64": 234, "aarch64": 131}.get(os.uname().machine)


@pytest.mark.skipif(TGKILL is None, reason="tgkill's system call number is known for x86_64 and aarch64 only")
def test_ctrl_c_delivered_to_a_builders_thread_still_stops_the_build(project):
    """The system may hand Ctrl-C to any thread of the build; Python runs the handler on the main thread only,
    which must not sleep until a builder ends (it waited for the PDFs: up to minutes on the full pack)."""
    import ctypes

    process = paused_build(project)
    threads = sorted(int(t) for t in os.listdir(f"/proc/{process.pid}/task") if int(t) != process.pid)
    assert threads, "the build runs its builders on threads"
    assert ctypes.CDLL(None, use_errno=True).syscall(TGKILL, process.pid, threads[0], signal.SIGINT) == 0
    out, err = stopped(process, 20)
    assert process.returncode == 130, err
    assert "Đã dừng" in err and "Traceback" not in out + err


def test_a_second_build_at_the_same_time_is_refused(project):
    site = project / "site"
    before = tree_hash(site)
    with open(project / ".site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as a build that is running holds it
        result = run(project)
    assert result.returncode == 1
    assert "Một lần dựng khác đang chạy" in result.stderr and "Traceback" not in result.stderr
    assert tree_hash(site) == before


def test_two_real_builds_at_once_the_second_is_refused(project):
    first = subprocess.Popen(build_command(project, "--force"), env=build_env(project),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not any(project.glob(".site-new-*")) and time.monotonic() < deadline:
        time.sleep(0.02)
    second = run(project)
    out, err = first.communicate(timeout=180)
    assert first.returncode == 0, err
    assert second.returncode == 1 and "Một lần dựng khác đang chạy" in second.stderr
    assert is_whole(project / "site") and not leftovers(project)


def test_missing_pandoc_says_what_to_install(project):
    result = run(project, PYPANDOC_PANDOC="/nonexistent/pandoc")
    assert result.returncode == 1
    assert "pandoc" in result.stderr and "pypandoc-binary" in result.stderr
    assert "apt-get install pandoc" in result.stderr
    assert "Traceback" not in result.stderr


PATCHED_CLI = """
import sys
{patch}
from guidepack.cli import main
sys.exit(main(["--root", ".", "--jobs", "2"]))
"""


def test_missing_font_says_what_to_install(project):
    before = tree_hash(project / "site")
    result = run_python(project, PATCHED_CLI.format(patch="import guidepack.fonts as f; f.FONT_DIRS[:] = []"))
    assert result.returncode == 1
    assert "phông chữ" in result.stderr and "apt-get install fonts-liberation2" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_hash(project / "site") == before


def test_missing_weasyprint_libraries_say_what_to_install(project):
    patch = "import guidepack.tools as t; t.WEASYPRINT_LIBS = (('libpango-1.0.so.999', 'libpango-1.0-0'),)"
    result = run_python(project, PATCHED_CLI.format(patch=patch))
    assert result.returncode == 1
    assert "WeasyPrint" in result.stderr and "apt-get install libpango-1.0-0" in result.stderr
    assert "Traceback" not in result.stderr


def test_one_board_failing_names_the_board_and_output_and_publishes_nothing(project):
    site = project / "site"
    before = tree_hash(site)
    source = project / "guidepack" / "builders" / "checklist.py"
    original = source.read_text(encoding="utf-8")
    anchor = "    board_id, html, target, meta = job\n    try:\n"
    assert anchor in original
    source.write_text(original.replace(
        anchor, anchor + "        if board_id == 'thanh-hoa':\n            raise RuntimeError('hỏng thử')\n"),
        encoding="utf-8")
    changed_data(project)  # its checklist is made again
    try:
        result = run(project)
    finally:
        source.write_text(original, encoding="utf-8")
    assert result.returncode == 1
    assert "thanh-hoa" in result.stderr and "danh sách kiểm tra (PDF)" in result.stderr
    assert "hỏng thử" in result.stderr and "Traceback" not in result.stderr
    assert tree_hash(site) == before and not leftovers(project)
