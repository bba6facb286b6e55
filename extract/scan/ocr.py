"""OCR: page images → the layout model, with Tesseract ``vie`` (:mod:`vanban.extract.scan.tesseract`).

One page goes through (:func:`ocr_image`):

1. :func:`vanban.extract.scan.raster.suppress_ink` (red/blue stamps, seals, signatures → white)
   and :func:`vanban.extract.scan.raster.deskew`;
2. landscape check (:func:`vanban.extract.scan.raster.is_sideways`): a page whose text runs
   vertically is turned 90° both ways and the turn with the better OCR confidence wins;
3. ruling-line tables (:func:`vanban.extract.scan.tables.find_grids`): the lines are erased
   before OCR, the words are placed into cells afterwards (``Table(finder="ocr")``);
4. Tesseract ``vie``, ``--psm 3``, in-process (:mod:`vanban.extract.scan.tesseract`); words keep
   their box (PDF points from the page's top-left) and confidence (``Word.conf``);
   text goes through :func:`vanban.extract.hygiene.clean_text` ("Ð" → "Đ");
5. lines → the same fragments, two-column regions (header, signature block) and
   paragraphs as the typed-PDF reader (``vanban.extract.pdf.reader`` helpers), so the parsers see a
   scan exactly as they see a typed page.

:func:`ocr_pages` runs pages of a PDF in parallel processes (one per core).

>>> pages = ocr_pages(Path("28-pt.signed.pdf"), [1])                 # doctest: +SKIP
>>> pages[1].items[0].cells[0].text                                 # doctest: +SKIP
'ỦY BAN NHÂN DÂN\\nTỈNH PHÚ THỌ\\nSố: 28/2023/QĐ-UBND'
"""

from __future__ import annotations

import os
import re
import statistics
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import TypeVar

import numpy as np
from PIL import Image

from vanban.extract.hygiene import is_vietnamese_syllable, strip_diacritics
from vanban.extract.pdf.blocks import assemble_items
from vanban.extract.pdf.regions import group_rows, region_table, text_regions
from vanban.extract.pdf.settings import SETTINGS as PDF_SETTINGS
from vanban.extract.pdf.words import Fragment, PdfWord
from vanban.extract.scan import handwriting, raster, verify, word_repair
from vanban.extract.scan.names import known_names, restore_names
from vanban.extract.scan.repair import lexicon, ocr_text
from vanban.extract.scan.tables import Grid, erase_boxes, erase_rules, grid_table, split_ruled
from vanban.extract.scan.tesseract import OcrWord, lines_of, parse_tsv, run_tesseract
from vanban.extract.scan.words import detach_hyphens, split_words, syllables
from vanban.models.layout import BBox, Block, LayoutWarning, Page, Table

MIN_WORD_CONF = 25.0
"""Words below this confidence are specks, stamp fragments or unreadable handwriting."""
SHORT_WORD_CONF = 50.0
"""Words with at most one letter or digit need at least this confidence."""
HEADER_ZONE = 0.25
"""The header (issuer | motto, number | place and date) lies in the top quarter of a page."""
HEADER_GAP = 0.8
"""In the header zone a gap this many × font size may separate the two columns."""
MOTTO_STARTS = frozenset({"cong", "dang", "doc"})
"""Unaccented first word of the right header column ("CỘNG HÒA", "ĐẢNG", "Độc lập")."""
DIGITS_CONF = 85.0
"""Words of digits only need this confidence (printed digits read at 90+; handwritten
numbers and days in the header come out at 30–80 and would be guesses)."""
DIGIT_JOIN_GAP = 0.6
"""Pieces of one số ký hiệu closer than this × font size are joined."""
SYMBOL_CONF = 70.0
"""Words of symbols only ("=", "|", "¬": seal and stamp edges) need this confidence."""
LOW_CONF = 60.0
"""A page whose median word confidence is below this gets an ``ocr_low_confidence`` warning."""


_T = TypeVar("_T")
_R = TypeVar("_R")


@dataclass(slots=True)
class PageOcr:
    """A page's OCR result before layout: words, image size, what was done to the image."""

    words: list[OcrWord]
    width_px: int
    height_px: int
    dpi: int
    skew: float = 0.0
    turned: int = 0
    grids: list[Grid] = field(default_factory=list)
    stamps: list[tuple[int, int, int, int]] = field(default_factory=list)


_RULE_CHARS = frozenset("-–—_.…*")


DETACHED_MARKS = frozenset("ˆ˜`´¨^~ˇ˘¸˙")
"""Accents Tesseract reads on their own (a hat above a line): never a word."""


