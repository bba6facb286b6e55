"""``STORE_OR_OUTDIR``: the corpus store a register command reads, and its alias file.

* an output folder of ``vanban run``/``watch`` → its ``vanban.sqlite`` (or the store
  ``$VANBAN_STORE`` names, as the flows do), aliases in ``agency_aliases.json`` there;
* a ``.sqlite`` file → that store, aliases beside it;
* ``postgresql://…`` → that database (aliases only with ``--aliases``).

A folder or file that holds no store is an error: a register command never creates one.
"""

from __future__ import annotations

import os
from pathlib import Path

from vanban.register.aliases import ALIASES_FILE
from vanban.store import DEFAULT_NAME, ENV_VAR, open_store
from vanban.store.sql import SqlStore

POSTGRES = ("postgresql://", "postgres://")
STORE_SUFFIXES = (".sqlite", ".sqlite3", ".db")


class NoStoreError(LookupError):
    """The argument names no corpus store."""


def open_source(arg: str) -> tuple[SqlStore, Path | None]:
    """(the store, the default alias file) of a ``STORE_OR_OUTDIR`` argument."""
    if arg.startswith(POSTGRES):
        from vanban.store.postgres import PostgresStore

        return PostgresStore(arg), None
    path = Path(arg)
    if path.is_dir():
        if not os.environ.get(ENV_VAR) and not (path / DEFAULT_NAME).is_file():
            raise NoStoreError(f"{path}: no corpus store ({DEFAULT_NAME}) in this folder")
        store = open_store(None, out=path)
        assert isinstance(store, SqlStore)
        return store, path / ALIASES_FILE
    if path.is_file():
        from vanban.store.sqlite import SQLiteStore

        if path.suffix.lower() not in STORE_SUFFIXES:
            raise NoStoreError(f"{path}: not a corpus store (expected {', '.join(STORE_SUFFIXES)})")

        return SQLiteStore(path), path.parent / ALIASES_FILE
    raise NoStoreError(f"{path}: no such output folder or store")
