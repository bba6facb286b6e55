"""Identity keys: which document a header or a citation names.

A number alone is not an identity (State numbers restart each year, Party numbers
each committee term), so a key is built from the type code, the serial and the
issuer code, folded so that printing differences vanish: spaces and leading zeros
dropped, "Ð" (U+00D0) read as "Đ", upper case. "QĐ", "QĐi" and "QyĐ" stay apart.

* the **base key** has no period: ``"P|QĐ|720|TU"`` (Party), ``"S|KH|115|MTTQ-UB"``
  (State administrative), ``"N|NĐ|30|CP|2020"`` (normative: the year is printed in
  the number, so it is part of the base). Stores index documents by base keys.
* the **period** completes it where it can be known: the year of the date for State
  administrative numbers, the Central Committee term for ``…/TW`` Party numbers
  (``checks/data/party_terms.json``). The resolver (``checks/resolve.py``) decides the
  period of the other mentions.

>>> sorted(keys_for_number("720 -QĐ/TU"))
['P|QĐ|720|TU']
>>> base_key(identity_of("06/2024/TT-BCT"))
'N|TT|6|BCT|2024'
>>> party_term("TW", "2025-06-13")
'XIII'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from sys import intern

from vanban.models.document import Citation, DocNumber, Document
from vanban.parsers.vocabulary import party_terms, type_codes

_SPACE = re.compile(r"\s+")
_SERIAL = re.compile(r"^0*(\d+[A-Za-z]?)")
# Grammar of a canonical number (only used when ``vanban.parsers.numbers`` is absent or a
# citation lacks its parts; the canonical form has no spaces).
_PARTY = re.compile(r"^(?P<serial>\d+[A-Za-z]?)-(?P<type>[^/\s]+)/(?P<issuer>\S+)$")
_NORMATIVE = re.compile(
    r"^(?P<serial>\d+[A-Za-z]?)/(?P<year>(?:19|20)\d\d)/(?:(?P<type>[^-/\s]+)-)?(?P<issuer>\S+)$"
)
_ADMIN = re.compile(r"^(?P<serial>\d+[A-Za-z]?)/(?:(?P<type>[^-/\s]+)-)?(?P<issuer>\S+)$")


@dataclass(frozen=True, slots=True)
class Identity:
    """The parts of a number that identify a document, folded.

    ``system``: "P" Party, "S" State administrative, "N" normative legal.
    """

    system: str
    type_code: str
    serial: str
    issuer_code: str
    year: int | None = None


def fold_code(text: str | None) -> str:
    """'QĐi' → 'QĐI', 'QÐ' (Eth) → 'QĐ', 'MTTQ - UB' → 'MTTQ-UB'.

    >>> fold_code(" qÐ ")
    'QĐ'
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).replace("\u00d0", "Đ").replace("\u00f0", "đ")
    return _SPACE.sub("", text).upper()


def fold_serial(serial: str | None) -> str:
    """'06' → '6', ' 720 ' → '720', '0' → '0'."""
    if not serial:
        return ""
    serial = _SPACE.sub("", serial)
    m = _SERIAL.match(serial)
    return m.group(1).upper() if m else fold_code(serial)


def _split_canonical(number: str) -> dict[str, str | None] | None:
    """Parts of a canonical number: serial, type, issuer, year (Party / normative / admin)."""
    number = _SPACE.sub("", unicodedata.normalize("NFC", number)).replace("\u00d0", "Đ")
    for system, pattern in (("P", _PARTY), ("N", _NORMATIVE), ("S", _ADMIN)):
        m = pattern.match(number)
        if m:
            parts: dict[str, str | None] = {"system": system, **m.groupdict()}
            parts.setdefault("year", None)
            return parts
    return None


@lru_cache(maxsize=1)
def known_type_codes() -> frozenset[str]:
    """Folded type codes of ``checks/data/type_codes.json`` (QĐ, QĐI, QYĐ, KH, NĐ, …)."""
    data = type_codes()
    return frozenset(data["codes"]) | frozenset(data.get("other_codes", []))


def _parse_number(text: str) -> DocNumber | None:
    from vanban.parsers.numbers import parse_number

    return parse_number(text)


def identity_of(
    number: str | None,
    *,
    type_code: str | None = None,
    issuer_code: str | None = None,
    year: int | None = None,
) -> Identity | None:
    """The identity of a canonical (or printed) number; parts given win over the split.

    >>> identity_of("21-NQ/TU")
    Identity(system='P', type_code='NQ', serial='21', issuer_code='TU', year=None)
    >>> identity_of("115 /KH-MTTQ-UB").system
    'S'
    >>> identity_of("2450/VPCP-KGVX")
    Identity(system='S', type_code='', serial='2450', issuer_code='VPCP-KGVX', year=None)
    """
    if not number:
        return None
    parts = _split_canonical(number)
    if parts is None:
        parsed = _parse_number(number)
        if parsed is None:
            return None
        parts = _split_canonical(parsed.canonical)
        if parts is None:
            return None
    system = str(parts["system"])
    serial = fold_serial(parts["serial"])
    if issuer_code:  # the parser's split wins (a Công văn has an issuer but no type)
        t, issuer = fold_code(type_code), fold_code(issuer_code)
    else:
        t, issuer = fold_code(parts["type"]), fold_code(parts["issuer"])
        if system != "P" and t and t not in known_type_codes():
            # "2450/VPCP-KGVX": no type code, the issuer has two parts
            t, issuer = "", f"{t}-{issuer}"
    y = (int(parts["year"]) if parts["year"] else year) if system == "N" else None
    if not serial or not issuer:
        return None
    return Identity(intern(system), intern(t), intern(serial), intern(issuer), y)


