"""Checking passwords (signing in, and re-authenticating before a sensitive action) behind a
throttle, changing one's own password, an administrator's reset and unlock.

The throttle counts wrong tries per user name *and* address: an outsider guessing slows down
only themselves, never the real user at their own desk (issue 22). Each try is counted before
the password is checked and forgotten once it proves right, so a burst of parallel guesses
cannot all slip through before the first one is counted. The counts live in the database: every
server instance sees them and `dispatch-admin unlock` can clear them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from ..domain.errors import (
    ConflictError,
    DuplicateError,
    PermissionDenied,
    TooManyAttempts,
    ValidationError,
)
from ..domain.model import User
from ..domain.passwords import FORGOTTEN_AFTER, SignInFailures, policy_problem, wait_after
from ..domain.tokens import ApiToken
from ..ports import UnitOfWork
from .base import UseCases, clean_text
from .passwords import hash_password, verify_password
from .policy import ADMINS, DESK, allow, anyone

LOCAL = "local"  # a console on the database itself: no network address to count by
PURGE_BATCH = 1000  # rows per transaction: a purge never holds the table for long
WRONG = "unknown user or wrong password"


class CredentialUseCases(UseCases):
    @allow(DESK)
    def authenticate(self, username: str, password: str) -> User:
        """The user, when the password is theirs; counted against the address the request came
        from (the server puts it in the actor's `extra`), else against this machine."""
        return self.check_password(username, password, self._address())

    @anyone("signing in: the password is the credential")
    def check_password(self, username: str, password: str, address: str) -> User:
        """Raises TooManyAttempts (with the seconds to wait) while this address must wait for
        this user name, PermissionDenied for a wrong password or an unknown or inactive user."""
        username, address = str(username)[:80], str(address)[:64]
        self._count_try(username, address)
        with self._uow(read_only=True) as uow:
            stored = uow.password_hash(username)
            user = uow.find_one(User, username=username)
        if not verify_password(stored, password) or user is None or not user.active:
            raise PermissionDenied(WRONG)
        self._forget_tries(username, address)
        return user

    @allow(DESK)
    def change_password(self, current_password: str, new_password: str) -> int:
        """Your own password; the current one is asked again (throttled like signing in). Ends
        your other sessions, not this one. Returns how many sessions were ended."""
        if self.actor.user_id is None:
            raise PermissionDenied(f"{self.actor.name} is not a user with a password")
        with self._uow(read_only=True) as uow:
            me = uow.get(User, self.actor.user_id)
        self._check_policy(new_password, me.username)
        self.check_password(me.username, current_password, self._address())
        if current_password == new_password:
            raise ValidationError("new_password", "must differ from the current password")
        return self._set_password(me, new_password, "password_changed")

    @allow(ADMINS)
    def reset_password(self, user_id: int, new_password: str) -> int:
        """An administrator sets someone's password (they forgot it, or it leaked): every
        session of theirs ends and their sign-in throttle is cleared."""
        with self._uow(read_only=True) as uow:
            user = uow.get(User, user_id)
        self._check_policy(new_password, user.username)
        ended = self._set_password(user, new_password, "password_reset")
        self.unlock_sign_in(user.username)
        return ended

    @allow(ADMINS)
    def unlock_sign_in(self, username: str) -> int:
        """An administrator lets a user name be tried again at once from every address.
        Returns how many addresses were waiting."""
        username = clean_text(username, "username", max_len=80)
        with self._uow() as uow:
            rows = uow.find(SignInFailures, username=username)
            for row in rows:
                uow.delete(row)
            user = uow.find_one(User, username=username)
            if rows:
                self._record(uow, "user", user.id if user else username, "sign_in_unlocked",
                             username=username, addresses=len(rows))  # fmt: skip
            uow.commit()
        return len(rows)

    # --- the throttle ------------------------------------------------------------------------
    def _address(self) -> str:
        return str(self.actor.extra.get("address") or LOCAL)

    def _count_try(self, username: str, address: str) -> None:
        now = self._now()
        try:
            with self._uow() as uow:
                row = uow.find_one(SignInFailures, username=username, address=address)
                if row is not None and row.blocked_until is not None and now < row.blocked_until:
                    raise _wait(row.blocked_until, now)
                if row is None:
                    uow.add(SignInFailures(0, username, address, 1, now, now + wait_after(1)))
                else:
                    version = row.version
                    row.tries = 1 if now - row.last_at > FORGOTTEN_AFTER else row.tries + 1
                    row.last_at, row.blocked_until = now, now + wait_after(row.tries)
                    uow.update(row, version)
                uow.commit()
        except (ConflictError, DuplicateError):  # another try for the pair at the same moment
            raise TooManyAttempts(
                "another sign-in for this user is under way; try again", 1
            ) from None

    def _forget_tries(self, username: str, address: str) -> None:
        with self._uow() as uow:
            row = uow.find_one(SignInFailures, username=username, address=address)
            if row is not None:
                uow.delete(row)
                uow.commit()

    # --- per-address allowances, shared by every server process --------------------------------
    @anyone("the rate limits of callers not signed in yet")
    def take_allowance(
        self, scope: str, key: str, rate: float, burst: int, cost: float = 1
    ) -> bool:
        """One token from the bucket (scope, key), refilled at `rate` a second up to `burst`:
        False when it is empty. Counted in the database, so `dispatch-server --workers N`
        gives an address the same allowance as one process does."""
        with self._uow() as uow:
            taken = uow.take_allowance(scope, key[:100], rate, burst, cost, self._now())
            uow.commit()
        return taken

    @anyone("the rate limits of callers not signed in yet")
    def give_back_allowance(self, scope: str, key: str, burst: int, cost: float = 1) -> None:
        """What `take_allowance` took for something that turned out not to count."""
        with self._uow() as uow:
            uow.give_back_allowance(scope, key[:100], burst, cost)
            uow.commit()

    @allow(DESK)
    def purge_throttles(
        self, older_than: timedelta = FORGOTTEN_AFTER, batch: int = PURGE_BATCH
    ) -> int:
        """Forgets sign-in throttle rows and allowance buckets idle for `older_than` (a count
        that old starts afresh anyway), `batch` rows per transaction; how many."""
        if older_than <= timedelta(0) or batch < 1:
            raise ValidationError("older_than", "keep the counts for a positive time")
        before = self._now() - older_than
        purged = 0
        purges: tuple[Callable[[UnitOfWork], int], ...] = (
            lambda uow: uow.purge_sign_in_failures(before, batch),
            lambda uow: uow.purge_allowances(before, batch),
        )
        for purge in purges:
            while True:
                with self._uow() as uow:
                    gone = purge(uow)
                    uow.commit()
                purged += gone
                if gone < batch:
                    break
        return purged

    # --- setting a password ------------------------------------------------------------------
    @staticmethod
    def _check_policy(password: object, username: str) -> None:
        if not isinstance(password, str):
            raise ValidationError("new_password", "is required")
        if (problem := policy_problem(password, username)) is not None:
            raise ValidationError("new_password", problem)

    def _set_password(self, user: User, password: str, kind: str) -> int:
        keep = self.actor.extra.get("token_id") if self.actor.user_id == user.id else None
        with self._uow() as uow:
            uow.get(User, user.id)  # still there
            uow.set_password_hash(user.id, hash_password(password))
            ended = _end_sessions(uow, user.id, keep, self._now())
            self._record(uow, "user", user.id, kind, username=user.username, sessions_ended=ended)
            uow.commit()
        return ended


def _end_sessions(uow: UnitOfWork, user_id: int, keep: object, now: datetime) -> int:
    """Revokes the user's live sessions except `keep` (the token of the request making the
    change); a stolen session ends with the password it was opened with."""
    ended = 0
    for token in uow.find(ApiToken, user_id=user_id, revoked_at=None):
        if token.id != keep and token.valid_at(now):
            version = token.version
            token.revoked_at = now
            uow.update(token, version)
            ended += 1
    return ended


def _wait(until: datetime, now: datetime) -> TooManyAttempts:
    seconds = max(1, int((until - now).total_seconds() + 0.999))
    return TooManyAttempts(
        f"too many wrong passwords for this user from here; try again in {seconds} s "
        "(or ask an administrator to unlock it)",
        seconds,
    )
