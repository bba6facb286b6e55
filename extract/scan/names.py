"""Known names restored in OCR words: body names, document types, fixed header phrases.

Tesseract reads "Bộ Thông tin và Truyên thông", "Độ Ngoại giao", "Bộ Nông, nghiệp và
Phát triển nông thôn" or "Truyền thô thong". Words of one line (or one table cell) that
spell a known name take the name's spelling (:func:`restore_sequence`):

* **exactly**, when their unaccented letters are the name's (tones and hats lost);
* **nearly**, for names of three syllables or more: an edit distance of one letter per
  twelve, no body-type word changed into another ("Sở" never becomes "Bộ"), a first word
  read in lower case never changed ("chế độ tài chính" is no "Bộ Tài chính"), and at
  most one extra word dropped (marked a speck: it keeps its place, not its text) if it
  was read unsure (confidence below :data:`DROP_CONF`) or is not a Vietnamese syllable.

The names are ``parsers/data/agencies.jsonl``, ``doc_types.json`` and
:data:`HEADER_PHRASES`. Inner punctuation follows the name ("Nông," → "Nông"); what
stands before the first and after the last word stays as read ("(Bộ Nội vụ;").

>>> from vanban.extract.scan.tesseract import OcrWord, lines_of
>>> ws = [OcrWord(t, 90, 100 * i, 0, 80, 30, 1, 1, 1) for i, t in enumerate("Độ Ngoại giao,".split())]
>>> restore_sequence(ws); " ".join(w.text for w in ws)
'Bộ Ngoại giao,'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from vanban.extract.hygiene import is_vietnamese_syllable, strip_diacritics, text_key
from vanban.extract.scan.tesseract import OcrWord, lines_of
from vanban.parsers.vocabulary import agency_names, doc_types

HEADER_PHRASES = (
    "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Độc lập - Tự do - Hạnh phúc",
    "Đảng Cộng sản Việt Nam",
    "thành phố",
    "Ủy ban nhân dân tỉnh",
    "Ủy ban nhân dân thành phố",
    "Căn cứ",
    "Nơi nhận",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
)
"""Fixed phrases of headers, preambles and task-table headings, restored like body names."""

NEAR_SYLLABLES = 3
"""Names shorter than this are only restored exactly ("Bộ Y tế" is too close to others)."""
NEAR_CHARS_PER_EDIT = 12
"""One letter may differ per this many letters of the name (unaccented)."""
DROP_CONF = 60.0
"""An extra word inside a name is dropped only when read below this confidence."""
BODY_TYPE_WORDS = frozenset(
    {"bo", "so", "ban", "cuc", "vien", "phong", "dai", "hoi", "uy", "tong", "chi", "vu"}
)
"""Unaccented first words of body names: a near match never turns one into another."""

_EDGE_PUNCT = re.compile(r"^([\W_]*)(.*?)([\W_]*)$")


def bare(word: str) -> str:
    """Lower case, no diacritics, "đ" → "d": "Truyền" → "truyen"."""
    return strip_diacritics(word).lower().replace("đ", "d")


def core(token: str) -> str:
    """A word without its edge punctuation, bare: "hóa," → "hoa", "-" → ""."""
    m = _EDGE_PUNCT.match(token)
    return bare(m.group(2)) if m else ""


@dataclass(frozen=True, slots=True)
class Name:
    tokens: tuple[str, ...]
    cores: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(c for c in self.cores if c)


@functools.lru_cache(maxsize=1)
def known_names() -> dict[str, list[Name]]:
    """Known names of two syllables or more, by their first syllable's core, longest first;
    names of :data:`NEAR_SYLLABLES` or more are indexed by their second one too."""
    texts: list[str] = list(HEADER_PHRASES)
    texts += agency_names()
    for t in doc_types():
        texts += [w for w in t.get("words", []) if isinstance(w, str)]
    out: dict[str, list[Name]] = {}
    for text in dict.fromkeys(texts):
        tokens = tuple(text.split())
        if len(tokens) >= 2:
            name = Name(tokens, tuple(core(t) for t in tokens))
            out.setdefault(name.cores[0], []).append(name)
    for group in out.values():
        group.sort(key=lambda n: len(n.tokens), reverse=True)
    return out


@functools.lru_cache(maxsize=1)
def _by_second() -> dict[str, list[Name]]:
    out: dict[str, list[Name]] = {}
    for group in known_names().values():
        for name in group:
            if len(name.tokens) >= NEAR_SYLLABLES:
                out.setdefault(name.cores[1], []).append(name)
    return out


def restore_names(words: list[OcrWord]) -> None:
    """:func:`restore_sequence` on every Tesseract line of a page, in place; the number
    label opening a line ("Sô:", "Sổ:") becomes "Số:"."""
    lines = lines_of([w for w in words if not w.speck])
    for line in lines:
        first = line[0]
        if len(line) >= 2 and first.text.endswith(":") and bare(first.text[:-1]) == "so":
            first.text = "SỐ:" if first.text[:-1].isupper() else "Số:"
    for line in lines:
        restore_sequence(line)


def _exact(cores: list[str], i: int) -> Name | None:
    for name in known_names().get(cores[i], []):
        if tuple(cores[i : i + len(name.cores)]) == name.cores:
            return name
    return None


def _distance(read: Sequence[str], name: Name) -> int | None:
    """Letters to change so that ``read`` spells ``name``; ``None`` when too many, or when
    a body-type word would change ("Sở Tài chính" is a body, not a misread "Bộ …")."""
    if len(name.tokens) < NEAR_SYLLABLES:
        return None
    for got, want in zip(read, name.cores, strict=True):
        if got != want and got in BODY_TYPE_WORDS:
            return None
    d = Levenshtein.distance(" ".join(c for c in read if c), name.text)
    return d if d <= max(1, len(name.text) // NEAR_CHARS_PER_EDIT) else None


def _droppable(line: list[OcrWord], cores: list[str], j: int) -> bool:
    """An extra word inside a name may go when read unsure, when it is no Vietnamese
    syllable ("AE"), or when it repeats its neighbour ("thông thong": read twice)."""
    w = line[j]
    if w.conf < DROP_CONF or not is_vietnamese_syllable(w.text.strip(".,;:")):
        return True
    near = [cores[k] for k in (j - 1, j + 1) if 0 <= k < len(cores)]
    return len(cores[j]) >= 3 and any(Levenshtein.distance(cores[j], n) <= 2 for n in near)


def _lower_case(token: str) -> bool:
    m = _EDGE_PUNCT.match(token)
    return bool(m and m.group(2)[:1].islower())


def _near(line: list[OcrWord], cores: list[str], i: int) -> tuple[Name, list[int]] | None:
    """The nearest name starting at word ``i``, and the words that spell it (at most one
    word between them dropped); the fewest changed letters win, then the longer name."""
    candidates = list(known_names().get(cores[i], []))
    if i + 1 < len(cores):
        candidates += _by_second().get(cores[i + 1], [])
    best: tuple[int, int, Name, list[int]] | None = None
    for name in candidates:
        k = len(name.tokens)
        if i + k > len(line):
            continue
        options = [list(range(i, i + k))]
        if i + k < len(line):
            options += [
                [j for j in range(i, i + k + 1) if j != drop]
                for drop in range(i + 1, i + k + 1)
                if _droppable(line, cores, drop)
            ]
        for kept in options:
            if cores[kept[0]] != name.cores[0] and _lower_case(line[kept[0]].text):
                continue  # "chế độ tài chính" is no misread "Bộ Tài chính"
            d = _distance([cores[j] for j in kept], name)
            if d is not None and (best is None or (d, -k) < best[:2]):
                best = (d, -k, name, kept)
    return (best[2], best[3]) if best else None


def _spell(word: OcrWord, token: str, *, first: bool, last: bool) -> None:
    """Give ``word`` the name's ``token``, keeping its case and outer punctuation."""
    m, t = _EDGE_PUNCT.match(word.text), _EDGE_PUNCT.match(token)
    if m is None or t is None:
        return
    read, syl = m.group(2), t.group(2)
    lead = m.group(1) if first else t.group(1)
    trail = m.group(3) if last else t.group(3)
    if text_key(read) != text_key(syl):  # same word in another tone placement: as read
        if read.isupper() and len(read) > 1:
            syl = syl.upper()
        elif read[:1].isupper():
            syl = syl[:1].upper() + syl[1:]
        elif not first:
            syl = syl[:1].lower() + syl[1:]
    else:
        syl = read
    word.text = lead + syl + trail


def restore_sequence(words: Sequence[OcrWord]) -> None:
    """Known names restored in words already in reading order (one line, or the lines of
    one table cell: "Bộ Thông tin và" / "Truyên thông"), in place."""
    line = [w for w in words if not w.speck]
    cores = [core(w.text) for w in line]
    i = 0
    while i < len(line):
        name = _exact(cores, i)
        spelled = list(range(i, i + len(name.tokens))) if name else None
        if name is None:
            near = _near(line, cores, i) if cores[i] else None
            if near is None:
                i += 1
                continue
            name, spelled = near
        assert spelled is not None
        for n, (j, token) in enumerate(zip(spelled, name.tokens, strict=True)):
            _spell(line[j], token, first=n == 0, last=n == len(spelled) - 1)
        for j in range(spelled[0], spelled[-1] + 1):
            if j not in spelled:
                line[j].speck = True  # an extra word read inside the name
        i = spelled[-1] + 1
