"""Word repair: a hat or tone misread that is still a real syllable, put right from context.

Tesseract reads "cơ quan" as "cơ quân", "tỉnh" as "tính", "nâng cao" as "nắng cao", "An
ninh" as "Án ninh": every reading is a Vietnamese syllable, so the one-syllable repair of
:mod:`vanban.extract.scan.repair` (which only touches non-syllables) cannot see them. Here a
word read unsure (Tesseract's confidence below ``SETTINGS.below``) is compared with its
variants that differ from it *only in diacritics* (one vowel's hat and/or the tone:
:func:`vanban.extract.scan.words.variants`; "đ" and the letters never change):

* each reading ``c`` is scored ``p(c) · Π (1 + n(neighbour, c) / (μ · p(c)))`` over its left
  and right neighbour on the printed line (``n`` = syllable bigram counts of typed documents,
  :mod:`vanban.extract.scan.bigrams`; ``p`` = the word's frequency in Vietnamese from
  ``wordfreq``, floored at ``SETTINGS.floor``; ``μ`` = ``SETTINGS.mu``, a pseudo-count):
  with no bigram evidence the score is the word's frequency, each neighbour seen with it
  multiplies it (a Dirichlet-smoothed bigram model, the two sides combined naive-Bayes);
* the best variant replaces the reading only when its score is at least ``SETTINGS.ratio``
  times the reading's **and** it was seen next to one of these neighbours in the typed
  documents. A word with no neighbour (a punctuation mark, a digit or the line's end on
  both sides) is never changed.

A real syllable read sure is changed only on far stronger evidence: a variant scoring
``SETTINGS.sure_ratio`` (1000) times the reading, seen beside both its neighbours ("theo
yêu câu của" → "cầu"; "cơ quân" read sure at a line's end stays). A reading that
cannot be a Vietnamese syllable at all (a syllable ending in c, ch, p or t
carries a sắc or nặng tone: "Luật Đât đai", "đôn đôc") is judged however sure Tesseract was:
it is wrong either way, and only a variant the context supports replaces it.

Never touched: words holding a digit or anything but letters (outer
punctuation aside), words in mixed case, anything not read by OCR (this runs on Tesseract's
words only). The case is kept ("Án" → "An", "QUÂN" → "QUAN"); ``OcrWord.ocr_text`` keeps
what OCR read and ``OcrWord.repaired`` marks the word (both reach the output's
``confidence.<field>.words``). ``VANBAN_OCR_WORD_REPAIR=0`` switches the repair off.

>>> from vanban.extract.scan.tesseract import OcrWord
>>> def line(*pairs):
...     return [OcrWord(t, c, 100 * i, 0, 80, 30, 1, 1, 1) for i, (t, c) in enumerate(pairs)]
>>> words = line(("Các", 96.0), ("cơ", 91.0), ("quân", 62.0), ("liên", 93.0), ("quan", 95.0))
>>> [(w.text, w.ocr_text, w.repaired) for w in repair_words(words)]
[('quan', 'quân', True)]
>>> words = line(("Các", 96.0), ("cơ", 91.0), ("quân", 93.0))
>>> repair_words(words), words[2].text
([], 'quân')
>>> words = line(("Hà", 92.0), ("Nam", 90.0), ("tỉnh", 55.0))
>>> repair_words(words), words[2].text
([], 'tỉnh')
>>> [w.text for w in repair_words(line(("Án", 40.0), ("ninh", 88.0)))]
['An']
>>> [w.text for w in repair_words(line(("Luật", 96.0), ("Đât", 97.0), ("đai", 96.0)))]
['Đất']
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from wordfreq import word_frequency

from vanban.extract.hygiene import is_vietnamese_syllable, strip_diacritics
from vanban.extract.scan.bigrams import Bigrams, key, shipped
from vanban.extract.scan.repair import ocr_text
from vanban.extract.scan.tesseract import OcrWord, lines_of
from vanban.extract.scan.words import variants


@dataclass(frozen=True)
class RepairSettings:
    below: float = 90.0
    """Only words Tesseract read below this confidence (0–100) are considered: the
    project's line between sure and unsure OCR (``parsers.confidence.UNSURE_BELOW``).
    On the text twins (``python -m bench --only words``) no right word was changed below
    90; below 95 the first one is ("quán triệt" → "quản triệt"), over every word many."""
    ratio: float = 20.0
    """The best variant must score at least this many times the reading."""
    mu: float = 1000.0
    """Pseudo-count of the smoothing: with ``p(c)`` ≈ 0.001 (a common syllable) a neighbour
    pair seen once in the typed documents doubles ``c``'s score."""
    floor: float = 1e-7
    """Frequency given to a syllable ``wordfreq`` does not list."""
    sure_ratio: float = 1000.0
    """A real syllable read sure (``below`` or more) is changed only when a variant scores
    this many times the reading and was seen beside **both** its neighbours."""


SETTINGS = RepairSettings()

_EDGE = re.compile(r"^([\W_]*)(.*?)([\W_]*)$")


def repairing() -> bool:
    """The word repair is on unless ``VANBAN_OCR_WORD_REPAIR=0``."""
    return os.environ.get("VANBAN_OCR_WORD_REPAIR", "1") != "0"


@functools.lru_cache(maxsize=65536)
def frequency(syllable: str, floor: float = SETTINGS.floor) -> float:
    """How common a syllable is in Vietnamese (``wordfreq``'s packaged list), floored."""
    return max(word_frequency(syllable.lower(), "vi"), floor)


