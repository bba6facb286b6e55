"""vanban.parsers.legal_basis: preamble bases and references, on constructed and real texts.

Views are built here from Blocks (one per paragraph), not from the readers.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

import vanban.parsers.legal_basis as legal_basis_mod
from tests.conftest import SEEDS, corpus_file
from vanban.models.document import Citation
from vanban.models.layout import Block, LayoutDocument, Line, Page, Table
from vanban.parsers.legal_basis import find_preamble, parse_legal_basis
from vanban.parsers.numbers import parse_number
from vanban.parsers.textview import TextView


def view_of(text: str, *, per_line: bool = False, pages: list[str] | None = None) -> TextView:
    """Blocks from paragraphs (or lines); ``pages`` gives several pages of text."""
    page_texts = pages if pages is not None else [text]
    out = []
    for n, page_text in enumerate(page_texts, start=1):
        parts = page_text.split("\n") if per_line else re.split(r"\n\s*\n", page_text)
        blocks: list[Block | Table] = [
            Block(text=p, page=n, lines=[Line(text=ln) for ln in p.split("\n")])
            for p in parts
            if p.strip()
        ]
        out.append(Page(number=n, items=blocks))
    return TextView.build(LayoutDocument(format="txt", pages=out))


def after(text: str, marker: str) -> int:
    return text.index(marker) + len(marker)


def seed(prefix: str) -> str:
    path = next(Path(SEEDS).glob(f"{prefix}_*.txt"), None)
    if path is None:
        import pytest

        pytest.skip(f"seed {prefix} not available")
    return path.read_text(encoding="utf-8")


def summary(cs: list[Citation]) -> list[tuple[str | None, str | None, str | None]]:
    return [(c.number, c.date, c.issuer) for c in cs]


# -- seeds ------------------------------------------------------------------------------


def test_seed_000_six_bases() -> None:
    view = view_of(seed("000"))
    body_start = after(view.text, "công tác tuyên giáo và dân vận năm 2026")
    own = parse_number("Số: 15 -CTr/BTGDVTU-UBMTTQ")
    basis, refs, warnings = parse_legal_basis(
        view, body_start=body_start, doc_date="2026-03-01", doc_number=own
    )
    assert summary(basis) == [
        ("329-QĐ/TW", "2025-06-13", "Ban Bí thư"),
        ("301-QĐ/TW", "2025-06-09", "Ban Bí thư"),
        ("720-QĐ/TU", "2026-02-13", "Ban Thường vụ Tỉnh ủy"),
        ("49-QĐ/TU", "2025-09-26", "Ban Thường vụ Tỉnh ủy"),
        ("6566-QĐ/TU", "2025-06-19", "Ban Thường vụ Tỉnh ủy"),
        ("720-QĐ/TU", "2026-02-13", "Ban Thường vụ Tỉnh ủy"),
    ]
    assert [b.doc_type for b in basis] == ["Quyết định"] * 2 + ["Quy chế"] + ["Quyết định"] * 3
    assert basis[2].name is not None and basis[2].name.startswith("Quy chế phối hợp giữa")
    assert basis[2].number_raw == "720 -QĐ/TU" and basis[2].type_code == "QĐ"
    assert all(b.verb == "Căn cứ" and b.page == 1 for b in basis)
    for b in basis:
        assert b.span is not None
        assert " ".join(view.text[b.span[0] : b.span[1]].split()) == b.raw
    assert "15-CTr/BTGDVTU-UBMTTQ" not in [r.number for r in refs]
    assert warnings == []


def test_seed_004_law_and_programme() -> None:
    view = view_of(seed("004"))
    body_start = after(view.text, "giai đoạn 2021 - 2025\n")
    basis, refs, _ = parse_legal_basis(view, body_start=body_start, doc_date=None, doc_number=None)
    assert len(basis) == 2
    law, prog = basis
    assert (law.doc_type, law.name, law.year, law.number, law.date) == (
        "Luật",
        "Luật Mặt trận Tổ quốc Việt Nam",
        2015,
        None,
        None,
    )
    assert (prog.doc_type, prog.number, prog.date) == (
        "Chương trình phối hợp công tác",
        "04/CtrPH-MTTW-BTTTT",
        "2020-10-19",
    )
    assert prog.issuer == "Ban Thường trực Ủy ban MTTQ Việt Nam và Bộ Thông tin và Truyền thông"
    assert "04/CtrPH-MTTW-BTTTT" not in [r.number for r in refs]


def test_seed_002_unnumbered_basis_and_body_references() -> None:
    view = view_of(seed("002"))
    body_start = after(view.text, "Ban Tuyên giáo Thành ủy năm 2023")
    basis, refs, _ = parse_legal_basis(view, body_start=body_start, doc_date=None, doc_number=None)
    assert len(basis) == 1
    b = basis[0]
    assert (b.verb, b.doc_type, b.number) == ("Thực hiện", "Chương trình phối hợp", None)
    assert b.name is not None and b.name.endswith("giai đoạn 2022 - 2024")
    kl = [r for r in refs if r.number == "01-KL/TW"]
    assert kl and (kl[0].date, kl[0].issuer, kl[0].doc_type) == (
        "2021-05-18",
        "Bộ Chính trị",
        "Kết luận",
    )
    assert "05-CT/TW" in [r.number for r in refs]
    assert all(r.verb is None for r in refs)


# -- constructed -------------------------------------------------------------------------


def test_body_can_cu_is_not_basis_and_theo_de_nghi_needs_a_number() -> None:
    text = (
        "QUYẾT ĐỊNH\n\nVề việc ban hành Kế hoạch\n\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;\n\n"
        "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 12/TTr-SNV ngày 3/4/2026;\n\n"
        "Theo đề nghị của Chánh Văn phòng;\n\n"
        "QUYẾT ĐỊNH:\n\n"
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch.\n\n"
        "Căn cứ Quyết định số 5/QĐ-UBND ngày 1/1/2026, các sở triển khai."
    )
    view = view_of(text)
    basis, refs, _ = parse_legal_basis(
        view, body_start=after(view.text, "Kế hoạch"), doc_date="2026-04-10", doc_number=None
    )
    assert [(b.verb, b.number) for b in basis] == [
        ("Căn cứ", "72/2025/QH15"),
        ("Theo đề nghị", "12/TTr-SNV"),
    ]
    assert basis[1].doc_type == "Tờ trình"
    assert [r.number for r in refs] == ["5/QĐ-UBND"]


def test_a_misread_can_cu_before_a_type_word_opens_a_basis_line() -> None:
    """288-ttg: a stamp over the margin made OCR read "Nhu cứ Luật …". A short word and
    "cứ" before a document's type word is a "Căn cứ" line; before anything else it is not
    (a sentence "Mọi cứ việc …" cites nothing)."""
    text = (
        "QUYẾT ĐỊNH\n\nVề việc công nhận huyện\n\n"
        "Nhu cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015; Luật sửa đổi,\n"
        "bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền\n"
        "địa phương ngày 22 tháng 11 năm 2019;\n\n"
        "Căn cứ Quyết định số 320/QĐ-TTg ngày 08 tháng 3 năm 2022 của Thủ tướng Chính phủ;\n\n"
        "QUYẾT ĐỊNH:\n\nĐiều 1. Công nhận."
    )
    view = view_of(text)
    basis, _, _ = parse_legal_basis(
        view, body_start=after(view.text, "huyện"), doc_date="2024-04-08", doc_number=None
    )
    assert [(b.verb, b.name or b.number, b.date) for b in basis] == [
        ("Căn cứ", "Luật Tổ chức Chính phủ", "2015-06-19"),
        (
            "Căn cứ",
            "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức "
            "chính quyền địa phương",
            "2019-11-22",
        ),
        ("Căn cứ", "320/QĐ-TTg", "2022-03-08"),
    ]
    assert basis[0].raw.startswith("Luật Tổ chức Chính phủ")
    plain = view_of("QUYẾT ĐỊNH\n\nVề việc X\n\nMọi cứ việc theo Quyết định số 5/QĐ-UBND;")
    assert find_preamble(plain.text, after(plain.text, "X")) == []


def test_an_amending_law_read_with_a_wrong_tone_keeps_its_whole_name() -> None:
    """28-pt: OCR read "Luật Sửa đối, bỏ sung …": still an amending law's title, which runs
    over "của Luật …" and "và Luật …" up to its date (not two laws)."""
    text = (
        "QUYẾT ĐỊNH\n\nQuy định hệ số\n\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n"
        "Luật Sửa đối, bỏ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức\n"
        "chính quyền địa phương ngày 22 tháng 11 năm 2019;\n\nQUYẾT ĐỊNH:"
    )
    view = view_of(text)
    basis, _, _ = parse_legal_basis(
        view, body_start=after(view.text, "hệ số"), doc_date="2023-12-21", doc_number=None
    )
    assert [(b.name, b.date) for b in basis] == [
        ("Luật Tổ chức chính quyền địa phương", "2015-06-19"),
        (
            "Luật Sửa đối, bỏ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức "
            "chính quyền địa phương",
            "2019-11-22",
        ),
    ]


def test_no_preamble_when_the_body_comes_first() -> None:
    text = "KẾ HOẠCH\n\nI. MỤC ĐÍCH\n\nCăn cứ Quyết định số 5/QĐ-UBND ngày 1/1/2026, triển khai."
    view = view_of(text)
    assert find_preamble(view.text, after(view.text, "KẾ HOẠCH")) == []
    basis, refs, _ = parse_legal_basis(view, body_start=8, doc_date=None, doc_number=None)
    assert basis == [] and [r.number for r in refs] == ["5/QĐ-UBND"]


def test_preamble_wrapped_over_a_page_break() -> None:
    p1 = "NGHỊ QUYẾT\n\nvề công tác\n\nCăn cứ Quyết định số 329-QĐ/TW ngày 13/6/2025 của Ban"
    p2 = "Bí thư về chức năng, nhiệm vụ;\n\nQUYẾT NGHỊ:\n\n1. Nội dung."
    view = view_of("", pages=[p1, p2])
    basis, _, _ = parse_legal_basis(
        view, body_start=after(view.text, "về công tác"), doc_date=None, doc_number=None
    )
    assert len(basis) == 1
    b = basis[0]
    assert (b.number, b.date, b.page) == ("329-QĐ/TW", "2025-06-13", 1)
    assert b.issuer == "Ban Bí thư"
    assert b.raw.endswith("của Ban Bí thư về chức năng, nhiệm vụ")


def test_warnings_invalid_date_and_late_citation() -> None:
    text = (
        "QUYẾT ĐỊNH\n\nCông bố thủ tục\n\n"
        "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ;\n\n"
        "Căn cứ Thông tư số 01/2023/TT-VPCP ngày 08/6/20210 của Văn phòng Chính phủ;\n\n"
        "Căn cứ Quyết định số 9/QĐ-UBND ngày 1/12/2025 của UBND tỉnh;\n\nQUYẾT ĐỊNH:"
    )
    view = view_of(
        "",
        pages=[
            text.split("\n\nCăn cứ Thông")[0],
            "Căn cứ Thông" + text.split("\n\nCăn cứ Thông")[1],
        ],
    )
    basis, _, warnings = parse_legal_basis(
        view,
        body_start=after(view.text, "Công bố thủ tục"),
        doc_date="2025-11-30",
        doc_number=None,
    )
    assert [b.number for b in basis] == ["61/2018/NĐ-CP", "01/2023/TT-VPCP", "9/QĐ-UBND"]
    assert basis[1].date is None and basis[1].date_raw == "ngày 08/6/20210"
    codes = [(w.code, w.page, w.field) for w in warnings]
    assert ("invalid_date", 2, "legal_basis[1].date") in codes
    assert ("citation_after_document", 2, "legal_basis[2].date") in codes


def test_appendix_caption_and_duplicates() -> None:
    text = (
        "Số 21-NQ/TU\n\nNGHỊ QUYẾT\n\nvề chuyển đổi số\n\n"
        "Căn cứ Quyết định số 290/2005/QĐ-TTg ngày 08/11/2005 của Thủ tướng Chính phủ và Quyết "
        "định số 188/2007/QĐ-TTg ngày 06/12/2007 của Thủ tướng Chính phủ về việc sửa đổi, bổ "
        "sung Quyết định số 290/2005/QĐ-TTg;\n\nQUYẾT NGHỊ:\n\n"
        "PHỤ LỤC (kèm theo Nghị quyết số 21-NQ/TU, ngày 12/3/2026 của Ban Thường vụ Tỉnh ủy)"
    )
    view = view_of(text)
    own = parse_number("Số 21-NQ/TU")
    basis, refs, _ = parse_legal_basis(
        view, body_start=after(view.text, "về chuyển đổi số"), doc_date=None, doc_number=own
    )
    assert [b.number for b in basis] == ["290/2005/QĐ-TTg", "188/2007/QĐ-TTg"]
    assert [(r.number, r.date) for r in refs] == [("21-NQ/TU", "2026-03-12")]


# -- real corpus text (readers not needed) ------------------------------------------------


def test_vbpl_doc_000079_seventeen_2025_style_bases() -> None:
    text = corpus_file("vbpl-html/derived_text/doc_000079.txt").read_text(encoding="utf-8")
    view = view_of(text, per_line=True)
    body_start = after(view.text, "VÀ VỐN VAY ƯU ĐÃI NƯỚC NGOÀI")
    paras = find_preamble(view.text, body_start)
    assert [p.verb for p in paras].count("Căn cứ") == 17
    assert paras[-1].verb == "Theo đề nghị"
    own = parse_number("Số: 242/2025/NĐ-CP")
    basis, refs, warnings = parse_legal_basis(
        view, body_start=body_start, doc_date="2025-09-10", doc_number=own
    )
    assert len(basis) == 20  # 17 lines; one cites two laws, two cite an amending law
    assert basis[0].name == "Luật Tổ chức Chính phủ" and basis[0].number == "63/2025/QH15"
    assert all(b.number and b.number.endswith(("QH13", "QH14", "QH15")) for b in basis)
    assert all(b.date is None and b.doc_type == "Luật" for b in basis)
    assert {"83/2015/QH13", "89/2025/QH15", "62/2020/QH14", "93/2025/QH15", "90/2025/QH15"} <= {
        b.number for b in basis
    }
    basis_spans = {b.span for b in basis}
    assert not basis_spans & {r.span for r in refs}
    assert len({r.span for r in refs}) == len(refs)
    assert not [w for w in warnings if w.code == "unparsed_number"]  # "số …/2025/NĐ-CP" forms


def md_view(rel: str, title_marker: str) -> tuple[TextView, int]:
    text = corpus_file(rel).read_text(encoding="utf-8")
    view = view_of(text, per_line=True)
    start = view.text.index(title_marker)
    return view, view.text.index("\n", start)


def test_congbot_file_data_12_body_can_cu_excluded() -> None:
    view, body_start = md_view("congbot/thuvienphapluat_md/file_data_12.md", "SỬA ĐỔI, BỔ SUNG")
    paras = find_preamble(view.text, body_start)
    assert [p.verb for p in paras] == ["Căn cứ", "Căn cứ", "Theo đề nghị"]
    basis, refs, _ = parse_legal_basis(
        view, body_start=body_start, doc_date="2023-07-21", doc_number=parse_number("55/2023/NĐ-CP")
    )
    assert [(b.doc_type, b.date) for b in basis] == [
        ("Luật", "2015-06-19"),
        ("Luật", "2019-11-22"),
        ("Pháp lệnh", "2020-12-09"),
    ]
    assert basis[0].name == "Luật Tổ chức Chính phủ"
    assert not any("đặt hàng" in b.raw for b in basis)
    assert "75/2021/NĐ-CP" in [r.number for r in refs]


def test_congbot_file_data_22_amendments() -> None:
    view, body_start = md_view("congbot/thuvienphapluat_md/file_data_22.md", "VỀ VIỆC CÔNG BỐ")
    basis, _, _ = parse_legal_basis(
        view, body_start=body_start, doc_date="2022-03-18", doc_number=parse_number("378/QĐ-UBND")
    )
    assert [p.verb for p in find_preamble(view.text, body_start)].count("Căn cứ") == 3
    assert [b.number for b in basis] == [
        None,
        None,
        "63/2010/NĐ-CP",
        "92/2017/NĐ-CP",
        "61/2018/NĐ-CP",
        "107/2021/NĐ-CP",
        "45/2020/NĐ-CP",
        "2729/QĐ-BCT",
    ]
    assert basis[1].name is not None and basis[1].name.startswith("Luật sửa đổi, bổ sung")
    assert basis[3].date == "2017-08-07" and basis[3].issuer == "Chính phủ"


def test_congbot_file_data_2_fourteen_can_cu() -> None:
    view, body_start = md_view("congbot/thuvienphapluat_md/file_data_2.md", "QUY ĐỊNH QUẢN LÝ")
    paras = find_preamble(view.text, body_start)
    assert [p.verb for p in paras].count("Căn cứ") == 14
    basis, _, _ = parse_legal_basis(
        view,
        body_start=body_start,
        doc_date="2018-11-14",
        doc_number=parse_number("101/2018/TT-BTC"),
    )
    numbers = [b.number for b in basis if b.number]
    assert len(numbers) == len(set(numbers)) == 15  # aliases "(sau đây viết tắt là …)" skipped
    assert len(basis) == 18
    assert all(b.date for b in basis)


def test_docstrings() -> None:
    assert doctest.testmod(legal_basis_mod).failed == 0


def test_mineru_e_pdf_invalid_date_warning() -> None:
    """Text layer read with pypdfium2 directly (no reader), one Block per printed line."""
    import pypdfium2 as pdfium

    from vanban.extract.hygiene import clean_text

    pdf = pdfium.PdfDocument(str(corpus_file("mineru-vietocr/e.pdf")))
    pages = [clean_text(p.get_textpage().get_text_range()).replace("\r\n", "\n") for p in pdf]
    view = view_of("", per_line=True, pages=pages)
    body_start = view.text.index("\n", view.text.index("Về việc công bố"))
    assert [p.verb for p in find_preamble(view.text, body_start)] == ["Căn cứ"] * 8
    basis, _, warnings = parse_legal_basis(
        view, body_start=body_start, doc_date=None, doc_number=None
    )
    nd63 = next(b for b in basis if b.number == "63/2010/NĐ-CP")
    assert (nd63.date, nd63.date_raw, nd63.issuer) == (None, "ngày 08/6/20210", "Chính phủ")
    assert [(w.code, w.page) for w in warnings] == [("invalid_date", 1)]
    assert "3083/QĐ-BTC" in [b.number for b in basis]
    assert basis[0].doc_type == "Luật" and basis[0].date == "2025-06-16"


def test_document_named_inside_a_subject_is_a_reference_not_a_basis() -> None:
    # e.pdf: "… Thông tư số 01/2018/TT-VPCP ngày 23/11/2018 của Văn phòng Chính phủ về
    # hướng dẫn thi hành một số quy định của Nghị định số 61/2018/NĐ-CP …": the Nghị
    # định is part of the Thông tư's subject; amendments ("sửa đổi, bổ sung bởi …")
    # and list items ("…; Nghị định số …", "… và Nghị định số …") stay bases.
    text = (
        "Căn cứ Thông tư số 01/2018/TT-VPCP ngày 23/11/2018 của Văn phòng Chính phủ về "
        "hướng dẫn thi hành một số quy định của Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 "
        "của Chính phủ về thực hiện cơ chế một cửa; Nghị định số 45/2020/NĐ-CP ngày "
        "08/4/2020 của Chính phủ về thủ tục hành chính và Nghị định số 42/2022/NĐ-CP "
        "ngày 24/6/2022 của Chính phủ;\n\n"
        "Căn cứ Luật Tổ chức Chính phủ số 76/2015/QH13 được sửa đổi, bổ sung bởi Luật số "
        "47/2019/QH14;\n\n"
        "Căn cứ Quyết định số 5/QĐ-UBND ngày 2/1/2025 quy định tại Nghị định số "
        "30/2020/NĐ-CP;\n\nQUYẾT ĐỊNH:\n\nĐiều 1. Nội dung."
    )
    basis, refs, _ = parse_legal_basis(view_of(text), body_start=0, doc_date=None, doc_number=None)
    assert [b.number for b in basis] == [
        "01/2018/TT-VPCP",
        "45/2020/NĐ-CP",
        "42/2022/NĐ-CP",
        "76/2015/QH13",
        "47/2019/QH14",
        "5/QĐ-UBND",
    ]
    assert {"61/2018/NĐ-CP", "30/2020/NĐ-CP"} <= {r.number for r in refs}


def test_own_number_named_before_the_body_is_not_a_reference() -> None:
    # vbpl derived text: the page title and breadcrumb repeat "Thông tư số 06/2026/TT-BXD
    # Công bố …" above the header; the document naming itself is not a reference.
    from vanban.pipeline import extract_document

    doc = extract_document(corpus_file("vbpl-html/derived_text/doc_000005.txt"))
    assert doc.number is not None and doc.number.canonical == "06/2026/TT-BXD"
    own = [r for r in doc.references if r.number == "06/2026/TT-BXD"]
    assert [r.raw[:26] for r in own] == ["Thông tư số 06/2026/TT-BXD"]  # the annex caption
    assert own[0].date == "2026-02-13"
    assert [b.number for b in doc.legal_basis] == [None, "58/2017/NĐ-CP", "33/2025/NĐ-CP"]


@pytest.mark.parametrize("ext", ["docx", "pdf", "txt"])
def test_annexed_regulation_keeps_the_word_next_to_its_number(ext: str) -> None:
    # seed 000 basis #3: "Quy chế … ban hành kèm theo Quyết định số 720 -QĐ/TU" (the PDF
    # wraps "720" / "-QĐ/TU"): the entry is the Quy chế, the word before the number
    # (read by the checks from raw + number_raw) is "Quyết định".
    from vanban.checks.records import type_word_before_number
    from vanban.pipeline import extract_document

    path = next((Path(__file__).resolve().parents[1] / "samples" / "seed000").glob(f"*.{ext}"))
    c = extract_document(path).legal_basis[2]
    assert (c.doc_type, c.number, c.date, c.issuer) == (
        "Quy chế",
        "720-QĐ/TU",
        "2026-02-13",
        "Ban Thường vụ Tỉnh ủy",
    )
    assert type_word_before_number(c.raw, c.number_raw) == "quyet dinh"


def test_one_verb_listing_documents_on_following_lines_of_its_block() -> None:
    """28-pt style: "Căn cứ Luật …;" then "Luật Sửa đổi …;" on the next line of the same
    paragraph. A document-type line after a blank line (another block) is not absorbed."""
    text = (
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n"
        "Luật Sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức "
        "chính quyền địa phương ngày 22 tháng 11 năm 2019;\n"
        "Căn cứ Nghị định số 44/2014/NĐ-CP ngày 15 tháng 5 năm 2014 của Chính phủ;\n\n"
        "QUYẾT ĐỊNH:"
    )
    view = view_of(text)
    basis, _, _ = parse_legal_basis(view, body_start=0, doc_date=None, doc_number=None)
    assert [(c.doc_type, c.date) for c in basis][:2] == [
        ("Luật", "2015-06-19"),
        ("Luật", "2019-11-22"),
    ]
    assert basis[-1].number == "44/2014/NĐ-CP"
    separate = view_of(
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n\n"
        "Luật này quy định về tổ chức chính quyền địa phương.\n\nQUYẾT ĐỊNH:"
    )
    basis2, _, _ = parse_legal_basis(separate, body_start=0, doc_date=None, doc_number=None)
    assert [c.date for c in basis2] == ["2015-06-19"]


def test_a_speck_before_can_cu_on_a_scan_does_not_hide_the_line() -> None:
    from vanban.parsers.legal_basis import find_preamble

    text = "ˆ Căn cứ Nghị định số 96/2022/NĐ-CP ngày 29 tháng 11 năm 2022;\nQUYẾT ĐỊNH:\n"
    assert [p.verb for p in find_preamble(text, 0)] == ["Căn cứ"]
    assert find_preamble("Vì Căn cứ vào đó\nQUYẾT ĐỊNH:\n", 0) == []


@pytest.mark.parametrize("doc_type", ["Công văn", "Thông báo"])
def test_a_cong_van_or_thong_bao_has_no_preamble_its_mentions_are_references(
    doc_type: str,
) -> None:
    text = (
        "V/v chuyển đổi mục đích sử dụng đất\n\n"
        "Xét đề nghị của Ủy ban nhân dân tỉnh tại Báo cáo số 87/BC-UBND ngày 29 tháng 3 "
        "năm 2024 về kết quả thực hiện;\n\n"
        "Theo Thông báo số 460/TB-VPCP ngày 08 tháng 9 năm 2023, Thủ tướng Chính phủ có ý kiến"
    )
    view = view_of(text)
    basis, refs, _ = parse_legal_basis(
        view, body_start=0, doc_date="2024-04-15", doc_number=None, doc_type=doc_type
    )
    assert basis == []
    assert [r.number for r in refs] == ["87/BC-UBND", "460/TB-VPCP"]
    basis, _, _ = parse_legal_basis(
        view, body_start=0, doc_date="2024-04-15", doc_number=None, doc_type="Quyết định"
    )
    assert [b.number for b in basis] == ["87/BC-UBND"]
