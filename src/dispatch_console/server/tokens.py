"""Where a request carries its token. Integrations (PBX, chat) cannot always set a header, so
theirs may also come in the path, `X-Token` or `?token=`; everything else signs in with
`Authorization: Bearer`."""

from __future__ import annotations

from starlette.requests import Request

from ..domain.tokens import bearer, presented_token

__all__ = ["bearer", "integration_token"]


def integration_token(request: Request, in_path: str = "") -> str:
    """An integration's token: in the path (Zammad's URL shape), else `Authorization: Bearer`,
    `X-Token` or `?token=`, in that order; "" when the request carries none."""
    return presented_token(
        in_path,
        request.headers.get("authorization"),
        request.headers.get("x-token"),
        request.query_params.get("token"),
    )
