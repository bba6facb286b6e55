"""Numbers and days written by hand in the blanks of a scanned header.

A Quyết định is printed with "Số:      /QĐ-TTg" and "ngày    tháng 4 năm 2024"; the
office writes the number and the day in by hand ("288", "08" on 288-ttg; "753" and "23"
in blue ink on kh-753). Tesseract reads them badly and the page-wide run drops them
as specks (``vanban.extract.scan.ocr.is_speck``), so the fields are null. Here each
blank of the first page's header is tried again:

* the blanks: between "Số:" and the code that follows it ("/QĐ-TTg": a printed
  number there is kept), between "ngày" and "tháng", between "tháng" and "năm", when
  no printed digits fill them;
* the ink is separated: the blank is cut from the page re-rendered at 500 dpi in
  colour; where blue or red ink is present only that ink is kept, otherwise the dark
  strokes; the dotted line written on is dropped (short runs of ink are not digits:
  components under ``MIN_STROKE`` of the blank's height);
* it is read with digits only (``--psm 7``), binarised four ways; the reads vote.

When at least three of the four reads give the same value and it fits the blank (a
number of 1–5 digits; a day 1–31, a month 1–12), a word is put in the blank with
``handwritten=True`` and a low confidence (``CONF``): the field comes out with that
value, ``handwritten: true`` and a confidence of at most 0.5. Otherwise nothing is
added: the field stays null with the header parser's ``number_unreadable`` /
``date_unreadable`` warning, as before.

>>> agreed(["288", "288", "288", "28"], "number"), agreed(["08", "8", "08", "08"], "day")
('288', '08')
>>> agreed(["23", "2", "", "25"], "day"), agreed(["45", "45", "45", "45"], "day")
(None, None)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
from PIL import Image

from vanban.extract.scan import raster
from vanban.extract.scan.tesseract import OcrWord, lines_of, parse_tsv, run_tesseract
from vanban.extract.scan.verify import otsu

CONF = 40.0
"""Confidence given to a handwritten value the reads agree on (Tesseract's 0–100)."""
HEADER_SHARE = 0.3
"""The header's blanks lie in this top share of the first page."""
AGREE = 3
"""Reads (of four) that must give the same value."""
MIN_STROKE = 0.35
"""Ink components lower than this share of the blank's height are dots, not digits."""
OFFSETS = (0, -25, 25, 50)
LIMITS = {"number": (1, 99999), "day": (1, 31), "month": (1, 12)}


def agreed(reads: Sequence[str], kind: str) -> str | None:
    """The value at least ``AGREE`` reads give, when it fits the blank ``kind``."""
    values = Counter(r for r in reads if r.isdigit())
    if not values:
        return None
    value, n = values.most_common(1)[0]
    lo, hi = LIMITS[kind]
    if n < AGREE or not (lo <= int(value) <= hi) or len(value) > 5:
        return None
    return value


def _blanks(words: Sequence[OcrWord], height: int) -> list[tuple[str, OcrWord, float, float]]:
    """(kind, word after the blank, left, right) of each unfilled blank, in pixels."""
    out: list[tuple[str, OcrWord, float, float]] = []
    top = [w for w in words if w.top < HEADER_SHARE * height]
    for line in lines_of(top):
        printed = [w for w in line if not w.speck]
        for a, b in zip(printed, printed[1:], strict=False):
            left, right = a.left + a.width, b.left
            between = [w for w in printed if left <= w.left < right]
            if between or right - left < 0.5 * a.height:
                continue
            head, nxt = a.text.rstrip(".:…").lower(), b.text.lower()
            if head == "ngày" and nxt == "tháng":
                out.append(("day", b, left, right))
            elif head == "tháng" and nxt == "năm":
                out.append(("month", b, left, right))
        if len(printed) >= 2 and printed[0].text.startswith("Số") and "/" in printed[1].text:
            a, b = printed[0], printed[1]
            # "Số:....": the dotted line the number is written on is part of the word
            start = a.left + (a.width * 3 / len(a.text) if len(a.text) > 3 else a.width)
            # the serial ends at the first "/" or, in a party number ("1210-QĐ/TU"), "-"
            prefix = re.split(r"[/\-]", b.text, maxsplit=1)[0]
            printed_serial = prefix.isdigit() and (b.conf >= 85 or b.verified is True)
            if not printed_serial:  # a number read sure, or confirmed by the re-reads
                cut = b.left + b.width * len(prefix) / max(len(b.text), 1)
                if cut - start >= 0.8 * a.height:
                    out.append(("number", b, start, cut))
    return out


def _ink(crop: Image.Image) -> np.ndarray:
    """Grayscale strokes of the blank: coloured ink alone when there is some."""
    rgb = np.asarray(crop.convert("RGB"))
    coloured = raster.ink_mask(rgb)
    gray = np.asarray(crop.convert("L")).astype(np.uint8)
    if coloured.mean() > 0.01:
        return np.where(coloured, 0, 255).astype(np.uint8)
    return gray


def _drop_dots(binary: np.ndarray) -> np.ndarray:
    """White out ink columns-runs too low to be digits (the dotted line)."""
    ink = binary < 128
    rows = np.nonzero(ink.any(axis=1))[0]
    if len(rows) == 0:
        return binary
    out = binary.copy()
    h = binary.shape[0]
    cols = np.nonzero(ink.any(axis=0))[0]
    # runs of inked columns; a run whose ink spans few rows is a dot or a dash
    start = None
    for x in [*cols.tolist(), -10]:
        if start is None:
            start, last = x, x
            continue
        if x == last + 1:
            last = x
            continue
        ys = np.nonzero(ink[:, start : last + 1].any(axis=1))[0]
        if len(ys) and ys.max() - ys.min() + 1 < MIN_STROKE * h:
            out[:, start : last + 1] = 255
        start, last = x, x
    return out


def read_blank(crop: Image.Image, dpi: int) -> list[str]:
    """Four digits-only reads of a blank's ink."""
    ink = _ink(crop)
    reads: list[str] = []
    t0 = otsu(ink)
    for off in OFFSETS:
        t = min(250, max(5, t0 + off))
        binary = _drop_dots(np.where(ink > t, 255, 0).astype(np.uint8))
        if (binary < 128).mean() < 0.002:
            reads.append("")
            continue
        padded = Image.new("L", (binary.shape[1] + 80, binary.shape[0] + 80), 255)
        padded.paste(Image.fromarray(binary, mode="L"), (40, 40))
        words = parse_tsv(
            run_tesseract(padded, dpi=dpi, psm=7, config=("tessedit_char_whitelist=0123456789",))
        )
        reads.append("".join(w.text for w in words))
    return reads


def blank_crop(
    hi: Image.Image,
    after: OcrWord,
    left: float,
    right: float,
    *,
    scale: float,
    size: tuple[int, int],
    angle: float,
) -> Image.Image:
    """The blank between ``left`` and ``right`` on the line of ``after``, a little
    taller than the printed words (handwriting rises above the line)."""
    from vanban.extract.scan.verify import crop_word

    box = OcrWord(
        "",
        0.0,
        round(left) + 2,
        after.top - after.height // 4,
        max(1, round(right - left) - 4),
        round(1.5 * after.height),
        after.block,
        after.par,
        after.line,
    )
    return crop_word(hi, box, scale=scale, size=size, angle=angle, margin=0.0)


def read_blanks(
    words: list[OcrWord],
    hi: Image.Image,
    *,
    scale: float,
    size: tuple[int, int],
    angle: float,
    dpi: int,
) -> int:
    """Fill the header's blanks whose handwriting the reads agree on (words added to
    ``words``, ``handwritten=True``); how many were filled."""
    filled = 0
    for kind, after, left, right in _blanks(words, size[1]):
        crop = blank_crop(hi, after, left, right, scale=scale, size=size, angle=angle)
        value = agreed(read_blank(crop, dpi), kind)
        if value is None:
            continue
        word = OcrWord(
            value,
            CONF,
            round(left) + 2,
            after.top,
            max(1, round(right - left) - 4),
            after.height,
            after.block,
            after.par,
            after.line,
        )
        word.handwritten = True
        word.rereads = ()
        if kind == "number" and not after.text.startswith(("/", "-")):
            cut = re.search(r"[/\-]", after.text).start()  # type: ignore[union-attr]
            shift = round(after.width * cut / len(after.text))
            after.text, after.left, after.width = (
                after.text[cut:],
                after.left + shift,
                after.width - shift,
            )
        words.append(word)
        filled += 1
    return filled
