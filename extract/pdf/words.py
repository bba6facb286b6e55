"""pdfplumber glyphs → words → line fragments (the first step of the typed-PDF reader).

* glyphs are grouped by baseline, split into words on printed spaces and on gaps
  (:attr:`~extract.pdf_settings.PdfSettings.word_gap`), and words into line
  *fragments* where the gap is wide enough to separate columns;
* bold/italic come from the font name ("TimesNewRomanPS-BoldMT"); words in nameless
  subset fonts inherit the style of a named neighbour;
* legacy-font runs (".VnTime", "VNI-Times") are converted by
  :mod:`vanban.extract.markup.legacy_fonts` *before* :func:`vanban.extract.hygiene.clean_text`; words split
  by glyph gaps are rejoined when they form one syllable ("B Ộ" → "BỘ").

>>> f = Fragment([PdfWord("Điều", 0, 0, 20, 10, "Times", 12, True, False, False),
...               PdfWord("1.", 22, 0, 30, 10, "Times", 12, True, False, False)]).finish()
>>> f.text, f.bold
('Điều 1.', True)
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from vanban.extract.hygiene import clean_text, fragments_join
from vanban.extract.markup.legacy_fonts import convert_legacy, legacy_encoding_of_font
from vanban.extract.pdf.settings import SETTINGS
from vanban.models.layout import BBox, Line, Word

_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_ITALIC = re.compile(r"italic|oblique|,it\b|-it\b", re.IGNORECASE)
SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")


@dataclass(slots=True)
class PdfWord:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    font: str
    size: float
    bold: bool
    italic: bool
    gap_split: bool  # separated from the previous word by a gap only, no printed space

    def to_model(self) -> Word:
        return Word(
            text=self.text,
            bbox=round_bbox((self.x0, self.top, self.x1, self.bottom)),
            font=self.font,
            size=round(self.size, 2),
            bold=self.bold,
            italic=self.italic,
        )


@dataclass(slots=True)
class Fragment:
    """A line fragment: words on one baseline with no column-wide gap."""

    words: list[PdfWord]
    x0: float = 0.0
    top: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    bold: bool = False
    italic: bool = False
    text: str = ""

    def finish(self) -> Fragment:
        ws = self.words
        self.x0 = min(w.x0 for w in ws)
        self.x1 = max(w.x1 for w in ws)
        self.top = min(w.top for w in ws)
        self.bottom = max(w.bottom for w in ws)
        self.size = statistics.median(w.size for w in ws)
        weight = sum(len(w.text) for w in ws) or 1
        self.bold = sum(len(w.text) for w in ws if w.bold) * 2 > weight
        self.italic = sum(len(w.text) for w in ws if w.italic) * 2 > weight
        self.text = " ".join(w.text for w in ws)
        return self

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2

    def to_line(self) -> Line:
        return Line(
            text=self.text,
            bbox=round_bbox((self.x0, self.top, self.x1, self.bottom)),
            words=[w.to_model() for w in self.words],
        )


def is_upper(text: str) -> bool:
    """At least two letters, all capitals: "ỦY BAN NHÂN DÂN", "QUYẾT ĐỊNH:"."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def round_bbox(b: tuple[float, float, float, float]) -> BBox:
    return (round(b[0], 2), round(b[1], 2), round(b[2], 2), round(b[3], 2))


def font_style(font: str) -> tuple[bool, bool]:
    name = SUBSET_PREFIX.sub("", font)
    return bool(_BOLD.search(name)), bool(_ITALIC.search(name))


def word_text(chars: Sequence[dict[str, Any]]) -> str:
    """Glyph texts joined, legacy-font runs converted, hygiene applied."""
    parts: list[str] = []
    run: list[str] = []
    run_font: str | None = None
    for c in chars:
        font = c.get("fontname") or ""
        if font != run_font and run:
            parts.append(_convert_run("".join(run), run_font))
            run = []
        run_font = font
        run.append(c["text"])
    if run:
        parts.append(_convert_run("".join(run), run_font))
    return clean_text("".join(parts))