def identity_of_docnumber(number: DocNumber) -> Identity | None:
    """The identity of a header number (``Document.number``)."""
    return identity_of(
        number.canonical,
        type_code=number.type_code,
        issuer_code=number.issuer_code,
        year=number.year,
    )


def identity_of_citation(citation: Citation) -> Identity | None:
    """The identity of a citation that prints a number (named laws without one: None)."""
    return identity_of(
        citation.number,
        type_code=citation.type_code,
        issuer_code=citation.issuer_code,
        year=citation.year,
    )


def base_key(identity: Identity) -> str:
    """'P|QĐ|720|TU', 'S|KH|115|MTTQ-UB', 'N|NĐ|30|CP|2020' (interned)."""
    key = f"{identity.system}|{identity.type_code}|{identity.serial}|{identity.issuer_code}"
    if identity.system == "N" and identity.year is not None:
        key += f"|{identity.year}"
    return intern(key)


@lru_cache(maxsize=1)
def _terms() -> tuple[frozenset[str], tuple[str, ...], tuple[tuple[str, str], ...]]:
    data = party_terms()
    terms = tuple((t["from"], t["term"]) for t in data["terms"])
    return frozenset(data["central_codes"]), tuple(data["central_suffixes"]), terms


def party_term(issuer_code: str, date: str | None) -> str | None:
    """Central Committee term of a ``…/TW`` number dated ``date`` (ISO); None if unknown.

    >>> party_term("TW", "2021-01-05"), party_term("TU", "2025-06-13")
    ('XII', None)
    """
    if not date:
        return None
    codes, suffixes, terms = _terms()
    if issuer_code not in codes and not issuer_code.endswith(suffixes):
        return None
    term = None
    for start, name in terms:
        if date >= start:
            term = name
    return term


def period_of(identity: Identity, date: str | None) -> str | None:
    """The period that completes a key: State year, TW term, normative year; else None."""
    if identity.system == "N":
        return str(identity.year) if identity.year is not None else None
    if identity.system == "S":
        return date[:4] if date else None
    return party_term(identity.issuer_code, date)


def identity_key(identity: Identity, period: str | None) -> str:
    """Base key plus the period when known: 'S|KH|115|MTTQ-UB@2026', 'P|QĐ|329|TW@XIII'."""
    base = base_key(identity)
    if period is None or identity.system == "N":
        return base
    return intern(f"{base}@{period}")


def block_key(identity: Identity, date: str) -> str:
    """Fuzzy-matching block of a dated mention: 'B|P|QĐ|TU|2026-02-13' (no serial)."""
    return intern(f"B|{identity.system}|{identity.type_code}|{identity.issuer_code}|{date}")


def keys_for_number(number: str | None) -> set[str]:
    """Base keys of one printed or canonical number (empty when it does not parse)."""
    identity = identity_of(number)
    return {base_key(identity)} if identity else set()


def keys_for_document(doc: Document) -> set[str]:
    """Base keys of a document's header and of every citation it prints, plus the
    block key ('B|…', issuer and date, no serial) of each dated one.

    A store indexes documents by these keys; ``check_batch`` asks for them back
    (block keys find the documents a ``number_mismatch`` is judged against).

    >>> from vanban.models.document import Document, SourceInfo, Citation
    >>> src = SourceInfo(filename="a.txt", sha256="0", format="txt", pages=1, ocr=False)
    >>> doc = Document(extractor_version="t", source=src,
    ...                legal_basis=[Citation(raw="Quyết định số 720 -QĐ/TU ngày 13/2/2026",
    ...                                      number="720-QĐ/TU", date="2026-02-13")])
    >>> sorted(keys_for_document(doc))
    ['B|P|QĐ|TU|2026-02-13', 'P|QĐ|720|TU']
    """
    keys: set[str] = set()
    if doc.number is not None:
        identity = identity_of_docnumber(doc.number)
        if identity is not None:
            keys.add(base_key(identity))
            if doc.date:
                keys.add(block_key(identity, doc.date))
    for citation in (*doc.legal_basis, *doc.references):
        identity = identity_of_citation(citation)
        if identity is not None:
            keys.add(base_key(identity))
            if citation.date:
                keys.add(block_key(identity, citation.date))
    return keys
