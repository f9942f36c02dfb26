"""Jinja environments. Data is always text: every value is escaped for where it lands.

- Markdown pages: each `{{ value }}` is escaped for Markdown (and HTML) unless it is Markup; use `|h` inside
  raw HTML blocks, where Markdown escapes would show. Autoescape is on so that macros return Markup and are
  not escaped twice; the escaping itself is the `finalize` hook's.
- HTML (the checklist) and XML (DOCX parts): Jinja's autoescape.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import os
import posixpath
import re
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from .text import number_word

TEMPLATES = Path(__file__).parent / "templates"

# One pass over the text, each character replaced once (so that an escape is never escaped again):
# - HTML's own characters become character references: no tag, no entity from the data;
# - the characters Python-Markdown (with its tables and attr_list extensions) and pandoc both accept a backslash
#   escape for get one: no emphasis, link, heading, list, table cell or attribute list;
# - characters only pandoc or a Markdown extension gives a meaning ($ math, ~ strike/subscript, ^ superscript,
#   @ citation, = mark, : fenced div) become character references too: a backslash before them would show
#   in Python-Markdown.
_MD_TABLE = {ord(c): f"&#{ord(c)};" for c in "$~^@=:"}
_MD_TABLE.update({ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;", ord("'"): "&#39;"})
_MD_TABLE.update({ord(c): "\\" + c for c in "\\`*_{}[]()#+-.!|"})
_SPACES = re.compile(r"\s+")


def md_escape(value) -> Markup:
    """Make `value` literal text in Markdown (Python-Markdown and pandoc): no markup, no HTML, no line structure."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    text = _SPACES.sub(" ", str(value)).strip()
    return Markup(text.translate(_MD_TABLE))


def html_escape(value) -> Markup:
    return Markup(html.escape(_SPACES.sub(" ", str(value)).strip(), quote=True))


def vn_date(value: dt.date | None, long: bool = False) -> str:
    """30/3/2011 (the letter's style), or `ngày 30 tháng 3 năm 2011`."""
    if value is None:
        return ""
    if long:
        return f"ngày {value.day} tháng {value.month} năm {value.year}"
    return f"{value.day}/{value.month}/{value.year}"


def relative(target: str, start: str, fragment: str | None = None) -> Markup:
    """URL of `target` (relative to site/) from the page `start` (relative to site/), with an optional #fragment.

    Targets and fragments are built from validated ASCII slugs, so the result needs no escaping.
    """
    url = posixpath.relpath(target, posixpath.dirname(start) or ".")
    return Markup(f"{url}#{fragment}" if fragment else url)


class Once:
    """`{% call once(key, ...) %}…{% endcall %}` in a template: the block is rendered the first time a key is met
    and its text reused after (a part that many documents of a build share, such as the DOCX data sheets). The key
    must name all the block depends on besides what is the same for the whole build; a builder makes a new Once
    per build."""

    def __init__(self):
        self.done: dict[tuple, Markup] = {}

    def __call__(self, *key, caller) -> Markup:
        if key not in self.done:
            self.done[key] = caller()
        return self.done[key]


def _common(env: jinja2.Environment) -> jinja2.Environment:
    env.filters["vn_date"] = vn_date
    env.filters["rel"] = relative
    env.filters["h"] = html_escape
    env.filters["number_word"] = number_word
    env.globals["safe_url"] = Markup
    return env


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between builds (in the user's cache folder), so that a quick rebuild does not spend
    its time compiling the same templates again. Jinja checks each entry against the template's source; a cache
    that cannot be written is simply not used."""

    def dump_bytecode(self, bucket):
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


@cache
def template_cache() -> jinja2.BytecodeCache | None:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "guidepack" / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _TemplateCache(str(folder))


@cache
def markdown_env() -> jinja2.Environment:
    return _common(jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, finalize=md_escape, bytecode_cache=template_cache(),
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True))


@cache
def markup_env() -> jinja2.Environment:
    """For HTML and XML templates."""
    return _common(jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, bytecode_cache=template_cache(),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True))
