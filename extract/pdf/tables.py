"""Tables of a typed-PDF page: ruled (``finder="ruling"``) and aligned text (``finder="text"``).

* Ruled: one ``find_tables`` per ruled page; each cell is mapped onto the table's
  distinct x and y edges, so merged cells get ``row_span``/``col_span``. Glyphs inside
  a table are handed to its cells (:func:`assign_table_chars`) and leave the text flow.
* Unruled (:func:`find_text_tables`, the "stream" idea): the line fragments already
  cut on column gaps are matched against column *bands* — the x-extents of the first
  row's ≥ 3 fragments ("Stt | Nội dung | Thời gian | Cơ quan chủ trì | Cơ quan phối
  hợp"), widened by every fragment placed. A run of lines that never crosses a gutter,
  with ≥ 3 table rows, is a ``Table(finder="text", borderless=False)``; a line whose
  Stt cell is empty ("Chương trình phối hợp đến …  |  Nam tỉnh; các tổ") continues the
  row above; a table ending a page lends its bands to the next page's first lines.
  Works on the fragments only: no second pass over the glyphs.

>>> _cluster([10.0, 10.8, 50.0, 90.2, 90.0])
[10.0, 50.0, 90.0]
"""

from __future__ import annotations

import bisect
import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from vanban.extract.cells import cell_from_lines, mostly_bold
from vanban.extract.pdf.regions import Row
from vanban.extract.pdf.settings import SETTINGS
from vanban.extract.pdf.words import Fragment, PdfWord, fragments, is_upper, round_bbox
from vanban.models.layout import BBox, Cell, Table


def _cluster(values: Iterable[float], tol: float = 1.5) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _index(edges: list[float], v: float, tol: float = 1.5) -> int:
    i = bisect.bisect_left(edges, v - tol)
    return min(i, len(edges) - 1)


@dataclass(slots=True)
class RulingTable:
    bbox: tuple[float, float, float, float]
    xs: list[float]
    ys: list[float]
    cells: list[tuple[int, int, int, int, tuple[float, float, float, float]]]
    chars: dict[tuple[int, int], list[dict[str, Any]]] = field(default_factory=dict)


def find_ruling_tables(page: Any) -> list[RulingTable]:
    found = page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"})
    out: list[RulingTable] = []
    for t in found:
        boxes = [tuple(c) for c in t.cells]
        if not boxes:
            continue
        xs = _cluster([b[0] for b in boxes] + [b[2] for b in boxes])
        ys = _cluster([b[1] for b in boxes] + [b[3] for b in boxes])
        if len(xs) < 2 or len(ys) < 2 or (len(xs) == 2 and len(ys) == 2):
            continue  # a single framed box is not a table
        cells = []
        for b in boxes:
            c0, c1 = _index(xs, b[0]), _index(xs, b[2])
            r0, r1 = _index(ys, b[1]), _index(ys, b[3])
            if c1 <= c0 or r1 <= r0:
                continue
            cells.append((r0, c0, r1 - r0, c1 - c0, b))
        out.append(RulingTable(bbox=tuple(t.bbox), xs=xs, ys=ys, cells=cells))
    return out


