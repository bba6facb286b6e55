"""Tables in scans: the grid from the ruling lines, merged cells, OCR words into cells.

No OpenCV: a morphological opening with a long thin structuring element is done with
cumulative sums in numpy (a pixel belongs to a horizontal rule when it lies in a run
of ink at least ``min_rule`` pixels long; same for vertical rules).

1. rules: runs of ink ≥ ``min_rule`` px (about 5 mm at 300 dpi), grouped into
   segments ``(y, x0, x1)`` / ``(x, y0, y1)``;
2. tables: segments that cross each other form one component; a component with at
   least two horizontal and two vertical rules is a table (an underline under the
   motto is not);
3. grid: distinct x of the vertical rules and y of the horizontal rules; two
   neighbouring base cells are merged when no rule separates them at their middle
   (so "I. LĨNH VỰC …" over all columns becomes one cell with ``col_span``);
4. words: each OCR word goes to the cell holding its centre; cell text is its
   lines (Tesseract's line grouping) joined with "\\n".

>>> import numpy as np
>>> from PIL import Image
>>> a = np.full((400, 400), 255, np.uint8); a[[50, 150, 350], 50:351] = 0; a[50:351, [50, 200, 350]] = 0
>>> g = find_grids(Image.fromarray(a), dpi=300)[0]
>>> (g.n_rows, g.n_cols)
(2, 2)
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from vanban.extract.cells import cell_from_lines
from vanban.extract.scan.repair import ocr_text
from vanban.models.layout import BBox, Cell, Line, Table, Word

if TYPE_CHECKING:
    from vanban.extract.scan.tesseract import OcrWord


@dataclass(frozen=True)
class TableSettings:
    ink: int = 160
    """Pixels darker than this are ink."""
    min_rule_mm: float = 5.0
    """A rule is a run of ink at least this long."""
    merge_tol_px: int = 12
    """Rules closer than this (at 300 dpi) are one rule."""
    min_rows: int = 1
    min_cols: int = 2
    max_rule_mm: float = 2.5
    """Thicker bands of long runs are not rules (a black scanner border, a filled bar)."""
    edge_margin: float = 0.015
    """Share of the page width/height along each edge where ink is ignored."""
    stamp_max_w: float = 0.45
    stamp_max_h: float = 0.12
    """Ruled boxes smaller than these shares of the page are stamps (erased before OCR)."""


SETTINGS = TableSettings()


@dataclass(slots=True)
class Segment:
    """A rule: ``pos`` is y (horizontal) or x (vertical); it runs from ``a`` to ``b``."""

    horizontal: bool
    pos: int
    a: int
    b: int
    thick: int


@dataclass(slots=True)
class Grid:
    """One table's grid in image pixels; ``spans[(r, c)] = (row_span, col_span)`` for anchors."""

    xs: list[int]
    ys: list[int]
    spans: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    rules: list[Segment] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1

    def rules_pt(self, scale: float) -> list[BBox]:
        out: list[BBox] = []
        for s in self.rules:
            if s.horizontal:
                out.append(_pt((s.a, s.pos, s.b, s.pos), scale))
            else:
                out.append(_pt((s.pos, s.a, s.pos, s.b), scale))
        return out


def _pt(b: tuple[float, float, float, float], scale: float) -> BBox:
    return (
        round(b[0] * scale, 2),
        round(b[1] * scale, 2),
        round(b[2] * scale, 2),
        round(b[3] * scale, 2),
    )


def _long_runs(ink: NDArray[np.bool_], length: int) -> NDArray[np.bool_]:
    """Pixels that lie in a horizontal run of ink at least ``length`` long (axis 1)."""
    h, w = ink.shape
    if w < length:
        return np.zeros_like(ink)
    cs = np.zeros((h, w + 1), dtype=np.int32)
    np.cumsum(ink, axis=1, out=cs[:, 1:])
    full = (cs[:, length:] - cs[:, :-length]) == length  # window starting at x is all ink
    starts = np.zeros((h, w + 1), dtype=np.int32)
    np.cumsum(
        np.pad(full, ((0, 0), (0, length))).astype(np.int32)[:, :w], axis=1, out=starts[:, 1:]
    )
    # covered[x] = any window start in (x - length, x]
    lo = np.clip(np.arange(w) - length + 1, 0, None)
    covered: NDArray[np.bool_] = (starts[:, np.arange(w) + 1] - starts[:, lo]) > 0
    return covered


