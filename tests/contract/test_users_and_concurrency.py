"""Users and passwords; technicians; two people writing the same record at the same moment."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest

from dispatch_console.domain.enums import Role, TechnicianStatus, TicketStatus
from dispatch_console.domain.errors import (
    ConflictError,
    DomainError,
    DuplicateError,
    PermissionDenied,
    ValidationError,
)
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore

from .conftest import Make

if TYPE_CHECKING:
    from conftest import FakeClock

ROOT = Actor("root", role="admin")

# --- users ---------------------------------------------------------------------------------------


def test_create_user_and_authenticate(
    backend: Services, act_as: Callable[[Actor], Services], make: Make
) -> None:
    dept = make.department()
    admin = act_as(ROOT)
    user = admin.create_user(
        "agent7", "Agent Seven", "agent", "correct horse", department_id=dept.id, extension="8007"
    )
    assert (user.role, user.department_id, user.extension, user.active) == (
        Role.AGENT,
        dept.id,
        "8007",
        True,
    )

    who = backend.authenticate("agent7", "correct horse")
    assert (who.id, who.username, who.display_name) == (user.id, "agent7", "Agent Seven")
    event = backend.events_after(backend.last_event_id() - 1)[0]
    assert (event.entity, event.kind, event.actor) == ("user", "created", "root")
    assert "correct horse" not in str(event.payload)


def test_the_password_is_stored_as_an_argon2_hash(
    backend: Services, act_as: Callable[[Actor], Services], sql_store: SqlStore
) -> None:
    act_as(ROOT).create_user("agent7", "Agent Seven", "agent", "correct horse")
    with sql_store.unit_of_work() as uow:
        stored = uow.password_hash("agent7")
    assert stored is not None
    assert stored.startswith("$argon2id$")
    assert "correct horse" not in stored


def test_wrong_password_or_unknown_user_is_denied(
    backend: Services, act_as: Callable[[Actor], Services]
) -> None:
    act_as(ROOT).create_user("agent7", "Agent Seven", "agent", "correct horse")
    for username, password in [
        ("agent7", "wrong password"),
        ("agent7", ""),
        ("AGENT7", "correct horse"),
        ("nobody", "correct horse"),
    ]:
        with pytest.raises(PermissionDenied) as err:
            backend.authenticate(username, password)
        # the same words either way: the message must not reveal which usernames exist
        assert str(err.value) == "unknown user or wrong password"


def test_only_an_admin_creates_users(
    backend: Services, act_as: Callable[[Actor], Services]
) -> None:
    with pytest.raises(PermissionDenied):
        backend.create_user("agent7", "Agent Seven", "agent", "correct horse")
    with pytest.raises(PermissionDenied):
        act_as(Actor("sup", role="supervisor")).create_user("x7", "X", "agent", "correct horse")
    with pytest.raises(PermissionDenied):
        backend.authenticate("agent7", "correct horse")


def test_user_validation_and_duplicates(act_as: Callable[[Actor], Services]) -> None:
    admin = act_as(ROOT)
    admin.create_user("agent7", "Agent Seven", "agent", "correct horse")
    with pytest.raises(DuplicateError) as dup:
        admin.create_user("agent7", "Someone Else", "agent", "another password")
    assert dup.value.field == "username"
    cases = [
        (("bad name", "X", "agent", "correct horse"), "username"),
        (("agent8", "X", "agent", "short"), "password"),
        (("agent8", "X", "overlord", "correct horse"), "role"),
        (("agent8", " ", "agent", "correct horse"), "display_name"),
    ]
    for args, field in cases:
        with pytest.raises(ValidationError) as err:
            admin.create_user(*args)
        assert err.value.field == field


def test_where_sla_alerts_reach_a_user_is_theirs_or_an_admins_to_set(
    act_as: Callable[[Actor], Services],
) -> None:
    admin = act_as(ROOT)
    sue = admin.create_user("sue", "Sue", "supervisor", "correct horse", email="Sue@Desk.CN",
                            mobile="138 1234 5678")  # fmt: skip
    assert (sue.email, sue.mobile, sue.language) == ("sue@desk.cn", "+8613812345678", "zh_CN")
    herself = act_as(Actor("sue", "supervisor")).set_user_contact(
        sue.id, sue.version, "sue@desk.cn", None, "en"
    )
    assert (herself.mobile, herself.language, herself.version) == (None, "en", sue.version + 1)
    with pytest.raises(PermissionDenied):  # a colleague may not redirect her alerts
        act_as(Actor("bob", "supervisor")).set_user_contact(sue.id, herself.version, "b@x.cn", None)
    with pytest.raises(ConflictError):  # an edit of what she had before
        admin.set_user_contact(sue.id, sue.version, None, None)
    for email, mobile, lang, field in (
        ("not an address", None, "zh_CN", "email"),
        (None, "12", "zh_CN", "mobile"),
        (None, None, "fr", "language"),
    ):
        with pytest.raises(ValidationError) as err:
            admin.set_user_contact(sue.id, herself.version, email, mobile, lang)
        assert err.value.field == field
    with pytest.raises(ValidationError, match="landline"):  # texts cannot reach 021 numbers
        admin.set_user_contact(sue.id, herself.version, None, "021 6321 5566")
    kept = admin.set_user_contact(sue.id, herself.version, "sue@desk.cn", "13812345678")
    assert kept.language == "en"  # no language given: hers stays
    [listed] = [u for u in admin.list_users() if u.username == "sue"]
    assert (listed.email, listed.mobile, listed.language) == ("sue@desk.cn", "+8613812345678", "en")
    # her colleagues at the desk see who she is, not where to reach her privately
    [seen] = [u for u in act_as(Actor("bob", "agent")).list_users() if u.username == "sue"]
    assert (seen.display_name, seen.email, seen.mobile) == ("Sue", None, None)
    [mine] = [u for u in act_as(Actor("sue", "supervisor")).list_users() if u.username == "sue"]
    assert mine.mobile == "+8613812345678"


# --- technicians ---------------------------------------------------------------------------------


def test_technicians_by_department_and_status_changes(backend: Services, make: Make) -> None:
    north, south = make.department("North"), make.department("South")
    wang = make.technician(north, "Wang", skills=["hvac", "electrical", "hvac"])
    zhao = make.technician(south, "Zhao", phone="139 0000 2222")
    assert wang.skills == ("electrical", "hvac")
    assert zhao.phone == "+8613900002222"
    assert [t.id for t in backend.list_technicians(north.id)] == [wang.id]
    assert [t.id for t in backend.list_technicians()] == [wang.id, zhao.id]

    t = backend.set_technician_status(wang.id, wang.version, "available")
    assert (t.status, t.version) == (TechnicianStatus.AVAILABLE, 2)
    with pytest.raises(ConflictError) as err:
        backend.set_technician_status(wang.id, wang.version, "off_duty")
    assert err.value.changed_fields == ("status",)
    with pytest.raises(ValidationError):
        backend.set_technician_status(wang.id, t.version, "napping")


def test_gps_fixes_arrive_out_of_order(backend: Services, make: Make, clock: FakeClock) -> None:
    tech = make.technician()
    t0 = clock.now()
    backend.report_position(tech.id, 31.23, 121.47, 12.0, t0)
    stale = backend.report_position(tech.id, 30.0, 120.0, 5.0, t0 - timedelta(minutes=1))
    assert (stale.lat, stale.lon, stale.position_at) == (31.23, 121.47, t0)
    later = backend.report_position(tech.id, 31.24, 121.48, 8.0, t0 + timedelta(seconds=30))
    assert (later.lat, later.position_accuracy_m) == (31.24, 8.0)
    # a fix is a fact from the device, not an edit: an agent's open copy is still current
    assert backend.set_technician_status(tech.id, tech.version, "available").version == 2
    with pytest.raises(ValidationError):
        backend.report_position(tech.id, 91.0, 121.0, None, t0)


# --- concurrency ---------------------------------------------------------------------------------


def _race(*actions: Callable[[], object]) -> list[object]:
    """Run the actions in threads released at the same instant; each result or exception."""
    start = threading.Barrier(len(actions))
    results: list[object] = [None] * len(actions)

    def run(i: int) -> None:
        start.wait()
        try:
            results[i] = actions[i]()
        except Exception as exc:  # the test inspects what each thread got
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actions))]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=30)
        assert not th.is_alive(), "a writer hung"
    return results


@pytest.mark.parametrize("round_", range(3))
def test_two_dispatchers_assign_the_same_ticket_exactly_one_wins(
    backend: Services, make: Make, act_as: Callable[[Actor], Services], round_: int
) -> None:
    dept = make.department()
    wang, zhao = make.technician(dept, "Wang"), make.technician(dept, "Zhao")
    t = make.ticket(department_id=dept.id)
    alice, bob = act_as(Actor("alice")), act_as(Actor("bob"))

    results = _race(
        lambda: alice.assign(t.id, t.version, wang.id),
        lambda: bob.assign(t.id, t.version, zhao.id),
    )

    winners = [r for r in results if not isinstance(r, Exception)]
    losers = [r for r in results if isinstance(r, Exception)]
    assert len(winners) == 1, results
    assert len(losers) == 1 and isinstance(losers[0], ConflictError), results
    won = winners[0]
    stored = backend.get_ticket(t.id)
    assert (stored.status, stored.version) == (TicketStatus.ASSIGNED, 2)
    assert stored.assignee_id == won.assignee_id  # type: ignore[attr-defined]
    winner_name = "alice" if results[0] is won else "bob"
    assert losers[0].changed_by == (winner_name,)
    assert "assignee_id" in losers[0].changed_fields
    assignments = [e for e in backend.events_after(0) if e.kind == "assigned"]
    assert len(assignments) == 1
    assert [t.to_status for t in backend.ticket_history(t.id).transitions].count(
        TicketStatus.ASSIGNED
    ) == 1


def test_concurrent_part_use_never_overdraws_the_van(backend: Services, make: Make) -> None:
    ticket, tech, _ = make.job()
    belt = make.part()
    backend.set_van_stock(tech.id, belt.id, 3)
    t = make.ticket_in(TicketStatus.ON_SITE, ticket, tech)
    field = make.technician_actor(tech)

    results = _race(*[lambda: field.consume_part(t.id, belt.id, 1) for _ in range(5)])

    used = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(used) == 3
    assert all(isinstance(r, ValidationError) for r in refused), refused
    assert backend.get_technician(tech.id).van_stock == []
    assert len(backend.ticket_history(t.id).parts) == 3


def test_concurrent_missed_calls_from_one_caller_make_one_callback(
    backend: Services, clock: FakeClock
) -> None:
    at = clock.now()
    for n in range(4):
        backend.record_call_event("offered", f"c{n}", at, from_number="13812345678")

    _race(*[lambda n=n: backend.record_call_event("ended", f"c{n}", at) for n in range(4)])

    assert len(backend.list_calls(missed_only=True)) == 4
    assert len(backend.list_callbacks()) == 1


def test_the_pbx_replaying_an_event_concurrently_is_still_idempotent(
    backend: Services, clock: FakeClock
) -> None:
    at = clock.now()
    backend.record_call_event("offered", "c1", at, from_number="13812345678")
    backend.record_call_event("answered", "c1", at + timedelta(seconds=3))

    results = _race(
        *[lambda: backend.record_call_event("ended", "c1", at + timedelta(minutes=1))] * 3
    )

    assert not [r for r in results if isinstance(r, Exception)], results
    (call,) = backend.list_calls()
    assert call.ended_at == at + timedelta(minutes=1)
    assert [e.kind for e in backend.events_after(0)].count("ended") == 1


@pytest.mark.parametrize("round_", range(4))
def test_a_check_in_racing_a_dispatcher_edit_ends_cleanly(
    backend: Services, make: Make, round_: int
) -> None:
    from .conftest import SITE_LAT, SITE_LON

    ticket, tech, _ = make.job()
    t = make.ticket_in(TicketStatus.EN_ROUTE, ticket, tech)
    field = make.technician_actor(tech)

    results = _race(
        lambda: field.check_in(t.id, SITE_LAT, SITE_LON),
        lambda: backend.transition(t.id, t.version, "on_hold", "customer asked to wait"),
        lambda: backend.set_technician_status(tech.id, tech.version, "busy"),
    )

    # whatever the order, each side either succeeds or hears a domain error it can act on
    for r in results:
        assert not isinstance(r, Exception) or isinstance(r, DomainError), repr(r)
    stored = backend.get_ticket(t.id)
    assert stored.status in (TicketStatus.ON_SITE, TicketStatus.ON_HOLD)


def test_the_same_qr_token_registered_twice_at_once(backend: Services, make: Make) -> None:
    site = make.site()
    token = "printed-label-0000000042"
    results = _race(
        *[
            lambda n=n: backend.create_asset(site.id, "Daikin", f"SN-{n}", qr_token=token)
            for n in range(2)
        ]
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], DuplicateError), results
    assert errors[0].field == "qr_token"
    assert len(backend.list_assets(site.id)) == 1


def test_a_follower_sees_concurrent_writers_in_order_without_gaps(
    backend: Services, make: Make
) -> None:
    writers, per_writer = 3, 5
    start = threading.Barrier(writers + 1)
    seen: list[int] = []

    def write(n: int) -> None:
        start.wait()
        for i in range(per_writer):
            backend.create_company(f"Company {n}-{i}")

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for th in threads:
        th.start()
    start.wait()
    last = 0
    while len(seen) < writers * per_writer:
        batch = backend.wait_for_events(last, timeout=10)
        assert batch, "the follower waited in vain"
        assert batch[0].id > last
        seen += [e.id for e in batch]
        last = batch[-1].id
    for th in threads:
        th.join(timeout=30)

    assert seen == [e.id for e in backend.events_after(0, limit=1000)]
    assert len(seen) == writers * per_writer


def test_a_batch_of_gps_fixes_keeps_each_technicians_newest(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    from dispatch_console.domain.positions import Fix

    if not isinstance(backend, Services):
        pytest.skip("GPS batches reach the server's own endpoint (tests/server/test_gps.py)")
    dept = make.department()
    a, b = make.technician(dept), make.technician(dept, "Li Na")
    now = clock.now()
    report = backend.report_positions(
        [
            Fix(a.id, 31.1, 121.1, now),
            Fix(a.id, 31.0, 121.0, now - timedelta(minutes=1)),  # older, same batch
            Fix(b.id, 31.2, 121.2, now),
            Fix(b.id, 99.0, 121.2, now),  # not on Earth
            Fix(404, 31.2, 121.2, now),
        ]
    )
    assert (report.stored, report.ignored) == (2, 1)
    assert sorted(i for i, _ in report.refused) == [3, 4]
    assert backend.get_technician(a.id).lat == 31.1
    again = backend.report_positions([Fix(a.id, 30.0, 120.0, now)])  # the same time again
    assert (again.stored, again.ignored) == (0, 1)
    moves = [e for e in backend.events_after(0, limit=1000) if e.kind == "position"]
    assert [(e.entity_id, e.payload["lat"]) for e in moves] == [
        (str(a.id), 31.1),
        (str(b.id), 31.2),
    ]


BAD_FIXES = {
    "no latitude": (float("nan"), 121.47, 8.0),
    "no longitude": (31.23, float("nan"), 8.0),
    "accuracy unknown": (31.23, 121.47, float("nan")),
    "2,000 km off": (31.23, 121.47, 2_000_000.0),
    "negative accuracy": (31.23, 121.47, -1.0),
}


@pytest.mark.parametrize("bad", BAD_FIXES, ids=str)
def test_a_bad_gps_fix_is_refused_alone_as_in_a_batch(
    backend: Services, make: Make, clock: FakeClock, bad: str
) -> None:
    from dispatch_console.domain.positions import Fix

    tech = make.technician()
    now = clock.now()
    backend.report_position(tech.id, 31.0, 121.0, 10.0, now - timedelta(minutes=1))
    lat, lon, accuracy = BAD_FIXES[bad]
    with pytest.raises(ValidationError):
        backend.report_position(tech.id, lat, lon, accuracy, now)
    kept = backend.get_technician(tech.id)
    assert (kept.lat, kept.lon, kept.position_accuracy_m) == (31.0, 121.0, 10.0)
    if isinstance(backend, Services):  # batches reach the server's own endpoint otherwise
        report = backend.report_positions([Fix(tech.id, lat, lon, now, accuracy)])
        assert (report.stored, [i for i, _ in report.refused]) == (0, [0])


def test_two_first_administrators_at_once_make_one(
    backend: Services, act_as: Callable[[Actor], Services]
) -> None:
    anonymous = act_as(Actor("setup", "anonymous"))
    results = _race(
        *[
            lambda n=n: anonymous.create_first_admin(f"admin{n}", "Admin", "correct horse 1")
            for n in range(4)
        ]
    )
    made = [r for r in results if not isinstance(r, Exception)]
    assert len(made) == 1, results
    assert all(isinstance(r, PermissionDenied) for r in results if isinstance(r, Exception))
