"""Every use case, as every role, on every backend: allowed, or refused with PermissionDenied, the
same way on SQLite, PostgreSQL and through the server (the policy is the use case's own,
services/policy.py, not the transport's).

The roles: the desk (agent, supervisor, admin), a technician on their own job, the same
technician on a colleague's job (and record), and a user with the technician role but no
technician record. "Allowed" means the policy let the call through: it may still be answered
with another error (a stale version, an id that does not exist), chosen so that the world the
module builds once per backend stays as it was for the next call."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import (
    _SERVERS,
    ALICE,
    BACKEND_PARAMS,
    PG_SKIP_REASON,
    PG_URL_ENV,
    FakeClock,
    PgDatabase,
    RestServer,
)
from dispatch_console.domain.callbacks import CallbackFilter, CallbackRule
from dispatch_console.domain.errors import DomainError, PermissionDenied
from dispatch_console.domain.model import Part, Site, Technician
from dispatch_console.domain.rules.model import RoutingRule
from dispatch_console.domain.schedule.hours import WeeklyHours
from dispatch_console.domain.tickets import Attachment, Ticket, TicketDraft
from dispatch_console.ports import Actor, Backend, TicketQuery
from dispatch_console.seed.story import tiny_png
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore

from .conftest import SITE_LAT, SITE_LON

PASSWORD = "correct horse battery"
STALE = 10_000  # a version no record has: an allowed change is refused as a conflict
NOBODY = 999_999  # an id no record has

DESK = {"agent", "supervisor", "admin"}
SUPERVISORS = {"supervisor", "admin"}
ADMINS = {"admin"}
FIELD = DESK | {"tech_own"}  # a technician, on their own job or record only
EVERYONE = DESK | {"tech_own", "tech_other", "tech_none"}
ROLES = sorted(EVERYONE)


@dataclass
class World:
    """What the calls need, built once per backend as an administrator."""

    backends: dict[str, Backend]  # role -> the backend acting for it
    own: Ticket  # accepted, assigned to `tech`
    theirs: Ticket  # accepted, assigned to `colleague`
    own_photo: Attachment
    their_photo: Attachment
    tech: Technician
    colleague: Technician
    site: Site
    part: Part
    customer_id: int
    company_id: int
    users: dict[str, str]  # role -> user name (password PASSWORD)


@dataclass
class As:
    """One role's view of the world: the job, photo and technician record its calls name."""

    w: World
    role: str

    @property
    def job(self) -> Ticket:
        return self.w.theirs if self.role == "tech_other" else self.w.own

    @property
    def photo(self) -> Attachment:
        return self.w.their_photo if self.role == "tech_other" else self.w.own_photo

    @property
    def me(self) -> Technician:
        return self.w.colleague if self.role == "tech_other" else self.w.tech

    def draft(self) -> TicketDraft:
        return TicketDraft("phone", "hvac", "normal", "Drips.", customer_id=self.w.customer_id)


Call = Callable[[Any, As], object]
START = FakeClock().now()
TOMORROW = START + timedelta(days=1)

