"""site/pack.json: a machine-readable index of the pack, for other tools. Its field names are a stable contract."""

from __future__ import annotations

import json

from .. import layout
from ..context import BuildContext
from ..fields import field_specs
from .offline import OFFLINE_ZIP


class IndexBuilder:
    name = "chỉ mục pack.json"

    @staticmethod
    def entry(ctx: BuildContext, ref: layout.FileRef) -> dict:
        """A file's entry; a DOCX template also lists its fill-in fields (content control tags)."""
        out = ref.as_json()
        if ref.path in ctx.template_fields:  # only DOCX templates have fields
            out["fields"] = ctx.template_fields[ref.path]
        return out

    def data(self, ctx: BuildContext) -> dict:
        model = ctx.model
        return {
            "letter": {"title": model.letter.title, "issuer": model.letter.issuer, "year": model.letter.year,
                       "page": "cong-van.html"},
            "boards": [
                {"id": p.board.id, "name": p.board.name, "agency": p.board.parent, "level": p.board.level,
                 "confirmed": p.board.confirmed, "page": layout.board_page(p.board),
                 "tasks": [{"number": a.item.number, "status": a.status} for a in p.tasks],
                 "files": [self.entry(ctx, f) for f in layout.board_files(p)]}
                for p in ctx.plans
            ],
            "templates": [self.entry(ctx, f) for f in layout.generic_templates(model.documents)],
            "calendar": layout.calendar(None),
            "offline": OFFLINE_ZIP,
            "tasks": [
                {"number": t.number, "title": t.title, "paragraph": t.paragraph, "levels": list(t.levels),
                 "conditional": t.condition.fact if t.condition else None, "actions": list(t.actions),
                 "page": f"nhiem-vu/{t.id}.html"}
                for t in model.tasks
            ],
            "deadlines": [
                {"report": d.id, "title": d.title, "date": d.deadline.isoformat(), "wording": d.deadline_wording,
                 "recipient": d.recipient.name, "paragraph": d.paragraph,
                 "task": d.task.number if d.task else None}
                for d in model.dated_documents
            ],
            # Every template field's Vietnamese label and type (text, whole, decimal, percent, day, month), by tag.
            "field_specs": {
                tag: {"label": spec.label, "type": spec.type}
                for tag, spec in field_specs(model, sorted({t for tags in ctx.template_fields.values()
                                                            for t in tags})).items()
            },
            "undated_reports": [
                {"report": d.id, "title": d.title, "recipient": d.recipient.name, "paragraph": d.paragraph,
                 "task": d.task.number if d.task else None}
                for d in model.undated_reports
            ],
        }

    def build(self, ctx: BuildContext) -> None:
        text = json.dumps(self.data(ctx), ensure_ascii=False, indent=1, sort_keys=False)
        ctx.reuse.write("index", "pack.json", (text + "\n").encode("utf-8"))
