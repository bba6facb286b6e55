"""Warning codes that more than one stage acts on (the pipeline sets them, the flow and
the checks read them). Every code is documented in the README's "Warnings" table."""

from __future__ import annotations

NOT_OFFICIAL = "not_an_official_document"
"""No type, number, date or signature: kept out of the cross-document checks;
``vanban run --strict`` quarantines the file instead."""
