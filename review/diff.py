"""Semantic, field-level diff of two extracted documents (``vanban diff OLD NEW``).

Works on the JSON (plain dicts), so an old file written by an older extractor still
compares. What counts as a change:

* header values (``date``, ``title``, ``number.canonical`` …), compared after folding
  whitespace only (printed text is compared as printed);
* tasks, matched by content and number (a renumbered row is the same row with a new
  ``no``; a row whose wording changed is matched by its number and similar wording);
* citations (``legal_basis``, ``references``), matched by identity key (the cited
  number, else the law's name), so a changed date is a change *of* that citation;
* lists whose order means nothing (``issuers``, ``recipients``, ``lead``, ``partners``,
  ``focal_units``, ``outputs``, ``warnings``, and the order of tasks and citations),
  compared as sets.

Positions (``page``, ``pages``, ``bbox``, ``span``, ``table``, ``paragraph``, ``sources``) and OCR ``confidence`` never count;
``extractor_version`` and ``source`` are reported as *meta* and never count either.

>>> old = {"date": "2026-02-25", "issuers": ["Ban Tuyên giáo", "Ủy ban MTTQ"]}
>>> new = {"date": "2026-02-26", "issuers": ["Ủy ban MTTQ", "Ban Tuyên giáo"]}
>>> [(c.path, c.kind, c.old, c.new) for c in diff_documents(old, new).changes]
[('date', 'changed', '2026-02-25', '2026-02-26')]
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from rapidfuzz import fuzz

from vanban.extract.hygiene import text_key

ChangeKind = Literal["added", "removed", "changed"]
Record = dict[str, Any]

POSITION_KEYS = frozenset(
    {"page", "pages", "bbox", "span", "relation_span", "table", "paragraph", "confidence"}
)
"""Where a value was read and how sure the reading is, not what it is: never a change."""
META_KEYS = ("schema_version", "extractor_version", "source")
HEADER_SCALARS = ("doc_type", "doc_type_raw", "place", "date", "date_raw", "title")
STRING_SETS = ("issuers", "recipients")
TASK_SETS = ("lead", "partners", "focal_units", "outputs")
CITATION_LISTS = ("legal_basis", "references")
IGNORED_TOP = frozenset({"sources", "confidence"})
TASK_SAME_NO_SIMILARITY = 50.0
"""A row with the same number is the same row when its wording is at least this similar."""
TASK_FUZZY_SIMILARITY = 75.0
"""Otherwise, two rows are the same row when their wording is at least this similar."""


@dataclass(frozen=True)
class Change:
    """One difference: ``path`` names the field ("tasks[no=3].lead"), ``label`` the
    record in words (the task's first words, the citation's number)."""

    path: str
    kind: ChangeKind
    old: Any = None
    new: Any = None
    label: str | None = None

    @property
    def section(self) -> str:
        """The top-level field: 'tasks' for 'tasks[no=3].lead'."""
        for i, ch in enumerate(self.path):
            if ch in "[.":
                return self.path[:i]
        return self.path

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "kind": self.kind}
        if self.kind != "added":
            out["old"] = self.old
        if self.kind != "removed":
            out["new"] = self.new
        if self.label:
            out["label"] = self.label
        return out


@dataclass
class DocumentDiff:
    """All changes between two extractions; ``meta`` (versions, file) never counts."""

    changes: list[Change] = field(default_factory=list)
    meta: list[Change] = field(default_factory=list)
    old_name: str | None = None
    new_name: str | None = None

    @property
    def equal(self) -> bool:
        return not self.changes

    def summary(self) -> dict[str, int]:
        """Number of changes per top-level field: {'tasks': 3, 'legal_basis': 1}."""
        counts: dict[str, int] = {}
        for c in self.changes:
            counts[c.section] = counts.get(c.section, 0) + 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old_name,
            "new": self.new_name,
            "equal": self.equal,
            "summary": self.summary(),
            "changes": [c.to_dict() for c in self.changes],
            "meta": [c.to_dict() for c in self.meta],
        }


# --- value helpers -----------------------------------------------------------------


def norm_text(value: str) -> str:
    """Printed text with only whitespace and Unicode composition folded."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def _norm(value: Any) -> Any:
    """A JSON value with strings whitespace-folded and positions dropped, for equality."""
    if isinstance(value, str):
        return norm_text(value)
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items() if k not in POSITION_KEYS}
    if isinstance(value, list):
        return [_norm(v) for v in value]
    return value


def _same(a: Any, b: Any) -> bool:
    return bool(_norm(a) == _norm(b))


def _snippet(text: str | None, width: int = 60) -> str:
    text = norm_text(text or "")
    return text if len(text) <= width else text[: width - 1] + "…"


