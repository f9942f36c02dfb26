"""The site in a real browser: the board finder, a reader's way from the home page to a board's downloads, no
console errors and nothing loaded from outside, accessibility (axe-core), the offline copy opened from disk,
and screenshots at phone and desktop widths."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from conftest import AXE, fresh_page, search, serious_axe_violations

ROOT = Path(__file__).resolve().parent.parent
CONTENT_TYPES = {".pdf": "application/pdf", ".ics": "text/calendar",
                 ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


FOCUSED = "s => document.activeElement && document.activeElement.matches(s)"
REACHED: set[tuple[str, str]] = set()  # (page, element): reached with the Tab key alone by an earlier test


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Reach an element with the Tab key alone, as a keyboard user does, checking the focus after each Tab. Once a
    test has done so on a page (the same static page for every query), the next ones there focus it directly: a
    Tab costs Chromium about 25 ms of processor time here, and the walk takes some 28."""
    key = (page.url, selector)
    if key in REACHED:
        page.locator(selector).focus()
        return
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED, selector):
            REACHED.add(key)
            return
    raise AssertionError(f"{selector} not reachable with Tab")


@pytest.mark.parametrize("start", ["index.html", "co-quan/index.html"])
@pytest.mark.parametrize("typed, arrows, board", [
    ("thanh hoa", 0, "thanh-hoa"),
    ("đắk", 1, "dak-nong"),        # Đắk Lắk, Đắk Nông: one step down
    ("dak", 0, "dak-lak"),
    ("tu phap", 0, "bo-tu-phap"),
    ("TƯ PHÁP", 0, "bo-tu-phap"),
    ("hoà bình", 0, "hoa-binh"),     # old tone placement
])
def test_finder_by_keyboard(page, site_url, start, typed, arrows, board):
    page.goto(site_url + start)
    tab_to(page, "#finder-input")
    page.keyboard.type(typed)
    page.keyboard.press("End")
    box = page.locator("#finder-input")
    assert box.get_attribute("aria-expanded") == "true"
    for _ in range(arrows):
        page.keyboard.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    page.keyboard.press("Enter")
    # The board's page itself is checked elsewhere (test_no_console_errors_...): here, where the finder goes.
    page.wait_for_url(f"**/co-quan/{board}.html", wait_until="commit")
    assert not page.log.errors and not page.log.external


def test_finder_says_when_nothing_matches(page, site_url):
    page.goto(site_url + "index.html")
    page.locator("#finder-input").fill("xyz không có")
    assert page.locator("#finder-input").get_attribute("aria-expanded") == "false"
    assert "Không tìm thấy" in page.locator("#finder-status").inner_text()


def test_home_to_board_to_every_download(page, site_url, pack):
    page.goto(site_url + "index.html")
    page.get_by_role("link", name="danh bạ các cơ quan").click()
    page.wait_for_url("**/co-quan/index.html")
    page.locator("article").get_by_role("link", name="Thanh Hóa", exact=True).click()
    page.wait_for_url("**/co-quan/thanh-hoa.html")
    links = page.locator("ul.downloads a")
    hrefs = links.evaluate_all("els => els.map(e => e.href)")
    board = next(b for b in pack["boards"] if b["id"] == "thanh-hoa")
    assert len(hrefs) == len(board["files"])
    for href in hrefs:
        response = page.request.get(href)
        assert response.status == 200, href
        assert response.headers["content-type"].split(";")[0] == CONTENT_TYPES[Path(href).suffix], href
        assert len(response.body()) > 500, href
    assert not page.log.errors and not page.log.external


def test_home_links_the_offline_copy(page, site_url, pack):
    page.goto(site_url + "index.html")
    href = page.get_by_role("link", name="Tải toàn bộ bộ tài liệu (.zip)").get_attribute("href")
    assert href == pack["offline"]
    response = page.request.get(site_url + href)
    assert response.status == 200 and response.body()[:2] == b"PK"


@pytest.mark.parametrize("path", ["index.html", "nhiem-vu/nhiem-vu-1.html", "co-quan/thanh-hoa.html",
                                  "co-quan/index.html", "thoi-han.html"])
def test_accessibility(page, site_url, path):
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (npm ci --prefix tests/axe, done by make test)")
    page.goto(site_url + path)
    violations = serious_axe_violations(page)
    assert not violations, "\n".join(violations)
    assert not page.log.errors and not page.log.external


def test_no_console_errors_and_nothing_from_outside(page, site_url):
    for path in ("index.html", "cong-van.html", "co-quan/bo-tu-phap.html", "van-ban/index.html", "404.html"):
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    search(page, "bao cao")
    assert page.log.external == []
    assert page.log.errors == []


def test_offline_copy_works_from_disk(browser_page, site, tmp_path):
    with zipfile.ZipFile(site / "tai-ve/bo-tai-lieu-ngoai-tuyen.zip") as archive:
        names = archive.namelist()
        assert names == sorted(names)
        archive.extractall(tmp_path)
    (folder,) = tmp_path.iterdir()
    assert (folder / "index.html").is_file() and (folder / "tai-ve/thanh-hoa").is_dir()
    page = fresh_page(browser_page, "file://")
    page.goto((folder / "co-quan/index.html").as_uri())
    found = search(page, "bao cao 6 thang")
    assert "thoi-han.html" in found[:3]
    page.goto((folder / "thoi-han.html").as_uri() + "?h=bao+cao")  # as a result link opens it
    page.wait_for_selector("article mark")
    assert "báo" in {m.lower() for m in page.locator("article mark").all_inner_texts()}
    assert page.locator("article mark mark").count() == 0
    page.goto((folder / "co-quan/index.html").as_uri())
    page.locator("#finder-input").fill("đắk")
    page.keyboard.press("Enter")
    page.wait_for_url("**/co-quan/dak-lak.html")
    assert not page.log.errors and not page.log.external


@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots(browser_page, site_url, tmp_path_factory, width):
    """Saved for a person to look at (the path is printed); checks only that nothing overflows sideways."""
    out = tmp_path_factory.mktemp("screenshots")
    page = fresh_page(browser_page, site_url, viewport={"width": width, "height": 900})
    for path in ("index.html", "co-quan/thanh-hoa.html"):
        page.goto(site_url + path)
        name = out / f"{path.replace('/', '-').removesuffix('.html')}-{width}.png"
        page.screenshot(path=str(name), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        print(name)
    page.goto(site_url + "index.html")
    page.locator("#finder-input").fill("thanh")
    page.screenshot(path=str(out / f"finder-{width}.png"))
    assert search(page, "binh dang gioi", typing=True)
    page.screenshot(path=str(out / f"search-{width}.png"))
    assert not page.log.errors and not page.log.external
