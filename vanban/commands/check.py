"""``vanban check PATHS... [--json]``: cross-document findings over files, JSON or a store.

PATHS may be source files (extracted on the fly), JSON files of extracted documents,
directories of either (walked recursively), or a corpus store (a ``.sqlite`` file of
the inbox flow). Prints a table, or ``{"findings": [...]}`` with ``--json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from vanban.models.document import Document

SOURCE_SUFFIXES = {
    ".pdf",
    ".docx",
    ".doc",
    ".html",
    ".htm",
    ".md",
    ".txt",
    ".png",
    ".jpg",
    ".jpeg",
    ".tif",
    ".tiff",
}
STORE_SUFFIXES = {".sqlite", ".sqlite3", ".db"}
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="cross-document checks over files, JSON or a corpus store")
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="source files, extracted JSON, folders, a .sqlite store or a postgresql:// URL",
    )
    p.add_argument("--json", action="store_true", help='print {"findings": [...]}')
    p.set_defaults(func=run)


def _files(path: Path) -> Iterator[tuple[Path, bool]]:
    """(file, named on the command line) for a path; directories are walked."""
    if path.is_dir():
        from vanban.review.history import is_document_json

        for child in sorted(path.rglob("*")):
            if not child.is_file():
                continue
            suffix = child.suffix.lower()
            # .previous.json / .diff.json / .error.json beside an extraction are not documents
            if suffix in SOURCE_SUFFIXES or (suffix == ".json" and is_document_json(child)):
                yield child, False
    else:
        yield path, True


def _load_postgres(url: str, errors: list[str]) -> Iterator[Document]:
    """Every document of a corpus store on PostgreSQL."""
    try:
        from vanban.store.postgres import PostgresStore

        with PostgresStore(url) as store:
            yield from store.iter_documents()
    except Exception as exc:  # connection refused, missing database, no psycopg
        errors.append(f"{url.split('@')[-1]}: cannot read the PostgreSQL store: {exc}")


def _load(path: Path, errors: list[str], notes: list[str], named: bool) -> Iterator[Document]:
    """Documents from one path (a store yields all it holds). A JSON file met while
    walking a directory that is not an extracted document (gold files, manifests) is
    skipped with a note; named on the command line, it is an error."""
    suffix = path.suffix.lower()
    if suffix in STORE_SUFFIXES:
        from vanban.store.sqlite import SQLiteStore

        if not path.exists():
            errors.append(f"{path}: no such store")
            return
        with SQLiteStore(path) as store:
            yield from store.iter_documents()
        return
    if suffix == ".json":
        try:
            yield Document.model_validate_json(path.read_bytes())
        except (ValidationError, OSError) as exc:
            message = f"{path}: not an extracted document: {str(exc).splitlines()[0]}"
            (errors if named else notes).append(message)
        return
    from vanban.extract.errors import ExtractionError
    from vanban.pipeline import extract_document

    try:
        doc = extract_document(path)
    except (ExtractionError, OSError) as exc:
        errors.append(f"{path}: {getattr(exc, 'code', type(exc).__name__)}: {exc}")
        return
    # name the document by its path so two files called "1.pdf" stay apart
    doc.source.filename = str(path)
    yield doc


def _table(findings: list[dict[str, object]]) -> str:
    if not findings:
        return "no findings"
    lines = []
    for f in findings:
        lines.append(f"{f['severity']:<7} {f['kind']:<24} {f['key']}")
        lines.append(f"        {f['message']}")
        for e in f["evidence"]:  # type: ignore[attr-defined]
            page = f" p.{e['page']}" if e.get("page") else ""
            lines.append(f"        - {e['document']}{page} [{e['role']}]: {e['text']}")
    lines.append(f"{len(findings)} finding(s)")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from vanban.checks.graph import graph_findings_of_documents
    from vanban.checks.incremental import check_documents

    errors: list[str] = []
    notes: list[str] = []
    docs: list[Document] = []
    seen: set[str] = set()
    for arg in args.paths:
        loaded = (
            _load_postgres(arg, errors)
            if arg.startswith(POSTGRES_SCHEMES)
            else (
                doc
                for file, named in _files(Path(arg))
                for doc in _load(file, errors, notes, named)
            )
        )
        for doc in loaded:
            if doc.source.sha256 not in seen:  # a source and its JSON are one document
                seen.add(doc.source.sha256)
                docs.append(doc)
    for message in errors:
        print(f"vanban check: {message}", file=sys.stderr)
    if notes:
        print(
            f"vanban check: skipped {len(notes)} JSON file(s) that are not extracted "
            f"documents, e.g. {notes[0]}",
            file=sys.stderr,
        )
    found = check_documents(docs) + graph_findings_of_documents(docs)
    findings = [f.model_dump(mode="json") for f in found]
    if args.json:
        sys.stdout.write(json.dumps({"findings": findings}, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(_table(findings) + "\n")
        print(f"{len(docs)} document(s) checked", file=sys.stderr)
    return 1 if errors else 0
