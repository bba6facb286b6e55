"""Prose-task accuracy (issue 12): tasks matched by content, then field by field.

Gold prose tasks are the gold file's ``tasks`` entries marked ``"source": "prose"``. A gold
task matches the unused extracted prose task whose content is closest (rapidfuzz ratio on
:func:`vanban.extract.hygiene.text_key`, at least :data:`MATCH_MIN`). Precision = matched /
extracted prose tasks, recall = matched / gold prose tasks (documents whose gold has prose
tasks only). On matched pairs, each field the gold states is compared leniently: ``no``,
``parent``, ``lead`` (over tasks whose gold names a lead: stated, headed or inherited),
``partners``, ``deadline`` and ``timeframe`` (the printed phrase).

>>> from vanban.models.document import Task
>>> got = [Task(no="I.1", content="Sở A chủ trì.", source="prose", lead=["Sở A"])]
>>> s = score_prose([{"no": "I.1", "content": "Sở A chủ trì.", "lead": ["Sở A"]}], got)
>>> (s.matched, s.gold, s.extracted, s.fields["lead"])
(1, 1, 1, [1, 1])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from bench.accuracy import lenient_equal
from vanban.extract.hygiene import squash_spaces, text_key
from vanban.models.document import Task

MATCH_MIN = 90.0
FIELDS = ("no", "parent", "lead", "partners", "deadline", "timeframe")


@dataclass
class ProseScore:
    """Counts for one or more documents; ``fields[name]`` = [right, compared]."""

    gold: int = 0
    extracted: int = 0
    matched: int = 0
    fields: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0] for f in FIELDS})
    misses: list[str] = field(default_factory=list)

    def add(self, other: ProseScore) -> None:
        self.gold += other.gold
        self.extracted += other.extracted
        self.matched += other.matched
        for k, (a, b) in other.fields.items():
            self.fields[k][0] += a
            self.fields[k][1] += b
        self.misses += other.misses


def _key(text: str) -> str:
    return text_key(squash_spaces(text))


def _value(task: Task, name: str) -> Any:
    if name in ("deadline", "timeframe"):
        tf = getattr(task, name)
        return tf.raw if tf else None
    return getattr(task, name)


def _same(expected: Any, got: Any) -> bool:
    if isinstance(expected, list):
        return lenient_equal(" ; ".join(expected), " ; ".join(got or [])) or (
            not expected and not got
        )
    return lenient_equal(expected, got)


def score_prose(gold: Sequence[dict[str, Any]], tasks: Sequence[Task]) -> ProseScore:
    """Match gold prose tasks to extracted ones by content and compare their fields."""
    prose = [t for t in tasks if t.source == "prose"]
    keys = [_key(t.content) for t in prose]
    out = ProseScore(gold=len(gold), extracted=len(prose))
    used: set[int] = set()
    for g in gold:
        want = _key(g["content"])
        best, best_score = None, 0.0
        for i, k in enumerate(keys):
            if i in used:
                continue
            score = fuzz.ratio(want, k)
            if score > best_score:
                best, best_score = i, score
        if best is None or best_score < MATCH_MIN:
            out.misses.append(f"not found: {g.get('no')} {g['content'][:50]!r}")
            continue
        used.add(best)
        out.matched += 1
        task = prose[best]
        for name in FIELDS:
            if name not in g or (name == "lead" and not g["lead"]):
                continue
            right = _same(g[name], _value(task, name))
            out.fields[name][0] += right
            out.fields[name][1] += 1
            if not right:
                out.misses.append(
                    f"{g.get('no')} {name}: expected {g[name]!r} got {_value(task, name)!r}"
                )
    return out


def format_prose(per_doc: Sequence[tuple[str, ProseScore]], *, max_misses: int = 4) -> str:
    """The prose-task table: precision, recall and per-field accuracy, then misses."""
    total = ProseScore()
    for _, s in per_doc:
        total.add(s)
    if not total.gold:
        return "prose tasks: no gold"
    p = total.matched / total.extracted if total.extracted else 0.0
    r = total.matched / total.gold
    lines = [
        f"prose tasks ({len(per_doc)} documents): gold {total.gold}, extracted "
        f"{total.extracted}, matched {total.matched}: precision {p:.3f}, recall {r:.3f}"
    ]
    for name, (right, n) in total.fields.items():
        share = f"{100.0 * right / n:.1f} %" if n else "-"
        lines.append(f"  {name:<10}{n:>5} compared  {share:>8} right")
    for name, s in per_doc:
        if s.misses:
            lines.append(f"- {name}: " + "; ".join(s.misses[:max_misses]))
    return "\n".join(lines)
