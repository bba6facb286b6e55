"""The command line on its own: a missing inbox is exit 2 with one line; Prefect's
settings have vanban's defaults when the user set none."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from vanban.prefect_env import api_start_failure, apply_defaults


def test_missing_inbox_is_exit_2_and_never_created(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for command in ("run", "watch"):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "vanban.cli",
                command,
                "--inbox",
                str(tmp_path / "nhầm"),
                "--out",
                str(out),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 2, done.stderr
        assert done.stderr.strip() == f"vanban {command}: inbox {tmp_path / 'nhầm'} does not exist"
        assert not (tmp_path / "nhầm").exists()


def test_defaults_fill_only_what_is_unset(tmp_path: Path) -> None:
    env = {"PREFECT_SERVER_ANALYTICS_ENABLED": "true"}
    done = apply_defaults(env, home=tmp_path)
    assert env["PREFECT_SERVER_ANALYTICS_ENABLED"] == "true"  # the user's choice kept
    assert env["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] == "120"
    assert env["PREFECT_HOME"] == str(tmp_path)
    assert set(done) == {"PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "PREFECT_HOME"}
    profile = {"PREFECT_PROFILE": "work"}
    apply_defaults(profile, home=tmp_path)
    assert "PREFECT_HOME" not in profile


def test_an_api_that_does_not_start_is_one_line() -> None:
    exc = RuntimeError("Timed out while attempting to connect to ephemeral Prefect API server.")
    line = api_start_failure(exc)
    assert line is not None and "\n" not in line and "PREFECT_API_URL" in line
    assert api_start_failure(ValueError("something else")) is None


def test_the_cli_sets_its_defaults_in_a_plain_environment(tmp_path: Path) -> None:
    """No PREFECT_* variable at all (a user's shell): the run sees vanban's defaults."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    code = (
        "import os, sys\n"
        "from vanban.cli import main\n"
        "import vanban.commands.run as r\n"
        "r.run = lambda args: print(os.environ['PREFECT_HOME'], "
        "os.environ['PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS'], "
        "os.environ['PREFECT_SERVER_ANALYTICS_ENABLED']) or 0\n"
        "import vanban.cli\n"
        "sys.exit(main(['run', '--inbox', '.', '--out', 'o']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    home, timeout, analytics = done.stdout.split()
    assert home == str(tmp_path / "data" / "vanban" / "prefect")
    assert (timeout, analytics) == ("120", "false")