def _compare_record(
    old: Record, new: Record, path: str, label: str | None, set_fields: Iterable[str] = ()
) -> list[Change]:
    """Field by field; ``set_fields`` are lists of strings compared as sets."""
    out: list[Change] = []
    sets = set(set_fields)
    for key in _ordered_keys(old, new):
        if key in POSITION_KEYS:
            continue
        a, b = old.get(key), new.get(key)
        if key in sets:
            out.extend(_compare_string_set(a or [], b or [], f"{path}.{key}", label))
        elif isinstance(a, dict) and isinstance(b, dict):
            out.extend(_compare_record(a, b, f"{path}.{key}", label))
        elif not _same(a, b):
            out.append(_scalar_change(f"{path}.{key}", a, b, label))
    return out


def _ordered_keys(old: Record, new: Record) -> list[str]:
    keys = list(old)
    keys += [k for k in new if k not in old]
    return keys


def _scalar_change(path: str, a: Any, b: Any, label: str | None = None) -> Change:
    if a is None or a == [] or a == {}:
        return Change(path, "added", None, b, label)
    if b is None or b == [] or b == {}:
        return Change(path, "removed", a, None, label)
    return Change(path, "changed", a, b, label)


def _compare_string_set(
    old: list[str], new: list[str], path: str, label: str | None = None
) -> list[Change]:
    """Order does not matter; each item added or removed is one change."""
    old_keys = {norm_text(x): x for x in old if isinstance(x, str)}
    new_keys = {norm_text(x): x for x in new if isinstance(x, str)}
    out = [
        Change(path, "removed", v, None, label) for k, v in old_keys.items() if k not in new_keys
    ]
    out += [Change(path, "added", None, v, label) for k, v in new_keys.items() if k not in old_keys]
    return out


# --- matching ------------------------------------------------------------------------


def _pair_by_key(
    old: list[Record],
    new: list[Record],
    key: Callable[[Record], Any],
    pairs: list[tuple[int, int]],
    free_old: list[int],
    free_new: list[int],
) -> None:
    """Pair still-free records with equal (non-None) keys, in document order."""
    waiting: dict[Any, list[int]] = {}
    for i in free_old:
        k = key(old[i])
        if k is not None:
            waiting.setdefault(k, []).append(i)
    for j in list(free_new):
        k = key(new[j])
        if k is not None and waiting.get(k):
            i = waiting[k].pop(0)
            pairs.append((i, j))
            free_old.remove(i)
            free_new.remove(j)


def _pair_by_similarity(
    old: list[Record],
    new: list[Record],
    text: Callable[[Record], str],
    threshold: float,
    pairs: list[tuple[int, int]],
    free_old: list[int],
    free_new: list[int],
    gate: Callable[[Record, Record], bool] | None = None,
) -> None:
    """Greedy best-first pairing of free records whose texts are similar enough."""
    scored: list[tuple[float, int, int]] = []
    for i in free_old:
        for j in free_new:
            if gate is not None and not gate(old[i], new[j]):
                continue
            score = fuzz.ratio(text(old[i]), text(new[j]))
            if score >= threshold:
                scored.append((score, i, j))
    for _score, i, j in sorted(scored, key=lambda s: (-s[0], s[1], s[2])):
        if i in free_old and j in free_new:
            pairs.append((i, j))
            free_old.remove(i)
            free_new.remove(j)


@dataclass
class Matching:
    """Pairs of (old index, new index), plus the indexes left on each side."""

    pairs: list[tuple[int, int]]
    removed: list[int]
    added: list[int]


def _content_key(task: Record) -> str:
    return text_key(task.get("content") or "")


def _number_key(task: Record) -> tuple[str, str] | None:
    no = task.get("no")
    if not no:
        return None
    return (text_key(task.get("group") or ""), norm_text(str(no)))


def match_tasks(old: list[Record], new: list[Record]) -> Matching:
    """Same content and number; same content (renumbered); same number and similar
    content (reworded); similar content.

    >>> a = [{"no": "1", "content": "Tuyên truyền"}, {"no": "2", "content": "Kiểm tra"}]
    >>> b = [{"no": "1", "content": "Kiểm tra"}]
    >>> m = match_tasks(a, b); m.pairs, m.removed, m.added
    ([(1, 0)], [0], [])
    """
    pairs: list[tuple[int, int]] = []
    fo, fn = list(range(len(old))), list(range(len(new)))
    _pair_by_key(old, new, lambda t: (_content_key(t), _number_key(t)), pairs, fo, fn)
    _pair_by_key(old, new, lambda t: _content_key(t) or None, pairs, fo, fn)
    _pair_by_similarity(
        old,
        new,
        _content_key,
        TASK_SAME_NO_SIMILARITY,
        pairs,
        fo,
        fn,
        gate=lambda a, b: _number_key(a) is not None and _number_key(a) == _number_key(b),
    )
    _pair_by_similarity(old, new, _content_key, TASK_FUZZY_SIMILARITY, pairs, fo, fn)
    return Matching(sorted(pairs, key=lambda p: p[1]), fo, fn)


