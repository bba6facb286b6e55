"""vanban.checks.incremental.check_all on a store (indexed queries, spill) = check_documents in memory.

Both stores, on the planted samples (samples/checks) and on a generated corpus of a
few thousand documents with planted errors of several kinds and repeated file names.
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import vanban.checks.incremental as incremental
from bench.scaleout_bench import generate_documents
from tests.conftest import SAMPLES
from vanban.checks.identity import keys_for_document
from vanban.checks.incremental import check_all, check_documents, unique_names
from vanban.checks.records import RECORD_VERSION
from vanban.models.document import Document
from vanban.store.postgres import PostgresStore
from vanban.store.sqlite import SQLiteStore

Store = SQLiteStore | PostgresStore


def put_all(store: Store, docs: list[Document]) -> None:
    items = [(d, d.source.filename, f"archive/{d.source.sha256}.txt", "t", None) for d in docs]
    if isinstance(store, PostgresStore):
        store.put_many(items)
        return
    for doc, name, archive, version, json_path in items:
        store.put(doc, original_name=name, archive_path=archive, extractor_version=version,
                  json_path=json_path)  # fmt: skip


def dump(findings: list[Any]) -> list[dict[str, Any]]:
    return [f.model_dump(mode="json") for f in findings]


def old_check(docs: list[Document]) -> list[dict[str, Any]]:
    """The former ``check_all``: ``check_documents`` over the store's order (sha256), with
    the citation graph's rules (``check_all`` runs them on the store's register rows)."""
    from vanban.checks.graph import graph_findings_of_documents
    from vanban.checks.incremental import finding_order

    ordered = sorted(docs, key=lambda d: d.source.sha256)
    found = check_documents(ordered) + graph_findings_of_documents(ordered)
    return dump(sorted(found, key=finding_order))


@pytest.fixture(params=["sqlite", "postgresql"])
def open_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """A function opening a fresh store of each kind (``keys_fn`` passed through)."""
    opened: list[Store] = []

    def make(**kw: Any) -> Store:
        if request.param == "sqlite":
            store: Store = SQLiteStore(tmp_path / f"s{len(opened)}.sqlite", **kw)
        else:
            store = PostgresStore(request.getfixturevalue("pg_url"), **kw)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


def generated(n: int) -> list[Document]:
    """``generate_documents`` with more kinds planted: wrong type words, impossible dates,
    citations after the citing document, and file names shared by several documents."""
    docs = []
    for i, doc in enumerate(generate_documents(n, seed=11)):
        cites = list(doc.legal_basis)
        if cites and i % 37 == 0:
            cites[0] = cites[0].model_copy(update={"doc_type": "Nghị quyết"})
        if cites and i % 41 == 0:
            cites[1] = cites[1].model_copy(update={"date": None, "date_raw": "31/02/2025"})
        if cites and i % 53 == 0:
            cites[2] = cites[2].model_copy(update={"date": "2027-01-05"})
        source = doc.source
        if i % 29 == 0:
            source = source.model_copy(update={"filename": f"Kế hoạch {i % 3}.txt"})
        docs.append(doc.model_copy(update={"legal_basis": cites, "source": source}))
    return docs


@pytest.fixture(scope="module")
def corpus() -> list[Document]:
    return generated(2500)


@pytest.fixture(scope="module")
def planted() -> list[Document]:
    pipeline = importlib.import_module("vanban.pipeline")
    files = sorted((SAMPLES / "checks").rglob("*.txt"))
    if not files:
        pytest.skip("samples/checks is not available")
    return [pipeline.extract_document(f) for f in files]


def test_planted_samples_identical(open_store: Any, planted: list[Document]) -> None:
    store = open_store()
    put_all(store, planted)
    found = dump(check_all(store))
    assert found == old_check(planted)
    assert {f["kind"] for f in found} >= {"date_mismatch", "number_mismatch", "invalid_date"}


def test_generated_corpus_identical(
    open_store: Any, corpus: list[Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store()
    put_all(store, corpus)
    expected = old_check(corpus)
    kinds = Counter(f["kind"] for f in expected)
    assert {"date_mismatch", "type_code_mismatch", "invalid_date", "cites_future_document"} <= set(
        kinds
    ), kinds
    assert any("#" in d for f in expected for d in f["documents"])  # names made unique
    assert dump(check_all(store)) == expected
    monkeypatch.setattr(incremental, "SLICE_DOCS", 7)  # slices cut through every group
    assert dump(check_all(store)) == expected

    # the comparison can fail: one document changed in the store changes the findings
    doc = corpus[1234]
    first = doc.legal_basis[0]
    day = str(first.date)
    wrong_day = first.model_copy(update={"date": day[:8] + f"{int(day[8:]) % 27 + 1:02d}"})
    changed = doc.model_copy(update={"legal_basis": [wrong_day, *doc.legal_basis[1:]]})
    put_all(store, [changed])
    after = dump(check_all(store))
    assert after != expected
    assert after == old_check(corpus[:1234] + [changed] + corpus[1235:])


def test_identical_without_key_counts(open_store: Any, corpus: list[Document]) -> None:
    """A store whose identity_keys table is empty: the whole check does not rely on it."""
    store = open_store(keys_fn=None)
    docs = corpus[:800]
    put_all(store, docs)
    assert list(store.shared_keys(1)) == []
    assert dump(check_all(store)) == old_check(docs)


def test_shared_keys_and_duplicate_names(open_store: Any, corpus: list[Document]) -> None:
    store = open_store()
    docs = corpus[:600]
    put_all(store, docs)
    counts: Counter[str] = Counter(k for d in docs for k in keys_for_document(d))
    assert list(store.shared_keys()) == sorted((k, n) for k, n in counts.items() if n >= 2)
    assert list(store.shared_keys(5)) == sorted((k, n) for k, n in counts.items() if n >= 5)
    some = sorted(counts)[::7] + ["P|QĐ|999999|TU"]
    assert dict(store.shared_keys(1, among=some)) == {k: counts[k] for k in some if k in counts}
    by_sha = sorted((d.source.sha256, d.source.filename) for d in docs)
    names = Counter(name for _, name in by_sha)
    assert list(store.duplicate_names()) == [(s, n) for s, n in by_sha if names[n] > 1]
    assert unique_names(store.duplicate_names())  # the '#n' names of check_documents


def test_check_all_parses_no_document(
    open_store: Any, corpus: list[Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``put`` wrote the mention rows: ``check_all`` is queries on them, no JSON parsing."""
    store = open_store()
    docs = corpus[:700]
    put_all(store, docs)
    expected = old_check(docs)

    def refuse(*_a: Any, **_k: Any) -> Document:
        raise AssertionError("check_all parsed a stored document")

    monkeypatch.setattr(Document, "model_validate_json", refuse)
    assert dump(check_all(store)) == expected
    with pytest.raises(AssertionError):
        next(iter(store.iter_documents()))  # the trap works


