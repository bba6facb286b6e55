"""The accuracy scorer (bench/accuracy.py) and gold loading (bench/gold.py) on constructed data."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.accuracy import (
    DocScore,
    FieldResult,
    compare,
    failed_extraction,
    format_report,
    is_asserted,
    lenient_equal,
    match_tasks,
    score_document,
    summarize,
)
from bench.gold import load_gold, resolve_gold
from bench.speed import SpeedResult, measure
from vanban.models.document import (
    Citation,
    DocNumber,
    Document,
    Signer,
    SourceInfo,
    Task,
    Timeframe,
)
from vanban.models.document import Warning as DocWarning


def make_doc(**kw: object) -> Document:
    source = SourceInfo(filename="x.docx", sha256="0", format="docx", pages=1, ocr=False)
    return Document(extractor_version="test", source=source, **kw)  # type: ignore[arg-type]


def number(canonical: str) -> DocNumber:
    return DocNumber(
        raw=f"Số: {canonical}",
        canonical=canonical,
        serial=canonical.split("-")[0],
        system="party",
        grammar="party",
    )


def task(**kw: object) -> Task:
    return Task.model_validate(kw)


def cite(**kw: object) -> Citation:
    return Citation.model_validate(kw)


def by_field(results: list[FieldResult], name: str) -> list[FieldResult]:
    return [r for r in results if r.field == name]


def test_exact_fields_pass_strict() -> None:
    doc = make_doc(number=number("15-CTr/BTGDVTU-UBMTTQ"), date="2026-02-25", place="Điện Biên")
    gold = {"number": "15-CTr/BTGDVTU-UBMTTQ", "date": "2026-02-25", "place": "Điện Biên"}
    results = score_document(doc, gold)
    assert [(r.field, r.strict, r.lenient) for r in results] == [
        ("number", True, True),
        ("date", True, True),
        ("place", True, True),
    ]


def test_wrong_field_fails_strict_and_lenient() -> None:
    doc = make_doc(number=number("16-CTr/BTGDVTU-UBMTTQ"), date="2026-02-24")
    results = score_document(doc, {"number": "15-CTr/BTGDVTU-UBMTTQ", "date": "2026-02-25"})
    assert not any(r.strict or r.lenient for r in results)


def test_missing_value_is_a_failure_and_null_gold_requires_null() -> None:
    assert not score_document(make_doc(), {"place": "Điện Biên"})[0].lenient
    assert score_document(make_doc(), {"date": None})[0].strict
    assert not score_document(make_doc(date="2026-01-01"), {"date": None})[0].lenient


def test_spacing_and_tone_placement_pass_lenient_only() -> None:
    doc = make_doc(title="giữa Ban Tuyên giáo  và Dân vận Tỉnh uỷ", place="Ðiện Biên")
    gold = {"title": "giữa Ban Tuyên giáo và Dân vận Tỉnh ủy", "place": "Điện Biên"}
    results = score_document(doc, gold)
    assert [(r.strict, r.lenient) for r in results] == [(False, True), (False, True)]


def test_nfc_is_not_a_difference() -> None:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Điện Biên")
    assert compare("place", "Điện Biên", decomposed).strict


def test_long_text_fuzzy_but_short_text_exact() -> None:
    long_a = "Phối hợp tham mưu tổ chức học tập, quán triệt, tuyên truyền các nghị quyết, chỉ thị"
    long_b = long_a.replace("quán triệt", "quan triệt")
    assert lenient_equal(long_a, long_b)
    assert not lenient_equal("Cả năm", "Cả nam")
    assert not lenient_equal(long_a, "Phối hợp đánh giá kết quả thực hiện Chương trình phối hợp")


def test_list_split_differently_is_lenient_only() -> None:
    result = compare(
        "tasks.outputs",
        ["Lớp tập huấn", "tài liệu bồi dưỡng"],
        ["Lớp tập huấn; tài liệu bồi dưỡng"],
    )
    assert (result.strict, result.lenient) == (False, True)
    assert not compare("issuers", ["A B"], ["A C"]).lenient


def test_tasks_matched_by_number_not_position() -> None:
    tasks = [
        task(no="2", content="Phối hợp hai", lead=["Ủy ban MTTQ Việt Nam tỉnh"]),
        task(no="1", content="Phối hợp một", timeframe=Timeframe(raw="Cả năm"), pages=[3, 4]),
    ]
    gold = {
        "tasks": [
            {"no": "1", "content": "Phối hợp một", "timeframe": "Cả năm", "pages": [3, 4]},
            {"no": "2.", "content": "Phối hợp hai", "lead": ["Ủy ban MTTQ Việt Nam tỉnh"]},
        ]
    }
    results = score_document(make_doc(tasks=tasks), gold)
    assert results and all(r.strict for r in results)
    assert {r.field for r in results} == {
        "tasks.no",
        "tasks.content",
        "tasks.timeframe",
        "tasks.pages",
        "tasks.lead",
    }


def test_missing_task_and_wrong_cell_are_counted() -> None:
    tasks = [task(no="1", content="Phối hợp một", partners=["Ban Tuyên giáo"])]
    gold = {
        "tasks_count": 2,
        "tasks": [
            {"no": "1", "partners": ["Ban Tuyên giáo và Dân vận Tỉnh ủy"]},
            {"no": "2", "content": "Phối hợp hai"},
        ],
    }
    results = score_document(make_doc(tasks=tasks), gold)
    assert not by_field(results, "tasks_count")[0].strict
    assert not by_field(results, "tasks.partners")[0].strict
    missing = [r for r in results if r.where == "task 2"]
    assert missing and all(not r.lenient and r.got is None for r in missing)


def test_tasks_without_number_follow_order_after_previous_match() -> None:
    tasks = [task(no="III.1", content="a"), task(content="b"), task(content="c")]
    picked = match_tasks([{"no": "III.1"}, {}, {}, {}], tasks)
    assert [t.content if t else None for t in picked] == ["a", "b", "c", None]


def test_citations_in_order_and_counts() -> None:
    bases = [
        cite(
            raw="Quyết định số 329-QĐ/TW",
            doc_type="Quyết định",
            number="329-QĐ/TW",
            date="2025-06-13",
            issuer="Ban Bí thư",
        ),
        cite(raw="Quyết định số 301-QĐ/TW", number="301-QĐ/TW", date="2025-06-09"),
    ]
    gold = {
        "legal_basis_count": 3,
        "legal_basis": [
            {"number": "329-QĐ/TW", "date": "2025-06-13", "issuer": "Ban Bí thư"},
            {"number": "301-QĐ/TW", "date": "2025-06-19"},
            {"number": "720-QĐ/TU"},
        ],
    }
    results = score_document(make_doc(legal_basis=bases), gold)
    verdicts = {(r.field, r.where): r.strict for r in results}
    assert verdicts[("legal_basis_count", "")] is False
    assert verdicts[("legal_basis.number", "legal_basis #1")] is True
    assert verdicts[("legal_basis.date", "legal_basis #2")] is False
    assert verdicts[("legal_basis.number", "legal_basis #3")] is False


def test_references_min_signers_and_warning_codes() -> None:
    doc = make_doc(
        references=[cite(raw="Kết luận số 01-KL/TW", number="01-KL/TW")],
        signers=[Signer.model_validate({"name": "Vừ A Bằng", "position": "TRƯỞNG BAN"})],
        warnings=[DocWarning(code="invalid_date", message="08/6/20210")],
    )
    gold = {
        "references_min": ["01-KL/TW", "05-CT/TW"],
        "signers": [{"name": "Vừ A Bằng", "position": "TRƯỞNG BAN", "authority": None}],
        "warnings_codes": ["invalid_date", "number_blank"],
    }
    results = score_document(doc, gold)
    assert [r.strict for r in by_field(results, "references_min")] == [True, False]
    assert all(r.strict for r in results if r.field.startswith("signers."))
    assert [r.strict for r in by_field(results, "warnings_codes")] == [True, False]


def test_summary_percentages_and_report() -> None:
    a = DocScore(
        "a",
        [
            FieldResult("number", True, True, "1", "1"),
            FieldResult("title", False, True, "x y", "x  y"),
        ],
    )
    b = DocScore("b", [FieldResult("number", False, False, "1", "2")])
    rows = {s.field: s for s in summarize([a, b])}
    assert (rows["number"].n, rows["number"].strict, rows["number"].lenient) == (2, 50.0, 50.0)
    assert (rows["title"].strict, rows["title"].lenient) == (0.0, 100.0)
    report = format_report([a, b])
    assert "number" in report and "b: 1/1 fields not strict" in report and "ALL" in report


def test_failed_extraction_fails_every_field() -> None:
    results = failed_extraction({"number": "1-KH/TU", "tasks_count": 2}, "ExtractionError")
    assert len(results) == 2 and not any(r.lenient for r in results)


def test_is_asserted_matches_field_or_parent() -> None:
    r = FieldResult("legal_basis.date", True, True, "", "")
    assert is_asserted(r, ["legal_basis.date"]) and is_asserted(r, ["legal_basis"])
    assert not is_asserted(r, ["legal_basis_count", "date"])


def test_gold_extends_drop_and_task_pages(tmp_path: Path) -> None:
    (tmp_path / "base.json").write_text(
        '{"number": "1-KH/TU", "place": "Sơn La", "checked_by": "base",'
        ' "tasks": [{"no": "1", "content": "a"}, {"no": "2", "content": "b"}]}',
        encoding="utf-8",
    )
    (tmp_path / "child.json").write_text(
        '{"extends": "base.json", "format": "pdf", "place": null, "drop": ["number"],'
        ' "task_pages": {"2": [3, 4]}}',
        encoding="utf-8",
    )
    gold = load_gold("child.json", tmp_path)
    assert "number" not in gold and gold["place"] is None and gold["format"] == "pdf"
    assert [t.get("pages") for t in gold["tasks"]] == [None, [3, 4]]
    assert "checked_by" not in gold
    assert resolve_gold({"x": 1}, lambda name: {}) == {"x": 1}


def test_speed_overhead_from_interleaved_medians() -> None:
    calls: list[str] = []

    def ours(path: Path) -> int:
        calls.append("ours")
        return 5

    def bare(path: Path) -> int:
        calls.append("bare")
        return 5

    result = measure([Path("a.pdf")], rounds=3, ours_fn=ours, bare_fn=bare)
    assert calls == ["ours", "bare"] * 4  # one warm-up pair, then interleaved rounds
    assert result.pages == 5 and result.rounds == 3
    assert SpeedResult(1, 10, 1, ours_pps=8.0, bare_pps=10.0).overhead == pytest.approx(0.25)