def is_speck(w: OcrWord) -> bool:
    """Noise, not text: a guess is worse than a gap (an unread day gives a blank date)."""
    if set(w.text) <= DETACHED_MARKS:
        return True
    if w.conf < MIN_WORD_CONF:
        # Tesseract gives 0 to some well-read words (a cell's second line merged into the
        # first): a real Vietnamese syllable of two or more letters is kept, flagged by
        # its confidence; anything else this unsure is noise
        core = w.text.strip(".,;:()\"'“”")
        return not (len(core) >= 2 and is_vietnamese_syllable(core))
    alnum = sum(ch.isalnum() for ch in w.text)
    if not alnum:
        is_rule = set(w.text) <= _RULE_CHARS and len(w.text) >= 3
        return not is_rule and w.conf < SYMBOL_CONF
    if w.text.rstrip(".,;:").isdigit() and w.conf < DIGITS_CONF:
        return True  # handwritten numbers and days: a wrong digit is worse than a blank
    return alnum <= 1 and w.conf < SHORT_WORD_CONF


_NUMERAL_LOOKALIKE = re.compile(r"^[IVXLCHl1|]{1,6}[.)]$")


def keep_heading_numerals(words: Sequence[OcrWord]) -> None:
    """A section heading's numeral read unsure ("II." read "IH." at 19) is kept, as read,
    when it opens a line of capitals ("IH. NỘI DUNG PHỐI HỢP"): the task parser repairs it
    from the section before it; dropped, the section would be lost."""
    for line in lines_of(words):
        first, rest = line[0], [w for w in line[1:] if not w.speck]
        if not (first.speck and _NUMERAL_LOOKALIKE.match(first.text) and len(rest) >= 2):
            continue
        letters = [ch for w in rest for ch in w.text if ch.isalpha()]
        if len(letters) >= 6 and all(ch.isupper() for ch in letters):
            first.speck = False


def mean_conf(words: Sequence[OcrWord]) -> float:
    """Character-weighted mean confidence of the words (0 when there are none)."""
    total = sum(len(w.text) for w in words)
    if not total:
        return 0.0
    return sum(w.conf * len(w.text) for w in words) / total


def _ocr_turns(gray: Image.Image, dpi: int) -> tuple[list[OcrWord], Image.Image, int]:
    """A sideways page: OCR both 90° turns, keep the one Tesseract is surer of."""
    best: tuple[float, list[OcrWord], Image.Image, int] | None = None
    for turn in (90, 270):
        img = gray.rotate(turn, expand=True, fillcolor=255)
        words = parse_tsv(run_tesseract(img, dpi=dpi))
        score = mean_conf(words) * min(1.0, len(words) / 50)
        if best is None or score > best[0]:
            best = (score, words, img, turn)
    assert best is not None
    return best[1], best[2], best[3]


def recognise(img: Image.Image, dpi: int = raster.SETTINGS.dpi) -> tuple[PageOcr, Image.Image]:
    """Prepare one page image and OCR it (words in pixels of the prepared image)."""
    gray, skew = raster.prepare(img)
    turned = 0
    if raster.is_sideways(gray):
        _, gray, turned = _ocr_turns(gray, dpi)
        gray, extra = raster.deskew(gray)
        skew += extra
    grids, stamps = split_ruled(gray, dpi=dpi)
    if stamps:
        gray = erase_boxes(gray, stamps)
    clean = erase_rules(gray, grids) if grids else gray
    words = parse_tsv(run_tesseract(clean, dpi=dpi))
    for w in words:
        w.speck = is_speck(w)
    keep_heading_numerals(words)
    if grids:
        words = reread_cells(clean, grids, words, dpi=dpi)
    words = split_words(detach_hyphens(words, np.asarray(clean.convert("L")) < 128))
    restore_names(words)
    if word_repair.repairing():
        word_repair.repair_words(words)
    result = PageOcr(words, gray.width, gray.height, dpi, skew=skew, turned=turned, grids=grids)
    result.stamps = stamps
    return result, gray


# ------------------------------------------------------------------ table cells

CELL_GAP = 60
"""White pixels between two cell crops stacked for one Tesseract run."""
NUMBER_COLUMN = 0.1
"""A first column narrower than this share of the table holds the row numbers (STT)."""
CELL_INK = 0.004
"""A cell whose share of ink pixels is above this is not empty."""


Crop = tuple[int, int, int, int]
ROW_NUMBER = re.compile(r"^(?:\d{1,3}(?:[.,]\d{1,3}){0,3}|[IVXLC]{1,6})[.)]?$")
"""What a number-column cell holds: "1", "1.1", "2.10", "IV", "3)"."""
DIGIT_WHITELIST = "tessedit_char_whitelist=0123456789.,)IVXLC"


