"""Legacy 8-bit Vietnamese encodings (TCVN3/ABC and VNI-Windows) to Unicode.

Before Unicode, Vietnamese documents were typed with fonts that drew Vietnamese
letters at Latin-1 code points. A PDF or DOCX made with them carries text such as
"Céng hoµ x· héi chñ nghÜa ViÖt Nam" (TCVN3, font ".VnTime") or
"Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam" (VNI, font "VNI-Times"); both print
"Cộng hòa xã hội chủ nghĩa Việt Nam".

* TCVN3 (ABC, TCVN 5712:1993 "VN3"): one byte per letter. Its fonts come in pairs:
  ".VnTime" (lower case and the 7 plain capitals Ă Â Ê Ô Ơ Ư Đ) and ".VnTimeH"
  (capitals only: the same codes drawn as upper case), so text in an "H" font is
  upper-cased after conversion.
* VNI-Windows: a base letter followed by a mark byte ("a" + "ø" = "à",
  "e" + "ä" = "ệ"); "ô"/"ö" stand alone for "ơ"/"ư", "ñ" for "đ", and the i-family
  has single bytes ("ó" = "ĩ").

The tables are built from the Vietnamese vowel grid (12 vowels × 6 tones, lower and
upper case), so every letter is covered and the inverse (used by the tests to make
legacy strings from real sentences) is exact.

>>> convert_tcvn3("Céng hoµ x· héi chñ nghÜa ViÖt Nam")
'Cộng hoà xã hội chủ nghĩa Việt Nam'
>>> convert_vni("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam")
'Cộng hòa xã hội chủ nghĩa Việt Nam'
>>> convert_legacy("§éc lËp", ".VnTimeH")
'ĐỘC LẬP'
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from vanban.extract.hygiene import is_vietnamese_syllable

LegacyEncoding = Literal["tcvn3", "vni"]

# The vowel grid: base vowel → its six forms (no tone, huyền, sắc, hỏi, ngã, nặng).
_VOWELS: dict[str, str] = {
    "a": "aàáảãạ",
    "ă": "ăằắẳẵặ",
    "â": "âầấẩẫậ",
    "e": "eèéẻẽẹ",
    "ê": "êềếểễệ",
    "i": "iìíỉĩị",
    "o": "oòóỏõọ",
    "ô": "ôồốổỗộ",
    "ơ": "ơờớởỡợ",
    "u": "uùúủũụ",
    "ư": "ưừứửữự",
    "y": "yỳýỷỹỵ",
}

# TCVN3 bytes (as Latin-1 characters) for the lower-case grid, in the same order
# (no tone, huyền, hỏi, ngã, sắc, nặng in the standard; reordered to the grid here).
# Plain a/e/i/o/u/y are ASCII.
_TCVN3_GRID: dict[str, tuple[int, int, int, int, int, int]] = {
    #        none  huyền sắc  hỏi  ngã  nặng
    "a": (0x61, 0xB5, 0xB8, 0xB6, 0xB7, 0xB9),
    "ă": (0xA8, 0xBB, 0xBE, 0xBC, 0xBD, 0xC6),
    "â": (0xA9, 0xC7, 0xCA, 0xC8, 0xC9, 0xCB),
    "e": (0x65, 0xCC, 0xD0, 0xCE, 0xCF, 0xD1),
    "ê": (0xAA, 0xD2, 0xD5, 0xD3, 0xD4, 0xD6),
    "i": (0x69, 0xD7, 0xDD, 0xD8, 0xDC, 0xDE),
    "o": (0x6F, 0xDF, 0xE3, 0xE1, 0xE2, 0xE4),
    "ô": (0xAB, 0xE5, 0xE8, 0xE6, 0xE7, 0xE9),
    "ơ": (0xAC, 0xEA, 0xED, 0xEB, 0xEC, 0xEE),
    "u": (0x75, 0xEF, 0xF3, 0xF1, 0xF2, 0xF4),
    "ư": (0xAD, 0xF5, 0xF8, 0xF6, 0xF7, 0xF9),
    "y": (0x79, 0xFA, 0xFD, 0xFB, 0xFC, 0xFE),
}
_TCVN3_CAPITALS = {0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ"}
_TCVN3_D_LOWER = 0xAE


def _tcvn3_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for base, codes in _TCVN3_GRID.items():
        for code, letter in zip(codes, _VOWELS[base], strict=True):
            if code >= 0x80:
                table[chr(code)] = letter
    table[chr(_TCVN3_D_LOWER)] = "đ"
    for code, letter in _TCVN3_CAPITALS.items():
        table[chr(code)] = letter
    return table


# VNI-Windows: mark bytes (Latin-1) after a base letter, per tone in grid order.
_VNI_PLAIN_TONES = ("", "ø", "ù", "û", "õ", "ï")  # a, e, o, u, y, ơ (ô), ư (ö)
_VNI_CIRCUMFLEX = ("â", "à", "á", "å", "ã", "ä")  # â, ê, ô
_VNI_BREVE = ("ê", "è", "é", "ú", "ü", "ë")  # ă
_VNI_I = ("i", "ì", "í", "æ", "ó", "ò")  # i: single bytes
_VNI_BASES: dict[str, tuple[str, tuple[str, ...]]] = {
    "a": ("a", _VNI_PLAIN_TONES),
    "ă": ("a", _VNI_BREVE),
    "â": ("a", _VNI_CIRCUMFLEX),
    "e": ("e", _VNI_PLAIN_TONES),
    "ê": ("e", _VNI_CIRCUMFLEX),
    "o": ("o", _VNI_PLAIN_TONES),
    "ô": ("o", _VNI_CIRCUMFLEX),
    "ơ": ("ô", _VNI_PLAIN_TONES),
    "u": ("u", _VNI_PLAIN_TONES),
    "ư": ("ö", _VNI_PLAIN_TONES),
    "y": ("y", _VNI_PLAIN_TONES),
}
_VNI_Y_DOT = "î"  # ỵ is a single byte


def _vni_encode_table() -> dict[str, str]:
    """Unicode letter → VNI byte sequence (lower and upper case)."""
    table: dict[str, str] = {}
    for base, (lead, marks) in _VNI_BASES.items():
        for mark, letter in zip(marks, _VOWELS[base], strict=True):
            table[letter] = lead + mark
    for seq, letter in zip(_VNI_I, _VOWELS["i"], strict=True):
        table[letter] = seq
    table["ỵ"] = _VNI_Y_DOT
    table["đ"] = "ñ"
    upper = {k.upper(): v.upper() for k, v in table.items()}
    table.update(upper)
    return {k: v for k, v in table.items() if k != v}


_TCVN3_DECODE = _tcvn3_table()
_TCVN3_ENCODE = {v: k for k, v in _TCVN3_DECODE.items()}
_VNI_ENCODE = _vni_encode_table()
_VNI_DECODE = {v: k for k, v in _VNI_ENCODE.items()}
_VNI_PATTERN = re.compile(
    "|".join(re.escape(s) for s in sorted(_VNI_DECODE, key=len, reverse=True))
)
_TCVN3_TRANS = str.maketrans(_TCVN3_DECODE)

_TCVN3_FONT = re.compile(r"^\.?vn|^(?:abc|tcvn)", re.IGNORECASE)
_VNI_FONT = re.compile(r"^vni[-_ ]", re.IGNORECASE)
_SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")
_VIETNAMESE_UNICODE = re.compile("[ăđơưĂĐƠƯ\u1ea0-\u1ef9]")  # letters outside Latin-1


def convert_tcvn3(text: str) -> str:
    """TCVN3 (ABC) text, read as Latin-1 characters, to Unicode (NFC).

    >>> convert_tcvn3("§éc lËp - Tù do - H¹nh phóc")
    'Độc lập - Tự do - Hạnh phúc'
    """
    return unicodedata.normalize("NFC", text.translate(_TCVN3_TRANS))


def convert_vni(text: str) -> str:
    """VNI-Windows text, read as Latin-1 characters, to Unicode (NFC).

    >>> convert_vni("Ñoäc laäp - Töï do - Haïnh phuùc")
    'Độc lập - Tự do - Hạnh phúc'
    """
    return unicodedata.normalize("NFC", _VNI_PATTERN.sub(lambda m: _VNI_DECODE[m.group()], text))


def encode_tcvn3(text: str) -> str:
    """Unicode → TCVN3 (lower-case letters and the plain capitals; the inverse table).

    >>> encode_tcvn3("Việt Nam")
    'ViÖt Nam'
    """
    return "".join(_TCVN3_ENCODE.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def encode_vni(text: str) -> str:
    """Unicode → VNI-Windows (the inverse table).

    >>> encode_vni("Việt Nam")
    'Vieät Nam'
    """
    return "".join(_VNI_ENCODE.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def legacy_encoding_of_font(font_name: str | None) -> LegacyEncoding | None:
    """Which legacy encoding a font name implies ("ABCDEF+.VnTimeH" → "tcvn3").

    >>> legacy_encoding_of_font("VNI-Times"), legacy_encoding_of_font("TimesNewRomanPSMT")
    ('vni', None)
    """
    if not font_name:
        return None
    name = _SUBSET_PREFIX.sub("", font_name.strip())
    if _VNI_FONT.match(name):
        return "vni"
    if name.startswith(".Vn") or name.startswith(".vn") or _TCVN3_FONT.match(name):
        return "tcvn3"
    return None


def _is_tcvn3_capitals_font(font_name: str) -> bool:
    """'.VnTimeH', '.VnArialH', '.VnTimeH,Bold' are the all-capitals TCVN3 fonts."""
    name = _SUBSET_PREFIX.sub("", font_name.strip()).split(",")[0].split("-")[0]
    return bool(re.match(r"^\.?vn\w*h$", name, re.IGNORECASE))


def convert_legacy(text: str, font_name: str | None) -> str | None:
    """Convert ``text`` drawn in ``font_name``; ``None`` when the font is not legacy.

    >>> convert_legacy("Hµ Néi", ".VnTime")
    'Hà Nội'
    >>> convert_legacy("Hà Nội", "Times New Roman") is None
    True
    """
    encoding = legacy_encoding_of_font(font_name)
    if encoding == "vni":
        return convert_vni(text)
    if encoding == "tcvn3":
        out = convert_tcvn3(text)
        if font_name and _is_tcvn3_capitals_font(font_name):
            out = out.upper()
        return out
    return None


def _valid_share(text: str) -> float:
    words = re.findall(r"[^\W\d_]+", text)
    if not words:
        return 0.0
    return sum(1 for w in words if is_vietnamese_syllable(w)) / len(words)


def detect_legacy_encoding(text: str) -> LegacyEncoding | None:
    """Guess the legacy encoding of text that came without font names (DOCX runs, .txt).

    Unicode Vietnamese letters mean the text is already Unicode. Otherwise the text is
    converted both ways and the encoding whose result has clearly more valid Vietnamese
    syllables wins.

    >>> detect_legacy_encoding("Céng hoµ x· héi chñ nghÜa ViÖt Nam")
    'tcvn3'
    >>> detect_legacy_encoding("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam")
    'vni'
    >>> detect_legacy_encoding("Cộng hòa xã hội") is None
    True
    """
    if not text or _VIETNAMESE_UNICODE.search(text):
        return None
    if not re.search("[\u0080-\u00ff]", text):
        return None
    base = _valid_share(text)
    scores: dict[LegacyEncoding, float] = {
        "tcvn3": _valid_share(convert_tcvn3(text)),
        "vni": _valid_share(convert_vni(text)),
    }
    best: LegacyEncoding = max(scores, key=lambda k: scores[k])
    if scores[best] >= base + 0.15 and scores[best] >= 0.6:
        return best
    return None
