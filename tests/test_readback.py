"""Reading filled reports back (guidepack/collect): templates filled by real clients (Word-style edits of the XML,
LibreOffice 7.4 through UNO saved as DOCX and ODT, controls unwrapped) come back with every field exactly, the
right board and document whatever the file is called, and every hostile file gets its own clear problem."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from fill import LibreOffice, fill_word_style, libreoffice_jobs, unwrap_controls

from guidepack import layout
from guidepack.collect.body import docx_properties
from guidepack.collect.package import MAX_FILE_BYTES, parse_xml
from guidepack.collect.read import Library, read_report, read_reports
from guidepack.collect.template import PROP_BOARD, PROP_DOCUMENT, PROP_VERSION, describe
from guidepack.collect.values import parse_number, parse_value
from guidepack.fields import field_spec, field_specs

ROOT = Path(__file__).resolve().parent.parent
PROVINCE_REPORT = ("thanh-hoa", "bao-cao-so-ket-6-thang")
MINISTRY_PLAN = ("bo-tu-phap", "ke-hoach-2011")

SAMPLES = {
    "text": ["Sở Tư pháp chủ trì", "Phòng Tổ chức cán bộ", "Quý III năm 2011", "Báo cáo, kế hoạch đã ban hành"],
    "whole": ["1.234", "15", "0", "2.045"],
    "decimal": ["12,5", "1.250,75", "300"],
    "percent": ["50,0", "12,5 %", "48,3%"],
    "day": ["15"], "month": ["6"],
}
NARRATIVE = ("Trong kỳ báo cáo, Ban đã quán triệt đầy đủ các văn bản chỉ đạo.\n"
             "Khó khăn: kinh phí còn hạn chế; đội ngũ cán bộ kiêm nhiệm.\n"
             "Thuận lợi: lãnh đạo Ủy ban nhân dân tỉnh quan tâm, chỉ đạo sát sao.")


def answers_for(model, template) -> dict[str, str]:
    """An answer for most fields (every fifth is left unfilled), as a board writes them: narrative parts in
    several paragraphs, numbers as 1.234 and 12,5, the signer's name, the document's number and date."""
    out = {}
    for i, (tag, f) in enumerate(template.fields.items()):
        if i % 5 == 4 and tag != "ky.ho-ten":
            continue
        spec = field_spec(model, tag)
        if f.block:
            out[tag] = f"{spec.label}: " + NARRATIVE.replace("kỳ báo cáo", f"kỳ báo cáo (mục {i})")
        elif tag == "ky.ho-ten":
            out[tag] = "Nguyễn Thị Hoa"
        elif tag.endswith("ky-hieu"):
            out[tag] = "BVSTBPN"
        else:
            choices = SAMPLES[spec.type]
            out[tag] = choices[i % len(choices)] + (f" ({i})" if spec.type == "text" else "")
    return out


def expected(template, answers) -> dict[str, str | None]:
    return {tag: answers.get(tag) for tag in template.fields}


@pytest.fixture(scope="module")
def library(site, model):
    return Library(site, model)


@pytest.fixture(scope="module")
def filled(site, model, library, tmp_path_factory):
    """Each case: name -> (file, board, document, answers). LibreOffice is started once for all its fills."""
    out = tmp_path_factory.mktemp("filled")
    cases, office_jobs = {}, []
    for board, document in (PROVINCE_REPORT, MINISTRY_PLAN):
        template = library.template(board, document)
        answers = answers_for(model, template)
        src = site / template.path
        key = f"{document}-{board}"
        word = out / f"{key}-word.docx"
        fill_word_style(src, word, answers)
        unwrapped = out / f"{key}-unwrapped.docx"
        unwrap_controls(word, unwrapped)
        cases[f"{key}/word"] = (word, board, document, answers)
        cases[f"{key}/unwrapped"] = (unwrapped, board, document, answers)
        inline, blocks = libreoffice_jobs(template.fields, answers)
        for fmt in ("docx", "odt"):
            dst = out / f"{key}-libreoffice.{fmt}"
            office_jobs.append((src, dst, inline, blocks))
            cases[f"{key}/libreoffice-{fmt}"] = (dst, board, document, answers)
    # The template saved by LibreOffice without a single answer: every field is unfilled.
    board, document = PROVINCE_REPORT
    empty = out / "unfilled-libreoffice.docx"
    office_jobs.append((site / library.template(board, document).path, empty, [], {}))
    cases["unfilled/libreoffice-docx"] = (empty, board, document, {})
    office = LibreOffice()
    try:
        office.fill(office_jobs)
    finally:
        office.close()
    return cases


CASES = [f"{b[1]}-{b[0]}/{how}" for b in (PROVINCE_REPORT, MINISTRY_PLAN)
         for how in ("word", "unwrapped", "libreoffice-docx", "libreoffice-odt")] + ["unfilled/libreoffice-docx"]


@pytest.mark.parametrize("case", CASES)
def test_every_field_comes_back_exactly(filled, library, site, model, case):
    path, board, document, answers = filled[case]
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    reading = read_report(path, library=library)
    template = library.template(board, document)
    assert (reading.board, reading.document) == (board, document), reading.problems
    assert reading.version == template.version
    assert reading.problems == [] and reading.ok
    assert reading.fields == expected(template, answers)
    assert list(reading.fields) == library.entry(board, document)["fields"]  # pack.json's order
    assert reading.format == path.suffix[1:]
    hows = set(reading.how.values())
    if case.endswith("/word"):
        assert hows == {"tag"}
    elif case.endswith("/unwrapped"):
        assert hows == {"text"}
    elif case.endswith("libreoffice-odt"):
        # The inline controls survive without tags (by position); the narrative parts are plain paragraphs.
        inline = {t for t, f in template.fields.items() if not f.block}
        assert {t for t, h in reading.how.items() if h == "position"} == inline
    elif case.startswith("unfilled"):
        assert hows == {"position"} and set(reading.fields.values()) == {None}
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # the received file is never changed


def test_some_controls_deleted_in_word(filled, library, tmp_path):
    """A Word user deleted a few controls (their text stays): those fields are read by fixed text, the rest by tag."""
    word, board, document, answers = filled["bao-cao-so-ket-6-thang-thanh-hoa/word"]
    gone = {"van-ban.so", "dac-diem", "bieu-1.tong-so.nu", "ky.ho-ten"}
    mixed = tmp_path / "mixed.docx"
    unwrap_controls(word, mixed, gone)
    reading = read_report(mixed, library=library)
    assert reading.ok and reading.fields == expected(library.template(board, document), answers)
    assert {t for t, h in reading.how.items() if h == "text"} == gone


def test_multi_paragraph_answers_and_vietnamese_numbers(filled, library):
    path, board, document, answers = filled["bao-cao-so-ket-6-thang-thanh-hoa/libreoffice-odt"]
    reading = read_report(path, library=library)
    template = library.template(board, document)
    narrative = [t for t, f in template.fields.items() if f.block and t in answers]
    assert len(narrative) >= 8
    for tag in narrative:
        assert reading.fields[tag].count("\n") == 2 and reading.how[tag] == "text"
        assert reading.fields[tag].startswith(field_spec(library.model, tag).label + ": Trong kỳ báo cáo")
    numbers = [v for t, v in reading.fields.items() if t.startswith("bieu-") and v]
    assert "1.234" in numbers and any("," in v for v in numbers)


def test_identity_comes_from_the_file_not_its_name(filled, library, tmp_path):
    word = filled["bao-cao-so-ket-6-thang-thanh-hoa/word"][0]
    # Thanh Hóa's report sent under Hà Nội's file name, and renamed to something else entirely.
    for name in ("bao-cao-so-ket-6-thang-ha-noi.docx", "BC 6 thang (1).docx"):
        copy = tmp_path / name
        shutil.copy(word, copy)
        reading = read_report(copy, library=library)
        assert (reading.board, reading.document, reading.ok) == ("thanh-hoa", "bao-cao-so-ket-6-thang", True)
        assert reading.file == str(copy)


def _set_properties(src: Path, dst: Path, **changes) -> None:
    """Copy a DOCX with its custom properties changed (None: the custom part removed)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/custom.xml":
                if changes.get("remove"):
                    continue
                text = data.decode()
                for name, value in changes.items():
                    text = re.sub(f'(name="{re.escape(name)}"><vt:lpwstr>)[^<]*', rf"\g<1>{value}", text)
                data = text.encode()
            zout.writestr(info, data)


