"""OCR path: image preparation, Tesseract TSV → layout, scan tables, image reader, PDF wiring."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from tests.conftest import corpus_file
from vanban.extract.scan import raster
from vanban.extract.scan.names import restore_names
from vanban.extract.scan.ocr import PageOcr, is_speck, layout_items
from vanban.extract.scan.repair import repair_syllable
from vanban.extract.scan.tables import find_grids, grid_table
from vanban.extract.scan.tesseract import OcrError, OcrWord, parse_tsv, tessdata_dir
from vanban.models.layout import Block, Table


def _has_tesseract() -> bool:
    try:
        tessdata_dir()
    except OcrError:
        return False
    return True


needs_tesseract = pytest.mark.skipif(
    not _has_tesseract(), reason="tesseract vie data not installed"
)
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
TSV_HEAD = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"


def _tsv_row(
    block: int, line: int, left: int, top: int, w: int, h: int, conf: float, text: str
) -> str:
    return f"5\t1\t{block}\t1\t{line}\t1\t{left}\t{top}\t{w}\t{h}\t{conf}\t{text}\n"


# ------------------------------------------------------------------------ TSV


def test_parse_tsv_keeps_words_with_boxes_and_confidence() -> None:
    tsv = (
        TSV_HEAD
        + "4\t1\t1\t1\t1\t0\t0\t0\t10\t10\t-1\t\n"
        + _tsv_row(1, 1, 100, 200, 80, 40, 91.5, "Số:")
    )
    tsv += _tsv_row(1, 1, 190, 200, 50, 40, 95.0, " ")
    words = parse_tsv(tsv)
    assert [(w.text, w.conf, w.left, w.top, w.width, w.height) for w in words] == [
        ("Số:", 91.5, 100, 200, 80, 40)
    ]


def test_specks_and_unreadable_short_words_are_dropped() -> None:
    def w(text: str, conf: float) -> OcrWord:
        return OcrWord(text, conf, 0, 0, 10, 10, 1, 1, 1)

    assert is_speck(w("|", 60))  # symbol from a seal edge
    assert is_speck(w("8", 40))  # a handwritten digit Tesseract is unsure of: no guess
    assert is_speck(w("j8", 10))
    assert not is_speck(w("Việt", 0))  # Tesseract's 0 for a well-read word of a merged line
    assert not is_speck(w("Căn", 80))
    assert not is_speck(w("———", 40))  # the rule under the issuer
    assert is_speck(w("_", 40))
    assert not is_speck(w("5", 90))


def test_repair_syllable_fixes_one_vowel_hat_only_when_unique() -> None:
    assert repair_syllable("QUYÉT") == "QUYẾT"
    assert repair_syllable("Việt") == "Việt"  # valid syllables are never touched
    assert repair_syllable("2024") == "2024"
    assert repair_syllable("Viêt") == "Việt"  # a lost tone: the one variant a body name uses
    assert repair_syllable("Luât") == "Luật"


def test_restore_names_gives_known_bodies_their_spelling() -> None:
    def line(text: str) -> list[OcrWord]:
        return [OcrWord(t, 90, i * 100, 0, 80, 30, 1, 1, 1) for i, t in enumerate(text.split())]

    words = line("Bộ Thông tin và Truyên thông, các bộ")
    restore_names(words)
    assert " ".join(w.text for w in words) == "Bộ Thông tin và Truyền thông, các bộ"
    words = line("BỘ NÔNG NGHIỆP VÀ PHÁT TRIÊN NÔNG THÔN")
    restore_names(words)
    assert " ".join(w.text for w in words) == "BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN"
    words = line("CỘNG HOÀ XÃ HỘI CHỦ NGHIA VIỆT NAM")  # "HOÀ" is a spelling, kept
    restore_names(words)
    assert " ".join(w.text for w in words) == "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    words = line("Sô: 188/QĐ-VPCP")
    restore_names(words)
    assert words[0].text == "Số:"
    words = line("Truyên thông báo chí")  # not a body name: left alone
    restore_names(words)
    assert words[0].text == "Truyên"


def test_layout_splits_header_columns_and_keeps_confidence() -> None:
    # 300 dpi pixels: issuer | motto on one Tesseract line with a modest gap, then a paragraph
    rows = [
        _tsv_row(1, 1, 300, 300, 150, 50, 96, "THỦ"),
        _tsv_row(1, 1, 470, 300, 200, 50, 96, "TƯỚNG"),
        _tsv_row(1, 1, 1000, 300, 220, 50, 95, "CỘNG"),
        _tsv_row(1, 1, 1240, 300, 160, 50, 95, "HÒA"),
        _tsv_row(1, 2, 330, 365, 100, 50, 93, "Số:"),
        _tsv_row(1, 2, 450, 365, 300, 50, 88, "288/QĐ-TTg"),
        _tsv_row(1, 2, 1000, 365, 150, 50, 90, "Hà"),
        _tsv_row(1, 2, 1170, 365, 120, 50, 90, "Nội"),
        _tsv_row(2, 1, 400, 1200, 110, 45, 97, "Căn"),
        _tsv_row(2, 1, 530, 1200, 60, 45, 97, "cứ"),
        _tsv_row(2, 1, 610, 1200, 110, 45, 97, "Luật"),
    ]
    ocr = PageOcr(parse_tsv(TSV_HEAD + "".join(rows)), 2480, 3508, 300)
    items = layout_items(ocr, 1)
    header = items[0]
    assert isinstance(header, Table) and header.borderless and header.n_cols == 2
    assert header.cells[0].text == "THỦ TƯỚNG\nSố: 288/QĐ-TTg"
    assert header.cells[1].text == "CỘNG HÒA\nHà Nội"
    body = items[-1]
    assert isinstance(body, Block) and body.text == "Căn cứ Luật"
    word = body.lines[0].words[0]
    assert word.conf == 97 and word.bbox == (96.0, 288.0, 122.4, 298.8)


# --------------------------------------------------------------------- raster


def test_suppress_ink_removes_red_and_blue_but_keeps_black_under_them() -> None:
    a = np.full((100, 100, 3), 255, np.uint8)
    a[40:60, :] = (20, 20, 20)  # a black text line
    a[:, 10:30] = (220, 40, 40)  # a red stamp stroke crossing it …
    a[45:55, 15:25] = (40, 30, 30)  # … with black ink printed over the red
    a[:, 70:80] = (40, 60, 200)  # a blue signature stroke
    gray = np.asarray(raster.suppress_ink(Image.fromarray(a)))
    assert gray[10, 20] == 255 and gray[10, 75] == 255  # stamp and signature gone
    assert gray[50, 50] < 60 and gray[50, 20] < 60  # text kept, also under the stamp


def _lines_image(angle: float = 0.0) -> Image.Image:
    a = np.full((1200, 900), 255, np.uint8)
    for top in range(100, 1100, 60):
        for left in range(80, 820, 50):
            a[top : top + 22, left : left + 38] = 0  # word-like blobs in text lines
    return Image.fromarray(a).rotate(angle, fillcolor=255)


def test_skew_angle_measures_a_small_rotation() -> None:
    assert abs(raster.skew_angle(_lines_image(0.0))) < 0.2
    assert abs(raster.skew_angle(_lines_image(2.0)) + 2.0) < 0.3
    level, applied = raster.deskew(_lines_image(-1.5))
    assert abs(applied - 1.5) < 0.3 and abs(raster.skew_angle(level)) < 0.3


def test_sideways_text_is_detected() -> None:
    img = _lines_image()
    assert not raster.is_sideways(img)
    assert raster.is_sideways(img.rotate(90, expand=True))


# ---------------------------------------------------------------- scan tables


def _grid_image() -> Image.Image:
    a = np.full((700, 900), 255, np.uint8)
    for y in (100, 200, 400, 600):
        a[y : y + 3, 100:803] = 0
    for x in (100, 400, 800):
        a[100:603, x : x + 3] = 0
    a[200:400, 600:603] = 0  # a third column only in row 1: row 0 and row 2 span it
    return Image.fromarray(a)


def test_find_grids_reads_merged_cells() -> None:
    grids = find_grids(_grid_image(), dpi=300)
    assert len(grids) == 1
    g = grids[0]
    assert (g.n_rows, g.n_cols) == (3, 3)
    assert g.spans[(0, 1)] == (1, 2) and g.spans[(1, 1)] == (1, 1) and g.spans[(1, 2)] == (1, 1)
    assert g.spans[(2, 1)] == (1, 2)


def test_an_underline_is_not_a_table() -> None:
    a = np.full((300, 900), 255, np.uint8)
    a[100:103, 200:500] = 0
    assert find_grids(Image.fromarray(a), dpi=300) == []


def test_grid_table_places_words_into_cells() -> None:
    g = find_grids(_grid_image(), dpi=300)[0]
    words = [
        OcrWord("STT", 95, 150, 140, 80, 30, 1, 1, 1),
        OcrWord("Nội", 95, 450, 140, 80, 30, 1, 1, 1),
        OcrWord("dung", 95, 550, 140, 90, 30, 1, 1, 1),
        OcrWord("Bộ", 90, 650, 250, 60, 30, 1, 2, 1),
        OcrWord("Tư", 90, 650, 300, 60, 30, 1, 2, 2),
        OcrWord("pháp", 90, 720, 300, 90, 30, 1, 2, 2),
        OcrWord("Ngoài", 90, 100, 650, 120, 30, 1, 3, 1),
    ]
    table, rest = grid_table(g, words, number=3, scale=72 / 300)
    assert table.finder == "ocr" and table.page == 3
    cells = {(c.row, c.col): c for c in table.cells}
    assert cells[(0, 0)].text == "STT"
    assert cells[(0, 1)].text == "Nội dung" and cells[(0, 1)].col_span == 2
    assert cells[(1, 2)].text == "Bộ\nTư pháp"
    assert [w.text for w in rest] == ["Ngoài"]
    assert cells[(1, 2)].lines[0].words[0].conf == 90


# ------------------------------------------------------- Tesseract, real runs


def _typed_page() -> Image.Image:
    img = Image.new("RGB", (2480, 1200), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(FONT), 44)
    draw.text((250, 200), "ỦY BAN NHÂN DÂN", font=font, fill="black")
    draw.text((1300, 200), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font=font, fill="black")
    draw.text((250, 300), "Số: 28/2023/QĐ-UBND", font=font, fill="black")
    draw.text((1300, 300), "Phú Thọ, ngày 21 tháng 12 năm 2023", font=font, fill="black")
    draw.text((300, 700), "Căn cứ Luật Đất đai ngày 29 tháng 11 năm 2013;", font=font, fill="black")
    draw.ellipse((200, 620, 700, 860), outline=(210, 30, 30), width=12)  # a red seal over it
    return img


@needs_tesseract
@pytest.mark.skipif(not FONT.exists(), reason="DejaVu font not installed")
def test_image_reader_reads_a_png_with_a_red_seal(tmp_path: Path) -> None:
    from vanban.extract.scan.image import read

    path = tmp_path / "scan.png"
    _typed_page().save(path, dpi=(300, 300))
    doc = read(path)
    assert doc.format == "image" and len(doc.pages) == 1
    page = doc.pages[0]
    assert page.text_source == "ocr" and page.width == pytest.approx(595.2)
    text = "\n".join(
        it.text if isinstance(it, Block) else "\t".join(c.text for c in it.cells)
        for it in page.items
    )
    assert "Số: 28/2023/QĐ-UBND" in text
    assert "Căn cứ Luật Đất đai ngày 29 tháng 11 năm 2013;" in text
    words = [w for it in page.items if isinstance(it, Block) for ln in it.lines for w in ln.words]
    assert words and all(w.conf is not None and w.bbox is not None for w in words)


@needs_tesseract
def test_multi_page_tiff_gives_one_page_per_frame(tmp_path: Path) -> None:
    from vanban.extract.scan.image import read

    if not FONT.exists():
        pytest.skip("DejaVu font not installed")
    a, b = _typed_page().convert("L"), _typed_page().convert("L")
    path = tmp_path / "two.tif"
    a.save(path, save_all=True, append_images=[b], dpi=(300, 300))
    doc = read(path)
    assert [p.number for p in doc.pages] == [1, 2]


@needs_tesseract
def test_scanned_corpus_pdf_gives_header_and_can_cu() -> None:
    """28-pt: header columns apart, most of the 13 "Căn cứ" lines of page 1 read."""
    from vanban.extract.scan.ocr import ocr_pages

    path = corpus_file("avg-vnlaw/28-pt.signed.pdf")
    page = ocr_pages(path, [1])[1]
    assert page.text_source == "ocr"
    header = next(it for it in page.items if isinstance(it, Table))
    assert "Số: 28/2023/QĐ-UBND" in header.cells[0].text + header.cells[-2].text
    blocks = [it.text for it in page.items if isinstance(it, Block)]
    assert sum(b.startswith("Căn cứ") for b in blocks) >= 11


@needs_tesseract
def test_read_document_ocrs_needs_ocr_pages_unless_switched_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from vanban.extract import read_document

    path = corpus_file("avg-vnlaw/2450-kgvx.signed.pdf")  # one scanned page
    monkeypatch.setenv("VANBAN_OCR", "0")
    off = read_document(path)
    assert off.pages[0].needs_ocr and off.pages[0].text_source == "none"
    monkeypatch.delenv("VANBAN_OCR")
    on = read_document(path)
    page = on.pages[0]
    assert page.text_source == "ocr" and not page.needs_ocr and page.ocr_reason
    assert not any(w.code == "needs_ocr" for w in on.warnings)


def test_field_warnings_name_the_field_page_and_confidence() -> None:
    from vanban.enrich import field_warnings
    from vanban.models.document import DocNumber, Document, SourceInfo
    from vanban.models.layout import LayoutDocument, Line, Page, Word

    words = [
        Word(text="Số:", bbox=(80, 100, 100, 112), conf=95),
        Word(text="28/2023/QĐ-UBND", bbox=(104, 100, 190, 112), conf=41),
    ]
    block = Block(
        page=1, text="Số: 28/2023/QĐ-UBND", lines=[Line(text="Số: 28/2023/QĐ-UBND", words=words)]
    )
    layout = LayoutDocument(format="pdf", pages=[Page(number=1, text_source="ocr", items=[block])])
    number = DocNumber(
        raw="Số: 28/2023/QĐ-UBND",
        canonical="28/2023/QĐ-UBND",
        serial="28",
        year=2023,
        type_code="QĐ",
        issuer_code="UBND",
        system="state",
        grammar="normative",
        page=1,
        bbox=(104, 100, 190, 112),
    )
    source = SourceInfo(filename="x.pdf", sha256="0" * 64, format="pdf", pages=1, ocr=True)
    doc = Document(extractor_version="0", source=source, number=number)
    [w] = field_warnings(layout, doc)
    assert (w.code, w.field, w.page) == ("ocr_low_confidence", "number", 1)
    assert "41" in w.message
    words[1].conf = 93
    assert field_warnings(layout, doc) == []


def _restored(items: list[tuple[str, float]]) -> str:
    from vanban.extract.scan.names import restore_sequence

    words = [OcrWord(t, c, 100 * i, 0, 80, 30, 1, 1, 1) for i, (t, c) in enumerate(items)]
    restore_sequence(words)
    return " ".join(w.text for w in words if not w.speck)


@pytest.mark.parametrize(
    ("read", "restored"),
    [
        # misreads of 47-cp's and 299-ttg's annex lead cells
        ([("Độ", 94), ("Ngoại", 96), ("giao,", 95)], "Bộ Ngoại giao,"),
        (
            [("Bộ", 96), ("Thông", 93), ("tm", 37), ("và", 96), ("Truyền", 33), ("thông", 96)],
            "Bộ Thông tin và Truyền thông",
        ),
        (  # an extra word that is no syllable
            [
                ("Bộ", 97),
                ("Thông", 96),
                ("tin", 80),
                ("và", 97),
                ("AE", 50),
                ("Truyền", 30),
                ("thông", 97),
            ],
            "Bộ Thông tin và Truyền thông",
        ),
        (  # a word read twice
            [
                ("Bộ", 97),
                ("Thông", 97),
                ("tin", 96),
                ("và", 97),
                ("Truyền", 94),
                ("thô", 96),
                ("thong", 48),
            ],
            "Bộ Thông tin và Truyền thông",
        ),
        (  # punctuation inside a name follows the name; the end keeps what was read
            [
                ("Bộ", 96),
                ("Nông,", 74),
                ("nghiệp", 96),
                ("và", 97),
                ("Phát", 96),
                ("triển", 91),
                ("nông", 96),
                ("thôn,", 96),
            ],
            "Bộ Nông nghiệp và Phát triển nông thôn,",
        ),
        (
            [
                ("Bộ", 96),
                ("Lao", 96),
                ("động", 93),
                ("-", 93),
                ("Thương", 96),
                ("bình", 75),
                ("và", 96),
                ("Xã", 96),
                ("hội", 96),
            ],
            "Bộ Lao động - Thương binh và Xã hội",
        ),
    ],
)
def test_near_misses_of_known_names_are_restored(
    read: list[tuple[str, float]], restored: str
) -> None:
    assert _restored(read) == restored


@pytest.mark.parametrize(
    "text",
    [
        "Sở Tài chính",  # a body of its own, one letter from "Bộ Tài chính"
        "Ủy ban nhân dân các tỉnh",  # a real word inside is not dropped
        "Bộ Y tế",  # two-syllable names are only restored exactly
        "Trung tâm Thông tin và Truyền thông",  # another body that contains a name's words
        "quy định về chế độ tài chính của tổ chức",  # a phrase, not "Bộ Tài chính" (299-ttg)
    ],
)
def test_other_text_near_known_names_is_left_alone(text: str) -> None:
    assert _restored([(t, 95) for t in text.split()]) == text


# ------------------------------------------------ degraded scans: what seeds taught


def test_detached_accents_are_specks() -> None:
    assert is_speck(OcrWord("ˆ", 93, 0, 0, 10, 10, 1, 1, 1))  # "ˆ CỘNG HÒA …" on seed 002
    assert not is_speck(OcrWord("-", 93, 0, 0, 10, 10, 1, 1, 1))  # a bullet stays


def test_an_unsure_section_numeral_opening_a_heading_is_kept() -> None:
    from vanban.extract.scan.ocr import keep_heading_numerals

    heading = [
        OcrWord(t, c, 100 * i, 0, 80, 30, 3, 1, 1)
        for i, (t, c) in enumerate(
            [("IH.", 18.6), ("NỘI", 93), ("DUNG", 92), ("PHỐI", 91), ("HỢP", 96)]
        )
    ]
    prose = [
        OcrWord(t, c, 100 * i, 50, 80, 30, 3, 1, 2)
        for i, (t, c) in enumerate([("IH.", 18.6), ("nội", 93), ("dung", 92)])
    ]
    for w in heading + prose:
        w.speck = is_speck(w)
    assert heading[0].speck and prose[0].speck
    keep_heading_numerals(heading + prose)
    assert not heading[0].speck  # the task parser repairs it from the section before
    assert prose[0].speck  # not a heading: still noise


@pytest.mark.parametrize(
    ("glued", "pieces"),
    [
        ("BanTuyên", ["Ban", "Tuyên"]),
        ("Phốihợpthammưutổ", ["Phối", "hợp", "tham", "mưu", "tổ"]),
        ("Lịchsử", ["Lịch", "sử"]),
        ("bắt,tống", ["bắt,", "tống"]),
        ("Việt", None),  # a syllable
        ("Viêt", None),  # a misread syllable, not "Vi ê t"
        ("MTTQ", None),  # an abbreviation
        ("Online", None),  # a foreign word
    ],
)
def test_glued_words_are_split_into_syllables(glued: str, pieces: list[str] | None) -> None:
    from vanban.extract.scan.words import split_glued

    assert split_glued(glued) == pieces


def test_split_words_share_the_box() -> None:
    from vanban.extract.scan.words import split_words

    words = split_words([OcrWord("(BanTuyên", 80, 100, 10, 180, 40, 1, 1, 1)])
    assert [(w.text, w.left, w.width) for w in words] == [("(Ban", 100, 80), ("Tuyên", 180, 100)]


def test_a_line_tesseract_split_into_blocks_is_one_line_below_the_first_page_header() -> None:
    """seed 002 p2: "… Kết luận số" | "01-KL/TW" | "ngày" came as three Tesseract blocks
    at the top of page 2; only page 1 has a header zone where such cuts are kept."""
    rows = [
        _tsv_row(3, 1, 470, 822, 120, 45, 96, "Kết"),
        _tsv_row(3, 1, 600, 822, 100, 45, 96, "luận"),
        _tsv_row(3, 1, 720, 822, 49, 45, 96, "số"),
        _tsv_row(4, 1, 802, 825, 260, 40, 90, "01-KL/TW"),
        _tsv_row(5, 1, 1095, 822, 111, 45, 96, "ngày"),
    ]
    ocr = PageOcr(parse_tsv(TSV_HEAD + "".join(rows)), 2480, 3508, 300)
    blocks = [it.text for it in layout_items(ocr, 2) if isinstance(it, Block)]
    assert blocks == ["Kết luận số 01-KL/TW ngày"]


def test_a_serial_cut_by_less_than_a_word_space_is_joined() -> None:
    """28-pt p2: italic "10/2018/TT-BTC" read "1" | "0/2018/TT-BTC" 7 px apart; a real
    word space (18 px, "số 1") and a page number before a date stay apart."""
    rows = [
        _tsv_row(1, 1, 800, 1000, 120, 45, 97, "Thông"),
        _tsv_row(1, 1, 940, 1000, 60, 45, 97, "tư"),
        _tsv_row(1, 1, 1010, 1000, 55, 45, 97, "số"),
        _tsv_row(1, 1, 1083, 1000, 21, 41, 87, "1"),
        _tsv_row(1, 1, 1111, 1000, 365, 45, 90, "0/2018/TT-BTC"),
        _tsv_row(2, 1, 800, 1200, 21, 41, 96, "5"),
        _tsv_row(2, 1, 844, 1200, 300, 41, 96, "15/5/2014"),
        _tsv_row(3, 1, 800, 1400, 250, 41, 96, "76/2014/T"),
        _tsv_row(3, 1, 1056, 1400, 60, 41, 96, "T-"),
        _tsv_row(3, 1, 1126, 1400, 250, 41, 96, "BTC"),
    ]
    ocr = PageOcr(parse_tsv(TSV_HEAD + "".join(rows)), 2480, 3508, 300)
    blocks = [it.text for it in layout_items(ocr, 2) if isinstance(it, Block)]
    assert blocks == ["Thông tư số 10/2018/TT-BTC", "5 15/5/2014", "76/2014/TT-BTC"]


def test_a_detached_accent_does_not_glue_the_issuer_to_the_motto() -> None:
    """seed 002: "BAN THƯỜNG TRỰC ỦY BAN ˆ CỘNG HÒA …" — the "ˆ" is a speck that takes no
    room, so the gap before the motto still cuts the header into two columns."""
    rows = [
        _tsv_row(1, 1, 300, 300, 150, 50, 96, "ỦY"),
        _tsv_row(1, 1, 470, 300, 130, 50, 96, "BAN"),
        _tsv_row(1, 1, 640, 290, 20, 12, 93, "ˆ"),
        _tsv_row(1, 1, 668, 300, 220, 50, 95, "CỘNG"),
        _tsv_row(1, 1, 900, 300, 160, 50, 95, "HÒA"),
        _tsv_row(1, 2, 330, 365, 100, 50, 93, "Số:"),
        _tsv_row(1, 2, 450, 365, 300, 50, 88, "08/CTrPH-MTTQ"),
        _tsv_row(1, 2, 900, 365, 150, 50, 90, "Tam"),
        _tsv_row(1, 2, 1070, 365, 120, 50, 90, "Kỳ"),
    ]
    words = parse_tsv(TSV_HEAD + "".join(rows))
    for w in words:
        w.speck = is_speck(w)
    items = layout_items(PageOcr(words, 2480, 3508, 300), 1)
    header = items[0]
    assert isinstance(header, Table) and header.n_cols == 2
    assert header.cells[1].text.startswith("CỘNG HÒA")


def test_number_cells_misread_as_letters_or_a_bar_are_read_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The STT column's re-reads (``reread_cells``): letters are a header only in the top
    cell ("TT"); below it "bì" is a misread "5" read again with digits; a thin "1" read
    "|" in a block, and as nothing with digits only, is read on its own as one word."""
    from vanban.extract.scan import ocr as scan_ocr

    a = np.full((500, 1300), 255, np.uint8)
    for y in (50, 150, 250, 350):
        a[y : y + 3, 50:1251] = 0
    for x in (50, 150, 1250):
        a[50:351, x : x + 3] = 0
    for y in (80, 180, 280):
        a[y : y + 30, 90:100] = 0  # ink in each number cell
    img = Image.fromarray(a)
    grid = find_grids(img, dpi=300)[0]
    first = {80: "TT", 180: "bì", 280: "|"}
    digits = {80: "", 180: "5", 280: ""}

    def fake_stack(clean, crops, *, dpi, config=(), zoom=1, psm=6):  # type: ignore[no-untyped-def]
        out = []
        for x0, y0, x1, y1 in crops:
            text = first[y0] if not config else ("1" if psm == 8 and y0 == 280 else digits[y0])
            out.append([OcrWord(text, 95, x0, y0, x1 - x0, y1 - y0, 1, 1, 1)] if text else [])
        return out

    monkeypatch.setattr(scan_ocr, "_read_stack", fake_stack)
    words = scan_ocr.reread_cells(img, [grid], [], dpi=300)
    assert sorted((w.top, w.text) for w in words) == [(80, "TT"), (180, "5"), (280, "1")]


