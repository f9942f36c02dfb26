"""Incremental builds: reuse an output of the previous pack when the exact inputs it was made from are unchanged.

Every output file is recorded in site/.pack-manifest.json with a key: a hash of what it was made from (the rendered
HTML and stylesheet of a checklist, the Markdown and names of a DOCX, all page sources of the site, ...) and of the
code that turned that into the file. A builder asks `take(path, key)` before rendering: if the previous pack has the
file under the same key, it is hard-linked into the new pack (nothing is rendered or rewritten) and the builder skips
it. Because the key covers the rendered input and the code, a change to the data, a template or the code is never
served stale; `--force` ignores the previous pack.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
from functools import cache
from importlib import metadata
from pathlib import Path

MANIFEST = ".pack-manifest.json"
PACKAGE = Path(__file__).resolve().parent


def digest(*parts) -> str:
    """A stable hash of strings, bytes and nested lists/dicts of them."""
    h = hashlib.sha256()
    for part in parts:
        if isinstance(part, bytes):
            data = part
        elif isinstance(part, str):
            data = part.encode("utf-8")
        else:
            data = json.dumps(part, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


@cache
def code_key(*sources: str, packages: tuple[str, ...] = ()) -> str:
    """Hash of source files or folders (relative to the package) and installed package versions."""
    parts = []
    for rel in sources:
        path = PACKAGE / rel
        files = sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts) \
            if path.is_dir() else [path]
        for f in files:
            parts += [str(f.relative_to(PACKAGE)), f.read_bytes()]
    for name in packages:
        parts.append(f"{name}=={metadata.version(name)}")
    return digest(*parts)


class Reuse:
    """The previous pack's outputs and keys, and the new pack's record."""

    def __init__(self, previous: Path | None, out: Path, force: bool = False):
        self.previous, self.out = previous, out
        self.old: dict[str, list[str]] = {}
        if previous is not None and not force:
            try:
                self.old = json.loads((previous / MANIFEST).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.old = {}
        self.new: dict[str, list[str]] = {}
        self.reused = 0
        self.built = 0
        self._lock = threading.Lock()

    def _link(self, rel: str) -> bool:
        source = self.previous / rel
        if not source.is_file():
            return False
        target = self.out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)
        return True

    def take(self, builder: str, rel: str, key: str) -> bool:
        """True if `rel` was reused from the previous pack; otherwise the caller must build it."""
        with self._lock:
            self.new[rel] = [builder, key]
            if self.old.get(rel) == [builder, key] and self._link(rel):
                self.reused += 1
                return True
            self.built += 1
            return False

    def unchanged(self, builder: str, rel: str, key: str) -> bool:
        """Whether the previous pack has `rel` made under `key` (nothing is taken yet)."""
        return self.old.get(rel) == [builder, key] and (self.previous / rel).is_file()

    def take_all(self, builder: str, key_of) -> bool:
        """Reuse every file `builder` made last time, if each was made under the key `key_of(rel)` gives now."""
        files = [rel for rel, (b, _) in self.old.items() if b == builder]
        if not files or not all(self.unchanged(builder, rel, key_of(rel)) for rel in files):
            return False
        for rel in files:
            self.take(builder, rel, key_of(rel))
        return True

    def record(self, builder: str, rel: str, key: str) -> None:
        """Note a file the builder made without asking first (for example MkDocs' whole output)."""
        with self._lock:
            self.new[rel] = [builder, key]
            self.built += 1

    def write(self, builder: str, rel: str, data: bytes) -> None:
        """Write a cheap output, keyed by its own bytes: unchanged content keeps the previous file."""
        if not self.take(builder, rel, digest(data)):
            target = self.out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)

    def save(self) -> None:
        text = json.dumps(dict(sorted(self.new.items())), ensure_ascii=False, indent=0)
        (self.out / MANIFEST).write_text(text + "\n", encoding="utf-8")
