"""The shape of every data file, declared once: one pydantic model per kind of entry (strict: a number, a date or a
list where text is expected is an error, and so is text where a date is).

The same models give the JSON Schema files in data/schema/ (editor help for the office: `python build.py schema`
writes them) and the checks of `load.py`, which reads a file with them, then checks what links entries together.
To add a kind of entry: a model here (its `what` names it in messages), a field for it in its file's model, then
its conversion to the model the builders use in `load.py`. A new data file: its file model and a FILES entry.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, WithJsonSchema, create_model
from pydantic_core import PydanticCustomError

from .text import SLUG_RE, nfc
from .yamlio import PlainDate

# Characters that have no business in a name or a sentence: control characters and bidi overrides.
FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
MAX_TEXT = 4000
MAX_ENTRIES = 20_000
_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_VN_DATE_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")  # as the letter writes dates
DOCX_TEMPLATES = Path(__file__).parent / "templates" / "docx"


def _error(message: str) -> PydanticCustomError:
    # The message is already the Vietnamese sentence the office reads (load.py adds where).
    return PydanticCustomError("vi", message)


def _text(value: Any) -> str:
    if isinstance(value, PlainDate):
        raise _error(f"'{value}' được đọc là một ngày, không phải đoạn chữ; nếu đúng là chữ, hãy đặt trong ngoặc "
                     "kép.")
    if not isinstance(value, str):
        return value  # the strict str check reports it
    text = nfc(value).strip()
    if not text:
        raise _error("giá trị không được để trống.")
    if len(text) > MAX_TEXT:
        raise _error(f"quá dài ({len(text)} ký tự; tối đa {MAX_TEXT}).")
    if FORBIDDEN.search(text):
        raise _error("chứa ký tự điều khiển hoặc ký tự đảo chiều văn bản; hãy xóa ký tự đó.")
    return text


def _slug(value: Any) -> str:
    text = _text(value)
    if isinstance(text, str) and not SLUG_RE.match(text):
        raise _error(f"'{text}' không phải mã hợp lệ: chỉ dùng chữ thường không dấu a–z, chữ số và dấu gạch ngang "
                     "(ví dụ: thanh-hoa).")
    return text


def _date(value: Any, info: ValidationInfo) -> dt.date:
    # The examples are of the data's own year (load.py passes it as the context).
    year = (info.context or {}).get("year") or "NĂM"
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _error(f"phải là một ngày (ví dụ: {year}-06-15 hoặc 15/6/{year}).")
    text = str(value).strip()
    iso, vn = _DATE_RE.match(text), _VN_DATE_RE.match(text)
    if not iso and not vn:
        raise _error(f"'{text}' không phải ngày dạng NĂM-THÁNG-NGÀY (ví dụ: {year}-06-15) hoặc NGÀY/THÁNG/NĂM "
                     f"(ví dụ: 15/6/{year}).")
    year, month, day = map(int, iso.groups()) if iso else reversed(tuple(map(int, vn.groups())))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _error(f"ngày '{text}' không tồn tại.") from None


Text = Annotated[str, BeforeValidator(_text), WithJsonSchema(
    {"type": "string", "minLength": 1, "maxLength": MAX_TEXT, "pattern": r"\S"})]
Slug = Annotated[str, BeforeValidator(_slug), WithJsonSchema({"type": "string", "pattern": SLUG_RE.pattern})]
Date = Annotated[dt.date, BeforeValidator(_date), WithJsonSchema(
    {"type": "string", "pattern": r"^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4})$",
     "description": "Ngày: NĂM-THÁNG-NGÀY hoặc NGÀY/THÁNG/NĂM, ví dụ 15/6 của năm kế hoạch."})]
Level = Literal["central", "local"]


def _fact(value: Any) -> str:
    text = _text(value)
    if isinstance(text, str) and not re.fullmatch(r"[a-z][a-z0-9_]*", text):
        raise _error(f"'{text}' không phải tên trường hợp lệ: chữ thường không dấu, chữ số và dấu gạch dưới "
                     "(ví dụ: review_done).")
    return text


def _gso(value: Any) -> str:
    text = _text(value)
    if isinstance(text, str) and not re.fullmatch(r"\d{2}", text):
        raise _error(f"mã GSO '{text}' phải gồm hai chữ số (ví dụ: \"38\").")
    return text


Fact = Annotated[str, BeforeValidator(_fact), WithJsonSchema({"type": "string", "pattern": "^[a-z][a-z0-9_]*$"})]
Gso = Annotated[str, BeforeValidator(_gso), WithJsonSchema({"type": "string", "pattern": r"^\d{2}$"})]


def _list(what: str, description: str = ""):
    return Field(min_length=1, max_length=MAX_ENTRIES, description=description or f"Danh sách {what}.")


class Entry(BaseModel):
    """One mapping of a data file. `what` names the kind of entry in messages; `name_field` is the field whose
    value names an entry ("cơ quan 'thanh-hoa'"); without it the entry is named by its place in its list."""
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)
    what: ClassVar[str] = "mục"
    name_field: ClassVar[str | None] = "id"


class Section(Entry):
    """A top-level part of a file (letter, contact): named by its key."""
    name_field: ClassVar[str | None] = None


# ---- data/tasks.yaml ----

class ParagraphEntry(Entry):
    what: ClassVar[str] = "đoạn"
    id: Slug = Field(description="Mã của đoạn (dùng trong `paragraph:` của các mục khác).")
    label: Text = Field(description="Tên đoạn khi trích dẫn, ví dụ: Mục 1.")


class LetterEntry(Section):
    what: ClassVar[str] = "letter"
    file: Text = Field(description="Tệp văn bản của công văn trong data/ (các đoạn cách nhau bởi một dòng trống).")
    title: Text
    issuer: Text = Field(description="Cơ quan gửi công văn, tên đầy đủ.")
    issuer_short: Text = Field(description="Tên viết tắt của cơ quan gửi (dùng trong tên tệp, lịch).")
    year: int = Field(description="Năm kế hoạch: mọi thời hạn phải nằm trong năm này.")
    number: Text | None = Field(None, description="Số công văn; null khi không biết (không tự đặt).")
    date: Date | None = Field(None, description="Ngày công văn; null khi không biết (không tự đặt).")
    programme: Slug | None = Field(None, description=(
        "Mã (trong instruments) của chương trình công tác mà công văn triển khai. Ngày ghi trong các tệp của bộ "
        "tài liệu là ngày công văn, hoặc khi chưa biết, ngày của chương trình này."))
    paragraphs: list[ParagraphEntry] = _list("đoạn", "Mỗi đoạn của tệp công văn một mục, theo thứ tự.")


class ContactEntry(Section):
    what: ClassVar[str] = "contact"
    paragraph: Slug
    name: Text
    address: Text
    phone: Text
    email: Text
    note: Text | None = None


class RecipientEntry(Entry):
    what: ClassVar[str] = "nơi nhận"
    id: Slug
    name: Text
    listed_as: Text = Field(description="Cách ghi nơi nhận này trong phần Nơi nhận của văn bản.")
    paragraph: Slug


class InstrumentEntry(Entry):
    what: ClassVar[str] = "văn bản"
    id: Slug
    paragraph: Slug | None = Field(None, description="Đoạn công văn nêu văn bản này; null nếu công văn không nêu.")
    kind: Text = Field(description="Loại văn bản: Luật, Quyết định, Công văn…")
    number: Text | None = None
    date: Date | None = None
    issuer: Text
    title: Text | None = None
    about: Text | None = None
    short: Text
    confirmed: bool
    basis: Text = Field(description="Nguồn của các thông tin về văn bản này.")


class ConditionEntry(Entry):
    """A task's condition: named in messages as its task."""
    what: ClassVar[str] = ""
    fact: Fact = Field(description="Tên trường (của từng cơ quan trong boards.yaml) quyết định điều kiện.")
    applies_when: bool = Field(description="Nhiệm vụ áp dụng khi trường đó có giá trị này.")
    wording: Text = Field(description="Điều kiện, viết đầy đủ (trang web, danh sách kiểm tra, lịch).")
    short: Text = Field(description="Điều kiện, viết ngắn, đặt trong ngoặc sau tên nhiệm vụ trong mẫu văn bản, "
                                    "ví dụ: nếu Ban chưa tổng kết.")


