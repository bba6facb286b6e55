"""Bodies named on tasks across the corpus: one entry per agency key (aliases applied),
with every spelling and how many tasks it leads, partners and is focal unit for.

>>> from pathlib import Path
>>> from vanban.models.document import Document, SourceInfo, Task
>>> from vanban.store.sqlite import SQLiteStore
>>> src = SourceInfo(filename="kh.txt", sha256="ab", format="txt", pages=1, ocr=False)
>>> store = SQLiteStore(Path(":memory:"))
>>> store.put(Document(extractor_version="t", source=src, tasks=[
...     Task(content="a", lead=["Ủy ban MTTQ Việt Nam tỉnh"]),
...     Task(content="b", lead=["Sở Nội vụ"], partners=["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"])]),
...     original_name="kh.txt", archive_path="a", extractor_version="t")
>>> [(a.spellings, a.lead, a.partner) for a in agency_table(store, Aliases())][0]
(['Ủy ban MTTQ Việt Nam tỉnh', 'Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh'], 1, 1)
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from vanban.register.aliases import Aliases
from vanban.store.register import RegisterSql


@dataclass
class AgencyEntry:
    key: str
    spellings: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    """The agency keys merged into this one (itself included)."""
    lead: int = 0
    partner: int = 0
    focal: int = 0

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "spellings": self.spellings, "merged_keys": self.keys,
                "lead": self.lead, "partner": self.partner, "focal": self.focal}  # fmt: skip


def agency_table(store: RegisterSql, aliases: Aliases) -> list[AgencyEntry]:
    """Every agency, most tasks first."""
    store.refresh_register()
    entries: dict[str, AgencyEntry] = {}
    spellings: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for key, name, role, n in store.agency_counts():
        canon = aliases.canonical(key)
        e = entries.setdefault(canon, AgencyEntry(canon))
        if key not in e.keys:
            e.keys.append(key)
        setattr(e, role, getattr(e, role) + int(n))
        spellings[canon][name] += int(n)
    for canon, e in entries.items():
        e.spellings = sorted(spellings[canon], key=lambda s: (-spellings[canon][s], s))
        e.keys.sort()
    return sorted(entries.values(), key=lambda e: (-(e.lead + e.partner + e.focal), e.key))


def agency_text(rows: list[AgencyEntry]) -> str:
    lines = []
    for e in rows:
        lines.append(f"{e.spellings[0]}  [lead {e.lead}, partner {e.partner}, focal {e.focal}]")
        for s in e.spellings[1:]:
            lines.append(f"    also: {s}")
        if len(e.keys) > 1:
            lines.append(f"    merged keys: {', '.join(e.keys)}")
    lines.append(f"{len(rows)} agenc{'y' if len(rows) == 1 else 'ies'}")
    return "\n".join(lines) + "\n"
