"""What the tests read from the shipped deployment files, and the command lines they run."""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import requests

from server.processes import START_S, STOP_S, free_port

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
UNIT = DEPLOY / "dispatch-server.service"
BACKUP_UNIT = DEPLOY / "dispatch-backup.service"
BACKUP_TIMER = DEPLOY / "dispatch-backup.timer"
PROGRAMS = "/opt/dispatch-console/bin/"  # where the units expect the installed commands
NGINX_SITE = DEPLOY / "nginx" / "dispatch.conf"
PORT = 8470  # the port the unit and the nginx site agree on


def exec_start(unit: Path = UNIT) -> list[str]:
    """The unit's ExecStart command line, split as systemd splits it (no variables used)."""
    lines = [line for line in unit.read_text().splitlines() if line.startswith("ExecStart=")]
    assert len(lines) == 1, lines
    return shlex.split(lines[0].removeprefix("ExecStart="))


def backup_command() -> list[str]:
    """The backup unit's command line for this checkout's admin tool."""
    program, *args = exec_start(BACKUP_UNIT)
    assert program == PROGRAMS + "dispatch-admin", program
    return [sys.executable, "-m", "dispatch_console.cli.admin", *args]


def server_command(port: int) -> list[str]:
    """The unit's command line for this checkout's server, on `port` instead of the unit's."""
    program, *args = exec_start()
    assert program.endswith("/dispatch-server"), program
    where = args.index("--port")
    assert args[where + 1] == str(PORT), args
    args[where + 1] = str(port)
    return [sys.executable, "-m", "dispatch_console.server.main", *args]


def replaced(text: str, swaps: dict[str, str]) -> str:
    """`text` with each key replaced by its value; each key must be there exactly once (a
    shipped file that changed shape fails here, not silently in a test that tests less)."""
    for old, new in swaps.items():
        assert text.count(old) == 1, (old, text.count(old))
        text = text.replace(old, new)
    return text


@dataclass
class UnitServer:
    url: str  # http://127.0.0.1:PORT
    port: int
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@contextlib.contextmanager
def unit_server(database: str, folder: Path, *extra: str) -> Iterator[UnitServer]:
    """dispatch-server started with the unit's command line (and `extra`), the database in
    DISPATCH_DATABASE_URL as the unit's environment file gives it; stopped with SIGTERM, as
    systemd stops it."""
    port = free_port()
    log = folder / f"server-{port}.log"
    env = {**os.environ, "DISPATCH_DATABASE_URL": database, "PYTHONUNBUFFERED": "1"}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*server_command(port), *extra], stdout=out, stderr=subprocess.STDOUT, env=env,
            start_new_session=True,
        )  # fmt: skip
    served = UnitServer(f"http://127.0.0.1:{port}", port, log)
    try:
        deadline = time.monotonic() + START_S
        while True:
            try:
                if requests.get(served.url + "/healthz", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(served.log_text())
            time.sleep(0.2)
        yield served
    finally:
        process.terminate()
        try:
            process.wait(STOP_S)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
