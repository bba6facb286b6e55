"""Run every check over a corpus of records: indexed by key and block, never pairwise.

>>> from vanban.models.document import Citation, Document, SourceInfo
>>> def doc(name, cite):
...     src = SourceInfo(filename=name, sha256=name, format="txt", pages=1, ocr=False)
...     return Document(extractor_version="t", source=src, legal_basis=[cite])
>>> a = doc("a.txt", Citation(raw="Quyết định số 720-QĐ/TU ngày 13/2/2026", doc_type="Quyết định",
...                           number="720-QĐ/TU", date="2026-02-13"))
>>> b = doc("b.txt", Citation(raw="Quyết định số 720-QĐ/TU ngày 12/2/2026", doc_type="Quyết định",
...                           number="720-QĐ/TU", date="2026-02-12"))
>>> [(f.kind, f.key, f.documents) for f in run_checks(Corpus.from_documents([a, b]))]
[('date_mismatch', 'P|QĐ|720|TU', ['a.txt', 'b.txt'])]
"""

from __future__ import annotations

from collections.abc import Iterable

from vanban.checks.findings import Finding
from vanban.checks.per_block import check_block, group_blocks
from vanban.checks.per_document import check_document_mentions, self_reference
from vanban.checks.per_identity import check_identity
from vanban.checks.records import Corpus, Mention
from vanban.checks.resolve import Resolver, resolve, split_by_period


def run_checks(
    corpus: Corpus,
    *,
    resolver: Resolver = split_by_period,
    only_keys: set[str] | None = None,
    only_docs: set[int] | None = None,
) -> list[Finding]:
    """All findings, sorted by kind then key.

    ``only_keys`` (base and block keys) and ``only_docs`` (document indexes) restrict an
    incremental run to what a batch touches; the default checks everything.
    """
    docs = corpus.docs
    findings: list[Finding] = []
    own: Iterable[Mention] = corpus.mentions
    if only_docs is not None:
        own = (m for m in corpus.mentions if m.doc in only_docs)
    findings += check_document_mentions(own, docs)

    others = [m for m in corpus.mentions if m.key and not self_reference(m, docs)]
    for key, group in resolve(others, resolver, only=only_keys).items():
        findings += check_identity(key, group, docs)
    for block in group_blocks(others, only=only_keys).values():
        findings += check_block(block, docs)
    findings.sort(key=Finding.sort_key)
    return findings
