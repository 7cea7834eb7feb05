"""The customer's pages in a real headless Chromium at phone size, served by a real server
process: scan, report with a photo, follow the status, ask for a call back; and what a script
trying tokens or flooding the form gets."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests
from PIL import Image

from dispatch_console.ports import TicketQuery
from dispatch_console.services import Services
from server.processes import ServerProcess

from .conftest import printer, shot, wait


def _camera_photo(path: Path) -> Path:
    """A photo as a phone takes it: large, with its location in EXIF."""
    image = Image.new("RGB", (4000, 3000), (30, 90, 160))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (31.0, 14.0, 1.0), 3: "E", 4: (121.0, 28.0, 25.0)}
    image.save(path, "JPEG", exif=exif, quality=95)
    return path


def test_a_customer_reports_a_fault_and_follows_it_in_chinese(
    site: tuple[ServerProcess, Services], browser: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec

    server, desk = site
    asset = printer(desk, warranty=datetime(2027, 6, 30, tzinfo=UTC).date(), serial="CN-A1")
    d = browser
    d.get(f"{server.url}/r/{asset.qr_token}?lang=zh_CN")
    assert d.find_element(By.TAG_NAME, "h1").text == "HP LaserJet M404"
    assert "保修期内，至 2027-06-30" in d.find_element(By.ID, "asset").text
    d.find_element(By.ID, "description").send_keys("每页都卡纸，屏幕显示 E-203")
    d.find_element(By.ID, "contact_name").send_keys("王芳")
    d.find_element(By.ID, "contact_phone").send_keys("138 1234 5678")
    d.find_element(By.ID, "preferred_time").send_keys("明天下午两点以后")
    photo = _camera_photo(tmp_path / "IMG_2041.JPG")
    d.find_element(By.ID, "photos").send_keys(str(photo))
    wait(d, lambda drv: len(drv.find_elements(By.CSS_SELECTOR, "#previews img")) == 1)
    wait(d, ec.element_to_be_clickable((By.ID, "send")))
    shot(d, "report-zh_CN")
    d.find_element(By.ID, "send").click()
    wait(d, ec.presence_of_element_located((By.ID, "steps")))

    customer_id = desk.get_site(asset.site_id).customer_id
    [row] = desk.search_tickets(TicketQuery(customer_id=customer_id)).items
    ticket = row.ticket
    assert "/s/" in d.current_url and ticket.number in d.find_element(By.ID, "flash").text
    current = d.find_element(By.CSS_SELECTOR, ".step.current")
    assert current.get_attribute("data-step") == "received" and "已受理" in current.text
    [attachment] = desk.ticket_history(ticket.id).attachments
    image = Image.open(io.BytesIO(desk.attachment_data(attachment.id)[1]))
    assert max(image.size) == 2048  # shrunk on the phone before it was sent
    assert dict(image.getexif()) == {}  # and no location reached us

    dept = desk.create_department("上海", "SH")
    tech = desk.create_technician("王伟", "13900001111", dept.id)
    desk.report_position(tech.id, 31.2000, 121.4737, 10.0, desk.now())
    ticket = desk.assign(ticket.id, ticket.version, tech.id)
    ticket = desk.transition(ticket.id, ticket.version, "accepted")
    desk.transition(ticket.id, ticket.version, "en_route")
    d.refresh()
    current = d.find_element(By.CSS_SELECTOR, ".step.current")
    assert current.get_attribute("data-step") == "on_the_way"
    assert "王师傅正在赶来，预计" in current.text
    shot(d, "status-zh_CN")

    d.get(d.current_url.split("?")[0] + "?lang=en")  # the same page in English
    assert "is on the way, about" in d.find_element(By.CSS_SELECTOR, ".step.current").text
    shot(d, "status-en")
    d.find_element(By.ID, "call-me").click()
    wait(d, ec.presence_of_element_located((By.ID, "callback-waiting")))
    [waiting] = [r for r in desk.callback_queue() if r.callback.ticket_id == ticket.id]
    assert waiting.callback.reason.value == "customer_request"


def test_a_report_missing_a_field_says_so_in_english_and_keeps_the_text(
    site: tuple[ServerProcess, Services], browser: Any
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec

    server, desk = site
    asset = printer(desk, serial="CN-B2")
    d = browser
    d.get(f"{server.url}/r/{asset.qr_token}?lang=en")
    assert "No warranty or contract on record" in d.find_element(By.ID, "asset").text
    d.find_element(By.ID, "description").send_keys("Lift stops between floors")
    d.find_element(By.ID, "contact_phone").send_keys("13812345678")
    d.find_element(By.ID, "send").click()
    error = wait(d, ec.presence_of_element_located((By.ID, "error-contact_name")))
    assert error.text == "Please enter your name"
    assert (
        d.find_element(By.ID, "description").get_attribute("value") == "Lift stops between floors"
    )
    shot(d, "report-error-en")
    d.get(f"{server.url}/r/not-a-real-code-at-all?lang=en")
    assert "This code is not known" in d.find_element(By.TAG_NAME, "main").text


def test_typos_do_not_use_up_a_devices_reports(site: tuple[ServerProcess, Services]) -> None:
    """Four reports an hour per device, but a form sent back for a missing name is not one."""
    server, desk = site
    asset = printer(desk, serial="CN-D4")
    url = f"{server.url}/r/{asset.qr_token}"
    form = {"description": "卡纸", "contact_name": "", "contact_phone": "13812345678"}
    for _ in range(6):
        again = requests.post(url, data=form, allow_redirects=False, timeout=10)
        assert again.status_code == 422 and "卡纸" in again.text  # what they typed is kept
    sent = requests.post(url, data={**form, "contact_name": "王芳"}, allow_redirects=False,
                         timeout=10)  # fmt: skip
    assert sent.status_code == 303


def test_the_pages_are_private_and_a_token_guesser_is_slowed(
    site: tuple[ServerProcess, Services],
) -> None:
    server, desk = site
    asset = printer(desk, serial="CN-C3")
    page = requests.get(f"{server.url}/r/{asset.qr_token}", timeout=10,
                        headers={"Accept-Language": "en-GB,en;q=0.9"})  # fmt: skip
    assert page.ok and 'lang="en"' in page.text
    assert page.headers["Referrer-Policy"] == "no-referrer"  # a status link never leaks
    assert page.headers["Cache-Control"] == "no-store"
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert asset.serial not in page.text and "13812345678" not in page.text
    chinese = requests.get(f"{server.url}/r/{asset.qr_token}", timeout=10,
                           headers={"Accept-Language": "zh-CN,zh;q=0.9"})  # fmt: skip
    assert "设备报修" in chinese.text
    unknown = [requests.get(f"{server.url}/r/guess{i:06d}xyz", timeout=10) for i in range(3)]
    assert {r.status_code for r in unknown} == {404}
    assert len({r.text for r in unknown}) == 1  # every unknown code: the same answer
    codes = [requests.get(f"{server.url}/s/guess{i:06d}", timeout=10).status_code
             for i in range(60)]  # fmt: skip
    assert codes[0] == 404 and codes[-1] == 429  # a guesser is slowed down
