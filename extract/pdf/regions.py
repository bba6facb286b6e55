"""Borderless two-column regions of a typed-PDF page: the header and the signature block.

"ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and "Nơi nhận: | KT. CHỦ TỊCH"
are laid out side by side without rules; read line by line they would interleave.
Runs of rows whose fragments stay in the same columns become
``Table(finder="text", borderless=True)``, one cell per column and table row.

>>> text_regions([])
[]
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from vanban.extract.cells import cell_from_lines, mostly_bold
from vanban.extract.pdf.settings import SETTINGS
from vanban.extract.pdf.words import Fragment, is_upper, round_bbox
from vanban.models.layout import BBox, Cell, Table


@dataclass(slots=True)
class Row:
    frags: list[Fragment]
    top: float
    bottom: float


def group_rows(frags: list[Fragment]) -> list[Row]:
    """Fragments whose vertical extents overlap form one row (left to right)."""
    rows: list[Row] = []
    for f in sorted(frags, key=lambda f: f.top):
        if rows:
            row = rows[-1]
            overlap = min(row.bottom, f.bottom) - max(row.top, f.top)
            if overlap > 0.5 * min(row.bottom - row.top, f.bottom - f.top):
                row.frags.append(f)
                row.bottom = max(row.bottom, f.bottom)
                continue
        rows.append(Row([f], f.top, f.bottom))
    for row in rows:
        row.frags.sort(key=lambda f: f.x0)
    return rows


@dataclass(slots=True)
class _Column:
    frags: list[Fragment]
    x0: float = 0.0
    x1: float = 0.0

    def add(self, f: Fragment) -> None:
        self.x0 = min(self.x0, f.x0) if self.frags else f.x0
        self.x1 = max(self.x1, f.x1) if self.frags else f.x1
        self.frags.append(f)

    def pauses_before(self, f: Fragment, height: float) -> bool:
        """A wider gap than the column's own line spacing opens before ``f``."""
        last = self.frags[-1]
        usual = last.top - self.frags[-2].bottom if len(self.frags) >= 2 else 0.0
        return f.top - last.bottom > max(0.9 * height, usual + 0.5 * height)

    def accepts(self, f: Fragment) -> bool:
        """A lone fragment belongs here when it is aligned with or centred in the column."""
        if abs(f.x0 - self.x0) < 4:
            return True
        width = max(self.x1 - self.x0, 1.0)
        if f.x0 < self.x0 - 0.25 * width or f.x1 > self.x1 + 0.25 * width:
            return False
        centre = statistics.fmean(g.center for g in self.frags)
        return abs(f.center - centre) < 0.2 * width


@dataclass(slots=True)
class Region:
    rows: list[Row]
    columns: list[_Column]
    row_breaks: list[int]  # indexes into rows where a new table row starts


def _fits(columns: list[_Column], c: int, f: Fragment) -> bool:
    """``f`` stays clear of the neighbouring columns of column ``c``."""
    if c > 0 and f.x0 < columns[c - 1].x1 + 2:
        return False
    return not (c < len(columns) - 1 and f.x1 > columns[c + 1].x0 - 2)


def _assign_row(row: Row, columns: list[_Column]) -> list[int] | None:
    """Column index of each fragment of ``row``; None when the row does not fit.

    Fragments of one row that land in the same column (a draft's blanks:
    "Số:      /QĐ-UBND") are merged into one fragment.
    """
    if len(row.frags) == len(columns):
        cols = list(range(len(columns)))
        if all(_fits(columns, c, f) for c, f in zip(cols, row.frags, strict=True)):
            return cols
    out: list[int] = []
    for f in row.frags:
        choices = [c for c in range(len(columns)) if _fits(columns, c, f)]
        if not choices:
            return None
        out.append(min(choices, key=lambda c: abs(columns[c].x0 - f.x0)))
    if out != sorted(out):
        return None
    if len(set(out)) != len(out):
        merged: list[Fragment] = []
        merged_cols: list[int] = []
        for f, c in zip(row.frags, out, strict=True):
            if merged_cols and merged_cols[-1] == c:
                merged[-1] = Fragment(merged[-1].words + f.words).finish()
            else:
                merged.append(f)
                merged_cols.append(c)
        row.frags[:] = merged
        out = merged_cols
    if len(out) == 1 and not columns[out[0]].accepts(row.frags[0]):
        return None
    return out


def _holds_text_block(col: _Column) -> bool:
    """The column holds a block of its own: two lines one under the other, or a bold or
    capitalised line (an issuing body "ỦY BAN NHÂN DÂN", a signer's "GIÁM ĐỐC").

    A short note right of a list line ("- Ban công tác phía Nam MTTW;      Để b/cáo") or
    the words after a draft's blanks ("/QĐ-UBND ngày") are not.
    """
    frags = sorted(col.frags, key=lambda f: f.top)
    for a, b in zip(frags, frags[1:], strict=False):
        if b.top - a.bottom <= SETTINGS.region_line_gap * max(a.bottom - a.top, b.bottom - b.top):
            return True
    return any(f.bold or is_upper(f.text) for f in frags)


