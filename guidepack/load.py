"""Load and validate data/ into the model, once. Every problem is a DataError naming file, entry and field."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path

from .errors import DataError
from .model import (
    FIELD_TYPES,
    LEVELS,
    Board,
    Check,
    Condition,
    Contact,
    Document,
    FieldPattern,
    Group,
    IndicatorColumn,
    IndicatorRow,
    Indicators,
    Instrument,
    Letter,
    Model,
    Paragraph,
    Ratio,
    Recipient,
    Sheet,
    Task,
)
from .text import SLUG_RE, nfc
from .yamlio import Located, read_yaml

_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_VN_DATE_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")  # 15/6/2011, as the letter writes dates
# Characters that have no business in a name or a sentence: control characters and bidi overrides.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
MAX_TEXT = 4000
MAX_ENTRIES = 20000


class Entry:
    """One mapping in a data file, read field by field; unread fields are reported as unknown."""

    def __init__(self, doc: Located, path: tuple, name: str | None, what: str = "mục"):
        self.doc, self.path, self.name = doc, path, name
        value = self._value(path)
        if not isinstance(value, dict):
            self.fail(None, f"{what} này phải là một bảng các trường (dạng `tên: giá trị`).")
        self.data: dict = value
        self.seen: set[str] = set()

    def _value(self, path):
        value = self.doc.data
        for key in path:
            value = value[key]
        return value

    def fail(self, field: str | None, message: str):
        path = self.path + ((field,) if field else ())
        raise DataError(self.doc.file, message, entry=self.name, field=field, line=self.doc.line(path))

    def get(self, field: str, kind: str = "text", required: bool = True):
        """Read `field` as `kind`: text, slug, int, bool, date, list, map. None only when not required."""
        self.seen.add(field)
        if field not in self.data or self.data[field] is None:
            if required and field in self.data:
                self.fail(field, "giá trị không được để trống.")
            if required:
                typo = difflib.get_close_matches(field, [k for k in self.data if k not in self.seen], n=1, cutoff=0.75)
                hint = f" Có trường '{typo[0]}': có phải gõ nhầm tên '{field}'?" if typo else ""
                self.fail(field, f"thiếu giá trị bắt buộc.{hint}")
            return None
        return _convert(lambda message: self.fail(field, message), self.data[field], kind)

    def finish(self):
        unknown = [k for k in self.data if k not in self.seen]
        if unknown:
            key = unknown[0]
            guess = difflib.get_close_matches(key, sorted(self.seen), n=1)
            hint = f" Có phải ý bạn là '{guess[0]}'?" if guess else ""
            self.fail(key, f"trường không được biết đến.{hint}")


def _convert(fail, value, kind: str):
    """Check and convert one value; `fail(message)` reports a problem with it."""
    if kind in ("text", "slug"):
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            fail("phải là một đoạn chữ.")
        text = nfc(str(value)).strip()
        if not text:
            fail("giá trị không được để trống.")
        if len(text) > MAX_TEXT:
            fail(f"quá dài ({len(text)} ký tự; tối đa {MAX_TEXT}).")
        if _FORBIDDEN.search(text):
            fail("chứa ký tự điều khiển hoặc ký tự đảo chiều văn bản; hãy xóa ký tự đó.")
        if kind == "slug" and not SLUG_RE.match(text):
            fail(f"'{text}' không phải mã hợp lệ: chỉ dùng chữ thường không dấu a–z, "
                              "chữ số và dấu gạch ngang (ví dụ: thanh-hoa).")
        return text
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            fail("phải là một số nguyên.")
        return value
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            fail("phải là một số.")
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            fail("phải là true hoặc false.")
        return value
    if kind == "date":
        text = str(value).strip()
        match = _DATE_RE.match(text)
        vn = _VN_DATE_RE.match(text)
        if not match and not vn:
            fail(f"'{text}' không phải ngày dạng NĂM-THÁNG-NGÀY (ví dụ: 2011-06-15) hoặc NGÀY/THÁNG/NĂM "
                 "(ví dụ: 15/6/2011).")
        try:
            if vn:
                day, month, year = map(int, vn.groups())
                return dt.date(year, month, day)
            return dt.date(*map(int, match.groups()))
        except ValueError:
            fail(f"ngày '{text}' không tồn tại.")
    if kind == "list":
        if not isinstance(value, list):
            fail("phải là một danh sách (các dòng bắt đầu bằng '- ' hoặc [a, b]).")
        return value
    raise AssertionError(kind)


def _texts(entry: Entry, field: str, kind: str = "text", required: bool = True) -> list:
    items = entry.get(field, "list", required) or []
    return [
        _convert(lambda message, i=i: entry.fail(field, f"phần tử thứ {i + 1}: {message}"), item, kind)
        for i, item in enumerate(items)
    ]


def _entries(doc: Located, path: tuple, what: str, name_field: str | None = "id"):
    """Yield an Entry for each item of the list at `path`."""
    items = doc.data
    for key in path:
        if isinstance(items, dict):
            items = items.get(key)
        elif isinstance(items, list) and isinstance(key, int):
            items = items[key]
        else:
            items = None
    if not isinstance(items, list) or not items:
        raise DataError(doc.file, f"cần một danh sách {what} không rỗng.", field=".".join(map(str, path)),
                        line=doc.line(path))
    if len(items) > MAX_ENTRIES:
        raise DataError(doc.file, f"quá nhiều {what} ({len(items)}; tối đa {MAX_ENTRIES}).",
                        field=".".join(map(str, path)), line=doc.line(path))
    for i, item in enumerate(items):
        label = f"{what} thứ {i + 1}"
        if name_field and isinstance(item, dict) and isinstance(item.get(name_field), (str, int)):
            label = f"{what} '{item[name_field]}'"
        yield Entry(doc, path + (i,), label, what)


def _unique(items, key, doc: Located, what: str):
    seen = {}
    for entry, obj in items:
        k = key(obj)
        if k in seen:
            entry.fail("id" if what != "nhiệm vụ" else "number", f"trùng mã với {what} khác: '{k}'.")
        seen[k] = obj
    return seen


def _root(doc: Located, allowed: set[str]) -> None:
    if not isinstance(doc.data, dict):
        raise DataError(doc.file, "tệp phải là một bảng các phần (ví dụ: `tasks:` ...).", line=1)
    for key in doc.data:
        if key not in allowed:
            guess = difflib.get_close_matches(key, sorted(allowed), n=1)
            hint = f" Có phải ý bạn là '{guess[0]}'?" if guess else ""
            raise DataError(doc.file, f"phần không được biết đến.{hint}", field=key, line=doc.line((key,)))
    for key in allowed:
        if key not in doc.data:
            raise DataError(doc.file, "thiếu phần bắt buộc.", field=key)


def _letter(doc: Located, data_dir: Path) -> Letter:
    e = Entry(doc, ("letter",), "letter", "phần")
    file = e.get("file")
    path = (data_dir / file).resolve()
    if path.parent != data_dir.resolve() or not path.is_file():
        e.fail("file", f"không tìm thấy tệp công văn '{file}' trong thư mục data/.")
    try:
        letter_text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[:exc.start].count(b"\n") + 1
        e.fail("file", f"tệp công văn '{file}' không phải UTF-8 (lỗi ở dòng {line}); hãy lưu lại với mã hóa UTF-8.")
    if _FORBIDDEN.search(letter_text.replace("\r", "")):
        e.fail("file", f"tệp công văn '{file}' chứa ký tự điều khiển hoặc ký tự đảo chiều văn bản; hãy xóa ký tự đó.")
    texts = [nfc(p.strip()) for p in letter_text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    paragraphs = []
    e.seen.add("paragraphs")
    for pe in _entries(doc, ("letter", "paragraphs"), "đoạn"):
        paragraphs.append((pe, pe.get("id", "slug"), pe.get("label")))
        pe.finish()
    if len(paragraphs) != len(texts):
        e.fail("paragraphs", f"khai báo {len(paragraphs)} đoạn nhưng tệp {file} có {len(texts)} đoạn "
                             "(các đoạn cách nhau bởi một dòng trống).")
    _unique([(pe, pid) for pe, pid, _ in paragraphs], lambda x: x, doc, "đoạn")
    year = e.get("year", "int")
    letter = Letter(
        title=e.get("title"), issuer=e.get("issuer"), issuer_short=e.get("issuer_short"), year=year,
        number=e.get("number", required=False), date=e.get("date", "date", required=False),
        paragraphs=tuple(Paragraph(pid, label, text) for (_, pid, label), text in zip(paragraphs, texts, strict=True)),
    )
    e.finish()
    return letter


def _paragraph_ref(e: Entry, letter: Letter, field: str = "paragraph", required: bool = True) -> str | None:
    pid = e.get(field, "slug", required)
    if pid is not None and pid not in {p.id for p in letter.paragraphs}:
        e.fail(field, f"đoạn '{pid}' không có trong công văn (xem letter.paragraphs).")
    return pid


def load_tasks(doc: Located, data_dir: Path):
    _root(doc, {"letter", "contact", "recipients", "instruments", "tasks", "documents"})
    letter = _letter(doc, data_dir)

    e = Entry(doc, ("contact",), "contact", "phần")
    contact = Contact(paragraph=_paragraph_ref(e, letter), name=e.get("name"), address=e.get("address"),
                      phone=e.get("phone"), email=e.get("email"), note=e.get("note", required=False))
    e.finish()

    recipients = []
    for e in _entries(doc, ("recipients",), "nơi nhận"):
        recipients.append((e, Recipient(id=e.get("id", "slug"), name=e.get("name"),
                                        listed_as=e.get("listed_as"), paragraph=_paragraph_ref(e, letter))))
        e.finish()
    recipient_by_id = _unique(recipients, lambda r: r.id, doc, "nơi nhận")

    instruments = []
    for e in _entries(doc, ("instruments",), "văn bản"):
        inst = Instrument(
            id=e.get("id", "slug"),
            paragraph=_paragraph_ref(e, letter, required=False),
            kind=e.get("kind"), number=e.get("number", required=False),
            date=e.get("date", "date", required=False), issuer=e.get("issuer"),
            title=e.get("title", required=False), about=e.get("about", required=False),
            short=e.get("short"), confirmed=e.get("confirmed", "bool"), basis=e.get("basis"))
        if not inst.title and not inst.about:
            e.fail("title", "cần 'title' (tên văn bản) hoặc 'about' (nội dung theo lời công văn).")
        instruments.append((e, inst))
        e.finish()
    instrument_by_id = _unique(instruments, lambda i: i.id, doc, "văn bản")

    def resolve_instruments(e: Entry, field: str):
        out = []
        for iid in _texts(e, field, "slug", required=False):
            if iid not in instrument_by_id:
                e.fail(field, f"văn bản '{iid}' không có trong danh sách instruments.")
            out.append(instrument_by_id[iid])
        return tuple(out)

    tasks = []
    for e in _entries(doc, ("tasks",), "nhiệm vụ", name_field="number"):
        levels = tuple(_texts(e, "levels"))
        for level in levels:
            if level not in LEVELS:
                e.fail("levels", f"cấp '{level}' không hợp lệ; chỉ dùng central hoặc local.")
        condition = None
        e.seen.add("condition")
        if e.data.get("condition") is not None:
            ce = Entry(doc, e.path + ("condition",), e.name, "điều kiện")
            condition = Condition(fact=ce.get("fact", "text"), applies_when=ce.get("applies_when", "bool"),
                                  wording=ce.get("wording"))
            ce.finish()
        actions = tuple(_texts(e, "actions"))
        if not actions:
            e.fail("actions", "cần ít nhất một việc cụ thể (mỗi việc là một ô trên danh sách kiểm tra).")
        tasks.append((e, Task(
            number=e.get("number", "int"), paragraph=_paragraph_ref(e, letter), title=e.get("title"),
            wording=e.get("wording"), levels=levels, condition=condition, actions=actions,
            cites=resolve_instruments(e, "cites"), background=resolve_instruments(e, "background"))))
        e.finish()
    task_by_number = _unique(tasks, lambda t: t.number, doc, "nhiệm vụ")

    documents = []
    for e in _entries(doc, ("documents",), "văn bản cần lập"):
        kind = e.get("kind")
        if kind not in ("plan", "report"):
            e.fail("kind", f"'{kind}' không hợp lệ; chỉ dùng plan (kế hoạch) hoặc report (báo cáo).")
        task_no = e.get("task", "int", required=False)
        if task_no is not None and task_no not in task_by_number:
            e.fail("task", f"không có nhiệm vụ số {task_no}.")
        rid = e.get("recipient", "slug", required=False)
        if rid is not None and rid not in recipient_by_id:
            e.fail("recipient", f"nơi nhận '{rid}' không có trong danh sách recipients.")
        deadline = e.get("deadline", "date", required=False)
        if deadline and deadline.year != letter.year:
            e.fail("deadline", f"thời hạn {deadline:%d/%m/%Y} nằm ngoài năm kế hoạch {letter.year}.")
        wording = e.get("deadline_wording", required=False)
        if bool(deadline) != bool(wording):
            e.fail("deadline_wording", "cần ghi cả 'deadline' và 'deadline_wording' (lời công văn), "
                                       "hoặc để trống cả hai khi công văn không nêu thời hạn.")
        if kind == "report" and rid is None:
            e.fail("recipient", "báo cáo cần có nơi nhận.")
        documents.append((e, Document(
            id=e.get("id", "slug"), kind=kind, paragraph=_paragraph_ref(e, letter), title=e.get("title"),
            short=e.get("short"), type_name=e.get("type_name"), subject=e.get("subject"), code=e.get("code"),
            task=task_by_number.get(task_no), recipient=recipient_by_id.get(rid), deadline=deadline,
            deadline_wording=wording)))
        e.finish()
    _unique(documents, lambda d: d.id, doc, "văn bản cần lập")

    return (letter, contact, tuple(r for _, r in recipients), tuple(i for _, i in instruments),
            tuple(sorted((t for _, t in tasks), key=lambda t: t.number)), tuple(d for _, d in documents))


BOARD_FACTS = {"review_2010_done"}


def load_boards(doc: Located, tasks: tuple[Task, ...]):
    _root(doc, {"groups"})
    facts_used = {t.condition.fact for t in tasks if t.condition}
    groups, boards = [], []
    for ge in _entries(doc, ("groups",), "nhóm"):
        level = ge.get("level")
        if level not in LEVELS:
            ge.fail("level", f"cấp '{level}' không hợp lệ; chỉ dùng central hoặc local.")
        group = Group(id=ge.get("id", "slug"), title=ge.get("title"), level=level,
                      confirmed=ge.get("confirmed", "bool"), note=ge.get("note", required=False))
        groups.append((ge, group))
        ge.seen.add("boards")
        for e in _entries(doc, ge.path + ("boards",), "cơ quan"):
            level = e.get("level", required=False) or group.level
            if level not in LEVELS:
                e.fail("level", f"cấp '{level}' không hợp lệ; chỉ dùng central hoặc local.")
            confirmed = e.get("confirmed", "bool", required=False)
            facts = {}
            for fact in sorted(facts_used | BOARD_FACTS):
                value = e.get(fact, "bool", required=False)
                if value is not None:
                    facts[fact] = value
            gso = e.get("gso", required=False)
            if gso is not None and not re.fullmatch(r"\d{2}", gso):
                e.fail("gso", f"mã GSO '{gso}' phải gồm hai chữ số (ví dụ: \"38\").")
            boards.append((e, Board(
                id=e.get("id", "slug"), agency=e.get("agency"), name=e.get("name"), short=e.get("short"),
                parent=e.get("parent"), place=e.get("place"), level=level, gso=gso, group=group,
                confirmed=group.confirmed if confirmed is None else confirmed,
                note=e.get("note", required=False) or group.note, facts=facts)))
            e.finish()
        ge.finish()
    _unique(groups, lambda g: g.id, doc, "nhóm")
    _unique(boards, lambda b: b.id, doc, "cơ quan")
    return tuple(g for _, g in groups), tuple(b for _, b in boards)


_COLUMN_TYPES = ("value",) + FIELD_TYPES
_ROW_TYPES = ("whole", "decimal")
_OPERATORS = ("<=", "<", "=", ">=", ">")
_CHECK_ROWS = ("people", "all")


def load_indicators(doc: Located) -> Indicators:
    """data/indicators.yaml: the data sheets of the report templates and the checks on their values."""
    _root(doc, {"confirmed", "basis", "columns", "sheets", "checks"})
    top = Entry(doc, (), None, "tệp")

    def choice(e: Entry, field: str, allowed, default=None):
        value = e.get(field, required=default is None) or default
        if value not in allowed:
            e.fail(field, f"'{value}' không hợp lệ; chỉ dùng: {', '.join(allowed)}.")
        return value

    columns = []
    for e in _entries(doc, ("columns",), "cột"):
        columns.append((e, IndicatorColumn(id=e.get("id", "slug"), label=e.get("label"),
                                           type=choice(e, "type", _COLUMN_TYPES),
                                           people_only=e.get("people_only", "bool"))))
        e.finish()
    column_ids = set(_unique(columns, lambda c: c.id, doc, "cột"))

    sheets = []
    for se in _entries(doc, ("sheets",), "biểu", name_field="number"):
        unit = se.get("unit", required=False)
        rows = []
        se.seen.add("rows")
        for e in _entries(doc, se.path + ("rows",), "dòng"):
            row = IndicatorRow(id=e.get("id", "slug"), label=e.get("label"), people=e.get("people", "bool"),
                               unit=e.get("unit", required=False), type=choice(e, "type", _ROW_TYPES, "whole"))
            if not (row.unit or unit):
                e.fail("unit", "cần đơn vị tính (của dòng, hoặc của cả biểu).")
            rows.append((e, row))
            e.finish()
        _unique(rows, lambda r: r.id, doc, "dòng")
        sheet = Sheet(number=se.get("number", "int"), title=se.get("title"), local_only=se.get("local_only", "bool"),
                      unit=unit, rows=tuple(r for _, r in rows))
        if sheet.number < 1:
            se.fail("number", "số biểu phải từ 1 trở lên.")
        sheets.append((se, sheet))
        se.finish()
    _unique(sheets, lambda s: s.number, doc, "biểu")

    def column(e: Entry, field: str, value) -> str:
        if value not in column_ids:
            e.fail(field, f"cột '{value}' không có trong columns.")
        return value

    checks = []
    for e in _entries(doc, ("checks",), "kiểm tra"):
        rows_kind = choice(e, "rows", _CHECK_ROWS)
        left = e.get("left", "slug", required=False)
        right = None
        e.seen.add("right")
        if left:
            column(e, "left", left)
            operator = choice(e, "operator", _OPERATORS)
            raw = e.data.get("right")
            if isinstance(raw, dict):
                re_ = Entry(doc, e.path + ("right",), e.name, "vế phải")
                right = Ratio(divide=column(re_, "divide", re_.get("divide", "slug")),
                              by=column(re_, "by", re_.get("by", "slug")), times=re_.get("times", "int"))
                re_.finish()
            else:
                right = column(e, "right", e.get("right", "slug"))
        else:
            operator = e.get("operator", required=False)
            if operator or e.data.get("right") is not None:
                e.fail("left", "một phép so sánh cần cả left, operator và right.")
        tolerance = e.get("tolerance", "number", required=False) or 0.0
        cols = tuple(column(e, "columns", c) for c in _texts(e, "columns", "slug", required=False))
        types = tuple(_texts(e, "types", "slug", required=False))
        for t in types:
            if t not in FIELD_TYPES:
                e.fail("types", f"kiểu '{t}' không hợp lệ; chỉ dùng: {', '.join(FIELD_TYPES)}.")
        check = Check(id=e.get("id", "slug"), rows=rows_kind, message=e.get("message"), left=left,
                      operator=operator, right=right, tolerance=tolerance, columns=cols, types=types,
                      whole=bool(e.get("whole", "bool", required=False)),
                      minimum=e.get("minimum", "number", required=False),
                      maximum=e.get("maximum", "number", required=False))
        if check.kind == "range" and not cols:
            e.fail("columns", "một quy tắc về khoảng giá trị cần danh sách cột (columns).")
        checks.append((e, check))
        e.finish()
    _unique(checks, lambda c: c.id, doc, "kiểm tra")

    indicators = Indicators(confirmed=top.get("confirmed", "bool"), basis=top.get("basis"),
                            columns=tuple(c for _, c in columns), sheets=tuple(s for _, s in sheets),
                            checks=tuple(c for _, c in checks))
    top.seen.update({"columns", "sheets", "checks"})
    top.finish()
    return indicators


_FIELD_TAG = re.compile(r"^[a-z0-9-]+(\.([a-z0-9-]+|\{item\})){0,2}$|^[a-z0-9.-]*\{n\}$")


def load_fields(doc: Located) -> tuple[FieldPattern, ...]:
    """data/fields.yaml: the label and type of each template field that is not a sheet cell."""
    _root(doc, {"fields"})
    fields = []
    for e in _entries(doc, ("fields",), "ô nhập liệu", name_field="tag"):
        pattern = FieldPattern(tag=e.get("tag"), label=e.get("label"), type=e.get("type"))
        if not _FIELD_TAG.match(pattern.tag):
            e.fail("tag", f"'{pattern.tag}' không phải tag hợp lệ: chữ thường không dấu, chữ số, '-' và '.', "
                          "có thể kèm {n} (số nhiệm vụ) hoặc {item} (dòng của kế hoạch).")
        if pattern.type not in FIELD_TYPES:
            e.fail("type", f"kiểu '{pattern.type}' không hợp lệ; chỉ dùng: {', '.join(FIELD_TYPES)}.")
        fields.append((e, pattern))
        e.finish()
    _unique(fields, lambda f: f.tag, doc, "ô nhập liệu")
    return tuple(f for _, f in fields)


def load_model(data_dir: Path) -> Model:
    """Read data/tasks.yaml, data/boards.yaml, data/indicators.yaml and data/fields.yaml into one validated
    Model."""
    data_dir = Path(data_dir)
    tasks_doc = read_yaml(data_dir / "tasks.yaml", "data/tasks.yaml")
    letter, contact, recipients, instruments, tasks, documents = load_tasks(tasks_doc, data_dir)
    boards_doc = read_yaml(data_dir / "boards.yaml", "data/boards.yaml")
    groups, boards = load_boards(boards_doc, tasks)
    indicators = load_indicators(read_yaml(data_dir / "indicators.yaml", "data/indicators.yaml"))
    fields = load_fields(read_yaml(data_dir / "fields.yaml", "data/fields.yaml"))
    return Model(letter=letter, contact=contact, recipients=recipients, instruments=instruments,
                 tasks=tasks, documents=documents, groups=groups, boards=boards, indicators=indicators,
                 fields=fields)
