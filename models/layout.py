"""The layout model: what every reader in ``extract/`` produces.

One model for every input format (typed PDF, DOCX, HTML, Markdown, text, and
later OCR): pages → items in reading order, each item a text :class:`Block`
(lines → words with boxes) or a :class:`Table` (cells with row/column spans).

Coordinates are PDF points (1/72 inch) from the page's top-left corner,
``(x0, top, x1, bottom)``, the convention pdfplumber uses. Formats that have no
geometry (DOCX, HTML, Markdown, text) leave boxes as ``None`` and number pages
logically (a new page at each explicit page or section break); ``Page.physical``
says which kind of page it is.

Text here is the *printed* text after hygiene (NFC, "Ð"→"Đ", legacy-font
conversion); keys for comparison are made later, never stored in place of it.

Example (a seed document read from DOCX)::

    Page(number=1, items=[
        Table(kind="table", n_rows=2, n_cols=2, borderless=True, cells=[
            Cell(row=0, col=0, text="BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY\\n*"), ...]),
        Block(kind="block", text="CHƯƠNG TRÌNH PHỐI HỢP",
              style=BlockStyle(bold=True, align="center")), ...])
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

BBox = tuple[float, float, float, float]
"""(x0, top, x1, bottom) in points from the page's top-left corner."""

Format = Literal["pdf", "docx", "doc", "html", "md", "txt", "image"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Word(_Model):
    """One word as the reader saw it; ``conf`` is OCR confidence (0–100) if any."""

    text: str
    bbox: BBox | None = None
    font: str | None = None
    size: float | None = None
    bold: bool = False
    italic: bool = False
    conf: float | None = None
    verified: bool | None = None
    """OCR verification re-reads agreed (True) or not (False); None: not re-read."""
    rereads: tuple[str, ...] = ()
    """What the verification re-reads read."""
    ocr_text: str | None = None
    """OCR's first reading, when agreeing re-reads or the word repair replaced it."""
    repaired: bool = False
    """OCR's reading was a hat or tone misread put right from context (word repair)."""
    handwritten: bool = False
    """Read from handwriting in a header blank (digits only, reads agreed)."""


class Line(_Model):
    """A visual line. ``text`` is the words joined by single spaces when boxes are known."""

    text: str
    bbox: BBox | None = None
    words: list[Word] = Field(default_factory=list)


class BlockStyle(_Model):
    """Style facts the reader knows (``None`` = unknown)."""

    bold: bool | None = None
    italic: bool | None = None
    align: Literal["left", "center", "right", "justify"] | None = None
    size: float | None = None
    style_name: str | None = None
    uppercase: bool | None = None


class Block(_Model):
    """A paragraph (or heading) of running text: lines joined with "\\n"."""

    kind: Literal["block"] = "block"
    text: str
    lines: list[Line] = Field(default_factory=list)
    bbox: BBox | None = None
    page: int
    style: BlockStyle = Field(default_factory=BlockStyle)
    section: int = 0


class Cell(_Model):
    """A table cell anchored at (row, col); positions it covers through spans have no cell."""

    row: int
    col: int
    row_span: int = 1
    col_span: int = 1
    text: str
    lines: list[Line] = Field(default_factory=list)
    bbox: BBox | None = None
    bold: bool | None = None


class Table(_Model):
    """A table on one page. Tables continuing across pages are stitched by parsers/tables.py.

    ``finder`` says how the grid was found: "ruling" (drawn lines), "text" (text
    alignment, no rules), "markup" (DOCX/HTML/Markdown structure) or "ocr".
    ``borderless`` marks layout tables (the header and signature blocks).
    """

    kind: Literal["table"] = "table"
    page: int
    n_rows: int
    n_cols: int
    cells: list[Cell] = Field(default_factory=list)
    bbox: BBox | None = None
    finder: Literal["ruling", "text", "markup", "ocr"] = "markup"
    borderless: bool = False
    section: int = 0
    row_bboxes: list[BBox | None] = Field(default_factory=list)

    def grid(self) -> list[list[Cell | None]]:
        """Rows × columns; a spanned position holds the anchoring cell (same object)."""
        out: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            for r in range(c.row, min(c.row + c.row_span, self.n_rows)):
                for k in range(c.col, min(c.col + c.col_span, self.n_cols)):
                    out[r][k] = c
        return out


Item = Annotated[Block | Table, Field(discriminator="kind")]


class Page(_Model):
    """One page. ``needs_ocr`` is set when the page has no usable text layer."""

    number: int
    width: float | None = None
    height: float | None = None
    rotation: int = 0
    physical: bool = True
    items: list[Item] = Field(default_factory=list)
    needs_ocr: bool = False
    ocr_reason: str | None = None
    text_source: Literal["native", "ocr", "none"] = "native"
    ruling_lines: list[BBox] = Field(default_factory=list)


class LayoutWarning(_Model):
    code: str
    message: str
    page: int | None = None


class LayoutDocument(_Model):
    """What a reader returns: the pages of one file, plus reader-level warnings."""

    format: Format
    pages: list[Page] = Field(default_factory=list)
    warnings: list[LayoutWarning] = Field(default_factory=list)
    metadata: dict[str, str] = Field(default_factory=dict)

    def items(self) -> list[tuple[Page, Block | Table]]:
        """Every item in reading order with its page."""
        return [(p, it) for p in self.pages for it in p.items]
