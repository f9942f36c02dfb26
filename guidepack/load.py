"""Load and validate data/ into the model, once.

Each file is read with its schema (guidepack/schema.py: types, required and unknown fields), then what links its
entries together is checked (paragraphs, ids, deadlines). Every problem found is reported, each naming file, line,
entry and field (DataErrors, up to MAX_REPORTED), not only the first.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
from pathlib import Path

from pydantic import BaseModel, ValidationError

from . import schema as s
from .errors import DataError, DataErrors
from .model import (
    Abbreviation,
    Alias,
    Board,
    Check,
    Condition,
    Contact,
    Document,
    FieldPattern,
    Format,
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
from .render import vn_date
from .text import fold, nfc
from .yamlio import Located, read_yaml

MAX_REPORTED = 20


# ---- where a problem is: entry, field and line, from the schema's shape ----

def _inner(annotation) -> tuple[type | None, str | None]:
    """(the model a field holds, or None; "list", "dict" or None for the container)."""
    container = None
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else None
        elif origin is list and container is None:
            container, annotation = "list", typing.get_args(annotation)[0]
        elif origin is dict and container is None:
            container, annotation = "dict", typing.get_args(annotation)[1]
        else:
            break
    model = annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
    return model, container


class Where:
    """The entry, field and line that a location in a file (a pydantic `loc`) points at."""

    def __init__(self, doc: Located, root: type[s.Entry], loc: tuple):
        self.loc = tuple(loc)
        self.entry: str | None = None
        self.entry_class: type[s.Entry] | None = root
        self.entry_data = doc.data
        self.field: str | None = None
        self.prefix = ""
        self.at_root = True
        self.field_model: type | None = None
        self.field_container: str | None = None
        cls, value, container, item_model = root, doc.data, None, None
        for key in self.loc:
            if container == "list" and isinstance(key, int):
                value = value[key] if isinstance(value, list) and key < len(value) else None
                if item_model is not None:
                    cls, self.entry_class, self.entry_data = item_model, item_model, value
                    name = value.get(item_model.name_field) if isinstance(value, dict) and item_model.name_field \
                        else None
                    ok = isinstance(name, (str, int)) and not isinstance(name, bool)
                    self.entry = f"{item_model.what} '{name}'" if ok else f"{item_model.what} thứ {key + 1}"
                    self.field, self.at_root = None, False
                else:
                    self.prefix = f"phần tử thứ {key + 1}: "
                container = None
                continue
            if container == "dict":
                self.field = f"{self.field}.{key}"
                value = value.get(key) if isinstance(value, dict) else None
                container = "list" if isinstance(value, list) else None
                continue
            if not isinstance(key, str) or cls is None:
                break
            info = cls.model_fields.get(key)
            self.field = key
            self.field_model, self.field_container = _inner(info.annotation) if info else (None, None)
            value = value.get(key) if isinstance(value, dict) else None
            model, container = self.field_model, self.field_container
            item_model = model if container == "list" else None
            if model is not None and container is None:
                cls = model
                if model.what:  # a section (letter, contact): named by its key; a condition: by its task
                    self.entry, self.entry_class, self.entry_data = key, model, value
                    self.field, self.at_root = None, False
            elif container is None:
                cls = None
        self.line = doc.line(tuple(k for k in self.loc if isinstance(k, (str, int))))


def _message(error: dict, where: Where) -> str | None:
    """The Vietnamese sentence for one of pydantic's errors; None when another error of the same entry says it."""
    kind, value = error["type"], error.get("input")
    what = where.entry_class.what if where.entry_class else "mục"
    if kind == "vi":
        return where.prefix + error["msg"]
    if kind == "missing":
        data = where.entry_data if isinstance(where.entry_data, dict) else {}
        known = set(where.entry_class.model_fields) if where.entry_class else set()
        typo = difflib.get_close_matches(where.field or "", [k for k in data if k not in known], n=1, cutoff=0.75)
        if typo:  # a misspelt name: reported once, as the unknown field ("did you mean ...")
            return None
        if where.at_root and where.entry is None:
            return "thiếu phần bắt buộc."
        if where.field_container == "list" and where.field_model is not None:
            return f"thiếu danh sách {where.field_model.what} (cần ít nhất một)."
        return "thiếu giá trị bắt buộc."
    if kind == "extra_forbidden":
        known = sorted(where.entry_class.model_fields) if where.entry_class else []
        guess = difflib.get_close_matches(where.field or "", known, n=1)
        hint = f" Có phải ý bạn là '{guess[0]}'?" if guess else ""
        return f"{'phần' if where.at_root else 'trường'} không được biết đến.{hint}"
    if value is None and kind.endswith("_type"):
        return where.prefix + "giá trị không được để trống."
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        if where.field and where.entry_class and where.field in where.entry_class.model_fields \
                and where.field_model is None:
            return "phải là một bảng các trường (dạng `tên: giá trị`)."
        if where.entry is None and where.at_root:
            return "tệp phải là một bảng các phần (ví dụ: `tasks:` ...)."
        return f"{what} này phải là một bảng các trường (dạng `tên: giá trị`)."
    if kind == "string_type":
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        hint = " (đang là một số; nếu đúng là chữ, hãy đặt trong ngoặc kép)" if number else \
            ", không phải một danh sách" if isinstance(value, list) else ""
        return where.prefix + f"phải là một đoạn chữ{hint}."
    if kind == "int_type":
        return where.prefix + "phải là một số nguyên."
    if kind == "bool_type":
        return where.prefix + "phải là true hoặc false."
    if kind == "list_type":
        return "phải là một danh sách (các dòng bắt đầu bằng '- ' hoặc [a, b])."
    if kind == "literal_error":
        expected = str(error.get("ctx", {}).get("expected", "")).replace(" or ", " hoặc ")
        return where.prefix + f"'{value}' không hợp lệ; chỉ dùng {expected}."
    if kind == "too_short":
        if where.field_container == "list" and where.field_model is not None:
            return f"cần một danh sách {where.field_model.what} không rỗng."
        return "cần ít nhất một phần tử, danh sách không được rỗng."
    if kind == "too_long":
        return f"quá nhiều phần tử ({error.get('ctx', {}).get('actual_length')}; tối đa {s.MAX_ENTRIES})."
    return where.prefix + f"giá trị không hợp lệ ({error['msg']})."


