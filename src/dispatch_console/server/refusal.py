"""The one shape of a refused request, whichever part of the server refuses it (the API's
handlers, the PBX, chat and GPS doors, the size limit): a ValidationError's body, so a client
reads `code`, `field` and `reason` the same way everywhere."""

from __future__ import annotations

import json

from fastapi.responses import JSONResponse

from ..domain.errors import ValidationError


def refused(field: str, reason: str, status: int = 422) -> JSONResponse:
    return JSONResponse(ValidationError(field, reason).to_dict(), status_code=status)


def refusal_bytes(field: str, reason: str) -> bytes:
    """The same body, for ASGI middleware that answers before FastAPI does."""
    return json.dumps(ValidationError(field, reason).to_dict()).encode()
