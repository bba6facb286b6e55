"""DOCX and .doc readers: small documents built with python-docx, and the real ND 30/2020 files."""

from __future__ import annotations

import importlib
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import docx as python_docx
import pytest
from conftest import corpus_file
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from layout_helpers import block_text as _text
from layout_helpers import cell_at as _at
from layout_helpers import layout_items as _items
from lxml import etree

from vanban.extract.errors import ConverterMissing, CorruptFile, EmptyFile, UnsafeFile
from vanban.extract.hygiene import clean_text
from vanban.extract.markup import doc as doc_reader
from vanban.extract.markup import docx as docx_reader
from vanban.extract.markup.common import (
    Span,
    convert_legacy_font,
    convert_legacy_text,
    spans_to_lines,
)
from vanban.extract.safety import LIMITS
from vanban.models.layout import Block, LayoutDocument, Table


def _blocks(layout: LayoutDocument) -> list[Block]:
    return [i for i in _items(layout) if isinstance(i, Block)]


def _tables(layout: LayoutDocument) -> list[Table]:
    return [i for i in _items(layout) if isinstance(i, Table)]


def _borders(table: object, val: str) -> None:
    """Give a python-docx table explicit tblBorders with ``val`` on every side."""
    tbl_pr = table._tbl.tblPr  # type: ignore[attr-defined]
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), val)
        el.set(qn("w:sz"), "4")
        borders.append(el)
    tbl_pr.append(borders)


# -- paragraphs and styles ---------------------------------------------------------------------


def test_paragraph_styles_lines_and_empty_paragraphs(tmp_path: Path) -> None:
    d = python_docx.Document()
    title = d.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("QUYẾT ĐỊNH")
    run.bold = True
    run.font.size = Pt(14)
    d.add_paragraph("")
    mixed = d.add_paragraph()
    mixed.add_run("Điều 1. ").bold = True
    mixed.add_run("Phạm vi điều chỉnh")
    justified = d.add_paragraph("Căn cứ Luật Tổ chức Chính phủ;")
    justified.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    two = d.add_paragraph()
    r = two.add_run("TM. ỦY BAN NHÂN DÂN")
    r.add_break()
    two.add_run("CHỦ TỊCH")
    d.add_heading("Chương I", level=1)
    path = tmp_path / "p.docx"
    d.save(str(path))

    layout = docx_reader.read(path)
    assert layout.format == "docx" and layout.pages[0].physical is False
    blocks = _blocks(layout)
    assert [b.text for b in blocks] == [
        "QUYẾT ĐỊNH",
        "Điều 1. Phạm vi điều chỉnh",
        "Căn cứ Luật Tổ chức Chính phủ;",
        "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
        "Chương I",
    ]
    t = blocks[0].style
    assert (t.bold, t.align, t.size, t.uppercase) == (True, "center", 14.0, True)
    assert blocks[1].style.bold is False
    assert [w.bold for w in blocks[1].lines[0].words] == [True, True, False, False, False, False]
    assert blocks[2].style.align == "justify" and blocks[2].style.style_name == "Normal"
    assert [line.text for line in blocks[3].lines] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    heading = blocks[4].style
    # Heading 1 is bold through the style chain (Heading 1 → Normal → defaults).
    assert heading.style_name == "Heading 1" and heading.bold is True
    assert all(b.bbox is None for b in blocks)


def test_bold_and_alignment_inherited_from_paragraph_style(tmp_path: Path) -> None:
    d = python_docx.Document()
    style = d.styles.add_style("Tieu de", 1)  # WD_STYLE_TYPE.PARAGRAPH
    style.font.bold = True
    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    child = d.styles.add_style("Tieu de con", 1)
    child.base_style = style
    d.add_paragraph("CHƯƠNG TRÌNH PHỐI HỢP", style="Tieu de con")
    not_bold = d.add_paragraph("giữa hai cơ quan", style="Tieu de con")
    not_bold.runs[0].bold = False
    path = tmp_path / "s.docx"
    d.save(str(path))
    first, second = _blocks(docx_reader.read(path))
    assert first.style.bold is True and first.style.align == "center"
    assert first.style.style_name == "Tieu de con"
    assert second.style.bold is False and second.style.align == "center"


