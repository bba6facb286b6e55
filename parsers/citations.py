"""Citations of other documents in running text: find them, then turn them into records.

Stages, as in eyecite: candidates are found fast with compiled patterns (numbers via
:data:`vanban.parsers.numbers.NUMBER_RE`, type words from ``parsers/data/doc_types.json``,
dates via :data:`vanban.parsers.dates.DATE_RE`), then each candidate is grown into a
:class:`FoundCitation` (type word before, date, issuer and subject after) that keeps
its span in the text it came from. :func:`to_citation` maps one onto the output model.

Anchors:

* a số ký hiệu ("Quyết định số 329-QĐ/TW", "Luật Tổ chức Chính phủ số 63/2025/QH15",
  "Kết luận 01-KL/TW", "QĐ số 720-QĐ/TU", or a bare "2450/VPCP-KGVX");
* a named law without a number, when a capitalised "Luật", "Bộ luật", "Pháp lệnh"
  or "Hiến pháp" starts it ("Luật Mặt trận Tổ quốc Việt Nam năm 2015": name and year);
* a type word with "số" and something that is not a number ("Quyết định số 12345"):
  kept with ``errors=["unparsed_number"]``.

Decisions (documented here because they shape the output):

* "Quy chế … ban hành kèm theo Quyết định số 720 -QĐ/TU, ngày 13/2/2026 …" is one
  citation: the document cited is the Quy chế (``doc_type`` "Quy chế", ``name`` the
  Quy chế's title), numbered by the Quyết định that issued it (``number``
  "720-QĐ/TU", ``type_code`` "QĐ").
* Repeated mentions introduced by "(sau đây viết tắt là Nghị định số …)" are aliases,
  not citations.
* ``subject`` is the text after "về" (or after an issuing verb: "quy định …",
  "ban hành …", "hướng dẫn …") up to the end of the clause: ";", a tab, "(", the end of
  a sentence, a paragraph break not followed by a lower-case continuation, or the
  next citation; and before the preamble's closing clause ("…, Ban Thường vụ Tỉnh ủy
  ban hành Kế hoạch như sau:"): the last ", <Capitalised word>" before "như sau", or
  "như sau" itself.
* ``issuer`` names a body: it stops before "như sau", and "của các cơ quan" /
  "của những đơn vị" (a generic plural) is no issuer.
* ``doc_type_raw`` and ``number_raw`` are printed text with line breaks as single
  spaces, like ``raw``, so the type word next to the number can always be found in
  ``raw`` ("… kèm theo Quyết định số 720 -QĐ/TU": ``doc_type`` "Quy chế", the word
  before ``number_raw`` in ``raw`` "Quyết định").
* A type word that disagrees with the number's code ("Nghị quyết số 301-QĐ/TW") is
  kept as printed: ``doc_type`` from the word, ``type_code`` from the number.

>>> c = find_citations("Căn cứ Quyết định số 329-QĐ/TW ngày 13/6/2025 của Ban Bí thư về "
...                    "chức năng, nhiệm vụ;")[0]
>>> (c.doc_type, c.number.canonical, c.date.iso, c.issuer, c.subject)
('Quyết định', '329-QĐ/TW', '2025-06-13', 'Ban Bí thư', 'chức năng, nhiệm vụ')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from vanban.extract.hygiene import strip_diacritics, text_key
from vanban.models.document import Citation, DocNumber
from vanban.parsers.agencies import find_agencies, starts_like_body
from vanban.parsers.alternation import longest_first
from vanban.parsers.dates import DATE_RE, DateMatch, find_dates
from vanban.parsers.numbers import NUMBER_RE, doc_types, number_from_match, type_name_for_code
from vanban.parsers.textview import TextView

LAW_WORDS = ("Bộ luật", "Luật", "Pháp lệnh", "Hiến pháp")
"""Type words that name a document by title ("Luật Đầu tư công") with or without a number."""

MAX_LOOKBACK = 400
MAX_ISSUER = 160
MAX_SUBJECT = 500


@dataclass(slots=True)
class FoundCitation:
    """One cited document found in text; offsets are absolute (``base`` + position)."""

    raw: str
    start: int
    end: int
    doc_type: str | None = None
    doc_type_raw: str | None = None
    number: DocNumber | None = None
    number_raw: str | None = None
    date: DateMatch | None = None
    year: int | None = None
    issuer: str | None = None
    issuers: list[str] = field(default_factory=list)
    issuer_abbreviation: str | None = None
    subject: str | None = None
    name: str | None = None
    verb: str | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def canonical(self) -> str | None:
        return self.number.canonical if self.number is not None else None


# -- patterns -----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _type_tables() -> tuple[dict[str, str], dict[str, str]]:
    """(text_key(word) → type, abbreviation → name).

    A word longer than its type's name is its own type ("Chương trình phối hợp công
    tác", "Thông báo kết luận"), as the header parser types a title line; a spelling
    variant of the name ("Qui chế") is the name.
    """
    words: dict[str, str] = {}
    abbrs: dict[str, str] = {}
    for entry in doc_types():
        name = entry["name"]
        for w in entry["words"]:
            own = len(w.split()) > len(name.split())
            words.setdefault(text_key(w), w if own else name)
        for a in entry["abbreviations"]:
            abbrs.setdefault(a, entry["name"])
    return words, abbrs


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    words = [w for e in doc_types() for w in e["words"]]
    abbrs = [a for e in doc_types() for a in e["abbreviations"]]
    word_alt = longest_first(words, wrap_spaces=True)
    abbr_alt = longest_first(abbrs, wrap_spaces=True)
    law_alt = longest_first(LAW_WORDS, wrap_spaces=True)
    so = r"(?:\s+số)?\s*:?\s*"
    return {
        # a type word (any case) starting at a position
        "type_at": re.compile(rf"(?i:{word_alt})(?!\w)"),
        # type word (any case) or abbreviation + "số" right before the number
        "immediate": re.compile(
            rf"(?<!\w)(?P<type>(?i:{word_alt})|(?:{abbr_alt})(?=\s+số))(?P<so>{so})$"
        ),
        # "Luật … số" / "Kế hoạch hành động số": a title between type word and "số"
        "law_anywhere": re.compile(rf"(?<!\w)(?P<type>{law_alt})(?!\w)"),
        "titled": re.compile(
            rf"(?<!\w)(?P<type>{word_alt})(?P<mid>(?:\s+[^\s;,()]+){{1,6}}?)\s+số\s*:?\s*$"
        ),
        "ends_so": re.compile(r"\s+số\s*:?\s*$"),
        # "<Type> … ban hành kèm theo" before the issuing decision's type word
        "annexed": re.compile(
            rf"(?<!\w)(?P<type>{word_alt})(?P<mid>\s.+?)\s+(?:được\s+)?ban\s+hành\s+kèm\s+theo\s*$",
            re.S,
        ),
        "alias": re.compile(r"(?:viết\s+tắt\s+là|gọi\s+tắt\s+là|gọi\s+là)\s*$"),
        # type word + số + a token that is not a number
        # "số" + a token that is not a number; the type word before it is checked apart
        "unparsed": re.compile(r"(?<!\w)số\s*:?\s*(?P<tok>[^\s,;()]*[\d/…][^\s,;()]*)"),
    }


# A paragraph break ends a clause, except where the text plainly continues (a citation
# wrapped across a page): the next paragraph starts in lower case or with a number that
# is not a list marker, or the previous one stops mid-clause (after a word or a comma)
# and the next one does not look like a heading, a list item or a new preamble line.
_LOWER = "".join(sorted({c for c in map(chr, range(0x61, 0x1EFA)) if c.islower()}))
_UPPER = "".join(sorted({c for c in map(chr, range(0x41, 0x1EFA)) if c.isupper()}))
_CONTINUES = rf"[ \t]*(?:[{re.escape(_LOWER)}]|\d(?![\d.]*[.)]\s))"
_NEW_PART = (
    rf"[ \t]*(?:[{re.escape(_UPPER)}]{{2}}|\d+[.)]|[IVXLC]+[.\-–]|[-–+•*]|Điều\s+\d"
    r"|Căn\s+cứ|Thực\s+hiện|Theo\s+đề\s+nghị|Xét|Nơi\s+nhận)"
)
_PARA_BREAK = (
    rf"(?:(?<![\w, \t])[ \t]*\n[ \t]*\n(?!{_CONTINUES})"
    rf"|(?<=[\w,])[ \t]*\n[ \t]*\n(?={_NEW_PART}))"
)

# Clause boundaries for looking back from a number: nothing before them belongs to it.
_BACK_STOP = re.compile(
    r"[;\t]|\((?!sửa\s+đổi)|(?<!sửa\sđổi)(?<!bổ\ssung)\)|" + _PARA_BREAK + r"|[.:](?=\s+[A-ZĐ])"
)
_SEP = re.compile(r"[ \t]*,?\s*")
_ISSUER_INTRO = re.compile(r"[ \t]*,?\s*(?:của|do|(?P<between>giữa))\s+")
_ISSUER_STOP = re.compile(
    r"\s+(?:về|(?i:ban\s+hành|quy\s+định|hướng\s+dẫn|sửa\s+đổi|bổ\s+sung|phê\s+duyệt|thực\s+hiện|triển\s+khai)"
    r"|tại|đã|được|giai\s+đoạn|năm|ngày|trong|nhằm|để|là|tiếp\s+tục|công\s+bố|thành\s+lập"
    r"|kèm\s+theo|[Vv]/[Vv]|và\s+(?:các|những)|(?:cụ\s+thể\s+)?như\s+sau)(?!\w)"
    r"|[,;()\t:“”\"]|\.(?=\s|$)|" + _PARA_BREAK
)
_SUBJECT_INTRO = re.compile(
    r"[ \t]*,?\s*(?:(?P<ve>về)\s+|(?P<verb>(?i:ban\s+hành|quy\s+định|hướng\s+dẫn|sửa\s+đổi|phê\s+duyệt"
    r"|công\s+bố|thành\s+lập|triển\s+khai)(?!\w)))"
)
# End of a clause for the subject: ";", tab, "(", sentence end, paragraph break unless
# the next paragraph continues in lower case.
_CLAUSE_END = re.compile(r"[;\t(]|\.(?=\s*(?:$|\n|[A-ZĐ]))|:(?=\s*\n)|" + _PARA_BREAK + "|$", re.S)
# The preamble's closing clause ("…, Ban Thường vụ Tỉnh ủy ban hành Kế hoạch như
# sau:") ends the last basis item: the subject stops at the ", <Capitalised body>"
# that opens it, or at "như sau" itself.
_AS_FOLLOWS = re.compile(r"\s*,?\s*(?:cụ\s+thể\s+)?như\s+sau(?!\w)")
_CLOSING_START = re.compile(rf",\s*(?=[{re.escape(_UPPER)}])")
# An issuer names a body: "của các cơ quan", "của những đơn vị" name none (the
# "của" belongs to the words before the number).
_GENERIC_ISSUER = re.compile(r"(?:các|những|mọi|từng|một\s+số|nhiều)(?!\w)", re.IGNORECASE)
_TRAIL_JUNK = re.compile(r"[\s,]*(?:\b(?:và|hoặc|được|đã\s+được|tại)\b[\s,]*)*$")
_AMENDING = re.compile(r"\s+s[ửuưừứữựủũùúụ]a\s+[đd][ổoôồốỗộỏõòóọ]i(?!\w)", re.IGNORECASE)
"""An amending law's title opens with "sửa đổi", whatever tone OCR gave it ("Luật Sửa
đối, bổ sung …"): its name runs on to the date, over "của Luật …" and "và Luật …"."""
_LAW_NAME_END = re.compile(
    r"[;\t()]|\.(?=\s|$)|"
    + _PARA_BREAK
    + r"|,\s*(?=(?:Bộ\s+luật|Luật|Pháp\s+lệnh|Hiến\s+pháp)(?!\w))"
    r"|\s+(?:và|của|được|đã|theo|về|tại|thì|để|khi|nhưng|quy\s+định|hướng\s+dẫn|số\s+\d)(?!\w)"
)


