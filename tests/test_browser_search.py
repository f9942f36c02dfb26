"""Material's search box, in a real browser, for Vietnamese readers: with or without diacritics, NFD, either tone
placement, any case, a partial last word; board names and instrument numbers; exact-diacritic matches first."""

from __future__ import annotations

import unicodedata

import pytest

from conftest import results, search

NFD = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731

# (query, page that must be among the first three pages found)
QUERIES = [
    ("báo cáo", "mau-bao-cao.html"),
    ("bao cao", "mau-bao-cao.html"),
    ("BÁO CÁO", "mau-bao-cao.html"),
    (NFD("báo cáo"), "mau-bao-cao.html"),
    ("bao ca", "mau-bao-cao.html"),                           # partial last word, while typing
    ("báo cáo 6 tháng", "thoi-han.html"),
    ("bao cao 6 thang", "thoi-han.html"),
    ("bình đẳng giới", "nhiem-vu/nhiem-vu-2.html"),
    ("binh dang gioi", "nhiem-vu/nhiem-vu-2.html"),
    ("binh dang gioi", "van-ban/chien-luoc-bdg-2011-2020.html"),
    ("dang", "nhiem-vu/nhiem-vu-2.html"),                     # đ typed as d
    ("luat binh dang", "van-ban/luat-bdg.html"),
    ("hoi dong", "nhiem-vu/nhiem-vu-4.html"),
    ("hòa bình", "co-quan/hoa-binh.html"),
    ("hoà bình", "co-quan/hoa-binh.html"),                    # old tone placement
    ("HOA BINH", "co-quan/hoa-binh.html"),
    ("thanh hoa", "co-quan/thanh-hoa.html"),
    ("Thanh Hoá", "co-quan/thanh-hoa.html"),
    (NFD("Thanh Hóa"), "co-quan/thanh-hoa.html"),
    ("thanh ho", "co-quan/thanh-hoa.html"),
    ("tu phap", "co-quan/bo-tu-phap.html"),
    ("Tư pháp", "co-quan/bo-tu-phap.html"),
    ("dak lak", "co-quan/dak-lak.html"),
    ("ĐẮK LẮK", "co-quan/dak-lak.html"),
    ("đắk nông", "co-quan/dak-nong.html"),
    ("664", "van-ban/cv-664-ldtbxh-bdg.html"),
    ("04/UBQG", "van-ban/cv-04-ubqg.html"),
    ("04/ubqg", "van-ban/cv-04-ubqg.html"),
    ("11-NQ/TW", "van-ban/nq-11-nq-tw.html"),
    ("57/NQ-CP", "van-ban/nq-57-nq-cp.html"),
    ("lien he", "lien-he.html"),
]


@pytest.fixture
def home(page, site_url):
    page.goto(site_url + "index.html")
    return page


def test_queries_find_their_page_in_the_top_three(home):
    misses = []
    for query, expected in QUERIES:
        found = search(home, query)
        if expected not in found[:3]:
            misses.append(f"{query!r}: want {expected}, got {found[:5]}")
    assert not misses, "\n".join(misses)
    assert not home.log.errors and not home.log.external


def test_exact_diacritics_rank_first(home):
    # hóa (Thanh Hóa) and hòa (Hòa Bình, Khánh Hòa) fold to the same word; the one typed comes first.
    assert search(home, "hóa")[0] == "co-quan/thanh-hoa.html"
    assert search(home, "hòa")[0] in ("co-quan/hoa-binh.html", "co-quan/khanh-hoa.html")
    assert search(home, "hoà")[0] in ("co-quan/hoa-binh.html", "co-quan/khanh-hoa.html")
    # Without diacritics, both are found.
    assert {"co-quan/thanh-hoa.html", "co-quan/hoa-binh.html", "co-quan/khanh-hoa.html"} <= set(search(home, "hoa"))


def test_results_highlight_the_original_text(home):
    search(home, "dang")
    marks = home.locator(".md-search-result mark").all_inner_texts()
    assert "đẳng" in marks
    # Each word is indexed twice (folded and exact): highlights must not nest.
    assert home.locator(".md-search-result mark mark").count() == 0


def test_search_by_keyboard_alone(home):
    home.keyboard.press("/")  # Material's shortcut to the search box
    assert home.evaluate("document.activeElement.classList.contains('md-search__input')")
    home.keyboard.type("tu phap")
    home.keyboard.press("End")
    assert results(home)[0] == "co-quan/bo-tu-phap.html"
    home.keyboard.press("ArrowDown")
    home.keyboard.press("Enter")
    home.wait_for_url("**/co-quan/bo-tu-phap.html*")
    assert "Bộ Tư pháp" in home.locator("h1").inner_text()


def test_the_page_a_result_opens_highlights_the_words(home):
    search(home, "binh dang gioi")
    home.locator(".md-search-result__item > a").first.click()
    home.wait_for_url("**/nhiem-vu/nhiem-vu-2.html*")
    home.wait_for_selector("article mark")
    marks = {m.lower() for m in home.locator("article mark").all_inner_texts()}
    assert {"bình", "đẳng", "giới"} <= marks
    assert home.locator("article mark mark").count() == 0
    assert not home.log.errors
