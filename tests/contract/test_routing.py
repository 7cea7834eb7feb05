"""Routing rules on every backend: kept and checked (supervisors edit them), applied to each new
ticket with the decision in its timeline; auto-dispatch assigns the clear best, leaves unclear
cases to a person, and never offers a job again to a technician who declined it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from dispatch_console.domain.enums import Channel, Priority, SlaClass, TicketStatus
from dispatch_console.domain.errors import ConflictError, PermissionDenied, ValidationError
from dispatch_console.domain.rules.model import Actions, Area, Conditions, RoutingRule
from dispatch_console.domain.tickets import Ticket
from dispatch_console.ports import Actor
from dispatch_console.services import Services

from .conftest import LATE_SHIFT, SITE_LAT, SITE_LON, Make

if TYPE_CHECKING:
    from conftest import FakeClock


def supervisor(backend: Services) -> Services:
    return backend.as_actor(Actor("sue", "supervisor"))


def rule(name: str, position: int, **kw: object) -> RoutingRule:
    conditions = {k: v for k, v in kw.items() if k in Conditions.__dataclass_fields__}
    actions = {k: v for k, v in kw.items() if k in Actions.__dataclass_fields__}
    return RoutingRule(0, name, position, Conditions(**conditions), Actions(**actions))  # type: ignore[arg-type]


def decisions(backend: Services, ticket: Ticket) -> list[tuple[str, dict[str, object]]]:
    return [(e.kind, e.payload) for e in backend.ticket_history(ticket.id).decisions]


def test_supervisors_keep_the_rules_and_bad_ones_are_refused(backend: Services, make: Make) -> None:
    lifts = make.department("Lifts", "LF")
    sue = supervisor(backend)
    saved = sue.save_routing_rule(rule("Lifts", 10, categories=frozenset({"lift"}),
                                       department_id=lifts.id))  # fmt: skip
    assert saved.id > 0 and saved.version == 1
    [kept] = backend.routing_rules()
    assert (
        kept.conditions.categories == frozenset({"lift"}) and kept.actions.department_id == lifts.id
    )
    with pytest.raises(PermissionDenied):
        backend.save_routing_rule(rule("Mine", 5, department_id=lifts.id))  # an agent may not
    with pytest.raises(ValidationError, match="does nothing"):
        sue.save_routing_rule(rule("Nothing", 20, categories=frozenset({"x"})))
    with pytest.raises(ValidationError, match="comes first"):
        hidden = rule("Hidden", 20, categories=frozenset({"lift"}),
                      channels=frozenset({Channel.CHAT}), priority=Priority.HIGH)  # fmt: skip
        sue.save_routing_rule(hidden)
    with pytest.raises(ValidationError, match="no department 999"):
        sue.save_routing_rule(rule("Nowhere", 30, department_id=999))
    moved = sue.save_routing_rule(RoutingRule(kept.id, "Lifts first", 1, kept.conditions,
                                              kept.actions, version=kept.version))  # fmt: skip
    assert (moved.name, moved.position, moved.version) == ("Lifts first", 1, 2)
    with pytest.raises(ConflictError):
        sue.save_routing_rule(kept)  # the version it was read at is gone
    sue.delete_routing_rule(moved.id, moved.version)
    assert backend.routing_rules() == []


def test_a_new_ticket_is_routed_and_says_by_which_rule(backend: Services, make: Make) -> None:
    lifts = make.department("Lifts", "LF")
    backend.as_actor(Actor("root", "admin")).create_user(
        "sue", "Sue", "supervisor", "correct horse 9"
    )
    sue = supervisor(backend)
    vip = sue.save_routing_rule(rule("VIP lifts", 10, categories=frozenset({"lift"}),
                               department_id=lifts.id, priority=Priority.CRITICAL,
                               sla_class=SlaClass.PREMIUM, required_skills=("lift",),
                               watchers=("sue",)))  # fmt: skip
    ticket = make.ticket(category="Lift")
    assert (ticket.department_id, ticket.priority, ticket.sla_class) == (
        lifts.id, Priority.CRITICAL, SlaClass.PREMIUM)  # fmt: skip
    assert ticket.required_skills == ("lift",) and ticket.watchers == ("sue",)
    # the deadlines are the premium, critical ones: response within 10 minutes
    assert ticket.response_due_at is not None
    assert (ticket.response_due_at - ticket.created_at).total_seconds() == 600
    [(kind, payload)] = decisions(backend, ticket)
    assert kind == "routed" and payload["rules"] == [{"id": vip.id, "name": "VIP lifts"}]
    assert payload["department"] == "Lifts"
    other = make.ticket(category="printer")
    assert other.department_id is None and decisions(backend, other) == []


def _fleet(
    backend: Services, make: Make, clock: FakeClock, *kms: float, within: int = 60
) -> list[int]:
    dept = make.department("Lifts", "LF")
    ids = []
    for i, km in enumerate(kms):
        tech = make.technician(dept, name=f"Tech {i}", skills=["lift"], **LATE_SHIFT)
        backend.set_technician_status(tech.id, tech.version, "available")
        backend.report_position(tech.id, SITE_LAT + km / 111.2, SITE_LON, 10.0, clock.now())
        ids.append(tech.id)
    supervisor(backend).save_routing_rule(
        rule("Lifts go by themselves", 10, categories=frozenset({"lift"}),
             department_id=dept.id, required_skills=("lift",), auto_dispatch=True,
             auto_dispatch_within=within)
    )  # fmt: skip
    return ids


def test_a_rule_for_a_company_or_a_contract(backend: Services, make: Make) -> None:
    from datetime import date

    key_accounts, contracts_desk = make.department("Key accounts", "KA"), make.department("C", "CT")
    acme, other = backend.create_company("Acme"), backend.create_company("Bolt")
    gold = backend.create_contract(acme.id, "Gold", "premium", date(2026, 1, 1), date(2026, 12, 31))
    silver = backend.create_contract(acme.id, "Silver", "basic", date(2026, 1, 1),
                                     date(2026, 12, 31))  # fmt: skip
    sue = supervisor(backend)
    sue.save_routing_rule(rule("Gold contract", 10, contract_ids=frozenset({gold.id}),
                               department_id=contracts_desk.id))  # fmt: skip
    sue.save_routing_rule(rule("Acme", 20, company_ids=frozenset({acme.id}),
                               department_id=key_accounts.id))  # fmt: skip
    staff = backend.create_customer("Li Lei", ["13812345678"], company_id=acme.id)
    stranger = backend.create_customer("Wang Fang", ["13812345679"], company_id=other.id)
    site = make.site(staff)
    under_gold = backend.create_asset(site.id, "OTIS GeN2", "G-1", contract_id=gold.id)
    under_silver = backend.create_asset(site.id, "OTIS GeN2", "S-1", contract_id=silver.id)
    gold_job = make.ticket(customer_id=staff.id, site_id=site.id, asset_id=under_gold.id)
    silver_job = make.ticket(customer_id=staff.id, site_id=site.id, asset_id=under_silver.id)
    their_job = make.ticket(customer_id=stranger.id)
    assert gold_job.department_id == contracts_desk.id
    assert silver_job.department_id == key_accounts.id  # the company's rule
    assert their_job.department_id is None
    for field, wrong in (("company_ids", other.id + 100), ("contract_ids", silver.id + 100)):
        with pytest.raises(ValidationError, match="no co") as err:
            sue.save_routing_rule(rule("Nobody", 30, department_id=key_accounts.id,
                                       **{field: frozenset({wrong})}))  # fmt: skip
        assert err.value.field == field
    [kept, _acme] = backend.routing_rules()
    assert kept.conditions.contract_ids == frozenset({gold.id})


def test_auto_dispatch_sends_the_clear_best_and_explains(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    near, _far = _fleet(backend, make, clock, 2.0, 9.0)
    site = make.site(make.customer())
    ticket = make.ticket(category="lift", site_id=site.id)
    assert (ticket.status, ticket.assignee_id) == (TicketStatus.ASSIGNED, near)
    kinds = decisions(backend, ticket)
    assert [k for k, _ in kinds] == ["routed", "auto_dispatch"]
    assert kinds[1][1]["code"] == "assigned" and kinds[1][1]["technician_id"] == near


def test_a_technician_who_declines_is_not_offered_it_again(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    first, second = _fleet(backend, make, clock, 2.0, 4.0)
    site = make.site(make.customer())
    ticket = make.ticket(category="lift", site_id=site.id)
    assert ticket.assignee_id == first
    tech = backend.as_actor(Actor("tech0", "technician", technician_id=first))
    again = tech.transition(ticket.id, ticket.version, "new", "van broke down")
    assert again.assignee_id == second  # the next best, at once
    tech2 = backend.as_actor(Actor("tech1", "technician", technician_id=second))
    left = tech2.transition(again.id, again.version, "new", "off sick")
    assert (left.status, left.assignee_id) == (TicketStatus.NEW, None)
    last = decisions(backend, left)[-1][1]
    assert last["code"] == "all_declined"
    assert [k for k, _ in decisions(backend, left)].count("declined") == 2


def test_too_far_is_left_to_a_person_with_the_ranking(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    (far,) = _fleet(backend, make, clock, 40.0)  # 40 km across Shanghai: not without asking
    ticket = make.ticket(category="lift", site_id=make.site(make.customer()).id)
    assert ticket.status is TicketStatus.NEW
    last = decisions(backend, ticket)[-1][1]
    assert last["code"] == "score_too_high"
    assert [s["id"] for s in last["suggestions"]] == [far]  # type: ignore[index]
    unplaced = make.ticket(category="lift")  # no site: nothing to rank by
    assert decisions(backend, unplaced)[-1][1]["code"] == "cannot_rank"


def test_a_rule_may_wait_for_a_nearer_technician_or_accept_a_farther_one(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    (far,) = _fleet(backend, make, clock, 40.0, within=180)  # a rural desk: 2 h 10 min is fine
    ticket = make.ticket(category="lift", site_id=make.site(make.customer()).id)
    assert (ticket.status, ticket.assignee_id) == (TicketStatus.ASSIGNED, far)
    [routed, auto] = decisions(backend, ticket)
    assert routed[1]["auto_dispatch_within"] == 180 and auto[1]["within"] == 180
    sue = supervisor(backend)
    with pytest.raises(ValidationError, match="5 to 1440 minutes"):
        sue.save_routing_rule(rule("Instant", 20, priority=Priority.HIGH, auto_dispatch=True,
                                   auto_dispatch_within=2))  # fmt: skip


def test_a_rule_needing_two_skills_dispatches_only_who_has_both(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    dept = make.department("Lifts", "LF")
    ids = {}
    for name, km, skills in (("Near", 1.0, ["lift"]), ("Both", 3.0, ["lift", "high-voltage"])):
        tech = make.technician(dept, name=name, skills=skills, **LATE_SHIFT)
        backend.set_technician_status(tech.id, tech.version, "available")
        backend.report_position(tech.id, SITE_LAT + km / 111.2, SITE_LON, 10.0, clock.now())
        ids[name] = tech.id
    supervisor(backend).save_routing_rule(
        rule("Machine rooms", 10, categories=frozenset({"lift"}), department_id=dept.id,
             required_skills=("lift", "high-voltage"), auto_dispatch=True)
    )  # fmt: skip
    ticket = make.ticket(category="lift", site_id=make.site(make.customer()).id)
    assert ticket.assignee_id == ids["Both"]
    ranking = backend.rank_technicians(ticket.id, "after_current")
    assert [c.technician_id for c in ranking.candidates] == [ids["Both"]]


# A desk's rules end to end: tickets in, the department and the technician out. Lifts go to
# the lift team by themselves; HVAC in Pudong to the Pudong team, by hand; a lift by chat at
# night to the night shift, by itself, but only to who has both skills the rule names.
WORLD_RULES = (
    ("Night lifts", {"categories": frozenset({"lift"}), "channels": frozenset({Channel.CHAT}),
                     "department": "NIGHT", "required_skills": ("lift", "rescue"),
                     "auto_dispatch": True}),
    ("Lifts", {"categories": frozenset({"lift"}), "department": "LIFT",
               "required_skills": ("lift",), "auto_dispatch": True}),
    ("Pudong HVAC", {"categories": frozenset({"hvac"}),
                     "area": Area(polygon=((31.26, 121.50), (31.26, 121.70), (31.10, 121.70),
                                           (31.10, 121.50))),
                     "department": "PD"}),
)  # fmt: skip
TECHNICIANS = (  # name, department, skills, where (lat, lon)
    ("Lift near", "LIFT", ["lift"], (31.235, 121.475)),
    ("Lift far", "LIFT", ["lift"], (31.30, 121.40)),
    ("Night lift", "NIGHT", ["lift"], (31.232, 121.474)),
    ("Night rescue", "NIGHT", ["lift", "rescue"], (31.25, 121.49)),
    ("Pudong", "PD", ["hvac"], (31.22, 121.55)),
)
TABLE = (  # category, channel, site (lat, lon) -> department code, technician (None: by hand)
    ("lift", "phone", (31.2304, 121.4737), "LIFT", "Lift near"),
    ("lift", "chat", (31.2304, 121.4737), "NIGHT", "Night rescue"),  # not the nearer one
    ("hvac", "phone", (31.21, 121.56), "PD", None),  # no auto-dispatch in this rule
    ("hvac", "phone", (31.2304, 121.4737), None, None),  # Puxi: no rule
    ("printer", "phone", (31.2304, 121.4737), None, None),
)


def test_a_table_of_tickets_in_departments_and_technicians_out(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    depts = {code: make.department(code.title(), code) for code in ("LIFT", "NIGHT", "PD")}
    names = {}
    for name, code, skills, (lat, lon) in TECHNICIANS:
        tech = make.technician(
            depts[code], name=name, skills=skills, max_open_jobs=20, **LATE_SHIFT
        )
        backend.set_technician_status(tech.id, tech.version, "available")
        backend.report_position(tech.id, lat, lon, 10.0, clock.now())
        names[tech.id] = name
    sue = supervisor(backend)
    for position, (title, spec) in enumerate(WORLD_RULES, start=1):
        wanted = dict(spec)
        wanted["department_id"] = depts[str(wanted.pop("department"))].id
        sue.save_routing_rule(rule(title, position * 10, **wanted))
    customer = make.customer()
    for category, channel, (lat, lon), code, technician in TABLE:
        site = make.site(customer, lat=lat, lon=lon)
        ticket = make.ticket(category=category, channel=channel, site_id=site.id,
                             customer_id=customer.id)  # fmt: skip
        got = (ticket.department_id, names.get(ticket.assignee_id or 0))
        assert got == (depts[code].id if code else None, technician), (category, channel)
