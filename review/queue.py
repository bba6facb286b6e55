"""The review queue: every document of an output folder, ordered by need of review.

Order: findings that name the document, then warnings, then fields read by OCR with a
confidence under :data:`LOW_CONFIDENCE`, then never reviewed before reviewed, newest first.
Filters: type, issuer, date range, status; search: number, title, body names.

>>> docs = {"a": {"doc_type": "Kế hoạch", "title": "A", "warnings": [{}], "date": "2026-01-02"},
...         "b": {"doc_type": "Quyết định", "title": "B", "date": "2026-03-01"}}
>>> [e.doc_id for e in build_queue(docs, {}, {"b": 1})]
['b', 'a']
>>> [e.doc_id for e in build_queue(docs, {}, {}, QueueFilter(search="quyet dinh"))]
['b']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from vanban.extract.hygiene import strip_diacritics

Record = dict[str, Any]
LOW_CONFIDENCE = 0.9


@dataclass(frozen=True)
class QueueFilter:
    doc_type: str | None = None
    issuer: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    status: str | None = None
    search: str | None = None


@dataclass
class QueueEntry:
    doc_id: str
    filename: str
    doc_type: str | None
    number: str | None
    date: str | None
    title: str
    issuers: list[str]
    findings: int
    warnings: int
    low_confidence: int
    status: str
    reviewer: str | None
    reviewed_at: str | None
    version: int

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def low_confidence_fields(doc: Record) -> int:
    """How many fields, citations' fields, cells and signers OCR read with low confidence."""
    count = 0
    holders: list[Any] = [doc]
    for key in ("legal_basis", "references", "tasks", "signers"):
        holders += doc.get(key) or []
    for holder in holders:
        for fc in (holder.get("confidence") or {}).values():
            if isinstance(fc, dict) and float(fc.get("confidence", 1.0)) < LOW_CONFIDENCE:
                count += 1
    return count


def _fold(text: str) -> str:
    return " ".join(strip_diacritics(text).split())


def _matches(entry: QueueEntry, doc: Record, f: QueueFilter) -> bool:
    if f.doc_type and _fold(entry.doc_type or "") != _fold(f.doc_type):
        return False
    if f.issuer and not any(_fold(f.issuer) in _fold(i) for i in entry.issuers):
        return False
    if f.date_from and (not entry.date or entry.date < f.date_from):
        return False
    if f.date_to and (not entry.date or entry.date > f.date_to):
        return False
    if f.status and entry.status != f.status:
        return False
    if f.search:
        bodies = [
            b
            for t in doc.get("tasks") or []
            for b in (t.get("lead") or []) + (t.get("partners") or [])
        ]
        hay = " ".join([entry.number or "", entry.title, entry.filename, entry.doc_type or "",
                        *entry.issuers, *bodies])  # fmt: skip
        if _fold(f.search) not in _fold(hay):
            return False
    return True


def build_queue(
    docs: Mapping[str, Record],
    decisions: Mapping[str, tuple[str, str | None, str | None, int]],
    finding_counts: Mapping[str, int],
    flt: QueueFilter | None = None,
) -> list[QueueEntry]:
    """The queue over ``docs`` (document id → JSON), their decisions (by sha256) and the
    number of findings naming each (by document id)."""
    flt = flt or QueueFilter()
    out = []
    for doc_id, doc in docs.items():
        source = doc.get("source") or {}
        number = doc.get("number")
        status, reviewer, at, version = decisions.get(
            str(source.get("sha256")), ("new", None, None, 0)
        )
        entry = QueueEntry(
            doc_id=doc_id,
            filename=str(source.get("filename") or doc_id),
            doc_type=doc.get("doc_type"),
            number=number.get("canonical") if isinstance(number, dict) else None,
            date=doc.get("date"),
            title=str(doc.get("title") or ""),
            issuers=list(doc.get("issuers") or []),
            findings=finding_counts.get(doc_id, 0),
            warnings=len(doc.get("warnings") or []),
            low_confidence=low_confidence_fields(doc),
            status=status,
            reviewer=reviewer,
            reviewed_at=at,
            version=version,
        )
        if _matches(entry, doc, flt):
            out.append(entry)
    out.sort(key=lambda e: e.date or "", reverse=True)  # newest first, then by need (stable)
    out.sort(key=lambda e: (-e.findings, -e.warnings, -e.low_confidence, e.reviewer is not None))
    return out
