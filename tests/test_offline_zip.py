"""The offline copy (tai-ve/bo-tai-lieu-ngoai-tuyen.zip): the whole pack, byte-identical from one build to the next,
reused (not rewritten) when nothing changed, and listed in pack.json. (Opened in a browser: test_browser_site.py.)"""

from __future__ import annotations

import zipfile

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


def test_zip_is_reproducible_and_reused(small_built, tmp_path):
    """The small project built again, in this process and into another folder, gives the same zip."""
    other = tmp_path / "site"
    build(small_built, site=other, force=True)
    assert (other / OFFLINE_ZIP).read_bytes() == (small_built / "site" / OFFLINE_ZIP).read_bytes()
    before = (other / OFFLINE_ZIP).stat().st_ino
    report = build(small_built, site=other)
    assert report.built == 0
    assert (other / OFFLINE_ZIP).stat().st_ino == before  # hard-linked from the previous pack, not rewritten
