"""Calendars: every file parsed with a real iCalendar parser; events match the data's dated deadlines."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import icalendar
import pytest

from guidepack import layout
from guidepack.builders.calendar import CalendarBuilder
from guidepack.builders.workers import build_epoch
from guidepack.context import BuildContext
from guidepack.incremental import Reuse
from guidepack.plan import plan_for, plans

UID = re.compile(r"^[a-z0-9-]+@huong-dan-ubqg-2011\.invalid$")


def unescape(text: str) -> str:
    """A TEXT value as written, unescaped (RFC 5545, 3.3.11)."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def events(path):
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return cal, [c for c in cal.walk("VEVENT")]


def all_calendars(site, board_plans):
    yield None, site / layout.calendar(None)
    for plan in board_plans.values():
        yield plan, site / layout.calendar(plan.board)


def check_event(e, doc, model, conditional: bool):
    start, end = e.decoded("DTSTART"), e.decoded("DTEND")
    assert type(start) is dt.date and start == doc.deadline  # all-day
    assert type(end) is dt.date and end == doc.deadline + dt.timedelta(days=1)
    assert str(e["DTSTART"].params.get("VALUE", "DATE")) == "DATE"
    assert e.decoded("DTSTAMP") == dt.datetime.fromtimestamp(build_epoch(model.build_date), dt.UTC)
    assert UID.match(str(e["UID"]))
    summary, description = str(e["SUMMARY"]), str(e["DESCRIPTION"])
    assert summary.startswith(f"Hạn gửi {doc.short}")
    assert doc.title in description and doc.recipient.name in description
    assert model.letter.paragraph(doc.paragraph).label in description
    assert str(e["STATUS"]) == ("TENTATIVE" if conditional else "CONFIRMED")
    if conditional:
        assert doc.task.condition.wording in description and "có điều kiện" in summary
    [alarm] = e.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER") == -dt.timedelta(days=7)
    assert str(alarm["DESCRIPTION"])


def test_every_file_is_well_formed_rfc5545(site, board_plans):
    for _plan, path in all_calendars(site, board_plans):
        data = path.read_bytes()
        assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b""), path  # CRLF only
        for line in data.split(b"\r\n")[:-1]:
            assert len(line) <= 75, (path, line)  # folded at 75 octets ...
            line.decode("utf-8")  # ... without splitting a character
        cal = icalendar.Calendar.from_ical(data)
        assert str(cal["VERSION"]) == "2.0" and str(cal["PRODID"])
        assert str(cal["CALSCALE"]) == "GREGORIAN" and str(cal["METHOD"]) == "PUBLISH"
        assert str(cal["X-WR-CALNAME"]) and str(cal["X-WR-TIMEZONE"]) == "Asia/Ho_Chi_Minh"


def test_board_calendars_hold_their_dated_deadlines(site, board_plans, model):
    for plan in board_plans.values():
        cal, evs = events(site / layout.calendar(plan.board))
        # X- properties are TEXT (RFC 5545, 3.8.8.2), escaped like any other; the parser leaves them escaped.
        assert plan.board.short in unescape(str(cal["X-WR-CALNAME"]))
        by_start = {e.decoded("DTSTART"): e for e in evs}
        assert sorted(by_start) == [a.item.deadline for a in plan.dated]
        for a in plan.dated:
            e = by_start[a.item.deadline]
            check_event(e, a.item, model, a.conditional)
            assert str(e["UID"]) == f"{a.item.id}-{plan.board.id}@huong-dan-ubqg-2011.invalid"
        # The undated obligations are described, not invented into events.
        description = str(cal["DESCRIPTION"])
        assert "không nêu thời hạn" in description
        for doc in (a.item for a in plan.documents if not a.item.deadline):
            assert doc.title in description
            assert not any(doc.short in str(e["SUMMARY"]) for e in evs)


def test_all_deadlines_calendar(site, model):
    cal, evs = events(site / layout.calendar(None))
    assert sorted(e.decoded("DTSTART") for e in evs) == [d.deadline for d in model.dated_documents]
    assert len({str(e["UID"]) for e in evs}) == len(evs)
    by_start = {e.decoded("DTSTART"): e for e in evs}
    for doc in model.dated_documents:
        check_event(by_start[doc.deadline], doc, model, conditional=bool(doc.task and doc.task.condition))
    for doc in model.documents:
        if not doc.deadline:
            assert doc.title in str(cal["DESCRIPTION"])


def build_calendars(model, board_list, out):
    ctx = BuildContext(root=out, model=model, plans=board_list, out=out, work=out, reuse=Reuse(None, out),
                       epoch=build_epoch(model.build_date))
    CalendarBuilder().build(ctx)
    return ctx


def test_rebuild_gives_the_same_bytes_and_uids(site, model, tmp_path):
    build_calendars(model, plans(model), tmp_path)
    for rel in [layout.calendar(None)] + [layout.calendar(b) for b in model.boards]:
        assert (tmp_path / rel).read_bytes() == (site / rel).read_bytes(), rel


def test_board_known_to_have_done_its_2010_review_gets_no_such_event(model, tmp_path):
    done = dataclasses.replace(model.board("thanh-hoa"), facts={"review_2010_done": True})
    pending = dataclasses.replace(model.board("bo-tu-phap"), facts={"review_2010_done": False})
    build_calendars(model, [plan_for(model, done), plan_for(model, pending)], tmp_path)
    _, evs = events(tmp_path / layout.calendar(done))
    assert [e.decoded("DTSTART") for e in sorted(evs, key=lambda e: e.decoded("DTSTART"))] == \
        [dt.date(2011, 6, 15), dt.date(2011, 12, 15)]
    _, evs = events(tmp_path / layout.calendar(pending))
    assert len(evs) == 3 and all(str(e["STATUS"]) == "CONFIRMED" for e in evs)


@pytest.mark.parametrize("board_id", ["bo-tu-phap", "thanh-hoa"])
def test_calendars_are_linked_and_listed(site, pack, board_id):
    page = (site / f"co-quan/{board_id}.html").read_text(encoding="utf-8")
    assert f"lich-thoi-han-{board_id}.ics" in page
    assert "lich-thoi-han.ics" in (site / "thoi-han.html").read_text(encoding="utf-8")
    entry = next(b for b in pack["boards"] if b["id"] == board_id)
    assert {"type": "calendar", "path": f"tai-ve/{board_id}/lich-thoi-han-{board_id}.ics"} in entry["files"]
