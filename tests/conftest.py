"""Shared fixtures: where the real corpus and the bundled samples are."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
SEEDS = SHARED / "seeds"
SAMPLES = REPO / "samples"


def corpus_file(rel: str) -> Path:
    """A file of ../shared/corpus; the test is skipped when the corpus is absent."""
    path = CORPUS / rel
    if not path.exists():
        pytest.skip(f"corpus file not available: {rel}")
    return path


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.exists():
        pytest.skip("../shared/corpus is not available")
    return CORPUS


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not SEEDS.exists():
        pytest.skip("../shared/seeds is not available")
    return SEEDS
