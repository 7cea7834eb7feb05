"""`/`: what someone who types the server's address into a browser finds. The server's version
and where to go from here: the API's documentation, the technicians' page, the health check."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

from ...versions import API_VERSION, VERSION
from .pages import Pages


def add_home_page(app: FastAPI, pages: Pages) -> None:
    @app.get("/", include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        return pages.render(
            request, "home.html", title="Dispatch Console", version=VERSION, api=API_VERSION
        )
