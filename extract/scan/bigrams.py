"""Syllable bigram counts of typed Vietnamese official documents (``data/vi_bigrams.json.gz``).

The counts are built by ``scripts/build_bigrams.py`` from the typed documents of
``../shared/corpus`` (text layers of typed PDFs, DOCX, HTML, Markdown), the bundled typed
samples and the agency and document-type vocabularies of ``parsers/data``; the word repair
(:mod:`vanban.extract.scan.word_repair`) scores an OCR word against its neighbours with them.

A key is a syllable's :func:`vanban.extract.hygiene.text_key` (lower case, tone as a digit,
old and new tone placement folded: "Uỷ" and "Ủy" are "uy3"); a pair counts only when the two
syllables stand next to each other with nothing but a space between them (punctuation, a
digit or a line end breaks the run):

>>> list(runs("Cơ quan chủ trì: Sở Tài chính, 2024"))
[['cơ', 'quan', 'chu3', 'tri2'], ['sơ3', 'tai2', 'chinh1']]
>>> sorted(count_pairs(["cơ quan; cơ quan"]).items())
[(('cơ', 'quan'), 2)]
"""

from __future__ import annotations

import functools
import gzip
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources

from vanban.extract.hygiene import text_key

DATA_FILE = "vi_bigrams.json.gz"
"""Package data of ``vanban.extract.scan`` (``data/``), written by ``scripts/build_bigrams.py``."""

_BREAK = re.compile(r"[^\w\s]|[\d_]")
"""Punctuation, digits and underscores end a run of syllables."""


def key(syllable: str) -> str:
    """A syllable's comparison key: "Tỉnh" → "tinh3", "hoà" and "hòa" → "hoa2"."""
    return text_key(syllable)


def runs(text: str) -> Iterator[list[str]]:
    """Runs of syllable keys with only spaces between them, line by line."""
    for line in text.splitlines():
        for chunk in _BREAK.split(line):
            words = [key(w) for w in chunk.split()]
            if words:
                yield words


def count_pairs(texts: Iterable[str]) -> Counter[tuple[str, str]]:
    """Adjacent syllable pairs of the texts, counted."""
    out: Counter[tuple[str, str]] = Counter()
    for text in texts:
        for run in runs(text):
            out.update(zip(run, run[1:], strict=False))
    return out


@dataclass
class Bigrams:
    """Pair counts with the totals the scoring needs (how often a syllable has a right or a
    left neighbour at all)."""

    pairs: dict[tuple[str, str], int]
    after: Counter[str] = field(default_factory=Counter)
    """Syllable → pairs in which it is the left one."""
    before: Counter[str] = field(default_factory=Counter)
    """Syllable → pairs in which it is the right one."""

    def __post_init__(self) -> None:
        for (a, b), n in self.pairs.items():
            self.after[a] += n
            self.before[b] += n

    def __call__(self, left: str, right: str) -> int:
        return self.pairs.get((left, right), 0)

    def known(self, syllable_key: str) -> bool:
        return syllable_key in self.after or syllable_key in self.before


def encode(pairs: Counter[tuple[str, str]], *, min_count: int, about: str) -> bytes:
    """The data file's bytes: pairs seen at least ``min_count`` times, sorted, gzip with no
    time stamp (the same input gives the same bytes)."""
    kept = {f"{a} {b}": n for (a, b), n in sorted(pairs.items()) if n >= min_count}
    body = json.dumps(
        {"about": about, "min_count": min_count, "pairs": kept},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return gzip.compress(body.encode("utf-8"), compresslevel=9, mtime=0)


def decode(data: bytes) -> Bigrams:
    raw = json.loads(gzip.decompress(data).decode("utf-8"))
    pairs = {}
    for k, n in raw["pairs"].items():
        a, b = k.split(" ")
        pairs[(a, b)] = int(n)
    return Bigrams(pairs)


@functools.lru_cache(maxsize=1)
def shipped() -> Bigrams:
    """The packaged counts (read once per process)."""
    data = (resources.files("vanban.extract.scan") / "data" / DATA_FILE).read_bytes()
    return decode(data)
