"""The citation graph: which document cites which identity, and how.

Nodes are the corpus's documents (``doc:<sha256>``) and the identities they cite that no
document of the corpus holds (``id:<key>``). An edge goes from a citing document to each
document holding the cited identity (to the identity node when none does), with the
relation read from the citing sentence (``Citation.relation``) and its evidence: the
citation as printed, the cue, the page and the sentence's offsets in the citing
document's text. Several citations of one identity by one document are several edges.

>>> from pathlib import Path
>>> from vanban.models.document import Citation, DocNumber, Document, SourceInfo
>>> from vanban.store.sqlite import SQLiteStore
>>> def doc(sha, number, cites=()):
...     src = SourceInfo(filename=f"{sha}.txt", sha256=sha, format="txt", pages=1, ocr=False)
...     n = DocNumber(raw=number, canonical=number, serial=number.split("/")[0], year=2021,
...                   type_code="NĐ", issuer_code="CP", system="state", grammar="normative")
...     return Document(extractor_version="t", source=src, doc_type="Nghị định", number=n,
...                     references=list(cites))
>>> store = SQLiteStore(Path(":memory:"))
>>> for d in (doc("a", "75/2021/NĐ-CP"), doc("b", "55/2023/NĐ-CP", [Citation(
...         raw="Nghị định số 75/2021/NĐ-CP", number="75/2021/NĐ-CP", relation="amends")])):
...     store.put(d, original_name=d.source.filename, archive_path="x", extractor_version="t")
>>> [(c.document.file, c.relations) for c in cites(store, "75/2021/NĐ-CP")]
[('b.txt', ['amends'])]
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from vanban.checks.identity import keys_for_number
from vanban.register.tasks import RegisterDoc
from vanban.store.register import RegisterSql

RELATIONS = ("basis", "implements", "amends", "replaces", "repeals", "mentions")
#: Strongest first: a document that amends X and mentions it again is listed as amending.
RELATION_RANK = {
    r: i for i, r in enumerate(("repeals", "replaces", "amends", "implements", "basis", "mentions"))
}


@dataclass
class Edge:
    """One citation: citing document → cited identity (and the documents holding it)."""

    source: RegisterDoc
    relation: str
    target: str
    period: str | None
    number: str | None
    doc_type: str | None
    date: str | None
    issuer: str | None
    raw: str
    cue: str | None
    page: int | None
    span: tuple[int, int] | None
    sentence: tuple[int, int] | None
    cited: list[RegisterDoc] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "source": _doc_json(self.source),
            "relation": self.relation,
            "target": self.target,
            "period": self.period,
            "cited": {
                "number": self.number,
                "type": self.doc_type,
                "date": self.date,
                "issuer": self.issuer,
                "raw": self.raw,
            },
            "documents": [_doc_json(d) for d in self.cited],
            "evidence": {
                "cue": self.cue,
                "page": self.page,
                "span": list(self.span) if self.span else None,
                "sentence": list(self.sentence) if self.sentence else None,
            },
        }


def _doc_json(d: RegisterDoc) -> dict[str, Any]:
    return {
        "file": d.file,
        "type": d.doc_type,
        "number": d.number,
        "date": d.date,
        "sha256": d.sha256,
    }


def _span(a: Any, b: Any) -> tuple[int, int] | None:
    return (int(a), int(b)) if a is not None and b is not None else None


def edges(store: RegisterSql) -> list[Edge]:
    """Every edge of the corpus, resolved (one pass over an indexed join)."""
    store.refresh_register()
    out: list[Edge] = []
    last: tuple[str, str] | None = None
    for row in store.iter_edges():
        source = RegisterDoc.from_row(row)
        (relation, target, period, number, doc_type, date, issuer, raw, cue, page) = row[6:16]
        span, sentence = _span(row[16], row[17]), _span(row[18], row[19])
        ident = (source.sha256, str(row[25]))
        if ident != last:
            out.append(
                Edge(
                    source,
                    relation,
                    target,
                    period,
                    number,
                    doc_type,
                    date,
                    issuer,
                    raw,
                    cue,
                    page,
                    span,
                    sentence,
                )  # fmt: skip
            )
            last = ident
        if row[20] is not None:
            out[-1].cited.append(RegisterDoc(row[20], row[21], row[24], row[22], row[23], None))
    return out


@dataclass
class Citing:
    """A document that cites a given identity, with every relation it states."""

    document: RegisterDoc
    relations: list[str]
    evidence: list[dict[str, Any]]

    def as_json(self) -> dict[str, Any]:
        return {"document": _doc_json(self.document), "relations": self.relations,
                "evidence": self.evidence}  # fmt: skip


def cites(store: RegisterSql, number: str) -> list[Citing]:
    """Who cites the document numbered ``number``, with the relations they state."""
    store.refresh_register()
    keys = sorted(keys_for_number(number))
    if not keys:
        raise ValueError(f"{number!r} is not a document number")
    by_doc: dict[str, Citing] = {}
    for row in store.edges_to(keys):
        doc = RegisterDoc.from_row(row)
        relation, _target, _period, _number, _date, raw, cue, page, s0, s1 = row[6:16]
        entry = by_doc.setdefault(doc.sha256, Citing(doc, [], []))
        if relation not in entry.relations:
            entry.relations.append(relation)
        entry.evidence.append(
            {
                "relation": relation,
                "raw": raw,
                "cue": cue,
                "page": page,
                "sentence": list(_span(s0, s1) or ()) or None,
            }  # fmt: skip
        )
    for entry in by_doc.values():
        entry.relations.sort(key=RELATION_RANK.__getitem__)
    return sorted(by_doc.values(), key=lambda c: (c.document.date or "", c.document.file or ""))


@dataclass
class Missing:
    """An identity the corpus cites but does not hold."""

    target: str
    documents: int
    citations: int
    number: str | None
    example: str
    doc_type: str | None

    def as_json(self) -> dict[str, Any]:
        return {"target": self.target, "number": self.number, "type": self.doc_type,
                "documents": self.documents, "citations": self.citations,
                "example": self.example}  # fmt: skip


def missing(store: RegisterSql) -> list[Missing]:
    """Identities cited but absent from the corpus, most citing documents first."""
    store.refresh_register()
    return [
        Missing(str(r[0]), int(r[1]), int(r[2]), r[3], str(r[4]), r[5])
        for r in store.missing_targets()
    ]


# -- exports -------------------------------------------------------------------------------


def _node_id(d: RegisterDoc) -> str:
    return f"doc:{d.sha256}"


def graph_json(all_edges: list[Edge]) -> dict[str, Any]:
    """{"nodes": […], "edges": […]}: documents and uncited-in-corpus identities."""
    nodes: dict[str, dict[str, Any]] = {}
    out_edges: list[dict[str, Any]] = []
    for e in all_edges:
        nodes.setdefault(
            _node_id(e.source),
            {"id": _node_id(e.source), "kind": "document", **_doc_json(e.source)},
        )
        targets = [_node_id(d) for d in e.cited]
        for d in e.cited:
            nodes.setdefault(_node_id(d), {"id": _node_id(d), "kind": "document", **_doc_json(d)})
        if not targets:
            tid = f"id:{e.target}"
            nodes.setdefault(tid, {"id": tid, "kind": "identity", "key": e.target,
                                   "number": e.number, "type": e.doc_type})  # fmt: skip
            targets = [tid]
        for t in targets:
            out_edges.append({"source": _node_id(e.source), "target": t, **e.as_json()})
    return {"nodes": list(nodes.values()), "edges": out_edges}


CSV_COLUMNS = (
    "source_file", "source_number", "source_date", "relation", "target", "cited_number",
    "cited_date", "cited_files", "cue", "page", "raw",
)  # fmt: skip


def graph_csv(all_edges: list[Edge]) -> str:
    """One line per edge (UTF-8; the caller writes a BOM for Excel)."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_COLUMNS)
    for e in all_edges:
        w.writerow([
            e.source.file, e.source.number, e.source.date, e.relation, e.target, e.number,
            e.date, "; ".join(d.file or d.sha256 for d in e.cited), e.cue or "", e.page or "",
            e.raw,
        ])  # fmt: skip
    return buf.getvalue()


