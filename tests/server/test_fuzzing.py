"""schemathesis against our own OpenAPI, on a live server: thousands of generated requests,
valid and not, to every endpoint, with the hostile values of hostile_hooks.py (NUL, lone
surrogates, numbers beyond 64 bits, wrong JSON types, crafted cursors); none may get a 5xx."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import FakeClock, RestServer
from dispatch_console.ports import Actor

HOOKS = Path(__file__).with_name("hostile_hooks.py")


def test_no_generated_request_gets_a_server_error(
    rest_server: RestServer, clock: FakeClock, tmp_path: Path
) -> None:
    admin = rest_server.fresh(Actor("root", "admin"), clock)
    st = Path(sys.executable).with_name("st")
    done = subprocess.run(
        [str(st), "run", rest_server.url + "/openapi.json",
         "-H", f"Authorization: Bearer {admin.token}",
         "--checks", "not_a_server_error", "--max-examples", "8", "--workers", "2",
         "--phases", "coverage,fuzzing", "--seed", "1",
         # a long poll by design: schemathesis would take its 60 s for a network error
         "--exclude-path", "/api/v1/events/wait"],
        capture_output=True, text=True, timeout=600, check=False, cwd=tmp_path,
        env={**os.environ, "SCHEMATHESIS_HOOKS": str(HOOKS)},
    )  # fmt: skip
    summary = done.stdout[-3000:]
    assert done.returncode == 0, summary
    assert "passed" in summary and "failures" not in summary.split("Test cases:")[-1]
