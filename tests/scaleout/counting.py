"""Extractors for the scale-out test: the real pipeline, plus a line in a shared log.

``extract`` appends ``<sha256> <worker>`` to ``$VANBAN_TEST_EXTRACT_LOG`` (one small
``O_APPEND`` write, atomic on a local file system) before extracting, so the test can
count how often, and on which worker (``$VANBAN_TEST_WORKER``), each file was extracted.
``slow_extract`` waits ``$VANBAN_TEST_DELAY`` seconds first (a batch to kill a worker in).
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from vanban.models.document import Document
from vanban.pipeline import extract_document


def extract(path: str) -> Document:
    sha = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    log = os.environ.get("VANBAN_TEST_EXTRACT_LOG")
    if log:
        line = f"{sha} {os.environ.get('VANBAN_TEST_WORKER', '?')}\n".encode()
        fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)
    return extract_document(path)


def slow_extract(path: str) -> Document:
    time.sleep(float(os.environ.get("VANBAN_TEST_DELAY", "0.5")))
    return extract(path)
