"""data/tong-hop.yaml: which reports the UBQG office collects and who writes the consolidated report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..load import Problems
from ..model import Document, Model
from ..schema import CollectFile
from ..yamlio import read_yaml

FILE = "data/tong-hop.yaml"


@dataclass(frozen=True)
class Office:
    parent: str
    name: str
    place: str
    code: str
    to: str
    copies: tuple[str, ...]
    archive: str
    signer_title: str
    subject: str


@dataclass(frozen=True)
class Settings:
    documents: tuple[Document, ...]  # the reports collected, in the order of data/tasks.yaml
    deadline_day_on_time: bool
    office: Office
    outlier_threshold: float
    outlier_min_boards: int


def load_settings(root: Path, model: Model) -> Settings:
    """Read data/tong-hop.yaml with its schema (schema.CollectFile): every problem at once, each located."""
    doc = read_yaml(root / FILE, FILE)
    problems = Problems()
    data = problems.read(doc, CollectFile)
    problems.check()
    known = {r.id for r in model.recipients}
    for i, rid in enumerate(data.collect_recipients):
        if rid not in known:
            problems.at(doc, CollectFile, ("collect_recipients", i),
                        f"không có nơi nhận '{rid}' trong data/tasks.yaml.")
    if data.office.paragraph not in {p.id for p in model.letter.paragraphs}:
        problems.at(doc, CollectFile, ("office", "paragraph"),
                    f"đoạn '{data.office.paragraph}' không có trong công văn (xem letter.paragraphs).")
    documents = tuple(d for d in model.documents
                      if d.kind == "report" and d.recipient and d.recipient.id in data.collect_recipients)
    if not documents and not problems.errors:
        problems.at(doc, CollectFile, ("collect_recipients",), "không có báo cáo nào gửi về các nơi nhận này.")
    problems.check()
    o = data.office
    return Settings(
        documents=documents,
        deadline_day_on_time=data.deadline_day_on_time,
        office=Office(parent=o.parent, name=o.name, place=o.place, code=o.code, to=o.to, copies=tuple(o.copies),
                      archive=o.archive, signer_title=o.signer_title, subject=o.subject),
        outlier_threshold=float(data.outliers.threshold),
        outlier_min_boards=data.outliers.min_boards,
    )
