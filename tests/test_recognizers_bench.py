"""The second-recogniser bench (``python -m bench --only ocr2``): its line set and scoring."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

import bench.recognizers_bench as rb
import bench.second_reader as sr
from bench.sections import by_name


def test_doctests() -> None:
    assert doctest.testmod(rb).failed == 0


def test_the_line_set_is_large_enough_and_has_numbers() -> None:
    lines = rb.load_lines()
    assert len(lines) >= 150
    assert sum(1 for x in lines if x.tokens) >= 50
    assert {x.part for x in lines} == {"seed", "corpus"}
    for x in lines:
        x0, y0, x1, y1 = x.bbox
        assert x0 < x1 and y0 < y1
        assert x.truth is not None or x.tokens  # every line is scored on something


def test_seed_lines_are_the_typed_text_of_the_seed_pdfs() -> None:
    """The stored truth is what the typed PDF says (rebuilding gives the same lines)."""
    stored = [x for x in rb.load_lines() if x.source == rb.SEEDS[0]]
    rebuilt = rb._seed_lines(rb.SEEDS[0])
    assert [(x.page, x.bbox, x.truth) for x in stored] == [
        (x.page, x.bbox, x.truth) for x in rebuilt
    ]


def test_corpus_tokens_come_from_the_scanned_gold() -> None:
    gold_tokens = set()
    for path in rb.SCANS.glob("*.json"):
        import json

        gold_tokens |= set(rb._gold_tokens(json.loads(path.read_text(encoding="utf-8"))))
    corpus = [x for x in rb.load_lines() if x.part == "corpus"]
    assert corpus and all(t in gold_tokens for x in corpus for t in x.tokens)
    assert all(x.truth is None for x in corpus)


@pytest.mark.parametrize(
    ("token", "reading", "right"),
    [
        ("47/NQ-CP", "Số: 47/NQ-CP Hà Nội", True),
        ("47/NQ-CP", "Số: 47/NQ - CP", True),
        ("47/NQ-CP", "Số: 41/NQ-CP", False),
        ("2024-04-15", "Hà Nội, ngày 15 tháng 4 năm 2024", True),
        ("2024-04-15", "Hà Nội, ngày 15 tháng 04 năm 2024", True),
        ("2024-04-15", "Hà Nội, ngày 16 tháng 4 năm 2024", False),
        ("2024-04-15", "Hà Nội, ngày 15 tháng năm 2024", False),
    ],
)
def test_token_right(token: str, reading: str, right: bool) -> None:
    assert rb.token_right(token, reading) is right


def test_scores_count_cer_exact_lines_and_tokens() -> None:
    line = rb.Line("seed", rb.SEEDS[0], 1, (0, 0, 10, 10), "Số: 15/2024", ["15/2024"])
    score = rb.Score()
    score.add(line, "Số: 15/2024", 0.01)
    score.add(line, "Sô: 16/2024", 0.03)
    assert (score.cer_num, score.cer_den, score.exact, score.full) == (2, 22, 1, 2)
    assert (score.tok_right, score.tok_all) == (1, 2)
    assert score.row("x", 0.01) == "| x | 9.09 | 50.0 | 1/2 (50.0) | 20 | 2.00 |"


def test_the_second_reader_never_looks_beyond_its_wheel(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> None:
        raise ModuleNotFoundError(name)

    monkeypatch.setattr(sr.resources, "files", missing)
    with pytest.raises(sr.SecondReaderUnavailable):
        sr.bundled_model()


def test_the_section_is_registered() -> None:
    assert by_name("ocr2").module == "bench.recognizers_bench"
    assert Path(rb.LINES).is_file()
