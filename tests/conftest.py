"""Shared fixtures: one real build of the bundled pack into a temporary folder, reused by every test."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from guidepack.build import build
from guidepack.load import load_model
from guidepack.plan import plans

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def model():
    return load_model(ROOT / "data")


@pytest.fixture(scope="session")
def board_plans(model):
    return {p.board.id: p for p in plans(model)}


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The whole pack, built once from the bundled data with the real tools."""
    out = tmp_path_factory.mktemp("pack") / "site"
    build(ROOT, site=out)
    return out


@pytest.fixture(scope="session")
def pack(site) -> dict:
    return json.loads((site / "pack.json").read_text(encoding="utf-8"))


def pdf_text(path: Path) -> str:
    """Text extracted by poppler's pdftotext, as a reader copying from the PDF gets it."""
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True).stdout.decode("utf-8")


def copy_project(dest: Path) -> Path:
    """A copy of the project's sources (not site/ or .venv) to break on purpose."""
    for name in ("data", "content", "guidepack", "mkdocs.yml", "build.py"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, dest / name)
    return dest


def run_build(root: Path, *args: str) -> subprocess.CompletedProcess:
    """Run build.py as a user does, in its own process."""
    env = dict(os.environ, PYTHONPATH=str(root))
    return subprocess.run([sys.executable, str(root / "build.py"), "--root", str(root), *args],
                          capture_output=True, text=True, env=env, timeout=600)
