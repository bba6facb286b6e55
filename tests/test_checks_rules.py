"""Each finding kind on constructed documents: a planted case and a look-alike."""

from __future__ import annotations

from typing import Any

from vanban.checks.findings import Finding
from vanban.checks.incremental import check_documents
from vanban.models.document import Citation, DocNumber, Document, SourceInfo

_PARTY = {"system": "party", "grammar": "party"}
_STATE = {"system": "state", "grammar": "administrative"}


def number(canonical: str, raw: str | None = None) -> DocNumber:
    if "-" in canonical.split("/")[0]:
        serial, rest = canonical.split("-", 1)
        type_code, issuer = rest.split("/", 1)
        kinds: dict[str, Any] = _PARTY
    else:
        serial, rest = canonical.split("/", 1)
        type_code, issuer = rest.split("-", 1)
        kinds = _STATE
    return DocNumber(
        raw=raw or f"Số: {canonical}",
        canonical=canonical,
        serial=serial,
        type_code=type_code,
        issuer_code=issuer,
        page=1,
        **kinds,
    )


def cite(
    raw: str,
    num: str | None,
    date: str | None = None,
    *,
    doc_type: str | None = "Quyết định",
    issuer: str | None = None,
    subject: str | None = None,
    date_raw: str | None = None,
    page: int = 1,
) -> Citation:
    return Citation(
        raw=raw,
        doc_type=doc_type,
        doc_type_raw=doc_type,
        number=num,
        date=date,
        date_raw=date_raw or date,
        issuer=issuer,
        subject=subject,
        page=page,
    )


def doc(
    name: str,
    *,
    num: str | None = None,
    date: str | None = None,
    doc_type: str | None = "Kế hoạch",
    title: str | None = None,
    issuers: list[str] | None = None,
    basis: list[Citation] | None = None,
    refs: list[Citation] | None = None,
    date_raw: str | None = None,
) -> Document:
    return Document(
        extractor_version="test",
        source=SourceInfo(filename=name, sha256=name, format="txt", pages=1, ocr=False),
        doc_type=doc_type,
        doc_type_raw=doc_type.upper() if doc_type else None,
        number=number(num) if num else None,
        date=date,
        date_raw=date_raw or date,
        title=title,
        issuers=issuers or [],
        legal_basis=basis or [],
        references=refs or [],
    )


QC = "ban hành Quy chế phối hợp giữa Ban Tuyên giáo và Dân vận Tỉnh ủy với Ủy ban MTTQ tỉnh"
BTV = "Ban Thường vụ Tỉnh ủy"


def q720(date: str = "2026-02-13", num: str = "720-QĐ/TU", **kw: Any) -> Citation:
    kw.setdefault("issuer", BTV)
    kw.setdefault("subject", QC)
    return cite(f"Quyết định số {num} ngày {date} của {BTV} về {QC}", num, date, **kw)


def q720_header(name: str, num: str, date: str) -> Document:
    """The Quyết định a test plants in the corpus as the one q720() cites."""
    return doc(
        name,
        num=num,
        date=date,
        doc_type="Quyết định",
        title=f"về {QC}",
        issuers=["TỈNH ỦY ĐIỆN BIÊN"],
    )


def two_citing_q720() -> list[Document]:
    """Two plans that both cite q720() as it prints."""
    return [
        doc("a.txt", num="1-KH/TU", date="2026-03-01", basis=[q720()]),
        doc("b.txt", num="2-KH/TU", date="2026-03-02", basis=[q720()]),
    ]


def kinds(findings: list[Finding]) -> list[str]:
    return [f.kind for f in findings]


def test_clean_surface_forms_give_nothing() -> None:
    docs = [
        doc("a.txt", num="1-KH/TU", date="2026-03-01", basis=[q720()]),
        doc("b.txt", num="2-KH/TU", date="2026-03-02", basis=[q720(num="720-QĐ/TU")]),
        doc(
            "c.txt",
            num="3-KH/TU",
            date="2026-03-03",
            basis=[q720(doc_type="QĐ", issuer="BTV Tỉnh uỷ")],
        ),
        doc("d.txt", num="4-KH/TU", date="2026-03-04", basis=[q720(issuer=None, subject=None)]),
    ]
    assert check_documents(docs) == []


def test_date_mismatch_and_lookalike() -> None:
    planted = [
        doc("a.txt", num="1-KH/TU", date="2026-03-01", basis=[q720()]),
        doc("b.txt", num="2-KH/TU", date="2026-03-02", basis=[q720("2026-02-12")]),
    ]
    found = check_documents(planted)
    assert kinds(found) == ["date_mismatch"]
    assert found[0].documents == ["a.txt", "b.txt"]
    assert {e.text for e in found[0].evidence} == {c.raw for d in planted for c in d.legal_basis}
    # look-alike: a State number repeats next year for another document
    other = "kế hoạch phòng, chống thiên tai và tìm kiếm cứu nạn"
    lookalike = [
        doc(
            "a.txt",
            num="1/KH-UBND",
            date="2026-03-01",
            basis=[
                cite(
                    "Kế hoạch số 115/KH-UBND ngày 02/3/2025",
                    "115/KH-UBND",
                    "2025-03-02",
                    doc_type="Kế hoạch",
                    subject="công tác dân vận của chính quyền năm 2025",
                )
            ],
        ),
        doc(
            "b.txt",
            num="2/KH-UBND",
            date="2026-03-02",
            basis=[
                cite(
                    "Kế hoạch số 115/KH-UBND ngày 20/1/2026",
                    "115/KH-UBND",
                    "2026-01-20",
                    doc_type="Kế hoạch",
                    subject=other,
                )
            ],
        ),
    ]
    assert check_documents(lookalike) == []


