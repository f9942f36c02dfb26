"""Open a received file without trusting it: size caps, a zip read member by member with a cap on what it expands
to, XML without DTDs or entities (refused before any tree is built), macros found and never run, password
protection and old formats recognised.

Every refusal is an Unreadable with a Vietnamese sentence saying what is wrong and what the board should do.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree
from xml.parsers import expat

MAX_FILE_BYTES = 20 * 1024 * 1024      # a filled report is about 100 kB; 20 MB leaves room for pasted pictures
MAX_MEMBERS = 2000                     # a DOCX has about 20 parts; a zip with thousands is not a report
MAX_EXPANDED_BYTES = 100 * 1024 * 1024  # everything the zip expands to, counted while reading, not from its headers
MAX_XML_BYTES = 30 * 1024 * 1024       # one XML part
_CHUNK = 64 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
DOCX_MAIN = "word/document.xml"
ODT_MIME = "application/vnd.oasis.opendocument.text"
SAVE_AS = "Đề nghị Ban mở tệp bằng Word hoặc LibreOffice và lưu lại dạng .docx hoặc .odt rồi gửi lại."


class Unreadable(Exception):
    """The file cannot be read as a report; the message says why, in Vietnamese, for the office. `kind` is what
    the file was found to be (pdf, doc, encrypted, rtf, zip, empty, unknown, or docx/odt when the package is)."""

    def __init__(self, message: str, kind: str = "unknown"):
        super().__init__(message)
        self.kind = kind


@dataclass
class Package:
    """A received file's parts, read within the caps. `format` is "docx" or "odt"; `notes` are problems worth
    telling the office that do not stop the reading (macros)."""
    format: str
    parts: dict[str, bytes]
    notes: list[str] = field(default_factory=list)

    def xml(self, name: str):
        """A part parsed as XML: no DTD, no entity; None when the part is absent."""
        data = self.parts.get(name)
        if data is None:
            return None
        return parse_xml(data, name)


class _Forbidden(Exception):
    pass


def _refuse(*args):
    raise _Forbidden


def parse_xml(data: bytes, name: str):
    """Parse an XML part of a received file. A first pass with expat refuses any DOCTYPE, entity declaration or
    external reference (so no entity is ever expanded and nothing is fetched); only then is the tree built, by
    the C parser (about six times faster than a guarded pure-Python one, as defusedxml's is)."""
    scan = expat.ParserCreate()
    scan.StartDoctypeDeclHandler = _refuse
    scan.EntityDeclHandler = _refuse
    scan.UnparsedEntityDeclHandler = _refuse
    scan.ExternalEntityRefHandler = _refuse
    try:
        scan.Parse(data, True)
        return ElementTree.fromstring(data)
    except _Forbidden:
        raise Unreadable(f"Phần {name} của tệp có khai báo DTD hoặc thực thể XML (có thể là tệp độc hại); "
                         "không đọc phần này. " + SAVE_AS) from None
    except (expat.ExpatError, ElementTree.ParseError, ValueError):
        raise Unreadable(f"Phần {name} của tệp không phải XML hợp lệ (tệp bị hỏng). " + SAVE_AS) from None


def sniff(head: bytes, suffix: str) -> None:
    """Refuse what is not a zip package, saying what it is when it can be told from its first bytes."""
    if head.startswith(ZIP_MAGIC):
        return
    if head.startswith(b"%PDF"):
        raise Unreadable("Tệp là PDF (dù tên có đuôi " + (suffix or "khác") + "), không phải văn bản điền được; "
                         "không đọc được số liệu từ PDF. Đề nghị Ban gửi tệp .docx hoặc .odt đã điền.", "pdf")
    if head.startswith(OLE_MAGIC):
        raise Unreadable("OLE", "ole")  # told apart by read_package: password-protected DOCX or Word 97-2003 .doc
    if head.lstrip().startswith(b"{\\rtf"):
        raise Unreadable("Tệp là RTF, định dạng không giữ các ô nhập liệu. " + SAVE_AS, "rtf")
    if head.startswith((b"PK\x05\x06", b"PK\x07\x08")):
        raise Unreadable("Tệp nén rỗng hoặc không đầy đủ, không phải văn bản. " + SAVE_AS, "zip")
    raise Unreadable("Tệp không phải văn bản Word (.docx) hay OpenDocument (.odt) (nội dung không đúng định "
                     "dạng, có thể tệp bị hỏng hoặc bị đổi đuôi). " + SAVE_AS)


def _ole_problem(data: bytes) -> Unreadable:
    """An OLE compound file: a password-protected DOCX/ODT (Office puts the encrypted package in one) or an old
    binary document."""
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        return Unreadable("Tệp được đặt mật khẩu (mã hóa), không đọc được. Đề nghị Ban gỡ mật khẩu (File > Info > "
                          "Protect Document, xóa mật khẩu) rồi gửi lại.", "encrypted")
    return Unreadable("Tệp ở định dạng Word 97-2003 (.doc) hoặc định dạng cũ khác: định dạng này làm mất các ô nhập "
                      "liệu. " + SAVE_AS, "doc")


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int], cap: int) -> bytes:
    """A member's bytes, streamed with a cap: the sizes in a zip's headers are not trusted."""
    out = bytearray()
    with zf.open(info) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                break
            out += chunk
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise Unreadable(f"Tệp giải nén ra quá lớn (hơn {MAX_EXPANDED_BYTES // (1024 * 1024)} MB; có thể là "
                                 "tệp nén độc hại kiểu \"zip bomb\"); không đọc.")
            if len(out) > cap:
                raise Unreadable(f"Phần {info.filename} của tệp quá lớn (hơn {cap // (1024 * 1024)} MB); không đọc.")
    return bytes(out)


