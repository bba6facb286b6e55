"""Prefect settings the command line sets for itself when the user has not.

Prefect reads its settings when it is first imported, so :func:`apply_defaults` runs
before any flow module is imported. A value already in the environment (or in a Prefect
profile the user chose with ``PREFECT_PROFILE``) is never overridden.

>>> env = {"PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "300"}
>>> set_ = apply_defaults(env, home=Path("/srv/vanban/.prefect"))
>>> env["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"], env["PREFECT_SERVER_ANALYTICS_ENABLED"]
('300', 'false')
>>> sorted(set_)
['PREFECT_HOME', 'PREFECT_SERVER_ANALYTICS_ENABLED']
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping
from pathlib import Path

STARTUP_TIMEOUT_SECONDS = 120
"""Prefect's own default (20 s) is too short for the embedded API on a busy machine."""


def default_home() -> Path:
    """``$XDG_DATA_HOME/vanban/prefect`` (``~/.local/share/vanban/prefect``): the user's
    data folder, so that every run and watch of one user shares one Prefect database."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "vanban" / "prefect"


def apply_defaults(
    env: MutableMapping[str, str] | None = None, *, home: Path | None = None
) -> list[str]:
    """Fill in the settings vanban needs, leaving the user's own; returns the names set."""
    env = os.environ if env is None else env
    defaults = {
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": str(STARTUP_TIMEOUT_SECONDS),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_HOME": str(home if home is not None else default_home()),
    }
    if "PREFECT_PROFILE" in env:
        defaults.pop("PREFECT_HOME")  # the user's profile decides where its home is
    done = []
    for name, value in defaults.items():
        if not env.get(name):
            env[name] = value
            done.append(name)
    if "PREFECT_HOME" in done and env is os.environ:
        # Prefect makes only the last folder of its home; ours is several levels deep
        Path(env["PREFECT_HOME"]).mkdir(parents=True, exist_ok=True)
    return done


def api_start_failure(exc: BaseException) -> str | None:
    """One line for a failure to start or reach Prefect's API, or ``None`` if ``exc`` is
    something else."""
    text = str(exc)
    if "ephemeral Prefect API server" in text or "Timed out while attempting to connect" in text:
        timeout = os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "?")
        return (
            f"Prefect's embedded API did not start within {timeout} s. Raise "
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, or start a server "
            "(prefect server start) and set PREFECT_API_URL."
        )
    if "PREFECT_API_URL" in text or "Cannot connect to" in text.replace("connect to API", ""):
        return f"cannot reach the Prefect API ({text.splitlines()[0][:200]}): check PREFECT_API_URL"
    return None