def test_number_mismatch_and_lookalike() -> None:
    planted = [
        doc("a.txt", num="1-KH/TU", date="2026-03-01", basis=[q720()]),
        doc("b.txt", num="2-KH/TU", date="2026-03-02", basis=[q720(num="702-QĐ/TU")]),
    ]
    found = check_documents(planted)
    assert kinds(found) == ["number_mismatch"]
    assert "702-QĐ/TU" in found[0].message and "720-QĐ/TU" in found[0].message
    lookalike = [
        doc("a.txt", num="1-KH/TU", date="2026-03-01", basis=[q720()]),
        doc(
            "b.txt",
            num="2-KH/TU",
            date="2026-03-02",
            basis=[
                q720(num="721-QĐ/TU", subject="thành lập Ban Chỉ đạo phòng, chống tham nhũng tỉnh")
            ],
        ),
    ]
    assert check_documents(lookalike) == []


def test_type_code_mismatch_and_lookalike() -> None:
    bad = cite(
        "Nghị quyết số 301-QĐ/TW ngày 09/6/2025", "301-QĐ/TW", "2025-06-09", doc_type="Nghị quyết"
    )
    found = check_documents([doc("a.txt", num="1-KH/TU", date="2026-03-01", basis=[bad])])
    assert kinds(found) == ["type_code_mismatch"]
    assert found[0].evidence[0].text == bad.raw
    ok = [
        cite(
            "Quy định số 294-QĐ/TW ngày 26/5/2025", "294-QĐ/TW", "2025-05-26", doc_type="Quy định"
        ),
        cite(
            "Quy định số 08-QĐi/TW ngày 25/10/2018", "08-QĐi/TW", "2018-10-25", doc_type="Quy định"
        ),
        cite(
            "Chương trình phối hợp số 15-CTr/BTGDVTU-UBMTTQ",
            "15-CTr/BTGDVTU-UBMTTQ",
            doc_type="Chương trình phối hợp",
        ),
    ]
    assert check_documents([doc("a.txt", num="1-KH/TU", date="2026-03-01", basis=ok)]) == []


def test_issuer_mismatch_and_lookalike() -> None:
    planted = [
        doc(
            "a.txt",
            num="1-KH/TU",
            date="2026-03-01",
            basis=[
                cite(
                    "Quyết định số 329-QĐ/TW ngày 13/6/2025 của Ban Bí thư",
                    "329-QĐ/TW",
                    "2025-06-13",
                    issuer="Ban Bí thư",
                )
            ],
        ),
        doc(
            "b.txt",
            num="2-KH/TU",
            date="2026-03-02",
            basis=[
                cite(
                    "Quyết định số 329-QĐ/TW ngày 13/6/2025 của Bộ Chính trị",
                    "329-QĐ/TW",
                    "2025-06-13",
                    issuer="Bộ Chính trị",
                )
            ],
        ),
    ]
    assert kinds(check_documents(planted)) == ["issuer_mismatch"]
    lookalike = [
        doc(
            "a.txt", num="1-KH/TU", date="2026-03-01", basis=[q720(issuer="Ban Thường vụ Tỉnh uỷ")]
        ),
        doc(
            "b.txt", num="2-KH/TU", date="2026-03-02", basis=[q720(issuer="BTV Tỉnh ủy Điện Biên")]
        ),
    ]
    assert check_documents(lookalike) == []


def test_header_mismatch_and_lookalike() -> None:
    header = q720_header("qd720.txt", "720-QĐ/TU", "2026-02-14")
    planted = [header, *two_citing_q720()]
    found = check_documents(planted)
    assert kinds(found) == ["header_mismatch"]
    assert "2026-02-14" in found[0].message
    assert found[0].evidence[0].role == "header"
    good = header.model_copy(update={"date": "2026-02-13", "date_raw": "2026-02-13"})
    assert check_documents([good, *planted[1:]]) == []


def test_header_number_mismatch() -> None:
    header = q720_header("qd702.txt", "702-QĐ/TU", "2026-02-13")
    citing = two_citing_q720()
    found = check_documents([header, *citing])
    assert kinds(found) == ["header_mismatch"]
    assert "702-QĐ/TU" in found[0].message