def squash_breaks(s: str) -> str:
    """Line breaks (and the spaces around them) become one space; other spacing is kept."""
    return re.sub(r"[ \t]*\n\s*", " ", s).strip()


def type_name_for_word(word: str) -> str | None:
    """Sentence-case type for a printed type word or abbreviation (see ``_type_tables``).

    >>> type_name_for_word("chương trình phối hợp công tác"), type_name_for_word("QĐ")
    ('Chương trình phối hợp công tác', 'Quyết định')
    """
    words, abbrs = _type_tables()
    return abbrs.get(word) or words.get(text_key(word))


def type_word_at(text: str, pos: int, endpos: int | None = None) -> re.Match[str] | None:
    """The type word (any case) that starts at ``pos``: "chương trình phối hợp", "Luật"."""
    return _patterns()["type_at"].match(text, pos, len(text) if endpos is None else endpos)


# -- finding ----------------------------------------------------------------------------


@dataclass(slots=True)
class _Anchor:
    start: int  # citation start (type word or number)
    num_start: int
    num_end: int
    number: DocNumber | None
    number_raw: str | None
    doc_type: str | None
    doc_type_raw: str | None
    name: str | None
    errors: list[str]


def _back_limit(text: str, pos: int, floor: int) -> int:
    """Start of the clause that ends at ``pos`` (not before ``floor``)."""
    lo = max(floor, pos - MAX_LOOKBACK)
    window = text[lo:pos]
    last = lo
    for m in _BACK_STOP.finditer(window):
        last = lo + m.end()
    for d in DATE_RE.finditer(window):
        last = max(last, lo + d.end())
    return last


