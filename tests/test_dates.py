"""vanban.parsers.dates: printed date forms, drafts with blanks, invalid dates."""

from __future__ import annotations

import doctest

import pytest

import vanban.parsers.dates as dates_mod
from vanban.parsers.dates import find_dates, parse_date

FULL = [
    ("ngày 13/6/2025", "ngày 13/6/2025", "2025-06-13"),
    ("ngày 13-6-2025", "ngày 13-6-2025", "2025-06-13"),
    ("13.6.2025", "13.6.2025", "2025-06-13"),
    ("ngày 13 tháng 6 năm 2025", "ngày 13 tháng 6 năm 2025", "2025-06-13"),
    ("ngày 13 tháng 02 năm 2026", "ngày 13 tháng 02 năm 2026", "2026-02-13"),
    (", ngày 13/2/2026", "ngày 13/2/2026", "2026-02-13"),
    ("Sơn La, ngày 23 tháng 6 năm 2026", "ngày 23 tháng 6 năm 2026", "2026-06-23"),
    ("Hà Nội, Ngày 01 tháng 7 năm 2024", "Ngày 01 tháng 7 năm 2024", "2024-07-01"),
]


@pytest.mark.parametrize(("text", "raw", "iso"), FULL, ids=[c[0] for c in FULL])
def test_full_dates(text: str, raw: str, iso: str) -> None:
    d = parse_date(text)
    assert d is not None
    assert (d.raw, d.iso, d.error, d.blank) == (raw, iso, None, False)
    assert text[d.start : d.end] == raw


def test_year_only_and_month_year() -> None:
    d = parse_date("Luật Mặt trận Tổ quốc Việt Nam năm 2015")
    assert d is not None and (d.raw, d.year, d.month, d.day, d.iso) == (
        "năm 2015",
        2015,
        None,
        None,
        None,
    )
    d = parse_date("tháng 6 năm 2025")
    assert d is not None and (d.year, d.month, d.iso) == (2025, 6, None)


@pytest.mark.parametrize(
    "text", ["31/02/2026", "08/6/20210", "ngày 32 tháng 1 năm 2025", "ngày 1 tháng 13 năm 2025"]
)
def test_invalid_dates_are_reported_not_invented(text: str) -> None:
    d = parse_date(text)
    assert d is not None
    assert d.error == "invalid_date"
    assert d.iso is None


def test_invalid_keeps_valid_parts() -> None:
    d = parse_date("ngày 08/6/20210")
    assert d is not None and (d.day, d.month, d.year) == (8, 6, None)


@pytest.mark.parametrize(
    "text", ["ngày    tháng    năm 2025", "ngày … tháng … năm 2025", "ngày.....tháng.....năm 2025"]
)
def test_blank_drafts(text: str) -> None:
    d = parse_date(text)
    assert d is not None
    assert (d.blank, d.year, d.iso, d.error) == (True, 2025, None, None)
    assert d.raw == text


def test_find_dates_offsets_and_base() -> None:
    text = "Quyết định số 720 -QĐ/TU, ngày\n13/2/2026 và Luật năm 2015"
    found = find_dates(text, base=100)
    assert [d.raw for d in found] == ["ngày\n13/2/2026", "năm 2015"]
    assert text[found[0].start - 100 : found[0].end - 100] == "ngày\n13/2/2026"
    assert found[0].iso == "2026-02-13"


@pytest.mark.parametrize(
    "text", ["Số 30/2020/NĐ-CP", "1.2.3. Nội dung", "giai đoạn 2022 - 2024", "6566-QĐ/TU", ""]
)
def test_not_dates(text: str) -> None:
    assert find_dates(text) == []


def test_parse_date_prefers_a_full_date() -> None:
    d = parse_date("Chương trình năm 2026, ngày 13/6/2025")
    assert d is not None and d.iso == "2025-06-13"


def test_docstrings() -> None:
    assert doctest.testmod(dates_mod).failed == 0
