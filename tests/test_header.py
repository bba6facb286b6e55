"""vanban.parsers.header: issuing body, number, place and date, type, title, body_start."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import corpus_file
from vanban.extract.markup import text as text_reader
from vanban.models.layout import Block, BlockStyle, Cell, LayoutDocument, Line, Page, Table
from vanban.parsers.header import (
    Header,
    TextLine,
    match_type_line,
    parse_header,
    split_pieces,
    sub_line,
)
from vanban.parsers.textview import TextView

TITLE_STYLE = BlockStyle(bold=True, align="center")


def _doc(*items: Block | Table, fmt: str = "docx") -> LayoutDocument:
    return LayoutDocument(format=fmt, pages=[Page(number=1, items=list(items))])


def _header_table(left: str, right: str, **kw: object) -> Table:
    return Table(
        page=1,
        n_rows=1,
        n_cols=2,
        borderless=True,
        cells=[Cell(row=0, col=0, text=left), Cell(row=0, col=1, text=right)],
        **kw,
    )


def _parse(doc: LayoutDocument) -> tuple[Header, TextView]:
    view = TextView.build(doc)
    return parse_header(doc, view), view


def _at(view: TextView, h: Header, field: str) -> str:
    span = h.sources[field].span
    assert span is not None
    return view.text[span[0] : span[1]]


def test_party_header() -> None:
    doc = _doc(
        _header_table(
            "TỈNH ỦY ĐIỆN BIÊN\nBAN TUYÊN GIÁO VÀ DÂN VẬN\n*\nSố 21-NQ/TU",
            "ĐẢNG CỘNG SẢN VIỆT NAM\nĐiện Biên, ngày 12 tháng 3 năm 2026",
        ),
        Block(page=1, text="NGHỊ QUYẾT", style=TITLE_STYLE),
        Block(page=1, text="về nâng cao hiệu quả công tác tuyên giáo", style=TITLE_STYLE),
        Block(page=1, text="Căn cứ Điều lệ Đảng Cộng sản Việt Nam;"),
    )
    h, view = _parse(doc)
    assert h.issuers == ["BAN TUYÊN GIÁO VÀ DÂN VẬN"]
    assert h.issuer_parent == "TỈNH ỦY ĐIỆN BIÊN"
    assert h.number is not None and h.number.canonical == "21-NQ/TU"
    assert h.number.raw == "Số 21-NQ/TU" and h.number.page == 1
    assert (h.place, h.date, h.date_raw) == ("Điện Biên", "2026-03-12", "ngày 12 tháng 3 năm 2026")
    assert (h.doc_type, h.doc_type_raw) == ("Nghị quyết", "NGHỊ QUYẾT")
    assert h.title == "về nâng cao hiệu quả công tác tuyên giáo"
    assert view.text[h.body_start :].lstrip().startswith("Căn cứ Điều lệ")
    assert _at(view, h, "number") == "Số 21-NQ/TU"
    assert _at(view, h, "place") == "Điện Biên"
    assert _at(view, h, "date") == "ngày 12 tháng 3 năm 2026"
    assert _at(view, h, "doc_type") == "NGHỊ QUYẾT"
    assert _at(view, h, "title") == h.title
    assert _at(view, h, "issuers").startswith("TỈNH ỦY ĐIỆN BIÊN")
    assert h.warnings == []


def test_state_header_with_boxes_and_authority_line() -> None:
    left = Cell(
        row=0,
        col=0,
        text="ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\nSố: 254/QĐ-UBND",
        lines=[
            Line(text="ỦY BAN NHÂN DÂN", bbox=(60, 50, 200, 62)),
            Line(text="TỈNH SƠN LA", bbox=(85, 64, 175, 76)),
            Line(text="Số: 254/QĐ-UBND", bbox=(70, 90, 190, 102)),
        ],
        bbox=(55, 45, 210, 105),
    )
    right = Cell(
        row=0,
        col=1,
        text="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Sơn La, ngày 17 tháng 02 năm 2023",
        lines=[
            Line(text="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bbox=(250, 50, 540, 62)),
            Line(text="Độc lập - Tự do - Hạnh phúc", bbox=(300, 64, 490, 76)),
            Line(text="Sơn La, ngày 17 tháng 02 năm 2023", bbox=(300, 90, 520, 102)),
        ],
        bbox=(245, 45, 545, 105),
    )
    table = Table(page=1, n_rows=1, n_cols=2, borderless=True, finder="text", cells=[left, right])
    doc = _doc(
        table,
        Block(page=1, text="QUYẾT ĐỊNH", bbox=(260, 130, 340, 142), style=TITLE_STYLE),
        Block(
            page=1,
            text="Về việc ban hành Kế hoạch thực hiện công tác bảo vệ\nbí mật nhà nước năm 2023",
            style=TITLE_STYLE,
            lines=[
                Line(
                    text="Về việc ban hành Kế hoạch thực hiện công tác bảo vệ",
                    bbox=(120, 146, 480, 158),
                ),
                Line(text="bí mật nhà nước năm 2023", bbox=(220, 160, 380, 172)),
            ],
        ),
        Block(page=1, text="CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH SƠN LA", style=TITLE_STYLE),
        Block(page=1, text="Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"),
        fmt="pdf",
    )
    h, view = _parse(doc)
    assert h.issuers == ["ỦY BAN NHÂN DÂN TỈNH SƠN LA"]
    assert h.issuer_parent is None
    assert h.number is not None and h.number.canonical == "254/QĐ-UBND"
    assert h.number.bbox == (70, 90, 190, 102)
    assert (h.place, h.date) == ("Sơn La", "2023-02-17")
    assert h.sources["date"].bbox == (300, 90, 520, 102)
    assert h.doc_type == "Quyết định"
    assert h.title == "Về việc ban hành Kế hoạch thực hiện công tác bảo vệ bí mật nhà nước năm 2023"
    assert h.sources["title"].bbox == (120, 146, 480, 172)
    assert h.sources["issuers"].bbox == (60, 50, 200, 76)
    assert view.text[h.body_start :].lstrip().startswith("CHỦ TỊCH ỦY BAN")


def test_cong_van_vv_title_and_type_from_grammar() -> None:
    doc = _doc(
        _header_table(
            "BỘ TÀI CHÍNH\nSố: 2450/BTC-NSNN\nV/v đề xuất hoán đổi\nngày làm việc năm 2024",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHà Nội, ngày 12 tháng 4 năm 2024",
        ),
        Block(page=1, text="Kính gửi: Các bộ, cơ quan ngang bộ"),
    )
    h, view = _parse(doc)
    assert h.doc_type == "Công văn" and h.doc_type_raw is None
    assert h.number is not None and h.number.type_code is None
    assert h.title == "V/v đề xuất hoán đổi ngày làm việc năm 2024"
    assert h.issuers == ["BỘ TÀI CHÍNH"]
    assert h.date == "2024-04-12"
    assert view.text[h.body_start :].lstrip().startswith("Kính gửi")


def test_draft_with_blank_number_and_date() -> None:
    doc = _doc(
        _header_table(
            "ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU\nSố:       /QĐ-UBND",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Lai Châu, ngày      tháng      năm 2025",
        ),
        Block(page=1, text="QUYẾT ĐỊNH", style=TITLE_STYLE),
        Block(page=1, text="Về việc công bố danh mục thủ tục hành chính", style=TITLE_STYLE),
        Block(page=1, text="CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAI CHÂU", style=TITLE_STYLE),
    )
    h, _ = _parse(doc)
    assert h.number is None and h.date is None
    assert h.place == "Lai Châu"
    assert h.date_raw is not None and h.date_raw.endswith("năm 2025")
    codes = {w.code for w in h.warnings}
    assert codes == {"number_blank", "date_blank"}
    assert h.doc_type == "Quyết định"
    assert h.title == "Về việc công bố danh mục thủ tục hành chính"


def test_normative_number_with_type_word_prefix() -> None:
    doc = _doc(
        Block(page=1, text="ỦY BAN THƯỜNG VỤ QUỐC HỘI\nNghị quyết số: 104/2025/UBTVQH15"),
        Block(page=1, text="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"),
        Block(page=1, text="Hà Nội, ngày 26 tháng 9 năm 2025"),
        Block(page=1, text="NGHỊ QUYẾT\nVỀ VIỆC SẮP XẾP CÁC ĐƠN VỊ HÀNH CHÍNH CẤP XÃ"),
        Block(page=1, text="ỦY BAN THƯỜNG VỤ QUỐC HỘI"),
        Block(page=1, text="Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;"),
        fmt="html",
    )
    h, view = _parse(doc)
    assert h.number is not None
    assert (h.number.canonical, h.number.grammar) == ("104/2025/UBTVQH15", "normative")
    assert h.number.raw == "Nghị quyết số: 104/2025/UBTVQH15"
    assert h.issuers == ["ỦY BAN THƯỜNG VỤ QUỐC HỘI"]
    assert h.doc_type == "Nghị quyết"
    assert h.title == "VỀ VIỆC SẮP XẾP CÁC ĐƠN VỊ HÀNH CHÍNH CẤP XÃ"
    assert view.text[h.body_start :].lstrip().startswith("ỦY BAN THƯỜNG VỤ QUỐC HỘI")


def test_doc_type_from_number_code_when_type_line_missing() -> None:
    doc = _doc(
        Block(page=1, text="Số 21-KH/TU"),
        Block(page=1, text="Căn cứ Điều lệ Đảng;"),
        fmt="txt",
    )
    h, _ = _parse(doc)
    assert h.doc_type == "Kế hoạch" and h.doc_type_raw is None
    assert h.sources["doc_type"] == h.sources["number"]
    assert h.title is None


def test_plain_text_header_in_two_columns() -> None:
    doc = _doc(
        Block(
            page=1,
            text="ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "TỈNH SƠN LA          Độc lập - Tự do - Hạnh phúc\n"
            "Số: 12/KH-UBND          Sơn La, ngày 23 tháng 6 năm 2026",
        ),
        Block(page=1, text="KẾ HOẠCH\nTriển khai công tác dân vận năm 2026"),
        Block(page=1, text="Thực hiện Chương trình công tác năm 2026;"),
        fmt="txt",
    )
    h, view = _parse(doc)
    assert h.issuers == ["ỦY BAN NHÂN DÂN TỈNH SƠN LA"]
    assert h.number is not None and h.number.canonical == "12/KH-UBND"
    assert (h.place, h.date) == ("Sơn La", "2026-06-23")
    assert (h.doc_type, h.title) == ("Kế hoạch", "Triển khai công tác dân vận năm 2026")
    assert _at(view, h, "place") == "Sơn La"


def test_joint_issuers_from_title_when_header_has_none(seeds: Path) -> None:
    doc = text_reader.read(seeds / "000_45cfaa8f22359735.txt")
    h, view = _parse(doc)
    assert h.number is not None and h.number.canonical == "15-CTr/BTGDVTU-UBMTTQ"
    assert (h.doc_type, h.doc_type_raw) == ("Chương trình phối hợp", "CHƯƠNG TRÌNH PHỐI HỢP")
    assert h.title is not None and h.title.startswith("giữa Ban Tuyên giáo và Dân vận Tỉnh ủy với")
    assert h.title.endswith("dân vận năm 2026") and "\n" not in h.title
    assert h.issuers == [
        "Ban Tuyên giáo và Dân vận Tỉnh ủy",
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
    ]
    assert view.text[h.body_start :].lstrip().startswith("Căn cứ Quyết định số 329-QĐ/TW")


def test_seed_without_header_block_takes_type_and_title(seeds: Path) -> None:
    doc = text_reader.read(seeds / "004_f5e8ff49677ca30b.txt")
    h, view = _parse(doc)
    assert h.number is None
    assert (h.doc_type, h.doc_type_raw) == (
        "Chương trình phối hợp công tác",
        "CHƯƠNG TRÌNH PHỐI HỢP CÔNG TÁC",
    )
    assert h.issuers == [
        "Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh",
        "Sở Thông tin và Truyền thông",
    ]
    assert view.text[h.body_start :].lstrip().startswith("Căn cứ Luật Mặt trận")


def test_match_type_line_and_pieces() -> None:
    assert match_type_line("NGHỊ QUYẾT") == ("Nghị quyết", "NGHỊ QUYẾT", "")
    assert match_type_line("THÔNG BÁO KẾT LUẬN") == ("Thông báo kết luận", "THÔNG BÁO KẾT LUẬN", "")
    assert match_type_line("KẾ HOẠCH TỔ CHỨC HỘI NGHỊ") == (
        "Kế hoạch",
        "KẾ HOẠCH",
        "TỔ CHỨC HỘI NGHỊ",
    )
    assert match_type_line("QUYẾT ĐỊNH:") is None
    assert match_type_line("Quyết định") is None
    line = TextLine("Số: 2638/LĐTBXH-KHTC V/v xây dựng dự toán", 10, 51, 1, None, 0)
    assert [(p.text, p.start) for p in split_pieces(line)] == [
        ("Số: 2638/LĐTBXH-KHTC", 10),
        ("V/v xây dựng dự toán", 31),
    ]


def test_docx_corpus_header() -> None:
    from vanban.extract.markup import docx

    path = corpus_file("vanbanplus-nd30/30_2020_ND_CP.docx")
    doc = docx.read(path)
    h, _ = _parse(doc)
    assert h.issuers == ["CHÍNH PHỦ"]
    assert h.number is not None and h.number.canonical == "30/2020/NĐ-CP"
    assert (h.place, h.date, h.doc_type) == ("Hà Nội", "2020-03-05", "Nghị định")
    assert h.title == "Về công tác văn thư"


def test_markdown_corpus_cong_van() -> None:
    from vanban.extract.markup import markdown

    doc = markdown.read(corpus_file("congbot/thuvienphapluat_md/file_data_16.md"))
    h, view = _parse(doc)
    assert h.doc_type == "Công văn"
    assert h.number is not None and h.number.canonical == "2638/LĐTBXH-KHTC"
    assert h.title is not None and h.title.startswith("V/v xây dựng dự toán")
    assert h.date == "2019-07-03"
    assert view.text[h.body_start :].lstrip().startswith("Kính gửi")


def test_markdown_corpus_party_parent() -> None:
    from vanban.extract.markup import markdown

    doc = markdown.read(corpus_file("vnmasterplan/CTHD.md"))
    h, _ = _parse(doc)
    assert h.issuers == ["ĐẢNG ĐOÀN QUỐC HỘI"]
    assert h.issuer_parent == "BAN CHẤP HÀNH TRUNG ƯƠNG"
    assert h.number is not None and h.number.canonical == "3260-KH/ĐĐQH15"
    assert h.doc_type == "Kế hoạch" and h.date == "2025-01-10"


def test_annex_without_header_gives_no_issuers_or_date() -> None:
    doc = _doc(
        Block(page=1, text="PHỤ LỤC I\nMỨC HƯỞNG TRỢ CẤP, PHỤ CẤP ƯU ĐÃI HẰNG THÁNG"),
        Block(
            page=1,
            text="(Kèm theo Nghị định số 55/2023/NĐ-CP ngày 21 tháng 7 năm 2023 của Chính phủ)",
        ),
        fmt="pdf",
    )
    h, _ = _parse(doc)
    assert (h.issuers, h.date, h.number, h.doc_type, h.title) == ([], None, None, None, None)


def test_date_line_alone_and_date_inside_sentence() -> None:
    alone = _doc(
        Block(page=1, text="Số 5-TB/TU"), Block(page=1, text="ngày 02 tháng 01 năm 2026"), fmt="txt"
    )
    h, _ = _parse(alone)
    assert (h.place, h.date) == (None, "2026-01-02")
    sentence = _doc(
        Block(page=1, text="Số 5-TB/TU"),
        Block(
            page=1,
            text="Căn cứ Kết luận của Ban Thường vụ ngày 02 tháng 01 năm 2026 về công tác cán bộ;",
        ),
        fmt="txt",
    )
    h, _ = _parse(sentence)
    assert h.date is None and h.date_raw is None


def test_invalid_date_is_reported_not_invented() -> None:
    doc = _doc(_header_table("BỘ Y TẾ\nSố: 12/QĐ-BYT", "Hà Nội, ngày 31 tháng 02 năm 2026"))
    h, _ = _parse(doc)
    assert h.date is None and h.date_raw == "ngày 31 tháng 02 năm 2026"
    assert [w.code for w in h.warnings] == ["invalid_date"]


def _words_line(*words: tuple[str, float]) -> Line:
    """A PDF line from (word, x0) pairs, 6 points per character."""
    from vanban.models.layout import Word

    ws = [Word(text=t, bbox=(x, 56.0, x + 6 * len(t), 69.0)) for t, x in words]
    return Line(
        text=" ".join(w.text for w in ws),
        bbox=(ws[0].bbox[0], 56.0, ws[-1].bbox[2], 69.0),  # type: ignore[index]
        words=ws,
    )


def test_pdf_line_spanning_both_columns_is_cut_at_the_gap() -> None:
    first = _words_line(
        ("BAN", 87),
        ("THƯỜNG", 111),
        ("TRỰC", 153),
        ("ỦY", 183),
        ("BAN", 201),
        ("CỘNG", 312),
        ("HÒA", 342),
        ("XÃ", 366),
        ("HỘI", 381),
        ("CHỦ", 402),
        ("NGHĨA", 426),
        ("VIỆT", 462),
    )
    block = Block(page=1, text=first.text, lines=[first], bbox=first.bbox)
    table = Table(
        page=1,
        n_rows=1,
        n_cols=2,
        borderless=True,
        finder="text",
        cells=[
            Cell(
                row=0,
                col=0,
                text="MTTQ VIỆT NAM THÀNH\nPHỐ TAM KỲ\nBAN TUYÊN GIÁO THÀNH ỦY\nTAM KỲ\n"
                "Số: 08/CTrPH-MTTQ-BTGTU",
            ),
            Cell(
                row=0,
                col=1,
                text="NAM\nĐộc lập - Tự do - Hạnh phúc\nTam Kỳ, ngày 15 tháng 3 năm 2023",
            ),
        ],
    )
    doc = LayoutDocument(
        format="pdf",
        pages=[
            Page(
                number=1,
                width=595.0,
                height=842.0,
                items=[
                    block,
                    table,
                    Block(page=1, text="CHƯƠNG TRÌNH PHỐI HỢP"),
                    Block(
                        page=1,
                        text="Giữa Ban Thường trực Ủy ban MTTQ Việt Nam thành phố với Ban Tuyên giáo Thành ủy",
                    ),
                ],
            )
        ],
    )
    h, view = _parse(doc)
    assert h.issuers == [
        "BAN THƯỜNG TRỰC ỦY BAN MTTQ VIỆT NAM THÀNH PHỐ TAM KỲ",
        "BAN TUYÊN GIÁO THÀNH ỦY TAM KỲ",
    ]
    assert h.issuer_parent is None
    assert (h.place, h.date) == ("Tam Kỳ", "2023-03-15")
    assert h.sources["issuers"].bbox is not None and h.sources["issuers"].bbox[2] < 300


def test_joint_party_number_keeps_both_bodies_as_issuers() -> None:
    doc = _doc(
        _header_table(
            "TỈNH ỦY ĐIỆN BIÊN\nỦY BAN MTTQ VIỆT NAM TỈNH\n*\nSố 15-CTr/TU-MTTQ",
            "ĐẢNG CỘNG SẢN VIỆT NAM\nĐiện Biên, ngày 25 tháng 02 năm 2026",
        ),
        Block(page=1, text="CHƯƠNG TRÌNH PHỐI HỢP", style=TITLE_STYLE),
    )
    h, _ = _parse(doc)
    assert h.issuers == ["TỈNH ỦY ĐIỆN BIÊN", "ỦY BAN MTTQ VIỆT NAM TỈNH"]
    assert h.issuer_parent is None


@pytest.mark.parametrize(
    ("name", "doc_type", "number", "date", "issuer"),
    [
        ("doc_000005", "Thông tư", "06/2026/TT-BXD", "2026-02-13", "BỘ XÂY DỰNG"),
        ("doc_000079", "Nghị định", "242/2025/NĐ-CP", "2025-09-10", "CHÍNH PHỦ"),
        ("doc_000110", "Quyết định", "05/2026/QĐ-TTg", "2026-01-27", "THỦ TƯỚNG CHÍNH PHỦ"),
        ("doc_000738", "Thông tư", "56/2025/TT-BCT", "2025-11-28", "BỘ CÔNG THƯƠNG"),
    ],
)
def test_vbpl_derived_text_skips_the_page_chrome_before_the_header(
    name: str, doc_type: str, number: str, date: str, issuer: str
) -> None:
    # vbpl-html/derived_text/*.txt: the site's menu and breadcrumb ("VĂN BẢN PHÁP LUẬT
    # TRUNG ƯƠNG", "Thông tư số 06/2026/TT-BXD Công bố …") come before the header table.
    doc = text_reader.read(corpus_file(f"vbpl-html/derived_text/{name}.txt"))
    h, _ = _parse(doc)
    assert (h.doc_type, h.number.canonical if h.number else None, h.date) == (
        doc_type,
        number,
        date,
    )
    assert h.issuers == [issuer]


def test_sub_line_keeps_the_place_of_the_stripped_text() -> None:
    line = TextLine(
        "TM. BAN CHẤP HÀNH  Bí thư ", 10, 36, 2, (1, 2, 3, 4), 7, 1, (0, 1), True, "center"
    )
    sub = sub_line(line, 18, 26)
    assert sub == TextLine("Bí thư", 29, 35, 2, (1, 2, 3, 4), 7, 1, (0, 1), True, "center")
    assert line.text[sub.start - line.start : sub.end - line.start] == "Bí thư"
    assert sub_line(line, 17, 19) is None  # only spaces


def test_unreadable_day_keeps_the_place_and_gives_no_date() -> None:
    """mineru 1.pdf's scan: the day "11" (filled in by hand or machine) is read "II" and
    the month not at all. The place stays; the date is null with a warning, no guess."""
    doc = _doc(
        _header_table(
            "ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\nSố: 2307 /QĐ-UBND",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Sơn La, ngày II tháng năm 2025",
        ),
        Block(page=1, text="QUYẾT ĐỊNH", style=TITLE_STYLE),
        Block(page=1, text="Ban hành Kế hoạch tổng kết", style=TITLE_STYLE),
    )
    h, view = _parse(doc)
    assert h.place == "Sơn La" and _at(view, h, "place") == "Sơn La"
    assert h.date is None and h.date_raw == "ngày II tháng năm 2025"
    assert _at(view, h, "date") == "ngày II tháng năm 2025"
    assert [w.code for w in h.warnings] == ["date_unreadable"]
    assert h.number is not None and h.number.canonical == "2307/QĐ-UBND"


def test_a_date_inside_a_sentence_is_still_not_the_header_date() -> None:
    doc = _doc(
        _header_table("BỘ TƯ PHÁP\nSố: 12/BC-BTP", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        Block(page=1, text="Hội nghị họp ngày hôm qua, tháng này, năm nay", style=TITLE_STYLE),
    )
    h, _ = _parse(doc)
    assert h.place is None and h.date is None
    assert not any(w.code == "date_unreadable" for w in h.warnings)


def test_blank_day_on_a_scan_is_unreadable_not_a_draft_gap() -> None:
    """On an OCR page a blank number or day is handwriting that was not read (06-bct,
    255-nn): the warning says so; on a typed page it is a draft's blank."""
    header = _header_table(
        "BỘ CÔNG THƯƠNG\nSố:       /2024/TT-BCT",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHà Nội, ngày      tháng 4 năm 2024",
    )
    title = [Block(page=1, text="THÔNG TƯ", style=TITLE_STYLE)]
    scanned = LayoutDocument(
        format="pdf", pages=[Page(number=1, items=[header, *title], text_source="ocr")]
    )
    h, _ = _parse(scanned)
    assert h.date is None and h.number is None and h.place == "Hà Nội"
    # the type name has no title under it: that is said too
    assert {w.code for w in h.warnings} == {
        "number_unreadable",
        "date_unreadable",
        "title_not_found",
    }
    typed, _ = _parse(_doc(header, *title, fmt="pdf"))
    assert {w.code for w in typed.warnings} == {"number_blank", "date_blank", "title_not_found"}


