"""Signing in to the REST server: session tokens for people, long-lived tokens for integrations,
and turning a presented token back into who is acting. Only SHA-256 hashes are stored: a copy of
the database does not let anyone in."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from ..domain.errors import ConflictError, DuplicateError, InProgress, NotSignedIn, ValidationError
from ..domain.model import Technician, User
from ..domain.tokens import INTEGRATIONS, SESSION_LIFETIME, ApiToken, RequestKey
from ..ports import Actor
from .base import Context, UseCases, clean_text
from .credentials import LOCAL, CredentialUseCases
from .policy import ADMINS, DESK, allow, anyone


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class TokenUseCases(UseCases):
    def __init__(self, ctx: Context, credentials: CredentialUseCases) -> None:
        super().__init__(ctx)
        self._credentials = credentials

    @anyone("signing in: the password is the credential")
    def sign_in(
        self,
        username: str,
        password: str,
        lifetime: timedelta = SESSION_LIFETIME,
        address: str = LOCAL,
    ) -> tuple[str, ApiToken, User]:
        """A new session for this user; the raw token is returned once and never stored.
        `address`: where the request came from, what the sign-in throttle counts by."""
        user = self._credentials.check_password(username, password, address)
        raw = secrets.token_urlsafe(32)
        now = self._now()
        with self._uow() as uow:
            token = uow.add(
                ApiToken(
                    0,
                    token_hash(raw),
                    user.username,
                    user.role.value,
                    now,
                    now + lifetime,
                    user_id=user.id,
                )
            )
            self._record(uow, "token", token.id, "signed_in", subject=user.username)
            uow.commit()
        return raw, token, user

    @allow(ADMINS)
    def create_integration_token(self, kind: str, label: str) -> tuple[str, ApiToken]:
        """For a PBX posting call events or GPS devices posting positions; valid until revoked."""
        if kind not in INTEGRATIONS:
            raise ValidationError("kind", f"must be one of {', '.join(INTEGRATIONS)}")
        label = clean_text(label, "label", max_len=80)
        raw = secrets.token_urlsafe(32)
        with self._uow() as uow:
            token = uow.add(ApiToken(0, token_hash(raw), label, kind, self._now()))
            self._record(uow, "token", token.id, "issued", subject=label, role=kind)
            uow.commit()
        return raw, token

    @anyone("it is how a token is authenticated")
    def actor_for_token(self, raw: str) -> Actor:
        """Who presents this token; PermissionDenied when it is unknown, expired or revoked."""
        now = self._now()
        with self._uow(read_only=True) as uow:
            token = uow.find_one(ApiToken, token_hash=token_hash(raw))
            if token is None or not token.valid_at(now):
                raise NotSignedIn("the token is unknown, expired or revoked; sign in again")
            technician_id = department_id = None
            if token.user_id is not None:
                user = uow.get(User, token.user_id)
                if not user.active:
                    raise NotSignedIn("this user is no longer active")
                tech = uow.find_one(Technician, user_id=user.id)
                technician_id = tech.id if tech is not None else None
                department_id = user.department_id
        # when it stops being valid, for a server that remembers tokens for a moment
        # token_id: the session a password change keeps (it ends the others)
        extra = {"expires_at": token.expires_at, "token_id": token.id}
        return Actor(token.subject, token.role, token.user_id, technician_id, extra, department_id)

    @anyone("signing out: the token is the credential (by id: administrators, checked inside)")
    def revoke_token(self, raw: str | None = None, token_id: int | None = None) -> ApiToken:
        """Sign out (your own token), or an admin revoking any token by id."""
        with self._uow() as uow:
            if raw is not None:
                token = uow.find_one(ApiToken, token_hash=token_hash(raw))
            else:
                self._require_role()
                token = uow.get(ApiToken, token_id or 0)
            if token is None:
                raise NotSignedIn("the token is unknown")
            if token.revoked_at is None:
                token.revoked_at = self._now()
                uow.update(token, token.version)
                self._record(uow, "token", token.id, "revoked", subject=token.subject)
            uow.commit()
        return token

    @allow(ADMINS)
    def list_tokens(self) -> list[ApiToken]:
        with self._uow(read_only=True) as uow:
            tokens = uow.find(ApiToken, "-id", 1000)
        for t in tokens:
            t.token_hash = ""  # nothing an attacker could use, not even the hash
        return tokens


ABANDONED = timedelta(minutes=2)  # no write takes this long; a claim this old was lost
KEEP_OUTCOMES = timedelta(hours=24)  # a console retries for minutes; an outbox for hours at most
PURGE_BATCH = 1000  # rows per transaction: a purge never holds the table for long


class RequestKeyUseCases(UseCases):
    """Idempotency keys: the first request with a key claims it; its outcome is kept and
    answered again to any retry with the same key, so a write is never done twice."""

    @anyone("every caller's keys are their own (kept by who sent them)")
    def claim_request_key(self, key: str, route: str) -> RequestKey | None:
        """None: this request is the first with the key, go ahead. Otherwise the earlier
        one's record (done, with its answer; or still under way)."""
        key = clean_text(key, "Idempotency-Key", max_len=100)
        with self._uow() as uow:
            try:
                uow.add(RequestKey(0, self.actor.name, key, route, self._now()))
                uow.commit()
                return None
            except DuplicateError:
                pass
        with self._uow() as uow:
            earlier = uow.find_one(RequestKey, subject=self.actor.name, request_key=key)
            if earlier is None:  # claimed and dropped in between: the caller may try again
                raise InProgress("the earlier request with this key failed; send it again")
            if earlier.route != route:
                raise ValidationError("Idempotency-Key", "already used for another request")
            if not earlier.done and self._now() - earlier.created_at > ABANDONED:
                # its server died between claiming and finishing: nobody will ever finish it
                earlier.created_at = self._now()
                try:
                    uow.update(earlier, earlier.version)
                    uow.commit()
                except ConflictError:  # another retry took it over first: that one does it
                    raise InProgress("the same request is being retried") from None
                return None
        return earlier

    @anyone("every caller's keys are their own (kept by who sent them)")
    def finish_request_key(self, key: str, status_code: int, response: str) -> None:
        with self._uow() as uow:
            claimed = uow.find_one(RequestKey, subject=self.actor.name, request_key=key)
            if claimed is not None:
                claimed.done, claimed.status_code, claimed.response = True, status_code, response
                uow.update(claimed, claimed.version)
                uow.commit()

    @anyone("every caller's keys are their own (kept by who sent them)")
    def drop_request_key(self, key: str) -> None:
        """The request failed without an answer (the database went away): free the key, so a
        retry does the work instead of waiting for an outcome that will never come."""
        with self._uow() as uow:
            claimed = uow.find_one(RequestKey, subject=self.actor.name, request_key=key)
            if claimed is not None and not claimed.done:
                uow.delete(claimed)
                uow.commit()

    @allow(DESK)
    def purge_request_keys(
        self, older_than: timedelta = KEEP_OUTCOMES, batch: int = PURGE_BATCH
    ) -> int:
        """Forgets the outcomes recorded more than `older_than` ago, `batch` rows per
        transaction until none is left; how many. A retry after that is done as a new write."""
        if older_than <= timedelta(0) or batch < 1:
            raise ValidationError("older_than", "keep outcomes for a positive time")
        before = self._now() - older_than
        purged = 0
        while True:
            with self._uow() as uow:
                gone = uow.purge_request_keys(before, batch)
                uow.commit()
            purged += gone
            if gone < batch:
                return purged
