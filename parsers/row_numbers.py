"""Row numbers (Stt) misread by OCR, repaired from the numbering around them.

A scanned task table numbers its rows "1", "2", "3" … or "3.8", "3.9", "3.10" …;
Tesseract sometimes reads one of them wrong ("3" → "8", "3.9" → "3.0", "5.1" → "3.]").
A number is repaired only when it breaks the sequence, exactly one possible next
number of the previous row is followed by the next row's number, and the reading
looks like a misread number (digits and the characters OCR confuses with them, about
as long as the repaired one). Blank cells, Roman numerals and letters are left alone
(they are continuations and section headings, not numbers to guess).

>>> repair_numbers(["1", "2", "8", "4"])
['1', '2', '3', '4']
>>> repair_numbers(["4.5", "5", "3.]", "5.2"])
['4.5', '5', '5.1', '5.2']
>>> repair_numbers(["1", "2", "4", "5"])   # a gap the next number does not explain
['1', '2', '4', '5']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz.distance import Levenshtein

Number = tuple[int, ...]

_ARABIC = re.compile(r"^\s*\(?(\d{1,3}(?:\.\d{1,3})*)\)?\s*[.)\-–]?\s*$")
_ROMAN = re.compile(r"^\s*[IVXLC]+\s*[.)\-–:]?\s*$")
_MISREAD = re.compile(r"^[\dOoIl|\]\[)(!SsBZzgq.,:]{1,9}$")
"""What a misread number may look like: digits, dots and their OCR look-alikes."""


def parse_row_number(text: str | None) -> Number | None:
    """ "3.10" → (3, 10); "2." → (2,); anything else → ``None``."""
    m = _ARABIC.match(text or "")
    return tuple(int(p) for p in m.group(1).split(".")) if m else None


def format_number(n: Number) -> str:
    return ".".join(str(p) for p in n)


def successors(n: Number) -> list[Number]:
    """The numbers that may follow ``n``: the next at its level or any level above, or
    its first child. (3, 9) → (3, 10), (4,), (3, 9, 1)."""
    out = [n[:k] + (n[k] + 1,) for k in range(len(n) - 1, -1, -1)]
    return [*out, (*n, 1)]


def _looks_misread(text: str, repaired: str) -> bool:
    core = re.sub(r"\s+", "", text)
    return bool(_MISREAD.match(core)) and abs(len(core.rstrip(".)")) - len(repaired)) <= 1


def _next_number(
    texts: Sequence[str | None], parsed: list[Number | None], start: int
) -> Number | None:
    """The next readable number of the same section (``None`` past a Roman numeral)."""
    for j in range(start, len(texts)):
        if texts[j] and _ROMAN.match(texts[j] or ""):
            return None
        if parsed[j] is not None:
            return parsed[j]
    return None


def repair_numbers(texts: Sequence[str | None]) -> list[str | None]:
    """``texts`` (the Stt cells of consecutive numbered rows, blanks included) with the
    misread numbers replaced; every other entry is returned unchanged."""
    out: list[str | None] = list(texts)
    parsed = [parse_row_number(t) for t in texts]
    prev: Number | None = None
    for i, text in enumerate(texts):
        if not text or not text.strip():
            continue
        if _ROMAN.match(text):
            prev = None  # a new section: its numbering may start again
            continue
        here = parsed[i]
        if prev is None or (here is not None and here in successors(prev)):
            prev = here
            continue
        after = _next_number(texts, parsed, i + 1)
        fits = [c for c in successors(prev) if after is not None and after in successors(c)]
        if len(fits) == 1 and _looks_misread(text, format_number(fits[0])):
            out[i] = format_number(fits[0])
            prev = fits[0]
        else:
            prev = here or prev
    return out


# -- Roman section numerals -------------------------------------------------------

_ROMAN_VALUES = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip
_ROMAN_LOOKALIKE = re.compile(r"^[IVXLCHl1|]{1,6}$")
"""What OCR makes of a Roman numeral: "II" read "IH", "III" read "HI" ("H" for "II"),
"I" read "l", "1" or "|"."""


def to_roman(n: int) -> str:
    """4 → "IV"."""
    out = ""
    for value, letters in _ROMAN_VALUES:
        while n >= value:
            out, n = out + letters, n - value
    return out


def roman_value(numeral: str) -> int | None:
    """ "IV" → 4; ``None`` when ``numeral`` is not a well-formed Roman numeral."""
    total, rest = 0, numeral
    for value, letters in _ROMAN_VALUES:
        while rest.startswith(letters):
            total, rest = total + value, rest[len(letters) :]
    return total if total and not rest and to_roman(total) == numeral else None


def repair_roman(read: str, previous: int) -> str | None:
    """The section numeral OCR misread, from the one before it: after "I.", "IH." is
    "II."; after "II.", a second "II." is "III.". ``None`` when ``read`` is the expected
    numeral, does not look like one, or is more than one letter away from it.

    >>> repair_roman("IH", 1), repair_roman("HI", 2), repair_roman("II", 2)
    ('II', 'III', 'III')
    >>> repair_roman("II", 1), repair_roman("VI", 2), repair_roman("IV", 2)
    (None, None, None)
    """
    expected = to_roman(previous + 1)
    if read == expected or not _ROMAN_LOOKALIKE.match(read):
        return None
    seen = read.replace("l", "I").replace("1", "I").replace("|", "I")
    edits = min(_edits(seen, expected), _edits(seen.replace("H", "II"), expected))
    return expected if edits <= 1 else None


def _edits(a: str, b: str) -> int:
    return int(Levenshtein.distance(a, b))
