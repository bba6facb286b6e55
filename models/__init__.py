"""Pydantic v2 models: the layout model (``layout``) and the output contract (``document``)."""

from vanban.models.document import (
    SCHEMA_VERSION,
    Citation,
    DocNumber,
    Document,
    Signer,
    SourceInfo,
    SourceRef,
    Task,
    Timeframe,
    Warning,
)
from vanban.models.layout import (
    BBox,
    Block,
    BlockStyle,
    Cell,
    LayoutDocument,
    LayoutWarning,
    Line,
    Page,
    Table,
    Word,
)

__all__ = [
    "SCHEMA_VERSION",
    "BBox",
    "Block",
    "BlockStyle",
    "Cell",
    "Citation",
    "DocNumber",
    "Document",
    "LayoutDocument",
    "LayoutWarning",
    "Line",
    "Page",
    "Signer",
    "SourceInfo",
    "SourceRef",
    "Table",
    "Task",
    "Timeframe",
    "Warning",
    "Word",
]
