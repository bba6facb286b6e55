"""The typed-PDF reader: real corpus PDFs, LibreOffice-made PDFs, and small units."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest
from conftest import corpus_file

from vanban.extract.errors import CorruptFile, EmptyFile, EncryptedFile
from vanban.extract.pdf.pages import classify_page
from vanban.extract.pdf.reader import read
from vanban.extract.pdf.regions import group_rows, text_regions
from vanban.extract.pdf.words import fragments
from vanban.models.layout import Block, LayoutDocument, Table

ND55 = "congbot/pdf/55 ND_CP_21072023_2_signed.pdf"
ND55_ANNEX = "congbot/pdf/55 nd PL_21072023_3_signed.pdf"


def blocks(doc: LayoutDocument) -> list[Block]:
    return [it for _, it in doc.items() if isinstance(it, Block)]


def tables(doc: LayoutDocument, finder: str | None = None) -> list[Table]:
    return [
        it
        for _, it in doc.items()
        if isinstance(it, Table) and (finder is None or it.finder == finder)
    ]


def all_block_text(doc: LayoutDocument) -> str:
    return "\n".join(b.text for b in blocks(doc))


# ----------------------------------------------------------------- corpus: typed PDFs


@pytest.fixture(scope="module")
def nd55() -> LayoutDocument:
    return read(corpus_file(ND55))


def test_nd55_header_table(nd55: LayoutDocument) -> None:
    first = nd55.pages[0].items[0]
    assert isinstance(first, Table) and first.finder == "text" and first.borderless
    assert first.n_cols == 2
    left = "\n".join(c.text for c in first.cells if c.col == 0)
    right = "\n".join(c.text for c in first.cells if c.col == 1)
    assert "CHÍNH PHỦ" in left and "Số: 55/2023/NĐ-CP" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right
    assert "Hà Nội, ngày 21 tháng 7 năm 2023" in right
    assert "CỘNG HÒA" not in left and "Số:" not in right  # columns never interleaved
    for cell in first.cells:
        assert cell.bbox is not None and cell.lines and all(w.bbox for w in cell.lines[0].words)


def test_nd55_blocks(nd55: LayoutDocument) -> None:
    page1 = [it for it in nd55.pages[0].items if isinstance(it, Block)]
    starts = [b.text for b in page1 if b.text.startswith("Căn cứ")]
    assert len(starts) == 2
    assert starts[0].endswith("ngày 22 tháng 11 năm 2019;")  # a paragraph keeps its lines
    title = next(b for b in page1 if b.text == "NGHỊ ĐỊNH")
    assert title.style.bold and title.style.align == "center" and title.style.uppercase
    basis = next(b for b in page1 if b.text.startswith("Căn cứ Pháp lệnh"))
    assert basis.style.italic and basis.style.align == "justify" and basis.style.size == 14.0
    assert basis.bbox is not None and basis.page == 1
    assert all(p.text_source == "native" and not p.needs_ocr for p in nd55.pages)
    assert [p.number for p in nd55.pages] == list(range(1, 8))


def test_nd55_signature_table(nd55: LayoutDocument) -> None:
    last = [it for it in nd55.pages[-1].items if isinstance(it, Table)]
    assert last, "signature block not found"
    sig = last[-1]
    left = "\n".join(c.text for c in sig.cells if c.col == 0)
    right = "\n".join(c.text for c in sig.cells if c.col == 1)
    assert left.startswith("Nơi nhận:") and "- Lưu: VT, KGVX (2b)." in left
    assert "TM. CHÍNH PHỦ" in right and "Trần Hồng Hà" in right
    assert "Trần Hồng Hà" not in all_block_text(nd55)


def test_nd55_annex_ruled_tables() -> None:
    doc = read(corpus_file(ND55_ANNEX))
    ruled = tables(doc, "ruling")
    assert len(ruled) >= 10
    first = ruled[0]
    assert first.page == 1
    spans = [(c.row_span, c.col_span) for t in ruled for c in t.cells]
    assert any(rs > 1 for rs, _ in spans) and any(cs > 1 for _, cs in spans)
    grid = first.grid()
    stt = next(c for c in first.cells if c.text == "STT")
    assert stt.row_span == 2 and grid[stt.row + 1][stt.col] is stt
    assert any(c.text == "2.297.000" for c in first.cells)
    assert len(first.row_bboxes) == first.n_rows
    # words inside tables are not repeated in blocks; tables sit in reading order
    assert "2.297.000" not in all_block_text(doc)
    page1 = doc.pages[0].items
    assert isinstance(page1[0], Block) and page1[0].text == "Phụ lục I"
    assert doc.pages[0].ruling_lines


def test_e_pdf_header_and_tthc_table() -> None:
    doc = read(corpus_file("mineru-vietocr/e.pdf"))
    header = doc.pages[0].items[0]
    assert isinstance(header, Table) and header.finder == "text"
    texts = [c.text for c in header.cells]
    assert "ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU" in texts
    assert any(t.startswith("Số:") and "/QĐ-UBND" in t for t in texts)
    assert any(t.startswith("Lai Châu, ngày") for t in texts)
    tthc = [t for t in tables(doc, "ruling") if any("Tên TTHC" in c.text for c in t.cells)]
    assert tthc and tthc[0].page == 3 and tthc[0].n_cols == 6
    landscape = doc.pages[2]
    assert (landscape.width or 0) > (landscape.height or 0)  # landscape annex page
    text = all_block_text(doc)
    assert text.count("Căn cứ") >= 8
    assert "ngày 08/6/20210" in text  # the source's own typo, printed as is


def test_signature_only_scans() -> None:
    doc = read(corpus_file("avg-vnlaw/06-bct.signed.pdf"))
    assert len(doc.pages) == 3
    for page in doc.pages:
        assert page.needs_ocr and page.ocr_reason == "signature-only"
        assert page.text_source == "none" and page.items == []
    stamp = doc.metadata["signature_stamp"]
    assert "Thời gian ký" in stamp and "CỔNG THÔNG TIN ĐIỆN TỬ" in stamp
    assert 100 <= len(stamp) <= 250


def test_mixed_scan_vector_and_typed_pages() -> None:
    doc = read(corpus_file("mineru-vietocr/1.pdf"))
    reasons = {p.number: p.ocr_reason for p in doc.pages}
    assert [p.needs_ocr for p in doc.pages] == [True] * 4 + [False] * 5
    assert reasons[1] == reasons[2] == "image-only"
    assert reasons[3] == reasons[4] == "vector-glyphs"
    assert "PHỤ LỤC 1" in [b.text for b in blocks(doc)]
    assert {w.code for w in doc.warnings} == {"needs_ocr"}


# -------------------------------------------------- PDFs made here with LibreOffice


def _no_borders(table: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def _centred_lines(cell: Any, lines: list[tuple[str, bool, bool]]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    cell.text = ""
    para = cell.paragraphs[0]
    for i, (text, bold, italic) in enumerate(lines):
        if i:
            para = cell.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = para.add_run(text)
        run.bold, run.italic = bold, italic


def _build_docx(path: Path, n_tasks: int) -> None:
    """A small Quyết định: header table, title, 2 Căn cứ, a ruled task table, signature."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    doc.styles["Normal"].font.name = "Liberation Serif"
    doc.styles["Normal"].font.size = Pt(13)
    header = doc.add_table(rows=1, cols=2)
    _no_borders(header)
    _centred_lines(
        header.cell(0, 0),
        [
            ("ỦY BAN NHÂN DÂN", False, False),
            ("TỈNH SƠN LA", True, False),
            ("Số: 254/QĐ-UBND", False, False),
        ],
    )
    _centred_lines(
        header.cell(0, 1),
        [
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False),
            ("Độc lập - Tự do - Hạnh phúc", True, False),
            ("Sơn La, ngày 17 tháng 02 năm 2023", False, True),
        ],
    )
    for text in ("QUYẾT ĐỊNH", "Ban hành Kế hoạch bảo vệ bí mật nhà nước năm 2023"):
        para = doc.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para.add_run(text).bold = True
    for text in (
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        "Căn cứ Luật Bảo vệ bí mật nhà nước ngày 15 tháng 11 năm 2018;",
    ):
        para = doc.add_paragraph()
        para.paragraph_format.first_line_indent = Pt(28)
        para.add_run(text).italic = True
    para = doc.add_paragraph(
        "Sản phẩm của Kế hoạch gồm các nhiệm vụ sau đây, giao cho các cơ quan, đơn vị chủ trì "
        "thực hiện trong năm 2023 và báo cáo kết quả về Ủy ban nhân dân tỉnh."
    )
    para.paragraph_format.first_line_indent = Pt(28)
    para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    tasks = doc.add_table(rows=n_tasks + 1, cols=4)
    tasks.style = "Table Grid"
    for i, head in enumerate(("STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian")):
        tasks.cell(0, i).text = head
    for k in range(1, n_tasks + 1):
        tasks.cell(k, 0).text = str(k)
        tasks.cell(k, 1).text = (
            f"Nhiệm vụ số {k}: tuyên truyền, phổ biến pháp luật về bảo vệ bí mật nhà nước "
            "cho cán bộ, công chức, viên chức và người lao động"
        )
        tasks.cell(k, 2).text = "Công an tỉnh"
        tasks.cell(k, 3).text = "Quý II/2023"
    tasks.cell(2, 2).merge(tasks.cell(3, 2)).text = "Sở Nội vụ"
    tasks.cell(5, 1).merge(tasks.cell(5, 3)).text = "II. NHIỆM VỤ THƯỜNG XUYÊN"
    doc.add_paragraph("")
    sig = doc.add_table(rows=1, cols=2)
    _no_borders(sig)
    left = sig.cell(0, 0)
    left.text = ""
    run = left.paragraphs[0].add_run("Nơi nhận:")
    run.bold = run.italic = True
    for text in ("- Như Điều 3;", "- Thường trực Tỉnh ủy (b/c);", "- Lưu: VT, NC."):
        left.add_paragraph(text)
    _centred_lines(
        sig.cell(0, 1),
        [
            ("TM. ỦY BAN NHÂN DÂN", True, False),
            ("CHỦ TỊCH", True, False),
            ("Nguyễn Văn An", True, False),
        ],
    )
    doc.save(str(path))


