"""The chat systems' side of the server: Chatwoot's webhooks (`POST /api/v1/chat/chatwoot`) and
the generic chat webhook (`POST /api/v1/chat/events`). Both carry an integration token of kind
chat (`?token=` for Chatwoot, whose webhook settings hold only a URL; a header for the generic
one); Chatwoot's deliveries must also carry a valid, fresh signature once the server knows the
webhook's secret (DISPATCH_CHATWOOT_SECRET).

Every delivery is answered 200 once kept (or ignored), so that the chat system does not send it
again; a malformed one is answered 422 with the field at fault, a refused one 401/403."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from ..chat.chatwoot import parse_chatwoot
from ..chat.errors import ChatPayloadError, SignatureError
from ..chat.fields import MAX_BODY, load_json
from ..chat.generic import parse_generic
from ..chat.signing import verify
from ..domain.chat import ChatDelivery
from ..domain.errors import NotSignedIn, PermissionDenied
from ..ports import Actor
from ..rest.wire import API
from ..services import Services
from .refusal import refused
from .tokens import integration_token

log = logging.getLogger(__name__)
CHAT_ROLES = ("chat", "admin")
ACCOUNT = re.compile(r"^[0-9]{1,12}$")
LOGGED_BODY = 2000  # how much of a refused delivery the log keeps


@dataclass(frozen=True)
class ChatConfig:
    """Chatwoot webhook secrets (the current one, and the previous one while rotating)."""

    chatwoot_secrets: list[str] = field(default_factory=list)


def add_chat_webhooks(
    app: FastAPI, services: Services, actor_for: Callable[[str], Actor], config: ChatConfig
) -> None:
    async def receive(
        request: Request, parse: Callable[[dict[str, Any], datetime], ChatDelivery | None]
    ) -> Any:
        who = await _integration(request, actor_for)
        body = await request.body()
        if len(body) > MAX_BODY:
            return refused("request", f"larger than {MAX_BODY // 1024} KB", 413)
        try:
            delivery = parse(load_json(body), services.now())
        except ChatPayloadError as exc:
            log.warning("chat delivery refused (%s): %r", exc, body[:LOGGED_BODY])
            return refused(exc.field, exc.reason, 422)
        except Exception:  # a shape no capture showed us: said and kept out, never a 500
            log.exception("chat delivery not understood: %r", body[:LOGGED_BODY])
            return refused("request", "this delivery's shape is not understood", 422)
        if delivery is None:
            return {"ignored": True}
        receipt = await run_in_threadpool(services.as_actor(who).receive_chat, delivery)
        return {"conversation": receipt.conversation_id, "created": receipt.created,
                "added": receipt.added}  # fmt: skip

    warned: list[bool] = []

    @app.post(API + "/chat/chatwoot", tags=["chat"])
    async def chatwoot(request: Request) -> Any:
        """Chatwoot's account webhook: conversation_created, conversation_status_changed,
        conversation_updated, message_created, message_updated (others are ignored).
        `&account=N` when several Chatwoot accounts send to this desk (one webhook each)."""
        if not config.chatwoot_secrets and not warned:
            warned.append(True)  # once per process: the log says it, the desk still works
            log.warning(
                "Chatwoot deliveries are taken on the chat token alone: set %s to the "
                "webhook's secret so that they must be signed", "DISPATCH_CHATWOOT_SECRET",
            )  # fmt: skip
        if config.chatwoot_secrets:
            try:
                verify(
                    config.chatwoot_secrets,
                    request.headers.get("x-chatwoot-signature", ""),
                    request.headers.get("x-chatwoot-timestamp", ""),
                    await request.body(),
                    time.time(),
                )
            except SignatureError as exc:
                return JSONResponse({"code": "not_signed_in", "message": str(exc)}, 401)
        account = request.query_params.get("account", "")
        if account and not ACCOUNT.match(account):
            return refused("account", "the Chatwoot account's number (digits)", 422)
        return await receive(request, lambda data, now: parse_chatwoot(data, now, account))

    @app.post(API + "/chat/events", tags=["chat"])
    async def generic(request: Request) -> Any:
        """Any other chat system: one conversation and its new messages per delivery (the
        schema is in docs/chat.md)."""
        return await receive(request, parse_generic)


async def _integration(request: Request, actor_for: Callable[[str], Actor]) -> Actor:
    raw = integration_token(request)
    if not raw:
        raise NotSignedIn("send the chat integration's token (?token= or Authorization: Bearer)")
    who = await run_in_threadpool(actor_for, raw)
    if who.role not in CHAT_ROLES:
        raise PermissionDenied(f"{who.name} may not deliver chats; use a chat token")
    return who
