"""Row builders both store implementations share (SQLite and PostgreSQL write the same rows).

>>> keyed_roles(lambda d: {"n:15-CTr/BTGDVTU-UBMTTQ"} if not d.legal_basis else set(), None)
[]
>>> from vanban.models.document import SourceInfo
>>> src = SourceInfo(filename="Kế hoạch 5.txt", sha256="ab", format="txt", pages=1, ocr=False)
>>> mention_rows(Document(extractor_version="t", source=src))
[]
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from vanban.models.document import Citation, Document

KeysFn = Callable[[Document], set[str]]

#: Columns of ``documents`` in the order both stores write them (``filename``: migration 2,
#: ``mentions_version``: 3).
DOCUMENT_COLUMNS = (
    "sha256, extractor_version, original_name, archive_path, json_path, format, doc_type, "
    "number, date, title, extracted_at, doc_json, filename, mentions_version"
)
#: Keys looked up per query by ``shared_keys(among=…)`` / ``documents_for_keys``.
KEYS_PER_QUERY = 500
CitationRow = tuple[str, str, int, str | None, str | None, str | None, str | None, str]
#: A row of ``mentions`` (migration 3): sha256, seq, key, block, self_ref, rec, version.
MentionRow = tuple[str, int, str | None, str | None, int, str, int]
#: Columns of ``mentions`` in that order.
MENTION_COLUMNS = "sha256, seq, key, block, self_ref, rec, version"


def now() -> str:
    """The store's timestamp format: UTC, ISO 8601, seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def default_keys_fn() -> KeysFn | None:
    """``vanban.checks.identity.keys_for_document``: the identity keys the store indexes."""
    from vanban.checks.identity import keys_for_document

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


def mentions_version() -> int | None:
    """``vanban.checks.records.RECORD_VERSION``: the version of the mention rows."""
    from vanban.checks.records import RECORD_VERSION

    return RECORD_VERSION


def mention_rows(doc: Document) -> list[MentionRow]:
    """The ``mentions`` rows of a document: its header and citations as the checks read
    them (``vanban.checks.records``), with the base key (NULL when the mention names no number),
    the block key (NULL when undated), the self-reference flag and the JSON record."""
    from vanban.checks.per_block import block_key
    from vanban.checks.per_document import self_reference
    from vanban.checks.records import RECORD_VERSION, mention_record, records_for_document

    sha = doc.source.sha256
    info, mentions = records_for_document(doc, 0)
    docs = [info]
    return [
        (
            sha,
            seq,
            m.key or None,
            block_key(m) if m.key and m.date else None,
            int(self_reference(m, docs)),
            mention_record(info, m),
            RECORD_VERSION,
        )
        for seq, m in enumerate(mentions)
    ]
