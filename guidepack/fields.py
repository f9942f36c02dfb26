"""Every template field's type and Vietnamese label, known from the data alone (nothing rendered): the sheet
cells from data/indicators.yaml, the other fields from the tag patterns of data/fields.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .model import Model

_CELL = re.compile(r"^bieu-(\d+)\.([a-z0-9-]+)\.([a-z0-9-]+)$")
_SLOTS = {"{n}": r"(?P<n>\d+)", "{item}": r"(?P<item>[a-z0-9-]+)"}


@dataclass(frozen=True)
class FieldSpec:
    tag: str
    label: str
    type: str  # text, whole, decimal, percent, day, month (model.FIELD_TYPES)


def _pattern(tag: str) -> re.Pattern:
    out = re.escape(tag)
    for slot, group in _SLOTS.items():
        out = out.replace(re.escape(slot), group)
    return re.compile(f"^{out}$")


@cache
def _patterns(fields: tuple) -> list[tuple[re.Pattern, object]]:
    return [(_pattern(p.tag), p) for p in fields]


def _item_name(model: Model, item: str) -> str:
    """A row of the work plan's task table: a task (nhiem-vu-<n>) or a report (its id)."""
    task = next((t for t in model.tasks if t.id == item), None)
    if task:
        return task.title
    doc = next((d for d in model.documents if d.id == item), None)
    return doc.short if doc else item


def field_spec(model: Model, tag: str) -> FieldSpec | None:
    """The label and type of the field tagged `tag`; None for a tag the data does not describe."""
    cell = _CELL.match(tag)
    if cell:
        number, row_id, column_id = int(cell.group(1)), cell.group(2), cell.group(3)
        ind = model.indicators
        sheet = next((s for s in ind.sheets if s.number == number), None)
        row = next((r for r in sheet.rows if r.id == row_id), None) if sheet else None
        column = next((c for c in ind.columns if c.id == column_id), None)
        if not (sheet and row and column and sheet.has_cell(row, column)):
            return None
        kind = row.type if column.type == "value" else column.type
        return FieldSpec(tag, f"Biểu {number}, {row.label}: {column.label}", kind)
    for regex, pattern in _patterns(model.fields):
        m = regex.match(tag)
        if m:
            slots = m.groupdict()
            label = pattern.label
            if "n" in slots:
                label = label.replace("{n}", slots["n"])
            if "item" in slots:
                label = label.replace("{item}", _item_name(model, slots["item"]))
            return FieldSpec(tag, label, pattern.type)
    return None


def field_specs(model: Model, tags: list[str]) -> dict[str, FieldSpec]:
    """The specs of a template's fields, in its order; a tag the data does not describe is text, labelled by its
    tag (the build checks that none is left: tests/test_readback.py)."""
    return {t: field_spec(model, t) or FieldSpec(t, t, "text") for t in tags}
