"""The review application (issue 14): queue, edits, decisions, versions, audit, security.

An output folder of planted documents (tests/register_docs.py) with a store; FastAPI's
TestClient drives the application as a browser would.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.register_docs import corpus, write_output_folder
from vanban.review.accounts import MAX_FAILURES, add_user
from vanban.review.server import create_app
from vanban.store.sqlite import SQLiteStore

PASSWORD = "mật-khẩu-đủ-dài"
XSS = "<script>alert('x')</script>"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    write_output_folder(folder)
    with SQLiteStore(folder / "vanban.sqlite") as store:
        add_user(store, "lan", "reviewer", PASSWORD)
        add_user(store, "minh", "reviewer", PASSWORD)
        add_user(store, "xem", "viewer", PASSWORD)
    return folder


@pytest.fixture
def store(out: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore(out / "vanban.sqlite") as s:
        yield s


def client(out: Path, store: SQLiteStore, name: str | None = "lan") -> TestClient:
    c = TestClient(create_app(out, store), follow_redirects=False)
    if name:
        r = c.post("/login", data={"name": name, "password": PASSWORD})
        assert r.status_code == 303, r.text
    return c


def csrf_of(c: TestClient, doc_id: str) -> tuple[str, int]:
    page = c.get(f"/doc/{doc_id}").text
    token = re.search(r'name="csrf" value="([^"]+)"', page)
    version = re.search(r'name="version" value="(-?\d+)"', page)
    assert token and version
    return token.group(1), int(version.group(1))


def test_every_route_needs_a_session(out: Path, store: SQLiteStore) -> None:
    c = client(out, store, None)
    for path in ("/", "/doc/kh40.txt"):
        r = c.get(path)
        assert r.status_code == 303 and r.headers["location"] == "/login"
    for path in ("/api/queue", "/api/doc/kh40.txt", "/api/doc/kh40.txt/audit"):
        assert c.get(path).status_code == 401
    assert (
        c.post("/api/doc/kh40.txt/corrections", json={"version": 0, "corrections": []}).status_code
        == 401
    )
    assert c.post("/doc/kh40.txt/decision", data={"decision": "approve"}).status_code == 303
    assert c.get("/static/review.css").status_code == 200  # our own CSS needs no session


def test_session_cookie_is_httponly_and_samesite(out: Path, store: SQLiteStore) -> None:
    c = client(out, store, None)
    r = c.post("/login", data={"name": "lan", "password": PASSWORD})
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" not in cookie
    r = c.post(
        "/login", data={"name": "lan", "password": PASSWORD}, headers={"x-forwarded-proto": "https"}
    )
    assert "secure" in r.headers["set-cookie"].lower()


def test_queue_orders_by_need_and_filters(out: Path, store: SQLiteStore) -> None:
    c = client(out, store)
    (out / "findings.json").write_text(json.dumps({"findings": [
        {"kind": "date_mismatch", "severity": "error", "key": "k", "message": "m",
         "documents": ["kh05.txt"], "evidence": []}]}), encoding="utf-8")  # fmt: skip
    queue = c.get("/api/queue").json()["queue"]
    assert queue[0]["doc_id"] == "kh05.txt" and queue[0]["findings"] == 1
    assert len(queue) == len(corpus())
    found = c.get("/api/queue", params={"q": "40-KH/BTGDVTU"}).json()["queue"]
    assert [e["doc_id"] for e in found] == ["kh40.txt"]
    plans = c.get("/api/queue", params={"type": "Kế hoạch", "from": "2025-01-01"}).json()["queue"]
    assert sorted(e["doc_id"] for e in plans) == ["kh30.txt", "kh40.txt"]
    page = c.get("/").text
    assert 'href="/doc/kh05.txt"' in page


def test_edit_approve_and_audit(out: Path, store: SQLiteStore) -> None:
    c = client(out, store)
    token, version = csrf_of(c, "kh40.txt")
    assert version == 0
    r = c.post("/doc/kh40.txt/corrections", data={
        "csrf": token, "version": "0", "tasks[id=3].lead": "Sở Tư pháp", "date": "2026-02-03",
        "note": "đọc lại bản gốc"})  # fmt: skip
    assert r.status_code == 303
    saved = json.loads((out / "json" / "kh40.txt.json").read_text(encoding="utf-8"))
    assert saved["date"] == "2026-02-03"
    assert next(t for t in saved["tasks"] if t["id"] == "3")["lead"] == ["Sở Tư pháp"]
    assert {r["field"] for r in saved["reviewed"]} == {"date", "tasks[id=3].lead"}
    (corr,) = (out / "corrections").glob("kh40.txt.lan.*.corrections.json")
    fields = [x["field"] for x in json.loads(corr.read_text(encoding="utf-8"))["corrections"]]
    assert sorted(fields) == ["date", "tasks[id=3].lead"]
    r = c.post("/api/doc/kh40.txt/decision", json={"version": 1, "decision": "approve"},
               headers={"x-csrf-token": token})  # fmt: skip
    assert r.status_code == 200 and r.json()["version"] == 2
    doc = c.get("/api/doc/kh40.txt").json()
    assert (doc["status"], doc["reviewer"], doc["version"]) == ("approved", "lan", 2)
    exported = [r for r in doc["document"]["reviewed"] if r["field"] == "document"]
    assert [(r["by"], r["note"]) for r in exported] == [("lan", "status: approved")]
    audit = c.get("/api/doc/kh40.txt/audit").json()["audit"]
    assert [(a["action"], a["field"]) for a in audit] == [
        ("correct", "date"),
        ("correct", "tasks[id=3].lead"),
        ("decision", "status"),
    ]
    assert audit[0]["old"] == '"2026-02-01"' and audit[0]["new"] == '"2026-02-03"'
    assert (
        c.get("/api/queue", params={"status": "approved"}).json()["queue"][0]["doc_id"]
        == "kh40.txt"
    )


def test_add_and_remove_tasks(out: Path, store: SQLiteStore) -> None:
    c = client(out, store)
    token, _ = csrf_of(c, "kh40.txt")
    r = c.post("/doc/kh40.txt/corrections", data={
        "csrf": token, "version": "0", "remove:tasks[id=4]": "1",
        "new_task.content": "Tổng kết năm", "new_task.lead": "Sở Nội vụ"})  # fmt: skip
    assert r.status_code == 303
    tasks = json.loads((out / "json" / "kh40.txt.json").read_text(encoding="utf-8"))["tasks"]
    assert [t["id"] for t in tasks] == ["1", "2", "3", "R1"] and tasks[-1]["lead"] == ["Sở Nội vụ"]


def test_a_stale_save_gets_409_with_what_changed(out: Path, store: SQLiteStore) -> None:
    lan, minh = client(out, store, "lan"), client(out, store, "minh")
    t1, v1 = csrf_of(lan, "kh40.txt")
    t2, v2 = csrf_of(minh, "kh40.txt")
    assert v1 == v2 == 0
    assert lan.post("/doc/kh40.txt/corrections",
                    data={"csrf": t1, "version": "0", "title": "Kế hoạch A"}).status_code == 303  # fmt: skip
    r = minh.post(
        "/doc/kh40.txt/corrections", data={"csrf": t2, "version": "0", "title": "Kế hoạch B"}
    )
    assert r.status_code == 409 and "Kế hoạch A" in r.text and "lan" in r.text
    saved = json.loads((out / "json" / "kh40.txt.json").read_text(encoding="utf-8"))
    assert saved["title"] == "Kế hoạch A"  # never a silent overwrite
    r = minh.post("/api/doc/kh40.txt/corrections", headers={"x-csrf-token": t2},
                  json={"version": 0, "corrections": [{"field": "title", "value": "B"}]})  # fmt: skip
    assert r.status_code == 409 and r.json()["version"] == 1


def test_writes_need_the_csrf_token_and_a_reviewer(out: Path, store: SQLiteStore) -> None:
    c = client(out, store)
    token, _ = csrf_of(c, "kh40.txt")
    assert (
        c.post("/doc/kh40.txt/corrections", data={"version": "0", "title": "X"}).status_code == 403
    )
    assert c.post("/doc/kh40.txt/corrections",
                  data={"csrf": "wrong", "version": "0", "title": "X"}).status_code == 403  # fmt: skip
    assert (
        c.post("/api/doc/kh40.txt/decision", json={"version": 0, "decision": "approve"}).status_code
        == 403
    )
    assert c.post("/logout", data={}).status_code == 403
    viewer = client(out, store, "xem")
    vtoken, _ = csrf_of_viewer(viewer)
    r = viewer.post("/api/doc/kh40.txt/decision", json={"version": 0, "decision": "approve"},
                    headers={"x-csrf-token": vtoken})  # fmt: skip
    assert r.status_code == 403
    assert json.loads((out / "json" / "kh40.txt.json").read_text(encoding="utf-8"))["title"] is None


def csrf_of_viewer(c: TestClient) -> tuple[str, int]:
    page = c.get("/doc/kh40.txt").text
    assert 'id="edit-form"' not in page  # a viewer gets no form
    token = re.search(r'name="csrf" value="([^"]+)"', page)  # the log-out form
    assert token
    return token.group(1), 0


def test_document_ids_cannot_leave_the_json_folder(out: Path, store: SQLiteStore) -> None:
    c = client(out, store)
    (out / "secret.json").write_text('{"source": {"sha256": "x"}}', encoding="utf-8")
    for doc_id in ("..%2Fsecret", "../secret", "%2Fetc%2Fpasswd", "..", "nope"):
        assert c.get(f"/api/doc/{doc_id}").status_code == 404, doc_id
    assert c.get("/doc/..%2F..%2Fetc%2Fpasswd").status_code == 404


def test_login_is_rate_limited(out: Path, store: SQLiteStore) -> None:
    c = client(out, store, None)
    for _ in range(MAX_FAILURES):
        assert c.post("/login", data={"name": "lan", "password": "sai mật khẩu"}).status_code == 401
    r = c.post("/login", data={"name": "lan", "password": PASSWORD})  # right, but too late
    assert r.status_code == 429


def test_document_text_file_names_and_values_are_escaped(out: Path, store: SQLiteStore) -> None:
    c = client(out, store)
    d = corpus()[7].model_copy(deep=True)
    d.title = XSS
    d.tasks[0].content = XSS
    d.source.filename = XSS + ".txt"
    (out / "json" / "kh40.txt.json").write_text(d.model_dump_json(), encoding="utf-8")
    token, _ = csrf_of(c, "kh40.txt")
    c.post(
        "/doc/kh40.txt/corrections", data={"csrf": token, "version": "0", "place": XSS, "note": XSS}
    )
    for page in (c.get("/doc/kh40.txt").text, c.get("/").text):
        assert "<script>alert(" not in page and "&lt;script&gt;alert(" in page
    r = c.post("/doc/kh40.txt/corrections", data={"csrf": token, "version": "0", "title": "y"})
    assert r.status_code == 409 and "<script>alert(" not in r.text


def test_user_command_and_serve_refusals(out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    import io

    from vanban.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO("ngắn\n"))
    assert main(["user", "add", str(out), "hoa", "--role", "reviewer"]) == 2
    assert "at least" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["user", "add", str(out), "hoa", "--role", "admin"]) == 0
    with SQLiteStore(out / "vanban.sqlite") as s:
        assert s.user("hoa") is not None and s.user("hoa")[1] == "admin"  # type: ignore[index]
    empty = tmp_path / "empty"
    (empty / "json").mkdir(parents=True)
    assert main(["serve", str(empty)]) == 2
    assert "no accounts" in capsys.readouterr().err
    assert main(["serve", str(tmp_path / "nowhere")]) == 2


def test_findings_show_their_mentions_with_crops(out: Path, store: SQLiteStore) -> None:
    """A finding's panel lists the mentions it rests on, each with the crop of its page
    (for scans: the two OCR readings side by side)."""
    import shutil

    from tests.conftest import SAMPLES
    from vanban.pipeline import extract_document

    pdf = SAMPLES / "seed000" / "seed000.pdf"
    if not pdf.exists():
        pytest.skip("samples/seed000/seed000.pdf not built")
    doc = extract_document(pdf)
    shutil.copy(pdf, out / "seed000.pdf")
    (out / "json" / "seed000.pdf.json").write_text(doc.model_dump_json(), encoding="utf-8")
    c = client(out, store)
    (out / "findings.json").write_text(json.dumps({"findings": [
        {"kind": "date_mismatch", "severity": "error", "key": "P|QĐ|720|TU", "message": "two dates",
         "documents": ["seed000.pdf", "kh05.txt"],
         "evidence": [{"document": "seed000.pdf", "page": 1, "text": "720-QĐ/TU ngày 13/2/2026",
                       "bbox": [60, 300, 500, 330], "confidence": 0.71, "unsure": ["date"]},
                      {"document": "kh05.txt", "page": 1, "text": "720-QĐ/TU ngày 12/2/2026"}]}]}),
        encoding="utf-8")  # fmt: skip
    page = c.get("/doc/seed000.pdf").text
    crops = re.findall(r'<img src="(/crop/[^"]+)"', page)
    assert crops == ["/crop/seed000.pdf/1?box=60.0,300.0,500.0,330.0"]
    assert "unsure: date" in page and "720-QĐ/TU ngày 12/2/2026" in page
    png = c.get(crops[0].replace("&amp;", "&"))
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert c.get("/crop/kh05.txt/1?box=0,0,10,10").status_code == 404  # no page image
    assert c.get("/crop/seed000.pdf/1?box=zz").status_code == 400
    assert client(out, store, None).get(crops[0]).status_code == 303  # needs a session
    # bodies are suggested from the vocabulary and the corpus while editing
    assert '<datalist id="agencies">' in page and '<option value="Sở Nội vụ">' in page