def read_package(path: Path) -> Package:
    """Read `path` (never written to) as a DOCX or ODT package, within the caps."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise Unreadable("Đây không phải một tệp (có thể là thư mục).")
        if size == 0:
            raise Unreadable("Tệp rỗng (0 byte). Đề nghị Ban gửi lại tệp báo cáo.", "empty")
        if size > MAX_FILE_BYTES:
            raise Unreadable(f"Tệp quá lớn ({size / 1024 / 1024:.1f} MB; tối đa {MAX_FILE_BYTES // (1024 * 1024)} MB). "
                             "Đề nghị Ban bỏ bớt hình ảnh hoặc gửi riêng phụ lục.")
        with path.open("rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise Unreadable("Không tìm thấy tệp.") from None
    except PermissionError:
        raise Unreadable("Không có quyền đọc tệp.") from None
    except IsADirectoryError:
        raise Unreadable("Đây không phải một tệp (có thể là thư mục).") from None
    except OSError as exc:
        raise Unreadable(f"Không đọc được tệp ({exc.strerror or exc}).") from None
    try:
        sniff(data[:8], path.suffix.lower())
    except Unreadable as exc:
        if exc.kind == "ole":
            raise _ole_problem(data) from None
        raise
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise Unreadable("Tệp bị hỏng hoặc không đầy đủ (có thể tải về hoặc gửi đính kèm bị lỗi). "
                         "Đề nghị Ban gửi lại tệp.") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise Unreadable(f"Tệp nén chứa quá nhiều phần ({len(infos)}; tối đa {MAX_MEMBERS}); không phải văn bản.")
        names = {i.filename for i in infos}
        if any(i.flag_bits & 0x1 for i in infos):
            raise Unreadable("Tệp được đặt mật khẩu (mã hóa), không đọc được. Đề nghị Ban gỡ mật khẩu rồi gửi lại.",
                             "encrypted")
        notes = []
        if DOCX_MAIN in names and "[Content_Types].xml" in names:
            fmt = "docx"
            wanted = ["[Content_Types].xml", DOCX_MAIN, "docProps/custom.xml", "docProps/core.xml"]
            if any(n.lower().endswith("vbaproject.bin") for n in names) or any(
                    n.lower().startswith("word/vba") for n in names):
                notes.append("Tệp có chứa macro (mã lệnh VBA, thường là tệp .docm); macro không được chạy, chỉ đọc "
                             "nội dung. Đề nghị Ban lưu lại dạng .docx (không có macro) cho các lần sau.")
        elif "mimetype" in names and "content.xml" in names:
            fmt = "odt"
            wanted = ["mimetype", "content.xml", "meta.xml", "META-INF/manifest.xml"]
            if any(n.startswith(("Basic/", "Scripts/")) for n in names):
                notes.append("Tệp có chứa macro (mã lệnh Basic hoặc script); macro không được chạy, chỉ đọc nội "
                             "dung. Đề nghị Ban lưu lại không kèm macro cho các lần sau.")
        else:
            raise Unreadable("Tệp nén không phải văn bản Word (.docx) hay OpenDocument (.odt). " + SAVE_AS)
        budget = [MAX_EXPANDED_BYTES]
        parts = {}
        try:
            for info in infos:
                if info.filename in wanted:
                    parts[info.filename] = _read_member(zf, info, budget, MAX_XML_BYTES)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, RuntimeError) as exc:
            if isinstance(exc, RuntimeError) and "encrypted" in str(exc):
                raise Unreadable("Tệp được đặt mật khẩu (mã hóa), không đọc được. Đề nghị Ban gỡ mật khẩu rồi gửi "
                                 "lại.", "encrypted") from None
            raise Unreadable("Tệp bị hỏng hoặc không đầy đủ (dữ liệu nén sai). Đề nghị Ban gửi lại tệp.") from None
    if fmt == "odt":
        mime = parts.get("mimetype", b"").strip()
        if mime != ODT_MIME.encode():
            kind = mime.decode("ascii", "replace") or "không rõ"
            raise Unreadable(f"Tệp OpenDocument không phải văn bản (loại: {kind}). " + SAVE_AS)
        manifest = parts.get("META-INF/manifest.xml", b"")
        if b"encryption-data" in manifest:
            raise Unreadable("Tệp được đặt mật khẩu (mã hóa), không đọc được. Đề nghị Ban gỡ mật khẩu (Tệp > Thuộc "
                             "tính > Bảo mật) rồi gửi lại.", "encrypted")
    return Package(format=fmt, parts=parts, notes=notes)
