"""The inbox flow end to end (Prefect test harness): folder protocol, idempotency,
bad inputs, same names, worker crashes, reprocess."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SEEDS
from tests.flows import badfiles as bad
from vanban.flows.claims import claim_file, pending_claims
from vanban.flows.folders import OutDirs
from vanban.flows.inbox import run_batch
from vanban.flows.reprocess import run_reprocess
from vanban.flows.scan import InboxScanner
from vanban.store import open_store

pytestmark = pytest.mark.usefixtures("prefect_server")
LAYOUT = "tests.flows.extractors:layout_only"


def run(inbox: Path, out: Path, extractor: str = LAYOUT, **kw: Any) -> dict[str, Any]:
    return run_batch(
        inbox,
        out,
        settle_seconds=0.0,
        settle_empty_seconds=0.0,
        extractor=extractor,
        processes=2,
        **kw,
    )


def seed_texts() -> list[bytes]:
    if not SEEDS.exists():
        pytest.skip("../shared/seeds is not available")
    return [p.read_bytes() for p in sorted(SEEDS.glob("*.txt"))]


def all_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_folder_protocol(folders: tuple[Path, Path]) -> None:
    inbox, out = folders
    texts = seed_texts()
    names = [
        "Chương trình phối hợp 15.txt",
        "Kế hoạch số 115 (bản chính).txt",
        "năm 2026/Nghị quyết 21.txt",
    ]
    for name, data in zip(names, texts, strict=False):
        bad.write(inbox, name, data)
    summary = run(inbox, out)
    assert (summary["processed"], summary["duplicates"], summary["quarantined"]) == (3, 0, 0)
    assert all_files(inbox) == []
    dirs = OutDirs(out)
    assert [p.name for p in all_files(dirs.work)] == ["lock"]
    jsons = sorted(p.name for p in dirs.json.iterdir())
    assert jsons == sorted(Path(n).name + ".json" for n in names)
    assert not [p for p in out.rglob("*.tmp")]
    with open_store(out=out) as store:
        for f in summary["files"]:
            rec = store.record(f["sha256"])
            assert rec is not None
            assert (out / rec.archive_path).read_bytes() in texts
            assert rec.archive_path == f"archive/{f['sha256'][:2]}/{f['sha256']}.txt"
            doc = json.loads((out / rec.json_path).read_text(encoding="utf-8"))
            assert doc["source"]["sha256"] == f["sha256"]
            assert doc["source"]["filename"] == rec.original_name
        assert sorted(r.original_name for r in store.iter_records()) == sorted(
            Path(n).name for n in names
        )


def test_same_bytes_again_is_a_duplicate(folders: tuple[Path, Path]) -> None:
    inbox, out = folders
    data = seed_texts()[0]
    bad.write(inbox, "Chương trình.txt", data)
    run(inbox, out)
    before = all_files(out / "json")
    bad.write(inbox, "bản sao của Chương trình.txt", data)
    bad.write(inbox, "lần nữa.txt", data)
    # a broken extractor proves that duplicates cost no extraction
    summary = run(inbox, out, extractor="tests.flows.extractors:no_such_function")
    assert (summary["processed"], summary["duplicates"], summary["quarantined"]) == (0, 2, 0)
    assert all_files(out / "json") == before
    assert all_files(inbox) == []
    assert len(all_files(out / "archive")) == 1
    with open_store(out=out) as store:
        sha = summary["files"][0]["sha256"]
        assert set(store.names(sha)) == {
            "Chương trình.txt",
            "bản sao của Chương trình.txt",
            "lần nữa.txt",
        }


def test_bad_inputs_are_quarantined_with_reasons(folders: tuple[Path, Path]) -> None:
    inbox, out = folders
    cases = {
        "rỗng.pdf": (b"", "empty_file"),
        "cắt cụt.pdf": (bad.truncated_pdf(), "corrupt_file"),
        "mã hóa.pdf": (bad.encrypted_pdf(), "encrypted"),
        "trang web.pdf": (
            b"<!DOCTYPE html><html><body>Not found</body></html>",
            "unsupported_format",
        ),
        "bom.docx": (bad.bomb_docx(), "zip_bomb"),
        "thực thể ngoài.docx": (bad.xxe_docx(), "xml_entities"),
        "ngẫu nhiên.pdf": (bad.random_binary(), "unsupported_format"),
        "bảng tính.xlsx": (bad.random_binary(), "unsupported_format"),
    }
    for name, (data, _) in cases.items():
        bad.write(inbox, name, data)
    bad.write(inbox, "Quyết định 500 trang.pdf", bad.text_pdf(500))
    summary = run(inbox, out)
    assert summary["quarantined"] == len(cases)
    assert summary["processed"] == 1
    assert all_files(inbox) == []
    q = out / "quarantine"
    for name, (data, code) in cases.items():
        assert (q / name).read_bytes() == data
        report = json.loads((q / f"{name}.error.json").read_text(encoding="utf-8"))
        assert report["code"] == code, name
        assert report["original_name"] == name
        assert report["stage"] and report["message"] and report["exception"]
        assert report["extractor_version"] and report["at"]
    with open_store(out=out) as store:
        assert sorted(r.code for r in store.quarantined()) == sorted(c for _, c in cases.values())


def test_partial_names_wait_in_the_inbox(folders: tuple[Path, Path]) -> None:
    inbox, out = folders
    for name in ["Kế hoạch.docx.part", "~$Kế hoạch.docx", "tải về.pdf.crdownload", "đang chép.tmp"]:
        bad.write(inbox, name, b"partial")
    bad.write(inbox, "xong.txt", "Ủy ban nhân dân\n".encode())
    summary = run(inbox, out)
    assert summary["processed"] == 1
    assert len(all_files(inbox)) == 4


def test_growing_file_waits() -> None:
    import tempfile

    inbox = Path(tempfile.mkdtemp())
    path = bad.write(inbox, "đang lớn.pdf", b"")
    scanner = InboxScanner(inbox, settle=2.0, settle_empty=10.0)
    assert scanner.observe(now=100.0) == ([], [path])
    assert scanner.observe(now=105.0) == ([], [path])  # 0 bytes: needs 10 s
    path.write_bytes(b"%PDF-1.4 ...")
    assert scanner.observe(now=106.0) == ([], [path])  # changed: the clock restarts
    assert scanner.observe(now=107.0) == ([], [path])
    assert scanner.observe(now=108.5) == ([path], [])


def test_same_name_twice_in_one_batch(folders: tuple[Path, Path]) -> None:
    inbox, out = folders
    bad.write(inbox, "phòng A/Quyết định.txt", "Quyết định số 1\n".encode())
    bad.write(inbox, "phòng B/Quyết định.txt", "Quyết định số 2\n".encode())
    summary = run(inbox, out)
    assert summary["processed"] == 2
    jsons = sorted(p.name for p in (out / "json").iterdir())
    assert len(jsons) == 2 and "Quyết định.txt.json" in jsons
    titles = {json.loads((out / "json" / j).read_text())["title"] for j in jsons}
    assert titles == {"Quyết định số 1", "Quyết định số 2"}


def test_file_removed_while_queued(tmp_path: Path) -> None:
    inbox, dirs = tmp_path / "in", OutDirs(tmp_path / "out")
    dirs.make()
    path = bad.write(inbox, "biến mất.txt", b"x")
    path.unlink()
    assert claim_file(path, inbox, dirs) is None
    assert pending_claims(dirs) == []


def test_worker_crash_quarantines_only_that_file(folders: tuple[Path, Path]) -> None:
    inbox, out = folders
    bad.write(inbox, "crash me.txt", "Tờ trình\n".encode())
    bad.write(inbox, "bình thường.txt", "Kế hoạch\n".encode())
    summary = run(inbox, out, extractor="tests.flows.extractors:crash")
    by_name = {f["name"]: f for f in summary["files"]}
    assert by_name["bình thường.txt"]["status"] == "processed"
    assert by_name["crash me.txt"]["status"] == "quarantined"
    assert by_name["crash me.txt"]["error"]["code"] == "worker_crashed"


def test_reprocess_stale_documents(folders: tuple[Path, Path]) -> None:
    inbox, out = folders
    bad.write(inbox, "một.txt", "Văn bản một\n".encode())
    bad.write(inbox, "hai.txt", "Văn bản hai\n".encode())
    run(inbox, out)
    db = sqlite3.connect(out / "vanban.sqlite")
    with db:
        db.execute(
            "UPDATE documents SET extractor_version = '0.0.1' WHERE original_name = 'một.txt'"
        )
    db.close()
    summary = run_reprocess(out, extractor=LAYOUT, processes=1)
    assert (summary["reprocessed"], summary["failed"], summary["current"]) == (1, 0, 1)
    with open_store(out=out) as store:
        assert {r.extractor_version for r in store.iter_records()} == {"0.1.0"}
        doc = store.get(
            next(r.sha256 for r in store.iter_records() if r.original_name == "một.txt")
        )
        assert doc is not None and doc.source.filename == "một.txt"


def test_real_pipeline_on_seeds(folders: tuple[Path, Path]) -> None:
    inbox, out = folders
    texts = seed_texts()
    for i, data in enumerate(texts):
        bad.write(inbox, f"văn bản {i}.txt", data)
    bad.write(inbox, "Quyết định 500 trang.pdf", bad.text_pdf(500, "Dieu khoan"))
    bad.write(inbox, "mã hóa.pdf", bad.encrypted_pdf())
    summary = run(inbox, out, extractor="vanban.pipeline:extract_document")
    assert summary["processed"] == len(texts) + 1, summary["files"]
    assert [f["error"]["code"] for f in summary["files"] if f["error"]] == ["encrypted"]
    big = json.loads((out / "json" / "Quyết định 500 trang.pdf.json").read_text(encoding="utf-8"))
    assert big["source"]["pages"] == 500
    findings = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert len(findings["documents"]) == summary["processed"]
    assert summary["findings"] == len(findings["findings"])


def test_invalid_document_is_quarantined(folders: tuple[Path, Path]) -> None:
    inbox, out = folders
    bad.write(inbox, "lạ.txt", "Văn bản\n".encode())
    summary = run(inbox, out, extractor="tests.flows.extractors:extra_field")
    assert summary["quarantined"] == 1
    report = json.loads((out / "quarantine" / "lạ.txt.error.json").read_text(encoding="utf-8"))
    assert (report["code"], report["stage"]) == ("invalid_document", "validate")
    assert list((out / "json").iterdir()) == []


def test_pending_claims_after_each_kind_of_crash(tmp_path: Path) -> None:
    inbox, dirs = tmp_path / "in", OutDirs(tmp_path / "out")
    dirs.make()
    # claimed and still in .work/: resumed
    kept = claim_file(bad.write(inbox, "đã nhận.txt", b"1"), inbox, dirs)
    # claim.json written, killed before the rename: the file is still in the inbox
    still = bad.write(inbox, "chưa chuyển.txt", b"2")
    half = claim_file(bad.write(inbox, "tạm.txt", b"3"), inbox, dirs)
    assert kept is not None and half is not None
    half.payload.rename(still.with_name("tạm.txt"))
    # a claim folder without claim.json but with its file: resumed under that name
    lone = dirs.work / "20260101T000000-abc"
    bad.write(lone, "một mình.txt", b"4")
    names = sorted(c.name for c in pending_claims(dirs))
    assert names == ["một mình.txt", "đã nhận.txt"]
    assert not half.folder.exists()
    assert sorted(p.name for p in inbox.iterdir()) == ["chưa chuyển.txt", "tạm.txt"]


def test_out_inside_inbox_is_refused(folders: tuple[Path, Path]) -> None:
    inbox, _ = folders
    bad.write(inbox, "a.txt", b"x")
    with pytest.raises(ValueError, match="inside the inbox"):
        run(inbox, inbox / "out")
    assert (inbox / "a.txt").exists()


def test_new_version_keeps_previous_json_and_diff(folders: tuple[Path, Path]) -> None:
    """Issue 6 through the real flow: a new file version of a document seen before (same
    number and issuer, other bytes) keeps the previous JSON and writes the diff beside the
    new one."""
    inbox, out = folders
    seed000 = next(iter(sorted(SEEDS.glob("000_*.txt"))), None)
    if seed000 is None:
        pytest.skip("seed 000 not available")
    header = "TỈNH ỦY ĐIỆN BIÊN\n"
    text = seed000.read_text(encoding="utf-8")
    bad.write(inbox, "Chương trình 15.txt", (header + text).encode())
    first = run(inbox, out, extractor="vanban.pipeline:extract_document")
    assert first["processed"] == 1
    changed = text.replace("Cuối năm 2026", "Quý IV năm 2026")
    assert changed != text
    bad.write(inbox, "Chương trình 15 (sửa).txt", (header + changed).encode())
    second = run(inbox, out, extractor="vanban.pipeline:extract_document")
    assert second["processed"] == 1
    json_dir = out / "json"
    previous = sorted(json_dir.glob("*.previous.json"))
    diffs = sorted(json_dir.glob("*.diff.json"))
    assert [p.name for p in previous] == ["Chương trình 15 (sửa).txt.previous.json"]
    diff = json.loads(diffs[0].read_text(encoding="utf-8"))
    changed_paths = [c["path"] for c in diff["changes"]]
    assert any("timeframe" in p for p in changed_paths), changed_paths


def test_temp_files_of_a_killed_run_are_removed(folders: tuple[Path, Path]) -> None:
    inbox, out = folders
    (out / "json").mkdir(parents=True, exist_ok=True)
    stale = out / "json" / ".Kế hoạch.txt.json.q38twdgv.tmp"
    stale.write_text('{"half": ', encoding="utf-8")
    kept = out / "json" / "notes.tmp"  # not a temp file of ours: left alone
    kept.write_text("x", encoding="utf-8")
    bad.write(inbox, "Kế hoạch.txt", "Kế hoạch\n".encode())
    summary = run(inbox, out)
    assert summary["processed"] == 1
    assert not stale.exists() and kept.exists()
    assert (out / "json" / "Kế hoạch.txt.json").exists()
