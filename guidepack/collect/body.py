"""A document's body as the reader needs it: paragraphs in reading order, each with its fixed text and the
content controls inside it, the table cell it sits in, and the block-level control that holds it. Built the same
way from a DOCX (WordprocessingML) and an ODT (LibreOffice's `loext:content-control`), for the published
template and for the filled file, so that the two can be laid side by side.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
LOEXT = "{urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0}"
CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"

_SPACE = re.compile(r"\s+")
_LINES = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b]")


def clean(text: str) -> str:
    """Text as compared and returned: NFC, runs of white space as one space, no space at either end."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


@dataclass(eq=False)
class Control:
    """A content control: `block` when it holds whole paragraphs (a narrative part), else inline in a paragraph."""
    index: int
    tag: str | None
    block: bool
    pieces: list[str] = field(default_factory=list)  # inline: its text; block: one item per paragraph
    before: str = ""  # the nearest fixed text before it (for the position check)
    alone: bool = False  # inline, and all there is in its paragraph (a narrative part after LibreOffice)

    @property
    def value(self) -> str:
        """Its text: paragraphs (or lines) cleaned, empty ones dropped, joined by a newline."""
        pieces = self.pieces if self.block else ["".join(self.pieces)]
        lines = [clean(line) for p in pieces for line in _LINES.split(p)]
        return "\n".join(line for line in lines if line)


@dataclass(eq=False)
class Para:
    parts: list = field(default_factory=list)  # str (fixed text) or Control (inline)
    cell: tuple[int, int, int] | None = None   # (table, row, column) in document order
    block: Control | None = None

    @cached_property  # read once the paragraph is complete
    def text(self) -> str:
        return clean("".join(p if isinstance(p, str) else "".join(p.pieces) for p in self.parts))

    @cached_property
    def fixed(self) -> str:
        """The text outside any control (within a block control everything is the control's)."""
        if self.block is not None:
            return ""
        return clean("".join(p for p in self.parts if isinstance(p, str)))

    @property
    def controls(self) -> list[Control]:
        return [p for p in self.parts if isinstance(p, Control)]


@dataclass
class Body:
    paras: list[Para]
    controls: list[Control]


class _Builder:
    def __init__(self):
        self.paras: list[Para] = []
        self.controls: list[Control] = []
        self.tables = 0
        self.last_fixed = ""

    def control(self, tag: str | None, block: bool) -> Control:
        c = Control(len(self.controls), tag or None, block, before=self.last_fixed)
        self.controls.append(c)
        return c

    def finish_para(self, para: Para) -> None:
        self.paras.append(para)
        controls = para.controls
        if len(controls) == 1 and not para.fixed:
            controls[0].alone = True
        if para.block is not None:
            para.block.pieces.append("".join(p if isinstance(p, str) else "".join(p.pieces) for p in para.parts))
        fixed = para.fixed
        if fixed:
            self.last_fixed = fixed

    def add_text(self, para: Para, text: str, inside: Control | None) -> None:
        if not text:
            return
        if inside is not None:
            inside.pieces.append(text)
        elif para.parts and isinstance(para.parts[-1], str):
            para.parts[-1] += text
        else:
            para.parts.append(text)
        if inside is None and text.strip():
            self.last_fixed = clean("".join(p for p in para.parts if isinstance(p, str)))


# --- WordprocessingML -------------------------------------------------------------------------------------------

_W_SKIP = {W + n for n in ("del", "moveFrom", "sectPr", "pPr", "rPr", "tblPr", "tblGrid", "trPr", "tcPr", "sdtPr",
                           "sdtEndPr", "drawing", "pict", "object", "instrText", "delText", "footnoteReference",
                           "endnoteReference", "commentReference", "bookmarkStart", "bookmarkEnd")}


def docx_body(document) -> Body:
    """The body of word/document.xml (an Element)."""
    b = _Builder()
    body = document.find(W + "body")
    if body is not None:
        _w_blocks(b, body, cell=None, block=None)
    return Body(b.paras, b.controls)


def _w_blocks(b: _Builder, parent, cell, block) -> None:
    for el in parent:
        tag = el.tag
        if tag == W + "p":
            para = Para(cell=cell, block=block)
            _w_inline(b, para, el, None)
            b.finish_para(para)
        elif tag == W + "tbl":
            t = b.tables
            b.tables += 1
            for r, row in enumerate(_w_rows(el)):
                for c, tc in enumerate(_w_cells(row)):
                    _w_blocks(b, tc, (t, r, c), block)
        elif tag == W + "sdt":
            content = el.find(W + "sdtContent")
            if content is None:
                continue
            if content.find(W + "p") is not None or content.find(W + "tbl") is not None:
                control = b.control(_w_tag(el), True) if block is None else block
                _w_blocks(b, content, cell, control)
            else:
                _w_blocks(b, content, cell, block)
        elif tag in (W + "customXml", W + "ins", W + "moveTo") or tag == MC + "AlternateContent":
            _w_blocks(b, _choice(el) if tag == MC + "AlternateContent" else el, cell, block)


def _choice(el):
    choice = el.find(MC + "Choice")
    return choice if choice is not None else el


def _w_rows(tbl):
    for el in tbl:
        if el.tag == W + "tr":
            yield el
        elif el.tag in (W + "sdt", W + "customXml"):  # rows wrapped in a control
            inner = el.find(W + "sdtContent") if el.tag == W + "sdt" else el
            if inner is not None:
                yield from _w_rows(inner)