def test_a_word_box_reaching_into_the_next_line_does_not_interleave_two_lines() -> None:
    """299-ttg p.4: Tesseract gave the first line's words boxes twice the line height;
    grouping rows by their boxes read "văn hàng phòng Nhà nước Chính Việt phủ, …"."""
    g = find_grids(_grid_image(), dpi=300)[0]
    line1 = [("Văn", 610, 72), ("phòng", 670, 72), ("Chính", 730, 89)]
    line2 = [("hàng", 612, 48), ("Nhà", 675, 39), ("nước", 735, 28)]
    words = [OcrWord(t, 95, x, 232, 50, h, 1, 1, 1) for t, x, h in line1]
    words += [OcrWord(t, 95, x, 295 if h != 28 else 305, 50, h, 1, 1, 2) for t, x, h in line2]
    table, _ = grid_table(g, words, number=4, scale=72 / 300)
    cell = next(c for c in table.cells if (c.row, c.col) == (1, 2))
    assert cell.text == "Văn phòng Chính\nhàng Nhà nước"


def _two_line_cell() -> tuple[Image.Image, list[OcrWord]]:
    """A 2-column table whose right cell holds two lines of ink (rows 90-120, 140-170);
    the page-wide run read only the second ("15/4/2024")."""
    a = np.full((400, 1300), 255, np.uint8)
    for y in (50, 200):
        a[y : y + 3, 50:1251] = 0
    for x in (50, 700, 1250):
        a[50:201, x : x + 3] = 0
    a[90:120, 100:600] = 0  # left cell: one line
    a[90:120, 800:1000] = 0  # right cell, line 1: "Trước ngày"
    a[140:170, 800:1050] = 0  # right cell, line 2: the date
    words = [
        OcrWord("Nghị", 95, 100, 90, 500, 30, 1, 1, 1),
        OcrWord("15/4/2024", 60, 800, 140, 250, 30, 2, 1, 2),
    ]
    return Image.fromarray(a), words


