"""Vietnamese word shapes for OCR: hat and tone variants of a syllable, and glued words
split into syllables.

On degraded scans Tesseract drops spaces ("BanTuyên", "Theokế", "Phốihợpthammưutổ").
:func:`split_glued` cuts a word that is not a syllable into the fewest syllables of
underthesea's Viet74K word list (74,000 words and compounds; about 8,900 syllables);
capitals inside ("BanTuyên") must start a piece, no piece is one letter long ("Viêt"
is a misread "Việt", not "Vi ê t"), a comma between two syllables may be a lost space
("bắt,tống"), and words without a Vietnamese letter ("Online", "Website") or in
capitals ("MTTQ", "UBND") are never cut.

>>> split_glued("BanTuyên"), split_glued("Theokế"), split_glued("MTTQ"), split_glued("Website")
(['Ban', 'Tuyên'], ['Theo', 'kế'], None, None)
"""

from __future__ import annotations

import functools
import re
import unicodedata
from importlib import resources

import numpy as np
from numpy.typing import NDArray

from vanban.extract.hygiene import text_key
from vanban.extract.scan.tesseract import OcrWord

_VOWEL_SHAPES: dict[str, tuple[str, ...]] = {
    "a": ("a", "â", "ă"),
    "e": ("e", "ê"),
    "o": ("o", "ô", "ơ"),
    "u": ("u", "ư"),
}
_SHAPE_OF = {v: k for k, vs in _VOWEL_SHAPES.items() for v in vs}
TONES = "\u0300\u0301\u0303\u0309\u0323"


_VOWELS = frozenset("aăâeêioôơuưy")


def variants(word: str) -> set[str]:
    """The word with one vowel's hat changed and/or its tone changed (tone on any vowel)."""
    nfd = unicodedata.normalize("NFD", word)
    tone = "".join(ch for ch in nfd if ch in TONES)
    bare = unicodedata.normalize("NFC", "".join(ch for ch in nfd if ch not in TONES))
    bases = {bare}
    for i, ch in enumerate(bare):
        shape = _SHAPE_OF.get(ch.lower())
        for alt in _VOWEL_SHAPES.get(shape or "", ()):
            alt = alt.upper() if ch.isupper() else alt
            bases.add(bare[:i] + alt + bare[i + 1 :])
    out: set[str] = set()
    for base in bases:
        for t in {tone, "", *TONES}:
            for i, ch in enumerate(base):
                if t and ch.lower() not in _VOWELS:
                    continue
                out.add(unicodedata.normalize("NFC", base[: i + 1] + t + base[i + 1 :]))
                if not t:
                    break
    out.discard(word)
    return out


MAX_GLUED = 40
"""Longer letter runs are not split (a URL, a table rule read as letters)."""

_EDGE = re.compile(r"^([\W_]*)(.*?)([\W_]*)$")


@functools.lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    """The syllables of Viet74K, as :func:`vanban.extract.hygiene.text_key` keys (tone placement
    folded: "uỷ" and "ủy" are one)."""
    path = resources.files("underthesea") / "corpus" / "data" / "Viet74K.txt"
    tokens = set(path.read_text(encoding="utf-8").lower().split())
    return frozenset(text_key(t) for t in tokens if t.isalpha())


def _is_syllable(text: str) -> bool:
    return text_key(text) in syllables()


def split_glued(word: str) -> list[str] | None:
    """The syllables a glued word is made of, or ``None`` when it is a syllable, an
    abbreviation, or cannot be cut into dictionary syllables."""
    if len(word) > MAX_GLUED or _is_syllable(word) or word.isupper():
        return None
    if "," in word:
        parts = word.split(",")
        if (
            len(parts) == 2
            and all(p.isalpha() and _is_syllable(p) for p in parts)
            and not word.isascii()
        ):
            return [parts[0] + ",", parts[1]]
        return None
    if not word.isalpha() or len(word) < 4 or word.isascii():
        return None  # "Online", "Website": a foreign word, not glued Vietnamese
    n = len(word)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for end in range(1, n + 1):
        for start in range(max(0, end - 7), end):
            head = best[start]
            piece = word[start:end]
            if head is None or not _is_syllable(piece):
                continue
            if any(ch.isupper() for ch in piece[1:]):
                continue  # a capital inside starts a new piece ("BanTuyên")
            candidate = [*head, piece]
            current = best[end]
            if current is None or len(candidate) < len(current):
                best[end] = candidate
    pieces = best[n]
    if pieces is None or len(pieces) < 2 or min(len(p) for p in pieces) < 2:
        return None  # "Viêt" is not "Vi ê t": a one-letter piece is a misread, not a word
    return pieces


