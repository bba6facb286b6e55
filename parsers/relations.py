"""What a citing sentence does to the document it cites: ``Citation.relation``.

Each citation of a document gets one relation, read from its own sentence of the
document text (``TextView.text``, what ``span`` points into):

* ``basis``: a "Căn cứ" line of the preamble;
* ``implements``: a preamble line opening with an implementing verb ("Thực hiện Nghị
  quyết số …"), or a sentence that says so ("triển khai thực hiện Kế hoạch số …");
* ``amends``: "Sửa đổi, bổ sung một số điều của Nghị định số 75/2021/NĐ-CP …";
* ``replaces``: "… thay thế Quyết định số …";
* ``repeals``: "Bãi bỏ Thông tư số …", "Nghị định số … hết hiệu lực …";
* ``mentions``: anything else, including another document's act ("… đã được sửa đổi,
  bổ sung tại Nghị định số 55/2023/NĐ-CP": the citing document does not amend it).

The cues are data (``parsers/data/citation_relations.json``) and are matched with tones
folded away, so that OCR misreads of a tone ("Sửa đỗi, bỗ sung") still match. The
relation keeps its evidence: ``relation_cue`` (the cue as printed) and
``relation_span`` (the sentence, as offsets into the document text).

>>> text = "Sửa đổi, bổ sung một số điều của Nghị định số 75/2021/NĐ-CP ngày 24/7/2021."
>>> read_relation(text, (33, 59), section="references")
Relation(relation='amends', cue='Sửa đổi, bổ sung một số điều', sentence=(0, 75))
>>> text = "Điều 3 Nghị định số 75/2021/NĐ-CP đã được sửa đổi, bổ sung tại Nghị định số 55/2023/NĐ-CP."
>>> read_relation(text, (63, 89), section="references").relation
'mentions'
>>> read_relation("Bãi bỏ Điều 5 của Quyết định số 12/2020/QĐ-UBND.", (19, 48),
...               section="references").relation
'amends'
>>> read_relation("Căn cứ Luật Tổ chức Chính phủ;", (7, 29), section="legal_basis", verb="Căn cứ")
Relation(relation='basis', cue='Căn cứ', sentence=(0, 30))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal, NamedTuple

from vanban.extract.hygiene import strip_diacritics
from vanban.models.document import Citation, Span
from vanban.parsers.vocabulary import citation_relations, implementing_verbs

RelationName = Literal["basis", "implements", "amends", "replaces", "repeals", "mentions"]

_WORD = re.compile(r"\w+", re.UNICODE)
_SENTENCE_END = re.compile(r"[.;:!?](?=\s|$)|\n\s*\n")
"""Where a sentence ends: a stop, semicolon or colon before a space, or a blank line that
a lower-case word does not continue (a scan's layout often cuts one line into two blocks:
"… và thay\n\nthế Quyết định số …"). Dots inside numbers and dates ("24.7.2021",
"75/2021/NĐ-CP") are not ends."""


class Relation(NamedTuple):
    """A citation's relation, the cue that decided it (as printed) and its sentence."""

    relation: RelationName
    cue: str | None
    sentence: Span | None


@dataclass(frozen=True, slots=True)
class _Cues:
    before: tuple[tuple[tuple[str, ...], RelationName], ...]
    after: tuple[tuple[tuple[str, ...], RelationName], ...]
    passive: tuple[tuple[str, ...], ...]
    by_words: frozenset[str]
    partial: frozenset[str]
    basis_verbs: tuple[tuple[str, ...], ...]
    acting_types: frozenset[str]
    implementing: tuple[tuple[str, ...], ...]
    max_gap: int


def _fold(text: str) -> tuple[str, ...]:
    """Words with case, tones and diacritics folded: 'Sửa đỗi' → ('sua', 'doi')."""
    return tuple(_WORD.findall(strip_diacritics(text)))


