"""Find the serif font the PDFs embed, and make sure it really has every Vietnamese letter.

Liberation Serif 2 (Debian fonts-liberation2) or Tinos (fonts-croscore) have Times New Roman's metrics and full
Vietnamese; Liberation Serif 1.07 lacks most Vietnamese letters, so the check reads the font's own table.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .errors import ToolMissing

FONT_DIRS = [Path("/usr/share/fonts/truetype/liberation2"), Path("/usr/share/fonts/truetype/croscore"),
             Path("/usr/local/share/fonts"), Path.home() / ".local/share/fonts"]
FAMILIES = {  # family -> file names for regular, bold, italic, bold italic
    "Liberation Serif": ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
                         "LiberationSerif-Italic.ttf", "LiberationSerif-BoldItalic.ttf"),
    "Tinos": ("Tinos-Regular.ttf", "Tinos-Bold.ttf", "Tinos-Italic.ttf", "Tinos-BoldItalic.ttf"),
}
INSTALL = "apt-get install fonts-liberation2   (hoặc: make, tự cài đặt)"


def vietnamese_letters() -> str:
    """Every precomposed Vietnamese letter, upper and lower case (the 134 with tone or letter marks, and đ)."""
    vowels = "aăâeêioôơuưy"
    tones = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
    letters = {unicodedata.normalize("NFC", v + t) for v in vowels for t in tones} | {"đ"}
    letters |= {c.upper() for c in letters}
    return "".join(sorted(c for c in letters if not c.isascii()))


@dataclass(frozen=True)
class SerifFont:
    family: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path


def _covers_vietnamese(path: Path) -> bool:
    from fontTools.ttLib import TTFont
    with TTFont(path, lazy=True) as font:
        cmap = font.getBestCmap()
    return all(ord(c) in cmap for c in vietnamese_letters())


@cache
def serif_font() -> SerifFont:
    for family, names in FAMILIES.items():
        for folder in FONT_DIRS:
            paths = [folder / n for n in names]
            if all(p.is_file() for p in paths) and _covers_vietnamese(paths[0]):
                return SerifFont(family, *paths)
    raise ToolMissing("phông chữ có đủ chữ tiếng Việt (Liberation Serif 2 hoặc Tinos)", INSTALL)


@cache
def _advances(path: Path) -> tuple[dict, int]:
    from fontTools.ttLib import TTFont
    with TTFont(path, lazy=True) as font:
        cmap, hmtx = font.getBestCmap(), font["hmtx"]
        widths = {code: hmtx[name][0] for code, name in cmap.items()}
        return widths, font["head"].unitsPerEm


def text_width_pt(text: str, size_pt: float, bold: bool = False) -> float:
    """Width of `text` set in the serif font (Times New Roman's metrics), for drawing lines under it."""
    font = serif_font()
    widths, units = _advances(font.bold if bold else font.regular)
    return sum(widths.get(ord(ch), units // 2) for ch in text) * size_pt / units
