"""Task-table cells of a scanned document against the gold's ``task_cells`` (issue 11).

The gold (``samples/scans/*.json``, read from the page images) lists every task row of
one table as printed: ``{"page": 4, "columns": [...], "fields": [...], "rows": [{"no":
"1.", "content": "…", "lead": ["…"], "partners": [...], "deadline": "…"}, ...]}``. Each
row × field is one cell:

* **exact**: the text equals the gold after whitespace is squashed (NFC, diacritics and
  punctuation kept); a list field (lead, partners, outputs, focal_units) equals the gold
  as a multiset of bodies;
* **lenient**: rapidfuzz ``ratio`` ≥ 95 after the same squashing; a list field must have
  as many bodies as the gold, each paired with a distinct one at ≥ 95.

Gold rows are matched to the document's table tasks of the table found on the gold's
page: by ``no`` when it is unique in the gold and among the tasks, rows sharing a ``no``
(a merged Stt cell) in order among those tasks, and what is left by position.

>>> is_exact(["Sở Y tế", "Sở Tài chính"], ["Sở Tài chính", "Sở  Y tế"])
True
>>> want, got = "Rà soát danh sách sinh viên được chọn", "Rà soát danh sách sinh viên đươc chọn"
>>> is_exact(want, got), is_lenient(want, got)
(False, True)
"""

from __future__ import annotations

import argparse
import json
import pickle
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz.fuzz import ratio

from vanban.extract.hygiene import squash_spaces
from vanban.models.document import Document, Task

LIST_FIELDS = frozenset({"lead", "partners", "outputs", "focal_units"})
TIME_FIELDS = frozenset({"deadline", "timeframe"})
LENIENT = 95.0
TARGET = 90
Value = str | list[str] | None


def squash(text: str | None) -> str:
    """Whitespace runs → one space, NFC; nothing else changes.

    >>> squash(" Bộ  Tài\\nchính ")
    'Bộ Tài chính'
    """
    return unicodedata.normalize("NFC", squash_spaces(text or ""))


def cell_value(task: Task, name: str) -> Value:
    """What the task holds for one gold field ("extra:<header>" reads ``extra``)."""
    if name.startswith("extra:"):
        return task.extra.get(name.removeprefix("extra:"))
    if name in LIST_FIELDS:
        return list(getattr(task, name))
    if name in TIME_FIELDS:
        tf = getattr(task, name)
        return tf.raw if tf is not None else None
    value = getattr(task, name)
    return value if isinstance(value, str) or value is None else str(value)


def _items(value: Value) -> list[str]:
    if value is None:
        return []
    return [squash(v) for v in ([value] if isinstance(value, str) else value) if squash(v)]


def similarity(want: Value, got: Value) -> float:
    """0–100: texts compared whole, lists as their sorted bodies joined by "; "."""
    a, b = "; ".join(sorted(_items(want))), "; ".join(sorted(_items(got)))
    if not a and not b:
        return 100.0
    return float(ratio(a, b))


def is_exact(want: Value, got: Value) -> bool:
    return Counter(_items(want)) == Counter(_items(got))


def is_lenient(want: Value, got: Value) -> bool:
    """Each gold body paired with a distinct body read at ≥ 95, none left over."""
    wants, gots = _items(want), _items(got)
    if len(wants) != len(gots):
        return False
    left = list(gots)
    for w in wants:
        best = max(left, key=lambda g: ratio(w, g))
        if ratio(w, best) < LENIENT:
            return False
        left.remove(best)
    return True


@dataclass(frozen=True)
class CellResult:
    """One gold cell: its row (0-based, gold order), field, the gold and what was read."""

    row: int
    field: str
    want: Value
    got: Value
    exact: bool
    lenient: bool
    similarity: float


@dataclass
class CellScore:
    """Every gold cell of one document, and how many gold rows found a task."""

    name: str = ""
    cells: list[CellResult] = field(default_factory=list)
    rows: int = 0
    rows_matched: int = 0

    @property
    def total(self) -> int:
        return len(self.cells)

    @property
    def exact(self) -> int:
        return sum(c.exact for c in self.cells)

    @property
    def lenient(self) -> int:
        return sum(c.lenient for c in self.cells)

    def worst(self, n: int = 5) -> list[CellResult]:
        """The ``n`` least similar cells that are not exact."""
        wrong = [c for c in self.cells if not c.exact]
        return sorted(wrong, key=lambda c: (c.similarity, c.row))[:n]

    def per_field(self) -> dict[str, tuple[int, int]]:
        """Field → (exact, total)."""
        out: dict[str, tuple[int, int]] = {}
        for c in self.cells:
            e, t = out.get(c.field, (0, 0))
            out[c.field] = (e + c.exact, t + 1)
        return out


def _table_tasks(gold: dict[str, Any], doc: Document) -> list[Task]:
    """The table tasks of the (stitched) table that has the most tasks on the gold's page."""
    page = gold.get("page")
    tasks = [t for t in doc.tasks if t.source == "table"]
    on_page = Counter(t.table for t in tasks if page is None or page in (t.pages or [t.page or 0]))
    if not on_page:
        return []
    table = on_page.most_common(1)[0][0]
    return [t for t in tasks if t.table == table]


