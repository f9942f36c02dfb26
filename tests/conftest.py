"""Shared fixtures: one real build of the bundled pack (`site`, 96 boards) and one of the small project of
tests/packs.py (`small_built`, its `small_site`; 3 boards), each made once per test run and only read by tests.
Use the small one unless a test needs every board.

`make test` runs the test files in several processes (pytest-xdist, a file stays in one process): the builds are
made once for all, by the first that needs them (`made_once`), and the files are ordered so that while one process
builds the whole pack the others run tests that do not need it.

Tests that change a project work on their own copy: `packs.copy_built(small_built, tmp)` gives one already built.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from packs import ROOT, built_small_project

from guidepack.build import build
from guidepack.load import load_model
from guidepack.plan import plans

SHARED = ROOT.parent / "shared"
AXE = ROOT / "tests/axe/node_modules/axe-core/axe.min.js"  # pinned by tests/axe/package-lock.json


@pytest.fixture(scope="session")
def model():
    return load_model(ROOT / "data")


@pytest.fixture(scope="session")
def board_plans(model):
    return {p.board.id: p for p in plans(model)}


def made_once(tmp_path_factory, name: str, make) -> Path:
    """The folder `name`, made by `make(folder)` once per test run, also when pytest-xdist runs the tests in
    several processes: the first process to need it makes it under a lock, the others wait for it and share it."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, which holds each worker's own
    folder, done = base / name, base / f"{name}.done"
    with open(base / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # a failed attempt of another process is made again
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The whole pack, built once from the bundled data with the real tools."""
    return made_once(tmp_path_factory, "pack", lambda folder: build(ROOT, site=folder / "site")) / "site"


@pytest.fixture(scope="session")
def pack(site) -> dict:
    return json.loads((site / "pack.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def small_built(tmp_path_factory) -> Path:
    """The small project (packs.SMALL_BOARDS: a ministry, a city, a province), built once in its own process.
    Read only: a test that changes it works on `packs.copy_built(small_built, tmp_path)`."""
    return made_once(tmp_path_factory, "small", built_small_project)


@pytest.fixture(scope="session")
def small_site(small_built) -> Path:
    """site/ of the small project."""
    return small_built / "site"


@pytest.fixture(scope="session")
def small_model(small_built):
    return load_model(small_built / "data")


# The files that take longest (measured with `make test`: 20-50 s each), started first in their group so that
# none is left running alone at the end. Only the order depends on it: a file missing here runs after these.
LONGEST_FIRST = ["test_readback.py", "test_browser_site.py", "test_faults.py", "test_collect.py", "test_errors.py",
                 "test_browser_search.py", "test_interrupts.py", "test_reproducible.py", "test_browser_ranking.py",
                 "test_docx.py"]


def pytest_collection_modifyitems(config, items):
    """The first test file that needs the whole pack, then every file that does not, then the others that need it,
    the longest first in each group: while one process builds the pack the others run tests of the small project,
    and no process waits for the build. With `--no-loadscope-reorder` (make test), pytest-xdist gives the files to
    its processes in this order, each taking the next when it is free; within a file, the order is kept."""
    files: dict[str, list] = {}
    for item in items:
        files.setdefault(item.nodeid.split("::")[0], []).append(item)
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    names = sorted(files, key=lambda f: rank.get(Path(f).name, len(rank)))  # stable: the rest in collection order
    whole = [f for f in names if any("site" in it.fixturenames for it in files[f])]
    small = [f for f in names if f not in whole]
    order = whole[:1] + small + whole[1:]
    items[:] = [item for f in order for item in files[f]]


def pdf_text(path: Path) -> str:
    """Text extracted by poppler's pdftotext, as a reader copying from the PDF gets it."""
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True).stdout.decode("utf-8")


# --- Real-browser fixtures (Playwright driving Debian's chromium) -------------------------------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# No name resolves, only 127.0.0.1: a page asking for anything outside the machine cannot reach it (its log says so).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
DESKTOP = {"width": 1280, "height": 900}


def serve(root: Path):
    """Serve `root` on 127.0.0.1 (a free port) from a thread; returns (base URL, server)."""
    import functools
    import http.server
    import sys
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address):
            # A page left while a file was still being sent (the browser closes the connection): not a failure.
            if not isinstance(sys.exc_info()[1], ConnectionError):
                super().handle_error(request, client_address)

    handler = functools.partial(Quiet, directory=str(root))
    server = Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="session")
