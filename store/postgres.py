"""PostgreSQL implementation of :class:`vanban.store.base.CorpusStore` (``VANBAN_STORE=postgresql://…``).

The same tables, columns and migrations as the SQLite store (``vanban.store.schema``), so a
corpus moves between the two with a plain copy of rows. What differs is how it is
shared: any number of workers on any number of machines write to one database.

* Migrations run under a transaction-scoped advisory lock: two workers starting at once
  do not both create the tables.
* ``put`` takes an advisory lock on the document's sha256, so two workers storing the
  same bytes replace each other's rows one after the other, never interleaved.
* The cross-document checks ask ``documents_for_keys`` — one indexed join
  (``identity_keys`` primary key starts with ``key``) — for a batch, and ``iter_mentions``
  for the whole corpus: the ``mentions`` rows ``put`` writes, ordered by an index and
  streamed through a server-side cursor on its own connection (constant memory).

Example::

    store = PostgresStore("postgresql://vanban@127.0.0.1:5432/vanban")
    store.put(doc, original_name="Quyết định 329.pdf",
              archive_path="archive/9f/9f2c….pdf", extractor_version="0.1.0")
    [d.source.filename for d in store.documents_for_keys({"P|QĐ|329|TW"})]
    # ['Chương trình 15-CTr.pdf', 'Quyết định 329.pdf']
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable, Iterator
from typing import Any

import psycopg

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
from vanban.store.sql import RECORD_COLUMNS, SqlStore

MIGRATIONS: list[str] = migrations("postgresql")
"""The shared migrations (``vanban.store.schema``) in PostgreSQL's spelling."""

MIGRATION_LOCK = 0x76616E62  # "vanb": pg_advisory_xact_lock key while migrating
STREAM_ROWS = 500  # rows fetched per round trip by iter_documents / iter_records
MENTION_ROWS = 5000  # rows fetched per round trip by iter_mentions (≈ 300 bytes each)

_RECORD_COLS = RECORD_COLUMNS


def _pg(sql: str) -> str:
    """The shared SQL's ``?`` placeholders as psycopg's ``%s`` (no statement holds a
    literal "?" or "%").

    >>> _pg("SELECT 1 FROM documents WHERE sha256 = ?")
    'SELECT 1 FROM documents WHERE sha256 = %s'
    """
    return sql.replace("?", "%s")


def is_postgres_url(url: str) -> bool:
    """``postgresql://…`` or ``postgres://…`` (libpq's two spellings)."""
    return url.startswith(("postgresql://", "postgres://", "postgresql+psycopg://"))


