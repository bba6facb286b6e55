"""Agency merges a reviewer decides: an alias file the register reads.

``agency_aliases.json`` beside the store (in the output folder), or any file given with
``--aliases``::

    {"aliases": {"UBMTTQ tỉnh": "Ủy ban MTTQ Việt Nam tỉnh",
                 "Sở VHTTDL": "Sở Văn hóa, Thể thao và Du lịch"}}

Each entry says the body on the left is the body on the right; both sides are names as
printed (or as a reviewer writes them), compared by agency key. Merges chain ("A" → "B",
"B" → "C" puts A, B and C under C). Nothing is rewritten in the store: the register
applies the merges when it reads.

>>> a = Aliases.from_mapping({"Sở VHTTDL": "Sở Văn hóa, Thể thao và Du lịch"})
>>> from vanban.parsers.agencies import agency_key
>>> a.canonical(agency_key("Sở VHTTDL")) == agency_key("Sở Văn hóa, Thể thao và Du lịch")
True
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from vanban.parsers.agencies import agency_key

ALIASES_FILE = "agency_aliases.json"


class AliasError(ValueError):
    """The alias file cannot be read or says something impossible (a cycle)."""


@dataclass(frozen=True)
class Aliases:
    """agency key → the key it is merged into."""

    merged: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, names: Mapping[str, str]) -> Aliases:
        step = {agency_key(a): agency_key(b) for a, b in names.items()}
        step = {a: b for a, b in step.items() if a and b and a != b}
        merged: dict[str, str] = {}
        for start in step:
            seen = [start]
            key = start
            while key in step:
                key = step[key]
                if key in seen:
                    raise AliasError(f"agency aliases loop: {' → '.join([*seen, key])}")
                seen.append(key)
            merged[start] = key
        return cls(merged)

    @classmethod
    def load(cls, path: Path | None) -> Aliases:
        """The aliases of ``path``; none when it is None or absent."""
        if path is None or not path.exists():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            names = data["aliases"]
            if not isinstance(names, dict):
                raise TypeError("'aliases' is not an object")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise AliasError(f"{path}: not an alias file ({exc})") from exc
        return cls.from_mapping({str(k): str(v) for k, v in names.items()})

    def canonical(self, key: str) -> str:
        return self.merged.get(key, key)

    def members(self, key: str) -> list[str]:
        """Every key that is ``key``'s body: itself, its target and all merged into it."""
        target = self.canonical(key)
        return sorted({key, target, *(k for k, v in self.merged.items() if v == target)})
