"""The API's documentation pages, `/docs` (Swagger UI) and `/redoc`, with their scripts served
by this server: FastAPI's defaults load them from a CDN, which leaves both pages blank offline
and on networks that cannot reach it (much of mainland China). The files come from the
fastapi-offline package (Swagger UI 5 reads the OpenAPI 3.1 FastAPI writes; ReDoc 2)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "/docs-assets"
SWAGGER_JS = ASSETS + "/swagger-ui-bundle.js"
SWAGGER_CSS = ASSETS + "/swagger-ui.css"
REDOC_JS = ASSETS + "/redoc.standalone.js"
FAVICON = ASSETS + "/favicon.png"
# ReDoc shows its maker's logo from their CDN: the browser is told to fetch nothing from
# elsewhere (the page works without the logo). Swagger UI starts from an inline script, and
# both style themselves with inline styles; ReDoc searches in a worker made from a blob.
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; "
    "frame-ancestors 'none'"
)


def assets_folder() -> Path:
    return Path(str(files("fastapi_offline") / "static"))


def add_api_docs(app: FastAPI) -> None:
    """For an app made with docs_url=None and redoc_url=None."""
    app.mount(ASSETS, StaticFiles(directory=assets_folder()), name="docs-assets")
    title = app.title

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return _confined(get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json", title=f"{title} - Swagger UI",
            swagger_js_url=SWAGGER_JS, swagger_css_url=SWAGGER_CSS, swagger_favicon_url=FAVICON,
            # Swagger UI would ask validator.swagger.io for a badge: nothing leaves the network
            swagger_ui_parameters={"validatorUrl": None},
        ))  # fmt: skip

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return _confined(get_redoc_html(
            openapi_url=app.openapi_url or "/openapi.json", title=f"{title} - ReDoc",
            redoc_js_url=REDOC_JS, redoc_favicon_url=FAVICON, with_google_fonts=False,
        ))  # fmt: skip


def _confined(page: HTMLResponse) -> HTMLResponse:
    page.headers["Content-Security-Policy"] = DOCS_POLICY
    return page
