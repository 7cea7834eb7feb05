"""deploy/dispatch-server.service: systemd accepts it (`systemd-analyze verify`, as CI checks
it), its sandbox leaves little exposed, and its command line starts a server that reads the
database from the environment file's variable and listens where nginx expects it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from dispatch_console.storage.store import SqlStore

from .units import UNIT, replaced, unit_server

ANALYZE = shutil.which("systemd-analyze")
needs_systemd = pytest.mark.skipif(
    ANALYZE is None,
    reason="systemd-analyze is not installed (apt-get install systemd; .ci/run does)",
)


def _unit_here(tmp_path: Path) -> Path:
    """The unit with its program at this machine's dispatch-server (verify wants it there)."""
    program = Path(sys.executable).parent / "dispatch-server"
    if not program.exists():  # the package not installed into this Python: any executable does
        program = tmp_path / "dispatch-server"
        program.write_text("#!/bin/sh\n")
        program.chmod(0o755)
    unit = tmp_path / "dispatch-server.service"
    text = replaced(UNIT.read_text(), {"/opt/dispatch-console/bin/dispatch-server": str(program)})
    unit.write_text(text)
    return unit


@needs_systemd
def test_systemd_accepts_the_unit(tmp_path: Path) -> None:
    unit = _unit_here(tmp_path)
    done = subprocess.run(
        [str(ANALYZE), "verify", str(unit)], capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip
    # an unknown or misspelt setting is only a warning: any word about our unit fails the test
    said = [line for line in (done.stdout + done.stderr).splitlines() if unit.name in line]
    assert done.returncode == 0 and not said, done.stdout + done.stderr


@needs_systemd
def test_the_sandbox_leaves_little_exposed(tmp_path: Path) -> None:
    unit = _unit_here(tmp_path)
    done = subprocess.run(
        [str(ANALYZE), "security", "--offline=true", str(unit)], capture_output=True,
        text=True, timeout=120, check=False,
    )  # fmt: skip
    level = re.search(r"Overall exposure level for \S+: ([\d.]+)", done.stdout)
    assert level is not None, done.stdout + done.stderr
    assert float(level.group(1)) <= 2.0, done.stdout  # systemd calls below 2 "OK"


def test_the_units_command_line_serves_the_database_its_environment_names(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    store = SqlStore(url)
    store.upgrade()  # the upgrade is its own step, before the service starts (docs/deploy.md)
    store.close()
    with unit_server(url, tmp_path) as server:
        health = requests.get(server.url + "/healthz", timeout=10).json()
    assert health["status"] == "ok"
    text = server.log_text()
    assert f"listening on {server.url}" in text, text
    assert "Traceback" not in text, text
