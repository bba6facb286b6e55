"""Rules over a *block*: mentions with one system, type code, issuer code and date.

Inside a block, mentions whose subjects match (rapidfuzz) but whose numbers differ
name one document under two numbers: a transposed or mistyped serial
(``number_mismatch``), or, when the corpus holds the document and every citation uses
another number, a header that disagrees (``header_mismatch``). Fuzzy matching never
leaves the block, so the cost stays linear in the corpus.

Example: "Quyết định số 720-QĐ/TU ngày 13/02/2026 … về ban hành Quy chế phối hợp …"
in one document and "Quyết định số 702-QĐ/TU ngày 13/02/2026 … về ban hành Quy chế
phối hợp …" in another → ``number_mismatch``; "721-QĐ/TU" of the same day "về thành
lập Ban Chỉ đạo …" is another decision and is not flagged.

>>> block_key(Mention("P|QĐ|720|TU", 0, 1, "720-QĐ/TU", "2026-02-13", None, "", "", "", "", 1, False))
'B|P|QĐ|TU|2026-02-13'
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from vanban.checks.doubt import sure_findings
from vanban.checks.findings import Finding, finding
from vanban.checks.per_document import evidence
from vanban.checks.records import HEADER, DocInfo, Mention
from vanban.checks.resolve import similar_subject


def block_key(m: Mention) -> str:
    """System, type code, issuer code and date of a dated mention: 'B|P|QĐ|TU|2026-02-13'."""
    system, type_code, _serial, issuer = m.key.split("|")[:4]  # = identity.block_key
    return f"B|{system}|{type_code}|{issuer}|{m.date}"


def group_blocks(
    mentions: Iterable[Mention], only: set[str] | None = None
) -> dict[str, list[Mention]]:
    """Dated, keyed mentions by block key."""
    blocks: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.key and m.date:
            b = block_key(m)
            if only is None or b in only:
                blocks[b].append(m)
    return blocks


def _components(block: Sequence[Mention]) -> list[set[str]]:
    """Keys linked by a matching subject (union-find over the block's distinct keys)."""
    subjects: dict[str, set[str]] = defaultdict(set)
    for m in block:
        if m.subject:
            subjects[m.key].add(m.subject)
    keys = sorted(subjects)
    parent = {k: k for k in keys}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            if find(a) != find(b) and any(
                similar_subject(x, y) for x in subjects[a] for y in subjects[b]
            ):
                parent[find(b)] = find(a)
    comps: dict[str, set[str]] = defaultdict(set)
    for k in keys:
        comps[find(k)].add(k)
    return [c for c in comps.values() if len(c) > 1]


def check_block(block: Sequence[Mention], docs: Sequence[DocInfo]) -> list[Finding]:
    """Findings for one block; ``block`` holds no self-references. A finding resting on
    unsure OCR readings is ``needs_review`` (:mod:`vanban.checks.doubt`)."""
    return sure_findings(lambda b: _check_block(b, docs), block)


def _check_block(block: Sequence[Mention], docs: Sequence[DocInfo]) -> list[Finding]:
    if len({m.key for m in block}) < 2:
        return []
    out: list[Finding] = []
    for comp in _components(block):
        members = [m for m in block if m.key in comp]
        real = sorted({m.key for m in members if m.role == HEADER})
        cited = Counter(m.key for m in members if m.role != HEADER)
        suspects = sorted(k for k in comp if k not in real)
        if not suspects:
            continue  # distinct documents in the corpus, each with its own header
        if real:
            target = real[0]
            citing_docs = {m.doc for m in members if m.role != HEADER and m.key in suspects}
            if (
                len(real) == 1
                and cited[target] == 0
                and len(suspects) == 1
                and len(citing_docs) > 1
            ):
                ev = [evidence(m, docs) for m in members]
                msg = f"header number {members_number(members, target)}, cited as {members_number(members, suspects[0])}"
                out.append(finding("header_mismatch", target, msg, ev))
                continue
        else:
            target = min(cited, key=lambda k: (-cited[k], k))  # most cited, then first
        ev = [evidence(m, docs) for m in members]
        numbers = sorted({m.number for m in members})
        msg = "one document (same issuer, date and subject) under numbers " + ", ".join(numbers)
        out.append(finding("number_mismatch", target, msg, ev))
    return out


def members_number(members: Sequence[Mention], key: str) -> str:
    """The printed canonical number of a key among the members."""
    return next(m.number for m in members if m.key == key)