def _type_before(text: str, lo: int, pos: int) -> tuple[int, str | None, str | None, str | None]:
    """(start, doc_type, doc_type_raw, name) of the type word that introduces a number at pos."""
    pats = _patterns()
    before = text[lo:pos]
    imm = pats["immediate"].search(before)
    if imm is not None and squash_breaks(imm.group("type")) not in LAW_WORDS:
        t = imm.group("type")
        outer = pats["annexed"].search(before[: imm.start()])
        if outer is not None:  # "Quy chế … ban hành kèm theo Quyết định số …"
            t_out = outer.group("type")
            name = squash_breaks(t_out + outer.group("mid"))
            return lo + outer.start(), type_name_for_word(t_out), t_out, name
        return lo + imm.start(), type_name_for_word(t), t, None
    law = pats["law_anywhere"].search(before)
    so = pats["ends_so"].search(before)
    if law is not None and so is not None and before[law.end() : so.start()].strip():
        # "Luật Tổ chức Chính phủ số …": the title runs from the first law word to "số"
        name = squash_breaks(before[law.start() : so.start()])
        return lo + law.start(), type_name_for_word(law.group("type")), law.group("type"), name
    if imm is not None:  # "Luật số 62/2020/QH14"
        return lo + imm.start(), type_name_for_word(imm.group("type")), imm.group("type"), None
    titled = pats["titled"].search(before)
    if titled is not None:
        t = titled.group("type")
        so = pats["ends_so"].search(before)
        end = so.start() if so is not None else len(before)
        return (
            lo + titled.start(),
            type_name_for_word(t),
            t,
            squash_breaks(before[titled.start() : end]),
        )
    so = pats["ends_so"].search(before)
    if so is not None:  # "số 1234/UBND-KSTT" without a type word: start at "số"
        return lo + so.start() + len(so.group(0)) - len(so.group(0).lstrip()), None, None, None
    return pos, None, None, None


