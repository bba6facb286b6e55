"""The spaCy pipeline: underthesea word segmentation + an EntityRuler for bodies.

:func:`get_nlp` builds, once per process, a blank spaCy pipeline whose tokenizer
(registered as ``"vanban.underthesea_tokenizer"``) runs underthesea's
``word_tokenize(text, use_token_normalize=False)`` and aligns its words back onto the
text, so that ``doc.text == text`` always holds. Where a word does not align
(underthesea drops newlines inside words, for instance) that stretch of text falls
back to a whitespace/punctuation split.

spaCy tokens are *syllables*: each underthesea word is cut at its inner spaces,
and ``token._.word_start`` marks the first syllable of a word (``token._.word``
holds the whole word). Reason, measured: underthesea's boundaries depend on the
context ("Ủy ban Mặt trận …" alone gives ``['Ủy', 'ban', 'Mặt trận Tổ quốc Việt
Nam', …]``, inside a sentence ``['Ủy ban', 'Mặt trận Tổ quốc Việt Nam', …]``), so
phrase patterns tokenised on their own would miss bodies in running text.

``token.norm_`` is the syllable's :func:`vanban.extract.hygiene.text_key` (case, tone
placement "Uỷ"/"Ủy", Đ/Ð folded); the EntityRuler matches phrase patterns on NORM,
and token patterns in ``parsers/data/agencies.jsonl`` may write NORM values in
ordinary spelling (they are keyed when loaded).

>>> doc = get_nlp()("Căn cứ Quyết định của Ban Bí thư;")
>>> doc.text
'Căn cứ Quyết định của Ban Bí thư;'
>>> [(e.text, e.label_) for e in doc.ents]
[('Quyết định', 'DOC_TYPE'), ('Ban Bí thư', 'ORG')]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from vanban.extract.hygiene import text_key
from vanban.parsers.vocabulary import agency_patterns, doc_types

DATA = Path(__file__).parent / "data"
AGENCY_LABEL = "ORG"
DOC_TYPE_LABEL = "DOC_TYPE"
TOKENIZER_NAME = "vanban.underthesea_tokenizer"

_FALLBACK = re.compile(r"\w+|[^\w\s]", re.UNICODE)

if not Token.has_extension("word_start"):
    Token.set_extension("word_start", default=True)
if not Token.has_extension("word"):
    Token.set_extension("word", default=None)


def _fallback_tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in _FALLBACK.finditer(text[start:end])]


def align_words(text: str, words: list[str]) -> list[tuple[int, int, int]]:
    """Syllable spans ``(start, end, word_index)`` of ``words`` in ``text``.

    ``word_index`` is -1 for spans from the fallback split (text the words did not cover).

    >>> align_words("Ban Bí thư;", ["Ban Bí thư", ";"])
    [(0, 3, 0), (4, 6, 0), (7, 10, 0), (10, 11, 1)]
    """
    spans: list[tuple[int, int, int]] = []
    pos = 0
    n = len(text)
    for w_i, word in enumerate(words):
        sylls = word.split()
        found: list[tuple[int, int]] = []
        p = pos
        for s in sylls:
            while p < n and text[p].isspace():
                p += 1
            if text.startswith(s, p):
                found.append((p, p + len(s)))
                p += len(s)
            else:
                found = []
                break
        if found:
            spans.extend((a, b, w_i) for a, b in found)
            pos = p
            continue
        # Not aligned here: resynchronise on the word's first syllable further on,
        # splitting the skipped stretch the simple way.
        nxt = text.find(sylls[0], pos) if sylls else -1
        if nxt < 0:
            continue
        spans.extend((a, b, -1) for a, b in _fallback_tokens(text, pos, nxt))
        pos = nxt
        p, found = pos, []
        for s in sylls:
            while p < n and text[p].isspace():
                p += 1
            if not text.startswith(s, p):
                found = []
                break
            found.append((p, p + len(s)))
            p += len(s)
        if found:
            spans.extend((a, b, w_i) for a, b in found)
            pos = p
    spans.extend((a, b, -1) for a, b in _fallback_tokens(text, pos, n))
    return spans


class UndertheseaTokenizer:
    """spaCy tokenizer: underthesea words, cut into syllables, aligned to the text."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        from underthesea import word_tokenize

        words: list[str] = word_tokenize(text, use_token_normalize=False) if text.strip() else []
        out_words: list[str] = []
        out_spaces: list[bool] = []
        meta: list[tuple[bool, str | None]] = []

        def add_gap(gap: str) -> None:
            # One space after a token is its trailing space; other whitespace
            # becomes a token of its own, so that doc.text == text.
            if out_words and gap.startswith(" "):
                out_spaces[-1] = True
                gap = gap[1:]
            if gap:
                out_words.append(gap)
                out_spaces.append(False)
                meta.append((True, None))

        prev_end, prev_word = 0, -2
        for a, b, w_i in align_words(text, words):
            add_gap(text[prev_end:a])
            out_words.append(text[a:b])
            out_spaces.append(False)
            meta.append((w_i < 0 or w_i != prev_word, words[w_i] if w_i >= 0 else None))
            prev_end, prev_word = b, w_i
        add_gap(text[prev_end:])
        doc = Doc(self.vocab, words=out_words, spaces=out_spaces)
        for token, (start, word) in zip(doc, meta, strict=True):
            token._.word_start = start
            token._.word = word
            token.norm_ = text_key(token.text) or token.text
        return doc

    def to_bytes(self, **_: Any) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_: Any) -> UndertheseaTokenizer:
        return self

    def to_disk(self, _path: Any, **_: Any) -> None:
        return None

    def from_disk(self, _path: Any, **_: Any) -> UndertheseaTokenizer:
        return self


