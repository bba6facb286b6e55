"""Inbox benchmark: orchestration overhead of ``vanban run`` and the cost of a re-drop.

* a batch of N small DOCX (200; 20 with ``quick``) built from the bundled seed sample,
  each with a different number so every file is new;
* **direct**: ``extract_document`` in a loop in this process (one core);
* **flow**: the same files through the inbox flow (``vanban.flows.inbox.run_batch``: one flow
  run, one task per file, a process pool over the cores) after a warm-up flow run, so
  Prefect's one-off start-up (migrations, server) is reported separately;
* **re-drop**: one unchanged file dropped again: the whole batch (a flow run) and the
  duplicate path alone (hash + store lookup + archive rename).

>>> print(run(quick=True))        # doctest: +SKIP
inbox (20 DOCX): direct 9.1 files/s; flow 12.4 files/s (ratio 1.36); ...
"""

from __future__ import annotations

import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _make_docx(path: Path, i: int) -> None:
    from docx import Document as Docx

    seed = REPO / "samples" / "seed000" / "seed000.docx"
    if seed.exists():
        doc = Docx(str(seed))
        # a distinct document per file (its own number), as in a real batch: 200 versions
        # of one identity would measure the history diff against every earlier version
        for table in doc.tables[:1]:
            for cell in table._cells:
                for para in cell.paragraphs:
                    for run in para.runs:
                        if "15 -CTr" in run.text:
                            run.text = run.text.replace("15 -CTr", f"{1000 + i} -CTr")
        doc.add_paragraph(f"Bản số {i}: ghi chú lưu trữ.")
    else:
        doc = Docx()
        for line in (
            "ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN",
            f"Số: {i}/KH-UBND",
            "KẾ HOẠCH",
            "Triển khai thực hiện Nghị quyết số 21-NQ/TU ngày 13/02/2026",
        ):
            doc.add_paragraph(line)
    doc.save(str(path))


def _prefect_env(home: Path) -> None:
    os.environ.setdefault("PREFECT_HOME", str(home))
    os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "120"
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


def _cpu() -> float:
    """CPU seconds of this process (all threads; not the worker processes)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run(quick: bool = False) -> str:
    """Run the benchmark and return the report text."""
    n = 20 if quick else 200
    work = Path(tempfile.mkdtemp(prefix="vanban-inbox-bench-"))
    _prefect_env(work / "prefect")
    from vanban.flows.folders import OutDirs, file_sha256
    from vanban.flows.inbox import run_batch
    from vanban.pipeline import extract_document
    from vanban.store import open_store

    try:
        files = work / "files"
        files.mkdir()
        for i in range(n):
            _make_docx(files / f"Kế hoạch số {i}.docx", i)
        paths = sorted(files.iterdir())

        t0, c0 = time.perf_counter(), time.process_time()
        for p in paths:
            extract_document(p)
        direct = time.perf_counter() - t0
        direct_cpu = time.process_time() - c0

        inbox, out = work / "inbox", work / "out"
        inbox.mkdir()
        _make_docx(inbox / "khởi động.docx", n)
        t0 = time.perf_counter()
        run_batch(inbox, out, settle_seconds=0.0)
        startup = time.perf_counter() - t0  # Prefect start-up + pool + one file

        for p in paths:
            shutil.copy(p, inbox / p.name)
        t0, c0 = time.perf_counter(), _cpu()
        summary = run_batch(inbox, out, settle_seconds=0.0)
        flow = time.perf_counter() - t0
        flow_cpu = _cpu() - c0
        processed = summary["processed"]

        shutil.copy(paths[1], inbox / "bản sao.docx")
        t0 = time.perf_counter()
        again = run_batch(inbox, out, settle_seconds=0.0)
        redrop_batch = time.perf_counter() - t0

        shutil.copy(paths[2], work / "dup.docx")
        store = open_store(out=out)
        t0 = time.perf_counter()
        sha = file_sha256(work / "dup.docx")
        rec = store.record(sha)
        assert rec is not None
        store.add_name(sha, "dup.docx")
        os.replace(work / "dup.docx", OutDirs(out).out / rec.archive_path)
        redrop_file = time.perf_counter() - t0
        store.close()

        cores = os.cpu_count() or 1
        direct_rate, flow_rate = n / direct, processed / flow
        return "\n".join(
            [
                f"inbox benchmark ({n} small DOCX, {cores} cores)",
                f"  direct loop (extract_document, 1 process): {direct_rate:.1f} files/s",
                f"  vanban run (1 flow run, {n} tasks, process pool): {flow_rate:.1f} files/s"
                f" ({processed} processed, {summary['quarantined']} quarantined)",
                f"  ratio flow/direct: {flow_rate / direct_rate:.2f}"
                f"  (overhead per file: {max(0.0, flow / n - direct / n / cores) * 1000:.0f} ms"
                " beyond ideal parallel)",
                f"  CPU per file: extraction {direct_cpu / n * 1000:.0f} ms (direct loop);"
                f" flow process (Prefect task run, store, JSON, moves)"
                f" {flow_cpu / max(processed, 1) * 1000:.0f} ms",
                f"  load average {os.getloadavg()[0]:.1f} during the run (timings are noisy"
                " when other jobs share the cores)",
                f"  first flow run of the process (Prefect start-up + 1 file): {startup:.1f} s",
                f"  re-drop of an unchanged file: {redrop_batch:.2f} s as a batch (flow run),"
                f" {redrop_file * 1000:.1f} ms for the duplicate itself"
                f" (duplicates={again['duplicates']})",
            ]
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    print(run(quick=True))
