"""Document numbers (số ký hiệu): find them in text and split them into parts.

Three grammars (DOMAIN.md, "Numbers"):

* party (HD 36): ``serial-TYPE/ISSUER``  "21-NQ/TU", "15 -CTr/BTGDVTU-UBMTTQ"
* normative: ``serial/YEAR/TYPE-ISSUER`` "30/2020/NĐ-CP", "104/2025/UBTVQH15"
* administrative (NĐ 30): ``serial/TYPE-ISSUER`` "115/KH-MTTQ-UB", or
  ``serial/ISSUER-UNIT`` for a Công văn ("2450/VPCP-KGVX", no type code).

In the party grammar the type code's place is fixed, so an unknown code is kept as
the type. In the two State grammars the first code after "/" is the type code only
when ``parsers/data/doc_types.json`` knows it; otherwise every code is the issuer's
("2450/VPCP-KGVX": type ``None``, issuer "VPCP-KGVX"; "63/2025/QH15": issuer "QH15").

Blank numbers in drafts ("Số:      /QĐ-UBND", "Số: …/KH-DCT") are not numbers:
:func:`parse_number` returns ``None`` for them and :func:`parse_number_template`
returns a :class:`NumberTemplate` (the printed template and its codes) so that the
header parser can warn "number left blank".

>>> n = parse_number("Số: 15 -CTr/BTGDVTU-UBMTTQ")
>>> (n.canonical, n.serial, n.type_code, n.issuer_code, n.system, n.grammar)
('15-CTr/BTGDVTU-UBMTTQ', '15', 'CTr', 'BTGDVTU-UBMTTQ', 'party', 'party')
>>> parse_number("Số: 2450/VPCP-KGVX").issuer_code
'VPCP-KGVX'
>>> parse_number_template("Số:      /QĐ-UBND").type_code
'QĐ'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from vanban.models.document import DocNumber
from vanban.parsers import vocabulary

Grammar = Literal["party", "administrative", "normative"]

# One code segment: an upper-case letter, then letters/digits ("NĐ", "CtrPH",
# "QĐi", "BCĐQG1237", "UBTVQH15").
_CODE = r"[A-ZĐÐ][^\W_]*"
_CODES = rf"{_CODE}(?:[ \t]*-[ \t]*{_CODE})*"
_SERIAL = r"\d{1,5}[a-z]?"
_YEAR = r"(?:19|20)\d{2}"
_SP = r"[ \t]*"
# In running text a number may be wrapped by the layout where a space is allowed
# around "-" and "/" ("Quyết định số 720" / "-QĐ/TU"): at most one line break there.
# Between issuer codes a break before "-" is taken only when an upper-case code
# follows the "-" directly ("…/KH" / "-MTTQ-UB"), so that a bullet on the next line
# ("- Ban Tuyên giáo") is not read as a code; a break after a "-" is always taken.
_WSP = r"[ \t]*(?:\n[ \t]*)?"
_CODE_UPPER = r"[A-ZĐÐ][A-ZĐÐ\d]*(?!\w)"
_WRAPPED_CODES = rf"{_CODE}(?:(?:[ \t]*-{_WSP}|[ \t]*\n[ \t]*-(?={_CODE_UPPER})){_CODE})*"


def _state_type_codes() -> str:
    """Alternation of the State type codes ("NĐ|QĐ|TT|…"), longest first."""
    codes = {c for t in vocabulary.doc_types() if t.get("system") != "party" for c in t["codes"]}
    return "|".join(re.escape(c) for c in sorted(codes, key=lambda c: (-len(c), c)))


# Order matters: normative (two slashes) before administrative (one slash). The
# ``m_`` and ``g_`` branches are numbers whose slash was lost, in print or by OCR
# ("44/2014NĐ-CP", "47NQ-CP"): taken only when a known State type code follows the
# year or serial directly, and an issuer code follows it after "-"; ``d_`` is a
# normative number whose "-" was read "." ("69/2018/NĐ.CP", upper-case issuer
# only). The canonical form puts the slash or hyphen back, ``raw`` keeps the print.
NUMBER_PATTERN = (
    rf"(?<![\w/.\-])(?:"
    rf"(?P<d_serial>{_SERIAL}){_WSP}/{_WSP}(?P<d_year>{_YEAR}){_WSP}/{_WSP}"
    rf"(?P<d_type>{_state_type_codes()})\.(?P<d_issuer>[A-ZĐ][A-ZĐ\d]*(?:-{_CODE})*)"
    rf"|(?P<n_serial>{_SERIAL}){_WSP}/{_WSP}(?P<n_year>{_YEAR}){_WSP}/{_WSP}"
    rf"(?P<n_codes>{_WRAPPED_CODES})"
    rf"|(?P<m_serial>{_SERIAL}){_WSP}/{_WSP}(?P<m_year>{_YEAR})"
    rf"(?P<m_codes>(?:{_state_type_codes()}){_SP}-{_SP}{_CODE}(?:{_SP}-{_SP}{_CODE})*)"
    rf"|(?P<a_serial>{_SERIAL}){_WSP}/{_WSP}(?P<a_codes>{_WRAPPED_CODES})"
    rf"|(?P<g_serial>\d{{1,5}})"
    rf"(?P<g_codes>(?:{_state_type_codes()}){_SP}-{_SP}{_CODE}(?:{_SP}-{_SP}{_CODE})*)"
    rf"|(?P<p_serial>{_SERIAL}){_WSP}-{_WSP}(?P<p_type>{_CODE}){_WSP}/{_WSP}"
    rf"(?P<p_issuer>{_WRAPPED_CODES})"
    rf")(?![\w])"
)
NUMBER_RE = re.compile(NUMBER_PATTERN)
"""A số ký hiệu inside running text ("… Quyết định số 720 -QĐ/TU, ngày …")."""

# "Số:", "số", "Nghị quyết số:", "Pháp lệnh số:" just before a number, on its line.
_PREFIX_RE = re.compile(r"(?:^|(?<=\n))[ \t]*(?:[^\W\d_]+[ \t]+){0,3}?[Ss][ốỐ][ \t]*:?[ \t]*$")
_SO_RE = re.compile(r"[Ss][ốỐ][ \t]*:?[ \t]*$")

# Blank serials in drafts: spaces, dots, ellipses, underscores.
_BLANK = r"[ \t.…_]*"
TEMPLATE_RE = re.compile(
    rf"[Ss][ốỐ][ \t]*:?(?P<blank>{_BLANK})(?:"
    rf"/{_SP}(?P<n_year>{_YEAR}|{_BLANK}){_SP}/{_SP}(?P<n_codes>{_CODES})"
    rf"|/{_SP}(?P<a_codes>{_CODES})"
    rf"|-{_SP}(?P<p_type>{_CODE}){_SP}/{_SP}(?P<p_issuer>{_CODES})"
    rf")(?![\w])"
)


@dataclass(frozen=True, slots=True)
class NumberTemplate:
    """A number printed with its serial left blank, e.g. "Số: …/KH-DCT" in a draft."""

    raw: str
    type_code: str | None
    issuer_code: str | None
    year: int | None
    grammar: Grammar
    system: Literal["party", "state"]
    start: int
    end: int


@lru_cache(maxsize=1)
def doc_types() -> list[dict[str, Any]]:
    """The type table of ``parsers/data/doc_types.json``."""
    return vocabulary.doc_types()


@lru_cache(maxsize=1)
def _code_index() -> dict[str, list[dict[str, Any]]]:
    index: dict[str, list[dict[str, Any]]] = {}
    for entry in doc_types():
        for code in entry["codes"]:
            index.setdefault(code, []).append(entry)
    return index


def known_type_code(code: str) -> bool:
    """True when ``code`` is a type code of doc_types.json ("QĐ", "CTr", "TTLT")."""
    return _norm(code) in _code_index()


def type_name_for_code(code: str | None, system: str | None = None) -> str | None:
    """Sentence-case type name for a type code: "NQ" → "Nghị quyết".

    ``system`` ("party"/"state") settles shared codes: "TT" is Thông tri in a Party
    number and Thông tư in a State one.

    >>> type_name_for_code("TT", "party"), type_name_for_code("TT", "state")
    ('Thông tri', 'Thông tư')
    """
    if not code:
        return None
    entries = _code_index().get(_norm(code), [])
    for entry in entries:
        if system is None or entry["system"] in (system, "both"):
            return str(entry["name"])
    return str(entries[0]["name"]) if entries else None


def _norm(s: str) -> str:
    """Canonical spelling of a printed fragment: no whitespace, "Ð" → "Đ"."""
    return re.sub(r"\s+", "", s).replace("Ð", "Đ").replace("ð", "đ")


def _split_state_codes(codes: str) -> tuple[str | None, str | None]:
    """'KH-MTTQ-UB' → ('KH', 'MTTQ-UB'); 'VPCP-KGVX' → (None, 'VPCP-KGVX')."""
    parts = _norm(codes).split("-")
    if parts[0] in _code_index() and parts[0] not in ("L",):
        return parts[0], "-".join(parts[1:]) or None
    return None, "-".join(parts)


def _parts(m: re.Match[str]) -> tuple[Grammar, str, int | None, str | None, str | None, str]:
    """(grammar, serial, year, type_code, issuer_code, canonical) of a NUMBER_RE match."""
    if m.group("n_serial"):
        serial, year = m.group("n_serial"), int(m.group("n_year"))
        type_code, issuer = _split_state_codes(m.group("n_codes"))
        canonical = f"{serial}/{year}/{_norm(m.group('n_codes'))}"
        return "normative", serial, year, type_code, issuer, canonical
    if m.group("m_serial"):
        serial, year = m.group("m_serial"), int(m.group("m_year"))
        type_code, issuer = _split_state_codes(m.group("m_codes"))
        canonical = f"{serial}/{year}/{_norm(m.group('m_codes'))}"
        return "normative", serial, year, type_code, issuer, canonical
    if m.group("d_serial"):
        serial, year = m.group("d_serial"), int(m.group("d_year"))
        codes = f"{m.group('d_type')}-{_norm(m.group('d_issuer'))}"
        type_code, issuer = _split_state_codes(codes)
        return "normative", serial, year, type_code, issuer, f"{serial}/{year}/{codes}"
    if m.group("g_serial"):
        serial = m.group("g_serial")
        type_code, issuer = _split_state_codes(m.group("g_codes"))
        canonical = f"{serial}/{_norm(m.group('g_codes'))}"
        return "administrative", serial, None, type_code, issuer, canonical
    if m.group("a_serial"):
        serial = m.group("a_serial")
        type_code, issuer = _split_state_codes(m.group("a_codes"))
        canonical = f"{serial}/{_norm(m.group('a_codes'))}"
        return "administrative", serial, None, type_code, issuer, canonical
    serial = m.group("p_serial")
    type_code, issuer = _norm(m.group("p_type")), _norm(m.group("p_issuer"))
    return "party", serial, None, type_code, issuer, f"{serial}-{type_code}/{issuer}"


def number_from_match(m: re.Match[str], *, raw: str | None = None) -> DocNumber:
    """A :class:`DocNumber` from a :data:`NUMBER_RE` match (``raw`` defaults to the match)."""
    grammar, serial, year, type_code, issuer, canonical = _parts(m)
    return DocNumber(
        raw=raw if raw is not None else m.group(0),
        canonical=canonical,
        serial=serial,
        year=year,
        type_code=type_code,
        issuer_code=issuer,
        system="party" if grammar == "party" else "state",
        grammar=grammar,
    )


def _raw_start(text: str, start: int) -> int:
    """Start of the printed number including a "Số:" / "Nghị quyết số:" prefix on its line."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    whole = _PREFIX_RE.search(before)
    if whole is not None and not before[: whole.start()].strip():
        return line_start + len(before) - len(before.lstrip())
    so = _SO_RE.search(before)
    return line_start + so.start() if so is not None else start


