"""What can go wrong between a console and the server, besides the domain's own refusals."""

from __future__ import annotations

from .pending_writes import Pending


class ServerUnreachable(Exception):
    """The server did not answer (down, restarting, no network)."""

    def __init__(self, url: str, reason: str, *, sent: bool = True) -> None:
        self.url = url
        # False: the request never left this PC (connection refused): certainly nothing changed.
        # True: it may have arrived and been done, its answer lost (a timeout).
        self.sent = sent
        super().__init__(f"the server at {url} does not answer ({reason})")


class Queued(ServerUnreachable):
    """The write is kept on this PC and will be sent when it can be. `because`: the server
    does not answer ("unreachable"), this console is signed out ("signed_out"), or the server
    answered but could not take it yet ("server_error")."""

    def __init__(self, url: str, item: Pending, because: str = "unreachable") -> None:
        self.item = item
        self.because = because
        super().__init__(url, "kept on this PC until it can be sent", sent=False)


class ServerError(Exception):
    """The server answered with something that is not one of our errors (a proxy's 502...)."""

    def __init__(self, status: int, text: str) -> None:
        self.status = status
        super().__init__(f"the server answered {status}: {text[:200]}")


class TenantRefused(ServerError):
    """A hosted server (docs/saas.md) serves no company at this address ("unknown_tenant"),
    or the company's service is suspended ("tenant_suspended"). `message`: the server's words
    (for a suspension, its reason)."""

    CODES = ("unknown_tenant", "tenant_suspended")

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(status, message)
        self.code = code
        self.message = message


def tenant_refusal(status: int, text: str) -> TenantRefused | None:
    """The refusal a hosted server gives an unknown or suspended company's address, if that is
    what this answer is."""
    import json

    try:
        body = json.loads(text)
    except ValueError:
        return None
    if isinstance(body, dict) and body.get("code") in TenantRefused.CODES:
        return TenantRefused(status, str(body["code"]), str(body.get("message", "")))
    return None
