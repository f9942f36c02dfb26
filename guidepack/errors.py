"""Errors a user can act on. The CLI prints them as plain sentences, never as a traceback."""

from __future__ import annotations


class PackError(Exception):
    """Base for every error the build reports to its user."""


class DataError(PackError):
    """Something in data/ is wrong: names the file, the entry, the field and, when known, the line."""

    def __init__(self, file: str, message: str, entry: str | None = None,
                 field: str | None = None, line: int | None = None):
        self.file, self.entry, self.field, self.line = file, entry, field, line
        self.message = message
        super().__init__(self.describe())

    def describe(self) -> str:
        where = [self.file]
        if self.line:
            where.append(f"dòng {self.line}")
        if self.entry:
            where.append(f"mục {self.entry}")
        if self.field:
            where.append(f"trường '{self.field}'")
        return f"Lỗi dữ liệu ({', '.join(where)}): {self.message}"


class DataErrors(PackError):
    """Every problem found in data/ in one run (the first `len(errors)` of `total`), one a line."""

    def __init__(self, errors: list[DataError], total: int | None = None):
        self.errors, self.total = list(errors), total or len(errors)
        lines = [e.describe() for e in self.errors]
        if self.total > len(self.errors):
            lines.append(f"… và {self.total - len(self.errors)} lỗi khác (sửa các lỗi trên rồi chạy lại).")
        elif len(self.errors) > 1:
            lines.append(f"Tổng cộng {len(self.errors)} lỗi.")
        super().__init__("\n".join(lines))


class ToolMissing(PackError):
    """A program, library or font the build needs is not installed."""

    def __init__(self, what: str, install: str):
        self.what, self.install = what, install
        super().__init__(f"Thiếu công cụ: {what}. Cài đặt bằng: {install}")


class OutputError(PackError):
    """Producing one output failed; names the output and, when per board, the board."""

    def __init__(self, output: str, detail: str, board: str | None = None):
        self.output, self.board, self.detail = output, board, detail
        who = f" cho cơ quan '{board}'" if board else ""
        super().__init__(f"Không tạo được {output}{who}: {detail}")
