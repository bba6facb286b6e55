"""Text hygiene, in one place: printed text cleaned, and comparison keys.

Two different things live here and must not be confused:

* :func:`clean_text` is applied by every reader to the *printed* text: Unicode NFC,
  "Ð" (U+00D0, Icelandic Eth from OCR and old fonts) → "Đ" (U+0110) where it stands
  in Vietnamese text, no-break and zero-width spaces tidied. It never rewrites
  words: "Uỷ" stays "Uỷ".
* :func:`text_key` makes a comparison key: lower case, old and new tone placement
  folded ("Uỷ"/"Ủy", "hoá"/"hóa" give the same key), "Đ"/"Ð" folded, spacing and
  punctuation collapsed. Keys are stored beside printed text, never instead of it.

>>> clean_text("ÐẢNG CỘNG SẢN")
'ĐẢNG CỘNG SẢN'
>>> text_key("Uỷ ban MTTQ") == text_key("Ủy  ban MTTQ")
True
"""

from __future__ import annotations

import re
import unicodedata

_TONE_MARKS = {
    "\u0300": "2",  # huyền
    "\u0301": "1",  # sắc
    "\u0303": "4",  # ngã
    "\u0309": "3",  # hỏi
    "\u0323": "5",  # nặng
}
_ETH_UPPER = "\u00d0"
_ETH_LOWER = "\u00f0"
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_WORD = re.compile(r"\w+", re.UNICODE)


def clean_text(text: str) -> str:
    """Printed text made safe to parse without changing its words.

    >>> clean_text("Ðiện Biên\\u00a0ngày")
    'Điện Biên ngày'
    """
    if not text:
        return text
    text = unicodedata.normalize("NFC", text)
    if _ETH_UPPER in text or _ETH_LOWER in text:
        # In Vietnamese text the Eth is always a mis-encoded Đ/đ.
        text = text.replace(_ETH_UPPER, "Đ").replace(_ETH_LOWER, "đ")
    text = _ZERO_WIDTH.sub("", text)
    text = _SPACES.sub(" ", text)
    return text


def _syllable_key(word: str) -> str:
    """'Uỷ' → 'uy3', 'Ủy' → 'uy3': base letters, then the tone as a digit."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tone = ""
    base = []
    for ch in decomposed:
        mark = _TONE_MARKS.get(ch)
        if mark is not None:
            tone = mark
        else:
            base.append(ch)
    return unicodedata.normalize("NFC", "".join(base)).replace("ð", "đ") + tone


def text_key(text: str) -> str:
    """Comparison key: case, tone placement, Đ/Ð, spacing and punctuation folded.

    >>> text_key("Hoá  học") == text_key("hóa học")
    True
    """
    text = unicodedata.normalize("NFC", text)
    return " ".join(_syllable_key(w) for w in _WORD.findall(text))


def strip_diacritics(text: str) -> str:
    """ASCII-ish fold for lenient matching: 'Điện Biên' → 'dien bien'."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("ð", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def squash_spaces(text: str) -> str:
    """Collapse runs of whitespace (including newlines) to one space."""
    return " ".join(text.split())
