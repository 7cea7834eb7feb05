"""Delivering the writes kept on this PC (pending_writes.py), in the order they were written.

A queueable write is stored first and then sent from the file, under its lock: if
the console dies in between, the write is still on disk and goes later with the same key, and
two writes from two threads cannot overtake each other. The caller gets the server's answer
when it came at once, the server's refusal when it refused at once, and Queued otherwise."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

from ..domain.errors import DomainError, InProgress, NotSignedIn, TooManyAttempts
from .errors import Queued, ServerError, ServerUnreachable
from .pending_writes import Flushed, PendingWrites

DATED = frozenset({"add_comment"})  # the others carry their own times (check-in, work log)
UNAVAILABLE = frozenset({502, 503, 504})
GIVE_UP_AFTER = 5  # answers that are not a refusal (a 500, a stuck retry): then kept as refused
Send = Callable[..., Any]  # RestBackend._send(verb, path, data=..., key=..., retries=...)


def deliver(
    writes: PendingWrites,
    send: Send,
    url: str,
    name: str,
    verb: str,
    path: str,
    body: dict[str, Any],
) -> Any:
    key = uuid.uuid4().hex
    with writes.flushing:
        item = writes.put(key, name, verb, path, body)
        flushed, answers, refusal = flush(writes, send, fresh=key)
    if key in answers:
        return answers[key]
    if refusal is not None:  # refused at once: the caller says so, nothing stays queued
        raise refusal
    raise Queued(url, item, flushed.stopped or "unreachable")


def flush(
    writes: PendingWrites, send: Send, fresh: str | None = None
) -> tuple[Flushed, dict[str, Any], DomainError | None]:
    """Sends what waits, oldest first, until something cannot go now. Call with the
    writes' lock held. Returns what happened, the answers by key, and the refusal of `fresh`."""
    answers: dict[str, Any] = {}
    sent = refused = 0
    refusal: DomainError | None = None
    waiting = writes.waiting()
    for done, item in enumerate(waiting):
        left = len(waiting) - done
        try:
            # the write just made may retry a lost answer now; older ones wait for the next round
            body = item.body
            if item.key != fresh and item.name in DATED and "written_at" not in body:
                body = {**body, "written_at": item.written_at.isoformat()}  # its place in time
            raw = send(item.verb, item.path, data=body, key=item.key,
                       **({} if item.key == fresh else {"retries": 0}))  # fmt: skip
        except ServerUnreachable:
            return Flushed(sent, refused, left, "unreachable"), answers, refusal
        except ServerError as exc:
            if exc.status not in UNAVAILABLE:  # a 500: it may never take this write
                if writes.tried(item.key) < GIVE_UP_AFTER:
                    return Flushed(sent, refused, left, "server_error"), answers, refusal
                writes.refuse(item.key, json.dumps({"code": "server_error", "message": str(exc)}))
                refused += 1
                continue
            # up, but its database is not (503), or a proxy cannot reach it (502, 504): the
            # write waits as for an unreachable server, however long that lasts
            return Flushed(sent, refused, left, "unreachable"), answers, refusal
        except (NotSignedIn, TooManyAttempts):
            return Flushed(sent, refused, left, "signed_out"), answers, refusal
        except InProgress as exc:  # it answered, but could not take it now
            if writes.tried(item.key) < GIVE_UP_AFTER:
                return Flushed(sent, refused, left, "server_error"), answers, refusal
            writes.refuse(item.key, json.dumps({"code": "server_error", "message": str(exc)}))
            refused += 1
            continue
        except DomainError as exc:
            if item.key == fresh:
                writes.delivered(item.key)
                refusal = exc
                continue
            writes.refuse(item.key, json.dumps(exc.to_dict(), ensure_ascii=False))
            refused += 1
            continue
        writes.delivered(item.key)
        answers[item.key] = raw
        if item.key != fresh:
            sent += 1
    return Flushed(sent, refused, 0), answers, refusal
