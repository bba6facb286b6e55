"""Handwriting in the header blanks (issue 11, item 8)."""

from __future__ import annotations

import doctest

import numpy as np
import pytest

import vanban.extract.scan.handwriting as handwriting_mod
from tests.conftest import corpus_file
from vanban.extract.scan.handwriting import _blanks, _drop_dots, agreed
from vanban.extract.scan.tesseract import OcrWord


def _w(text: str, left: int, conf: float = 95.0, speck: bool = False) -> OcrWord:
    w = OcrWord(text, conf, left, 100, 10 * len(text), 30, 1, 1, 1)
    w.speck = speck
    return w


def test_blanks_are_found_between_ngay_thang_nam_and_after_so() -> None:
    words = [
        _w("Số:", 100),
        _w("/QĐ-TTg", 260),
        _w("ngày", 600),
        _w("08", 660, conf=70, speck=True),
        _w("tháng", 720),
        _w("4", 790),
        _w("năm", 820),
        _w("2024", 880),
    ]
    kinds = [(k, round(a), round(b)) for k, _, a, b in _blanks(words, 3000)]
    assert kinds == [("day", 640, 720), ("number", 130, 260)]


def test_a_printed_number_or_day_is_no_blank() -> None:
    words = [
        _w("Số:", 100),
        _w("288/QĐ-TTg", 140),
        _w("ngày", 600),
        _w("08", 660),
        _w("tháng", 720),
    ]
    assert _blanks(words, 3000) == []


def test_a_party_number_read_unsure_but_confirmed_is_printed_not_a_blank() -> None:
    """ "Số 1210-QĐ/TU" read at 64 and confirmed by the re-reads: its serial ends at "-",
    and it is printed; the same word unconfirmed is a blank written on by hand, and a
    blank party number ("-QĐ/TU") is one too."""
    confirmed = _w("1210-QĐ/TU", 300, conf=64)
    confirmed.verified = True
    assert _blanks([_w("Số", 100), confirmed], 3000) == []
    unsure = _w("1210-QĐ/TU", 300, conf=64)
    assert [k for k, *_ in _blanks([_w("Số", 100), unsure], 3000)] == ["number"]
    blank = _w("-QĐ/TU", 300)
    assert [k for k, *_ in _blanks([_w("Số", 100), blank], 3000)] == ["number"]


def test_the_dotted_line_is_not_ink() -> None:
    a = np.full((60, 200), 255, dtype=np.uint8)
    a[50:53, 10:190:6] = 0  # dots
    a[10:55, 80:86] = 0  # a stroke
    out = _drop_dots(a)
    assert (out[50:53, 10:70] == 255).all() and (out[10:55, 80:86] == 0).all()


def test_only_agreeing_reads_that_fit_give_a_value() -> None:
    assert agreed(["05", "05", "05", "5"], "day") == "05"
    assert agreed(["0", "0", "0", "0"], "day") is None  # no day 0
    assert agreed(["13", "13", "18", ""], "month") is None


@pytest.mark.corpus
def test_a_handwritten_day_read_alike_is_output_unsure_and_unreadable_ones_stay_null() -> None:
    from vanban.pipeline import extract_document

    doc = extract_document(corpus_file("avg-vnlaw/255-nn.signed.pdf"))
    assert doc.date == "2024-04-05"
    assert doc.confidence["date"].handwritten and doc.confidence["date"].confidence <= 0.5
    doc = extract_document(corpus_file("avg-vnlaw/288-ttg.signed.pdf"))
    assert doc.number is None and doc.date is None  # "288" and "08" not read alike: no guess
    assert "date_unreadable" in {w.code for w in doc.warnings}


def test_docstrings() -> None:
    assert doctest.testmod(handwriting_mod).failed == 0
