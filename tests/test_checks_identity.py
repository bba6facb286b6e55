"""Identity keys, light records and the replaceable resolver."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from vanban.checks.identity import (
    base_key,
    block_key,
    identity_key,
    identity_of,
    keys_for_document,
    party_term,
    period_of,
)
from vanban.checks.per_block import block_key as mention_block_key
from vanban.checks.records import LEGAL_BASIS, Corpus, Mention, bad_date_of, type_word_before_number
from vanban.checks.resolve import resolve, split_by_period
from vanban.checks.run import run_checks
from vanban.models.document import Citation, DocNumber, Document, SourceInfo


@pytest.mark.parametrize(
    ("printed", "key"),
    [
        ("720 -QĐ/TU", "P|QĐ|720|TU"),
        ("720-QÐ/TU", "P|QĐ|720|TU"),  # U+00D0 Eth
        ("0720-QĐ/TU", "P|QĐ|720|TU"),
        ("08-QĐi/TW", "P|QĐI|8|TW"),
        ("15 -CTr/BTGDVTU-UBMTTQ", "P|CTR|15|BTGDVTU-UBMTTQ"),
        ("115/KH-MTTQ-UB", "S|KH|115|MTTQ-UB"),
        ("2450/VPCP-KGVX", "S||2450|VPCP-KGVX"),
        ("06 /2024/TT-BCT", "N|TT|6|BCT|2024"),
        ("104/2025/UBTVQH15", "N||104|UBTVQH15|2025"),
        ("3260-KH/ĐĐQH15", "P|KH|3260|ĐĐQH15"),
    ],
)
def test_base_keys(printed: str, key: str) -> None:
    identity = identity_of(printed)
    assert identity is not None
    assert base_key(identity) == key


def test_type_codes_are_kept_apart() -> None:
    keys = {base_key(identity_of(n)) for n in ("1-QĐ/TW", "1-QĐi/TW", "1-QyĐ/TW")}  # type: ignore[arg-type]
    assert len(keys) == 3


def test_periods() -> None:
    state = identity_of("115/KH-UBND")
    party_tw = identity_of("329-QĐ/TW")
    party_local = identity_of("720-QĐ/TU")
    assert state and party_tw and party_local
    assert identity_key(state, period_of(state, "2026-03-16")) == "S|KH|115|UBND@2026"
    assert identity_key(party_tw, period_of(party_tw, "2025-06-13")) == "P|QĐ|329|TW@XIII"
    assert period_of(party_local, "2026-02-13") is None
    assert party_term("TW", "2021-01-31") == "XII"
    assert party_term("VPTW", "2021-02-02") == "XIII"


def test_parser_parts_win_over_the_split() -> None:
    cv = identity_of("2450/VPCP-KGVX", type_code=None, issuer_code="VPCP-KGVX")
    assert cv is not None and cv.type_code == "" and cv.issuer_code == "VPCP-KGVX"


def _doc(name: str, citations: list[Citation], number: DocNumber | None = None) -> Document:
    src = SourceInfo(filename=name, sha256=name, format="txt", pages=1, ocr=False)
    return Document(
        extractor_version="t", source=src, number=number, date="2026-03-01", legal_basis=citations
    )


def test_keys_for_document_header_citations_and_blocks() -> None:
    number = DocNumber(
        raw="Số: 15 -CTr/BTGDVTU-UBMTTQ",
        canonical="15-CTr/BTGDVTU-UBMTTQ",
        serial="15",
        type_code="CTr",
        issuer_code="BTGDVTU-UBMTTQ",
        system="party",
        grammar="party",
    )
    doc = _doc(
        "a.txt",
        [
            Citation(
                raw="Quyết định số 720 -QĐ/TU, ngày 13/2/2026",
                number="720-QĐ/TU",
                date="2026-02-13",
            ),
            Citation(raw="Luật Mặt trận Tổ quốc Việt Nam năm 2015", name="Luật Mặt trận Tổ quốc"),
        ],
        number,
    )
    assert keys_for_document(doc) == {
        "P|CTR|15|BTGDVTU-UBMTTQ",
        "B|P|CTR|BTGDVTU-UBMTTQ|2026-03-01",
        "P|QĐ|720|TU",
        "B|P|QĐ|TU|2026-02-13",
    }
    m = Corpus.from_documents([doc]).mentions[1]
    assert mention_block_key(m) == block_key(identity_of("720-QĐ/TU"), "2026-02-13")  # type: ignore[arg-type]


def test_type_word_next_to_the_number_decides() -> None:
    raw = "Quy chế phối hợp … ban hành kèm theo Quyết định số 720 -QĐ/TU, ngày 13/2/2026"
    assert type_word_before_number(raw, "720 -QĐ/TU") == "quyet dinh"
    assert type_word_before_number("Nghị quyết số 301-QĐ/TW", "301-QĐ/TW") == "nghi quyet"
    assert type_word_before_number("Thông báo kết luận số 153/TB-VPCP", "153/TB-VPCP") == (
        "thong bao ket luan"
    )


def test_bad_dates() -> None:
    assert bad_date_of(None, "ngày 08/6/20210") == "ngày 08/6/20210"
    assert bad_date_of(None, "ngày 31/02/2025") == "ngày 31/02/2025"
    assert bad_date_of(None, "ngày 29/02/2024") is None  # a leap day
    assert bad_date_of("2024-02-29", "29/02/2024") is None
    assert bad_date_of(None, "năm 2015") is None
    assert bad_date_of("2025-02-31", "31/02/2025") == "31/02/2025"


def _m(key: str, date: str | None, subject: str = "") -> Mention:
    return Mention(key, 0, LEGAL_BASIS, key, date, None, "quyet dinh", "", subject, key, 1, False)


def test_default_resolver_splits_years_and_merges_a_mistyped_year() -> None:
    subject = "ban hanh quy che phoi hop giua hai co quan"
    groups = resolve(
        [_m("S|QĐ|5|UBND", "2025-01-02", subject), _m("S|QĐ|5|UBND", "2026-01-02", subject)]
    )
    assert list(groups) == ["S|QĐ|5|UBND@2025"]  # one document, its year mistyped once
    groups = resolve(
        [
            _m("S|QĐ|5|UBND", "2025-01-02", subject),
            _m("S|QĐ|5|UBND", "2026-01-02", "thanh lap doan kiem tra cong vu"),
            _m("S|QĐ|5|UBND", None, "thanh lap doan kiem tra cong vu nam 2026"),
        ]
    )
    assert {k: len(v) for k, v in groups.items()} == {"S|QĐ|5|UBND@2025": 1, "S|QĐ|5|UBND@2026": 2}


def test_yearly_subjects_stay_two_documents() -> None:
    a = _m("S|KH|115|UBND", "2025-03-10", "thuc hien cong tac dan van cua chinh quyen nam 2025")
    b = _m("S|KH|115|UBND", "2026-03-16", "thuc hien cong tac dan van cua chinh quyen nam 2026")
    assert sorted(resolve([a, b])) == ["S|KH|115|UBND@2025", "S|KH|115|UBND@2026"]


def test_resolver_is_replaceable() -> None:
    calls: list[int] = []

    def one_per_mention(group: Sequence[Mention]) -> list[list[Mention]]:
        calls.append(len(group))
        return [[m] for m in group]

    a = _doc("a.txt", [Citation(raw="QĐ 1", number="720-QĐ/TU", date="2026-02-13")])
    b = _doc("b.txt", [Citation(raw="QĐ 2", number="720-QĐ/TU", date="2026-02-12")])
    corpus = Corpus.from_documents([a, b])
    assert [f.kind for f in run_checks(corpus)] == ["date_mismatch"]
    assert run_checks(corpus, resolver=one_per_mention) == []  # nothing grouped, nothing found
    assert calls == [2]
    assert split_by_period(corpus.mentions)  # the default is importable and callable
