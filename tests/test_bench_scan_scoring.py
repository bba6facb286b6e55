"""The OCR bench's "Căn cứ" scoring: every gold document matched once, one to one."""

from __future__ import annotations

from bench.ocr_bench import match_can_cu
from vanban.models.document import Citation

GOLD = [
    {"line": 1, "number": None, "name": "Luật Tổ chức chính quyền địa phương",
     "date": "2015-06-19", "first": True},
    {"line": 1, "number": None, "name": "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức "
     "Chính phủ và Luật Tổ chức chính quyền địa phương", "date": "2019-11-22", "first": False},
    {"line": 2, "number": "10/2018/TT-BTC", "name": "Thông tư", "date": "2018-01-30",
     "first": True},
]  # fmt: skip


def _law(name: str, date: str | None) -> Citation:
    return Citation(raw=f"{name} ngày …", name=name, date=date, verb="Căn cứ")


def test_each_gold_document_is_matched_once_by_number_or_name_and_date() -> None:
    basis = [
        _law("Luật Tổ chức chính quyên địa phương", "2015-06-19"),  # OCR's "quyên"
        _law(
            "Luật Sửa đối, bỏ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức "
            "chính quyên địa phương",
            "2019-11-22",
        ),
        Citation(raw="Thông tư số 10/2018/TT-BTC", number="10/2018/TT-BTC", verb="Căn cứ"),
    ]
    assert match_can_cu(GOLD, basis) == [(0, 0), (1, 1), (2, 2)]


def test_a_citation_cut_in_two_matches_once_and_its_other_half_is_false() -> None:
    basis = [
        _law("Luật Tổ chức chính quyền địa phương", "2015-06-19"),
        _law("Luật Sửa đối, bỏ sung một số điều", None),  # cut at the line break
        _law("Luật Tổ chức chính quyền địa phương", "2019-11-22"),  # its other half
        Citation(raw="Thông tư số 1", number=None, verb="Căn cứ"),
        Citation(raw="0/2018/TT-BTC", number="0/2018/TT-BTC", verb="Căn cứ"),
    ]
    pairs = match_can_cu(GOLD, basis)
    assert pairs == [(0, 0)]  # the 2019 half has the 2015 law's name but not its date
    assert len(basis) - len(pairs) == 4  # four false lines