def test_hidden_and_white_runs_are_not_printed(tmp_path: Path) -> None:
    d = python_docx.Document()
    p = d.add_paragraph()
    white = p.add_run("[")
    white.font.color.rgb = python_docx.shared.RGBColor(0xFF, 0xFF, 0xFF)
    p.add_run("(Đã ký)")
    hidden = p.add_run(" ghi chú ẩn")
    hidden.font.hidden = True
    path = tmp_path / "h.docx"
    d.save(str(path))
    assert _blocks(docx_reader.read(path))[0].text == "(Đã ký)"


def test_automatic_numbering_is_printed(tmp_path: Path) -> None:
    d = python_docx.Document()
    for text in ("Tuyên truyền", "Giám sát"):
        d.add_paragraph(text, style="List Number")
    path = tmp_path / "n.docx"
    d.save(str(path))
    assert [b.text for b in _blocks(docx_reader.read(path))] == ["1. Tuyên truyền", "2. Giám sát"]


def test_content_control_paragraph_is_read(tmp_path: Path) -> None:
    d = python_docx.Document()
    d.add_paragraph("Trước")
    inner = d.add_paragraph("Trong khối nội dung")
    d.add_paragraph("Sau")
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    sdt.append(content)
    inner._p.addprevious(sdt)
    content.append(inner._p)
    path = tmp_path / "c.docx"
    d.save(str(path))
    assert [b.text for b in _blocks(docx_reader.read(path))] == [
        "Trước",
        "Trong khối nội dung",
        "Sau",
    ]


def test_text_box_paragraphs_follow_their_anchor(tmp_path: Path) -> None:
    d = python_docx.Document()
    anchor = d.add_paragraph("Nơi nhận:")
    d.add_paragraph("Sau khung")
    run = anchor.add_run()
    pict = OxmlElement("w:pict")
    shape = etree.SubElement(pict, "{urn:schemas-microsoft-com:vml}shape")
    textbox = etree.SubElement(shape, "{urn:schemas-microsoft-com:vml}textbox")
    content = OxmlElement("w:txbxContent")
    textbox.append(content)
    for line in ("DỰ THẢO", "Lần 2"):
        p = OxmlElement("w:p")
        r = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = line
        r.append(t)
        p.append(r)
        content.append(p)
    run._r.append(pict)
    path = tmp_path / "tb.docx"
    d.save(str(path))
    texts = [b.text for b in _blocks(docx_reader.read(path))]
    assert texts == ["Nơi nhận:", "DỰ THẢO", "Lần 2", "Sau khung"]


# -- page and section breaks ------------------------------------------------------------------


def test_page_breaks_and_sections_start_logical_pages(tmp_path: Path) -> None:
    d = python_docx.Document()
    p = d.add_paragraph("Trang một")
    p.add_run().add_break(WD_BREAK.PAGE)
    p.add_run("Trang hai")
    d.add_paragraph("Vẫn trang hai")
    before = d.add_paragraph("Trang ba")
    before.paragraph_format.page_break_before = True
    d.add_section()
    d.add_paragraph("Phụ lục: trang bốn")
    path = tmp_path / "b.docx"
    d.save(str(path))
    layout = docx_reader.read(path)
    pages = [[_text(i) for i in page.items] for page in layout.pages]
    assert pages == [
        ["Trang một"],
        ["Trang hai", "Vẫn trang hai"],
        ["Trang ba"],
        ["Phụ lục: trang bốn"],
    ]
    assert [p.number for p in layout.pages] == [1, 2, 3, 4]
    last = layout.pages[-1].items[0]
    assert last.page == 4 and last.section == 1 and layout.pages[0].items[0].section == 0


# -- tables ------------------------------------------------------------------------------------


