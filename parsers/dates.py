"""Dates as printed in Vietnamese documents, found in text and checked.

Forms: "ngày 13/6/2025", "ngày 13-6-2025", "13.6.2025", "ngày 13 tháng 6 năm 2025",
"ngày 13 tháng 02 năm 2026", place lines "Sơn La, ngày 23 tháng 6 năm 2026",
"tháng 6 năm 2025" (month and year), "năm 2015" (year only). Drafts leave day and
month blank ("ngày    tháng    năm 2025", "ngày … tháng … năm 2025"): ``blank`` is
True, the year is kept and ``iso`` is ``None``. An impossible date ("31/02/2026",
"08/6/20210") is reported with ``error="invalid_date"`` and no ``iso``: a date is
never invented.

``raw``/``start``/``end`` cover the printed text including a leading "ngày".

>>> d = parse_date("Sơn La, ngày 23 tháng 6 năm 2026")
>>> (d.raw, d.iso)
('ngày 23 tháng 6 năm 2026', '2026-06-23')
>>> parse_date("ngày 08/6/20210").error
'invalid_date'
>>> d = parse_date("ngày … tháng … năm 2025")
>>> (d.blank, d.year, d.iso)
(True, 2025, None)
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

MIN_YEAR = 1900
MAX_YEAR = 2100

_NUM_BLANK = r"[\s.…_]+"
DATE_PATTERN = (
    r"(?<![\w/.\-])(?:"
    # ngày 13 tháng 6 năm 2025 / ngày … tháng … năm 2025
    rf"(?P<v>ngày(?:\s*(?P<v_d>\d{{1,2}})\s*|{_NUM_BLANK})tháng"
    rf"(?:\s*(?P<v_m>\d{{1,2}})\s*|{_NUM_BLANK})năm(?:\s*(?P<v_y>\d{{2,5}})(?!\d)|[ \t.…_]*))"
    # (ngày) 13/6/2025, 13-6-2025, 13.6.2025
    r"|(?P<n>(?:ngày\s*)?(?P<n_d>\d{1,2})[ \t]*(?P<sep>[/.\-])[ \t]*(?P<n_m>\d{1,2})"
    r"[ \t]*(?P=sep)[ \t]*(?P<n_y>\d{4,5})(?![\d/]))"
    # tháng 6 năm 2025
    r"|(?P<m>tháng\s+(?P<m_m>\d{1,2})\s+năm\s+(?P<m_y>\d{4,5})(?!\d))"
    # năm 2015
    r"|(?P<y>năm\s+(?P<y_y>\d{4,5})(?![\d/]))"
    r")"
)
DATE_RE = re.compile(DATE_PATTERN, re.IGNORECASE)
"""Every printed date form above; see :func:`find_dates`."""


@dataclass(frozen=True, slots=True)
class DateMatch:
    """One printed date. ``iso`` only when day, month and year are all printed and valid."""

    raw: str
    iso: str | None
    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    error: str | None = None
    blank: bool = False

    @property
    def full(self) -> bool:
        """True when the text states a day (or a blank day in a draft)."""
        return self.day is not None or self.blank or self.iso is not None


def _int(s: str | None) -> int | None:
    return int(s) if s else None


def _build(m: re.Match[str], base: int) -> DateMatch:
    raw = m.group(0)
    start, end = m.start() + base, m.end() + base
    blank = False
    if m.group("v"):
        d, mo, y = _int(m.group("v_d")), _int(m.group("v_m")), _int(m.group("v_y"))
        blank = d is None or mo is None
    elif m.group("n"):
        d, mo, y = _int(m.group("n_d")), _int(m.group("n_m")), _int(m.group("n_y"))
    elif m.group("m"):
        d, mo, y = None, _int(m.group("m_m")), _int(m.group("m_y"))
    else:
        d, mo, y = None, None, _int(m.group("y_y"))

    error: str | None = None
    year_ok = y is None or MIN_YEAR <= y <= MAX_YEAR
    month_ok = mo is None or 1 <= mo <= 12
    if not (year_ok and month_ok):
        error = "invalid_date"
    iso: str | None = None
    if error is None and d is not None and mo is not None and y is not None:
        try:
            iso = _dt.date(y, mo, d).isoformat()
        except ValueError:
            error = "invalid_date"
    if error is not None:
        return DateMatch(
            raw,
            None,
            start,
            end,
            year=y if year_ok else None,
            month=mo if month_ok else None,
            day=d if d is not None and 1 <= d <= 31 else None,
            error=error,
            blank=blank,
        )
    return DateMatch(raw, iso, start, end, year=y, month=mo, day=d, blank=blank)


def find_dates(text: str, *, base: int = 0) -> list[DateMatch]:
    """Every date in ``text``, left to right; offsets are ``base`` + position.

    >>> [d.iso for d in find_dates("ngày 13/6/2025 và ngày 13 tháng 02 năm 2026")]
    ['2025-06-13', '2026-02-13']
    >>> d = find_dates("Luật Mặt trận Tổ quốc Việt Nam năm 2015;")[0]
    >>> (d.raw, d.year, d.iso)
    ('năm 2015', 2015, None)
    """
    return [_build(m, base) for m in DATE_RE.finditer(text)]


def parse_date(text: str) -> DateMatch | None:
    """The date a short text states: the first one with a day (or a blank day), else
    the first partial one ("năm 2015"), else ``None``.

    >>> parse_date(", ngày 13/2/2026").iso
    '2026-02-13'
    >>> parse_date("31/02/2026").error
    'invalid_date'
    """
    found = find_dates(text)
    for d in found:
        if d.full or d.error:
            return d
    return found[0] if found else None