def test_header_band_cross_check(filled, library, tmp_path):
    word = filled["bao-cao-so-ket-6-thang-thanh-hoa/word"][0]
    # The properties claim Hà Nội, the header band names Thanh Hóa's agency: read, but not accepted as it is.
    claimed = tmp_path / "claimed.docx"
    _set_properties(word, claimed, **{PROP_BOARD: "ha-noi"})
    reading = read_report(claimed, library=library)
    assert not reading.ok
    assert any("ha-noi" in p and "thanh-hoa" in p for p in reading.problems), reading.problems
    # Without the properties (copied into another file, say) the file is recognised by its content.
    bare = tmp_path / "bare.docx"
    _set_properties(word, bare, remove=True)
    reading = read_report(bare, library=library)
    assert (reading.board, reading.document, reading.ok) == ("thanh-hoa", "bao-cao-so-ket-6-thang", True)
    assert reading.fields == filled["bao-cao-so-ket-6-thang-thanh-hoa/word"][3] | {
        t: None for t in reading.fields if t not in filled["bao-cao-so-ket-6-thang-thanh-hoa/word"][3]}
    assert any("thuộc tính nhận dạng" in p for p in reading.problems)
    # Filled on an older template: read by tag and text, and said so.
    old = tmp_path / "old.docx"
    _set_properties(word, old, **{PROP_VERSION: "0000000000000000"})
    reading = read_report(old, library=library)
    assert reading.ok and any("phiên bản mẫu khác" in p for p in reading.problems)


