"""The website: every page the issue asks for, every link resolving, nothing loaded from outside."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_pages_exist(site, model):
    for page in ("index.html", "cong-van.html", "thoi-han.html", "co-quan/index.html", "mau-bao-cao.html",
                 "lien-he.html", "van-ban/index.html", "nhiem-vu/index.html", "404.html"):
        assert (site / page).is_file(), page
    for task in model.tasks:
        assert (site / f"nhiem-vu/{task.id}.html").is_file()
    for inst in model.instruments:
        assert (site / f"van-ban/{inst.id}.html").is_file()
    for board in model.boards:
        html = (site / f"co-quan/{board.id}.html").read_text(encoding="utf-8")
        assert board.name in html


def test_every_link_resolves(site):
    pages = list(site.rglob("*.html"))
    ids = {p: parse(p).ids for p in pages}
    checked = 0
    for page in pages:
        for link in parse(page).links:
            url = urlsplit(link)
            if url.scheme in ("mailto", "tel", "data") or (url.scheme and url.netloc):
                continue
            if not url.path:
                target = page
            elif url.path.startswith("/"):  # only 404.html, which a server shows at any depth
                target = site / unquote(url.path).lstrip("/")
            else:
                target = (page.parent / unquote(url.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{page.relative_to(site)} -> {link}"
            if url.fragment and target.suffix == ".html":
                assert url.fragment in ids[target], f"{page.relative_to(site)} -> {link}"
            checked += 1
    assert checked > 1000


def test_nothing_is_loaded_from_outside(site):
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, page
        for tag, _scheme in re.findall(r"<(script|link|img|iframe)[^>]+(?:src|href)=\"(https?:)?//", text):
            raise AssertionError(f"{page}: external {tag}")


def test_language_is_vietnamese(site):
    assert '<html lang="vi"' in (site / "index.html").read_text(encoding="utf-8")


def test_theme_speaks_vietnamese(site):
    """Material's Vietnamese strings leave some in English or wrong; the pack's own copy puts them right."""
    for page in ("index.html", "co-quan/thanh-hoa.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert "Đang chuẩn bị tìm kiếm" in html and "Initializing search" not in html
        assert "Trở lại mục lục" not in html


def test_home_page_lists_the_dated_deadlines(site, model):
    text = re.sub(r"<[^>]+>", "", (site / "index.html").read_text(encoding="utf-8"))
    for date in ("30/3/2011", "15/6/2011", "15/12/2011"):
        assert date in text
    assert "Công văn không nêu thời hạn" in text


def test_directory_is_in_vietnamese_order(site):
    text = (site / "co-quan/index.html").read_text(encoding="utf-8")
    local = text[text.index("Địa phương"):]
    order = [local.index(n) for n in ("Cà Mau", "Cần Thơ", "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên",
                                      "Đồng Nai", "Đồng Tháp", "Gia Lai", "Yên Bái")]
    assert order == sorted(order)


def test_board_page_shows_its_tasks_reports_and_downloads(site, board_plans):
    ministry = (site / "co-quan/bo-tu-phap.html").read_text(encoding="utf-8")
    province = (site / "co-quan/thanh-hoa.html").read_text(encoding="utf-8")
    assert "Nhiệm vụ 4." in province
    assert "Nhiệm vụ không áp dụng" in ministry and "chỉ dành cho cấp địa phương" in ministry
    for html in (ministry, province):
        assert "Công văn không nêu thời hạn" in html
        assert "Có điều kiện" in html


def test_pack_json(site, pack, model):
    assert len(pack["boards"]) == len(model.boards)
    for board in pack["boards"]:
        assert set(board) >= {"id", "name", "agency", "level", "page", "files"}
        assert board["level"] in ("central", "local")
        assert (site / board["page"]).is_file()
        types = [f["type"] for f in board["files"]]
        assert types.count("checklist") == 1 and types.count("calendar") == 1
        for f in board["files"]:
            assert (site / f["path"]).is_file(), f["path"]
            assert (f["type"] == "template") == ("report" in f)
    assert {t["report"] for t in pack["templates"]} == {d.id for d in model.documents}
    assert [d["date"] for d in pack["deadlines"]] == ["2011-03-30", "2011-06-15", "2011-12-15"]
    assert len(pack["tasks"]) == 7
