"""vanban.store.postgres: the same schema, migrations and answers as the SQLite store."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import psycopg
import pytest

from tests.conftest import SAMPLES
from vanban.checks.incremental import check_all, check_batch
from vanban.models.document import Citation, DocNumber, Document, SourceInfo
from vanban.store import QuarantineRecord, open_store
from vanban.store.postgres import MIGRATIONS, PostgresStore, libpq_url
from vanban.store.sqlite import SQLiteStore


def make_doc(sha: str, number: str, cites: list[str], title: str = "") -> Document:
    return Document(
        extractor_version="0.1.0",
        source=SourceInfo(filename=f"{number}.txt", sha256=sha, format="txt", pages=1, ocr=False),
        number=DocNumber(
            raw=f"Số: {number}",
            canonical=number,
            serial=number.split("-")[0],
            system="party",
            grammar="party",
        ),
        title=title or None,
        legal_basis=[Citation(raw=f"Quyết định số {c}", number=c) for c in cites],
    )


def keys(doc: Document) -> set[str]:
    out = {f"n:{doc.number.canonical}"} if doc.number else set()
    return out | {f"n:{c.number}" for c in doc.legal_basis if c.number}


def put(store: PostgresStore | SQLiteStore, doc: Document, name: str) -> None:
    store.put(
        doc,
        original_name=name,
        archive_path=f"archive/{doc.source.sha256[:2]}/{doc.source.sha256}.txt",
        extractor_version="0.1.0",
        json_path=f"json/{name}.json",
    )


def test_same_answers_as_sqlite(pg_url: str, tmp_path: Path) -> None:
    a = make_doc("a" * 64, "15-CTr/BTGDVTU", ["329-QĐ/TW", "720-QĐ/TU"])
    b = make_doc("b" * 64, "329-QĐ/TW", [])
    c = make_doc("c" * 64, "25-KH/TU", ["329-QĐ/TW"])
    with (
        PostgresStore(pg_url, keys_fn=keys) as pg,
        SQLiteStore(tmp_path / "s.sqlite", keys_fn=keys) as lite,
    ):
        for store in (pg, lite):
            for doc, name in ((a, "Chương trình 15.txt"), (b, "QĐ 329.txt"), (c, "KH 25.txt")):
                put(store, doc, name)
            store.add_name("a" * 64, "bản sao.txt")
            store.record_quarantine(
                QuarantineRecord(
                    "mã hóa.pdf",
                    "quarantine/mã hóa.pdf",
                    "encrypted",
                    "safety",
                    "the PDF is password-protected",
                    "0.1.0",
                    "d" * 64,
                )
            )
        assert pg.get("a" * 64) == a == lite.get("a" * 64)
        assert pg.has("b" * 64) and not pg.has("e" * 64)
        for key in ("n:329-QĐ/TW", "n:720-QĐ/TU", "n:25-KH/TU", "n:none"):
            assert [d.source.sha256 for d in pg.documents_for_keys([key])] == [
                d.source.sha256 for d in lite.documents_for_keys([key])
            ]
        assert [d.source.sha256 for d in pg.documents_for_keys(["n:329-QĐ/TW"])] == [
            "a" * 64,
            "b" * 64,
            "c" * 64,
        ]
        for store in (pg, lite):  # only the document headed by the key
            headed = store.documents_for_keys(["n:329-QĐ/TW"], role="header")
            assert [d.source.sha256 for d in headed] == ["b" * 64]
        assert pg.citations_by_number("329-QĐ/TW") == lite.citations_by_number("329-QĐ/TW")
        assert pg.names("a" * 64) == lite.names("a" * 64) == ["Chương trình 15.txt", "bản sao.txt"]
        pg_recs = [r.__dict__ | {"extracted_at": None} for r in pg.iter_records()]
        lite_recs = [r.__dict__ | {"extracted_at": None} for r in lite.iter_records()]
        assert pg_recs == lite_recs and len(pg_recs) == 3
        assert [d.source.sha256 for d in pg.iter_documents()] == ["a" * 64, "b" * 64, "c" * 64]
        strip = [q.__dict__ | {"at": None} for q in pg.quarantined()]
        assert strip == [q.__dict__ | {"at": None} for q in lite.quarantined()]
        assert pg.count() == 3


def test_put_replaces_citations_and_keys(pg_url: str) -> None:
    with PostgresStore(pg_url, keys_fn=keys) as pg:
        put(pg, make_doc("a" * 64, "15-CTr/TU", ["329-QĐ/TW"]), "a.txt")
        put(pg, make_doc("a" * 64, "15-CTr/TU", ["720-QĐ/TU"]), "a.txt")
        assert pg.documents_for_keys(["n:329-QĐ/TW"]) == []
        assert pg.citations_by_number("720-QĐ/TU") == [("a" * 64, "legal_basis")]
        assert pg.citations_by_number("329-QĐ/TW") == []


def test_schema_equals_sqlite(pg_url: str, tmp_path: Path) -> None:
    """Same tables, same columns in the same order, same indexes, same version."""
    with SQLiteStore(tmp_path / "s.sqlite"), PostgresStore(pg_url) as pg:
        assert pg.schema_version() == len(MIGRATIONS)
        lite = sqlite3.connect(tmp_path / "s.sqlite")
        tables = [
            r[0]
            for r in lite.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY name"
            )
        ]
        lite_cols = {t: [r[1] for r in lite.execute(f"PRAGMA table_info({t})")] for t in tables}
        lite_idx = {
            r[0]
            for r in lite.execute(
                "SELECT name FROM sqlite_master WHERE type='index' AND sql IS NOT NULL"
            )
        }
        with psycopg.connect(libpq_url(pg_url)) as conn:
            rows = conn.execute(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"
            ).fetchall()
            pg_idx = {
                r[0]
                for r in conn.execute(
                    "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' "
                    "AND indexname NOT LIKE '%_pkey'"
                )
            }
        pg_cols: dict[str, list[str]] = {}
        for table, column in rows:
            pg_cols.setdefault(table, []).append(column)
        assert pg_cols == lite_cols
        assert "identity_keys" in pg_cols and pg_idx == lite_idx


def test_migrations_once_with_concurrent_openers(pg_url: str) -> None:
    errors: list[BaseException] = []

    def open_close() -> None:
        try:
            PostgresStore(pg_url).close()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_close) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with psycopg.connect(libpq_url(pg_url)) as conn:
        versions = conn.execute("SELECT version FROM schema_migrations").fetchall()
    assert versions == [(v,) for v in range(1, len(MIGRATIONS) + 1)]


def test_two_connections_store_same_bytes(pg_url: str) -> None:
    """Two workers storing one document at once: serialised, no duplicate-key error."""
    docs = [make_doc("f" * 64, "40-KH/TU", [f"{n}-QĐ/TU" for n in range(1, 30)])] * 2
    stores = [PostgresStore(pg_url, keys_fn=keys) for _ in docs]
    errors: list[BaseException] = []

    def store_it(store: PostgresStore, doc: Document, name: str) -> None:
        try:
            for _ in range(20):
                put(store, doc, name)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=store_it, args=(s, d, f"kh40-{i}.txt"))
        for i, (s, d) in enumerate(zip(stores, docs, strict=True))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(stores[0].citations_by_number("7-QĐ/TU")) == 1
    assert sorted(stores[0].names("f" * 64)) == ["kh40-0.txt", "kh40-1.txt"]
    for s in stores:
        s.close()


def test_open_store_follows_vanban_store(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VANBAN_STORE", pg_url)
    store = open_store(out=tmp_path)
    assert isinstance(store, PostgresStore)
    store.close()
    monkeypatch.delenv("VANBAN_STORE")
    lite = open_store(out=tmp_path)
    assert isinstance(lite, SQLiteStore) and lite.path == tmp_path / "vanban.sqlite"
    lite.close()


def test_checks_on_real_samples_equal(pg_url: str, tmp_path: Path) -> None:
    """The corpus checks give the same findings on either store (samples/checks)."""
    from vanban.pipeline import extract_document

    files = sorted((SAMPLES / "checks").rglob("*.txt"))
    if not files:
        pytest.skip("samples/checks is not available")
    docs = [extract_document(f) for f in files]
    with PostgresStore(pg_url) as pg, SQLiteStore(tmp_path / "s.sqlite") as lite:
        for store in (pg, lite):
            for doc in docs:
                put(store, doc, doc.source.filename)
        dump = [f.model_dump(mode="json") for f in check_all(pg)]
        assert dump == [f.model_dump(mode="json") for f in check_all(lite)]
        assert {f["kind"] for f in dump} >= {"date_mismatch", "number_mismatch"}
        batch = docs[-3:]
        assert [f.model_dump() for f in check_batch(pg, batch)] == [
            f.model_dump() for f in check_batch(lite, batch)
        ]


def test_migration_2_upgrades_a_version_1_database(pg_url: str) -> None:
    """A database made before migration 2: file names backfilled from doc_json."""
    from vanban.store.schema import MIGRATIONS_TABLE, migrations, statements

    doc = make_doc("a" * 64, "1-KH/TU", [])
    with psycopg.connect(libpq_url(pg_url), autocommit=True) as conn:
        conn.execute(MIGRATIONS_TABLE)
        for statement in statements(migrations("postgresql")[0]):
            conn.execute(statement)
        conn.execute("INSERT INTO schema_migrations VALUES (1, 't')")
        conn.execute(
            "INSERT INTO documents VALUES (%s,'0.1.0','x','archive/x',NULL,'txt',NULL,NULL,"
            "NULL,NULL,'t',%s)",
            ("a" * 64, doc.model_dump_json()),
        )
    with PostgresStore(pg_url, keys_fn=keys) as pg:
        assert pg.schema_version() == len(MIGRATIONS) == 5
        row = pg._one("SELECT filename FROM documents")
        assert row == ("1-KH/TU.txt",)
        put(pg, make_doc("b" * 64, "2-KH/TU", []).model_copy(update={"source": doc.source.model_copy(update={"sha256": "b" * 64})}), "b.txt")  # fmt: skip
        assert list(pg.duplicate_names()) == [("a" * 64, "1-KH/TU.txt"), ("b" * 64, "1-KH/TU.txt")]
