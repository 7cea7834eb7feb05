"""`/s/<status token>/reschedule`: the customer asks for another time for their visit, picking
one of the windows still offered or saying which suits them. The request lands in the desk's
callback queue (the ticket's one waiting customer callback) and the timeline; the desk agrees
the time and books it. The status link is the only key, as on the status page, and the same
limits per address apply."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ...domain.errors import NotFound, TooManyAttempts, ValidationError
from ...domain.selfservice import ReportStatus, Step
from ...domain.storable import text_problem
from ...ports import Actor
from ...services import Services
from ..limits import SharedLimiter, client_key
from .customer import LOOKUPS, TOO_MANY_REPORTS, WINDOW_GONE
from .pages import Pages
from .windows import OTHER, grouped, offered_safely, parse_choice, window_text
from .words import translator

log = logging.getLogger(__name__)
ASKS_RATE, ASKS_BURST = 10 / 3600, 10  # requests per address, per hour (as reports)
CANCELLED = "This report was closed without a visit. Call us if you still need help."
UNKNOWN = "This link is not known. Please use the link from your report, or call us."
WORDS = {
    "note": "Please say which time suits you, or pick one above",
    "window": WINDOW_GONE,
    "ticket": "This repair is finished. Please call us if you need help.",
}


def finished(report: ReportStatus) -> str:
    return CANCELLED if report.current is None else WORDS["ticket"]


def add_reschedule_page(app: FastAPI, services: Services, pages: Pages) -> None:
    public = services.as_actor(Actor("self-service", "customer"))
    per_address = SharedLimiter(public, "reschedule", ASKS_RATE, ASKS_BURST)

    def address(request: Request) -> str:
        return client_key(request.client.host if request.client else None)

    def unknown(request: Request) -> Response:
        return pages.message(request, 404, "Unknown link", UNKNOWN)

    def too_many(request: Request) -> Response:
        response = pages.message(request, 429, "Too many requests", TOO_MANY_REPORTS)
        response.headers["Retry-After"] = "300"
        return response

    async def show(
        request: Request, token: str, status: int, chosen: str, note: str, error: str
    ) -> Response:
        try:
            report = await run_in_threadpool(public.report_status, token)
        except NotFound:
            return unknown(request)
        if report.current is None or report.current is Step.RESOLVED:
            # an old reminder's link, tapped after the repair: said at once, not after the
            # customer has picked a time and sent it
            return pages.message(request, 410, "Ask for another time", finished(report))
        lang = pages.language(request)
        tr = translator(lang)
        offered = await run_in_threadpool(
            offered_safely, lambda: public.reschedule_windows(token), log.exception
        )
        return pages.render(
            request, "reschedule.html", status, title=tr("Ask for another time"), report=report,
            visit=window_text(report.visit, pages.zone_of(report), lang) if report.visit else "",
            days=grouped(offered, pages.zone, lang, chosen), other=OTHER, note=note,
            error=tr(error) if error else "", action=f"/s/{token}/reschedule",
            back=f"/s/{token}?lang={lang}",
        )  # fmt: skip

    @app.get("/s/{token}/reschedule", include_in_schema=False)
    async def reschedule_page(request: Request, token: str) -> Response:
        if not LOOKUPS.allow(address(request)):
            return too_many(request)
        return await show(request, token, 200, "", "", "")

    @app.post("/s/{token}/reschedule", include_in_schema=False)
    async def ask_reschedule(request: Request, token: str) -> Response:
        where = address(request)
        if not LOOKUPS.allow(where):
            return too_many(request)
        form = await request.form(max_files=0, max_fields=5)
        chosen, note = str(form.get("window") or ""), str(form.get("note") or "")
        if text_problem(chosen) or text_problem(note):  # a NUL: said, and it does not count
            return await show(request, token, 422, "", note.replace("\x00", ""), WORDS["note"])
        try:
            window = parse_choice(chosen)
        except ValidationError:
            return await show(request, token, 422, "", note, WINDOW_GONE)
        if not await run_in_threadpool(per_address.allow, where):
            return too_many(request)
        try:
            await run_in_threadpool(public.request_reschedule, token, window, note)
        except NotFound:
            await run_in_threadpool(per_address.refund, where)
            return unknown(request)
        except TooManyAttempts:
            return too_many(request)
        except ValidationError as exc:
            await run_in_threadpool(per_address.refund, where)
            if exc.field == "ticket":  # finished while the page was open: no form again
                return pages.message(request, 410, "Ask for another time", WORDS["ticket"])
            words = WORDS.get(exc.field, WORDS["note"])
            if "characters long" in exc.reason:
                words = "is too long"
            return await show(request, token, 422, chosen if window else "", note, words)
        return RedirectResponse(f"/s/{token}?lang={pages.language(request)}&asked=1", 303)
