"""Every endpoint checks role and ownership: a technician works only on their own jobs and their
own record; integrations' tokens reach only their own endpoints."""

from __future__ import annotations

import pytest

from conftest import FakeClock, RestServer
from dispatch_console.domain.errors import PermissionDenied
from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import Actor, TicketQuery
from dispatch_console.seed.story import tiny_png


def test_a_technician_sees_and_works_only_on_their_own_jobs(
    rest_server: RestServer, clock: FakeClock
) -> None:
    desk = rest_server.fresh(Actor("alice", "agent"), clock)
    dept = desk.create_department("North", "N1")
    wang = desk.create_technician("王伟", "13900001111", dept.id)
    li = desk.create_technician("李娜", "13900002222", dept.id)
    customer = desk.create_customer("Li Lei", ["13812345678"])

    def job(text: str, tech_id: int) -> object:
        ticket = desk.create_ticket(
            TicketDraft("phone", "hvac", "normal", text, customer_id=customer.id)
        )
        return desk.assign(ticket.id, ticket.version, tech_id)

    mine, theirs = job("a", wang.id), job("b", li.id)
    field = desk.as_actor(Actor("wang", "technician", technician_id=wang.id))

    assert field.get_ticket(mine.id).id == mine.id
    with pytest.raises(PermissionDenied):
        field.get_ticket(theirs.id)
    with pytest.raises(PermissionDenied):
        field.add_comment(theirs.id, "not my job")
    page = field.search_tickets(TicketQuery())
    assert [r.ticket.id for r in page.items] == [mine.id]  # their own jobs, whatever they ask
    accepted = field.transition(mine.id, mine.version, "accepted")
    assert accepted.status.value == "accepted"
    for target in ("cancelled", "on_site", "closed", "on_hold"):  # the desk's, or a check-in's
        with pytest.raises(PermissionDenied, match="may not move a job"):
            field.transition(mine.id, accepted.version, target, "because")
    with pytest.raises(PermissionDenied):
        field.set_technician_status(li.id, li.version, "busy")
    with pytest.raises(PermissionDenied):
        field.create_customer("Someone", ["13800000009"])
    with pytest.raises(PermissionDenied):
        field.lookup_caller("13812345678")  # the desk's, not the field's
    with pytest.raises(PermissionDenied):
        field.list_contracts()  # the desk's rule editor reads them

    photo = desk.attach(mine.id, "before.png", tiny_png(0xC82828), "image/png")
    other = desk.attach(theirs.id, "other.png", tiny_png(0xC82828), "image/png")
    attachment, data = field.attachment_data(photo.id)  # the desk's photos of their own job
    assert attachment.ticket_id == mine.id and data.startswith(b"\x89PNG")
    for refused in (other.id, other.id + 1000):  # a colleague's, and one that does not exist
        with pytest.raises(PermissionDenied, match="not assigned to you"):
            field.attachment_data(refused)


def test_integration_tokens_reach_only_their_own_endpoints(
    rest_server: RestServer, clock: FakeClock
) -> None:
    desk = rest_server.fresh(Actor("alice", "agent"), clock)
    customer = desk.create_customer("Li Lei", ["13812345678"])
    pbx = desk.as_actor(Actor("Asterisk", "pbx"))
    with pytest.raises(PermissionDenied):
        pbx.get_customer(customer.id)
    gps = desk.as_actor(Actor("fleet", "gps"))
    with pytest.raises(PermissionDenied):
        gps.list_technicians()
