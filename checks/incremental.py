"""Check a new batch against the corpus store: only the identities the batch touches.

The batch's base and block keys (``keys_for_document``) fetch the stored documents
that share them; the checks then run on those keys only, and only findings that name
a document of the batch are returned (older disagreements were reported before).

>>> from checks.memory_store import MemoryStore
>>> check_batch(MemoryStore(), [])
[]
"""

from __future__ import annotations

from collections.abc import Iterable

from checks.findings import Finding
from checks.identity import keys_for_document
from checks.memory_store import CorpusStore
from checks.records import Corpus, document_name
from checks.resolve import Resolver, split_by_period
from checks.run import run_checks
from models.document import Document


def _ident(doc: Document) -> tuple[str, str]:
    return (doc.source.sha256, doc.source.filename)


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


def check_all(store: CorpusStore, *, resolver: Resolver = split_by_period) -> list[Finding]:
    """The whole-corpus check (grouping by key over every stored document)."""
    return check_documents(store.iter_documents(), resolver=resolver)


def check_documents(
    docs: Iterable[Document], *, resolver: Resolver = split_by_period
) -> list[Finding]:
    """All findings among ``docs`` (names are file names, made unique with '#n')."""
    corpus = Corpus()
    seen: dict[str, int] = {}
    for doc in docs:
        name = document_name(doc)
        seen[name] = seen.get(name, 0) + 1
        corpus.add(doc, name if seen[name] == 1 else f"{name}#{seen[name]}")
    return run_checks(corpus, resolver=resolver)
