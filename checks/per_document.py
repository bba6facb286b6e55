"""Rules that need one document only: ``invalid_date``, ``type_code_mismatch``,
``self_reference_mismatch``, ``cites_future_document`` (for a citation that prints its
own date; an undated one is judged against the cited header in ``per_identity``).

One finding per printed occurrence. Example: the appendix of "21-NQ/TU" dated
2026-03-12 printing "(kèm theo Nghị quyết số 21-NQ/TU, ngày 12/3/2025)" gives a
``self_reference_mismatch``; "Nghị quyết số 301-QĐ/TW" gives a ``type_code_mismatch``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from vanban.checks.doubt import needs_review, unsure_in
from vanban.checks.findings import Evidence, Finding, finding
from vanban.checks.identity import party_term
from vanban.checks.records import HEADER, REFERENCE, ROLE_NAMES, DocInfo, Mention, fold_words
from vanban.checks.resolve import identity_of_key, mention_key
from vanban.parsers.vocabulary import type_codes


def evidence(m: Mention, docs: Sequence[DocInfo]) -> Evidence:
    """The printed occurrence behind a mention."""
    return Evidence(
        document=docs[m.doc].name,
        page=m.page,
        text=m.raw,
        role=ROLE_NAMES[m.role],
        bbox=m.bbox,
        confidence=m.conf if m.conf < 1.0 else None,
        unsure=m.doubt.split(",") if m.doubt else [],
    )


@lru_cache(maxsize=1)
def allowed_type_words() -> dict[str, tuple[str, ...]]:
    """Folded type code → folded type words it may be printed with."""
    data = type_codes()
    return {code: tuple(fold_words(w) for w in words) for code, words in data["codes"].items()}


@lru_cache(maxsize=1)
def generic_type_words() -> frozenset[str]:
    """Words that name any document ('văn bản'), folded."""
    data = type_codes()
    return frozenset(fold_words(w) for w in data.get("generic", []))


def type_word_fits(code: str, word: str) -> bool:
    """'QĐ' fits 'quyet dinh' and 'quy dinh'; an unknown code or a missing word fits anything.

    >>> type_word_fits("QĐ", "nghi quyet"), type_word_fits("CTR", "chuong trinh phoi hop")
    (False, True)
    """
    allowed = allowed_type_words().get(code)
    if not allowed or not word or word in generic_type_words():
        return True
    return any(word == w or word.startswith(w + " ") for w in allowed)


def same_period(key: str, a: str | None, b: str | None) -> bool:
    """Two dates fall in one numbering period of ``key`` (year; ``…/TW``: term)."""
    if not a or not b:
        return True
    identity = identity_of_key(key)
    if identity.system == "N":
        return True
    if identity.system == "P":
        term = party_term(identity.issuer_code, a)
        if term is not None:
            return term == party_term(identity.issuer_code, b)
    return a[:4] == b[:4]


def _same_series(key: str, other: str) -> bool:
    """Same system, type code and issuer code: 'P|NQ|21|TU' and 'P|NQ|12|TU'."""
    a, b = key.split("|"), other.split("|")
    return a[0] == b[0] and a[1] == b[1] and a[3] == b[3]


def self_reference(m: Mention, docs: Sequence[DocInfo]) -> bool:
    """The mention names its own document: same key and period, or a body/appendix
    citation of the same series (type and issuer code) on the document's own date."""
    if m.role == HEADER or not m.key:
        return False
    doc = docs[m.doc]
    if doc.key is None:
        return False
    if m.key == doc.key:
        return same_period(m.key, m.date, doc.date)
    # an appendix caption "(kèm theo Nghị quyết số 12-NQ/TU, ngày 12/3/2026 …)" in
    # 21-NQ/TU: same series, and the document's own date (or a printed "kèm theo")
    return (
        m.role == REFERENCE
        and _same_series(m.key, doc.key)
        and (m.date == doc.date if m.date else m.selfref)
    )


def check_document_mentions(mentions: Iterable[Mention], docs: Sequence[DocInfo]) -> list[Finding]:
    """All per-document findings for these mentions; one that rests on an unsure OCR
    reading of its mention is ``needs_review`` (:mod:`vanban.checks.doubt`)."""
    out: list[Finding] = []
    printed: set[tuple[int, int | None, str]] = set()  # one invalid_date per occurrence
    for m in mentions:
        found = _mention_findings(m, docs, printed)
        out += [needs_review(f) if unsure_in(m, f.kind) else f for f in found]
    return out


def _mention_findings(
    m: Mention, docs: Sequence[DocInfo], printed: set[tuple[int, int | None, str]]
) -> list[Finding]:
    out: list[Finding] = []
    doc = docs[m.doc]
    if m.bad_date is not None and (m.doc, m.page, m.raw) not in printed:
        printed.add((m.doc, m.page, m.raw))
        msg = f"impossible or malformed date '{m.bad_date}'"
        out.append(finding("invalid_date", _key(m, doc), msg, [evidence(m, docs)]))
    if not m.key:
        return out
    code = m.key.split("|", 2)[1]
    if not type_word_fits(code, m.type_word):
        msg = f"type word '{m.type_word}' does not fit code '{code}' of {m.number}"
        out.append(finding("type_code_mismatch", _key(m, doc), msg, [evidence(m, docs)]))
    if m.role == HEADER:
        return out
    if self_reference(m, docs):
        if m.key != doc.key:
            msg = f"cites itself as {m.number}, its header is {doc.key}"
            own = m._replace(key=doc.key or m.key, date=doc.date)
            out.append(
                finding("self_reference_mismatch", mention_key(own), msg, [evidence(m, docs)])
            )
        elif m.date and doc.date and m.date != doc.date:
            msg = f"cites itself dated {m.date}, its header is dated {doc.date}"
            out.append(finding("self_reference_mismatch", _key(m, doc), msg, [evidence(m, docs)]))
    elif m.date and doc.date and m.date > doc.date:
        msg = f"cites {m.number} dated {m.date}, after its own date {doc.date}"
        out.append(finding("cites_future_document", _key(m, doc), msg, [evidence(m, docs)]))
    return out


def _key(m: Mention, doc: DocInfo) -> str:
    return mention_key(m) if m.key else f"doc:{doc.name}"
