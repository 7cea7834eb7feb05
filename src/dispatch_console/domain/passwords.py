"""The password policy, said once in words (the console's dialog, the CLI and every refusal
quote it), and the sign-in throttle's backoff: how long an address waits after wrong passwords
for one user name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

MIN_PASSWORD = 8
MAX_PASSWORD = 200  # what sign-in accepts
POLICY = (
    f"A password has at least {MIN_PASSWORD} characters (at most {MAX_PASSWORD}), is not only "
    "spaces and is not the user name. A phrase of a few words is easy to remember and hard to "
    "guess."
)

FREE_TRIES = 5  # wrong passwords in a row from one address before it has to wait
LONGEST_WAIT = timedelta(minutes=5)  # the real user, mistyping at their own desk, waits no longer
FORGOTTEN_AFTER = timedelta(days=1)  # a day without tries starts the count again


class PasswordProblem(StrEnum):
    """Which rule a password breaks: a value the console translates (never its English)."""

    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    ONLY_SPACES = "only_spaces"
    USER_NAME = "user_name"


WHY = {
    PasswordProblem.TOO_SHORT: f"must be at least {MIN_PASSWORD} characters",
    PasswordProblem.TOO_LONG: f"must be at most {MAX_PASSWORD} characters",
    PasswordProblem.ONLY_SPACES: "must not be only spaces",
    PasswordProblem.USER_NAME: "must not be the user name",
}


def password_problem(password: str, username: str = "") -> PasswordProblem | None:
    """The rule this password breaks; None when it is fine."""
    if len(password) < MIN_PASSWORD:
        return PasswordProblem.TOO_SHORT
    if len(password) > MAX_PASSWORD:
        return PasswordProblem.TOO_LONG
    if not password.strip():
        return PasswordProblem.ONLY_SPACES
    if username and password.strip().casefold() == username.casefold():
        return PasswordProblem.USER_NAME
    return None


def policy_problem(password: str, username: str = "") -> str | None:
    """Why this password is refused, followed by the policy; None when it is fine."""
    problem = password_problem(password, username)
    return None if problem is None else f"{WHY[problem]}. {POLICY}"


def wait_after(tries: int) -> timedelta:
    """How long the next try waits after `tries` in a row that were not (yet) right: nothing for
    the first few, then 1 s doubling up to LONGEST_WAIT."""
    if tries < FREE_TRIES:
        return timedelta(0)
    return min(timedelta(seconds=2 ** min(tries - FREE_TRIES, 20)), LONGEST_WAIT)


@dataclass(slots=True)
class SignInFailures:
    """Tries for one user name from one address (an IPv4 address or an IPv6 /64) that did not
    prove right. Counted per pair, so guessing from elsewhere never locks the real user out of
    their own desk; an administrator's unlock deletes the rows."""

    id: int
    username: str
    address: str
    tries: int
    last_at: datetime
    blocked_until: datetime | None = None
    version: int = 1
