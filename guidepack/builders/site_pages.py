"""The guidepack MkDocs plugin: rebuild only the site pages whose source changed, and the site build's other hooks.

MkDocs renders every page on every build. A page's HTML depends only on its own Markdown source and on what all
pages share (settings, navigation, theme, the list of pages, the build date, this code), so each page gets a key
made of both. A page whose key is unchanged since the previous pack is taken from it, and MkDocs, run in its
'dirty' mode, renders only the others. Everything else MkDocs writes (theme assets, 404, sitemap, the search
index) depends on all pages and is written again. The search index must still cover every page: the entries of
the pages taken whole come from the previous pack's index, in the order a full build writes them, so that an
incremental build gives the same bytes as a build from nothing (tests/test_incremental.py checks it).

The same plugin keeps page titles from the data escaped in <title> and gives the theme's Jinja environment the
bytecode cache of our own templates.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from pathlib import Path

from mkdocs.plugins import BasePlugin, event_priority

from ..incremental import digest
from ..render import template_cache

SEARCH_INDEX = "search/search_index.json"


def page_keys(sources: dict[str, bytes], shared: str) -> dict[str, str]:
    """Key of every Markdown page (by source path): the shared key and the page's own source."""
    return {rel: digest(shared, rel, data) for rel, data in sources.items() if rel.endswith(".md")}


def html_path(source: str) -> str:
    """Where MkDocs writes a page (use_directory_urls is off): co-quan/ha-noi.md -> co-quan/ha-noi.html."""
    return source.removesuffix(".md") + ".html"


def source_path(html: str) -> str:
    """The page source an output file comes from (co-quan/ha-noi.html -> co-quan/ha-noi.md); other files map to
    names no page has."""
    return html.removesuffix(".html") + ".md"


def _page_of(location: str) -> str:
    return location.split("#", 1)[0]


def previous_search_entries(previous_site: Path | None) -> dict[str, list] | None:
    """The previous pack's search entries by page URL; None when there is no readable index (then every page is
    rendered again, as a missing previous file makes any output be made again)."""
    try:
        index = json.loads((previous_site / SEARCH_INDEX).read_text(encoding="utf-8"))
        grouped = defaultdict(list)
        for entry in index["docs"]:
            grouped[_page_of(entry["location"])].append(entry)
    except (TypeError, OSError, ValueError, KeyError):
        return None
    return grouped


class GuidepackPlugin(BasePlugin):
    """A MkDocs plugin, added by the site builder: skips the pages in `unchanged` and keeps their search entries,
    keeps titles literal, and keeps Material's compiled templates between builds."""

    def __init__(self, unchanged: set[str], previous_entries: dict[str, list]):
        super().__init__()
        self.unchanged = unchanged                # source paths of the pages taken from the previous pack
        self.previous_entries = previous_entries  # their search entries (previous_search_entries)
        self.pages: list = []

    def on_files(self, files, config):
        self.pages = [f for f in files.documentation_pages()]
        for f in self.pages:
            if f.src_uri in self.unchanged:
                # MkDocs' dirty mode asks each file whether it changed; the answer here is the key's.
                f.is_modified = lambda: False
        return files

    @event_priority(100)  # before Material's search plugin writes the index
    def on_post_build(self, config):
        search = config.plugins.get("material/search")
        if search is None:
            return
        old = self.previous_entries
        new = defaultdict(list)
        for entry in search.search_index.entries:
            new[_page_of(entry["location"])].append(entry)
        entries = []
        for f in self.pages:
            entries += (old if f.src_uri in self.unchanged else new).get(f.url, [])
        search.search_index.entries = entries

    # Default priority: after the same hooks of the plugins in mkdocs.yml (Material's search indexes the page
    # first), as the plugin is added after them. MkDocs fires `env` before it loads any template.
    def on_page_context(self, context, *, page, config, nav):
        """Keep text from the data literal where the theme would turn it back into markup.

        A page's title is HTML-escaped text (from its escaped heading or menu title), and the theme escapes it where
        it prints it, except in <title>, where `striptags` unescapes it into raw HTML. Setting the page's meta title
        to the escaped title makes the theme print that instead, as it is.
        """
        if page.title and not page.meta.get("title"):
            page.meta["title"] = page.title
        return context

    def on_page_content(self, content, *, page, config, files):
        """Tables of more than two columns, labelled for phones (stacked_tables)."""
        return stacked_tables(content)

    def on_env(self, env, *, config, files):
        """Material's templates, compiled once and kept between builds like ours (render.template_cache)."""
        env.bytecode_cache = template_cache()
        return env


_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_HEAD_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_CELL = re.compile(r"<td\b")
_TAG = re.compile(r"<[^>]+>")


def stacked_tables(content: str) -> str:
    """Give every table of more than two columns (as Python-Markdown writes them) `data-stack`, and each of its
    cells a `data-label` with its column's heading: under a phone's width pack.css shows each row as a block and
    each cell under its label, with no script and nothing to scroll sideways."""
    def label(table: re.Match) -> str:
        inner = table.group(1)
        head, _, body = inner.partition("</thead>")
        labels = [html.escape(html.unescape(_TAG.sub("", h)).strip(), quote=True) for h in _HEAD_CELL.findall(head)]
        if len(labels) <= 2 or not body:
            return table.group(0)

        def row(tr: re.Match) -> str:
            column = iter(labels)
            return "<tr>" + _CELL.sub(lambda _: f'<td data-label="{next(column, "")}"', tr.group(1)) + "</tr>"

        return "<table data-stack>" + head + "</thead>" + _ROW.sub(row, body) + "</table>"

    return _TABLE.sub(label, content)
