"""Findings that rest on an unsure OCR reading become ``needs_review`` (severity "info").

A scan read "Bộ Chính frị" for "Bộ Chính trị" (at 83) and "07/2/2015" for "07/9/2015"
(at 83): compared with the other mentions of the same document, the misreading makes an
``issuer_mismatch`` or a ``date_mismatch`` that is not in print. A rule's finding is
kept when it still holds among the mentions whose readings are sure (typed, or read by
OCR at ``vanban.checks.records.DOUBT_BELOW`` or more, or confirmed by the verification
re-reads); otherwise it is reported as ``needs_review``: severity "info", ``suspected``
naming the rule, and every mention as evidence with its reading, its confidence, its
unsure fields and its box (the crop a review page shows side by side).

What is really printed inconsistently is still found: e.pdf's "08/6/20210" is read at
89, but the re-reads confirm the impossible year, so its ``invalid_date`` stays an error.

>>> from vanban.checks.findings import Evidence, finding
>>> f = finding("issuer_mismatch", "P|KL|57|TW", "attributed to different issuers",
...             [Evidence(document="47-cp.pdf", page=1, text="… của Bộ Chính frị",
...                       confidence=0.83, unsure=["issuer"])])
>>> r = needs_review(f)
>>> (r.kind, r.severity, r.suspected)
('needs_review', 'info', 'issuer_mismatch')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from vanban.checks.findings import Finding
from vanban.checks.records import Mention

# the fields a rule's finding rests on; a mention unsure in one of them is set aside
RESTS_ON: dict[str, tuple[str, ...]] = {
    "date_mismatch": ("date",),
    "number_mismatch": ("number",),
    "type_code_mismatch": ("number",),
    "issuer_mismatch": ("issuer",),
    "header_mismatch": ("number", "date", "issuer"),
    "self_reference_mismatch": ("number", "date"),
    "cites_future_document": ("date",),
    "duplicate_number": ("number", "date"),
    "invalid_date": ("date",),
}


def unsure_in(m: Mention, kind: str) -> bool:
    """The mention's reading is unsure in a field the rule ``kind`` rests on."""
    fields = set(m.doubt.split(",")) if m.doubt else set()
    return bool(fields & set(RESTS_ON.get(kind, ())))


def needs_review(f: Finding) -> Finding:
    """The finding as a ``needs_review`` of severity "info", ``suspected`` its kind."""
    unsure = sorted({u for e in f.evidence for u in e.unsure})
    note = f" (rests on OCR readings not confirmed: {', '.join(unsure) or 'unsure'})"
    return f.model_copy(
        update={
            "kind": "needs_review",
            "severity": "info",
            "suspected": f.kind,
            "message": f.message + note,
        }
    )


def sure_findings(
    rule: Callable[[Sequence[Mention]], list[Finding]], group: Sequence[Mention]
) -> list[Finding]:
    """``rule`` over ``group``; each finding that does not hold once the mentions unsure
    in what it rests on are set aside becomes ``needs_review``."""
    found = rule(group)
    if not found or not any(m.doubt for m in group):
        return found
    out: list[Finding] = []
    cache: dict[str, set[tuple[str, str]]] = {}
    for f in found:
        kind = f.kind
        if kind not in cache:
            sure = [m for m in group if not unsure_in(m, kind)]
            cache[kind] = {(g.kind, g.key) for g in rule(sure)} if len(sure) > 1 else set()
        out.append(f if (f.kind, f.key) in cache[kind] else needs_review(f))
    return out
