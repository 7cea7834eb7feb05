"""Passwords on every backend: changing one's own, an administrator's reset, the policy said in
words, and the throttle on wrong passwords (five tries, then a wait that doubles; an
administrator's unlock ends the wait at once)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from dispatch_console.domain.errors import PermissionDenied, TooManyAttempts, ValidationError
from dispatch_console.domain.model import User
from dispatch_console.domain.passwords import POLICY
from dispatch_console.ports import Actor
from dispatch_console.services import Services

if TYPE_CHECKING:
    from conftest import FakeClock

ROOT = Actor("root", role="admin")


def _agent(act_as: Callable[[Actor], Services]) -> tuple[User, Services]:
    user = act_as(ROOT).create_user("agent7", "Agent Seven", "agent", "correct horse")
    return user, act_as(Actor("agent7", "agent", user_id=user.id))


def test_a_user_changes_their_own_password(
    backend: Services, act_as: Callable[[Actor], Services]
) -> None:
    user, me = _agent(act_as)
    me.change_password("correct horse", "battery staple 42")
    assert backend.authenticate("agent7", "battery staple 42").id == user.id
    with pytest.raises(PermissionDenied):
        backend.authenticate("agent7", "correct horse")
    event = backend.events_after(backend.last_event_id() - 1)[0]
    assert (event.entity, event.kind, event.actor) == ("user", "password_changed", "agent7")
    assert "battery" not in str(event.payload) and "horse" not in str(event.payload)


def test_a_change_needs_the_current_password_and_follows_the_policy(
    backend: Services, act_as: Callable[[Actor], Services]
) -> None:
    _, me = _agent(act_as)
    with pytest.raises(PermissionDenied):
        me.change_password("not my password", "battery staple 42")
    for new, why in [
        ("short", "must be at least 8 characters"),
        (" " * 9, "must not be only spaces"),
        ("AGENT7  ", "must not be the user name"),
        ("x" * 201, "must be at most 200 characters"),
        ("correct horse", "must differ from the current password"),
    ]:
        with pytest.raises(ValidationError) as refused:
            me.change_password("correct horse", new)
        assert refused.value.field == "new_password" and refused.value.reason.startswith(why)
        if why.startswith("must be"):  # the policy is said in words with the refusal
            assert POLICY in refused.value.reason
    assert backend.authenticate("agent7", "correct horse").username == "agent7"


def test_the_user_name_is_no_password(act_as: Callable[[Actor], Services]) -> None:
    admin = act_as(ROOT)
    with pytest.raises(ValidationError) as refused:
        admin.create_user("wang.fang", "Wang Fang", "agent", "Wang.Fang")
    assert refused.value.reason.startswith("must not be the user name")


def test_an_administrator_resets_a_password_and_nobody_else_may(
    backend: Services, act_as: Callable[[Actor], Services]
) -> None:
    user, me = _agent(act_as)
    with pytest.raises(PermissionDenied):
        me.reset_password(user.id, "set by myself 1")
    with pytest.raises(PermissionDenied):
        act_as(Actor("sue", "supervisor")).reset_password(user.id, "set by sue 12")
    with pytest.raises(ValidationError) as refused:
        act_as(ROOT).reset_password(user.id, "short")
    assert refused.value.field == "new_password"
    act_as(ROOT).reset_password(user.id, "given by the admin 1")
    assert backend.authenticate("agent7", "given by the admin 1").id == user.id


def test_wrong_passwords_are_slowed_then_let_through_again(
    backend: Services, act_as: Callable[[Actor], Services], clock: FakeClock
) -> None:
    _agent(act_as)
    for _ in range(5):
        with pytest.raises(PermissionDenied) as wrong:
            backend.authenticate("agent7", "guess")
        assert not isinstance(wrong.value, TooManyAttempts)
    # even the right password waits: while slowed, no answer tells right from wrong
    with pytest.raises(TooManyAttempts) as slowed:
        backend.authenticate("agent7", "correct horse")
    assert slowed.value.retry_after == 1
    clock.advance(seconds=1)
    with pytest.raises(PermissionDenied):
        backend.authenticate("agent7", "guess")  # the sixth: the wait doubles
    with pytest.raises(TooManyAttempts) as slowed:
        backend.authenticate("agent7", "correct horse")
    assert slowed.value.retry_after == 2
    clock.advance(seconds=2)
    assert backend.authenticate("agent7", "correct horse").username == "agent7"
    # the right password starts the count again: five more tries before any wait
    for _ in range(5):
        with pytest.raises(PermissionDenied) as wrong:
            backend.authenticate("agent7", "guess")
        assert not isinstance(wrong.value, TooManyAttempts)


def test_the_wait_is_capped_and_an_administrator_unlocks_at_once(
    backend: Services, act_as: Callable[[Actor], Services], clock: FakeClock
) -> None:
    _agent(act_as)
    waits: list[int | None] = []
    while len(waits) < 12:  # guessing as fast as the answers allow
        try:
            backend.authenticate("agent7", "guess")
        except TooManyAttempts as exc:
            waits.append(exc.retry_after)
            clock.advance(seconds=exc.retry_after or 0)
        except PermissionDenied:
            pass
    # doubling from one second, never more than five minutes
    assert waits == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300]
    with pytest.raises(PermissionDenied):
        backend.unlock_sign_in("agent7")  # an agent may not
    assert act_as(ROOT).unlock_sign_in("agent7") == 1
    assert backend.authenticate("agent7", "correct horse").username == "agent7"
    assert act_as(ROOT).unlock_sign_in("agent7") == 0  # nothing left to unlock
