"""The task tree's invariants on every bundled sample and every corpus document:
``id`` unique within a document, prose ``no`` unique, every ``parent`` an existing id at
a lower level, and no task's ``content`` holding a child's text."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS, SAMPLES

from vanban.models.document import Task
from vanban.pipeline import extract_document

READABLE = {".pdf", ".docx", ".doc", ".txt", ".md", ".html", ".htm"}


def _documents() -> list[Path]:
    found = [
        p
        for p in sorted([*SAMPLES.glob("seed*/*"), *SAMPLES.glob("cases/*")])
        if p.suffix in READABLE
    ]
    if CORPUS.exists():
        found += [
            p
            for p in sorted(CORPUS.rglob("*"))
            if p.suffix in READABLE and "derived_text" not in p.parts
        ]
    return found


def tree_problems(tasks: list[Task]) -> list[str]:
    """What breaks the tree's invariants (empty when none).

    >>> tree_problems([Task(id="I.1", no="I.1", content="a", source="prose"),
    ...                Task(id="I.1.1", no="I.1.1", parent="I.2", content="b", source="prose")])
    ["parent 'I.2' of 'I.1.1' is not a task"]
    """
    problems: list[str] = []
    ids = [t.id for t in tasks]
    if len(set(ids)) != len(ids) or "" in ids:
        problems.append(f"ids not unique or empty: {ids}")
    prose = [t.no for t in tasks if t.source == "prose"]
    if len(set(prose)) != len(prose):
        problems.append(f"prose numbers not unique: {prose}")
    by_id = {t.id: t for t in tasks}
    for t in tasks:
        if t.parent is None:
            if t.level != 1:
                problems.append(f"{t.id!r} has no parent but level {t.level}")
            continue
        parent = by_id.get(t.parent)
        if parent is None:
            problems.append(f"parent {t.parent!r} of {t.id!r} is not a task")
        elif parent.level != t.level - 1:
            problems.append(f"{t.id!r} at level {t.level} under level {parent.level}")
        elif _holds(parent.content, t.content):
            problems.append(f"the content of {t.parent!r} holds its child {t.id!r}")
    return problems


def _holds(parent: str, child: str) -> bool:
    """Whether a parent's text holds its child's: the child's whole text, when it is long
    enough not to be a mere prefix ("Tổ đảng ở Thường trực Hội đồng Dân tộc" as the start
    of a heading listing bodies), or at the parent's end."""
    child = child.strip()
    return bool(child) and ((len(child) >= 80 and child in parent) or parent.endswith(child))


def _params() -> list[object]:
    return [
        pytest.param(p, marks=[pytest.mark.corpus, pytest.mark.slow]) if CORPUS in p.parents else p
        for p in _documents()
    ]


@pytest.mark.parametrize("path", _params(), ids=lambda p: p.name)
def test_task_tree_invariants(path: Path) -> None:
    doc = extract_document(path)
    assert tree_problems(doc.tasks) == []


@pytest.mark.corpus
def test_plan_implements_the_resolution_its_title_and_preamble_cite() -> None:
    from conftest import corpus_file

    doc = extract_document(corpus_file("vnmasterplan/CTHD.md"))
    assert [(c.number, c.doc_type, c.date) for c in doc.implements] == [
        ("57-NQ/TW", "Nghị quyết", "2024-12-22")
    ]
    assert doc.implements[0].span is not None and doc.implements[0].page == 1


def test_a_joint_programme_implements_the_programme_its_preamble_names() -> None:
    path = SAMPLES / "seed002" / "seed002.docx"
    if not path.exists():
        pytest.skip("sample not built")
    doc = extract_document(path)
    assert [c.doc_type for c in doc.implements] == ["Chương trình phối hợp"]
    assert all(c.verb == "Thực hiện" for c in doc.implements)