def _anchors(text: str) -> list[_Anchor]:
    pats = _patterns()
    out: list[_Anchor] = []
    floor = 0
    for m in NUMBER_RE.finditer(text):
        lo = _back_limit(text, m.start(), floor)
        before = text[lo : m.start()]
        imm = pats["immediate"].search(before)
        if imm is not None and pats["alias"].search(before[: imm.start()]):
            floor = m.end()
            continue
        start, doc_type, type_raw, name = _type_before(text, lo, m.start())
        number = number_from_match(m)
        if doc_type is None and type_raw is None:
            doc_type = type_name_for_code(number.type_code, number.system)
        out.append(
            _Anchor(start, m.start(), m.end(), number, m.group(0), doc_type, type_raw, name, [])
        )
        floor = m.end()
    numbered = {a.num_start for a in out}
    for u in pats["unparsed"].finditer(text):
        tok = u.start("tok")
        if tok in numbered or NUMBER_RE.match(text, tok) or u.group("tok")[0] in "/-.…_":
            continue  # a number, or a blank template ("số …/2025/NĐ-CP", "số  /NQ-CP")
        imm = pats["immediate"].search(text, max(0, u.start() - 40), u.end("tok") - len(u["tok"]))
        if imm is None or any(a.start <= imm.start() < a.num_end for a in out):
            continue
        t = imm.group("type")
        out.append(
            _Anchor(
                imm.start(),
                tok,
                u.end("tok"),
                None,
                u.group("tok"),
                type_name_for_word(t),
                t,
                None,
                ["unparsed_number"],
            )
        )
    out.sort(key=lambda a: a.start)
    return out


