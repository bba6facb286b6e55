"""The review server's SQL (migration 5), the same on SQLite and PostgreSQL: accounts,
sessions, each document's review status and version, the audit log, failed logins and
dismissed findings. A mixin of ``SqlStore``; the store supplies ``_one``, ``_all``,
``_write`` and ``_write_count``."""

from __future__ import annotations

from typing import Any

Row = tuple[Any, ...]

STATUSES = ("new", "in_review", "approved", "needs_reextraction")


class ReviewSql:
    def _one(self, sql: str, params: tuple[Any, ...] = ()) -> Row | None:
        raise NotImplementedError

    def _all(self, sql: str, params: tuple[Any, ...] = ()) -> list[Row]:
        raise NotImplementedError

    def _write(self, sql: str, params: tuple[Any, ...] = ()) -> None:
        raise NotImplementedError

    def _write_count(self, sql: str, params: tuple[Any, ...] = ()) -> int:
        raise NotImplementedError

    # -- accounts -----------------------------------------------------------------------------
    def add_user(self, name: str, role: str, password_hash: str, at: str) -> None:
        """Add an account, or replace its role and password."""
        self._write("DELETE FROM users WHERE name = ?", (name,))
        self._write("INSERT INTO users VALUES (?, ?, ?, ?)", (name, role, password_hash, at))

    def user(self, name: str) -> tuple[str, str, str] | None:
        """(name, role, password hash) of an account."""
        row = self._one("SELECT name, role, password_hash FROM users WHERE name = ?", (name,))
        return (str(row[0]), str(row[1]), str(row[2])) if row else None

    def one_user(self) -> str | None:
        """Any account's name (None: nobody can log in yet)."""
        row = self._one("SELECT name FROM users ORDER BY name LIMIT 1")
        return str(row[0]) if row else None

    def set_password_hash(self, name: str, password_hash: str) -> None:
        self._write("UPDATE users SET password_hash = ? WHERE name = ?", (password_hash, name))

    # -- sessions -----------------------------------------------------------------------------
    def add_session(self, token_hash: str, name: str, csrf: str, expires_at: float) -> None:
        self._write(
            "INSERT INTO sessions VALUES (?, ?, ?, ?)", (token_hash, name, csrf, expires_at)
        )

    def session(self, token_hash: str, now: float) -> tuple[str, str] | None:
        """(user name, CSRF token) of a live session."""
        row = self._one(
            "SELECT name, csrf FROM sessions WHERE token_hash = ? AND expires_at > ?",
            (token_hash, now),
        )
        return (str(row[0]), str(row[1])) if row else None

    def end_session(self, token_hash: str) -> None:
        self._write("DELETE FROM sessions WHERE token_hash = ?", (token_hash,))

    # -- failed logins -------------------------------------------------------------------------
    def login_failed(self, name: str, at: float) -> None:
        self._write("INSERT INTO login_failures VALUES (?, ?)", (name, at))

    def login_failures_since(self, name: str, since: float) -> int:
        row = self._one(
            "SELECT COUNT(*) FROM login_failures WHERE name = ? AND at > ?", (name, since)
        )
        return int(row[0]) if row else 0

    def clear_login_failures(self, name: str) -> None:
        self._write("DELETE FROM login_failures WHERE name = ?", (name,))

    # -- decisions and versions ------------------------------------------------------------------
    def decision(self, sha256: str) -> tuple[str, str | None, str | None, int, str | None]:
        """(status, reviewer, at, version, note); a document never touched is "new", 0."""
        row = self._one(
            "SELECT status, reviewer, at, version, note FROM decisions WHERE sha256 = ?", (sha256,)
        )
        if row is None:
            return ("new", None, None, 0, None)
        return (str(row[0]), row[1], row[2], int(row[3]), row[4])

    def decisions(self) -> dict[str, tuple[str, str | None, str | None, int]]:
        return {
            str(r[0]): (str(r[1]), r[2], r[3], int(r[4]))
            for r in self._all("SELECT sha256, status, reviewer, at, version FROM decisions")
        }

    def bump_version(
        self, sha256: str, expected: int, *, status: str, reviewer: str, at: str,
        note: str | None = None,
    ) -> bool:  # fmt: skip
        """Move the document from version ``expected`` to the next, with a status: False
        when someone else saved first (the caller answers 409)."""
        if expected == 0:
            self._write(
                "INSERT INTO decisions VALUES (?, 'new', NULL, NULL, 0, NULL) "
                "ON CONFLICT DO NOTHING",
                (sha256,),
            )
        changed = self._write_count(
            "UPDATE decisions SET version = version + 1, status = ?, reviewer = ?, at = ?, "
            "note = ? WHERE sha256 = ? AND version = ?",
            (status, reviewer, at, note, sha256, expected),
        )
        return changed == 1

    # -- audit ---------------------------------------------------------------------------------
    def audit(
        self, at: str, name: str, sha256: str | None, version: int | None, action: str,
        field: str | None = None, old: str | None = None, new: str | None = None,
    ) -> None:  # fmt: skip
        self._write(
            "INSERT INTO audit (at, name, sha256, version, action, field, old, new) "
            "VALUES (?,?,?,?,?,?,?,?)",
            (at, name, sha256, version, action, field, old, new),
        )

    def audit_log(self, sha256: str | None = None, after_version: int | None = None) -> list[Row]:
        """(at, name, sha256, version, action, field, old, new), oldest first; for one
        document, and after one of its versions."""
        where: list[str] = []
        params: list[Any] = []
        if sha256 is not None:
            where.append("sha256 = ?")
            params.append(sha256)
        if after_version is not None:
            where.append("version > ?")
            params.append(after_version)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        return self._all(
            f"SELECT at, name, sha256, version, action, field, old, new FROM audit {clause} "
            "ORDER BY id",
            tuple(params),
        )

    # -- findings ----------------------------------------------------------------------------------
    def dismiss(self, finding: str, name: str, at: str, reason: str) -> None:
        self._write("DELETE FROM dismissals WHERE finding = ?", (finding,))
        self._write("INSERT INTO dismissals VALUES (?, ?, ?, ?)", (finding, name, at, reason))

    def dismissed(self) -> dict[str, tuple[str, str, str]]:
        """finding id → (who, when, why)."""
        return {
            str(r[0]): (str(r[1]), str(r[2]), str(r[3]))
            for r in self._all("SELECT finding, name, at, reason FROM dismissals")
        }
