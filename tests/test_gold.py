"""Acceptance: the extraction matches the gold files STRICTLY on each gold's ``asserted`` fields.

Every other gold field is scored by ``python -m bench`` (samples/README.md lists which).
Corpus documents are skipped when ../shared/corpus is absent.
"""

from __future__ import annotations

import json

import pytest

from bench.accuracy import is_asserted, score_document
from bench.gold import GOLD_DIR, MANIFEST, ManifestEntry, load_gold, load_manifest

ENTRIES = load_manifest()
REQUIRED = ("source", "format", "checked_by")


def _id(entry: ManifestEntry) -> str:
    return entry.name


@pytest.mark.parametrize("entry", ENTRIES, ids=_id)
def test_gold_file_is_well_formed(entry: ManifestEntry) -> None:
    gold = load_gold(entry.gold)
    for key in REQUIRED:
        assert gold.get(key), f"{entry.gold}: missing {key}"
    assert gold["format"] == entry.format
    assert gold.get("asserted"), f"{entry.gold}: no asserted fields"
    scored = set(gold) - {"source", "format", "checked_by", "asserted", "basis_lines"}
    for field in gold["asserted"]:
        assert field.split(".")[0] in scored, f"{entry.gold}: asserts {field} but has no gold"


def test_every_gold_file_is_used() -> None:
    used = {e.gold for e in ENTRIES}
    for entry in ENTRIES:
        raw = json.loads((GOLD_DIR / entry.gold).read_text(encoding="utf-8"))
        if "extends" in raw:
            used.add(raw["extends"])
    assert {p.name for p in GOLD_DIR.glob("*.json")} == used


def test_manifest_names_are_unique_and_paths_relative() -> None:
    names = [e.name for e in ENTRIES]
    assert len(names) == len(set(names))
    assert all(not e.path.startswith("/") for e in ENTRIES)
    assert MANIFEST.exists()


@pytest.mark.parametrize("entry", ENTRIES, ids=_id)
def test_extraction_matches_gold(entry: ManifestEntry) -> None:
    if not entry.available():
        pytest.skip(f"not available here: {entry.path}")
    from vanban.pipeline import extract_document

    gold = load_gold(entry.gold)
    doc = extract_document(entry.file)
    results = [r for r in score_document(doc, gold) if is_asserted(r, gold["asserted"])]
    assert results, "nothing asserted was compared"
    failures = [
        f"{r.field} {r.where}: expected {r.expected!r} got {r.got!r}"
        for r in results
        if not r.strict
    ]
    assert not failures, f"{entry.name}: {len(failures)} asserted fields differ:\n" + "\n".join(
        failures
    )


def test_seed000_row_11_is_one_task_in_every_format() -> None:
    from vanban.pipeline import extract_document

    for entry in ENTRIES:
        if not entry.name.startswith("seed000") or not entry.available():
            continue
        doc = extract_document(entry.file)
        rows = [t for t in doc.tasks if t.no == "11"]
        assert len(rows) == 1, entry.name
        row = rows[0]
        assert row.content == (
            "Phối hợp triển khai chuyển đổi số trong công tác tuyên giáo, dân vận và hoạt "
            "động của MTTQ"
        )
        assert row.outputs == ["Ứng dụng nền tảng số", "báo cáo kết quả"]
        if entry.format == "pdf":
            assert row.pages == [3, 4]


@pytest.mark.parametrize(
    ("rel", "lines", "documents"),
    [
        # The counts are "Căn cứ" lines; a line citing two documents gives two
        # entries that share `paragraph` (e.pdf line 3 cites a Luật and its amendment).
        ("mineru-vietocr/e.pdf", 8, 11),
        ("congbot/pdf/55 ND_CP_21072023_2_signed.pdf", 2, 3),
        ("vbpl-html/doc_000079.html", 17, 20),
    ],
)
def test_basis_lines_of_the_typed_corpus(rel: str, lines: int, documents: int) -> None:
    from tests.conftest import corpus_file
    from vanban.pipeline import extract_document

    doc = extract_document(corpus_file(rel))
    can_cu = {c.paragraph for c in doc.legal_basis if c.verb == "Căn cứ"}
    assert len(can_cu) == lines
    assert len(doc.legal_basis) == documents
    assert all(c.paragraph is not None for c in doc.legal_basis)