def split_words(words: list[OcrWord]) -> list[OcrWord]:
    """``words`` with glued words replaced by their syllables (boxes shared out by length)."""
    out: list[OcrWord] = []
    for w in words:
        m = _EDGE.match(w.text)
        pieces = split_glued(m.group(2)) if m and not w.speck else None
        if m is None or pieces is None:
            out.append(w)
            continue
        pieces[0] = m.group(1) + pieces[0]
        pieces[-1] = pieces[-1] + m.group(3)
        total = sum(len(p) for p in pieces)
        left = w.left
        for k, piece in enumerate(pieces):
            width = round(w.width * len(piece) / total)
            if k == len(pieces) - 1:
                width = w.left + w.width - left
            out.append(OcrWord(piece, w.conf, left, w.top, width, w.height, w.block, w.par, w.line))
            left += width
    return out


HYPHEN_GAP = 0.3
"""A word-final hyphen whose ink stands this share of the word's height or more from the
glyph before it was printed as a word of its own."""


def detach_hyphens(words: list[OcrWord], ink: NDArray[np.bool_]) -> list[OcrWord]:
    """``words`` with a trailing hyphen Tesseract glued to its word across a space cut
    off ("29/6/2026 -" read "29/6/2026-"): the white columns of the word's box (``ink``:
    the page's ink mask) before the hyphen's ink are at least ``HYPHEN_GAP`` × its height.
    A hyphen attached to its word ("Báo chí-" / "Xuất bản") stays.

    >>> ink = np.zeros((40, 300), bool); ink[5:35, 0:200] = True; ink[18:22, 220:240] = True
    >>> [w.text for w in detach_hyphens([OcrWord("29/6/2026-", 90, 0, 5, 240, 30, 1, 1, 1)], ink)]
    ['29/6/2026', '-']
    >>> ink[5:35, 200:218] = True  # no gap: one word
    >>> [w.text for w in detach_hyphens([OcrWord("29/6/2026-", 90, 0, 5, 240, 30, 1, 1, 1)], ink)]
    ['29/6/2026-']
    """
    out: list[OcrWord] = []
    for w in words:
        cut = _hyphen_cut(w, ink) if len(w.text) > 1 and w.text[-1] in "-‐–" else None
        if cut is None:
            out.append(w)
            continue
        out.append(
            OcrWord(
                w.text[:-1],
                w.conf,
                w.left,
                w.top,
                cut[0] - w.left,
                w.height,
                w.block,
                w.par,
                w.line,
                speck=w.speck,
            )
        )
        out.append(
            OcrWord(
                w.text[-1],
                w.conf,
                cut[1],
                w.top,
                w.left + w.width - cut[1],
                w.height,
                w.block,
                w.par,
                w.line,
                speck=w.speck,
            )
        )
    return out


def _hyphen_cut(w: OcrWord, ink: NDArray[np.bool_]) -> tuple[int, int] | None:
    """(end of the glyphs before the hyphen, start of the hyphen) in page pixels, when a
    gap of ``HYPHEN_GAP`` × the height separates them."""
    cols = ink[max(0, w.top) : w.top + w.height, max(0, w.left) : w.left + w.width].any(axis=0)
    inked = np.flatnonzero(cols)
    if len(inked) < 2:
        return None
    runs = np.split(inked, np.flatnonzero(np.diff(inked) > 1) + 1)
    if len(runs) < 2:
        return None
    before, hyphen = runs[-2], runs[-1]
    if hyphen[0] - before[-1] - 1 < HYPHEN_GAP * w.height:
        return None
    return (w.left + int(before[-1]) + 1, w.left + int(hyphen[0]))
