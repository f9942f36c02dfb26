"""What every builder is given: the model, the per-board plans, and where to write."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .incremental import Reuse
from .model import Model
from .plan import BoardPlan


@dataclass
class BuildContext:
    root: Path          # the project folder (data/, content/, mkdocs.yml)
    model: Model
    plans: list[BoardPlan]
    out: Path           # the new site/, published only when every builder has finished
    work: Path          # scratch space for intermediate files, removed after the build
    reuse: Reuse        # the previous pack's outputs, reused where their inputs are unchanged
    epoch: int = 0      # the build's timestamp (see builders.workers.build_epoch)
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    # DOCX template path (relative to site/) -> the tags of its content controls, for pack.json.
    template_fields: dict[str, list[str]] = field(default_factory=dict)
    progress: Callable[[str, int, int], None] = lambda phase, done, total: None

    def target(self, rel: str) -> Path:
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        return path
