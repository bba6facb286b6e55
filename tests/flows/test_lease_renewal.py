"""A worker extracting for longer than its reservation lease renews it: another worker
waits instead of taking the file over and extracting it a second time."""

from __future__ import annotations

import hashlib
import threading
import time
from pathlib import Path

from tests.scaleout.test_reservations import Counting, drop
from vanban.flows.claims import claim_file
from vanban.flows.folders import OutDirs
from vanban.flows.process import BatchContext, process_claim
from vanban.store.sqlite import SQLiteStore


def test_a_long_extraction_keeps_its_reservation(tmp_path: Path) -> None:
    out = OutDirs(tmp_path / "out")
    out.make()
    holder, other = SQLiteStore(tmp_path / "s.sqlite"), SQLiteStore(tmp_path / "s.sqlite")
    path = drop(tmp_path / "inbox", "dài.txt", "a scan that takes long")
    claim = claim_file(path, tmp_path / "inbox", out)
    assert claim is not None
    slow = Counting(2.5)  # five times the lease below
    ctx = BatchContext(out, holder, slow, "test", worker="holder", lease=0.5)
    worker = threading.Thread(target=process_claim, args=(claim, ctx))
    worker.start()
    time.sleep(0.3)
    digest = hashlib.sha256(b"a scan that takes long").hexdigest()
    taken_over = False
    deadline = time.monotonic() + 2.0
    while time.monotonic() < deadline:  # well past the 0.5 s lease, during extraction
        taken_over = taken_over or other.reserve_extraction(digest, "other", 0.5)
        time.sleep(0.1)
    worker.join()
    assert not taken_over and slow.calls == 1
    assert holder.has(digest)
    assert other.reserve_extraction(digest, "other", 0.5)  # released once stored
    holder.close()
    other.close()