# use case -> (how it is called, who may call it)
CASES: dict[str, tuple[Call, set[str]]] = {
    # tickets
    "create_ticket": (lambda b, a: b.create_ticket(a.draft()), DESK),
    "update_ticket": (lambda b, a: b.update_ticket(a.job.id, STALE, description="x"), DESK),
    "get_ticket": (lambda b, a: b.get_ticket(a.job.id), FIELD),
    "search_tickets": (lambda b, a: b.search_tickets(TicketQuery()), FIELD | {"tech_other"}),
    "ticket_history": (lambda b, a: b.ticket_history(a.job.id), FIELD),
    "ticket_rows": (lambda b, a: b.ticket_rows([a.job.id]), DESK),
    "transition": (lambda b, a: b.transition(a.job.id, STALE, "en_route"), FIELD),
    "assign": (lambda b, a: b.assign(a.job.id, STALE, a.me.id), DESK),
    "transfer": (lambda b, a: b.transfer(a.job.id, STALE, a.me.department_id, "why"), DESK),
    # routing rules
    "routing_rules": (lambda b, a: b.routing_rules(), DESK),
    "save_routing_rule": (
        lambda b, a: b.save_routing_rule(RoutingRule(NOBODY, "r", 1, version=STALE)),
        SUPERVISORS,
    ),
    "delete_routing_rule": (lambda b, a: b.delete_routing_rule(NOBODY, 1), SUPERVISORS),
    # dispatch
    "dispatch_job": (lambda b, a: b.dispatch_job(a.job.id), FIELD),
    "fleet": (lambda b, a: b.fleet(), DESK),
    "ticket_pins": (lambda b, a: b.ticket_pins(), DESK),
    "ticket_pins_of": (lambda b, a: b.ticket_pins_of([a.job.id]), DESK),
    "rank_technicians": (lambda b, a: b.rank_technicians(a.job.id), DESK),
    # field work
    "add_comment": (lambda b, a: b.add_comment(a.job.id, "on my way"), FIELD),
    "attach": (lambda b, a: b.attach(a.job.id, "n.txt", b"not a photo", "text/plain"), FIELD),
    "attachment_data": (lambda b, a: b.attachment_data(a.photo.id), FIELD),
    "check_in": (lambda b, a: b.check_in(a.job.id, 91.0, SITE_LON), FIELD),  # 91°: refused
    "log_work": (
        lambda b, a: b.log_work(a.job.id, START, START - timedelta(hours=1), "backwards"),
        FIELD,
    ),
    "consume_part": (lambda b, a: b.consume_part(a.job.id, a.w.part.id, 0), FIELD),
    # callbacks
    "schedule_callback": (
        lambda b, a: b.schedule_callback("13812345678", START + timedelta(days=1)),
        DESK,
    ),
    "list_callbacks": (lambda b, a: b.list_callbacks(), DESK),
    "callback_queue": (lambda b, a: b.callback_queue(), DESK),
    "claim_callback": (lambda b, a: b.claim_callback(NOBODY), DESK),
    "release_callback": (lambda b, a: b.release_callback(NOBODY), DESK),
    "record_callback": (lambda b, a: b.record_callback(NOBODY, 1, "reached"), DESK),
    "record_callback_with_suggestions": (
        lambda b, a: b.record_callback_with_suggestions(NOBODY, 1, "reached"),
        DESK,
    ),
    "redispatch_suggestions": (lambda b, a: b.redispatch_suggestions(a.job.id), DESK),
    "review_callbacks": (lambda b, a: b.review_callbacks(CallbackFilter()), DESK),
    "reassign_callback": (lambda b, a: b.reassign_callback(NOBODY, 1, "alice"), SUPERVISORS),
    "callback_stats": (
        lambda b, a: b.callback_stats(START - timedelta(days=7), START),
        SUPERVISORS,
    ),
    "callback_rules": (lambda b, a: b.callback_rules(), DESK),
    "save_callback_rule": (
        lambda b, a: b.save_callback_rule(CallbackRule(NOBODY, version=STALE)),
        SUPERVISORS,
    ),
    # calls
    "lookup_caller": (lambda b, a: b.lookup_caller("13812345678"), DESK),
    "record_call_event": (
        lambda b, a: b.record_call_event("no-such-kind", f"c-{a.role}", START),
        DESK,
    ),
    "link_call": (lambda b, a: b.link_call("no-such-call", a.job.id), DESK),
    "list_calls": (lambda b, a: b.list_calls(), DESK),
    "match_call_agents": (lambda b, a: b.match_call_agents(["alice"]), DESK),
    # chat
    "list_conversations": (lambda b, a: b.list_conversations(), DESK),
    "get_conversation": (lambda b, a: b.get_conversation(NOBODY), DESK),
    "set_chat_customer": (
        lambda b, a: b.set_chat_customer(NOBODY, 1, a.w.customer_id),
        DESK,
    ),
    "ticket_from_chat": (lambda b, a: b.ticket_from_chat(NOBODY, a.draft()), DESK),
    "link_chat": (lambda b, a: b.link_chat(NOBODY, a.job.id), DESK),
    # customers, sites, assets, contracts
    "create_customer": (lambda b, a: b.create_customer(f"C {a.role}"), DESK),
    "update_customer": (lambda b, a: b.update_customer(a.w.customer_id, STALE, name="x"), DESK),
    "add_customer_phone": (lambda b, a: b.add_customer_phone(NOBODY, "13900009999"), DESK),
    "get_customer": (lambda b, a: b.get_customer(a.w.customer_id), DESK),
    "search_customers": (lambda b, a: b.search_customers("Li"), DESK),
    "create_company": (lambda b, a: b.create_company(f"Co {a.role}"), DESK),
    "create_contract": (
        lambda b, a: b.create_contract(
            a.w.company_id, f"K {a.role}", "basic", date(2026, 1, 1), date(2025, 1, 1)
        ),  # ends before it starts: refused
        DESK,
    ),
    "list_contracts": (lambda b, a: b.list_contracts(), DESK),
    "create_site": (
        lambda b, a: b.create_site("S", "1 Road", 91.0, SITE_LON, customer_id=a.w.customer_id),
        DESK,
    ),
    "create_asset": (lambda b, a: b.create_asset(a.w.site.id, "M1", f"SN-{a.role}"), DESK),
    "find_asset": (lambda b, a: b.find_asset(serial="none"), DESK),
    "get_site": (lambda b, a: b.get_site(a.w.site.id), DESK),
    "get_asset": (lambda b, a: b.get_asset(NOBODY), DESK),
    "list_sites": (lambda b, a: b.list_sites(a.w.customer_id), DESK),
    "list_assets": (lambda b, a: b.list_assets(a.w.site.id), DESK),
    # people, parts
    "create_department": (lambda b, a: b.create_department(f"D {a.role}", f"K-{a.role}"), DESK),
    "list_users": (lambda b, a: b.list_users(), DESK),
    "list_departments": (lambda b, a: b.list_departments(), DESK),
    "create_part": (lambda b, a: b.create_part(f"SKU-{a.role}", "Belt"), DESK),
    "list_parts": (lambda b, a: b.list_parts(), FIELD | {"tech_other"}),
    "create_technician": (
        lambda b, a: b.create_technician("T", "not a phone", a.me.department_id),
        DESK,
    ),
    "list_technicians": (lambda b, a: b.list_technicians(), DESK),
    "get_technician": (lambda b, a: b.get_technician(a.me.id), FIELD),
    "set_technician_status": (
        lambda b, a: b.set_technician_status(a.me.id, STALE, "available"),
        FIELD,
    ),
    "report_position": (
        lambda b, a: b.report_position(a.me.id, 91.0, SITE_LON, None, START),
        FIELD,
    ),
    "set_technician_device": (
        lambda b, a: b.set_technician_device(a.me.id, STALE, None),
        SUPERVISORS,
    ),
    "set_van_stock": (lambda b, a: b.set_van_stock(a.me.id, a.w.part.id, -1), DESK),
    "create_user": (
        lambda b, a: b.create_user("bad name!", "X", "agent", PASSWORD),
        ADMINS,
    ),
    "set_user_contact": (lambda b, a: b.set_user_contact(NOBODY, 1, None, None), DESK),
    "setup_needed": (lambda b, a: b.setup_needed(), EVERYONE),
    "create_first_admin": (lambda b, a: b.create_first_admin("bad name!", "X", PASSWORD), EVERYONE),
    # passwords
    "authenticate": (lambda b, a: b.authenticate(a.w.users["agent"], PASSWORD), DESK),
    "change_password": (lambda b, a: b.change_password(PASSWORD, PASSWORD), DESK),
    "reset_password": (lambda b, a: b.reset_password(NOBODY, PASSWORD), ADMINS),
    "unlock_sign_in": (lambda b, a: b.unlock_sign_in("nobody"), ADMINS),
    # notifications, notices, the change feed, the board
    "list_notifications": (lambda b, a: b.list_notifications(a.job.id), DESK),
    "resend_notification": (lambda b, a: b.resend_notification(NOBODY), DESK),
    "recent_notices": (lambda b, a: b.recent_notices(START - timedelta(hours=1)), DESK),
    "events_after": (lambda b, a: b.events_after(0, 1), DESK),
    "last_event_id": (lambda b, a: b.last_event_id(), DESK),
    "wait_for_events": (lambda b, a: b.wait_for_events(0, 5.0), DESK),
    "wait_for_changes": (lambda b, a: b.wait_for_changes(0, 5.0), DESK),
    "live_board": (lambda b, a: b.live_board(), SUPERVISORS),
    # the schedule: windows, visits, hours, absences
    "set_appointment": (lambda b, a: b.set_appointment(a.job.id, STALE, None, None), DESK),
    "place_visit": (lambda b, a: b.place_visit(a.job.id, STALE, a.me.id, TOMORROW), DESK),
    "unplan_visit": (lambda b, a: b.unplan_visit(a.job.id, STALE), DESK),
    "schedule_board": (
        lambda b, a: b.schedule_board(START, TOMORROW, technician_id=a.me.id),
        FIELD,
    ),
    "earliest_slots": (lambda b, a: b.earliest_slots(a.job.id), DESK),
    "offered_windows": (lambda b, a: b.offered_windows(a.w.site.id, days=1), DESK),
    "department_hours": (lambda b, a: b.department_hours(a.me.department_id), DESK),
    "set_department_hours": (
        lambda b, a: b.set_department_hours(NOBODY, WeeklyHours.office()),
        SUPERVISORS,
    ),
    "technician_hours": (lambda b, a: b.technician_hours(a.me.id), FIELD),
    "set_technician_hours": (lambda b, a: b.set_technician_hours(NOBODY, None), SUPERVISORS),
    "list_absences": (lambda b, a: b.list_absences(START, TOMORROW), DESK),
    "add_absence": (
        lambda b, a: b.add_absence(NOBODY, "leave", TOMORROW, TOMORROW + timedelta(hours=1)),
        SUPERVISORS,
    ),
    "remove_absence": (lambda b, a: b.remove_absence(NOBODY, 1), SUPERVISORS),
    "report_running_late": (lambda b, a: b.report_running_late(a.job.id, 15), FIELD),
}