Band = tuple[int, int]
"""An ink line: its first and past-last pixel row."""
INK_LINE_MM = 1.0
"""A band of inked pixel rows at least this high (at the page's dpi) is a text line."""
INK_LINE_PIXELS = 40
"""… and holds at least this many ink pixels (leftovers of an erased rule do not)."""


@dataclass(frozen=True, slots=True)
class _CellRead:
    """A cell to read again: its box, whether it is a number-column cell (``head``: the
    column's top cell), and for a cell that has words, where the page-wide run lost
    text: ``lost`` ink lines without a word, ``holes`` (the start of lines that open
    with a lone ".", digits dropped as specks; boxes in page pixels), and every ink line
    of the cell (``lines``)."""

    crop: Crop
    number: bool = False
    head: bool = False
    lost: tuple[Crop, ...] = ()
    holes: tuple[Crop, ...] = ()
    lines: tuple[Band, ...] = ()


def ink_lines(ink: np.ndarray, *, min_height: int) -> list[Band]:
    """The text lines of a cell's ink mask: runs of inked pixel rows (gaps of up to two
    rows bridged), at least ``min_height`` high and holding ``INK_LINE_PIXELS`` ink.

    >>> m = np.zeros((60, 50), bool); m[5:20, 3:40] = True; m[30:32, 3:40] = True; m[40:55, 3:30] = True
    >>> ink_lines(m, min_height=10)
    [(5, 20), (40, 55)]
    """
    rows = ink.sum(axis=1) > 0
    out: list[Band] = []
    start: int | None = None
    gap = 0
    for y, on in enumerate([*rows.tolist(), False, False, False]):
        if on:
            start = y if start is None else start
            gap = 0
        elif start is not None:
            gap += 1
            if gap > 2:
                end = y - gap + 1
                if end - start >= min_height and ink[start:end].sum() >= INK_LINE_PIXELS:
                    out.append((start, end))
                start, gap = None, 0
    return out


def _cell_lines(ink: np.ndarray, box: Crop, *, min_height: int) -> list[Band]:
    """The ink lines of the cell at ``box``, in page pixel rows."""
    x0, y0, x1, y1 = box
    return [(y0 + a, y0 + b) for a, b in ink_lines(ink[y0:y1, x0:x1], min_height=min_height)]


ORPHAN_MARKS = frozenset(".,;:")
"""A printed line never opens with one of these alone: what stood before it was lost
("1." read "." when a bold "1" was taken for a rule)."""


PRINTED_DIGITS_CONF = 80.0
"""Digits in a table cell dropped as a speck (below ``DIGITS_CONF``) but read at least this
sure ("thuộc 05 khoa" at 83) are read again with the cell: a cell holds print, not the
handwriting of a header's blanks."""


def _in_box(w: OcrWord, box: Crop) -> bool:
    x0, y0, x1, y1 = box
    return x0 <= w.left + w.width / 2 <= x1 and y0 <= w.top + w.height / 2 <= y1


def _unread(
    lines: Sequence[Band], box: Crop, words: Sequence[OcrWord]
) -> tuple[list[Crop], list[Crop]]:
    """Where the cell at ``box`` lost text: its ink lines no kept word lies on; and holes:
    the start of the lines whose first kept word is a lone "." or "," (up to the next
    word: its number or word was lost), digits dropped as specks though nearly sure."""
    inside = [w for w in words if _in_box(w, box)]
    lost: list[Crop] = []
    holes: list[Crop] = [
        (w.left - 4, w.top - 4, w.left + w.width + 4, w.top + w.height + 4)
        for w in inside
        if w.speck and w.text.isdigit() and w.conf >= PRINTED_DIGITS_CONF
    ]
    for a, b in lines:
        on = sorted(_words_on(inside, [(a, b)]), key=lambda w: w.left)
        if not on:
            lost.append((box[0], a - 4, box[2], b + 4))
        elif set(on[0].text) <= ORPHAN_MARKS:
            end = on[1].left if len(on) > 1 else box[2]
            holes.append((box[0], a - 4, end, b + 4))
    return lost, holes


