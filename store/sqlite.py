"""SQLite implementation of :class:`vanban.store.base.CorpusStore` (the default: ``<out>/vanban.sqlite``).

Tables (schema version in ``schema_migrations``; the DDL is shared with PostgreSQL in
``vanban.store.schema``):

* ``documents`` — one row per distinct file content (sha256), the Document JSON and paths;
* ``names`` — every name under which those bytes were dropped;
* ``citations`` — every legal-basis and reference citation, indexed by number;
* ``identity_keys`` — (key, sha256, role) from ``vanban.checks.identity``, indexed by key;
* ``quarantine`` — every refused file with its reason;
* ``json_names`` — which sha256 owns each ``json/<name>.json`` (insert-if-absent);
* ``extracting`` — the sha256 a worker is extracting now, with its lease;
* ``mentions`` — the checks' record of every header and citation (``vanban.store.rows.mention_rows``),
  indexed by base key and by block key: ``check_all`` groups them with indexed queries.

WAL mode and a busy timeout let the flow's worker threads and a second reader (the
checks, a reviewer) share the file; writes go through one lock per store object.

Example::

    with SQLiteStore(Path("out/vanban.sqlite")) as store:
        store.put(doc, original_name="Quyết định 329.pdf",
                  archive_path="archive/9f/9f2c….pdf", extractor_version="0.1.0")
        store.get(doc.source.sha256).title
"""

from __future__ import annotations

import itertools
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from vanban.models.document import Document
from vanban.store.base import StoredRecord
from vanban.store.rows import (
    DOCUMENT_COLUMNS,
    KEYS_PER_QUERY,
    MENTION_COLUMNS,
    KeysFn,
    MentionRow,
    citation_row,
    default_keys_fn,
    mention_rows,
    mentions_version,
    now,
)
from vanban.store.schema import MIGRATIONS_TABLE, migrations, statements
from vanban.store.sql import SqlStore

MIGRATIONS: list[str] = migrations("sqlite")
"""The shared migrations (``vanban.store.schema``) in SQLite's spelling."""


