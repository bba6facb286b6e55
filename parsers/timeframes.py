"""Time text of a task ("Quý IV/2030", "Cuối năm 2026", "Thường xuyên") → a Timeframe.

``raw`` keeps the print; ``start``/``end`` are ISO dates of the period it names;
``recurrence`` says how often for texts that name no single period. Full dates come
from :mod:`vanban.parsers.dates`; months, quarters, halves, years and ranges are read here.

Conventions (documented once, tested):

* a month, quarter or year runs from its first to its last day;
* "Đầu năm" is the first quarter, "Giữa năm" the second and third, "Cuối năm" the fourth
  quarter (2026-10-01 … 2026-12-31); "6 tháng đầu năm" / "6 tháng cuối năm" are the halves;
* "Trước ngày 30/6/2026", "chậm nhất …", "hoàn thành trước …" give only ``end``: the
  date itself for a full date (the deadline day), the day before for a period
  ("Trước tháng 6/2026" → 2026-05-31);
* "Từ …" without an end, or "… và các năm tiếp theo" / "… trở đi" give only ``start``;
* a period without a year ("Cả năm", "Trong năm", "Tháng 6", "Quý II", "Cuối năm") takes the
  document's year when given, else it has no dates;
* a recurrence ("Hằng năm") does not invent dates; with a year ("Hằng quý năm 2026") both are set.

>>> tf = parse_timeframe("Quý I, quý II năm 2026")
>>> (tf.start, tf.end)
('2026-01-01', '2026-06-30')
>>> parse_timeframe("Cả năm", year=2026).end
'2026-12-31'
>>> parse_timeframe("6 tháng, 1 năm").recurrence
'half_yearly_and_yearly'
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from typing import cast

from vanban.extract.hygiene import squash_spaces, strip_diacritics
from vanban.models.document import Recurrence, Timeframe
from vanban.parsers.dates import MAX_YEAR, MIN_YEAR, find_dates

RECURRENCE_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\b6 thang\s*(?:,|va|/)\s*(?:1 nam|ca nam|nam)\b", "half_yearly_and_yearly"),
    (r"\bso ket 6 thang\b.*\btong ket nam\b", "half_yearly_and_yearly"),
    (r"\b(?:hang|hoang) quy\b|\btheo quy\b|/\s*quy\b", "quarterly"),
    (r"\b(?:hang|hoang) thang\b|/\s*thang\b", "monthly"),
    (r"\b(?:hang|hoang) tuan\b|/\s*tuan\b", "weekly"),
    (r"\b(?:dinh ky |hang |moi )?6 thang(?: mot lan| 1 lan)?$|\bnua nam\b", "half_yearly"),
    (r"\b(?:hang|hoang) nam\b|/\s*nam\b|\bmoi nam\b", "yearly"),
    (r"\bthuong xuyen\b|\blien tuc\b", "continuous"),
    (r"\btheo yeu cau\b|\bkhi co yeu cau\b|\bkhi can\b|\bdot xuat\b", "on_demand"),
    (r"\btheo (?:ke hoach|chuong trinh|tung dot|chi dao|lo trinh|tien do)\b", "per_plan"),
    (r"\bdinh ky\b", "periodic"),
)
"""(pattern on the folded text, recurrence), first match wins. Folded text: lower case,
no diacritics, spaces squashed ("Hằng năm" → "hang nam")."""

_RANGE_SEP = r"\s*(?:-|–|—|đến|den|tới|toi)\s*"
_YEAR = r"(\d{4})(?!\d)"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_QUARTER = r"qu[yý]\s*(iv|iii|ii|i|[1-4])\b"

# patterns on the folded text
_YEAR_RANGE = re.compile(rf"(?<![\d/]){_YEAR}{_RANGE_SEP}(?:nam\s*)?{_YEAR}")
_MONTH_RANGE = re.compile(
    rf"(?:(?:tu\s*)?thang\s*|(?<![\d/.]))(\d{{1,2}})(?:\s*(?:nam\s*|/)\s*{_YEAR})?{_RANGE_SEP}"
    rf"(?:thang\s*)?(\d{{1,2}})\s*(?:nam\s*|/)\s*{_YEAR}"
)
_MONTH_RANGE_NO_YEAR = re.compile(
    rf"(?:tu\s*)?thang\s*(\d{{1,2}}){_RANGE_SEP}(?:thang\s*)?(\d{{1,2}})\b(?!\s*/)"
)
_MONTH = re.compile(
    rf"(?:\bthang\s*(\d{{1,2}})(?:\s*nam\s*|\s*/\s*|-)|(?<![\d/.])(\d{{1,2}})\s*/\s*){_YEAR}"
)
_MONTH_NO_YEAR = re.compile(r"\bthang\s*(\d{1,2})\b(?!\s*[/\d])")
_QUARTERS = re.compile(
    rf"{_QUARTER}((?:\s*(?:,|va|-|–|den|toi)\s*(?:{_QUARTER}|(iv|iii|ii|i)\b))*)"
)
_HALF = re.compile(r"\b6 thang (dau|cuoi) nam\b")
_PART_OF_YEAR = re.compile(r"\b(dau|giua|cuoi) nam\b")
_WHOLE_YEAR = re.compile(r"\b(?:ca nam|trong nam|nam nay)\b")
_BEFORE = re.compile(r"\b(?:truoc|cham nhat|han cuoi|khong muon hon)\b")
_BLANK_DAY = re.compile(r"\bngay\W*thang\b")
"""'ngày tháng 10 năm 2025': the day is missing (a blank, or lost by OCR): no date."""
_FROM = re.compile(r"^(?:bat dau\s*)?tu\b|\btro di\b|\bcac nam tiep theo\b|\bnhung nam tiep theo\b")
_YEARS = re.compile(rf"(?<!\d){_YEAR}")


def _fold(text: str) -> str:
    return squash_spaces(strip_diacritics(text))


def _ok_year(y: int) -> bool:
    return MIN_YEAR <= y <= MAX_YEAR


def _first(y: int, m: int = 1) -> _dt.date:
    return _dt.date(y, m, 1)


def _last(y: int, m: int = 12) -> _dt.date:
    return _dt.date(y, m, calendar.monthrange(y, m)[1])


def _quarter_numbers(m: re.Match[str]) -> list[int]:
    found = re.findall(r"(?:qu[yý]\s*)?\b(iv|iii|ii|i|[1-4])\b", m.group(0))
    return [_ROMAN[q] for q in found if q in _ROMAN]


def _period(folded: str, year: int | None) -> tuple[_dt.date | None, _dt.date | None]:
    """Start and end of the period the folded text names (full dates handled elsewhere)."""
    m = _MONTH_RANGE.search(folded)
    if m:
        m1, y1, m2, y2 = int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4))
        ys = int(y1) if y1 else int(y2)
        if 1 <= m1 <= 12 and 1 <= m2 <= 12 and _ok_year(ys) and _ok_year(int(y2)):
            return _first(ys, m1), _last(int(y2), m2)
    m = _YEAR_RANGE.search(folded)
    if m and _ok_year(int(m.group(1))) and _ok_year(int(m.group(2))):
        return _first(int(m.group(1))), _last(int(m.group(2)))
    m = _QUARTERS.search(folded)
    if m:
        quarters = _quarter_numbers(m)
        ym = _YEARS.search(folded, m.end()) or _YEARS.search(folded)
        y = int(ym.group(1)) if ym else year
        if quarters and y is not None and _ok_year(y):
            return _first(y, 3 * min(quarters) - 2), _last(y, 3 * max(quarters))
        return None, None
    if re.search(r"\bquy\s*(?:[ivxl]+|\d+)\b", folded):
        return None, None  # a quarter we cannot read ("Quý V/2026"): not the whole year
    m = _MONTH.search(folded)
    if m:
        month, y = int(m.group(1) or m.group(2)), int(m.group(3))
        if 1 <= month <= 12 and _ok_year(y):
            return _first(y, month), _last(y, month)
    ym = _YEARS.search(folded)
    y = int(ym.group(1)) if ym and _ok_year(int(ym.group(1))) else year
    if y is None:
        return None, None
    m = _MONTH_RANGE_NO_YEAR.search(folded)
    if m and 1 <= int(m.group(1)) <= 12 and 1 <= int(m.group(2)) <= 12:
        return _first(y, int(m.group(1))), _last(y, int(m.group(2)))
    m = _MONTH_NO_YEAR.search(folded)
    if m and 1 <= int(m.group(1)) <= 12:
        return _first(y, int(m.group(1))), _last(y, int(m.group(1)))
    m = _HALF.search(folded)
    if m:
        return (_first(y), _last(y, 6)) if m.group(1) == "dau" else (_first(y, 7), _last(y))
    m = _PART_OF_YEAR.search(folded)
    if m:
        part = m.group(1)
        if part == "dau":
            return _first(y), _last(y, 3)
        if part == "giua":
            return _first(y, 4), _last(y, 9)
        return _first(y, 10), _last(y)
    if ym or _WHOLE_YEAR.search(folded):
        return _first(y), _last(y)
    return None, None


def recurrence_of(text: str) -> Recurrence | None:
    """How often a task recurs, from its printed time text.

    >>> recurrence_of("Hàng năm"), recurrence_of("Theo kế hoạch năm"), recurrence_of("2026")
    ('yearly', 'per_plan', None)
    """
    folded = _fold(text)
    for pattern, value in RECURRENCE_PATTERNS:
        if re.search(pattern, folded):
            return cast(Recurrence, value)
    return None


def parse_timeframe(raw: str, *, year: int | None = None) -> Timeframe:
    """Printed time text → :class:`Timeframe` (see the module's conventions).

    >>> tf = parse_timeframe("Trước ngày 30/6/2026")
    >>> (tf.start, tf.end)
    (None, '2026-06-30')
    >>> parse_timeframe("Cuối năm 2026").start
    '2026-10-01'
    >>> parse_timeframe("Hoàn thành trước ngày tháng 10 năm 2025").end is None
    True
    """
    text = raw.strip()
    folded = _fold(text)
    recurrence = recurrence_of(text)
    dates = find_dates(text)
    if any(d.error for d in dates) or _BLANK_DAY.search(folded):
        # "31/02/2026", "08/6/20210", "trước ngày tháng 10": never invent a date
        return Timeframe(raw=raw, recurrence=recurrence)
    full = [d for d in dates if d.iso is not None and d.day is not None]
    start: _dt.date | None
    end: _dt.date | None
    if full:
        start = _dt.date.fromisoformat(full[0].iso)  # type: ignore[arg-type]
        end = _dt.date.fromisoformat(full[-1].iso)  # type: ignore[arg-type]
        if _BEFORE.search(folded):
            start = None
        elif len(full) == 1 and _FROM.search(folded):
            end = None
    else:
        start, end = _period(folded, year)
        if _BEFORE.search(folded) and start is not None:
            end = start - _dt.timedelta(days=1)
            start = None
        elif (
            _FROM.search(folded)
            and not _YEAR_RANGE.search(folded)
            and not _MONTH_RANGE.search(folded)
        ):
            end = None
    if recurrence is not None and not (_YEARS.search(folded) or full or _WHOLE_YEAR.search(folded)):
        start = end = None  # "Hằng năm", "Thường xuyên": no period unless the text names one
    return Timeframe(
        raw=raw,
        start=start.isoformat() if start else None,
        end=end.isoformat() if end else None,
        recurrence=recurrence,
    )
