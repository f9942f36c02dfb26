"""A problem found in a received file: its kind, the field, and a Vietnamese sentence naming board, file, field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Problem:
    kind: str  # read, history, date, sender, identity, empty, number, rule, outlier
    message: str
    field: str | None = None

    def as_json(self) -> dict:
        return {"kind": self.kind, "field": self.field, "message": self.message}


# What each kind of problem is, for the dashboard and the workbook.
KIND_NAMES = {"read": "Không đọc được", "history": "Lịch sử gửi", "date": "Ngày nhận cần xác nhận",
              "sender": "Nơi gửi không khớp",
              "identity": "Không thuộc diện tổng hợp", "empty": "Để trống", "number": "Số không hợp lệ",
              "rule": "Sai quy tắc số liệu", "outlier": "Khác thường so với các Ban khác"}