def _scan_title_page(text_source: str) -> LayoutDocument:
    centred = BlockStyle(bold=False, align="center")
    left = BlockStyle(bold=False, align="left")

    def line(text: str, x0: float, x1: float, y: float, style: BlockStyle) -> Block:
        return Block(page=1, text=text, style=style, bbox=(x0, y, x1, y + 13))

    items: list[Block | Table] = [
        _header_table("THỦ TƯỚNG CHÍNH PHỦ\nSố: 299/QĐ-TTg", "Hà Nội, ngày 10 tháng 4 năm 2024"),
        line("QUYẾT ĐỊNH", 260, 340, 150, centred),
        line("Ban hành Danh mục và phân công cơ quan chủ trì soạn thảo", 136, 502, 170, centred),
        line("văn bản quy định chi tiết thi hành Luật Đất đai", 86, 537, 184, left),
        line("được Quốc hội khóa XV thông qua", 102, 528, 200, centred),
        line("THỦ TƯỚNG CHÍNH PHỦ", 233, 405, 254, centred),
    ]
    page = Page(number=1, width=595.0, height=842.0, items=items, text_source=text_source)
    return LayoutDocument(format="pdf", pages=[page])


def test_scanned_title_lines_in_separate_blocks_are_one_title() -> None:
    """299-ttg's scan: OCR gives each title line a block, the widest reads left-aligned."""
    h, _ = _parse(_scan_title_page("ocr"))
    assert h.title == (
        "Ban hành Danh mục và phân công cơ quan chủ trì soạn thảo văn bản quy định chi tiết "
        "thi hành Luật Đất đai được Quốc hội khóa XV thông qua"
    )
    typed, _ = _parse(_scan_title_page("native"))  # typed pages keep the style rule
    assert typed.title == "Ban hành Danh mục và phân công cơ quan chủ trì soạn thảo"