class Problems:
    """Every problem found in a run, each located; raised together (DataErrors) at the end of a stage."""

    def __init__(self):
        self.errors: list[DataError] = []

    def at(self, doc: Located, root: type[s.Entry], loc: tuple, message: str) -> None:
        where = Where(doc, root, loc)
        self.errors.append(DataError(doc.file, message, entry=where.entry, field=where.field, line=where.line))

    def read(self, doc: Located, model: type[s.Entry]):
        """The file read with its schema; None (and its problems recorded) when it does not fit."""
        if not isinstance(doc.data, dict):
            self.errors.append(DataError(doc.file, "tệp phải là một bảng các phần (ví dụ: `tasks:` ...).", line=1))
            return None
        letter = doc.data.get("letter")
        year = letter.get("year") if isinstance(letter, dict) else None
        try:
            return model.model_validate(doc.data, context={"year": year if type(year) is int else None})
        except ValidationError as exc:
            found = []
            for error in exc.errors(include_url=False):
                where = Where(doc, model, error["loc"])
                # A missing section has no line of its own (the file's first line would mislead).
                line = None if error["type"] == "missing" and where.at_root else where.line
                message = _message(error, where)
                if message:
                    found.append(DataError(doc.file, message, entry=where.entry, field=where.field, line=line))
            # In the order of the file; problems without a line (a missing section) last.
            self.errors += sorted(found, key=lambda e: e.line or 1 << 30)
            return None

    def check(self) -> None:
        if self.errors:
            raise DataErrors(self.errors[:MAX_REPORTED], total=len(self.errors))


# ---- what links entries together ----

def _unique(problems: Problems, doc: Located, root, items, path: tuple, field: str, what: str) -> None:
    seen = set()
    for i, value in enumerate(items):
        if value in seen:
            problems.at(doc, root, (*path, i, field), f"trùng mã với {what} khác: '{value}'.")
        seen.add(value)


