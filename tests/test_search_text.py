"""Vietnamese folding: the Python side (guidepack/text.py) and the browser side (vi-text.js) agree."""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from guidepack.text import fold, search_exact

VI_TEXT = Path(__file__).resolve().parent.parent / "guidepack/templates/theme/assets/javascripts/vi-text.js"

SAMPLES = [
    "báo cáo", "Báo Cáo", "BÁO CÁO", unicodedata.normalize("NFD", "báo cáo"), "bao cao",
    "hòa", "hoà", "Hòa Bình", "HOÀ BÌNH", "khỏe", "khoẻ", "thủy", "thuỷ", "Thanh Hóa", "Thanh Hoá",
    "Đắk Lắk", "ĐẮK NÔNG", "đẳng", "Đồng Tháp", "người", "giữ gìn", "quý", "Bà Rịa - Vũng Tàu",
    "Ủy ban Quốc gia vì sự tiến bộ của phụ nữ", "Uỷ ban", "11-NQ/TW", "04/UBQG", "664/LĐTBXH-BĐG",
    "báo*", "+hòa", "30/3/2011", "", "a", "Ơn", "ưu tiên", "Nghị quyết 57/NQ-CP",
    unicodedata.normalize("NFD", "Điện Biên Phủ"), "ỳ ữ ỹ ự",
]


def test_fold_and_exact_forms():
    assert fold("Đắk Lắk") == "dak lak"
    assert fold(unicodedata.normalize("NFD", "báo cáo")) == "bao cao"
    # One exact form for both tone placements, and for NFD input; different tones stay different.
    assert search_exact("hoà") == search_exact("hòa") == search_exact("HÒA")
    assert search_exact("khoẻ") == search_exact("khỏe")
    assert search_exact("thuỷ") == search_exact("thủy")
    assert search_exact(unicodedata.normalize("NFD", "Thanh Hoá")) == search_exact("thanh hóa")
    assert search_exact("hóa") != search_exact("hòa") != search_exact("hoa")
    assert search_exact("đang") != search_exact("dang")
    # A word typed in part, once its tone is typed, is a prefix of the whole word's form (search while typing).
    for part, word in (("bá", "báo"), ("ngườ", "người"), ("hò", "hoà"), ("đẳ", "đẳng"), ("Thanh Hó", "thanh hoá")):
        assert search_exact(word).startswith(search_exact(part)), (part, word)


def test_python_and_javascript_agree():
    node = shutil.which("node")
    if not node:
        pytest.skip("node is not installed (scripts/system-deps.sh test)")
    script = (VI_TEXT.read_text(encoding="utf-8")
              + "\nconst input = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              + "\nprocess.stdout.write(JSON.stringify(input.map(s => [viText.fold(s), viText.exact(s)])));")
    out = subprocess.run([node, "-e", script], input=json.dumps(SAMPLES), capture_output=True, text=True,
                         check=True, timeout=60).stdout
    assert json.loads(out) == [[fold(s), search_exact(s)] for s in SAMPLES]