def _cells_to_reread(
    a: np.ndarray, grid: Grid, words: Sequence[OcrWord], *, dpi: int = 300
) -> list[_CellRead]:
    """Cells the page-wide run may have missed: inked cells with no word, cells with an
    ink line no word lies on (299-ttg: "Trước ngày" over a date read, a date read as a
    speck) or opening with a lone "." ("1. Nghị định" read ". Nghị định"), and the
    number column ("1.1" read "11", a lone bold "1" dropped in a narrow cell)."""
    out: list[_CellRead] = []
    ink = a < 128
    min_height = round(INK_LINE_MM / 25.4 * dpi)
    number_col = grid.xs[1] - grid.xs[0] < NUMBER_COLUMN * (grid.xs[-1] - grid.xs[0])
    for (r, c), (rs, cs) in grid.spans.items():
        x0, y0, x1, y1 = grid.xs[c] + 6, grid.ys[r] + 6, grid.xs[c + cs] - 6, grid.ys[r + rs] - 6
        if x1 - x0 < 10 or y1 - y0 < 10:
            continue
        box = (x0, y0, x1, y1)
        if number_col and c == 0:
            out.append(_CellRead(box, number=True, head=r == 0))
            continue
        has_word = any(
            x0 <= w.left + w.width / 2 <= x1 and y0 <= w.top + w.height / 2 <= y1
            for w in words
            if not w.speck
        )
        if not has_word and ink[y0:y1, x0:x1].mean() > CELL_INK:
            out.append(_CellRead(box))
        elif has_word:
            lines = _cell_lines(ink, box, min_height=min_height)
            lost, holes = _unread(lines, box, words)
            if lost or holes:
                out.append(_CellRead(box, lost=(*lost,), holes=(*holes,), lines=(*lines,)))
    return out


def _read_stack(
    clean: Image.Image,
    crops: list[Crop],
    *,
    dpi: int,
    config: Sequence[str] = (),
    zoom: int = 1,
    psm: int = 6,
) -> list[list[OcrWord]]:
    """Crops stacked with white gaps, enlarged ``zoom`` times, read in one ``--psm 6``
    run (``psm``: 8 reads one crop as a single word): the words of each crop, in page
    pixels."""
    width = max(x1 - x0 for x0, _, x1, _ in crops) + 2 * CELL_GAP
    height = sum(y1 - y0 + CELL_GAP for _, y0, _, y1 in crops) + CELL_GAP
    canvas = Image.new("L", (width, height), 255)
    tops: list[int] = []
    y = CELL_GAP
    for box in crops:
        canvas.paste(clean.crop(box), (CELL_GAP, y))
        tops.append(y)
        y += box[3] - box[1] + CELL_GAP
    if zoom > 1:
        canvas = canvas.resize(
            (canvas.width * zoom, canvas.height * zoom), Image.Resampling.LANCZOS
        )
    fresh = parse_tsv(run_tesseract(canvas, dpi=zoom * dpi, psm=psm, config=config))
    out: list[list[OcrWord]] = [[] for _ in crops]
    for w in fresh:
        w.left, w.top = w.left // zoom, w.top // zoom
        w.width, w.height = w.width // zoom, w.height // zoom
        mid = w.top + w.height / 2
        for k, (top, (x0, y0, _x1, y1)) in enumerate(zip(tops, crops, strict=True)):
            if top - CELL_GAP / 2 <= mid <= top + (y1 - y0) + CELL_GAP / 2:
                w.left += x0 - CELL_GAP
                w.top += y0 - top
                w.block = 10_000 + k  # one Tesseract "line" per cell and line of it
                # a cell read on its own: digits here are printed row numbers, not handwriting
                w.speck = w.conf < MIN_WORD_CONF
                out[k].append(w)
                break
    return out


def _on(w: OcrWord, line: Band) -> bool:
    return not w.speck and line[0] - 4 <= w.top + w.height / 2 <= line[1] + 4


def _words_on(words: Sequence[OcrWord], lines: Sequence[Band]) -> list[OcrWord]:
    """The kept words that lie on one of the ink lines (pixel rows)."""
    return [w for w in words if any(_on(w, line) for line in lines)]


def _lines_read(words: Sequence[OcrWord], lines: Sequence[Band]) -> list[Band]:
    """The ink lines a kept word lies on."""
    return [line for line in lines if any(_on(w, line) for w in words)]


def _text_of(words: list[OcrWord]) -> str:
    return " ".join(w.text for w in words if not w.speck)


