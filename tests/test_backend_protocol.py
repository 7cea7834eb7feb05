"""The Backend protocol is what the console codes against; the service layer must match it exactly,
or the REST client (built from the same protocol) would drift from the SQL backend."""

from __future__ import annotations

import inspect

from dispatch_console.ports import Backend
from dispatch_console.services import Services

# the server's own: a console signs in through /auth/login and never handles other tokens, and
# GPS devices post their fixes to the server's own endpoints
SERVER_ONLY = {
    "sign_in",
    "check_password",  # authenticate with the address the server saw
    "actor_for_token",
    "create_integration_token",
    "revoke_token",
    "list_tokens",
    "report_positions",
    "technician_for_device",
    "now",
    "claim_request_key",
    "finish_request_key",
    "drop_request_key",
    "purge_request_keys",
    "take_allowance",  # per-address limits of the server's own routes (sign-in, QR reports)
    "give_back_allowance",
    "purge_throttles",
    "within",  # one request, one transaction (the server's Idempotency-Key handling)
    "open_unit_of_work",
    "attachment_ticket",
    "attach_file",  # the server's streamed uploads: a file spooled to disk, not bytes
    # customers' self-service: the server's own pages, never a console
    "asset_card",
    "report_fault",
    "report_status",
    "request_customer_callback",
    # chat systems post to the server's own webhook
    "receive_chat",
    # the notification sender's two steps: it runs beside the database, never in a console
    "claim_notifications",
    "record_delivery",
    # the SLA scan runs in the server (or dispatch-admin), not in a console
    "escalate_due",
    # the e-mails' "stop these e-mails" page
    "optout_known",
    "opt_out_by_link",
}


def _public(cls: type) -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(fn)
        for name, fn in inspect.getmembers(cls, inspect.isfunction)
        if not name.startswith("_") and name != "as_actor" and name not in SERVER_ONLY
    }


def test_every_use_case_has_exactly_one_route_on_the_server() -> None:
    from dispatch_console.rest.wire import ROUTES

    names = [r.name for r in ROUTES]
    assert sorted(names) == sorted(_public(Backend))
    places = [(r.verb, r.path) for r in ROUTES]
    assert len(set(places)) == len(places)


def test_services_offer_every_backend_use_case_with_the_same_signature() -> None:
    protocol, implementation = _public(Backend), _public(Services)
    assert sorted(protocol) == sorted(implementation)
    for name, signature in protocol.items():
        assert str(signature) == str(implementation[name]), name


def test_the_protocol_covers_the_use_cases_the_issue_names() -> None:
    needed = {
        "create_ticket",
        "update_ticket",
        "search_tickets",
        "transition",
        "assign",
        "transfer",
        "add_comment",
        "attach",
        "check_in",
        "log_work",
        "consume_part",
        "schedule_callback",
        "record_callback",
        "record_call_event",
        "lookup_caller",
        "find_asset",
        "list_technicians",
        "events_after",
        "wait_for_events",
    }
    assert needed <= set(_public(Backend))
