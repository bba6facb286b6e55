"""Header and citation cases new documents showed (issue 17), each with look-alikes that
must not change: the title under the type name, a V/v block over two lines, an issuer
with a parenthesised abbreviation, joint issuers."""

from __future__ import annotations

from pathlib import Path

import pytest

from vanban.models.layout import Block, BlockStyle, Cell, LayoutDocument, Page, Table
from vanban.parsers.agencies import agency_key
from vanban.parsers.citations import find_citations
from vanban.parsers.header import Header, parse_header
from vanban.parsers.textview import TextView
from vanban.pipeline import extract_document

CASES = Path(__file__).resolve().parents[1] / "samples" / "cases"
TITLE = BlockStyle(bold=True, align="center")
BODY = BlockStyle(bold=False, align="justify")
STATE_HEADER = Table(
    page=1,
    n_rows=1,
    n_cols=2,
    borderless=True,
    cells=[
        Cell(row=0, col=0, text="ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\nSố: 41/KH-UBND"),
        Cell(
            row=0,
            col=1,
            text="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Sơn La, ngày 02 tháng 3 năm 2026",
        ),
    ],
)


def _header(*items: Block) -> Header:
    doc = LayoutDocument(format="docx", pages=[Page(number=1, items=[STATE_HEADER, *items])])
    return parse_header(doc, TextView.build(doc))


# -- 1. the title under the type name ------------------------------------------------


def test_a_bold_centred_title_that_opens_like_a_preamble_is_the_title() -> None:
    h = _header(
        Block(page=1, text="KẾ HOẠCH", style=TITLE),
        Block(page=1, text="Triển khai thực hiện Quy chế phối hợp năm 2026", style=TITLE),
        Block(page=1, text="Căn cứ Luật Tổ chức chính quyền địa phương;", style=BODY),
    )
    assert h.title == "Triển khai thực hiện Quy chế phối hợp năm 2026"
    assert "title_not_found" not in {w.code for w in h.warnings}


def test_the_first_body_paragraph_is_not_taken_for_a_title() -> None:
    """Look-alike: no title; the justified preamble paragraph under the type name."""
    h = _header(
        Block(page=1, text="KẾ HOẠCH", style=TITLE),
        Block(
            page=1,
            text="Triển khai thực hiện Nghị quyết số 21-NQ/TU ngày 10/01/2026 của Ban "
            "Thường vụ Tỉnh ủy, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:",
            style=BODY,
        ),
    )
    assert h.title is None
    assert [w.code for w in h.warnings] == ["title_not_found"]
    assert h.warnings[0].field == "title"


def test_a_title_with_a_type_word_inside_is_kept_whole() -> None:
    h = _header(
        Block(page=1, text="KẾ HOẠCH", style=TITLE),
        Block(page=1, text="Thực hiện Chương trình phối hợp và Quy chế làm việc", style=TITLE),
    )
    assert h.title == "Thực hiện Chương trình phối hợp và Quy chế làm việc"


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_case_kh_title(suffix: str) -> None:
    doc = extract_document(CASES / f"case_kh_title.{suffix}")
    assert doc.title == (
        "Triển khai thực hiện Quy chế phối hợp giữa Ban Tuyên giáo và Dân vận Tỉnh ủy với "
        "Ủy ban MTTQ Việt Nam tỉnh năm 2026"
    )
    assert "title_not_found" not in {w.code for w in doc.warnings}


# -- 2. a V/v block on two lines ------------------------------------------------------


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_case_vv_block_on_two_lines(suffix: str) -> None:
    doc = extract_document(CASES / f"case_cv_vv.{suffix}")
    assert doc.doc_type == "Công văn"
    assert doc.title == "V/v triển khai Quy chế phối hợp với Ủy ban MTTQ Việt Nam tỉnh"
    assert doc.recipients == [] or all("Kính gửi" not in r for r in doc.recipients)


def test_a_vv_block_stops_at_kinh_gui_in_the_same_column() -> None:
    """Look-alike: "Kính gửi" right under a one-line V/v is not part of the title."""
    party = Table(
        page=1,
        n_rows=1,
        n_cols=2,
        borderless=True,
        cells=[
            Cell(
                row=0,
                col=0,
                text="TỈNH ỦY SƠN LA\n*\nSố 88-CV/TU\nV/v góp ý dự thảo\nKính gửi: Các huyện ủy",
            ),
            Cell(row=0, col=1, text="ĐẢNG CỘNG SẢN VIỆT NAM\nSơn La, ngày 03 tháng 3 năm 2026"),
        ],
    )
    doc = LayoutDocument(format="docx", pages=[Page(number=1, items=[party])])
    h = parse_header(doc, TextView.build(doc))
    assert h.title == "V/v góp ý dự thảo"


# -- 3 and 4. issuers --------------------------------------------------------------------


def _one(text: str):  # type: ignore[no-untyped-def]
    found = find_citations(text)
    assert len(found) >= 1
    return found[0]