def test_generic_template_filled_by_a_board(site, model, library, tmp_path):
    """A board that filled the generic template is known by the agency it wrote in the header band."""
    template = library.template(None, "bao-cao-so-ket-6-thang")
    answers = answers_for(model, template)
    filled = tmp_path / "generic.docx"
    fill_word_style(site / template.path, filled, answers)
    with zipfile.ZipFile(filled) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    parts["word/document.xml"] = (parts["word/document.xml"].decode()
                                  .replace("TÊN CƠ QUAN CHỦ QUẢN", "UBND TỈNH THANH HÓA")
                                  .replace("Địa danh, ngày", "Thanh Hóa, ngày").encode())
    with zipfile.ZipFile(filled, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    reading = read_report(filled, library=library)
    assert (reading.board, reading.document, reading.ok) == ("thanh-hoa", "bao-cao-so-ket-6-thang", True)
    assert reading.fields == expected(template, answers)
    unwrapped = tmp_path / "generic-unwrapped.docx"
    unwrap_controls(filled, unwrapped)
    assert read_report(unwrapped, library=library).fields == expected(template, answers)


# --- Hostile files ----------------------------------------------------------------------------------------------

def _zip(path: Path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def _docx_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i.filename) for i in z.infolist()}


def bad_files(folder: Path, good: Path) -> dict[str, tuple[Path, str]]:
    """name -> (file, a words the problem must contain)."""
    parts = _docx_parts(good)
    out = {}
    (folder / "empty.docx").write_bytes(b"")
    out["empty"] = (folder / "empty.docx", "rỗng")
    (folder / "notes.docx").write_text("Báo cáo gửi kèm.", encoding="utf-8")
    out["not a zip"] = (folder / "notes.docx", "không phải văn bản Word")
    (folder / "scan.docx").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n")
    out["pdf named docx"] = (folder / "scan.docx", "PDF")
    data = good.read_bytes()
    (folder / "cut.docx").write_bytes(data[: len(data) // 2])
    out["truncated"] = (folder / "cut.docx", "hỏng")
    bomb = dict(parts)
    bomb["word/document.xml"] = b"<a>" + b" " * (200 * 1024 * 1024) + b"</a>"
    out["zip bomb"] = (_zip(folder / "bomb.docx", bomb), "quá lớn")
    many = {f"x/{i}.xml": b"<a/>" for i in range(3000)} | parts
    out["too many members"] = (_zip(folder / "many.docx", many), "quá nhiều phần")
    laughs = dict(parts)
    laughs["word/document.xml"] = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                                   b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>')
    out["entities"] = (_zip(folder / "laughs.docx", laughs), "DTD")
    external = dict(parts)
    external["word/document.xml"] = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                                     b"<d>&x;</d>")
    out["external entity"] = (_zip(folder / "external.docx", external), "DTD")
    ole = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)
    (folder / "old.doc").write_bytes(bytes(ole) + "WordDocument".encode("utf-16-le"))
    out["doc"] = (folder / "old.doc", ".doc")
    (folder / "locked.docx").write_bytes(bytes(ole) + "EncryptionInfo".encode("utf-16-le")
                                         + "EncryptedPackage".encode("utf-16-le"))
    out["password"] = (folder / "locked.docx", "mật khẩu")
    huge = folder / "huge.docx"
    with huge.open("wb") as f:
        f.write(b"PK\x03\x04")
        f.truncate(MAX_FILE_BYTES + 1)
    out["huge"] = (huge, "quá lớn")
    (folder / "rich.docx").write_bytes(b"{\\rtf1\\ansi B\\'e1o c\\'e1o}")
    out["rtf"] = (folder / "rich.docx", "RTF")
    odp = {"mimetype": b"application/vnd.oasis.opendocument.presentation", "content.xml": b"<a/>"}
    out["not a text document"] = (_zip(folder / "slides.odt", odp, zipfile.ZIP_STORED), "không phải văn bản")
    (folder / "folder.docx").mkdir()
    out["a folder"] = (folder / "folder.docx", "không phải một tệp")
    out["missing"] = (folder / "gone.docx", "Không tìm thấy")
    return out


