"""What an administrator and a console learn from a running server: its version, its API
version, where it listens, and (when asked) a line per request."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import requests

from dispatch_console.versions import API_VERSION, VERSION

from .processes import free_port


def _serve(tmp_path: Path, *flags: str) -> tuple[subprocess.Popen[bytes], str, Path]:
    port = free_port()
    log = tmp_path / f"server-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "dispatch_console.server.main", "--database",
             f"sqlite:///{tmp_path / 'health.sqlite3'}", "--upgrade", "--port", str(port), *flags],
            stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90  # two cores shared by many: a start may be slow
    while time.monotonic() < deadline and process.poll() is None:
        try:
            requests.get(url + "/healthz", timeout=1)
            return process, url, log
        except requests.ConnectionError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(log.read_text(errors="replace"))


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    process.wait(15)


def test_healthz_and_the_version_route_name_the_versions_and_access_lines_are_a_switch(
    tmp_path: Path,
) -> None:
    process, url, log = _serve(tmp_path, "--access-log", "--log-level", "info")
    try:
        health = requests.get(url + "/healthz", timeout=5).json()
        version = requests.get(url + "/api/v1/version", timeout=5)  # no token needed
        requests.get(url + "/api/v1/no-such-thing", timeout=5)
    finally:
        _stop(process)
    assert health["version"] == VERSION
    assert version.status_code == 200
    assert version.json() == {"version": VERSION, "api": API_VERSION}
    text = log.read_text(errors="replace")
    assert text.count(f"listening on {url}") == 1, text
    assert "GET /api/v1/no-such-thing" in text and "404" in text, text

    quiet, url, log = _serve(tmp_path)  # the defaults: warnings only, no access lines
    try:
        requests.get(url + "/api/v1/no-such-thing", timeout=5)
    finally:
        _stop(quiet)
    text = log.read_text(errors="replace")
    assert text.count("listening on") == 1, text
    assert "no-such-thing" not in text, text


def test_every_tool_answers_version() -> None:
    for module in ("dispatch_console.server.main", "dispatch_console.cli.admin"):
        done = subprocess.run(
            [sys.executable, "-m", module, "--version"], capture_output=True, text=True,
            timeout=60, check=False,
        )  # fmt: skip
        assert done.returncode == 0 and done.stdout.strip().endswith(VERSION), done
