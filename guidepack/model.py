"""The one model every output is built from: the letter, its tasks and documents, and the boards."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Paragraph:
    id: str
    label: str
    text: str


@dataclass(frozen=True)
class Letter:
    title: str
    issuer: str
    issuer_short: str
    year: int
    number: str | None
    date: dt.date | None
    paragraphs: tuple[Paragraph, ...]

    def paragraph(self, pid: str) -> Paragraph:
        return next(p for p in self.paragraphs if p.id == pid)


@dataclass(frozen=True)
class Contact:
    paragraph: str
    name: str
    address: str
    phone: str
    email: str
    note: str | None


@dataclass(frozen=True)
class Recipient:
    id: str
    name: str
    listed_as: str
    paragraph: str


@dataclass(frozen=True)
class Instrument:
    id: str
    paragraph: str | None  # where the letter names or relies on it; None for background it does not mention
    kind: str
    number: str | None
    date: dt.date | None
    issuer: str
    title: str | None
    about: str | None
    short: str
    confirmed: bool
    basis: str


@dataclass(frozen=True)
class Condition:
    """A task applies only where a per-board fact has a given value; unknown means conditional."""
    fact: str
    applies_when: bool
    wording: str


@dataclass(frozen=True)
class Task:
    number: int
    paragraph: str
    title: str
    wording: str
    levels: tuple[str, ...]
    condition: Condition | None
    actions: tuple[str, ...]
    cites: tuple[Instrument, ...]
    background: tuple[Instrument, ...]

    @property
    def id(self) -> str:
        return f"nhiem-vu-{self.number}"


@dataclass(frozen=True)
class Document:
    """A document the letter asks for: the work plan, or a report with its recipient and deadline."""
    id: str
    kind: str  # "plan" or "report"
    paragraph: str
    title: str
    short: str
    type_name: str
    subject: str
    code: str
    task: Task | None
    recipient: Recipient | None
    deadline: dt.date | None
    deadline_wording: str | None


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    level: str
    confirmed: bool
    note: str | None


@dataclass(frozen=True)
class Board:
    id: str
    agency: str
    name: str
    short: str
    parent: str
    place: str
    level: str  # "central" or "local"
    gso: str | None
    group: Group
    confirmed: bool
    note: str | None
    # Per-board facts that decide conditional tasks, for example {"review_2010_done": False}.
    facts: dict = field(default_factory=dict, hash=False, compare=False)


LEVELS = ("central", "local")
LEVEL_NAMES = {"central": "Trung ương", "local": "Địa phương"}


@dataclass(frozen=True)
class Model:
    letter: Letter
    contact: Contact
    recipients: tuple[Recipient, ...]
    instruments: tuple[Instrument, ...]
    tasks: tuple[Task, ...]
    documents: tuple[Document, ...]
    groups: tuple[Group, ...]
    boards: tuple[Board, ...]
    indicators: Indicators
    fields: tuple[FieldPattern, ...]

    @property
    def dated_documents(self) -> list[Document]:
        """Reports with a deadline, in date order."""
        return sorted((d for d in self.documents if d.deadline), key=lambda d: d.deadline)

    @property
    def undated_documents(self) -> list[Document]:
        """What the letter asks for without a deadline: reports and the work plan."""
        return [d for d in self.documents if not d.deadline]

    @property
    def undated_reports(self) -> list[Document]:
        return [d for d in self.undated_documents if d.kind == "report"]

    def board(self, board_id: str) -> Board:
        return next(b for b in self.boards if b.id == board_id)


# --- Data sheets (data/indicators.yaml) and the templates' fields (data/fields.yaml) ----------------------------

FIELD_TYPES = ("text", "whole", "decimal", "percent", "day", "month")


@dataclass(frozen=True)
class IndicatorColumn:
    id: str
    label: str
    type: str  # "value" (the row's own type), or one of FIELD_TYPES
    people_only: bool  # only rows that count people have this cell; the others show "x"


@dataclass(frozen=True)
class IndicatorRow:
    id: str
    label: str
    people: bool
    unit: str | None
    type: str  # of its Tổng số: "whole" or "decimal"


@dataclass(frozen=True)
class Sheet:
    number: int
    title: str
    local_only: bool
    unit: str | None
    rows: tuple[IndicatorRow, ...]

    def has_cell(self, row: IndicatorRow, column: IndicatorColumn) -> bool:
        return row.people or not column.people_only


@dataclass(frozen=True)
class Ratio:
    """The right side `divide / by × times` of a check (Tỷ lệ nữ = Nữ / Tổng số × 100)."""
    divide: str
    by: str
    times: int


@dataclass(frozen=True)
class Check:
    """A rule every sheet row it names must pass: a comparison (`left operator right`, within `tolerance`), or a
    range over the cells of `columns` whose type is one of `types` (whole number, minimum, maximum)."""
    id: str
    rows: str  # "people" (rows that count people) or "all"
    message: str
    left: str | None = None
    operator: str | None = None
    right: str | Ratio | None = None
    tolerance: float = 0.0
    columns: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    whole: bool = False
    minimum: float | None = None
    maximum: float | None = None

    @property
    def kind(self) -> str:
        return "compare" if self.left else "range"


@dataclass(frozen=True)
class Indicators:
    confirmed: bool
    basis: str
    columns: tuple[IndicatorColumn, ...]
    sheets: tuple[Sheet, ...]
    checks: tuple[Check, ...]


@dataclass(frozen=True)
class FieldPattern:
    """A template field other than a sheet cell: its tag (with {n} a task number, {item} a work-plan item),
    Vietnamese label and type."""
    tag: str
    label: str
    type: str
