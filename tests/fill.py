"""Fill the pack's templates as real clients do, for the read-back tests (tests/test_readback.py) and the
consolidation's: Word-style fills on the XML, the same file with every control unwrapped, and LibreOffice
through UNO (python3-uno, run in Debian's own python3 with its own profile: ../shared/reference/tong-hop.md).

    fill_word_style(src, dst, answers)       as Word saves a filled template: runs replaced, tags kept
    unwrap_controls(src, dst[, tags])        every content control (or those tagged) replaced by its content
                                             (a .doc round trip, or controls deleted)
    LibreOffice().fill(src, dst, answers)    a real LibreOffice 7.4 fill, saved as .docx or .odt (by dst's suffix)
    fill_with_libreoffice(src, dst, answers) the same with a LibreOffice started and stopped for the one call

`answers`: tag -> text ("\n" between paragraphs); a tag left out stays unfilled (its placeholder).
"""

from __future__ import annotations

import copy
import os
import shutil
import socket
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
DEBIAN_PYTHON = "/usr/bin/python3"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def _rewrite_document(src: Path, dst: Path, edit) -> None:
    """Copy the package `src` to `dst` with word/document.xml passed through `edit(root)`."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                root = etree.fromstring(data)
                edit(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            zout.writestr(info, data)


def _run(text: str, rpr) -> etree._Element:
    """A run of `text` (line breaks inside an inline field become w:br), with the control's run properties minus
    the placeholder style, as Word writes typed text."""
    r = etree.Element(_w("r"))
    if rpr is not None:
        props = copy.deepcopy(rpr)
        for el in props.findall(_w("rStyle")) + props.findall(_w("color")):
            props.remove(el)
        r.append(props)
    for i, line in enumerate(text.split("\n")):
        if i:
            etree.SubElement(r, _w("br"))
        t = etree.SubElement(r, _w("t"))
        t.set(XML_SPACE, "preserve")
        t.text = line
    return r


def fill_word_style(src: Path, dst: Path, answers: dict[str, str]) -> None:
    """As Word saves a template its user filled: each answered control's content replaced by the typed runs
    (a block control gets one paragraph per line, with the first paragraph's properties), w:showingPlcHdr
    removed, the tag, alias and lock kept."""
    def edit(root):
        for sdt in root.iter(_w("sdt")):
            pr = sdt.find(_w("sdtPr"))
            tag = pr.find(_w("tag"))
            if tag is None or tag.get(_w("val")) not in answers:
                continue
            text = answers[tag.get(_w("val"))]
            for el in pr.findall(_w("showingPlcHdr")):
                pr.remove(el)
            content = sdt.find(_w("sdtContent"))
            first_p = content.find(_w("p"))
            if first_p is not None:  # a block control: paragraphs
                ppr = first_p.find(_w("pPr"))
                rpr = first_p.find(f"{_w('r')}/{_w('rPr')}")
                for child in list(content):
                    content.remove(child)
                for line in text.split("\n"):
                    p = etree.SubElement(content, _w("p"))
                    if ppr is not None:
                        p.append(copy.deepcopy(ppr))
                    p.append(_run(line, rpr))
            else:
                rpr = content.find(f"{_w('r')}/{_w('rPr')}")
                for child in list(content):
                    content.remove(child)
                content.append(_run(text, rpr))
    _rewrite_document(src, dst, edit)


def unwrap_controls(src: Path, dst: Path, tags: set[str] | None = None) -> None:
    """Every content control (or those tagged `tags`) replaced by its content, in place: what is left when
    controls are deleted, or after a round trip through Word 97-2003 .doc."""
    def edit(root):
        for sdt in list(root.iter(_w("sdt"))):
            tag = sdt.find(f"{_w('sdtPr')}/{_w('tag')}")
            if tags is not None and (tag is None or tag.get(_w("val")) not in tags):
                continue
            parent = sdt.getparent()
            content = sdt.find(_w("sdtContent"))
            index = parent.index(sdt)
            for child in reversed(list(content) if content is not None else []):
                parent.insert(index, child)
            parent.remove(sdt)
    _rewrite_document(src, dst, edit)


# --- LibreOffice through UNO ------------------------------------------------------------------------------------

_FILLER = r'''
import json, sys, time
import uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p

port, jobs = int(sys.argv[1]), json.loads(sys.stdin.read())
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
for _ in range(600):
    try:
        ctx = resolver.resolve(f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext")
        break
    except Exception:
        time.sleep(0.1)
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)

def paragraphs(text):
    e = text.createEnumeration()
    while e.hasMoreElements():
        el = e.nextElement()
        if el.supportsService("com.sun.star.text.TextTable"):
            for name in el.getCellNames():
                yield from paragraphs(el.getCellByName(name).getText())
        else:
            yield el

for job in jobs:
    doc = desktop.loadComponentFromURL(job["src"], "_blank", 0, (prop("Hidden", True),))
    inline = job["inline"]       # answers for the controls, in the template's order (None: leave unfilled)
    blocks = job["blocks"]       # placeholder text of a narrative part (white space collapsed) -> its answer
    n = 0
    for para in list(paragraphs(doc.Text)):
        text = " ".join(para.getString().split())
        if text in blocks:
            # A narrative part is not a content control to a LibreOffice 7.4 user (it shows as an input field
            # holding the grey guidance): select the paragraph and type over it.
            answer = blocks[text]
            cursor = para.getText().createTextCursorByRange(para)
            cursor.setString("")
            first = True
            for line in answer.split("\n"):
                if not first:
                    cursor.getText().insertControlCharacter(cursor.getEnd(), 0, False)  # PARAGRAPH_BREAK
                cursor.getText().insertString(cursor.getEnd(), line, False)
                first = False
            continue
        portions = para.createEnumeration()
        while portions.hasMoreElements():
            portion = portions.nextElement()
            if portion.TextPortionType != "ContentControl":
                continue
            answer = inline[n] if n < len(inline) else None
            n += 1
            if answer is None:
                continue
            cc = portion.ContentControl
            # 7.4 inserts a new String before the placeholder: set it, then empty the placeholder's portions.
            old = []
            inner = cc.createEnumeration()
            while inner.hasMoreElements():
                old.append(inner.nextElement())
            cc.String = answer
            for p in old:
                p.setString("")
            cc.ShowingPlaceHolder = False
    filt = "writer8" if job["dst"].endswith(".odt") else "MS Word 2007 XML"
    doc.storeToURL(job["dst"], (prop("FilterName", filt),))
    doc.close(True)
print(json.dumps({"ok": True}))
'''


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LibreOffice:
    """One headless soffice with its own profile, listening on a local socket, for several fills."""

    def __init__(self):
        if not (shutil.which("soffice") and Path(DEBIAN_PYTHON).exists()):
            raise RuntimeError("LibreOffice (soffice) and python3-uno are needed: scripts/system-deps.sh test")
        self.profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
        self.port = _free_port()
        self.process = subprocess.Popen(
            ["soffice", "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
             f"-env:UserInstallation=file://{self.profile}",
             f"--accept=socket,host=127.0.0.1,port={self.port};urp;StarOffice.ComponentContext"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    def fill(self, jobs: list[tuple[Path, Path, list[str | None], dict[str, str]]]) -> None:
        """Each job: (template, destination .docx or .odt, answers of the inline controls in the template's
        order, {narrative placeholder: answer})."""
        payload = [{"src": Path(s).resolve().as_uri(), "dst": Path(d).resolve().as_uri(), "inline": inline,
                    "blocks": blocks} for s, d, inline, blocks in jobs]
        import json
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
        result = subprocess.run([DEBIAN_PYTHON, "-c", _FILLER, str(self.port)], input=json.dumps(payload),
                                capture_output=True, text=True, timeout=300, env=env)
        if result.returncode != 0:
            raise RuntimeError(f"LibreOffice fill failed: {result.stderr[-2000:]}")

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        time.sleep(0.2)
        shutil.rmtree(self.profile, ignore_errors=True)


def libreoffice_jobs(template_fields, answers: dict[str, str]):
    """(inline answers in control order, {placeholder: answer}) for a template described by
    guidepack.collect.template.describe()."""
    inline, blocks = [], {}
    for f in sorted(template_fields.values(), key=lambda f: f.index):
        if f.block:
            if f.tag in answers:
                blocks[f.placeholder] = answers[f.tag]
        else:
            inline.append(answers.get(f.tag))
    return inline, blocks


def fill_with_libreoffice(src: Path, dst: Path, answers: dict[str, str]) -> None:
    """Fill one template with a LibreOffice of its own (started and stopped here), saved as dst's format."""
    from guidepack.collect.template import describe
    template = describe(Path(src), str(src))
    inline, blocks = libreoffice_jobs(template.fields, answers)
    office = LibreOffice()
    try:
        office.fill([(src, dst, inline, blocks)])
    finally:
        office.close()