def libpq_url(url: str) -> str:
    """Drop an SQLAlchemy-style driver suffix: ``postgresql+psycopg://`` → ``postgresql://``."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


class PostgresStore(SqlStore):
    """The corpus store in a PostgreSQL database (one connection per store object)."""

    def __init__(self, url: str, *, keys_fn: KeysFn | None | bool = True) -> None:
        self.url = libpq_url(url)
        self.keys_fn: KeysFn | None = (
            default_keys_fn() if keys_fn is True else keys_fn if callable(keys_fn) else None
        )
        self._lock = threading.RLock()
        self._db = psycopg.connect(self.url, autocommit=True)
        self._migrate()

    # -- schema ---------------------------------------------------------------------------
    def _migrate(self) -> None:
        with self._lock, self._db.transaction():
            self._db.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            self._db.execute(MIGRATIONS_TABLE)
            row = self._db.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
            current = int(row[0] or 0) if row else 0
            for version, sql in enumerate(MIGRATIONS, start=1):
                if version <= current:
                    continue
                for statement in statements(sql):
                    self._db.execute(statement)
                self._db.execute("INSERT INTO schema_migrations VALUES (%s, %s)", (version, now()))

    # -- the dialect's calls (vanban.store.sql): "?" placeholders become "%s" ------------
    def _one(self, sql: str, params: tuple[Any, ...] = ()) -> tuple[Any, ...] | None:
        with self._lock, self._db.transaction():
            row: tuple[Any, ...] | None = self._db.execute(_pg(sql), params).fetchone()
            return row

    def _all(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock, self._db.transaction():
            return list(self._db.execute(_pg(sql), params).fetchall())

    def _write(self, sql: str, params: tuple[Any, ...] = ()) -> None:
        with self._lock, self._db.transaction():
            self._db.execute(_pg(sql), params)

    def _write_count(self, sql: str, params: tuple[Any, ...] = ()) -> int:
        """One statement in a transaction; the number of rows it changed."""
        with self._lock, self._db.transaction(), self._db.cursor() as cur:
            cur.execute(_pg(sql), params)
            return int(cur.rowcount)

    def _write_many(
        self, statements: list[tuple[str, list[tuple[Any, ...]]]], *, lock: Iterable[str] = ()
    ) -> None:
        """Run the statements in one transaction, under ``put``'s per-document lock of
        each sha256 in ``lock`` (two connections writing one document take turns)."""
        with self._lock, self._db.transaction(), self._db.cursor() as cur:
            for sha in sorted(set(lock)):
                cur.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (sha,))
            for sql, rows in statements:
                if rows:
                    cur.executemany(_pg(sql), rows)

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
        self.put_many([(doc, original_name, archive_path, extractor_version, json_path)])

    def put_many(self, items: Iterable[tuple[Document, str, str, str, str | None]]) -> None:
        """Several ``put`` calls in one transaction: (doc, original_name, archive_path,
        extractor_version, json_path) each (a bulk load; the flows call ``put``)."""
        items = list(items)
        rows = [self._rows(*item) for item in items]
        if not rows:
            return
        with self._lock, self._db.transaction(), self._db.cursor() as cur:
            for sha in sorted({r[0][0] for r in rows}):  # sorted: no lock-order deadlock
                cur.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (sha,))
            shas = [r[0][0] for r in rows]
            cur.executemany(
                f"INSERT INTO documents ({DOCUMENT_COLUMNS}) "
                "VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) "
                "ON CONFLICT (sha256) DO UPDATE SET extractor_version = EXCLUDED.extractor_version,"
                " original_name = EXCLUDED.original_name, archive_path = EXCLUDED.archive_path,"
                " json_path = EXCLUDED.json_path, format = EXCLUDED.format,"
                " doc_type = EXCLUDED.doc_type, number = EXCLUDED.number, date = EXCLUDED.date,"
                " title = EXCLUDED.title, extracted_at = EXCLUDED.extracted_at,"
                " doc_json = EXCLUDED.doc_json, filename = EXCLUDED.filename,"
                " mentions_version = EXCLUDED.mentions_version, register_version = NULL",
                [r[0] for r in rows],
            )
            cur.executemany(
                "INSERT INTO names VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                [(r[0][0], r[0][2], r[0][10]) for r in rows],
            )
            cur.execute("DELETE FROM citations WHERE sha256 = ANY(%s)", (shas,))
            cur.executemany(
                "INSERT INTO citations VALUES (%s,%s,%s,%s,%s,%s,%s,%s)",
                [c for r in rows for c in r[1]],
            )
            cur.execute("DELETE FROM identity_keys WHERE sha256 = ANY(%s)", (shas,))
            cur.executemany(
                "INSERT INTO identity_keys VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                [k for r in rows for k in r[2]],
            )
            self._write_mentions(cur, shas, [m for r in rows for m in r[3]])
        # in a transaction of its own: a failure leaves register_version NULL (rebuilt later)
        self.write_register([item[0] for item in items])

    @staticmethod
    def _write_mentions(cur: psycopg.Cursor[Any], shas: list[str], rows: list[MentionRow]) -> None:
        """Replace the ``mentions`` rows of ``shas`` (inside the caller's transaction)."""
        cur.execute("DELETE FROM mentions WHERE sha256 = ANY(%s)", (shas,))
        cur.executemany(
            f"INSERT INTO mentions ({MENTION_COLUMNS}) VALUES (%s,%s,%s,%s,%s,%s,%s)", rows
        )

    def refresh_mentions(self, batch: int = 500) -> int:
        """Rebuild the ``mentions`` rows of the documents stored before migration 3 or
        with another ``vanban.checks.records.RECORD_VERSION`` (``batch`` documents a transaction,
        streamed); the number of documents rebuilt. ``check_all`` calls it first."""
        version = mentions_version()
        if version is None:
            return 0
        row = self._one(
            "SELECT COUNT(*) FROM documents WHERE mentions_version IS DISTINCT FROM %s",
            (version,),
        )
        if not row or not row[0]:
            return 0
        stale = self._stream(
            "SELECT sha256 FROM documents WHERE mentions_version IS DISTINCT FROM %s "
            "ORDER BY sha256",
            (version,),
        )
        done = 0
        while part := [str(r[0]) for r in itertools.islice(stale, batch)]:
            with self._lock, self._db.transaction(), self._db.cursor() as cur:
                for sha in part:  # put's lock, in sha256 order: no interleaving with a writer
                    cur.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (sha,))
                cur.execute(
                    "SELECT sha256, doc_json FROM documents WHERE sha256 = ANY(%s) "
                    "AND mentions_version IS DISTINCT FROM %s",
                    (part, version),
                )
                docs = [(str(sha), Document.model_validate_json(text)) for sha, text in cur]
                shas = [sha for sha, _ in docs]
                self._write_mentions(cur, shas, [m for _, d in docs for m in mention_rows(d)])
                cur.execute(
                    "UPDATE documents SET mentions_version = %s WHERE sha256 = ANY(%s)",
                    (version, shas),
                )
            done += len(part)
        return done

    def iter_mentions(self, column: str | None = None) -> Iterator[tuple[str, str, str]]:
        """(group, sha256, rec) of the ``mentions`` rows through a server-side cursor:
        ``column`` None → every row in (sha256, seq) order (group = sha256); "key" or
        "block" → the rows carrying one, self-references excepted, in (column, sha256,
        seq) order (one index scan)."""
        if column is None:
            sql = "SELECT sha256, sha256, rec FROM mentions ORDER BY sha256, seq"
        elif column in ("key", "block"):
            sql = (
                f"SELECT {column}, sha256, rec FROM mentions WHERE {column} IS NOT NULL "
                f"AND self_ref = 0 ORDER BY {column}, sha256, seq"
            )
        else:
            raise ValueError(f"no mention group {column!r}")
        yield from self._stream(sql, rows=MENTION_ROWS)

    def _rows(
        self,
        doc: Document,
        original_name: str,
        archive_path: str,
        extractor_version: str,
        json_path: str | None,
    ) -> tuple[
        tuple[Any, ...], list[tuple[Any, ...]], list[tuple[str, str, str]], list[MentionRow]
    ]:
        sha = doc.source.sha256
        document = (
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
            now(),
            doc.model_dump_json(),
            doc.source.filename,
            mentions_version(),
        )
        cites = [("legal_basis", i, c) for i, c in enumerate(doc.legal_basis)]
        cites += [("references", i, c) for i, c in enumerate(doc.references)]
        citations = [citation_row(sha, role, i, c) for role, i, c in cites]
        keys = [(k, sha, role) for k, role in self._keys(doc)]
        return document, citations, keys, mention_rows(doc)

    def documents_for_keys(self, keys: Iterable[str], *, role: str | None = None) -> list[Document]:
        wanted = sorted(set(keys))
        if not wanted:
            return []
        rows = self._all(
            "SELECT d.sha256, d.doc_json FROM documents d WHERE d.sha256 IN "
            "(SELECT sha256 FROM identity_keys WHERE key = ANY(%s)"
            " AND (%s::text IS NULL OR role = %s)) ORDER BY d.sha256",
            (wanted, role, role),
        )
        return [Document.model_validate_json(r[1]) for r in rows]

    def _stream(
        self, sql: str, params: tuple[Any, ...] = (), *, rows: int = STREAM_ROWS
    ) -> Iterator[tuple[Any, ...]]:
        """Rows of ``sql`` through a server-side cursor on a connection of its own."""
        with psycopg.connect(self.url) as conn, conn.cursor(name="vanban_stream") as cur:
            cur.itersize = rows
            cur.execute(sql, params)
            yield from cur

    def shared_keys(
        self, min_docs: int = 2, *, among: Iterable[str] | None = None
    ) -> Iterator[tuple[str, int]]:
        """(key, number of documents) for keys carried by at least ``min_docs`` documents,
        in key order: one GROUP BY over the ``identity_keys`` primary key (streamed through
        a server-side cursor); ``among`` restricts it to some keys (500 a query)."""
        group = " GROUP BY key HAVING COUNT(DISTINCT sha256) >= %s ORDER BY key"
        if among is None:
            sql = "SELECT key, COUNT(DISTINCT sha256) FROM identity_keys" + group
            yield from ((str(k), int(n)) for k, n in self._stream(sql, (min_docs,)))
            return
        wanted = sorted(set(among))
        for start in range(0, len(wanted), KEYS_PER_QUERY):
            rows = self._all(
                "SELECT key, COUNT(DISTINCT sha256) FROM identity_keys WHERE key = ANY(%s)" + group,
                (wanted[start : start + KEYS_PER_QUERY], min_docs),
            )
            yield from ((str(k), int(n)) for k, n in rows)

    def duplicate_names(self) -> Iterator[tuple[str, str]]:
        """(sha256, file name) of the documents whose file name another document shares,
        in sha256 order (the order of ``iter_documents``)."""
        sql = (
            "SELECT sha256, filename FROM documents WHERE filename IN (SELECT filename "
            "FROM documents GROUP BY filename HAVING COUNT(*) > 1) ORDER BY sha256"
        )
        yield from ((str(s), str(n)) for s, n in self._stream(sql))

    # -- reservations across workers --------------------------------------------------------
    def reserve_json_name(self, name: str, sha256: str) -> str:
        """Reserve ``name`` (a JSON file name) for ``sha256`` unless taken; the owner's sha256.

        ``ON CONFLICT DO NOTHING`` waits for a concurrent insert of the same name to
        commit, so of two workers exactly one owns the name."""
        row = self._one(
            "INSERT INTO json_names VALUES (%s, %s, %s) ON CONFLICT (name) DO NOTHING "
            "RETURNING sha256",
            (name, sha256, now()),
        )
        if row is None:
            row = self._one("SELECT sha256 FROM json_names WHERE name = %s", (name,))
        assert row is not None
        return str(row[0])

    def reserve_extraction(self, sha256: str, worker: str, lease: float) -> bool:
        """True when ``worker`` now holds the extraction of ``sha256`` for ``lease`` seconds:
        nobody held it, the holder's lease ran out, or ``worker`` held it already. Leases
        are judged by the database server's clock (one clock for every machine)."""
        row = self._one(
            "INSERT INTO extracting VALUES (%s, %s, extract(epoch FROM clock_timestamp()) + %s) "
            "ON CONFLICT (sha256) DO UPDATE SET worker = EXCLUDED.worker,"
            " lease_until = EXCLUDED.lease_until"
            " WHERE extracting.worker = EXCLUDED.worker"
            " OR extracting.lease_until < extract(epoch FROM clock_timestamp())"
            " RETURNING worker",
            (sha256, worker, lease),
        )
        return row is not None

    def release_extraction(self, sha256: str, worker: str) -> None:
        """Drop ``worker``'s reservation of ``sha256`` (stored, quarantined or failed)."""
        with self._lock, self._db.transaction():
            self._db.execute(
                "DELETE FROM extracting WHERE sha256 = %s AND worker = %s", (sha256, worker)
            )

    def iter_documents(self) -> Iterator[Document]:
        for row in self._stream("SELECT doc_json FROM documents ORDER BY sha256"):
            yield Document.model_validate_json(row[0])

    def iter_records(self) -> Iterator[StoredRecord]:
        for row in self._stream(f"SELECT {_RECORD_COLS} FROM documents ORDER BY sha256"):
            yield StoredRecord(*row)

    def count(self) -> int:
        """Number of stored documents."""
        row = self._one("SELECT COUNT(*) FROM documents")
        return int(row[0]) if row else 0

    # -- quarantine -----------------------------------------------------------------------
