"""Helpers for the tests that break things on purpose: small projects, tree hashes, builds in a process."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import copy_project

# A central ministry, a centrally-run city and a province: every kind of plan, in a few seconds of build.
SMALL_BOARDS = ("bo-quoc-phong", "ha-noi", "thanh-hoa")


def cut_boards(root: Path, keep=SMALL_BOARDS) -> None:
    """Rewrite data/boards.yaml of a copy with only the boards `keep` (and the groups that hold them)."""
    path = root / "data" / "boards.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    groups = []
    for group in data["groups"]:
        boards = [b for b in group["boards"] if b["id"] in keep]
        if boards:
            groups.append({**group, "boards": boards})
    text = yaml.safe_dump({"groups": groups}, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(text, encoding="utf-8")


def small_project(dest: Path, keep=SMALL_BOARDS) -> Path:
    copy_project(dest)
    cut_boards(dest, keep)
    return dest


def tree_hash(site: Path) -> dict[str, str]:
    """Every file under `site` (and every folder, as an empty entry) with the hash of its bytes."""
    out = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        out[rel] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "<dir>"
    return out


def build_env(root: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GUIDEPACK_") and k != "SOURCE_DATE_EPOCH"}
    env.update(PYTHONPATH=str(root), **extra)
    return env


def build_command(root: Path, *args: str) -> list[str]:
    return [sys.executable, str(root / "build.py"), "--root", str(root), "--jobs", "2", *args]


def run(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """build.py in its own process, as a user runs it (with extra environment variables)."""
    return subprocess.run(build_command(root, *args), capture_output=True, text=True,
                          env=build_env(root, **env), timeout=600)


def run_python(root: Path, code: str) -> subprocess.CompletedProcess:
    """Python `code` in the project `root` (for patching a module before the CLI runs)."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root,
                          env=build_env(root), timeout=600)
