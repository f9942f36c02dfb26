"""The other names readers type: initials of board names (text.name_keys), board aliases and the abbreviations of
data/abbreviations.yaml, which the site's search and board finder expand, and the "Chữ viết tắt" page."""

from __future__ import annotations

import re

import pytest

from guidepack.builders.site import board_keys, search_names
from guidepack.errors import DataErrors
from guidepack.load import Problems, load_abbreviations
from guidepack.text import compact, fold, initials, name_keys, syllables
from guidepack.yamlio import read_yaml


@pytest.mark.parametrize("name, unit, keys", [
    ("Thành phố Hồ Chí Minh", "thành phố", ["hcm", "tphcm", "thanhphohcm"]),
    ("Hà Nội", "thành phố", ["hn", "tphn", "thanhphohn"]),
    ("Bộ Lao động - Thương binh và Xã hội", "Bộ", ["ldtbxh", "bldtbxh", "boldtbxh"]),
    ("Bà Rịa - Vũng Tàu", "tỉnh", ["brvt", "tbrvt", "tinhbrvt"]),
    ("Đắk Lắk", "tỉnh", ["dl", "tdl", "tinhdl"]),                       # đ as d
    ("Bộ Văn hóa, Thể thao và Du lịch", "Bộ", ["vhttdl", "bvhttdl", "bovhttdl"]),
    ("Ngân hàng Nhà nước Việt Nam", None, ["nhnnvn"]),
    ("Huế", None, []),                                                   # one letter says nothing
])
def test_name_keys(name, unit, keys):
    assert name_keys(name, unit) == keys


def test_initials_skip_va_and_punctuation_and_fold_every_form():
    import unicodedata
    assert initials("Khoa học & Công nghệ") == "khcn"
    assert initials(unicodedata.normalize("NFD", "ĐẠI BIỂU QUỐC HỘI")) == "dbqh"
    assert compact("TP. Hồ Chí Minh") == "tphochiminh"
    assert syllables("Lao động - Thương binh") == ["lao", "dong", "thuong", "binh"]


def test_every_board_has_its_initials_and_its_unit_forms(model):
    for board in model.boards:
        keys = board_keys(board)
        assert compact(board.short) in keys
        words = [w for w in syllables(board.short) if w != "va"]
        if len(words) >= 2:
            assert any(k == "".join(w[0] for w in words) or k.endswith("".join(w[0] for w in words[1:]))
                       for k in keys), board.id
        for alias in board.aliases:
            assert compact(alias.name) in keys
    hcm = board_keys(model.board("tp-ho-chi-minh"))
    assert {"hcm", "tphcm", "saigon"} <= set(hcm)


def test_search_names_point_at_board_pages_and_full_forms(model):
    names = search_names(model)
    for key, indexes in names["keys"].items():
        assert key == re.sub("[^a-z0-9]", "", key) and indexes
        for i in indexes:
            words, page = names["names"][i]
            assert words == " ".join(syllables(words))
            assert page == "" or page.startswith("co-quan/")
    full = {names["names"][i][0] for i in names["keys"]["hdnd"]}
    assert full == {"hoi dong nhan dan"}


def test_aliases_and_abbreviations_say_where_they_come_from(model):
    for board in model.boards:
        for alias in board.aliases:
            assert alias.basis and (alias.confirmed or "không có trong tài liệu tham chiếu" in alias.basis
                                    or "chưa" in alias.basis), alias
    assert len(model.abbreviations) >= 10
    for a in model.abbreviations:
        assert a.basis, a
        # Confirmed only when the letter or the reference writes the two together.
        if a.confirmed:
            assert "../shared/reference/" in a.basis or "Công văn" in a.basis, a


def test_abbreviations_cover_the_ones_the_pages_use(model, site):
    """Every part of a document's number and symbol (57/NQ-CP, 664/LĐTBXH-BĐG, 73/2006/QH11) and every capitalised
    abbreviation in running text of the built pages is in the list; every entry is used on some page, as itself
    or in full. (The "Chữ viết tắt" page itself lists them all: it is left out.)"""
    text = " ".join(re.sub(r"<[^>]+>", " ", re.search(r"<article.*?</article>", p.read_text(encoding="utf-8"),
                                                        re.S).group(0))
                    for p in site.rglob("*.html")
                    if "<article" in p.read_text(encoding="utf-8") and p.name != "chu-viet-tat.html")
    listed = {fold(a.short) for a in model.abbreviations}
    used = set()
    for number in re.findall(r"\b\d+(?:/\d{4})?[/-][\wĐđ/-]+", text):
        used |= {fold(re.sub(r"\d+$", "", part)) for part in re.split(r"[/-]", number) if re.search(r"[A-Z]", part)}
    # Capitalised words of two or more capitals that are not part of a line in capitals (UBND TỈNH THANH HÓA).
    for match in re.finditer(r"(?<![\w])([A-ZĐ][A-ZĐa-z]*[A-ZĐ][A-Za-zĐ]*)(?![\w])", text):
        around = text[max(0, match.start() - 12):match.end() + 12]
        capitals_line = len(re.findall(r"\b[A-ZÀ-ỸĐ]{2,}\b", around)) >= 3
        if not capitals_line:
            used.add(fold(match.group(1)))
    not_abbreviations = {"docx", "pdf", "xiii", "libreoffice", "vov", "vtv"}  # formats, numerals, names, aliases
    assert {"ubqg", "ubnd", "nq", "tw", "cp", "ldtbxh", "bdg", "qd", "ttg"} <= used  # the scan sees them
    assert used - not_abbreviations <= listed, sorted(used - not_abbreviations - listed)
    folded_text = fold(text)
    for a in model.abbreviations:
        assert fold(a.short) in used or " ".join(syllables(a.full)) in " ".join(syllables(folded_text)), a.short


@pytest.mark.parametrize("yaml_text, field", [
    ("abbreviations:\n  - short: HĐND\n    full: Hội đồng nhân dân\n    basis: x\n", "confirmed"),
    ("abbreviations:\n  - short: HĐND\n    full: Hội đồng nhân dân\n    basis: x\n    confirmed: false\n"
     "  - short: HDND\n    full: Hội đồng nhân dân\n    basis: y\n    confirmed: false\n", "short"),
    ("abbreviations:\n  - short: HĐND\n    ful: Hội đồng nhân dân\n    basis: x\n    confirmed: false\n", "full"),
])
def test_bad_abbreviations_are_named_in_vietnamese(tmp_path, yaml_text, field):
    path = tmp_path / "abbreviations.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    problems = Problems()
    load_abbreviations(read_yaml(path, "data/abbreviations.yaml"), problems)
    with pytest.raises(DataErrors) as err:
        problems.check()
    [error] = err.value.errors
    # A misspelt field is named as written, with the right name offered ("Có phải ý bạn là 'full'?").
    assert field == error.field or f"'{field}'" in error.message, str(err.value)
    assert error.file == "data/abbreviations.yaml" and "chữ viết tắt" in str(err.value)