def test_self_reference_mismatch_and_lookalike() -> None:
    def nq(date: str, refs: list[Citation]) -> Document:
        return doc(
            "nq21.txt",
            num="21-NQ/TU",
            date="2026-03-12",
            doc_type="Nghị quyết",
            title="về phát triển du lịch",
            refs=refs,
        )

    wrong = cite(
        "(kèm theo Nghị quyết số 21-NQ/TU, ngày 12/3/2025 của Tỉnh ủy)",
        "21-NQ/TU",
        "2025-03-12",
        doc_type="Nghị quyết",
        page=3,
    )
    wrong_num = cite(
        "(kèm theo Nghị quyết số 12-NQ/TU, ngày 12/3/2026 của Tỉnh ủy)",
        "12-NQ/TU",
        "2026-03-12",
        doc_type="Nghị quyết",
        page=3,
    )
    right = cite(
        "(kèm theo Nghị quyết số 21-NQ/TU, ngày 12/3/2026 của Tỉnh ủy)",
        "21-NQ/TU",
        "2026-03-12",
        doc_type="Nghị quyết",
        page=3,
    )
    found = check_documents([nq("2026-03-12", [wrong_num])])
    assert kinds(found) == ["self_reference_mismatch"]
    assert found[0].evidence[0].page == 3
    # same year: the key matches the header and only the date differs
    wrong_day = right.model_copy(
        update={"date": "2026-03-11", "raw": right.raw.replace("12/3", "11/3")}
    )
    assert kinds(check_documents([nq("2026-03-12", [wrong_day])])) == ["self_reference_mismatch"]
    assert check_documents([nq("2026-03-12", [right])]) == []
    # 21-NQ/TU of the previous year is another document, cited before this one: no finding
    assert check_documents([nq("2026-03-12", [wrong])]) == []


def test_cites_future_document_and_lookalike() -> None:
    late = cite("Quyết định số 720-QĐ/TU ngày 13/02/2026", "720-QĐ/TU", "2026-02-13")
    found = check_documents([doc("a.txt", num="1-KH/TU", date="2026-01-05", basis=[late])])
    assert kinds(found) == ["cites_future_document"]
    same_day = doc("a.txt", num="1-KH/TU", date="2026-02-13", basis=[late])
    assert check_documents([same_day]) == []
    # undated citation of a document the corpus holds, dated after the citing one
    header = doc(
        "qd720.txt", num="720-QĐ/TU", date="2026-02-13", doc_type="Quyết định", title=f"về {QC}"
    )
    undated = cite("Quyết định số 720-QĐ/TU", "720-QĐ/TU")
    found = check_documents(
        [header, doc("a.txt", num="1-KH/TU", date="2026-01-05", basis=[undated])]
    )
    assert kinds(found) == ["cites_future_document"]


def test_duplicate_number_and_lookalike() -> None:
    a = doc("a.txt", num="115/KH-UBND", date="2026-03-01", title="công tác dân vận năm 2026")
    b = doc("b.txt", num="115/KH-UBND", date="2026-05-01", title="phòng, chống thiên tai năm 2026")
    found = check_documents([a, b])
    assert kinds(found) == ["duplicate_number"]
    assert found[0].key == "S|KH|115|UBND@2026"
    twin = b.model_copy(update={"title": "Công tác dân vận năm 2026", "date": "2026-03-01"})
    assert check_documents([a, twin]) == []
    next_year = b.model_copy(update={"date": "2027-05-01"})
    assert check_documents([a, next_year]) == []


def test_invalid_date_and_lookalike() -> None:
    typo = cite(
        "Quyết định số 1180/QĐ-BTC ngày 08/6/20210", "1180/QĐ-BTC", None, date_raw="08/6/20210"
    )
    feb = cite(
        "Quyết định số 12/QĐ-UBND ngày 31/02/2025", "12/QĐ-UBND", None, date_raw="31/02/2025"
    )
    found = check_documents([doc("a.txt", num="1/KH-UBND", date="2026-01-05", basis=[typo, feb])])
    assert kinds(found) == ["invalid_date", "invalid_date"]
    assert {f.evidence[0].text for f in found} == {typo.raw, feb.raw}
    draft = doc("e.txt", num=None, date=None, date_raw="ngày     tháng     năm 2025")
    assert check_documents([draft]) == []


def test_invalid_date_once_per_printed_occurrence() -> None:
    typo = cite(
        "Nghị định số 63/2010/NĐ-CP ngày 08/6/20210",
        "63/2010/NĐ-CP",
        None,
        doc_type="Nghị định",
        date_raw="08/6/20210",
    )
    listed_twice = doc("a.txt", num="1/KH-UBND", date="2026-01-05", basis=[typo], refs=[typo])
    assert kinds(check_documents([listed_twice])) == ["invalid_date"]
    bad_header = doc("b.txt", num="2/KH-UBND", date=None, date_raw="ngày 31 tháng 02 năm 2026")
    found = check_documents([bad_header])
    assert kinds(found) == ["invalid_date"]
    assert found[0].evidence[0].role == "header"
