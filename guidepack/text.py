"""Vietnamese text handling: one normal form, folding for search, sort order, slugs.

See ../shared/reference/tieng-viet.md for why each of these matters to readers.
"""

from __future__ import annotations

import re
import unicodedata

# Combining marks that change the letter itself (ă, â, ê, ô, ơ, ư) versus the five tone marks.
_LETTER_MARKS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}  # breve, circumflex, horn
# ICU's Vietnamese order of tones: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

# Vietnamese alphabet order; f, j, w, z (foreign letters) keep their Latin places.
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]
_RANK = {letter: i + 1 for i, letter in enumerate(_ALPHABET)}

_SLUG_JUNK = re.compile(r"[^a-z0-9]+")
_OTHER = 4096  # rank of a character that is not a letter, digit or separator: after every letter
# The digits' names (vocabulary, not a fact of any letter): number_word() counts with them.
_DIGIT_WORDS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def nfc_deep(value):
    """NFC-normalise every string inside nested lists and dicts (keys included)."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [nfc_deep(v) for v in value]
    if isinstance(value, dict):
        return {nfc_deep(k): nfc_deep(v) for k, v in value.items()}
    return value


def fold(text: str) -> str:
    """Lower case without any diacritics, đ included: for finding, never for showing."""
    stripped = "".join(
        ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch)
    )
    return stripped.replace("đ", "d").replace("Đ", "D").lower()


def slugify(text: str) -> str:
    """ASCII slug: `Thanh Hóa` -> `thanh-hoa`, `Đắk Lắk` -> `dak-lak`."""
    return _SLUG_JUNK.sub("-", fold(text)).strip("-")


def _letters(text: str):
    """Yield (base letter with its letter marks, tone rank, is_upper) for each character."""
    for cluster in re.findall(r".[\u0300-\u036f]*", unicodedata.normalize("NFD", text), re.S):
        base, marks = cluster[0], cluster[1:]
        tone = 0
        letter = base
        for mark in marks:
            if mark in _TONE_MARKS:
                tone = _TONE_MARKS[mark]
            elif mark in _LETTER_MARKS:
                letter += mark
        yield unicodedata.normalize("NFC", letter), tone, base.isupper()


def sort_key(text: str) -> tuple:
    """Vietnamese collation: letters first (A Ă Â B … Đ …), then tones, then case.

    Non-letters rank below every letter (so `Bà Rịa` precedes `Bạc Liêu`), digits by value.
    """
    primary, tones, cases = [], [], []
    for letter, tone, upper in _letters(nfc(text)):
        low = letter.lower()
        if low in _RANK:
            primary.append(100 + _RANK[low])
        elif low.isdigit():
            primary.append(50 + int(low))
        elif low.isspace() or low in "-–,.()":
            primary.append(1)
        else:
            primary.append(_OTHER + ord(low))
        tones.append(tone)
        cases.append(0 if not upper else 1)
    return tuple(primary), tuple(tones), tuple(cases)


def number_word(n: int) -> str:
    """A count in words, as written in running text: 7 -> `bảy`, 15 -> `mười lăm`, 21 -> `hai mươi mốt`.
    From 100 on, the digits."""
    if not 0 <= n < 100:
        return str(n)
    tens, units = divmod(n, 10)
    if tens == 0:
        return _DIGIT_WORDS[units]
    words = ["mười" if tens == 1 else f"{_DIGIT_WORDS[tens]} mươi"]
    if units == 5:
        words.append("lăm")
    elif units == 1 and tens > 1:
        words.append("mốt")
    elif units == 4 and tens > 1:
        words.append("tư")
    elif units:
        words.append(_DIGIT_WORDS[units])
    return " ".join(words)


def vi_sorted(items, key=lambda x: x):
    return sorted(items, key=lambda item: sort_key(key(item)))


def heading_slug(value: str, separator: str = "-") -> str:
    """Heading anchors for Python-Markdown's toc: ASCII, with `đ` kept as `d` (`Đăng ký` -> `dang-ky`)."""
    return slugify(value).replace("-", separator)


_TONE_SET = "\u0300\u0301\u0303\u0309\u0323"
_SYLLABLE = re.compile("[a-z\u0111\u0300-\u036f]+")
_FIRST_VOWEL = re.compile("[aeiouy][\u0302\u0306\u031b]*")


def search_exact(text: str) -> str:
    """Lower-case NFC with each word's tone mark (the last, if it has several) moved to just after its first vowel
    and that vowel's ă/â/ê/ô/ơ/ư mark: `hòa` and `hoà` give one form. A word without a tone mark or a vowel is
    left as it is. For finding, never for showing.

    The build does not use it. The site's search computes this form in the browser, with `exact()` of
    templates/theme/assets/javascripts/vi-text.js, for the words of the pages and of the query. This is that
    function written again in Python as the reference for the tests: tests/test_search_text.py states the
    properties of the form on it and checks that vi-text.js gives the same result for every sample.
    """
    def place(match: re.Match) -> str:
        run = match.group(0)
        tones = [ch for ch in run if ch in _TONE_SET]
        if not tones:
            return run
        bare = "".join(ch for ch in run if ch not in _TONE_SET)
        vowel = _FIRST_VOWEL.search(bare)
        if not vowel:
            return run
        return bare[:vowel.end()] + tones[-1] + bare[vowel.end():]

    return nfc(_SYLLABLE.sub(place, unicodedata.normalize("NFD", text.lower())))


# --- Initials: what readers type for a name (HCM, LĐTBXH) -------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")
# "và" joins the parts of a name and office initials leave it out (Lao động - Thương binh và Xã hội: LĐTBXH).
_JOINERS = {"va"}


def syllables(text: str) -> list[str]:
    """The folded words of `text`; hyphens, `&`, commas and spaces only separate them."""
    return [fold(w) for w in _WORD.findall(nfc(text))]


def compact(text: str) -> str:
    """Folded letters and digits only: the form names and queries are compared in (`TP. HCM` -> `tphcm`)."""
    return re.sub("[^a-z0-9]", "", fold(text))


def initials(text: str) -> str:
    """First letter of each folded word, `và` skipped, đ as d: `Bà Rịa - Vũng Tàu` -> `brvt`."""
    return "".join(w[0] for w in syllables(text) if w not in _JOINERS)


def name_keys(name: str, unit: str | None = None) -> list[str]:
    """The short forms of a name readers type, as compact() keys: its initials, with or without the `unit` word
    that may stand before it, and with that word in full. `Thành phố Hồ Chí Minh` (unit `thành phố`): hcm, tphcm,
    thanhphohcm; `Hà Nội` (unit `thành phố`): hn, tphn, thanhphohn. Keys of one letter are left out."""
    words = [w for w in syllables(name) if w not in _JOINERS]
    unit_words = syllables(unit) if unit else []
    base = words[len(unit_words):] if unit_words and words[:len(unit_words)] == unit_words else words
    keys = ["".join(w[0] for w in base)]
    if unit_words:
        keys += ["".join(w[0] for w in unit_words) + keys[0], "".join(unit_words) + keys[0]]
    return [k for k in dict.fromkeys(keys) if len(k) >= 2]
