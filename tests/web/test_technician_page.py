"""The technician's page in a real headless Chromium at phone size, with the phone's position
simulated: sign in, accept, go, check in where the phone is, work, log, photograph, use a part,
resolve with the customer's signature; check in away from the site with a reason; and keep
working through a dead network, the work sent later with the times it was done."""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PIL import Image
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from dispatch_console.domain.model import Technician
from dispatch_console.domain.tickets import Ticket, TicketDraft
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from server.processes import ServerProcess

from .conftest import printer, shot, wait

PASSWORD = "field-work-1"
SITE = (31.2304, 121.4737)  # printer() puts Acme's plant at People's Square
WAITING = "return JSON.parse(localStorage['dc.queue.' + localStorage['dc.tech']]).length"


def _technician(desk: Services, username: str) -> Technician:
    dept = desk.create_department(f"Field {username}", username.upper())
    admin = desk.as_actor(Actor("boss", "admin"))
    user = admin.create_user(username, "王伟", "technician", PASSWORD, department_id=dept.id)
    phone = f"139{zlib.crc32(username.encode()) % 10**8:08d}"
    tech = desk.create_technician("王伟", phone, dept.id, user_id=user.id, status="available")
    fuser = desk.create_part(f"FU-{username}", "Fuser unit")
    desk.set_van_stock(tech.id, fuser.id, 3)
    return tech


def _job(desk: Services, tech: Technician, serial: str, *steps: str) -> Ticket:
    """A printer's ticket assigned to `tech`, then moved through `steps` by the desk."""
    asset = printer(desk, serial=serial)
    site = desk.get_asset(asset.id).site_id
    customer_id = desk.get_site(site).customer_id
    draft = TicketDraft("phone", "printer", "high", "卡纸，E-203", customer_id, asset_id=asset.id)
    ticket = desk.create_ticket(draft)
    ticket = desk.assign(ticket.id, ticket.version, tech.id)
    for target in steps:
        ticket = desk.transition(ticket.id, ticket.version, target)
    return ticket


def _at(driver: Any, server: ServerProcess, lat: float, lon: float, accuracy: float = 12) -> None:
    driver.execute_cdp_cmd("Browser.grantPermissions",
                           {"origin": server.url, "permissions": ["geolocation"]})  # fmt: skip
    driver.execute_cdp_cmd("Emulation.setGeolocationOverride",
                           {"latitude": lat, "longitude": lon, "accuracy": accuracy})  # fmt: skip


def _sign_in(d: Any, server: ServerProcess, username: str, lang: str) -> None:
    d.get(f"{server.url}/t/?lang={lang}")
    d.execute_script("localStorage.clear()")
    d.get(f"{server.url}/t/?lang={lang}")
    wait(d, ec.visibility_of_element_located((By.ID, "username"))).send_keys(username)
    d.find_element(By.ID, "password").send_keys(PASSWORD)
    d.find_element(By.ID, "sign-in").click()
    wait(d, ec.visibility_of_element_located((By.CSS_SELECTOR, "#job-list li")))


@contextmanager
def _no_network(d: Any) -> Iterator[None]:
    """The phone in a basement: every request fails until the block ends; then the network is
    back and the page hears it."""
    conditions = {"offline": True, "latency": 0, "downloadThroughput": -1,
                  "uploadThroughput": -1}  # fmt: skip
    d.execute_cdp_cmd("Network.enable", {})
    d.execute_cdp_cmd("Network.emulateNetworkConditions", conditions)
    try:
        yield
    finally:
        d.execute_cdp_cmd("Network.emulateNetworkConditions", {**conditions, "offline": False})
    d.execute_script("window.dispatchEvent(new Event('online'))")


def _status(d: Any, text: str) -> None:
    wait(d, ec.text_to_be_present_in_element((By.ID, "status"), text))


def _click(d: Any, element_id: str) -> None:
    wait(d, ec.element_to_be_clickable((By.ID, element_id))).click()


