"""Password hashing for console and server logins."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): about 4x cheaper than the
# library default on our 2-core machines, which matters when dozens of users are created at once.
# Hashes carry their own parameters, so raising these later still verifies old hashes.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    if stored is None:
        HASHER.hash(password)  # same cost as a real check, so timing does not reveal usernames
        return False
    try:
        return HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
