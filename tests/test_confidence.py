"""Confidence and evidence of fields read by OCR (issue 11, item 1)."""

from __future__ import annotations

import doctest

from vanban.models.document import SourceInfo
from vanban.models.layout import Block, Cell, LayoutDocument, Line, Page, Table, Word
from vanban.parsers import confidence as confidence_mod
from vanban.parsers.confidence import PATTERN_CAP, token_confidence
from vanban.pipeline import parse_layout


def _line(words: list[tuple[str, float | None]], top: float) -> Line:
    out: list[Word] = []
    x = 50.0
    for text, conf in words:
        out.append(Word(text=text, bbox=(x, top, x + 8 * len(text), top + 12), conf=conf))
        x += 8 * len(text) + 5
    text = " ".join(w.text for w in out)
    return Line(text=text, bbox=(50.0, top, x, top + 12), words=out)


def _layout(source: str, conf: dict[str, float]) -> LayoutDocument:
    """A one-page preamble; OCR confidence of each word from ``conf`` (95 by default)."""
    rows = [
        "Căn cứ Nghị định số 72/2015/NĐ-CP ngày 07/9/2015 của Chính phủ;",
        "Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08/6/20210 của Chính phủ;",
        "QUYẾT ĐỊNH:",
    ]
    ocr = source == "ocr"
    items = []
    for i, row in enumerate(rows):
        words = [(t, conf.get(t, 95.0) if ocr else None) for t in row.split()]
        line = _line(words, 100.0 + 40 * i)
        items.append(Block(text=line.text, lines=[line], bbox=line.bbox, page=1))
    page = Page(number=1, items=items, text_source="ocr" if ocr else "native")
    return LayoutDocument(format="pdf", pages=[page])


def _doc(layout: LayoutDocument):  # type: ignore[no-untyped-def]
    src = SourceInfo(filename="x.pdf", sha256="0", format="pdf", pages=1, ocr=True)
    return parse_layout(layout, src)


def test_typed_fields_are_sure() -> None:
    doc = _doc(_layout("native", {}))
    first = doc.legal_basis[0]
    assert {k: v.confidence for k, v in first.confidence.items()} == {
        "number": 1.0,
        "date": 1.0,
        "issuer": 1.0,
    }
    assert first.confidence["number"].words == []


def test_ocr_fields_rest_on_their_weakest_word_with_its_box() -> None:
    doc = _doc(_layout("ocr", {"72/2015/NĐ-CP": 82.5, "ngày": 40.0, "Chính": 70.0}))
    first = doc.legal_basis[0]
    number = first.confidence["number"]
    assert number.confidence == 0.825
    assert [(w.text, w.page) for w in number.words] == [("72/2015/NĐ-CP", 1)]
    assert number.words[0].bbox is not None
    # "ngày" does not make a date unsure: only its digits count
    assert first.confidence["date"].confidence == 0.95
    assert first.confidence["issuer"].confidence == 0.7


def test_a_date_that_cannot_exist_is_unsure_however_clearly_read() -> None:
    doc = _doc(_layout("ocr", {}))
    second = doc.legal_basis[1]
    assert second.confidence["date"].confidence == PATTERN_CAP
    assert second.confidence["number"].confidence == 0.95


def test_verified_words_raise_and_disputed_words_cap_a_token() -> None:
    sure = Word(text="20210", bbox=(0, 0, 9, 9), conf=60.0, verified=True, rereads=("20210",))
    unsure = Word(text="73/2021", bbox=(0, 0, 9, 9), conf=96.0, verified=False)
    assert token_confidence([(1, sure)], ocr=True).confidence >= 0.95
    assert token_confidence([(1, unsure)], ocr=True).confidence <= 0.4


def test_docstrings() -> None:
    assert doctest.testmod(confidence_mod).failed == 0


def _cell(row: int, col: int, text: str, conf: float | None) -> Cell:
    x0, top = 50.0 + 150 * col, 300.0 + 30 * row
    words = []
    x = x0
    for t in text.split():
        words.append(Word(text=t, bbox=(x, top, x + 8 * len(t), top + 12), conf=conf))
        x += 8 * len(t) + 5
    line = Line(text=text, bbox=(x0, top, x, top + 12), words=words)
    return Cell(row=row, col=col, text=text, lines=[line], bbox=(x0, top, x0 + 140, top + 25))


def test_each_task_cell_has_the_confidence_of_its_words() -> None:
    header = ["STT", "Nội dung công việc", "Cơ quan chủ trì", "Thời gian thực hiện"]
    row = [("1", 62.0), ("Tuyên truyền chính sách", 90.0), ("Bộ Tài chính", 71.0), ("2024", 96.0)]
    cells = [_cell(0, c, t, 95.0) for c, t in enumerate(header)]
    cells += [_cell(1, c, t, conf) for c, (t, conf) in enumerate(row)]
    for finder, ocr in (("ocr", True), ("ruling", False)):
        table = Table(page=1, n_rows=2, n_cols=4, cells=cells, finder=finder)  # type: ignore[arg-type]
        page = Page(number=1, items=[table], text_source="ocr" if ocr else "native")
        (task,) = _doc(LayoutDocument(format="pdf", pages=[page])).tasks
        got = {k: v.confidence for k, v in task.confidence.items()}
        if ocr:
            assert got == {"no": 0.62, "content": 0.9, "lead": 0.71, "timeframe": 0.96}
            assert [w.text for w in task.confidence["lead"].words] == ["Bộ", "Tài", "chính"]
        else:
            assert set(got.values()) == {1.0}