def test_a_technician_does_a_job_from_the_phone(
    live_site: tuple[ServerProcess, Services], browser: Any, tmp_path: Path
) -> None:
    server, desk = live_site
    tech = _technician(desk, "wang")
    ticket = _job(desk, tech, "T-A1")
    d = browser
    _at(d, server, SITE[0] + 0.0002, SITE[1])  # 22 m from the site
    _sign_in(d, server, "wang", "zh_CN")
    [row] = d.find_elements(By.CSS_SELECTOR, "#job-list li")
    assert ticket.number in row.text and "已派单" in row.text
    # the deadline the job works toward (not yet responded: the response one), in time
    due = row.find_element(By.CSS_SELECTOR, ".due")
    assert due.text.startswith("响应时限") and "late" not in (due.get_attribute("class") or "")
    shot(d, "tech-jobs-zh_CN")
    d.get(f"{server.url}/t/?lang=en")  # still signed in: the phone keeps the session
    wait(d, ec.text_to_be_present_in_element((By.ID, "job-list"), "Assigned"))
    shot(d, "tech-jobs-en")
    d.get(f"{server.url}/t/?lang=zh_CN")
    row = wait(d, ec.visibility_of_element_located((By.CSS_SELECTOR, "#job-list li")))
    row.click()
    _click(d, "accept")
    _status(d, "已接单")
    _click(d, "on-my-way")
    _status(d, "已出发")
    _click(d, "check-in")
    _status(d, "到场")
    check_in = desk.ticket_history(ticket.id).check_ins[-1]
    assert check_in.inside_geofence and check_in.accuracy_m == 12
    assert 15 <= check_in.distance_m <= 30
    _click(d, "start-work")
    _status(d, "维修中")

    d.find_element(By.ID, "log-note").send_keys("更换定影器，清洁搓纸轮")
    d.find_element(By.ID, "log-minutes").clear()
    d.find_element(By.ID, "log-minutes").send_keys("45")
    _click(d, "log-add")
    wait(d, lambda drv: desk.ticket_history(ticket.id).work_log)
    photo = tmp_path / "fuser.jpg"
    Image.new("RGB", (3000, 2000), (90, 90, 90)).save(photo, "JPEG")
    d.find_element(By.ID, "photo").send_keys(str(photo))
    wait(d, lambda drv: desk.ticket_history(ticket.id).attachments)
    wait(d, lambda drv: len(drv.find_elements(By.CSS_SELECTOR, "#part option")) == 1)
    _click(d, "part-add")
    wait(d, lambda drv: desk.ticket_history(ticket.id).parts)
    d.find_element(By.ID, "summary").send_keys("定影器老化，已更换，打印测试正常")
    pad = d.find_element(By.ID, "signature")
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", pad)
    ActionChains(d).move_to_element_with_offset(pad, -80, 0).click_and_hold().move_by_offset(
        60, -20
    ).move_by_offset(60, 30).move_by_offset(50, -25).release().perform()
    shot(d, "tech-job-zh_CN")
    _click(d, "resolve")
    wait(d, lambda drv: desk.get_ticket(ticket.id).status.value == "resolved")

    history = desk.ticket_history(ticket.id)
    [log] = history.work_log
    assert log.note == "更换定影器，清洁搓纸轮"
    assert timedelta(minutes=44) <= log.ended_at - log.started_at <= timedelta(minutes=46)
    assert [p.quantity for p in history.parts] == [1]
    assert desk.get_technician(tech.id).van_stock[0].quantity == 2
    names = sorted(a.filename for a in history.attachments)
    assert names == ["fuser.jpg", "signature.png"]
    signature = next(a for a in history.attachments if a.filename == "signature.png")
    ink = Image.open(io.BytesIO(desk.attachment_data(signature.id)[1]))
    assert ink.getbbox() is not None  # something was drawn
    assert history.transitions[-1].reason == "定影器老化，已更换，打印测试正常"


