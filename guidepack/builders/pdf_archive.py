"""Finish a tagged PDF/UA-1 from WeasyPrint into a PDF/A-2a that is also PDF/UA-1, byte for byte reproducible.

WeasyPrint's `pdf/ua-1` variant gives the tagged structure (headings, lists, tables), `/Lang`, `/MarkInfo` and
`/DisplayDocTitle` (checked here, not re-set); its PDF/A variants cannot be combined with it. This finisher adds
what PDF/A-2 level A asks for on top, with pikepdf, inside the long-lived worker:

- an sRGB output intent (the ICC profile WeasyPrint itself ships, so nothing is downloaded or generated);
- one XMP packet identifying the file as PDF/A-2a (`pdfaid:part=2`, `conformance=A`) and PDF/UA-1
  (`pdfuaid:part=1`, declared in a PDF/A extension schema as PDF/A requires for a property it does not predefine),
  with title, author, subject, language and dates matching the document information dictionary;
- the running footer (page margin boxes), which WeasyPrint marks as content but leaves out of the structure tree,
  re-marked as a pagination artifact, as PDF/UA asks of page furniture;
- no `NeedAppearances` (forbidden in PDF/A), every annotation printable;
- dates from the build's epoch and identifiers derived from the content, so two builds are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
from functools import cache
from importlib import resources
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream, String

ICC_NAME = "sRGB IEC61966-2.1"
UUID_NAMESPACE = uuid.UUID("6f1d2c1e-5a7e-4b0a-9c55-75b9a0c0f2a1")  # fixed: ids depend only on the content


@cache
def srgb_profile() -> bytes:
    """The sRGB ICC profile bundled with WeasyPrint (an installed package; read, never downloaded)."""
    return (resources.files("weasyprint") / "pdf" / "sRGB2014.icc").read_bytes()


def _xmp_date(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _pdf_date(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("D:%Y%m%d%H%M%S+00'00'")


def xmp_packet(*, title: str, author: str, subject: str, lang: str, producer: str, epoch: int,
               document_id: str) -> bytes:
    date = _xmp_date(epoch)
    t, a, s, p = (escape(v) for v in (title, author, subject, producer))
    text = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
  xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
  xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
  xmlns:xmp="http://ns.adobe.com/xap/1.0/"
  xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
  xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
  xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
  xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaid:part>2</pdfaid:part>
<pdfaid:conformance>A</pdfaid:conformance>
<pdfuaid:part>1</pdfuaid:part>
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{t}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{a}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{s}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>
<pdf:Producer>{p}</pdf:Producer>
<xmp:CreatorTool>{p}</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<xmp:MetadataDate>{date}</xmp:MetadataDate>
<xmpMM:DocumentID>uuid:{document_id}</xmpMM:DocumentID>
<xmpMM:InstanceID>uuid:{document_id}</xmpMM:InstanceID>
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""
    return text.encode("utf-8")


def _reachable(root) -> set:
    """Object ids of every structure element reachable from the structure tree root."""
    seen: set = set()
    stack = [root.get("/K")]
    while stack:
        node = stack.pop()
        if isinstance(node, Array):
            stack.extend(node)
        elif isinstance(node, Dictionary) and node.get("/Type", Name.StructElem) == Name.StructElem \
                and "/S" in node:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
            stack.append(node.get("/K"))
    return seen


def _footer_as_artifact(pdf: pikepdf.Pdf) -> None:
    """Re-mark content whose structure element is outside the tree (WeasyPrint's margin boxes) as artifacts."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    nums = root.ParentTree.get("/Nums")
    if nums is None:
        return
    by_key = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    tree = _reachable(root)
    for page in pdf.pages:
        key = page.obj.get("/StructParents")
        parents = by_key.get(int(key)) if key is not None else None
        if not isinstance(parents, Array):
            continue
        orphans = {mcid for mcid, elem in enumerate(parents)
                   if isinstance(elem, Dictionary) and elem.objgen not in tree}
        if not orphans:
            continue
        ops = pikepdf.parse_content_stream(page)
        changed = []
        for operands, operator in ops:
            if str(operator) == "BDC" and len(operands) == 2 and isinstance(operands[1], Dictionary) \
                    and int(operands[1].get("/MCID", -1)) in orphans:
                operands = [Name.Artifact, Dictionary(Type=Name.Pagination, Subtype=Name.Footer)]
            changed.append((operands, operator))
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(changed))
        for mcid in orphans:
            parents[mcid] = None


def _check_ua_catalog(pdf: pikepdf.Pdf, lang: str) -> None:
    """WeasyPrint's pdf/ua-1 writes the catalog's /Lang, /MarkInfo and /DisplayDocTitle; the XMP claims PDF/UA
    and gives `lang`, so check them rather than trust them (a WeasyPrint upgrade must not silently drop one)."""
    root = pdf.Root
    problems = []
    if str(root.get("/Lang", "")) != lang:
        problems.append(f"/Lang is {root.get('/Lang')!r}, not {lang!r}")
    if not bool(root.get("/MarkInfo", Dictionary()).get("/Marked", False)):
        problems.append("/MarkInfo /Marked is not true")
    if not bool(root.get("/ViewerPreferences", Dictionary()).get("/DisplayDocTitle", False)):
        problems.append("/ViewerPreferences /DisplayDocTitle is not true")
    if problems:
        raise ValueError("WeasyPrint's PDF/UA-1 output is not as expected: " + "; ".join(problems))


def finish(data: bytes, *, title: str, author: str, subject: str, lang: str, epoch: int, key: str) -> bytes:
    """The archival PDF/A-2a + PDF/UA-1 file made from WeasyPrint's tagged PDF/UA-1 `data`."""
    document_id = str(uuid.uuid5(UUID_NAMESPACE, key))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        producer = str(pdf.docinfo.get("/Producer", "WeasyPrint"))
        _footer_as_artifact(pdf)

        profile = Stream(pdf, srgb_profile())
        profile.N = 3
        pdf.Root.OutputIntents = Array([pdf.make_indirect(Dictionary(
            Type=Name.OutputIntent, S=Name.GTS_PDFA1, OutputConditionIdentifier=String(ICC_NAME),
            Info=String(ICC_NAME), RegistryName=String("http://www.color.org"), DestOutputProfile=profile))])

        _check_ua_catalog(pdf, lang)
        if "/AcroForm" in pdf.Root and "/NeedAppearances" in pdf.Root.AcroForm:
            del pdf.Root.AcroForm["/NeedAppearances"]
        for page in pdf.pages:
            for annot in page.get("/Annots", []):
                annot.F = 4  # printable, not hidden

        meta = Stream(pdf, xmp_packet(title=title, author=author, subject=subject, lang=lang,
                                      producer=producer, epoch=epoch, document_id=document_id))
        meta.Type, meta.Subtype = Name.Metadata, Name.XML
        pdf.Root.Metadata = pdf.make_indirect(meta)

        info = pdf.make_indirect(Dictionary(
            Title=String(title), Author=String(author), Subject=String(subject), Producer=String(producer),
            Creator=String(producer), CreationDate=String(_pdf_date(epoch)), ModDate=String(_pdf_date(epoch))))
        pdf.trailer.Info = info

        out = io.BytesIO()
        # The file identifier is computed from the content (qpdf's deterministic id), never random.
        pdf.save(out, deterministic_id=True, fix_metadata_version=False, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()
