"""vanban.parsers.citations: cited documents in running text, with spans."""

from __future__ import annotations

import doctest

import pytest

import vanban.parsers.citations as citations_mod
from vanban.models.layout import BBox, Block, LayoutDocument, Line, Page, Word
from vanban.parsers.citations import find_citations, to_citation
from vanban.parsers.textview import TextView


def one(text: str):  # noqa: ANN201 - a FoundCitation
    found = find_citations(text)
    assert len(found) == 1, [c.raw for c in found]
    return found[0]


def test_party_decision_with_issuer_and_subject() -> None:
    c = one(
        "Căn cứ Quyết định số 329-QĐ/TW ngày 13/6/2025 của Ban Bí thư về chức năng, nhiệm vụ, "
        "quyền hạn, tổ chức bộ máy cơ quan tham mưu giúp việc tỉnh ủy;"
    )
    assert (c.doc_type, c.doc_type_raw, c.canonical, c.number_raw) == (
        "Quyết định",
        "Quyết định",
        "329-QĐ/TW",
        "329-QĐ/TW",
    )
    assert c.date is not None and (c.date.iso, c.date.raw) == ("2025-06-13", "ngày 13/6/2025")
    assert c.issuer == "Ban Bí thư"
    assert c.subject == (
        "chức năng, nhiệm vụ, quyền hạn, tổ chức bộ máy cơ quan tham mưu giúp việc tỉnh ủy"
    )
    assert c.raw.startswith("Quyết định số 329-QĐ/TW") and c.raw.endswith("tỉnh ủy")


def test_spans_are_offsets_plus_base() -> None:
    text = "Căn cứ Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị;"
    c = find_citations(text, base=1000)[0]
    assert text[c.start - 1000 : c.end - 1000] == c.raw
    assert c.date is not None and text[c.date.start - 1000 : c.date.end - 1000] == "ngày 18/5/2021"


def test_verbal_dates_and_state_issuers() -> None:
    c = one(
        "Căn cứ Quyết định số 720-QĐ/TU, ngày 13 tháng 02 năm 2026 của Ban Thường vụ Tỉnh ủy "
        "về ban hành Quy chế phối hợp;"
    )
    assert c.date is not None and c.date.iso == "2026-02-13"
    assert c.issuer == "Ban Thường vụ Tỉnh ủy"
    c = one(
        "Quyết định số 290/2005/QĐ-TTg ngày 08 tháng 11 năm 2005 của Thủ tướng Chính phủ về chế độ"
    )
    assert (c.issuer, c.subject, c.year) == ("Thủ tướng Chính phủ", "chế độ", 2005)


def test_joint_issuer_stops_at_comma() -> None:
    c = one(
        "Căn cứ Chương trình phối hợp công tác số 04/CtrPH-MTTW-BTTTT, ngày 19/10/2020 của Ban "
        "Thường trực Ủy ban MTTQ Việt Nam và Bộ Thông tin và Truyền thông, giai đoạn 2020 - 2025;"
    )
    assert c.doc_type == "Chương trình phối hợp công tác"  # as the header types it (gold seed004)
    assert c.doc_type_raw == "Chương trình phối hợp công tác"
    assert c.canonical == "04/CtrPH-MTTW-BTTTT"
    assert c.issuer == "Ban Thường trực Ủy ban MTTQ Việt Nam và Bộ Thông tin và Truyền thông"


def test_regulation_issued_with_a_decision() -> None:
    c = one(
        "Căn cứ Quy chế phối hợp giữa Ban Tuyên giáo và Dân vận Tỉnh ủy với Ủy ban Mặt trận "
        "Tổ quốc Việt Nam tỉnh ban hành kèm theo Quyết định số 720 -QĐ/TU, ngày 13/2/2026 của "
        "Ban Thường vụ Tỉnh ủy;"
    )
    assert c.doc_type == "Quy chế"
    assert c.name is not None and c.name.startswith("Quy chế phối hợp giữa Ban Tuyên giáo")
    assert c.name.endswith("Việt Nam tỉnh")
    assert (c.canonical, c.number_raw) == ("720-QĐ/TU", "720 -QĐ/TU")
    assert c.number is not None and c.number.type_code == "QĐ"
    assert c.date is not None and c.date.iso == "2026-02-13"


