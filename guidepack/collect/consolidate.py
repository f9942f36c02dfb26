"""`python build.py collect INBOX`: read every file received, decide each board's status, check and sum the
figures, and write the consolidation into DIR (tong-hop/ beside site/ by default).

INBOX is only read. Every file's bytes are kept under DIR/luu-tru/ (keyed by hash, with the names it came under,
across runs); the outputs are written whole or not at all.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PackError
from ..load import load_model
from ..model import Document, Model
from ..text import sort_key
from . import inbox as inbox_mod
from .cells import cells, field_label
from .checks import Values, check_submission
from .outliers import outlier_problem, outliers
from .problems import Problem
from .read import read_reports
from .settings import Settings, load_settings
from .status import BoardStatus, Submission, rates_by_level, statuses
from .sums import Total, totals


@dataclass
class FileEntry:
    """One file received (every name, duplicates included), as listed in tong-hop.json."""
    received: inbox_mod.Received
    board: str | None = None
    document: str | None = None
    duplicate_of: str | None = None
    superseded_by: str | None = None
    problems: list[Problem] = field(default_factory=list)
    how: dict | None = None
    format: str | None = None


@dataclass
class Report:
    document: Document
    rows: dict[str, BoardStatus]  # board id -> status, every board
    rates: dict
    values: dict[str, Values]  # board id -> values of its latest submission
    totals: dict[str, Total]


@dataclass
class Consolidation:
    model: Model
    settings: Settings
    reports: list[Report]
    files: list[FileEntry]
    skipped: list[inbox_mod.Skipped]
    seconds: float = 0.0

    def problems(self, document_id: str | None = None) -> list[tuple[str | None, str, str | None, str, str]]:
        """(board name, file, field label, kind, message) of every problem, the files of `document_id` only
        (unidentified files with it too, when given), in board then file order."""
        out = []
        for f in self.files:
            if document_id and f.document not in (document_id, None):
                continue
            name = self.model.board(f.board).name if f.board else None
            for p in f.problems:
                label = field_label(self.model, p.field) if p.field else None
                out.append((name, f.received.rel, label, p.kind, p.message))
        out += [(None, s.rel, None, "read", f"Tệp {s.rel}: {s.reason}") for s in self.skipped]
        return sorted(out, key=lambda p: (sort_key(p[0] or "\uffff"), p[1]))


def collect(root: Path, inbox: Path, out: Path, site: Path) -> Consolidation:
    started = time.perf_counter()
    model = load_model(root / "data")
    settings = load_settings(root, model)
    if not inbox.is_dir():
        raise PackError(f"Không thấy thư mục hộp thư '{inbox}'. Hãy ghi đúng đường dẫn tới thư mục chứa các tệp "
                        "nhận được.")
    if not (site / "pack.json").is_file():
        raise PackError(f"Chưa có bộ tài liệu trong '{site}' (thiếu pack.json). Hãy chạy `make` trước: cần các "
                        "mẫu đã gửi đi để đọc báo cáo trả về.")
    if _inside(out, inbox) or _inside(inbox, out):
        raise PackError(f"Thư mục kết quả '{out}' không được nằm trong hộp thư '{inbox}' (hay ngược lại): hộp thư chỉ "
                        "được đọc, không ghi gì vào đó.")
    archive = out / inbox_mod.ARCHIVE
    received, skipped = inbox_mod.scan(inbox, model, archive)
    inbox_mod.update_manifest(archive, received)

    # The same bytes under several names are one submission, dated by the first copy.
    by_hash: dict[str, list[inbox_mod.Received]] = {}
    for r in sorted(received, key=lambda r: (r.received, r.rel)):
        by_hash.setdefault(r.sha256, []).append(r)
    groups = list(by_hash.values())
    readings = read_reports([g[0].path for g in groups], site, model) if groups else []

    entries: dict[str, FileEntry] = {}
    submissions: list[Submission] = []
    collected = {d.id for d in settings.documents}
    for copies, reading in zip(groups, readings, strict=True):
        first = copies[0]
        for r in copies:
            entry = FileEntry(r, reading.board, reading.document, how=dict(reading.how), format=reading.format)
            if r is not first:
                entry.duplicate_of = first.rel
                entry.problems.append(Problem(
                    "history", f"Tệp {r.rel} trùng từng byte với tệp {first.rel}: tính là một lần gửi."))
            entries[r.rel] = entry
        head = entries[first.rel]
        where = _where(model, reading.board, first.rel)
        head.problems += [Problem("read", f"{where}: {p}") for p in reading.problems]
        head.problems += [Problem("date", f"{where}: {n}") for n in first.notes]
        if reading.board is None or reading.document is None:
            if not reading.problems:
                head.problems.append(Problem("read", f"Tệp {first.rel}: không xác định được Ban hoặc loại báo cáo."))
            continue
        if reading.document not in collected:
            head.problems.append(Problem("identity", f"{where}: văn bản này ({_doc_title(model, reading.document)}) "
                                                     "không thuộc các báo cáo gửi về UBQG để tổng hợp; chỉ lưu lại."))
            continue
        for r in copies:
            if r.sender and r.sender != reading.board:
                entries[r.rel].problems.append(Problem(
                    "sender", f"{_where(model, reading.board, r.rel)}: tệp nằm trong thư mục của "
                              f"{model.board(r.sender).name} nhưng nội dung là báo cáo của "
                              f"{model.board(reading.board).name}; cần hỏi lại nơi gửi (được tính cho Ban ghi "
                              "trong tệp)."))
        submissions.append(Submission(copies, reading))

    by_doc = statuses(model, settings.documents, submissions, settings.deadline_day_on_time)
    reports = []
    for doc in settings.documents:
        rows = by_doc[doc.id]
        latest: dict[str, Values] = {}
        for board_id, row in rows.items():
            for sub in row.submissions:
                entry = entries[sub.rel]
                vals, problems = check_submission(model, row.board, sub.reading.fields,
                                                  lambda tag: field_label(model, tag),
                                                  _where(model, board_id, sub.rel))
                entry.problems += problems
                if sub is not row.latest:
                    entry.superseded_by = row.latest.rel
                    entry.problems.append(Problem(
                        "history", f"{_where(model, board_id, sub.rel)}: đã được thay bằng tệp gửi sau "
                                   f"({row.latest.rel}); giữ trong lịch sử."))
                if row.status == "not_required":
                    entry.problems.append(Problem("identity", f"{_where(model, board_id, sub.rel)}: Ban không phải "
                                                              "gửi báo cáo này; vẫn lưu và tính số liệu."))
            if row.latest:
                latest[board_id] = Values(model, row.board, row.latest.reading.fields)
        by_tag = {c.tag: c for c in cells(model)}
        for o in outliers(model, latest, settings.outlier_threshold, settings.outlier_min_boards):
            rel = rows[o.board].latest.rel
            entries[rel].problems.append(outlier_problem(o, by_tag[o.tag], _where(model, o.board, rel)))
        reports.append(Report(doc, rows, rates_by_level(rows), latest, totals(model, latest)))

    files = sorted(entries.values(), key=lambda e: e.received.rel)
    result = Consolidation(model, settings, reports, files, skipped)
    result.seconds = time.perf_counter() - started
    return result


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def _where(model: Model, board_id: str | None, rel: str) -> str:
    if board_id:
        try:
            return f"{model.board(board_id).name}, tệp {rel}"
        except StopIteration:
            pass
    return f"Tệp {rel}"


def _doc_title(model: Model, document_id: str) -> str:
    return next((d.short for d in model.documents if d.id == document_id), document_id)


# --- tong-hop.json -------------------------------------------------------------------------------------------

def as_json(c: Consolidation) -> dict:
    """The stable shape: reports -> boards (status ...), rates, totals (number cells; ratios recomputed), counts;
    files (every name received, with its problems). Sorted keys, no timestamps: same inbox, same bytes."""
    reports = {}
    for rep in c.reports:
        doc = rep.document
        boards = {}
        for board_id, row in rep.rows.items():
            latest = row.latest
            boards[board_id] = {
                "status": row.status, "required": row.required, "level": row.board.level,
                "received": row.first_received.isoformat() if row.first_received else None,
                "file": latest.rel if latest else None,
                "submissions": [{"file": s.rel, "sha256": s.sha256, "received": s.received.isoformat(),
                                 "date_source": s.first.date_source, "names": [r.rel for r in s.copies]}
                                for s in row.submissions],
            }
        reports[doc.id] = {
            "title": doc.title, "deadline": doc.deadline.isoformat() if doc.deadline else None,
            "boards": boards, "rates": rep.rates,
            "totals": {tag: t.value for tag, t in rep.totals.items()},
            "counts": {tag: t.boards for tag, t in rep.totals.items()},
        }
    files = [{"file": f.received.rel, "board": f.board, "document": f.document, "sha256": f.received.sha256,
              "size": f.received.size, "received": f.received.received.isoformat(),
              "date_source": f.received.date_source, "sender": f.received.sender,
              "duplicate_of": f.duplicate_of, "superseded_by": f.superseded_by, "format": f.format,
              "read_by": {how: list(f.how.values()).count(how) for how in sorted(set(f.how.values()))}
              if f.how else {},
              "problems": [p.as_json() for p in f.problems]} for f in c.files]
    files += [{"file": s.rel, "board": None, "document": None, "sha256": None, "size": None, "received": None,
               "date_source": None, "sender": None, "duplicate_of": None, "superseded_by": None, "format": None,
               "read_by": {}, "problems": [{"kind": "read", "field": None, "message": f"Tệp {s.rel}: {s.reason}"}]}
              for s in c.skipped]
    files.sort(key=lambda f: f["file"])
    return {"reports": reports, "files": files}


def write_json(c: Consolidation, out: Path) -> Path:
    path = out / "tong-hop.json"
    inbox_mod.write_atomic(path, json.dumps(as_json(c), ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return path
