"""An in-memory corpus store with the protocol the checks need (what ``vanban check
FILES`` uses, and what the SQLite store of ``store/`` offers for the inbox flow).

>>> store = MemoryStore()
>>> from vanban.models.document import Document, SourceInfo, DocNumber
>>> src = SourceInfo(filename="a.txt", sha256="a", format="txt", pages=1, ocr=False)
>>> n = DocNumber(raw="Số: 720-QĐ/TU", canonical="720-QĐ/TU", serial="720", type_code="QĐ",
...               issuer_code="TU", system="party", grammar="party")
>>> store.add(Document(extractor_version="t", source=src, number=n))
>>> [d.source.filename for d in store.documents_for_keys({"P|QĐ|720|TU"})]
['a.txt']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Protocol

from vanban.checks.identity import keys_for_document
from vanban.models.document import Document


class CorpusStore(Protocol):
    """What ``check_batch`` needs of a store: documents by identity/block key, and all."""

    def documents_for_keys(self, keys: set[str]) -> list[Document]: ...

    def iter_documents(self) -> Iterable[Document]: ...


class MemoryStore:
    """Documents in a list, indexed by ``keys_for_document``; duplicates (same sha256 and
    file name) are stored once."""

    def __init__(self, docs: Iterable[Document] = ()) -> None:
        self._docs: list[Document] = []
        self._by_key: dict[str, list[int]] = defaultdict(list)
        self._seen: set[tuple[str, str]] = set()
        for doc in docs:
            self.add(doc)

    def add(self, doc: Document) -> None:
        ident = (doc.source.sha256, doc.source.filename)
        if ident in self._seen:
            return
        self._seen.add(ident)
        index = len(self._docs)
        self._docs.append(doc)
        for key in keys_for_document(doc):
            self._by_key[key].append(index)

    def documents_for_keys(self, keys: set[str]) -> list[Document]:
        found = sorted({i for k in keys for i in self._by_key.get(k, ())})
        return [self._docs[i] for i in found]

    def iter_documents(self) -> Iterator[Document]:
        return iter(self._docs)

    def __len__(self) -> int:
        return len(self._docs)