def test_named_laws() -> None:
    c = one("Căn cứ Luật Mặt trận Tổ quốc Việt Nam năm 2015;")
    assert (c.name, c.year, c.number, c.doc_type) == (
        "Luật Mặt trận Tổ quốc Việt Nam",
        2015,
        None,
        "Luật",
    )
    c = one("Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;")
    assert (c.name, c.canonical, c.date, c.year) == (
        "Luật Tổ chức Chính phủ",
        "63/2025/QH15",
        None,
        2025,
    )
    c = one("Căn cứ Luật Khoa học, công nghệ (sửa đổi) và đổi mới sáng tạo số 93/2025/QH15;")
    assert c.name == "Luật Khoa học, công nghệ (sửa đổi) và đổi mới sáng tạo"
    c = one("Căn cứ Pháp lệnh Ưu đãi người có công với cách mạng ngày 09 tháng 12 năm 2020;")
    assert (c.doc_type, c.name) == ("Pháp lệnh", "Pháp lệnh Ưu đãi người có công với cách mạng")
    assert c.date is not None and c.date.iso == "2020-12-09"


def test_several_documents_in_one_line() -> None:
    cs = find_citations(
        "Căn cứ Luật Ngân sách nhà nước số 83/2015/QH13 và Luật Ngân sách Nhà nước số 89/2025/QH15;"
    )
    assert [(c.name, c.canonical) for c in cs] == [
        ("Luật Ngân sách nhà nước", "83/2015/QH13"),
        ("Luật Ngân sách Nhà nước", "89/2025/QH15"),
    ]
    cs = find_citations(
        "Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08 tháng 6 năm 2010 của Chính phủ về kiểm soát "
        "thủ tục hành chính (đã được sửa đổi, bổ sung bởi Nghị định số 92/2017/NĐ-CP ngày 07 "
        "tháng 8 năm 2017 của Chính phủ);"
    )
    assert [(c.canonical, c.date and c.date.iso, c.issuer) for c in cs] == [
        ("63/2010/NĐ-CP", "2010-06-08", "Chính phủ"),
        ("92/2017/NĐ-CP", "2017-08-07", "Chính phủ"),
    ]
    assert cs[0].subject == "kiểm soát thủ tục hành chính"
    cs = find_citations(
        "Căn cứ Luật Xây dựng số 50/2014/QH13 được sửa đổi, bổ sung bởi Luật số 62/2020/QH14;"
    )
    assert [(c.name, c.canonical) for c in cs] == [
        ("Luật Xây dựng", "50/2014/QH13"),
        (None, "62/2020/QH14"),
    ]


def test_subject_ends_at_the_next_citation() -> None:
    cs = find_citations(
        "thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị về tiếp tục thực hiện "
        "Chỉ thị số 05-CT/TW của Bộ Chính trị về “Đẩy mạnh học tập”;"
    )
    assert [c.canonical for c in cs] == ["01-KL/TW", "05-CT/TW"]
    assert cs[0].subject == "tiếp tục thực hiện"
    assert cs[1].doc_type == "Chỉ thị" and cs[1].issuer == "Bộ Chính trị"


def test_wrapped_citation_is_one_with_spaces_in_raw() -> None:
    text = "Căn cứ Quyết định số 49-QĐ/TU, ngày\n26/9/2025 của Ban Thường vụ\n\ntỉnh ủy về tổ chức;"
    c = one(text)
    assert c.raw == "Quyết định số 49-QĐ/TU, ngày 26/9/2025 của Ban Thường vụ tỉnh ủy về tổ chức"
    assert c.date is not None and c.date.iso == "2025-09-26"
    assert c.issuer == "Ban Thường vụ tỉnh ủy"


