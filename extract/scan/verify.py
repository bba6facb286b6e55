"""Verification re-reads: numbers, dates and số ký hiệu read again from the source.

Tesseract misreads digits with no warning a human would notice ("07/9/2015" read
"07/2/2015" at 83, "75/2021/NĐ-CP" read "73/2021/NĐ-CP" at 73). Every word that holds
a digit (a number, a date or a date part, a số ký hiệu, a row number) is read again:

1. the page is rendered again from the PDF at ``SETTINGS.dpi`` (500 dpi, grayscale:
   not an upscale of the 300-dpi raster), and the word's box is mapped back through
   the deskew turn and cut out with a margin, then turned level like the page;
2. the crop is binarised ``len(SETTINGS.thresholds) + 1`` ways (Otsu's threshold, and
   Otsu's moved darker and lighter), the crops of one binarisation stacked into one
   image and read in one Tesseract run (``--psm 6``) with a character set for the
   field (:func:`charset`): digits and "/-.," for a number, a date or a row number,
   and for a số ký hiệu also the letters of the page's codes as first read ("NĐ",
   "CP": a "1" cannot come back as "L");
3. each reading is cut to the word's core (outer punctuation dropped) and checked
   against the word's pattern (:func:`fits`: a day 1–31, a month 1–12, a year
   1900–2100; a số ký hiệu of one of the three grammars);
4. the readings vote (:func:`vote`): re-reads that agree with the first reading
   verify it (``Word.verified = True``); re-reads that agree among themselves on
   another reading that fits the pattern replace it when the first reading does not
   fit, or was read with a confidence below ``SETTINGS.repair_below``
   (``ocr_text`` keeps the first reading); otherwise the word is disputed
   (``verified = False``): the field's confidence drops and the checks treat a
   finding resting on it as ``needs_review``.

At most ``SETTINGS.max_words`` words a page are re-read, the least sure first (the
cost stays within the issue's +30% of bare ``tesseract -l vie``; ``python -m bench``
measures it). Words Tesseract read at ``SETTINGS.sure`` or more and that fit their
pattern are not re-read.

>>> fits("07/9/2015"), fits("08/6/20210"), fits("72/2015/NĐ-CP"), fits("l1")
(True, False, True, False)
>>> vote("73/2021/NĐ-CP", ["75/2021/NĐ-CP", "75/2021/NĐ-CP", "75/2021/NĐ-CP"], conf=72.8)
(False, '75/2021/NĐ-CP')
>>> vote("20210", ["20210", "20210", "2021"], conf=89.2)
(True, None)
>>> vote("I1", ["1", "1", "1", "1"], conf=60.0, role="month")
(False, None)
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from vanban.extract.scan.tesseract import OcrWord, lines_of, parse_tsv, run_tesseract


@dataclass(frozen=True)
class VerifySettings:
    dpi: int = 500
    """Resolution of the re-render (the issue asks for 400–600 dpi)."""
    thresholds: tuple[int, ...] = (-25, 25, 50)
    """Offsets from Otsu's threshold for the extra binarisations."""
    margin: float = 0.25
    """Margin around a word's box, as a share of its height."""
    sure: float = 95.0
    """Words read at least this sure that fit their pattern are not re-read."""
    repair_below: float = 90.0
    """A first reading below this confidence may be replaced by agreeing re-reads."""
    max_words: int = 40
    """Words re-read per page, at most (least sure first)."""
    max_pixels: int = 40_000_000
    """A re-render never exceeds this many pixels (a poster-sized page gets a lower dpi)."""
    speck_digits: float = 80.0
    """A day or month dropped as a speck but read at least this sure is re-read."""
    gap: float = 0.7
    """A gap between "ngày" and "tháng" (or "tháng" and "năm") at least this many times the
    line's height held a day (a month) the page-wide run lost: it is read on its own."""
    header_zone: float = 0.3
    """On page 1, lines above this share of the page are the header, whose blanks
    (handwritten dates) :mod:`vanban.extract.scan.handwriting` reads."""


