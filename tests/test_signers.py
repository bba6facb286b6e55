"""vanban.parsers.signers: signature blocks and the "Nơi nhận:" list."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import corpus_file
from vanban.extract.markup import text as text_reader
from vanban.models.layout import BBox, Block, BlockStyle, Cell, LayoutDocument, Page, Table
from vanban.parsers.signers import is_name, parse_recipients, parse_signers
from vanban.parsers.textview import TextView


def _doc(*items: Block | Table) -> LayoutDocument:
    return LayoutDocument(format="docx", pages=[Page(number=1, items=list(items))])


def _body() -> Block:
    return Block(page=1, text="Điều 3. Các sở, ngành chịu trách nhiệm thi hành Quyết định này./.")


def _side_by_side(
    left: str,
    right: str,
    *,
    page: int = 1,
    left_bbox: BBox | None = None,
    right_bbox: BBox | None = None,
) -> Table:
    """A borderless one-row table of two cells: "Nơi nhận" or a signer left, a signer right."""
    return Table(
        page=page,
        n_rows=1,
        n_cols=2,
        borderless=True,
        cells=[
            Cell(row=0, col=0, text=left, bbox=left_bbox),
            Cell(row=0, col=1, text=right, bbox=right_bbox),
        ],
    )


def test_state_signature_table_with_recipients() -> None:
    table = _side_by_side(
        "Nơi nhận:\n- Thường trực Tỉnh ủy (b/c);\n- Như Điều 3;\n- Lưu: VT, VP.",
        "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n(Đã ký)\nNguyễn Văn An",
        left_bbox=(50, 600, 250, 700),
        right_bbox=(300, 600, 540, 720),
    )
    doc = _doc(_body(), table)
    view = TextView.build(doc)
    signers, warnings = parse_signers(doc, view)
    assert warnings == []
    assert len(signers) == 1
    s = signers[0]
    assert (s.authority, s.authority_raw) == ("KT", "TM. KT.")
    assert (s.organization, s.position, s.name) == (
        "ỦY BAN NHÂN DÂN",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Văn An",
    )
    assert (s.page, s.bbox) == (1, (300, 600, 540, 720))

    recipients, src, warnings = parse_recipients(doc, view)
    assert recipients == ["Thường trực Tỉnh ủy (b/c)", "Như Điều 3", "Lưu: VT, VP"]
    assert src is not None and src.page == 1 and src.bbox == (50, 600, 250, 700)
    assert src.span is not None and view.text[src.span[0] : src.span[1]].startswith("Nơi nhận:")
    assert warnings == []


def test_joint_blocks_side_by_side() -> None:
    table = _side_by_side(
        "BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY\nTRƯỞNG BAN\n\nVừ A Bằng",
        "ỦY BAN MTTQ VIỆT NAM TỈNH\nPHÓ CHỦ TỊCH THƯỜNG TRỰC\n\nLò Thị Minh Phượng",
        page=2,
        left_bbox=(50, 100, 280, 200),
        right_bbox=(300, 100, 540, 200),
    )
    doc = LayoutDocument(
        format="docx", pages=[Page(number=1, items=[_body()]), Page(number=2, items=[table])]
    )
    signers, _ = parse_signers(doc, TextView.build(doc))
    assert [(s.organization, s.position, s.name, s.authority, s.page) for s in signers] == [
        ("BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY", "TRƯỞNG BAN", "Vừ A Bằng", None, 2),
        ("ỦY BAN MTTQ VIỆT NAM TỈNH", "PHÓ CHỦ TỊCH THƯỜNG TRỰC", "Lò Thị Minh Phượng", None, 2),
    ]
    assert signers[1].bbox == (300, 100, 540, 200)


def test_seed_000_bold_blocks(seeds: Path) -> None:
    doc = text_reader.read(seeds / "000_45cfaa8f22359735.txt")
    view = TextView.build(doc)
    signers, warnings = parse_signers(doc, view)
    assert [(s.organization, s.position, s.name) for s in signers] == [
        ("BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY", "TRƯỞNG BAN", "Vừ A Bằng"),
        ("ỦY BAN MTTQ VIỆT NAM TỈNH", "PHÓ CHỦ TỊCH THƯỜNG TRỰC", "Lò Thị Minh Phượng"),
    ]
    assert warnings == []
    recipients, src, _ = parse_recipients(doc, view)
    assert recipients[0] == "Thường trực Tỉnh ủy (b/c)"
    assert recipients[-1] == "Lưu: VT BTGDVTU, MTTQ tỉnh"
    assert len(recipients) == 7
    assert src is not None


def test_seed_002_nested_authorities(seeds: Path) -> None:
    doc = text_reader.read(seeds / "002_f54b8a74f0f95ab3.txt")
    signers, _ = parse_signers(doc, TextView.build(doc))
    first, second = signers
    assert (first.authority, first.authority_raw) == ("KT", "T/M K/T")
    assert (first.organization, first.position) == ("BAN TUYÊN GIÁO THÀNH ỦY", "PHÓ TRƯỞNG BAN")
    assert (second.organization, second.name) == (
        "BAN THƯỜNG TRỰC ỦY BAN MTTQ VIỆT NAM TP",
        "Nguyễn Thị Vũ Hòa",
    )


def test_seed_004_side_notes_and_continuations(seeds: Path) -> None:
    doc = text_reader.read(seeds / "004_f5e8ff49677ca30b.txt")
    view = TextView.build(doc)
    signers, _ = parse_signers(doc, view)
    assert [s.name for s in signers] == ["Vũ Văn Tuấn", "Phan Thị Vi Vân"]
    assert signers[1].organization == "BTT ỦY BAN MTTQ VIỆT NAM TỈNH"
    recipients, _, _ = parse_recipients(doc, view)
    assert "Ban công tác phía Nam MTTW" in recipients
    assert (
        "Phòng Phòng Văn hóa và Thông tin cấp huyện "
        "(hoặc Trung tâm Văn hóa, Thông tin và Thể Thao huyện)"
    ) in recipients
    assert recipients[-1] == "Lưu: VT, MTTQ tỉnh, Sở TT&TT"


def test_flattened_signature_cell_and_inline_recipients() -> None:
    table = _side_by_side(
        "Nơi nhận: - Ban Bí thư Trung ương Đảng; - Thủ tướng, các Phó Thủ tướng "
        "Chính phủ; - Lưu: VT, KGVX (2b).",
        "TM. CHÍNH PHỦ KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG Trần Hồng Hà",
    )
    doc = _doc(_body(), table)
    view = TextView.build(doc)
    (s,), _ = parse_signers(doc, view)
    assert (s.authority_raw, s.organization, s.position, s.name) == (
        "TM. KT.",
        "CHÍNH PHỦ",
        "PHÓ THỦ TƯỚNG",
        "Trần Hồng Hà",
    )
    recipients, _, _ = parse_recipients(doc, view)
    assert recipients == [
        "Ban Bí thư Trung ương Đảng",
        "Thủ tướng, các Phó Thủ tướng Chính phủ",
        "Lưu: VT, KGVX (2b)",
    ]


def test_flattened_tl_block_splits_head_position() -> None:
    doc = _doc(
        _body(),
        Block(page=1, text="TL. BỘ TRƯỞNG VỤ TRƯỞNG VỤ KẾ HOẠCH - TÀI CHÍNH Phạm Quang Phụng"),
    )
    (s,), _ = parse_signers(doc, TextView.build(doc))
    assert (s.authority, s.position, s.name) == (
        "TL",
        "VỤ TRƯỞNG VỤ KẾ HOẠCH - TÀI CHÍNH",
        "Phạm Quang Phụng",
    )


def test_recipients_without_marks_one_per_line() -> None:
    doc = _doc(
        _body(),
        Block(page=1, text="Nơi nhận:"),
        Block(
            page=1,
            text="Ban Bí thư Trung ương Đảng (để b/c),\nBan cán sự đảng Chính phủ (để phối hợp),\n"
            "Lưu VPĐĐQH, Vụ KHCNMT.",
        ),
        Block(page=1, text="T/M ĐẢNG ĐOÀN QUỐC HỘI\nBÍ THƯ", style=BlockStyle(bold=True)),
        Block(page=1, text="Trần Thanh Mẫn"),
    )
    view = TextView.build(doc)
    recipients, _, _ = parse_recipients(doc, view)
    assert recipients == [
        "Ban Bí thư Trung ương Đảng (để b/c)",
        "Ban cán sự đảng Chính phủ (để phối hợp)",
        "Lưu VPĐĐQH, Vụ KHCNMT",
    ]
    (s,), _ = parse_signers(doc, view)
    assert (s.authority, s.organization, s.position, s.name) == (
        "TM",
        "ĐẢNG ĐOÀN QUỐC HỘI",
        "BÍ THƯ",
        "Trần Thanh Mẫn",
    )


def test_appendix_is_not_searched() -> None:
    doc = _doc(
        _body(),
        Block(page=1, text="TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"),
        Block(page=1, text="Hoàng Quốc Khánh"),
        Block(page=1, text="PHỤ LỤC I\nDANH SÁCH THÀNH VIÊN"),
        Block(page=1, text="TRƯỞNG BAN"),
        Block(page=1, text="Nguyễn Văn Bình"),
    )
    signers, _ = parse_signers(doc, TextView.build(doc))
    assert [s.name for s in signers] == ["Hoàng Quốc Khánh"]


def test_no_signature_warns() -> None:
    doc = _doc(_body(), Block(page=1, text="Trân trọng./."))
    signers, warnings = parse_signers(doc, TextView.build(doc))
    assert signers == []
    assert [w.code for w in warnings] == ["signers_not_found"]
    assert parse_recipients(doc, TextView.build(doc)) == ([], None, [])


def test_is_name() -> None:
    assert is_name("Vừ A Bằng") and is_name("Lò Thị Minh Phượng") and is_name("Nguyễn Xuân Phúc")
    assert not is_name("Nơi nhận") and not is_name("PHÓ CHỦ TỊCH") and not is_name("Trân trọng./.")
    assert not is_name("Nguyễn") and not is_name("Các phòng ban liên quan")


def test_docx_corpus_signature_table() -> None:
    from vanban.extract.markup import docx

    doc = docx.read(corpus_file("vanbanplus-nd30/30_2020_ND_CP.docx"))
    view = TextView.build(doc)
    signers, _ = parse_signers(doc, view)
    assert [(s.authority, s.organization, s.position, s.name) for s in signers] == [
        ("TM", "CHÍNH PHỦ", "THỦ TƯỚNG", "Nguyễn Xuân Phúc")
    ]
    recipients, _, _ = parse_recipients(doc, view)
    assert recipients[0] == "Ban Bí thư Trung ương Đảng"
    assert "Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ" in recipients
    assert recipients[-1].startswith("Lưu")


def test_pdf_names_below_signature_table_join_their_column() -> None:
    table = Table(
        page=5,
        n_rows=2,
        n_cols=2,
        borderless=True,
        finder="text",
        cells=[
            Cell(
                row=0,
                col=0,
                text="SỞ THÔNG TIN VÀ TRUYỀN\nTHÔNG\nGIÁM ĐỐC",
                bbox=(102, 584, 291, 630),
            ),
            Cell(
                row=0,
                col=1,
                text="TM. BTT ỦY BAN MTTQ VIỆT\nNAM TỈNH\nPHÓ CHỦ TỊCH",
                bbox=(331, 584, 529, 630),
            ),
            Cell(row=1, col=0, text="(Đã ký)", bbox=(175, 648, 217, 662)),
            Cell(row=1, col=1, text="(Đã ký)", bbox=(409, 648, 451, 662)),
        ],
    )
    doc = LayoutDocument(
        format="pdf",
        pages=[
            Page(
                number=5,
                width=595.0,
                height=842.0,
                items=[
                    Block(
                        page=5,
                        text="Trong quá trình thực hiện nếu có khó khăn, hai bên cùng trao đổi./.",
                        bbox=(85, 494, 552, 571),
                    ),
                    table,
                    Block(page=5, text="Vũ Văn Tuấn", bbox=(155.9, 713.3, 237.5, 727.3)),
                    Block(page=5, text="Phan Thị Vi Vân", bbox=(379.8, 713.3, 481.2, 727.3)),
                ],
            )
        ],
    )
    signers, _ = parse_signers(doc, TextView.build(doc))
    assert [(s.organization, s.position, s.name, s.authority) for s in signers] == [
        ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "GIÁM ĐỐC", "Vũ Văn Tuấn", None),
        ("BTT ỦY BAN MTTQ VIỆT NAM TỈNH", "PHÓ CHỦ TỊCH", "Phan Thị Vi Vân", "TM"),
    ]
    assert signers[0].bbox == (102, 584, 291, 727.3)  # the cell and the name below it


def test_task_table_cells_are_not_signatures() -> None:
    header = ["Stt", "Nội dung", "Thời gian", "Chủ trì", "Phối hợp"]
    row = ["1", "Tuyên truyền", "Quý I", "MTTQ", "Việt Nam"]
    cells = [
        Cell(row=r, col=c, text=t)
        for r, vals in enumerate([header, row])
        for c, t in enumerate(vals)
    ]
    doc = _doc(_body(), Table(page=1, n_rows=2, n_cols=5, cells=cells))
    signers, warnings = parse_signers(doc, TextView.build(doc))
    assert signers == [] and [w.code for w in warnings] == ["signers_not_found"]


def test_brace_labels_after_a_tab_are_not_part_of_an_entry() -> None:
    # seed 004: "- Ban công tác phía Nam MTTW;<tab>Để b/cáo", "- … cấp huyện;<tab>Thực
    # hiện": a label printed right of a brace that groups entries, not an entry's text;
    # "(b/c)" inside the entry (seed 000 "- Thường trực Tỉnh ủy (b/c);") is printed in it.
    doc = LayoutDocument(
        format="txt",
        pages=[
            Page(
                number=1,
                items=[
                    Block(
                        page=1,
                        text="Nơi nhận:\n- Ủy ban Trung ương MTTQVN;\n- Ban công tác phía Nam MTTW"
                        "\tĐể b/cáo\n- Thường trực Tỉnh ủy (b/c);\n- UBND tỉnh;\tThực hiện\n- Lưu: VT.",
                    ),
                ],
            )
        ],
    )
    recipients, _, _ = parse_recipients(doc, TextView.build(doc))
    assert recipients == [
        "Ủy ban Trung ương MTTQVN",
        "Ban công tác phía Nam MTTW",
        "Thường trực Tỉnh ủy (b/c)",
        "UBND tỉnh",
        "Lưu: VT",
    ]


@pytest.mark.parametrize("ext", ["docx", "pdf", "txt"])
def test_seed_004_recipients_match_gold_in_every_format(ext: str) -> None:
    import json

    from vanban.pipeline import extract_document

    root = Path(__file__).resolve().parents[1] / "samples"
    gold = json.loads((root / "gold" / "seed004.json").read_text(encoding="utf-8"))
    doc = extract_document(next((root / "seed004").glob(f"*.{ext}")))
    assert doc.recipients == gold["recipients"]
    assert not any("b/cáo" in r or r.endswith("Thực hiện") for r in doc.recipients)
