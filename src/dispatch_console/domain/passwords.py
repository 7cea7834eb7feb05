"""The password policy, said once in words (the console's dialog, the CLI and every refusal
quote it), and the sign-in throttle's backoff: how long an address waits after wrong passwords
for one user name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

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


def policy_problem(password: str, username: str = "") -> str | None:
    """Why this password is refused, followed by the policy; None when it is fine."""
    if len(password) < MIN_PASSWORD:
        why = f"must be at least {MIN_PASSWORD} characters"
    elif len(password) > MAX_PASSWORD:
        why = f"must be at most {MAX_PASSWORD} characters"
    elif not password.strip():
        why = "must not be only spaces"
    elif username and password.strip().casefold() == username.casefold():
        why = "must not be the user name"
    else:
        return None
    return f"{why}. {POLICY}"


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
