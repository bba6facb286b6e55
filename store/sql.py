"""What the SQLite and PostgreSQL stores share: every query that is the same SQL on both.

The statements are written once, with ``?`` placeholders; a dialect supplies three calls
(``_one``, ``_all``: a read; ``_write``: one statement in a transaction) and translates
the placeholders (PostgreSQL's ``%s``). What differs stays in ``sqlite.py`` and
``postgres.py``: connecting, migrating under each database's lock, bulk writes, streaming
reads, and the reservations (each database's own locking).
"""

from __future__ import annotations

import threading
from types import TracebackType
from typing import Any, Self

from vanban.models.document import Document
from vanban.store.base import QuarantineRecord, StoredRecord
from vanban.store.register import RegisterSql
from vanban.store.review_sql import ReviewSql
from vanban.store.rows import KeysFn, keyed_roles, now

RECORD_COLUMNS = "sha256, original_name, archive_path, json_path, extractor_version, extracted_at"
QUARANTINE_COLUMNS = (
    "original_name, quarantine_path, code, stage, message, extractor_version, sha256, at"
)


class SqlStore(RegisterSql, ReviewSql):
    """The shared half of a corpus store; subclasses set ``_db``, ``_lock``, ``keys_fn``
    and implement ``_one``, ``_all``, ``_write`` and ``_write_many``; the register's
    queries come from :class:`vanban.store.register.RegisterSql`, the review server's from
    :class:`vanban.store.review_sql.ReviewSql`."""

    _db: Any
    _lock: threading.RLock
    keys_fn: KeysFn | None

    # -- the dialect's three calls ----------------------------------------------------------
    def _one(self, sql: str, params: tuple[Any, ...] = ()) -> tuple[Any, ...] | None:
        raise NotImplementedError

    def _all(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _write(self, sql: str, params: tuple[Any, ...] = ()) -> None:
        raise NotImplementedError

    # -- shared queries -------------------------------------------------------------------
    def schema_version(self) -> int:
        row = self._one("SELECT MAX(version) FROM schema_migrations")
        return int(row[0] or 0) if row else 0

    def has(self, sha256: str) -> bool:
        return self._one("SELECT 1 FROM documents WHERE sha256 = ?", (sha256,)) is not None

    def get(self, sha256: str) -> Document | None:
        row = self._one("SELECT doc_json FROM documents WHERE sha256 = ?", (sha256,))
        return Document.model_validate_json(row[0]) if row else None

    def record(self, sha256: str) -> StoredRecord | None:
        row = self._one(f"SELECT {RECORD_COLUMNS} FROM documents WHERE sha256 = ?", (sha256,))
        return StoredRecord(*row) if row else None

    def _keys(self, doc: Document) -> list[tuple[str, str]]:
        return keyed_roles(self.keys_fn, doc)

    def add_name(self, sha256: str, original_name: str) -> None:
        self._write(
            "INSERT INTO names VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            (sha256, original_name, now()),
        )

    def names(self, sha256: str) -> list[str]:
        rows = self._all(
            "SELECT original_name FROM names WHERE sha256 = ? ORDER BY seen_at, original_name",
            (sha256,),
        )
        return [r[0] for r in rows]

    def citations_by_number(self, number: str) -> list[tuple[str, str]]:
        """(sha256 of the citing document, role) for every citation of ``number``."""
        rows = self._all(
            "SELECT sha256, role FROM citations WHERE number = ? ORDER BY sha256, role, idx",
            (number,),
        )
        return [(r[0], r[1]) for r in rows]

    def record_quarantine(self, rec: QuarantineRecord) -> None:
        self._write(
            "INSERT INTO quarantine (sha256, original_name, quarantine_path, code, stage, "
            "message, extractor_version, at) VALUES (?,?,?,?,?,?,?,?)",
            (
                rec.sha256,
                rec.original_name,
                rec.quarantine_path,
                rec.code,
                rec.stage,
                rec.message,
                rec.extractor_version,
                rec.at or now(),
            ),
        )

    def quarantined(self) -> list[QuarantineRecord]:
        rows = self._all(f"SELECT {QUARANTINE_COLUMNS} FROM quarantine ORDER BY id")
        return [QuarantineRecord(*r) for r in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
