"""``vanban diff``: the semantic diff on real re-extractions of seed 000 and on small inputs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLES
from vanban.cli import main
from vanban.review.diff import Change, diff_documents, format_text, match_tasks

SEED_TXT = SAMPLES / "seed000" / "seed000.txt"


def _extract_text(text: str, tmp_path: Path, name: str) -> dict[str, Any]:
    from vanban.pipeline import extract_document

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return json.loads(extract_document(path).model_dump_json())


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED_TXT.exists():
        pytest.skip("samples/seed000/seed000.txt not built")
    return SEED_TXT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def original(seed_text: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    doc = _extract_text(seed_text, tmp_path_factory.mktemp("orig"), "seed000.txt")
    assert len(doc["tasks"]) >= 15 and doc["legal_basis"], "seed 000 no longer extracts"
    return doc


def _edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"edit anchor not unique: {old[:40]!r}"
    return text.replace(old, new)


def _row(text: str, no: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(f"{no}\t"))


# --- real re-extractions -------------------------------------------------------------


def test_row_added(seed_text: str, original: dict[str, Any], tmp_path: Path) -> None:
    row15 = _row(seed_text, "15")
    row16 = (
        "16\tPhối hợp tổ chức Hội nghị biểu dương điển hình dân vận khéo\tQuý IV/2026\t"
        "Ủy ban MTTQ Việt Nam tỉnh\tBan Tuyên giáo và Dân vận Tỉnh ủy\t"
        "Phòng Đoàn thể và các Hội\tHội nghị biểu dương"
    )
    new = _extract_text(_edit(seed_text, row15, row15 + "\n" + row16), tmp_path, "seed000.txt")
    diff = diff_documents(original, new)
    task_changes = [c for c in diff.changes if c.section == "tasks"]
    assert [(c.path, c.kind) for c in task_changes] == [("tasks[no=16]", "added")]
    assert task_changes[0].new["content"].startswith("Phối hợp tổ chức Hội nghị biểu dương")
    assert task_changes[0].new["lead"] == ["Ủy ban MTTQ Việt Nam tỉnh"]


def test_row_inserted_in_the_middle_renumbers_but_matches(
    seed_text: str, original: dict[str, Any], tmp_path: Path
) -> None:
    """A row inserted as no. 2 renumbers the rows after it: same rows, new numbers."""
    row2 = _row(seed_text, "2")
    lines = seed_text.splitlines()
    start = lines.index(row2)
    renumbered = []
    for line in lines:
        head, sep, rest = line.partition("\t")
        if sep and head.isdigit() and lines.index(line) >= start:
            line = f"{int(head) + 1}\t{rest}"
        renumbered.append(line)
    text = "\n".join(renumbered)
    inserted = "2\tPhối hợp biên soạn tài liệu hỏi đáp về Quy chế phối hợp\tQuý II/2026\t" + (
        "Ban Tuyên giáo và Dân vận Tỉnh ủy\tỦy ban MTTQ Việt Nam tỉnh\tVăn phòng\tTài liệu"
    )
    text = _edit(text, "\n3\tPhối hợp xây dựng", "\n" + inserted + "\n3\tPhối hợp xây dựng")
    new = _extract_text(text, tmp_path, "seed000.txt")
    diff = diff_documents(original, new)
    added = [c for c in diff.changes if c.section == "tasks" and c.kind == "added"]
    removed = [c for c in diff.changes if c.section == "tasks" and c.kind == "removed"]
    assert [c.path for c in added] == ["tasks[no=2]"]
    assert removed == []
    renumbers = [c for c in diff.changes if c.path.endswith(".no")]
    assert ("tasks[no=3].no", "2", "3") in [(c.path, c.old, c.new) for c in renumbers]
    assert all(c.kind == "changed" for c in diff.changes if c.section == "tasks" and c not in added)


def test_lead_body_changed(seed_text: str, original: dict[str, Any], tmp_path: Path) -> None:
    row4 = _row(seed_text, "4")
    changed = row4.replace("\tBan Tuyên giáo và Dân vận Tỉnh ủy\t", "\tVăn phòng Tỉnh ủy\t")
    assert changed != row4
    new = _extract_text(_edit(seed_text, row4, changed), tmp_path, "seed000.txt")
    diff = diff_documents(original, new)
    got = [(c.path, c.kind, c.old, c.new) for c in diff.changes]
    assert got == [
        ("tasks[no=4].lead", "removed", "Ban Tuyên giáo và Dân vận Tỉnh ủy", None),
        ("tasks[no=4].lead", "added", None, "Văn phòng Tỉnh ủy"),
    ]
    assert "Văn phòng Tỉnh ủy" in format_text(diff)


def test_citation_date_changed(seed_text: str, original: dict[str, Any], tmp_path: Path) -> None:
    text = _edit(seed_text, "329-QĐ/TW ngày 13/6/2025", "329-QĐ/TW ngày 16/6/2025")
    new = _extract_text(text, tmp_path, "seed000.txt")
    diff = diff_documents(original, new)
    by_path = {c.path: c for c in diff.changes}
    assert set(by_path) == {
        "legal_basis[329-QĐ/TW].raw",
        "legal_basis[329-QĐ/TW].date",
        "legal_basis[329-QĐ/TW].date_raw",
    }
    date = by_path["legal_basis[329-QĐ/TW].date"]
    assert (date.kind, date.old, date.new) == ("changed", "2025-06-13", "2025-06-16")


def test_reordered_citations_and_bodies_are_not_changes(
    seed_text: str, original: dict[str, Any], tmp_path: Path
) -> None:
    # the focal units of row 1, in the other order
    text = _edit(
        seed_text,
        "Phòng Lý luận chính trị, Lịch sử Đảng; Các phòng ban liên quan",
        "Các phòng ban liên quan; Phòng Lý luận chính trị, Lịch sử Đảng",
    )
    # two legal-basis paragraphs swapped
    paras = text.split("\n\n")
    i = next(k for k, p in enumerate(paras) if "329-QĐ/TW" in p)
    assert "301-QĐ/TW" in paras[i + 1]
    paras[i], paras[i + 1] = paras[i + 1], paras[i]
    new = _extract_text("\n\n".join(paras), tmp_path, "seed000.txt")
    assert [c["number"] for c in new["legal_basis"][:2]] == ["301-QĐ/TW", "329-QĐ/TW"]
    assert new["tasks"][0]["focal_units"][0] == "Các phòng ban liên quan"
    diff = diff_documents(original, new)
    assert diff.equal, format_text(diff)
    assert [c.path for c in diff.meta] == ["source.sha256"]


def test_reordered_json_lists_are_not_changes(original: dict[str, Any]) -> None:
    """Another extractor version may list tasks, citations, recipients in another order."""
    shuffled = json.loads(json.dumps(original))
    for key in ("tasks", "legal_basis", "recipients", "issuers", "signers"):
        shuffled[key].reverse()
    for task in shuffled["tasks"]:
        task["outputs"].reverse()
        task["lead"].reverse()
    assert shuffled["tasks"][0] != original["tasks"][0]
    assert diff_documents(original, shuffled).equal


def test_positions_never_count() -> None:
    """The same values read at other pages, boxes and spans are the same document."""
    doc = {
        "date": "2026-02-25",
        "tasks": [{"no": "1", "content": "A", "page": 1, "bbox": [1, 2, 3, 4], "pages": [1]}],
        "sources": {"date": {"page": 1, "span": [1, 2]}},
    }
    moved = {
        "date": "2026-02-25",
        "tasks": [{"no": "1", "content": "A", "page": 3, "bbox": [9, 9, 9, 9], "pages": [3, 4]}],
        "sources": {"date": {"page": 2, "span": [7, 9]}},
    }
    assert diff_documents(doc, moved).equal


# --- small constructed inputs -----------------------------------------------------------


def test_meta_is_reported_but_never_counts() -> None:
    old = {"extractor_version": "0.1.0", "source": {"sha256": "a", "pages": 1}, "title": "X"}
    new = {"extractor_version": "0.2.0", "source": {"sha256": "b", "pages": 1}, "title": "X"}
    diff = diff_documents(old, new)
    assert diff.equal
    assert [c.path for c in diff.meta] == ["extractor_version", "source.sha256"]
    assert "(meta) extractor_version" in format_text(diff)


def test_whitespace_only_is_not_a_change_but_wording_is() -> None:
    assert diff_documents(
        {"title": "về  công tác\ndân vận"}, {"title": "về công tác dân vận"}
    ).equal
    diff = diff_documents({"title": "về công tác dân vận"}, {"title": "về công tác Dân vận"})
    assert [c.kind for c in diff.changes] == ["changed"]


def test_reworded_task_with_same_number_is_one_changed_row() -> None:
    old = [{"no": "3", "content": "Phối hợp tổ chức hội nghị giao ban giữa hai cơ quan"}]
    new = [{"no": "3", "content": "Phối hợp tổ chức hội nghị giao ban định kỳ giữa hai cơ quan"}]
    m = match_tasks(old, new)
    assert (m.pairs, m.removed, m.added) == ([(0, 0)], [], [])
    diff = diff_documents({"tasks": old}, {"tasks": new})
    assert [(c.path, c.kind) for c in diff.changes] == [("tasks[no=3].content", "changed")]


def test_unrelated_task_with_same_number_is_removed_and_added() -> None:
    old = [{"no": "3", "content": "Phối hợp tổ chức hội nghị giao ban giữa hai cơ quan"}]
    new = [{"no": "3", "content": "Kiểm tra việc thực hiện chuyển đổi số"}]
    diff = diff_documents({"tasks": old}, {"tasks": new})
    assert [c.kind for c in diff.changes] == ["removed", "added"]


def test_citation_without_number_matched_by_name() -> None:
    law = {
        "raw": "Luật Mặt trận Tổ quốc Việt Nam năm 2015",
        "name": "Luật Mặt trận Tổ quốc Việt Nam",
    }
    law2 = dict(law, raw="Luật Mặt trận Tổ quốc Việt Nam ngày 09/6/2015", date="2015-06-09")
    diff = diff_documents({"legal_basis": [law]}, {"legal_basis": [law2]})
    paths = [c.path for c in diff.changes]
    assert paths == [
        "legal_basis[Luật Mặt trận Tổ quốc Việt Nam].raw",
        "legal_basis[Luật Mặt trận Tổ quốc Việt Nam].date",
    ]
    assert diff.changes[1].kind == "added"


def test_warnings_and_recipients_as_sets() -> None:
    old = {
        "recipients": ["Như trên", "Lưu VT"],
        "warnings": [{"code": "a", "message": "m", "page": 1}],
    }
    new = {
        "recipients": ["Lưu VT", "Như trên", "Thường trực Tỉnh ủy"],
        "warnings": [{"code": "a", "message": "m", "page": 2}],
    }
    diff = diff_documents(old, new)
    assert [c.to_dict() for c in diff.changes] == [
        {"path": "recipients", "kind": "added", "new": "Thường trực Tỉnh ủy"}
    ]


def test_change_section() -> None:
    assert Change("tasks[no=3].lead", "added").section == "tasks"
    assert Change("number.canonical", "changed").section == "number"
    assert Change("date", "changed").section == "date"


# --- the command -------------------------------------------------------------------------


def _write(path: Path, doc: dict[str, Any]) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_cli_exit_status_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = _write(tmp_path / "a.json", {"date": "2026-02-25", "issuers": ["A", "B"]})
    b = _write(tmp_path / "b.json", {"date": "2026-02-25", "issuers": ["B", "A"]})
    c = _write(tmp_path / "c.json", {"date": "2026-02-26", "issuers": ["A"]})
    assert main(["diff", str(a), str(b)]) == 0
    assert "no changes" in capsys.readouterr().out
    assert main(["diff", str(a), str(c), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["equal"] is False
    assert out["summary"] == {"date": 1, "issuers": 1}
    assert {"path": "issuers", "kind": "removed", "old": "B"} in out["changes"]


def test_cli_colour(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = _write(tmp_path / "a.json", {"date": "2026-02-25"})
    c = _write(tmp_path / "c.json", {"date": "2026-02-26"})
    main(["diff", str(a), str(c), "--color", "always"])
    assert "\x1b[33m~ date" in capsys.readouterr().out
    main(["diff", str(a), str(c)])  # captured output is not a terminal: no colour
    assert "\x1b[" not in capsys.readouterr().out


def test_cli_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    assert main(["diff", str(bad), str(bad)]) == 2
    assert "not a JSON object" in capsys.readouterr().err
