"""End to end through extraction: samples/checks/planted gives exactly the planted
findings, samples/checks/clean none; incremental batches and the CLI agree."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from vanban.checks.incremental import check_all, check_batch, check_documents
from vanban.checks.memory_store import MemoryStore
from vanban.models.document import Document

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "checks"


def _extract(folder: str) -> list[Document]:
    pipeline = importlib.import_module("vanban.pipeline")
    return [pipeline.extract_document(p) for p in sorted((SAMPLES / folder).glob("*.txt"))]


@pytest.fixture(scope="module")
def planted() -> list[Document]:
    return _extract("planted")


@pytest.fixture(scope="module")
def clean() -> list[Document]:
    return _extract("clean")


def _expected() -> list[tuple[str, str, tuple[str, ...]]]:
    data = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))
    return sorted((f["kind"], f["key"], tuple(f["documents"])) for f in data["planted"])


GRAPH_KINDS = {"cites_replaced_document", "plan_deadline_after_source"}
"""The citation graph's rules need a store's register rows (checks/graph.py)."""


def _expected_without_graph() -> list[tuple[str, str, tuple[str, ...]]]:
    return [e for e in _expected() if e[0] not in GRAPH_KINDS]


def test_planted_set_gives_exactly_the_planted_findings(planted: list[Document]) -> None:
    from vanban.checks.graph import graph_findings_of_documents

    every = check_documents(planted) + graph_findings_of_documents(planted)
    found = sorted((f.kind, f.key, tuple(f.documents)) for f in every)
    assert found == _expected()


def test_every_kind_is_planted_once() -> None:
    from vanban.checks.findings import KINDS

    assert sorted(kind for kind, _, _ in _expected()) == sorted(KINDS)


def test_clean_set_gives_nothing(clean: list[Document]) -> None:
    assert check_documents(clean) == []


def test_clean_set_cites_720_in_several_surface_forms(clean: list[Document]) -> None:
    raws = [
        c.raw for d in clean for c in (*d.legal_basis, *d.references) if c.number == "720-QĐ/TU"
    ]
    assert len(raws) >= 3
    assert len(set(raws)) == len(raws)


def test_evidence_names_document_page_and_print(planted: list[Document]) -> None:
    date = next(f for f in check_documents(planted) if f.kind == "date_mismatch")
    assert [e.page for e in date.evidence] == [1, 1]
    assert any("ngày 15/01/2026" in e.text for e in date.evidence)


def test_incremental_batch_sees_only_what_it_touches(planted: list[Document]) -> None:
    by_name = {d.source.filename: d for d in planted}
    late = by_name["p01b_kh33_kiem_tra.txt"]
    store = MemoryStore(d for d in planted if d is not late)
    found = check_batch(store, [late])
    assert [(f.kind, f.documents) for f in found] == [
        ("date_mismatch", ["p01b_kh33_kiem_tra.txt", "p01a_kh31_chuyen_doi_so.txt"])
    ]
    # the batch already stored (the inbox stores first, then checks): same answer
    store.add(late)
    assert [f.kind for f in check_batch(store, [late])] == ["date_mismatch"]


def test_incremental_batches_add_up_to_the_whole_check(planted: list[Document]) -> None:
    store = MemoryStore()
    seen: set[tuple[str, str]] = set()
    for doc in planted:
        seen |= {(f.kind, f.key) for f in check_batch(store, [doc])}
        store.add(doc)
    assert seen == {(k, key) for k, key, _ in _expected_without_graph()}  # a MemoryStore
    assert {(f.kind, f.key) for f in check_all(store)} == seen


def test_cli_json_on_planted(capsys: pytest.CaptureFixture[str]) -> None:
    from vanban.cli import main

    assert main(["check", str(SAMPLES / "planted"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert sorted(f["kind"] for f in out["findings"]) == sorted(k for k, _, _ in _expected())
    first = out["findings"][0]
    assert set(first) == {
        "kind",
        "severity",
        "key",
        "documents",
        "message",
        "evidence",
        "suspected",
    }
    assert {"document", "page", "text"} <= set(first["evidence"][0])


def test_cli_reads_extracted_json(tmp_path: Path, planted: list[Document]) -> None:
    from vanban.cli import main

    for doc in planted:
        (tmp_path / f"{doc.source.filename}.json").write_text(doc.model_dump_json(), "utf-8")
    (tmp_path / "gold.json").write_text("{}", "utf-8")
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = main(["check", str(tmp_path)])
    assert code == 0  # gold.json met in a directory walk is skipped with a note
    assert "11 finding(s)" in buf.getvalue()
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["check", str(tmp_path / "gold.json")]) == 1  # named: an error


def test_sqlite_store_as_input_and_for_batches(tmp_path: Path, planted: list[Document]) -> None:
    sqlite = importlib.import_module("vanban.store.sqlite")
    from vanban.cli import main

    path = tmp_path / "vanban.sqlite"
    late = next(d for d in planted if d.source.filename == "p02b_kh36_tuyen_truyen_pctn.txt")
    with sqlite.SQLiteStore(path) as store:
        for doc in planted:
            if doc is not late:
                store.put(
                    doc, original_name=doc.source.filename, archive_path="a", extractor_version="t"
                )
        found = check_batch(store, [late])
        assert [(f.kind, f.key) for f in found] == [("number_mismatch", "P|QĐ|1045|TU")]
        store.put(late, original_name=late.source.filename, archive_path="a", extractor_version="t")
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["check", str(path), "--json"]) == 0
    kinds = sorted(f["kind"] for f in json.loads(buf.getvalue())["findings"])
    assert kinds == sorted(k for k, _, _ in _expected())