def test_merged_cells_spans_exact(tmp_path: Path) -> None:
    d = python_docx.Document()
    table = d.add_table(rows=4, cols=4)
    _borders(table, "single")
    for r in range(4):
        for c in range(4):
            table.cell(r, c).text = f"r{r}c{c}"
    table.cell(0, 1).merge(table.cell(0, 2))  # horizontal: gridSpan=2
    table.cell(1, 0).merge(table.cell(3, 0))  # vertical: vMerge restart + 2 continue
    table.cell(2, 2).merge(table.cell(3, 3))  # 2×2 block
    path = tmp_path / "m.docx"
    d.save(str(path))

    (t,) = _tables(docx_reader.read(path))
    assert (t.n_rows, t.n_cols, t.finder, t.borderless) == (4, 4, "markup", False)
    spans = {(c.row, c.col): (c.row_span, c.col_span) for c in t.cells}
    assert spans == {
        (0, 0): (1, 1),
        (0, 1): (1, 2),
        (0, 3): (1, 1),
        (1, 0): (3, 1),
        (1, 1): (1, 1),
        (1, 2): (1, 1),
        (1, 3): (1, 1),
        (2, 1): (1, 1),
        (2, 2): (2, 2),
        (3, 1): (1, 1),
    }
    grid = t.grid()
    assert grid[0][1] is grid[0][2] and grid[0][1] is not None
    assert grid[0][1].text == "r0c1\nr0c2"
    assert (
        grid[3][0] is grid[1][0] and grid[1][0] is not None and grid[1][0].text.startswith("r1c0")
    )
    assert grid[3][3] is grid[2][2]
    assert all(c.text for c in t.cells)  # no empty placeholder cells for merged positions


def test_grid_before_shifts_anchor_columns(tmp_path: Path) -> None:
    d = python_docx.Document()
    table = d.add_table(rows=2, cols=3)
    for r in range(2):
        for c in range(3):
            table.cell(r, c).text = f"{r}{c}"
    tr = table.rows[1]._tr
    tr.remove(tr.tc_lst[0])
    tr_pr = tr.get_or_add_trPr()
    grid_before = OxmlElement("w:gridBefore")
    grid_before.set(qn("w:val"), "1")
    tr_pr.insert(0, grid_before)
    path = tmp_path / "g.docx"
    d.save(str(path))
    (t,) = _tables(docx_reader.read(path))
    row1 = sorted((c.col, c.text) for c in t.cells if c.row == 1)
    assert row1 == [(1, "11"), (2, "12")]
    assert t.grid()[1][0] is None


def test_borderless_layout_table_and_bold_cell(tmp_path: Path) -> None:
    d = python_docx.Document()
    plain = d.add_table(rows=1, cols=2)  # default "Normal Table": no borders
    left = plain.cell(0, 0)
    left.paragraphs[0].add_run("ỦY BAN NHÂN DÂN").bold = True
    left.add_paragraph("")
    left.add_paragraph().add_run("TỈNH ĐIỆN BIÊN").bold = True
    plain.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ruled = d.add_table(rows=1, cols=2, style="Table Grid")
    ruled.cell(0, 0).text = "Stt"
    none_table = d.add_table(rows=1, cols=2, style="Table Grid")
    _borders(none_table, "nil")
    none_table.cell(0, 0).text = "Nơi nhận:"
    path = tmp_path / "t.docx"
    d.save(str(path))
    header, task, signature = _tables(docx_reader.read(path))
    assert header.borderless is True
    assert (
        header.cells[0].text == "ỦY BAN NHÂN DÂN\nTỈNH ĐIỆN BIÊN" and header.cells[0].bold is True
    )
    assert header.cells[1].bold is False
    assert task.borderless is False  # borders from the table style
    assert signature.borderless is True  # explicit nil borders override the style


def test_nested_table_flattened_into_cell(tmp_path: Path) -> None:
    d = python_docx.Document()
    outer = d.add_table(rows=1, cols=2)
    cell = outer.cell(0, 1)
    cell.text = "Cơ quan phối hợp:"
    inner = cell.add_table(rows=2, cols=1)
    inner.cell(0, 0).text = "Sở Tư pháp"
    inner.cell(1, 0).text = "Sở Nội vụ"
    path = tmp_path / "n.docx"
    d.save(str(path))
    (t,) = _tables(docx_reader.read(path))
    assert t.n_cols == 2 and len(t.cells) == 2
    assert t.cells[1].text == "Cơ quan phối hợp:\nSở Tư pháp\nSở Nội vụ"


# -- safety ------------------------------------------------------------------------------------


def _docx_bytes(tmp_path: Path) -> Path:
    d = python_docx.Document()
    d.add_paragraph("Căn cứ Luật;")
    path = tmp_path / "ok.docx"
    d.save(str(path))
    return path


def _rewrite(
    src: Path, dst: Path, replace: dict[str, bytes], extra: dict[str, bytes] | None = None
) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = replace.get(info.filename, zin.read(info.filename))
            zout.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return dst


