"""Same input, same bytes: two builds of the same data give byte-identical files, every file of site/ included
(PDF, DOCX, ICS, HTML, JSON, sitemap and its gzip, search index), and SOURCE_DATE_EPOCH sets the dates written.
Two builds of copies of the session's small project (`small_built`, built from nothing), each with another date:
one `--force` (every file rendered again, in another folder), one incremental (what carries the date remade, the
rest taken from the first build)."""

from __future__ import annotations

import gzip
import struct
import zipfile

from packs import copy_built, inodes, run, tree_hash

OTHER_EPOCH = "1300000000"  # 13/3/2011 07:06:40 UTC


def differences(a: dict, b: dict) -> list[str]:
    return sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))


def test_another_date_forced_and_incremental_gives_the_same_bytes_with_that_date(small_built, tmp_path):
    """`--force` with another SOURCE_DATE_EPOCH renders every file again (none is linked from the previous pack) and
    writes that date; an incremental build of another copy with the same date remakes what carries the date. Both
    give the same bytes, file for file: the files without the date were rendered from nothing in the session's
    build, in another folder, and again here; those with it, forced and incremental."""
    forced = copy_built(small_built, tmp_path / "forced")
    before = inodes(forced / "site")
    result = run(forced, "--force", SOURCE_DATE_EPOCH=OTHER_EPOCH)
    assert result.returncode == 0, result.stderr
    after = inodes(forced / "site")
    assert set(after) == set(before) and not {rel for rel in after if after[rel] == before[rel]}

    site = forced / "site"
    assert "DTSTAMP:20110313T070640Z" in (site / "tai-ve" / "lich-thoi-han.ics").read_text(encoding="utf-8")
    header = (site / "sitemap.xml.gz").read_bytes()[:8]
    assert struct.unpack("<I", header[4:8])[0] == int(OTHER_EPOCH) // 86400 * 86400  # MkDocs keeps the day
    gzip.decompress((site / "sitemap.xml.gz").read_bytes())
    docx = next(site.rglob("*.docx"))
    with zipfile.ZipFile(docx) as package:
        assert "2011-03-13T07:06:40Z" in package.read("docProps/core.xml").decode("utf-8")

    incremental = copy_built(small_built, tmp_path / "incremental")
    before = inodes(incremental / "site")
    result = run(incremental, SOURCE_DATE_EPOCH=OTHER_EPOCH)
    assert result.returncode == 0, result.stderr
    after = inodes(incremental / "site")
    kept = {rel for rel in after if after[rel] == before.get(rel)}
    assert kept and "tai-ve/lich-thoi-han.ics" not in kept  # what has no date is taken as it was, the rest remade
    first, second = tree_hash(site), tree_hash(incremental / "site")
    kinds = {rel.rsplit(".", 1)[-1] for rel in first if "." in rel}
    assert {"pdf", "docx", "ics", "html", "json", "xml", "gz"} <= kinds
    assert differences(first, second) == []
