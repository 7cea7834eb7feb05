"""Where a request carries its token. Integrations (PBX, chat) cannot always set a header, so
theirs may also come in the path, `X-Token` or `?token=`; everything else signs in with
`Authorization: Bearer`."""

from __future__ import annotations

from starlette.requests import Request


def bearer(header: str | None) -> str:
    """The token of an `Authorization: Bearer <token>` header; "" without one."""
    if header and header.lower().startswith("bearer "):
        return header[7:].strip()
    return ""


def integration_token(request: Request, in_path: str = "") -> str:
    """An integration's token: in the path (Zammad's URL shape), else `Authorization: Bearer`,
    `X-Token` or `?token=`, in that order; "" when the request carries none."""
    return (
        in_path
        or bearer(request.headers.get("authorization"))
        or request.headers.get("x-token", "")
        or request.query_params.get("token", "")
    )
