"""Plain-text and Markdown readers: constructed inputs and the real seeds / corpus files."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from conftest import SEEDS, corpus_file
from layout_helpers import block_text as _text
from layout_helpers import cell_at as _at
from layout_helpers import layout_items as _items

from vanban.extract.errors import EmptyFile, TooLarge
from vanban.extract.markup import markdown, text
from vanban.models.layout import Block, Table
from vanban.parsers.textview import TextView


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _seed(prefix: str) -> Path:
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} not available")
    return matches[0]


# -- plain text: constructed -------------------------------------------------------------------


def test_text_paragraphs_split_on_blank_lines_and_lines_kept(tmp_path: Path) -> None:
    doc = text.read(_write(tmp_path, "a.txt", "CHƯƠNG TRÌNH\ngiữa hai cơ quan\n\n\nCăn cứ Luật;\n"))
    blocks = _items(doc)
    assert [_text(b) for b in blocks] == ["CHƯƠNG TRÌNH\ngiữa hai cơ quan", "Căn cứ Luật;"]
    assert isinstance(blocks[0], Block)
    assert [line.text for line in blocks[0].lines] == ["CHƯƠNG TRÌNH", "giữa hai cơ quan"]
    assert blocks[0].style.uppercase is False
    page = doc.pages[0]
    assert page.physical is False and blocks[0].bbox is None and doc.format == "txt"


def test_text_bold_markers_across_lines_removed(tmp_path: Path) -> None:
    doc = text.read(
        _write(tmp_path, "b.txt", "**TM. BAN THƯỜNG TRỰC\nPHÓ CHỦ TỊCH**\n\nNguyễn Văn A\n")
    )
    signer, name = _items(doc)
    assert isinstance(signer, Block) and isinstance(name, Block)
    assert signer.text == "TM. BAN THƯỜNG TRỰC\nPHÓ CHỦ TỊCH"
    assert signer.style.bold is True and all(w.bold for ln in signer.lines for w in ln.words)
    assert name.style.bold is None


def test_text_partial_bold_keeps_word_styles(tmp_path: Path) -> None:
    doc = text.read(_write(tmp_path, "c.txt", "**Điều 1.** Phạm vi điều chỉnh\n"))
    (block,) = _items(doc)
    assert isinstance(block, Block)
    assert block.text == "Điều 1. Phạm vi điều chỉnh"
    assert block.style.bold is None
    assert [w.bold for w in block.lines[0].words] == [True, True, False, False, False, False]


def test_text_unmatched_marker_stays_printed(tmp_path: Path) -> None:
    doc = text.read(_write(tmp_path, "d.txt", "ghi chú ** không đóng\n"))
    assert _text(_items(doc)[0]) == "ghi chú ** không đóng"


def test_text_tab_table_with_continuation_row_and_blank_line(tmp_path: Path) -> None:
    content = (
        "II. NỘI DUNG\n\n"
        "Stt\tNội dung\tThời gian\tChủ trì\n"
        "1\tTuyên truyền\tCả năm\tBan Tuyên giáo\n"
        "\n"
        "2\tGiám sát,\tQuý I\tỦy ban MTTQ\n"
        "\tphản biện\t\tViệt Nam tỉnh\n"
        "III. TỔ CHỨC THỰC HIỆN\n"
    )
    doc = text.read(_write(tmp_path, "t.txt", content))
    items = _items(doc)
    assert [type(i).__name__ for i in items] == ["Block", "Table", "Block"]
    table = items[1]
    assert isinstance(table, Table)
    assert (table.n_rows, table.n_cols, table.finder) == (4, 4, "markup")
    grid = table.grid()
    assert [c.text if c else None for c in grid[3]] == ["", "phản biện", "", "Việt Nam tỉnh"]
    assert grid[2][1] is not None and grid[2][1].text == "Giám sát,"
    assert _text(items[2]) == "III. TỔ CHỨC THỰC HIỆN"


def test_text_two_cell_tab_line_is_not_a_table(tmp_path: Path) -> None:
    doc = text.read(_write(tmp_path, "s.txt", "\tSỞ THÔNG TIN VÀ TRUYỀN THÔNG\n\n GIÁM ĐỐC\n"))
    items = _items(doc)
    assert all(isinstance(i, Block) for i in items)
    assert _text(items[0]) == "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" and _text(items[1]) == "GIÁM ĐỐC"


def test_text_form_feed_starts_logical_page(tmp_path: Path) -> None:
    doc = text.read(_write(tmp_path, "f.txt", "Trang một\n\fTrang hai\n"))
    assert [p.number for p in doc.pages] == [1, 2]
    assert _items(doc)[1].page == 2 and doc.pages[1].physical is False


def test_text_encodings(tmp_path: Path) -> None:
    sample = "Căn cứ Nghị quyết số 15-NQ/TW;\n"
    bom = text.read(_write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + sample.encode("utf-8")))
    assert _text(_items(bom)[0]) == sample.strip()
    utf16 = text.read(_write(tmp_path, "u16.txt", sample.encode("utf-16")))
    assert _text(_items(utf16)[0]) == sample.strip() and utf16.metadata["encoding"] == "utf-16"
    # Windows-1258 writes tones as combining marks: "Đi" + "ê" + U+0323 + "n".
    cp1258 = "\u0110i\u00ea\u0323n Bi\u00ean, ng\u00e0y 13 th\u00e1ng 02".encode("cp1258")
    cp = text.read(_write(tmp_path, "cp.txt", cp1258))
    assert _text(_items(cp)[0]) == "Điện Biên, ngày 13 tháng 02"
    assert cp.metadata["encoding"] == "cp1258"


def test_text_hygiene_applied(tmp_path: Path) -> None:
    doc = text.read(_write(tmp_path, "h.txt", "ÐẢNG CỘNG SẢN\u00a0VIỆT NAM\n"))
    assert _text(_items(doc)[0]) == "ĐẢNG CỘNG SẢN VIỆT NAM"


def test_text_empty_file_refused(tmp_path: Path) -> None:
    with pytest.raises(EmptyFile):
        text.read(_write(tmp_path, "e.txt", b""))
    with pytest.raises(EmptyFile):
        text.read(_write(tmp_path, "w.txt", "\n \n"))


def test_files_above_the_size_limit_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(text, "MAX_TEXT_BYTES", 10)
    monkeypatch.setattr(markdown, "MAX_MARKDOWN_BYTES", 10)
    big = "Căn cứ Luật Tổ chức Chính phủ"
    n = len(big.encode("utf-8"))
    with pytest.raises(TooLarge, match=rf"^text file of {n} bytes is above the 10-byte limit$"):
        text.read(_write(tmp_path, "big.txt", big))
    with pytest.raises(TooLarge, match=rf"^Markdown file of {n} bytes is above the 10-byte limit$"):
        markdown.read(_write(tmp_path, "big.md", big))
    with pytest.raises(EmptyFile, match=r"^the file is empty \(0 bytes\)$"):
        markdown.read(_write(tmp_path, "e.md", b""))
    assert text.read(_write(tmp_path, "ok.txt", "Căn cứ")).pages  # 9 bytes: read


# -- plain text: seeds -------------------------------------------------------------------------


def test_seed_000_task_table() -> None:
    doc = text.read(_seed("000"))
    tables = [i for i in _items(doc) if isinstance(i, Table)]
    assert len(tables) == 1
    table = tables[0]
    assert table.n_cols == 7 and table.n_rows == 17
    grid = table.grid()
    assert grid[0][0] is not None and grid[0][0].text == "Stt"
    numbers = [row[0].text for row in grid[1:] if row[0] is not None]
    assert [n for n in numbers if n] == [str(k) for k in range(1, 16)]
    row11 = numbers.index("11") + 1
    continuation = grid[row11 + 1]
    assert continuation[0] is not None and continuation[0].text == ""
    assert continuation[1] is not None and continuation[1].text.startswith("dân vận")
    assert continuation[6] is not None and continuation[6].text == "cáo kết quả"
    bold = [i.text for i in _items(doc) if isinstance(i, Block) and i.style.bold]
    assert "BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY\nTRƯỞNG BAN" in bold
    view = TextView.build(doc)
    assert view.text.startswith("Số: 15 -CTr/BTGDVTU-UBMTTQ\n\nCHƯƠNG TRÌNH PHỐI HỢP")


def test_seed_004_has_no_table_and_signers_kept() -> None:
    doc = text.read(_seed("004"))
    items = _items(doc)
    assert not any(isinstance(i, Table) for i in items)
    texts = [_text(i) for i in items if isinstance(i, Block)]
    lines = [ln.text for i in items if isinstance(i, Block) for ln in i.lines]
    assert "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" in lines and "Vũ Văn Tuấn" in lines
    assert all(ln == ln.strip() for ln in lines)
    assert any(t.startswith("Nơi nhận:") for t in texts)
    assert "**" not in TextView.build(doc).text


# -- Markdown: constructed ---------------------------------------------------------------------

MD_SAMPLE = """*Source: https://thuvienphapluat.vn/van-ban/Quyet-dinh-378.aspx*