def test_hostile_files_each_get_their_own_problem(filled, library, site, model, tmp_path):
    good = filled["bao-cao-so-ket-6-thang-thanh-hoa/word"][0]
    bad = bad_files(tmp_path, good)
    paths = [good] + [p for p, _ in bad.values()] + [good]
    hashes = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths if p.is_file()}
    readings = read_reports(paths, site, model)
    assert len(readings) == len(paths)
    assert readings[0].ok and readings[-1].ok  # before and after every bad file, a good one is read whole
    assert readings[0].fields == readings[-1].fields
    for (name, (path, words)), reading in zip(bad.items(), readings[1:-1], strict=True):
        assert not reading.ok, name
        assert reading.file == str(path)
        assert len(reading.problems) == 1 and words in reading.problems[0], (name, reading.problems)
        assert "Traceback" not in reading.problems[0] and "Error" not in reading.problems[0]
    for p, digest in hashes.items():
        assert hashlib.sha256(p.read_bytes()).hexdigest() == digest


def test_macros_are_flagged_and_never_run(filled, library, tmp_path):
    word = filled["bao-cao-so-ket-6-thang-thanh-hoa/word"][0]
    parts = _docx_parts(word)
    parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 Sub AutoOpen() Shell \"calc\" End Sub"
    docm = _zip(tmp_path / "bao-cao.docm", parts)
    reading = read_report(docm, library=library)
    assert reading.fields == filled["bao-cao-so-ket-6-thang-thanh-hoa/word"][3] | {
        t: None for t in reading.fields if t not in filled["bao-cao-so-ket-6-thang-thanh-hoa/word"][3]}
    assert reading.ok and len(reading.problems) == 1 and "macro" in reading.problems[0]


# --- The command ------------------------------------------------------------------------------------------------

def run_read(site: Path, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "read", "--site", str(site), *map(str, args)],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)


