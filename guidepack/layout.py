"""Where every output lands inside site/. One place, so pages, pack.json and builders agree."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Board, Document
from .plan import BoardPlan

DOWNLOADS = "tai-ve"
GENERIC = "mau-chung"


@dataclass(frozen=True)
class FileRef:
    """One downloadable file: `type` is checklist, template or calendar; `report` the document id."""
    type: str
    path: str  # relative to site/
    report: str | None = None

    def as_json(self) -> dict:
        out = {"type": self.type, "path": self.path}
        if self.report:
            out["report"] = self.report
        return out


def board_page(board: Board) -> str:
    return f"co-quan/{board.id}.html"


def board_source(board: Board) -> str:
    return f"co-quan/{board.id}.md"


def checklist(board: Board) -> str:
    return f"{DOWNLOADS}/{board.id}/danh-sach-kiem-tra-{board.id}.pdf"


def template(board: Board | None, doc: Document) -> str:
    if board is None:
        return f"{DOWNLOADS}/{GENERIC}/{doc.id}.docx"
    return f"{DOWNLOADS}/{board.id}/{doc.id}-{board.id}.docx"


def calendar(board: Board | None) -> str:
    if board is None:
        return f"{DOWNLOADS}/lich-thoi-han.ics"
    return f"{DOWNLOADS}/{board.id}/lich-thoi-han-{board.id}.ics"


def board_files(plan: BoardPlan) -> list[FileRef]:
    files = [FileRef("checklist", checklist(plan.board))]
    files += [FileRef("template", template(plan.board, a.item), a.item.id) for a in plan.documents]
    files.append(FileRef("calendar", calendar(plan.board)))
    return files


def generic_templates(documents) -> list[FileRef]:
    return [FileRef("template", template(None, doc), doc.id) for doc in documents]
