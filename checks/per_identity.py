"""Rules over one resolved identity (all mentions of one document):
``date_mismatch``, ``issuer_mismatch``, ``duplicate_number``, ``header_mismatch``
(date, type, issuer) and ``cites_future_document`` for undated citations.

A header is judged against the citations: when the corpus holds the document and no
citation agrees with its header date, that is a ``header_mismatch``; when citations
disagree among themselves, a ``date_mismatch``. Example: "720-QĐ/TU" cited as
"ngày 13/2/2026" by one document and "ngày 12/2/2026" by another, with no header in the
corpus → one ``date_mismatch`` naming both printed citations.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from vanban.checks.doubt import sure_findings
from vanban.checks.findings import Finding, finding
from vanban.checks.issuers import comparable, header_covers, same_issuer
from vanban.checks.per_document import evidence, generic_type_words
from vanban.checks.records import HEADER, DocInfo, Mention
from vanban.checks.resolve import similar_subject


def _type_words_agree(a: str, b: str) -> bool:
    return a == b or a.startswith(b + " ") or b.startswith(a + " ")


def _distinct_heads(heads: list[Mention]) -> list[list[Mention]]:
    """Header mentions clustered into distinct documents: one number and one date (or
    a missing date) is one document printed twice (a PDF and its text twin), whatever
    the titles the parser read; otherwise the titles decide."""
    clusters: list[list[Mention]] = []
    for h in heads:
        for c in clusters:
            first = c[0]
            if (
                not h.date
                or not first.date
                or h.date == first.date
                or similar_subject(h.subject, first.subject)
            ):
                c.append(h)
                break
        else:
            clusters.append([h])
    return clusters


def check_identity(key: str, group: Sequence[Mention], docs: Sequence[DocInfo]) -> list[Finding]:
    """Findings for one identity; ``group`` holds no self-references. A finding resting
    on unsure OCR readings is ``needs_review`` (:mod:`vanban.checks.doubt`)."""
    return sure_findings(lambda g: _check_identity(key, g, docs), group)


def _check_identity(key: str, group: Sequence[Mention], docs: Sequence[DocInfo]) -> list[Finding]:
    heads = [m for m in group if m.role == HEADER]
    cites = [m for m in group if m.role != HEADER]
    out: list[Finding] = []

    if len({h.doc for h in heads}) > 1:
        titled = [h for h in heads if h.subject]
        clusters = _distinct_heads(titled)
        if len(clusters) > 1:
            ev = [evidence(c[0], docs) for c in clusters]
            msg = f"{len(clusters)} documents with different titles claim {key}"
            out.append(finding("duplicate_number", key, msg, ev))
            return out  # the citations cannot be attributed to one of them

    head_dates = {h.date for h in heads if h.date}
    cited = Counter(m.date for m in cites if m.date)
    if len(head_dates) == 1 and cited:
        (hd,) = head_dates
        if hd not in cited:
            ev = [evidence(h, docs) for h in heads] + [evidence(m, docs) for m in cites if m.date]
            msg = f"header dated {hd}, cited as {', '.join(sorted(cited))}"
            out.append(finding("header_mismatch", key, msg, ev))
        elif len(cited) > 1:
            odd = [m for m in cites if m.date and m.date != hd]
            ev = [evidence(h, docs) for h in heads] + [evidence(m, docs) for m in odd]
            msg = f"dated {hd} in its header, also cited as {', '.join(sorted(set(cited) - {hd}))}"
            out.append(finding("date_mismatch", key, msg, ev))
    elif len(set(cited) | head_dates) > 1:
        dated = [m for m in group if m.date]
        ev = [evidence(m, docs) for m in dated]
        msg = f"cited with {len(set(cited) | head_dates)} dates: " + ", ".join(
            sorted(set(cited) | head_dates)
        )
        out.append(finding("date_mismatch", key, msg, ev))

    issuers = sorted({m.issuer for m in cites if comparable(m.issuer)})
    clash = [
        (a, b) for i, a in enumerate(issuers) for b in issuers[i + 1 :] if not same_issuer(a, b)
    ]
    if clash:
        ev = [evidence(m, docs) for m in cites if comparable(m.issuer)]
        msg = "attributed to different issuers: " + "; ".join(issuers)
        out.append(finding("issuer_mismatch", key, msg, ev))
    elif issuers and len(heads) >= 1:
        head_issuers = [i for h in heads for i in h.issuer.split(";") if i]
        if head_issuers and not any(header_covers(h, c) for h in head_issuers for c in issuers):
            ev = [evidence(h, docs) for h in heads]
            ev += [evidence(m, docs) for m in cites if comparable(m.issuer)]
            msg = f"header issuer {'; '.join(head_issuers)}, cited as {'; '.join(issuers)}"
            out.append(finding("header_mismatch", key, msg, ev))

    generic = generic_type_words()
    head_words = {h.type_word for h in heads if h.type_word and h.type_word not in generic}
    cited_words = {m.type_word for m in cites if m.type_word and m.type_word not in generic}
    if len(head_words) == 1 and cited_words:
        (hw,) = head_words
        if not any(_type_words_agree(hw, w) for w in cited_words):
            ev = [evidence(h, docs) for h in heads]
            ev += [evidence(m, docs) for m in cites if m.type_word in cited_words]
            msg = f"header type '{hw}', cited as {', '.join(sorted(cited_words))}"
            out.append(finding("header_mismatch", key, msg, ev))

    if len(head_dates) == 1:
        (hd,) = head_dates
        for m in cites:
            citing = docs[m.doc].date
            if m.date is None and citing and hd > citing:
                msg = f"cites {m.number} (dated {hd} in its header) before it exists ({citing})"
                out.append(finding("cites_future_document", key, msg, [evidence(m, docs)]))
    return out
