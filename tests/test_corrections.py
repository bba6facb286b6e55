"""Reviewer corrections (format, apply, reviewed marks) and the re-extraction history."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLES
from vanban.models.document import Document
from vanban.review.corrections import (
    CorrectionError,
    CorrectionFile,
    applies_to,
    apply_corrections,
    apply_saved_corrections,
    find_corrections,
    parse_path,
    template_for,
)
from vanban.review.history import (
    diff_path,
    is_document_json,
    keep_history,
    load_diff,
    previous_path,
    same_identity,
)

SEED_TXT = SAMPLES / "seed000" / "seed000.txt"


def _extract(path: Path) -> dict[str, Any]:
    from vanban.pipeline import extract_document

    return json.loads(extract_document(path).model_dump_json())


@pytest.fixture(scope="module")
def seed() -> dict[str, Any]:
    if not SEED_TXT.exists():
        pytest.skip("samples/seed000/seed000.txt not built")
    doc = _extract(SEED_TXT)
    assert doc["number"]["canonical"] == "15-CTr/BTGDVTU-UBMTTQ"
    return doc


def _task(doc: dict[str, Any], no: str) -> dict[str, Any]:
    return next(t for t in doc["tasks"] if t["no"] == no)


CORRECTIONS = {
    "format": "vanban-corrections/1",
    "document": {"number": "15-CTr/BTGDVTU-UBMTTQ"},
    "reviewer": "Nguyễn Thị Lan",
    "date": "2026-11-22",
    "corrections": [
        {
            "field": "tasks[no=14].lead",
            "value": ["Ban Tuyên giáo và Dân vận Tỉnh ủy"],
            "note": "'Cơ quan được giao chủ trì' là Ban Tuyên giáo",
        },
        {"field": "legal_basis[number=329-QĐ/TW].issuer", "value": "Ban Bí thư Trung ương"},
        {"field": "tasks[no=15]", "remove": True},
        {"field": "recipients[+]", "value": "Lưu: Văn phòng"},
        {"field": "date", "value": "2026-02-25", "note": "ngày ký trên bản giấy"},
    ],
}


# --- paths ---------------------------------------------------------------------------


def test_parse_path() -> None:
    assert parse_path("date") == [("date", None)]
    assert parse_path("tasks[no=3].timeframe.end") == [
        ("tasks", "no=3"),
        ("timeframe", None),
        ("end", None),
    ]
    assert parse_path("recipients[+]") == [("recipients", "+")]
    for bad in ("", "tasks[no=3]lead", "3tasks", "tasks..lead"):
        with pytest.raises(CorrectionError):
            parse_path(bad)


# --- applying on a real extraction ---------------------------------------------------------


def test_apply_on_seed_000(seed: dict[str, Any]) -> None:
    cf = CorrectionFile.model_validate(CORRECTIONS)
    assert applies_to(cf, seed)
    result = apply_corrections(seed, cf)
    doc = result.document
    assert result.failed == []
    assert _task(doc, "14")["lead"] == ["Ban Tuyên giáo và Dân vận Tỉnh ủy"]
    assert "15" not in [t["no"] for t in doc["tasks"]]
    assert len(doc["tasks"]) == len(seed["tasks"]) - 1
    lb = next(c for c in doc["legal_basis"] if c["number"] == "329-QĐ/TW")
    assert lb["issuer"] == "Ban Bí thư Trung ương"
    assert doc["recipients"][-1] == "Lưu: Văn phòng"
    assert doc["date"] == "2026-02-25"
    # marks: which field, who, and what the extraction said before
    marks = {r.field: r for r in result.reviewed}
    assert list(marks) == [c["field"] for c in CORRECTIONS["corrections"]]  # type: ignore[index]
    assert marks["tasks[no=14].lead"].extracted == ["Cơ quan được giao chủ trì"]
    assert marks["tasks[no=14].lead"].by == "Nguyễn Thị Lan"
    assert marks["date"].extracted == seed["date"]  # this text copy prints no date
    assert marks["date"].note == "ngày ký trên bản giấy"
    # the input is untouched, the output still honours the contract
    assert _task(seed, "14")["lead"] == ["Cơ quan được giao chủ trì"]
    Document.model_validate({k: v for k, v in doc.items() if k != "reviewed"})


def test_corrections_survive_a_re_extraction_of_a_new_file_version(
    seed: dict[str, Any], tmp_path: Path
) -> None:
    """A new version of the file (other bytes, same number) gets the same corrections."""
    folder = tmp_path / "corrections"
    folder.mkdir()
    (folder / "seed000.corrections.json").write_text(
        json.dumps(CORRECTIONS, ensure_ascii=False), encoding="utf-8"
    )
    text = SEED_TXT.read_text(encoding="utf-8").replace(
        "Theo chỉ đạo\tCơ quan được giao chủ trì",
        "Theo chỉ đạo của Tỉnh ủy\tCơ quan được giao chủ trì",
    )
    assert text != SEED_TXT.read_text(encoding="utf-8")
    new_file = tmp_path / "seed000_v2.txt"
    new_file.write_text(text, encoding="utf-8")
    fresh = _extract(new_file)
    assert fresh["source"]["sha256"] != seed["source"]["sha256"]
    assert _task(fresh, "14")["lead"] == ["Cơ quan được giao chủ trì"]  # the parser's answer
    first = apply_saved_corrections(folder, fresh)
    again = apply_saved_corrections(folder, _extract(new_file))  # a later re-run
    for result in (first, again):
        assert _task(result.document, "14")["lead"] == ["Ban Tuyên giáo và Dân vận Tỉnh ủy"]
        assert _task(result.document, "14")["timeframe"]["raw"] == "Theo chỉ đạo của Tỉnh ủy"
        assert len(result.reviewed) == 5 and result.failed == []
    assert first.document == again.document


def test_a_correction_that_no_longer_applies_is_reported(seed: dict[str, Any]) -> None:
    cf = CorrectionFile.model_validate(
        {
            "reviewer": "A",
            "corrections": [
                {"field": "tasks[no=99].lead", "value": ["X"]},
                {"field": "tasks[no=1].lead", "value": 5},
                {"field": "tasks[3].lead", "value": ["Sở Nội vụ"]},
            ],
        }
    )
    result = apply_corrections(seed, cf)
    failed = {f["field"]: f["reason"] for f in result.failed}
    assert "matches nothing" in failed["tasks[no=99].lead"]
    assert "breaks the contract" in failed["tasks[no=1].lead"]
    assert [r.field for r in result.reviewed] == ["tasks[3].lead"]
    assert result.document["tasks"][3]["lead"] == ["Sở Nội vụ"]
    assert result.document["tasks"][0]["lead"] == seed["tasks"][0]["lead"]


def test_ambiguous_selector_fails() -> None:
    doc = {"tasks": [{"no": "1", "content": "A"}, {"no": "1", "content": "B"}]}
    cf = CorrectionFile.model_validate(
        {"corrections": [{"field": "tasks[no=1].content", "value": "C"}]}
    )
    result = apply_corrections(doc, cf, validate=False)
    assert "matches 2 items" in result.failed[0]["reason"]


def test_which_document_a_file_belongs_to(seed: dict[str, Any], tmp_path: Path) -> None:
    mine = template_for(seed, reviewer="B")
    assert mine.document.number == "15-CTr/BTGDVTU-UBMTTQ"
    assert applies_to(mine, seed)
    other_number = CorrectionFile.model_validate({"document": {"number": "16-CTr/BTGDVTU-UBMTTQ"}})
    assert not applies_to(other_number, seed)
    by_sha = CorrectionFile.model_validate({"document": {"sha256": seed["source"]["sha256"]}})
    assert applies_to(by_sha, seed)
    no_number = {"source": {"filename": "a.pdf", "sha256": "x"}, "number": None}
    by_name = CorrectionFile.model_validate({"document": {"filename": "a.pdf"}})
    assert applies_to(by_name, no_number) and not applies_to(by_name, seed)
    (tmp_path / "a.corrections.json").write_text(mine.model_dump_json(), encoding="utf-8")
    (tmp_path / "b.corrections.json").write_text(other_number.model_dump_json(), encoding="utf-8")
    (tmp_path / "broken.corrections.json").write_text("{", encoding="utf-8")
    assert [p.name for p, _ in find_corrections(tmp_path, seed)] == ["a.corrections.json"]


def test_unknown_keys_in_a_corrections_file_are_refused() -> None:
    with pytest.raises(ValueError):
        CorrectionFile.model_validate({"corrections": [{"path": "date", "value": "x"}]})


# --- history beside a re-extracted JSON ------------------------------------------------------


def test_keep_history_writes_previous_and_diff(seed: dict[str, Any], tmp_path: Path) -> None:
    json_path = tmp_path / "json" / "seed000.json"
    json_path.parent.mkdir()
    previous_text = json.dumps(seed, ensure_ascii=False, indent=2)
    new = json.loads(previous_text)
    new["extractor_version"] = "9.9.9"
    _task(new, "4")["lead"] = ["Văn phòng Tỉnh ủy"]
    json_path.write_text(json.dumps(new, ensure_ascii=False), encoding="utf-8")
    diff = keep_history(json_path, previous_text, new)
    assert previous_path(json_path).read_text(encoding="utf-8") == previous_text
    stored = json.loads(diff_path(json_path).read_text(encoding="utf-8"))
    assert stored == diff.to_dict()
    assert stored["summary"] == {"tasks": 2}
    assert stored["meta"][0]["path"] == "extractor_version"
    assert load_diff(json_path) == stored
    diff_path(json_path).unlink()
    assert load_diff(json_path)["changes"] == stored["changes"]  # type: ignore[index]
    names = sorted(p.name for p in json_path.parent.iterdir())
    assert names == ["seed000.json", "seed000.previous.json"]
    assert [is_document_json(json_path.parent / n) for n in names] == [True, False]
    assert not is_document_json(Path("x.diff.json"))
    assert not is_document_json(Path("x.corrections.json"))


def test_same_identity() -> None:
    a = {"number": {"canonical": "115/KH-MTTQ-UB"}, "issuers": ["Ủy ban MTTQ tỉnh"]}
    b = {"number": {"canonical": "115/KH-MTTQ-UB"}, "issuers": ["ỦY BAN MTTQ TỈNH"]}
    c = {"number": {"canonical": "115/KH-MTTQ-UB"}, "issuers": ["Ủy ban nhân dân tỉnh"]}
    d = {"number": {"canonical": "116/KH-MTTQ-UB"}, "issuers": ["Ủy ban MTTQ tỉnh"]}
    assert same_identity(a, b)
    assert not same_identity(a, c)
    assert not same_identity(a, d)
    e = {"number": None, "source": {"filename": "Kế hoạch.pdf"}}
    f = {"number": None, "source": {"filename": "Kế hoạch.pdf"}}
    assert same_identity(e, f) and not same_identity(a, e)


# --- the flow's hooks -----------------------------------------------------------------------


def test_finish_extraction_applies_corrections_and_keeps_history(
    seed: dict[str, Any], tmp_path: Path
) -> None:
    from vanban.review.hooks import finish_extraction

    out = tmp_path / "out"
    (out / "json").mkdir(parents=True)
    (out / "corrections").mkdir()
    (out / "corrections" / "seed000.corrections.json").write_text(
        json.dumps(CORRECTIONS, ensure_ascii=False), encoding="utf-8"
    )
    json_path = out / "json" / "seed000.json"
    first = finish_extraction(out, Document.model_validate(seed), json_path=json_path)
    assert first.changes is None and len(first.reviewed) == 5
    json_path.write_text(first.doc_json, encoding="utf-8")
    # a re-extraction in place (vanban reprocess) by a new extractor that finds one more row
    again = json.loads(json.dumps(seed))
    again["extractor_version"] = "0.2.0"
    again["tasks"].append(dict(again["tasks"][0], no="16", content="Phối hợp tổng kết năm"))
    second = finish_extraction(
        out, Document.model_validate(again), json_path=json_path, previous=json_path
    )
    assert second.changes == 1  # the corrections hold on both sides: only the new row
    stored = json.loads((out / "json" / "seed000.diff.json").read_text(encoding="utf-8"))
    assert [(c["path"], c["kind"]) for c in stored["changes"]] == [("tasks[no=16]", "added")]
    assert (out / "json" / "seed000.previous.json").read_text(encoding="utf-8") == first.doc_json
    final = json.loads(second.doc_json)
    assert _task(final, "14")["lead"] == ["Ban Tuyên giáo và Dân vận Tỉnh ủy"]


class _Rec:
    def __init__(self, json_path: str, at: str) -> None:
        self.json_path, self.extracted_at = json_path, at


class _Store:
    """The two store calls ``previous_version`` makes."""

    def __init__(self, docs: list[tuple[Document, str, str]]) -> None:
        self.docs = docs

    def documents_for_keys(self, keys: Any, *, role: str | None = None) -> list[Document]:
        self.asked = list(keys)
        self.role = role
        return [d for d, _, _ in self.docs]

    def record(self, sha: str) -> _Rec | None:
        for d, path, at in self.docs:
            if d.source.sha256 == sha:
                return _Rec(path, at)
        return None


def test_previous_version_by_number_and_issuer(seed: dict[str, Any], tmp_path: Path) -> None:
    from vanban.review.hooks import previous_version

    def version(sha: str, **changes: Any) -> Document:
        data = json.loads(json.dumps(seed))
        data["source"]["sha256"] = sha
        data.update(changes)
        return Document.model_validate(data)

    v1, v2, new = version("1" * 64), version("2" * 64), version("3" * 64)
    other_issuer = version("4" * 64, issuers=["Ủy ban nhân dân tỉnh"])
    (tmp_path / "json").mkdir()
    for name in ("v1.json", "v2.json", "x.json"):
        (tmp_path / "json" / name).write_text("{}", encoding="utf-8")
    store = _Store(
        [
            (v1, "json/v1.json", "2026-11-01T00:00:00"),
            (v2, "json/v2.json", "2026-11-20T00:00:00"),
            (other_issuer, "json/x.json", "2026-11-21T00:00:00"),
            (new, "json/new.json", "2026-11-22T00:00:00"),
        ]
    )
    target = tmp_path / "json" / "new.json"
    assert previous_version(store, new, tmp_path, target) == tmp_path / "json" / "v2.json"  # type: ignore[arg-type]
    assert store.asked == ["P|CTR|15|BTGDVTU-UBMTTQ"]  # checks.identity folds case
    assert store.role == "header"  # documents headed by the identity, not those citing it
    assert previous_version(_Store([(new, "json/new.json", "x")]), new, tmp_path, target) is None  # type: ignore[arg-type]


def test_previous_version_without_a_number_is_the_same_file_name(
    seed: dict[str, Any], tmp_path: Path
) -> None:
    from vanban.review.hooks import previous_version

    data = json.loads(json.dumps(seed))
    data["number"] = None
    data["source"]["filename"] = "Thông báo.pdf"
    (tmp_path / "json").mkdir()
    old = tmp_path / "json" / "Thông báo.json"
    old.write_text(json.dumps(dict(data, source=dict(data["source"], sha256="1" * 64))), "utf-8")
    new = Document.model_validate(dict(data, source=dict(data["source"], sha256="2" * 64)))
    target = tmp_path / "json" / "Thông báo.22222222.json"
    assert previous_version(_Store([]), new, tmp_path, target) == old  # type: ignore[arg-type]
    old.write_text(json.dumps(dict(data, source=dict(data["source"], sha256="2" * 64))), "utf-8")
    assert previous_version(_Store([]), new, tmp_path, target) is None  # type: ignore[arg-type]


def test_a_warning_field_is_a_path_a_correction_can_use() -> None:
    """Warning.field uses the corrections path syntax: a reviewer copies it into a
    corrections file and the correction lands on the field the warning named."""
    from vanban.models.layout import Cell, LayoutDocument, Page, Table
    from vanban.parsers.tasks import parse_tasks
    from vanban.parsers.textview import TextView
    from vanban.review.corrections import CorrectionFile, apply_corrections

    head = ["STT", "Nội dung", "Đơn vị chủ trì", "Thời gian"]
    rows = [head, ["1", "Tuyên truyền", "", "Quý I"], ["2", "Kiểm tra", "Sở Nội vụ", "Quý II"]]
    cells = [Cell(row=r, col=c, text=t) for r, row in enumerate(rows) for c, t in enumerate(row)]
    table = Table(page=1, n_rows=len(rows), n_cols=len(head), cells=cells)
    layout = LayoutDocument(format="docx", pages=[Page(number=1, items=[table])])
    tasks, warnings = parse_tasks(layout, TextView.build(layout), doc_year=2026)
    (empty,) = [w for w in warnings if w.code == "empty_lead"]
    assert empty.field == f"tasks[id={tasks[0].id}].lead"
    doc = {"tasks": [t.model_dump(mode="json") for t in tasks]}
    cf = CorrectionFile.model_validate(
        {"corrections": [{"field": empty.field, "value": ["Ban Tuyên giáo"]}]}
    )
    result = apply_corrections(doc, cf, validate=False)
    assert result.document["tasks"][0]["lead"] == ["Ban Tuyên giáo"]