def _to_pdf(docx: Path, extra: str = "") -> Path:
    profile = docx.parent / f"lo_{uuid.uuid4().hex}"
    target = "pdf" + extra
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{profile}",
            "--convert-to",
            target,
            "--outdir",
            str(docx.parent / ("enc" if extra else "pdf")),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    out = docx.parent / ("enc" if extra else "pdf") / (docx.stem + ".pdf")
    if not out.exists():
        pytest.skip("LibreOffice did not produce a PDF")
    return out


@pytest.fixture(scope="module")
def made_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    pytest.importorskip("docx")
    folder = tmp_path_factory.mktemp("lo")
    docx = folder / "qd.docx"
    _build_docx(docx, n_tasks=14)
    return _to_pdf(docx)


def test_made_pdf_layout(made_pdf: Path) -> None:
    doc = read(made_pdf)
    assert len(doc.pages) >= 2
    header = doc.pages[0].items[0]
    assert isinstance(header, Table) and header.finder == "text" and header.borderless
    left = "\n".join(c.text for c in header.cells if c.col == 0)
    assert left == "ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\nSố: 254/QĐ-UBND"
    texts = [b.text for b in blocks(doc)]
    assert texts[:2] == ["QUYẾT ĐỊNH", "Ban hành Kế hoạch bảo vệ bí mật nhà nước năm 2023"]
    assert sum(t.startswith("Căn cứ") for t in texts) == 2
    assert all(b.style.align == "left" for b in blocks(doc) if b.text.startswith("Căn cứ"))