@cache
def _cues() -> _Cues:
    data = citation_relations()

    def table(section: str) -> tuple[tuple[tuple[str, ...], RelationName], ...]:
        rows = [(_fold(c), rel) for rel, cues in data[section].items() for c in cues]
        return tuple(sorted(rows, key=lambda r: -len(r[0])))  # longest cue first

    return _Cues(
        before=table("before"),
        after=table("after"),
        passive=tuple(sorted((_fold(p) for p in data["passive_markers"]), key=len, reverse=True)),
        by_words=frozenset(w for b in data["by_words"] for w in _fold(b)),
        partial=frozenset(w for b in data["partial_words"] for w in _fold(b)[:1]),
        basis_verbs=tuple(_fold(v) for v in data["basis_verbs"]),
        acting_types=frozenset(" ".join(_fold(t)) for t in data["acting_types"]),
        implementing=tuple(_fold(v) for v in implementing_verbs()),
        max_gap=int(data["max_gap_words"]),
    )


def _ends(text: str, m: re.Match[str]) -> bool:
    """A blank line continued by a lower-case word does not end the sentence."""
    if not m.group(0).startswith("\n"):
        return True
    nxt = text[m.end() : m.end() + 8].lstrip()[:1]
    return not (nxt.isalpha() and nxt.islower())


def sentence_of(text: str, span: Span) -> Span:
    """The sentence around ``span``: from the last end before it to the next end after it.

    >>> t = "Điều 1. Bãi bỏ Thông tư số 12/2020/TT-BTC. Điều 2. Hiệu lực."
    >>> s = sentence_of(t, (27, 41)); t[s[0]:s[1]]
    'Bãi bỏ Thông tư số 12/2020/TT-BTC.'
    >>> t = "có hiệu lực và thay\\n\\nthế Quyết định số 12/2024/QĐ-UBND.\\n\\nĐiều 3"
    >>> s = sentence_of(t, (t.index("Quyết"), t.index(".\\n"))); t[s[0]:s[1]][:19]
    'có hiệu lực và thay'
    """
    start, end = span
    begin = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        if _ends(text, m):
            begin = m.end()
    stop = next((m.end() for m in _SENTENCE_END.finditer(text, end) if _ends(text, m)), len(text))
    while begin < start and text[begin].isspace():
        begin += 1
    return (begin, stop)


def _words_with_offsets(text: str) -> list[tuple[str, int, int]]:
    return [
        (w, m.start(), m.end())
        for m in _WORD.finditer(text)
        for w in _fold(m.group(0))[:1]  # one printed word folds to one word
    ]


def _starts_with(words: list[tuple[str, int, int]], i: int, cue: tuple[str, ...]) -> bool:
    return tuple(w for w, _, _ in words[i : i + len(cue)]) == cue


def _before_cue(
    words: list[tuple[str, int, int]], cues: _Cues
) -> tuple[int, int, RelationName] | None:
    """The cue nearest the end of ``words`` (the text before the citation), within the gap:
    (first word, word after the cue, relation)."""
    for i in range(len(words) - 1, -1, -1):
        if len(words) - i > cues.max_gap + 6:  # the longest cue is short
            break
        for cue, rel in cues.before:
            if _starts_with(words, i, cue):
                gap = len(words) - (i + len(cue))
                if gap <= cues.max_gap:
                    return _widen(words, i, i + len(cue), rel, cues), i + len(cue), rel
    return None


def _widen(
    words: list[tuple[str, int, int]], first: int, end: int, rel: RelationName, cues: _Cues
) -> int:
    """The first word of the widest cue of ``rel`` overlapping the one at ``first``
    ("Sửa đổi, bổ sung một số điều": the cue is read from "Sửa", not from "bổ")."""
    for j in range(max(0, first - 4), first):
        for cue, r in cues.before:
            if r == rel and _starts_with(words, j, cue) and j + len(cue) > first:
                return j
    return first


def _passive_before(words: list[tuple[str, int, int]], i: int, cues: _Cues) -> bool:
    prior = tuple(w for w, _, _ in words[max(0, i - 2) : i])
    return any(prior[len(prior) - len(p) :] == p for p in cues.passive if len(p) <= len(prior))


