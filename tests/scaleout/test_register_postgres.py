"""The register's cases (tests/register_cases.py) on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests import register_cases as cases


@pytest.fixture
def pg(pg_url: str) -> Iterator[object]:
    from vanban.store.postgres import PostgresStore

    with PostgresStore(pg_url) as store:
        yield store


def test_register_on_postgres(pg) -> None:  # type: ignore[no-untyped-def]
    cases.fill(pg)
    cases.check_register_filters(pg)
    cases.check_aliases_and_grouping(pg)
    cases.check_graph(pg)
    cases.check_findings(pg)
    cases.check_exports(pg)


def test_register_incremental_on_postgres(pg) -> None:  # type: ignore[no-untyped-def]
    cases.check_incremental(pg)
