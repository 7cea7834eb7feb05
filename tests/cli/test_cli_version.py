"""`dispatch-admin --version`: what an administrator quotes to support, from the package."""

from __future__ import annotations

import pytest

from dispatch_console.cli.admin import main
from dispatch_console.versions import VERSION


def test_version_prints_the_installed_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"dispatch-admin {VERSION}"