def read_relation(
    text: str,
    span: Span | None,
    *,
    section: Literal["legal_basis", "implements", "references"],
    verb: str | None = None,
    others: tuple[Span, ...] = (),
) -> Relation:
    """The relation of one citation at ``span`` of ``text`` (see the module).

    ``others``: the spans of the document's other citations. A cue after another citation
    of its sentence describes that document ("Nghị định số 157/2016/NĐ-CP … sửa đổi, bổ
    sung Nghị định số 150/2006/NĐ-CP": 157/2016 amends 150/2006, the citing document
    does not).
    """
    cues = _cues()
    if section in ("legal_basis", "implements"):
        folded = _fold(verb or "")
        sentence = sentence_of(text, span) if span else None
        if section == "implements" or any(folded[: len(v)] == v for v in cues.implementing):
            return Relation("implements", verb, sentence)
        if any(folded[: len(v)] == v for v in cues.basis_verbs):
            return Relation("basis", verb, sentence)
        return Relation("mentions", verb, sentence)
    if span is None:
        return Relation("mentions", None, None)
    sentence = sentence_of(text, span)
    before = _words_with_offsets(text[sentence[0] : span[0]])
    found = _before_cue(before, cues)
    if found is not None:
        first, after_cue, rel = found
        gap = before[after_cue:]
        by = bool(gap) and gap[0][0] in cues.by_words
        at = sentence[0] + before[first][1]
        # the cue sits in, or after, another citation of its sentence: that one's act
        described = any(o != span and sentence[0] <= o[0] <= at for o in others)
        if not by and not described and not _passive_before(before, first, cues):
            cue = text[sentence[0] + before[first][1] : sentence[0] + before[after_cue - 1][2]]
            if rel in ("replaces", "repeals") and any(w in cues.partial for w, _, _ in gap):
                rel = "amends"  # "Bãi bỏ Điều 5 của Quyết định số …": part of it
            return Relation(rel, cue, sentence)
        return Relation("mentions", None, sentence)
    tail = _words_with_offsets(text[span[1] : sentence[1]])
    for i in range(min(len(tail), cues.max_gap + 1)):
        if any(o != span and o[0] <= span[1] + tail[i][1] < o[1] for o in others):
            break  # the next citation's words
        for words, after_rel in cues.after:
            if _starts_with(tail, i, words):
                printed = text[span[1] + tail[i][1] : span[1] + tail[i + len(words) - 1][2]]
                return Relation(after_rel, printed, sentence)
    return Relation("mentions", None, sentence)


ACTS: frozenset[str] = frozenset({"amends", "replaces", "repeals"})


def acts_by_saying(doc_type: str | None) -> bool:
    """Whether a document of this type amends, replaces or repeals by saying so (a
    Nghị định, a Quyết định …; not a Kế hoạch, whose "Sửa đổi Nghị định số …" is a task).

    >>> acts_by_saying("Nghị định"), acts_by_saying("Kế hoạch"), acts_by_saying(None)
    (True, False, True)
    """
    return doc_type is None or " ".join(_fold(doc_type)) in _cues().acting_types


def attach_relations(
    text: str,
    legal_basis: list[Citation],
    implements: list[Citation],
    references: list[Citation],
    *,
    doc_type: str | None = None,
) -> None:
    """Set ``relation``, ``relation_cue`` and ``relation_span`` on every citation; in a
    document that does not act by saying so (:func:`acts_by_saying`) an amendment, a
    replacement or a repeal it names is work to be done: a mention."""
    sections: tuple[tuple[Literal["legal_basis", "implements", "references"], list[Citation]], ...]
    sections = (
        ("legal_basis", legal_basis),
        ("implements", implements),
        ("references", references),
    )
    spans = tuple(c.span for _, cs in sections for c in cs if c.span is not None)
    for section, citations in sections:
        for c in citations:
            rel = read_relation(text, c.span, section=section, verb=c.verb, others=spans)
            if rel.relation in ACTS and not acts_by_saying(doc_type):
                rel = Relation("mentions", None, rel.sentence)
            c.relation, c.relation_cue, c.relation_span = rel
