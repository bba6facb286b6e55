"""The output contract: schema file in sync, field names fixed, round trip."""

from __future__ import annotations

import json

from vanban.models.document import Citation, Document, SourceInfo, Task, Timeframe
from vanban.models.layout import Block, Cell, LayoutDocument, Page, Table
from vanban.models.schema import schema_path, schema_text


def test_checked_in_schema_matches_models() -> None:
    assert schema_path().exists(), "run `make schema` to write models/schema/document.v1.json"
    assert schema_path().read_text(encoding="utf-8") == schema_text(), (
        "the JSON Schema drifted from models/document.py: run `make schema` and review the diff"
    )


def test_contract_field_names_are_present() -> None:
    schema = json.loads(schema_text())
    top = set(schema["properties"])
    assert {
        "schema_version",
        "source",
        "doc_type",
        "number",
        "place",
        "date",
        "title",
        "issuers",
        "legal_basis",
        "references",
        "tasks",
        "signers",
        "recipients",
        "warnings",
    } <= top
    defs = schema["$defs"]
    assert {"raw", "doc_type", "number", "date", "issuer", "subject", "page", "span"} <= set(
        defs["Citation"]["properties"]
    )
    assert {
        "no",
        "group",
        "content",
        "timeframe",
        "deadline",
        "lead",
        "partners",
        "focal_units",
        "outputs",
        "extra",
        "page",
    } <= set(defs["Task"]["properties"])
    assert {"raw", "start", "end", "recurrence"} <= set(defs["Timeframe"]["properties"])
    assert {"raw", "canonical", "serial", "year", "type_code", "issuer_code", "system"} <= set(
        defs["DocNumber"]["properties"]
    )
    assert {"filename", "sha256", "format", "pages", "ocr"} <= set(defs["SourceInfo"]["properties"])
    assert {"name", "position", "authority", "organization"} <= set(defs["Signer"]["properties"])
    assert {"code", "message", "page"} <= set(defs["Warning"]["properties"])


def test_document_round_trips_through_json() -> None:
    doc = Document(
        extractor_version="test",
        source=SourceInfo(filename="a.txt", sha256="0" * 64, format="txt", pages=1, ocr=False),
        legal_basis=[Citation(raw="Quyết định số 329-QĐ/TW", number="329-QĐ/TW", span=(7, 30))],
        tasks=[Task(content="Phối hợp", timeframe=Timeframe(raw="Cả năm"), lead=["Ban A"])],
    )
    again = Document.model_validate_json(doc.model_dump_json())
    assert again == doc
    assert again.schema_version == "1"


def test_table_grid_repeats_spanning_cell() -> None:
    table = Table(
        page=1,
        n_rows=2,
        n_cols=2,
        cells=[
            Cell(row=0, col=0, row_span=2, text="A"),
            Cell(row=0, col=1, text="B"),
            Cell(row=1, col=1, text="C"),
        ],
    )
    grid = table.grid()
    assert grid[1][0] is grid[0][0]
    assert [c.text if c else None for c in grid[1]] == ["A", "C"]


def test_layout_items_keep_reading_order() -> None:
    doc = LayoutDocument(
        format="txt",
        pages=[
            Page(number=1, items=[Block(text="x", page=1), Table(page=1, n_rows=0, n_cols=0)]),
            Page(number=2, items=[Block(text="y", page=2)]),
        ],
    )
    assert [(p.number, it.kind) for p, it in doc.items()] == [
        (1, "block"),
        (1, "table"),
        (2, "block"),
    ]
