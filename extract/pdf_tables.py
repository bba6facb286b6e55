"""Ruled tables of a typed-PDF page (``Table(finder="ruling")``) and its ruling lines.

One ``find_tables`` per ruled page; each cell is mapped onto the table's distinct x
and y edges, so merged cells get ``row_span``/``col_span``. Glyphs inside a table are
handed to its cells (:func:`assign_table_chars`) and leave the text flow.

>>> _cluster([10.0, 10.8, 50.0, 90.2, 90.0])
[10.0, 50.0, 90.0]
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from extract.pdf_words import fragments, round_bbox
from models.layout import BBox, Cell, Table


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
        weight = sum(len(f.text) for f in frags) or 1
        cells.append(
            Cell(
                row=r,
                col=c,
                row_span=rs,
                col_span=cs,
                text="\n".join(f.text for f in frags),
                lines=[f.to_line() for f in frags],
                bbox=round_bbox(b),
                bold=(sum(len(f.text) for f in frags if f.bold) * 2 > weight) if frags else None,
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
