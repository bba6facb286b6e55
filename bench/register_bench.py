"""``python -m bench --only register``: the task register and the citation graph at scale.

A generated corpus (plans with three tasks each, bodies drawn from 300 agencies printed
two ways, deadlines over 2024–2028, five citations per document: earlier documents of the
corpus and laws it does not hold, with every relation) is written to a SQLite store the
way ``put`` writes it (the register's row builders, ``register_statements``), then
queried as ``vanban tasks``/``cites``/``missing``/``graph`` do. Times are medians of
five runs; "build" is the rows' construction and writing, per 1,000 documents (linear
build: the same figure at every size).
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

AGENCIES = 300
TASKS_PER_DOC = 3
CITES_PER_DOC = 5
RUNS = 5


def _agency(k: int, variant: bool) -> str:
    return f"Sở Ngành số {k} tỉnh" if not variant else f"Sở ngành số {k} Tỉnh"


def generate(n: int, seed: int = 11) -> Iterator[Any]:
    """``n`` plans of one province's agencies, each citing earlier ones and laws."""
    from vanban.models.document import Citation, DocNumber, Document, SourceInfo, Task, Timeframe

    rng = random.Random(seed)
    start = dt.date(2024, 1, 1)
    relations = ("basis", "basis", "implements", "mentions", "amends", "replaces")
    for i in range(n):
        date = start + dt.timedelta(days=int(1460 * i / n))
        number = f"{i + 1}/KH-UBND"
        tasks = []
        for t in range(TASKS_PER_DOC):
            end = date + dt.timedelta(days=rng.randint(30, 720))
            lead = _agency(int(rng.paretovariate(1.1)) % AGENCIES, rng.random() < 0.3)
            partner = _agency(rng.randrange(AGENCIES), rng.random() < 0.3)
            tasks.append(
                Task(
                    id=str(t + 1),
                    no=str(t + 1),
                    content=f"Nhiệm vụ {t + 1} của kế hoạch {i + 1}",
                    lead=[lead],
                    partners=[partner],
                    timeframe=Timeframe(raw=f"Trước ngày {end:%d/%m/%Y}", end=end.isoformat()),
                )  # fmt: skip
            )
        cites = []
        for _ in range(CITES_PER_DOC if i else 0):
            if rng.random() < 0.3:
                law = rng.randrange(400)
                cites.append(Citation(raw=f"Nghị định số {law}/2020/NĐ-CP", number=f"{law}/2020/NĐ-CP",
                                      relation="basis", verb="Căn cứ"))  # fmt: skip
                continue
            j = max(0, i - 1 - int(rng.expovariate(1 / 500)))
            cdate = start + dt.timedelta(days=int(1460 * j / n))
            cites.append(
                Citation(
                    raw=f"Kế hoạch số {j + 1}/KH-UBND",
                    number=f"{j + 1}/KH-UBND",
                    date=cdate.isoformat(),
                    relation=rng.choice(relations),
                )  # fmt: skip
            )
        yield Document(
            extractor_version="bench",
            source=SourceInfo(filename=f"kh{i:06d}.txt", sha256=f"{i:064x}", format="txt", pages=1, ocr=False),
            doc_type="Kế hoạch",
            number=DocNumber(raw=f"Số: {number}", canonical=number, serial=str(i + 1), type_code="KH",
                             issuer_code="UBND", system="state", grammar="administrative"),
            date=date.isoformat(),
            title=f"Kế hoạch số {i + 1}",
            references=cites,
            tasks=tasks,
        )  # fmt: skip