def citation_key(citation: Record) -> str | None:
    """Identity of a cited document: its number (folded), else the law's name.

    >>> citation_key({"number": "329-QĐ/TW", "date": "2025-06-13"})
    'number:329-qđ/tw'
    >>> citation_key({"name": "Luật Mặt trận Tổ quốc Việt Nam"})
    'name:luat mat tran to quoc viet nam'
    """
    number = citation.get("number")
    if number:
        folded = "".join(unicodedata.normalize("NFC", str(number)).split()).lower()
        return "number:" + folded.replace("ð", "đ")
    name = citation.get("name")
    if name:
        return "name:" + _ascii_key(name)
    return None


def _ascii_key(text: str) -> str:
    from vanban.extract.hygiene import strip_diacritics

    return " ".join(strip_diacritics(text).split())


def match_citations(old: list[Record], new: list[Record]) -> Matching:
    """By identity key, then by similar printed text (for citations without a number)."""
    pairs: list[tuple[int, int]] = []
    fo, fn = list(range(len(old))), list(range(len(new)))
    _pair_by_key(old, new, lambda c: (citation_key(c), _content_of(c)), pairs, fo, fn)
    _pair_by_key(old, new, citation_key, pairs, fo, fn)
    _pair_by_key(old, new, lambda c: text_key(c.get("raw") or "") or None, pairs, fo, fn)
    _pair_by_similarity(
        old,
        new,
        lambda c: text_key(c.get("raw") or ""),
        TASK_FUZZY_SIMILARITY,
        pairs,
        fo,
        fn,
        gate=lambda a, b: citation_key(a) is None or citation_key(b) is None,
    )
    return Matching(sorted(pairs, key=lambda p: p[1]), fo, fn)


def _content_of(citation: Record) -> str:
    return text_key(citation.get("raw") or "")


def signer_key(signer: Record) -> str | None:
    name = signer.get("name")
    if name:
        return "name:" + text_key(name)
    position = signer.get("position")
    return "position:" + text_key(position) if position else None


# --- labels --------------------------------------------------------------------------


def task_path(task: Record) -> str:
    """'tasks[no=3]' (with the group when there is one), else the first words."""
    no = task.get("no")
    if no:
        group = task.get("group")
        return f"tasks[no={no}]" if not group else f"tasks[group={_snippet(group, 20)},no={no}]"
    return f"tasks[{_snippet(task.get('content'), 40)!r}]"


def citation_label(citation: Record) -> str:
    return str(citation.get("number") or citation.get("name") or _snippet(citation.get("raw"), 40))


# --- the diff ------------------------------------------------------------------------


def _diff_records(
    section: str,
    old: list[Record],
    new: list[Record],
    matching: Matching,
    path_of: Callable[[Record], str],
    label_of: Callable[[Record], str],
    set_fields: Iterable[str] = (),
) -> list[Change]:
    out: list[Change] = []
    for i in matching.removed:
        out.append(Change(path_of(old[i]), "removed", _strip(old[i]), None, label_of(old[i])))
    for i, j in matching.pairs:
        out.extend(_compare_record(old[i], new[j], path_of(new[j]), label_of(new[j]), set_fields))
    for j in matching.added:
        out.append(Change(path_of(new[j]), "added", None, _strip(new[j]), label_of(new[j])))
    return out


def _strip(record: Record) -> Record:
    """A record without its positions, for display."""
    return {k: v for k, v in record.items() if k not in POSITION_KEYS and v not in (None, [], {})}


def _records(doc: Record, key: str) -> list[Record]:
    value = doc.get(key) or []
    return [r for r in value if isinstance(r, dict)]


