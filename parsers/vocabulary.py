"""Every vocabulary the project reads, loaded once (cached) from the package's data files.

Readers, parsers and checks ask this module; none opens a data file itself.

* ``doc_types()``: ``parsers/data/doc_types.json`` — each document type with its codes
  and the spellings of its type word ({"name": "Quyết định", "codes": ["QĐ"], …});
* ``agency_patterns()``: ``parsers/data/agencies.jsonl`` — spaCy EntityRuler patterns
  for bodies (comment lines dropped);
* ``agency_names()``: the bodies of those patterns as plain text ("Ban Bí thư");
* ``agency_abbreviations()``: ``parsers/data/agency_abbreviations.json``;
* ``citation_relations()``: ``parsers/data/citation_relations.json`` — the cues by which a
  citing sentence amends, replaces, repeals or implements what it cites;
* ``implementing_verbs()``: ``parsers/data/implements.json``;
* ``type_codes()``: ``checks/data/type_codes.json`` — the type words each type code may be
  printed with (the cross-document checks' view);
* ``issuer_families()``: ``checks/data/issuer_families.json``.

Which type word goes with which code is said once, in ``doc_types.json``; the checks'
table may widen a code to related words (Party "QĐ" for "Quy định"), never contradict it:
:func:`type_code_disagreements` lists contradictions and a test keeps it empty.

>>> any(t["name"] == "Quyết định" for t in doc_types())
True
>>> "Ban Bí thư" in agency_names()
True
>>> type_code_disagreements()
[]
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from vanban.extract.hygiene import text_key


def _read(package: str, name: str) -> str:
    return resources.files(package).joinpath("data", name).read_text(encoding="utf-8")


@cache
def doc_types_file() -> dict[str, Any]:
    """The whole of ``doc_types.json`` (types and its other keys)."""
    data: dict[str, Any] = json.loads(_read("vanban.parsers", "doc_types.json"))
    return data


def doc_types() -> list[dict[str, Any]]:
    """The type table of ``doc_types.json``."""
    return list(doc_types_file()["types"])


@cache
def agency_patterns() -> tuple[dict[str, Any], ...]:
    """The EntityRuler patterns of ``agencies.jsonl`` (``//`` comment lines dropped)."""
    out = []
    for line in _read("vanban.parsers", "agencies.jsonl").splitlines():
        line = line.strip()
        if line and not line.startswith("//"):
            out.append(json.loads(line))
    return tuple(out)


@cache
def agency_names() -> tuple[str, ...]:
    """Bodies of the patterns written as text, when every token is a NORM value."""
    names = []
    for entry in agency_patterns():
        tokens = entry.get("pattern", [])
        if tokens and all(isinstance(t, dict) and isinstance(t.get("NORM"), str) for t in tokens):
            names.append(" ".join(t["NORM"] for t in tokens))
    return tuple(names)


@cache
def agency_abbreviations() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_read("vanban.parsers", "agency_abbreviations.json"))
    return data


@cache
def citation_relations() -> dict[str, Any]:
    """``parsers/data/citation_relations.json``: the cues of a citation's relation."""
    data: dict[str, Any] = json.loads(_read("vanban.parsers", "citation_relations.json"))
    return data


@cache
def implementing_verbs() -> tuple[str, ...]:
    """``parsers/data/implements.json``: verbs by which a plan names what it implements."""
    data: dict[str, Any] = json.loads(_read("vanban.parsers", "implements.json"))
    return tuple(data["verbs"])


@cache
def type_codes() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_read("vanban.checks", "type_codes.json"))
    return data


@cache
def party_terms() -> dict[str, Any]:
    """``checks/data/party_terms.json``: Party congress terms of central numbers."""
    data: dict[str, Any] = json.loads(_read("vanban.checks", "party_terms.json"))
    return data


@cache
def issuer_families() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_read("vanban.checks", "issuer_families.json"))
    return data


def _fold_code(code: str) -> str:
    return code.upper().replace("Ð", "Đ")


def type_code_disagreements() -> list[str]:
    """Codes that ``doc_types.json`` and ``type_codes.json`` pair with different words:
    a type of ``doc_types.json`` whose code the checks' table knows, but not with that
    type's name (each entry says which)."""
    checks = {
        _fold_code(code): {text_key(w) for w in words}
        for code, words in type_codes()["codes"].items()
    }
    out = []
    for entry in doc_types():
        for code in entry["codes"]:
            words = checks.get(_fold_code(code))
            if words is not None and text_key(entry["name"]) not in words:
                out.append(
                    f"{code}: doc_types.json says {entry['name']!r}, type_codes.json {sorted(words)}"
                )
    return out