def _convert_run(text: str, font: str | None) -> str:
    converted = convert_legacy(text, font) if font else None
    return text if converted is None else converted


def _make_word(chars: list[dict[str, Any]], gap_split: bool) -> PdfWord:
    font = chars[0].get("fontname") or ""
    size = float(chars[0].get("size") or 0.0)
    bold, italic = font_style(font)
    return PdfWord(
        text=word_text(chars),
        x0=min(c["x0"] for c in chars),
        top=min(c["top"] for c in chars),
        x1=max(c["x1"] for c in chars),
        bottom=max(c["bottom"] for c in chars),
        font=SUBSET_PREFIX.sub("", font),
        size=size,
        bold=bold,
        italic=italic,
        gap_split=gap_split,
    )


def _words_of_baseline(chars: list[dict[str, Any]]) -> list[PdfWord]:
    """Glyphs of one baseline (any order) → words left to right."""
    chars.sort(key=lambda c: c["x0"])
    words: list[PdfWord] = []
    current: list[dict[str, Any]] = []
    by_gap = False  # how the word being built was separated from the previous one
    for c in chars:
        text = c["text"]
        if not text or text.isspace():
            if current:
                words.append(_make_word(current, by_gap))
                current = []
            by_gap = False
            continue
        if current:
            size = float(current[-1].get("size") or 10.0)
            if c["x0"] - current[-1]["x1"] > SETTINGS.word_gap * size:
                words.append(_make_word(current, by_gap))
                current = []
                by_gap = True
        current.append(c)
    if current:
        words.append(_make_word(current, by_gap))
    return [w for w in words if w.text]


_NAMELESS_FONT = re.compile(r"^[0-9A-F]{8,}$")


def _inherit_style(words: list[PdfWord]) -> None:
    """Words in nameless subset fonts ("FEF2C385A35") take the style of a named neighbour."""
    known = [w for w in words if not _NAMELESS_FONT.match(w.font)]
    if not known or len(known) == len(words):
        return
    last: PdfWord | None = None
    for w in words:
        if _NAMELESS_FONT.match(w.font):
            ref = last or known[0]
            w.bold, w.italic = ref.bold, ref.italic
        else:
            last = w


def _rejoin(words: list[PdfWord]) -> list[PdfWord]:
    """Merge gap-split neighbours that are one syllable ("B" + "Ộ" → "BỘ")."""
    for _ in range(3):  # "Th" "ươ" "ng" → "Th" "ương" → "Thương"
        before = len(words)
        words = _rejoin_pass(words)
        if len(words) == before:
            break
    return words


def _rejoin_pass(words: list[PdfWord]) -> list[PdfWord]:
    out: list[PdfWord] = []
    joined = False
    for w in words:
        if out and w.gap_split and fragments_join(out[-1].text, w.text, left_is_joined=joined):
            prev = out[-1]
            prev.text += w.text
            prev.x1 = max(prev.x1, w.x1)
            prev.top = min(prev.top, w.top)
            prev.bottom = max(prev.bottom, w.bottom)
            joined = True
            continue
        out.append(w)
        joined = False
    return out