def test_abbreviated_type_and_bare_numbers() -> None:
    c = one("theo QĐ số 720-QĐ/TU của Ban Thường vụ")
    assert (c.doc_type, c.doc_type_raw, c.canonical) == ("Quyết định", "QĐ", "720-QĐ/TU")
    c = one("văn bản số 2450/VPCP-KGVX ngày 12/4/2024")
    assert (c.doc_type, c.number and c.number.type_code) == ("Văn bản", None)
    c = one("theo 47/NQ-CP")
    assert (c.doc_type, c.doc_type_raw) == ("Nghị quyết", None)


def test_type_word_and_code_disagree_is_kept() -> None:
    c = one("Nghị quyết số 301-QĐ/TW ngày 09/6/2025")
    assert c.doc_type == "Nghị quyết"
    assert c.number is not None and c.number.type_code == "QĐ"


def test_aliases_are_not_new_citations() -> None:
    cs = find_citations(
        "Căn cứ Nghị định số 23/1999/NĐ-CP ngày 15 tháng 4 năm 1999 của Chính phủ về chế độ "
        "(sau đây viết tắt là Nghị định số 23/1999/NĐ-CP);"
    )
    assert [c.canonical for c in cs] == ["23/1999/NĐ-CP"]


def test_invalid_date_and_unparsed_number() -> None:
    c = one("Căn cứ Nghị định số 61/2018/NĐ-CP ngày 08/6/20210 của Chính phủ;")
    assert c.date is not None and c.date.iso is None
    assert "invalid_date" in c.errors
    c = one("Căn cứ Quyết định số 12345 của UBND tỉnh;")
    assert c.number is None and c.number_raw == "12345" and c.errors == ["unparsed_number"]
    assert find_citations("Nghị định số …/2025/NĐ-CP ngày … tháng … năm 2025") == []


def test_no_citations() -> None:
    assert find_citations("Căn cứ chức năng, nhiệm vụ, quyền hạn của hai cơ quan;") == []
    assert find_citations("theo quy định của pháp luật; Nghị định này có hiệu lực") == []


def test_to_citation_locates_page_and_box() -> None:
    text1 = "Căn cứ Quyết định số 329-QĐ/TW ngày"
    words = [
        Word(text=w, bbox=(10.0 + 40 * i, 100.0, 48.0 + 40 * i, 112.0))
        for i, w in enumerate(text1.split(" "))
    ]
    line_box: BBox = (10.0, 100.0, 48.0 + 40 * (len(words) - 1), 112.0)
    doc = LayoutDocument(
        format="pdf",
        pages=[
            Page(number=1, items=[Block(text="TỈNH ỦY", page=1)]),
            Page(
                number=2,
                items=[
                    Block(
                        text=text1 + "\n13/6/2025 của Ban Bí thư;",
                        page=2,
                        lines=[
                            Line(text=text1, bbox=line_box, words=words),
                            Line(
                                text="13/6/2025 của Ban Bí thư;", bbox=(30.0, 114.0, 200.0, 126.0)
                            ),
                        ],
                    )
                ],
            ),
        ],
    )
    view = TextView.build(doc)
    found = find_citations(view.text)
    assert len(found) == 1
    rec = to_citation(found[0], view, verb="Căn cứ")
    assert rec.page == 2
    assert rec.number == "329-QĐ/TW" and rec.date == "2025-06-13" and rec.issuer == "Ban Bí thư"
    assert rec.raw == "Quyết định số 329-QĐ/TW ngày 13/6/2025 của Ban Bí thư"
    assert rec.span is not None and view.text[rec.span[0] : rec.span[1]].startswith("Quyết định")
    assert rec.bbox == (30.0, 100.0, 288.0, 126.0)  # "Căn cứ" words left out
    assert rec.verb == "Căn cứ" and rec.date_raw == "ngày 13/6/2025"


def test_docstrings() -> None:
    assert doctest.testmod(citations_mod).failed == 0


