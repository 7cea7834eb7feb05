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
