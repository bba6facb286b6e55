"""The published JSON Schema of the output contract (``vanban schema``).

The schema is generated from :class:`vanban.models.document.Document` and checked into
``models/schema/document.v<N>.json``; a test fails when the two drift apart, so a
contract change is always a visible diff.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from vanban.models.document import SCHEMA_VERSION, Document

SCHEMA_DIR = Path(__file__).parent / "schema"
SCHEMA_ID = f"https://vanban.invalid/schema/document.v{SCHEMA_VERSION}.json"


def document_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of one extracted document."""
    schema = Document.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = f"vanban document, schema version {SCHEMA_VERSION}"
    return schema


def schema_path() -> Path:
    return SCHEMA_DIR / f"document.v{SCHEMA_VERSION}.json"


def schema_text() -> str:
    return json.dumps(document_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schema() -> Path:
    """Regenerate the checked-in schema file; returns its path."""
    SCHEMA_DIR.mkdir(exist_ok=True)
    path = schema_path()
    path.write_text(schema_text(), encoding="utf-8")
    return path