def _baselines(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Group glyphs that share a baseline: bottoms chained within a tolerance.

    Chaining (each glyph compared with the previous one) keeps glyphs of another
    font with a slightly lower bottom ("CH" + "Ủ" from a second subset font) on the line.
    """
    groups: list[list[dict[str, Any]]] = []
    ref = -1e9
    for c in sorted(chars, key=lambda c: c["bottom"]):
        tol = max(1.5, SETTINGS.baseline_tolerance * float(c.get("size") or 10.0))
        if groups and c["bottom"] - ref <= tol:
            groups[-1].append(c)
        else:
            groups.append([c])
        ref = c["bottom"]
    return groups


def _restore_tcvn3_u_horn(chars: list[dict[str, Any]]) -> None:
    """TCVN3 puts "ư" at 0xAD, which WinAnsi decoding turns into a space glyph.

    A "space" of a TCVN3 font as wide as a letter (not a space: about 0.25 em) is the
    ư glyph; its text is set back to the TCVN3 code so conversion yields "ư".
    """
    fonts: dict[str, bool] = {}
    for c in chars:
        if c["text"] != " ":
            continue
        font = c.get("fontname") or ""
        is_tcvn3 = fonts.get(font)
        if is_tcvn3 is None:
            is_tcvn3 = fonts[font] = legacy_encoding_of_font(SUBSET_PREFIX.sub("", font)) == "tcvn3"
        if is_tcvn3 and c["x1"] - c["x0"] > 0.4 * float(c.get("size") or 10.0):
            c["text"] = "\xad"


def _column_cuts(lines: list[list[PdfWord]]) -> list[set[int]]:
    """Per line, the indexes of the words that open a new fragment.

    A gap wider than :attr:`~extract.pdf_settings.PdfSettings.column_gap` always cuts; a
    narrower one (over :attr:`~extract.pdf_settings.PdfSettings.gutter_gap`) cuts when it
    lies inside the gutter of a nearby line's column-wide gap, so a header line that
    nearly fills its cell ("BAN THƯỜNG TRỰC ỦY BAN  CỘNG HÒA XÃ HỘI …") is still cut where
    the lines under it ("MTTQ VIỆT NAM THÀNH      NAM") open their gutter.
    """
    cuts: list[set[int]] = []
    wide: list[list[tuple[float, float]]] = []
    narrow: list[list[tuple[int, float, float]]] = []
    for words in lines:
        cut: set[int] = set()
        gaps: list[tuple[float, float]] = []
        small: list[tuple[int, float, float]] = []
        for i in range(1, len(words)):
            a, b = words[i - 1].x1, words[i].x0
            size = max(words[i].size, 1.0)
            if b - a > max(SETTINGS.column_gap_min, SETTINGS.column_gap * size):
                cut.add(i)
                gaps.append((a, b))
            elif b - a > max(SETTINGS.gutter_gap_min, SETTINGS.gutter_gap * size):
                small.append((i, a, b))
        cuts.append(cut)
        wide.append(gaps)
        narrow.append(small)
    if not any(narrow) or not any(wide):
        return cuts
    bounds = [(min(w.top for w in ws), max(w.bottom for w in ws)) for ws in lines]
    for k, small in enumerate(narrow):
        if not small:
            continue
        top, bottom = bounds[k]
        reach = SETTINGS.gutter_reach * (bottom - top)
        gutters = [
            g
            for j, gaps in enumerate(wide)
            if j != k and gaps and max(bounds[j][0] - bottom, top - bounds[j][1]) <= reach
            for g in gaps
        ]
        for i, a, b in small:
            if any(min(b, d) - max(a, c) >= 0.8 * (b - a) for c, d in gutters):
                cuts[k].add(i)
    return cuts


def fragments(chars: list[dict[str, Any]], *, split_columns: bool = True) -> list[Fragment]:
    """Glyphs → line fragments, top to bottom, left to right."""
    _restore_tcvn3_u_horn(chars)
    lines: list[list[PdfWord]] = []
    for group in _baselines(chars):
        words = _rejoin(_words_of_baseline(group))
        if words:
            _inherit_style(words)
            lines.append(words)
    cuts = _column_cuts(lines) if split_columns else [set() for _ in lines]
    frags: list[Fragment] = []
    for words, cut in zip(lines, cuts, strict=True):
        current: list[PdfWord] = [words[0]]
        for i in range(1, len(words)):
            if i in cut:
                frags.append(Fragment(current).finish())
                current = []
            current.append(words[i])
        frags.append(Fragment(current).finish())
    frags.sort(key=lambda f: (round(f.top), f.x0))
    return frags
