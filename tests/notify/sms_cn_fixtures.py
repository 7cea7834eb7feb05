"""The fake Aliyun and Tencent processes (cn_gateways.py) and the settings that point our
senders at them, shared by test_sms_cn.py and test_sms_cn_crash.py."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from dispatch_console.notify.settings import NotifySettings
from dispatch_console.notify.sms_templates import load
from server.processes import free_port

from .conftest import wait_until

KEY_ID, SECRET, SIGN, APP_ID = "LTAI5tTestKeyId", "TestSecret0123456789", "示例客服", "1400006666"
# what each fake account has approved: the template's variables (Aliyun) or their count
APPROVED = {
    "aliyun": {"SMS_465380001": ["code"], "SMS_465380003": ["code", "desk"]},
    "tencent": {"2001": 1, "2003": 2},
}
# the desk's template files: `received` as approved; `resolved` one parameter short
TEMPLATE_FILES = {
    "aliyun": '[received]\ntemplate = "SMS_465380001"\nparams = { code = "ticket" }\n'
    '[resolved]\ntemplate = "SMS_465380003"\nparams = { code = "ticket" }\n',
    "tencent": '[received]\ntemplate = "2001"\nparams = ["ticket"]\n'
    '[resolved]\ntemplate = "2003"\nparams = ["ticket"]\n',
}


@dataclass
class FakeProvider:
    kind: str
    url: str
    delivered_file: Path
    templates_file: Path

    def control(self, **settings: Any) -> None:
        requests.post(self.url + "/_control", json=settings, timeout=5).raise_for_status()

    def state(self) -> dict[str, Any]:
        return dict(requests.get(self.url + "/_state", timeout=5).json())

    def release(self) -> None:
        requests.post(self.url + "/_release", json={}, timeout=5).raise_for_status()

    def delivered(self) -> list[dict[str, Any]]:
        lines = self.delivered_file.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines]

    def settings(self, secret: str = SECRET) -> NotifySettings:
        return NotifySettings(
            desk_name=SIGN, sms_provider=self.kind, sms_access_key_id=KEY_ID,
            sms_access_key_secret=secret, sms_endpoint=self.url + "/", sms_sign_name=SIGN,
            sms_app_id=APP_ID, sms_templates=load(self.templates_file, self.kind == "tencent"),
            timeout_s=5,
        )  # fmt: skip

    def options(self) -> list[str]:
        """`dispatch-admin notify run` options (the secret goes in the environment)."""
        return [
            "--sms-provider", self.kind, "--sms-access-key-id", KEY_ID, "--sms-sign-name", SIGN,
            "--sms-app-id", APP_ID, "--sms-endpoint", self.url + "/",
            "--sms-templates", str(self.templates_file),
        ]  # fmt: skip


@pytest.fixture(params=["aliyun", "tencent"])
def provider(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FakeProvider]:
    kind = str(request.param)
    config = tmp_path / f"{kind}.json"
    account = {"secrets": {KEY_ID: SECRET}, "sign_name": SIGN, "app_id": APP_ID,
               "templates": APPROVED[kind]}  # fmt: skip
    config.write_text(json.dumps(account), "utf-8")
    templates = tmp_path / f"{kind}-templates.toml"
    templates.write_text(TEMPLATE_FILES[kind], "utf-8")
    port = free_port()
    delivered = tmp_path / f"{kind}-delivered.jsonl"
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("cn_gateways.py")), kind, str(port),
         str(delivered), str(config)],
    )  # fmt: skip
    fake = FakeProvider(kind, f"http://127.0.0.1:{port}", delivered, templates)
    try:
        wait_until(lambda: _answers(fake.url), f"the fake {kind} to start")
        yield fake
    finally:
        process.kill()
        process.wait(10)


def _answers(url: str) -> bool:
    try:
        return requests.get(url + "/_state", timeout=1).ok
    except requests.ConnectionError:
        return False
