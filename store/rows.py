"""Row builders both store implementations share (SQLite and PostgreSQL write the same rows).

>>> keyed_roles(lambda d: {"n:15-CTr/BTGDVTU-UBMTTQ"} if not d.legal_basis else set(), None)
[]
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from models.document import Citation, Document

KeysFn = Callable[[Document], set[str]]

#: Columns of ``documents`` in the order both stores write them (``filename``: migration 2).
DOCUMENT_COLUMNS = (
    "sha256, extractor_version, original_name, archive_path, json_path, format, doc_type, "
    "number, date, title, extracted_at, doc_json, filename"
)
#: Keys looked up per query by ``shared_keys(among=…)`` / ``documents_for_keys``.
KEYS_PER_QUERY = 500
CitationRow = tuple[str, str, int, str | None, str | None, str | None, str | None, str]


def now() -> str:
    """The store's timestamp format: UTC, ISO 8601, seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def default_keys_fn() -> KeysFn | None:
    """``checks.identity.keys_for_document`` when the checks package is installed."""
    try:
        from checks.identity import keys_for_document
    except ImportError:
        return None
    return keys_for_document


def keyed_roles(keys_fn: KeysFn | None, doc: Document | None) -> list[tuple[str, str]]:
    """(key, role) of a document: "header" for keys of the document itself (its own number),
    "citation" for the keys only its citations carry."""
    if keys_fn is None or doc is None:
        return []
    every = keys_fn(doc)
    own = keys_fn(doc.model_copy(update={"legal_basis": [], "references": []}))
    return [(k, "header" if k in own else "citation") for k in sorted(every)]


def citation_row(sha: str, role: str, idx: int, c: Citation) -> CitationRow:
    """One row of the ``citations`` table."""
    return (sha, role, idx, c.number, c.doc_type, c.date, c.issuer, c.raw)