def _aggregate(
    all_edges: list[Edge],
) -> tuple[dict[str, dict[str, str]], dict[tuple[str, str], Counter[str]]]:
    """Nodes with labels, and (source, target) → count of each relation."""
    nodes: dict[str, dict[str, str]] = {}
    pairs: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for e in all_edges:
        nodes[_node_id(e.source)] = {
            "kind": "document",
            "label": e.source.label(),
            "file": e.source.file or "",
        }
        targets = []
        for d in e.cited:
            nodes[_node_id(d)] = {"kind": "document", "label": d.label(), "file": d.file or ""}
            targets.append(_node_id(d))
        if not targets:
            tid = f"id:{e.target}"
            label = " ".join(p for p in (e.doc_type, e.number) if p) or e.raw[:60]
            nodes.setdefault(tid, {"kind": "identity", "label": label, "file": ""})
            targets = [tid]
        for t in targets:
            pairs[(_node_id(e.source), t)][e.relation] += 1
    return nodes, pairs


def _strongest(counts: Counter[str]) -> str:
    return min(counts, key=RELATION_RANK.__getitem__)


def graph_graphml(all_edges: list[Edge]) -> str:
    """GraphML (yEd, Gephi, networkx): one edge per (citing, cited) pair, its strongest
    relation, every relation with its count, and the number of citations."""
    nodes, pairs = _aggregate(all_edges)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
        '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
        '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
        '  <key id="file" for="node" attr.name="file" attr.type="string"/>',
        '  <key id="relation" for="edge" attr.name="relation" attr.type="string"/>',
        '  <key id="relations" for="edge" attr.name="relations" attr.type="string"/>',
        '  <key id="citations" for="edge" attr.name="citations" attr.type="int"/>',
        '  <graph id="citations" edgedefault="directed">',
    ]
    for nid, attrs in nodes.items():
        lines.append(f"    <node id={quoteattr(nid)}>")
        for k in ("kind", "label", "file"):
            lines.append(f'      <data key="{k}">{escape(attrs[k])}</data>')
        lines.append("    </node>")
    for (s, t), counts in pairs.items():
        rels = ", ".join(
            f"{r}×{n}" for r, n in sorted(counts.items(), key=lambda x: RELATION_RANK[x[0]])
        )
        lines.append(f"    <edge source={quoteattr(s)} target={quoteattr(t)}>")
        lines.append(f'      <data key="relation">{_strongest(counts)}</data>')
        lines.append(f'      <data key="relations">{escape(rels)}</data>')
        lines.append(f'      <data key="citations">{sum(counts.values())}</data>')
        lines.append("    </edge>")
    lines += ["  </graph>", "</graphml>"]
    return "\n".join(lines) + "\n"