def test_made_pdf_task_table_spans_and_page_break(made_pdf: Path) -> None:
    doc = read(made_pdf)
    ruled = tables(doc, "ruling")
    assert len(ruled) >= 2 and len({t.page for t in ruled}) == len(ruled)  # one per page
    first = ruled[0]
    heads = [" ".join(c.text.split()) for c in first.cells if c.row == 0]
    assert heads == ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian"]
    merged = [c for t in ruled for c in t.cells if c.text == "Sở Nội vụ"]
    assert merged and merged[0].row_span == 2
    wide = [c for t in ruled for c in t.cells if c.text == "II. NHIỆM VỤ THƯỜNG XUYÊN"]
    assert wide and wide[0].col_span == 3
    # the row cut by the page break: last row of page N, first row of page N+1
    nxt = ruled[1]
    top_row = [c for c in nxt.cells if c.row == 0]
    assert top_row[0].text == ""  # its STT stayed on the previous page
    assert any(c.text for c in top_row[1:])
    last_row = [c for c in first.cells if c.row == first.n_rows - 1]
    assert last_row[0].text.isdigit()
    # every word of a table is only in the table
    assert "Công an tỉnh" not in all_block_text(doc)


def test_made_pdf_signature_block(made_pdf: Path) -> None:
    doc = read(made_pdf)
    sig = [t for t in tables(doc, "text") if any("Nơi nhận" in c.text for c in t.cells)]
    assert sig
    cells = {c.col: c.text for c in sig[-1].cells if c.row == 0}
    assert cells[0].startswith("Nơi nhận:") and cells[1].startswith("TM. ỦY BAN NHÂN DÂN")