def parse_number(text: str) -> DocNumber | None:
    """The first số ký hiệu in ``text``; ``None`` if there is none (or it is blank).

    ``raw`` keeps the printed prefix when the text has one ("Số: 06 /2024/TT-BCT");
    ``canonical`` has no spaces and "Đ" for "Ð".

    >>> parse_number("Nghị quyết số: 104/2025/UBTVQH15").issuer_code
    'UBTVQH15'
    >>> parse_number("Số: 06 /2024/TT-BCT").canonical
    '06/2024/TT-BCT'
    >>> parse_number("Số:      /QĐ-UBND") is None
    True
    """
    m = NUMBER_RE.search(text)
    if m is None:
        return None
    start = _raw_start(text, m.start())
    return number_from_match(m, raw=text[start : m.end()])


def parse_number_template(text: str) -> NumberTemplate | None:
    """A number whose serial is blank ("Số:      /QĐ-UBND", "Số: …/KH-DCT").

    Returns ``None`` when the text holds a real number or no number at all; the
    header parser calls it when :func:`parse_number` gave ``None``.

    >>> t = parse_number_template("Số: …/KH-DCT")
    >>> (t.type_code, t.issuer_code, t.grammar)
    ('KH', 'DCT', 'administrative')
    """
    if NUMBER_RE.search(text):
        return None
    m = TEMPLATE_RE.search(text)
    if m is None:
        return None
    grammar: Grammar
    year: int | None = None
    if m.group("n_codes"):
        grammar = "normative"
        y = m.group("n_year").strip(" \t.…_")
        year = int(y) if y else None
        type_code, issuer = _split_state_codes(m.group("n_codes"))
    elif m.group("a_codes"):
        grammar = "administrative"
        type_code, issuer = _split_state_codes(m.group("a_codes"))
    else:
        grammar = "party"
        type_code, issuer = _norm(m.group("p_type")), _norm(m.group("p_issuer"))
    return NumberTemplate(
        raw=m.group(0),
        type_code=type_code,
        issuer_code=issuer,
        year=year,
        grammar=grammar,
        system="party" if grammar == "party" else "state",
        start=m.start(),
        end=m.end(),
    )
