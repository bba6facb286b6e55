"""One way to build a table cell from its lines, for every reader.

A cell's ``text`` is its lines joined by newlines; its ``bold`` says whether the cell is
printed bold: for markup (DOCX, HTML, Markdown, text) every visible span must be bold,
for a PDF or a scan the bold characters must be the majority.

>>> from vanban.models.layout import Line
>>> cell = cell_from_lines(0, 1, [Line(text="Sở Nội vụ"), Line(text="Sở Tài chính")])
>>> cell.text, cell.row_span, cell.bold
('Sở Nội vụ\\nSở Tài chính', 1, None)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from vanban.models.layout import BBox, Cell, Line


class _Styled(Protocol):
    """A span or a fragment: its text and whether it is bold."""

    @property
    def text(self) -> str: ...

    @property
    def bold(self) -> bool | None: ...


def cell_from_lines(
    row: int,
    col: int,
    lines: list[Line],
    *,
    row_span: int = 1,
    col_span: int = 1,
    bbox: BBox | None = None,
    bold: bool | None = None,
    text: str | None = None,
) -> Cell:
    """A cell at (row, col) holding ``lines``; ``text`` defaults to the lines joined."""
    return Cell(
        row=row,
        col=col,
        row_span=row_span,
        col_span=col_span,
        text="\n".join(line.text for line in lines) if text is None else text,
        lines=lines,
        bbox=bbox,
        bold=bold,
    )


def all_bold(spans: Sequence[_Styled]) -> bool | None:
    """Markup: True when every visible span is bold, False when one is not, None when the
    cell shows nothing.

    >>> from types import SimpleNamespace as S
    >>> all_bold([S(text="STT", bold=True), S(text=" ", bold=None)]), all_bold([])
    (True, None)
    """
    visible = [s for s in spans if s.text.strip()]
    return all(bool(s.bold) for s in visible) if visible else None


def mostly_bold(fragments: Sequence[_Styled]) -> bool | None:
    """PDF and scans: True when bold characters are more than half, None without text.

    >>> from types import SimpleNamespace as S
    >>> mostly_bold([S(text="Nội dung", bold=True), S(text="x", bold=False)])
    True
    """
    if not fragments:
        return None
    weight = sum(len(f.text) for f in fragments) or 1
    return sum(len(f.text) for f in fragments if f.bold) * 2 > weight
