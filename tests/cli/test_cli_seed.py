"""`seed --demo`: the Shanghai data set, through the services, the same for the same seed."""

from __future__ import annotations

import random
import sqlite3
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from dispatch_console.domain.enums import TicketStatus
from dispatch_console.seed.people import Faker
from dispatch_console.seed.planning import final_states
from dispatch_console.seed.shanghai import HUBS

from .conftest import ANCHOR, Seeded, run, sqlite_url


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, except what is random by design: the salted password hashes
    and the e-mails' opt-out tokens (secrets)."""
    out = {}
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in sorted(tables):
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            keep = ", ".join(c for c in cols if c not in ("password_hash", "optout_token"))
            out[table] = conn.execute(f"SELECT {keep} FROM {table} ORDER BY 1").fetchall()
    return out


def test_the_summary_counts_every_entity_and_every_ticket_state(seeded: Seeded) -> None:
    out = seeded.output.out
    for entity in (
        "departments",
        "parts",
        "customers",
        "sites",
        "assets",
        "technicians",
        "tickets",
        "transitions",
        "check-ins",
        "calls",
        "callbacks",
        "events",
    ):
        assert f"  {entity} " in out
    states = out.split("tickets by state:")[1].split("calls by outcome")[0]
    for status in TicketStatus:
        assert f"  {status.value} " in states, status
    assert "answered" in out and "missed" in out and "pending" in out
    for login in ("admin", "supervisor1", "agent1", "agent2", "tech01"):
        assert login in out
    assert "extension 8001" in out and "extension 8002" in out


def test_the_data_is_real_history_in_shanghai(seeded: Seeded) -> None:
    with sqlite3.connect(seeded.path) as conn:
        q = conn.execute
        assert q("SELECT count(*) FROM departments").fetchone()[0] == 8
        assert q("SELECT count(*) FROM parts").fetchone()[0] == 40
        assert {r[0] for r in q("SELECT sla_class FROM contracts")} == {
            "basic",
            "standard",
            "premium",
        }
        # every ticket was created by a use case: it has its transitions and its events
        no_events = (
            "SELECT count(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM events e"
            " WHERE e.entity = 'ticket' AND e.entity_id = CAST(t.id AS TEXT))"
        )
        assert q(no_events).fetchone()[0] == 0
        no_history = (
            "SELECT count(*) FROM tickets t WHERE NOT EXISTS"
            " (SELECT 1 FROM ticket_transitions x WHERE x.ticket_id = t.id)"
        )
        assert q(no_history).fetchone()[0] == 0
        assert q("SELECT count(*) FROM technicians WHERE user_id IS NULL").fetchone()[0] == 0
        assert q("SELECT count(*) FROM technicians WHERE lat IS NULL").fetchone()[0] == 0
        for lat, lon in q("SELECT lat, lon FROM sites"):
            assert any(_within(lat, lon, hub.lat, hub.lon, hub.radius_m + 1) for hub in HUBS)
        phones = [r[0] for r in q("SELECT number FROM customer_phones")]
        assert all(p.startswith(("+861", "+8621")) for p in phones)
        assert any(p.startswith("+8621") for p in phones)
        assert q("SELECT count(*) FROM calls WHERE outcome = 'missed'").fetchone()[0] > 0
        assert q("SELECT count(*) FROM callbacks WHERE status = 'pending'").fetchone()[0] > 0
        first, last = q("SELECT min(created_at), max(created_at) FROM tickets").fetchone()
        assert first < "2026-02-20" < last <= "2026-03-02 01:00"


def _within(lat: float, lon: float, clat: float, clon: float, radius_m: float) -> bool:
    import math

    dy = (lat - clat) * 111_320
    dx = (lon - clon) * 111_320 * math.cos(math.radians(clat))
    return math.hypot(dx, dy) <= radius_m


def test_the_full_demo_plans_400_tickets_in_every_state() -> None:
    states = final_states(random.Random(0), 400)
    assert len(states) == 400 and set(states) == set(TicketStatus)


def test_the_same_seed_gives_the_same_data(tmp_path: Path) -> None:
    paths = [tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"]
    for path in paths:
        args = ("seed", "--demo", "--scale", "0.05", "--anchor", ANCHOR, "--seed", "3")
        assert run("--database", sqlite_url(path), *args).code == 0
    first, second = dump(paths[0]), dump(paths[1])
    assert first == second
    assert len(first["events"]) > 100


def test_another_seed_gives_other_people() -> None:
    def people(seed: int) -> list[str]:
        fake = Faker(random.Random(seed))
        return [fake.chinese_name() + fake.mobile() for _ in range(20)]

    assert people(1) == people(1)
    assert people(1) != people(2)


def test_a_database_with_tickets_is_not_seeded_again(seeded: Seeded, tmp_path: Path) -> None:
    url = seeded.copy(tmp_path / "copy.sqlite3")
    result = run("--database", url, "seed", "--demo", "--scale", "0.05")
    assert result.code == 1 and "--force" in result.err and result.err.count("\n") == 1
    assert dump(tmp_path / "copy.sqlite3") == dump(seeded.path)


def test_forced_reseeding_adds_without_collisions(seeded: Seeded, tmp_path: Path) -> None:
    url = seeded.copy(tmp_path / "copy.sqlite3")
    before = dump(tmp_path / "copy.sqlite3")
    result = run(
        "--database",
        url,
        "seed",
        "--demo",
        "--scale",
        "0.05",
        "--force",
        "--anchor",
        ANCHOR,
        "--seed",
        "7",
    )
    assert result.code == 0, result.err
    after = dump(tmp_path / "copy.sqlite3")
    assert len(after["tickets"]) > len(before["tickets"])
    assert len(after["departments"]) == len(before["departments"])


def test_bulk_seeding_goes_through_the_storage_hook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []

    def bulk_seed(
        store: Any, customers: int, tickets: int, seed: int = 0, progress: Any = print
    ) -> dict[str, Any]:
        calls.append({"customers": customers, "tickets": tickets, "seed": seed})
        return {"customers": customers, "tickets": tickets}

    fake = types.ModuleType("dispatch_console.storage.bulk")
    fake.bulk_seed = bulk_seed  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "dispatch_console.storage.bulk", fake)
    url = sqlite_url(tmp_path / "bulk.sqlite3")
    result = run(
        "--database", url, "seed", "--customers", "1_000", "--tickets", "2000", "--seed", "2"
    )
    assert result.code == 0, result.err
    assert calls == [{"customers": 1000, "tickets": 2000, "seed": 2}]
    assert "tickets: 2000" in result.out
    assert run("--database", url, "seed", "--tickets", "5").code == 2  # argparse: needs a mode
