"""The document as one string, with a way back to pages and boxes.

Parsers that work on running text (citations, header lines, prose tasks) read
``TextView.text``; every character offset maps back to its page and, when the
reader knew geometry, to a box (:meth:`TextView.locate`). This string is what
``span`` fields in the output point into; ``vanban text FILE`` prints it.

Layout of the string: items in reading order; a block's lines joined by "\\n";
items separated by "\\n\\n"; a table is written row by row, cells joined by
"\\t" and rows by "\\n" (a cell's own line breaks become spaces, so a row stays
one line).

>>> from vanban.models.layout import Block, LayoutDocument, Page
>>> doc = LayoutDocument(format="txt", pages=[Page(number=1, items=[
...     Block(text="Căn cứ Luật;", page=1), Block(text="QUYẾT ĐỊNH:", page=1)])])
>>> view = TextView.build(doc)
>>> view.text
'Căn cứ Luật;\\n\\nQUYẾT ĐỊNH:'
>>> view.page_at(14)
1
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field

from vanban.models.layout import BBox, Block, Cell, LayoutDocument, Line, Table, Word


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of ``TextView.text`` that came from one line (or cell) of one item."""

    start: int
    end: int
    page: int
    item: int
    bbox: BBox | None
    line: Line | None = None
    cell: Cell | None = None


@dataclass(slots=True)
class ItemSpan:
    """Where one layout item sits in the text."""

    index: int
    start: int
    end: int
    page: int
    item: Block | Table


@dataclass(slots=True)
class TextView:
    text: str
    segments: list[Segment] = field(default_factory=list)
    items: list[ItemSpan] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)

    @classmethod
    def build(cls, doc: LayoutDocument) -> TextView:
        parts: list[str] = []
        segments: list[Segment] = []
        items: list[ItemSpan] = []
        pos = 0

        def add(s: str) -> None:
            nonlocal pos
            parts.append(s)
            pos += len(s)

        index = 0
        for page in doc.pages:
            for item in page.items:
                if items:
                    add("\n\n")
                start = pos
                if isinstance(item, Block):
                    lines = item.lines or [Line(text=item.text, bbox=item.bbox)]
                    for i, line in enumerate(lines):
                        if i:
                            add("\n")
                        segments.append(
                            Segment(pos, pos + len(line.text), item.page, index, line.bbox, line)
                        )
                        add(line.text)
                else:
                    grid_rows: dict[int, list[Cell]] = {}
                    for cell in item.cells:
                        grid_rows.setdefault(cell.row, []).append(cell)
                    for r_i, row in enumerate(sorted(grid_rows)):
                        if r_i:
                            add("\n")
                        for c_i, cell in enumerate(sorted(grid_rows[row], key=lambda c: c.col)):
                            if c_i:
                                add("\t")
                            flat = " ".join(cell.text.split())
                            segments.append(
                                Segment(
                                    pos, pos + len(flat), item.page, index, cell.bbox, None, cell
                                )
                            )
                            add(flat)
                items.append(ItemSpan(index, start, pos, item.page, item))
                index += 1
        view = cls("".join(parts), segments, items)
        view._starts = [s.start for s in segments]
        return view

    # -- mapping back -------------------------------------------------------------
    def _segments_in(self, start: int, end: int) -> Iterator[Segment]:
        i = max(bisect.bisect_right(self._starts, start) - 1, 0)
        while i < len(self.segments) and self.segments[i].start < max(end, start + 1):
            seg = self.segments[i]
            if seg.end > start or (seg.start == start):
                yield seg
            i += 1

    def page_at(self, offset: int) -> int | None:
        """Page of the character at ``offset`` (or of the nearest item before it)."""
        i = bisect.bisect_right([it.start for it in self.items], offset) - 1
        return self.items[i].page if i >= 0 else (self.items[0].page if self.items else None)

    def locate(self, start: int, end: int) -> tuple[int | None, BBox | None]:
        """Page and box of a span: the first page it touches and the union of the
        boxes on that page (word boxes where the line's words are known)."""
        page: int | None = None
        boxes: list[BBox] = []
        for seg in self._segments_in(start, end):
            if page is None:
                page = seg.page
            if seg.page != page:
                break
            box = _sub_box(seg, start, end)
            if box is not None:
                boxes.append(box)
        if page is None:
            page = self.page_at(start)
        return page, union(boxes)

    def words_in(self, start: int, end: int) -> list[tuple[int, Word]]:
        """(page, word) of every word with a box whose text overlaps [start, end): the
        words a field read from this span rests on (OCR confidence in ``Word.conf``)."""
        out: list[tuple[int, Word]] = []
        for seg in self._segments_in(start, end):
            for w_start, w_end, w in _seg_words(seg):
                if w_start < end and w_end > start:
                    out.append((seg.page, w))
        return out

    def item_at(self, offset: int) -> ItemSpan | None:
        i = bisect.bisect_right([it.start for it in self.items], offset) - 1
        return self.items[i] if i >= 0 else None

    def blocks(self) -> Iterator[ItemSpan]:
        return (it for it in self.items if isinstance(it.item, Block))

    def tables(self) -> Iterator[ItemSpan]:
        return (it for it in self.items if isinstance(it.item, Table))


def union(boxes: list[BBox]) -> BBox | None:
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _sub_box(seg: Segment, start: int, end: int) -> BBox | None:
    """Box of the part of ``seg`` inside [start, end): word boxes if known."""
    line = seg.line
    if line is None or not line.words or " ".join(w.text for w in line.words) != line.text:
        return seg.bbox
    pos = seg.start
    boxes: list[BBox] = []
    for w in line.words:
        w_start, w_end = pos, pos + len(w.text)
        if w_end > start and w_start < end and w.bbox is not None:
            boxes.append(w.bbox)
        pos = w_end + 1
    return union(boxes) or seg.bbox


def _seg_words(seg: Segment) -> list[tuple[int, int, Word]]:
    """The words of a segment with their start and end in the view; when the text is
    not the words joined by spaces, every word spans the whole segment."""
    if seg.line is not None:
        words = seg.line.words
        text = seg.line.text
    elif seg.cell is not None:
        words = [w for ln in seg.cell.lines for w in ln.words]
        text = " ".join(seg.cell.text.split())
    else:
        return []
    if " ".join(w.text for w in words) != text:
        return [(seg.start, seg.end, w) for w in words if w.bbox is not None]
    out: list[tuple[int, int, Word]] = []
    pos = seg.start
    for w in words:
        out.append((pos, pos + len(w.text), w))
        pos += len(w.text) + 1
    return out
