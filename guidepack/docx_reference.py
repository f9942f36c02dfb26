"""The reference document pandoc takes page size, margins, fonts, styles and page-number header from.

Values follow ../shared/reference/the-thuc-van-ban.md ("values that satisfy both rules"): A4 portrait,
margins 20/20/30/15 mm, Times New Roman black, body 14 pt justified with a 1.27 cm first-line indent, 6 pt after,
page numbers from page 2 (2020 style: top centre).
"""

from __future__ import annotations

import io
import subprocess

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

FONT = "Times New Roman"
BODY_PT = 14
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
FIRST_LINE_CM = 1.27
PAGE_NUMBER_PT = 13
PLACEHOLDER_STYLE = "PlaceholderText"
PLACEHOLDER_COLOR = "808080"


def pandoc_default_reference(pandoc: str) -> bytes:
    return subprocess.run([pandoc, "--print-default-data-file", "reference.docx"],
                          check=True, capture_output=True).stdout


def _set_fonts(rpr) -> None:
    """Times New Roman for every script, black, no theme fonts or colours."""
    for old in rpr.findall(qn("w:rFonts")) + rpr.findall(qn("w:color")):
        rpr.remove(old)
    fonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    rpr.insert(0, fonts)
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "000000")
    rpr.append(color)


def _page_number_header(section) -> None:
    """No number on page 1; from page 2 a centred PAGE field in the top margin."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Pt(0)
    run = paragraph.add_run()
    run.font.size = Pt(PAGE_NUMBER_PT)
    run.font.name = FONT
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    section.first_page_header.is_linked_to_previous = False


def _placeholder_style(styles) -> None:
    """Word's "Placeholder Text" character style: the grey italic `Nhập …` text of an empty content control."""
    style = OxmlElement("w:style")
    style.set(qn("w:type"), "character")
    style.set(qn("w:styleId"), PLACEHOLDER_STYLE)
    for tag, value in (("w:name", "Placeholder Text"), ("w:basedOn", "DefaultParagraphFont"),
                       ("w:uiPriority", "99"), ("w:semiHidden", None)):
        child = OxmlElement(tag)
        if value is not None:
            child.set(qn("w:val"), value)
        style.append(child)
    rpr = OxmlElement("w:rPr")
    rpr.append(OxmlElement("w:i"))
    color = OxmlElement("w:color")
    color.set(qn("w:val"), PLACEHOLDER_COLOR)
    rpr.append(color)
    style.append(rpr)
    styles.append(style)


def _language(rpr) -> None:
    """Vietnamese for spelling and hyphenation, on the document defaults every style inherits."""
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    lang.set(qn("w:bidi"), "ar-SA")
    rpr.append(lang)


def build_reference(pandoc: str) -> bytes:
    doc = Document(io.BytesIO(pandoc_default_reference(pandoc)))

    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side, mm in MARGINS_MM.items():
        setattr(section, f"{side}_margin", Mm(mm))
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    _page_number_header(section)

    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    _set_fonts(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")))
    for style in styles.findall(qn("w:style")):
        rpr = style.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            style.append(rpr)
        _set_fonts(rpr)

    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)

    body = doc.styles["Body Text"]
    fmt = body.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Mm(FIRST_LINE_CM * 10)
    fmt.space_before, fmt.space_after = Pt(0), Pt(6)
    fmt.line_spacing = 1.15
    # Pandoc sets table cells (and tight lists, which the templates avoid) in "Compact": 12 pt, no indent.
    compact = doc.styles["Compact"]
    compact.font.size = Pt(12)
    cf = compact.paragraph_format
    cf.alignment = WD_ALIGN_PARAGRAPH.LEFT
    cf.first_line_indent = Pt(0)
    cf.space_before, cf.space_after = Pt(1), Pt(1)
    cf.line_spacing = 1.0

    for name, italic in (("Heading 1", False), ("Heading 2", False), ("Heading 3", True)):
        style = doc.styles[name]
        style.font.size = Pt(BODY_PT)
        style.font.bold = True
        style.font.italic = italic
        style.font.color.rgb = RGBColor(0, 0, 0)
        pf = style.paragraph_format
        pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        pf.first_line_indent = Mm(FIRST_LINE_CM * 10)
        pf.space_before, pf.space_after = Pt(6), Pt(6)
        pf.keep_with_next = True

    # Tables (the data sheets): thin black grid, 12 pt text, no first-line indent.
    table = doc.styles["Table"]
    tbl_pr = table.element.find(qn("w:tblPr"))
    if tbl_pr is None:
        tbl_pr = OxmlElement("w:tblPr")
        table.element.append(tbl_pr)
    for old in tbl_pr.findall(qn("w:tblBorders")):
        tbl_pr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        for attr, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
            line.set(qn(attr), value)
        borders.append(line)
    tbl_pr.append(borders)
    table.font.size = Pt(12)

    _placeholder_style(styles)
    _language(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")))

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
