"""The inbox of the consolidation, on real files: day folders, modification times, senders, duplicates, links and
special files, and the archive that keeps every file's bytes across runs."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time

import pytest
from packs import tree_hash

from guidepack.collect.cells import fmt
from guidepack.collect.inbox import ARCHIVE, MANIFEST, day_of, scan, update_manifest
from guidepack.collect.outliers import robust_scores


def put(root, rel, data: bytes, mtime: dt.datetime | None = None):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if mtime:
        stamp = time.mktime(mtime.timetuple())
        os.utime(path, (stamp, stamp))
    return path


@pytest.fixture
def inbox(tmp_path):
    root = tmp_path / "hop-thu"
    put(root, "2011-06-14/Báo cáo Thanh Hóa.docx", b"thanh hoa v1")
    put(root, "2011-06-15/ban sao.docx", b"thanh hoa v1")  # the same bytes again, a day later
    put(root, "2011-06-16/Thanh Hoa/bc.docx", b"sent from a board's folder")
    put(root, "2011-06-16/ha-noi/x/bc.odt", b"nested under a board id")
    put(root, "2011-02-30/sai-ngay.docx", b"not a real day", mtime=dt.datetime(2011, 6, 20, 9, 0))
    put(root, "khong-thu-muc-ngay.docx", b"no day folder", mtime=dt.datetime(2011, 12, 16, 15, 30))
    os.symlink("/etc/passwd", root / "2011-06-14/lien-ket.docx")
    os.mkfifo(root / "2011-06-14/ong.docx")
    return root


def test_dates_senders_and_what_is_skipped(inbox, model):
    before = tree_hash(inbox)
    files, skipped = scan(inbox, model)
    assert tree_hash(inbox) == before
    got = {f.rel: (f.received.isoformat(), f.date_source, f.sender) for f in files}
    assert got == {
        "2011-06-14/Báo cáo Thanh Hóa.docx": ("2011-06-14", "folder", None),
        "2011-06-15/ban sao.docx": ("2011-06-15", "folder", None),
        "2011-06-16/Thanh Hoa/bc.docx": ("2011-06-16", "folder", "thanh-hoa"),
        "2011-06-16/ha-noi/x/bc.odt": ("2011-06-16", "folder", "ha-noi"),
        "2011-02-30/sai-ngay.docx": ("2011-06-20", "mtime", None),
        "khong-thu-muc-ngay.docx": ("2011-12-16", "mtime", None),
    }
    by_rel = {f.rel: f for f in files}
    assert by_rel["2011-06-14/Báo cáo Thanh Hóa.docx"].sha256 == by_rel["2011-06-15/ban sao.docx"].sha256
    assert by_rel["2011-06-14/Báo cáo Thanh Hóa.docx"].sha256 == hashlib.sha256(b"thanh hoa v1").hexdigest()
    assert any("không phải ngày có thật" in n for n in by_rel["2011-02-30/sai-ngay.docx"].notes)
    assert any("thời gian sửa tệp" in n for n in by_rel["khong-thu-muc-ngay.docx"].notes)
    reasons = {s.rel: s.reason for s in skipped}
    assert set(reasons) == {"2011-06-14/lien-ket.docx", "2011-06-14/ong.docx"}
    assert "liên kết" in reasons["2011-06-14/lien-ket.docx"]


def test_archive_keeps_every_byte_across_runs(inbox, model, tmp_path):
    archive = tmp_path / "tong-hop" / ARCHIVE
    files, _ = scan(inbox, model, archive)
    update_manifest(archive, files)
    for f in files:
        copy = archive / (f.sha256 + os.path.splitext(f.rel)[1].lower())
        assert copy.read_bytes() == f.path.read_bytes()
        assert not os.access(copy, os.W_OK) or os.geteuid() == 0  # written read-only
        assert copy.stat().st_mode & 0o222 == 0
    manifest = json.loads((archive / MANIFEST).read_text(encoding="utf-8"))
    assert len(manifest) == len({f.sha256 for f in files}) == 5
    twice = manifest[hashlib.sha256(b"thanh hoa v1").hexdigest()]["names"]
    assert [(n["file"], n["received"]) for n in twice] == [
        ("2011-06-14/Báo cáo Thanh Hóa.docx", "2011-06-14"), ("2011-06-15/ban sao.docx", "2011-06-15")]

    # A later run without one of the files: the archive still lists and holds it.
    gone = inbox / "2011-06-16/Thanh Hoa/bc.docx"
    sha = hashlib.sha256(gone.read_bytes()).hexdigest()
    gone.unlink()
    put(inbox, "2011-06-17/moi.docx", b"a new file")
    files, _ = scan(inbox, model, archive)
    manifest = update_manifest(archive, files)
    assert sha in manifest and (archive / f"{sha}.docx").read_bytes() == b"sent from a board's folder"
    assert len(manifest) == 6
    assert not [p for p in archive.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_day_folder_is_the_deepest_real_day():
    assert day_of(("2011-06-14", "2011-06-15", "thanh-hoa")) == (dt.date(2011, 6, 15), [])
    day, notes = day_of(("2011-06-14", "2011-13-01"))
    assert day == dt.date(2011, 6, 14) and notes


def test_robust_scores_flag_the_far_value():
    values = {f"b{i}": v for i, v in enumerate([40, 42, 45, 38, 41, 44, 39, 43, 95])}
    scores = robust_scores(values)
    assert [b for b, s in scores.items() if abs(s) > 3.5] == ["b8"]
    assert robust_scores({"a": 5, "b": 5, "c": 5}) == {}  # no spread: nothing is far


def test_numbers_written_as_vietnamese_offices_do():
    assert fmt(1234) == "1.234" and fmt(12.5) == "12,5" and fmt(1234567.25) == "1.234.567,25"


def test_settings_errors_name_file_and_field(model, tmp_path):
    from conftest import ROOT
    from guidepack.collect.settings import load_settings
    from guidepack.errors import DataErrors
    good = (ROOT / "data" / "tong-hop.yaml").read_text(encoding="utf-8")
    (tmp_path / "data").mkdir()
    settings = load_settings(ROOT, model)
    assert [d.id for d in settings.documents] == ["bao-cao-tong-ket-2010", "bao-cao-so-ket-6-thang",
                                                  "bao-cao-tong-ket-2011"]
    for bad, field in ((good.replace("[ubqg, van-phong-ubqg]", "[ubqg, van-phong]"), "collect_recipients"),
                       (good.replace("deadline_day_on_time: true", "deadline_day_on_time: có"), "deadline_day_on_time"),
                       (good.replace("  signer_title: CHÁNH VĂN PHÒNG\n", ""), "signer_title")):
        (tmp_path / "data" / "tong-hop.yaml").write_text(bad, encoding="utf-8")
        with pytest.raises(DataErrors) as error:
            load_settings(tmp_path, model)
        assert "data/tong-hop.yaml" in str(error.value) and f"'{field}'" in str(error.value)