def _clause_end(text: str, pos: int, limit: int) -> int:
    m = _CLAUSE_END.search(text, pos, min(limit, pos + MAX_SUBJECT))
    return m.start() if m is not None else min(limit, pos + MAX_SUBJECT)


def _trim(text: str, start: int, end: int) -> int:
    """Drop trailing connectors and spaces ("… và", "…, ") from [start, end)."""
    m = _TRAIL_JUNK.search(text, start, end)
    return m.start() if m is not None else end


def _subject_end(text: str, start: int, end: int) -> int:
    """End of a subject in [start, end): before a closing "…, <body> … như sau"."""
    close = _AS_FOLLOWS.search(text, start, end)
    if close is not None:
        commas = list(_CLOSING_START.finditer(text, start, close.start()))
        end = commas[-1].start() if commas else close.start()
    return _trim(text, start, end)


@dataclass(frozen=True, slots=True)
class IssuerExtent:
    """Where an issuer runs: its end, each body's (start, end), a defined abbreviation."""

    end: int
    pieces: tuple[tuple[int, int], ...]
    abbreviation: str | None = None


# An abbreviation the issuer defines in passing: "Mặt trận Tổ quốc (MTTQ) Việt Nam".
_ABBREVIATION = re.compile(r"\(\s*(?P<abbr>[A-ZĐ][A-ZĐ0-9]{1,11})\s*\)")
# Another body after the first: "Bộ Chính trị, Ban Bí thư", "Bộ Chính trị và Ban Bí thư".
_JOIN_STOP = re.compile(r",[ \t]*|\s+và\s+")
# After joint issuers comes the subject ("về …") or the clause's end; a verb there means
# the comma closed the citation and a new clause began ("…, Ủy ban nhân dân tỉnh ban
# hành Kế hoạch như sau").
_AFTER_JOINT = re.compile(r"\s+về(?!\w)|\s*(?:[;\t]|\.(?=\s|$)|$)|" + _PARA_BREAK)


def _initials(words: str) -> str:
    return "".join(w[0] for w in strip_diacritics(words).upper().split() if w[:1].isalpha())


def _restates(abbr: str, before: str) -> bool:
    """``abbr`` is the initials of the last words before it: MTTQ ← "Mặt trận Tổ quốc".

    >>> _restates("MTTQ", "Ủy ban Trung ương Mặt trận Tổ quốc")
    True
    >>> _restates("BTC", "Ủy ban nhân dân tỉnh")
    False
    """
    letters = _initials(before)
    folded = strip_diacritics(abbr).upper()
    return len(folded) >= 2 and letters.endswith(folded)


