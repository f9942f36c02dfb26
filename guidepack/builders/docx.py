"""DOCX templates (pandoc via pypandoc): one generic set, and one set per board with its own names.

A pandoc run costs about 65 ms, nearly all process start-up (../shared/reference/cong-cu.md). So pandoc renders
each template once per *variant* (the set of tasks that applies: a ministry and a province differ, boards of the same
kind do not), with tokens where the board's names go; each board's file is that package with the tokens replaced.
Measured on the bundled data: 15 pandoc runs for 485 files; the whole DOCX step 1.7 s with 2 jobs.

Fill-in fields are Word content controls written as raw OpenXML in the Markdown (templates/docx/_ooxml.xml.j2):
one pandoc pass, nothing rewritten in the package's XML but the names, and the tags visible in the templates.
Their tags are read from the rendered source (no pandoc), so pack.json lists them for reused files too.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import zipfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

from .. import layout
from ..collect.body import docx_body
from ..collect.package import parse_xml
from ..collect.template import PROP_BOARD, PROP_DOCUMENT, PROP_VERSION, template_version
from ..context import BuildContext
from ..errors import OutputError, ToolMissing
from ..fonts import text_width_pt
from ..incremental import code_key, digest
from ..model import LEVEL_NAMES, Board, Document, Format
from ..plan import APPLIES, Applicable, BoardPlan
from ..render import Once, markdown_env
from ..tools import PANDOC_INSTALL, check_pandoc

BUILDER = "docx"
TWIPS_PER_PT = 20
TWIPS_PER_MM = 56.6929
TEXT_WIDTH_MM = 210 - 30 - 15

# Where a board's own words go; replaced in the finished package (XML-escaped).
TOKENS = {"parent": "PACKTOKENPARENT", "place": "PACKTOKENPLACE", "agency": "PACKTOKENAGENCY",
          "name": "PACKTOKENNAME"}
GENERIC_VALUES = {"parent": "TÊN CƠ QUAN CHỦ QUẢN", "place": "Địa danh",
                  "agency": "Bộ, ngành, địa phương ……", "name": "Ban vì sự tiến bộ của phụ nữ ……"}


def board_values(board: Board, geo: Geometry) -> dict[str, str]:
    """A board's words for the tokens; a parent agency too long for its column is set on two lines ("\n")."""
    column = geo.columns[0]
    parent = "\n".join(balanced_lines(board.parent, 12, column, bold=False, first_longer=False))
    return {"parent": parent, "place": board.place, "agency": board.agency, "name": board.name}


@dataclass(frozen=True)
class Geometry:
    """Column widths, indents and rule lengths (twips), measured with the font's own metrics."""
    columns: tuple[int, int]
    band_indent: int
    closing: tuple[int, int]
    text_width: int
    issuing_rule: int
    motto_rule: int
    subject_rule: int
    sheet_columns: tuple[int, ...]
    plan_columns: tuple[int, ...]


# The header band: the left column holds `BAN VÌ SỰ TIẾN BỘ CỦA PHỤ NỮ` (12 bold, 68 mm) on one line; the right one
# the longest date line, `Thành phố Hồ Chí Minh, ngày … tháng … năm 2011` (13 italic, about 99 mm). The text
# width (165 mm) cannot hold both, so the band starts BAND_INDENT_MM into the 30 mm left margin, as many
# agencies' own templates do; its right edge stays on the right margin.
HEADER_LEFT_MM = 70
BAND_INDENT_MM = 8