SETTINGS = VerifySettings()
DIGITS = "0123456789/-.,"
"""Characters a re-read of a number, a date or a row number may give."""
CODES = DIGITS + "ABCDEGHIKLMNOPQRSTUVXYĐabcdeghiklmnopqrstuvxy"
"""Characters a re-read of a số ký hiệu may give ("2144/TTr-BNN-VPĐP", "15-CTr/TU")."""
_NUMERIC = re.compile(r"[\d/.,\-]+")
GAP = 40
"""White pixels between stacked crops (at the re-render's resolution)."""

_EDGE = ".,;:()[]\"'“”_-"
_DATE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{2,5})")
_DAY_MONTH = re.compile(r"(\d{1,2})([/.-])(\d{1,2})")
_PLAIN = re.compile(r"\d{1,5}(?:[.,]\d{1,3}){0,3}")
_CODE = r"[A-ZĐ][A-ZĐa-z0-9]*"
_CODES = rf"{_CODE}(?:-{_CODE})*"
_NUMBER = re.compile(
    rf"\d{{1,5}}[a-z]?(?:/(?:19|20)\d\d/{_CODES}|/{_CODES}|-{_CODE}/{_CODES}|/(?:19|20)\d\d{_CODES})"
)


def core(text: str) -> str:
    """A word without its outer punctuation: "2015;" → "2015", "(2020" → "2020"."""
    return text.strip(_EDGE)


LOOKALIKE = re.compile(r"[\dIlO|]{1,2}")
LOOKALIKE_NUMBER = re.compile(r"(?=.*\d)[\dIlO|.,/]{1,10}")
"""A number with look-alike letters in it ("I5", "l7", "2O25"): re-read as digits."""
"""A day or month read as look-alike letters ("II" for "11", "l1", "O8")."""


def is_candidate(text: str) -> bool:
    """A word to verify: it holds a digit."""
    return any(ch.isdigit() for ch in text)


ROLE_BEFORE = {"tháng": "day", "năm": "month"}
GAP_ROLES = {("ngày", "tháng"): "day", ("tháng", "năm"): "month"}
"""The words around a date part the page-wide run may have lost entirely."""
"""The word after a number names its role: "ngày 11 tháng" (a day), "tháng 9 năm" (a month)."""


def fits(text: str, role: str | None = None) -> bool:
    """The word fits the pattern of what it looks like (a date, a number, a số ký hiệu);
    ``role`` "day" (1–31) or "month" (1–12) when the words around it say so.

    >>> fits("77"), fits("77", "day"), fits("11", "day"), fits("13", "month")
    (True, False, True, False)
    """
    c = core(text)
    if role is not None:
        limit = 31 if role == "day" else 12
        return c.isdigit() and 1 <= int(c) <= limit
    m = _DATE.fullmatch(c)
    if m:
        d, mo, y = int(m.group(1)), int(m.group(3)), m.group(4)
        return 1 <= d <= 31 and 1 <= mo <= 12 and len(y) == 4 and 1900 <= int(y) <= 2100
    m = _DAY_MONTH.fullmatch(c)
    if m:
        return 1 <= int(m.group(1)) <= 31 and 1 <= int(m.group(3)) <= 12
    if c.isdigit():
        return len(c) <= 4 and (len(c) < 4 or 1900 <= int(c) <= 2100 or c.startswith("0"))
    if _PLAIN.fullmatch(c):
        return True
    return _NUMBER.fullmatch(c) is not None


def _key(text: str, code: bool) -> str:
    """What two readings must share to agree: the characters a re-read can give (a
    glued "ngày" is "ngy" to it), leading zeros dropped; for a số ký hiệu, the digits
    before its first letter
    (serial and year: "320/QĐ-TTg" and "320/QĐ-T1g" agree, the letters are not judged)."""
    kept = re.sub(r"(?<!\d)0+(?=\d)", "", "".join(ch for ch in _plain(text) if ch in CODES))
    if not code:
        return kept  # "06" and "6" agree
    head = re.split(r"[^\W\d_]", kept, maxsplit=1)[0]
    return "|".join(re.findall(r"\d+", head))


def _plain(text: str) -> str:
    return text.replace("\u2044", "/").replace("\u00d0", "Đ")


_LOOKALIKE_BY_DIGIT = re.compile(r"(?<=\d)[IlO|]|[IlO|](?=\d)")


