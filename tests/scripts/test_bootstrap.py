"""scripts/bootstrap.sh as a new user meets it: the Python version is checked before anything is
made, the message says which version is needed and how to point at another (PYTHON=), and a
.venv made by a wrong Python is rebuilt rather than reused.

The script runs for real, in a copy of the scripts folder in a temporary checkout; the Pythons
are stand-ins that answer the version question with a given version and, asked for `-m venv`,
make a .venv holding another of themselves (no packages are installed)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BASH = shutil.which("bash")

pytestmark = pytest.mark.skipif(BASH is None, reason="the set-up scripts are bash scripts")


def fake_python(path: Path, version: str, log: Path) -> Path:
    """A stand-in interpreter reporting `version`; every call is appended to `log`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "#!/usr/bin/env bash\n"
        f'echo "$0 $*" >> "{log}"\n'
        'case "$1" in\n'
        f'  -c) echo "{version}" ;;\n'
        '  -m) if [ "$2" = venv ]; then mkdir -p "$3/bin" && cp "$0" "$3/bin/python"; fi ;;\n'
        "esac\n",
        encoding="utf-8",
    )
    path.chmod(0o755)
    return path


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    (tmp_path / "checkout" / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "bootstrap.sh", tmp_path / "checkout" / "scripts")
    return tmp_path / "checkout"


def bootstrap(checkout: Path, python: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env["PYTHON"] = python
    return subprocess.run(
        [str(BASH), "scripts/bootstrap.sh"],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_too_old_python_is_refused_first_with_what_is_needed_and_how_to_choose(
    checkout: Path, tmp_path: Path
) -> None:
    log = tmp_path / "calls.log"
    old = fake_python(tmp_path / "bin" / "python3.10", "3.10", log)
    done = bootstrap(checkout, str(old))
    assert done.returncode == 1
    assert "Python 3.10" in done.stderr and "3.11 or newer" in done.stderr
    assert "PYTHON=" in done.stderr
    assert not (checkout / ".venv").exists()  # nothing made by the wrong Python
    assert log.read_text().count("\n") == 1  # asked for its version, nothing else


def test_a_python_that_does_not_run_is_named(checkout: Path, tmp_path: Path) -> None:
    done = bootstrap(checkout, str(tmp_path / "no-such-python"))
    assert done.returncode == 1
    assert "Cannot run" in done.stderr and "no-such-python" in done.stderr
    assert "PYTHON=" in done.stderr
    assert not (checkout / ".venv").exists()


def test_a_venv_made_by_a_wrong_python_is_rebuilt_with_the_right_one(
    checkout: Path, tmp_path: Path
) -> None:
    log = tmp_path / "calls.log"
    fake_python(checkout / ".venv" / "bin" / "python", "3.10", log)  # the earlier, failed try
    (checkout / ".venv" / "stale-marker").write_text("made by 3.10")
    good = fake_python(tmp_path / "bin" / "python3.12", "3.12", log)
    done = bootstrap(checkout, str(good))
    assert done.returncode == 0, done.stderr
    assert "Rebuilding .venv" in done.stderr and "Python 3.10" in done.stderr
    assert not (checkout / ".venv" / "stale-marker").exists()
    calls = log.read_text().splitlines()
    assert f"{good} -m venv .venv" in calls
    assert ".venv/bin/python -m pip install --quiet -e ." in calls  # by the new .venv's Python
    # and the user is told how to reach the commands
    assert f"source {checkout}/.venv/bin/activate" in done.stdout


def test_a_good_venv_is_reused(checkout: Path, tmp_path: Path) -> None:
    log = tmp_path / "calls.log"
    fake_python(checkout / ".venv" / "bin" / "python", "3.12", log)
    (checkout / ".venv" / "kept-marker").write_text("made by 3.12")
    good = fake_python(tmp_path / "bin" / "python3.12", "3.12", log)
    done = bootstrap(checkout, str(good))
    assert done.returncode == 0, done.stderr
    assert (checkout / ".venv" / "kept-marker").exists()
    assert f"{good} -m venv .venv" not in log.read_text().splitlines()
