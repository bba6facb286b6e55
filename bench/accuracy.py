"""Field-by-field accuracy of extracted Documents against gold files.

Each gold field present is compared two ways:

* **strict**: equal after Unicode NFC (``None`` only equals ``None``);
* **lenient**: equal after ``vanban.extract.hygiene.text_key`` (case, tone placement, Đ/Ð,
  spacing and punctuation folded), or for long text (≥ 60 characters) a rapidfuzz
  ratio ≥ 95 on those keys. Lists compare item by item (strict) and as one joined key
  (lenient, so a cell split differently still passes lenient).

Lists of records are matched in order: citations by position, signers by position,
tasks by ``no`` (first unused task with the same number) and, for gold tasks without
``no``, the next unused task after the previous match. Every compared value is one
:class:`FieldResult` named like ``"number"``, ``"legal_basis.date"``, ``"tasks.lead"``.

>>> from vanban.models.document import Document, SourceInfo
>>> doc = Document(extractor_version="t", title="Về  công tác văn thư",
...     source=SourceInfo(filename="x", sha256="0", format="txt", pages=1, ocr=False))
>>> [(r.field, r.strict, r.lenient) for r in score_document(doc, {"title": "Về công tác văn thư"})]
[('title', False, True)]
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from vanban.extract.hygiene import squash_spaces, text_key
from vanban.models.document import Citation, Document, Signer, SourceInfo, Task

LONG_TEXT = 60
FUZZY_MIN = 95.0
SCALAR_FIELDS = ("doc_type", "number", "date", "place", "title")
LIST_FIELDS = ("issuers", "recipients")
COUNT_FIELDS = ("legal_basis_count", "tasks_count", "table_tasks_count")
TASK_LIST_KEYS = ("lead", "partners", "focal_units", "outputs")
TASK_TEXT_KEYS = ("content", "group")
TASK_TIME_KEYS = ("timeframe", "deadline")
CITATION_KEYS = (
    "doc_type",
    "number",
    "date",
    "issuer",
    "issuers",
    "issuer_abbreviation",
    "subject",
    "name",
    "year",
)
SIGNER_KEYS = ("name", "position", "authority")


@dataclass(frozen=True)
class FieldResult:
    """One compared value: the field, both verdicts, and what was expected and found."""

    field: str
    strict: bool
    lenient: bool
    expected: Any
    got: Any
    where: str = ""


@dataclass
class DocScore:
    """All results for one document (``error`` when extraction itself failed)."""

    name: str
    results: list[FieldResult] = field(default_factory=list)
    error: str | None = None

    def failures(self, *, lenient: bool = False) -> list[FieldResult]:
        return [r for r in self.results if not (r.lenient if lenient else r.strict)]


def nfc(value: Any) -> Any:
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def lenient_equal(expected: Any, got: Any) -> bool:
    """Equal keys (text_key, whitespace folded) or, for long text, fuzzy ratio ≥ 95.

    >>> lenient_equal("Ủy ban MTTQ  Việt Nam tỉnh", "Uỷ ban MTTQ Việt Nam tỉnh")
    True
    >>> lenient_equal("2026-02-13", "2026-02-14")
    False
    """
    if expected is None or got is None:
        return expected is None and got is None
    if not isinstance(expected, str) or not isinstance(got, str):
        return bool(expected == got)
    a, b = text_key(squash_spaces(expected)), text_key(squash_spaces(got))
    if a == b:
        return True
    if max(len(a), len(b)) >= LONG_TEXT:
        return fuzz.ratio(a, b) >= FUZZY_MIN
    return False


def compare(name: str, expected: Any, got: Any, where: str = "") -> FieldResult:
    """Compare one value (string, number, None or list of strings)."""
    if isinstance(expected, list):
        got_list = list(got or [])
        strict = [nfc(x) for x in expected] == [nfc(x) for x in got_list]
        lenient = lenient_equal(" ; ".join(map(str, expected)), " ; ".join(map(str, got_list)))
        return FieldResult(name, strict, strict or lenient, expected, got_list, where)
    strict = nfc(expected) == nfc(got)
    return FieldResult(name, strict, strict or lenient_equal(expected, got), expected, got, where)


def _scalar(doc: Document, key: str) -> Any:
    if key == "number":
        return doc.number.canonical if doc.number else None
    return getattr(doc, key)


def _counts(doc: Document) -> dict[str, int]:
    return {
        "legal_basis_count": len(doc.legal_basis),
        "tasks_count": len(doc.tasks),
        "table_tasks_count": sum(1 for t in doc.tasks if t.source == "table"),
    }


def _citation_value(c: Citation | None, key: str) -> Any:
    return None if c is None else getattr(c, key)


def _norm_no(no: Any) -> str:
    return "".join(str(no).split()).rstrip(".)").upper() if no is not None else ""


def match_tasks(gold: Sequence[dict[str, Any]], tasks: Sequence[Task]) -> list[Task | None]:
    """Gold task → extracted task: by ``no`` (in order of appearance), else by position.

    >>> t = [Task(no="1", content="a"), Task(no="2", content="b"), Task(no="2", content="c")]
    >>> [m.content if m else None for m in match_tasks([{"no": "2"}, {"no": "2."}, {}], t)]
    ['b', 'c', None]
    """
    used: set[int] = set()
    by_no: dict[str, list[int]] = defaultdict(list)
    for i, t in enumerate(tasks):
        by_no[_norm_no(t.no)].append(i)
    out: list[Task | None] = []
    last = -1
    for g in gold:
        pick: int | None = None
        if g.get("no") is not None:
            pick = next((i for i in by_no.get(_norm_no(g["no"]), []) if i not in used), None)
        else:
            pick = next((i for i in range(last + 1, len(tasks)) if i not in used), None)
        if pick is not None:
            used.add(pick)
            last = pick
        out.append(tasks[pick] if pick is not None else None)
    return out


def _task_results(gold: list[dict[str, Any]], tasks: Sequence[Task]) -> Iterable[FieldResult]:
    for g, t in zip(gold, match_tasks(gold, tasks), strict=True):
        where = f"task {g.get('no', '?')}"
        if "no" in g:
            yield compare("tasks.no", _norm_no(g["no"]), _norm_no(t.no) if t else None, where)
        for key in TASK_TEXT_KEYS:
            if key in g:
                yield compare(f"tasks.{key}", g[key], getattr(t, key) if t else None, where)
        for key in TASK_TIME_KEYS:
            if key in g:
                tf = getattr(t, key) if t else None
                yield compare(f"tasks.{key}", g[key], tf.raw if tf else None, where)
        for key in TASK_LIST_KEYS:
            if key in g:
                yield compare(f"tasks.{key}", g[key], getattr(t, key) if t else None, where)
        if "pages" in g:
            got = t.pages or ([t.page] if t.page else []) if t else None
            yield compare("tasks.pages", g["pages"], got, where)


def _record_results(
    prefix: str, gold: list[dict[str, Any]], got: Sequence[Citation | Signer], keys: Sequence[str]
) -> Iterable[FieldResult]:
    for i, g in enumerate(gold):
        rec = got[i] if i < len(got) else None
        for key in keys:
            if key in g:
                value = None if rec is None else getattr(rec, key)
                yield compare(f"{prefix}.{key}", g[key], value, f"{prefix} #{i + 1}")


def score_document(doc: Document, gold: dict[str, Any]) -> list[FieldResult]:
    """Every gold field present, compared with the document."""
    out: list[FieldResult] = []
    for key in SCALAR_FIELDS:
        if key in gold:
            out.append(compare(key, gold[key], _scalar(doc, key)))
    for key in LIST_FIELDS:
        if key in gold:
            out.append(compare(key, gold[key], getattr(doc, key)))
    counts = _counts(doc)
    for key in COUNT_FIELDS:
        if key in gold:
            out.append(compare(key, gold[key], counts[key]))
    if "legal_basis" in gold:
        out += _record_results("legal_basis", gold["legal_basis"], doc.legal_basis, CITATION_KEYS)
    if "references_min" in gold:
        have = {nfc(c.number) for c in doc.references if c.number}
        for number in gold["references_min"]:
            found = nfc(number) in have
            out.append(FieldResult("references_min", found, found, number, found))
    if "tasks" in gold:
        out += _task_results(gold["tasks"], doc.tasks)
    if "signers" in gold:
        out += _record_results("signers", gold["signers"], doc.signers, SIGNER_KEYS)
    if "warnings_codes" in gold:
        codes = {w.code for w in doc.warnings}
        for code in gold["warnings_codes"]:
            found = code in codes
            out.append(FieldResult("warnings_codes", found, found, code, sorted(codes)))
    return out


def failed_extraction(gold: dict[str, Any], error: str) -> list[FieldResult]:
    """Results for a document the pipeline could not read: every gold field fails."""
    empty = Document(
        extractor_version="none",
        source=SourceInfo(filename="", sha256="", format="txt", pages=0, ocr=False),
    )
    return [
        FieldResult(r.field, False, False, r.expected, f"error: {error}", r.where)
        for r in score_document(empty, gold)
    ]


def is_asserted(result: FieldResult, asserted: Iterable[str]) -> bool:
    """True when the gold's ``asserted`` list names the field or a parent of it.

    >>> is_asserted(FieldResult("tasks.lead", True, True, [], []), ["tasks"])
    True
    >>> is_asserted(FieldResult("legal_basis.doc_type", True, True, "", ""), ["legal_basis.date"])
    False
    """
    return any(result.field == a or result.field.startswith(a + ".") for a in asserted)


@dataclass(frozen=True)
class FieldSummary:
    field: str
    n: int
    strict: float
    lenient: float


def summarize(scores: Iterable[DocScore]) -> list[FieldSummary]:
    """Per field over all documents: n, strict %, lenient %."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for score in scores:
        for r in score.results:
            t = tally[r.field]
            t[0] += 1
            t[1] += r.strict
            t[2] += r.lenient
    return [
        FieldSummary(name, n, 100.0 * s / n, 100.0 * le / n)
        for name, (n, s, le) in sorted(tally.items())
    ]


