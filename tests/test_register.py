"""The register and the citation graph on SQLite (issue 13); PostgreSQL runs the same
cases in tests/scaleout/test_register_postgres.py."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import register_cases as cases
from vanban.store.sqlite import SQLiteStore


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore(tmp_path / "vanban.sqlite") as s:
        yield s


@pytest.fixture
def filled(store: SQLiteStore) -> SQLiteStore:
    cases.fill(store)
    return store


def test_register_filters(filled: SQLiteStore) -> None:
    cases.check_register_filters(filled)


def test_aliases_and_grouping(filled: SQLiteStore) -> None:
    cases.check_aliases_and_grouping(filled)


def test_graph(filled: SQLiteStore) -> None:
    cases.check_graph(filled)


def test_findings(filled: SQLiteStore) -> None:
    cases.check_findings(filled)


def test_incremental(store: SQLiteStore) -> None:
    cases.check_incremental(store)


def test_exports(filled: SQLiteStore) -> None:
    cases.check_exports(filled)


def test_rows_of_a_store_older_than_the_register_are_built_on_first_query(tmp_path: Path) -> None:
    """A store written before migration 4 (no register rows) gets them lazily."""
    path = tmp_path / "vanban.sqlite"
    with SQLiteStore(path) as s:
        cases.fill(s)
        s._db.execute("DELETE FROM task_rows")
        s._db.execute("DELETE FROM citation_edges")
        s._db.execute("UPDATE documents SET register_version = NULL")
        s._db.commit()
    with SQLiteStore(path) as s:
        assert s.refresh_register() == len(cases.corpus())
        assert s.refresh_register() == 0
        cases.check_graph(s)


def test_check_command_reports_graph_findings_over_json_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from vanban.cli import main

    for d in cases.corpus():
        (tmp_path / f"{d.source.filename}.json").write_text(d.model_dump_json(), encoding="utf-8")
    assert main(["check", str(tmp_path), "--json"]) == 0
    kinds = sorted(f["kind"] for f in json.loads(capsys.readouterr().out)["findings"])
    assert kinds == ["cites_replaced_document", "plan_deadline_after_source"]


def test_commands(filled: SQLiteStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from vanban.cli import main

    out = Path(filled.path).parent
    filled.close()
    assert main(["tasks", str(out), "--as-of", "04/12/2026", "--agency", "UBMTTQ VN tỉnh"]) == 0
    table = capsys.readouterr().out
    assert "3 task(s)" in table and "partner" in table
    assert (
        main(["tasks", str(out), "--as-of", "2026-12-04", "--by-agency", "--format", "json"]) == 0
    )
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 7 and all("agency" in r for r in rows)
    xlsx = tmp_path / "register.xlsx"
    assert main(["tasks", str(out), "--format", "xlsx", "--out", str(xlsx)]) == 0
    assert xlsx.read_bytes()[:2] == b"PK"
    assert main(["tasks", str(out), "--format", "xlsx"]) == 2  # needs --out
    assert main(["cites", str(out), "75/2021/NĐ-CP", "--json"]) == 0
    cited = json.loads(capsys.readouterr().out)["cited_by"]
    assert [(c["document"]["file"], c["relations"]) for c in cited] == [("nd55.txt", ["amends"])]
    assert main(["missing", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"missing": []}
    assert main(["graph", str(out), "--format", "dot"]) == 0
    assert capsys.readouterr().out.startswith("digraph")
    assert main(["agencies", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["agencies"]
    (out / "agency_aliases.json").write_text(
        '{"aliases": {"Văn phòng Tỉnh ủy": "Sở Nội vụ"}}', encoding="utf-8"
    )
    assert main(["tasks", str(out), "--agency", "Sở Nội vụ", "--format", "json"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3


def test_commands_refuse_what_is_not_a_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from vanban.cli import main

    assert main(["tasks", str(tmp_path)]) == 2
    assert "no corpus store" in capsys.readouterr().err
    assert not (tmp_path / "vanban.sqlite").exists()  # never creates one
    assert main(["cites", str(tmp_path / "nowhere"), "1/2020/NĐ-CP"]) == 2
    assert main(["tasks", str(tmp_path), "--as-of", "31/02/2026"]) == 2
    loop = tmp_path / "a.json"
    loop.write_text('{"aliases": {"Sở A": "Sở B", "Sở B": "Sở A"}}', encoding="utf-8")
    with SQLiteStore(tmp_path / "vanban.sqlite"):
        pass
    assert main(["tasks", str(tmp_path), "--aliases", str(loop)]) == 2
    assert "loop" in capsys.readouterr().err


def test_twins_are_listed_once(filled: SQLiteStore) -> None:
    """A document held as two files (here its text and a PDF) is one document's tasks."""
    import datetime as dt

    from tests.register_docs import corpus
    from vanban.register.tasks import TaskQuery, register

    original = corpus()[6]  # ctr15.txt, two tasks
    twin = original.model_copy(deep=True)
    twin.source.filename, twin.source.sha256 = "ctr15.pdf", "f" * 64
    filled.put(twin, original_name="ctr15.pdf", archive_path="a", extractor_version="t")
    listed = register(filled, TaskQuery(document="15-CTr/TU", as_of=dt.date(2026, 12, 4)))
    assert [(e.document.file, e.no, e.twins) for e in listed] == [
        ("ctr15.txt", "1", ["ctr15.pdf"]),
        ("ctr15.txt", "2", ["ctr15.pdf"]),
    ]
    every = TaskQuery(document="15-CTr/TU", as_of=dt.date(2026, 12, 4), all_files=True)
    assert len(register(filled, every)) == 4
