"""Compare two folders of review pages: byte-identical, or equal once markup is normalised.

``python scripts/compare_html.py BEFORE AFTER`` prints, for every page of BEFORE, whether
AFTER's page is byte-identical, equal after normalisation (whitespace between tags
dropped; equivalent character references unified: ``&#x27;``/``&#39;`` for an apostrophe,
``&quot;``/``&#34;`` for a quote), or different (with the first difference in context).
Exit status 1 when any page differs. Used to show that moving the review pages to
templates (review/templates/) changed nothing a browser shows.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_BETWEEN_TAGS = re.compile(r">\s+<")
_REFERENCES = {"&#x27;": "&#39;", "&quot;": "&#34;"}


def normalise(html: str) -> str:
    html = _BETWEEN_TAGS.sub("><", html).strip()
    for old, new in _REFERENCES.items():
        html = html.replace(old, new)
    return html


def main(argv: list[str]) -> int:
    before, after = Path(argv[0]), Path(argv[1])
    byte = equal = 0
    differ: list[str] = []
    pages = sorted(p for p in before.iterdir() if p.suffix == ".html")
    for page in pages:
        other = after / page.name
        if not other.exists():
            differ.append(f"{page.name}: missing")
            continue
        x, y = page.read_text(encoding="utf-8"), other.read_text(encoding="utf-8")
        if x == y:
            byte += 1
        nx, ny = normalise(x), normalise(y)
        if nx == ny:
            equal += 1
            continue
        i = next(
            (i for i, (a, b) in enumerate(zip(nx, ny, strict=False)) if a != b),
            min(len(nx), len(ny)),
        )
        differ.append(
            f"{page.name}: …{nx[max(0, i - 80) : i + 80]}…\n    vs …{ny[max(0, i - 80) : i + 80]}…"
        )
    print(
        f"{len(pages)} pages: {byte} byte-identical, {equal} equal after normalisation, {len(differ)} different"
    )
    for line in differ:
        print(line)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