@pytest.mark.parametrize(
    ("reread", "want"),
    [
        # the re-read has a word on every line: the cell is read anew
        (
            [("Trước", 90, 95), ("ngày", 90, 95), ("15/4/2024", 140, 93)],
            ["Trước", "ngày", "15/4/2024"],
        ),
        # its date is a speck: the page-wide date stays, the first line is added
        (
            [("Trước", 90, 95), ("ngày", 90, 95), ("15/4/2O24", 140, 1)],
            ["Trước", "ngày", "15/4/2024"],
        ),
        # nothing read on the lost line: the cell keeps its words
        ([("15/4/2024", 140, 93)], ["15/4/2024"]),
    ],
)
def test_a_cell_line_the_page_run_left_unread_is_read_again(
    monkeypatch: pytest.MonkeyPatch, reread: list[tuple[str, int, float]], want: list[str]
) -> None:
    """299-ttg p.4: "Trước ngày" over "15/4/2024" and two of three lines of a partners cell
    were lost in the page-wide run, which had read the rest of the cell."""
    from vanban.extract.scan import ocr as scan_ocr

    img, words = _two_line_cell()
    grid = find_grids(img, dpi=300)[0]

    def fake_stack(clean, crops, *, dpi, config=(), zoom=1, psm=6):  # type: ignore[no-untyped-def]
        assert crops == [(800, 90, 1050, 170)]  # only the partly read cell
        return [
            [
                OcrWord(t, c, 800 + 60 * k, y, 50, 30, 9, 1, 1, speck=c < 25)
                for k, (t, y, c) in enumerate(reread)
            ]
        ]

    monkeypatch.setattr(scan_ocr, "_read_stack", fake_stack)
    out = scan_ocr.reread_cells(img, [grid], words, dpi=300)
    right = sorted((w for w in out if w.left >= 700), key=lambda w: (w.top, w.left))
    assert [w.text for w in right] == want
    assert [w.text for w in out if w.left < 700] == ["Nghị"]