def _short(value: Any, width: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def format_report(scores: Sequence[DocScore], *, max_failures: int = 6) -> str:
    """The accuracy table, overall totals and a brief list of failures per document."""
    lines = [f"{'field':<24}{'n':>6}{'strict %':>10}{'lenient %':>11}"]
    rows = summarize(scores)
    for s in rows:
        lines.append(f"{s.field:<24}{s.n:>6}{s.strict:>10.1f}{s.lenient:>11.1f}")
    total = sum(s.n for s in rows)
    if total:
        strict = sum(s.strict * s.n for s in rows) / total
        lenient = sum(s.lenient * s.n for s in rows) / total
        lines.append(f"{'ALL':<24}{total:>6}{strict:>10.1f}{lenient:>11.1f}")
    lines.append("")
    for score in scores:
        if score.error:
            lines.append(f"- {score.name}: extraction failed: {score.error}")
            continue
        bad = score.failures()
        if not bad:
            lines.append(f"- {score.name}: all {len(score.results)} fields strict")
            continue
        lines.append(f"- {score.name}: {len(bad)}/{len(score.results)} fields not strict")
        for r in bad[:max_failures]:
            mark = "~" if r.lenient else "x"
            at = f" [{r.where}]" if r.where else ""
            lines.append(
                f"    {mark} {r.field}{at}: expected {_short(r.expected)} got {_short(r.got)}"
            )
        if len(bad) > max_failures:
            lines.append(f"    … {len(bad) - max_failures} more")
    return "\n".join(lines)
