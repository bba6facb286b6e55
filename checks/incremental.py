"""Check a new batch against the corpus store, or the whole store, without loading it.

``check_batch``: the batch's base and block keys (``keys_for_document``) fetch the stored
documents that share them; the checks then run on those keys only, and only findings
that name a document of the batch are returned (older disagreements were reported before).

``check_all``: the whole corpus, with memory bounded by the largest identity group or
block, not by the corpus (figures in docs/checks.md and docs/scale-out.md):

1. the documents stream once from the store, a slice of 500 at a time: the
   per-document rules run on the slice, and its keyed mentions (self-references
   excepted) go to a scratch SQLite file (an external sort);
2. the spill comes back ordered by base key, then by block key; each group is checked
   on its own: a finding for key K depends only on the mentions carrying K (the
   resolver splits one base key's mentions; a block is one block key's mentions).

Names are the ones ``check_documents`` gives (file names, '#n' for the second, third …
document of one name in sha256 order; ``store.duplicate_names()``), so both give
identical findings.

>>> from checks.memory_store import MemoryStore
>>> check_batch(MemoryStore(), [])
[]
"""

from __future__ import annotations

import itertools
import marshal
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from checks.findings import Finding
from checks.identity import keys_for_document
from checks.memory_store import CorpusStore
from checks.per_block import block_key, check_block
from checks.per_document import check_document_mentions, self_reference
from checks.per_identity import check_identity
from checks.records import Corpus, DocInfo, Mention, document_name
from checks.resolve import Resolver, resolve, split_by_period
from checks.run import run_checks
from models.document import Document

SLICE_DOCS = 500
"""Documents read, checked and spilled together by ``check_all``."""


@runtime_checkable
class StreamingStore(Protocol):
    """A store that streams its documents and names the repeated file names (SQLite,
    PostgreSQL): what ``check_all`` needs to check without holding the corpus."""

    def iter_documents(self) -> Iterator[Document]: ...

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
    return [f for f in findings if batch_names.intersection(f.documents)]


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
    store: CorpusStore | StreamingStore,
    *,
    resolver: Resolver = split_by_period,
    scratch: Path | None = None,
) -> list[Finding]:
    """The whole-corpus check, streamed; on a store without ``duplicate_names`` (an
    in-memory ``MemoryStore``), ``check_documents``.

    ``scratch`` is the folder of the temporary spill file (default: the system's).
    """
    if not isinstance(store, StreamingStore):
        return check_documents(store.iter_documents(), resolver=resolver)
    names = unique_names(store.duplicate_names())
    findings: list[Finding] = []
    with tempfile.TemporaryDirectory(prefix="vanban-check-", dir=scratch) as tmp:
        spill = Spill(Path(tmp) / "mentions.sqlite")
        try:
            docs = iter(store.iter_documents())
            while part := list(itertools.islice(docs, SLICE_DOCS)):
                findings += _check_slice(part, names, spill)
            findings += spill.findings(resolver)
        finally:
            spill.close()
    findings.sort(key=finding_order)
    return findings


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


def _check_slice(docs: list[Document], names: dict[str, str], spill: Spill) -> list[Finding]:
    """Per-document rules of ``docs``; their keyed mentions go to the spill."""
    corpus = Corpus()
    for doc in docs:
        corpus.add(doc, names.get(doc.source.sha256))
    info = corpus.docs
    findings = check_document_mentions(corpus.mentions, info)
    spill.add(
        (block_key(m) if m.date else None, info[m.doc], m)
        for m in corpus.mentions
        if m.key and not self_reference(m, info)
    )
    return findings


class Spill:
    """Keyed mentions in a scratch SQLite file, read back grouped by base or block key.

    A row is (base key, block key, order, marshalled record): the mention and its
    document's name, date and own key, so a group is checked with nothing else in
    memory; SQLite sorts the spill on disk (``ORDER BY``), Python holds one group.
    """

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path)
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute("CREATE TABLE m (key TEXT, block TEXT, seq INTEGER, rec BLOB)")
        self._seq = 0
        self._docs = 0

    def add(self, rows: Iterable[tuple[str | None, DocInfo, Mention]]) -> None:
        """(block key or None, document record, mention) in corpus order."""
        numbers: dict[int, int] = {}  # id(DocInfo) → document number (this call only)
        out = []
        for block, info, m in rows:
            doc = numbers.get(id(info))
            if doc is None:
                doc = numbers[id(info)] = self._docs
                self._docs += 1
            self._seq += 1
            rec = marshal.dumps((doc, *info, *m))
            out.append((m.key, block, self._seq, rec))
        with self._db:
            self._db.executemany("INSERT INTO m VALUES (?, ?, ?, ?)", out)

    def _groups(self, column: str) -> Iterator[tuple[list[Mention], list[DocInfo]]]:
        """Rows of one ``column`` value (in spill order) as mentions of local documents."""
        rows = self._db.execute(
            f"SELECT {column}, rec FROM m WHERE {column} NOT NULL ORDER BY {column}, seq"
        )
        load, make = marshal.loads, Mention._make
        for _value, group in itertools.groupby(rows, key=lambda r: r[0]):
            docs: list[DocInfo] = []
            local: dict[int, int] = {}
            mentions: list[Mention] = []
            for _, rec in group:
                doc, name, date, key, *fields = load(rec)
                index = local.get(doc)
                if index is None:
                    index = local[doc] = len(docs)
                    docs.append(DocInfo(name, date, key))
                fields[1] = index
                mentions.append(make(fields))
            yield mentions, docs

    def findings(self, resolver: Resolver) -> list[Finding]:
        """Identity rules per base key, block rules per block key."""
        out: list[Finding] = []
        for mentions, docs in self._groups("key"):
            for key, group in resolve(mentions, resolver).items():
                out += check_identity(key, group, docs)
        for mentions, docs in self._groups("block"):
            out += check_block(mentions, docs)
        return out

    def close(self) -> None:
        self._db.close()