def _split(total: int, parts: tuple[int, ...]) -> tuple[int, ...]:
    """Widths in twips proportional to `parts`, summing exactly to `total`."""
    widths = [total * p // sum(parts) for p in parts]
    widths[1] += total - sum(widths)
    return tuple(widths)


@cache  # measured with the font's metrics: the same for every document of a build
def geometry(issuing_body: str, motto: str) -> Geometry:
    """The layout for the official format's words (data/tasks.yaml, `format`)."""
    text = round(TEXT_WIDTH_MM * TWIPS_PER_MM)
    indent = round(BAND_INDENT_MM * TWIPS_PER_MM)
    left = round(HEADER_LEFT_MM * TWIPS_PER_MM)
    issuing = text_width_pt(issuing_body, 12, bold=True) * TWIPS_PER_PT
    motto = text_width_pt(motto, 13, bold=True) * TWIPS_PER_PT
    return Geometry(columns=(left, text + indent - left), band_indent=-indent,
                    closing=(round(text * 0.45), text - round(text * 0.45)),
                    text_width=text, issuing_rule=round(issuing * 0.4), motto_rule=round(motto),
                    subject_rule=round(35 * TWIPS_PER_MM),
                    sheet_columns=_split(text, (8, 37, 12, 11, 12, 14)),
                    plan_columns=_split(text, (8, 33, 15, 15, 14, 15)))


# Words a line may start with when a title or an agency name is broken: each starts a phrase of its own
# (… / vì sự tiến bộ của phụ nữ, BỘ TÀI NGUYÊN / VÀ MÔI TRƯỜNG, NGÂN HÀNG / NHÀ NƯỚC VIỆT NAM).
PHRASE_STARTS = {"vì", "của", "thực", "đến", "về", "trong", "theo", "giai", "năm", "và", "quốc", "nhà", "xã",
                 "nhân", "chủ"}


def balanced_lines(text: str, size: float, width_twips: int, bold: bool = True, first_longer: bool = True
                   ) -> list[str]:
    """A centred title that does not fit on one line, broken into two lines of near-equal length (the first the
    longer, as clerks set a trích yếu, if `first_longer`), instead of leaving a word or two alone on the second
    line or splitting a compound word."""
    available = width_twips / TWIPS_PER_PT * 0.97
    if text_width_pt(text, size, bold) <= available:
        return [text]
    words = text.split()
    best = None
    for i in range(1, len(words)):
        first, second = " ".join(words[:i]), " ".join(words[i:])
        a, b = text_width_pt(first, size, bold), text_width_pt(second, size, bold)
        # A break that splits a compound word (Chính / phủ, công / tác, HÀNH / CHÍNH) reads badly: only before a
        # word that starts a phrase; without one, Word's own wrapping is no worse.
        if a > available or b > available or (first_longer and a < b) or words[i].lower() not in PHRASE_STARTS:
            continue
        rank = max(a, b)
        if best is None or rank < best[0]:
            best = (rank, [first, second])
    return best[1] if best else [text]


# Content controls in the rendered source: ids are numbered here, tags listed for pack.json.
_SDT_ID = '<w:id w:val="SDTID"/>'
_TAG = re.compile(r'<w:tag w:val="([^"]*)"/>')


def number_controls(source: str) -> str:
    """Give every content control its w:id, 1, 2, ... in document order (deterministic)."""
    parts = source.split(_SDT_ID)
    out = [parts[0]]
    for n, part in enumerate(parts[1:], start=1):
        out += [f'<w:id w:val="{n}"/>', part]
    return "".join(out)


def field_tags(source: str) -> list[str]:
    """The content controls' tags in document order, read from the rendered source (no pandoc needed)."""
    return _TAG.findall(source)


def recipients(doc: Document, fmt: Format) -> list[str]:
    """The "Nơi nhận" lines above the filing line: the report's recipient, then the format's lines for its kind."""
    lines = [doc.recipient.listed_as] if doc.recipient else []
    return lines + [line.replace("{agency}", TOKENS["agency"]) for line in fmt.copies_to.get(doc.kind, ())]


@dataclass(frozen=True)
class Variant:
    """One pandoc rendering: a document for one set of applicable tasks (None: the generic set)."""
    doc: Document
    plan_signature: tuple | None

    @property
    def generic(self) -> bool:
        return self.plan_signature is None


def template_name(doc: Document) -> str:
    """Chosen by the kind of document (data: `template`, checked against the templates that exist)."""
    return f"docx/{doc.template}.md.j2"


class DocxBuilder:
    name = "mẫu văn bản (DOCX)"

    def markdown(self, ctx: BuildContext, doc: Document, plan: BoardPlan | None, geo: Geometry,
                 once: Once | None = None) -> tuple[str, list[str]]:
        """The pandoc source of one variant, and its fields' tags in document order (`once`: the parts the
        variants of this build share)."""
        model = ctx.model
        if plan is None:
            tasks = [Applicable(t, APPLIES) for t in model.tasks]
            documents = [Applicable(d, APPLIES) for d in model.documents]
            show_local = True
        else:
            tasks, documents, show_local = list(plan.tasks), list(plan.documents), plan.board.level == "local"
        # The căn cứ: what the document's own task cites; a general report cites what all its tasks cite.
        sources = [doc.task] if doc.task else [a.item for a in tasks] if doc.kind == "report" else []
        cited = []
        for task in sources:
            cited += [i for i in task.cites if i not in cited]
        source = markdown_env().get_template(template_name(doc)).render(
            doc=doc, letter=model.letter, indicators=model.indicators, tasks=tasks, documents=documents,
            cited=cited, generic=plan is None, once=once or Once(),
            show_local=show_local, level_names=LEVEL_NAMES, tokens=TOKENS, geo=geo,
            recipients=recipients(doc, model.format), fmt=model.format,
            subject_lines=balanced_lines(doc.subject, 14, geo.text_width))
        tags = field_tags(source)
        duplicates = sorted(t for t, n in Counter(tags).items() if n > 1)
        if duplicates:
            raise OutputError(self.name, f"{doc.id}: trùng tag ô nhập liệu: {', '.join(duplicates)}")
        return number_controls(source), tags

    def build(self, ctx: BuildContext) -> None:
        geo = geometry(ctx.model.format.issuing_body, ctx.model.format.motto)
        code = code_key("builders/docx.py", "docx_reference.py", "collect/body.py", "collect/template.py",
                        packages=("pypandoc-binary", "python-docx"))

        # Which variant each file needs.
        wanted: dict[Variant, BoardPlan | None] = {}
        files: list[tuple[Variant, str, dict[str, str], str | None]] = []
        for doc in ctx.model.documents:
            variant = Variant(doc, None)
            wanted[variant] = None
            files.append((variant, layout.template(None, doc), GENERIC_VALUES, None))
        for plan in ctx.plans:
            values = board_values(plan.board, geo)
            for a in plan.documents:
                variant = Variant(a.item, plan.signature)
                wanted.setdefault(variant, plan)
                files.append((variant, layout.template(plan.board, a.item), values, plan.board.id))

        # Only files whose Markdown, names or code changed are made again; pandoc runs only for their variants.
        markdown, tags, once = {}, {}, Once()
        for v, plan in wanted.items():
            markdown[v], tags[v] = self.markdown(ctx, v.doc, plan, geo, once)
        # pack.json lists each template's fields, whether the file is made again or reused.
        for variant, path, _, _ in files:
            ctx.template_fields[path] = tags[variant]
        stale = [f for f in files
                 if not ctx.reuse.take(BUILDER, f[1], digest(markdown[f[0]], f[2], code, ctx.epoch))]
        if not stale:
            return
        from ..docx_reference import build_reference  # python-docx: imported only when pandoc runs

        pandoc = check_pandoc()
        reference = ctx.work / "reference.docx"
        reference.write_bytes(build_reference(pandoc))

        def render(variant: Variant) -> tuple[Variant, bytes]:
            return variant, run_pandoc(pandoc, markdown[variant], str(reference), ctx.epoch)

        with ThreadPoolExecutor(max(1, ctx.jobs)) as pool:
            rendered = dict(pool.map(render, {f[0] for f in stale}))
        versions = {v: package_version(data) for v, data in rendered.items()}

        for variant, path, values, board_id in stale:
            try:
                data = personalise(rendered[variant], values, variant.doc, board_id, versions[variant])
            except ValueError as exc:
                raise OutputError(self.name, str(exc), board=board_id) from None
            ctx.target(path).write_bytes(data)


def run_pandoc(pandoc: str, markdown: str, reference: str, epoch: int) -> bytes:
    """One pandoc run, Markdown in, DOCX bytes out; SOURCE_DATE_EPOCH fixes the dates it writes."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch))
    try:
        result = subprocess.run(
            [pandoc, "--from", "markdown-smart", "--to", "docx", "--reference-doc", reference,
             "--metadata", "lang=vi-VN", "--output", "-"],
            input=markdown.encode("utf-8"), capture_output=True, env=env, check=False,
            # Out of the terminal's process group: Ctrl-C stops the build (KeyboardInterrupt), not a pandoc run
            # half-way, which would otherwise race it and be reported as a failed DOCX.
            start_new_session=True)
    except FileNotFoundError:
        raise ToolMissing("chương trình pandoc (để tạo tệp DOCX)", PANDOC_INSTALL) from None
    if result.returncode != 0:
        raise OutputError("mẫu văn bản (DOCX)", f"pandoc: {result.stderr.decode('utf-8', 'replace').strip()}")
    return result.stdout


_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def package_version(package: bytes) -> str:
    """The template version of a rendered package (its fields and fixed text, the board's names still tokens: the
    same for every board of a variant)."""
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        return template_version(docx_body(parse_xml(z.read("word/document.xml"), "word/document.xml")))


_CUSTOM_NS = ('xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
              'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"')
_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"


def custom_properties(properties: dict[str, str]) -> str:
    """docProps/custom.xml with text properties, in the given order (File > Properties > Custom in Word; they
    survive Word and LibreOffice, DOCX and ODT: ../shared/reference/tong-hop.md)."""
    items = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" name="{escape(name)}">'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(properties.items(), start=2))
    return f'<?xml version="1.0" encoding="UTF-8"?><Properties {_CUSTOM_NS}>{items}</Properties>'


def _with_custom_part(name: str, text: str) -> str:
    """[Content_Types].xml and _rels/.rels declaring docProps/custom.xml, for a package that lacks it."""
    if name == "[Content_Types].xml" and "/docProps/custom.xml" not in text:
        return text.replace("</Types>", f'<Override PartName="/docProps/custom.xml" ContentType="{_CUSTOM_TYPE}"/>'
                                        "</Types>")
    if name == "_rels/.rels" and _CUSTOM_REL not in text:
        return text.replace("</Relationships>", f'<Relationship Id="rIdCustomProps" Type="{_CUSTOM_REL}" '
                                                'Target="docProps/custom.xml"/></Relationships>')
    return text


def personalise(package: bytes, values: dict[str, str], doc: Document, board_id: str | None,
                version: str | None = None) -> bytes:
    """Replace the tokens in the package's XML parts with the board's words, XML-escaped, set the document title
    (File > Properties), write the identity the reader uses (board, document, template version: custom
    properties; a generic template has no board), and repack with fixed dates in the same entry order."""
    title = f"{doc.title} - {values['name']}" if board_id else doc.title
    identity = {PROP_BOARD: board_id, PROP_DOCUMENT: doc.id,
                PROP_VERSION: version if version is not None else package_version(package)}
    custom = custom_properties({k: v for k, v in identity.items() if v})
    # A "\n" in a value (a parent agency on two lines) becomes a line break: the tokens sit inside a run's w:t.
    line_break = '</w:t><w:br/><w:t xml:space="preserve">'
    replacements = {TOKENS[key]: line_break.join(escape(v, {'"': "&quot;"}) for v in value.split("\n"))
                    for key, value in values.items()}
    pattern = re.compile("|".join(map(re.escape, replacements)))
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    names = [info.filename for info in source.infolist()]
    if "docProps/custom.xml" not in names:
        names.append("docProps/custom.xml")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            data = custom.encode("utf-8") if name == "docProps/custom.xml" else source.read(name)
            if name.endswith((".xml", ".rels")) and name != "docProps/custom.xml":
                text = data.decode("utf-8")
                # Every token must be whole, so that each is replaced (checked before: a board's own words may
                # contain anything, "PACKTOKEN" included, and are never replaced again).
                expected = text.count("PACKTOKEN")
                text, replaced = pattern.subn(lambda m: replacements[m.group(0)], text)
                if replaced != expected:
                    raise ValueError(f"{doc.id}: còn chỗ chưa điền tên cơ quan trong {name}")
                if name == "docProps/core.xml":
                    text = text.replace("<dc:title></dc:title>", f"<dc:title>{escape(title)}</dc:title>")
                text = _with_custom_part(name, text)
                data = text.encode("utf-8")
            fixed = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, data)
    return out.getvalue()

