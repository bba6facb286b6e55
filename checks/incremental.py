"""Check a new batch against the corpus store, or the whole store, without loading it.

``check_batch``: the batch's base and block keys (``keys_for_document``) fetch the stored
documents that share them; the checks then run on those keys only, and only findings
that name a document of the batch are returned (older disagreements were reported before).

``check_all``: the whole corpus as indexed queries on the store's ``mentions`` table
(migration 3: one row per header or citation, written by ``put`` with the document;
figures in docs/checks.md and docs/scale-out.md). No document is parsed:

1. rows of documents stored before migration 3, or with another ``RECORD_VERSION``,
   are rebuilt first (``store.refresh_mentions``, lazily here);
2. per-document rules: every row in (sha256, seq) order, one document at a time;
3. identity rules: rows with a base key (self-references excepted) in (key, sha256, seq)
   order, one key at a time (a finding for key K depends only on the mentions carrying
   K; the resolver splits them); block rules likewise in (block, sha256, seq) order.

Memory is bounded by the largest group, not by the corpus.

Names are the ones ``check_documents`` gives (file names, '#n' for the second, third …
document of one name in sha256 order; ``store.duplicate_names()``), so both give
identical findings.

>>> from vanban.checks.memory_store import MemoryStore
>>> check_batch(MemoryStore(), [])
[]
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import Any, Protocol, runtime_checkable

from vanban.checks.findings import Finding
from vanban.checks.graph import graph_findings, has_graph
from vanban.checks.identity import keys_for_document
from vanban.checks.memory_store import CorpusStore
from vanban.checks.per_block import check_block
from vanban.checks.per_document import check_document_mentions
from vanban.checks.per_identity import check_identity
from vanban.checks.records import Corpus, DocInfo, Mention, document_name, load_mention_record
from vanban.checks.resolve import Resolver, resolve, split_by_period
from vanban.checks.run import run_checks
from vanban.models.document import Document

SLICE_DOCS = 500
"""Documents rebuilt per transaction by ``store.refresh_mentions`` (``check_all``)."""


@runtime_checkable
class StreamingStore(Protocol):
    """A store holding the checks' mention rows (SQLite, PostgreSQL): what ``check_all``
    needs to check without holding the corpus."""

    def refresh_mentions(self, batch: int = 500) -> int: ...

    def iter_mentions(self, column: str | None = None) -> Iterator[tuple[str, str, str]]: ...

    def duplicate_names(self) -> Iterator[tuple[str, str]]: ...


def _ident(doc: Document) -> tuple[str, str]:
    return (doc.source.sha256, doc.source.filename)


def finding_order(f: Finding) -> tuple[Any, ...]:
    """A total order of findings: kind, key, message, then documents and evidence."""
    ev = [(e.document, e.page is None, e.page or 0, e.text, e.role) for e in f.evidence]
    return (*f.sort_key(), f.documents, ev)


def check_batch(
    store: CorpusStore, docs: list[Document], *, resolver: Resolver = split_by_period
) -> list[Finding]:
    """Findings that involve the batch ``docs``, judged against ``store``.

    The batch may already be in the store (stored documents equal to a batch document
    by sha256 and file name are not counted twice).
    """
    if not docs:
        return []
    keys: set[str] = set()
    for doc in docs:
        keys |= keys_for_document(doc)
    corpus = Corpus()
    batch_ids = {_ident(d) for d in docs}
    batch_index = {corpus.add(d) for d in docs}
    for doc in store.documents_for_keys(keys):
        if _ident(doc) not in batch_ids:
            corpus.add(doc)
    batch_names = {corpus.docs[i].name for i in batch_index}
    findings = run_checks(corpus, resolver=resolver, only_keys=keys, only_docs=batch_index)
    findings = [f for f in findings if batch_names.intersection(f.documents)]
    if has_graph(store):  # the register's rows: the graph's own rules (checks/graph.py)
        findings += graph_findings(store, only={d.source.sha256 for d in docs})  # type: ignore[arg-type]
        findings.sort(key=finding_order)
    return findings


def check_documents(
    docs: Iterable[Document], *, resolver: Resolver = split_by_period
) -> list[Finding]:
    """All findings among ``docs``, in memory (names are file names, unique with '#n')."""
    corpus = Corpus()
    seen: dict[str, int] = {}
    for doc in docs:
        name = document_name(doc)
        seen[name] = seen.get(name, 0) + 1
        corpus.add(doc, name if seen[name] == 1 else f"{name}#{seen[name]}")
    findings = run_checks(corpus, resolver=resolver)
    findings.sort(key=finding_order)
    return findings


def check_all(
    store: CorpusStore | StreamingStore, *, resolver: Resolver = split_by_period
) -> list[Finding]:
    """The whole-corpus check as indexed queries on the store's ``mentions`` rows; on a
    store without them (an in-memory ``MemoryStore``), ``check_documents``."""
    if not isinstance(store, StreamingStore):
        return check_documents(store.iter_documents(), resolver=resolver)
    store.refresh_mentions(SLICE_DOCS)
    names = unique_names(store.duplicate_names())
    findings: list[Finding] = []
    for mentions, docs in _groups(store.iter_mentions(), names):
        findings += check_document_mentions(mentions, docs)
    for mentions, docs in _groups(store.iter_mentions("key"), names):
        for key, group in resolve(mentions, resolver).items():
            findings += check_identity(key, group, docs)
    for mentions, docs in _groups(store.iter_mentions("block"), names):
        findings += check_block(mentions, docs)
    if has_graph(store):
        findings += graph_findings(store)  # type: ignore[arg-type]
    findings.sort(key=finding_order)
    return findings


def _groups(
    rows: Iterable[tuple[str, str, str]], names: dict[str, str]
) -> Iterator[tuple[list[Mention], list[DocInfo]]]:
    """(group, sha256, record) rows, ordered by group, as one group's mentions at a time,
    numbered into the group's own document table (display names from ``names``)."""
    for _value, group in itertools.groupby(rows, key=lambda r: r[0]):
        docs: list[DocInfo] = []
        local: dict[str, int] = {}
        mentions: list[Mention] = []
        for _, sha, rec in group:
            index = local.get(sha, len(docs))
            filename, date, key, m = load_mention_record(rec, index)
            if index == len(docs):
                local[sha] = index
                docs.append(DocInfo(names.get(sha, filename), date, key))
            mentions.append(m)
        yield mentions, docs


def unique_names(duplicates: Iterable[tuple[str, str]]) -> dict[str, str]:
    """sha256 → 'name#n' for the second and later documents of one file name.

    >>> unique_names([("a1", "x.pdf"), ("b2", "x.pdf"), ("c3", "x.pdf")])
    {'b2': 'x.pdf#2', 'c3': 'x.pdf#3'}
    """
    seen: dict[str, int] = {}
    out: dict[str, str] = {}
    for sha, name in duplicates:
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            out[sha] = f"{name}#{seen[name]}"
    return out
