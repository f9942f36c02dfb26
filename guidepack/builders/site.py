"""The guidance website: Markdown pages from the data through Jinja, then MkDocs (Material) builds the HTML."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from .. import layout
from ..context import BuildContext
from ..errors import OutputError
from ..incremental import code_key, digest
from ..model import LEVEL_NAMES, Board, Model
from ..render import TEMPLATES, html_escape, markdown_env, relative
from ..text import compact, name_keys, number_word, syllables, vi_sorted
from .offline import OFFLINE_ZIP

if TYPE_CHECKING:
    from .site_pages import GuidepackPlugin

SITE_TEMPLATES = "site"
THEME = TEMPLATES / "theme"  # theme.custom_dir in mkdocs.yml
BUILDER = "site"
SEARCH_WORKER = "assets/javascripts/workers/search-vi.js"  # main.html points Material at it


def tasks_title(model: Model) -> str:
    """`Bảy nhiệm vụ`: as many as the letter has."""
    return f"{number_word(len(model.tasks)).capitalize()} nhiệm vụ"


def read_prose(root: Path) -> dict[str, Markup]:
    """Hand-written Markdown from content/, by file stem (`gioi-thieu.md` -> prose['gioi-thieu'])."""
    return {p.stem: Markup(p.read_text(encoding="utf-8")) for p in sorted((root / "content").glob("*.md"))}


class SiteBuilder:
    name = "trang web"

    def pages(self, ctx: BuildContext) -> list[tuple[str, str, dict]]:
        """(source path, template, extra context) for every page."""
        model = ctx.model
        pages = [
            ("index.md", "index.md.j2", {}),
            ("cong-van.md", "letter.md.j2", {}),
            ("nhiem-vu/index.md", "tasks.md.j2", {}),
            ("van-ban/index.md", "instruments.md.j2", {}),
            ("thoi-han.md", "deadlines.md.j2", {}),
            ("co-quan/index.md", "directory.md.j2", {}),
            ("mau-bao-cao.md", "templates.md.j2", {}),
            ("chu-viet-tat.md", "abbreviations.md.j2", {}),
            ("lien-he.md", "contact.md.j2", {}),
        ]
        pages += [(f"nhiem-vu/{t.id}.md", "task.md.j2", {"task": t}) for t in model.tasks]
        pages += [(f"van-ban/{i.id}.md", "instrument.md.j2", {"instrument": i}) for i in model.instruments]
        pages += [(layout.board_source(p.board), "board.md.j2", {"plan": p, "files": layout.board_files(p)})
                  for p in ctx.plans]
        return pages

    def nav(self, ctx: BuildContext) -> list:
        # Every entry has its title here: a page taken unchanged from the previous pack is not read again.
        # The theme prints menu titles as HTML, so titles from the data are escaped (as plain str, not Markup).
        return [
            {"Trang chủ": "index.md"},
            {"Công văn": "cong-van.md"},
            {"Nhiệm vụ": [{tasks_title(ctx.model): "nhiem-vu/index.md"}] + [
                {str(html_escape(f"{t.number}. {t.title}")): f"nhiem-vu/{t.id}.md"} for t in ctx.model.tasks]},
            {"Văn bản liên quan": "van-ban/index.md"},
            {"Thời hạn": "thoi-han.md"},
            {"Cơ quan": "co-quan/index.md"},
            {"Mẫu báo cáo": "mau-bao-cao.md"},
            {"Chữ viết tắt": "chu-viet-tat.md"},
            {"Liên hệ": "lien-he.md"},
        ]

    def sources(self, ctx: BuildContext) -> dict[str, bytes]:
        """The page sources and the files MkDocs copies as they are, by path relative to the docs folder (posix):
        the keys are made from these bytes, and they are written to disk only when MkDocs has to run."""
        env = markdown_env()
        model = ctx.model
        tasks_by_level = {level: [t for t in model.tasks if level in t.levels] for level in LEVEL_NAMES}
        def by_short(boards):
            return vi_sorted(boards, key=lambda b: b.short)

        finder_boards = by_short(model.boards)  # once per build, not once per page
        common = {
            "model": model, "letter": model.letter, "plans": ctx.plans, "prose": read_prose(ctx.root),
            "level_names": LEVEL_NAMES, "tasks_by_level": tasks_by_level, "layout": layout,
            "sorted_boards": by_short,
            "abbreviations": vi_sorted(model.abbreviations, key=lambda a: a.short),
            "generic_files": layout.generic_templates(model.documents),
            "offline_zip": OFFLINE_ZIP,
            "finder_data": lambda page_path: finder_data(finder_boards, page_path),
        }
        sources: dict[str, bytes] = {}
        for source, template, extra in self.pages(ctx):
            # link(): a relative URL from this page; MkDocs checks links to .md sources and makes them .html.
            page = {"page_path": source,
                    "link": lambda target, fragment=None, s=source: relative(target, s, fragment)}
            text = env.get_template(f"{SITE_TEMPLATES}/{template}").render(**common, **page, **extra)
            sources[source] = text.encode("utf-8")
        sources["assets/pack.css"] = (TEMPLATES / SITE_TEMPLATES / "pack.css").read_bytes()
        sources[SEARCH_WORKER] = search_worker(model).encode("utf-8")
        return sources

    def shared_key(self, ctx: BuildContext, sources: dict[str, bytes]) -> str:
        """What every page depends on: the settings, navigation, list of pages, other files, date and code. Not the
        search worker's table of short forms: no page shows it (the worker's own key has it, in build())."""
        others = [(rel, data) for rel, data in sorted(sources.items())
                  if not rel.endswith(".md") and rel != SEARCH_WORKER]
        pages = [rel for rel in sorted(sources) if rel.endswith(".md")]
        return digest(ctx.epoch, (ctx.root / "mkdocs.yml").read_bytes(), self.nav(ctx), pages, others,
                      code_key("builders/site.py", "builders/site_pages.py", "templates/theme", "templates/search",
                               packages=("mkdocs", "mkdocs-material", "pymdown-extensions")))

    def build(self, ctx: BuildContext) -> None:
        from . import site_pages  # imports MkDocs: not needed by `build.py --check`

        sources = self.sources(ctx)
        keys = site_pages.page_keys(sources, self.shared_key(ctx, sources))
        # Theme assets, 404, sitemap and search index depend on every page; the search worker also on its table.
        whole = digest(sorted(keys.values()), sources[SEARCH_WORKER])

        def key_of(rel: str) -> str:
            return keys.get(site_pages.source_path(rel), whole)

        unchanged = {src for src, key in keys.items()
                     if ctx.reuse.unchanged(BUILDER, site_pages.html_path(src), key)}
        if len(unchanged) == len(keys) and ctx.reuse.take_all(BUILDER, key_of):
            return
        previous_entries = site_pages.previous_search_entries(ctx.reuse.previous) if unchanged else {}
        if previous_entries is None:
            unchanged, previous_entries = set(), {}
        docs = ctx.work / "docs"
        for rel, data in sources.items():
            path = docs / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        html = self.run_mkdocs(ctx, docs, site_pages.GuidepackPlugin(unchanged, previous_entries))
        for path in html.rglob("*"):
            if path.is_file():
                rel = path.relative_to(html).as_posix()
                ctx.reuse.record(BUILDER, rel, key_of(rel))
        for entry in html.iterdir():
            os.rename(entry, ctx.out / entry.name)
        for src in sorted(unchanged):
            if not ctx.reuse.take(BUILDER, site_pages.html_path(src), keys[src]):
                raise OutputError("trang web", f"không lấy lại được trang {src} từ lần dựng trước")

    def run_mkdocs(self, ctx: BuildContext, docs: Path, plugin: GuidepackPlugin) -> Path:
        """Build the pages not in `plugin.unchanged` with MkDocs and `plugin`, into a folder of its own (MkDocs
        empties its output folder, and other builders write into the new site at the same time)."""
        from mkdocs.commands.build import build as mkdocs_build
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException

        html = ctx.work / "html"
        messages = _capture_mkdocs_log()
        dirty_log = logging.getLogger("mkdocs.commands.build")
        dirty_log.addFilter(DIRTY_WARNING)
        try:
            config = load_config(str(ctx.root / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(html))
            config["nav"] = self.nav(ctx)
            # Added after the plugins of mkdocs.yml, so its hooks of the same priority run after theirs.
            config.plugins["guidepack"] = plugin
            mkdocs_build(config, dirty=bool(plugin.unchanged))
        except (MkDocsException, SystemExit) as exc:
            detail = "; ".join(messages.records) or str(exc)
            raise OutputError("trang web (MkDocs)", detail) from None
        finally:
            dirty_log.removeFilter(DIRTY_WARNING)
            messages.close()
        return html


def board_keys(board: Board) -> list[str]:
    """What readers type for a board besides its name, as compact() keys: the name without spaces, its initials
    with or without its group's unit word (text.name_keys), and its aliases and their initials."""
    keys = [compact(board.short), *name_keys(board.short, board.group.unit)]
    for alias in board.aliases:
        keys += [compact(alias.name), *name_keys(alias.name)]
    return list(dict.fromkeys(keys))


