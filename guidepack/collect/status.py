"""Who owes what, who sent it, and when: a status for every board and every report the office collects, and the
reporting rates (DHIS2's "reporting rate" and "reporting rate on time") per report and per level.

- on_time / late: received (the first submission decides, by the deadline in data/tasks.yaml);
- missing: owed and not received;
- conditional: owed only under a condition still unknown for the board (task 1 while its 2010 review is unknown),
  and not received: not counted as expected;
- not_required: the board does not owe the report (a file it sent anyway is still kept and listed).
A conditional report that arrives counts as expected and received: the board has answered the condition.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..model import LEVELS, Board, Document, Model
from ..plan import plan_for
from .inbox import Received

ON_TIME, LATE, MISSING, NOT_REQUIRED, CONDITIONAL = "on_time", "late", "missing", "not_required", "conditional"
STATUS_NAMES = {ON_TIME: "Đúng hạn", LATE: "Muộn", MISSING: "Chưa gửi", NOT_REQUIRED: "Không phải gửi",
                CONDITIONAL: "Có điều kiện, chưa gửi"}


@dataclass
class Submission:
    """One distinct file (its bytes) identified as a board's report: all the names it came under, the first day."""
    copies: list[Received]
    reading: object  # read.Reading

    @property
    def first(self) -> Received:
        return self.copies[0]

    @property
    def received(self) -> dt.date:
        return self.first.received

    @property
    def rel(self) -> str:
        return self.first.rel

    @property
    def sha256(self) -> str:
        return self.first.sha256


@dataclass
class BoardStatus:
    board: Board
    document: Document
    required: str  # "yes", "conditional" or "no"
    status: str
    submissions: list[Submission] = field(default_factory=list)  # in the order received; the last one counts

    @property
    def latest(self) -> Submission | None:
        return self.submissions[-1] if self.submissions else None

    @property
    def first_received(self) -> dt.date | None:
        return self.submissions[0].received if self.submissions else None

    @property
    def expected(self) -> bool:
        return self.required == "yes" or (self.required == "conditional" and bool(self.submissions))


def on_time(received: dt.date, deadline: dt.date | None, deadline_day_on_time: bool) -> bool:
    """A report without a deadline cannot be late."""
    if deadline is None:
        return True
    return received <= deadline if deadline_day_on_time else received < deadline


def statuses(model: Model, documents, submissions: list[Submission], deadline_day_on_time: bool
             ) -> dict[str, dict[str, BoardStatus]]:
    """{document id: {board id: BoardStatus}} for every collected document and every board."""
    by_key: dict[tuple[str, str], list[Submission]] = {}
    for s in submissions:
        by_key.setdefault((s.reading.board, s.reading.document), []).append(s)
    out: dict[str, dict[str, BoardStatus]] = {}
    for doc in documents:
        out[doc.id] = {}
        for board in model.boards:
            owed = {a.item.id: a for a in plan_for(model, board).documents}.get(doc.id)
            required = "no" if owed is None else "conditional" if owed.conditional else "yes"
            # Later supersedes earlier: by day received, then by name (the order the office filed them).
            subs = sorted(by_key.get((board.id, doc.id), []), key=lambda s: (s.received, s.rel))
            if required == "no":
                status = NOT_REQUIRED
            elif subs:
                status = ON_TIME if on_time(subs[0].received, doc.deadline, deadline_day_on_time) else LATE
            else:
                status = CONDITIONAL if required == "conditional" else MISSING
            out[doc.id][board.id] = BoardStatus(board, doc, required, status, subs)
    return out


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def rates(rows: list[BoardStatus]) -> dict:
    """expected, received, received on time and the two rates (%, one decimal; null when nothing is expected)."""
    expected = [r for r in rows if r.expected]
    received = [r for r in expected if r.status in (ON_TIME, LATE)]
    timely = [r for r in received if r.status == ON_TIME]
    return {"expected": len(expected), "received": len(received), "on_time": len(timely),
            "late": len(received) - len(timely), "missing": len(expected) - len(received),
            "conditional": sum(r.status == CONDITIONAL for r in rows),
            "reporting_rate": _rate(len(received), len(expected)),
            "reporting_rate_on_time": _rate(len(timely), len(expected))}


def rates_by_level(by_board: dict[str, BoardStatus]) -> dict:
    rows = list(by_board.values())
    return {"all": rates(rows), **{level: rates([r for r in rows if r.board.level == level]) for level in LEVELS}}
