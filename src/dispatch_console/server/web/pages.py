"""Rendering the web pages: templates from resources/web, the visitor's language, and the
headers every page carries (no caching of private pages, no referrer that would leak a status
link, no framing, only our own scripts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from importlib.resources import files
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ...domain.desk_zone import DEFAULT_TIMEZONE
from ...domain.selfservice import ReportStatus
from .words import choose_language, translator

WEB = Path(str(files("dispatch_console") / "resources" / "web"))
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data: blob:; "
    "style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class WebConfig:
    """What the pages say about the desk: its name, its phone line, and the time zone the
    customers' times are shown in."""

    desk_name: str = ""
    desk_phone: str = ""
    timezone: str = DEFAULT_TIMEZONE


class Pages:
    def __init__(self, config: WebConfig) -> None:
        self.config = config
        self.zone = ZoneInfo(config.timezone)
        self.env = Environment(
            loader=FileSystemLoader(WEB / "templates"), autoescape=select_autoescape(["html"])
        )

    def language(self, request: Request) -> str:
        return choose_language(
            request.query_params.get("lang"), request.cookies.get("lang"),
            request.headers.get("accept-language"),
        )  # fmt: skip

    def zone_of(self, report: ReportStatus) -> ZoneInfo:
        """The clock a customer's booked visit is told in: the zone it is judged in (its
        department's), else the desk's."""
        return ZoneInfo(report.visit_zone) if report.visit_zone else self.zone

    def local(self, at: datetime | None) -> str:
        return at.astimezone(self.zone).strftime("%m-%d %H:%M") if at else ""

    def render(
        self, request: Request, template: str, status: int = 200, **context: Any
    ) -> HTMLResponse:
        lang = self.language(request)
        tr = translator(lang)
        html = self.env.get_template(template).render(
            _=tr, lang=lang, lang_tag="zh-CN" if lang == "zh_CN" else "en",
            desk_name=self.config.desk_name, desk_phone=self.config.desk_phone, **context,
        )  # fmt: skip
        response = HTMLResponse(html, status_code=status, headers=HEADERS)
        if request.query_params.get("lang") == lang:  # chosen by hand: remembered
            response.set_cookie("lang", lang, max_age=365 * 86400, samesite="lax")
        return response

    def message(self, request: Request, status: int, title: str, text: str) -> HTMLResponse:
        tr = translator(self.language(request))
        return self.render(request, "message.html", status, title=tr(title), text=tr(text))