def test_read_command(filled, site, tmp_path):
    files = [filled[c][0] for c in ("bao-cao-so-ket-6-thang-thanh-hoa/word", "ke-hoach-2011-bo-tu-phap/"
                                    "libreoffice-odt", "bao-cao-so-ket-6-thang-thanh-hoa/unwrapped")]
    result = run_read(site, "--json", *files)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [d["file"] for d in data] == [str(f) for f in files]
    assert [(d["board"], d["document"]) for d in data] == [
        ("thanh-hoa", "bao-cao-so-ket-6-thang"), ("bo-tu-phap", "ke-hoach-2011"),
        ("thanh-hoa", "bao-cao-so-ket-6-thang")]
    assert all(d["problems"] == [] for d in data)
    assert data[0]["fields"] == data[2]["fields"]
    (tmp_path / "scan.docx").write_bytes(b"%PDF-1.4 nothing")
    result = run_read(site, files[0], tmp_path / "scan.docx")
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    assert "PDF" in result.stdout and "Thanh Hóa" in result.stdout
    result = run_read(site, "--json", tmp_path / "scan.docx")
    assert result.returncode == 1 and json.loads(result.stdout)[0]["board"] is None
    result = run_read(tmp_path / "no-site", files[0])
    assert result.returncode == 1 and "make" in result.stderr and "Traceback" not in result.stderr


# --- What the published templates carry -------------------------------------------------------------------------

def test_published_templates_carry_identity_and_locked_controls(site, board_plans, model, pack):
    """Every published template (485) carries its board, document and version in its properties and only locked
    controls; the reader's whole view of a template (describe: the package read safely, the body, the fields) is
    checked once per variant, whose boards' files differ only in their names (about 21 ms of CPU a file)."""
    refs = [(None, doc) for doc in model.documents] + [
        (plan.board, a.item) for plan in board_plans.values() for a in plan.documents]
    versions = {}
    for board, doc in refs:
        rel = layout.template(board, doc)
        with zipfile.ZipFile(site / rel) as z:
            xml = z.read("word/document.xml").decode()
            types = z.read("[Content_Types].xml").decode()
            rels = z.read("_rels/.rels").decode()
            props = docx_properties(parse_xml(z.read("docProps/custom.xml"), "docProps/custom.xml"))
        assert xml.count("<w:sdt>") == xml.count('<w:lock w:val="sdtLocked"/>') > 0
        assert "w:temporary" not in xml
        assert "/docProps/custom.xml" in types and "docProps/custom.xml" in rels
        identity = (props.get(PROP_BOARD), props.get(PROP_DOCUMENT), props.get(PROP_VERSION))
        assert identity[:2] == (board.id if board else None, doc.id)
        assert re.fullmatch(r"[0-9a-f]{16}", identity[2])
        if identity[2] not in versions.setdefault(doc.id, set()):
            template = describe(site / rel, rel)
            assert (template.board, template.document, template.version) == identity
            assert template.fields
        versions[doc.id].add(identity[2])
    # One version per variant (the set of tasks), the same for boards of the same kind.
    assert all(1 <= len(v) <= 8 for v in versions.values())
    assert set(pack["field_specs"]) == {t for b in pack["boards"] for f in b["files"] for t in f.get("fields", [])}


def test_every_field_has_a_type_and_label_from_the_data(site, model, pack, library):
    tags = {t for b in pack["boards"] for f in b["files"] for t in f.get("fields", [])}
    for tag in tags:
        spec = field_spec(model, tag)
        assert spec is not None and spec.label and spec.type in ("text", "whole", "decimal", "percent", "day",
                                                                  "month"), tag
        assert pack["field_specs"][tag] == {"label": spec.label, "type": spec.type}
    # The sheet cells' labels are the titles Word shows on their controls (both come from data/indicators.yaml).
    template = library.template(*PROVINCE_REPORT)
    with zipfile.ZipFile(site / template.path) as z:
        xml = z.read("word/document.xml").decode()
    aliases = dict((t, a) for a, t in re.findall(r'<w:alias w:val="([^"]*)"/><w:tag w:val="([^"]*)"/>', xml))
    cells = [t for t in aliases if t.startswith("bieu-")]
    assert len(cells) > 40
    assert all(field_specs(model, cells)[t].label == aliases[t].replace("&amp;", "&") for t in cells)
    assert field_spec(model, "bieu-4.bo-tri.tong-so").type == "decimal"
    assert field_spec(model, "bieu-1.tong-so.ty-le-nu").type == "percent"
    assert field_spec(model, "van-ban.ngay").type == "day"


