"""Agreement inside a document: mentions outvote an unsure reading (issue 11, item 5)."""

from __future__ import annotations

import doctest

import vanban.parsers.agreement as agreement_mod
from vanban.models.document import Citation, FieldConfidence
from vanban.parsers.agreement import outvote


def _cite(
    number: str, date: str, *, number_conf: float = 0.96, date_conf: float = 0.96
) -> Citation:
    return Citation(
        raw=f"Nghị định số {number} ngày {date} của Chính phủ về quản lý thông tin đối ngoại",
        number=number,
        number_raw=number,
        type_code="NĐ",
        issuer_code="CP",
        year=int(number.split("/")[1]),
        date=date,
        date_raw=date,
        subject="về quản lý hoạt động thông tin đối ngoại",
        page=11,
        confidence={
            "number": FieldConfidence(confidence=number_conf),
            "date": FieldConfidence(confidence=date_conf),
        },
    )


def test_an_unsure_date_is_outvoted_by_the_majority() -> None:
    cites = [
        _cite("72/2015/NĐ-CP", "2015-09-07"),
        _cite("72/2015/NĐ-CP", "2015-02-07", date_conf=0.83),
        _cite("72/2015/NĐ-CP", "2015-09-07"),
    ]
    warnings = outvote(cites, "references")
    assert [c.date for c in cites] == ["2015-09-07"] * 3
    assert cites[1].date_raw == "2015-02-07"  # the reading is kept
    (w,) = warnings
    assert (w.code, w.field) == ("ocr_reading_outvoted", "references[1].date")
    assert "2015-02-07" in w.message and "2015-09-07" in w.message


def test_no_majority_or_a_sure_minority_changes_nothing() -> None:
    tie = [
        _cite("72/2015/NĐ-CP", "2015-09-07"),
        _cite("72/2015/NĐ-CP", "2015-02-07", date_conf=0.8),
    ]
    assert outvote(tie, "references") == []
    assert tie[1].date == "2015-02-07"
    sure = [_cite("72/2015/NĐ-CP", "2015-09-07")] * 2 + [_cite("72/2015/NĐ-CP", "2015-02-07")]
    assert outvote(sure, "references") == []


def test_different_documents_of_one_day_do_not_vote() -> None:
    other = _cite("76/2015/NĐ-CP", "2015-09-07", number_conf=0.7)
    other.subject = "về quy định chi tiết Luật Kinh doanh bất động sản"
    cites = [_cite("72/2015/NĐ-CP", "2015-09-07"), _cite("72/2015/NĐ-CP", "2015-09-07"), other]
    assert outvote(cites, "references") == []
    assert other.number == "76/2015/NĐ-CP"


def test_docstrings() -> None:
    assert doctest.testmod(agreement_mod).failed == 0
