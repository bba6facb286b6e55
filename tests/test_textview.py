"""TextView: one string for the document, every offset back to its page and box."""

from __future__ import annotations

from vanban.models.layout import Block, Cell, LayoutDocument, Line, Page, Table, Word
from vanban.parsers.textview import TextView


def _doc() -> LayoutDocument:
    words = [
        Word(text="Căn", bbox=(10, 10, 30, 20)),
        Word(text="cứ", bbox=(32, 10, 45, 20)),
        Word(text="Luật;", bbox=(47, 10, 80, 20)),
    ]
    return LayoutDocument(
        format="pdf",
        pages=[
            Page(
                number=1,
                items=[
                    Block(
                        text="Căn cứ Luật;\nQUYẾT ĐỊNH:",
                        page=1,
                        lines=[
                            Line(text="Căn cứ Luật;", bbox=(10, 10, 80, 20), words=words),
                            Line(text="QUYẾT ĐỊNH:", bbox=(10, 30, 90, 40)),
                        ],
                    ),
                ],
            ),
            Page(
                number=2,
                items=[
                    Table(
                        page=2,
                        n_rows=1,
                        n_cols=2,
                        cells=[
                            Cell(row=0, col=0, text="1", bbox=(0, 0, 5, 5)),
                            Cell(row=0, col=1, text="Phối hợp\ntuyên truyền", bbox=(5, 0, 50, 5)),
                        ],
                    ),
                ],
            ),
        ],
    )


def test_text_layout() -> None:
    view = TextView.build(_doc())
    assert view.text == "Căn cứ Luật;\nQUYẾT ĐỊNH:\n\n1\tPhối hợp tuyên truyền"


def test_locate_uses_word_boxes() -> None:
    view = TextView.build(_doc())
    start = view.text.index("cứ")
    page, bbox = view.locate(start, start + len("cứ Luật"))
    assert page == 1
    assert bbox == (32, 10, 80, 20)


def test_locate_table_cell_and_page() -> None:
    view = TextView.build(_doc())
    start = view.text.index("tuyên")
    page, bbox = view.locate(start, start + 5)
    assert page == 2
    assert bbox == (5, 0, 50, 5)
    assert view.page_at(start) == 2
    assert view.page_at(0) == 1


def test_items_spans_cover_their_text() -> None:
    view = TextView.build(_doc())
    first, second = view.items
    assert view.text[first.start : first.end] == "Căn cứ Luật;\nQUYẾT ĐỊNH:"
    assert view.text[second.start : second.end] == "1\tPhối hợp tuyên truyền"
    assert [it.index for it in view.tables()] == [1]
