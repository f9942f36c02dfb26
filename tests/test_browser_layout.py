"""Pages on a phone (375 px wide), in Chromium: nothing scrolls sideways on any kind of page, tables of more than
two columns become one block per row with each cell under its column's label, and the board finder stays the first
thing on the home page."""

from __future__ import annotations

import pytest

from conftest import fresh_page

PHONE = {"width": 375, "height": 800}

# Any element (shown) that is wider than the viewport, or that scrolls sideways because its content is wider.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth
  const found = []
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\\s+/).join(".") : "")
  for (const el of document.querySelectorAll("body *")) {
    const style = getComputedStyle(el)
    if (style.display === "none" || style.visibility === "hidden" || el.closest("[hidden]")) continue
    const box = el.getBoundingClientRect()
    if (box.width > width + 1) found.push(`${name(el)} is ${Math.round(box.width)} px wide`)
    if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1 && /auto|scroll/.test(style.overflowX))
      found.push(`${name(el)} scrolls sideways (${el.scrollWidth} > ${el.clientWidth})`)
  }
  const doc = document.scrollingElement
  if (doc.scrollWidth > doc.clientWidth)
    found.push(`the page scrolls sideways (${doc.scrollWidth} > ${doc.clientWidth})`)
  return found
}"""


def kinds(site, model) -> list[str]:
    """One page of each kind, and every page whose kind holds a wide table: the top-level pages, the lists, a task
    and an instrument page, and board pages of each group (the first board of every group, and every board with
    other names)."""
    top = sorted(p.name for p in site.glob("*.html"))
    boards = {g.id: next(b for b in model.boards if b.group == g) for g in model.groups}
    boards.update({b.id: b for b in model.boards if b.aliases})
    return (top + ["nhiem-vu/index.html", f"nhiem-vu/{model.tasks[0].id}.html", "van-ban/index.html",
                   f"van-ban/{model.instruments[0].id}.html", "co-quan/index.html"]
            + sorted(f"co-quan/{b.id}.html" for b in boards.values()))


@pytest.fixture
def phone(browser_page, site_url):
    return fresh_page(browser_page, site_url, viewport=PHONE)


def test_nothing_scrolls_sideways_on_a_phone(phone, site, site_url, model):
    pages = kinds(site, model)
    assert {"index.html", "thoi-han.html", "chu-viet-tat.html", "404.html"} <= set(pages)
    problems = {}
    for path in pages:
        phone.goto(site_url + path)
        found = phone.evaluate(OVERFLOW)
        if found:
            problems[path] = found[:5]
    assert not problems, problems


def test_wide_tables_stack_with_labels_on_a_phone(phone, site_url):
    phone.goto(site_url + "thoi-han.html")
    table = phone.locator("article table[data-stack]").first
    headings = table.locator("thead th").all_inner_texts()
    assert len(headings) > 2
    cells = table.locator("tbody tr").first.locator("td")
    assert cells.evaluate_all("tds => tds.map(td => td.dataset.label)") == headings
    # Each cell is a block the width of its row, its label shown above its text.
    first, second = cells.nth(0).bounding_box(), cells.nth(1).bounding_box()
    assert second["y"] >= first["y"] + first["height"] - 1 and abs(first["x"] - second["x"]) < 1
    label = cells.nth(0).evaluate("td => getComputedStyle(td, '::before').content")
    assert label.strip('"') == headings[0]
    # On a wide screen the same table is a table again, its headings shown.
    phone.set_viewport_size({"width": 1280, "height": 900})
    assert cells.nth(0).evaluate("td => getComputedStyle(td).display") == "table-cell"
    assert table.locator("thead").evaluate("h => getComputedStyle(h).position") == "static"
    assert cells.nth(0).evaluate("td => getComputedStyle(td, '::before').content") in ("none", "normal")


def test_finder_is_the_first_thing_on_the_home_page(phone, site_url):
    """After the title and the introduction, the first section of the home page is the finder, before any table."""
    phone.goto(site_url + "index.html")
    finder = phone.locator(".finder")
    assert finder.is_visible()
    order = phone.evaluate("""() => [...document.querySelectorAll('article h2, article table, article .finder')]
      .map(el => el.matches('.finder') ? 'finder' : el.tagName.toLowerCase())""")
    assert order[:2] == ["h2", "finder"], order