def test_made_pdf_is_fast_enough_to_read_twice(made_pdf: Path) -> None:
    first = read(made_pdf).model_dump()
    assert read(made_pdf).model_dump() == first  # deterministic


# ------------------------------------------------------------------------- errors


def test_errors(tmp_path: Path, made_pdf: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(EmptyFile):
        read(empty)
    html = tmp_path / "page.pdf"
    html.write_text("<html><body>Quyết định</body></html>", encoding="utf-8")
    with pytest.raises(CorruptFile, match="not a PDF"):
        read(html)
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(made_pdf.read_bytes()[:20000])
    with pytest.raises(CorruptFile):
        read(truncated)


def test_encrypted(made_pdf: Path) -> None:
    docx = made_pdf.parent.parent / "qd.docx"
    options = (
        ':writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
        '"DocumentOpenPassword":{"type":"string","value":"secret"}}'
    )
    locked = _to_pdf(docx, options)
    with pytest.raises(EncryptedFile):
        read(locked)


# -------------------------------------------------------------------------- units


def _glyphs(
    text: str,
    x: float,
    top: float,
    *,
    font: str = "TimesNewRomanPSMT",
    size: float = 13.0,
    advance: float = 7.0,
    gaps: dict[int, float] | None = None,
) -> list[dict[str, Any]]:
    """Fake pdfplumber chars for one line (spaces 1/4 em); ``gaps`` adds room before index i."""
    out = []
    for i, ch in enumerate(text):
        x += (gaps or {}).get(i, 0.0)
        width = 0.25 * size if ch == " " else advance
        out.append(
            {
                "text": ch,
                "x0": x,
                "x1": x + width,
                "top": top,
                "bottom": top + size,
                "size": size,
                "fontname": font,
                "upright": True,
            }
        )
        x += width
    return out


def test_gap_split_words_are_rejoined_but_spaces_are_kept() -> None:
    # "BỘ" drawn letter-spaced (a gap, no space glyph) comes back as one word
    frags = fragments(_glyphs("BỘ LAO ĐỘNG", 100, 100, gaps={1: 5.0}))
    assert [w.text for w in frags[0].words] == ["BỘ", "LAO", "ĐỘNG"]
    # printed spaces are never removed, even between fragments of a syllable
    frags = fragments(_glyphs("B Ộ", 100, 100))
    assert frags[0].text == "B Ộ"


def test_legacy_font_glyphs_are_converted() -> None:
    frags = fragments(_glyphs("Céng hoµ", 100, 100, font="ABCDEF+.VnTimeH"))
    assert frags[0].text == "CỘNG HOÀ"
    frags = fragments(_glyphs("Haø Noäi", 100, 100, font="VNI-Times"))
    assert frags[0].text == "Hà Nội"


def test_two_column_rows_become_one_table() -> None:
    chars = (
        _glyphs("CHÍNH PHỦ", 100, 70)
        + _glyphs("CỘNG HÒA XÃ HỘI", 320, 70)
        + _glyphs("Số: 5/NĐ-CP", 90, 88)
        + _glyphs("Hà Nội, ngày 1", 330, 88)
    )
    rows = group_rows(fragments(chars))
    regions = text_regions(rows)
    assert len(regions) == 1 and len(regions[0].columns) == 2
    assert [f.text for f in regions[0].columns[0].frags] == ["CHÍNH PHỦ", "Số: 5/NĐ-CP"]


class _FakePage:
    def __init__(self, images: int = 0, curves: int = 0) -> None:
        self.images: list[dict[str, Any]] = [{}] * images
        self.curves: list[dict[str, Any]] = [{}] * curves


def test_classify_pages() -> None:
    assert classify_page(_FakePage(images=1), []).reason == "image-only"
    assert classify_page(_FakePage(curves=900), []).reason == "vector-glyphs"
    assert classify_page(_FakePage(), []).reason is None
    stamp = _glyphs("Người ký: CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ Thời gian ký: 12.04.2024", 10, 10)
    assert classify_page(_FakePage(images=1), stamp).reason == "signature-only"
    garbage = _glyphs("\u4e00\u4e01\u4e02\u4e03" * 10, 10, 10)
    assert classify_page(_FakePage(), garbage).reason == "garbage-text"
    short_typed_page = _glyphs("Email: vanthu@sonla.gov.vn", 10, 10) + _glyphs(
        "Nơi nhận: - Như Điều 3; - Lưu: VT. Chủ tịch Nguyễn Văn An", 10, 30
    )
    assert classify_page(_FakePage(images=1), short_typed_page).reason is None
    typed = _glyphs("Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;", 10, 10)
    assert classify_page(_FakePage(), typed).reason is None


def _tiny_pdf(path: Path, lines: list[tuple[str, int, int, bytes]]) -> Path:
    """A one-page PDF whose lines are drawn in named Type1 fonts (name, x, y, raw bytes)."""
    fonts = sorted({name for name, *_ in lines})
    content = b"".join(
        b"BT /F%d 12 Tf %d %d Td (%s) Tj ET\n" % (fonts.index(name), x, y, raw)
        for name, x, y, raw in lines
    )
    widths = b"[250 " + b" ".join(b"500" for _ in range(33, 256)) + b"]"  # space: 1/4 em
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << "
        + b" ".join(b"/F%d %d 0 R" % (i, 5 + i) for i in range(len(fonts)))
        + b" >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream",
    ]
    for name in fonts:
        objects.append(
            b"<< /Type /Font /Subtype /Type1 /BaseFont /"
            + name.encode()
            + b" /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 255 /Widths "
            + widths
            + b" /FontDescriptor << /Type /FontDescriptor /FontName /"
            + name.encode()
            + b" /Flags 32 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 900"
            + b" /Descent -200 /CapHeight 700 /StemV 80 >> >>"
        )
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(out)
    return path