class SQLiteStore(SqlStore):
    """The corpus store in one SQLite file."""

    def __init__(self, path: Path, *, keys_fn: KeysFn | None | bool = True) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.keys_fn: KeysFn | None = (
            default_keys_fn() if keys_fn is True else keys_fn if callable(keys_fn) else None
        )
        self._lock = threading.RLock()
        self._db = sqlite3.connect(self.path, timeout=60, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._migrate()

    # -- the dialect's calls (vanban.store.sql) ---------------------------------------------
    def _one(self, sql: str, params: tuple[Any, ...] = ()) -> tuple[Any, ...] | None:
        with self._lock:
            row: tuple[Any, ...] | None = self._db.execute(sql, params).fetchone()
            return row

    def _all(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return list(self._db.execute(sql, params).fetchall())

    def _write(self, sql: str, params: tuple[Any, ...] = ()) -> None:
        with self._lock, self._db:
            self._db.execute(sql, params)

    def _write_count(self, sql: str, params: tuple[Any, ...] = ()) -> int:
        """One statement in a transaction; the number of rows it changed."""
        with self._lock, self._db:
            return int(self._db.execute(sql, params).rowcount)

    def _write_many(
        self, statements: list[tuple[str, list[tuple[Any, ...]]]], *, lock: Iterable[str] = ()
    ) -> None:
        """One transaction (SQLite has one writer at a time: ``lock`` needs nothing more)."""
        with self._lock, self._db:
            for sql, rows in statements:
                if rows:
                    self._db.executemany(sql, rows)

    # -- schema ---------------------------------------------------------------------------
    def _migrate(self) -> None:
        with self._lock, self._db:
            self._db.execute(MIGRATIONS_TABLE)
        current = self.schema_version()
        for version, sql in enumerate(MIGRATIONS, start=1):
            if version <= current:
                continue
            with self._lock:
                try:
                    self._db.execute("BEGIN")
                    for statement in statements(sql):
                        self._db.execute(statement)
                    self._db.execute(
                        "INSERT INTO schema_migrations VALUES (?, ?)", (version, now())
                    )
                    self._db.execute("COMMIT")
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise

    # -- documents ------------------------------------------------------------------------
    def put(
        self,
        doc: Document,
        *,
        original_name: str,
        archive_path: str,
        extractor_version: str,
        json_path: str | None = None,
    ) -> None:
        sha = doc.source.sha256
        keys = self._keys(doc)
        mentions = mention_rows(doc)
        cites = [("legal_basis", i, c) for i, c in enumerate(doc.legal_basis)]
        cites += [("references", i, c) for i, c in enumerate(doc.references)]
        stamp = now()
        with self._lock, self._db:
            self._db.execute(
                f"INSERT OR REPLACE INTO documents ({DOCUMENT_COLUMNS}) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    sha,
                    extractor_version,
                    original_name,
                    archive_path,
                    json_path,
                    doc.source.format,
                    doc.doc_type,
                    doc.number.canonical if doc.number else None,
                    doc.date,
                    doc.title,
                    stamp,
                    doc.model_dump_json(),
                    doc.source.filename,
                    mentions_version(),
                ),
            )
            self._db.execute(
                "INSERT OR IGNORE INTO names VALUES (?, ?, ?)", (sha, original_name, stamp)
            )
            self._db.execute("DELETE FROM citations WHERE sha256 = ?", (sha,))
            self._db.executemany(
                "INSERT INTO citations VALUES (?,?,?,?,?,?,?,?)",
                [citation_row(sha, role, i, c) for role, i, c in cites],
            )
            self._db.execute("DELETE FROM identity_keys WHERE sha256 = ?", (sha,))
            self._db.executemany(
                "INSERT OR IGNORE INTO identity_keys VALUES (?, ?, ?)",
                [(k, sha, role) for k, role in keys],
            )
            self._write_mentions(sha, mentions)
        self.write_register([doc])

    def _write_mentions(self, sha: str, rows: list[MentionRow]) -> None:
        """Replace the document's ``mentions`` rows (inside the caller's transaction)."""
        self._db.execute("DELETE FROM mentions WHERE sha256 = ?", (sha,))
        self._db.executemany(
            f"INSERT INTO mentions ({MENTION_COLUMNS}) VALUES (?,?,?,?,?,?,?)", rows
        )

    def refresh_mentions(self, batch: int = 500) -> int:
        """Rebuild the ``mentions`` rows of the documents stored before migration 3 or
        with another ``vanban.checks.records.RECORD_VERSION`` (``batch`` documents a transaction,
        streamed); the number of documents rebuilt. ``check_all`` calls it first."""
        version = mentions_version()
        if version is None:
            return 0
        with self._lock:
            (total,), (fresh,) = (
                self._db.execute("SELECT COUNT(*) FROM documents").fetchone(),
                self._db.execute(
                    "SELECT COUNT(*) FROM documents WHERE mentions_version = ?", (version,)
                ).fetchone(),
            )
        if total == fresh:  # two index-only counts: nothing to rebuild
            return 0
        stale = self._read(
            "SELECT sha256 FROM documents WHERE mentions_version IS NULL "
            "OR mentions_version < ? OR mentions_version > ?",
            (version, version),
        )
        done = 0
        while part := [str(r[0]) for r in itertools.islice(stale, batch)]:
            with self._lock:
                self._db.execute("BEGIN IMMEDIATE")  # read and rewrite under one write lock
                try:
                    for sha in part:
                        row = self._db.execute(
                            "SELECT doc_json FROM documents WHERE sha256 = ? AND "
                            "mentions_version IS NOT ?",
                            (sha, version),
                        ).fetchone()
                        if row is None:
                            continue
                        doc = Document.model_validate_json(row[0])
                        self._write_mentions(sha, mention_rows(doc))
                        self._db.execute(
                            "UPDATE documents SET mentions_version = ? WHERE sha256 = ?",
                            (version, sha),
                        )
                    self._db.execute("COMMIT")
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
            done += len(part)
        return done

    def iter_mentions(self, column: str | None = None) -> Iterator[tuple[str, str, str]]:
        """(group, sha256, rec) of the ``mentions`` rows, streamed: ``column`` None → every
        row in (sha256, seq) order (group = sha256); "key" or "block" → the rows carrying
        one, self-references excepted, in (column, sha256, seq) order (one index scan)."""
        if column is None:
            yield from self._read("SELECT sha256, sha256, rec FROM mentions ORDER BY sha256, seq")
            return
        if column not in ("key", "block"):
            raise ValueError(f"no mention group {column!r}")
        yield from self._read(
            f"SELECT {column}, sha256, rec FROM mentions WHERE {column} IS NOT NULL "
            f"AND self_ref = 0 ORDER BY {column}, sha256, seq"
        )

    def documents_for_keys(self, keys: Iterable[str], *, role: str | None = None) -> list[Document]:
        wanted = sorted(set(keys))
        shas: set[str] = set()
        role_filter = "" if role is None else " AND role = ?"
        with self._lock:
            for start in range(0, len(wanted), KEYS_PER_QUERY):
                chunk = wanted[start : start + KEYS_PER_QUERY]
                marks = ",".join("?" * len(chunk))
                params = [*chunk] if role is None else [*chunk, role]
                rows = self._db.execute(
                    f"SELECT DISTINCT sha256 FROM identity_keys WHERE key IN ({marks})"
                    + role_filter,
                    params,
                ).fetchall()
                shas.update(r[0] for r in rows)
        docs = [self.get(s) for s in sorted(shas)]
        return [d for d in docs if d is not None]

    def iter_documents(self) -> Iterator[Document]:
        """Every document in sha256 order, streamed on a connection of its own."""
        for row in self._read("SELECT doc_json FROM documents ORDER BY sha256"):
            yield Document.model_validate_json(row[0])

    def shared_keys(
        self, min_docs: int = 2, *, among: Iterable[str] | None = None
    ) -> Iterator[tuple[str, int]]:
        """(key, number of documents) for keys carried by at least ``min_docs`` documents,
        in key order: one indexed GROUP BY on ``identity_keys`` (its primary key starts
        with ``key``); ``among`` restricts it to some keys (looked up 500 at a time)."""
        group = " GROUP BY key HAVING COUNT(DISTINCT sha256) >= ? ORDER BY key"
        if among is None:
            yield from self._read(
                "SELECT key, COUNT(DISTINCT sha256) FROM identity_keys" + group, (min_docs,)
            )
            return
        wanted = sorted(set(among))
        for start in range(0, len(wanted), KEYS_PER_QUERY):
            chunk = wanted[start : start + KEYS_PER_QUERY]
            marks = ",".join("?" * len(chunk))
            with self._lock:
                rows = self._db.execute(
                    "SELECT key, COUNT(DISTINCT sha256) FROM identity_keys "
                    f"WHERE key IN ({marks})" + group,
                    (*chunk, min_docs),
                ).fetchall()
            yield from ((str(k), int(n)) for k, n in rows)

    def duplicate_names(self) -> Iterator[tuple[str, str]]:
        """(sha256, file name) of the documents whose file name another document shares,
        in sha256 order (the order of ``iter_documents``)."""
        yield from self._read(
            "SELECT sha256, filename FROM documents WHERE filename IN (SELECT filename "
            "FROM documents GROUP BY filename HAVING COUNT(*) > 1) ORDER BY sha256"
        )

    def _read(self, sql: str, params: tuple[object, ...] = ()) -> Iterator[Any]:
        """Stream rows on a read-only connection of their own (WAL: writers go on)."""
        uri = f"file:{quote(str(self.path.resolve()))}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=60)
        try:
            yield from conn.execute(sql, params)
        finally:
            conn.close()

    # -- reservations across workers --------------------------------------------------------
    def reserve_json_name(self, name: str, sha256: str) -> str:
        """Reserve ``name`` (a JSON file name) for ``sha256`` unless taken; the owner's sha256."""
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR IGNORE INTO json_names VALUES (?, ?, ?)", (name, sha256, now())
            )
            row = self._db.execute(
                "SELECT sha256 FROM json_names WHERE name = ?", (name,)
            ).fetchone()
        return str(row[0])

    def reserve_extraction(self, sha256: str, worker: str, lease: float) -> bool:
        """True when ``worker`` now holds the extraction of ``sha256`` for ``lease`` seconds:
        nobody held it, the holder's lease ran out, or ``worker`` held it already."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")  # one writer at a time across processes
            try:
                row = self._db.execute(
                    "SELECT worker, lease_until FROM extracting WHERE sha256 = ?", (sha256,)
                ).fetchone()
                clock = time.time()
                mine = row is None or row[0] == worker or float(row[1]) < clock
                if mine:
                    self._db.execute(
                        "INSERT OR REPLACE INTO extracting VALUES (?, ?, ?)",
                        (sha256, worker, clock + lease),
                    )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return mine

    def release_extraction(self, sha256: str, worker: str) -> None:
        """Drop ``worker``'s reservation of ``sha256`` (stored, quarantined or failed)."""
        with self._lock, self._db:
            self._db.execute(
                "DELETE FROM extracting WHERE sha256 = ? AND worker = ?", (sha256, worker)
            )

    def iter_records(self) -> Iterator[StoredRecord]:
        with self._lock:
            rows = self._db.execute(
                "SELECT sha256, original_name, archive_path, json_path, extractor_version, "
                "extracted_at FROM documents ORDER BY sha256"
            ).fetchall()
        for row in rows:
            yield StoredRecord(*row)

    # -- quarantine -----------------------------------------------------------------------
