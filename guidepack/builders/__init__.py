"""One builder per output format, all over the same loaded model and per-board plans.

Each builder has a `name` and a `build(ctx)` that writes its files under `ctx.out` (the new site/), asking
`ctx.reuse` first so that unchanged outputs are taken from the previous pack. guidepack/build.py runs them in its
STAGES.
"""

# Nothing is imported here: the PDF workers' forkserver imports builders.pdf_warm_up, and only what that needs.