def test_indicators_are_data_marked_unconfirmed(model):
    ind = model.indicators
    assert ind.confirmed is False and "công văn" in ind.basis
    assert [s.number for s in ind.sheets] == [1, 2, 3, 4, 5]
    assert [s.number for s in ind.sheets if s.local_only] == [5]
    checks = {c.id: c for c in ind.checks}
    assert checks["nu-khong-vuot-tong-so"].operator == "<="
    ratio = checks["ty-le-nu"].right
    assert (ratio.divide, ratio.by, ratio.times, checks["ty-le-nu"].tolerance) == ("nu", "tong-so", 100, 0.1)


# --- Values as offices write them --------------------------------------------------------------------------------

@pytest.mark.parametrize("text, kind, value, percent", [
    ("1.234", "number", "1234", False), ("12,5", "number", "12.5", False), ("12,5%", "number", "12.5", True),
    ("12,5 %", "number", "12.5", True), ("1.234.567,89", "number", "1234567.89", False),
    ("1 234", "number", "1234", False), ("0", "number", "0", False), ("x", "not_applicable", None, False),
    ("X", "not_applicable", None, False), ("-", "not_applicable", None, False), ("", "missing", None, False),
    ("   ", "missing", None, False), (None, "missing", None, False), ("mười hai", "invalid", None, False),
    ("1,2,3", "invalid", None, False), ("12..5", "invalid", None, False),
])
def test_parse_number(text, kind, value, percent):
    parsed = parse_number(text)
    assert parsed.kind == kind
    assert (str(parsed.value) if parsed.value is not None else None) == value
    assert parsed.percent == percent
    assert (parsed.problem is not None) == (kind == "invalid")


def test_parse_value_by_type():
    assert parse_value("12,5", "whole").problem and parse_value("1.234", "whole").ok
    assert parse_value("32", "day").problem and parse_value("31", "day").ok
    assert parse_value("13", "month").problem and parse_value("6", "month").ok
    assert parse_value("5%", "whole").problem and parse_value("48,3%", "percent").ok
    assert parse_value("12.5", "decimal").note  # an English decimal point is read, and said so
    assert parse_value("", "text").kind == "missing" and parse_value("Có", "text").kind == "text"


def test_personalise_is_deterministic(site, model):
    from guidepack.builders.docx import personalise
    path = site / layout.template(None, model.documents[0])
    package = io.BytesIO()
    with zipfile.ZipFile(path) as z, zipfile.ZipFile(package, "w") as out:
        for i in z.infolist():
            out.writestr(i, z.read(i.filename))
    values = {"parent": "A", "place": "B", "agency": "C", "name": "D"}
    first = personalise(package.getvalue(), values, model.documents[0], "thanh-hoa")
    assert first == personalise(package.getvalue(), values, model.documents[0], "thanh-hoa")
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        custom = z.read("docProps/custom.xml").decode()
    assert f'name="{PROP_BOARD}"><vt:lpwstr>thanh-hoa<' in custom and PROP_DOCUMENT in custom


def test_indicators_mistakes_name_the_entry_and_field(tmp_path):
    import shutil

    from guidepack.errors import DataErrors
    from guidepack.load import load_model
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    text = (ROOT / "data" / "indicators.yaml").read_text(encoding="utf-8")
    for old, new, field in [('operator: "<="', 'operator: "≈"', "operator"),
                            ("right: tong-so", "right: tong-cong", "right"),
                            ("people: true, unit: người}", "people: có, unit: người}", "people")]:
        (data / "indicators.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
        with pytest.raises(DataErrors) as raised:
            load_model(data)
        errors = raised.value.errors
        assert [e.file for e in errors] == ["data/indicators.yaml"], str(raised.value)
        assert errors[0].field == field and errors[0].line, str(raised.value)