def test_stale_mention_rows_are_rebuilt(open_store: Any, corpus: list[Document]) -> None:
    """Rows missing (a store older than migration 3) or of another record version are
    rebuilt from the documents by ``check_all``; fresh rows are left alone."""
    store = open_store()
    docs = corpus[:900]
    put_all(store, docs)
    expected = old_check(docs)
    shas = sorted(d.source.sha256 for d in docs)
    missing, other = shas[::3], shas[1::5]
    sql = [
        "DELETE FROM mentions WHERE sha256 IN ({})",
        "UPDATE documents SET mentions_version = NULL WHERE sha256 IN ({})",
    ]
    execute = store._db.execute
    mark = "?" if isinstance(store, SQLiteStore) else "%s"
    for statement in sql:
        execute(statement.format(",".join(mark for _ in missing)), missing)
    execute(
        "UPDATE mentions SET rec = 'stale' WHERE sha256 IN ({})".format(
            ",".join(mark for _ in other)
        ),
        other,
    )
    execute(
        "UPDATE documents SET mentions_version = 0 WHERE sha256 IN ({})".format(
            ",".join(mark for _ in other)
        ),
        other,
    )
    if isinstance(store, SQLiteStore):
        store._db.commit()
    assert dump(check_all(store)) == expected
    assert store.refresh_mentions() == 0  # all fresh now
    assert dump(check_all(store)) == expected


def test_version_2_sqlite_store_upgraded(tmp_path: Path, corpus: list[Document]) -> None:
    """A SQLite file written before migration 3 (no ``mentions``): opened, checked."""
    import sqlite3

    from vanban.store.rows import now
    from vanban.store.schema import MIGRATIONS, MIGRATIONS_TABLE, migrations, statements

    docs = corpus[:400]
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.execute(MIGRATIONS_TABLE)
    for version, sql in enumerate(migrations("sqlite")[:2], start=1):
        for statement in statements(sql):
            db.execute(statement)
        db.execute("INSERT INTO schema_migrations VALUES (?, ?)", (version, now()))
    db.executemany(
        "INSERT INTO documents (sha256, extractor_version, original_name, archive_path, "
        "extracted_at, doc_json, filename) VALUES (?, 't', ?, 'a', 't', ?, ?)",
        [
            (d.source.sha256, d.source.filename, d.model_dump_json(), d.source.filename)
            for d in docs
        ],
    )
    db.commit()
    db.close()
    with SQLiteStore(path) as store:
        assert store.schema_version() == len(MIGRATIONS)
        assert dump(check_all(store)) == old_check(docs)
        rows = store._db.execute("SELECT COUNT(DISTINCT sha256), MIN(version) FROM mentions")
        assert rows.fetchone() == (len(docs), RECORD_VERSION)