def _scan_plan_page(*, with_title: bool) -> LayoutDocument:
    """g.pdf's layout: a Kế hoạch whose title opens with "Thực hiện", like its preamble."""
    plain = BlockStyle(bold=False, align="left")

    def line(text: str, x0: float, x1: float, y: float) -> Block:
        return Block(page=1, text=text, style=plain, bbox=(x0, y, x1, y + 14))

    title = [
        line("Thực hiện công tác dân vận và dân chủ ở cơ sở trên địa bàn", 139, 494, 156),
        line("thành phố Cần Thơ từ nay đến cuối năm 2025", 180, 453, 169),
    ]
    items: list[Block | Table] = [
        _header_table(
            "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CẦN THƠ\nSố: 70/KH-UBND",
            "Cần Thơ, ngày 15 tháng 9 năm 2025",
        ),
        line("KẾ HOẠCH", 279, 354, 138),
        *(title if with_title else []),
        line("Thực hiện Luật Thực hiện dân chủ ở cơ sở ngày 10 tháng 11 năm 2022;", 126, 542, 210),
        line(
            "Ủy ban nhân dân thành phố Cần Thơ ban hành Kế hoạch thực hiện công tác", 126, 542, 310
        ),
        line(
            "dân vận và dân chủ ở cơ sở trên địa bàn thành phố Cần Thơ từ nay đến cuối",
            90,
            542,
            326,
        ),
        line("năm 2025, cụ thể như sau:", 90, 208, 342),
    ]
    page = Page(number=1, width=596.0, height=841.0, items=items, text_source="ocr")
    return LayoutDocument(format="pdf", pages=[page])


