"""What applies to each board: its tasks (definite or conditional), its documents, and its files."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Board, Document, Model, Task

APPLIES, CONDITIONAL = "applies", "conditional"


@dataclass(frozen=True)
class Applicable:
    """A task or document that applies to a board; `status` is APPLIES or CONDITIONAL."""
    item: Task | Document
    status: str

    @property
    def conditional(self) -> bool:
        return self.status == CONDITIONAL


@dataclass(frozen=True)
class BoardPlan:
    board: Board
    tasks: tuple[Applicable, ...]
    documents: tuple[Applicable, ...]

    @property
    def dated(self) -> list[Applicable]:
        return sorted((d for d in self.documents if d.item.deadline), key=lambda d: d.item.deadline)

    @property
    def undated_documents(self) -> list[Applicable]:
        """What applies to the board without a deadline: reports and the work plan."""
        return [d for d in self.documents if not d.item.deadline]

    @property
    def undated_reports(self) -> list[Applicable]:
        return [d for d in self.undated_documents if d.item.kind == "report"]

    @property
    def signature(self) -> tuple:
        """What the content of the board's documents depends on, apart from its names."""
        return (self.board.level,
                tuple((a.item.number, a.status) for a in self.tasks),
                tuple((a.item.id, a.status) for a in self.documents))


def task_status(task: Task, board: Board) -> str | None:
    """APPLIES, CONDITIONAL (the deciding fact is unknown for this board) or None (does not apply)."""
    if board.level not in task.levels:
        return None
    if task.condition is None:
        return APPLIES
    known = board.facts.get(task.condition.fact)
    if known is None:
        return CONDITIONAL
    return APPLIES if known == task.condition.applies_when else None


def plan_for(model: Model, board: Board) -> BoardPlan:
    tasks = []
    status_by_task = {}
    for task in model.tasks:
        status = task_status(task, board)
        status_by_task[task.number] = status
        if status:
            tasks.append(Applicable(task, status))
    documents = []
    for doc in model.documents:
        status = status_by_task[doc.task.number] if doc.task else APPLIES
        if status:
            documents.append(Applicable(doc, status))
    return BoardPlan(board, tuple(tasks), tuple(documents))


def plans(model: Model) -> list[BoardPlan]:
    return [plan_for(model, board) for board in model.boards]
