"""Read filled reports back: which board, which document, which template version, and every field's text.

Identity comes from the file's custom properties (never its name), cross-checked against the board's name in the
header band. Each field is read at the deepest level that survived (../shared/reference/tong-hop.md):
  1. "tag":      a content control with the field's tag (Word, LibreOffice >= 7.5);
  2. "position": controls without tags (LibreOffice 7.4): the n-th control is the n-th field, only when the
                 template version, the number of controls and the fixed text just before each one agree;
  3. "text":     no control left (ODT narrative parts, unwrapped controls, .doc round trips): a narrative part is
                 what lies between the fixed paragraphs around it, a number or date in a line is matched around
                 the line's fixed text, a table cell is found by its row's fixed label.
A field whose text is its template placeholder (or nothing) is unfilled: None. `w:showingPlcHdr` is not trusted.
"""

from __future__ import annotations

import bisect
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..fields import field_specs
from ..model import Model
from ..text import fold
from .body import Body, clean, docx_body, docx_properties, odt_body, odt_properties
from .package import DOCX_MAIN, Unreadable, read_package
from .template import PROP_BOARD, PROP_DOCUMENT, PROP_VERSION, Field, Template, describe


@dataclass
class Reading:
    """What was read from one file. `fields` holds every field of its template (None: left unfilled, or not
    found: then a problem says so); `how` says for each field found how it was read: "tag", "position" or
    "text". `problems` are Vietnamese sentences for the office. `ok`: identified and every field located."""
    file: str
    board: str | None = None
    document: str | None = None
    version: str | None = None
    fields: dict[str, str | None] = field(default_factory=dict)
    how: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    format: str = "unknown"
    ok: bool = False

    def as_json(self) -> dict:
        return {"file": self.file, "board": self.board, "document": self.document, "version": self.version,
                "format": self.format, "fields": dict(self.fields), "how": dict(self.how),
                "problems": list(self.problems)}


class Library:
    """The published pack (site/pack.json and its templates), read once for many files."""

    def __init__(self, site: Path, model: Model):
        self.site, self.model = Path(site), model
        pack = json.loads((self.site / "pack.json").read_text(encoding="utf-8"))
        self.entries: dict[tuple[str | None, str], dict] = {}
        for board in pack.get("boards", []):
            for f in board.get("files", []):
                if f.get("type") == "template":
                    self.entries[(board["id"], f["report"])] = f
        for f in pack.get("templates", []):
            self.entries[(None, f["report"])] = f
        self.boards = {b.id: b for b in model.boards}
        self.folded_parents = [(f" {fold(clean(b.parent))} ", len(b.parent), b.id) for b in model.boards]
        self.documents = {d.id: d for d in model.documents}
        self._templates: dict[str, Template] = {}

    def entry(self, board: str | None, document: str | None) -> dict | None:
        return self.entries.get((board, document)) if document else None

    def template(self, board: str | None, document: str) -> Template:
        entry = self.entries[(board, document)]
        path = entry["path"]
        if path not in self._templates:
            self._templates[path] = describe(self.site / path, path)
        return self._templates[path]


def read_reports(paths: list[Path], site: Path, model: Model) -> list[Reading]:
    """Read every file; one that cannot be read gets its problem in its own entry, the others are still read."""
    library = Library(site, model)
    return [read_report(p, site, model, library) for p in paths]


def read_report(path: Path, site: Path | None = None, model: Model | None = None,
                library: Library | None = None) -> Reading:
    """Read one filled report (the file is only read, never written). Pass `library` to share the templates read
    between calls; otherwise `site` and `model` are needed."""
    library = library or Library(site, model)
    reading = Reading(file=str(path))
    try:
        _read(Path(path), reading, library)
    except Unreadable as exc:
        reading.problems.append(str(exc))
        reading.ok = False
    except (RecursionError, MemoryError):
        reading.problems.append("Tệp có cấu trúc lồng nhau quá sâu hoặc quá lớn; không đọc.")
        reading.ok = False
    except Exception as exc:  # a bug, not the board's fault: still one entry, never a stop
        reading.problems.append(f"Lỗi không mong đợi khi đọc tệp ({type(exc).__name__}); báo cho người bảo trì.")
        reading.ok = False
    return reading