def _one_sentence(row: Row) -> bool:
    """A row whose parenthesis opens in one fragment and closes in another is one
    sentence with blanks: "(Ban hành kèm theo Quyết định số:    /QĐ-UBND ngày    …)"."""
    first = row.frags[0].text
    return first.count("(") > first.count(")") and any(")" in f.text for f in row.frags[1:])


def _in_layout_zone(region: Region, page_height: float | None) -> bool:
    """A one-row region sits in the header (top third) or signature zone (bottom third)."""
    if page_height is None or len(region.rows) >= 2:
        return True
    row, zone = region.rows[0], SETTINGS.region_zone * page_height
    return row.top < zone or row.bottom > page_height - zone


def _is_layout_region(region: Region, page_height: float | None) -> bool:
    if len(region.rows) == 1 and _one_sentence(region.rows[0]):
        return False
    if not _in_layout_zone(region, page_height):
        return False
    return all(_holds_text_block(col) for col in region.columns)


def text_regions(rows: list[Row], *, page_height: float | None = None) -> list[Region]:
    """Runs of rows laid out in two (or more) columns that never cross each other.

    A run needs two rows, or one row at the top or bottom of the page (a header, or a
    signature block cut by the page break); every column must hold a text block of its
    own (:func:`_holds_text_block`), and a one-row run must lie in the header or
    signature zone of the page when ``page_height`` is given.
    """
    regions: list[Region] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        if len(row.frags) < 2:
            i += 1
            continue
        columns = [_Column([]) for _ in row.frags]
        for col, f in zip(columns, row.frags, strict=True):
            col.add(f)
        members = [row]
        breaks = [0]
        height = max(row.bottom - row.top, 1.0)
        prev = row
        j = i + 1
        while j < len(rows):
            nxt = rows[j]
            gap = nxt.top - prev.bottom
            limit = (
                SETTINGS.text_table_full_row_gap
                if len(nxt.frags) == len(columns)
                else SETTINGS.text_table_max_gap
            )
            if gap > limit * height:
                break
            cols = _assign_row(nxt, columns)
            if cols is None:
                break
            if len(nxt.frags) >= 2 and all(
                columns[c].pauses_before(f, height) for f, c in zip(nxt.frags, cols, strict=True)
            ):
                breaks.append(len(members))  # every column paused: a new table row
            for f, c in zip(nxt.frags, cols, strict=True):
                columns[c].add(f)
            members.append(nxt)
            prev = nxt
            j += 1
        at_page_edge = i == 0 or j == len(rows)
        region = Region(members, columns, breaks)
        if (len(members) >= 2 or at_page_edge) and _is_layout_region(region, page_height):
            regions.append(region)
            i = j
        else:
            i += 1
    return regions


def region_table(region: Region, number: int) -> Table:
    rows_of: dict[int, int] = {}
    table_row = -1
    for k, row in enumerate(region.rows):
        if k in region.row_breaks:
            table_row += 1
        for f in row.frags:
            rows_of[id(f)] = table_row
    n_rows = table_row + 1
    cells: list[Cell] = []
    row_boxes: list[BBox | None] = []
    for r in range(n_rows):
        in_row = [f for c in region.columns for f in c.frags if rows_of[id(f)] == r]
        row_boxes.append(
            round_bbox(
                (
                    min(f.x0 for f in in_row),
                    min(f.top for f in in_row),
                    max(f.x1 for f in in_row),
                    max(f.bottom for f in in_row),
                )
            )
        )
        for ci, col in enumerate(region.columns):
            frags = [f for f in col.frags if rows_of[id(f)] == r]
            if not frags:
                continue
            box = round_bbox(
                (
                    min(f.x0 for f in frags),
                    min(f.top for f in frags),
                    max(f.x1 for f in frags),
                    max(f.bottom for f in frags),
                )
            )
            lines = [f.to_line() for f in frags]
            cells.append(cell_from_lines(r, ci, lines, bbox=box, bold=mostly_bold(frags)))
    allf = [f for c in region.columns for f in c.frags]
    bbox = (
        min(f.x0 for f in allf),
        min(f.top for f in allf),
        max(f.x1 for f in allf),
        max(f.bottom for f in allf),
    )
    return Table(
        page=number,
        n_rows=n_rows,
        n_cols=len(region.columns),
        cells=cells,
        bbox=round_bbox(bbox),
        finder="text",
        borderless=True,
        row_bboxes=row_boxes,
    )