def _w_cells(tr):
    for el in tr:
        if el.tag == W + "tc":
            yield el
        elif el.tag in (W + "sdt", W + "customXml"):
            inner = el.find(W + "sdtContent") if el.tag == W + "sdt" else el
            if inner is not None:
                yield from _w_cells(inner)


def _w_tag(sdt) -> str | None:
    pr = sdt.find(W + "sdtPr")
    tag = pr.find(W + "tag") if pr is not None else None
    return tag.get(W + "val") if tag is not None else None


def _w_inline(b: _Builder, para: Para, parent, inside: Control | None) -> None:
    for el in parent:
        tag = el.tag
        if tag in _W_SKIP:
            continue
        if tag == W + "t":
            b.add_text(para, el.text or "", inside)
        elif tag == W + "tab":
            b.add_text(para, "\t", inside)
        elif tag in (W + "br", W + "cr"):
            b.add_text(para, "\n", inside)
        elif tag == W + "noBreakHyphen":
            b.add_text(para, "-", inside)
        elif tag == W + "sdt":
            content = el.find(W + "sdtContent")
            if content is None:
                continue
            if inside is None and para.block is None:
                control = b.control(_w_tag(el), False)
                para.parts.append(control)
                _w_inline(b, para, content, control)
            else:
                _w_inline(b, para, content, inside)
        elif tag == MC + "AlternateContent":
            _w_inline(b, para, _choice(el), inside)
        elif tag == W + "p":  # a paragraph inside a run (text box): not part of this one
            continue
        else:  # w:r, w:hyperlink, w:ins, w:smartTag, w:fldSimple, w:customXml, w:dir, w:bdo ...
            _w_inline(b, para, el, inside)


# --- OpenDocument text ------------------------------------------------------------------------------------------

_O_SKIP = {TEXT + n for n in ("tracked-changes", "note", "sequence-decls", "variable-decls", "user-field-decls",
                              "bookmark", "bookmark-start", "bookmark-end", "soft-page-break", "change",
                              "change-start", "change-end", "annotation")} | {OFFICE + "forms", OFFICE + "annotation"}


def odt_body(content) -> Body:
    """The body of content.xml (an Element)."""
    b = _Builder()
    text = content.find(f"{OFFICE}body/{OFFICE}text")
    if text is not None:
        _o_blocks(b, text, cell=None)
    return Body(b.paras, b.controls)


def _o_blocks(b: _Builder, parent, cell) -> None:
    for el in parent:
        tag = el.tag
        if tag in (TEXT + "p", TEXT + "h"):
            para = Para(cell=cell)
            if el.text:
                b.add_text(para, el.text, None)
            _o_inline(b, para, el, None)
            b.finish_para(para)
        elif tag == TABLE + "table":
            t = b.tables
            b.tables += 1
            for r, row in enumerate(_o_rows(el)):
                c = 0
                for tc in row:
                    if tc.tag == TABLE + "table-cell":
                        _o_blocks(b, tc, (t, r, c))
                        c += 1
                    elif tc.tag == TABLE + "covered-table-cell":
                        c += 1
        elif tag in _O_SKIP:
            continue
        elif tag.startswith((TEXT, TABLE, OFFICE, LOEXT)):  # lists, sections, indexes: their paragraphs
            _o_blocks(b, el, cell)


def _o_rows(table):
    for el in table:
        if el.tag == TABLE + "table-row":
            yield el
        elif el.tag in (TABLE + "table-header-rows", TABLE + "table-rows", TABLE + "table-row-group"):
            yield from _o_rows(el)


def _o_inline(b: _Builder, para: Para, parent, inside: Control | None) -> None:
    for el in parent:
        tag = el.tag
        if tag in _O_SKIP or not tag.startswith(("{urn:oasis", LOEXT)):
            pass
        elif tag == TEXT + "s":
            b.add_text(para, " " * int(el.get(TEXT + "c", "1") or 1), inside)
        elif tag == TEXT + "tab":
            b.add_text(para, "\t", inside)
        elif tag == TEXT + "line-break":
            b.add_text(para, "\n", inside)
        elif tag == LOEXT + "content-control" and inside is None:
            control = b.control(el.get(LOEXT + "tag"), False)
            para.parts.append(control)
            if el.text:
                b.add_text(para, el.text, control)
            _o_inline(b, para, el, control)
        elif tag.startswith(("{urn:oasis:names:tc:opendocument:xmlns:drawing", "{urn:oasis:names:tc:opendocument"
                                                                                ":xmlns:svg")):
            pass
        else:  # text:span, text:a, text:meta, nested controls ...
            if el.text:
                b.add_text(para, el.text, inside)
            _o_inline(b, para, el, inside)
        if el.tail:
            b.add_text(para, el.tail, inside)


# --- Document properties ----------------------------------------------------------------------------------------

def docx_properties(custom) -> dict[str, str]:
    """docProps/custom.xml: name -> text value."""
    out = {}
    if custom is None:
        return out
    for prop in custom.findall(CUSTOM + "property"):
        name = prop.get("name")
        if name and len(prop):
            out[name] = clean("".join(prop[0].itertext()))
    return out


def odt_properties(meta) -> dict[str, str]:
    """meta.xml: meta:user-defined, where the custom properties of a DOCX land in an ODT."""
    out = {}
    if meta is None:
        return out
    for prop in meta.iter(META + "user-defined"):
        name = prop.get(META + "name")
        if name:
            out[name] = clean("".join(prop.itertext()))
    return out