def _read(path: Path, reading: Reading, library: Library) -> None:
    try:
        package = read_package(path)
    except Unreadable as exc:
        reading.format = exc.kind
        raise
    reading.format = package.format
    reading.problems += package.notes
    if package.format == "docx":
        body = docx_body(package.xml(DOCX_MAIN))
        props = docx_properties(package.xml("docProps/custom.xml"))
    else:
        body = odt_body(package.xml("content.xml"))
        props = odt_properties(package.xml("meta.xml"))
    if not any(p.text for p in body.paras):
        raise Unreadable("Tệp không có nội dung (văn bản trống).")

    identified = _identify(body, props, reading, library)
    if reading.document is None:
        return
    # The template the file was filled on: the one its properties name (a generic one has no board); without
    # properties, the board's own or the generic one, whichever the file's fixed text matches better.
    if identified == "content" and not props.get(PROP_DOCUMENT):
        keys = [k for k in ((reading.board, reading.document), (None, reading.document)) if library.entry(*k)]
        template = max((library.template(*k) for k in keys), key=lambda t: len(_TextReader(t, body).match))
    else:
        board = props.get(PROP_BOARD) or None
        template = library.template(board if library.entry(board, reading.document) else None, reading.document)
    same_version = bool(reading.version) and reading.version == template.version
    if reading.version and not same_version:
        reading.problems.append("Tệp được điền trên một phiên bản mẫu khác với mẫu đang đăng (mẫu đã thay đổi sau "
                                "khi Ban tải về); các ô được đọc theo tag và theo chữ cố định, không theo thứ tự.")
    located = _read_fields(body, template, reading, library, allow_position=same_version or not reading.version)
    reading.ok = identified in ("properties", "content") and located


# --- Identity ---------------------------------------------------------------------------------------------------

def _header_text(body: Body) -> str:
    """The header band (the first table) as one folded line, for finding a board's name in it."""
    lines = [p.text for p in body.paras if p.cell and p.cell[0] == 0]
    return fold(" ".join(lines))


def _boards_named(body: Body, library: Library) -> list[str]:
    """Boards whose parent agency's name is in the header band (the longest names first)."""
    header = f" {_header_text(body)} "
    found = [(size, bid) for name, size, bid in library.folded_parents if name in header]
    return [bid for _, bid in sorted(found, reverse=True)]


def _documents_named(body: Body, library: Library) -> list[str]:
    """Documents whose subject line (trích yếu) is in the file."""
    texts = {p.text for p in body.paras[:40]}
    return [d.id for d in library.documents.values() if clean(d.subject) in texts]


def _identify(body: Body, props: dict, reading: Reading, library: Library) -> str | None:
    """Set board, document and version. Returns "properties" (the file's custom properties, confirmed by its
    header band), "content" (its text only), "conflict" (properties and header band disagree) or None (not
    identified)."""
    board, document = props.get(PROP_BOARD) or None, props.get(PROP_DOCUMENT) or None
    reading.version = props.get(PROP_VERSION) or None
    named = _boards_named(body, library)
    if document and library.entry(board, document):
        reading.board, reading.document = board, document
        if board is None:  # a generic template: which board filled it is told by its header band only
            if named:
                reading.board = named[0]
                reading.problems.append(f"Tệp điền trên mẫu chung; nhận ra Ban '{named[0]}' theo tên cơ quan ở phần "
                                        "đầu văn bản.")
            else:
                reading.problems.append("Tệp điền trên mẫu chung và phần đầu văn bản không ghi tên một cơ quan có "
                                        "trong danh sách: không xác định được Ban gửi.")
                return None
            return "content"
        if board not in named:
            other = f" (phần đầu ghi tên cơ quan của Ban '{named[0]}')" if named else ""
            reading.problems.append(f"Thuộc tính của tệp ghi là của Ban '{board}' nhưng phần đầu văn bản không ghi "
                                    f"đúng tên cơ quan của Ban này{other}: cần kiểm tra tệp được gửi từ đâu.")
            return "conflict"
        return "properties"
    if document:
        reading.problems.append(f"Thuộc tính của tệp ghi Ban '{board or ''}', văn bản '{document}', không có trong bộ "
                                "tài liệu đang đăng; nhận dạng theo nội dung.")
    else:
        reading.problems.append("Tệp không có thuộc tính nhận dạng của bộ tài liệu (có thể đã chép nội dung sang "
                                "tệp khác, hoặc lưu qua định dạng .doc); nhận dạng theo nội dung.")
    documents = _documents_named(body, library)
    if len(documents) != 1:
        reading.problems.append("Không nhận ra đây là văn bản nào trong bộ tài liệu (không thấy đúng trích yếu của "
                                "một mẫu).")
        return None
    reading.document = documents[0]
    reading.version = None
    if named:
        reading.board = named[0]
        return "content"
    reading.problems.append("Không nhận ra Ban gửi: phần đầu văn bản không ghi tên một cơ quan có trong danh sách.")
    return None


# --- Fields -----------------------------------------------------------------------------------------------------

