"""Interruptions: Ctrl-C (to the build, or to one of its threads) stops a build cleanly and keeps the published
site/; a second build while one runs is refused. Uses the pause hook GUIDEPACK_FAULT=pause:<point> of
guidepack/build.py."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from packs import build_command, build_env, changed_data, copy_built, is_whole, leftovers, run, tree_hash


@pytest.fixture
def project(small_built, tmp_path):
    """A built small project of the test's own, so that no test depends on what another left."""
    return copy_built(small_built, tmp_path / "project")


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
