"""The task-cell scorer of the OCR bench (bench/table_cells.py) on hand-made documents."""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import bench.table_cells as tc
from vanban.models.document import Document, SourceInfo, Task, Timeframe

SCANS = Path(__file__).resolve().parents[1] / "samples" / "scans"


def _doc(*tasks: Task) -> Document:
    source = SourceInfo(filename="x.pdf", sha256="0" * 64, format="pdf", pages=2, ocr=True)
    return Document(extractor_version="test", source=source, tasks=list(tasks))


def _task(no: str, content: str, **kw: object) -> Task:
    return Task(no=no, content=content, page=1, pages=[1], table=1, **kw)  # type: ignore[arg-type]


GOLD = {
    "page": 1,
    "fields": ["no", "content", "lead", "partners", "deadline"],
    "rows": [
        {
            "no": "1.",
            "content": "1. Nghị định quy định cơ chế thử nghiệm",
            "lead": ["Ngân hàng Nhà nước Việt Nam"],
            "partners": ["Văn phòng Chính phủ", "Bộ Tư pháp"],
            "deadline": "Trước ngày 15/4/2024",
        },
        {
            "no": "1.",
            "content": "2. Thông tư của Thống đốc",
            "lead": ["Bộ Tài chính"],
            "partners": [],
            "deadline": "Trước ngày 15/5/2024",
        },
    ],
}


def test_doctests() -> None:
    assert doctest.testmod(tc).failed == 0


def test_a_perfect_reading_scores_every_cell() -> None:
    doc = _doc(
        _task(
            "1.",
            "1. Nghị định quy định  cơ chế\nthử nghiệm",
            lead=["Ngân hàng Nhà nước Việt Nam"],
            partners=["Bộ Tư pháp", "Văn phòng Chính phủ"],  # order does not matter
            deadline=Timeframe(raw="Trước ngày 15/4/2024"),
        ),
        _task(
            "1.",
            "2. Thông tư của Thống đốc",
            lead=["Bộ Tài chính"],
            deadline=Timeframe(raw="Trước ngày 15/5/2024"),
        ),
    )
    s = tc.score_cells(GOLD, doc)
    assert (s.exact, s.lenient, s.total, s.rows_matched) == (10, 10, 10, 2)
    assert s.worst() == []


def test_misreadings_lose_cells() -> None:
    doc = _doc(
        _task(
            "1.",
            ". Nghị định quy định cơ chế thử nghiệm",  # item number lost: lenient only
            lead=["Ngân hàng Nhà nước Việt Nam"],
            partners=["Văn phòng Chính phủ, Bộ Tư pháp"],  # one body for two: wrong
            deadline=Timeframe(raw="15/4/2024"),  # "Trước ngày" lost: wrong
        ),
        _task("1.", "2. Thông tư của Thống đốc", lead=["Bộ Tài chinh"]),  # no deadline
    )
    s = tc.score_cells(GOLD, doc)
    per = s.per_field()
    assert per["content"] == (1, 2)
    assert per["partners"] == (1, 2)
    assert per["deadline"] == (0, 2)
    assert per["lead"] == (1, 2)
    assert s.exact == 5
    assert s.lenient == 6  # the content without its "1" is ≥ 95 alike; "Bộ Tài chinh" is not
    fields = {(c.row, c.field) for c in s.worst(10)}
    assert (0, "partners") in fields and (1, "deadline") in fields


def test_rows_without_a_task_count_as_wrong() -> None:
    s = tc.score_cells(GOLD, _doc(_task("7", "something else")))
    assert s.rows_matched == 1  # the one task is taken by position
    assert s.exact == 0
    none = tc.score_cells(GOLD, _doc())
    assert (none.rows_matched, none.exact, none.total) == (0, 0, 10)


def test_tasks_of_another_page_are_not_matched() -> None:
    other = Task(no="1.", content="1. Nghị định", page=5, pages=[5], table=2)
    s = tc.score_cells(GOLD, _doc(other))
    assert s.rows_matched == 0


def test_rows_match_by_unique_number_before_position() -> None:
    rows = [{"no": "1"}, {"no": "2"}, {"no": "3"}]
    tasks = [_task("|", "a"), _task("2", "b"), _task("x", "extra"), _task("3", "c")]
    got = tc.match_rows(rows, tasks)
    assert [t.content if t else None for t in got] == ["a", "b", "c"]


def test_report_lines_name_the_target_and_the_worst_cells() -> None:
    s = tc.score_cells(GOLD, _doc(_task("1.", "x")), name="doc")
    lines = tc.report([s, s])
    assert lines[0].startswith("doc: cells exact 1/10 (10%)")
    assert "target ≥ 90" in lines[0]
    assert any("want" in line and "got" in line for line in lines)
    assert lines[-1].startswith("task cells, 2 documents: exact 2/20")


def test_the_gold_task_cells_are_well_formed() -> None:
    found = 0
    for path in sorted(SCANS.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        cells = gold.get("task_cells")
        if not cells:
            continue
        found += 1
        assert len(cells["columns"]) == len(cells["fields"])
        keys = {k for row in cells["rows"] for k in row}
        for row in cells["rows"]:
            assert set(row) == keys, path.name
            for k in tc.LIST_FIELDS & set(row):
                assert isinstance(row[k], list)
    assert found >= 2
