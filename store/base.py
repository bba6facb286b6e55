"""The corpus store interface: every extracted document and citation, indexed by identity key.

The inbox flow and the cross-document checks only talk to :class:`CorpusStore`, so a
PostgreSQL implementation can replace :class:`vanban.store.sqlite.SQLiteStore` through the
``VANBAN_STORE`` URL (see :func:`vanban.store.open_store`).

Example::

    store = open_store(None, out=Path("out"))
    store.has("9f2c…")            # True: the same bytes were extracted before
    [d.number.canonical for d in store.documents_for_keys({"num:329-QĐ/TW"})]
    # ['15-CTr/BTGDVTU-UBMTTQ']  (documents citing Quyết định 329-QĐ/TW)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from vanban.models.document import Document


@dataclass(frozen=True)
class StoredRecord:
    """Where one extracted document lives (paths relative to the output folder)."""

    sha256: str
    original_name: str
    archive_path: str
    json_path: str | None
    extractor_version: str
    extracted_at: str


@dataclass(frozen=True)
class QuarantineRecord:
    """One file refused: what failed, where the file now is."""

    original_name: str
    quarantine_path: str
    code: str
    stage: str
    message: str
    extractor_version: str
    sha256: str | None = None
    at: str | None = None


@runtime_checkable
class CorpusStore(Protocol):
    """What the flows and the checks need from a corpus store."""

    def has(self, sha256: str) -> bool:
        """True when a document with these bytes was extracted (any extractor version)."""
        ...

    def get(self, sha256: str) -> Document | None: ...

    def record(self, sha256: str) -> StoredRecord | None:
        """Paths and versions of a stored document (no JSON parsing)."""
        ...

    def put(
        self,
        doc: Document,
        *,
        original_name: str,
        archive_path: str,
        extractor_version: str,
        json_path: str | None = None,
    ) -> None:
        """Insert or replace the document, its citations, its identity keys and (SQLite,
        PostgreSQL) its ``mentions`` rows for the whole-corpus check, in one transaction."""
        ...

    def add_name(self, sha256: str, original_name: str) -> None:
        """Remember another name under which the same bytes were dropped."""
        ...

    def documents_for_keys(self, keys: Iterable[str], *, role: str | None = None) -> list[Document]:
        """Documents whose header or any citation carries one of ``keys``; ``role="header"``
        keeps only documents whose own header carries one (no citing documents)."""
        ...

    def iter_documents(self) -> Iterator[Document]: ...

    def iter_records(self) -> Iterator[StoredRecord]: ...

    def shared_keys(
        self, min_docs: int = 2, *, among: Iterable[str] | None = None
    ) -> Iterator[tuple[str, int]]:
        """(key, document count) for keys carried by ≥ ``min_docs`` documents, key order
        (an indexed GROUP BY on ``identity_keys``); ``among`` limits it to some keys."""
        ...

    def duplicate_names(self) -> Iterator[tuple[str, str]]:
        """(sha256, file name) of documents sharing their file name, in sha256 order."""
        ...

    def reserve_json_name(self, name: str, sha256: str) -> str:
        """Insert-if-absent ``name`` → ``sha256``; returns the sha256 that owns the name."""
        ...

    def reserve_extraction(self, sha256: str, worker: str, lease: float) -> bool:
        """Hold ``sha256`` while ``worker`` extracts it (free, expired or already ours)."""
        ...

    def release_extraction(self, sha256: str, worker: str) -> None: ...

    def record_quarantine(self, rec: QuarantineRecord) -> None: ...

    def quarantined(self) -> list[QuarantineRecord]: ...

    def close(self) -> None: ...