def diff_documents(
    old: Record, new: Record, *, old_name: str | None = None, new_name: str | None = None
) -> DocumentDiff:
    """Every semantic change from ``old`` to ``new`` (two documents as JSON dicts)."""
    result = DocumentDiff(old_name=old_name, new_name=new_name)
    changes = result.changes
    for key in HEADER_SCALARS:
        if not _same(old.get(key), new.get(key)):
            changes.append(_scalar_change(key, old.get(key), new.get(key)))
    a_num, b_num = old.get("number"), new.get("number")
    if isinstance(a_num, dict) and isinstance(b_num, dict):
        changes.extend(_compare_record(a_num, b_num, "number", b_num.get("canonical")))
    elif not _same(a_num, b_num):
        changes.append(_scalar_change("number", a_num, b_num))
    for key in STRING_SETS:
        changes.extend(_compare_string_set(old.get(key) or [], new.get(key) or [], key))
    for key in CITATION_LISTS:
        a, b = _records(old, key), _records(new, key)
        changes.extend(
            _diff_records(
                key,
                a,
                b,
                match_citations(a, b),
                lambda c, key=key: f"{key}[{citation_label(c)}]",  # type: ignore[misc]
                citation_label,
            )
        )
    a, b = _records(old, "tasks"), _records(new, "tasks")
    changes.extend(
        _diff_records(
            "tasks",
            a,
            b,
            match_tasks(a, b),
            task_path,
            lambda t: _snippet(t.get("content"), 50),
            TASK_SETS,
        )
    )
    a, b = _records(old, "signers"), _records(new, "signers")
    fo, fn = list(range(len(a))), list(range(len(b)))
    pairs: list[tuple[int, int]] = []
    _pair_by_key(a, b, signer_key, pairs, fo, fn)
    changes.extend(
        _diff_records(
            "signers",
            a,
            b,
            Matching(pairs, fo, fn),
            lambda s: f"signers[{s.get('name') or s.get('position') or '?'}]",
            lambda s: str(s.get("name") or s.get("position") or ""),
        )
    )
    changes.extend(_diff_warnings(_records(old, "warnings"), _records(new, "warnings")))
    known = set(HEADER_SCALARS) | set(STRING_SETS) | set(CITATION_LISTS) | set(META_KEYS)
    known |= {"number", "tasks", "signers", "warnings"} | IGNORED_TOP
    for key in _ordered_keys(old, new):
        if key not in known and not _same(old.get(key), new.get(key)):
            changes.append(_scalar_change(key, old.get(key), new.get(key)))
    result.meta = _diff_meta(old, new)
    return result


def _warning_key(w: Record) -> tuple[str, str, str]:
    return (str(w.get("code")), str(w.get("field")), norm_text(str(w.get("message") or "")))


def _diff_warnings(old: list[Record], new: list[Record]) -> list[Change]:
    a = {_warning_key(w): w for w in old}
    b = {_warning_key(w): w for w in new}
    out = [
        Change("warnings", "removed", w, None, w.get("code")) for k, w in a.items() if k not in b
    ]
    out += [Change("warnings", "added", None, w, w.get("code")) for k, w in b.items() if k not in a]
    return out


def _diff_meta(old: Record, new: Record) -> list[Change]:
    out: list[Change] = []
    for key in ("schema_version", "extractor_version"):
        if old.get(key) != new.get(key):
            out.append(_scalar_change(key, old.get(key), new.get(key)))
    a, b = old.get("source") or {}, new.get("source") or {}
    if isinstance(a, dict) and isinstance(b, dict):
        for key in _ordered_keys(a, b):
            if a.get(key) != b.get(key):
                out.append(_scalar_change(f"source.{key}", a.get(key), b.get(key)))
    return out


# --- terminal output -----------------------------------------------------------------

_COLOURS = {"added": "\x1b[32m", "removed": "\x1b[31m", "changed": "\x1b[33m", "meta": "\x1b[2m"}
_RESET = "\x1b[0m"
_SIGNS = {"added": "+", "removed": "-", "changed": "~"}


def _show(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict) and "content" in value:
        return json.dumps(_snippet(value["content"], 70), ensure_ascii=False)
    if isinstance(value, dict) and "raw" in value:
        return json.dumps(_snippet(value["raw"], 70), ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def format_change(change: Change) -> str:
    """One line: '~ legal_basis[329-QĐ/TW].date: "2025-06-13" → "2025-06-14"'."""
    sign = _SIGNS[change.kind]
    head = f"{sign} {change.path}"
    if change.kind == "changed":
        return f"{head}: {_show(change.old)} → {_show(change.new)}"
    value = change.new if change.kind == "added" else change.old
    return f"{head}: {_show(value)}"


def format_text(diff: DocumentDiff, *, colour: bool = False) -> str:
    """The diff for a terminal: one line per change, meta lines dimmed, a summary last."""

    def paint(text: str, kind: str) -> str:
        return f"{_COLOURS[kind]}{text}{_RESET}" if colour else text

    lines: list[str] = []
    if diff.old_name or diff.new_name:
        lines.append(f"--- {diff.old_name or 'old'}\n+++ {diff.new_name or 'new'}")
    for c in diff.changes:
        line = format_change(c)
        if c.label and c.section == "tasks" and "[no=" in c.path and c.path.count(".") >= 1:
            line += f"   ({c.label})"
        lines.append(paint(line, c.kind))
    for c in diff.meta:
        lines.append(paint("  (meta) " + format_change(c)[2:], "meta"))
    if diff.equal:
        lines.append("no changes")
    else:
        parts = ", ".join(f"{k} {v}" for k, v in diff.summary().items())
        n = len(diff.changes)
        lines.append(f"{n} change{'s' if n != 1 else ''} ({parts})")
    return "\n".join(lines)
