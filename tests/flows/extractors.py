"""Extractors for the flow tests, passed to the flows as ``"tests.flows.extractors:…"``.

``layout_only`` runs the real sniffing, safety checks and readers (``extract/``) but not
the parsers (which other issues deliver): the folder protocol is what these tests check.
``slow`` is the same with a pause, so a test can kill a run in the middle of a batch.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from vanban import EXTRACTOR_VERSION
from vanban.extract import read_document, sniff
from vanban.models.document import Document, SourceInfo


def layout_only(path: str) -> Document:
    p = Path(path)
    fmt = sniff(p)
    layout = read_document(p, fmt)
    first = next((it.text for _, it in layout.items() if it.kind == "block"), None)
    return Document(
        extractor_version=os.environ.get("VANBAN_TEST_EXTRACTOR_VERSION", EXTRACTOR_VERSION),
        source=SourceInfo(
            filename=p.name,
            sha256=hashlib.sha256(p.read_bytes()).hexdigest(),
            format=fmt,
            pages=len(layout.pages),
            ocr=False,
            size_bytes=p.stat().st_size,
        ),
        title=first,
    )


def slow(path: str) -> Document:
    time.sleep(float(os.environ.get("VANBAN_TEST_DELAY", "0.4")))
    return layout_only(path)


def crash(path: str) -> Document:
    """Kills its worker process on files named crash*: the pool must survive."""
    if Path(path).name.startswith("crash"):
        os._exit(9)
    return layout_only(path)


def hang(path: str) -> Document:
    """Hangs on files named hang*, after starting a child process of its own (as OCR
    starts page workers); writes "<child pid> <process group>" to the path the file holds."""
    p = Path(path)
    if p.name.startswith("hang"):
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
        Path(p.read_text(encoding="utf-8").strip()).write_text(f"{child.pid} {os.getpgid(0)}")
        time.sleep(300)
    return layout_only(path)


class _ExtraField:
    """A document JSON with a field this process's contract does not know."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc

    def model_dump_json(self, indent: int | None = None) -> str:
        data = json.loads(self.doc.model_dump_json())
        data["field_from_the_future"] = 1
        return json.dumps(data, ensure_ascii=False, indent=indent)


def extra_field(path: str) -> _ExtraField:
    return _ExtraField(layout_only(path))
