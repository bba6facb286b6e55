"""Property tests: every reader and parser entry point takes random and adversarial text
(numbers, slashes, "Số:", unbalanced parentheses, deep numbering, repeated "Căn cứ ",
long lines) without an exception other than the documented refusals. Bounded: a few
dozen examples each (``python -m bench --only fuzz`` runs longer and times the worst
cases)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.adversarial import FRAGMENTS, worst_case
from vanban.extract import sniff
from vanban.extract.errors import ExtractionError
from vanban.models.layout import Block, LayoutDocument, Page
from vanban.parsers.agencies import agency_key, split_bodies
from vanban.parsers.citations import find_citations
from vanban.parsers.dates import find_dates, parse_date
from vanban.parsers.header import parse_header
from vanban.parsers.legal_basis import parse_legal_basis
from vanban.parsers.numbers import parse_number, parse_number_template
from vanban.parsers.signers import parse_recipients, parse_signers
from vanban.parsers.tasks import parse_tasks
from vanban.parsers.textview import TextView
from vanban.parsers.timeframes import parse_timeframe
from vanban.pipeline import extract_document

FAST = settings(
    # a few seconds in make test; python -m bench --only fuzz runs many more
    max_examples=int(os.environ.get("VANBAN_FUZZ_EXAMPLES", "40")),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
adversarial = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=60).map(
    "".join
)


@FAST
@given(adversarial)
def test_text_parsers_never_raise(text: str) -> None:
    parse_number(text)
    parse_number_template(text)
    find_dates(text)
    parse_date(text)
    parse_timeframe(text, year=2026)
    agency_key(text)
    split_bodies(text)
    for c in find_citations(text):
        assert 0 <= c.start <= c.end <= len(text)


def _layout(text: str) -> LayoutDocument:
    blocks = [Block(page=1, text=part) for part in text.split("\n\n") if part.strip()]
    return LayoutDocument(format="txt", pages=[Page(number=1, items=list(blocks))])


@FAST
@given(adversarial)
def test_layout_parsers_never_raise(text: str) -> None:
    layout = _layout(text)
    view = TextView.build(layout)
    header = parse_header(layout, view)
    parse_legal_basis(view, body_start=header.body_start, doc_date=None, doc_number=None)
    parse_tasks(layout, view, doc_year=2026)
    parse_signers(layout, view)
    parse_recipients(layout, view)


@FAST
@given(st.binary(max_size=2048), st.sampled_from([".txt", ".md", ".html", ".docx", ".pdf", ".png"]))
def test_readers_refuse_or_read_random_bytes(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"tệp{suffix}"
    path.write_bytes(data)
    try:
        sniff(path)
        extract_document(path)
    except ExtractionError:
        pass  # a documented refusal, with its code


@FAST
@given(adversarial)
def test_the_whole_pipeline_on_adversarial_text(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "văn bản.txt"
    path.write_text(text or "x", encoding="utf-8")
    try:
        doc = extract_document(path)
    except ExtractionError:
        return
    for c in [*doc.legal_basis, *doc.references]:
        assert c.span is None or 0 <= c.span[0] <= c.span[1]


@pytest.mark.parametrize(
    "name",
    [
        "repeated_can_cu",
        "deep_numbering",
        "long_line",
        "slashes_and_digits",
        "unbalanced_parentheses",
    ],
)
def test_worst_cases_finish(tmp_path: Path, name: str) -> None:
    """Each worst case at a size of about 200 KB goes through the pipeline (its cost
    growth is measured in the bench, never asserted here)."""
    text = worst_case(name, 200_000 // 30 if name == "long_line" else 2_000)
    path = tmp_path / "lớn.txt"
    path.write_text(text, encoding="utf-8")
    extract_document(path)
