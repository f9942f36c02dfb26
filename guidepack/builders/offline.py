"""The offline copy: the whole pack in one zip, to unzip and open from disk (search included).

Built last, from the files every other builder has put in the new pack. The zip is deterministic (entries in
sorted order, fixed times from the build epoch, fixed permissions), so two builds of the same pack give the same
bytes; and it is reused whole when no other file of the pack changed.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from .. import layout
from ..context import BuildContext
from ..incremental import code_key, digest
from ..model import Letter

OFFLINE_ZIP = f"{layout.DOWNLOADS}/bo-tai-lieu-ngoai-tuyen.zip"
BUILDER = "offline"


class OfflineBuilder:
    name = "bản ngoại tuyến (.zip)"

    def files(self, ctx: BuildContext) -> list[str]:
        """Every file of the pack but the zip itself, the manifest and source maps (of no use offline): the files
        the other builders recorded in this build, which are all the files they wrote (none writes unrecorded)."""
        # The zip itself is recorded after this, and the manifest is never in `new`.
        return sorted(rel for rel in ctx.reuse.new if not rel.endswith(".map"))

    def key(self, ctx: BuildContext, files: list[str]) -> str:
        """Every other file of the pack, by the key it was made under."""
        entries = [(rel, ctx.reuse.new[rel]) for rel in files]
        return digest(entries, str(ctx.epoch), code_key("builders/offline.py"))

    def build(self, ctx: BuildContext) -> None:
        files = self.files(ctx)
        if ctx.reuse.take(BUILDER, OFFLINE_ZIP, self.key(ctx, files)):
            return
        target = ctx.out / OFFLINE_ZIP
        target.parent.mkdir(parents=True, exist_ok=True)
        write_zip(target, ctx.out, files, ctx.epoch, folder(ctx.model.letter))


def folder(letter: Letter) -> str:
    """The folder the zip unpacks into: `bo-tai-lieu-ubqg-2011`."""
    return f"bo-tai-lieu-{letter.slug}"


def write_zip(target: Path, root: Path, files: list[str], epoch: int, folder: str) -> None:
    stamp = dt.datetime.fromtimestamp(max(epoch, 315532800), dt.UTC).timetuple()[:6]  # zip times start in 1980
    tmp = target.with_name(target.name + ".tmp")
    with zipfile.ZipFile(tmp, "w") as archive:
        for rel in files:
            info = zipfile.ZipInfo(f"{folder}/{rel}", date_time=stamp)
            info.create_system = 3  # Unix, so that the permissions below are read
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, (root / rel).read_bytes(), compresslevel=6)
    tmp.replace(target)
