"""Same input, same bytes: two builds of the same data give byte-identical files, every file of site/ included
(PDF, DOCX, ICS, HTML, JSON, sitemap and its gzip, search index), and SOURCE_DATE_EPOCH sets the dates written.
The first build is the session's small project (`small_built`, from nothing); the second renders everything again
in another folder (`--force`)."""

from __future__ import annotations

import gzip
import struct
import zipfile

from packs import copy_built, inodes, run, small_project, tree_hash

OTHER_EPOCH = "1300000000"  # 13/3/2011 07:06:40 UTC


def fresh_build(tmp_path_factory, name, **env):
    root = small_project(tmp_path_factory.mktemp(name))
    result = run(root, **env)
    assert result.returncode == 0, result.stderr
    return root


def differences(a: dict, b: dict) -> list[str]:
    return sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))


def test_a_forced_rebuild_in_another_folder_remakes_every_file_with_the_same_bytes(small_built, tmp_path):
    """`--force` renders every file again (none is linked from the previous pack), in another folder than the build
    from nothing of the session's small project: the same bytes, file for file."""
    project = copy_built(small_built, tmp_path / "elsewhere")
    before = inodes(project / "site")
    result = run(project, "--force")
    assert result.returncode == 0, result.stderr
    after = inodes(project / "site")
    assert set(after) == set(before) and not {rel for rel in after if after[rel] == before[rel]}
    first, second = tree_hash(project / "site"), tree_hash(small_built / "site")
    kinds = {rel.rsplit(".", 1)[-1] for rel in first if "." in rel}
    assert {"pdf", "docx", "ics", "html", "json", "xml", "gz"} <= kinds
    assert differences(first, second) == []


def test_source_date_epoch_sets_the_dates_and_is_reproducible(tmp_path_factory, small_built, tmp_path):
    first = fresh_build(tmp_path_factory, "epoch", SOURCE_DATE_EPOCH=OTHER_EPOCH)
    site = first / "site"
    assert "DTSTAMP:20110313T070640Z" in (site / "tai-ve" / "lich-thoi-han.ics").read_text(encoding="utf-8")
    header = (site / "sitemap.xml.gz").read_bytes()[:8]
    assert struct.unpack("<I", header[4:8])[0] == int(OTHER_EPOCH) // 86400 * 86400  # MkDocs keeps the day
    gzip.decompress((site / "sitemap.xml.gz").read_bytes())
    docx = next(site.rglob("*.docx"))
    with zipfile.ZipFile(docx) as package:
        assert "2011-03-13T07:06:40Z" in package.read("docProps/core.xml").decode("utf-8")
    # An incremental build of the default pack with the new date remakes what carries the date: the same bytes as
    # the build from nothing with that date (so the date's pack is reproducible too).
    default_pack = copy_built(small_built, tmp_path / "default")
    result = run(default_pack, SOURCE_DATE_EPOCH=OTHER_EPOCH)
    assert result.returncode == 0, result.stderr
    assert differences(tree_hash(default_pack / "site"), tree_hash(site)) == []