def test_legacy_font_pdf_end_to_end(tmp_path: Path) -> None:
    from vanban.extract.markup.legacy_fonts import encode_tcvn3, encode_vni

    pdf = _tiny_pdf(
        tmp_path / "legacy.pdf",
        [
            (
                ".VnTimeH",
                200,
                780,
                encode_tcvn3("cộng hòa xã hội chủ nghĩa việt nam").encode("latin-1"),
            ),
            (
                ".VnTime",
                72,
                700,
                encode_tcvn3("Căn cứ Luật Tổ chức chính quyền địa phương;").encode("latin-1"),
            ),
            (
                "VNI-Times",
                72,
                680,
                encode_vni("Theo đề nghị của Giám đốc Sở Tư pháp.").encode("latin-1"),
            ),
        ],
    )
    doc = read(pdf)
    page = doc.pages[0]
    assert not page.needs_ocr
    texts = [it.text for it in page.items if isinstance(it, Block)]
    assert texts[0] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert "Căn cứ Luật Tổ chức chính quyền địa phương;" in texts[1]
    assert "Theo đề nghị của Giám đốc Sở Tư pháp." in texts[1] + texts[-1]
    word = page.items[0].lines[0].words[0]  # type: ignore[union-attr]
    assert word.font == ".VnTimeH" and word.bbox is not None


def test_sample_seed_pdfs() -> None:
    """The lead's LibreOffice renders of the seeds: header, task table across pages."""
    from conftest import SAMPLES

    path = SAMPLES / "seed000" / "seed000.pdf"
    if not path.exists():
        pytest.skip("samples/seed000/seed000.pdf not built")
    doc = read(path)
    header = doc.pages[0].items[0]
    assert isinstance(header, Table) and header.finder == "text"
    left = "\n".join(c.text for c in header.cells if c.col == 0)
    right = "\n".join(c.text for c in header.cells if c.col == 1)
    assert "Số: 15 -CTr/BTGDVTU-UBMTTQ" in left and "ĐẢNG CỘNG SẢN VIỆT NAM" in right
    ruled = tables(doc, "ruling")
    assert len(ruled) >= 2 and ruled[0].n_cols == 7
    # the row cut by the page break continues as the first row on the next page
    cont = ruled[1]
    first_row = [c for c in cont.cells if c.row == 0]
    if first_row[0].text != "Stt":  # no repeated heading row
        assert first_row[0].text == "" and any(c.text for c in first_row)
    else:
        assert [c for c in cont.cells if c.row == 1][0].text == ""


