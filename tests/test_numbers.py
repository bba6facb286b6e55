"""vanban.parsers.numbers: the three number grammars, blanks in drafts, numbers in text."""

from __future__ import annotations

import doctest

import pytest

import vanban.parsers.numbers as numbers_mod
from vanban.parsers.numbers import (
    NUMBER_RE,
    parse_number,
    parse_number_template,
    type_name_for_code,
)

# text, canonical, serial, year, type_code, issuer_code, system, grammar
CASES = [
    ("Số 21-NQ/TU", "21-NQ/TU", "21", None, "NQ", "TU", "party", "party"),
    (
        "Số: 15 -CTr/BTGDVTU-UBMTTQ",
        "15-CTr/BTGDVTU-UBMTTQ",
        "15",
        None,
        "CTr",
        "BTGDVTU-UBMTTQ",
        "party",
        "party",
    ),
    ("3260-KH/ĐĐQH15", "3260-KH/ĐĐQH15", "3260", None, "KH", "ĐĐQH15", "party", "party"),
    ("402-CV/VPĐU", "402-CV/VPĐU", "402", None, "CV", "VPĐU", "party", "party"),
    (
        "Số: 115/KH-MTTQ-UB",
        "115/KH-MTTQ-UB",
        "115",
        None,
        "KH",
        "MTTQ-UB",
        "state",
        "administrative",
    ),
    (
        "Số: 2450/VPCP-KGVX",
        "2450/VPCP-KGVX",
        "2450",
        None,
        None,
        "VPCP-KGVX",
        "state",
        "administrative",
    ),
    (
        "2638/LĐTBXH-KHTC",
        "2638/LĐTBXH-KHTC",
        "2638",
        None,
        None,
        "LĐTBXH-KHTC",
        "state",
        "administrative",
    ),
    (
        "252/KH-BCĐQG1237",
        "252/KH-BCĐQG1237",
        "252",
        None,
        "KH",
        "BCĐQG1237",
        "state",
        "administrative",
    ),
    ("Số: 30/2020/NĐ-CP", "30/2020/NĐ-CP", "30", 2020, "NĐ", "CP", "state", "normative"),
    (
        "Nghị quyết số: 104/2025/UBTVQH15",
        "104/2025/UBTVQH15",
        "104",
        2025,
        None,
        "UBTVQH15",
        "state",
        "normative",
    ),
    (
        "Pháp lệnh số: 02/2020/UBTVQH14",
        "02/2020/UBTVQH14",
        "02",
        2020,
        None,
        "UBTVQH14",
        "state",
        "normative",
    ),
    ("Số: 06 /2024/TT-BCT", "06/2024/TT-BCT", "06", 2024, "TT", "BCT", "state", "normative"),
    ("05/2026/QĐ-TTg", "05/2026/QĐ-TTg", "05", 2026, "QĐ", "TTg", "state", "normative"),
    ("47/NQ-CP", "47/NQ-CP", "47", None, "NQ", "CP", "state", "administrative"),
    (
        "04/CtrPH-MTTW-BTTTT",
        "04/CtrPH-MTTW-BTTTT",
        "04",
        None,
        "CtrPH",
        "MTTW-BTTTT",
        "state",
        "administrative",
    ),
    ("63/2025/QH15", "63/2025/QH15", "63", 2025, None, "QH15", "state", "normative"),
    (
        "Số: 01/2020/TTLT-BTC-BLĐTBXH",
        "01/2020/TTLT-BTC-BLĐTBXH",
        "01",
        2020,
        "TTLT",
        "BTC-BLĐTBXH",
        "state",
        "normative",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_grammars(case: tuple) -> None:
    text, canonical, serial, year, type_code, issuer, system, grammar = case
    n = parse_number(text)
    assert n is not None
    assert n.raw == text
    assert (n.canonical, n.serial, n.year, n.type_code, n.issuer_code, n.system, n.grammar) == (
        canonical,
        serial,
        year,
        type_code,
        issuer,
        system,
        grammar,
    )


def test_eth_and_spaces_in_canonical_only() -> None:
    n = parse_number("Số: 720 -QÐ/TU")  # U+00D0 Eth from OCR
    assert n is not None
    assert n.raw == "Số: 720 -QÐ/TU"
    assert n.canonical == "720-QĐ/TU"
    assert n.type_code == "QĐ"


def test_raw_prefix_only_when_on_the_same_line() -> None:
    n = parse_number("Căn cứ Quyết định số 720 -QĐ/TU, ngày 13/2/2026")
    assert n is not None and n.raw == "số 720 -QĐ/TU"
    n = parse_number("TỈNH ỦY\nSố 21-NQ/TU")
    assert n is not None and n.raw == "Số 21-NQ/TU"


@pytest.mark.parametrize(
    "text", ["Số:      /QĐ-UBND", "Số: …/KH-DCT", "ngày 13/6/2025", "năm 2026", "Điều 1/2", ""]
)
def test_no_number(text: str) -> None:
    assert parse_number(text) is None


def test_templates() -> None:
    t = parse_number_template("Số:      /QĐ-UBND")
    assert t is not None
    assert (t.type_code, t.issuer_code, t.grammar, t.system) == (
        "QĐ",
        "UBND",
        "administrative",
        "state",
    )
    t = parse_number_template("Số: …/KH-DCT")
    assert t is not None and (t.type_code, t.issuer_code) == ("KH", "DCT")
    t = parse_number_template("Số:    -KH/TU")
    assert t is not None and (t.type_code, t.issuer_code, t.system) == ("KH", "TU", "party")
    t = parse_number_template("Số:     /2025/NĐ-CP")
    assert t is not None and (t.year, t.type_code, t.grammar) == (2025, "NĐ", "normative")
    assert parse_number_template("Số: 30/2020/NĐ-CP") is None  # a real number
    assert parse_number_template("Kính gửi: các sở") is None


def test_number_re_in_running_text() -> None:
    text = (
        "Căn cứ Quyết định số 720 -QĐ/TU, ngày 13/2/2026 của Ban Thường vụ; "
        "Nghị định số 15/2020/NĐ-CP và văn bản số 1234/UBND-KSTT ngày 12-3-2024"
    )
    found = [m.group(0) for m in NUMBER_RE.finditer(text)]
    assert found == ["720 -QĐ/TU", "15/2020/NĐ-CP", "1234/UBND-KSTT"]


def test_unknown_codes_are_kept() -> None:
    n = parse_number("Số 12-XYZ/TU")  # party grammar: the type slot is fixed
    assert n is not None and n.type_code == "XYZ"
    n = parse_number("Số 12/ABC-UBND")  # state: unknown first code → issuer
    assert n is not None and n.type_code is None and n.issuer_code == "ABC-UBND"


def test_type_names() -> None:
    assert type_name_for_code("NQ") == "Nghị quyết"
    assert type_name_for_code("QĐi") == "Quy định"
    assert type_name_for_code("TT", "party") == "Thông tri"
    assert type_name_for_code("TT", "state") == "Thông tư"
    assert type_name_for_code("ZZZ") is None


def test_docstrings() -> None:
    assert doctest.testmod(numbers_mod).failed == 0


# A number wrapped by the page layout parses like the unwrapped one (seed 000's PDF
# prints "… Quyết định số 720" / "-QĐ/TU, ngày 13/2/2026 …").
@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("Quyết định số 720\n-QĐ/TU, ngày 13/2/2026", "720-QĐ/TU"),
        ("Quyết định số 720 -\nQĐ/TU, ngày 13/2/2026", "720-QĐ/TU"),
        ("Nghị định số 30/\n2020/NĐ-CP ngày", "30/2020/NĐ-CP"),
        ("Nghị định số 30/2020\n/NĐ-CP ngày", "30/2020/NĐ-CP"),
        ("Kế hoạch số 115/KH-\nMTTQ-UB ngày", "115/KH-MTTQ-UB"),
        ("Kế hoạch số 115/KH\n-MTTQ-UB ngày", "115/KH-MTTQ-UB"),
    ],
)
def test_number_wrapped_across_lines(text: str, canonical: str) -> None:
    n = parse_number(text)
    assert n is not None and n.canonical == canonical


