"""Headless Chromium opens the review page of seed 000's sample PDF.

Debian's chromium (``apt-get install chromium``; ``scripts/install-system.sh``), driven by
Playwright with ``executable_path`` set (``playwright install`` is never needed), and
by the chromium CLI (``--dump-dom``, ``--screenshot``) as a second, dependency-free
path. ``VANBAN_CHROMIUM`` overrides the browser path.

``VANBAN_UPDATE_SCREENSHOT=1`` also writes ``docs/review-screenshot.png`` (the README's).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, SAMPLES
from vanban.review.build import build_review

SEED_PDF = SAMPLES / "seed000" / "seed000.pdf"
SCREENSHOT = REPO / "docs" / "review-screenshot.png"
VIEWPORT = {"width": 1500, "height": 950}


def chromium_path() -> str | None:
    override = os.environ.get("VANBAN_CHROMIUM")
    if override:
        return override
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser_exe() -> str:
    exe = chromium_path()
    if exe is None:
        pytest.skip("chromium is not installed (scripts/install-system.sh installs it)")
    return exe


@pytest.fixture(scope="module")
def review_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    if not SEED_PDF.exists():
        pytest.skip("samples/seed000/seed000.pdf not built")
    from vanban.pipeline import extract_document

    doc = json.loads(extract_document(SEED_PDF).model_dump_json())
    out = tmp_path_factory.mktemp("review")
    written = build_review([SEED_PDF], out)
    return written[0], doc


@pytest.fixture(scope="module")
def page(browser_exe: str, review_page: tuple[Path, dict[str, Any]]) -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=browser_exe, args=["--no-sandbox"])
        try:
            tab = browser.new_page(viewport=VIEWPORT)
            tab.goto(review_page[0].as_uri())
            yield tab
        finally:
            browser.close()


def _inside(inner: dict[str, float], outer: dict[str, float], slack: float = 1.0) -> bool:
    return (
        inner["x"] >= outer["x"] - slack
        and inner["y"] >= outer["y"] - slack
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + slack
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + slack
    )


def test_task_rows_and_boxes_over_the_page_images(
    page: Any, review_page: tuple[Path, dict[str, Any]]
) -> None:
    doc = review_page[1]
    tasks = doc["tasks"]
    assert page.locator("#task-table tr.task-row").count() == len(tasks) >= 15
    boxed = [(i, t) for i, t in enumerate(tasks) if t.get("bbox")]
    assert page.locator(".box-task").count() == len(boxed) >= 15
    assert page.locator("figure.page img").count() == doc["source"]["pages"]
    for i, task in boxed:
        box = page.locator(f"#box-task-{i}")
        image = page.locator(f"#page-{task['page']} img")
        box_rect, image_rect = box.bounding_box(), image.bounding_box()
        assert box_rect is not None and image_rect is not None
        assert box_rect["width"] > 0.5 * image_rect["width"], "a table row spans the text width"
        assert box_rect["height"] > 5
        assert _inside(box_rect, image_rect), f"task {task['no']} box leaves its page image"
        # the box is where the JSON says, scaled from points to the displayed image
        scale = image_rect["width"] / 595.3
        assert abs(box_rect["x"] - image_rect["x"] - task["bbox"][0] * scale) < 2
        assert abs(box_rect["y"] - image_rect["y"] - task["bbox"][1] * scale) < 2


def test_row_and_box_light_each_other_up(page: Any) -> None:
    row = page.locator("#rec-task-4")
    row.scroll_into_view_if_needed()
    row.hover()
    assert "hot" in (page.locator("#box-task-4").get_attribute("class") or "")
    page.mouse.move(5, 5)
    assert "hot" not in (page.locator("#box-task-4").get_attribute("class") or "")
    page.locator("#box-lb-0").click()
    assert "flash" in (page.locator("#rec-lb-0").get_attribute("class") or "")


def test_box_kinds_can_be_hidden(page: Any) -> None:
    toggle = page.locator(".toggle input[data-kind='task']")
    toggle.uncheck()
    assert not page.locator("#box-task-0").is_visible()
    assert page.locator("#box-lb-0").is_visible()
    toggle.check()
    assert page.locator("#box-task-0").is_visible()


def test_screenshot(page: Any, tmp_path: Path) -> None:
    """The README picture: page 2 with its task boxes beside the task table, one row hovered."""
    page.set_viewport_size(VIEWPORT)
    page.evaluate("document.getElementById('page-2').scrollIntoView()")
    page.evaluate("document.getElementById('pages').scrollBy(0, 360)")
    page.evaluate("document.getElementById('tasks').scrollIntoView()")
    page.locator("#rec-task-1").hover()
    shot = tmp_path / "review.png"
    page.screenshot(path=str(shot))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
    if os.environ.get("VANBAN_UPDATE_SCREENSHOT"):
        SCREENSHOT.write_bytes(data)


def test_chromium_cli_dump_dom_and_screenshot(
    browser_exe: str, review_page: tuple[Path, dict[str, Any]]
) -> None:
    """Without Playwright: the CLI renders the page, runs its script, and screenshots it."""
    from lxml import html as lxml_html

    path, doc = review_page
    with tempfile.TemporaryDirectory(prefix="vanban_chromium_") as profile:
        common = [
            browser_exe,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={profile}",
            "--window-size=1500,950",
        ]
        dom = subprocess.run(
            [*common, "--dump-dom", path.as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout
        shot = Path(profile) / "shot.png"
        subprocess.run(
            [*common, f"--screenshot={shot}", path.as_uri()],
            capture_output=True,
            timeout=120,
            check=True,
        )
        assert shot.read_bytes()[:4] == b"\x89PNG"
    tree = lxml_html.fromstring(dom)
    assert len(tree.xpath("//tr[contains(@class,'task-row')]")) == len(doc["tasks"])
    assert len(tree.xpath("//div[contains(@class,'box-task')]")) == len(
        [t for t in doc["tasks"] if t.get("bbox")]
    )
