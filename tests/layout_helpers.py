"""Reading a LayoutDocument in reader tests: its items in order, a Block's text, a cell."""

from __future__ import annotations

from vanban.models.layout import Block, Cell, LayoutDocument, Table


def layout_items(layout: LayoutDocument) -> list[Block | Table]:
    """Every Block and Table of ``layout``, page by page, in reading order."""
    return [item for _, item in layout.items()]


def block_text(item: Block | Table) -> str:
    """A Block's text (a Table here is a test failure)."""
    assert isinstance(item, Block), f"expected a Block, got a {item.kind}"
    return item.text


def cell_at(table: Table, row: int, col: int) -> Cell:
    """The cell covering (row, col); None there is a test failure."""
    cell = table.grid()[row][col]
    assert cell is not None, f"no cell at ({row}, {col})"
    return cell