def test_wrapped_number_does_not_take_a_bullet_or_a_paragraph() -> None:
    # A number at the end of a line is not continued by a bullet ("- Ban …") nor
    # across a blank line.
    n = parse_number("Số: 15-CTr/BTGDVTU-UBMTTQ\n- Ban Tuyên giáo")
    assert n is not None and n.canonical == "15-CTr/BTGDVTU-UBMTTQ"
    n = parse_number("Số: 15-CTr/BTGDVTU\n-UBMTTQ")
    assert n is not None and n.canonical == "15-CTr/BTGDVTU-UBMTTQ"
    assert parse_number("năm 2020\n\n/NĐ-CP") is None


@pytest.mark.parametrize(
    ("text", "canonical", "raw"),
    [
        ("Nghị định số 44/2014NĐ-CP ngày 15/5/2014", "44/2014/NĐ-CP", "44/2014NĐ-CP"),
        ("Số: 12/2020QĐ-UBND", "12/2020/QĐ-UBND", "Số: 12/2020QĐ-UBND"),
        # 06-bct's scan: the hyphen read as a dot
        ("Nghị định số 69/2018/NĐ.CP ngày 15", "69/2018/NĐ-CP", "69/2018/NĐ.CP"),
    ],
)
def test_normative_number_with_its_second_slash_lost(text: str, canonical: str, raw: str) -> None:
    # OCR (and sometimes the print) drops the slash before the type code: the canonical
    # form puts it back, the printed text stays as it was
    n = parse_number(text)
    assert n is not None
    assert (n.canonical, n.grammar, n.year, n.type_code, n.issuer_code) == (
        canonical,
        "normative",
        int(canonical.split("/")[1]),
        canonical.split("/")[2].split("-")[0],
        canonical.split("-", 1)[1],
    )
    assert n.raw.endswith(raw)


def test_slashless_repair_needs_a_known_type_code() -> None:
    assert parse_number("số 12/2020ABC-UBND") is None
    assert parse_number("giai đoạn 2021/2025NĐ") is None


def test_administrative_number_with_its_slash_lost() -> None:
    # 47-cp's scan: "Số: 47/NQ-CP" read "Số: 47NQ-CP"
    n = parse_number("Số: 47NQ-CP")
    assert n is not None
    assert (n.canonical, n.serial, n.type_code, n.issuer_code, n.raw) == (
        "47/NQ-CP",
        "47",
        "NQ",
        "CP",
        "Số: 47NQ-CP",
    )
    assert parse_number("mã 123ABC-XY") is None  # no known type code: not a number
