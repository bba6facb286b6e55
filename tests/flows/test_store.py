"""store: the SQLite corpus store (schema, documents, citations, keys, quarantine)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vanban.models.document import Citation, DocNumber, Document, SourceInfo
from vanban.store import QuarantineRecord, open_store
from vanban.store.sqlite import MIGRATIONS, SQLiteStore


def make_doc(sha: str, number: str, cites: list[str]) -> Document:
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
        legal_basis=[Citation(raw=f"Quyết định số {c}", number=c) for c in cites],
    )


def keys(doc: Document) -> set[str]:
    out = {f"n:{doc.number.canonical}"} if doc.number else set()
    return out | {f"n:{c.number}" for c in doc.legal_basis if c.number}


def test_put_get_and_keys(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "s.sqlite", keys_fn=keys) as store:
        a = make_doc("a" * 64, "15-CTr/BTGDVTU", ["329-QĐ/TW"])
        b = make_doc("b" * 64, "329-QĐ/TW", [])
        store.put(
            a,
            original_name="Chương trình 15.txt",
            archive_path="archive/aa/x.txt",
            extractor_version="0.1.0",
        )
        store.put(
            b,
            original_name="QĐ 329.txt",
            archive_path="archive/bb/y.txt",
            extractor_version="0.1.0",
        )
        assert store.has("a" * 64) and not store.has("c" * 64)
        assert store.get("a" * 64) == a
        found = store.documents_for_keys(["n:329-QĐ/TW"])
        assert sorted(d.source.sha256 for d in found) == ["a" * 64, "b" * 64]
        assert [d.source.sha256 for d in store.documents_for_keys(["n:15-CTr/BTGDVTU"])] == [
            "a" * 64
        ]
        assert store.citations_by_number("329-QĐ/TW") == [("a" * 64, "legal_basis")]
        assert len(list(store.iter_documents())) == 2
        store.add_name("a" * 64, "bản sao.txt")
        assert store.names("a" * 64) == ["Chương trình 15.txt", "bản sao.txt"]
        rec = store.record("a" * 64)
        assert rec is not None and rec.archive_path == "archive/aa/x.txt"


def test_put_replaces_citations_and_keys(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "s.sqlite", keys_fn=keys) as store:
        store.put(
            make_doc("a" * 64, "1-NQ/TU", ["9-QĐ/TW"]),
            original_name="x",
            archive_path="p",
            extractor_version="0.1.0",
        )
        store.put(
            make_doc("a" * 64, "1-NQ/TU", []),
            original_name="x",
            archive_path="p",
            extractor_version="0.2.0",
        )
        assert store.documents_for_keys(["n:9-QĐ/TW"]) == []
        assert store.citations_by_number("9-QĐ/TW") == []
        rec = store.record("a" * 64)
        assert rec is not None and rec.extractor_version == "0.2.0"


def test_schema_versioned_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    with SQLiteStore(path, keys_fn=False) as store:
        assert store.schema_version() == len(MIGRATIONS)
        store.record_quarantine(
            QuarantineRecord(
                "rỗng.pdf", "quarantine/rỗng.pdf", "empty_file", "read", "0 bytes", "0.1.0"
            )
        )
    with SQLiteStore(path, keys_fn=False) as store:
        assert store.schema_version() == len(MIGRATIONS)
        assert [q.code for q in store.quarantined()] == ["empty_file"]


def test_open_store_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VANBAN_STORE", raising=False)

    def path(store: object) -> Path:
        assert isinstance(store, SQLiteStore)
        return store.path

    assert path(open_store(out=tmp_path)) == tmp_path / "vanban.sqlite"
    assert path(open_store("sqlite:///kho.sqlite", out=tmp_path)) == tmp_path / "kho.sqlite"
    monkeypatch.setenv("VANBAN_STORE", f"sqlite:///{tmp_path}/env.sqlite")
    assert path(open_store(out=tmp_path)) == tmp_path / "env.sqlite"
    with pytest.raises(ValueError, match="unknown store scheme 'mysql'"):
        open_store("mysql://localhost/vanban", out=tmp_path)


def test_open_store_routes_postgres_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import vanban.store.postgres

    opened: list[str] = []

    class Recorder:
        def __init__(self, url: str) -> None:
            opened.append(url)

    monkeypatch.setattr(vanban.store.postgres, "PostgresStore", Recorder)
    open_store("postgresql://vanban@127.0.0.1/kho", out=tmp_path)
    monkeypatch.setenv("VANBAN_STORE", "postgres://vanban@127.0.0.1/kho2")
    open_store(out=tmp_path)
    assert opened == ["postgresql://vanban@127.0.0.1/kho", "postgres://vanban@127.0.0.1/kho2"]


def test_default_keys_come_from_checks(tmp_path: Path) -> None:
    from vanban.checks.identity import keys_for_document

    with SQLiteStore(tmp_path / "s.sqlite") as store:
        doc = make_doc("a" * 64, "15-CTr/BTGDVTU-UBMTTQ", ["329-QĐ/TW"])
        store.put(doc, original_name="x", archive_path="p", extractor_version="0.1.0")
        wanted = keys_for_document(doc)
        assert wanted
        assert store.documents_for_keys(wanted) == [doc]


def test_documents_for_keys_by_role(tmp_path: Path) -> None:
    """role="header" finds the document that IS the identity, not the ones citing it."""
    from vanban.checks.identity import base_key, identity_of_docnumber

    with SQLiteStore(tmp_path / "s.sqlite") as store:
        headed = make_doc("a" * 64, "329-QĐ/TW", [])
        citing = make_doc("b" * 64, "15-CTr/BTGDVTU-UBMTTQ", ["329-QĐ/TW"])
        for doc in (headed, citing):
            store.put(doc, original_name="x", archive_path="p", extractor_version="0.1.0")
        assert headed.number is not None
        identity = identity_of_docnumber(headed.number)
        assert identity is not None
        key = base_key(identity)
        assert store.documents_for_keys([key]) == [headed, citing]
        assert store.documents_for_keys([key], role="header") == [headed]


def test_migration_2_upgrades_a_version_1_store(tmp_path: Path) -> None:
    """A store made before migration 2: the file names are read back out of doc_json."""
    import sqlite3

    from vanban.store.schema import MIGRATIONS_TABLE, migrations, statements

    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.execute(MIGRATIONS_TABLE)
    for statement in statements(migrations("sqlite")[0]):
        db.execute(statement)
    db.execute("INSERT INTO schema_migrations VALUES (1, '2026-11-01T00:00:00+00:00')")
    for sha, number in (("a" * 64, "1-KH/TU"), ("b" * 64, "2-KH/TU")):
        doc = make_doc(sha, number, []).model_copy(
            update={"source": make_doc(sha, number, []).source.model_copy(update={"filename": "Kế hoạch.txt"})}
        )  # fmt: skip
        db.execute(
            "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (sha, "0.1.0", "x", "archive/x", None, "txt", None, number, None, None, "t",
             doc.model_dump_json()),
        )  # fmt: skip
    db.commit()
    db.close()
    with SQLiteStore(path, keys_fn=False) as store:
        assert store.schema_version() == len(MIGRATIONS) == 5
        assert list(store.duplicate_names()) == [
            ("a" * 64, "Kế hoạch.txt"),
            ("b" * 64, "Kế hoạch.txt"),
        ]
        assert store.reserve_json_name("json/Kế hoạch.txt.json", "a" * 64) == "a" * 64
        assert store.reserve_json_name("json/Kế hoạch.txt.json", "b" * 64) == "a" * 64
        assert store.reserve_extraction("c" * 64, "w1", 60)
        assert not store.reserve_extraction("c" * 64, "w2", 60)
        assert store.reserve_extraction("c" * 64, "w1", 60)  # its own: renewed
        store.release_extraction("c" * 64, "w2")  # not the holder: nothing happens
        assert not store.reserve_extraction("c" * 64, "w2", 60)
        store.release_extraction("c" * 64, "w1")
        assert store.reserve_extraction("c" * 64, "w2", 60)