def _fields(text: str) -> list[tuple[object, ...]]:
    return [
        (
            c.doc_type,
            c.canonical,
            c.date.iso if c.date else None,
            c.issuer,
            c.subject,
            c.name,
            c.year,
        )
        for c in find_citations(text)
    ]


WRAP_LINES = [
    # seed 000's PDF wraps "… Quyết định số 720" / "-QĐ/TU, ngày 13/2/2026 …"
    "Căn cứ Quy chế phối hợp giữa Ban Tuyên giáo và Dân vận Tỉnh ủy với Ủy ban Mặt trận "
    "Tổ quốc Việt Nam tỉnh ban hành kèm theo Quyết định số 720 -QĐ/TU, ngày 13/2/2026 "
    "của Ban Thường vụ Tỉnh ủy; Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của "
    "Chính phủ về công tác văn thư;",
    # congbot/vbpl preambles: multi-word phrases the patterns look for
    "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số "
    "điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng "
    "11 năm 2019;",
    "Căn cứ Luật Khoa học, công nghệ (sửa đổi) và đổi mới sáng tạo số 93/2025/QH15;",
    "Căn cứ Quyết định số 142/2008/QĐ-TTg ngày 27 tháng 10 năm 2008 của Thủ tướng Chính "
    "phủ về thực hiện chế độ đối với quân nhân (sau đây viết tắt là Quyết định số "
    "142/2008/QĐ-TTg); Quyết định số 38/2010/QĐ-TTg ngày 06 tháng 5 năm 2010 của Thủ "
    "tướng Chính phủ về việc sửa đổi, bổ sung Quyết định số 142/2008/QĐ-TTg;",
]


@pytest.mark.parametrize("line", WRAP_LINES)
def test_citation_wrapped_at_any_space_parses_like_the_unwrapped_one(line: str) -> None:
    want = _fields(line)
    assert all(w[1] or w[5] for w in want)
    for i, ch in enumerate(line):
        if ch == " ":
            wrapped = line[:i] + "\n" + line[i + 1 :]
            assert _fields(wrapped) == want, wrapped


def test_wrapped_lines_give_the_expected_citations() -> None:
    assert [w[1] for w in _fields(WRAP_LINES[0])] == ["720-QĐ/TU", "30/2020/NĐ-CP"]
    laws = _fields(WRAP_LINES[1])
    assert [(w[2], w[6]) for w in laws] == [("2015-06-19", 2015), ("2019-11-22", 2019)]
    assert [w[1] for w in _fields(WRAP_LINES[3])] == [
        "142/2008/QĐ-TTg",
        "38/2010/QĐ-TTg",
        "142/2008/QĐ-TTg",
    ]


def test_wrapped_number_raw_is_printed_with_a_space() -> None:
    c = one("Quy chế phối hợp ban hành kèm theo Quyết định số 720\n-QĐ/TU, ngày 13/2/2026")
    assert c.number_raw == "720 -QĐ/TU"
    assert c.number_raw in c.raw  # the type word next to the number can be found in raw
    assert c.raw.endswith("Quyết định số 720 -QĐ/TU, ngày 13/2/2026")


def test_code_of_law_is_bo_luat_not_luat() -> None:
    # vbpl doc_000005: "Căn cứ Bộ luật Hàng hải Việt Nam ngày 25 tháng 11 năm 2015;"
    c = one("Căn cứ Bộ luật Hàng hải Việt Nam ngày 25 tháng 11 năm 2015;")
    assert (c.doc_type, c.doc_type_raw, c.name) == (
        "Bộ luật",
        "Bộ luật",
        "Bộ luật Hàng hải Việt Nam",
    )
    c = one("Căn cứ Bộ luật Lao động số 45/2019/QH14;")
    assert (c.doc_type, c.canonical) == ("Bộ luật", "45/2019/QH14")
    assert one("Căn cứ Luật Đầu tư công số 58/2024/QH15;").doc_type == "Luật"


