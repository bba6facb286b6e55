"""Verification re-reads of numbers, dates and số ký hiệu (issue 11, item 2)."""

from __future__ import annotations

import doctest
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import vanban.extract.scan.verify as verify_mod
from tests.conftest import corpus_file
from vanban.extract.scan.tesseract import OcrWord
from vanban.extract.scan.verify import crop_word, fits, otsu, vote


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("07/9/2015", True),
        ("ngày", False),
        ("08/6/20210", False),
        ("31/13/2020", False),
        ("2015;", True),
        ("20210", False),
        ("1.1", True),
        ("72/2015/NĐ-CP", True),
        ("57-KL/TW", True),
        ("2144/TTr-BNN-VPĐP", True),
        ("l1", False),
    ],
)
def test_patterns(text: str, ok: bool) -> None:
    assert fits(text) is ok


def test_rereads_that_agree_verify_the_reading() -> None:
    assert vote("07/9/2015", ["07/9/2015", "07/9/2015", "07/8/2015"], conf=83) == (True, None)


def test_agreeing_rereads_repair_an_unsure_reading_and_nothing_else() -> None:
    assert vote("07/2/2015", ["07/9/2015"] * 3, conf=83) == (False, "07/9/2015")
    # a sure reading that fits is disputed, not replaced
    assert vote("07/2/2015", ["07/9/2015"] * 3, conf=96) == (False, None)
    # re-reads that do not agree repair nothing
    assert vote("73/2021/NĐ-CP", ["75/2021/NĐ-CP", "73/2021/NĐ-CP", "76/2021/NĐ-CP"], conf=73) == (
        False,
        None,
    )
    # a repair never drops letters the re-read's character set cannot give …
    assert vote("47/NQ-CPngày", ["47/NQ-CP"] * 3, conf=60) == (True, None)
    # … nor changes a code's letters: re-reads judge a số ký hiệu's digits only
    assert vote("2470/VPCP-QHDP", ["2470/VPCP-QHP"] * 4, conf=66) == (True, None)
    assert vote("320/QĐ-TTg", ["320/QĐ-T1g"] * 3 + ["321/QĐ-TTg"], conf=64) == (True, None)
    # … except a look-alike letter next to a digit that the re-reads do not read
    assert vote("02/2020/UBTVQHI14", ["02/2020/UBTVQH14"] * 3 + ["02/2020/UBTVQHI14"], conf=52) == (
        True,
        "02/2020/UBTVQH14",
    )


def test_a_print_that_breaks_its_pattern_is_confirmed_not_repaired() -> None:
    assert vote("08/6/20210", ["06/6/20210", "08/6/20210", "06/6/20210"], conf=89) == (True, None)


def test_otsu_splits_ink_from_paper() -> None:
    a = np.full((20, 20), 230, dtype=np.uint8)
    a[5:15, 5:15] = 30
    assert 30 <= otsu(a) < 230


@pytest.mark.parametrize("angle", [0.0, 1.5, -2.0])
def test_a_word_box_is_found_again_in_the_rerender_through_the_deskew_turn(angle: float) -> None:
    """A dark box drawn on a page at 300 dpi, turned like the deskew turns a page: its
    box in the turned image, mapped back, cuts it out of a 2× render of the unturned page."""
    page = np.full((600, 800), 255, dtype=np.uint8)
    page[300:320, 500:580] = 0
    img = Image.fromarray(page)
    turned = np.asarray(img.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255))
    ys, xs = np.nonzero(turned < 128)
    word = OcrWord(
        "x",
        90.0,
        int(xs.min()),
        int(ys.min()),
        int(xs.max() - xs.min()),
        int(ys.max() - ys.min()),
        1,
        1,
        1,
    )
    hi = img.resize((1600, 1200))
    crop = np.asarray(crop_word(hi, word, scale=2.0, size=(800, 600), angle=angle))
    dark = crop < 128
    assert dark.mean() > 0.3  # the box fills most of the crop …
    assert dark[:, : crop.shape[1] // 10].mean() < 0.5  # … with paper at its edges


@pytest.mark.corpus
def test_a_misread_date_is_repaired_and_a_printed_impossible_date_confirmed() -> None:
    from vanban.extract.scan.ocr import ocr_pages
    from vanban.models.layout import Block

    def words(path: Path, page: int) -> dict[str, object]:
        p = ocr_pages(path, [page])[page]
        out: dict[str, object] = {}
        for it in p.items:
            lines = it.lines if isinstance(it, Block) else [x for c in it.cells for x in c.lines]
            out.update({w.text: w for ln in lines for w in ln.words})
        return out

    p11 = words(corpus_file("avg-vnlaw/47-cp.signed.pdf"), 11)
    assert "07/2/2015" not in p11
    fixed = p11["07/9/2015"]
    assert getattr(fixed, "verified", None) is True
    e1 = words(corpus_file("mineru-vietocr/e.pdf"), 1)
    assert getattr(e1["08/6/20210"], "verified", None) is True


@pytest.mark.corpus
def test_an_italic_month_read_as_letters_is_read_again_in_its_phrase() -> None:
    """77.2024 p1 prints "ngày 22 tháng 11 năm 2019" in italic: OCR read "I1", the digit
    re-reads "1" (a digit lost, so no repair); the phrase re-read gives "11"."""
    from vanban.extract.scan.ocr import ocr_pages
    from vanban.models.layout import Block

    page = ocr_pages(corpus_file("congbot/pdf/77.2024 NĐ tro cap.pdf"), [1])[1]
    text = "\n".join(it.text for it in page.items if isinstance(it, Block))
    assert "ngày 22 tháng 11 năm 2019" in text
    assert "tháng 1 năm 2019" not in text


@pytest.mark.corpus
def test_a_typed_day_in_the_header_read_as_letters_is_read_in_its_phrase() -> None:
    """mineru 1.pdf prints "Sơn La, ngày 11 tháng 09 năm 2025" in black italic: OCR read
    "II". The place-and-date line is read again when the day is not written in colour."""
    from vanban.extract.scan.ocr import ocr_pages
    from vanban.models.layout import Block, Table

    page = ocr_pages(corpus_file("mineru-vietocr/1.pdf"), [1])[1]
    texts = [c.text for it in page.items if isinstance(it, Table) for c in it.cells] + [
        it.text for it in page.items if isinstance(it, Block)
    ]
    assert any("ngày 11 tháng 09 năm 2025" in t for t in texts)


def test_dropped_numbers_below_the_header_are_re_read_and_handwriting_above_is_not() -> None:
    """A printed "01" read at 38 (a speck) in running text is chosen for a re-read; a
    handwritten day in page 1's header zone is left to the handwriting reader."""
    from vanban.extract.scan.verify import SETTINGS, to_verify

    def word(text: str, top: int, conf: float, *, speck: bool) -> OcrWord:
        return OcrWord(text, conf, 100, top, 60, 40, 1, 1, top, speck=speck)

    header_bottom = SETTINGS.header_zone * 3508
    body = word("01", 2000, 38.0, speck=True)
    code = word("45/2014/NĐ-CP", 2100, 0.0, speck=True)
    blank = word("23", 400, 41.0, speck=True)
    noise = word("~", 2200, 10.0, speck=True)
    chosen = to_verify([body, code, blank, noise], header_bottom)
    assert body in chosen and code in chosen
    assert blank not in chosen and noise not in chosen
    assert to_verify([body, code], 0.0) == [code, body]  # least sure first
    assert body not in to_verify([body])  # the default keeps today's choice on page 1


def test_docstrings() -> None:
    assert doctest.testmod(verify_mod).failed == 0