def test_an_issuer_runs_across_its_parenthesised_abbreviation() -> None:
    c = _one(
        "Thực hiện Kế hoạch số 12/KH-MTTW-UB ngày 08/6/2026 của Ủy ban Trung ương Mặt trận "
        "Tổ quốc (MTTQ) Việt Nam về ban hành Kế hoạch giám sát năm 2026;"
    )
    assert c.issuer == "Ủy ban Trung ương Mặt trận Tổ quốc (MTTQ) Việt Nam"
    assert c.issuer_abbreviation == "MTTQ"
    assert c.subject == "ban hành Kế hoạch giám sát năm 2026"
    assert agency_key(c.issuer) == agency_key("Ủy ban Trung ương MTTQ Việt Nam")


def test_a_parenthesis_that_is_no_abbreviation_still_ends_the_issuer() -> None:
    """Look-alikes: "(sau đây gọi tắt là …)" and a parenthesis that restates nothing."""
    c = _one(
        "Căn cứ Quyết định số 720-QĐ/TU ngày 05/02/2026 của Ban Thường vụ Tỉnh ủy (sau đây "
        "gọi tắt là Quyết định 720);"
    )
    assert c.issuer == "Ban Thường vụ Tỉnh ủy" and c.issuer_abbreviation is None
    c = _one("Căn cứ Quyết định số 15/QĐ-UBND ngày 05/02/2026 của Sở Tài chính (STP) về giá;")
    assert c.issuer == "Sở Tài chính" and c.issuer_abbreviation is None


def test_joint_issuers_are_listed_and_the_subject_follows() -> None:
    c = _one(
        "Căn cứ Kết luận số 118-KL/TW ngày 18/01/2026 của Bộ Chính trị, Ban Bí thư về tiếp "
        "tục đổi mới nội dung, phương thức hoạt động của Mặt trận Tổ quốc;"
    )
    assert c.issuer == "Bộ Chính trị, Ban Bí thư"
    assert c.issuers == ["Bộ Chính trị", "Ban Bí thư"]
    assert c.subject == "tiếp tục đổi mới nội dung, phương thức hoạt động của Mặt trận Tổ quốc"
    c = _one("Căn cứ Nghị quyết số 05-NQ/TW ngày 01/11/2016 của Bộ Chính trị và Ban Bí thư;")
    assert c.issuers == ["Bộ Chính trị", "Ban Bí thư"]


@pytest.mark.parametrize(
    ("text", "issuer"),
    [
        # one issuer, then the subject
        (
            "Căn cứ Nghị quyết số 43-NQ/TW ngày 24/11/2023 của Bộ Chính trị về tiếp tục phát huy",
            "Bộ Chính trị",
        ),
        # "và" inside one body's name
        (
            "Căn cứ Thông tư số 10/2024/TT-BGDĐT ngày 01/7/2024 của Bộ Giáo dục và Đào tạo;",
            "Bộ Giáo dục và Đào tạo",
        ),
        # the comma closes the citation: a new clause with its own verb follows
        (
            "Căn cứ Nghị quyết số 12/NQ-HĐND ngày 10/12/2025 của Hội đồng nhân dân tỉnh, Ủy ban "
            "nhân dân tỉnh ban hành Kế hoạch thực hiện như sau:",
            "Hội đồng nhân dân tỉnh",
        ),
        # a comma before another cited document, not a body
        (
            "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ, Thông tư số "
            "01/2011/TT-BNV ngày 19/01/2011 của Bộ Nội vụ;",
            "Chính phủ",
        ),
    ],
)
def test_single_issuers_do_not_change(text: str, issuer: str) -> None:
    c = _one(text)
    assert c.issuer == issuer
    assert c.issuers == [issuer]


def test_the_parties_of_a_joint_document_are_its_issuers() -> None:
    c = _one(
        "Căn cứ Quy chế phối hợp số 15-QC/BTGDVTU-UBMTTQ ngày 20/3/2026 giữa Ban Tuyên giáo và "
        "Dân vận Tỉnh ủy với Ủy ban MTTQ Việt Nam tỉnh (sau đây gọi tắt là Quy chế);"
    )
    assert c.issuers == ["Ban Tuyên giáo và Dân vận Tỉnh ủy", "Ủy ban MTTQ Việt Nam tỉnh"]
    c = _one("Căn cứ Quy chế số 02-QC/TU ngày 20/3/2026 giữa các cơ quan trong hệ thống;")
    assert c.issuer is None and c.issuers == []


def test_giua_after_a_document_that_is_not_joint_is_running_text() -> None:
    """Look-alike: "Nghị quyết 57-NQ/TW giữa Đại học …" (a report's sentence, CPbaocaot5)."""
    c = _one(
        "theo tinh thần Nghị quyết 57-NQ/TW giữa Đại học Bách khoa Hà Nội và Tập đoàn Viettel;"
    )
    assert c.issuer is None and c.issuers == []
