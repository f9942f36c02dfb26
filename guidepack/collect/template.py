"""A published template as the reader lays a filled file against it: its fields in order with their placeholder
text, its fixed text (the anchors that locate each field when no control is left), its header band and the
identity it carries. Also the template version hash written into every published DOCX."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .body import Body, Para, clean, docx_body, docx_properties
from .package import read_package

# Custom document properties every published DOCX carries (docProps/custom.xml; meta:user-defined in an ODT).
PROP_BOARD = "guidepack.board"
PROP_DOCUMENT = "guidepack.document"
PROP_VERSION = "guidepack.template-version"


def template_version(body: Body) -> str:
    """A hash of a template's fields (tags, in order, and where they sit) and its fixed text: two files with the
    same version are laid out alike, so a field's position means the same in both."""
    shape = [[p.fixed, [c.tag for c in p.controls], p.block.tag if p.block else None] for p in body.paras]
    return hashlib.sha256(json.dumps(shape, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


@dataclass(eq=False)
class Field:
    tag: str
    index: int                 # among the template's controls
    block: bool
    placeholder: str
    paras: list[int]           # the template paragraphs it occupies
    pattern: re.Pattern | None = None  # inline with fixed text around it: the paragraph as a regex
    group: int = 0             # its group in `pattern`


@dataclass(eq=False)
class Template:
    path: str                  # relative to site/
    board: str | None
    document: str
    version: str | None
    body: Body
    fields: dict[str, Field]
    anchors: list[tuple[int, str]]       # (paragraph, text): fixed paragraphs found once in the template
    header: list[str] = field(default_factory=list)  # fixed lines of the header band (the first table)


def _regex_piece(text: str) -> str:
    """Fixed text between fields, matched with any amount of white space where it has some."""
    return r"\s*".join(re.escape(w) for w in clean(text).split(" ")) if clean(text) else r"\s*"


def _para_pattern(para: Para) -> re.Pattern | None:
    """A paragraph of fixed text and inline fields as a regex with one group per field; None when it has no fixed
    text. The text before the first field is matched by its last words only (a generic template's place name is
    replaced by the board's own)."""
    if not para.fixed:
        return None
    pieces, first = [], True
    for part in para.parts:
        if isinstance(part, str):
            text = part
            if first:
                words = clean(text).split(" ")
                text = words[-1]
            pieces.append(_regex_piece(text) if text.strip() else r"\s*")
        else:
            pieces.append(r"(.*?)")
            first = False
    return re.compile(r"(?:^|\s)" + "".join(pieces) + r"\s*$", re.S)


def describe(path: Path, rel: str) -> Template:
    """Read a published template (one of ours: read with the same care as any file)."""
    package = read_package(path)
    body = docx_body(package.xml("word/document.xml"))
    props = docx_properties(package.xml("docProps/custom.xml"))
    fields: dict[str, Field] = {}
    for i, para in enumerate(body.paras):
        if para.block is not None and para.block.tag:
            f = fields.get(para.block.tag)
            if f is None:
                c = para.block
                fields[c.tag] = Field(c.tag, c.index, True, c.value, [i])
            else:
                f.paras.append(i)
            continue
        pattern = _para_pattern(para) if para.controls else None
        for g, c in enumerate(para.controls, start=1):
            if c.tag:
                fields[c.tag] = Field(c.tag, c.index, False, c.value, [i], pattern, g)
    counts = Counter(p.text for p in body.paras if p.text and p.block is None and not p.controls)
    anchors = [(i, p.text) for i, p in enumerate(body.paras)
               if p.block is None and not p.controls and p.text and counts[p.text] == 1]
    header = [p.text for p in body.paras if p.cell and p.cell[0] == 0 and not p.controls and p.text]
    return Template(path=rel, board=props.get(PROP_BOARD) or None, document=props.get(PROP_DOCUMENT) or "",
                    version=props.get(PROP_VERSION), body=body, fields=fields, anchors=anchors, header=header)
