"""What a console that was closed missed, on every backend: the caller's notices of the last
day (a watcher's routed tickets, the desk's jobs auto-dispatch left to a person, a supervisor's
escalations), newest first, only for tickets still open."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest

from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.events import Event
from dispatch_console.domain.rules.model import Actions, Conditions, RoutingRule
from dispatch_console.domain.tickets import Ticket
from dispatch_console.ports import Actor
from dispatch_console.rest.client import RestBackend
from dispatch_console.services import Services

from .conftest import Make

if TYPE_CHECKING:
    from conftest import FakeClock


def lifts_are_watched(backend: Services, make: Make, *watchers: str) -> Services:
    """A rule: lift tickets go to Lifts, watched by `watchers`, and auto-dispatch tries them
    (with no technicians it leaves each to a person). Returns the supervisor "sue"."""
    admin = backend.as_actor(Actor("root", "admin"))
    for name in ("sue", "bob"):
        admin.create_user(name, name.title(), "supervisor", "correct horse 9")
    sue = backend.as_actor(Actor("sue", "supervisor"))
    actions = Actions(department_id=make.department("Lifts", "LF").id, watchers=watchers,
                      auto_dispatch=True)  # fmt: skip
    sue.save_routing_rule(RoutingRule(0, "Lifts", 10, Conditions(categories=frozenset({"lift"})),
                                      actions))  # fmt: skip
    return sue


def seen(events: list[Event]) -> list[tuple[int, str]]:
    return [(int(e.entity_id), e.kind) for e in events]


def test_a_watcher_and_the_desk_hear_what_happened_while_away(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    sue = lifts_are_watched(backend, make, "sue")
    opened = clock.now() - timedelta(seconds=1)  # notices come *after* the time given
    first = make.ticket(category="lift")
    clock.advance(minutes=5)
    second = make.ticket(category="lift")
    make.ticket(category="printer")  # no rule: nobody is told
    clock.advance(minutes=5)
    # newest first; the routing and the auto-dispatch decision share their ticket's moment
    assert seen(sue.recent_notices(opened)) == [(second.id, "auto_dispatch"),
                                                 (second.id, "routed"),
                                                 (first.id, "auto_dispatch"),
                                                 (first.id, "routed")]  # fmt: skip
    # an agent is no watcher, but auto-dispatch left both jobs to the desk
    assert seen(backend.recent_notices(opened)) == [(second.id, "auto_dispatch"),
                                                     (first.id, "auto_dispatch")]  # fmt: skip
    bob = backend.as_actor(Actor("bob", "supervisor"))
    assert all(e.kind != "routed" for e in bob.recent_notices(opened))  # not bob's to watch
    # only what came after the time given
    assert seen(sue.recent_notices(second.created_at - timedelta(seconds=1)))[-1] == (
        second.id, "routed")  # fmt: skip
    assert sue.recent_notices(clock.now()) == []
    [event, *_] = sue.recent_notices(opened)
    assert event.at == second.created_at and event.payload["code"] == "cannot_rank"


def test_a_ticket_closed_since_is_not_news(backend: Services, make: Make, clock: FakeClock) -> None:
    sue = lifts_are_watched(backend, make, "sue")
    opened = clock.now() - timedelta(minutes=1)
    kept = make.ticket(category="lift")
    gone = make.ticket(category="lift")
    backend.transition(gone.id, gone.version, "cancelled", "the customer fixed it")
    assert {int(e.entity_id) for e in sue.recent_notices(opened)} == {kept.id}
    # "left to a person" is news until a person dispatches it; the watcher's notice stays
    tech = make.technician(make.department("Lifts 2", "L2"))
    backend.assign(kept.id, kept.version, tech.id)
    assert seen(sue.recent_notices(opened)) == [(kept.id, "routed")]


def test_a_day_back_at_most(backend: Services, make: Make, clock: FakeClock) -> None:
    sue = lifts_are_watched(backend, make, "sue")
    old = make.ticket(category="lift")
    clock.advance(hours=23)
    recent = make.ticket(category="lift")
    clock.advance(hours=2)  # `old` was routed 25 hours ago
    long_ago = clock.now() - timedelta(days=7)
    assert {int(e.entity_id) for e in sue.recent_notices(long_ago)} == {recent.id}
    assert old.id not in {int(e.entity_id) for e in sue.recent_notices(clock.start)}


def test_the_time_needs_its_zone(backend: Services, clock: FakeClock) -> None:
    with pytest.raises(ValidationError):
        backend.recent_notices(clock.now().replace(tzinfo=None))


# --- the SQL backends only: the escalation scan runs in the server, and paging is tuned in-process
@pytest.fixture
def sql_only(backend: Services) -> None:
    if isinstance(backend, RestBackend):
        pytest.skip("runs the server's SLA scan or changes the service's page size in-process")


@pytest.mark.usefixtures("sql_only")
def test_a_supervisor_hears_of_escalations_for_open_tickets(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    opened = clock.now() - timedelta(seconds=1)
    near: Ticket = make.ticket(priority="normal")  # respond within 2 hours
    closed = make.ticket(priority="normal")
    scanner = backend.as_actor(Actor("sla-watch", "supervisor"))
    clock.advance(timedelta(minutes=111))
    scanner.escalate_due()  # the assignee's level: not a supervisor's notice
    clock.advance(timedelta(minutes=5))
    scanner.escalate_due()  # the supervisor's
    backend.transition(closed.id, closed.version, "cancelled", "duplicate")
    sue = backend.as_actor(Actor("sue", "supervisor"))
    found = sue.recent_notices(opened)
    assert [(int(e.entity_id), e.payload["level"]) for e in found] == [(near.id, "supervisor")]
    assert backend.recent_notices(opened) == []  # agents are not told of escalations
    # the Lifts supervisor hears of Lifts' escalations only (and of those in no department)
    lifts, printers = make.department("Lifts", "LF"), make.department("Printers", "PR")
    admin = backend.as_actor(Actor("root", "admin"))
    admin.create_user("lee", "Lee", "supervisor", "correct horse 9", department_id=lifts.id)
    printer = make.ticket(priority="normal", department_id=printers.id)
    lift = make.ticket(priority="normal", department_id=lifts.id)
    clock.advance(timedelta(minutes=116))
    scanner.escalate_due()
    lee = backend.as_actor(Actor("lee", "supervisor"))
    heard = {int(e.entity_id) for e in lee.recent_notices(opened)}
    assert lift.id in heard and near.id in heard and printer.id not in heard
    assert printer.id in {int(e.entity_id) for e in sue.recent_notices(opened)}


@pytest.mark.usefixtures("sql_only")
def test_pages_of_other_peoples_notices_are_read_past_and_the_list_is_capped(
    backend: Services, make: Make, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dispatch_console.services import notices

    monkeypatch.setattr(notices, "PAGE", 3)
    admin = backend.as_actor(Actor("root", "admin"))
    for name in ("sue", "bob"):
        admin.create_user(name, name.title(), "supervisor", "correct horse 9")
    sue = backend.as_actor(Actor("sue", "supervisor"))
    dept = make.department("Lifts", "LF").id
    for position, (category, who) in enumerate((("lift", "sue"), ("hvac", "bob")), start=1):
        when = Conditions(categories=frozenset({category}))
        sue.save_routing_rule(
            RoutingRule(0, category, position, when, Actions(department_id=dept, watchers=(who,)))
        )
    opened = clock.now() - timedelta(seconds=1)
    mine = []
    for _ in range(4):  # one moment for all: the pages must part events of equal time by id
        mine.append(make.ticket(category="lift").id)
        for _ in range(3):
            make.ticket(category="hvac")  # bob's
    assert [int(e.entity_id) for e in sue.recent_notices(opened)] == mine[::-1]
    monkeypatch.setattr(notices, "MAX_NOTICES", 2)
    assert [int(e.entity_id) for e in sue.recent_notices(opened)] == mine[:1:-1]
