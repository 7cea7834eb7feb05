"""`/u/<token>`: the link in every progress e-mail that stops them. GET asks (a mail scanner that
follows links must not opt anyone out); POST does it, which is also what a mail program's
one-click "unsubscribe" sends (RFC 8058 List-Unsubscribe-Post). Unknown links get one page."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ...ports import Actor
from ...services import Services
from ..limits import RateLimiter, client_key
from .pages import Pages

TRIES = RateLimiter(rate=0.5, burst=20)  # per address: links are 128 bits, but no guessing
WORDS = {
    "unknown": "Unknown link",
    "unknown_text": "This link is not known. To stop e-mails, please call the service desk.",
    "busy": "Too many requests",
    "busy_text": "Please try again later.",
    "done": "E-mails stopped",
    "done_text": "You will not receive e-mails about your repairs any more. To have them again, "
    "call the service desk.",
}


def add_optout_page(app: FastAPI, services: Services, pages: Pages) -> None:
    customer = services.as_actor(Actor("e-mail link", "customer"))

    def unknown(request: Request) -> Response:
        return pages.message(request, 404, WORDS["unknown"], WORDS["unknown_text"])

    def limited(request: Request) -> bool:
        return not TRIES.allow(client_key(request.client.host if request.client else None))

    @app.get("/u/{token}", include_in_schema=False)
    async def ask(request: Request, token: str) -> Response:
        if limited(request):
            return pages.message(request, 429, WORDS["busy"], WORDS["busy_text"])
        known = await run_in_threadpool(customer.optout_known, token)
        return pages.render(request, "optout.html") if known else unknown(request)

    @app.post("/u/{token}", include_in_schema=False)
    async def stop(request: Request, token: str) -> Response:
        if limited(request):
            return pages.message(request, 429, WORDS["busy"], WORDS["busy_text"])
        language = await run_in_threadpool(customer.opt_out_by_link, token)
        if language is None:
            return unknown(request)
        return pages.message(request, 200, WORDS["done"], WORDS["done_text"])
