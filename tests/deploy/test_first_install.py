"""A server-only install from nothing, following docs/deploy.md's own text: the PostgreSQL role
and database of section 1 (a login role that is no superuser), `db upgrade` and the first
administrator with dispatch-admin, the server started with the systemd unit's command line,
and section 7's `curl` blocks run by bash as written (only the server's address changed): the
administrator signs in, issues a pbx, a gps and a chat token, and each integration's webhook
is called with its own. What they sent is then in the desk's database."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest

from conftest import PG_SKIP_REASON, PG_URL_ENV
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore

from .units import replaced, unit_server

DOC = Path(__file__).resolve().parents[2] / "docs" / "deploy.md"
ADMIN_PASSWORD = "it department's password"


def block(name: str) -> str:
    """The fenced block after `<!-- run: NAME -->` in docs/deploy.md."""
    found = re.search(rf"<!-- run: {name} -->\n```\w*\n(.*?)\n```", DOC.read_text(), re.DOTALL)
    assert found is not None, f"docs/deploy.md has no block marked run: {name}"
    return found.group(1)


@pytest.fixture
def own_role_and_database() -> Iterator[str]:
    """Section 1's SQL with this test's names: the URL the role logs in with."""
    admin = os.environ.get(PG_URL_ENV)
    if not admin:
        pytest.skip(PG_SKIP_REASON)
    admin = admin.replace("postgresql+psycopg://", "postgresql://")
    name = f"dispatch_it_{uuid.uuid4().hex[:8]}"
    sql = replaced(block("role"), {
        "CREATE ROLE dispatch LOGIN": f"CREATE ROLE {name} LOGIN",
        "CREATE DATABASE dispatch OWNER dispatch ": f"CREATE DATABASE {name} OWNER {name} ",
    })  # fmt: skip
    with psycopg.connect(admin, autocommit=True) as c:
        for statement in filter(None, (s.strip() for s in sql.split(";"))):
            c.execute(statement)
    password = re.search(r"PASSWORD '([^']*)'", sql)
    assert password is not None
    host = admin.split("@", 1)[1].rsplit("/", 1)[0]
    try:
        yield f"postgresql://{name}:{quote(password.group(1))}@{host}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            c.execute(f'DROP ROLE IF EXISTS "{name}"')


def _admin_tool(database: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "dispatch_console.cli.admin", "--database", database, *args],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_server_only_install_as_the_documentation_says(
    own_role_and_database: str, tmp_path: Path
) -> None:
    missing = [tool for tool in ("curl", "jq", "bash") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (apt-get install curl jq; .ci/run does)")
    database = own_role_and_database
    with psycopg.connect(database) as c:  # the role logs in, and is no superuser
        assert c.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
                         ).fetchone() == (False,)  # fmt: skip
    _admin_tool(database, "db", "upgrade")
    assert "(head)" in _admin_tool(database, "db", "current")
    made = _admin_tool(database, "create-user", "admin", "--role", "admin", "--name",
                       "IT department", "--password", ADMIN_PASSWORD)  # fmt: skip
    assert "created admin 'admin'" in made
    store = SqlStore(database)
    try:  # the technician whose phone reports, as the console would record them
        office = Services(store.unit_of_work, store.feed, Actor("admin", "admin"))
        wang = office.create_technician("王伟", "13900001110", None)
    finally:
        store.close()

    with unit_server(database, tmp_path) as server:
        script = replaced(block("tokens"), {"SERVER=https://dispatch.corp": f"SERVER={server.url}"})
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script + "\n" + block("webhooks")],
            capture_output=True, text=True, timeout=300, check=False,
            env={**os.environ, "ADMIN_PASSWORD": ADMIN_PASSWORD},
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        assert re.search(r"^\d+ pbx Asterisk CTI$", done.stdout, re.MULTILINE), done.stdout
        assert re.search(r"^\d+ gps technicians' phones$", done.stdout, re.MULTILINE)
        assert re.search(r"^\d+ chat WeCom$", done.stdout, re.MULTILINE)
        assert '"conversation"' in done.stdout
    assert "Traceback" not in server.log_text()

    store = SqlStore(database)
    try:
        office = Services(store.unit_of_work, store.feed, Actor("admin", "admin"))
        calls = office.list_calls()
        conversations = office.list_conversations()
        moved = office.get_technician(wang.id)
    finally:
        store.close()
    assert [(c.call_id, c.agent_extension) for c in calls] == [("c-20261207-1", "8001")], calls
    assert [c.contact_name for c in conversations] == ["张伟"], conversations
    assert moved.lat == pytest.approx(31.2304) and moved.lon == pytest.approx(121.4737)