def _read_fields(body: Body, template: Template, reading: Reading, library: Library, allow_position: bool) -> bool:
    """Fill reading.fields and reading.how in the template's field order; False when a field was not found."""
    entry = library.entry(template.board, template.document) or {}
    tags = entry.get("fields") or list(template.fields)
    specs = field_specs(library.model, tags)
    tagged: dict[str, object] = {}
    for c in body.controls:
        if c.tag:
            if c.tag in tagged:
                reading.problems.append(f"Tag '{c.tag}' xuất hiện hai lần trong tệp; lấy ô đầu tiên.")
                continue
            tagged[c.tag] = c
    positional = _by_position(template, body) if allow_position and not tagged else {}
    text = _TextReader(template, body)
    located = True
    for tag in tags:
        f = template.fields.get(tag)
        if tag in tagged:
            raw, how = tagged[tag].value, "tag"
        elif tag in positional:
            raw, how = positional[tag].value, "position"
        elif f is not None:
            raw, how = text.read(f), "text"
        else:
            raw, how = None, None
        if raw is None:
            reading.fields[tag] = None
            reading.problems.append(f"Không tìm thấy ô '{specs[tag].label}' ({tag}): ô nhập liệu và chữ cố định "
                                    "quanh nó đã bị xóa hoặc sửa.")
            located = False
            continue
        placeholder = f.placeholder if f else None
        reading.fields[tag] = None if raw == "" or raw == placeholder else raw
        reading.how[tag] = how
    return located


def _by_position(template: Template, body: Body) -> dict:
    """Controls without tags mapped to the template's fields by order: only when their number equals the
    template's (all controls, or only the inline ones when the narrative parts are plain paragraphs, as in an ODT
    from LibreOffice 7.4) and each has the same kind and the same fixed text just before it."""
    found = body.controls
    if not found:
        return {}
    for wanted in (template.body.controls, [c for c in template.body.controls if not c.block]):
        if len(wanted) == len(found) and all(_same_kind(a, b) and a.before == b.before
                                             for a, b in zip(wanted, found, strict=True)):
            return {a.tag: b for a, b in zip(wanted, found, strict=True) if a.tag}
    return {}


def _same_kind(wanted, found) -> bool:
    """A narrative part is a block control in the template; LibreOffice 7.4 saves it back as an inline control
    that fills its paragraph."""
    return wanted.block == found.block or (wanted.block and found.alone)


class _TextReader:
    """Depth 3: the template's fixed paragraphs found once in it are anchors, matched in order in the file; each
    field is read in the stretch between the anchors around it."""

    def __init__(self, template: Template, body: Body):
        self.t, self.d = template, body
        where = defaultdict(list)
        for j, p in enumerate(body.paras):
            if p.text:
                where[p.text].append(j)
        self.match: dict[int, int] = {}
        last = -1
        for ti, text in template.anchors:
            for j in where.get(text, ()):
                if j > last:
                    self.match[ti] = last = j
                    break
        self.anchored = sorted(self.match)
        self._para_cache: dict[tuple[int, int], list[str] | None] = {}

    def _window(self, first: int, last: int) -> tuple[int, int, int, int]:
        """(file start, file end, template start, template end) between the anchors found around template
        paragraphs first..last."""
        k = bisect.bisect_left(self.anchored, first)
        t_start = self.anchored[k - 1] if k > 0 else -1
        start = self.match[t_start] + 1 if k > 0 else 0
        k = bisect.bisect_right(self.anchored, last)
        t_end = self.anchored[k] if k < len(self.anchored) else len(self.t.body.paras)
        end = self.match[t_end] if k < len(self.anchored) else len(self.d.paras)
        return start, max(start, end), t_start, t_end

    def read(self, f: Field) -> str | None:
        """The field's text ("" when empty), or None when it cannot be found."""
        tparas = self.t.body.paras
        tpara = tparas[f.paras[0]]
        start, end, t_start, t_end = self._window(f.paras[0], f.paras[-1])
        if f.pattern is not None:
            for j in range(start, end):
                m = f.pattern.search(self.d.paras[j].text)
                if m:
                    return clean(m.group(f.group))
            return None
        fixed = {p.text for p in tparas[t_start + 1:t_end] if p.text and p.block is None and not p.controls}
        if tpara.cell is not None and not f.block:
            row = [ti for ti in self.anchored if tparas[ti].cell and tparas[ti].cell[:2] == tpara.cell[:2]]
            if row:
                t, r, _ = self.d.paras[self.match[row[0]]].cell or (None, None, None)
                target = (t, r, tpara.cell[2])
                own = {p.text for p in tparas if p.cell == tpara.cell and not p.controls}
                cell = [p for p in self.d.paras if p.cell == target]
                if not cell:
                    return None
                return "\n".join(p.text for p in cell if p.text and p.text not in own)
        lines = [p.text for p in self.d.paras[start:end]
                 if p.text and p.text not in fixed and (p.cell is None) == (tpara.cell is None)]
        return "\n".join(lines)