def _lookalike_fix(first: str, own: str, got: Sequence[str]) -> str | None:
    """A số ký hiệu whose digits the re-reads confirm, with a look-alike letter next to
    a digit that two thirds of them do not read ("UBTVQHI14" re-read "UBTVQH14")."""
    counts = Counter(g for g in got if fits(g))
    if not counts:
        return None
    best, n = counts.most_common(1)[0]
    if 3 * n < 2 * len(got) or best == own:
        return None
    same = _LOOKALIKE_BY_DIGIT.sub("", _plain(own)) == _LOOKALIKE_BY_DIGIT.sub("", best)
    return first.replace(own, best, 1) if same else None


def _letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalpha())


def _year_of(text: str) -> str | None:
    m = _DATE.fullmatch(text)
    return m.group(4) if m else None


def vote(
    first: str, rereads: Sequence[str], *, conf: float, role: str | None = None
) -> tuple[bool | None, str | None]:
    """(verified, replacement) for one word from its re-reads.

    ``verified``: True when most re-reads agree with the first reading (or it is a date
    whose year cannot be and most re-reads read that year: the print is wrong, not
    the reading), False when they do not, None when no re-read gave anything.
    ``replacement``: the reading the re-reads agree on (two thirds of those that read
    something, two at least, more than agree with the first reading; it fits the
    pattern), when it may replace the first one: the first reading does not fit, or
    was read unsure, holds only characters a re-read can give, and the two differ in
    digits and separators only (a code's letters are never changed: "QHĐP" read "QHDP"
    and re-read "QHP" stays as read; the one exception, with ``verified`` true: a
    look-alike letter next to a digit in a số ký hiệu read unsure whose digits the
    re-reads confirm, "UBTVQHI14" re-read "UBTVQH14").
    """
    own = core(first)
    code = role is None and charset(own) == CODES
    got = [core(r) for r in rereads if core(r)]
    if not got:
        return None, None
    agree = sum(_key(g, code) == _key(own, code) for g in got)
    if agree * 2 > len(got):
        return True, _lookalike_fix(
            first, own, got
        ) if code and conf < SETTINGS.repair_below else None
    year = _year_of(own)
    if (
        year is not None
        and not fits(own, role)
        and sum(_year_of(g) == year for g in got) * 2 > len(got)
    ):
        return True, None  # the impossible year is printed: "08/6/20210" re-read "06/6/20210"
    groups: dict[str, list[str]] = {}
    for g in got:
        groups.setdefault(_key(g, code), []).append(g)
    best_key, members = max(groups.items(), key=lambda kv: len(kv[1]))
    n = len(members)
    shaped = [g for g in members if fits(g, role)]
    agreed = n >= 2 and 3 * n >= 2 * len(got) and n > agree and bool(shaped)
    # "47/NQ-CPngày": a reading with letters the re-reads cannot give is never replaced
    readable = set(_plain(own)) <= set(CODES)
    if agreed and readable and (not fits(own, role) or conf < SETTINGS.repair_below):
        seps = re.sub(r"[^/.\-]", "", own)
        counts = Counter(shaped)
        best = max(counts, key=lambda g: (counts[g], re.sub(r"[^/.\-]", "", g) == seps))
        if role is not None and len(best) != len(own):
            return False, None  # an italic "11" read "I1" and re-read "1": a digit lost
        if not code or _letters(best) == _letters(own):  # a code's letters are never changed
            return False, first.replace(own, best, 1)
    return False, None


def otsu(a: NDArray[np.uint8]) -> int:
    """Otsu's threshold of a grayscale array."""
    hist = np.bincount(a.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    if total == 0:
        return 128
    levels = np.arange(256, dtype=np.float64)
    w0 = np.cumsum(hist)
    m0 = np.cumsum(hist * levels)
    mean = m0[-1] / total
    w1 = total - w0
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean * w0 - m0) ** 2 / (w0 * w1)
    between[~np.isfinite(between)] = 0
    return int(np.argmax(between))


def _back(x: float, y: float, w: int, h: int, angle: float) -> tuple[float, float]:
    """A point of the deskewed image back in the unturned one (``Image.rotate`` turns
    by ``angle`` degrees counter-clockwise about the centre)."""
    t = math.radians(angle)
    cx, cy = w / 2, h / 2
    dx, dy = x - cx, y - cy
    return cx + dx * math.cos(t) - dy * math.sin(t), cy + dx * math.sin(t) + dy * math.cos(t)