def test_ink_lines_of_a_cell() -> None:
    from vanban.extract.scan.ocr import ink_lines

    m = np.zeros((100, 80), bool)
    m[10:30, 5:70] = True  # a line
    m[31, 5:70] = True  # its descenders, one white row below: the same line
    m[50:52, 5:70] = True  # an erased rule's leftover: too thin
    m[70:84, 5:7] = True  # a speck: too little ink
    assert ink_lines(m, min_height=12) == [(10, 32)]


def test_a_cell_line_opening_with_a_lone_period_is_read_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """299-ttg p.4: a bold "1." was read "." ("1. Nghị định …" → ". Nghị định …")."""
    from vanban.extract.scan import ocr as scan_ocr

    img, _ = _two_line_cell()
    grid = find_grids(img, dpi=300)[0]
    words = [
        OcrWord("Nghị", 95, 100, 90, 500, 30, 1, 1, 1),
        OcrWord(".", 80, 800, 110, 10, 10, 2, 1, 1),
        OcrWord("Trước", 95, 830, 90, 80, 30, 2, 1, 1),
        OcrWord("15/4/2024", 90, 800, 140, 250, 30, 2, 1, 2),
    ]

    def fake_stack(clean, crops, *, dpi, config=(), zoom=1, psm=6):  # type: ignore[no-untyped-def]
        assert crops == [(800, 90, 1050, 170)]
        texts = [("1.", 90), ("Trước", 90), ("15/4/2024", 140)]
        return [
            [OcrWord(t, 95, 800 + 60 * k, y, 50, 30, 9, 1, 1) for k, (t, y) in enumerate(texts)]
        ]

    monkeypatch.setattr(scan_ocr, "_read_stack", fake_stack)
    out = scan_ocr.reread_cells(img, [grid], words, dpi=300)
    right = sorted((w for w in out if w.left >= 700), key=lambda w: (w.top, w.left))
    assert [w.text for w in right] == ["1.", "Trước", "15/4/2024"]


