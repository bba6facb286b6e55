"""Line fragments of a typed-PDF page → paragraphs (:class:`~models.layout.Block`).

A new paragraph starts at a vertical gap wider than the page's usual line spacing, a
first-line indent, a list marker ("1.", "a)", "- ", "Điều 5"), a change of size,
weight, capitals or alignment (centred titles, right-aligned "Hà Nội, ngày …").
Fragments of one row left outside the two-column regions are one line read left to
right (:func:`row_line`: "- Ban công tác phía Nam MTTW;      Để b/cáo"). Page-number
lines ("7", "- 7 -", "Trang 7") at the top or bottom edge are taken out of the flow
(:func:`page_number_rows`); the reader keeps them in ``metadata["page_numbers"]``.

>>> bool(_LIST_MARKER.match("a) Tổ chức tuyên truyền")), is_upper("QUYẾT ĐỊNH:")
(True, True)
>>> [bool(PAGE_NUMBER.match(t)) for t in ("7", "- 7 -", "Trang 7", "7/12", "2025.")]
[True, True, True, True, False]
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from typing import Literal

from vanban.extract.pdf.regions import Row
from vanban.extract.pdf.settings import SETTINGS
from vanban.extract.pdf.words import Fragment, is_upper, round_bbox
from vanban.models.layout import Block, BlockStyle, Table

PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:Trang\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*[-–—])?$", re.IGNORECASE
)
"""A page-number line: "7", "- 7 -", "Trang 7", "7/12"."""

_LIST_MARKER = re.compile(
    r"^(?:[-–—+•*]\s|\(?\d{1,3}(?:\.\d{1,3})*[.)]\s|\(?[a-zđ]\)\s|[IVXLC]{1,6}[.\-–]\s"
    r"|Điều\s+\d|Chương\s+[IVXLC\d]|Mục\s+\d|Phần\s+[IVXLC\d]|Căn cứ\s|Nơi nhận)"
)


Align = Literal["left", "center", "right", "justify"]


@dataclass(slots=True)
class TextColumn:
    """The page's text column: left and right edges, and the usual first-line indents."""

    left: float
    right: float
    indents: tuple[float, ...] = ()

    @property
    def width(self) -> float:
        return max(self.right - self.left, 1.0)