def reread_cells(
    clean: Image.Image, grids: list[Grid], words: list[OcrWord], *, dpi: int
) -> list[OcrWord]:
    """OCR again the cells the page-wide run may have missed.

    The cells are cropped to their ink and read together (:func:`_read_stack`); their
    words replace the page-wide words of those cells. Number-column cells whose reading
    is not a row number are read again with digits only (Tesseract's ``vie`` model reads
    a lone "5" as ")"), enlarged 2× and then as they are, and last each on its own as one
    word (``--psm 8``: a thin "1" is "|" or nothing in a block of text): the first reading
    that is a row number wins. Letters are taken for a header ("Stt", "TT") only in the
    column's top cell; below it, "bì" is a misread "5".
    """
    a = np.asarray(clean.convert("L"))
    crops: list[Crop] = []
    todo: list[_CellRead] = []
    for cell in (c for g in grids for c in _cells_to_reread(a, g, words, dpi=dpi)):
        x0, y0, x1, y1 = cell.crop
        ys, xs = np.nonzero(a[y0:y1, x0:x1] < 128)
        if len(ys) < 15:
            continue
        crops.append(
            (x0 + int(xs.min()), y0 + int(ys.min()), x0 + int(xs.max()) + 1, y0 + int(ys.max()) + 1)
        )
        todo.append(cell)
    if not crops:
        return words
    read = _read_stack(clean, crops, dpi=dpi)
    # a cell with lost lines is read anew when the re-read has a word on each of its
    # lines; else (and for a lost line start) the re-read's words fill what was lost
    added: list[OcrWord] = []
    dropped: list[Crop] = []
    keep: list[int] = []
    for k, cell in enumerate(todo):
        partly = cell.lost or cell.holes
        if not partly or (cell.lost and len(_lines_read(read[k], cell.lines)) == len(cell.lines)):
            keep.append(k)
            continue
        for region in (*cell.lost, *cell.holes):
            fresh = [w for w in read[k] if not w.speck and _in_box(w, region)]
            if fresh:
                added += fresh
                dropped.append(region)
    crops, todo, read = [crops[k] for k in keep], [todo[k] for k in keep], [read[k] for k in keep]
    numbered = [c.number for c in todo]
    heads = [c.head for c in todo]
    doubtful = [
        k
        for k, (ws, is_number, is_head) in enumerate(zip(read, numbered, heads, strict=True))
        if is_number
        and not ROW_NUMBER.match(_text_of(ws))
        # "Stt", "TT" heading the column; below it letters are a misread number ("5": "bì")
        and not (is_head and re.fullmatch(r"[^\W\d_]{2,}", _text_of(ws)))
    ]
    for zoom in (2, 1):  # small or thin digits read better enlarged; bold ones as they are
        if not doubtful:
            break
        digits = _read_stack(
            clean, [crops[k] for k in doubtful], dpi=dpi, config=(DIGIT_WHITELIST,), zoom=zoom
        )
        for k, ws in zip(doubtful, digits, strict=True):
            if ROW_NUMBER.match(_text_of(ws)):
                read[k] = ws
        doubtful = [k for k in doubtful if not ROW_NUMBER.match(_text_of(read[k]))]
    for k in doubtful:  # a lone thin "1" is a "|" or nothing to a block of text: one word
        ws = _read_stack(clean, [crops[k]], dpi=dpi, config=(DIGIT_WHITELIST,), psm=8)[0]
        if ROW_NUMBER.match(_text_of(ws)):
            read[k] = ws

    def in_crop(w: OcrWord) -> bool:
        cx, cy = w.left + w.width / 2, w.top + w.height / 2
        return any(x0 - 8 <= cx <= x1 + 8 and y0 - 8 <= cy <= y1 + 8 for x0, y0, x1, y1 in crops)

    def replaced(w: OcrWord) -> bool:
        return any(_in_box(w, region) for region in dropped)

    kept = [w for w in words if not in_crop(w) and not replaced(w)]
    return kept + [w for ws in read for w in ws] + added


# ------------------------------------------------------------------------- layout


def _size_estimate(words: Sequence[OcrWord], scale: float) -> float:
    """The body font size in points: line heights of lowercase-led words ≈ 1.15 × size."""
    heights = [w.height for w in words if not w.speck and w.text[:1].islower() and len(w.text) >= 2]
    if not heights:
        heights = [w.height for w in words]
    return round(statistics.median(heights) * scale / 1.15, 1) if heights else 12.0


def _to_word(w: OcrWord, scale: float, size: float, gap_split: bool = False) -> PdfWord:
    return PdfWord(
        text=ocr_text(w.text),
        x0=w.left * scale,
        top=w.top * scale,
        x1=(w.left + w.width) * scale,
        bottom=(w.top + w.height) * scale,
        font="OCR",
        size=size,
        bold=False,
        italic=False,
        gap_split=gap_split,
    )


