"""Backup and restore as docs/deploy.md tells IT to do it: the nightly backup unit's command
(`dispatch-admin backup`, pg_dump's custom format) on a desk, `pg_restore` into a new, empty
database, and a server started on the copy with the systemd unit's command line serves the
same desk: the same tickets and users (passwords included), the customers' QR codes,
integration tokens, and new tickets numbered after the old ones."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import Actor
from dispatch_console.rest.client import RestBackend
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore

from .conftest import BOSS, BOSS_PASSWORD, empty_database
from .units import backup_command, unit_server


def _admin(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dispatch_console.cli.admin", *args], capture_output=True,
        text=True, timeout=300, check=False,
    )  # fmt: skip


def _restore(dump: Path, database: str) -> None:
    """What the documentation says, word for word (psql's URL form for --dbname)."""
    done = subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={database}", str(dump)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_a_backup_restored_into_a_new_database_serves_the_same_desk(
    desk_database: str, tmp_path: Path
) -> None:
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump and pg_restore are not installed (apt-get install postgresql-client)")
    store = SqlStore(desk_database)
    try:
        office = Services(store.unit_of_work, store.feed, Actor("boss", "admin"))
        office.create_user("alice", "Alice", "agent", "alice's password 1")
        customer = office.create_customer("Acme 上海工厂", ["13812345678"])
        site = office.create_site("Plant", "1 Road", lat=31.2, lon=121.4, customer_id=customer.id)
        asset = office.create_asset(site.id, "HP LaserJet M404", "CN-RESTORE-1")
        tickets = [
            office.create_ticket(TicketDraft("phone", "printer", "high", f"卡纸 {n}",
                                             customer_id=customer.id, asset_id=asset.id))
            for n in range(3)
        ]  # fmt: skip
        gps_token, _ = office.create_integration_token("gps", "technicians' phones")
        before = [office.get_ticket(t.id) for t in tickets]
    finally:
        store.close()

    backups = tmp_path / "backups"  # the unit's working directory
    backups.mkdir()
    backed_up = subprocess.run(
        backup_command(), cwd=backups, capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "DISPATCH_DATABASE_URL": desk_database},
    )  # fmt: skip
    assert backed_up.returncode == 0, backed_up.stderr
    [dump] = backups.glob("dispatch-backup-*.dump")  # what the unit's clean-up looks for
    assert f"backed up 3 tickets to {dump.name}" in backed_up.stdout

    with empty_database("dispatch_restored") as restored:
        _restore(dump, restored)
        current = _admin("--database", restored, "db", "current")
        assert current.returncode == 0 and "(head)" in current.stdout, current.stdout
        with unit_server(restored, tmp_path) as server:
            desk, _ = RestBackend.sign_in(server.url, BOSS, BOSS_PASSWORD)
            agent, _ = RestBackend.sign_in(server.url, "alice", "alice's password 1")
            try:
                assert [desk.get_ticket(t.id) for t in tickets] == before
                newer = agent.create_ticket(
                    TicketDraft("phone", "printer", "normal", "after the restore",
                                customer_id=customer.id)
                )  # fmt: skip
                assert newer.id > max(t.id for t in tickets)
            finally:
                desk.close()
                agent.close()
            qr = requests.get(f"{server.url}/r/{asset.qr_token}?lang=en", timeout=30)
            assert qr.status_code == 200 and "HP LaserJet M404" in qr.text
            who = requests.get(server.url + "/api/v1/auth/me", timeout=30,
                               headers={"Authorization": f"Bearer {gps_token}"})  # fmt: skip
            assert who.status_code == 200 and who.json()["role"] == "gps", who.text
        assert "Traceback" not in server.log_text()
