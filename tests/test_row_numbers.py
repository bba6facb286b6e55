from __future__ import annotations

import doctest

import pytest

import vanban.parsers.row_numbers as row_numbers
from vanban.parsers.row_numbers import parse_row_number, repair_numbers, successors


def test_doctests() -> None:
    assert doctest.testmod(row_numbers).failed == 0


def test_successors_of_a_nested_number() -> None:
    assert successors((3, 9)) == [(3, 10), (4,), (3, 9, 1)]
    assert parse_row_number("2.") == (2,) and parse_row_number("(3)") == (3,)
    assert parse_row_number("IV") is None and parse_row_number("a)") is None


@pytest.mark.parametrize(
    ("read", "repaired"),
    [
        # seed 000 rendered to a degraded scan: "3" and "9" read as "8"
        (
            ["1", "2", "8", "4", "5", "6", "7", "8", "8", "10"],
            ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"],
        ),
        # 47-cp's annex: "3.9" read "3.0", and "5.1" read "3.]" after the heading row "5"
        (["3.8", "3.0", "3.10"], ["3.8", "3.9", "3.10"]),
        (["4.5", "5", "3.]", "5.2"], ["4.5", "5", "5.1", "5.2"]),
        # blanks (continuation rows) stay blank and do not break the sequence
        (["1", None, "8", "3"], ["1", None, "2", "3"]),
    ],
)
def test_misread_numbers_are_repaired(read: list[str | None], repaired: list[str | None]) -> None:
    assert repair_numbers(read) == repaired


@pytest.mark.parametrize(
    "read",
    [
        ["1", "2", "4", "5"],  # a real gap: nothing makes "3" the only reading
        ["1", "2", "Ban Tuyên giáo", "4"],  # a word is not a misread number
        ["1", "2", "8"],  # last row: no next number to confirm a repair
        ["1", "2", "12345", "4"],  # far longer than the number it would become
        ["I", "1", "2", "II", "1", "2"],  # numbering restarts after a Roman section
        ["3", "7", "8"],  # the first number has nothing before it to check against
    ],
)
def test_numbers_that_are_not_repaired(read: list[str | None]) -> None:
    assert repair_numbers(read) == read
