"""A real PostgreSQL on loopback for the scale-out tests (``scripts/start-postgres.sh``).

One throw-away cluster per test session; each test that asks for ``pg_url`` gets a
fresh database in it. Tests are skipped, with the reason, only when PostgreSQL cannot
be installed or started on this machine.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
START = REPO / "scripts" / "start-postgres.sh"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """URL of the session's cluster (database ``vanban``, role ``vanban``)."""
    psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed")
    del psycopg
    folder = Path(tempfile.mkdtemp(prefix="vanban-pg-"))
    try:
        proc = subprocess.run(
            ["bash", str(START), str(folder)], capture_output=True, text=True, timeout=300
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"PostgreSQL could not be started: {exc}")
    if proc.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"PostgreSQL could not be started: {proc.stderr.strip()[-500:]}")
    try:
        yield proc.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["bash", str(START), "--stop", str(folder)], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def admin_url(url: str) -> str:
    """The same server as the superuser ``postgres`` (trusted on loopback)."""
    rest = url.split("@", 1)[1].rsplit("/", 1)[0]
    return f"postgresql://postgres@{rest}/postgres"


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty database for one test."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url(pg_server), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} OWNER vanban")
    yield pg_server.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(admin_url(pg_server), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
