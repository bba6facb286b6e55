"""Names of bodies (cơ quan, tổ chức): comparison keys, splitting lists, finding them.

One body is printed many ways; :func:`agency_key` gives one key for all of them
(abbreviations expanded from ``parsers/data/agency_abbreviations.json``, then
:func:`vanban.extract.hygiene.text_key` folds case, tone placement and Đ/Ð):

>>> agency_key("UBMTTQ VN tỉnh") == agency_key("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh")
True
>>> agency_key("Ban Thường vụ Tỉnh ủy") == agency_key("Ban Thường trực Tỉnh ủy")
False

:func:`split_bodies` turns a cell that lists several bodies into a list, keeping
the printed text:

>>> split_bodies("Phòng Tuyên truyền, Báo chí-Xuất bản; Các phòng ban liên quan")
['Phòng Tuyên truyền, Báo chí-Xuất bản', 'Các phòng ban liên quan']

:func:`find_agencies` finds bodies in running text with the spaCy pipeline of
:mod:`vanban.parsers.nlp` (EntityRuler patterns in ``parsers/data/agencies.jsonl``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from vanban.extract.hygiene import text_key
from vanban.parsers.alternation import longest_first
from vanban.parsers.vocabulary import agency_abbreviations

# A printed token: letters/digits, possibly joined by "&" or "-" ("TT&TT", "CT-XH").
_TOKEN = re.compile(r"\w+(?:[&\-]\w+)*", re.UNICODE)
_UPPER_ASCIIISH = re.compile(r"^[A-ZĐ]+$")


@dataclass(frozen=True, slots=True)
class _Abbreviations:
    standalone: dict[str, str]
    parts: dict[str, str]
    canonical: list[tuple[re.Pattern[str], str]]


@cache
def _abbreviations() -> _Abbreviations:
    raw = agency_abbreviations()
    standalone: dict[str, str] = dict(raw["standalone"])
    part_words: dict[str, str] = dict(raw.get("compound_part_words", {}))
    parts = {p: standalone.get(p) or part_words[p] for p in raw.get("compound_parts", [])}
    canonical: list[tuple[re.Pattern[str], str]] = []
    for target, variants in raw.get("canonical", {}).items():
        keys = sorted({text_key(v) for v in variants}, key=len, reverse=True)
        pattern = re.compile(r"(?<!\S)(?:" + "|".join(re.escape(k) for k in keys) + r")(?!\S)")
        canonical.append((pattern, text_key(target)))
    return _Abbreviations(standalone, parts, canonical)


def _split_compound(token: str, parts: dict[str, str]) -> list[str] | None:
    """'UBMTTQ' → ['UB', 'MTTQ'] when the token is made only of known pieces."""
    n = len(token)
    best: dict[int, list[str]] = {0: []}
    for i in range(n):
        here = best.get(i)
        if here is None:
            continue
        for piece in parts:
            if token.startswith(piece, i):
                j = i + len(piece)
                there = best.get(j)
                if there is None or len(here) + 1 < len(there):
                    best[j] = [*here, piece]
    found = best.get(n)
    return found if found and len(found) > 1 else None


def _expand_token(token: str, abbr: _Abbreviations) -> str:
    if token in abbr.standalone:
        return abbr.standalone[token]
    if token.isupper() and token.upper() in abbr.standalone:
        return abbr.standalone[token.upper()]
    if ("-" in token or "&" in token) and token.isupper():
        return " ".join(_expand_token(p, abbr) for p in re.split(r"[&\-]", token) if p)
    if _UPPER_ASCIIISH.match(token):
        pieces = _split_compound(token, abbr.parts)
        if pieces:
            return " ".join(abbr.parts[p] for p in pieces)
    return token


def expand_abbreviations(name: str) -> str:
    """Abbreviations in a body's name written out (for keys, not for printing).

    >>> expand_abbreviations("Uỷ ban MTTQVN tỉnh")
    'Uỷ ban Mặt trận Tổ quốc Việt Nam tỉnh'
    """
    abbr = _abbreviations()
    return _TOKEN.sub(lambda m: _expand_token(m.group(0), abbr), name)


_RESTATED_ABBREVIATION = re.compile(r"\s*\(\s*[A-ZĐ][A-ZĐ0-9]{1,11}\s*\)")
"""A parenthesised abbreviation inside a name restates the words before it ("Mặt trận Tổ
quốc (MTTQ)"): the key leaves it out."""


def agency_key(name: str) -> str:
    """Key under which spellings of one body compare equal.

    Abbreviations are expanded, then case, tone placement, Đ/Ð, spacing and
    punctuation are folded; "Mặt trận", "Mặt trận Tổ quốc" and "Mặt trận Tổ quốc
    Việt Nam" give one key (they name the same front at a given level).

    >>> agency_key("Uỷ ban MTTQVN tỉnh") == agency_key("Ủy ban MTTQ Việt Nam tỉnh")
    True
    >>> agency_key("Ủy ban nhân dân tỉnh") == agency_key("Ủy ban nhân dân thành phố")
    False
    >>> k = agency_key("Ủy ban Trung ương Mặt trận Tổ quốc (MTTQ) Việt Nam")
    >>> k == agency_key("Ủy ban Trung ương MTTQ Việt Nam")
    True
    """
    key = text_key(expand_abbreviations(_RESTATED_ABBREVIATION.sub(" ", name)))
    for pattern, target in _abbreviations().canonical:
        key = pattern.sub(target, key)
    return key


# -- splitting a cell into bodies ------------------------------------------------

BODY_STARTS: tuple[str, ...] = (
    "Ban",
    "Sở",
    "Phòng",
    "Văn phòng",
    "Các",
    "Ủy ban",
    "Uỷ ban",
    "UBND",
    "UBMTTQ",
    "MTTQ",
    "Mặt trận",
    "Cơ quan",
    "Đơn vị",
    "Hội",
    "Hội đồng",
    "HĐND",
    "Đoàn",
    "Bộ",
    "Tỉnh ủy",
    "Tỉnh uỷ",
    "Thành ủy",
    "Thành uỷ",
    "Huyện ủy",
    "Huyện uỷ",
    "Đảng ủy",
    "Đảng uỷ",
    "Đảng đoàn",
    "Ban cán sự",
    "Công an",
    "Báo",
    "Đài",
    "Trường",
    "Trung tâm",
    "Viện",
    "Cục",
    "Tổng cục",
    "Chi cục",
    "Liên đoàn",
    "Tổng Liên đoàn",
    "Tỉnh đoàn",
    "Thành đoàn",
    "Thường trực",
    "BTV",
    "BTT",
    "BTG",
    "Bộ Chỉ huy",
    "Bộ đội",
    "Tòa án",
    "Toà án",
    "Viện kiểm sát",
    "Kho bạc",
    "Ngân hàng",
    "Chính phủ",
    "Thủ tướng",
    "Quốc hội",
    "Kiểm toán",
    "Thanh tra",
    "Chi nhánh",
    "Bảo hiểm",
    "Cảnh sát",
    "Quân",
    "Bệnh viện",
    "Tổng công ty",
    "Công ty",
    "Hợp tác xã",
    "Liên minh",
    "Tập đoàn",
    "Nhà xuất bản",
    "Lãnh đạo",
    "Chủ tịch",
    "Giám đốc",
    "Thủ trưởng",
    "Trưởng",
    "Cấp ủy",
    "Cấp uỷ",
    "Chi bộ",
    "Đảng bộ",
    "Cán bộ",
    "Thông tấn xã",
    "TTXVN",
)
"""Words a body's name starts with (capitalised, as printed after a comma)."""

COLLECTIVE_STARTS: tuple[str, ...] = (
    "các bộ",
    "các ngành",
    "các địa phương",
    "các cơ quan",
    "các đơn vị",
    "các sở",
    "các tỉnh",
    "các cấp",
    "các tổ chức",
    "các đoàn thể",
)
"""Lower-case starts of a collective body after a comma: "Bộ Thông tin và Truyền thông,
các bộ, ngành, địa phương" names two leads (the commas inside the collective stay)."""

NOT_A_BODY_AFTER: dict[str, tuple[str, ...]] = {
    "Báo": ("chí", "cáo"),
    "Đoàn": ("thể", "kết", "viên"),
    "Hội": ("nghị", "thảo", "thi", "diễn", "viên"),
    "Bộ": ("phận", "máy", "tiêu", "chỉ"),
    "Các": ("nội", "nhiệm", "hoạt", "văn", "chương", "chính", "chủ", "tài"),
    "Quân": ("sự",),
    "Trưởng": ("thành",),
}
"""A start word followed by one of these lowercase words begins a subject, not a body
("Báo chí-Xuất bản" is a field of the Phòng Tuyên truyền, not a newspaper)."""

_BODY_START_RE = re.compile(
    r"(?:"
    + longest_first(BODY_STARTS)
    + "|"
    + longest_first(COLLECTIVE_STARTS, wrap_spaces=True)
    + r")(?!\w)"
)
_BULLET_LINE = re.compile(r"\n\s*[-+•–]\s*")
_LEAD_BULLET = re.compile(r"^\s*[-+•–]\s+")


def starts_like_body(rest: str) -> bool:
    rest = rest.lstrip()
    m = _BODY_START_RE.match(rest)
    if not m:
        return False
    word = m.group(0)
    after = rest[m.end() :].lstrip()
    nxt = re.match(r"\w+", after)
    return not (nxt and nxt.group(0) in NOT_A_BODY_AFTER.get(word, ()))


def _split_outside_parens(text: str, seps: str) -> list[tuple[str, str]]:
    """Pieces of ``text`` cut at any of ``seps`` outside (…): (piece, separator after)."""
    out: list[tuple[str, str]] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(depth - 1, 0)
        elif ch in seps and depth == 0:
            out.append((text[start:i], ch))
            start = i + 1
    out.append((text[start:], ""))
    return out


def _tidy(piece: str) -> str:
    piece = _LEAD_BULLET.sub("", piece)
    piece = " ".join(piece.split())
    return piece.rstrip(" ;.,").strip()


def split_bodies(text: str) -> list[str]:
    """A cell listing bodies → one entry per body, printed text kept.

    Splits on ";", on a new line that starts with a bullet ("- Sở Y tế"), and on ","
    only when what follows starts like a body (:data:`BODY_STARTS`); never inside
    parentheses; "và" is not split. Entries are trimmed, inner whitespace runs become
    one space, a leading bullet and a trailing ";", "." or "," are dropped.

    >>> split_bodies("Bộ Tài chính, Bộ Tư pháp và các bộ, ngành liên quan")
    ['Bộ Tài chính', 'Bộ Tư pháp và các bộ, ngành liên quan']
    >>> split_bodies("Văn phòng, Các phòng chuyên môn hai cơ quan")
    ['Văn phòng', 'Các phòng chuyên môn hai cơ quan']
    >>> split_bodies("Bộ Thông tin và Truyền thông, các bộ, ngành, địa phương")
    ['Bộ Thông tin và Truyền thông', 'các bộ, ngành, địa phương']
    """
    text = _BULLET_LINE.sub(";", text)
    bodies: list[str] = []
    for part, _ in _split_outside_parens(text, ";"):
        current = ""
        for piece, _sep in _split_outside_parens(part, ","):
            if current and starts_like_body(piece):
                bodies.append(current)
                current = piece
            else:
                current = current + "," + piece if current else piece
        bodies.append(current)
    return [t for t in (_tidy(b) for b in bodies) if t]


# -- finding bodies in running text ---------------------------------------------


@dataclass(frozen=True, slots=True)
class AgencyMatch:
    """A body found in text: printed ``text``, its :func:`agency_key`, offsets."""

    text: str
    key: str
    start: int
    end: int


def find_agencies(text: str) -> list[AgencyMatch]:
    """Bodies named in ``text`` (EntityRuler label "ORG"), in order.

    >>> [m.text for m in find_agencies("Căn cứ Quyết định của Ban Bí thư về …")]
    ['Ban Bí thư']
    """
    from vanban.parsers.nlp import AGENCY_LABEL, get_nlp

    doc = get_nlp()(text)
    return [
        AgencyMatch(ent.text, agency_key(ent.text), ent.start_char, ent.end_char)
        for ent in doc.ents
        if ent.label_ == AGENCY_LABEL
    ]
