"""Agreement inside a document: mentions of one cited document vote on an unsure reading.

A scan cites the same document several times (77.2024 cites "75/2021/NĐ-CP ngày 24
tháng 7 năm 2021 … quy định mức hưởng trợ cấp …" five times; 47-cp cites "72/2015/NĐ-CP
ngày 07/9/2015" twice). When one mention disagrees with the others on a field read by
OCR unsure (confidence below :data:`vanban.parsers.confidence.UNSURE_BELOW`, not
confirmed by the verification re-reads, which have already read every unsure digit
again), the majority wins: the canonical value (``number``, ``date``) follows it, the
printed reading stays in ``raw``, ``number_raw``, ``date_raw``, and the document gets an
``ocr_reading_outvoted`` warning naming both readings. Without a strict majority nothing
changes (the checks then report the disagreement as ``needs_review``).

Mentions name one document when they print the same number (a date vote), or the same
date, type and issuer codes and a subject that matches (a number vote).

>>> from vanban.models.document import Citation, FieldConfidence as F
>>> def cite(number, conf):
...     return Citation(raw=f"Nghị định số {number} ngày 24/7/2021 của Chính phủ quy định mức hưởng trợ cấp",
...                     number=number, number_raw=number, type_code="NĐ", issuer_code="CP", year=2021,
...                     date="2021-07-24", subject="quy định mức hưởng trợ cấp, phụ cấp",
...                     confidence={"number": F(confidence=conf)})
>>> cites = [cite("75/2021/NĐ-CP", 0.97), cite("73/2021/NĐ-CP", 0.73), cite("75/2021/NĐ-CP", 0.96)]
>>> warnings = outvote(cites, "references")
>>> [c.number for c in cites], cites[1].number_raw, warnings[0].code
(['75/2021/NĐ-CP', '75/2021/NĐ-CP', '75/2021/NĐ-CP'], '73/2021/NĐ-CP', 'ocr_reading_outvoted')
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Sequence

from rapidfuzz import fuzz

from vanban.extract.hygiene import strip_diacritics
from vanban.models.document import Citation, Warning
from vanban.parsers.confidence import UNSURE_BELOW

SUBJECT_MATCH = 90
"""Subjects at least this similar (rapidfuzz ratio, folded) name one document."""


def _unsure(c: Citation, field: str) -> bool:
    fc = c.confidence.get(field)
    return fc is not None and fc.confidence < UNSURE_BELOW


def _fold(text: str | None) -> str:
    return " ".join(strip_diacritics(text or "").lower().split())


def _groups(
    cites: Sequence[tuple[str, Citation]], key: Callable[[Citation], Hashable | None]
) -> list[list[tuple[str, Citation]]]:
    by: dict[Hashable, list[tuple[str, Citation]]] = {}
    for path, c in cites:
        k = key(c)
        if k is not None:
            by.setdefault(k, []).append((path, c))
    return [g for g in by.values() if len(g) >= 2]


def _vote(
    group: list[tuple[str, Citation]],
    field: str,
    value: Callable[[Citation], str | None],
    apply: Callable[[Citation, Citation], None],
) -> list[Warning]:
    counts = Counter(v for _, c in group if (v := value(c)) is not None)
    if len(counts) < 2:
        return []
    (top, n), (_, second) = counts.most_common(2)
    sure_top = [c for _, c in group if value(c) == top and not _unsure(c, field)]
    if n <= second or not sure_top:
        return []
    out: list[Warning] = []
    for path, c in group:
        read = value(c)
        if read is None or read == top or not _unsure(c, field):
            continue
        apply(c, sure_top[0])
        out.append(
            Warning(
                code="ocr_reading_outvoted",
                page=c.page,
                field=f"{path}.{field}",
                message=f"OCR read {read!r} (confidence {c.confidence[field].confidence:.2f}); "
                f"{n} other mentions of the document read {top!r}: {field} follows them, "
                "the reading is kept in the raw text",
            )
        )
    return out


def _same_subject(group: list[tuple[str, Citation]]) -> list[tuple[str, Citation]]:
    """The mentions whose subjects match the commonest number's first subject."""
    first = _fold(group[0][1].subject)
    return [
        (p, c) for p, c in group if first and fuzz.ratio(_fold(c.subject), first) >= SUBJECT_MATCH
    ]


def _take_number(c: Citation, model: Citation) -> None:
    c.number, c.type_code, c.issuer_code, c.year = (
        model.number,
        model.type_code,
        model.issuer_code,
        model.year,
    )


def _take_date(c: Citation, model: Citation) -> None:
    c.date = model.date


def outvote(cites: Sequence[Citation], path: str) -> list[Warning]:
    """Vote on unsure numbers and dates among ``cites`` (``path`` names them in warnings:
    "references" → "references[3].number"), in place; the warnings."""
    named = [(f"{path}[{i}]", c) for i, c in enumerate(cites)]
    return outvote_named(named)


def outvote_named(named: Sequence[tuple[str, Citation]]) -> list[Warning]:
    """:func:`outvote` over citations already named ("legal_basis[0]", "references[3]")."""
    out: list[Warning] = []
    for group in _groups(named, lambda c: (c.date, c.issuer_code, c.type_code) if c.date else None):
        group.sort(key=lambda pc: _unsure(pc[1], "number"))  # a sure subject first
        out += _vote(_same_subject(group), "number", lambda c: c.number, _take_number)
    for group in _groups(named, lambda c: c.number):
        out += _vote(group, "date", lambda c: c.date, _take_date)
    return out
