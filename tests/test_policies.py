"""Every use case declares who may call it (services/policy.py); one without a declaration is
refused to everyone, administrators included. The contract test (tests/contract/
test_authorization.py) checks what each declaration allows, role by role, on every backend."""

from __future__ import annotations

import inspect
from types import SimpleNamespace

import pytest

from dispatch_console.domain.errors import PermissionDenied
from dispatch_console.ports import Actor, Backend
from dispatch_console.services import Services
from dispatch_console.services.policy import check, policy_of

ROOT_ONLY = {"as_actor", "within", "open_unit_of_work", "now"}  # not use cases
# open to every caller: each is a decision, with its reason next to the use case
OPEN = {
    "setup_needed", "create_first_admin",  # before anyone can sign in
    "check_password", "sign_in", "actor_for_token",  # signing in is how a caller is known
    "take_allowance", "give_back_allowance",  # rate limits of callers not signed in yet
    "revoke_token",  # signing out with one's own token (by id: administrators, inside)
    "claim_request_key", "finish_request_key", "drop_request_key",  # each caller's own keys
    "optout_known", "opt_out_by_link",  # the e-mail's link is the credential
    "asset_card", "report_fault", "report_status", "request_customer_callback",  # the QR code
    "visit_windows",  # the QR code too
    "reschedule_windows", "request_reschedule",  # the status link's token
}  # fmt: skip


def _use_cases() -> set[str]:
    public = {n for n, _ in inspect.getmembers(Services, inspect.isfunction)}
    return {n for n in public if not n.startswith("_")} - ROOT_ONLY


def test_every_use_case_declares_who_may_call_it() -> None:
    undeclared = sorted(n for n in _use_cases() if policy_of(getattr(Services, n)) is None)
    assert undeclared == [], "declare a policy (services/policy.py) for these use cases"


def test_every_backend_use_case_is_one_of_them() -> None:
    backend = {n for n in dir(Backend) if not n.startswith("_")}
    assert backend <= _use_cases()


def test_the_use_cases_open_to_anyone_are_the_known_ones() -> None:
    opened = {n for n in _use_cases() if policy_of(getattr(Services, n)).open_because}  # type: ignore[union-attr]
    assert opened == OPEN


def test_a_use_case_without_a_policy_is_refused_even_to_an_administrator() -> None:
    def forgotten(self: object) -> str:
        return "done"

    ctx = SimpleNamespace(actor=Actor("root", "admin"))
    with pytest.raises(PermissionDenied, match="declares no policy"):
        check(ctx, forgotten, (), {})  # type: ignore[arg-type]