@spacy.util.registry.tokenizers(TOKENIZER_NAME)
def create_underthesea_tokenizer() -> Callable[[Language], UndertheseaTokenizer]:
    def make(nlp: Language) -> UndertheseaTokenizer:
        return UndertheseaTokenizer(nlp.vocab)

    return make


def _key_norms(pattern: Any) -> Any:
    """Token patterns: NORM values written in ordinary spelling → text_key form."""
    if isinstance(pattern, str):
        return pattern
    out = []
    for spec in pattern:
        spec = dict(spec)
        norm = spec.get("NORM")
        if isinstance(norm, str):
            spec["NORM"] = text_key(norm)
        elif isinstance(norm, dict):
            spec["NORM"] = {
                op: [text_key(v) for v in vals] if isinstance(vals, list) else vals
                for op, vals in norm.items()
            }
        out.append(spec)
    return out


def load_patterns() -> list[dict[str, Any]]:
    """EntityRuler patterns: bodies from agencies.jsonl, type words from doc_types.json."""
    patterns: list[dict[str, Any]] = []
    for original in agency_patterns():
        entry = dict(original)
        pattern = entry["pattern"]
        if isinstance(pattern, list) and all(
            set(spec) == {"NORM"} and isinstance(spec["NORM"], str) for spec in pattern
        ):
            # A plain sequence of syllables: a phrase pattern (PhraseMatcher on NORM) is
            # several times faster than a token pattern and matches the same tokens.
            entry["pattern"] = " ".join(spec["NORM"] for spec in pattern)
        else:
            entry["pattern"] = _key_norms(pattern)
        patterns.append(entry)
    for t in doc_types():
        for word in t["words"]:
            if word[0].isupper():
                # A type word in running text starts with a capital ("báo cáo" is a verb).
                sylls: list[dict[str, Any]] = [{"NORM": text_key(s)} for s in word.split()]
                sylls[0]["IS_LOWER"] = False
                patterns.append({"label": DOC_TYPE_LABEL, "pattern": sylls, "id": t["name"]})
    return patterns


LEVELS: tuple[str, ...] = (
    "tỉnh",
    "thành phố",
    "huyện",
    "quận",
    "thị xã",
    "xã",
    "phường",
    "thị trấn",
    "TP",
    "cấp tỉnh",
    "cấp huyện",
    "cấp xã",
    "cấp cơ sở",
    "cơ sở",
    "các cấp",
    "các tỉnh",
    "các huyện",
    "các xã",
    "các phường",
    "các xã, phường",
    "các huyện, thành phố",
    "các tỉnh, thành phố",
    "Trung ương",
)
"""Administrative levels that may follow a body's head ("Ủy ban nhân dân *tỉnh*")."""

