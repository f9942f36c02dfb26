"""One builder per output format, all over the same loaded model and per-board plans.

Each builder has a `name` and a `build(ctx)` that writes its files under `ctx.out` (the new site/).
The order matters once: the site builder runs first because MkDocs empties its output folder.
"""

from .calendar import CalendarBuilder
from .checklist import ChecklistBuilder
from .docx import DocxBuilder
from .index import IndexBuilder
from .site import SiteBuilder

BUILDERS = (SiteBuilder, ChecklistBuilder, DocxBuilder, CalendarBuilder, IndexBuilder)

__all__ = ["BUILDERS"]
