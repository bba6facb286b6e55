"""What a check reports: a :class:`Finding` with the printed evidence behind it.

>>> f = Finding(kind="date_mismatch", severity="error", key="P|QĐ|720|TU",
...             documents=["a.txt", "b.txt"], message="cited with 2 dates",
...             evidence=[Evidence(document="a.txt", page=1, text="720-QĐ/TU ngày 13/2/2026")])
>>> f.model_dump()["evidence"][0]["text"]
'720-QĐ/TU ngày 13/2/2026'
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from vanban.models.document import Span
from vanban.models.layout import BBox

FindingKind = Literal[
    "date_mismatch",
    "number_mismatch",
    "type_code_mismatch",
    "issuer_mismatch",
    "header_mismatch",
    "self_reference_mismatch",
    "cites_future_document",
    "duplicate_number",
    "invalid_date",
    "cites_replaced_document",
    "plan_deadline_after_source",
    "needs_review",
]
Severity = Literal["error", "warning", "info"]

#: Default severity of each kind: "error" means one of the printed values is wrong.
SEVERITY: dict[str, Severity] = {
    "date_mismatch": "error",
    "number_mismatch": "error",
    "type_code_mismatch": "error",
    "issuer_mismatch": "warning",
    "header_mismatch": "error",
    "self_reference_mismatch": "error",
    "cites_future_document": "warning",
    "duplicate_number": "error",
    "invalid_date": "error",
    "cites_replaced_document": "warning",
    "plan_deadline_after_source": "warning",
}

KINDS: tuple[str, ...] = tuple(SEVERITY)
"""The rules' kinds. A finding of one of them that rests on an OCR reading nobody
confirmed is reported as ``needs_review`` (severity "info", :mod:`vanban.checks.doubt`),
``suspected`` naming the rule."""


class Evidence(BaseModel):
    """One printed occurrence: which document, page, and the text as printed."""

    model_config = ConfigDict(extra="forbid")

    document: str
    page: int | None = None
    text: str
    role: Literal["header", "legal_basis", "reference", "task"] = "legal_basis"
    span: Span | None = None
    bbox: BBox | None = Field(None, description="Where on the page: the crop to show")
    confidence: float | None = Field(
        None, description="How sure the OCR reading of its number, date and issuer is (0–1)"
    )
    unsure: list[str] = Field(
        default_factory=list,
        description="Fields ('number', 'date', 'issuer') read by OCR unsure and not confirmed",
    )


class Finding(BaseModel):
    """One cross-document problem: kind, severity, identity key, documents, evidence."""

    model_config = ConfigDict(extra="forbid")

    kind: FindingKind
    severity: Severity
    key: str = Field(description="Identity key ('S|KH|115|MTTQ-UB@2026') or block key")
    documents: list[str]
    message: str
    evidence: list[Evidence] = Field(default_factory=list)
    suspected: FindingKind | None = Field(
        None, description="needs_review only: the finding the unsure readings would make"
    )

    def sort_key(self) -> tuple[str, str, str]:
        return (self.kind, self.key, self.message)


def finding(kind: FindingKind, key: str, message: str, evidence: list[Evidence]) -> Finding:
    """A finding with the default severity and the documents named by its evidence."""
    documents: list[str] = []
    for e in evidence:
        if e.document not in documents:
            documents.append(e.document)
    return Finding(
        kind=kind,
        severity=SEVERITY[kind],
        key=key,
        documents=documents,
        message=message,
        evidence=evidence,
    )
