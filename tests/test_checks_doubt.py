"""Checks respect confidence: a finding resting on an unsure OCR reading is needs_review."""

from __future__ import annotations

import doctest

import vanban.checks.doubt as doubt_mod
from vanban.checks.records import Corpus
from vanban.checks.run import run_checks
from vanban.models.document import Citation, Document, FieldConfidence, SourceInfo


def _doc(
    name: str, date: str | None, date_raw: str, conf: float, issuer: str = "Ban Bí thư"
) -> Document:
    src = SourceInfo(filename=name, sha256=name, format="pdf", pages=1, ocr=True)
    cite = Citation(
        raw=f"Quyết định số 720-QĐ/TU ngày {date_raw} của {issuer}",
        doc_type="Quyết định",
        number="720-QĐ/TU",
        number_raw="720-QĐ/TU",
        date=date,
        date_raw=f"ngày {date_raw}",
        issuer=issuer,
        page=1,
        bbox=(10.0, 20.0, 300.0, 32.0),
        confidence={
            "number": FieldConfidence(confidence=0.96),
            "date": FieldConfidence(confidence=conf),
            "issuer": FieldConfidence(confidence=0.95),
        },
    )
    return Document(extractor_version="t", source=src, legal_basis=[cite])


def _kinds(docs: list[Document]) -> list[tuple[str, str, str | None]]:
    return [(f.kind, f.severity, f.suspected) for f in run_checks(Corpus.from_documents(docs))]


def test_a_disagreement_read_sure_is_an_error() -> None:
    docs = [
        _doc("a.pdf", "2026-02-13", "13/2/2026", 0.96),
        _doc("b.pdf", "2026-02-12", "12/2/2026", 0.95),
    ]
    assert _kinds(docs) == [("date_mismatch", "error", None)]


def test_a_disagreement_resting_on_an_unsure_reading_needs_review_with_both_readings() -> None:
    docs = [
        _doc("a.pdf", "2026-02-13", "13/2/2026", 0.96),
        _doc("b.pdf", "2026-02-12", "12/2/2026", 0.72),
    ]
    (f,) = run_checks(Corpus.from_documents(docs))
    assert (f.kind, f.severity, f.suspected) == ("needs_review", "info", "date_mismatch")
    texts = sorted(e.text for e in f.evidence)
    assert any("13/2/2026" in t for t in texts) and any("12/2/2026" in t for t in texts)
    unsure = next(e for e in f.evidence if "12/2" in e.text)
    assert unsure.unsure == ["date"] and unsure.confidence == 0.72
    assert unsure.bbox == (10.0, 20.0, 300.0, 32.0) and unsure.page == 1


def test_an_unsure_field_the_finding_does_not_rest_on_changes_nothing() -> None:
    a = _doc("a.pdf", "2026-02-13", "13/2/2026", 0.96)
    b = _doc("b.pdf", "2026-02-12", "12/2/2026", 0.95)
    b.legal_basis[0].confidence["issuer"] = FieldConfidence(confidence=0.5)
    assert _kinds([a, b]) == [("date_mismatch", "error", None)]


def test_an_impossible_date_confirmed_stays_an_error_an_unsure_one_needs_review() -> None:
    sure = _doc("e.pdf", None, "08/6/20210", 0.97)
    assert _kinds([sure]) == [("invalid_date", "error", None)]
    unsure = _doc("e.pdf", None, "08/6/20210", 0.3)
    assert _kinds([unsure]) == [("needs_review", "info", "invalid_date")]


def test_docstrings() -> None:
    assert doctest.testmod(doubt_mod).failed == 0