def _body_starts_at(text: str, pos: int, hard: int) -> bool:
    """A body of the agency vocabulary begins exactly at ``pos`` ("Ban Bí thư về …")."""
    window = text[pos:hard]
    if _GENERIC_ISSUER.match(window) or not starts_like_body(window):
        return False
    flat = re.sub(r"\s", " ", window[:MAX_ISSUER])  # a line break inside the name
    return any(m.start == 0 for m in find_agencies(flat))


def issuer_extent(
    text: str, start: int, limit: int, *, between: bool = False
) -> IssuerExtent | None:
    """The issuer that begins at ``start`` (just after "của"/"do").

    It runs to a stop word ("về", "ban hành", "quy định" …), punctuation or the clause's
    end, across a parenthesised abbreviation of the words before it, and across "," or
    "và" when another body of the vocabulary follows (joint issuers, each kept).

    >>> s = "Bộ Chính trị, Ban Bí thư về tiếp tục đổi mới"
    >>> e = issuer_extent(s, 0, len(s))
    >>> [s[a:b] for a, b in e.pieces], s[: e.end]
    (['Bộ Chính trị', 'Ban Bí thư'], 'Bộ Chính trị, Ban Bí thư')
    >>> s = "Ủy ban Trung ương Mặt trận Tổ quốc (MTTQ) Việt Nam về ban hành Kế hoạch"
    >>> e = issuer_extent(s, 0, len(s))
    >>> s[: e.end], e.abbreviation
    ('Ủy ban Trung ương Mặt trận Tổ quốc (MTTQ) Việt Nam', 'MTTQ')
    >>> s = "Bộ Giáo dục và Đào tạo quy định"
    >>> s[: issuer_extent(s, 0, len(s)).end]
    'Bộ Giáo dục và Đào tạo'

    ``between``: the parties of a joint document ("Quy chế phối hợp … giữa Ban Tuyên giáo
    và Dân vận Tỉnh ủy với Ủy ban MTTQ Việt Nam tỉnh"), cut at "với" as well as "và".
    """
    hard = min(limit, start + MAX_ISSUER)
    pieces: list[tuple[int, int]] = []
    piece_start = pos = start
    abbreviation: str | None = None
    first_comma: int | None = None  # pieces before this index were not joined by ","
    end = hard
    while True:
        stop = _ISSUER_STOP.search(text, pos, hard)
        end = stop.start() if stop is not None else hard
        if stop is not None:
            abbr = _ABBREVIATION.match(text, stop.start())
            if (
                abbr is not None
                and abbreviation is None
                and _restates(abbr.group("abbr"), text[piece_start : stop.start()])
            ):
                abbreviation = abbr.group("abbr")
                pos = abbr.end()
                continue
            join = _JOIN_STOP.match(text, stop.start())
            if join is not None and join.end() < hard and _body_starts_at(text, join.end(), hard):
                piece_end = _trim(text, piece_start, end)
                if piece_end > piece_start:
                    if first_comma is None and "," in join.group(0):
                        first_comma = len(pieces)
                    pieces.append((piece_start, piece_end))
                    piece_start = pos = join.end()
                    continue
        break
    piece_end = _trim(text, piece_start, end)
    if piece_end > piece_start:
        pieces.append((piece_start, piece_end))
    if not pieces:
        return None
    if first_comma is not None and not _AFTER_JOINT.match(text, pieces[-1][1]):
        pieces = pieces[: first_comma + 1]  # the comma closed the citation
    end = pieces[-1][1]
    joiner = _VA_VOI if between else _VA
    split = [part for a, b in pieces for part in _split_on_va(text, a, b, joiner)]
    return IssuerExtent(end, tuple(split), abbreviation)


