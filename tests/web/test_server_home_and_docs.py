"""What a browser finds at the server's address: `/` says what this is and links the API's
documentation, the technicians' page and the health check; `/docs` and `/redoc` work with
nothing but this server (no CDN: offline desks and much of mainland China reach none)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from dispatch_console.services import Services
from dispatch_console.versions import VERSION
from server.processes import ServerProcess

from .conftest import shot, wait

Site = tuple[ServerProcess, Services]
REFERENCE = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']|url:\s*["']([^"']+)["']""")


def _references(html: str) -> list[str]:
    return [a or b for a, b in REFERENCE.findall(html)]


def test_the_home_page_links_the_docs_the_technicians_page_and_the_health_check(
    site: Site,
) -> None:
    server, _ = site
    page = requests.get(server.url + "/", headers={"Accept-Language": "en"}, timeout=10)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert f"dispatch-server {VERSION}" in page.text
    links = _references(page.text)
    for wanted in ("/docs", "/redoc", "/t/", "/healthz"):
        assert wanted in links, (wanted, links)
    for link in links:  # every link on the page works
        assert requests.get(urljoin(server.url + "/", link), timeout=10).status_code == 200, link
    chinese = requests.get(server.url + "/?lang=zh_CN", timeout=10).text
    assert "师傅工作页" in chinese and "API 文档" in chinese


def test_docs_pages_reference_only_this_server_and_their_assets_answer(site: Site) -> None:
    server, _ = site
    for path in ("/docs", "/redoc"):
        page = requests.get(server.url + path, timeout=10)
        assert page.status_code == 200, path
        refs = _references(page.text)
        assert refs, page.text
        for ref in refs:
            assert not urlsplit(ref).netloc and ref.startswith("/"), (path, ref)
            asset = requests.get(server.url + ref, timeout=10)
            assert asset.status_code == 200, ref
            assert len(asset.content) > 100, ref
        assert "fonts.googleapis" not in page.text and "cdn." not in page.text
        # what the scripts themselves would fetch (ReDoc's logo) the browser is told not to
        policy = page.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "http" not in policy, policy
    bundle = requests.get(server.url + "/docs-assets/swagger-ui-bundle.js", timeout=10).text
    schema = requests.get(server.url + "/openapi.json", timeout=10).json()
    # FastAPI writes OpenAPI 3.1, which Swagger UI reads from version 5 on
    assert schema["openapi"].startswith("3.1")
    assert re.search(r'PACKAGE_VERSION:"5\.', bundle)


def _fetched_from(driver: Any) -> set[str]:
    """The hosts the page really sent requests to: ReDoc's own logo, on its maker's CDN, is
    listed too, but the page's policy stopped it before any connection (none started)."""
    entries = driver.execute_script("return performance.getEntriesByType('resource')")
    return {urlsplit(e["name"]).netloc for e in entries
            if e["connectStart"] or e["requestStart"] or e["responseStatus"]}  # fmt: skip


def test_swagger_ui_and_redoc_render_in_a_browser_from_this_server_alone(
    site: Site, browser: Any
) -> None:
    server, _ = site
    here = urlsplit(server.url).netloc
    browser.get(server.url + "/docs")
    operations = wait(browser, lambda d: d.find_elements("css selector", ".opblock"), 30)
    assert len(operations) > 50  # every use case has its route
    assert _fetched_from(browser) <= {here}
    shot(browser, "api-docs")
    browser.get(server.url + "/redoc")
    wait(browser, lambda d: d.find_elements("css selector", "[data-section-id]"), 30)
    assert "Dispatch Console API" in browser.page_source
    assert _fetched_from(browser) <= {here}
    browser.get(server.url + "/?lang=zh_CN")
    wait(browser, lambda d: "API 文档" in d.page_source)
    shot(browser, "home-zh_CN")