def backend_use_cases() -> set[str]:
    return {n for n in dir(Backend) if not n.startswith("_") and callable(getattr(Backend, n))}


def test_the_table_covers_every_use_case_of_the_backend() -> None:
    """A new use case needs its line here (and its policy, services/policy.py)."""
    assert set(CASES) == backend_use_cases()


# --- the world, once per backend ---------------------------------------------------------------
def _local(request: pytest.FixtureRequest, kind: str, clock: FakeClock, tmp: Path) -> SqlStore:
    if kind == "sqlite":
        path = tmp / "dispatch.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return SqlStore(f"sqlite:///{path}", clock=clock.now)
    db: PgDatabase = request.getfixturevalue("pg_database")
    db.reset()
    return SqlStore(db.url, clock=clock.now)


@pytest.fixture(scope="module", params=BACKEND_PARAMS)
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    kind = request.param
    if kind in ("postgres", "rest-pg") and not os.environ.get(PG_URL_ENV):
        pytest.skip(PG_SKIP_REASON)
    clock = FakeClock()
    server: RestServer | None = None
    store: SqlStore | None = None
    if kind in _SERVERS:
        server = request.getfixturevalue(_SERVERS[kind])
        base: Any = server.fresh(ALICE, clock)
    else:
        store = _local(request, kind, clock, tmp_path_factory.mktemp(f"authz-{kind}"))
        base = Services(store.unit_of_work, store.feed, ALICE, clock=clock)
    try:
        yield _build(base)
    finally:
        if server is not None:
            server.close_all()
        if store is not None:
            store.close()


