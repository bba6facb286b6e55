"""A task's status on a given day, from its deadline as dates.

* ``overdue``: the deadline's end is before the day;
* ``due_soon``: it ends within :data:`DUE_SOON_DAYS` days;
* ``open``: it ends later;
* ``recurring``: the task recurs ("Hằng quý"): ``next`` is the end of the period the day
  falls in (a quarter, a month, a half-year …), within the task's own start and end
  when it has them; no next occurrence once that range is over;
* ``no_deadline``: nothing printed that gives a date.

>>> import datetime as dt
>>> day = dt.date(2026, 12, 4)
>>> task_status(None, "2026-12-31", None, day)
('due_soon', datetime.date(2026, 12, 31))
>>> task_status(None, "2026-06-30", None, day)
('overdue', datetime.date(2026, 6, 30))
>>> task_status("2026-01-01", "2030-12-31", "quarterly", day)
('recurring', datetime.date(2026, 12, 31))
>>> task_status(None, None, None, day)
('no_deadline', None)
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

Status = Literal["open", "due_soon", "overdue", "recurring", "no_deadline"]
STATUSES: tuple[Status, ...] = ("overdue", "due_soon", "open", "recurring", "no_deadline")

DUE_SOON_DAYS = 30

#: Months in one period of a recurrence that has a calendar period.
PERIOD_MONTHS: dict[str, int] = {
    "yearly": 12,
    "half_yearly": 6,
    "half_yearly_and_yearly": 6,
    "quarterly": 3,
    "monthly": 1,
}


def parse_date(text: str | None) -> dt.date | None:
    """An ISO date, None when absent or not a date."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _period_end(day: dt.date, months: int) -> dt.date:
    """The last day of the ``months``-long calendar period that ``day`` falls in."""
    first_month = ((day.month - 1) // months) * months + 1
    last_month = first_month + months - 1
    nxt = dt.date(day.year + (last_month // 12), last_month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def next_occurrence(
    recurrence: str, start: dt.date | None, end: dt.date | None, day: dt.date
) -> dt.date | None:
    """The next deadline of a recurring task on or after ``day`` (None when it has no
    calendar period, "continuous", "on_demand" …, or its range is over).

    >>> next_occurrence("monthly", None, None, dt.date(2026, 2, 10))
    datetime.date(2026, 2, 28)
    >>> next_occurrence("weekly", None, None, dt.date(2026, 12, 4))
    datetime.date(2026, 12, 6)
    >>> next_occurrence("yearly", None, dt.date(2025, 12, 31), dt.date(2026, 12, 4)) is None
    True
    """
    if end is not None and end < day:
        return None
    if start is not None and start > day:
        day = start
    if recurrence == "weekly":
        found = day + dt.timedelta(days=6 - day.weekday())
    elif recurrence in PERIOD_MONTHS:
        found = _period_end(day, PERIOD_MONTHS[recurrence])
    else:
        return None
    return min(found, end) if end is not None else found


def task_status(
    due_start: str | None, due_end: str | None, recurrence: str | None, day: dt.date
) -> tuple[Status, dt.date | None]:
    """(status, the date it is judged by) on ``day``."""
    start, end = parse_date(due_start), parse_date(due_end)
    if recurrence:
        return "recurring", next_occurrence(recurrence, start, end, day)
    if end is None:
        return "no_deadline", None
    if end < day:
        return "overdue", end
    if (end - day).days <= DUE_SOON_DAYS:
        return "due_soon", end
    return "open", end
