"""The inbox: every file the office received, read only, hashed, dated, and kept byte for byte in an archive.

The office saves each day's mail in a folder named `YYYY-MM-DD` (anywhere under INBOX); a file outside such a
folder is dated by its modification time, and says so. Identical bytes received twice are one submission, dated by
the first copy. A folder named after a board (its id, as in the pack's file names, or its name, with or without
diacritics) says who sent what is inside it; anything else about the sender is unknown.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Model
from ..text import nfc, slugify

DAY_FOLDER = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
CHUNK = 1 << 20
ARCHIVE = "luu-tru"
MANIFEST = "danh-muc.json"
_SUFFIX = re.compile(r"^\.[a-z0-9]{1,8}$")


@dataclass
class Received:
    """One file as received: where it is under INBOX, its bytes' hash and the day it came."""
    path: Path
    rel: str  # path under INBOX, with "/", as the office sees it
    sha256: str
    size: int
    received: dt.date
    date_source: str  # "folder" (a YYYY-MM-DD folder) or "mtime" (the file's modification time)
    sender: str | None  # board id, from a folder named after a board
    notes: list[str] = field(default_factory=list)


@dataclass
class Skipped:
    """Something under INBOX that is not a regular readable file: named, never opened."""
    rel: str
    reason: str


def day_of(parts: tuple[str, ...]) -> tuple[dt.date | None, list[str]]:
    """The deepest `YYYY-MM-DD` folder among `parts` (folders only) that is a real day."""
    notes = []
    for part in reversed(parts):
        match = DAY_FOLDER.match(part)
        if match:
            try:
                return dt.date(*map(int, match.groups())), notes
            except ValueError:
                notes.append(f"Thư mục '{part}' không phải ngày có thật; không dùng làm ngày nhận.")
    return None, notes


def board_names(model: Model) -> dict[str, str]:
    """Folder name (as a slug) -> board id: the id itself, the board's short and full names."""
    out = {}
    for board in model.boards:
        for name in (board.id, board.short, board.name):
            out.setdefault(slugify(name), board.id)
    return out


def sender_of(parts: tuple[str, ...], names: dict[str, str]) -> str | None:
    """The board a folder among `parts` is named after (the deepest one), if any."""
    for part in reversed(parts):
        board = names.get(slugify(part))
        if board:
            return board
    return None


def scan(inbox: Path, model: Model, archive: Path | None = None) -> tuple[list[Received], list[Skipped]]:
    """Every regular file under `inbox`, in path order, hashed; with `archive`, each one's bytes copied there as
    they are read (so the archive holds exactly the bytes that were hashed). Symbolic links and special files are
    named and skipped, never followed or opened; a file that cannot be read is named and skipped."""
    names = board_names(model)
    files, skipped = [], []
    for folder, dirs, filenames in os.walk(inbox, followlinks=False):
        dirs.sort()
        base = Path(folder)
        for name in list(dirs):
            if (base / name).is_symlink():
                dirs.remove(name)
                skipped.append(Skipped(_rel(base / name, inbox), "là một liên kết (symlink) tới thư mục khác; "
                                                                  "không đọc theo liên kết."))
        for name in sorted(filenames):
            path = base / name
            rel = _rel(path, inbox)
            try:
                info = path.lstat()
            except OSError as exc:
                skipped.append(Skipped(rel, f"không đọc được thông tin tệp ({exc.strerror})."))
                continue
            if stat.S_ISLNK(info.st_mode):
                skipped.append(Skipped(rel, "là một liên kết (symlink); không đọc theo liên kết."))
                continue
            if not stat.S_ISREG(info.st_mode):
                skipped.append(Skipped(rel, "không phải tệp thông thường; bỏ qua."))
                continue
            try:
                sha, size = _hash_and_keep(path, archive, rel)
            except OSError as exc:
                skipped.append(Skipped(rel, f"không đọc được tệp ({exc.strerror or exc})."))
                continue
            parts = tuple(nfc(p) for p in Path(rel).parts[:-1])
            day, notes = day_of(parts)
            source = "folder"
            if day is None:
                day = dt.datetime.fromtimestamp(info.st_mtime).date()
                source = "mtime"
                notes.append("Không nằm trong thư mục ngày (NĂM-THÁNG-NGÀY): ngày nhận lấy theo thời gian sửa tệp "
                             f"({day.isoformat()}); cần xác nhận.")
            files.append(Received(path, rel, sha, size, day, source, sender_of(parts, names), notes))
    files.sort(key=lambda r: r.rel)
    skipped.sort(key=lambda s: s.rel)
    return files, skipped


def _rel(path: Path, inbox: Path) -> str:
    return nfc(path.relative_to(inbox).as_posix())


def _hash_and_keep(path: Path, archive: Path | None, rel: str) -> tuple[str, int]:
    """The file's SHA-256 and size; with `archive`, its bytes kept as <archive>/<hash><suffix> (written once)."""
    digest = hashlib.sha256()
    size = 0
    # O_NOFOLLOW: a file swapped for a link between the walk and here is not followed either.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as src:
        if archive is None:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
            return digest.hexdigest(), size
        archive.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=archive, prefix=".nhan-", delete=False) as tmp:
            try:
                while chunk := src.read(CHUNK):
                    digest.update(chunk)
                    tmp.write(chunk)
                    size += len(chunk)
                tmp.flush()
                os.fsync(tmp.fileno())
            except BaseException:
                os.unlink(tmp.name)
                raise
    sha = digest.hexdigest()
    target = archive / (sha + suffix_of(rel))
    if target.exists():
        os.unlink(tmp.name)
    else:
        os.chmod(tmp.name, 0o444)
        os.replace(tmp.name, target)
    return sha, size


def suffix_of(rel: str) -> str:
    """The original's extension, lower case, when it is a plain one (`.docx`, `.odt`): the copy opens the same way."""
    suffix = Path(rel).suffix.lower()
    return suffix if _SUFFIX.match(suffix) else ""


def archived(archive: Path, received: Received) -> Path:
    return archive / (received.sha256 + suffix_of(received.rel))


def update_manifest(archive: Path, files: list[Received]) -> dict:
    """`danh-muc.json` of the archive: for each hash, its size, its copy and every name it came under with the day
    received. Merged with what earlier runs recorded, so a file that has since left INBOX stays listed."""
    path = archive / MANIFEST
    manifest: dict = {}
    if path.is_file():
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            # An unreadable manifest is kept aside, never overwritten: the archived files themselves are intact.
            os.replace(path, path.with_suffix(f".json.hong-{dt.datetime.now():%Y%m%d%H%M%S}"))
            manifest = {}
    for r in files:
        entry = manifest.setdefault(r.sha256, {"size": r.size, "copy": archived(archive, r).name, "names": []})
        seen = {(n["file"], n["received"]) for n in entry["names"]}
        if (r.rel, r.received.isoformat()) not in seen:
            entry["names"].append({"file": r.rel, "received": r.received.isoformat(), "date_source": r.date_source})
        entry["names"].sort(key=lambda n: (n["received"], n["file"]))
    write_atomic(path, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return manifest


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write `path` whole or not at all: a temporary file beside it, then one rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as tmp:
        try:
            tmp.write(raw)
            tmp.flush()
            os.fsync(tmp.fileno())
        except BaseException:
            os.unlink(tmp.name)
            raise
    os.chmod(tmp.name, 0o644)
    os.replace(tmp.name, path)
