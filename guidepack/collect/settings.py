"""data/tong-hop.yaml: which reports the UBQG office collects and who writes the consolidated report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError
from ..model import Document, Model
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


def _field(data: dict, key: str, kind, where: str, doc) -> object:
    value = data.get(key) if isinstance(data, dict) else None
    line = doc.line((where, key) if where else (key,))
    entry = where or None
    if value is None:
        raise DataError(FILE, "thiếu giá trị bắt buộc.", entry=entry, field=key, line=line)
    if kind is str and (not isinstance(value, str) or not value.strip()):
        raise DataError(FILE, "phải là một đoạn chữ.", entry=entry, field=key, line=line)
    if kind is bool and not isinstance(value, bool):
        raise DataError(FILE, "phải là true hoặc false.", entry=entry, field=key, line=line)
    if kind is list and not (isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)):
        raise DataError(FILE, "phải là một danh sách chữ.", entry=entry, field=key, line=line)
    if kind is float and (isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0):
        raise DataError(FILE, "phải là một số dương.", entry=entry, field=key, line=line)
    if kind is int and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise DataError(FILE, "phải là một số nguyên dương.", entry=entry, field=key, line=line)
    return value.strip() if isinstance(value, str) else value


def load_settings(root: Path, model: Model) -> Settings:
    doc = read_yaml(root / FILE, FILE)
    data = doc.data if isinstance(doc.data, dict) else {}
    recipients = _field(data, "collect_recipients", list, "", doc)
    known = {r.id for r in model.recipients}
    for rid in recipients:
        if rid not in known:
            raise DataError(FILE, f"không có nơi nhận '{rid}' trong data/tasks.yaml.", field="collect_recipients",
                            line=doc.line(("collect_recipients",)))
    documents = tuple(d for d in model.documents
                      if d.kind == "report" and d.recipient and d.recipient.id in recipients)
    if not documents:
        raise DataError(FILE, "không có báo cáo nào gửi về các nơi nhận này.", field="collect_recipients",
                        line=doc.line(("collect_recipients",)))
    office = data.get("office")
    if not isinstance(office, dict):
        raise DataError(FILE, "thiếu mục office (Văn phòng lập báo cáo tổng hợp).", field="office")
    outliers = data.get("outliers")
    if not isinstance(outliers, dict):
        raise DataError(FILE, "thiếu mục outliers (cách đánh dấu số liệu bất thường).", field="outliers")
    return Settings(
        documents=documents,
        deadline_day_on_time=_field(data, "deadline_day_on_time", bool, "", doc),
        office=Office(**{k: _field(office, k, str, "office", doc)
                         for k in ("parent", "name", "place", "code", "to", "archive", "signer_title", "subject")},
                      copies=tuple(_field(office, "copies", list, "office", doc))),
        outlier_threshold=float(_field(outliers, "threshold", float, "outliers", doc)),
        outlier_min_boards=_field(outliers, "min_boards", int, "outliers", doc),
    )