class TaskEntry(Entry):
    what: ClassVar[str] = "nhiệm vụ"
    name_field: ClassVar[str | None] = "number"
    number: int
    paragraph: Slug
    title: Text
    wording: Text = Field(description="Lời công văn, nguyên văn (sau số thứ tự).")
    levels: list[Level] = Field(min_length=1, description="Cấp áp dụng: central (Trung ương), local (địa phương).")
    condition: ConditionEntry | None = None
    actions: list[Text] = Field(min_length=1, max_length=MAX_ENTRIES,
                                description="Các việc cụ thể: mỗi việc là một ô trên danh sách kiểm tra.")
    cites: list[Slug] = Field(default_factory=list, description="Mã các văn bản (instruments) nhiệm vụ viện dẫn.")
    background: list[Slug] = Field(default_factory=list, description="Mã các văn bản làm nền (không viện dẫn).")


DOCUMENT_TEMPLATES = tuple(sorted(p.name.removesuffix(".md.j2") for p in DOCX_TEMPLATES.glob("*.md.j2")
                                  if not p.name.startswith("_")))


class DocumentEntry(Entry):
    what: ClassVar[str] = "văn bản cần lập"
    id: Slug = Field(description="Mã văn bản: tên tệp mẫu DOCX được đặt theo mã này.")
    kind: Literal["plan", "report"] = Field(description="plan (kế hoạch) hoặc report (báo cáo).")
    template: Literal[DOCUMENT_TEMPLATES] | None = Field(None, description=(  # type: ignore[valid-type]
        "Mẫu DOCX theo loại văn bản; để trống thì dùng mẫu chung của loại (plan hoặc report)."))
    paragraph: Slug
    title: Text
    short: Text
    type_name: Text = Field(description="Tên loại văn bản in trên mẫu, ví dụ: BÁO CÁO.")
    subject: Text = Field(description="Trích yếu nội dung in dưới tên loại văn bản.")
    code: Text = Field(description="Chữ viết tắt tên loại văn bản trong số, ký hiệu (BC, KH).")
    task: int | None = Field(None, description="Số nhiệm vụ mà văn bản thuộc về; null nếu không thuộc nhiệm vụ nào.")
    recipient: Slug | None = None
    deadline: Date | None = Field(None, description="Thời hạn; null khi công văn không nêu thời hạn.")
    deadline_wording: Text | None = Field(None, description=(
        "Thời hạn theo lời công văn (ví dụ: trước ngày 15/6); ngày, tháng ghi trong đó phải khớp 'deadline'. "
        "Để trống thì viết từ 'deadline'."))


