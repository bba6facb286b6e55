"""Group mentions that name the same document (eyecite-style, with a replaceable resolver).

:func:`resolve` first groups mentions by base key (an index, never pairwise over
documents), then hands each group to a *resolver* that splits it into identities:
a base key that recurs in two years (State) or two terms (Party) names two documents.
The default, :func:`split_by_period`, does this:

* normative numbers print their year: one identity per base key;
* dated mentions are split by period (State: the year; ``…/TW``: the Central
  Committee term; a local Party committee: the year, since its term is unknown);
* two periods are one identity after all when their subjects match (a mistyped year
  is then a ``date_mismatch``, not a second document);
* an undated mention joins the only identity, or the one whose subject it matches.

Plug your own, e.g. one that asks the corpus store::

    groups = resolve(mentions, resolver=my_resolver)   # my_resolver(list[Mention]) -> list[list[Mention]]

>>> from vanban.checks.records import Mention
>>> m = lambda d, s: Mention("S|KH|115|UBND", 0, 1, "115/KH-UBND", d, None, "ke hoach",
...                          "", s, "", 1, False)
>>> sorted(resolve([m("2025-03-01", "cong tac dan van"), m("2026-03-01", "phong chong thien tai")]))
['S|KH|115|UBND@2025', 'S|KH|115|UBND@2026']
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence

from rapidfuzz import fuzz

from vanban.checks.identity import Identity, identity_key, party_term
from vanban.checks.records import HEADER, Mention

Resolver = Callable[[Sequence[Mention]], list[list[Mention]]]

#: rapidfuzz ratio (0–100) above which two folded subjects name the same document.
SUBJECT_MATCH = 85
#: A subject this long (folded characters) may match the start of a longer one …
SUBJECT_PREFIX_MIN = 30
#: … at this ratio ("ban hanh quy che …" ~ "ban hanh quy che …, ban thuong vu … nhu sau").
SUBJECT_PREFIX_MATCH = 92
#: Subjects shorter than this (characters, folded) are too short to match on.
SUBJECT_MIN_CHARS = 12


CUT_SUBJECT_ENDS = ("cua", "tai", "theo", "ve", "va", "voi", "cho", "doi voi", "thuoc")
"""Folded words a subject stops on when a document cited inside it cut it short ("hướng
dẫn một số điều của" [Nghị định số 45/2014/NĐ-CP]): what tells two such subjects apart
is the document that was cut off."""


def is_cut_subject(text: str) -> bool:
    """The subject stops on a word that needs what follows it.

    >>> is_cut_subject("huong dan mot so dieu cua"), is_cut_subject("ve gia dat")
    (True, False)
    """
    return any(text == w or text.endswith(" " + w) for w in CUT_SUBJECT_ENDS)


def similar_subject(a: str, b: str) -> bool:
    """Same subject, allowing typos and small edits ('quy che phoi hop' ~ 'quy che phoi hop …').

    >>> similar_subject("ban hanh quy che phoi hop giua hai co quan",
    ...                 "ban hanh quy che phoi hop giua hai co quan nam 2026")
    True
    >>> similar_subject("thanh lap ban chi dao", "ban hanh quy che phoi hop")
    False
    >>> similar_subject("ban hanh quy che lam viec cua ban chi dao phong chong tham nhung",
    ...     "ban hanh quy che lam viec cua ban chi dao phong chong tham nhung ban thuong vu tinh uy ban hanh ke hoach nhu sau")
    True
    >>> similar_subject("ban hanh quy che lam viec cua ban chi dao phong chong tham nhung",
    ...                 "ban hanh quy che lam viec cua ban chi dao chuyen doi so")
    False
    >>> similar_subject("huong dan mot so dieu cua", "huong dan mot so dieu cua")
    False
    """
    if len(a) < SUBJECT_MIN_CHARS or len(b) < SUBJECT_MIN_CHARS:
        return False
    if is_cut_subject(a) or is_cut_subject(b):
        return False  # two Thông tư "hướng dẫn … của" two different Nghị định
    if a == b:
        return True
    if fuzz.ratio(a, b) >= SUBJECT_MATCH:
        return True
    # one print runs on (or stops short): compare the shorter with the other's start
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return (
        len(short) >= SUBJECT_PREFIX_MIN
        and fuzz.ratio(short, long[: len(short)]) >= SUBJECT_PREFIX_MATCH
    )


def identity_of_key(key: str) -> Identity:
    """'P|QĐ|720|TU' → Identity (the inverse of ``base_key``)."""
    parts = key.split("|")
    year = int(parts[4]) if len(parts) > 4 else None
    return Identity(parts[0], parts[1], parts[2], parts[3], year)


def _period(identity: Identity, date: str) -> str:
    if identity.system == "P":
        term = party_term(identity.issuer_code, date)
        if term is not None:
            return term
    return date[:4]


def _subjects(group: Iterable[Mention]) -> set[str]:
    return {m.subject for m in group if m.subject}


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _years_agree(a: str, b: str) -> bool:
    """'… năm 2025' and '… năm 2026' are two yearly documents, however alike."""
    ya, yb = set(_YEAR.findall(a)), set(_YEAR.findall(b))
    return not ya or not yb or bool(ya & yb)


def _matches(a: set[str], b: set[str]) -> bool:
    return any(similar_subject(x, y) and _years_agree(x, y) for x in a for y in b)


def split_by_period(mentions: Sequence[Mention]) -> list[list[Mention]]:
    """The default resolver: one base key's mentions → one list per identity."""
    identity = identity_of_key(mentions[0].key)
    if identity.system == "N":
        return [list(mentions)]
    by_period: dict[str, list[Mention]] = defaultdict(list)
    undated: list[Mention] = []
    for m in mentions:
        if m.date:
            by_period[_period(identity, m.date)].append(m)
        else:
            undated.append(m)
    clusters = list(by_period.values())
    if len(clusters) > 1:
        clusters = _merge_on_subject(clusters)
    if not clusters:
        return [undated]
    for m in undated:
        target = clusters[0] if len(clusters) == 1 else None
        if target is None and m.subject:
            for cluster in clusters:
                if _matches({m.subject}, _subjects(cluster)):
                    target = cluster
                    break
        if target is None:
            clusters.append([m])
        else:
            target.append(m)
    return clusters


def _merge_on_subject(clusters: list[list[Mention]]) -> list[list[Mention]]:
    """Merge period clusters whose subjects match (a mistyped year, not a new document)."""
    merged: list[list[Mention]] = []
    subjects: list[set[str]] = []
    for cluster in clusters:
        s = _subjects(cluster)
        for i, other in enumerate(subjects):
            if _matches(s, other):
                merged[i].extend(cluster)
                other |= s
                break
        else:
            merged.append(list(cluster))
            subjects.append(s)
    return merged


def group_period(identity: Identity, group: Sequence[Mention]) -> str | None:
    """The period that names a group: from its header's date, else its commonest date."""
    if identity.system == "N":
        return None
    head = [m.date for m in group if m.role == HEADER and m.date]
    dates = head or [m.date for m in group if m.date]
    if not dates:
        return None
    if identity.system == "P" and party_term(identity.issuer_code, dates[0]) is None:
        return None  # a local Party committee's term is not known
    date = Counter(dates).most_common(1)[0][0]
    return _period(identity, date)


def mention_key(m: Mention) -> str:
    """The identity key of one mention on its own: base key plus the period of its date."""
    identity = identity_of_key(m.key)
    if m.date is None or (
        identity.system == "P" and party_term(identity.issuer_code, m.date) is None
    ):
        return identity_key(identity, None)
    return identity_key(identity, _period(identity, m.date))


def group_by_key(
    mentions: Iterable[Mention], only: set[str] | None = None
) -> dict[str, list[Mention]]:
    """Mentions by base key (the index every check starts from); keyless ones skipped."""
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.key and (only is None or m.key in only):
            groups[m.key].append(m)
    return groups


def resolve(
    mentions: Iterable[Mention],
    resolver: Resolver = split_by_period,
    *,
    only: set[str] | None = None,
) -> dict[str, list[Mention]]:
    """Identity key → the mentions that name that document.

    ``only`` restricts the work to some base keys (an incremental check).
    """
    out: dict[str, list[Mention]] = {}
    seen: Counter[str] = Counter()
    for base, group in group_by_key(mentions, only).items():
        identity = identity_of_key(base)
        parts = resolver(group)
        for part in parts:
            key = identity_key(identity, group_period(identity, part))
            seen[key] += 1
            if seen[key] > 1:  # two undated or same-period parts: keep them apart
                key = f"{key}#{seen[key]}"
            out[key] = part
    return out