def with_case(model: str, word: str) -> str | None:
    """``word`` in the case of ``model`` ("Án", "an" → "An"); None for mixed case ("qUân").

    >>> with_case("Án", "an"), with_case("QUÂN", "quan"), with_case("quân", "quan")
    ('An', 'QUAN', 'quan')
    """
    if model.isupper():
        return word.upper()
    if model.islower():
        return word.lower()
    if model[:1].isupper() and model[1:].islower():
        return word[:1].upper() + word[1:].lower()
    return None


def score(
    syllable: str,
    left: str | None,
    right: str | None,
    counts: Bigrams,
    settings: RepairSettings = SETTINGS,
) -> float:
    """``p(c) · Π (1 + n(neighbour, c) / (μ · p(c)))`` (see the module docstring)."""
    p = frequency(syllable, settings.floor)
    k = key(syllable)
    out = p
    if left is not None:
        out *= 1 + counts(left, k) / (settings.mu * p)
    if right is not None:
        out *= 1 + counts(k, right) / (settings.mu * p)
    return out


def candidates(core: str, counts: Bigrams) -> dict[str, str]:
    """Readings of ``core`` that differ only in diacritics and are known syllables: key →
    spelling (the commonest spelling of a key, "hòa" before "hoà")."""
    own = key(core)
    out: dict[str, str] = {}
    for v in variants(core.lower()):
        k = key(v)
        if k == own or not is_vietnamese_syllable(v):
            continue
        if not counts.known(k) and frequency(v) <= SETTINGS.floor:
            continue
        if k not in out or frequency(v) > frequency(out[k]):
            out[k] = v
    return out


def best_reading(
    core: str,
    left: str | None,
    right: str | None,
    counts: Bigrams | None = None,
    settings: RepairSettings = SETTINGS,
    *,
    sure: bool = False,
) -> str | None:
    """The variant of ``core`` (lower case) that context makes clearly more probable, or None;
    ``sure``: the reading was read sure, so the variant needs ``settings.sure_ratio`` and
    both neighbours.

    >>> best_reading("quân", "cơ", None), best_reading("nắng", None, "cao")
    ('quan', 'nâng')
    >>> best_reading("tỉnh", "nam", None), best_reading("quân", None, None)
    (None, None)
    """
    counts = counts or shipped()
    if left is None and right is None:
        return None
    mine = score(core.lower(), left, right, counts, settings)
    best: tuple[float, str] | None = None
    for k, spelling in candidates(core, counts).items():
        by_left = left is not None and counts(left, k) > 0
        by_right = right is not None and counts(k, right) > 0
        if not (by_left and by_right if sure else by_left or by_right):
            continue
        s = score(spelling, left, right, counts, settings)
        if best is None or s > best[0]:
            best = (s, spelling)
    if best is None or best[0] < (settings.sure_ratio if sure else settings.ratio) * mine:
        return None
    return best[1]


def preload() -> None:
    """Read the bigram counts and wordfreq's list now (before worker processes fork)."""
    shipped()
    frequency("và")


@dataclass
class _Token:
    word: OcrWord
    lead: str
    core: str
    trail: str

    @property
    def letters(self) -> bool:
        return self.core.isalpha()


def _token(w: OcrWord) -> _Token:
    m = _EDGE.match(ocr_text(w.text))
    assert m is not None  # the pattern matches any string
    return _Token(w, m.group(1), m.group(2), m.group(3))


def _runs(words: Sequence[OcrWord]) -> Iterator[list[_Token]]:
    """The words of each Tesseract paragraph in reading order (lines chained)."""
    paragraphs: dict[tuple[int, int], list[_Token]] = {}
    for line in lines_of([w for w in words if not w.speck]):
        paragraphs.setdefault((line[0].block, line[0].par), []).extend(_token(w) for w in line)
    yield from paragraphs.values()


def _neighbour(a: _Token, b: _Token) -> bool:
    """Two tokens stand next to each other with only a space between them."""
    return not a.trail and not b.lead and a.letters and b.letters


def repair_words(
    words: Sequence[OcrWord],
    counts: Bigrams | None = None,
    settings: RepairSettings = SETTINGS,
) -> list[OcrWord]:
    """Repair, in place, the unsure words of one page that context clearly reads otherwise;
    the repaired words (``text`` the repair, ``ocr_text`` the first reading,
    ``repaired=True``). Context is always the first readings, so the order does not matter."""
    counts = counts or shipped()
    changed: list[OcrWord] = []
    for run in _runs(words):
        plans: list[tuple[_Token, str]] = []
        for i, tok in enumerate(run):
            w = tok.word
            if w.repaired or w.ocr_text is not None or not tok.letters:
                continue
            # a real syllable read sure needs far more evidence; one that cannot be a
            # syllable is judged like an unsure reading, however sure Tesseract was
            sure = is_vietnamese_syllable(tok.core) and w.conf >= settings.below
            left = run[i - 1] if i and _neighbour(run[i - 1], tok) else None
            right = run[i + 1] if i + 1 < len(run) and _neighbour(tok, run[i + 1]) else None
            better = best_reading(
                tok.core.lower(),
                key(left.core) if left else None,
                key(right.core) if right else None,
                counts,
                settings,
                sure=sure,
            )
            spelled = with_case(tok.core, better) if better else None
            if spelled and strip_diacritics(spelled) == strip_diacritics(tok.core):
                plans.append((tok, spelled))
        for tok, spelled in plans:
            tok.word.ocr_text = tok.word.text
            tok.word.text = tok.lead + spelled + tok.trail
            tok.word.repaired = True
            changed.append(tok.word)
    return changed
