"""OCR word text → printed text: look-alike characters, "Đ" read twice, one vowel's hat
or tone repaired when the fix is unique (``ocr_text``, ``repair_syllable``).

Shared by the page OCR (``extract/scan/ocr.py``) and the scan tables
(``extract/scan/tables.py``), so neither imports the other.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from vanban.extract.hygiene import clean_text, is_vietnamese_syllable
from vanban.extract.scan.words import TONES, variants
from vanban.parsers.vocabulary import agency_patterns, doc_types


@functools.lru_cache(maxsize=1)
def lexicon() -> frozenset[str]:
    """Syllables (lower case, NFC) of the bodies and document types the parsers know.

    Read from ``parsers/data/agencies.jsonl`` (``NORM`` values) and ``doc_types.json``:
    the words that matter most in a header or a task table.
    """
    words: set[str] = set()
    for entry in agency_patterns():
        for tok in entry.get("pattern", []):
            if isinstance(tok, dict) and isinstance(tok.get("NORM"), str):
                words.update(tok["NORM"].lower().split())
    for t in doc_types():
        words.update(re.findall(r"\w+", " ".join([t["name"], *t.get("words", [])]).lower()))
    return frozenset(unicodedata.normalize("NFC", w) for w in words if w.isalpha())


def repair_syllable(word: str) -> str:
    """A word Tesseract misread by one vowel's hat or its tone, when the fix is unique.

    Only words that are not Vietnamese syllables are touched. First choice: the one
    variant found in :func:`lexicon` ("Viêt" → "Việt"); else the one variant with the
    same tone that is a syllable ("QUYÉT" → "QUYẾT").

    >>> repair_syllable("QUYÉT"), repair_syllable("Viêt"), repair_syllable("Việt")
    ('QUYẾT', 'Việt', 'Việt')
    """
    if not word.isalpha() or is_vietnamese_syllable(word):
        return word
    options = [v for v in variants(word) if is_vietnamese_syllable(v)]
    known = {v for v in options if v.lower() in lexicon()}
    if len({v.lower() for v in known}) == 1:
        return known.pop()
    tone = [ch for ch in unicodedata.normalize("NFD", word) if ch in TONES]
    same_tone = {
        v for v in options if [ch for ch in unicodedata.normalize("NFD", v) if ch in TONES] == tone
    }
    return same_tone.pop() if len(same_tone) == 1 else word


OCR_CHAR_FIXES = str.maketrans({"\u2044": "/", "\u2215": "/"})
"""Characters Tesseract emits for printed ones (fraction slash for "/")."""


_DOUBLE_D = re.compile("\u0110\u00d0|\u00d0\u0110")
"""Tesseract ``vie`` often reads one "Đ" as "Đ" and "Ð" (Eth) together ("QĐÐ-TTg")."""


def ocr_text(raw: str) -> str:
    """OCR word text → printed text: hygiene, look-alike characters, one-hat vowel repair.

    >>> ocr_text("01⁄2017/NÐ-CP"), ocr_text("QUYÉT"), ocr_text("214/QĐÐ-DCT")
    ('01/2017/NĐ-CP', 'QUYẾT', '214/QĐ-DCT')
    """
    text = clean_text(_DOUBLE_D.sub("\u0110", raw)).translate(OCR_CHAR_FIXES)
    if text.strip("_"):
        text = text.strip("_")  # "15_": the dotted line the day was written on
    return " ".join(repair_syllable(t) for t in text.split(" "))
