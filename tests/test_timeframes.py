"""vanban.parsers.timeframes: printed time text → start/end/recurrence, raw always kept."""

from __future__ import annotations

import pytest

from vanban.parsers.timeframes import parse_timeframe, recurrence_of

PERIODS = [
    ("15/3/2026", None, "2026-03-15", "2026-03-15"),
    ("ngày 15 tháng 3 năm 2026", None, "2026-03-15", "2026-03-15"),
    ("Tháng 6/2026", None, "2026-06-01", "2026-06-30"),
    ("tháng 6 năm 2026", None, "2026-06-01", "2026-06-30"),
    ("tháng 2-2028", None, "2028-02-01", "2028-02-29"),
    ("6/2025", None, "2025-06-01", "2025-06-30"),
    ("Quý IV/2030", None, "2030-10-01", "2030-12-31"),
    ("Quý I, quý II năm 2026", None, "2026-01-01", "2026-06-30"),
    ("Quý 2/2026", None, "2026-04-01", "2026-06-30"),
    ("Năm 2026", None, "2026-01-01", "2026-12-31"),
    ("2026", None, "2026-01-01", "2026-12-31"),
    ("Trong năm 2026", None, "2026-01-01", "2026-12-31"),
    ("Giai đoạn 2025-2030", None, "2025-01-01", "2030-12-31"),
    ("2025 - 2030", None, "2025-01-01", "2030-12-31"),
    ("Từ năm 2025 đến năm 2030", None, "2025-01-01", "2030-12-31"),
    ("Từ tháng 3 đến tháng 6/2026", None, "2026-03-01", "2026-06-30"),
    ("Tháng 3-6/2026", None, "2026-03-01", "2026-06-30"),
    ("Cuối năm 2026", None, "2026-10-01", "2026-12-31"),
    ("Đầu năm 2026", None, "2026-01-01", "2026-03-31"),
    ("6 tháng đầu năm 2026", None, "2026-01-01", "2026-06-30"),
    ("6 tháng cuối năm 2026", None, "2026-07-01", "2026-12-31"),
    ("Trước ngày 30/6/2026", None, None, "2026-06-30"),
    ("Trước tháng 6/2026", None, None, "2026-05-31"),
    ("Từ năm 2026", None, "2026-01-01", None),
    ("Năm 2026 và các năm tiếp theo", None, "2026-01-01", None),
    # periods without a year take the document's year, and only then
    ("Cả năm", 2026, "2026-01-01", "2026-12-31"),
    ("Cả năm", None, None, None),
    ("Cuối năm", 2026, "2026-10-01", "2026-12-31"),
    ("Tháng 6", 2026, "2026-06-01", "2026-06-30"),
    ("Quý II", 2025, "2025-04-01", "2025-06-30"),
]


@pytest.mark.parametrize(("raw", "year", "start", "end"), PERIODS)
def test_periods(raw: str, year: int | None, start: str | None, end: str | None) -> None:
    tf = parse_timeframe(raw, year=year)
    assert (tf.raw, tf.start, tf.end) == (raw, start, end)


RECURRENCES = [
    ("Thường xuyên", "continuous"),
    ("Hằng năm", "yearly"),
    ("Hàng năm", "yearly"),
    ("Ít nhất 01 lớp/năm", "yearly"),
    ("6 tháng, 1 năm", "half_yearly_and_yearly"),
    ("Định kỳ 6 tháng", "half_yearly"),
    ("Hằng quý", "quarterly"),
    ("Hằng tháng", "monthly"),
    ("Theo yêu cầu", "on_demand"),
    ("Khi có yêu cầu", "on_demand"),
    ("Theo kế hoạch năm", "per_plan"),
    ("Theo kế hoạch của Tỉnh ủy", "per_plan"),
    ("Theo chương trình công tác", "per_plan"),
    ("Theo từng đợt", "per_plan"),
    ("Theo chỉ đạo", "per_plan"),
    ("Định kỳ", "periodic"),
    ("Cả năm", None),
    ("Quý IV/2030", None),
]


@pytest.mark.parametrize(("raw", "recurrence"), RECURRENCES)
def test_recurrence(raw: str, recurrence: str | None) -> None:
    assert recurrence_of(raw) == recurrence
    assert parse_timeframe(raw).recurrence == recurrence


def test_recurrence_invents_no_dates_even_with_a_document_year() -> None:
    for raw in ("Thường xuyên", "Hằng năm", "Theo kế hoạch năm", "6 tháng, 1 năm"):
        tf = parse_timeframe(raw, year=2026)
        assert (tf.start, tf.end) == (None, None), raw


def test_recurrence_with_a_named_year_keeps_both() -> None:
    tf = parse_timeframe("Hằng quý năm 2026")
    assert (tf.recurrence, tf.start, tf.end) == ("quarterly", "2026-01-01", "2026-12-31")


@pytest.mark.parametrize(
    "raw", ["Sau khi có hướng dẫn", "", "31/02/2026", "08/6/20210", "Quý V/2026"]
)
def test_unparseable_keeps_raw_without_dates(raw: str) -> None:
    tf = parse_timeframe(raw, year=2026)
    assert tf.raw == raw
    assert (tf.start, tf.end) == (None, None)