def crop_word(
    hi: Image.Image,
    w: OcrWord,
    *,
    scale: float,
    size: tuple[int, int],
    angle: float,
    margin: float = SETTINGS.margin,
) -> Image.Image:
    """The word's box and ``margin`` × its height around it, from the re-render ``hi``
    (``scale`` × the OCR image), level."""
    m = margin * w.height
    x0, y0 = w.left - m, w.top - m
    x1, y1 = w.left + w.width + m, w.top + w.height + m
    if not angle:
        return hi.crop((round(x0 * scale), round(y0 * scale), round(x1 * scale), round(y1 * scale)))
    cx, cy = _back((x0 + x1) / 2, (y0 + y1) / 2, size[0], size[1], angle)
    half_w, half_h = (x1 - x0) / 2, (y1 - y0) / 2
    pad = abs(math.sin(math.radians(angle))) * max(half_w, half_h) + 2
    box = (
        round((cx - half_w - pad) * scale),
        round((cy - half_h - pad) * scale),
        round((cx + half_w + pad) * scale),
        round((cy + half_h + pad) * scale),
    )
    big = hi.crop(box).rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
    px, py = round(pad * scale), round(pad * scale)
    return big.crop((px, py, big.width - px, big.height - py))


def _binarise(crop: Image.Image, offset: int) -> Image.Image:
    a = np.asarray(crop.convert("L"))
    t = min(250, max(5, otsu(a) + offset))
    return Image.fromarray(np.where(a > t, 255, 0).astype(np.uint8), mode="L")


def charset(text: str) -> str:
    """The characters a re-read of this word may give: digits and separators for a
    number or a date, letters too for a số ký hiệu.

    >>> charset("07/9/2015;") == DIGITS, charset("72/2015/NĐ-CP") == CODES
    (True, True)
    """
    c = core(text)
    return DIGITS if _NUMERIC.fullmatch(c) or LOOKALIKE_NUMBER.fullmatch(c) else CODES


def _read_stacked(crops: Sequence[Image.Image], dpi: int, chars: str) -> list[str]:
    """The crops stacked with white gaps, read in one run: the text of each crop."""
    width = max(c.width for c in crops) + 2 * GAP
    height = sum(c.height + GAP for c in crops) + GAP
    canvas = Image.new("L", (width, height), 255)
    spans: list[tuple[int, int]] = []
    y = GAP
    for c in crops:
        canvas.paste(c, (GAP, y))
        spans.append((y, y + c.height))
        y += c.height + GAP
    words = parse_tsv(
        run_tesseract(canvas, dpi=dpi, psm=6, config=(f"tessedit_char_whitelist={chars}",))
    )
    out: list[list[OcrWord]] = [[] for _ in crops]
    for w in words:
        mid = w.top + w.height / 2
        for k, (top, bottom) in enumerate(spans):
            if top - GAP / 2 <= mid <= bottom + GAP / 2:
                out[k].append(w)
                break
    return ["".join(w.text for w in sorted(ws, key=lambda w: w.left)) for ws in out]


def dropped_in_text(w: OcrWord, header_bottom: float) -> bool:
    """A number the page-wide run read unsure and dropped as a speck ("tháng 01 năm" with
    "01" at 38, a whole "45/2014/NĐ-CP" at 0) below the header's handwritten blanks: it is
    re-read, and comes back only when the re-reads confirm it and it fits its pattern."""
    return w.speck and is_candidate(w.text) and w.top >= header_bottom


def to_verify(words: Sequence[OcrWord], header_bottom: float | None = None) -> list[OcrWord]:
    """The words of a page to re-read, least sure first, at most ``max_words``; with a
    ``header_bottom`` (pixels), dropped numbers below it too (:func:`dropped_in_text`)."""
    roles = _roles(words)
    chosen = [
        w
        for w in words
        if (
            not w.speck
            or id(w) in roles
            or (header_bottom is not None and dropped_in_text(w, header_bottom))
        )
        and (is_candidate(w.text) or id(w) in roles)
        and (w.conf < SETTINGS.sure or not fits(w.text, roles.get(id(w))))
        and w.height >= 6
    ]
    chosen.sort(key=lambda w: (fits(w.text, roles.get(id(w))), w.conf))
    return chosen[: SETTINGS.max_words]