EDGE_STYLE = {
    "basis": "solid", "implements": "bold", "amends": "dashed", "replaces": "dashed",
    "repeals": "dotted", "mentions": "dotted",
}  # fmt: skip


def _dot_id(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def graph_dot(all_edges: list[Edge]) -> str:
    """Graphviz DOT: documents as boxes, identities missing from the corpus as ellipses."""
    nodes, pairs = _aggregate(all_edges)
    lines = ["digraph citations {", "  rankdir=LR;", '  node [fontname="DejaVu Sans"];']
    for nid, attrs in nodes.items():
        shape = "box" if attrs["kind"] == "document" else "ellipse"
        lines.append(f"  {_dot_id(nid)} [label={_dot_id(attrs['label'])}, shape={shape}];")
    for (s, t), counts in pairs.items():
        rel = _strongest(counts)
        lines.append(
            f"  {_dot_id(s)} -> {_dot_id(t)} [label={_dot_id(rel)}, style={EDGE_STYLE[rel]}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def graph_text(all_edges: list[Edge], fmt: str) -> str:
    """The graph in ``fmt``: json, csv, graphml or dot."""
    if fmt == "json":
        return json.dumps(graph_json(all_edges), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return graph_csv(all_edges)
    if fmt == "graphml":
        return graph_graphml(all_edges)
    if fmt == "dot":
        return graph_dot(all_edges)
    raise ValueError(f"unknown graph format {fmt!r}")
