"""The Backend protocol is what the console codes against; the service layer must match it exactly,
or the REST client (built from the same protocol) would drift from the SQL backend. Feature by
feature: each protocol of ports.py is exactly its feature class's use cases."""

from __future__ import annotations

import inspect

from dispatch_console import ports
from dispatch_console import services as features
from dispatch_console.ports import Backend
from dispatch_console.services import Services
from dispatch_console.services.base import UseCases

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


# each feature protocol (ports.py) and the feature class of the service layer that implements it
FEATURES = {
    ports.TicketPort: features.TicketUseCases,
    ports.RoutingRulePort: features.RoutingUseCases,
    ports.DispatchPort: features.DispatchUseCases,
    ports.FieldworkPort: features.FieldUseCases,
    ports.CallbackPort: features.CallbackUseCases,
    ports.CallPort: features.CallUseCases,
    ports.CallAgentPort: features.CallAgentUseCases,
    ports.ChatPort: features.ChatUseCases,
    ports.CustomerPort: features.CustomerUseCases,
    ports.WorkforcePort: features.WorkforceUseCases,
    ports.CredentialPort: features.CredentialUseCases,
    ports.NotificationPort: features.NotificationUseCases,
    ports.NoticePort: features.NoticeUseCases,
    ports.FeedPort: features.FeedUseCases,
    ports.BoardPort: features.BoardUseCases,
    ports.SchedulePort: features.ScheduleUseCases,
}
# the server's own features: no console calls them, so no protocol has them
SERVER_FEATURES = (
    features.TokenUseCases,
    features.RequestKeyUseCases,
    features.SelfServiceUseCases,
    features.EscalationUseCases,
)
ROOT_ONLY = {"as_actor", "within", "open_unit_of_work", "now"}


def _all_public(cls: type) -> set[str]:
    return {n for n, _ in inspect.getmembers(cls, inspect.isfunction) if not n.startswith("_")}


def test_each_feature_protocol_is_exactly_its_feature_class() -> None:
    for port, feature in FEATURES.items():
        protocol, implementation = _public(port), _public(feature)
        assert sorted(protocol) == sorted(implementation), port.__name__
        for name, signature in protocol.items():
            assert str(signature) == str(implementation[name]), f"{port.__name__}.{name}"
    for feature in SERVER_FEATURES:
        assert _all_public(feature) <= SERVER_ONLY, feature.__name__


def test_backend_is_the_feature_protocols_and_nothing_else() -> None:
    assert set(Backend.__mro__) >= set(FEATURES)
    assert not {n for n in vars(Backend) if not n.startswith("_")}  # no use case of its own
    assert sorted(_public(Backend)) == sorted(n for p in FEATURES for n in _public(p))


def test_features_are_composed_small_and_the_root_only_delegates() -> None:
    every = [*FEATURES.values(), *SERVER_FEATURES]
    names: list[str] = []
    for feature in every:
        assert feature.__bases__ == (UseCases,), f"{feature.__name__} inherits use cases"
        assert len(_all_public(feature)) <= 30, feature.__name__
        names += _all_public(feature)
    assert len(names) == len(set(names)), "one use case, one feature"
    assert _all_public(Services) == set(names) | ROOT_ONLY
    for name in names:  # a delegate keeps its use case's name, signature and words
        assert inspect.signature(getattr(Services, name)).parameters, name
        assert getattr(Services, name).__wrapped__.__name__ == name
