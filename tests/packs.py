"""Projects to build in tests and benchmarks: copies of the sources, the small project, builds in their own process.

The one place that runs build.py as a user does (`build_command`, `build_env`, `run`): tests/conftest.py and
bench/ call it. Only the standard library is imported here, so that bench/ can use it without pytest.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("data", "content", "guidepack", "mkdocs.yml", "build.py")

# A central ministry, a centrally-run city and a province: every kind of plan, in a few seconds of build.
SMALL_BOARDS = ("bo-quoc-phong", "ha-noi", "thanh-hoa")


def copy_project(dest: Path) -> Path:
    """A copy of the project's sources (not site/ or .venv) to break or edit on purpose."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in SOURCES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, dest / name)
    return dest


def cut_boards(root: Path, keep=SMALL_BOARDS) -> None:
    """Rewrite data/boards.yaml of a copy with only the boards `keep` (and the groups that hold them), line by
    line, so that the file keeps its layout and comments (the bad-input patches are written against it)."""
    path = root / "data" / "boards.yaml"
    head, groups = [], []  # groups: [header lines, [board lines, ...]]
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith("  - id: "):
            groups.append([[line], []])
        elif line.startswith("      - id: "):
            groups[-1][1].append([line])
        elif groups and groups[-1][1]:
            groups[-1][1][-1].append(line)
        elif groups:
            groups[-1][0].append(line)
        else:
            head.append(line)
    out = list(head)
    for header, boards in groups:
        kept = [b for b in boards if b[0].split(":", 1)[1].strip() in keep]
        if kept:
            out += header + [line for board in kept for line in board]
    path.write_text("".join(out), encoding="utf-8")


def small_project(dest: Path, keep=SMALL_BOARDS) -> Path:
    copy_project(dest)
    cut_boards(dest, keep)
    return dest


def built_small_project(dest: Path) -> Path:
    """A small project with its site/ built once, for tests that break it and check the site survives."""
    root = small_project(dest)
    result = run(root)
    assert result.returncode == 0, result.stderr
    return root


def copy_built(project: Path, dest: Path) -> Path:
    """A copy of a built project, site/ included: the next build of the copy reuses what the original built (the
    reuse keys hash contents, not paths), so a test can change it without building from nothing."""
    shutil.copytree(project, dest, symlinks=True, ignore=shutil.ignore_patterns("__pycache__", ".site.lock"),
                    dirs_exist_ok=True)
    return dest


def tree_hash(site: Path) -> dict[str, str]:
    """Every file under `site` (and every folder, as an empty entry) with the hash of its bytes."""
    out = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        out[rel] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "<dir>"
    return out


def inodes(site: Path) -> dict[str, int]:
    """Every file under `site` with its inode: a file made again gets a new one, a file reused keeps its own."""
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*") if p.is_file()}


def build_env(root: Path, **extra: str) -> dict[str, str]:
    """This environment without the build's own settings (fault hooks, SOURCE_DATE_EPOCH, which an in-process
    build also sets), the project's code first on the path, and `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GUIDEPACK_") and k != "SOURCE_DATE_EPOCH"}
    env.update(PYTHONPATH=str(root), **extra)
    return env


def build_command(root: Path, *args: str, jobs: int = 2) -> list[str]:
    return [sys.executable, str(root / "build.py"), "--root", str(root), "--jobs", str(jobs), *args]


def run(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """build.py in its own process, as a user runs it (with extra environment variables)."""
    return subprocess.run(build_command(root, *args), capture_output=True, text=True,
                          env=build_env(root, **env), timeout=600)


def run_python(root: Path, code: str) -> subprocess.CompletedProcess:
    """Python `code` in the project `root` (for patching a module before the CLI runs)."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root,
                          env=build_env(root), timeout=180)


def leftovers(root):
    """The staging folders that builds of `root` left behind."""
    return sorted(p.name for p in root.glob(".site-new-*"))


def is_whole(site) -> bool:
    """Every file the pack's manifest lists is there."""
    manifest = json.loads((site / ".pack-manifest.json").read_text(encoding="utf-8"))
    return all((site / rel).is_file() for rel in manifest)


def changed_data(root):
    """Change one board's name, so that a new pack differs from the published one."""
    path = root / "data" / "boards.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Ban vì sự tiến bộ của phụ nữ tỉnh Thanh Hóa",
                                 "Ban vì sự tiến bộ của phụ nữ tỉnh Thanh Hóa (mới)", 1), encoding="utf-8")