def test_scanned_title_opening_like_a_preamble_is_the_title_when_centred() -> None:
    """A scan has no bold: "Thực hiện công tác …" printed centred under "KẾ HOẠCH", short
    of the right edge, is the title; the indented preamble line "Thực hiện Luật …;" (nearly
    centred too, but running to the right edge and ending with ";") never is."""
    h, _ = _parse(_scan_plan_page(with_title=True))
    assert h.title == (
        "Thực hiện công tác dân vận và dân chủ ở cơ sở trên địa bàn thành phố Cần Thơ từ nay "
        "đến cuối năm 2025"
    )
    bare, _ = _parse(_scan_plan_page(with_title=False))
    assert bare.title is None
    assert "title_not_found" in {w.code for w in bare.warnings}


def test_a_date_line_cut_at_its_blank_day_is_one_line_again() -> None:
    """kh-753's scan: the day left blank for a hand is so wide that the line came out as
    two columns ("Thành phố Hồ Chí Minh, ngày" | "tháng 6 năm 2026"); the place is read
    from the line joined again, and the date is unreadable, not invented."""
    items: list[Block | Table] = [
        _header_table("BỘ CÔNG THƯƠNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        Block(page=1, text="TRƯỜNG ĐẠI HỌC CÔNG THƯƠNG"),
        Block(page=1, text="Thành phố Hồ Chí Minh, ngày\t\ttháng 6 năm 2026"),
        Block(page=1, text="Số:     /KH-DCT"),
        Block(page=1, text="KẾ HOẠCH"),
        Block(page=1, text="Khảo sát chỉ số hài lòng năm 2026"),
    ]
    page = Page(number=1, items=items, text_source="ocr")
    h, view = _parse(LayoutDocument(format="pdf", pages=[page]))
    assert h.place == "Thành phố Hồ Chí Minh"
    assert _at(view, h, "place") == "Thành phố Hồ Chí Minh"
    assert h.date is None
    assert "date_unreadable" in {w.code for w in h.warnings}


def test_a_scanned_number_line_reduced_to_its_codes_is_no_issuer_line() -> None:
    """153-tb-vpcp: a receipt stamp crossed out "Số: 153/"; OCR read only "TB-VPCP" under
    "VĂN PHÒNG CHÍNH PHỦ". It is the number's line (null, ``number_unreadable``), not part
    of the issuer's name."""
    header = _header_table(
        "VĂN PHÒNG CHÍNH PHỦ\nTB-VPCP",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHà Nội, ngày 10 tháng 4 năm 2024",
    )
    title = [Block(page=1, text="THÔNG BÁO"), Block(page=1, text="Kết luận của Phó Thủ tướng")]
    page = Page(number=1, items=[header, *title], text_source="ocr")
    h, _ = _parse(LayoutDocument(format="pdf", pages=[page]))
    assert h.issuers == ["VĂN PHÒNG CHÍNH PHỦ"]
    assert h.number is None
    assert "number_unreadable" in {w.code for w in h.warnings}