def _script_json(data) -> Markup:
    """ASCII-only JSON with `<`, `>` and `&` escaped, so that no text can end a script element."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def finder_data(boards: list[Board], page_path: str) -> Markup:
    """The board finder's list (finder.js) as JSON for a <script type="application/json"> on `page_path`:
    the names of `boards` (already in Vietnamese order) with their page's URL relative to that page, their
    aliases and their keys (board_keys)."""
    return _script_json([{"name": b.short, "href": relative(layout.board_page(b), page_path),
                          "aliases": [a.name for a in b.aliases], "keys": board_keys(b)} for b in boards])


def search_names(model) -> dict:
    """The short forms the search worker expands (search-worker.js): `names`, [folded words, page or ""] of each
    board and of each abbreviation's full form; `keys`, compact() key -> indexes into `names`."""
    names: list[list[str]] = []
    keys: dict[str, list[int]] = {}

    def add(key_list, full: str, page: str = "") -> None:
        names.append([" ".join(syllables(full)), page])
        for key in key_list:
            keys.setdefault(key, []).append(len(names) - 1)

    for board in model.boards:
        add(board_keys(board), board.short, layout.board_page(board))
    for abbreviation in model.abbreviations:
        add([compact(abbreviation.short)], abbreviation.full)
    return {"names": names, "keys": keys}


