"""The offline copy (tai-ve/bo-tai-lieu-ngoai-tuyen.zip): the whole pack, reused (not rewritten) when nothing
changed, and listed in pack.json. (Byte-identical from one build to the next: test_reproducible.py; opened in a
browser: test_browser_site.py.)"""

from __future__ import annotations

import zipfile

from packs import copy_built

from guidepack.build import build
from guidepack.builders.offline import OFFLINE_ZIP


def test_zip_holds_the_whole_pack(site, pack):
    assert pack["offline"] == OFFLINE_ZIP
    with zipfile.ZipFile(site / OFFLINE_ZIP) as archive:
        infos = archive.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names)
    folder = names[0].split("/")[0]
    inside = {n.removeprefix(folder + "/") for n in names}
    expected = {p.relative_to(site).as_posix() for p in site.rglob("*")
                if p.is_file() and p.suffix != ".map" and p.name != ".pack-manifest.json"} - {OFFLINE_ZIP}
    assert inside == expected
    assert {"index.html", "search/search_index.js", "assets/javascripts/iframe-worker.js", "pack.json"} <= inside
    assert {i.date_time for i in infos} == {infos[0].date_time}
    assert {i.external_attr >> 16 for i in infos} == {0o644}


def test_zip_is_reused_when_nothing_changed(small_built, tmp_path):
    """A build (in this process) of a copy of the built small project, nothing changed: the zip is taken from the
    previous pack as it is, hard-linked, not rewritten. (That it is the same bytes when made again elsewhere is
    test_reproducible's: it compares every file of two builds, the zip included.)"""
    project = copy_built(small_built, tmp_path / "project")
    archive = project / "site" / OFFLINE_ZIP
    before = archive.stat().st_ino
    report = build(project)
    assert report.built == 0
    assert archive.stat().st_ino == before