def text_column(frags: list[Fragment], page_width: float) -> TextColumn:
    if len(frags) < 3:
        return TextColumn(
            min((f.x0 for f in frags), default=0.0), max((f.x1 for f in frags), default=page_width)
        )
    x0s = sorted(f.x0 for f in frags)
    x1s = sorted(f.x1 for f in frags)
    left, right = x0s[len(x0s) // 10], x1s[(len(x1s) * 9) // 10]
    counts: dict[int, int] = {}
    for f in frags:
        if SETTINGS.indent_min < f.x0 - left < 0.15 * (right - left):
            counts[round(f.x0)] = counts.get(round(f.x0), 0) + 1
    indents = tuple(float(x) for x, n in counts.items() if n >= 2)
    return TextColumn(left, right, indents)


def _line_align(f: Fragment, col: TextColumn) -> Align:
    """One line's alignment in the text column; a usual paragraph indent counts as left."""
    left_margin, right_margin = f.x0 - col.left, col.right - f.x1
    tol = max(6.0, 0.03 * col.width)
    indented = any(abs(f.x0 - x) < 2 for x in col.indents)
    centred = (
        left_margin > 4 and right_margin > 4 and abs(f.center - (col.left + col.right) / 2) <= tol
    )
    if centred and (not indented or abs(left_margin - right_margin) < 3):
        return "center"
    if right_margin <= 5 and left_margin > 0.3 * col.width:
        return "right"
    if right_margin <= 5:
        return "justify"
    return "left"


def _same_centre(a: Fragment, b: Fragment, col: TextColumn) -> bool:
    """Both lines centred on the same axis, away from the column edges."""
    return (
        abs(a.center - b.center) < 4
        and min(a.x0, b.x0) - col.left > 2
        and col.right - max(a.x1, b.x1) > 2
    )


def starts_block(prev: Fragment, f: Fragment, col: TextColumn, gap_limit: float) -> bool:
    if f.top - prev.bottom > gap_limit:
        return True
    if abs(f.size - prev.size) > 0.6 or f.bold != prev.bold:
        return True
    if is_upper(f.text) != is_upper(prev.text):
        return True
    a_prev, a_cur = _line_align(prev, col), _line_align(f, col)
    if "center" in (a_prev, a_cur) and _same_centre(prev, f, col):
        return False  # a wide line of a centred title
    if (a_prev == "center") != (a_cur == "center"):
        return True
    if a_cur == "center":
        return False
    if a_prev == "right" or a_cur == "right":
        return a_prev != a_cur
    if _LIST_MARKER.match(f.text):
        return True
    if f.x0 - col.left > SETTINGS.indent_min and f.x0 > prev.x0 + 4:
        return True  # first-line indent
    first = f.words[0]
    room = col.right - prev.x1
    return room > (first.x1 - first.x0) + 0.3 * first.size + 2


def paragraph_block(frags: list[Fragment], number: int, col: TextColumn) -> Block:
    aligns = [_line_align(f, col) for f in frags]
    align: Align
    if all(a == "center" for a in aligns) or (
        "center" in aligns and all(_same_centre(frags[0], f, col) for f in frags[1:])
    ):
        align = "center"
    elif all(a == "right" for a in aligns):
        align = "right"
    elif len(frags) > 1 and all(a == "justify" for a in aligns[:-1]):
        align = "justify"
    else:
        align = "left"
    text = "\n".join(f.text for f in frags)
    letters = [ch for ch in text if ch.isalpha()]
    weight = sum(len(f.text) for f in frags) or 1
    return Block(
        text=text,
        lines=[f.to_line() for f in frags],
        bbox=round_bbox(
            (
                min(f.x0 for f in frags),
                min(f.top for f in frags),
                max(f.x1 for f in frags),
                max(f.bottom for f in frags),
            )
        ),
        page=number,
        style=BlockStyle(
            bold=sum(len(f.text) for f in frags if f.bold) * 2 > weight,
            italic=sum(len(f.text) for f in frags if f.italic) * 2 > weight,
            align=align,
            size=round(statistics.median(f.size for f in frags), 2),
            uppercase=len(letters) >= 2 and all(ch.isupper() for ch in letters),
        ),
    )


def paragraph_gap_limit(frags: list[Fragment]) -> float:
    gaps = [
        b.top - a.bottom
        for a, b in zip(frags, frags[1:], strict=False)
        if 0 <= b.top - a.bottom < 3 * max(a.size, 1.0)
    ]
    size = statistics.median(f.size for f in frags) if frags else 12.0
    base = statistics.median(gaps) if gaps else 0.3 * size
    return base + max(2.0, 0.3 * size)


def row_line(frags: list[Fragment]) -> Fragment:
    """The fragments of one row outside any region, as one line read left to right."""
    if len(frags) == 1:
        return frags[0]
    return Fragment([w for f in sorted(frags, key=lambda f: f.x0) for w in f.words]).finish()


def page_number_rows(rows: list[Row], *, page_height: float) -> list[Row]:
    """The first and last rows of a page when they are page numbers.

    A page number is alone on its row, in the top or bottom
    :attr:`~extract.pdf_settings.PdfSettings.page_number_zone`, and set apart from the
    text next to it: a wider gap than a line's, or centred over the text (a wrapped
    "2025" at the left margin under normal line spacing is text).
    """
    if not rows:
        return []
    zone = SETTINGS.page_number_zone * page_height
    out: list[Row] = []
    for k in sorted({0, len(rows) - 1}):
        row = rows[k]
        if len(row.frags) != 1 or not PAGE_NUMBER.match(row.frags[0].text.strip()):
            continue
        if k == 0 and row.bottom <= zone:
            neighbour = rows[1] if len(rows) > 1 else None
            gap = neighbour.top - row.bottom if neighbour else None
        elif k == len(rows) - 1 and row.top >= page_height - zone:
            neighbour = rows[-2] if len(rows) > 1 else None
            gap = row.top - neighbour.bottom if neighbour else None
        else:
            continue
        height = max(row.bottom - row.top, 1.0)
        if gap is None or gap >= SETTINGS.page_number_gap * height or _centred_over(row, rows):
            out.append(row)
    return out


def _centred_over(row: Row, rows: list[Row]) -> bool:
    """``row`` is centred over the other rows' text, away from their left edge."""
    others = [f for r in rows if r is not row for f in r.frags]
    if not others:
        return False
    left, right = min(f.x0 for f in others), max(f.x1 for f in others)
    f = row.frags[0]
    width = max(right - left, 1.0)
    return abs(f.center - (left + right) / 2) < 0.1 * width and f.x0 - left > 0.2 * width


def assemble_items(
    placed: list[tuple[float, int, Block | Table | Fragment]],
    flow: list[Fragment],
    page_width: float,
    number: int,
) -> list[Block | Table]:
    """Page items in reading order: ``placed`` (sorted by top) fragments grouped into
    paragraph blocks of the text column, tables and ready blocks kept between them."""
    col = text_column(flow, page_width)
    gap_limit = paragraph_gap_limit(flow)
    items: list[Block | Table] = []
    current: list[Fragment] = []

    def flush() -> None:
        if current:
            items.append(paragraph_block(current, number, col))
            current.clear()

    for _, _, obj in placed:
        if isinstance(obj, Fragment):
            if current and starts_block(current[-1], obj, col, gap_limit):
                flush()
            current.append(obj)
        else:
            flush()
            items.append(obj)
    flush()
    return items
