"""The customer's pages: `/r/<qr token>` (the device, and a form to report its fault) and
`/s/<status token>` (the report's progress, and "please call me back"). No sign-in: the tokens
are the only keys, and every answer for an unknown token is the same page. Rate limits per
address and per device keep a script from trying tokens or flooding the desk with reports."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException

from ...domain.errors import NotFound, TooManyAttempts, ValidationError
from ...domain.selfservice import MAX_PHOTOS, Cover, FaultReport, Photo, ReportStatus, Step
from ...domain.storable import text_problem
from ...domain.tickets import Ticket
from ...ports import Actor
from ...services import Services
from ...services.selfservice import plausible_nonce, report_nonce
from ..limits import RateLimiter, SharedLimiter, client_key
from .pages import Pages
from .windows import OTHER, grouped, offered_safely, parse_choice, window_text
from .words import translator

log = logging.getLogger(__name__)

FIELDS = ("description", "contact_name", "contact_phone", "preferred_time", "window", "nonce")
TOO_MANY_REPORTS = (
    "Too many reports from here in a short time. Please wait a few minutes, or call us."
)
LOOKUPS = RateLimiter(rate=0.5, burst=40)  # page views per address: a whole office behind NAT
# reports per address, per hour: in the database (SharedLimiter), so N workers allow no more
REPORTS_RATE, REPORTS_BURST = 10 / 3600, 10
# reports per device: counted by report_fault in the database (every server process agrees)
CLAIM = "web:report_fault"  # the request keys' route of a report form's nonce
WINDOW_GONE = "This time is no longer available. Please pick another."
RESEND = "This form is out of date. Please check it and send it again."
STRANGE = "This text contains characters we cannot store. Please type it again."
REQUIRED_WORDS = {
    "description": "Please describe the fault",
    "contact_name": "Please enter your name",
    "contact_phone": "Please enter a phone number we can call",
}
STEP_WORDS = {
    Step.RECEIVED: "Received",
    Step.ASSIGNED: "Technician assigned",
    Step.ON_THE_WAY: "On the way",
    Step.ON_SITE: "On site",
    Step.RESOLVED: "Resolved",
}
COVER_WORDS = {
    Cover.WARRANTY: "Under warranty until %s",
    Cover.CONTRACT: "Covered by a service contract until %s",
    Cover.EXPIRED: "Warranty and contract ended on %s",
    Cover.NONE: "No warranty or contract on record",
}


def add_customer_pages(app: FastAPI, services: Services, pages: Pages) -> None:
    public = services.as_actor(Actor("self-service", "customer"))
    per_address = SharedLimiter(public, "reports", REPORTS_RATE, REPORTS_BURST)

    def address(request: Request) -> str:
        return client_key(request.client.host if request.client else None)

    def unknown_code(request: Request) -> Response:
        return pages.message(
            request, 404, "Unknown code",
            "This code is not known. Please call the number on the device's label.",
        )  # fmt: skip

    def too_many(request: Request) -> Response:
        response = pages.message(
            request, 429, "Too many requests",
            TOO_MANY_REPORTS,
        )  # fmt: skip
        response.headers["Retry-After"] = "300"
        return response

    async def show_form(
        request: Request, token: str, status: int, values: dict[str, str],
        errors: dict[str, str],
    ) -> Response:  # fmt: skip
        try:
            card = await run_in_threadpool(public.asset_card, token)
        except NotFound:
            return unknown_code(request)
        lang = pages.language(request)
        tr = translator(lang)
        until = card.cover_until.isoformat() if card.cover_until else ""
        offered = await run_in_threadpool(
            offered_safely, lambda: public.visit_windows(token), log.exception
        )
        days = grouped(offered, pages.zone, lang, values.get("window", ""))
        # a form sent back (a typo) keeps its nonce: no ticket was made with it yet
        nonce = values.get("nonce", "")
        values = dict(values, nonce=nonce if plausible_nonce(nonce) else report_nonce())
        return pages.render(
            request, "asset.html", status, title=f"{card.model} · {tr('Report a fault')}",
            card=card, cover_text=tr(COVER_WORDS[card.cover]).replace("%s", until),
            values=values, errors=errors, max_photos=MAX_PHOTOS, action=f"/r/{token}",
            days=days, other=OTHER,
        )  # fmt: skip

    @app.get("/r/{token}", include_in_schema=False)
    async def asset_page(request: Request, token: str) -> Response:
        if not LOOKUPS.allow(address(request)):
            return too_many(request)
        return await show_form(request, token, 200, dict.fromkeys(FIELDS, ""), {})

    @app.post("/r/{token}", include_in_schema=False)
    async def report(request: Request, token: str) -> Response:
        if not LOOKUPS.allow(address(request)):
            return too_many(request)
        try:
            form = await request.form(max_files=MAX_PHOTOS + 1, max_fields=20)
        except MultiPartException:
            too_many_files = {"form": _reason("photos", "too many", tr_for(request))}
            return await show_form(request, token, 422, dict.fromkeys(FIELDS, ""), too_many_files)
        values = {f: str(form.get(f) or "") for f in FIELDS}
        strange = [f for f in FIELDS if text_problem(values[f])]
        if strange:  # a NUL (PostgreSQL cannot store it): said at once, and it does not count
            await form.close()
            shown = {f: v.replace("\x00", "") for f, v in values.items()}
            return await show_form(
                request, token, 422, shown, {strange[0]: tr_for(request)(STRANGE)}
            )
        try:
            return await self_report(request, token, form, values)
        finally:
            await form.close()  # the spooled photos' files go

    async def self_report(
        request: Request, token: str, form: FormData, values: dict[str, str]
    ) -> Response:
        # the photos stay where the form parser spooled them (on disk past 1 MB): the report
        # decodes each from its file, one or two at a time, and never holds their bytes
        uploads = [u for u in form.getlist("photos") if isinstance(u, UploadFile) and u.filename]
        photos = tuple([Photo(u.filename or "photo", u.file) for u in uploads])
        where = address(request)
        busy = {"form": tr_for(request)(TOO_MANY_REPORTS)}  # what they typed stays
        try:
            window = parse_choice(values["window"])
        except ValidationError:
            gone = {"window": tr_for(request)(WINDOW_GONE)}
            return await show_form(request, token, 422, dict(values, window=""), gone)
        if not await run_in_threadpool(per_address.allow, where):
            return await show_form(request, token, 429, values, busy)
        # a nonce this server could not have given (an edited page) counts as none: one report
        nonce = values["nonce"] if plausible_nonce(values["nonce"]) else ""
        report = FaultReport(
            values["description"], values["contact_name"], values["contact_phone"],
            values["preferred_time"], photos, window, nonce,
        )  # fmt: skip
        try:
            ticket, status_token, again = await run_in_threadpool(report_once, token, report)
        except Exception as exc:  # not a report (or not taken): it does not count
            await run_in_threadpool(per_address.refund, where)
            if isinstance(exc, TooManyAttempts):  # the device's reports this hour
                return await show_form(request, token, 429, values, busy)
            if not isinstance(exc, NotFound | ValidationError):
                raise
            if isinstance(exc, NotFound):
                return unknown_code(request)
            assert isinstance(exc, ValidationError)
            if exc.field == "nonce":  # another device's page: a fresh one, what they typed kept
                resend = {"form": tr_for(request)(RESEND)}
                return await show_form(request, token, 422, dict(values, nonce=""), resend)
            if exc.field in ("window", "appointment"):  # taken meanwhile, or now in the past
                gone = {"window": tr_for(request)(WINDOW_GONE)}
                return await show_form(request, token, 422, dict(values, window=""), gone)
            field = exc.field if exc.field in (*FIELDS, "photos") else "form"
            errors = {field: _reason(field, exc.reason, tr_for(request))}
            return await show_form(request, token, 422, values, errors)
        if again:  # the same form sent again: the first report's page, and it did not count
            await run_in_threadpool(per_address.refund, where)
        lang = pages.language(request)
        return RedirectResponse(f"/s/{status_token}?lang={lang}&new={ticket.number}", 303)

    def report_once(token: str, report: FaultReport) -> tuple[Ticket, str, bool]:
        """The report, made once per nonce however often (or however many at once) its form
        arrives; True when it was made before. The nonce is claimed as a request key (the REST
        API's Idempotency-Key machinery) in the same transaction as the report, so a second
        copy waits behind the first's claim and, once it is committed, finds its ticket; a
        first that fails leaves no claim. (Only the claim is reused, not the kept answer: that
        would keep the status token in clear, where only its hash is kept.)"""
        if not report.nonce:  # a page cached from before the nonces: as before
            ticket, raw = public.report_fault(token, report)
            return ticket, raw, False
        with public.open_unit_of_work() as outer:
            acting = public.within(outer)
            earlier = acting.claim_request_key(report.nonce, CLAIM)
            ticket, raw = acting.report_fault(token, report)  # the first's, when claimed
            if earlier is None:
                acting.finish_request_key(report.nonce, 303, ticket.number)
            outer.commit()
        return ticket, raw, earlier is not None

    def tr_for(request: Request) -> Callable[[str], str]:
        return translator(pages.language(request))

    @app.get("/s/{token}", include_in_schema=False)
    async def status_page(request: Request, token: str) -> Response:
        if not LOOKUPS.allow(address(request)):
            return too_many(request)
        try:
            status = await run_in_threadpool(public.report_status, token)
        except NotFound:
            return pages.message(
                request, 404, "Unknown link",
                "This link is not known. Please use the link from your report, or call us.",
            )  # fmt: skip
        tr = tr_for(request)
        flash = ""
        if request.query_params.get("new") == status.ticket_number:
            flash = tr("Thank you. Your report is received: ticket %s.").replace(
                "%s", status.ticket_number
            )
        elif request.query_params.get("asked") == "1" and status.reschedule_asked:
            flash = tr("Thank you. We will call you to agree the new time.")
        lang = pages.language(request)
        visit = window_text(status.visit, pages.zone_of(status), lang) if status.visit else ""
        return pages.render(
            request, "status.html", title=f"{tr('Ticket')} {status.ticket_number}",
            report=status, steps=_steps(status, tr, pages.local), flash=flash,
            callback_action=f"/s/{token}/callback", visit=visit,
            reschedule_link=f"/s/{token}/reschedule?lang={lang}",
        )  # fmt: skip

    @app.post("/s/{token}/callback", include_in_schema=False)
    async def call_me(request: Request, token: str) -> Response:
        if not LOOKUPS.allow(address(request)):
            return too_many(request)
        try:
            await run_in_threadpool(public.request_customer_callback, token)
        except NotFound:
            return pages.message(
                request, 404, "Unknown link",
                "This link is not known. Please use the link from your report, or call us.",
            )  # fmt: skip
        return RedirectResponse(f"/s/{token}?lang={pages.language(request)}", 303)


def _steps(
    status: ReportStatus, tr: Callable[[str], str], local: Callable[[Any], str]
) -> list[dict[str, Any]]:
    order = list(Step)
    current = order.index(status.current) if status.current is not None else -1
    steps = []
    for i, step in enumerate(order):
        detail = ""
        if step is Step.ASSIGNED and status.technician and i <= current:
            detail = tr("%s is handling your repair").replace("%s", status.technician)
        if step is Step.ON_THE_WAY and status.current is Step.ON_THE_WAY and status.technician:
            if status.eta_minutes is not None:
                detail = (
                    tr("%s is on the way, about %d min")
                    .replace("%s", status.technician)
                    .replace("%d", str(status.eta_minutes))
                )
            else:
                detail = tr("%s is on the way").replace("%s", status.technician)
        state = "done" if i < current else "current" if i == current else "todo"
        steps.append(
            {"key": step.value, "label": tr(STEP_WORDS[step]), "state": state,
             "when": local(status.reached.get(step)), "detail": detail}
        )  # fmt: skip
    return steps


def _reason(field: str, reason: str, tr: Callable[[str], str]) -> str:
    """The service's reason in the customer's words (a file's name is kept: which photo)."""
    if "required" in reason and field in REQUIRED_WORDS:
        return tr(REQUIRED_WORDS[field])
    if field == "contact_phone":
        return tr("This is not a phone number we can call")
    if field == "photos":
        name, _, rest = reason.partition(" is ")
        for known in ("is not a photo we can read", "is not a JPEG, PNG, WebP or GIF picture"):
            if ("is " + rest).startswith(known):
                return f"{name}: {tr(known)}"
        if "MB" in reason or "pixels" in reason:
            return f"{name}: {tr('is too large')}"
        if "at most" in reason or reason == "too many":
            return tr("at most %d photos").replace("%d", str(MAX_PHOTOS))
    if "characters long" in reason:
        return tr("is too long")
    return reason
