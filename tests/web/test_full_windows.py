"""A window with no place left is not offered on the QR page (issue 25: one technician, one
window booked by four reports), in a real headless Chromium against a real server process: a
customer who opened the page before another took the last place is told in words, keeps what
they typed, and the page offers the window no more. Its own module: the server's technicians
are the pool every QR page counts on, so no other test's technician may add room."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.schedule import AppointmentWindow, WeeklyHours
from dispatch_console.domain.selfservice import FaultReport
from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import Actor, TicketQuery
from dispatch_console.services import Services
from server.processes import ServerProcess
from working_days import DESK_ZONE

from .conftest import printer, shot, wait

NEAR = (31.2250, 121.4737)  # a technician a few hundred metres from Acme's plant


def _offered_values(d: Any) -> list[str]:
    found = d.find_elements(By.CSS_SELECTOR, "#windows input[name=window]:not(#window-other)")
    return [e.get_attribute("value") for e in found]


@pytest.mark.parametrize("lang", ["zh_CN"])
def test_the_last_place_taken_meanwhile_is_refused_in_words_and_offered_no_more(
    site: tuple[ServerProcess, Services], browser: Any, lang: str
) -> None:
    server, desk = site
    first = printer(desk, serial="CN-FULL-1")
    second = desk.create_asset(first.site_id, "HP LaserJet M404", "CN-FULL-2", category="printer")
    dept = desk.create_department("Field", "FULL")
    boss = desk.as_actor(Actor("boss", role="supervisor"))
    boss.set_department_hours(dept.id, WeeklyHours.office(time(9), time(17), lunch=None))
    tech = desk.create_technician("王伟", "13900001111", dept.id)
    desk.report_position(tech.id, *NEAR, 10.0, desk.now())
    today = desk.now().astimezone(DESK_ZONE)

    def at(hour: int) -> datetime:
        return datetime.combine(today.date(), time(hour), DESK_ZONE)

    # the technician's afternoon is taken from 12:00: 11:00-13:00 has one place left (11:00)
    site_id = first.site_id
    customer_id = desk.get_site(site_id).customer_id
    planned = desk.create_ticket(
        TicketDraft(
            "phone", "printer", "normal", "Toner smears", customer_id=customer_id,
            site_id=site_id, department_id=dept.id, appointment_starts_at=at(11),
            appointment_ends_at=at(13),
        )
    )  # fmt: skip
    desk.place_visit(planned.id, planned.version, tech.id, at(12), 240)

    d = browser
    d.get(f"{server.url}/r/{second.qr_token}?lang={lang}")
    last_place = f"{int(at(11).timestamp())}-{int(at(13).timestamp())}"
    assert last_place in _offered_values(d)
    d.find_element(By.ID, "description").send_keys("每页都卡纸")
    d.find_element(By.ID, "contact_name").send_keys("王芳")
    d.find_element(By.ID, "contact_phone").send_keys("138 1234 5678")
    d.find_element(By.CSS_SELECTOR, f"#windows input[value='{last_place}']").click()

    # meanwhile another customer, scanning the other printer, takes the last place
    r = requests.post(
        f"{server.url}/r/{first.qr_token}?lang=en", timeout=30, allow_redirects=False,
        data={"description": "卡纸", "contact_name": "李娜", "contact_phone": "13812345679",
              "window": last_place, "preferred_time": ""},
    )  # fmt: skip
    assert r.status_code == 303, r.text

    d.find_element(By.ID, "send").click()
    error = wait(d, ec.presence_of_element_located((By.ID, "error-window")))
    assert error.text == "该时段已无法预约，请另选一个时间。"
    assert d.find_element(By.ID, "description").get_attribute("value") == "每页都卡纸"
    assert d.find_element(By.ID, "contact_name").get_attribute("value") == "王芳"
    assert last_place not in _offered_values(d), "the full window is offered no more"
    assert _offered_values(d), "other windows still have room"
    shot(d, f"report-window-full-{lang}")
    tickets = desk.search_tickets(TicketQuery(customer_id=customer_id)).items
    assert sorted(t.ticket.contact_name or "" for t in tickets) == ["", "李娜"]

    d.get(f"{server.url}/r/{second.qr_token}?lang=en")
    assert last_place not in _offered_values(d)
    with pytest.raises(ValidationError, match="no longer offered"):
        desk.report_fault(
            second.qr_token,
            FaultReport("卡纸", "王芳", "13812345678", window=AppointmentWindow(at(11), at(13))),
        )
