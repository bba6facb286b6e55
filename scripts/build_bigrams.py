"""Build ``extract/scan/data/vi_bigrams.json.gz``: syllable bigram counts of typed documents.

Sources (all text read by vanban's own readers, OCR off):

* every typed document in the sub-folders of ``../shared/corpus``: PDFs whose pages have a text layer (pages
  the reader marks ``needs_ocr`` are skipped, so scans give nothing), DOCX, HTML and
  Markdown; derived plain-text copies (``derived_text/``) are left out, their HTML is read;
* the bundled typed samples: each seed's DOCX (``samples/seed00X``) and the DOCX cases
  (``samples/cases``), one format each so a text is not counted three times;
* the agency names of ``parsers/data/agencies.jsonl`` and the type names and words of
  ``parsers/data/doc_types.json``.

Pairs seen fewer than ``MIN_COUNT`` times are dropped (the file stays small). Run from the
repository root; the output is the same bytes for the same inputs:

    python scripts/build_bigrams.py            # writes the data file
    python scripts/build_bigrams.py --check    # exits 1 when the file is not up to date
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from vanban.extract import read_document
from vanban.extract.errors import ExtractionError
from vanban.extract.scan.bigrams import DATA_FILE, count_pairs, encode
from vanban.models.layout import LayoutDocument
from vanban.parsers.textview import TextView
from vanban.parsers.vocabulary import agency_names, doc_types

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
OUT = REPO / "extract" / "scan" / "data" / DATA_FILE
MIN_COUNT = 2
"""Pairs seen fewer times are not kept."""
SUFFIXES = (".pdf", ".docx", ".html", ".md")


def corpus_files(corpus: Path = CORPUS) -> list[Path]:
    """The corpus's documents in a readable format, sorted: files in its sub-folders
    (the root holds SOURCES.md, about the corpus), derived copies left out."""
    return sorted(
        p
        for p in corpus.rglob("*")
        if p.suffix.lower() in SUFFIXES
        and p.parent != corpus
        and "derived_text" not in p.relative_to(corpus).parts
    )


def sample_files(repo: Path = REPO) -> list[Path]:
    """One typed format (DOCX) of each bundled sample."""
    return sorted((repo / "samples").glob("seed*/*.docx")) + sorted(
        (repo / "samples" / "cases").glob("*.docx")
    )


def typed_text(path: Path) -> str:
    """The text of a file's typed pages ("" for a scan or an unreadable file)."""
    try:
        layout = read_document(path, ocr=False)
    except ExtractionError:
        return ""
    typed = [p for p in layout.pages if not p.needs_ocr and p.text_source == "native"]
    return TextView.build(LayoutDocument(format=layout.format, pages=typed)).text


def vocabulary_texts() -> list[str]:
    """Agency names and document-type names and words, one text each."""
    out = list(agency_names())
    for t in doc_types():
        out += [t["name"], *t.get("words", [])]
    return out


def source_texts(corpus: Path = CORPUS, repo: Path = REPO) -> dict[str, str]:
    """Every source's text, by a name relative to its folder (the bench holds some out)."""
    texts = {f"corpus/{p.relative_to(corpus)}": typed_text(p) for p in corpus_files(corpus)}
    texts |= {
        f"samples/{p.relative_to(repo / 'samples')}": typed_text(p) for p in sample_files(repo)
    }
    texts["vocabulary"] = "\n".join(vocabulary_texts())
    return {k: v for k, v in texts.items() if v.strip()}


def build(texts: Iterable[str]) -> bytes:
    about = (
        "Syllable bigram counts (text_key keys) of the typed documents of ../shared/corpus, "
        "the bundled typed samples and the agency and type vocabularies; "
        "built by scripts/build_bigrams.py"
    )
    return encode(count_pairs(texts), min_count=MIN_COUNT, about=about)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the file, write nothing")
    args = parser.parse_args(argv)
    texts = source_texts()
    data = build(texts.values())
    if args.check:
        same = OUT.exists() and OUT.read_bytes() == data
        print(f"{OUT.relative_to(REPO)}: {'up to date' if same else 'OUT OF DATE'}")
        return 0 if same else 1
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(data)
    print(f"{len(texts)} sources → {OUT.relative_to(REPO)} ({len(data) / 1024:.0f} KB)")
    for name, text in texts.items():
        print(f"  {name}: {len(text.split())} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