class FormatEntry(Section):
    what: ClassVar[str] = "format"
    national_title: Text = Field(description="Quốc hiệu.")
    motto: Text = Field(description="Tiêu ngữ.")
    issuing_body: Text = Field(description="Tên cơ quan ban hành (in đậm dưới tên cơ quan chủ quản).")
    signer: Text = Field(description="Chức vụ người ký, ví dụ: TRƯỞNG BAN.")
    copies_to: dict[Literal["plan", "report"], list[Text]] = Field(description=(
        "Nơi nhận của từng loại văn bản, sau nơi nhận của báo cáo; {agency} là tên Bộ, ngành, địa phương."))
    filed: Text = Field(description="Dòng lưu văn bản, cuối phần Nơi nhận.")


class TasksFile(Entry):
    """data/tasks.yaml: the letter as data."""
    letter: LetterEntry
    contact: ContactEntry
    format: FormatEntry = Field(description="Thể thức văn bản của các Ban: quốc hiệu, tiêu ngữ, nơi nhận.")
    recipients: list[RecipientEntry] = _list("nơi nhận")
    instruments: list[InstrumentEntry] = _list("văn bản")
    tasks: list[TaskEntry] = _list("nhiệm vụ")
    documents: list[DocumentEntry] = _list("văn bản cần lập")


# ---- data/boards.yaml ----

class AliasEntry(Entry):
    what: ClassVar[str] = "tên gọi khác"
    name_field: ClassVar[str | None] = "name"
    name: Text
    basis: Text = Field(description="Nguồn của tên gọi này.")
    confirmed: bool


