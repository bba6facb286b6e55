"""Findings from the citation graph (the register's rows in the store, migration 4).

* ``cites_replaced_document`` (warning): a document dated after X was replaced or
  repealed (by a document of the corpus that says so: "… thay thế Quyết định số X",
  "Bãi bỏ Thông tư số X", "Nghị định số X hết hiệu lực …") still cites X as a basis
  ("Căn cứ …"). A partial repeal ("bãi bỏ Điều 5 của …") is an amendment and does not
  count (``parsers/relations.py``).
* ``plan_deadline_after_source`` (warning): a task of an implementing plan is due after
  the deadline of the task it implements, when the implemented document is in the corpus
  and one of its tasks has that content (the two contents agree at
  :data:`SAME_TASK_SCORE` or more, rapidfuzz ``token_set_ratio`` on folded text).

Both read the store through queries (``RegisterSql.replaced_basis_rows``,
``implementing_pairs``, ``dated_tasks``); ``only`` restricts them to findings naming
one of a batch's documents.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

from rapidfuzz import fuzz

from vanban.checks.findings import Evidence, Finding, finding
from vanban.extract.hygiene import strip_diacritics
from vanban.models.document import Document

SAME_TASK_SCORE = 85.0
"""How alike two task contents must be (0–100) to be one task implemented by another."""
MIN_CONTENT_CHARS = 12
"""Shorter contents ("Tuyên truyền") match too much to be compared."""

Row = tuple[Any, ...]


class GraphStore(Protocol):
    def refresh_register(self, batch: int = ...) -> int: ...

    def replaced_basis_rows(self, only: Sequence[str] | None = None) -> list[Row]: ...

    def implementing_pairs(self, only: Sequence[str] | None = None) -> list[Row]: ...

    def dated_tasks(self, sha256: str) -> list[Row]: ...


def _span(a: Any, b: Any) -> tuple[int, int] | None:
    return (int(a), int(b)) if a is not None and b is not None else None


def replaced_basis_findings(
    store: GraphStore, only: Collection[str] | None = None
) -> list[Finding]:
    """``cites_replaced_document``: one finding per (citing document, cited identity)."""
    out: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for row in store.replaced_basis_rows(sorted(only) if only is not None else None):
        target, r_sha, r_file, r_date, relation, r_raw, r_page, r0, r1 = row[:9]
        c_sha, c_file, c_date, c_raw, c_page, c0, c1 = row[9:16]
        if only is not None and r_sha not in only and c_sha not in only:
            continue
        if (c_sha, target) in seen:
            continue
        seen.add((c_sha, target))
        verb = "replaced" if relation == "replaces" else "repealed"
        message = (
            f"{c_file} ({c_date}) cites as its basis a document that {r_file} ({r_date}) "
            f"{verb}: {c_raw[:120]}"
        )
        evidence = [
            Evidence(
                document=c_file, page=c_page, text=c_raw, role="legal_basis", span=_span(c0, c1)
            ),
            Evidence(
                document=r_file, page=r_page, text=r_raw, role="reference", span=_span(r0, r1)
            ),
        ]
        out.append(finding("cites_replaced_document", target, message, evidence))
    return out


def fold_content(text: str) -> str:
    """Case, tones and punctuation folded, for comparing two task contents."""
    return " ".join("".join(ch if ch.isalnum() else " " for ch in strip_diacritics(text)).split())


def plan_deadline_findings(store: GraphStore, only: Collection[str] | None = None) -> list[Finding]:
    """``plan_deadline_after_source``: one finding per plan task due after its source's."""
    out: list[Finding] = []
    done: set[tuple[str, str]] = set()
    pairs = store.implementing_pairs(sorted(only) if only is not None else None)
    for plan_sha, source_sha, target, _raw, _page in pairs:
        if (plan_sha, source_sha) in done:
            continue
        done.add((plan_sha, source_sha))
        if only is not None and plan_sha not in only and source_sha not in only:
            continue
        source_tasks = [
            (r, fold_content(r[4])) for r in store.dated_tasks(source_sha)
            if len(r[4]) >= MIN_CONTENT_CHARS
        ]  # fmt: skip
        if not source_tasks:
            continue
        for plan in store.dated_tasks(plan_sha):
            if len(plan[4]) < MIN_CONTENT_CHARS:
                continue
            folded = fold_content(plan[4])
            best = max(source_tasks, key=lambda s: fuzz.token_set_ratio(folded, s[1]))
            score = fuzz.token_set_ratio(folded, best[1])
            src = best[0]
            if score < SAME_TASK_SCORE or not plan[7] > src[7]:
                continue
            message = (
                f"task {plan[3] or plan[2]} of {plan[0]} is due {plan[7]} ({plan[6]}), after "
                f"the task it implements in {src[0]}, due {src[7]} ({src[6]})"
            )
            evidence = [
                Evidence(document=plan[0], page=plan[5], role="task",
                         text=f"{plan[3] or plan[2]}. {plan[4][:200]} — {plan[6]}"),
                Evidence(document=src[0], page=src[5], role="task",
                         text=f"{src[3] or src[2]}. {src[4][:200]} — {src[6]}"),
            ]  # fmt: skip
            out.append(finding("plan_deadline_after_source", target, message, evidence))
    return out


def graph_findings(store: GraphStore, only: Collection[str] | None = None) -> list[Finding]:
    """Both rules, the store's register rows refreshed first."""
    store.refresh_register()
    found = replaced_basis_findings(store, only) + plan_deadline_findings(store, only)
    found.sort(key=Finding.sort_key)
    return found


def has_graph(store: object) -> bool:
    """True for a store that holds the register's rows (SQLite, PostgreSQL)."""
    return all(
        hasattr(store, m) for m in ("replaced_basis_rows", "implementing_pairs", "dated_tasks")
    )


def graph_findings_of_documents(docs: Iterable[Document]) -> list[Finding]:
    """The graph's findings among ``docs`` (``vanban check`` over files), through an
    in-memory store holding their register rows."""
    from vanban.store.sqlite import SQLiteStore

    with SQLiteStore(Path(":memory:"), keys_fn=False) as store:
        for doc in docs:
            store.put(doc, original_name=doc.source.filename, archive_path="", extractor_version="")
        return graph_findings(store)