def _cuts_before(gap: float, prev: PdfWord, word: PdfWord, size: float, top_zone: bool) -> bool:
    """A column boundary between two words of one Tesseract line.

    A gap as wide as a typed-PDF column gap; in the header zone (top of the first
    lines) also a gap of ``HEADER_GAP`` × size before the motto ("THỦ TƯỚNG CHÍNH PHỦ
    CỘNG HOÀ XÃ HỘI …": Tesseract often joins the two header columns into one line).
    """
    if gap > max(PDF_SETTINGS.column_gap_min, PDF_SETTINGS.column_gap * size):
        return True
    if not top_zone or gap < HEADER_GAP * size:
        return False
    return strip_diacritics(word.text).lower() in MOTTO_STARTS or _is_caps(prev.text) != _is_caps(
        word.text
    )


_NUMBER_HEAD = re.compile(r"\d+/(?:\d{1,3}|[\dA-ZĐ/]*[-/])$")
_NUMBER_TAIL = re.compile(r"^[\dA-ZĐ/]")


_SERIAL_TAIL = re.compile(r"^\d{1,3}/[\dA-ZĐ]")
_CODE_HEAD = re.compile(r"\d+/\d{4}/[A-ZĐ]{1,3}$")
_CODE_TAIL = re.compile(r"^[A-ZĐ]{1,4}-")
SERIAL_JOIN_GAP = 0.2
"""A serial's digits closer than this × font size (less than a word space) are one."""


def _joins_number(prev: PdfWord, word: PdfWord, gap: float, size: float) -> bool:
    """Tesseract cut a số ký hiệu in two ("45/201" "4/NĐ-CP", "76/2014/TT-" "BTC"), or
    cut its serial's digits or its code's letters apart with less than a word space
    between them ("1" "0/2018/TT-BTC", "76/2014/T" "T-BTC" in italic print)."""
    if gap <= SERIAL_JOIN_GAP * size:
        if _SERIAL_TAIL.match(word.text) and prev.text.isdigit():
            return len(prev.text) + word.text.index("/") <= 4
        if _CODE_HEAD.search(prev.text) and _CODE_TAIL.match(word.text):
            return True  # "76/2014/T" "T-BTC": a code's letters cut apart
    if gap > DIGIT_JOIN_GAP * size or not _NUMBER_HEAD.search(prev.text):
        return False
    if prev.text[-1].isdigit():
        return word.text[:1].isdigit()
    return bool(_NUMBER_TAIL.match(word.text))


def _is_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _fragments(
    words: Sequence[OcrWord], scale: float, size: float, header_bottom: float = 0.0
) -> list[Fragment]:
    """Tesseract lines → fragments, cut where a gap is as wide as a column gap.

    Specks are not text but they keep their place: a dropped stamp fragment or an
    unreadable handwritten day never opens a "column gap" in a line.
    """
    frags: list[Fragment] = []
    for line in lines_of(words):
        current: list[PdfWord] = []
        edge = -1e9  # right edge of the last ink on the line (word or speck)
        for w in line:
            if set(w.text) <= DETACHED_MARKS:
                continue  # an accent above the line takes no room in it
            word = _to_word(w, scale, size)
            gap = word.x0 - edge
            edge = max(edge, word.x1)
            if w.speck or not word.text:
                continue
            if current:
                prev = current[-1]
                if _joins_number(prev, word, word.x0 - prev.x1, size):
                    prev.text += word.text
                    prev.x1, prev.bottom = word.x1, max(prev.bottom, word.bottom)
                    continue
                if _cuts_before(gap, prev, word, size, word.top < header_bottom):
                    frags.append(Fragment(current).finish())
                    current = []
            current.append(word)
        if current:
            frags.append(Fragment(current).finish())
    frags.sort(key=lambda f: (round(f.top), f.x0))
    return _join_split_lines(frags, size, header_bottom)


def _join_split_lines(frags: list[Fragment], size: float, header_bottom: float) -> list[Fragment]:
    """Tesseract sometimes puts the end of a printed line into blocks of their own
    ("… Kết luận số" | "01-KL/TW" | "ngày"): fragments on one row (vertical overlap over
    half their height) with no column gap between them are one fragment again. The
    header zone keeps its cuts (issuer | motto)."""
    out: list[Fragment] = []
    for f in sorted(frags, key=lambda f: (f.x0, f.top)):
        host = next(
            (
                g
                for g in out
                if f.top >= header_bottom
                and 0
                <= f.x0 - g.x1
                <= max(PDF_SETTINGS.column_gap_min, PDF_SETTINGS.column_gap * size)
                and min(f.bottom, g.bottom) - max(f.top, g.top)
                > 0.5 * min(f.bottom - f.top, g.bottom - g.top)
            ),
            None,
        )
        if host is None:
            out.append(f)
        else:
            host.words.extend(f.words)
            host.finish()
    out.sort(key=lambda f: (round(f.top), f.x0))
    return out


ConfBox = tuple[float, float, float, float, OcrWord]
"""(x0, top, x1, bottom) of one OCR word in points, and the word."""