PLACE_AFTER: tuple[str, ...] = ("ủy", "TU")
"""A body ending in one of these ("Tỉnh ủy") may be followed directly by a place name."""

_NOT_PLACE_WORDS = (
    "Ban Sở Ủy Bộ Và Về Căn Quyết Nghị Kế Chương Thông Công Phòng Hội Đảng Chủ Phó "
    "Giám Trưởng Theo Thực Tổ Các Văn Trong Tại Năm Giai Ngày Số Thường Trung Cơ Đơn "
    "Lãnh Đề Tham Phối Tuyên Báo Tháng Việt Nam Độc Cộng Hòa Hoà Đã Nơi TM KT TL UBND "
    "MTTQ HĐND TRƯỞNG PHÓ CHỦ TỊCH BÍ THƯ GIÁM ĐỐC"
)
NOT_PLACE: frozenset[str] = frozenset(text_key(w) for w in _NOT_PLACE_WORDS.split(" "))
"""Capitalised syllables that end a place name (the next heading, a type word …)."""

_LEVEL_KEYS = sorted(
    ([text_key(w) or w for w in _FALLBACK.findall(level)] for level in LEVELS),
    key=len,
    reverse=True,
)
_GROUP_LEVEL_STARTS = frozenset(text_key(w) for w in ("cấp", "các", "cơ", "Trung"))
_PLACE_AFTER_KEYS = frozenset(text_key(w) for w in PLACE_AFTER)
_MAX_PLACE = 4


def _match_level(doc: Doc, i: int) -> int:
    """End token index of a level phrase starting at ``i`` (``i`` when there is none)."""
    for level in _LEVEL_KEYS:
        j, k = i, 0
        while k < len(level) and j < len(doc):
            tok = doc[j]
            if tok.is_space:
                j += 1
                continue
            if tok.norm_ != level[k] and not (level[k] == "," and tok.text == ","):
                break
            j += 1
            k += 1
        if k == len(level):
            return j
    return i


def _place_end(doc: Doc, i: int) -> int:
    j = i
    while j < len(doc) and j - i < _MAX_PLACE:
        tok = doc[j]
        if not tok.is_alpha or tok.is_lower or tok.norm_ in NOT_PLACE:
            break
        if j > i and doc[j - 1].whitespace_ != " ":
            break
        j += 1
    return j


@Language.component("vanban_extend_bodies")
def extend_bodies(doc: Doc) -> Doc:
    """Extend each ORG entity over a following level and place name.

    "Ủy ban nhân dân" + "tỉnh" + "Sơn La"; "Tỉnh ủy" + "Điện Biên"; "Ban Thường trực
    Ủy ban MTTQ Việt Nam" + "các xã, phường".
    """
    ents = []
    for ent in doc.ents:
        if ent.label_ != AGENCY_LABEL:
            ents.append(ent)
            continue
        end = ent.end
        level_end = _match_level(doc, end)
        if level_end > end and doc[end].norm_ not in _GROUP_LEVEL_STARTS:
            level_end = _place_end(doc, level_end)
        elif level_end == end and doc[end - 1].norm_ in _PLACE_AFTER_KEYS:
            level_end = _place_end(doc, end)
        ents.append(Span(doc, ent.start, level_end, label=ent.label, span_id=ent.id))
    doc.ents = spacy.util.filter_spans(ents)
    return doc


@cache
def get_nlp() -> Language:
    """The pipeline, built once per process (about 1 s, mostly underthesea's model)."""
    nlp = spacy.blank("xx", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}})
    ruler = nlp.add_pipe(
        "entity_ruler", config={"phrase_matcher_attr": "NORM", "overwrite_ents": True}
    )
    ruler.add_patterns(load_patterns())  # type: ignore[attr-defined]
    nlp.add_pipe("vanban_extend_bodies")
    return nlp
