"""HTML reader: constructed pages and the vbpl.vn snapshots in the corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import corpus_file
from layout_helpers import block_text as _text
from layout_helpers import cell_at as _at
from layout_helpers import layout_items as _items

from vanban.extract.errors import EmptyFile, TooLarge
from vanban.extract.markup import html
from vanban.models.layout import Block, LayoutDocument, Table
from vanban.parsers.textview import TextView


def _page(tmp_path: Path, body: str, *, root: bool = True) -> Path:
    content = (
        f'<div class="preview-content" data-vbpl-content-root="true">{body}</div>' if root else body
    )
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Văn bản pháp luật</title>"
        "<style>p{color:red}</style></head><body>"
        "<nav><a>TRANG CHỦ</a><a>VĂN BẢN PHÁP LUẬT TRUNG ƯƠNG</a></nav>"
        f"<main><div class='toolbar'>Tải về</div>{content}</main>"
        "<footer>CƠ SỞ DỮ LIỆU QUỐC GIA VỀ PHÁP LUẬT</footer></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    return path


HEADER = (
    '<table border="1" style="border: none"><tbody>'
    '<tr><td style="border: none"><p align="center"><b>BỘ TƯ PHÁP</b><br><b>-------</b></p></td>'
    '<td style="border: none"><p align="center"><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>\n'
    "     Độc lập - Tự do - Hạnh phúc</b></p></td></tr>"
    '<tr><td style="border: none">Số: 12/2025/TT-BTP</td>'
    '<td style="border: none"><i>Hà Nội, ngày 01 tháng 7 năm 2025</i></td></tr>'
    "</tbody></table>"
)


def test_content_container_only_and_header_table(tmp_path: Path) -> None:
    body = HEADER + '<p style="text-align: center"><strong>THÔNG TƯ</strong></p>'
    layout = html.read(_page(tmp_path, body))
    assert layout.format == "html" and layout.pages[0].physical is False
    text = TextView.build(layout).text
    assert "TRANG CHỦ" not in text and "Tải về" not in text and "CƠ SỞ DỮ LIỆU" not in text
    header, title = _items(layout)
    assert (
        isinstance(header, Table) and header.borderless and (header.n_rows, header.n_cols) == (2, 2)
    )
    grid = header.grid()
    assert grid[0][1] is not None
    assert grid[0][1].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    assert grid[0][0] is not None and grid[0][0].bold is True and grid[1][0] is not None
    assert grid[1][0].text == "Số: 12/2025/TT-BTP" and grid[1][0].bold is False
    assert isinstance(title, Block) and title.style.bold and title.style.align == "center"


def test_inline_styles_lines_and_whitespace(tmp_path: Path) -> None:
    body = (
        '<p style="text-align: justify"><span style="font-style: italic">Căn cứ   Luật\n'
        "  Tổ chức Chính phủ;</span></p>"
        '<p><span style="font-weight: bold">Điều 1.</span> Phạm vi điều chỉnh</p>'
        '<p style="font-size: 14pt">TM. ỦY BAN NHÂN DÂN<br/>CHỦ TỊCH</p>'
        "<p> </p><p>&nbsp;</p>"
        "<h3>Chương I</h3>"
    )
    blocks = _items(html.read(_page(tmp_path, body)))
    assert [_text(b) for b in blocks] == [
        "Căn cứ Luật Tổ chức Chính phủ;",
        "Điều 1. Phạm vi điều chỉnh",
        "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
        "Chương I",
    ]
    basis, article, signer, chapter = blocks
    assert isinstance(basis, Block) and basis.style.italic and basis.style.align == "justify"
    assert isinstance(article, Block) and article.style.bold is False
    assert [w.bold for w in article.lines[0].words] == [True, True, False, False, False, False]
    assert isinstance(signer, Block) and signer.style.size == 14.0 and len(signer.lines) == 2
    assert (
        isinstance(chapter, Block)
        and chapter.style.style_name == "Heading 3"
        and chapter.style.bold
    )


def test_table_spans_nested_and_hidden(tmp_path: Path) -> None:
    body = (
        "<table><tr><th>STT</th><th colspan='2'>Nhiệm vụ</th></tr>"
        "<tr><td rowspan='2'>1</td><td>Tuyên truyền</td>"
        "<td><table><tr><td>Sở Tư pháp</td></tr><tr><td>Sở Nội vụ</td></tr></table></td></tr>"
        "<tr><td>Giám sát<span style='display:none'> (ẩn)</span></td><td>Quý I</td></tr></table>"
    )
    (table,) = _items(html.read(_page(tmp_path, body)))
    assert isinstance(table, Table) and not table.borderless and table.finder == "markup"
    assert (table.n_rows, table.n_cols) == (3, 3)
    spans = {(c.row, c.col): (c.row_span, c.col_span, c.text) for c in table.cells}
    assert spans == {
        (0, 0): (1, 1, "STT"),
        (0, 1): (1, 2, "Nhiệm vụ"),
        (1, 0): (2, 1, "1"),
        (1, 1): (1, 1, "Tuyên truyền"),
        (1, 2): (1, 1, "Sở Tư pháp\nSở Nội vụ"),
        (2, 1): (1, 1, "Giám sát"),
        (2, 2): (1, 1, "Quý I"),
    }
    assert _at(table, 0, 0).bold is True  # <th>


def test_css_display_tables_merge_into_one_header(tmp_path: Path) -> None:
    cell = '<div style="display: table-cell; width: 50%; text-align: center;">{}</div>'
    body = (
        "<div>"
        '<div style="display: table; width: 100%">'
        + cell.format("<div>BỘ CÔNG THƯƠNG</div><div style='border-bottom: 1px solid'><br></div>")
        + cell.format("<div>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div>")
        + "</div>"
        '<div style="display: table; width: 100%">'
        + cell.format("Số: 56/2025/TT-BCT")
        + cell.format("Hà Nội, ngày 28 tháng 11 năm 2025")
        + "</div></div><p>THÔNG TƯ</p>"
    )
    header, title = _items(html.read(_page(tmp_path, body)))
    assert (
        isinstance(header, Table) and header.borderless and (header.n_rows, header.n_cols) == (2, 2)
    )
    assert [c.text for c in header.cells] == [
        "BỘ CÔNG THƯƠNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 56/2025/TT-BCT",
        "Hà Nội, ngày 28 tháng 11 năm 2025",
    ]
    assert _text(title) == "THÔNG TƯ"


def test_page_break_and_body_fallback(tmp_path: Path) -> None:
    body = "<p>Trang một</p><p style='page-break-before: always'>Phụ lục</p>"
    layout = html.read(_page(tmp_path, body, root=False))
    assert layout.metadata["content_root"] == "body"
    texts = [[_text(i) for i in page.items] for page in layout.pages]
    assert texts == [
        ["Tải về", "Trang một"],
        ["Phụ lục"],
    ]  # nav/footer skipped, not the toolbar div
    assert layout.pages[1].items[0].page == 2


def test_empty_page_refused(tmp_path: Path) -> None:
    with pytest.raises(EmptyFile):
        html.read(_page(tmp_path, "<p> </p>"))


def test_empty_and_oversized_files_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    with pytest.raises(EmptyFile, match=r"^the file is empty \(0 bytes\)$"):
        html.read(empty)
    page = _page(tmp_path, "<p>Căn cứ Luật Tổ chức Chính phủ</p>")
    size = page.stat().st_size
    monkeypatch.setattr(html, "MAX_HTML_BYTES", size - 1)
    with pytest.raises(TooLarge, match=rf"^HTML file of {size} bytes is above the {size - 1}-byte"):
        html.read(page)


# -- vbpl.vn snapshots -------------------------------------------------------------------------


def _preamble_basis(layout: LayoutDocument) -> list[str]:
    """'Căn cứ' blocks before the first Chương/Điều/Phần heading."""
    out = []
    for item in _items(layout):
        if isinstance(item, Block):
            if re.match(r"(Chương|Điều|Phần) [1IVX]", item.text):
                break
            if item.text.startswith("Căn cứ"):
                out.append(item.text)
    return out


def _derived_words(name: str) -> list[str]:
    return corpus_file(f"vbpl-html/derived_text/{name}.txt").read_text("utf-8").split()


def test_vbpl_079_seventeen_basis_lines_and_text_matches_derived() -> None:
    layout = html.read(corpus_file("vbpl-html/doc_000079.html"))
    basis = _preamble_basis(layout)
    assert len(basis) == 17
    assert basis[0] == "Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;"
    words = TextView.build(layout).text.split()
    derived = [w for w in _derived_words("doc_000079") if w != "|"]
    start = derived.index(words[0])
    assert derived[start : start + len(words)] == words  # same words, same order, nothing else


def test_vbpl_085_header_number() -> None:
    layout = html.read(corpus_file("vbpl-html/doc_000085.html"))
    header = _items(layout)[0]
    assert isinstance(header, Table) and header.borderless
    texts = [c.text for c in header.cells]
    assert "Nghị quyết số: 104/2025/UBTVQH15" in texts
    assert len(_preamble_basis(layout)) == 3


def test_vbpl_110_is_quyet_dinh_05_2026() -> None:
    layout = html.read(corpus_file("vbpl-html/doc_000110.html"))
    header = _items(layout)[0]
    assert isinstance(header, Table) and header.borderless
    assert _at(header, 1, 0).text == "Số: 05/2026/QĐ-TTg"
    blocks = [i for i in _items(layout) if isinstance(i, Block)]
    assert (
        blocks[0].text == "QUYẾT ĐỊNH"
        and blocks[0].style.bold
        and blocks[0].style.align == "center"
    )
    assert len(_preamble_basis(layout)) == 6
    signature = _items(layout)[-1]
    assert isinstance(signature, Table) and signature.borderless
    assert "KT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG" in signature.cells[1].text


def test_vbpl_738_css_header() -> None:
    layout = html.read(corpus_file("vbpl-html/doc_000738.html"))
    header = _items(layout)[0]
    assert isinstance(header, Table) and header.borderless and header.n_rows == 2
    assert "Số: 56/2025/TT-BCT" in [c.text for c in header.cells]
