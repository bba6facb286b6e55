"""``Citation.relation``: what a citing sentence does to the cited document (issue 13)."""

from __future__ import annotations

import pytest

from vanban.parsers.relations import read_relation


def rel(text: str, cited: str, *, section: str = "references", others: tuple[str, ...] = ()) -> str:
    start = text.index(cited)
    spans = tuple((text.index(o), text.index(o) + len(o)) for o in others)
    return read_relation(text, (start, start + len(cited)), section=section, others=spans).relation  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "cited", "expected"),
    [
        (
            "SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA NGHỊ ĐỊNH SỐ 75/2021/NĐ-CP NGÀY 24 THÁNG 7 NĂM 2021",
            "75/2021/NĐ-CP",
            "amends",
        ),
        # tones misread by OCR (77/2024's title) still match
        (
            "Sửa đỗi, bỗ sung một số điều của Nghị định số 75/2021/NĐ-CP",
            "Nghị định số 75/2021/NĐ-CP",
            "amends",
        ),
        (
            "Quyết định này thay thế Quyết định số 10/2020/QĐ-UBND ngày 01/3/2020.",
            "Quyết định số 10/2020/QĐ-UBND",
            "replaces",
        ),
        ("Bãi bỏ Thông tư số 12/2019/TT-BTC.", "Thông tư số 12/2019/TT-BTC", "repeals"),
        ("Bãi bỏ Điều 5 của Thông tư số 12/2019/TT-BTC.", "Thông tư số 12/2019/TT-BTC", "amends"),
        (
            "Nghị định số 31/2013/NĐ-CP hết hiệu lực kể từ ngày Nghị định này có hiệu lực.",
            "Nghị định số 31/2013/NĐ-CP",
            "repeals",
        ),
        (
            "Để triển khai thực hiện Kết luận số 01-KL/TW của Bộ Chính trị, Ban Thường vụ",
            "Kết luận số 01-KL/TW",
            "implements",
        ),
        # someone else's act, or a document merely named
        (
            "Nghị định 75/2021/NĐ-CP đã được sửa đổi, bổ sung tại Nghị định số 55/2023/NĐ-CP.",
            "Nghị định số 55/2023/NĐ-CP",
            "mentions",
        ),
        (
            "Mức chi thực hiện theo Thông tư số 40/2017/TT-BTC.",
            "Thông tư số 40/2017/TT-BTC",
            "mentions",
        ),
        (
            "Điều 1. Ban hành kèm theo Quyết định này Quy chế. Điều 2. Thay thế nội dung. Xem Thông tư số 1/2020/TT-BTC.",
            "Thông tư số 1/2020/TT-BTC",
            "mentions",
        ),
    ],
)
def test_relation_from_the_citing_sentence(text: str, cited: str, expected: str) -> None:
    assert rel(text, cited) == expected


def test_a_cue_describing_another_citation_is_not_the_documents_act() -> None:
    text = ("Nghị định số 157/2016/NĐ-CP ngày 24/11/2016 của Chính phủ sửa đổi, bổ sung "
            "Nghị định số 150/2006/NĐ-CP.")  # fmt: skip
    first, second = "Nghị định số 157/2016/NĐ-CP", "Nghị định số 150/2006/NĐ-CP"
    assert rel(text, second, others=(first, second)) == "mentions"
    assert rel(text, second) == "amends"  # without knowing the other citation


def test_preamble_lines_take_their_verb() -> None:
    text = "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;"
    assert read_relation(text, (7, 55), section="legal_basis", verb="Căn cứ").relation == "basis"
    text = "Thực hiện Nghị quyết số 57-NQ/TW;"
    assert (
        read_relation(text, (10, 32), section="legal_basis", verb="Thực hiện").relation
        == "implements"
    )
    text = "Theo đề nghị của Sở Nội vụ tại Tờ trình số 5/TTr-SNV;"
    assert (
        read_relation(text, (31, 52), section="legal_basis", verb="Theo đề nghị").relation
        == "mentions"
    )


def test_a_plan_names_amendments_as_work_to_do() -> None:
    """ "Sửa đổi Nghị định số 80/2020/NĐ-CP" in a Kế hoạch is a task, not the plan's act."""
    from vanban.models.document import Citation
    from vanban.parsers.relations import attach_relations

    text = "1. Sửa đổi Nghị định số 80/2020/NĐ-CP về viện trợ. Thời gian: năm 2026."
    span = (text.index("Nghị định"), text.index(" về"))
    for doc_type, expected in (("Kế hoạch", "mentions"), ("Nghị định", "amends"), (None, "amends")):
        cite = Citation(raw=text[span[0] : span[1]], number="80/2020/NĐ-CP", span=span)
        attach_relations(text, [], [], [cite], doc_type=doc_type)
        assert cite.relation == expected, doc_type
