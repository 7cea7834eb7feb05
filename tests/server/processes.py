"""dispatch-server as a real process a test can start, kill like a crash, and start again on the
same address (what a console following it would see)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    def __init__(
        self, database: str, log: Path, port: int | None = None, env: dict[str, str] | None = None
    ) -> None:
        self.database, self.log, self.env = database, log, env
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> ServerProcess:
        with self.log.open("ab") as out:  # the child keeps its own copy of the handle
            self.process = subprocess.Popen(
                [sys.executable, "-m", "dispatch_console.server.main", "--database",
                 self.database, "--port", str(self.port)],
                stdout=out, stderr=subprocess.STDOUT,
                env={**os.environ, **self.env} if self.env else None,
            )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/healthz", timeout=1).ok:
                    return self
            except (requests.ConnectionError, requests.Timeout):  # a busy machine: wait on
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        self.kill()  # never left running behind a failed start
        raise RuntimeError(self.log.read_text(errors="replace"))

    def kill(self) -> None:
        """No goodbye: connections drop mid-flight, as when a machine loses power."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(15)
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(15)
            self.process = None