@pytest.mark.parametrize(
    ("conf", "want"), [(83.0, ["thuộc", "05", "khoa"]), (70.0, ["thuộc", "khoa"])]
)
def test_digits_dropped_inside_a_cell_are_read_again_with_it(
    monkeypatch: pytest.MonkeyPatch, conf: float, want: list[str]
) -> None:
    """kh-753 p.3: "thuộc 05 khoa" lost "05", read at 83 (digits below 85 are specks: the
    header's handwriting). Inside a table cell, read at 80 or more, it is read again."""
    from vanban.extract.scan import ocr as scan_ocr

    img, _ = _two_line_cell()
    grid = find_grids(img, dpi=300)[0]
    words = [
        OcrWord("Nghị", 95, 100, 90, 500, 30, 1, 1, 1),
        OcrWord("thuộc", 96, 800, 90, 60, 30, 2, 1, 1),
        OcrWord("05", conf, 870, 90, 30, 30, 2, 1, 1, speck=True),
        OcrWord("khoa", 96, 910, 90, 60, 30, 2, 1, 1),
        OcrWord("15/4/2024", 90, 800, 140, 250, 30, 2, 1, 2),
    ]
    calls = []

    def fake_stack(clean, crops, *, dpi, config=(), zoom=1, psm=6):  # type: ignore[no-untyped-def]
        calls.append(crops)
        return [[OcrWord("05", 90, 871, 91, 28, 28, 9, 1, 1)]]

    monkeypatch.setattr(scan_ocr, "_read_stack", fake_stack)
    out = scan_ocr.reread_cells(img, [grid], words, dpi=300)
    line = sorted(
        (w for w in out if w.left >= 700 and w.top < 130 and not w.speck), key=lambda w: w.left
    )
    assert [w.text for w in line] == want
    assert len(calls) == (1 if conf >= 80 else 0)


def test_a_hyphen_printed_apart_is_cut_from_the_word_tesseract_glued_it_to() -> None:
    """kh-753 p.3 prints "29/6/2026 -" over "09/7/2026"; Tesseract read "29/6/2026-", and
    the cell came out "29/6/2026-09/7/2026"."""
    from vanban.extract.scan.words import detach_hyphens

    ink = np.zeros((60, 400), bool)
    ink[10:40, 0:230] = True  # the date's glyphs
    ink[24:28, 250:268] = True  # the hyphen, 20 px (0.67 × the height) away
    apart = detach_hyphens([OcrWord("29/6/2026-", 90, 0, 10, 270, 30, 1, 1, 1)], ink)
    assert [(w.text, w.left, w.left + w.width) for w in apart] == [
        ("29/6/2026", 0, 230),
        ("-", 250, 270),
    ]
    ink[10:40, 230:250] = True  # "Báo chí-": the hyphen attached
    kept = detach_hyphens([OcrWord("29/6/2026-", 90, 0, 10, 270, 30, 1, 1, 1)], ink)
    assert [w.text for w in kept] == ["29/6/2026-"]