# ------------------------------------------- LibreOffice seeds: header, recipients, numbers


def _seed_pdf(name: str) -> Path:
    from conftest import SAMPLES

    path = SAMPLES / name / f"{name}.pdf"
    if not path.exists():
        pytest.skip(f"samples/{name}/{name}.pdf not built")
    return path


def _header_columns(items: list[Block | Table]) -> tuple[str, str]:
    header = items[0]
    assert isinstance(header, Table) and header.finder == "text" and header.borderless
    assert header.n_cols == 2
    left = "\n".join(c.text for c in header.cells if c.col == 0)
    right = "\n".join(c.text for c in header.cells if c.col == 1)
    return left, right


@pytest.mark.parametrize(
    ("seed", "body", "number", "place"),
    [
        ("seed002", "BAN TUYÊN GIÁO THÀNH ỦY", "Số: 08/CTrPH-MTTQ-BTGTU", "Tam Kỳ, ngày 15"),
        ("seed004", "SỞ THÔNG TIN VÀ TRUYỀN", "Số: 215/CTrPH-MTTQ-STTTT", "Yên Bái, ngày 20"),
    ],
)
def test_seed_header_two_columns(seed: str, body: str, number: str, place: str) -> None:
    left, right = _header_columns(read(_seed_pdf(seed)).pages[0].items)
    assert left.startswith("BAN THƯỜNG TRỰC ỦY BAN\n") and body in left and number in left
    assert right.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA") and place in right
    assert "CỘNG HÒA" not in left and "Số:" not in right


@pytest.mark.parametrize("seed", ["seed002", "seed004"])
def test_seed_header_survives_a_narrow_gutter(seed: str) -> None:
    """Table cells a little wider (fonts, padding) leave 10 pt between the columns on the
    first line ("BAN THƯỜNG TRỰC ỦY BAN  CỘNG HÒA …"): the gutter the other header lines
    open still cuts it, so the columns are not mixed into one line."""
    import pdfplumber

    from vanban.extract.pdf.reader import _layout_page

    with pdfplumber.open(_seed_pdf(seed)) as pdf:
        page = pdf.pages[0]
        chars = [dict(c) for c in page.chars]
        for c in chars:  # the right header column moved 14 pt to the left
            if c["top"] < 145 and c["x0"] > 280:
                c["x0"] -= 14
                c["x1"] -= 14
        items = _layout_page(page, 1, chars)
    left, right = _header_columns(items)
    assert left.startswith("BAN THƯỜNG TRỰC ỦY BAN\n") and "Số:" in left
    assert right.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA") and "CỘNG HÒA" not in left


def test_narrow_gap_is_a_column_cut_only_under_a_gutter() -> None:
    # row 1's 10 pt gap lies under the gutter rows 2-3 open: a cut
    chars = (
        _glyphs("BAN THƯỜNG", 100, 70)  # ends at 166.25
        + _glyphs("CỘNG HÒA", 176.25, 70)
        + _glyphs("MTTQ", 110, 85)
        + _glyphs("NAM", 200, 85)
        + _glyphs("TỈNH", 110, 100)
        + _glyphs("Độc lập", 190, 100)
    )
    assert [f.text for f in fragments(chars)][:2] == ["BAN THƯỜNG", "CỘNG HÒA"]
    # the same 10 pt gap with no gutter around stays inside the line
    assert [f.text for f in fragments(chars[:18])] == ["BAN THƯỜNG CỘNG HÒA"]


def _lines_in_order(doc: LayoutDocument) -> list[str]:
    """Every printed line in reading order (a table cell's lines after the cell before it)."""
    out: list[str] = []
    for _, it in doc.items():
        if isinstance(it, Block):
            out.extend(line.text for line in it.lines)
        else:
            for cell in sorted(it.cells, key=lambda c: (c.row, c.col)):
                out.extend(line.text for line in cell.lines)
    return out