class BoardEntry(Entry):
    """A board. The per-board facts that decide conditional tasks (a condition's `fact`) are added as fields by
    boards_file(), from the tasks."""
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, title="BoardEntry")
    what: ClassVar[str] = "cơ quan"
    id: Slug = Field(description="Mã cơ quan, ổn định: tên tệp và địa chỉ trang được đặt theo mã này.")
    agency: Text = Field(description="Bộ, ngành, địa phương mà Ban phục vụ (\"Lãnh đạo <agency>\").")
    name: Text = Field(description="Tên đầy đủ của Ban.")
    short: Text = Field(description="Tên ngắn, dùng trong danh sách.")
    parent: Text = Field(description="Cơ quan chủ quản, đúng như in ở góc trái văn bản.")
    place: Text = Field(description="Địa danh ở dòng ngày tháng.")
    level: Level | None = Field(None, description="Cấp; để trống thì theo nhóm.")
    gso: Gso | None = Field(None, description="Mã GSO (hai chữ số) của tỉnh.")
    confirmed: bool | None = None
    note: Text | None = None
    aliases: list[AliasEntry] = Field(default_factory=list, description="Tên gọi khác người đọc hay gõ (Sài Gòn).")


class GroupEntry(Entry):
    what: ClassVar[str] = "nhóm"
    id: Slug
    title: Text
    level: Level
    confirmed: bool
    note: Text | None = None
    unit: Text | None = Field(None, description="Chữ người đọc có thể đặt trước hoặc bỏ khỏi tên (Bộ, tỉnh, "
                                                 "thành phố).")
    boards: list[BoardEntry] = _list("cơ quan")


class BoardsFile(Entry):
    """data/boards.yaml: every board, grouped."""
    groups: list[GroupEntry] = _list("nhóm")


def boards_file(facts: list[str]) -> type[BoardsFile]:
    """The boards file's model with the per-board `facts` (true/false, optional) as fields of a board."""
    if not facts:
        return BoardsFile
    fields = {f: (bool | None, Field(None, description="Điều kiện của nhiệm vụ cho cơ quan này: true/false; "
                                                       "để trống khi chưa biết.")) for f in sorted(facts)}
    board = create_model("BoardEntry", __base__=BoardEntry, **fields)
    group = create_model("GroupEntry", __base__=GroupEntry, boards=(list[board], _list("cơ quan")))
    return create_model("BoardsFile", __base__=BoardsFile, groups=(list[group], _list("nhóm")))


# ---- JSON Schema for editors ----

SCHEMA_DIR = "schema"  # inside data/


# ---- data/indicators.yaml and data/fields.yaml (the data sheets and the templates' fields) ----

FieldType = Literal["text", "whole", "decimal", "percent", "day", "month"]
Number = Annotated[float, BeforeValidator(lambda v: float(v) if type(v) is int else v)]


class ColumnEntry(Entry):
    what: ClassVar[str] = "cột"
    id: Slug
    label: Text
    type: Literal["value", "text", "whole", "decimal", "percent", "day", "month"] = Field(
        description="value: theo kiểu của dòng; hoặc một kiểu ô.")
    people_only: bool = Field(description="Chỉ dòng đếm người có ô này; dòng khác ghi x.")


class RowEntry(Entry):
    what: ClassVar[str] = "dòng"
    id: Slug
    label: Text
    people: bool = Field(description="Dòng đếm người (có cột Nữ, Tỷ lệ nữ).")
    unit: Text | None = Field(None, description="Đơn vị tính; để trống thì theo biểu.")
    type: Literal["whole", "decimal"] = "whole"


class SheetEntry(Entry):
    what: ClassVar[str] = "biểu"
    name_field: ClassVar[str | None] = "number"
    number: int = Field(ge=1)
    title: Text
    local_only: bool = Field(description="Chỉ dành cho tỉnh, thành phố trực thuộc Trung ương.")
    unit: Text | None = None
    rows: list[RowEntry] = _list("dòng")


class RatioEntry(Entry):
    """The right side of a check, divide / by × times: named in messages as its check."""
    what: ClassVar[str] = ""
    divide: Slug
    by: Slug
    times: int


class CheckEntry(Entry):
    what: ClassVar[str] = "kiểm tra"
    id: Slug
    rows: Literal["people", "all"]
    message: Text
    left: Slug | None = None
    operator: Literal["<=", "<", "=", ">=", ">"] | None = None
    right: RatioEntry | Slug | None = None
    tolerance: Number | None = None
    columns: list[Slug] = Field(default_factory=list)
    types: list[FieldType] = Field(default_factory=list)
    whole: bool | None = None
    minimum: Number | None = None
    maximum: Number | None = None


