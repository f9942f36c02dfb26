"""Small helpers shared by the builders."""

from __future__ import annotations

import datetime as dt
import os

# 11/3/2011, the day the UBQG's 2011 work programme was issued (the letter's opening paragraph).
DEFAULT_EPOCH = 1299801600


def build_epoch() -> int:
    """The time stamped into outputs where a format wants one (iCalendar DTSTAMP, DOCX properties).

    SOURCE_DATE_EPOCH when set (reproducible-builds.org); otherwise a fixed date, not the clock or a file time:
    an output then depends only on its inputs, so two builds of the same data are byte-identical and an
    incremental build never remakes a file just because time has passed.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else DEFAULT_EPOCH


def build_date(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