def site_url(site):
    url, server = serve(site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (scripts/system-deps.sh test)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class PageLog:
    """What the pages of a test did that a reader should never see: console errors and warnings, page errors,
    requests leaving the allowed places. It listens to events only: routing every request through Playwright to
    watch it doubled Chromium's work per page load here (measured)."""

    LOCAL = ("data:", "blob:", "about:")

    def __init__(self, page):
        self.allowed: tuple[str, ...] = ()
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.external: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.context.on("request", lambda r: r.url.startswith(self.allowed + self.LOCAL)
                        or self.external.append(r.url))

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(message.text)
        elif message.type == "warning":
            self.warnings.append(message.text)

    def start(self, *allowed: str) -> None:
        """A new record, for a test whose pages may ask for URLs starting with `allowed` only."""
        self.allowed = allowed
        self.errors.clear()
        self.warnings.clear()
        self.external.clear()


@pytest.fixture(scope="session")
def browser_page(browser):
    """The one browser page of this test process, which every test reuses: opening a page costs Chromium more than
    loading one (about 1.3 s of CPU against 1 s here, measured), and a page reused keeps Material's compiled code."""
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    pg = context.new_page()
    pg.log = PageLog(pg)
    yield pg
    context.close()


def fresh_page(page, *allowed: str, viewport=DESKTOP):
    """`page` (browser_page) for a new test: its log started with the places it may load from, its size set, and the
    storage the last test's pages left cleared (Material keeps a few choices there)."""
    if page.url.startswith(("http", "file")):
        page.evaluate("() => { try { localStorage.clear(); sessionStorage.clear() } catch (e) {} }")
    page.set_viewport_size(viewport)
    page.log.start(*allowed)
    return page


@pytest.fixture
def page(browser_page, site_url):
    """The browser's page (1280 x 900), for a test of the served site; console errors and outside requests in
    page.log."""
    return fresh_page(browser_page, site_url, "file://")


# --- Material's search box, used as a reader does: a query pasted or typed (test_browser_*.py) --------------------

def open_search(page) -> None:
    box = page.locator("input.md-search__input")
    if page.evaluate("!matchMedia('(min-width: 60em)').matches"):  # narrow screens: a button opens the search
        page.locator(".md-header label.md-header__button[for=__search]").click()
    box.click()


def search(page, query: str, typing: bool = False) -> list[str]:
    """`query` in Material's search box, as pasted (or, `typing`, typed letter by letter); the site pages found,
    best first. Material searches on keyup: pasted, the query is searched once; typed, once per letter, each
    answer shown in turn, the last one staying."""
    open_search(page)
    box = page.locator("input.md-search__input")
    box.fill("")
    page.keyboard.press("End")  # an empty query: the next one is new to Material even when it is the last again
    # The results shown so far are taken away, so that only a list rendered for this query can settle.
    page.evaluate("() => document.querySelector('.md-search-result__list').replaceChildren()")
    if typing:
        page.keyboard.type(query)
    else:
        box.fill(query)
    # Playwright inserts letters that are not on a US keyboard without key events, and Material searches on
    # keyup: press a key, or the search that runs is not the one typed (../shared/reference/tieng-viet.md).
    page.keyboard.press("End")
    return results(page)


# Waits, in the page, until the result list holds results and has not changed for `quiet` ms (the worker answers
# each keyup in turn, and Material renders each answer): one call instead of polling from Python.
SETTLED = """async ([timeout, quiet]) => {
  const list = document.querySelector(".md-search-result")
  const meta = document.querySelector(".md-search-result__meta")
  let changed = performance.now()
  const observer = new MutationObserver(() => { changed = performance.now() })
  observer.observe(list, {childList: true, subtree: true, characterData: true})
  const deadline = performance.now() + timeout
  try {
    while (performance.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 25))
      const shown = !meta.textContent.includes("Initializing") && list.querySelector(".md-search-result__item > a")
      if (shown && performance.now() - changed >= quiet) return true
    }
    return false
  } finally {
    observer.disconnect()
  }
}"""


def results(page, timeout: float = 10.0) -> list[str]:
    """Pages in the result list once it has settled (the worker answers asynchronously)."""
    page.evaluate(SETTLED, [timeout * 1000, 200])
    links = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    pages: list[str] = []
    root = page.evaluate("new URL(JSON.parse(document.getElementById('__config').textContent).base"
                         ".replace(/\\/?$/, '/'), location.href).pathname")
    for link in links:
        path = unquote(urlsplit(link).path)
        rel = path[len(unquote(root)):] if path.startswith(unquote(root)) else path
        if rel not in pages:
            pages.append(rel)
    return pages


def serious_axe_violations(page) -> list[str]:
    """axe-core (tests/axe, pinned) run on the page: its serious and critical findings, one line each."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`)""")