def match_rows(rows: list[dict[str, Any]], tasks: list[Task]) -> list[Task | None]:
    """Gold row → task: by unique ``no``, then rows of one ``no`` in order, then the first
    free task between the tasks of its matched neighbours.

    >>> ts = [Task(no=n, content=c) for n, c in (("1", "a"), ("2", "b"), ("2", "c"), ("|", "d"))]
    >>> rows = [{"no": "1"}, {"no": "2"}, {"no": "2"}, {"no": "3"}]
    >>> [t.content if t else None for t in match_rows(rows, ts)]
    ['a', 'b', 'c', 'd']
    """
    out: list[Task | None] = [None] * len(rows)
    taken: set[int] = set()
    gold_nos = Counter(squash(r.get("no")) for r in rows)
    by_no: dict[str, list[int]] = {}
    for k, t in enumerate(tasks):
        by_no.setdefault(squash(t.no), []).append(k)
    seen: Counter[str] = Counter()
    for i, r in enumerate(rows):
        no = squash(r.get("no"))
        if not no:
            continue
        candidates = by_no.get(no, [])
        if gold_nos[no] == 1 and len(candidates) == 1:
            k = candidates[0]
        elif gold_nos[no] > 1 and len(candidates) == gold_nos[no]:
            k = candidates[seen[no]]
        else:
            continue
        seen[no] += 1
        out[i] = tasks[k]
        taken.add(k)
    index = {id(t): k for k, t in enumerate(tasks)}
    for i in range(len(rows)):
        if out[i] is not None:
            continue
        before = [index[id(t)] for t in out[:i] if t is not None]
        after = [index[id(t)] for t in out[i + 1 :] if t is not None]
        lo, hi = (max(before) + 1 if before else 0), (min(after) if after else len(tasks))
        free = [k for k in range(lo, hi) if k not in taken]
        if free:
            out[i] = tasks[free[0]]
            taken.add(free[0])
    return out


def score_cells(gold: dict[str, Any], doc: Document, name: str = "") -> CellScore:
    """Every cell of ``gold`` (a ``task_cells`` entry) against ``doc``'s table tasks."""
    rows: list[dict[str, Any]] = gold["rows"]
    matched = match_rows(rows, _table_tasks(gold, doc))
    score = CellScore(name=name, rows=len(rows), rows_matched=sum(t is not None for t in matched))
    for i, (row, task) in enumerate(zip(rows, matched, strict=True)):
        for key, want in row.items():
            got = cell_value(task, key) if task is not None else None
            score.cells.append(
                CellResult(
                    row=i,
                    field=key,
                    want=want,
                    got=got,
                    exact=task is not None and is_exact(want, got),
                    lenient=task is not None and is_lenient(want, got),
                    similarity=similarity(want, got) if task is not None else 0.0,
                )
            )
    return score


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:.0f}%" if d else "—"


def report(scores: list[CellScore], *, worst: int = 4) -> list[str]:
    """Bench lines: per document exact and lenient against the target, the worst cells, a total."""
    lines = []
    for s in scores:
        fields = ", ".join(f"{k} {e}/{t}" for k, (e, t) in s.per_field().items())
        lines.append(
            f"{s.name}: cells exact {s.exact}/{s.total} ({_pct(s.exact, s.total)}), lenient "
            f"{s.lenient}/{s.total} ({_pct(s.lenient, s.total)}), target ≥ {TARGET}; rows "
            f"matched {s.rows_matched}/{s.rows}; {fields}"
        )
        for c in s.worst(worst):
            lines.append(
                f"    row {c.row + 1} {c.field} ({c.similarity:.0f}): want {_show(c.want)} "
                f"got {_show(c.got)}"
            )
    if len(scores) > 1:
        e, le = sum(s.exact for s in scores), sum(s.lenient for s in scores)
        t = sum(s.total for s in scores)
        lines.append(
            f"task cells, {len(scores)} documents: exact {e}/{t} ({_pct(e, t)}), lenient "
            f"{le}/{t} ({_pct(le, t)}), target ≥ {TARGET}"
        )
    return lines


def _show(value: Value, limit: int = 90) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def main(argv: list[str] | None = None) -> None:
    """``python -m bench.table_cells [--cache DIR]``: the cells of every gold with task_cells.

    With ``--cache`` the OCRed layout of each document is pickled there on the first run
    and re-parsed from it afterwards (parser work without OCR).
    """
    from bench.ocr_bench import document_of, load_scans, read_scan

    parser = argparse.ArgumentParser(prog="python -m bench.table_cells")
    parser.add_argument("--cache", type=Path, help="folder for pickled OCR layouts")
    args = parser.parse_args(argv)
    scores = []
    for g in load_scans(quick=False):
        if "task_cells" not in g:
            continue
        cached = args.cache / f"{g['_name']}.pkl" if args.cache else None
        if cached is not None and cached.exists():
            layout = pickle.loads(cached.read_bytes())
        else:
            layout = read_scan(g["_path"], None)
            if cached is not None:
                cached.parent.mkdir(parents=True, exist_ok=True)
                cached.write_bytes(pickle.dumps(layout))
        scores.append(score_cells(g["task_cells"], document_of(layout, g["_path"]), g["_name"]))
    print("\n".join(report(scores, worst=8)))


if __name__ == "__main__":
    main()