def test_not_a_zip_and_no_document_xml_are_corrupt(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(CorruptFile):
        docx_reader.read(bad)
    nodoc = tmp_path / "nodoc.docx"
    with zipfile.ZipFile(nodoc, "w") as zf:
        zf.writestr("word/other.xml", "<x/>")
    with pytest.raises(CorruptFile, match="document.xml"):
        docx_reader.read(nodoc)
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    with pytest.raises(EmptyFile):
        docx_reader.read(empty)


def test_doctype_and_entities_refused(tmp_path: Path) -> None:
    src = _docx_bytes(tmp_path)
    with zipfile.ZipFile(src) as zf:
        xml = zf.read("word/document.xml")
    evil = xml.replace(
        b"?>",
        b'?><!DOCTYPE w:document [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>',
        1,
    )
    path = _rewrite(src, tmp_path / "evil.docx", {"word/document.xml": evil})
    with pytest.raises(UnsafeFile, match="DOCTYPE"):
        docx_reader.read(path)


def test_zip_bomb_by_ratio_refused(tmp_path: Path) -> None:
    src = _docx_bytes(tmp_path)
    path = _rewrite(src, tmp_path / "bomb.docx", {}, {"word/media/zeros.bin": b"\0" * (4 << 20)})
    with pytest.raises(UnsafeFile, match="zip bomb"):
        docx_reader.read(path)


def test_declared_total_and_part_size_limits(tmp_path: Path) -> None:
    """The reader applies the shared limits of extract.safety (or the ones it is given)."""
    src = _docx_bytes(tmp_path)
    with pytest.raises(UnsafeFile, match="uncompressed"):
        docx_reader.read(src, limits=replace(LIMITS, zip_max_total_uncompressed=1000))
    with pytest.raises(UnsafeFile, match="huge XML part: .*inflates past 500 bytes"):
        docx_reader.read(src, limits=replace(LIMITS, xml_max_bytes=500))
    assert docx_reader.read(src).pages[0].items  # the shared default limits let it through


# -- real files --------------------------------------------------------------------------------


def test_nd30_header_table_first_and_signature_table() -> None:
    layout = docx_reader.read(corpus_file("vanbanplus-nd30/30_2020_ND_CP.docx"))
    first = layout.pages[0].items[0]
    assert isinstance(first, Table) and first.borderless and first.n_cols == 2
    left, right = first.grid()[0]
    assert left is not None and right is not None
    assert left.text.splitlines()[0] == "CHÍNH PHỦ"
    assert "Số: 30/2020/NĐ-CP" in left.text.splitlines()
    assert right.text.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")
    blocks = _blocks(layout)
    title = next(b for b in blocks if b.text == "NGHỊ ĐỊNH")
    assert title.style.bold and title.style.align == "center"
    assert sum(1 for b in blocks if b.text.startswith("Căn cứ")) == 1
    last = _items(layout)[-1]
    assert isinstance(last, Table) and last.borderless
    assert last.cells[0].text.startswith("Nơi nhận:")
    assert last.cells[1].text.splitlines() == [
        "TM. CHÍNH PHỦ",
        "THỦ TƯỚNG",
        "(Đã ký)",
        "Nguyễn Xuân Phúc",
    ]


def test_phuluc3_tables_and_merges() -> None:
    layout = docx_reader.read(corpus_file("vanbanplus-nd30/Phuluc3.docx"))
    tables = _tables(layout)
    assert len(tables) == 48
    abbreviations = tables[0]
    rows = {tuple(c.text for c in row if c is not None) for row in abbreviations.grid()}
    assert ("STT", "Tên loại văn bản hành chính", "Chữ viết tắt") in rows
    assert ("2.", "Quyết định (cá biệt)", "QĐ") in rows  # "2." is Word's automatic numbering
    merged = [c for t in tables for c in t.cells if c.row_span > 1 or c.col_span > 1]
    assert merged
    for t in tables:  # spans stay inside the grid and never overlap
        seen: set[tuple[int, int]] = set()
        for c in t.cells:
            assert c.row + c.row_span <= t.n_rows and c.col + c.col_span <= t.n_cols
            covered = {
                (r, k)
                for r in range(c.row, c.row + c.row_span)
                for k in range(c.col, c.col + c.col_span)
            }
            assert not covered & seen
            seen |= covered


# -- .doc via LibreOffice ----------------------------------------------------------------------


def test_doc_missing_converter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"))
    monkeypatch.setattr(doc_reader, "SOFFICE_NAMES", ("no-such-soffice-binary",))
    with pytest.raises(ConverterMissing):
        doc_reader.read(path)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_doc_round_trip_through_libreoffice(tmp_path: Path) -> None:
    d = python_docx.Document()
    d.add_paragraph().add_run("NGHỊ QUYẾT").bold = True
    table = d.add_table(rows=2, cols=2, style="Table Grid")
    table.cell(0, 0).merge(table.cell(1, 0)).text = "Stt"
    table.cell(0, 1).text = "Nội dung"
    table.cell(1, 1).text = "Tuyên truyền"
    src = tmp_path / "src.docx"
    d.save(str(src))
    # LibreOffice drops this python-docx table on a direct DOCX → DOC export; going
    # through ODT (its native model) keeps it, as a .doc saved by Word would.
    odt = doc_reader.convert(src, tmp_path, target="odt")
    doc_path = doc_reader.convert(odt, tmp_path, target="doc")
    assert doc_path.suffix == ".doc" and doc_path.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    layout = doc_reader.read(doc_path)
    assert layout.format == "doc"
    blocks, tables = _blocks(layout), _tables(layout)
    assert blocks[0].text == "NGHỊ QUYẾT" and blocks[0].style.bold
    (t,) = tables
    anchor = next(c for c in t.cells if c.text == "Stt")
    assert (anchor.row, anchor.col, anchor.row_span) == (0, 0, 2)


def test_doc_garbage_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "bad.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"garbage" * 100)
    with pytest.raises(CorruptFile):
        doc_reader.read(path)


def test_legacy_font_runs_converted(tmp_path: Path) -> None:
    legacy = importlib.import_module("vanban.extract.markup.legacy_fonts")
    d = python_docx.Document()
    p = d.add_paragraph()
    old = p.add_run(legacy.encode_tcvn3("Cộng hòa xã hội chủ nghĩa Việt Nam"))
    old.font.name = ".VnTime"
    p.add_run(" – Unicode giữ nguyên").font.name = "Times New Roman"
    caps = d.add_paragraph().add_run(legacy.encode_tcvn3("độc lập"))
    caps.font.name = ".VnTimeH"
    path = tmp_path / "legacy.docx"
    d.save(str(path))
    first, second = _blocks(docx_reader.read(path))
    assert first.text == "Cộng hòa xã hội chủ nghĩa Việt Nam – Unicode giữ nguyên"
    assert second.text == "ĐỘC LẬP"


def test_legacy_u_horn_byte_converted_before_hygiene(tmp_path: Path) -> None:
    """TCVN3 "ư" is 0xAD (a soft hyphen to clean_text): conversion must come first."""
    legacy = importlib.import_module("vanban.extract.markup.legacy_fonts")
    encoded = legacy.encode_tcvn3("Thường trực Ban Chỉ đạo")
    assert "\xad" in encoded
    d = python_docx.Document()
    d.add_paragraph().add_run(encoded).font.name = ".VnTime"
    cell = d.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].add_run(
        legacy.encode_tcvn3("Sở Thông tin và Truyền thông")
    ).font.name = ".VnTime"
    path = tmp_path / "u.docx"
    d.save(str(path))
    layout = docx_reader.read(path)
    assert _blocks(layout)[0].text == "Thường trực Ban Chỉ đạo"
    assert _at(_tables(layout)[0], 0, 0).text == "Sở Thông tin và Truyền thông"


def test_markup_common_converts_before_clean_text() -> None:
    legacy = importlib.import_module("vanban.extract.markup.legacy_fonts")
    encoded = legacy.encode_tcvn3("Trưởng ban")
    assert "\xad" in encoded
    (line,) = spans_to_lines([Span(convert_legacy_font(encoded, ".VnTime"))])
    assert line.text == "Trưởng ban"
    whole = legacy.encode_tcvn3("Trưởng ban tuyên truyền, vận động nhân dân")
    converted, encoding = convert_legacy_text(whole)
    assert encoding == "tcvn3" and converted == "Trưởng ban tuyên truyền, vận động nhân dân"
    # the wrong order loses the letter: clean_text deletes U+00AD
    assert clean_text(encoded) != encoded