def _letter_paragraphs(problems: Problems, doc: Located, letter: s.LetterEntry, data_dir: Path) -> list[str] | None:
    def fail(field, message):
        problems.at(doc, s.TasksFile, ("letter", field), message)

    path = (data_dir / letter.file).resolve()
    if path.parent != data_dir.resolve() or not path.is_file():
        return fail("file", f"không tìm thấy tệp công văn '{letter.file}' trong thư mục data/.")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        return fail("file", f"tệp công văn '{letter.file}' không phải UTF-8 (lỗi ở dòng {line}); hãy lưu lại với "
                            "mã hóa UTF-8.")
    if s.FORBIDDEN.search(text.replace("\r", "")):
        return fail("file", f"tệp công văn '{letter.file}' chứa ký tự điều khiển hoặc ký tự đảo chiều văn bản; "
                            "hãy xóa ký tự đó.")
    texts = [nfc(p.strip()) for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    if len(letter.paragraphs) != len(texts):
        return fail("paragraphs", f"khai báo {len(letter.paragraphs)} đoạn nhưng tệp {letter.file} có {len(texts)} "
                                  "đoạn (các đoạn cách nhau bởi một dòng trống).")
    return texts


_DM = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?")
_DM_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?")


def deadline_wording_problem(deadline: dt.date, wording: str) -> str | None:
    """Why a deadline's wording (the letter's words) does not agree with its date, or None when it does."""
    dates = [m.groups() for pattern in (_DM, _DM_WORDS) for m in pattern.finditer(wording)]
    if not dates:
        return (f"không thấy ngày trong lời thời hạn '{wording}'; hãy ghi ngày (ví dụ: trước ngày "
                f"{deadline.day}/{deadline.month}), hoặc để trống để viết từ 'deadline'.")
    for day, month, year in dates:
        if (int(day), int(month)) != (deadline.day, deadline.month) or (year and int(year) != deadline.year):
            return (f"lời thời hạn '{wording}' không khớp với 'deadline' ({vn_date(deadline)}); hãy sửa một trong "
                    "hai cho đúng công văn.")
    return None


def load_tasks(doc: Located, data_dir: Path, problems: Problems):
    """data/tasks.yaml into the model's letter, contact, format, recipients, instruments, tasks and documents;
    None when it has problems (recorded in `problems`)."""
    data = problems.read(doc, s.TasksFile)
    if data is None:
        return None
    root = s.TasksFile

    def fail(loc, message):
        problems.at(doc, root, loc, message)

    texts = _letter_paragraphs(problems, doc, data.letter, data_dir)
    paragraph_ids = [p.id for p in data.letter.paragraphs]
    _unique(problems, doc, root, paragraph_ids, ("letter", "paragraphs"), "id", "đoạn")

    def paragraph(loc, pid):
        if pid is not None and pid not in paragraph_ids:
            fail(loc, f"đoạn '{pid}' không có trong công văn (xem letter.paragraphs).")

    paragraph(("contact", "paragraph"), data.contact.paragraph)
    for i, r in enumerate(data.recipients):
        paragraph(("recipients", i, "paragraph"), r.paragraph)
    _unique(problems, doc, root, [r.id for r in data.recipients], ("recipients",), "id", "nơi nhận")

    instruments = {}
    for i, e in enumerate(data.instruments):
        paragraph(("instruments", i, "paragraph"), e.paragraph)
        if not e.title and not e.about:
            fail(("instruments", i, "title"), "cần 'title' (tên văn bản) hoặc 'about' (nội dung theo lời công văn).")
        instruments.setdefault(e.id, Instrument(
            id=e.id, paragraph=e.paragraph, kind=e.kind, number=e.number, date=e.date, issuer=e.issuer,
            title=e.title, about=e.about, short=e.short, confirmed=e.confirmed, basis=e.basis))
    _unique(problems, doc, root, [e.id for e in data.instruments], ("instruments",), "id", "văn bản")

    programme = data.letter.programme
    if programme is not None and programme not in instruments:
        fail(("letter", "programme"), f"văn bản '{programme}' không có trong danh sách instruments.")

    for key, lines in data.format.copies_to.items():
        for n, line in enumerate(lines):
            for name in re.findall(r"\{([^}]*)\}", line):
                if name != "agency":
                    fail(("format", "copies_to", key, n), f"'{{{name}}}' không dùng được; chỉ có {{agency}} "
                                                          "(tên Bộ, ngành, địa phương của Ban).")

    tasks = {}
    for i, e in enumerate(data.tasks):
        paragraph(("tasks", i, "paragraph"), e.paragraph)
        cited = {}
        for field in ("cites", "background"):
            cited[field] = []
            for n, iid in enumerate(getattr(e, field)):
                if iid not in instruments:
                    fail(("tasks", i, field, n), f"văn bản '{iid}' không có trong danh sách instruments.")
                else:
                    cited[field].append(instruments[iid])
        condition = e.condition and Condition(fact=e.condition.fact, applies_when=e.condition.applies_when,
                                              wording=e.condition.wording, short=e.condition.short)
        if condition and condition.fact in s.BoardEntry.model_fields:
            fail(("tasks", i, "condition", "fact"), f"'{condition.fact}' đã là một trường của cơ quan; hãy đặt tên "
                                                    "khác cho điều kiện.")
        tasks.setdefault(e.number, Task(
            number=e.number, paragraph=e.paragraph, title=e.title, wording=e.wording, levels=tuple(e.levels),
            condition=condition, actions=tuple(e.actions), cites=tuple(cited["cites"]),
            background=tuple(cited["background"])))
    _unique(problems, doc, root, [e.number for e in data.tasks], ("tasks",), "number", "nhiệm vụ")

    recipients = {r.id: Recipient(id=r.id, name=r.name, listed_as=r.listed_as, paragraph=r.paragraph)
                  for r in reversed(data.recipients)}
    documents = []
    year = data.letter.year
    for i, e in enumerate(data.documents):
        paragraph(("documents", i, "paragraph"), e.paragraph)
        if e.task is not None and e.task not in tasks:
            fail(("documents", i, "task"), f"không có nhiệm vụ số {e.task}.")
        if e.recipient is not None and e.recipient not in recipients:
            fail(("documents", i, "recipient"), f"nơi nhận '{e.recipient}' không có trong danh sách recipients.")
        if e.kind == "report" and e.recipient is None:
            fail(("documents", i, "recipient"), "báo cáo cần có nơi nhận.")
        template = e.template or e.kind
        if not template.startswith(e.kind):
            fail(("documents", i, "template"), f"mẫu '{template}' không dành cho loại văn bản '{e.kind}'; hãy chọn "
                                               f"một mẫu bắt đầu bằng '{e.kind}'.")
        wording = e.deadline_wording
        if e.deadline is not None:
            if e.deadline.year != year:
                fail(("documents", i, "deadline"), f"thời hạn {e.deadline:%d/%m/%Y} nằm ngoài năm kế hoạch {year}.")
            if wording is None:
                wording = f"trước ngày {vn_date(e.deadline)}"
            elif problem := deadline_wording_problem(e.deadline, wording):
                fail(("documents", i, "deadline_wording"), problem)
        elif wording is not None:
            fail(("documents", i, "deadline_wording"), "có lời thời hạn nhưng không có ngày: hãy ghi cả 'deadline' "
                                                       "(ngày), hoặc để trống cả hai khi công văn không nêu thời hạn.")
        documents.append(Document(
            id=e.id, kind=e.kind, template=template, paragraph=e.paragraph, title=e.title, short=e.short,
            type_name=e.type_name, subject=e.subject, code=e.code, task=tasks.get(e.task),
            recipient=recipients.get(e.recipient), deadline=e.deadline, deadline_wording=wording))
    _unique(problems, doc, root, [e.id for e in data.documents], ("documents",), "id", "văn bản cần lập")

    if texts is None:
        return None
    letter = Letter(
        title=data.letter.title, issuer=data.letter.issuer, issuer_short=data.letter.issuer_short, year=year,
        number=data.letter.number, date=data.letter.date, programme=instruments.get(programme),
        paragraphs=tuple(Paragraph(p.id, p.label, text) for p, text in zip(data.letter.paragraphs, texts,
                                                                            strict=True)))
    contact = Contact(paragraph=data.contact.paragraph, name=data.contact.name, address=data.contact.address,
                      phone=data.contact.phone, email=data.contact.email, note=data.contact.note)
    fmt = Format(national_title=data.format.national_title, motto=data.format.motto,
                 issuing_body=data.format.issuing_body, signer=data.format.signer,
                 copies_to={k: tuple(v) for k, v in data.format.copies_to.items()}, filed=data.format.filed)
    return (letter, contact, fmt, tuple(recipients[r.id] for r in data.recipients if r.id in recipients),
            tuple(instruments.values()), tuple(sorted(tasks.values(), key=lambda t: t.number)), tuple(documents))


def condition_facts(tasks) -> list[str]:
    """The per-board facts the tasks' conditions name: the extra fields a board may have."""
    return sorted({t.condition.fact for t in tasks if t.condition} - set(s.BoardEntry.model_fields))


def load_boards(doc: Located, facts: list[str], problems: Problems):
    """data/boards.yaml into the model's groups and boards; None when it has problems."""
    root = s.boards_file(facts)
    data = problems.read(doc, root)
    if data is None:
        return None
    groups, boards = [], []
    for g in data.groups:
        group = Group(id=g.id, title=g.title, level=g.level, confirmed=g.confirmed, note=g.note, unit=g.unit)
        groups.append(group)
        for b in g.boards:
            values = {f: getattr(b, f) for f in facts if getattr(b, f) is not None}
            boards.append(Board(
                id=b.id, agency=b.agency, name=b.name, short=b.short, parent=b.parent, place=b.place,
                level=b.level or group.level, gso=b.gso, group=group,
                confirmed=group.confirmed if b.confirmed is None else b.confirmed, note=b.note or group.note,
                facts=values, aliases=tuple(Alias(name=a.name, basis=a.basis, confirmed=a.confirmed)
                                            for a in b.aliases)))
    _unique(problems, doc, root, [g.id for g in data.groups], ("groups",), "id", "nhóm")
    seen = set()
    for i, g in enumerate(data.groups):
        for j, b in enumerate(g.boards):
            if b.id in seen:
                problems.at(doc, root, ("groups", i, "boards", j, "id"), f"trùng mã với cơ quan khác: '{b.id}'.")
            seen.add(b.id)
    return tuple(groups), tuple(boards)


def load_indicators(doc: Located, problems: Problems) -> Indicators | None:
    """data/indicators.yaml: the data sheets of the report templates and the checks on their values."""
    data = problems.read(doc, s.IndicatorsFile)
    if data is None:
        return None
    root = s.IndicatorsFile

    def fail(loc, message):
        problems.at(doc, root, loc, message)

    ids = {c.id for c in data.columns}

    def column(loc, value):
        if value not in ids:
            fail(loc, f"cột '{value}' không có trong columns.")

    _unique(problems, doc, root, [c.id for c in data.columns], ("columns",), "id", "cột")
    sheets = []
    for i, e in enumerate(data.sheets):
        for j, r in enumerate(e.rows):
            if not (r.unit or e.unit):
                fail(("sheets", i, "rows", j, "unit"), "cần đơn vị tính (của dòng, hoặc của cả biểu).")
        _unique(problems, doc, root, [r.id for r in e.rows], ("sheets", i, "rows"), "id", "dòng")
        sheets.append(Sheet(number=e.number, title=e.title, local_only=e.local_only, unit=e.unit, rows=tuple(
            IndicatorRow(id=r.id, label=r.label, people=r.people, unit=r.unit, type=r.type) for r in e.rows)))
    _unique(problems, doc, root, [e.number for e in data.sheets], ("sheets",), "number", "biểu")

    checks = []
    for i, e in enumerate(data.checks):
        right = None
        if e.left:
            column(("checks", i, "left"), e.left)
            if e.operator is None:
                fail(("checks", i, "operator"), "thiếu giá trị bắt buộc.")
            if isinstance(e.right, s.RatioEntry):
                column(("checks", i, "right", "divide"), e.right.divide)
                column(("checks", i, "right", "by"), e.right.by)
                right = Ratio(divide=e.right.divide, by=e.right.by, times=e.right.times)
            elif e.right is None:
                fail(("checks", i, "right"), "thiếu giá trị bắt buộc.")
            else:
                column(("checks", i, "right"), e.right)
                right = e.right
        elif e.operator or e.right is not None:
            fail(("checks", i, "left"), "một phép so sánh cần cả left, operator và right.")
        for n, c in enumerate(e.columns):
            column(("checks", i, "columns", n), c)
        check = Check(id=e.id, rows=e.rows, message=e.message, left=e.left, operator=e.operator, right=right,
                      tolerance=e.tolerance or 0.0, columns=tuple(e.columns), types=tuple(e.types),
                      whole=bool(e.whole), minimum=e.minimum, maximum=e.maximum)
        if check.kind == "range" and not check.columns:
            fail(("checks", i, "columns"), "một quy tắc về khoảng giá trị cần danh sách cột (columns).")
        checks.append(check)
    _unique(problems, doc, root, [e.id for e in data.checks], ("checks",), "id", "kiểm tra")
    return Indicators(confirmed=data.confirmed, basis=data.basis, columns=tuple(
        IndicatorColumn(id=c.id, label=c.label, type=c.type, people_only=c.people_only) for c in data.columns),
        sheets=tuple(sheets), checks=tuple(checks))


_FIELD_TAG = re.compile(r"^[a-z0-9-]+(\.([a-z0-9-]+|\{item\})){0,2}$|^[a-z0-9.-]*\{n\}$")


def load_fields(doc: Located, problems: Problems) -> tuple[FieldPattern, ...] | None:
    """data/fields.yaml: the label and type of each template field that is not a sheet cell."""
    data = problems.read(doc, s.FieldsFile)
    if data is None:
        return None
    for i, e in enumerate(data.fields):
        if not _FIELD_TAG.match(e.tag):
            problems.at(doc, s.FieldsFile, ("fields", i, "tag"),
                        f"'{e.tag}' không phải tag hợp lệ: chữ thường không dấu, chữ số, '-' và '.', "
                        "có thể kèm {n} (số nhiệm vụ) hoặc {item} (dòng của kế hoạch).")
    _unique(problems, doc, s.FieldsFile, [e.tag for e in data.fields], ("fields",), "tag", "ô nhập liệu")
    return tuple(FieldPattern(tag=e.tag, label=e.label, type=e.type) for e in data.fields)



def load_abbreviations(doc: Located, problems: Problems) -> tuple[Abbreviation, ...] | None:
    """data/abbreviations.yaml: the abbreviations the pages use, with their full forms; two that are the same
    without diacritics would find the same pages, so they are one entry."""
    data = problems.read(doc, s.AbbreviationsFile)
    if data is None:
        return None
    seen: dict[str, Abbreviation] = {}
    for i, e in enumerate(data.abbreviations):
        if fold(e.short) in seen:
            problems.at(doc, s.AbbreviationsFile, ("abbreviations", i, "short"),
                        f"trùng với chữ viết tắt '{seen[fold(e.short)].short}' (khi bỏ dấu).")
        seen[fold(e.short)] = Abbreviation(short=e.short, full=e.full, basis=e.basis, confirmed=e.confirmed)
    return tuple(seen.values())


def load_model(data_dir: Path) -> Model:
    """Read every data file (schema.FILES) into one validated Model; every problem of every file is reported at
    once (DataErrors)."""
    data_dir = Path(data_dir)
    problems = Problems()
    docs = {}
    for name in s.FILES:
        try:
            docs[name] = read_yaml(data_dir / name, f"data/{name}")
        except DataError as exc:  # a file that cannot be read at all: the others are still checked
            problems.errors.append(exc)
    tasks = load_tasks(docs["tasks.yaml"], data_dir, problems) if "tasks.yaml" in docs else None
    facts = condition_facts(tasks[5]) if tasks else _facts_anyway(docs.get("tasks.yaml"))
    boards = load_boards(docs["boards.yaml"], facts, problems) if "boards.yaml" in docs else None
    indicators = load_indicators(docs["indicators.yaml"], problems) if "indicators.yaml" in docs else None
    fields = load_fields(docs["fields.yaml"], problems) if "fields.yaml" in docs else None
    abbreviations = load_abbreviations(docs["abbreviations.yaml"], problems) if "abbreviations.yaml" in docs \
        else None
    problems.check()
    letter, contact, fmt, recipients, instruments, task_list, documents = tasks
    groups, board_list = boards
    return Model(letter=letter, contact=contact, format=fmt, recipients=recipients, instruments=instruments,
                 tasks=task_list, documents=documents, groups=groups, boards=board_list, indicators=indicators,
                 fields=fields, abbreviations=abbreviations)


def schema_texts(data_dir: Path) -> dict[str, str]:
    """The JSON Schema files for data_dir's files (by path relative to data_dir): the boards' extra fields are the
    facts that the tasks' conditions name."""
    try:
        facts = _facts_anyway(read_yaml(Path(data_dir) / "tasks.yaml", "data/tasks.yaml"))
    except DataError:
        facts = []
    return {f"{s.SCHEMA_DIR}/{name}": text for name, text in s.schema_texts(facts).items()}


def write_schemas(data_dir: Path) -> list[Path]:
    written = []
    for rel, text in schema_texts(data_dir).items():
        path = Path(data_dir) / rel
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _facts_anyway(doc: Located | None) -> list[str]:
    """The condition facts of a tasks file that has problems, read as they stand: so that boards.yaml is still
    checked (and its facts not reported as unknown) in the same run."""
    items = doc.data.get("tasks") if doc is not None and isinstance(doc.data, dict) else None
    facts = set()
    for task in items if isinstance(items, list) else []:
        condition = task.get("condition") if isinstance(task, dict) else None
        fact = condition.get("fact") if isinstance(condition, dict) else None
        if isinstance(fact, str) and re.fullmatch(r"[a-z][a-z0-9_]*", fact) and fact not in s.BoardEntry.model_fields:
            facts.add(fact)
    return sorted(facts)
