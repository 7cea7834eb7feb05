"""A technician's GPS device id (an IMEI, Traccar Client's identifier): set by a supervisor or
administrator, one technician per device, and the first thing a tracker's report is matched by.
Every transport; the GPS endpoints themselves are tested on a real server
(tests/server/test_gps_devices.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from dispatch_console.domain.errors import (
    ConflictError,
    DuplicateError,
    PermissionDenied,
    ValidationError,
)
from dispatch_console.ports import Actor
from dispatch_console.services import Services

from .conftest import Make

IMEI = "356938035643809"
ROOT = Actor("root", role="admin")


def test_a_device_id_is_given_changed_and_removed_with_the_audit_trail(
    backend: Services, make: Make, act_as: Callable[[Actor], Services]
) -> None:
    tech = make.technician()
    admin = act_as(ROOT)
    start = backend.last_event_id()
    given = admin.set_technician_device(tech.id, tech.version, f"  {IMEI} ")
    assert (given.device_id, given.version) == (IMEI, tech.version + 1)
    assert backend.get_technician(tech.id).device_id == IMEI
    same = admin.set_technician_device(tech.id, given.version, IMEI)  # nothing to change
    assert same.version == given.version
    gone = admin.set_technician_device(tech.id, given.version, "")
    assert backend.get_technician(tech.id).device_id is None
    events = [e for e in backend.events_after(start) if e.kind == "device"]
    assert [e.payload["changes"]["device_id"] for e in events] == [[None, IMEI], [IMEI, None]]
    assert events[-1].payload["version"] == gone.version


def test_one_device_reports_for_one_technician_only(
    backend: Services, make: Make, act_as: Callable[[Actor], Services]
) -> None:
    first, second = make.technician(name="Wang Wei"), make.technician(name="Li Na")
    admin = act_as(ROOT)
    admin.set_technician_device(first.id, first.version, IMEI)
    with pytest.raises(DuplicateError) as taken:
        admin.set_technician_device(second.id, second.version, IMEI)
    assert taken.value.field == "device_id" and f"technician {first.id}" in str(taken.value)
    assert backend.get_technician(second.id).device_id is None


def test_who_may_set_it_and_what_is_no_device_id(
    backend: Services, make: Make, act_as: Callable[[Actor], Services]
) -> None:
    tech = make.technician()
    with pytest.raises(PermissionDenied):  # alice answers the phone; she does not equip vans
        backend.set_technician_device(tech.id, tech.version, IMEI)
    with pytest.raises(PermissionDenied):  # nor does a technician re-point their own tracker
        make.technician_actor(tech).set_technician_device(tech.id, tech.version, IMEI)
    supervisor = act_as(Actor("sue", role="supervisor"))
    for bad in ("x" * 65, "123\n456"):
        with pytest.raises(ValidationError) as refused:
            supervisor.set_technician_device(tech.id, tech.version, bad)
        assert refused.value.field == "device_id"
    with pytest.raises(ConflictError):  # someone changed the technician since it was read
        supervisor.set_technician_device(tech.id, tech.version + 5, IMEI)
    assert supervisor.set_technician_device(tech.id, tech.version, IMEI).device_id == IMEI


def test_a_tracker_is_matched_by_its_device_id_before_phone_and_number(
    backend: Services, make: Make, act_as: Callable[[Actor], Services], sql_store: object
) -> None:
    """technician_for_device is the server's own (not in the Backend protocol): SQL backends."""
    with_phone = make.technician(name="Wang Wei", phone="13900001234")
    other = make.technician(name="Li Na")
    admin = act_as(ROOT)
    # Li Na's tracker happens to report Wang Wei's phone number as its id: the id wins
    admin.set_technician_device(other.id, other.version, "13900001234")
    assert backend.technician_for_device("13900001234") == other.id
    assert backend.technician_for_device("+86 139 0000 1234") == with_phone.id  # a phone, then
    assert backend.technician_for_device(str(with_phone.id)) == with_phone.id  # a number
    assert backend.technician_for_device("nobody-has-this") is None
    assert backend.technician_for_device("x" * 500) is None


def test_two_admins_giving_one_device_at_once_leave_it_with_one_technician(
    backend: Services, make: Make, act_as: Callable[[Actor], Services], sql_store: object
) -> None:
    """Both may pass the check before either commits: the unique column decides, and the loser
    hears DuplicateError, never a database error."""
    import threading

    techs = [make.technician(name=f"T{n}") for n in range(2)]
    admin = act_as(ROOT)
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def give(tech_id: int, version: int) -> None:
        start.wait()
        try:
            outcomes.append(admin.set_technician_device(tech_id, version, IMEI).id)
        except DuplicateError as exc:
            outcomes.append(exc)
        except Exception as exc:  # anything else is the failure, shown by the assertion
            outcomes.append(repr(exc))

    threads = [threading.Thread(target=give, args=(t.id, t.version)) for t in techs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    won = [o for o in outcomes if isinstance(o, int)]
    assert len(won) == 1 and len(outcomes) == 2, outcomes
    assert [type(o) for o in outcomes if not isinstance(o, int)] == [DuplicateError]
    holders = [t.id for t in backend.list_technicians() if t.device_id == IMEI]
    assert holders == won