def test_seed004_recipients_in_reading_order() -> None:
    """The notes "Để b/cáo" / "Thực hiện" stand right of a recipient line (a tab in the
    DOCX), not in a column of their own: each is read with its line, as in the DOCX."""
    doc = read(_seed_pdf("seed004"))
    lines = _lines_in_order(doc)
    start = lines.index("Nơi nhận:")
    assert lines[start + 1 : start + 4] == [
        "- Ủy ban Trung ương MTTQVN;",
        "- Ban công tác phía Nam MTTW; Để b/cáo",
        "- Bộ Thông tin và Truyền thông;",
    ]
    assert "- Ủy ban MTTQ Việt Nam cấp huyện; Thực hiện" in lines[start:]
    assert lines[-1] == "- Lưu: VT, MTTQ tỉnh, Sở TT&TT."
    last = doc.pages[-1]
    assert not any(isinstance(it, Table) for it in last.items)


def test_e_pdf_annex_draft_line_is_not_a_table() -> None:
    """The draft line "(Ban hành kèm theo Quyết định số:   /QĐ-UBND ngày …)": blanks, not columns."""
    doc = read(corpus_file("mineru-vietocr/e.pdf"))
    for page in doc.pages[2:]:
        assert [it.finder for it in page.items if isinstance(it, Table)] == ["ruling"]
        draft = [b for b in page.items if isinstance(b, Block) and "Ban hành kèm theo" in b.text]
        assert len(draft) == 1 and draft[0].text.startswith("(Ban hành kèm theo Quyết định số")
        assert draft[0].text.endswith("Lai Châu)")
    # the real two-column blocks stay tables: header (page 1), signature (page 2)
    text_tables = [t for t in tables(doc, "text")]
    assert [t.page for t in text_tables] == [1, 2]
    sig = text_tables[1]
    assert sig.cells[0].text.startswith("Nơi nhận:") and "Tống Thanh Hải" in sig.cells[1].text


def test_page_numbers_leave_the_text_flow() -> None:
    import json

    doc = read(corpus_file(ND55))
    for page in doc.pages[1:]:
        first = page.items[0]
        assert not (isinstance(first, Block) and first.text == str(page.number))
    numbers = json.loads(doc.metadata["page_numbers"])
    assert [n["page"] for n in numbers] == [2, 3, 4, 5, 6, 7]
    assert [n["text"] for n in numbers] == ["2", "3", "4", "5", "6", "7"]
    assert all(len(n["bbox"]) == 4 for n in numbers)
    doc = read(corpus_file("mineru-vietocr/e.pdf"))
    assert json.loads(doc.metadata["page_numbers"]) == [
        {"page": 2, "text": "2", "bbox": [316.32, 26.85, 322.39, 39.0]}
    ]


def test_page_number_lines_top_and_bottom() -> None:
    from vanban.extract.pdf.blocks import page_number_rows

    body = [_glyphs("Điều 5. Tổ chức thực hiện", 90, 100 + 18 * i) for i in range(5)]
    top = _glyphs("7", 300, 30)
    bottom = _glyphs("- 7 -", 290, 800)
    rows = group_rows(fragments(top + [c for line in body for c in line] + bottom))
    found = page_number_rows(rows, page_height=842.0)
    assert [r.frags[0].text for r in found] == ["7", "- 7 -"]
    # a number that continues the text (normal line spacing) is not a page number
    rows = group_rows(fragments(_glyphs("2025", 90, 40) + _glyphs("Căn cứ Luật", 90, 58)))
    assert page_number_rows(rows, page_height=842.0) == []
    # nor a number in the middle of the page
    rows = group_rows(fragments(_glyphs("12", 90, 400) + _glyphs("Căn cứ Luật", 90, 440)))
    assert page_number_rows(rows, page_height=842.0) == []


def test_centred_page_number_under_tight_spacing() -> None:
    """mineru-vietocr/1.pdf page 6: "2" centred 9 pt above the text (less than a line)."""
    from vanban.extract.pdf.blocks import page_number_rows

    rows = group_rows(
        fragments(_glyphs("2", 315, 44, size=14) + _glyphs("(Đề xuất rõ cần sửa đổi)", 121, 67))
        + fragments(_glyphs("3. Đối với nguồn lực dành cho việc thực hiện pháp luật", 121, 90))
    )
    assert [r.frags[0].text for r in page_number_rows(rows, page_height=842.0)] == ["2"]
    doc = read(corpus_file("mineru-vietocr/1.pdf"))
    assert '"page": 6, "text": "2"' in doc.metadata["page_numbers"]