def test_checking_in_away_from_the_site_asks_why_and_is_flagged(
    live_site: tuple[ServerProcess, Services], browser: Any
) -> None:
    server, desk = live_site
    tech = _technician(desk, "li")
    ticket = _job(desk, tech, "T-B2", "accepted")
    d = browser
    _at(d, server, SITE[0] + 0.05, SITE[1], accuracy=25)  # 5.6 km north
    _sign_in(d, server, "li", "en")
    d.find_element(By.CSS_SELECTOR, "#job-list li").click()
    _click(d, "check-in")
    prompt = wait(d, ec.visibility_of_element_located((By.ID, "prompt-label")))
    assert "from the site" in prompt.text and "5," in prompt.text
    d.find_element(By.ID, "prompt-text").send_keys("Customer moved the printer to the warehouse")
    shot(d, "tech-away-en")
    _click(d, "prompt-ok")
    _status(d, "On site")
    check_in = desk.ticket_history(ticket.id).check_ins[-1]
    assert not check_in.inside_geofence and check_in.accuracy_m == 25
    assert check_in.reason == "Customer moved the printer to the warehouse"


def test_work_done_without_network_is_sent_later_with_its_times(
    live_site: tuple[ServerProcess, Services], browser: Any
) -> None:
    server, desk = live_site
    tech = _technician(desk, "zhao")
    ticket = _job(desk, tech, "T-C3", "accepted", "on_site", "in_progress")
    d = browser
    _sign_in(d, server, "zhao", "zh_CN")
    d.find_element(By.CSS_SELECTOR, "#job-list li").click()
    wait(d, ec.visibility_of_element_located((By.ID, "log-note")))
    written = datetime.now(UTC)
    with _no_network(d):
        d.find_element(By.ID, "log-note").send_keys("地下室无信号，先记下")
        _click(d, "log-add")
        wait(d, ec.text_to_be_present_in_element((By.ID, "banner"), "已保存在手机上"))
        assert d.execute_script(WAITING) == 1
        assert desk.ticket_history(ticket.id).work_log == []
    wait(d, lambda drv: desk.ticket_history(ticket.id).work_log)
    [log] = desk.ticket_history(ticket.id).work_log
    assert abs((log.ended_at - written).total_seconds()) < 30  # when it was done, not sent
    assert d.execute_script(WAITING) == 0


def test_a_check_in_made_offline_away_from_the_site_asks_why_once_sent(
    live_site: tuple[ServerProcess, Services], browser: Any
) -> None:
    server, desk = live_site
    tech = _technician(desk, "sun")
    ticket = _job(desk, tech, "T-E5", "accepted")
    d = browser
    _at(d, server, SITE[0] + 0.03, SITE[1], accuracy=30)  # 3.3 km away, in a car park
    _sign_in(d, server, "sun", "zh_CN")
    d.find_element(By.CSS_SELECTOR, "#job-list li").click()
    wait(d, ec.element_to_be_clickable((By.ID, "check-in")))
    checked_at = datetime.now(UTC)
    with _no_network(d):
        _click(d, "check-in")
        wait(d, ec.text_to_be_present_in_element((By.ID, "banner"), "已保存在手机上"))
    prompt = wait(d, ec.visibility_of_element_located((By.ID, "prompt-label")))
    assert "您距离现场" in prompt.text
    d.find_element(By.ID, "prompt-text").send_keys("客户临时改在仓库")
    _click(d, "prompt-ok")
    wait(d, lambda drv: desk.ticket_history(ticket.id).check_ins)
    [check_in] = desk.ticket_history(ticket.id).check_ins
    assert check_in.reason == "客户临时改在仓库" and not check_in.inside_geofence
    assert check_in.device_time is not None
    assert abs((check_in.device_time - checked_at).total_seconds()) < 30  # when it was made
