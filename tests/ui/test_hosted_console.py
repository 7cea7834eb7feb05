"""The console against a real hosted dispatch-server (`--tenants`, docs/saas.md): the first-start
dialog takes a company's address and says in words when the address names no company or a
suspended one; an administrator sees the seats, frees one, and exports the month's sign-ins."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from pytestqt.qtbot import QtBot

from dispatch_console.app import probes
from dispatch_console.config import (
    ConnectionSettings,
    ConsoleSettings,
    Secrets,
    load_settings,
    save_settings,
)
from dispatch_console.domain.errors import DomainError, NotSignedIn
from dispatch_console.ports import TicketQuery
from dispatch_console.rest.client import RestBackend
from dispatch_console.ui.seats_dialog import SeatsDialog
from dispatch_console.ui.settings.first_start import ConnectionDialog
from dispatch_console.ui.tasks import TaskRunner
from server.hosted import PASSWORD, Hosted, hosted

pytestmark = pytest.mark.skipif(
    not os.environ.get("DISPATCH_TEST_DATABASE_URL"), reason="needs PostgreSQL"
)


@pytest.fixture(scope="module")
def acme(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hosted]:
    # "localhost" is the one name besides addresses that resolves here without a DNS server;
    # 127.0.0.1 reaches the same server process under a name no company has
    log = tmp_path_factory.mktemp("hosted") / "server.log"
    with hosted(log, {"acme": ("localhost", 2)}) as made:
        yield made


def _first_start(qtbot: QtBot, address: str) -> ConnectionDialog:
    dialog = ConnectionDialog(ConsoleSettings(), probes.probes(), Secrets(), save_settings)
    qtbot.addWidget(dialog)
    page = dialog.page
    page.kind.setCurrentIndex(page.kind.findData("server"))
    page.server_url.setText(address)
    return dialog


def test_the_first_start_takes_a_companys_address_and_names_a_wrong_one(
    qtbot: QtBot, acme: Hosted
) -> None:
    unknown = _first_start(qtbot, acme.url("127.0.0.1"))
    with qtbot.waitSignal(unknown.page.tested, timeout=20000) as tested:
        unknown.continue_button.click()
    assert tested.args == [False]
    assert unknown.result() != ConnectionDialog.DialogCode.Accepted
    words = unknown.page.result.text()
    assert words.startswith("✗ No company is served at 127.0.0.1."), words
    assert "the server answered" not in words and "older" not in words  # not a raw 404

    dialog = _first_start(qtbot, acme.url("localhost"))
    with qtbot.waitSignal(dialog.accepted, timeout=20000):
        dialog.continue_button.click()
    assert load_settings().connection == ConnectionSettings(
        kind="server", server_url=acme.url("localhost")
    )
    # and the console works there: sign in, read the queue
    backend, user = RestBackend.sign_in(acme.url("localhost"), "boss", PASSWORD)
    try:
        assert user.username == "boss"
        assert backend.search_tickets(TicketQuery()).items == []
    finally:
        backend.sign_out()


def test_an_administrator_sees_the_seats_frees_one_and_exports_the_month(
    qtbot: QtBot, acme: Hosted, tmp_path: Path
) -> None:
    boss, _ = RestBackend.sign_in(acme.url("localhost"), "boss", PASSWORD)
    boss.create_user("li", "李磊", "agent", PASSWORD)
    li, _ = RestBackend.sign_in(acme.url("localhost"), "li", PASSWORD)
    with pytest.raises(DomainError, match="all 2 seats are taken"):  # boss and li hold both
        boss.create_user("wang", "王芳", "agent", PASSWORD)
        RestBackend.sign_in(acme.url("localhost"), "wang", PASSWORD)
    dialog = SeatsDialog(boss, TaskRunner(), "boss")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.refresh()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=15000)
    assert dialog.summary.text().startswith("2 of 2 seats in use. All seats are taken")
    names = [dialog.table.item(r, 0).text() for r in range(2)]
    assert names == ["boss (you)", "li"]
    dialog.table.selectRow(0)
    assert not dialog.sign_out.isEnabled()  # not oneself: that is File ▸ Sign out
    dialog.table.selectRow(1)
    assert dialog.sign_out.isEnabled()
    with qtbot.waitSignal(dialog.signed_out, timeout=15000) as ended:
        dialog.sign_out.click()
    assert ended.args == ["li"]
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=15000)
    assert dialog.summary.text() == "1 of 2 seats in use."
    with pytest.raises(NotSignedIn):
        li.search_tickets(TicketQuery())
    wang, _ = RestBackend.sign_in(acme.url("localhost"), "wang", PASSWORD)  # the freed seat

    path = tmp_path / "sign-ins.csv"
    dialog.export(path)
    qtbot.waitUntil(lambda: path.exists() and "Saved" in dialog.status.text(), timeout=15000)
    with path.open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    month = datetime.now(UTC).strftime("%Y-%m")
    by_user = {r["username"]: int(r["sign_ins"]) for r in rows}
    assert {r["month"] for r in rows} == {month} and {r["seat_limit"] for r in rows} == {"2"}
    assert by_user["li"] == 1 and by_user["wang"] == 1 and by_user["boss"] >= 2
    # bad input is refused in words, never a 5xx; the bill is the administrators'
    usage = acme.url("localhost") + "/api/v1/auth/seats/usage"
    bad = requests.get(usage, params={"month": "2026-13"}, timeout=30,
                       headers={"Authorization": f"Bearer {boss.token}"})  # fmt: skip
    assert bad.status_code == 422 and "not a month such as 2026-12" in bad.text, bad.text
    agent = requests.get(usage, params={"month": month}, timeout=30,
                         headers={"Authorization": f"Bearer {wang.token}"})  # fmt: skip
    assert agent.status_code == 403, agent.text
    for backend in (boss, wang):
        backend.sign_out()


def test_a_suspended_companys_address_is_refused_in_words(qtbot: QtBot, acme: Hosted) -> None:
    assert acme.admin("suspend", "acme", "--reason", "the invoice of November is unpaid") == 0
    try:
        # every server process follows the catalogue within a few seconds
        qtbot.waitUntil(lambda: requests.get(acme.url("localhost") + "/api/v1/version",
                                             timeout=10).status_code == 403,
                        timeout=20000)  # fmt: skip
        dialog = _first_start(qtbot, acme.url("localhost"))
        with qtbot.waitSignal(dialog.page.tested, timeout=20000) as tested:
            dialog.continue_button.click()
        assert tested.args == [False]
        assert dialog.page.result.text() == (
            "✗ Your company's service is suspended (the invoice of November is unpaid). Ask "
            "your provider to resume it."
        )
    finally:
        assert acme.admin("resume", "acme") == 0