def _conf_index(words: Iterable[OcrWord], scale: float) -> list[ConfBox]:
    return [
        (
            round(w.left * scale, 2),
            round(w.top * scale, 2),
            round((w.left + w.width) * scale, 2),
            round((w.top + w.height) * scale, 2),
            w,
        )
        for w in words
        if not w.speck
    ]


def _sources_of(bbox: BBox, index: list[ConfBox]) -> list[OcrWord]:
    """The OCR words a layout word came from: the words whose centre it holds (one, or
    several joined: "45/201" + "4/NĐ-CP"), else the word it was cut from ("BanTuyên" →
    "Ban" "Tuyên")."""
    x0, top, x1, bottom = bbox
    inside = [
        w
        for a0, t0, a1, b1, w in index
        if x0 - 1 <= (a0 + a1) / 2 <= x1 + 1 and top - 1 <= (t0 + b1) / 2 <= bottom + 1
    ]
    if inside:
        return inside
    return [w for a0, t0, a1, b1, w in index if a0 < x1 and x0 < a1 and t0 < bottom and top < b1]


def _set_conf(items: Iterable[Block | Table], index: list[ConfBox]) -> None:
    """Tesseract's confidence and the verification votes onto the layout words (the
    least sure source word's confidence; verified only when every source word is)."""
    exact = {(x0, top, x1): w for x0, top, x1, _, w in index}
    for it in items:
        lines = it.lines if isinstance(it, Block) else [ln for c in it.cells for ln in c.lines]
        for ln in lines:
            for word in ln.words:
                word.font = None
                word.size = None
                if word.bbox is None:
                    continue
                one = exact.get(word.bbox[:3])
                sources = [one] if one is not None else _sources_of(word.bbox, index)
                if not sources:
                    word.conf = None
                    continue
                word.conf = min(w.conf for w in sources)
                votes = [w.verified for w in sources if w.verified is not None]
                if votes:
                    word.verified = all(votes)
                    word.rereads = tuple(r for w in sources for r in w.rereads)
                word.handwritten = any(w.handwritten for w in sources)
                firsts = [w.ocr_text for w in sources if w.ocr_text is not None]
                if firsts:
                    word.ocr_text = " ".join(firsts)
                word.repaired = any(w.repaired for w in sources)


def layout_items(ocr: PageOcr, number: int) -> list[Block | Table]:
    """OCR words of one page → items in reading order (tables, regions, paragraphs)."""
    scale = 72.0 / ocr.dpi
    size = _size_estimate(ocr.words, scale)
    placed: list[tuple[float, int, Block | Table | Fragment]] = []
    rest = [w for w in ocr.words if not w.speck]
    for grid in ocr.grids:
        table, rest = grid_table(grid, rest, number=number, scale=scale, size=size)
        placed.append((table.bbox[1] if table.bbox else 0.0, 0, table))
    rest += [w for w in ocr.words if w.speck]
    # the header (issuer | motto) is on the first page; elsewhere a line's top quarter is body
    header_bottom = HEADER_ZONE * ocr.height_px * scale if number == 1 else 0.0
    frags = _fragments(rest, scale, size, header_bottom=header_bottom)
    rows = group_rows(frags)
    regions = text_regions(rows)
    in_region = {id(f) for reg in regions for row in reg.rows for f in row.frags}
    for reg in regions:
        placed.append((reg.rows[0].top, 0, region_table(reg, number)))
    flow: list[Fragment] = []
    for row in rows:
        for f in row.frags:
            if id(f) not in in_region:
                flow.append(f)
                placed.append((row.top, 1, f))
    placed.sort(key=lambda p: (p[0], p[1]))
    items = assemble_items(placed, flow, ocr.width_px * scale, number)
    _set_conf(items, _conf_index(ocr.words, scale))
    for it in items:
        if isinstance(it, Block):
            it.style.size = None
    return items


def ocr_image(img: Image.Image, number: int, *, dpi: int = raster.SETTINGS.dpi) -> Page:
    """One page image → a :class:`Page` with ``text_source="ocr"``."""
    ocr, _ = recognise(img, dpi)
    return page_from_ocr(ocr, number)


def page_from_ocr(ocr: PageOcr, number: int) -> Page:
    scale = 72.0 / ocr.dpi
    page = Page(
        number=number,
        width=round(ocr.width_px * scale, 2),
        height=round(ocr.height_px * scale, 2),
        rotation=ocr.turned,
        text_source="ocr",
        items=layout_items(ocr, number) if ocr.words else [],
        ruling_lines=[r for g in ocr.grids for r in g.rules_pt(scale)],
    )
    return page