def assign_table_chars(
    tables: list[RulingTable], chars: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Give each table its glyphs (by grid position); return the glyphs left outside."""
    if not tables:
        return chars
    rest: list[dict[str, Any]] = []
    anchors: list[dict[tuple[int, int], tuple[int, int]]] = []
    for t in tables:
        grid: dict[tuple[int, int], tuple[int, int]] = {}
        for r, c, rs, cs, _ in t.cells:
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    grid[(rr, cc)] = (r, c)
        anchors.append(grid)
    for ch in chars:
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        for t, grid in zip(tables, anchors, strict=True):
            x0, top, x1, bottom = t.bbox
            if x0 <= cx <= x1 and top <= cy <= bottom:
                col = bisect.bisect_right(t.xs, cx) - 1
                row = bisect.bisect_right(t.ys, cy) - 1
                key = grid.get((row, col))
                if key is not None:
                    t.chars.setdefault(key, []).append(ch)
                break
        else:
            rest.append(ch)
    return rest


def ruling_table_model(t: RulingTable, number: int) -> Table:
    cells: list[Cell] = []
    for r, c, rs, cs, b in sorted(t.cells, key=lambda x: (x[0], x[1])):
        frags = fragments(t.chars.get((r, c), []), split_columns=False)
        lines = [f.to_line() for f in frags]
        cells.append(
            cell_from_lines(
                r, c, lines, row_span=rs, col_span=cs, bbox=round_bbox(b), bold=mostly_bold(frags)
            )
        )
    x0, _, x1, _ = t.bbox
    return Table(
        page=number,
        n_rows=len(t.ys) - 1,
        n_cols=len(t.xs) - 1,
        cells=cells,
        bbox=round_bbox(t.bbox),
        finder="ruling",
        row_bboxes=[round_bbox((x0, t.ys[i], x1, t.ys[i + 1])) for i in range(len(t.ys) - 1)],
    )


def ruling_boxes(page: Any) -> list[BBox]:
    boxes: set[BBox] = set()
    for e in page.lines:
        boxes.add(round_bbox((e["x0"], e["top"], e["x1"], e["bottom"])))
    for rect in page.rects:
        x0, top, x1, bottom = rect["x0"], rect["top"], rect["x1"], rect["bottom"]
        if x1 - x0 < 3 or bottom - top < 3:
            boxes.add(round_bbox((x0, top, x1, bottom)))
        else:
            boxes.update(
                {
                    round_bbox((x0, top, x1, top)),
                    round_bbox((x0, bottom, x1, bottom)),
                    round_bbox((x0, top, x0, bottom)),
                    round_bbox((x1, top, x1, bottom)),
                }
            )
    return sorted(boxes, key=lambda b: (b[1], b[0]))


# -- borderless tables found from text alignment (``Table(finder="text")``) ------------------

_NUMBERING = re.compile(r"^\(?(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6}|[a-zđ])[.)]?$")
"""A Stt cell: "1", "2.", "1.2", "IV", "a)"."""

Band = tuple[float, float]


@dataclass(slots=True)
class TextTable:
    """Lines of a page laid out in aligned column bands (no rules).

    ``lines`` holds, per physical line, its fragments with their column index;
    ``starts`` the indexes of the lines where a table row begins; ``continued`` says
    the first line finishes a row begun on the previous page (its Stt cell is empty).
    """

    rows: list[Row]
    lines: list[list[tuple[int, Fragment]]]
    bands: list[Band]
    starts: list[int] = field(default_factory=list)
    continued: bool = False
    spans: dict[int, int] = field(default_factory=dict)
    """``id(fragment)`` → columns spanned by a header cell over sub-columns
    ("Cơ quan thực hiện" over "Chủ trì | Phối hợp")."""


def _overlapping(bands: list[Band], x0: float, x1: float) -> list[int]:
    return [c for c, (b0, b1) in enumerate(bands) if x1 > b0 + 1 and x0 < b1 - 1]


def _split_words(f: Fragment, bands: list[Band]) -> list[tuple[int, Fragment]] | None:
    """A fragment over several bands cut between its words at the gutters
    ("Tháng 6/2026    Ủy ban MTTQ" set closer than a column gap), or None."""
    parts: list[tuple[int, list[PdfWord]]] = []
    for w in f.words:
        cols = _overlapping(bands, w.x0, w.x1)
        if len(cols) != 1:
            return None
        if parts and parts[-1][0] == cols[0]:
            parts[-1][1].append(w)
            continue
        if parts and (
            cols[0] < parts[-1][0] or w.x0 - parts[-1][1][-1].x1 < SETTINGS.gutter_gap_min
        ):
            return None
        parts.append((cols[0], [w]))
    return [(c, Fragment(ws).finish()) for c, ws in parts]


def _place(row: Row, bands: list[Band]) -> list[tuple[int, Fragment]] | None:
    """Column index of each fragment of ``row`` (left to right; two fragments may share
    a column), or None when a fragment crosses a gutter, lies outside every band, or
    would widen a band into its neighbour."""
    placed: list[tuple[int, Fragment]] = []
    for f in row.frags:
        cols = _overlapping(bands, f.x0, f.x1)
        if len(cols) == 1:
            parts = [(cols[0], f)]
        elif len(cols) > 1:
            split = _split_words(f, bands)
            if split is None:
                return None
            parts = split
        else:
            return None
        for c, part in parts:
            if placed and placed[-1][0] > c:
                return None
            placed.append((c, part))
    for c, f in placed:
        lo, hi = min(bands[c][0], f.x0), max(bands[c][1], f.x1)
        if (c > 0 and lo < bands[c - 1][1] + 2) or (
            c + 1 < len(bands) and hi > bands[c + 1][0] - 2
        ):
            return None
    return placed


def _merge_shared(placed: list[tuple[int, Fragment]]) -> list[tuple[int, Fragment]]:
    """Fragments of one line in one column become one ("Số:      /QĐ-UBND")."""
    out: list[tuple[int, Fragment]] = []
    for c, f in placed:
        if out and out[-1][0] == c:
            out[-1] = (c, Fragment(out[-1][1].words + f.words).finish())
        else:
            out.append((c, f))
    return out


def _split_band(t: TextTable, placed: list[tuple[int, Fragment]]) -> bool:
    """Two fragments of a line in one band, a gutter apart, split the band in two when
    every earlier fragment of the band lies on one side, or spans both in a bold header
    line ("Cơ quan thực hiện" over "Chủ trì | Phối hợp"). Returns whether it split."""
    for (c, a), (d, b) in zip(placed, placed[1:], strict=False):
        if c != d or b.x0 - a.x1 < SETTINGS.gutter_gap_min:
            continue
        sides: dict[int, int] = {}
        for k, line in enumerate(t.lines):
            for col, f in line:
                if col != c:
                    continue
                if f.x1 <= b.x0 - 1:
                    sides[id(f)] = 0
                elif f.x0 >= a.x1 + 1:
                    sides[id(f)] = 1
                elif all(g.bold for j in range(k + 1) for _, g in t.lines[j]):
                    sides[id(f)] = 2
                else:
                    return False
        if not any(v == 2 for v in sides.values()) and not any(v == 1 for v in sides.values()):
            return False  # nothing above was right of the gutter: a draft's blanks
        for line in t.lines:
            for j, (col, f) in enumerate(line):
                if col > c:
                    line[j] = (col + 1, f)
                elif col == c and sides[id(f)] == 1:
                    line[j] = (c + 1, f)
                elif col == c and sides[id(f)] == 2:
                    t.spans[id(f)] = 2
        left = [f for line in t.lines for col, f in line if col == c and id(f) not in t.spans]
        right = [f for line in t.lines for col, f in line if col == c + 1]
        left.append(a)
        right.append(b)
        t.bands[c : c + 1] = [
            (min(f.x0 for f in left), max(f.x1 for f in left)),
            (min(f.x0 for f in right), max(f.x1 for f in right)),
        ]
        return True
    return False


def _open_bands(t: TextTable, row: Row) -> None:
    """A bold line under a bold header opens a band where no band lies: the second
    header line of a merged header cell ("Cơ quan thực hiện" over "Chủ trì | Phối hợp",
    the upper cell set flush left). The upper cell over the band on its left then spans
    both; data lines never open bands."""
    header = [f for line in t.lines for _, f in line]
    if not header or not all(f.bold for f in row.frags) or not all(f.bold for f in header):
        return
    for f in row.frags:
        if _overlapping(t.bands, f.x0, f.x1):
            continue
        c = sum(1 for _, b1 in t.bands if b1 <= f.x0)
        for line in t.lines:
            for j, (col, g) in enumerate(line):
                if col >= c:
                    line[j] = (col + 1, g)
        t.bands.insert(c, (f.x0, f.x1))
        if c == 0 or not any(_overlapping([t.bands[c - 1]], g.x0, g.x1) for g in row.frags):
            continue
        uppers = [g for line in t.lines for col, g in line if col == c - 1]
        for g in uppers:
            t.spans[id(g)] = 2
        below = [g for g in row.frags if _overlapping([t.bands[c - 1]], g.x0, g.x1)]
        t.bands[c - 1] = (min(g.x0 for g in below), max(g.x1 for g in below))


def _grow(rows: list[Row], i: int, bands: list[Band]) -> TextTable:
    """The longest run of rows from ``rows[i]`` whose fragments fit the column bands."""
    t = TextTable([], [], list(bands))
    height = max(rows[i].bottom - rows[i].top, 1.0)
    for row in rows[i:]:
        if t.rows and row.top - t.rows[-1].bottom > SETTINGS.text_table_max_gap * height:
            break
        _open_bands(t, row)
        placed = _place(row, t.bands)
        while placed is not None and t.lines and _split_band(t, placed):
            placed = _place(row, t.bands)
        if placed is None:
            break
        placed = _merge_shared(placed)
        for c, f in placed:
            t.bands[c] = (min(t.bands[c][0], f.x0), max(t.bands[c][1], f.x1))
        t.lines.append(placed)
        t.rows.append(row)
    return t


def _header_end(t: TextTable) -> int | None:
    """The first line under a bold header row ("Stt | Nội dung | …", maybe wrapped):
    it opens a row even with an empty Stt cell (a row cut by the page break, under the
    header repeated on the new page)."""
    k = 0
    while k < len(t.lines) and all(f.bold for _, f in t.lines[k]):
        k += 1
    if 0 < k < len(t.lines) and not any(f.bold for _, f in t.lines[k]):
        return k
    return None


def _row_starts(t: TextTable) -> list[int]:
    """Lines opening a table row.

    With a Stt column (numbers under the header), every line with a number opens a row;
    otherwise a line with its first cell filled opens a row when the gap above it is
    wider than the table's line spacing (or every such line when all gaps are alike).
    The first line under a bold header always opens a row (:func:`_header_end`).
    """
    first = [next((f for c, f in line if c == 0), None) for line in t.lines]
    numbers = [f.text for f in first[1:] if f is not None]
    share = SETTINGS.text_table_numbering_share
    starts = [0]
    if numbers and sum(bool(_NUMBERING.match(n.strip())) for n in numbers) >= share * len(numbers):
        starts += [k for k, f in enumerate(first) if f is not None and k > 0]
    else:
        gaps = [b.top - a.bottom for a, b in zip(t.rows, t.rows[1:], strict=False)]
        tight = min(gaps, default=0.0)
        height = statistics.median(r.bottom - r.top for r in t.rows)
        step = SETTINGS.text_table_row_gap * height
        spaced = any(g > tight + step for g in gaps)
        for k in range(1, len(t.lines)):
            if first[k] is not None and (not spaced or gaps[k - 1] > tight + step):
                starts.append(k)
    head = _header_end(t)
    spanned = [any(id(f) in t.spans for _, f in line) for line in t.lines]
    subs = [k for k in range(1, len(t.lines)) if spanned[k - 1] and not spanned[k]]
    return sorted({*starts, *subs, *([head] if head is not None else [])})


def _trim(t: TextTable) -> None:
    """Drop trailing one-cell lines set further apart than the table's wrapped lines
    (a short paragraph under the table that happens to fit one column)."""
    inner = [
        b.top - a.bottom
        for k, (a, b) in enumerate(zip(t.rows, t.rows[1:], strict=False))
        if len(t.lines[k + 1]) > 1
    ]
    height = max(t.rows[0].bottom - t.rows[0].top, 1.0)
    limit = (min(inner) if inner else 0.0) + SETTINGS.text_table_row_gap * height
    while len(t.lines) > 1 and len(t.lines[-1]) == 1:
        if t.rows[-1].top - t.rows[-2].bottom <= limit:
            break
        t.lines.pop()
        t.rows.pop()


def _is_layout(t: TextTable) -> bool:
    """Side-by-side signature or header blocks: most text bold or in capitals."""
    frags = [f for line in t.lines[1:] for _, f in line]
    weight = sum(len(f.text) for f in frags) or 1
    return sum(len(f.text) for f in frags if f.bold or is_upper(f.text)) * 2 > weight


def _accept(t: TextTable) -> bool:
    if len(t.bands) < SETTINGS.text_table_min_cols:
        return False
    full = sum(1 for line in t.lines if len(line) >= SETTINGS.text_table_min_cols)
    filled = [
        sum(1 for line in t.lines if any(c == k for c, _ in line)) for k in range(len(t.bands))
    ]
    enough = min(full, len(t.starts)) >= SETTINGS.text_table_min_rows
    return enough and min(filled) >= 2 and not _is_layout(t)


def find_text_tables(rows: list[Row], *, carry: list[Band] | None = None) -> list[TextTable]:
    """Runs of ≥ 3 table rows whose fragments fall into ≥ 3 column bands (the stream
    idea: the bands are the x-extents of the first row's fragments, widened by every
    fragment placed; a fragment crossing a gutter ends the run).

    ``carry`` holds the bands of a text table that ended the previous page: the page's
    first lines that fit them continue it (one line is enough).
    """
    tables: list[TextTable] = []
    i = 0
    if carry and rows:
        t = _grow(rows, 0, carry)
        if t.lines:
            _trim(t)
            t.starts = _row_starts(t)
            t.continued = not any(c == 0 for c, _ in t.lines[0])
            tables.append(t)
            i = len(t.rows)
    while i < len(rows):
        if len(rows[i].frags) < SETTINGS.text_table_min_cols:
            i += 1
            continue
        t = _grow(rows, i, [(f.x0, f.x1) for f in rows[i].frags])
        if not t.lines:
            i += 1
            continue
        _trim(t)
        t.starts = _row_starts(t)
        if _accept(t):
            tables.append(t)
            i += len(t.rows)
        else:
            i += 1
    return tables


def text_table_model(t: TextTable, number: int) -> Table:
    """One cell per table row and column band (wrapped lines joined with "\\n")."""
    bounds = [*t.starts, len(t.lines)]
    cells: list[Cell] = []
    row_boxes: list[BBox | None] = []
    for r, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False)):
        in_row = [pf for line in t.lines[a:b] for pf in line]
        row_boxes.append(_union([f for _, f in in_row]))
        for c in range(len(t.bands)):
            frags = [f for k, f in in_row if k == c]
            if not frags:
                continue
            span = max(t.spans.get(id(f), 1) for f in frags)
            lines = [f.to_line() for f in frags]
            cells.append(
                cell_from_lines(
                    r, c, lines, col_span=span, bbox=_union(frags), bold=mostly_bold(frags)
                )
            )
    return Table(
        page=number,
        n_rows=len(bounds) - 1,
        n_cols=len(t.bands),
        cells=cells,
        bbox=round_bbox((t.bands[0][0], t.rows[0].top, t.bands[-1][1], t.rows[-1].bottom)),
        finder="text",
        borderless=False,
        row_bboxes=row_boxes,
    )


def _union(frags: list[Fragment]) -> BBox:
    return round_bbox(
        (
            min(f.x0 for f in frags),
            min(f.top for f in frags),
            max(f.x1 for f in frags),
            max(f.bottom for f in frags),
        )
    )
