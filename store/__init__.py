"""The corpus store: every extracted document and citation, for the cross-document checks.

``open_store(url, out=...)`` picks the implementation from a URL (argument, else the
``VANBAN_STORE`` environment variable, else ``sqlite:///<out>/vanban.sqlite``):

* ``sqlite:///abs/path.sqlite`` or ``sqlite:///rel/path.sqlite`` (relative to ``out``)
  → :class:`vanban.store.sqlite.SQLiteStore`;
* ``postgresql://…`` / ``postgres://…`` → :class:`vanban.store.postgres.PostgresStore`
  (psycopg 3; same schema and migrations, see ``store/schema.py``).

>>> open_store("sqlite:///vanban.sqlite", out=Path("/tmp/vb-out")).path.name  # doctest: +SKIP
'vanban.sqlite'
"""

from __future__ import annotations

import os
from pathlib import Path

from vanban.store.base import CorpusStore, QuarantineRecord, StoredRecord
from vanban.store.sqlite import SQLiteStore

DEFAULT_NAME = "vanban.sqlite"
ENV_VAR = "VANBAN_STORE"


def open_store(url: str | None = None, *, out: Path) -> CorpusStore:
    """Open the store named by ``url`` / ``$VANBAN_STORE``, by default a file in ``out``."""
    url = url or os.environ.get(ENV_VAR) or ""
    if not url:
        return SQLiteStore(Path(out) / DEFAULT_NAME)
    if url.startswith(("postgresql://", "postgres://")):
        from vanban.store.postgres import PostgresStore

        return PostgresStore(url)
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        return SQLiteStore(path if path.is_absolute() else Path(out) / path)
    scheme = url.split(":", 1)[0]
    raise ValueError(
        f"{ENV_VAR}={url!r}: unknown store scheme {scheme!r} "
        "(use sqlite:///path or postgresql://user@host/db)"
    )


__all__ = ["CorpusStore", "QuarantineRecord", "SQLiteStore", "StoredRecord", "open_store"]