class IndicatorsFile(Entry):
    """data/indicators.yaml: the data sheets of the report templates and the checks on their values."""
    confirmed: bool
    basis: Text
    columns: list[ColumnEntry] = _list("cột")
    sheets: list[SheetEntry] = _list("biểu")
    checks: list[CheckEntry] = _list("kiểm tra")


class FieldEntry(Entry):
    what: ClassVar[str] = "ô nhập liệu"
    name_field: ClassVar[str | None] = "tag"
    tag: Text
    label: Text
    type: FieldType


class FieldsFile(Entry):
    """data/fields.yaml: the label and type of each template field that is not a sheet cell."""
    fields: list[FieldEntry] = _list("ô nhập liệu")


class AbbreviationEntry(Entry):
    what: ClassVar[str] = "chữ viết tắt"
    name_field: ClassVar[str | None] = "short"
    short: Text = Field(description="Chữ viết tắt, đúng như các trang dùng (HĐND).")
    full: Text = Field(description="Dạng đầy đủ (Hội đồng nhân dân).")
    basis: Text
    confirmed: bool


class AbbreviationsFile(Entry):
    """data/abbreviations.yaml: the abbreviations the pages use, with their full forms."""
    abbreviations: list[AbbreviationEntry] = _list("chữ viết tắt")


# ---- data/tong-hop.yaml (the consolidation of returned reports: `build.py collect`) ----

class OfficeEntry(Entry):
    """Who drafts the consolidated report, and its header, Kính gửi and Nơi nhận."""
    what: ClassVar[str] = "office"
    paragraph: Slug = Field(description="Đoạn công văn nêu Văn phòng.")
    parent: Text = Field(description="Cơ quan chủ quản, đúng như in ở góc trái.")
    name: Text = Field(description="Cơ quan ban hành (in đậm).")
    place: Text = Field(description="Địa danh ở dòng ngày tháng.")
    code: Text = Field(description="Ký hiệu sau \"Số: …/BC-\".")
    to: Text = Field(description="Kính gửi.")
    copies: list[Text] = Field(min_length=1, description="Nơi nhận, trước dòng Lưu.")
    subject: Text = Field(description="Trích yếu; {report} là tên ngắn của báo cáo.")
    archive: Text = Field(description="Dòng Lưu (VT, …).")
    signer_title: Text
    confirmed: bool
    basis: Text


class OutliersEntry(Entry):
    what: ClassVar[str] = "outliers"
    threshold: Number = Field(gt=0, description="Ngưỡng điểm z hiệu chỉnh.")
    min_boards: int = Field(ge=1, description="Số Ban tối thiểu có số liệu thì mới xét.")
    basis: Text
    confirmed: bool


class CollectFile(Entry):
    """data/tong-hop.yaml: which reports the UBQG office collects and who writes the consolidated report."""
    collect_recipients: list[Slug] = Field(min_length=1, description="Các nơi nhận (data/tasks.yaml) mà báo cáo "
                                                                     "gửi về được tổng hợp.")
    deadline_day_on_time: bool
    deadline_basis: Text
    office: OfficeEntry
    outliers: OutliersEntry


def file_models(facts: list[str]) -> dict[str, type[Entry]]:
    """Every data file and its model. A new file: its model here, and its loading in load.py."""
    return {"tasks.yaml": TasksFile, "boards.yaml": boards_file(facts), "indicators.yaml": IndicatorsFile,
            "fields.yaml": FieldsFile, "abbreviations.yaml": AbbreviationsFile, **COLLECT_FILES}


# The pack is built from FILES; the consolidation also reads COLLECT_FILES (collect/settings.py).
COLLECT_FILES = {"tong-hop.yaml": CollectFile}
FILES = tuple(name for name in file_models([]) if name not in COLLECT_FILES)


def schema_name(file: str) -> str:
    """`boards.yaml` -> `boards.schema.json`, named on the data file's first line."""
    return file.removesuffix(".yaml") + ".schema.json"


def json_schema(model: type[BaseModel], title: str) -> dict:
    schema = model.model_json_schema()
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    schema["title"] = title
    return schema


def schema_texts(facts: list[str]) -> dict[str, str]:
    """The JSON Schema file of each data file, as text (by the schema's file name)."""
    return {schema_name(name): json.dumps(json_schema(model, f"data/{name}"), ensure_ascii=False, indent=2,
                                    sort_keys=True) + "\n"
            for name, model in file_models(facts).items()}
