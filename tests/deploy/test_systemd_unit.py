"""deploy/'s systemd units (the server, the nightly backup and its timer): systemd accepts them
(`systemd-analyze verify`, as CI checks them), their sandboxes leave little exposed, and the
server unit's command line starts a server that reads the database from the environment file's
variable and listens where nginx expects it (the backup's runs in test_backup_restore.py)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from dispatch_console.storage.store import SqlStore

from .units import BACKUP_TIMER, BACKUP_UNIT, PROGRAMS, UNIT, unit_server

ANALYZE = shutil.which("systemd-analyze")
needs_systemd = pytest.mark.skipif(
    ANALYZE is None,
    reason="systemd-analyze is not installed (apt-get install systemd; .ci/run does)",
)


def _units_here(tmp_path: Path) -> list[Path]:
    """The units with their programs at this machine's commands (verify wants them there)."""
    folder = Path(sys.executable).parent
    if not (folder / "dispatch-server").exists():  # not installed into this Python: any will do
        folder = tmp_path / "bin"
        folder.mkdir()
        for name in ("dispatch-server", "dispatch-admin"):
            (folder / name).write_text("#!/bin/sh\n")
            (folder / name).chmod(0o755)
    here = []
    for unit in (UNIT, BACKUP_UNIT, BACKUP_TIMER):
        text = unit.read_text()
        assert unit.suffix == ".timer" or PROGRAMS in text, unit
        (tmp_path / unit.name).write_text(text.replace(PROGRAMS, f"{folder}/"))
        here.append(tmp_path / unit.name)
    return here


@needs_systemd
def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    units = _units_here(tmp_path)
    done = subprocess.run(
        [str(ANALYZE), "verify", *map(str, units)], capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    # an unknown or misspelt setting is only a warning: any word about our units fails the test
    said = [line for line in (done.stdout + done.stderr).splitlines()
            if any(unit.name in line for unit in units)]  # fmt: skip
    assert done.returncode == 0 and not said, done.stdout + done.stderr


@needs_systemd
@pytest.mark.parametrize("unit", [UNIT, BACKUP_UNIT], ids=["server", "backup"])
def test_the_sandbox_leaves_little_exposed(tmp_path: Path, unit: Path) -> None:
    here = tmp_path / unit.name
    _units_here(tmp_path)
    done = subprocess.run(
        [str(ANALYZE), "security", "--offline=true", str(here)], capture_output=True,
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