def rerender_dpi(size: tuple[int, int], dpi: int) -> int:
    """The re-render's resolution for a page OCRed at ``dpi`` with ``size`` pixels:
    ``SETTINGS.dpi``, lower when the page is so large that it would pass ``max_pixels``.

    >>> rerender_dpi((2480, 3508), 300), rerender_dpi((9920, 14032), 300)
    (500, 160)
    """
    limit = dpi * math.sqrt(SETTINGS.max_pixels / max(size[0] * size[1], 1))
    return int(min(SETTINGS.dpi, limit))


def render_gray(path: Path, index: int, dpi: int) -> Image.Image:
    """A PDF page as a grayscale image at ``dpi``."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[index]
        img: Image.Image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        page.close()
    finally:
        pdf.close()
    return img


def _dropped_digits(w: OcrWord) -> bool:
    """Digits the page-wide run dropped as a speck although read nearly sure enough
    (a printed "09" at 82): re-read in a date, kept when the re-reads agree and fit."""
    return w.speck and w.text.isdigit() and w.conf >= SETTINGS.speck_digits


def _roles(words: Sequence[OcrWord]) -> dict[int, str]:
    """id(word) → "day" / "month" for a number followed by "tháng" / "năm" on its line."""
    out: dict[int, str] = {}
    for line in lines_of([w for w in words if not w.speck or _dropped_digits(w)]):
        for w, nxt in zip(line, line[1:], strict=False):
            role = ROLE_BEFORE.get(core(nxt.text).lower())
            if role is not None and (is_candidate(w.text) or LOOKALIKE.fullmatch(core(w.text))):
                out[id(w)] = role  # "ngày II tháng": a day read as letters is re-read too
    return out


def verify_words(
    words: Sequence[OcrWord],
    hi: Image.Image,
    *,
    scale: float,
    size: tuple[int, int],
    angle: float,
    first_page: bool = True,
) -> int:
    """Re-read the page's numbers from ``hi`` and record the votes on the words
    (``verified``, ``rereads``, a repaired ``text`` with ``ocr_text`` keeping the first
    reading). Returns how many words were re-read. ``first_page``: the page has a header
    whose blanks only the handwriting reader reads."""
    header_bottom = SETTINGS.header_zone * size[1] if first_page else 0.0
    chosen = to_verify(words, header_bottom)
    if not chosen:
        return 0
    roles = _roles(words)
    crops = [crop_word(hi, w, scale=scale, size=size, angle=angle) for w in chosen]
    dpi = round(scale * 300)
    readings: list[list[str]] = [[] for _ in chosen]
    # a day or month is re-read as digits whatever OCR read ("II")
    kinds = [DIGITS if id(w) in roles else charset(w.text) for w in chosen]
    # a số ký hiệu is re-read with the page's code letters only ("NĐCP": no "L" for "1")
    letters = {
        ch
        for w, k in zip(chosen, kinds, strict=True)
        if k == CODES
        for ch in core(w.text)
        if ch.isalpha()
    }
    code_chars = DIGITS + "".join(sorted(letters & set(CODES)))
    for chars in (DIGITS, code_chars):
        group = [
            k for k, kind in enumerate(kinds) if kind == (DIGITS if chars == DIGITS else CODES)
        ]
        if not group:
            continue
        for offset in (0, *SETTINGS.thresholds):
            texts = _read_stacked([_binarise(crops[k], offset) for k in group], dpi, chars)
            for k, t in zip(group, texts, strict=True):
                readings[k].append(t)
    for w, rereads in zip(chosen, readings, strict=True):
        role = roles.get(id(w))
        verified, replacement = vote(w.text, rereads, conf=w.conf, role=role)
        if w.speck:  # a dropped day or month comes back only when confirmed and fitting
            if not (verified and fits(w.text, role)):
                continue
            w.speck = False
        w.verified = verified
        w.rereads = tuple(rereads)
        if replacement is not None:
            w.ocr_text = w.text
            w.text = replacement
            w.verified = True
    return len(chosen)


def lost_parts(
    words: Sequence[OcrWord], *, page_height: int, first_page: bool
) -> list[tuple[int, OcrWord, OcrWord, str]]:
    """(index to insert at, a box over the whole "ngày … tháng" (or "tháng … năm"), a box
    over the gap, role) for every such pair whose gap is wide enough to hold the number
    the page-wide run lost.

    >>> def w(t, left, width=20): return OcrWord(t, 96.0, left, 100, width, 20, 1, 1, 1)
    >>> line = [w("ngày", 0, 40), w("tháng", 90, 50), w("10", 146), w("năm", 172)]
    >>> [(i, phrase.left, phrase.width, gap.left, gap.width, role) for i, phrase, gap, role
    ...  in lost_parts(line, page_height=3000, first_page=False)]
    [(1, 0, 140, 41, 48, 'day')]
    """
    index = {id(w): i for i, w in enumerate(words)}
    out: list[tuple[int, OcrWord, OcrWord, str]] = []
    for line in lines_of([w for w in words if not w.speck]):
        for a, b in zip(line, line[1:], strict=False):
            role = GAP_ROLES.get((core(a.text).lower(), core(b.text).lower()))
            if role is None:
                continue
            if first_page and a.top < SETTINGS.header_zone * page_height:
                continue
            height = max(a.height, b.height)
            gap = b.left - (a.left + a.width)
            if gap < SETTINGS.gap * height:
                continue
            top = min(a.top, b.top)
            phrase = OcrWord("", 0.0, a.left, top, b.left + b.width - a.left, height,
                             a.block, a.par, a.line)  # fmt: skip
            hole = OcrWord("", 0.0, a.left + a.width + 1, top, gap - 2, height,
                           a.block, a.par, a.line)  # fmt: skip
            out.append((index[id(a)] + 1, phrase, hole, role))
    return out


_LOOKALIKE_DIGITS = str.maketrans(
    {"l": "1", "I": "1", "|": "1", "Ì": "1", "Í": "1", "]": "1", "O": "0", "o": "0"}
)


def _middle(words: Sequence[OcrWord]) -> str:
    """What a phrase re-read gives between its first and last word, look-alike letters
    read as digits ("ngày 3l tháng" → "31"); "" when it did not give three words."""
    if len(words) != 3:
        return ""
    return core(words[1].text).translate(_LOOKALIKE_DIGITS)


def part_value(words: Sequence[OcrWord], role: str) -> str | None:
    """The day or month a phrase re-read gives between its first and last word, when its
    middle word has one reading that fits ``role``: look-alike letters read as digits,
    with a bracket at its edge read as a "1" or as a mark ("l1]" → "11", not "111").

    >>> def w(t): return OcrWord(t, 90.0, 0, 0, 10, 10, 1, 1, 1)
    >>> [part_value([w("tháng"), w(t), w("năm")], "month") for t in ("lÌ", "l1]", "1]", "TlÌ")]
    ['11', '11', None, None]
    """
    if len(words) != 3:
        return None
    raw = words[1].text
    values = {
        v
        for v in (core(raw.translate(_LOOKALIKE_DIGITS)), core(raw).translate(_LOOKALIKE_DIGITS))
        if fits(v, role)
    }
    return values.pop() if len(values) == 1 else None


def join_split_parts(words: list[OcrWord]) -> int:
    """A day or month cut into two words of digits ("ngày 3 1 tháng": g.pdf's "31" came
    out as two specks, each confirmed by its re-reads) is one word again when the digits
    together fit the part's role; the words are merged in place (box, least confidence,
    both confirmed). Returns how many were joined.

    >>> def w(t, left, width=20, **kw): return OcrWord(t, 90.0, left, 100, width, 20, 1, 1, 1, **kw)
    >>> line = [w("ngày", 0, 40), w("3", 50, 8, verified=True), w("1", 66, 6, verified=True),
    ...         w("tháng", 80, 50)]
    >>> join_split_parts(line), [x.text for x in line]
    (1, ['ngày', '31', 'tháng'])
    >>> line = [w("ngày", 0, 40), w("3", 50, 8, verified=True), w("4", 66, 6, verified=True),
    ...         w("tháng", 80, 50)]
    >>> join_split_parts(line), [x.text for x in line]
    (0, ['ngày', '3', '4', 'tháng'])
    """
    joined = 0
    for line in lines_of([w for w in words if not w.speck]):
        for a, b, c, d in zip(line, line[1:], line[2:], line[3:], strict=False):
            role = GAP_ROLES.get((core(a.text).lower(), core(d.text).lower()))
            if role is None or not (b.text.isdigit() and c.text.isdigit()):
                continue
            if b.verified is not True or c.verified is not True or not fits(b.text + c.text, role):
                continue
            b.text = b.text + c.text
            b.width = c.left + c.width - b.left
            bottom = max(b.top + b.height, c.top + c.height)
            b.top = min(b.top, c.top)
            b.height = bottom - b.top
            b.conf = min(b.conf, c.conf)
            b.rereads = b.rereads + c.rereads
            words.remove(c)
            joined += 1
    return joined


def misread_parts(
    words: Sequence[OcrWord], *, page_height: int, first_page: bool
) -> list[tuple[OcrWord, OcrWord, str, bool]]:
    """(the date part, a box over it and the words around it, role, in the header's date)
    for every day or month still read as something that is not one ("tháng l1 năm",
    "tháng IÌ năm": an italic "11" the digit re-reads cannot read either; "tháng Š năm").
    The last item says the part lies in the place and date line of page 1's header zone,
    where a day may be filled in by hand.

    >>> def w(t, left, width=20): return OcrWord(t, 60.0, left, 100, width, 20, 1, 1, 1)
    >>> line = [w("tháng", 0, 50), w("l1", 60), w("năm", 90, 40), w("2019", 140)]
    >>> [(part.text, box.left, box.width, role, head) for part, box, role, head
    ...  in misread_parts(line, page_height=3000, first_page=False)]
    [('l1', 0, 130, 'month', False)]
    """
    out: list[tuple[OcrWord, OcrWord, str, bool]] = []
    for line in lines_of([w for w in words if not w.speck]):
        for a, b, c in zip(line, line[1:], line[2:], strict=False):
            role = GAP_ROLES.get((core(a.text).lower(), core(c.text).lower()))
            if role is None or fits(b.text, role) or not LOOKALIKE_PART.fullmatch(core(b.text)):
                continue
            head = first_page and a.top < SETTINGS.header_zone * page_height and _dated_place(line)
            top = min(a.top, b.top, c.top)
            bottom = max(x.top + x.height for x in (a, b, c))
            box = OcrWord("", 0.0, a.left, top, c.left + c.width - a.left, bottom - top,
                          a.block, a.par, a.line)  # fmt: skip
            out.append((b, box, role, head))
    return out


COLOURED_INK = 0.3
"""A word whose dark pixels are this share red or blue ink or more is written in colour."""


def _in_colour(
    colour: Image.Image, w: OcrWord, *, scale: float, size: tuple[int, int], angle: float
) -> bool:
    """The word's ink is coloured (a hand's blue or red pen), from the colour render (the
    word's box found again through the deskew turn; the small turn itself does not matter).

    >>> blue = Image.new("RGB", (100, 40), "white"); blue.paste((20, 40, 200), (10, 10, 60, 30))
    >>> black = Image.new("RGB", (100, 40), "white"); black.paste((0, 0, 0), (10, 10, 60, 30))
    >>> w = OcrWord("II", 50.0, 0, 0, 100, 40, 1, 1, 1)
    >>> [_in_colour(im, w, scale=1.0, size=(100, 40), angle=0.0) for im in (blue, black)]
    [True, False]
    """
    from vanban.extract.scan.raster import ink_mask

    cx, cy = w.left + w.width / 2, w.top + w.height / 2
    if angle:
        cx, cy = _back(cx, cy, size[0], size[1], angle)
    box = (
        round((cx - w.width / 2) * scale),
        round((cy - w.height / 2) * scale),
        round((cx + w.width / 2) * scale),
        round((cy + w.height / 2) * scale),
    )
    a = np.asarray(colour.convert("RGB").crop(box))
    ink = int(ink_mask(a).sum())
    dark = int((a.max(axis=2) < 100).sum())
    return ink > 0 and ink >= COLOURED_INK * (ink + dark)


def _dated_place(line: Sequence[OcrWord]) -> bool:
    """The line holds "<place>, ngày" (the header's place and date, whose blanks may be
    filled by hand)."""
    return any(
        a.text.endswith(",") and core(b.text).lower() == "ngày"
        for a, b in zip(line, line[1:], strict=False)
    )


LOOKALIKE_PART = re.compile(r"\S{1,3}")
"""A day or month read as up to three other characters ("l1", "IÌ", "Š", "ố")."""


def read_phrase(
    hi: Image.Image, box: OcrWord, *, scale: float, size: tuple[int, int], angle: float
) -> list[list[OcrWord]]:
    """The words of the phrase under ``box``, cut from the re-render ``hi`` and read as one
    line (``--psm 7``) in every binarisation: one list of words per binarisation."""
    from PIL import ImageOps

    crop = crop_word(hi, box, scale=scale, size=size, angle=angle, margin=0.15)
    dpi = round(scale * 300)
    reads = []
    for offset in (0, *SETTINGS.thresholds):
        image = ImageOps.expand(_binarise(crop, offset), border=GAP, fill=255)
        reads.append(parse_tsv(run_tesseract(image, dpi=dpi, psm=7)))
    return reads


def read_misread_parts(
    words: list[OcrWord],
    hi: Image.Image,
    *,
    scale: float,
    size: tuple[int, int],
    angle: float,
    first_page: bool,
    colour: Image.Image | None = None,
) -> int:
    """Read each phrase of :func:`misread_parts` again from ``hi`` as one line, in every
    binarisation (the words around give Tesseract its context, which a digits-only read
    of the part alone lacks); look-alike letters in the middle word are read as digits.
    The part is replaced only when three readings in four give the same number, it fits
    its role and no reading gives another number that does: ``verified``, ``ocr_text``
    keeping the first reading. In the header's place and date line only a part printed
    in black is read (``colour``, page 1's colour render, tells: mineru 1.pdf's italic "11"
    read "II"); a day written in blue or red ink is the handwriting reader's. Returns how
    many."""
    fixed = 0
    parts = misread_parts(words, page_height=size[1], first_page=first_page)
    for part, box, role, head in parts:
        if head and (
            colour is None or _in_colour(colour, part, scale=scale, size=size, angle=angle)
        ):
            continue
        reads = read_phrase(hi, box, scale=scale, size=size, angle=angle)
        got = [" ".join(w.text for w in read) for read in reads]
        values = [part_value(read, role) for read in reads]
        fitting = Counter(v for v in values if v is not None)
        if len(fitting) != 1:
            continue  # nothing fits, or two different numbers do
        value, n = fitting.most_common(1)[0]
        if 4 * n < 3 * len(got):
            continue  # three readings in four at least
        part.ocr_text, part.text = part.text, part.text.replace(core(part.text), value, 1)
        part.verified, part.rereads = True, tuple(got)
        fixed += 1
    return fixed


def read_lost_parts(
    words: list[OcrWord],
    hi: Image.Image,
    *,
    scale: float,
    size: tuple[int, int],
    angle: float,
    first_page: bool,
) -> int:
    """Read each phrase of :func:`lost_parts` again from ``hi`` (a line of its own, every
    binarisation: the words around the gap give Tesseract its context); the number between
    them is put back into ``words`` only when every reading gives the same one and it fits
    its role (a day 1–31, a month 1–12): ``verified``, its re-reads kept, ``ocr_text`` ""
    (the first run read nothing there). Returns how many were put back."""
    found = 0
    for at, phrase, hole, role in sorted(
        lost_parts(words, page_height=size[1], first_page=first_page), key=lambda g: -g[0]
    ):
        reads = read_phrase(hi, phrase, scale=scale, size=size, angle=angle)
        got = [_middle(read) for read in reads]
        first = got[0]
        if not first or any(r != first for r in got) or not fits(first, role):
            continue
        hole.text, hole.conf, hole.verified, hole.rereads, hole.ocr_text = (
            first, 0.0, True, tuple(got), ""
        )  # fmt: skip
        words.insert(at, hole)
        found += 1
    return found