def test_closing_sentence_of_the_preamble_is_not_subject_or_issuer() -> None:
    # the last "Căn cứ …" item runs into the preamble's closing clause "…, <body> ban
    # hành Kế hoạch như sau:" (it ends the item, it is not the cited document's subject)
    c = one(
        "Căn cứ Kế hoạch số 12-KH/TU ngày 5/3/2025 của Tỉnh ủy về thực hiện Nghị quyết Đại "
        "hội, Ban Thường vụ Tỉnh ủy ban hành Kế hoạch như sau:"
    )
    assert (c.issuer, c.subject) == ("Tỉnh ủy", "thực hiện Nghị quyết Đại hội")
    c = one("Thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị như sau:")
    assert (c.issuer, c.subject) == ("Bộ Chính trị", None)
    c = one("Căn cứ Quyết định số 15/QĐ-UBND ngày 2/1/2025 về công tác văn thư như sau:")
    assert c.subject == "công tác văn thư"


def test_generic_plural_is_not_an_issuer() -> None:
    # CPbaocaot5.md: "… kế hoạch thực hiện Nghị quyết số 57-NQ/TW của các cơ quan"
    # ("của các cơ quan" belongs to "kế hoạch", no body is named)
    c = one(
        "Việc xây dựng, ban hành chương trình, kế hoạch thực hiện Nghị quyết số 57-NQ/TW "
        "của các cơ quan"
    )
    assert (c.canonical, c.issuer) == ("57-NQ/TW", None)
    assert one("Quyết định số 5/QĐ-UBND của Ủy ban nhân dân tỉnh").issuer == "Ủy ban nhân dân tỉnh"


def test_doc_type_is_the_printed_type_word_like_the_header() -> None:
    # seed 004: "Căn cứ Chương trình phối hợp công tác số 04/CtrPH-MTTW-BTTTT, …"; the
    # header parser types "CHƯƠNG TRÌNH PHỐI HỢP CÔNG TÁC" the same way. Spelling
    # variants ("Qui chế") and abbreviations ("QĐ") give the type's name.
    c = one("Căn cứ Chương trình phối hợp công tác số 04/CtrPH-MTTW-BTTTT, ngày 19/10/2020;")
    assert c.doc_type == "Chương trình phối hợp công tác"
    assert one("Căn cứ Qui chế số 3-QC/TU ngày 1/2/2020;").doc_type == "Quy chế"
    assert one("QĐ số 720-QĐ/TU").doc_type == "Quyết định"
    assert one("căn cứ thông báo kết luận số 5-TB/TU").doc_type == "Thông báo kết luận"


def test_cpbaocaot5_heading_citation_has_no_generic_issuer() -> None:
    from tests.conftest import corpus_file

    text = corpus_file("vnmasterplan/CPbaocaot5.md").read_text(encoding="utf-8")
    line = next(
        ln for ln in text.splitlines() if ln.rstrip("* ").endswith("57-NQ/TW của các cơ quan")
    )
    cs = [c for c in find_citations(line) if c.canonical == "57-NQ/TW"]
    assert cs and all(c.issuer is None for c in cs)


def test_longest_first_alternation() -> None:
    import re

    import vanban.parsers.alternation as alternation_mod
    from vanban.parsers.alternation import longest_first

    assert doctest.testmod(alternation_mod).failed == 0
    alt = longest_first(["Xét", "Xét đề nghị", "Xét", "Căn cứ"])
    assert alt == r"Xét\ đề\ nghị|Căn\ cứ|Xét"  # longest first, each word once
    assert re.fullmatch(alt, "Xét đề nghị") and not re.fullmatch(alt, "Xét  đề nghị")
    wrapped = longest_first(["Quy chế phối hợp", "Quy chế"], wrap_spaces=True)
    assert re.match(wrapped, "Quy\nchế phối  hợp số 5").group(0) == "Quy\nchế phối  hợp"
    assert longest_first(["a.b"]) == r"a\.b"