_JOINT_TYPE = re.compile(
    r"(?i:phối\s+hợp|liên\s+tịch|liên\s+ngành|thỏa\s+thuận|thoả\s+thuận|ghi\s+nhớ)(?!\w)"
)
"""A joint document ("Quy chế phối hợp", "Thông tư liên tịch", "Thỏa thuận") names its
parties after "giữa"; after any other document "giữa" begins running text."""
_VA = re.compile(r"\s+và\s+")
_VA_VOI = re.compile(r"\s+(?:và|với)\s+")


def _split_on_va(
    text: str, start: int, end: int, joiner: re.Pattern[str] = _VA
) -> list[tuple[int, int]]:
    """One printed piece → its bodies, cut at "và" where a body follows: "Bộ Chính trị và
    Ban Bí thư" gives two, "Bộ Giáo dục và Đào tạo" stays one."""
    parts: list[tuple[int, int]] = []
    a = start
    for m in joiner.finditer(text, start, end):
        if m.start() > a and _body_starts_at(text, m.end(), end):
            parts.append((a, m.start()))
            a = m.end()
    parts.append((a, end))
    return parts


def _grow(text: str, c: FoundCitation, pos: int, limit: int) -> None:
    """Add date, issuer and subject after ``pos`` (not past ``limit``); sets ``c.end``."""
    end = pos
    if c.date is None:
        sep = _SEP.match(text, pos, limit)
        dpos = sep.end() if sep is not None else pos
        d = DATE_RE.match(text, dpos, limit)
        if d is not None:
            c.date = find_dates(d.group(0), base=d.start())[0]
            pos = end = d.end()
    iss = _ISSUER_INTRO.match(text, pos, limit)
    if iss is not None and not _GENERIC_ISSUER.match(text, iss.end()):
        between = bool(iss.group("between"))
        if between and not _JOINT_TYPE.search(text, c.start, pos):
            found_issuer = None  # "… giữa" after a document that is not a joint one
        else:
            found_issuer = issuer_extent(text, iss.end(), limit, between=between)
        if found_issuer is not None:
            c.issuers = [squash_breaks(text[a:b]) for a, b in found_issuer.pieces]
            c.issuer = squash_breaks(text[iss.end() : found_issuer.end])
            c.issuer_abbreviation = found_issuer.abbreviation
            pos = end = found_issuer.end
            if c.date is None:
                sep = _SEP.match(text, pos, limit)
                d = DATE_RE.match(text, sep.end() if sep else pos, limit)
                if d is not None and (d.group("v") or d.group("n")):
                    c.date = find_dates(d.group(0), base=d.start())[0]
                    pos = end = d.end()
    sub = _SUBJECT_INTRO.match(text, pos, limit)
    if sub is not None:
        s_start = sub.end() if sub.group("ve") else sub.start("verb")
        s_end = _subject_end(text, s_start, _clause_end(text, s_start, limit))
        if s_end > s_start:
            c.subject = squash_breaks(text[s_start:s_end])
            end = s_end
    c.end = end


