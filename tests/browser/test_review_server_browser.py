"""The review application in Debian's chromium (issue 14): a reviewer logs in, corrects a
task's lead on a scanned document (299-ttg, OCR), approves it; ``vanban reprocess`` then
extracts the document again and the new JSON keeps the correction, and the document is
still approved.

``VANBAN_UPDATE_SCREENSHOT=1`` also writes docs/review-edit.png (docs/review-queue.png is
the queue of the bundled samples plus ../shared/corpus).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.test_review_browser import VIEWPORT, chromium_path
from tests.conftest import REPO, corpus_file

pytestmark = [pytest.mark.corpus, pytest.mark.slow]

PASSWORD = "mật-khẩu-đủ-dài"
SCAN = "avg-vnlaw/299-ttg.signed.pdf"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    exe = chromium_path()
    if exe is None:
        pytest.skip("chromium is not installed (scripts/install-system.sh installs it)")
    import uvicorn

    from vanban.cli import main
    from vanban.review.accounts import add_user
    from vanban.review.server import create_app
    from vanban.store.sqlite import SQLiteStore

    work = tmp_path_factory.mktemp("serve")
    inbox, out = work / "inbox", work / "out"
    inbox.mkdir()
    shutil.copy(corpus_file(SCAN), inbox / "299-ttg.pdf")
    assert main(["run", "--inbox", str(inbox), "--out", str(out), "--no-progress"]) == 0
    store = SQLiteStore(out / "vanban.sqlite")
    add_user(store, "lan", "reviewer", PASSWORD)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(out, store), host="127.0.0.1", port=port,
                                           log_level="warning"))  # fmt: skip
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}", out
    finally:
        server.should_exit = True
        thread.join(10)
        store.close()


@pytest.fixture(scope="module")
def tab(served: tuple[str, Path]) -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        try:
            yield browser.new_page(viewport=VIEWPORT)
        finally:
            browser.close()


def test_correct_approve_reprocess(served: tuple[str, Path], tab: Any) -> None:
    base, out = served
    tab.goto(base + "/")
    assert tab.url.endswith("/login")
    tab.fill("input[name=name]", "lan")
    tab.fill("input[name=password]", PASSWORD)
    tab.click(".login-form button")
    tab.wait_for_url(base + "/")
    tab.click("#queue-table a")
    doc_id = tab.url.rsplit("/", 1)[1]
    before = json.loads((out / "json" / f"{doc_id}.json").read_text(encoding="utf-8"))
    task = before["tasks"][0]
    field = f"tasks[id={task['id']}].lead"
    box = tab.locator(f'textarea[name="{field}"]')
    box.fill("Bộ Tư pháp")
    if os.environ.get("VANBAN_UPDATE_SCREENSHOT"):
        box.scroll_into_view_if_needed()
        tab.screenshot(path=str(REPO / "docs" / "review-edit.png"))
    tab.click("button.save")
    tab.wait_for_load_state()
    # inline: double-click the first task's partners in the records, type, Ctrl+Enter
    cell = tab.locator("#task-table tr.task-row td.c-partners").first
    cell.dblclick()
    tab.locator("#task-table .inline-editor").fill("Văn phòng Chính phủ")
    with tab.expect_navigation():
        tab.locator("#task-table .inline-editor").press("Control+Enter")
    inline = json.loads((out / "json" / f"{doc_id}.json").read_text(encoding="utf-8"))
    assert inline["tasks"][0]["partners"] == ["Văn phòng Chính phủ"]
    tab.click("button.approve")
    tab.wait_for_load_state()
    assert tab.locator("#review-panel .status").inner_text() == "approved"

    from vanban.cli import main
    from vanban.store.sqlite import SQLiteStore

    assert main(["reprocess", "--out", str(out), "--all"]) == 0
    after = json.loads((out / "json" / f"{doc_id}.json").read_text(encoding="utf-8"))
    again = next(t for t in after["tasks"] if t["id"] == task["id"])
    assert again["lead"] == ["Bộ Tư pháp"]
    assert any(r["field"] == field and r["by"] == "lan" for r in after["reviewed"])
    assert {"field": "document", "by": "lan", "note": "status: approved"}.items() <= next(
        r for r in after["reviewed"] if r["field"] == "document"
    ).items()  # the decision travels with the JSON
    with SQLiteStore(out / "vanban.sqlite") as store:
        assert store.decision(after["source"]["sha256"])[0] == "approved"
    tab.reload()
    assert tab.locator("#review-panel .status").inner_text() == "approved"
