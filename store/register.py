"""The register's SQL, the same on SQLite and PostgreSQL (a mixin of ``SqlStore``).

Rows (``vanban.register.rows``) are written after each ``put`` and flagged with
``documents.register_version``; a document whose rows are missing or were built by an
older version is rebuilt by :meth:`RegisterSql.refresh_register` (every query calls it
first; it is two index-only counts when nothing is stale). Queries never load a
document's JSON: the task register reads ``task_rows`` through ``task_agencies`` and the
indexes on deadlines and agency keys; the citation graph joins ``citation_edges`` with
``document_keys`` (an identity cited by a document resolves to every document with that
identity, both files of a PDF and its Markdown twin; the period, a State document's year,
must agree when both sides know it).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from vanban.models.document import Document

Row = tuple[Any, ...]

#: Documents rebuilt per transaction by ``refresh_register``.
REFRESH_BATCH = 500

DOCUMENT_FIELDS = "d.sha256, d.filename, d.doc_type, d.number, d.date, d.title"
"""What a register row says about its document (``RegisterDoc`` in vanban.register)."""


def _register_version() -> int:
    from vanban.register.rows import REGISTER_VERSION

    return REGISTER_VERSION


def register_statements(
    shas: Sequence[str], docs: Iterable[Document]
) -> list[tuple[str, list[Row]]]:
    """The statements that replace the register rows of ``shas`` with those of ``docs``."""
    from vanban.register.rows import (
        AGENCY_COLUMNS,
        EDGE_COLUMNS,
        KEY_COLUMNS,
        TASK_COLUMNS,
        register_rows,
    )

    tasks: list[Row] = []
    agencies: list[Row] = []
    edges: list[Row] = []
    keys: list[Row] = []
    for doc in docs:
        rows = register_rows(doc)
        tasks += rows.tasks
        agencies += rows.agencies
        edges += rows.edges
        keys += rows.keys
    by_sha = [(s,) for s in shas]
    version = _register_version()

    def insert(table: str, columns: str, rows: list[Row]) -> tuple[str, list[Row]]:
        marks = ",".join("?" * (columns.count(",") + 1))
        return f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows

    return [
        ("DELETE FROM task_rows WHERE sha256 = ?", by_sha),
        ("DELETE FROM task_agencies WHERE sha256 = ?", by_sha),
        ("DELETE FROM citation_edges WHERE sha256 = ?", by_sha),
        ("DELETE FROM document_keys WHERE sha256 = ?", by_sha),
        insert("task_rows", TASK_COLUMNS, tasks),
        insert("task_agencies", AGENCY_COLUMNS, agencies),
        insert("citation_edges", EDGE_COLUMNS, edges),
        insert("document_keys", KEY_COLUMNS, keys),
        (
            "UPDATE documents SET register_version = ? WHERE sha256 = ?",
            [(version, s) for s in shas],
        ),
    ]


def _only(a: str, b: str, shas: Sequence[str] | None) -> tuple[str, tuple[str, ...]]:
    """An ``AND (a IN (…) OR b IN (…))`` clause and its parameters; empty for None."""
    if shas is None:
        return "", ()
    marks = ",".join("?" * len(shas)) or "NULL"
    return f"AND ({a} IN ({marks}) OR {b} IN ({marks}))", (*shas, *shas)


class RegisterSql:
    """Register queries; the store supplies ``_one``, ``_all`` and ``_write_many`` (a list
    of (statement, rows) run as ``executemany`` in one transaction, holding the write
    lock of the documents in ``lock``)."""

    def _one(self, sql: str, params: tuple[Any, ...] = ()) -> Row | None:
        raise NotImplementedError

    def _all(self, sql: str, params: tuple[Any, ...] = ()) -> list[Row]:
        raise NotImplementedError

    def _write_many(
        self, statements: list[tuple[str, list[Row]]], *, lock: Iterable[str] = ()
    ) -> None:
        raise NotImplementedError

    # -- writing ----------------------------------------------------------------------------
    def write_register(self, docs: Sequence[Document]) -> None:
        """Replace the register rows of ``docs`` (called after ``put``)."""
        if docs:
            shas = [d.source.sha256 for d in docs]
            self._write_many(register_statements(shas, docs), lock=shas)

    def refresh_register(self, batch: int = REFRESH_BATCH) -> int:
        """Build the rows of documents stored without them or with another version;
        the number of documents rebuilt."""
        version = _register_version()
        stale_count = self._one(
            "SELECT COUNT(*) FROM documents WHERE register_version IS NULL "
            "OR register_version <> ?",
            (version,),
        )
        if not stale_count or not stale_count[0]:
            return 0
        shas = [
            str(r[0])
            for r in self._all(
                "SELECT sha256 FROM documents WHERE register_version IS NULL "
                "OR register_version <> ? ORDER BY sha256",
                (version,),
            )
        ]
        done = 0
        it = iter(shas)
        while part := list(itertools.islice(it, batch)):
            marks = ",".join("?" * len(part))
            rows = self._all(
                f"SELECT doc_json FROM documents WHERE sha256 IN ({marks})", tuple(part)
            )
            docs = [Document.model_validate_json(r[0]) for r in rows]
            self._write_many(register_statements(part, docs), lock=part)
            done += len(part)
        return done

    # -- the task register --------------------------------------------------------------------
    def register_tasks(
        self,
        *,
        agency_keys: Sequence[str] | None = None,
        document_keys: Sequence[str] | None = None,
        due_from: str | None = None,
        due_to: str | None = None,
        overdue_before: str | None = None,
    ) -> list[Row]:
        """Task rows with their document, filtered in SQL: ``agency_keys`` (as lead,
        partner or focal unit), ``document_keys`` (identity keys of the document),
        a deadline (``due_end``) in [``due_from``, ``due_to``], or before
        ``overdue_before``. Each row: document fields, then the task_rows columns."""
        where: list[str] = []
        params: list[Any] = []
        source = "task_rows t"
        if agency_keys is not None:  # driven by the agency index, then task_rows' key
            marks = ",".join("?" * len(agency_keys)) or "NULL"
            source = (
                "(SELECT DISTINCT sha256, seq FROM task_agencies WHERE agency_key IN "
                f"({marks})) a JOIN task_rows t ON t.sha256 = a.sha256 AND t.seq = a.seq"
            )
            params += list(agency_keys)
        if document_keys is not None:
            marks = ",".join("?" * len(document_keys)) or "NULL"
            where.append(
                f"t.sha256 IN (SELECT k.sha256 FROM document_keys k WHERE k.key IN ({marks}))"
            )
            params += list(document_keys)
        if due_from:
            where.append("t.due_end >= ?")
            params.append(due_from)
        if due_to:
            where.append("t.due_end <= ?")
            params.append(due_to)
        if overdue_before:
            where.append("t.due_end < ?")
            params.append(overdue_before)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        return self._all(
            f"SELECT {DOCUMENT_FIELDS}, t.seq, t.task_id, t.no, t.parent, t.level, t.source, "
            "t.content, t.page, t.due_raw, t.due_start, t.due_end, t.recurrence, t.rec "
            f"FROM {source} JOIN documents d ON d.sha256 = t.sha256 {clause} "
            "ORDER BY d.filename, d.sha256, t.seq",
            tuple(params),
        )

    def task_agency_rows(self, shas: Iterable[str]) -> list[Row]:
        """(sha256, seq, role, agency_key, name) of the tasks of ``shas``."""
        wanted = sorted(set(shas))
        out: list[Row] = []
        it = iter(wanted)
        while part := list(itertools.islice(it, 500)):
            marks = ",".join("?" * len(part))
            out += self._all(
                "SELECT sha256, seq, role, agency_key, name FROM task_agencies "
                f"WHERE sha256 IN ({marks}) ORDER BY sha256, seq, role, agency_key",
                tuple(part),
            )
        return out

    def agency_counts(self) -> list[Row]:
        """(agency_key, name, role, tasks) over the corpus."""
        return self._all(
            "SELECT agency_key, name, role, COUNT(*) FROM task_agencies "
            "GROUP BY agency_key, name, role ORDER BY agency_key, name, role"
        )

    # -- the citation graph ---------------------------------------------------------------------
    def iter_edges(self) -> Iterator[Row]:
        """Every edge with its citing document and the documents it resolves to (NULL when
        the cited identity is not in the corpus): document fields, then relation, target,
        period, number, doc_type, date, issuer, raw, cue, page, span, sentence, and the
        cited document's sha256, filename, number, date and type; last the edge's seq."""
        yield from self._all(
            f"SELECT {DOCUMENT_FIELDS}, e.relation, e.target, e.period, e.number, e.doc_type, "
            "e.date, e.issuer, e.raw, e.cue, e.page, e.span_start, e.span_end, "
            "e.sentence_start, e.sentence_end, c.sha256, c.filename, c.number, c.date, "
            "c.doc_type, e.seq FROM citation_edges e JOIN documents d ON d.sha256 = e.sha256 "
            "LEFT JOIN document_keys k ON k.key = e.target AND (e.period IS NULL OR "
            "k.period IS NULL OR k.period = e.period) "
            "LEFT JOIN documents c ON c.sha256 = k.sha256 "
            "ORDER BY d.filename, d.sha256, e.seq, c.filename"
        )

    def edges_to(self, keys: Sequence[str]) -> list[Row]:
        """Edges citing any of ``keys``: document fields, then relation, target, period,
        number, date, raw, cue, page, sentence start and end."""
        marks = ",".join("?" * len(keys)) or "NULL"
        return self._all(
            f"SELECT {DOCUMENT_FIELDS}, e.relation, e.target, e.period, e.number, e.date, "
            "e.raw, e.cue, e.page, e.sentence_start, e.sentence_end "
            f"FROM citation_edges e JOIN documents d ON d.sha256 = e.sha256 "
            f"WHERE e.target IN ({marks}) ORDER BY d.date, d.filename, e.seq",
            tuple(keys),
        )

    def documents_with_keys(self, keys: Sequence[str]) -> list[Row]:
        """Document fields and period of every document with one of ``keys``."""
        marks = ",".join("?" * len(keys)) or "NULL"
        return self._all(
            f"SELECT {DOCUMENT_FIELDS}, k.key, k.period FROM document_keys k "
            f"JOIN documents d ON d.sha256 = k.sha256 WHERE k.key IN ({marks}) "
            "ORDER BY d.filename",
            tuple(keys),
        )

    def missing_targets(self) -> list[Row]:
        """(target, citing documents, citations, a number, a raw citation, doc_type) of
        identities cited but held by no document, most cited first. Citing documents are
        counted by their number: a PDF and its Markdown twin are one document."""
        return self._all(
            "SELECT e.target, COUNT(DISTINCT COALESCE(d.number, d.sha256)), COUNT(*), "
            "MAX(e.number), MIN(e.raw), MAX(e.doc_type) FROM citation_edges e "
            "JOIN documents d ON d.sha256 = e.sha256 WHERE NOT EXISTS (SELECT 1 FROM "
            "document_keys k WHERE k.key = e.target AND (e.period IS NULL OR k.period IS NULL "
            "OR k.period = e.period)) GROUP BY e.target "
            "ORDER BY COUNT(DISTINCT COALESCE(d.number, d.sha256)) DESC, COUNT(*) DESC, "
            "e.target"
        )

    # -- the graph's findings (vanban.checks.graph) ---------------------------------------------
    def replaced_basis_rows(self, only: Sequence[str] | None = None) -> list[Row]:
        """A document citing as its basis an identity that an earlier document replaced or
        repealed: (target, replacing sha256, filename, date, relation, raw, page,
        span_start, span_end, citing sha256, filename, date, raw, page, span_start,
        span_end). ``only``: rows whose replacing or citing document is one of these."""
        extra, params = _only("r.sha256", "c.sha256", only)
        return self._all(
            "SELECT r.target, r.sha256, rd.filename, rd.date, r.relation, r.raw, r.page, "
            "r.span_start, r.span_end, c.sha256, cd.filename, cd.date, c.raw, c.page, "
            "c.span_start, c.span_end FROM citation_edges r "
            "JOIN documents rd ON rd.sha256 = r.sha256 "
            "JOIN citation_edges c ON c.target = r.target AND c.relation = 'basis' "
            "AND c.sha256 <> r.sha256 AND (c.period IS NULL OR r.period IS NULL "
            "OR c.period = r.period) "
            "JOIN documents cd ON cd.sha256 = c.sha256 "
            "WHERE r.relation IN ('replaces', 'repeals') AND rd.date IS NOT NULL "
            f"AND cd.date > rd.date {extra} ORDER BY r.target, cd.filename, c.seq",
            params,
        )

    def implementing_pairs(self, only: Sequence[str] | None = None) -> list[Row]:
        """(plan sha256, source sha256, target, plan's citation raw, page) for every
        ``implements`` edge that resolves to a document of the corpus (``only``: whose
        plan or source is one of these)."""
        extra, params = _only("e.sha256", "k.sha256", only)
        return self._all(
            "SELECT DISTINCT e.sha256, k.sha256, e.target, e.raw, e.page "
            "FROM citation_edges e JOIN document_keys k ON k.key = e.target "
            "AND (e.period IS NULL OR k.period IS NULL OR k.period = e.period) "
            f"WHERE e.relation = 'implements' AND k.sha256 <> e.sha256 {extra} "
            "ORDER BY e.sha256, k.sha256",
            params,
        )

    def dated_tasks(self, sha256: str) -> list[Row]:
        """(filename, seq, task_id, no, content, page, due_raw, due_end) of a document's
        tasks that have a deadline."""
        return self._all(
            "SELECT d.filename, t.seq, t.task_id, t.no, t.content, t.page, t.due_raw, "
            "t.due_end FROM task_rows t JOIN documents d ON d.sha256 = t.sha256 "
            "WHERE t.sha256 = ? AND t.due_end IS NOT NULL ORDER BY t.seq",
            (sha256,),
        )