def find_citations(text: str, *, base: int = 0) -> list[FoundCitation]:
    """Every numbered or named document cited in ``text``, left to right.

    Spans are ``base`` + offsets in ``text``; ``raw``, ``doc_type_raw`` and
    ``number_raw`` are the printed text with line breaks turned into single spaces
    (a citation wrapped across lines gives the same record as the unwrapped one).

    >>> cs = find_citations("Căn cứ Luật Mặt trận Tổ quốc Việt Nam năm 2015; "
    ...                     "Luật Tổ chức Chính phủ số 63/2025/QH15;")
    >>> for c in cs:
    ...     print(c.name, c.year, c.canonical)
    Luật Mặt trận Tổ quốc Việt Nam 2015 None
    Luật Tổ chức Chính phủ 2025 63/2025/QH15
    """
    anchors = _anchors(text)
    found: list[FoundCitation] = []
    for i, a in enumerate(anchors):
        limit = anchors[i + 1].start if i + 1 < len(anchors) else len(text)
        limit = max(limit, a.num_end)
        c = FoundCitation(
            raw="",
            start=a.start,
            end=a.num_end,
            doc_type=a.doc_type,
            doc_type_raw=a.doc_type_raw,
            number=a.number,
            number_raw=a.number_raw,
            name=a.name,
            errors=list(a.errors),
        )
        _grow(text, c, a.num_end, limit)
        found.append(c)
    found.extend(_named_laws(text, found))
    found.sort(key=lambda c: c.start)
    for c in found:
        # printed text with the layout's line breaks as single spaces, like ``raw``
        c.raw = squash_breaks(text[c.start : c.end])
        if c.doc_type_raw is not None:
            c.doc_type_raw = squash_breaks(c.doc_type_raw)
        if c.number_raw is not None:
            c.number_raw = squash_breaks(c.number_raw)
        if c.year is None:
            c.year = (
                c.number.year if c.number and c.number.year else (c.date.year if c.date else None)
            )
        if c.date is not None and c.date.error:
            c.errors.append(c.date.error)
        c.start += base
        c.end += base
        if c.date is not None:
            c.date = DateMatch(
                c.date.raw,
                c.date.iso,
                c.date.start + base,
                c.date.end + base,
                c.date.year,
                c.date.month,
                c.date.day,
                c.date.error,
                c.date.blank,
            )
    return found


def _named_laws(text: str, numbered: list[FoundCitation]) -> list[FoundCitation]:
    """Laws cited by title without a number: "Luật Đầu tư công", "Pháp lệnh … ngày …"."""
    spans = [(c.start, c.end) for c in numbered]
    out: list[FoundCitation] = []
    pos = 0
    for m in _patterns()["law_anywhere"].finditer(text):
        s = m.start()
        if s < pos or any(a <= s < b for a, b in spans):
            continue
        nxt = min((a for a, _ in spans if a > s), default=len(text))
        hard = _BACK_STOP.search(text, m.end(), nxt)
        hard_end = hard.start() if hard is not None else nxt
        stop = _LAW_NAME_END.search(text, m.end(), hard_end)
        amending = _AMENDING.match(text, m.end()) is not None
        date_limit = hard_end if amending or stop is None else stop.start()
        d = next(
            (
                d
                for d in DATE_RE.finditer(text, m.end(), date_limit)
                if d.group("v") or d.group("n") or d.group("y")
            ),
            None,
        )
        c = FoundCitation(
            raw="",
            start=s,
            end=m.end(),
            doc_type_raw=m.group("type"),
            doc_type=type_name_for_word(m.group("type")),
        )
        if d is not None:
            name_end = _trim(text, s, d.start())
            c.date = find_dates(d.group(0), base=d.start())[0]
            _grow(text, c, d.end(), nxt)
            c.end = max(c.end, d.end())
        else:
            name_end = _trim(text, s, stop.start() if stop is not None else hard_end)
            c.end = name_end
        if name_end <= m.end():  # a bare "Luật" with no title
            continue
        c.name = squash_breaks(text[s:name_end])
        out.append(c)
        pos = c.end
    return out


# -- output -------------------------------------------------------------------------


def to_citation(found: FoundCitation, view: TextView, *, verb: str | None = None) -> Citation:
    """The output record: page and box from ``view.locate`` over the citation's span."""
    page, bbox = view.locate(found.start, found.end)
    n = found.number
    return Citation(
        raw=found.raw,
        doc_type=found.doc_type,
        doc_type_raw=found.doc_type_raw,
        number=n.canonical if n is not None else None,
        number_raw=found.number_raw,
        type_code=n.type_code if n is not None else None,
        issuer_code=n.issuer_code if n is not None else None,
        year=found.year,
        date=found.date.iso if found.date is not None else None,
        date_raw=squash_breaks(found.date.raw) if found.date is not None else None,
        issuer=found.issuer,
        issuers=list(found.issuers),
        issuer_abbreviation=found.issuer_abbreviation,
        subject=found.subject,
        name=found.name,
        verb=verb if verb is not None else found.verb,
        page=page,
        span=(found.start, found.end),
        bbox=bbox,
    )