def page_warnings(page: Page, ocr_words: Sequence[OcrWord] | None = None) -> list[LayoutWarning]:
    """``ocr_low_confidence`` (median word confidence below ``LOW_CONF``) and ``ocr_empty``."""
    confs = [
        w.conf
        for _, it in [(page, i) for i in page.items]
        for ln in (it.lines if isinstance(it, Block) else [x for c in it.cells for x in c.lines])
        for w in ln.words
        if w.conf is not None
    ]
    if not confs:
        return [LayoutWarning(code="ocr_empty", message="OCR found no text", page=page.number)]
    med = statistics.median(confs)
    if med < LOW_CONF:
        return [
            LayoutWarning(
                code="ocr_low_confidence",
                message=f"median OCR word confidence {med:.0f} on page {page.number}",
                page=page.number,
            )
        ]
    return []


# ------------------------------------------------------------------ PDFs, in parallel


def verifying() -> bool:
    """Verification re-reads are on unless ``VANBAN_OCR_VERIFY=0``."""
    return os.environ.get("VANBAN_OCR_VERIFY", "1") != "0"


def _pdf_page_job(args: tuple[str, int, int]) -> Page:
    path, number, dpi = args
    img = raster.render_pdf_page(Path(path), number - 1, dpi=dpi)
    ocr, _ = recognise(img, dpi)
    size = (ocr.width_px, ocr.height_px)
    hi_dpi = verify.rerender_dpi(size, dpi)
    if verifying() and not ocr.turned and ocr.words and hi_dpi > dpi:
        if number == 1:  # the header's blanks need the ink's colour
            colour = raster.render_pdf_page(Path(path), 0, dpi=hi_dpi)
            hi = colour.convert("L")
        else:
            hi = verify.render_gray(Path(path), number - 1, hi_dpi)
        verify.verify_words(
            ocr.words, hi, scale=hi_dpi / dpi, size=size, angle=ocr.skew, first_page=number == 1
        )
        verify.join_split_parts(ocr.words)
        verify.read_lost_parts(
            ocr.words, hi, scale=hi_dpi / dpi, size=size, angle=ocr.skew, first_page=number == 1
        )
        verify.read_misread_parts(
            ocr.words,
            hi,
            scale=hi_dpi / dpi,
            size=size,
            angle=ocr.skew,
            first_page=number == 1,
            colour=colour if number == 1 else None,
        )
        if number == 1:
            handwriting.read_blanks(
                ocr.words, colour, scale=hi_dpi / dpi, size=size, angle=ocr.skew, dpi=hi_dpi
            )
    return page_from_ocr(ocr, number)


def workers(n_jobs: int) -> int:
    """Processes to use: one per core, never more than the jobs."""
    return max(1, min(n_jobs, os.cpu_count() or 1))


def run_parallel(func: Callable[[_T], _R], jobs: list[_T]) -> list[_R]:
    """``func`` over ``jobs`` in worker processes (fork), results in job order. The word
    lists are loaded first, so that the forked workers share them."""
    if len(jobs) <= 1:
        return [func(j) for j in jobs]
    syllables(), lexicon(), known_names()
    word_repair.preload()
    with ProcessPoolExecutor(max_workers=workers(len(jobs)), mp_context=get_context("fork")) as ex:
        return list(ex.map(func, jobs))


def ocr_pages(
    path: Path, numbers: Sequence[int], *, dpi: int = raster.SETTINGS.dpi
) -> dict[int, Page]:
    """OCR the given 1-based pages of a PDF (parallel processes); page number → Page."""
    jobs = [(str(path), n, dpi) for n in numbers]
    pages: list[Page] = run_parallel(_pdf_page_job, jobs)
    return {p.number: p for p in pages}


def apply_ocr(path: Path, pages: list[Page], warnings: list[LayoutWarning]) -> None:
    """Replace, in place, every page marked ``needs_ocr`` by its OCR reading.

    An OCRed page has ``needs_ocr=False`` and keeps ``ocr_reason`` (why it was OCRed);
    the typed reader's ``needs_ocr`` warning is dropped for pages that OCR did read.
    """
    wanted = [p.number for p in pages if p.needs_ocr]
    if not wanted:
        return
    done = ocr_pages(path, wanted)
    for i, p in enumerate(pages):
        new = done.get(p.number)
        if new is None:
            continue
        new.ocr_reason = p.ocr_reason
        if not new.rotation:
            new.width, new.height = p.width, p.height
        pages[i] = new
        warnings.extend(page_warnings(new))
    warnings[:] = [w for w in warnings if not (w.code == "needs_ocr" and w.page in done)]
