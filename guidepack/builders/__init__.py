"""One builder per output format, all over the same loaded model and per-board plans.

Each builder has a `name` and a `build(ctx)` that writes its files under `ctx.out` (the new site/), asking
`ctx.reuse` first so that unchanged outputs are taken from the previous pack. The build runs STAGES in order; the
builders of one stage are independent and run at the same time (the PDFs keep every core busy in worker processes
while MkDocs and pandoc work beside them).
"""

from .calendar import CalendarBuilder
from .checklist import ChecklistBuilder
from .docx import DocxBuilder
from .index import IndexBuilder
from .offline import OfflineBuilder
from .site import SiteBuilder

STAGES = (
    (ChecklistBuilder, SiteBuilder, DocxBuilder, CalendarBuilder),
    (IndexBuilder,),
    (OfflineBuilder,),  # the whole pack in a zip: after every other file is in place
)

__all__ = ["STAGES"]
