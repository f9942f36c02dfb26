"""Deadline calendars (iCalendar, RFC 5545): one per board, and one with every dated deadline.

Only dated deadlines become events (all-day, with a reminder seven days before); undated obligations are listed in
the calendar's description, never given a date. A deadline that applies only under a condition the pack cannot
settle for the board (the 2010 review) is TENTATIVE, and its description says why; the others are CONFIRMED.
UIDs are made of the report's and the board's ids, DTSTAMP of the build's epoch: a rebuild gives the same bytes,
and a calendar application that subscribed updates events instead of doubling them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .. import layout
from ..context import BuildContext
from ..model import Document, Letter
from ..render import TEMPLATES, vn_date
from .workers import build_date


def uid_domain(letter: Letter) -> str:
    """`huong-dan-ubqg-2011.invalid`: .invalid is reserved, so these UIDs can never clash with a real host."""
    return f"huong-dan-{letter.slug}.invalid"


def ics_text(value) -> str:
    """Escape a TEXT value (RFC 5545, 3.3.11)."""
    text = str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545, 3.1)."""
    out, current, size = [], "", 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += ch
        size += width
    out.append(current)
    return "\r\n".join(out)


@dataclass(frozen=True)
class Event:
    uid: str
    doc: Document
    summary: str
    description: str
    tentative: bool

    @property
    def end(self) -> dt.date:
        return self.doc.deadline + dt.timedelta(days=1)


@cache
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, autoescape=False)
    env.filters["ics"] = ics_text
    return env


class CalendarBuilder:
    name = "lịch thời hạn (.ics)"

    def event(self, ctx: BuildContext, doc: Document, board_id: str | None, conditional: bool) -> Event:
        letter = ctx.model.letter
        summary = f"Hạn gửi {doc.short}, {doc.deadline_wording}"
        lines = [doc.title, f"Gửi đến: {doc.recipient.name}.",
                 f"Thời hạn: {doc.deadline_wording} ({vn_date(doc.deadline)}).",
                 f"Nguồn: {letter.paragraph(doc.paragraph).label} trong công văn của {letter.issuer_short}."]
        tentative = conditional
        if tentative:
            lines.append(f"Có điều kiện (sự kiện để ở trạng thái tạm định): {doc.task.condition.wording}")
            summary += " (có điều kiện)"
        uid = f"{doc.id}{'-' + board_id if board_id else ''}@{uid_domain(letter)}"
        return Event(uid, doc, summary, "\n".join(lines), tentative)

    def description(self, ctx: BuildContext, undated: list[Document], who: str) -> str:
        letter = ctx.model.letter
        lines = [f"Thời hạn gửi báo cáo theo công văn của {letter.issuer_short} năm {letter.year}, {who}.",
                 "Việc công văn không nêu thời hạn (không có trong lịch):"]
        for doc in undated:
            where = letter.paragraph(doc.paragraph).label
            if doc.recipient:
                lines.append(f"- {doc.title}, gửi {doc.recipient.name} ({where}).")
            else:
                lines.append(f"- Xây dựng {doc.title} ({where}).")
        return "\n".join(lines)

    def write(self, ctx: BuildContext, path: str, name: str, description: str, events: list[Event]) -> None:
        text = _env().get_template("calendar/calendar.ics.j2").render(
            calendar_name=name, description=description, events=events,
            stamp=build_date(ctx.epoch).replace("-", "").replace(":", ""), letter=ctx.model.letter)
        lines = [fold(line) for line in text.splitlines() if line]
        ctx.reuse.write("calendar", path, ("\r\n".join(lines) + "\r\n").encode("utf-8"))

    def build(self, ctx: BuildContext) -> None:
        model = ctx.model
        year = model.letter.year
        self.write(ctx, layout.calendar(None), f"Thời hạn báo cáo năm {year} (tất cả các Ban)",
                   self.description(ctx, model.undated_documents, "cho mọi Ban"),
                   [self.event(ctx, d, None, bool(d.task and d.task.condition)) for d in model.dated_documents])
        for plan in ctx.plans:
            events = [self.event(ctx, a.item, plan.board.id, a.conditional) for a in plan.dated]
            undated = [a.item for a in plan.undated_documents]
            self.write(ctx, layout.calendar(plan.board), f"Thời hạn báo cáo năm {year}: {plan.board.short}",
                       self.description(ctx, undated, plan.board.name), events)