def build(store: Any, n: int, chunk: int = 1000) -> float:
    """Write ``n`` generated documents and their register rows; seconds."""
    from vanban.register.rows import REGISTER_VERSION
    from vanban.store.register import register_statements

    t0 = time.perf_counter()
    batch: list[Any] = []

    def flush() -> None:
        store._write_many(
            [
                (
                    "INSERT INTO documents (sha256, extractor_version, original_name, archive_path, "
                    "format, doc_type, number, date, title, extracted_at, doc_json, filename, "
                    "register_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [
                        (
                            d.source.sha256,
                            "bench",
                            d.source.filename,
                            "a",
                            "txt",
                            d.doc_type,
                            d.number.canonical,
                            d.date,
                            d.title,
                            "t",
                            "{}",
                            d.source.filename,
                            REGISTER_VERSION,
                        )  # fmt: skip
                        for d in batch
                    ],
                ),
                *register_statements([d.source.sha256 for d in batch], batch),
            ]
        )
        batch.clear()

    for doc in generate(n):
        batch.append(doc)
        if len(batch) == chunk:
            flush()
    if batch:
        flush()
    return time.perf_counter() - t0


def _median(fn: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(RUNS):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def measure(n: int) -> dict[str, Any]:
    from vanban.register.graph import cites, edges, graph_json, missing
    from vanban.register.tasks import TaskQuery, register
    from vanban.store.sqlite import SQLiteStore

    work = Path(tempfile.mkdtemp(prefix="vanban-register-bench-"))
    try:
        store = SQLiteStore(work / "bench.sqlite", keys_fn=False)
        build_s = build(store, n)
        as_of = dt.date(2026, 6, 30)
        agency = _agency(7, False)
        q_agency, rows_agency = _median(lambda: register(store, TaskQuery(
            agency=agency, due_from=dt.date(2026, 1, 1), due_to=dt.date(2026, 12, 31), as_of=as_of)))  # fmt: skip
        q_overdue, rows_overdue = _median(lambda: register(store, TaskQuery(
            agency=agency, overdue=True, as_of=as_of)))  # fmt: skip
        q_cites, cited = _median(lambda: cites(store, f"{n // 2}/KH-UBND"))
        q_missing, absent = _median(lambda: missing(store))
        t0 = time.perf_counter()
        all_edges = edges(store)
        graph = graph_json(all_edges)
        graph_s = time.perf_counter() - t0
        store.close()
        return {
            "documents": n,
            "tasks": n * TASKS_PER_DOC,
            "edges": len(graph["edges"]),
            "build_s": build_s,
            "agency_query_s": q_agency,
            "agency_rows": len(rows_agency),
            "overdue_query_s": q_overdue,
            "overdue_rows": len(rows_overdue),
            "cites_s": q_cites,
            "cited_by": len(cited),
            "missing_s": q_missing,
            "missing": len(absent),
            "graph_s": graph_s,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(quick: bool = False) -> str:
    sizes = (2_000, 10_000) if quick else (10_000, 100_000)
    rows = [measure(n) for n in sizes]
    lines = [
        f"register and citation graph (generated plans: {TASKS_PER_DOC} tasks, "
        f"{CITES_PER_DOC} citations each; SQLite; queries: median of {RUNS}):",
        f"{'documents':>10} {'tasks':>8} {'edges':>8} {'build s':>8} {'s/1k':>6} "
        f"{'agency+due q s':>14} {'rows':>5} {'overdue q s':>11} {'cites s':>8} "
        f"{'missing s':>9} {'graph s':>8}",
    ]
    for r in rows:
        lines.append(
            f"{r['documents']:>10,} {r['tasks']:>8,} {r['edges']:>8,} {r['build_s']:>8.1f} "
            f"{1000 * r['build_s'] / r['documents']:>6.2f} {r['agency_query_s']:>14.3f} "
            f"{r['agency_rows']:>5} {r['overdue_query_s']:>11.3f} {r['cites_s']:>8.3f} "
            f"{r['missing_s']:>9.3f} {r['graph_s']:>8.1f}"
        )
    a, b = rows[0], rows[-1]
    scale = b["documents"] / a["documents"]
    lines.append(
        f"growth ×{scale:.0f} documents: build ×{b['build_s'] / a['build_s']:.1f}, graph export "
        f"×{b['graph_s'] / max(a['graph_s'], 1e-9):.1f} (linear ×{scale:.0f}); filtered register "
        f"query ×{b['agency_query_s'] / max(a['agency_query_s'], 1e-9):.1f}"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv))