def stock_search_worker() -> str:
    """File name of Material's own search worker (it carries a hash that changes with Material's version)."""
    import material

    workers = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers"
    found = sorted(p.name for p in workers.glob("search.*.min.js"))
    if len(found) != 1:
        raise OutputError("trang web (tìm kiếm)", f"không tìm thấy đúng một search worker của Material: {found}")
    return found[0]


def search_worker(model) -> str:
    """The Vietnamese search worker: vi-text.js, then search-worker.js loading Material's stock worker, with the
    short forms it expands (search_names)."""
    text = (THEME / "assets" / "javascripts" / "vi-text.js").read_text(encoding="utf-8")
    # Kept out of the theme folder: MkDocs copies every file there into the site, this one unfilled.
    worker = (TEMPLATES / "search" / "search-worker.js").read_text(encoding="utf-8")
    names = json.dumps(search_names(model), ensure_ascii=True, separators=(",", ":"))
    return text + ";\n" + worker.replace("__STOCK_WORKER__", stock_search_worker()).replace("__NAMES__", names)


class _capture_mkdocs_log(logging.Handler):
    """Collect MkDocs' warnings so a failed site build can say why, and keep them off the terminal."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[str] = []
        self.logger = logging.getLogger("mkdocs")
        self.logger.addHandler(self)
        self.logger.propagate = False

    def emit(self, record):
        self.records.append(record.getMessage())

    def close(self):
        self.logger.removeHandler(self)
        super().close()


class _DropDirtyWarning(logging.Filter):
    """MkDocs warns that a dirty build may give stale navigation: here the keys rule that out, and in strict mode
    the warning would stop the build."""

    def filter(self, record):
        return "'dirty' build" not in record.getMessage()


DIRTY_WARNING = _DropDirtyWarning()