def _build(base: Any) -> World:
    admin = base.as_actor(Actor("root", "admin"))
    dept = admin.create_department("North", "N1")
    users = {}
    for role in ("agent", "supervisor", "admin", "technician"):
        user = admin.create_user(f"u-{role}", role.title(), role, PASSWORD)
        users[role] = user
    tech = admin.create_technician("Wang Wei", "13900001111", dept.id)
    colleague = admin.create_technician("Li Na", "13900002222", dept.id)
    customer = admin.create_customer("Li Lei", ["13812345678"])
    company = admin.create_company("Acme")
    site = admin.create_site("Plant", "1 Square", SITE_LAT, SITE_LON, customer_id=customer.id)
    part = admin.create_part("P-1", "Fan belt")

    def accepted_job(assignee: Technician) -> Ticket:
        draft = TicketDraft(
            "phone", "hvac", "normal", "Drips.", customer_id=customer.id, site_id=site.id,
            department_id=dept.id,
        )  # fmt: skip
        ticket = admin.create_ticket(draft)
        ticket = admin.assign(ticket.id, ticket.version, assignee.id)
        return admin.transition(ticket.id, ticket.version, "accepted")  # type: ignore[no-any-return]

    own, theirs = accepted_job(tech), accepted_job(colleague)
    photos = [admin.attach(t.id, "p.png", tiny_png(0xC82828), "image/png") for t in (own, theirs)]
    actors = {
        "agent": Actor("u-agent", "agent", users["agent"].id),
        "supervisor": Actor("u-supervisor", "supervisor", users["supervisor"].id),
        "admin": Actor("u-admin", "admin", users["admin"].id),
        "tech_own": Actor("Wang Wei", "technician", technician_id=tech.id),
        "tech_other": Actor("Wang Wei", "technician", technician_id=tech.id),
        "tech_none": Actor("u-technician", "technician", users["technician"].id),
    }
    return World(
        {role: base.as_actor(actor) for role, actor in actors.items()},
        own, theirs, photos[0], photos[1], tech, colleague, site, part, customer.id,
        company.id, {role: u.username for role, u in users.items()},
    )  # fmt: skip