# Về việc (tiêu đề của trang web)

| ỦY BAN NHÂN DÂN TỈNH HÀ GIANG ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc |
|---|---|
| Số: 378/QĐ-UBND | Hà Giang, ngày 18 tháng 3 năm 2022 |

**QUYẾT ĐỊNH**

## Chương I

Căn cứ Luật Tổ chức Chính quyền địa phương;
Căn cứ Nghị định số 63/2010/NĐ-CP\\*;

---

*   **a) Tại Trung ương:** Chính phủ đã thành lập
- Lưu: VT.

| STT | Nội dung | Chủ trì |
|:---|:---:|---:|
| 1 | Tuyên truyền<br>vận động | Sở A \\| Sở B |
| 2 | **Giám sát** |  |
"""


def test_markdown_source_url_and_site_title_in_metadata(tmp_path: Path) -> None:
    doc = markdown.read(_write(tmp_path, "a.md", MD_SAMPLE))
    assert doc.format == "md"
    assert doc.metadata["source_url"] == "https://thuvienphapluat.vn/van-ban/Quyet-dinh-378.aspx"
    assert doc.metadata["page_title"] == "Về việc (tiêu đề của trang web)"
    view = TextView.build(doc).text
    assert "Source:" not in view and "tiêu đề của trang web" not in view


def test_markdown_header_table_borderless_and_task_table(tmp_path: Path) -> None:
    items = _items(markdown.read(_write(tmp_path, "a.md", MD_SAMPLE)))
    header = items[0]
    assert (
        isinstance(header, Table) and header.borderless and (header.n_rows, header.n_cols) == (2, 2)
    )
    assert _at(header, 1, 0).text == "Số: 378/QĐ-UBND"
    task = items[-1]
    assert isinstance(task, Table) and not task.borderless
    assert (task.n_rows, task.n_cols) == (3, 3)
    grid = task.grid()
    assert grid[1][1] is not None and grid[1][1].text == "Tuyên truyền\nvận động"
    assert grid[1][2] is not None and grid[1][2].text == "Sở A | Sở B"
    assert grid[2][1] is not None and grid[2][1].bold is True and grid[2][1].text == "Giám sát"
    assert grid[2][2] is not None and grid[2][2].text == ""


def test_markdown_emphasis_headings_lists(tmp_path: Path) -> None:
    items = _items(markdown.read(_write(tmp_path, "a.md", MD_SAMPLE)))
    blocks = [i for i in items if isinstance(i, Block)]
    by_text = {b.text: b for b in blocks}
    assert by_text["QUYẾT ĐỊNH"].style.bold is True and by_text["QUYẾT ĐỊNH"].style.uppercase
    chapter = by_text["Chương I"]
    assert chapter.style.style_name == "Heading 2" and chapter.style.bold is True
    basis = by_text[
        "Căn cứ Luật Tổ chức Chính quyền địa phương;\nCăn cứ Nghị định số 63/2010/NĐ-CP*;"
    ]
    assert len(basis.lines) == 2 and basis.style.bold is None
    bullet = next(b for b in blocks if b.text.startswith("a) Tại Trung ương:"))
    assert bullet.lines[1].text == "- Lưu: VT."
    assert [w.bold for w in bullet.lines[0].words][:5] == [True, True, True, True, False]
    assert all("---" not in b.text for b in blocks)


def test_markdown_italic_marker(tmp_path: Path) -> None:
    (block,) = _items(markdown.read(_write(tmp_path, "i.md", "*(Đã ký)*\n")))
    assert isinstance(block, Block) and block.text == "(Đã ký)" and block.style.italic is True


def test_markdown_empty_refused(tmp_path: Path) -> None:
    with pytest.raises(EmptyFile):
        markdown.read(_write(tmp_path, "e.md", "\n---\n\n"))


# -- Markdown: real files ----------------------------------------------------------------------


def test_thuvienphapluat_noise_kept_and_header_table() -> None:
    doc = markdown.read(corpus_file("congbot/thuvienphapluat_md/file_data_16.md"))
    assert doc.metadata["source_url"].startswith("https://thuvienphapluat.vn/cong-van/")
    header = _items(doc)[0]
    assert isinstance(header, Table) and header.borderless and header.n_cols == 2
    grid = header.grid()
    assert grid[0][0] is not None and grid[0][0].text.startswith("B Ộ LAO ĐỘNG")
    assert grid[1][0] is not None and grid[1][0].text.startswith("Số: 2638/LĐTBXH-KHTC")
    assert grid[0][1] is not None and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in grid[0][1].text


def test_thuvienphapluat_preamble_and_signature_table() -> None:
    doc = markdown.read(corpus_file("congbot/thuvienphapluat_md/file_data_22.md"))
    items = _items(doc)
    basis = [i for i in items if isinstance(i, Block) and i.text.startswith("Căn cứ")]
    assert len(basis) == 3
    tables = [i for i in items if isinstance(i, Table)]
    signature = next(t for t in tables if "Nơi nhận" in t.cells[0].text)
    assert signature.borderless and "CHỦ TỊCH" in signature.cells[1].text


def test_vnmasterplan_task_table_columns() -> None:
    doc = markdown.read(corpus_file("vnmasterplan/Kehoachgoc.md"))
    tables = [i for i in _items(doc) if isinstance(i, Table)]
    task = next(t for t in tables if t.n_cols == 6)
    header = [c.text for c in sorted(task.cells, key=lambda c: c.col) if c.row == 0]
    assert header == [
        "TT",
        "Tên nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Kết quả",
        "Thời gian hoàn thành",
    ]
    assert task.n_rows > 100 and not task.borderless
    assert "source_url" not in doc.metadata


def test_text_legacy_tcvn3_file_converted(tmp_path: Path) -> None:
    legacy = importlib.import_module("vanban.extract.markup.legacy_fonts")
    printed = "Cộng hòa xã hội chủ nghĩa Việt Nam\n\nCăn cứ Luật Tổ chức Chính phủ;"
    data = legacy.encode_tcvn3(printed).encode("cp1252")
    doc = text.read(_write(tmp_path, "tcvn3.txt", data))
    assert [_text(i) for i in _items(doc)] == printed.split("\n\n")
    assert doc.metadata["legacy_encoding"] == "tcvn3" and doc.metadata["encoding"] == "cp1252"


# -- list bullets, italic markers, legacy "ư" (0xAD) --------------------------------------------


def test_markdown_list_items_keep_a_printed_bullet(tmp_path: Path) -> None:
    source = (
        "1. Mục đích\n\n"
        "*   Quán triệt sâu sắc Nghị quyết số 57-NQ/TW.\n"
        "    *   Thể chế hóa đầy đủ, kịp thời.\n"
        "+   Thúc đẩy nghiên cứu.\n"
        "*   **a) Tại Trung ương:** Chính phủ đã thành lập\n"
        "*   (4) Xây dựng kế hoạch hành động\n"
    )
    (heading, items) = _items(markdown.read(_write(tmp_path, "b.md", source)))
    assert _text(heading) == "1. Mục đích" and isinstance(items, Block)
    assert [line.text for line in items.lines] == [
        "- Quán triệt sâu sắc Nghị quyết số 57-NQ/TW.",
        "- Thể chế hóa đầy đủ, kịp thời.",
        "- Thúc đẩy nghiên cứu.",
        "a) Tại Trung ương: Chính phủ đã thành lập",
        "(4) Xây dựng kế hoạch hành động",
    ]


def test_vnmasterplan_cthd_bullets_reach_the_task_parser() -> None:
    from vanban.parsers.tasks import parse_tasks

    doc = markdown.read(corpus_file("vnmasterplan/CTHD.md"))
    lines = [ln.text for item in _items(doc) if isinstance(item, Block) for ln in item.lines]
    assert sum(1 for t in lines if t.startswith("- Quán triệt sâu sắc")) == 1
    assert sum(1 for t in lines if t.startswith("- ")) >= 60
    assert not any(t.startswith(("*", "+ ")) for t in lines)
    tasks, _ = parse_tasks(doc, TextView.build(doc), doc_year=2025)
    # under an item headed by a body (itself a node of the task tree), each bullet is a
    # task of that body
    body = "Tổ đảng ở Thường trực Ủy ban KH,CN&MT"
    (heading,) = [t for t in tasks if t.content == body]
    under_kh = [t for t in tasks if t.parent == heading.id]
    assert len(under_kh) == 6 and all(t.lead == [body] for t in under_kh)
    assert (under_kh[1].content or "").startswith("Chủ trì thẩm tra các dự án luật")


def test_text_italic_markers_removed_and_italic_set(tmp_path: Path) -> None:
    source = "chuyên đề năm 2023 “*Đổi mới sáng tạo, khơi dậy ý chí*” gắn với\n\n*(Đã ký)*\n"
    first, signed = _items(text.read(_write(tmp_path, "i.txt", source)))
    assert isinstance(first, Block) and isinstance(signed, Block)
    assert first.text == "chuyên đề năm 2023 “Đổi mới sáng tạo, khơi dậy ý chí” gắn với"
    italic = [w.text for w in first.lines[0].words if w.italic]
    # a word is italic when all of it is: the roman quotes keep "“Đổi" and "chí”" upright
    assert italic == ["mới", "sáng", "tạo,", "khơi", "dậy", "ý"]
    assert signed.text == "(Đã ký)" and signed.style.italic is True


def test_text_footnote_stars_are_not_italic(tmp_path: Path) -> None:
    source = "Chỉ tiêu (*) và chỉ tiêu (*) khác; ghi chú * lẻ\n"
    (block,) = _items(text.read(_write(tmp_path, "f.txt", source)))
    assert isinstance(block, Block)
    assert block.text == source.strip() and block.style.italic is None


def test_seed_002_italic_quote_unmarked() -> None:
    doc = text.read(_seed("002"))
    joined = "\n".join(_text(i) for i in _items(doc))
    assert "“Đổi mới sáng tạo, khơi dậy ý chí tự lực" in joined
    assert "*" not in joined


def test_text_legacy_u_horn_byte_converted_before_hygiene(tmp_path: Path) -> None:
    legacy = importlib.import_module("vanban.extract.markup.legacy_fonts")
    printed = "Thường trực Ban Chỉ đạo tỉnh\n\nCăn cứ Luật Tổ chức chính quyền địa phương;"
    encoded = legacy.encode_tcvn3(printed)
    assert "\xad" in encoded  # TCVN3 "ư" is the soft-hyphen code that clean_text deletes
    doc = text.read(_write(tmp_path, "u.txt", encoded.encode("cp1252")))
    assert [_text(i) for i in _items(doc)] == printed.split("\n\n")
    utf8 = text.read(_write(tmp_path, "u8.txt", encoded.encode("utf-8")))
    assert [_text(i) for i in _items(utf8)] == printed.split("\n\n")
