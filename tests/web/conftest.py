"""The web pages' tests: services on SQLite and PostgreSQL (the pages are not part of the
console's Backend, so there is no REST variant), a real server process, and Debian's headless
Chromium driven by selenium."""

from __future__ import annotations

import base64
import io
import os
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from conftest import _BUILDERS, PG_SKIP_REASON, PG_URL_ENV, FakeClock
from dispatch_console.domain.model import Asset
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore
from server.processes import ServerProcess
from working_days import DESK_ZONE, working_day

CHROMIUM = os.environ.get("DISPATCH_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("DISPATCH_CHROMEDRIVER", "/usr/bin/chromedriver")
PHONE = (390, 844)  # CSS pixels of a common phone
SHOTS = Path(__file__).parent / "screens"  # not kept: written for a person to look at
# the day the pages' booking tests run on, whatever today is (a Monday in term time; the suite
# passes as well from 2026-10-01, National Day, and from a Saturday: see web_start)
WEB_DAY = date(2026, 3, 2)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest, clock: FakeClock, tmp_path: Path) -> Iterator[Services]:
    """The desk's services (alice, an agent) on an empty database."""
    if request.param == "postgres" and not os.environ.get(PG_URL_ENV):
        pytest.skip(PG_SKIP_REASON)
    store: SqlStore = _BUILDERS[request.param](request, clock, tmp_path)
    try:
        yield Services(store.unit_of_work, store.feed, Actor("alice", "agent"), clock=clock)
    finally:
        store.close()


def printer(desk: Services, *, warranty: date | None = None, contract_until: date | None = None,
            serial: str = "CN12345678") -> Asset:  # fmt: skip
    """A printer at Acme's plant in Shanghai, as the QR label's device."""
    customer = desk.create_customer("Acme 上海工厂", ["13812345678"])
    site = desk.create_site("Acme Plant 1", "上海市黄浦区人民大道 1 号", lat=31.2304, lon=121.4737,
                            customer_id=customer.id)  # fmt: skip
    contract_id = None
    if contract_until is not None:
        company = desk.create_company("Acme")
        contract_id = desk.create_contract(
            company.id, "Acme premium", "premium", date(2026, 1, 1), contract_until
        ).id
    return desk.create_asset(
        site.id, "HP LaserJet M404", serial, category="printer", contract_id=contract_id,
        warranty_ends_on=warranty,
    )  # fmt: skip


def jpeg_with_location(size: tuple[int, int] = (64, 48)) -> bytes:
    """A camera photo: EXIF with a GPS position (the customer's home) and an orientation."""
    image = Image.new("RGB", size, (200, 40, 40))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: the camera was turned; the photo must come out upright
    gps = {1: "N", 2: (31.0, 14.0, 1.0), 3: "E", 4: (121.0, 28.0, 25.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def chromium_missing() -> str | None:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not shutil.which(path):
            return (
                f"{path} is not installed (apt-get install chromium chromium-driver; .ci/run does)"
            )
    return None


def web_start(day: date = WEB_DAY) -> datetime:
    """Where the pages' clock starts: 09:30 at the desk on the first working day from `day`,
    so the QR page has working days to offer and a visit booked "tomorrow" is not refused."""
    return datetime.combine(working_day(day), time(9, 30), DESK_ZONE).astimezone(UTC)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerProcess, Services]]:
    """A server process on a SQLite file, and the desk's services on the same file, both on
    one fixed clock (the server's test mode lets the suite set it): what the pages offer and
    book does not depend on the day the suite runs."""
    folder = tmp_path_factory.mktemp("web")
    url = f"sqlite:///{folder / 'site.sqlite3'}"
    store = SqlStore(url)
    store.upgrade()
    server = ServerProcess(url, folder / "server.log", args=["--test-mode"]).start()
    clock = FakeClock(web_start())
    clock.listeners.append(lambda at: server_clock(server, at))
    server_clock(server, clock.now())
    try:
        yield server, Services(store.unit_of_work, store.feed, Actor("alice", "agent"), clock=clock)
    finally:
        server.stop()
        store.close()


def server_clock(server: ServerProcess, at: datetime) -> None:
    import requests

    requests.post(
        server.url + "/_test/clock", json={"now": at.isoformat()}, timeout=30
    ).raise_for_status()


@pytest.fixture(scope="module")
def live_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerProcess, Services]]:
    """A server process and the desk's services on the real clock: for the technician's page,
    whose phone (the browser) stamps offline work with its own clock, which the server checks
    against its own. Nothing there depends on the date."""
    folder = tmp_path_factory.mktemp("web-live")
    url = f"sqlite:///{folder / 'site.sqlite3'}"
    store = SqlStore(url)
    store.upgrade()
    server = ServerProcess(url, folder / "server.log").start()
    try:
        yield server, Services(store.unit_of_work, store.feed, Actor("alice", "agent"))
    finally:
        server.stop()
        store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    missing = chromium_missing()
    if missing:
        pytest.skip(missing)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--hide-scrollbars"):  # fmt: skip
        options.add_argument(flag)
    options.add_experimental_option(
        "mobileEmulation", {"deviceMetrics": {"width": PHONE[0], "height": PHONE[1],
                                              "pixelRatio": 2.0}},
    )  # fmt: skip
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


# the phone's clock at `at` (the server's test clock): Date and Date.now run on from there
PHONE_CLOCK = """(function () {
  var Real = Date, started = Real.now(), at = %d;
  function now() { return at + (Real.now() - started); }
  function Fake() {
    if (!(this instanceof Fake)) { return new Real(now()).toString(); }
    var args = Array.prototype.slice.call(arguments);
    return args.length ? new (Function.prototype.bind.apply(Real, [null].concat(args)))()
                       : new Real(now());
  }
  Fake.prototype = Real.prototype; Fake.now = now; Fake.UTC = Real.UTC; Fake.parse = Real.parse;
  Date = Fake;
})();"""


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """The browser, its clock set by set_phone_clock (the real clock again afterwards): a page
    that judges time on the phone agrees with the server's test clock."""
    browser.scripts = []
    try:
        yield browser
    finally:
        for identifier in browser.scripts:
            browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument",
                                    {"identifier": identifier})  # fmt: skip


def set_phone_clock(d: Any, at: datetime) -> None:
    for identifier in d.scripts:
        d.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": identifier})
    added = d.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                              {"source": PHONE_CLOCK % int(at.timestamp() * 1000)})  # fmt: skip
    d.scripts = [added["identifier"]]


def wait(driver: Any, condition: Any, timeout: float = 15) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)


def shot(driver: Any, name: str) -> None:
    """The whole page, as tall as it is, at the phone's width."""
    SHOTS.mkdir(exist_ok=True)
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}
    )
    (SHOTS / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))