# --- the calls -----------------------------------------------------------------------------------
def _answer(call: Call, backend: Backend, view: As) -> str:
    """'allowed' or 'denied': whether the policy let the call through."""
    try:
        call(backend, view)
    except DomainError as exc:
        if type(exc) is PermissionDenied:
            return "denied"
    return "allowed"


@pytest.mark.parametrize("use_case", sorted(CASES))
def test_every_role_gets_the_same_answer_on_every_backend(world: World, use_case: str) -> None:
    call, allowed = CASES[use_case]
    answers = {role: _answer(call, world.backends[role], As(world, role)) for role in ROLES}
    expected = {role: "allowed" if role in allowed else "denied" for role in ROLES}
    assert answers == expected


def test_a_technician_s_search_is_narrowed_to_their_own_jobs(world: World) -> None:
    page = world.backends["tech_own"].search_tickets(TicketQuery(assignee_id=world.colleague.id))
    assert [r.ticket.id for r in page.items] == [world.own.id]


def test_a_job_that_does_not_exist_is_answered_as_a_colleague_s(world: World) -> None:
    field = world.backends["tech_own"]
    for ticket_id in (world.theirs.id, NOBODY):
        with pytest.raises(PermissionDenied, match="not assigned to you"):
            field.get_ticket(ticket_id)
    for attachment_id in (world.their_photo.id, NOBODY):
        with pytest.raises(PermissionDenied, match="not assigned to you"):
            field.attachment_data(attachment_id)


def test_a_technician_takes_only_the_field_steps_of_their_own_job(world: World) -> None:
    field = world.backends["tech_own"]
    for target in ("cancelled", "on_site", "closed", "on_hold"):  # the desk's, or a check-in's
        with pytest.raises(PermissionDenied, match="may not move a job"):
            field.transition(world.own.id, world.own.version, target, "because")
