"""dispatch-server as a real process a test can start, kill like a crash, and start again on the
same address (what a console following it would see)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

START_S = 60  # a loaded machine takes seconds just to import the server
STOP_S = 30


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    def __init__(
        self,
        database: str,
        log: Path,
        port: int | None = None,
        env: dict[str, str] | None = None,
        args: list[str] | None = None,
        option: str = "--database",
    ) -> None:
        """`args`: more options for dispatch-server (--workers 2 ...); `option`: what
        `database` is given as (--tenants: the catalogue of a server for many companies)."""
        self.option = option
        self.database, self.log, self.env, self.args = database, log, env, args or []
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> ServerProcess:
        with self.log.open("ab") as out:  # the child keeps its own copy of the handle
            self.process = subprocess.Popen(
                [sys.executable, "-m", "dispatch_console.server.main", self.option,
                 self.database, "--port", str(self.port), *self.args],
                stdout=out, stderr=subprocess.STDOUT,
                env={**os.environ, **self.env} if self.env else None,
                start_new_session=True,  # its workers too, for kill()
            )  # fmt: skip
        deadline = time.monotonic() + START_S
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/healthz", timeout=5).ok:
                    return self
            except requests.RequestException:  # not listening yet, or too busy to answer
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        self.kill()  # not left running (and holding the port) after the test
        raise RuntimeError(self.log.read_text(errors="replace"))

    def kill(self) -> None:
        """No goodbye: connections drop mid-flight, as when a machine loses power (every
        worker process with it)."""
        if self.process is not None:
            if hasattr(os, "killpg"):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
            else:
                self.process.kill()
            self.process.wait(15)
            self.process = None

    def stop(self) -> None:
        """Asks it to stop (SIGTERM: its workers finish their requests and release the leader
        lock); one that takes longer than a loaded machine excuses is killed."""
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(STOP_S)
            except subprocess.TimeoutExpired:
                self.kill()
            self.process = None
