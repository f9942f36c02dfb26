"""Values as Vietnamese offices write them (../shared/reference/tong-hop.md): `1.234` is one thousand two hundred
thirty-four, `12,5` is twelve and a half, `12,5%` and `12,5 %` occur, `x` or `-` marks a cell that does not
apply, and an empty cell is missing, never zero.

parse_number() and parse_value() never raise: they say which of number / not applicable / missing / unparseable
a text is, with a Vietnamese sentence when something is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

NUMBER = "number"
NOT_APPLICABLE = "not_applicable"
MISSING = "missing"
INVALID = "invalid"
TEXT = "text"

_NOT_APPLICABLE = {"x", "X", "-", "–", "—", "−", "/"}
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
# 1.234.567,89 (dots group thousands, a comma before the decimals); 1234,5; 1234
_VN = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
# 12.5 or 0.25: a dot that cannot be a thousands separator (not followed by exactly three digits)
_DOT_DECIMAL = re.compile(r"^[+-]?\d+\.(\d{1,2}|\d{4,})$")
_MAX_DIGITS = 30


@dataclass(frozen=True)
class Parsed:
    """`kind`: "number" (`value` holds it), "not_applicable" (x or -), "missing" (empty), "invalid", or "text"
    (a text field with something in it).
    `percent`: written with a % sign. `problem`: a Vietnamese sentence when the text is not a clean value
    (invalid, or out of range for its type); `note`: read, but written in an unusual way worth a look."""
    kind: str
    value: Decimal | None = None
    text: str = ""
    percent: bool = False
    problem: str | None = None
    note: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def parse_number(text: str | None) -> Parsed:
    """A number written the Vietnamese way (see the module's docstring)."""
    raw = "" if text is None else str(text)
    s = _SPACES.sub(" ", raw).strip()
    if not s:
        return Parsed(MISSING, text=raw)
    if s in _NOT_APPLICABLE:
        return Parsed(NOT_APPLICABLE, text=raw)
    percent = s.endswith("%")
    if percent:
        s = s[:-1].strip()
    # A space or a narrow space between groups of three digits: 1 234 567
    if re.fullmatch(r"[+-]?\d{1,3}( \d{3})+(,\d+)?", s):
        s = s.replace(" ", ".")
    note = None
    if _VN.match(s):
        number = s.replace(".", "").replace(",", ".")
    elif _DOT_DECIMAL.match(s):
        number = s
        note = f"'{raw.strip()}' viết dấu chấm thập phân; đã hiểu là {s.replace('.', ',')}."
    else:
        return Parsed(INVALID, text=raw, percent=percent,
                      problem=f"'{raw.strip()}' không phải một số (viết như 1.234 hoặc 12,5; ô không áp dụng ghi x).")
    if len(number) > _MAX_DIGITS:
        return Parsed(INVALID, text=raw, percent=percent, problem=f"'{raw.strip()[:40]}…' quá dài, không phải một số.")
    try:
        value = Decimal(number)
    except InvalidOperation:
        return Parsed(INVALID, text=raw, percent=percent, problem=f"'{raw.strip()}' không phải một số.")
    return Parsed(NUMBER, value=value, text=raw, percent=percent, note=note)


_RANGES = {"day": (1, 31, "ngày"), "month": (1, 12, "tháng")}
_TYPE_NAMES = {"whole": "số nguyên", "decimal": "số", "percent": "tỷ lệ phần trăm", "day": "ngày", "month": "tháng"}


def parse_value(text: str | None, kind: str) -> Parsed:
    """A field's text read as its type (model.FIELD_TYPES): text is returned as it is (missing when empty);
    numbers are parsed and checked for what the type itself demands (whole, day 1-31, month 1-12, a percent
    sign only on a percent). Rules between cells (Nữ ≤ Tổng số ...) are data/indicators.yaml's checks."""
    if kind == "text":
        stripped = (text or "").strip()
        return Parsed(MISSING, text=text or "") if not stripped else Parsed(TEXT, text=text)
    parsed = parse_number(text)
    if parsed.kind != NUMBER:
        return parsed
    name = _TYPE_NAMES.get(kind, kind)
    shown = (text or "").strip()
    if parsed.percent and kind != "percent":
        return _with_problem(parsed, f"'{shown}' có dấu %, nhưng ô này ghi {name}.")
    if kind in ("whole", "day", "month") and parsed.value != parsed.value.to_integral_value():
        return _with_problem(parsed, f"'{shown}' không phải số nguyên; ô này ghi {name}.")
    if kind in _RANGES:
        low, high, what = _RANGES[kind]
        if not low <= parsed.value <= high:
            return _with_problem(parsed, f"'{shown}' không phải {what} hợp lệ (từ {low} đến {high}).")
    return parsed


def _with_problem(parsed: Parsed, problem: str) -> Parsed:
    return Parsed(INVALID, value=parsed.value, text=parsed.text, percent=parsed.percent, problem=problem,
                  note=parsed.note)
