"""Small helpers shared by the builders."""

from __future__ import annotations

import datetime as dt
import os


def build_epoch(default: dt.date) -> int:
    """The time stamped into outputs where a format wants one (iCalendar DTSTAMP, DOCX properties).

    SOURCE_DATE_EPOCH when set (reproducible-builds.org); otherwise `default` (the data's date: Model.build_date),
    not the clock or a file time: an output then depends only on its inputs, so two builds of the same data are
    byte-identical and an incremental build never remakes a file just because time has passed.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value.isdigit():
        return int(value)
    return int(dt.datetime(default.year, default.month, default.day, tzinfo=dt.UTC).timestamp())


def build_date(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
