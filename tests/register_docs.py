"""Planted documents for the register tests (both stores): a decree, its amendment, a
decision that replaces another, a later plan still based on the replaced one, and an
implementing plan with a task due after its source's."""

from __future__ import annotations

from pathlib import Path

from vanban.models.document import (
    Citation,
    DocNumber,
    Document,
    SourceInfo,
    Task,
    Timeframe,
)
from vanban.parsers.numbers import parse_number


def number(text: str) -> DocNumber:
    parsed = parse_number(text)
    assert parsed is not None, text
    return parsed


def doc(
    name: str,
    no: str | None,
    date: str | None,
    *,
    doc_type: str = "Quyết định",
    title: str | None = None,
    basis: list[Citation] | None = None,
    refs: list[Citation] | None = None,
    tasks: list[Task] | None = None,
    implements: list[Citation] | None = None,
) -> Document:
    src = SourceInfo(filename=name, sha256=name.encode().hex().ljust(64, "0")[:64],
                     format="txt", pages=1, ocr=False)  # fmt: skip
    return Document(
        extractor_version="t",
        source=src,
        doc_type=doc_type,
        number=number(no) if no else None,
        date=date,
        title=title,
        legal_basis=basis or [],
        references=refs or [],
        tasks=tasks or [],
        implements=implements or [],
    )


def cite(raw: str, no: str | None, relation: str, *, date: str | None = None,
         doc_type: str | None = None, page: int = 1) -> Citation:  # fmt: skip
    return Citation(raw=raw, number=no, relation=relation, date=date, doc_type=doc_type,
                    page=page, verb="Căn cứ" if relation == "basis" else None)  # fmt: skip


def tf(raw: str, start: str | None, end: str | None, recurrence: str | None = None) -> Timeframe:
    return Timeframe(raw=raw, start=start, end=end, recurrence=recurrence)  # type: ignore[arg-type]


def corpus() -> list[Document]:
    """Seven documents with every relation, two planted findings and clean neighbours."""
    decree = doc("nd75.txt", "75/2021/NĐ-CP", "2021-07-24", doc_type="Nghị định")
    amending = doc(
        "nd55.txt", "55/2023/NĐ-CP", "2023-07-21", doc_type="Nghị định",
        refs=[cite("Nghị định số 75/2021/NĐ-CP", "75/2021/NĐ-CP", "amends")],
    )  # fmt: skip
    old = doc("qd10.txt", "10/2020/QĐ-UBND", "2020-03-01")
    replacing = doc(
        "qd20.txt", "20/2024/QĐ-UBND", "2024-05-01",
        refs=[cite("Quyết định số 10/2020/QĐ-UBND", "10/2020/QĐ-UBND", "replaces")],
    )  # fmt: skip
    stale_plan = doc(
        "kh30.txt", "30/KH-UBND", "2025-01-10", doc_type="Kế hoạch",
        basis=[cite("Quyết định số 10/2020/QĐ-UBND", "10/2020/QĐ-UBND", "basis")],
    )  # fmt: skip
    early_plan = doc(  # based on it before it was replaced: no finding
        "kh05.txt", "5/KH-UBND", "2023-02-01", doc_type="Kế hoạch",
        basis=[cite("Quyết định số 10/2020/QĐ-UBND", "10/2020/QĐ-UBND", "basis")],
    )  # fmt: skip
    programme = doc(
        "ctr15.txt", "15-CTr/TU", "2026-01-05", doc_type="Chương trình",
        tasks=[
            Task(id="1", no="1", content="Tổ chức tuyên truyền, phổ biến Nghị quyết đến cán bộ, đảng viên",
                 lead=["Ban Tuyên giáo và Dân vận Tỉnh ủy"], partners=["Ủy ban MTTQ Việt Nam tỉnh"],
                 timeframe=tf("Quý I/2026", "2026-01-01", "2026-03-31")),
            Task(id="2", no="2", content="Sơ kết việc thực hiện Chương trình",
                 lead=["Văn phòng Tỉnh ủy"], timeframe=tf("Tháng 12/2026", "2026-12-01", "2026-12-31")),
        ],
    )  # fmt: skip
    plan = doc(
        "kh40.txt", "40-KH/BTGDVTU", "2026-02-01", doc_type="Kế hoạch",
        implements=[cite("Chương trình số 15-CTr/TU", "15-CTr/TU", "implements")],
        tasks=[
            Task(id="1", no="1", content="Tổ chức tuyên truyền, phổ biến Nghị quyết đến cán bộ, đảng viên",
                 lead=["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"],
                 timeframe=tf("Quý II/2026", "2026-04-01", "2026-06-30")),
            Task(id="2", no="2", content="Báo cáo kết quả hằng quý", lead=["UBMTTQ VN tỉnh"],
                 timeframe=tf("Hằng quý", None, None, "quarterly")),
            Task(id="3", no="3", content="Sơ kết việc thực hiện Chương trình", lead=["Sở Nội vụ"],
                 timeframe=tf("Tháng 11/2026", "2026-11-01", "2026-11-30")),
            Task(id="4", no="4", content="Tổng kết", lead=["Sở Nội vụ"]),
        ],
    )  # fmt: skip
    return [decree, amending, old, replacing, stale_plan, early_plan, programme, plan]


def write_output_folder(folder: Path) -> None:
    """An output folder as ``vanban run`` leaves it: ``json/`` and the store, holding
    :func:`corpus` (no archived sources)."""
    from vanban.store.sqlite import SQLiteStore

    (folder / "json").mkdir(parents=True)
    with SQLiteStore(folder / "vanban.sqlite") as store:
        for d in corpus():
            (folder / "json" / f"{d.source.filename}.json").write_text(
                d.model_dump_json(), encoding="utf-8"
            )
            store.put(d, original_name=d.source.filename, archive_path="", extractor_version="t")