def _segments(mask: NDArray[np.bool_], horizontal: bool, tol: int) -> list[Segment]:
    """Bands of consecutive rows (columns) holding rule pixels → segments along them."""
    m = mask if horizontal else mask.T
    rows = np.nonzero(m.any(axis=1))[0]
    out: list[Segment] = []
    if len(rows) == 0:
        return out
    bands: list[tuple[int, int]] = []
    start = prev = int(rows[0])
    for r in rows[1:]:
        r = int(r)
        if r - prev > 2:
            bands.append((start, prev))
            start = r
        prev = r
    bands.append((start, prev))
    for r0, r1 in bands:
        cover = m[r0 : r1 + 1].any(axis=0)
        xs = np.nonzero(cover)[0]
        if len(xs) == 0:
            continue
        s = p = int(xs[0])
        for x in xs[1:]:
            x = int(x)
            if x - p > tol:
                out.append(Segment(horizontal, (r0 + r1) // 2, s, p, r1 - r0 + 1))
                s = x
            p = x
        out.append(Segment(horizontal, (r0 + r1) // 2, s, p, r1 - r0 + 1))
    return out


def _crosses(h: Segment, v: Segment, tol: int) -> bool:
    return h.a - tol <= v.pos <= h.b + tol and v.a - tol <= h.pos <= v.b + tol


def _cluster(values: list[int], tol: int) -> list[int]:
    out: list[list[int]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [round(sum(c) / len(c)) for c in out]


def _covers(segs: list[Segment], pos: int, at: int, tol: int) -> bool:
    return any(abs(s.pos - pos) <= tol and s.a - tol <= at <= s.b + tol for s in segs)


def _grid(hs: list[Segment], vs: list[Segment], tol: int, min_cols: int) -> Grid | None:
    ys = _cluster([s.pos for s in hs], tol)
    xs = _cluster([s.pos for s in vs], tol)
    if len(ys) - 1 < SETTINGS.min_rows or len(xs) - 1 < min_cols:
        return None
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    # walls: right[r][c] — a rule between col c and c+1 in row r; down[r][c] likewise
    mid_y = [(ys[r] + ys[r + 1]) // 2 for r in range(n_rows)]
    mid_x = [(xs[c] + xs[c + 1]) // 2 for c in range(n_cols)]
    owner = [[-1] * n_cols for _ in range(n_rows)]
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            if owner[r][c] != -1:
                continue
            # grow right while no vertical rule, then down while no horizontal rule
            c1 = c
            while c1 + 1 < n_cols and not _covers(vs, xs[c1 + 1], mid_y[r], tol):
                c1 += 1
            r1 = r
            while r1 + 1 < n_rows and not any(
                _covers(hs, ys[r1 + 1], mid_x[k], tol) for k in range(c, c1 + 1)
            ):
                if any(owner[r1 + 1][k] != -1 for k in range(c, c1 + 1)):
                    break
                r1 += 1
            for rr in range(r, r1 + 1):
                for cc in range(c, c1 + 1):
                    owner[rr][cc] = r * n_cols + c
            spans[(r, c)] = (r1 - r + 1, c1 - c + 1)
    return Grid(xs, ys, spans, hs + vs)


def find_grids(gray: Image.Image, *, dpi: int = 300) -> list[Grid]:
    """Ruled tables of a grayscale page image, top to bottom (stamp boxes left out)."""
    return split_ruled(gray, dpi=dpi)[0]


def is_stamp_box(grid: Grid, width: int, height: int) -> bool:
    """A small ruled box: the "CÔNG VĂN ĐẾN" / "ĐẾN Giờ… Ngày…" stamp, not a table.

    Tables span most of the text width; stamps are under ``stamp_max_w`` of the page
    width and ``stamp_max_h`` of its height.
    """
    w = grid.xs[-1] - grid.xs[0]
    h = grid.ys[-1] - grid.ys[0]
    return w <= SETTINGS.stamp_max_w * width and h <= SETTINGS.stamp_max_h * height


Box = tuple[int, int, int, int]


def split_ruled(gray: Image.Image, *, dpi: int = 300) -> tuple[list[Grid], list[Box]]:
    """One pass over the rules: (tables, stamp boxes ``(x0, y0, x1, y1)`` in pixels)."""
    grids: list[Grid] = []
    stamps: list[Box] = []
    for g in find_ruled(gray, dpi=dpi, min_cols=1):
        if is_stamp_box(g, gray.width, gray.height):
            stamps.append((g.xs[0], g.ys[0], g.xs[-1], g.ys[-1]))
        elif g.n_cols >= SETTINGS.min_cols:
            grids.append(g)
    return grids, stamps


def erase_boxes(gray: Image.Image, boxes: list[Box], pad: int = 6) -> Image.Image:
    """The image with everything inside the boxes (and ``pad`` pixels round them) white."""
    a = np.asarray(gray.convert("L")).copy()
    for x0, y0, x1, y1 in boxes:
        a[max(0, y0 - pad) : y1 + pad + 1, max(0, x0 - pad) : x1 + pad + 1] = 255
    return Image.fromarray(a, mode="L")


def _halve(ink: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """2×2 max-pooling: rules survive, the work is a quarter."""
    h, w = ink.shape[0] // 2 * 2, ink.shape[1] // 2 * 2
    a = ink[:h, :w]
    out: NDArray[np.bool_] = a[0::2, 0::2] | a[1::2, 0::2] | a[0::2, 1::2] | a[1::2, 1::2]
    return out


def _scaled(s: Segment, f: int) -> Segment:
    return Segment(s.horizontal, s.pos * f, s.a * f, s.b * f + f - 1, s.thick * f)


def find_ruled(gray: Image.Image, *, dpi: int = 300, min_cols: int | None = None) -> list[Grid]:
    """Every ruled structure (tables and boxes) of a grayscale page image, top to bottom.

    A margin of ``edge_margin`` round the image is ignored: scanner borders (black
    bands along an edge) are not rules. Rules are looked for at half resolution.
    """
    ink: NDArray[np.bool_] = np.asarray(gray.convert("L")) < SETTINGS.ink
    my = round(SETTINGS.edge_margin * ink.shape[0])
    mx = round(SETTINGS.edge_margin * ink.shape[1])
    ink = ink.copy()
    ink[:my, :] = False
    ink[-my:, :] = False
    ink[:, :mx] = False
    ink[:, -mx:] = False
    f = 2 if dpi >= 200 else 1
    small = _halve(ink) if f == 2 else ink
    sdpi = dpi / f
    length = max(10, round(SETTINGS.min_rule_mm / 25.4 * sdpi))
    stol = max(2, round(SETTINGS.merge_tol_px * sdpi / 300))
    thick = round(SETTINGS.max_rule_mm / 25.4 * sdpi)
    hs = [
        _scaled(s, f) for s in _segments(_long_runs(small, length), True, stol) if s.thick <= thick
    ]
    vs = [
        _scaled(s, f)
        for s in _segments(_long_runs(small.T, length).T, False, stol)
        if s.thick <= thick
    ]
    tol = stol * f
    if len(hs) < 2 or len(vs) < 2:
        return []
    # components of crossing segments (union-find over h and v)
    segs = hs + vs
    parent = list(range(len(segs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if _crosses(h, v, tol):
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, list[Segment]] = {}
    for i, s in enumerate(segs):
        groups.setdefault(find(i), []).append(s)
    grids: list[Grid] = []
    for members in groups.values():
        gh = [s for s in members if s.horizontal]
        gv = [s for s in members if not s.horizontal]
        if len(gh) < 2 or len(gv) < 2:
            continue
        grid = _grid(gh, gv, tol, SETTINGS.min_cols if min_cols is None else min_cols)
        if grid is not None:
            grids.append(grid)
    grids.sort(key=lambda g: g.ys[0])
    return grids


def erase_rules(gray: Image.Image, grids: list[Grid]) -> Image.Image:
    """The image with the tables' rules painted white (Tesseract reads cells better)."""
    a = np.asarray(gray.convert("L")).copy()
    for g in grids:
        for s in g.rules:
            half = s.thick // 2 + 3
            if s.horizontal:
                a[max(0, s.pos - half) : s.pos + half + 1, max(0, s.a - 2) : s.b + 3] = 255
            else:
                a[max(0, s.a - 2) : s.b + 3, max(0, s.pos - half) : s.pos + half + 1] = 255
    return Image.fromarray(a, mode="L")


def _cell_of(grid: Grid, x: float, y: float) -> tuple[int, int] | None:
    if not (grid.xs[0] <= x <= grid.xs[-1] and grid.ys[0] <= y <= grid.ys[-1]):
        return None
    c = max(0, min(grid.n_cols - 1, int(np.searchsorted(grid.xs, x, side="right")) - 1))
    r = max(0, min(grid.n_rows - 1, int(np.searchsorted(grid.ys, y, side="right")) - 1))
    for (ar, ac), (rs, cs) in grid.spans.items():
        if ar <= r < ar + rs and ac <= c < ac + cs:
            return (ar, ac)
    return (r, c)


LINE_PITCH = 0.5
"""A word is on a row when its middle is within this share of the cell's median word
height from the median middle of the row's words."""


def _mid(w: OcrWord) -> float:
    return w.top + w.height / 2


def _rows_of(words: list[OcrWord]) -> list[list[OcrWord]]:
    """Words of one cell → rows, top to bottom, each left to right.

    Rows are clustered on the words' middles with the cell's median word height, not on
    the rows' boxes: Tesseract sometimes gives the words of a line a box reaching into
    the next line (on 299-ttg p.4 "Chính" of "Văn phòng Chính phủ, Ngân" is 89 px high
    in 41-px lines), and a row grown to that box would swallow the next line and
    interleave the words of both.

    >>> from vanban.extract.scan.tesseract import OcrWord
    >>> ws = [OcrWord("Văn", 90, 0, 132, 87, 72, 1, 1, 1), OcrWord("Ngân", 90, 480, 128, 114, 91, 1, 1, 1),
    ...       OcrWord("hàng", 90, 0, 195, 100, 48, 1, 1, 2), OcrWord("Nam", 90, 430, 194, 105, 39, 1, 1, 2),
    ...       OcrWord("các", 90, 20, 258, 68, 36, 1, 1, 3), OcrWord("bộ,", 90, 100, 256, 62, 41, 1, 1, 3)]
    >>> [" ".join(w.text for w in row) for row in _rows_of(ws)]
    ['Văn Ngân', 'hàng Nam', 'các bộ,']
    """
    if not words:
        return []
    pitch = LINE_PITCH * statistics.median(w.height for w in words)
    rows: list[list[OcrWord]] = []
    for w in sorted(words, key=_mid):
        if rows and abs(_mid(w) - statistics.median(_mid(x) for x in rows[-1])) <= pitch:
            rows[-1].append(w)
        else:
            rows.append([w])
    for row in rows:
        row.sort(key=lambda w: w.left)
    return rows


def _lines(words: list[OcrWord], scale: float) -> list[Line]:
    """Words of one cell → lines (by vertical overlap), each left to right."""
    out: list[Line] = []
    for row in _rows_of(words):
        ws = [
            Word(
                text=ocr_text(w.text),
                bbox=_pt((w.left, w.top, w.left + w.width, w.top + w.height), scale),
                conf=w.conf,
            )
            for w in row
        ]
        ws = [w for w in ws if w.text]
        if not ws:
            continue
        out.append(
            Line(
                text=" ".join(w.text for w in ws),
                bbox=_pt(
                    (
                        min(w.left for w in row),
                        min(w.top for w in row),
                        max(w.left + w.width for w in row),
                        max(w.top + w.height for w in row),
                    ),
                    scale,
                ),
                words=ws,
            )
        )
    return out


def grid_table(
    grid: Grid, words: list[OcrWord], *, number: int, scale: float, size: float = 12.0
) -> tuple[Table, list[OcrWord]]:
    """Place words into the grid's cells; returns the table and the words outside it."""
    inside: dict[tuple[int, int], list[OcrWord]] = {}
    rest: list[OcrWord] = []
    for w in words:
        if w.speck:
            continue
        where = _cell_of(grid, w.left + w.width / 2, w.top + w.height / 2)
        if where is None:
            rest.append(w)
        else:
            inside.setdefault(where, []).append(w)
    from vanban.extract.scan.names import restore_sequence

    cells: list[Cell] = []
    for (r, c), (rs, cs) in sorted(grid.spans.items()):
        mine = inside.get((r, c), [])
        restore_sequence([w for row in _rows_of(mine) for w in row])
        mine = [w for w in mine if not w.speck]  # an extra word read inside a body name
        lines = _lines(mine, scale)
        box = _pt((grid.xs[c], grid.ys[r], grid.xs[c + cs], grid.ys[r + rs]), scale)
        cells.append(cell_from_lines(r, c, lines, row_span=rs, col_span=cs, bbox=box))
    table = Table(
        page=number,
        n_rows=grid.n_rows,
        n_cols=grid.n_cols,
        cells=cells,
        bbox=_pt((grid.xs[0], grid.ys[0], grid.xs[-1], grid.ys[-1]), scale),
        finder="ocr",
        row_bboxes=[
            _pt((grid.xs[0], grid.ys[r], grid.xs[-1], grid.ys[r + 1]), scale)
            for r in range(grid.n_rows)
        ],
    )
    return table, rest
