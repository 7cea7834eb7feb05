"""The technician's job card says the time the customer was given (issue 25's phone review): a
visit booked 11:00–13:00 reads "Arrive 11:00–13:00", not the SLA's earlier arrival deadline in
red; it turns late once 13:00 has passed (or once they said they are running late); a job with
no booked window shows its SLA deadline. The category is in words, in both languages. A real
server process on a fixed clock, and headless Chromium whose clock is set to the same time."""

from __future__ import annotations

import zlib
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from dispatch_console.domain.tickets import Ticket, TicketDraft
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from server.processes import ServerProcess
from working_days import DESK_ZONE, working_day

from .conftest import printer, set_phone_clock, shot, wait

PASSWORD = "field-work-1"


def _jobs(desk: Services, username: str, day: date) -> tuple[Ticket, Ticket]:
    """A printer job booked 11:00–13:00 on `day` (accepted), and one with no booked visit."""
    dept = desk.create_department(f"Times {username}", username.upper())
    admin = desk.as_actor(Actor("boss", "admin"))
    user = admin.create_user(username, "王伟", "technician", PASSWORD, department_id=dept.id)
    phone = f"139{zlib.crc32(username.encode()) % 10**8:08d}"
    tech = desk.create_technician("王伟", phone, dept.id, user_id=user.id, status="available")
    jobs = []
    for serial in (f"{username}-1", f"{username}-2"):
        asset = printer(desk, serial=serial)
        customer_id = desk.get_site(asset.site_id).customer_id
        ticket = desk.create_ticket(
            TicketDraft("phone", "printer", "high", "卡纸", customer_id, asset_id=asset.id)
        )
        jobs.append(desk.assign(ticket.id, ticket.version, tech.id))
    booked, unbooked = jobs
    start = datetime.combine(day, time(11), DESK_ZONE)
    booked = desk.set_appointment(
        booked.id, booked.version, start, start + timedelta(hours=2)
    ).ticket
    booked = desk.transition(booked.id, booked.version, "accepted")
    return booked, unbooked


def _next_visit_day(desk: Services) -> date:
    """The working day after the clock's: the clock only goes forward (the server's sign-in
    does not expect a phone's time to go back)."""
    return working_day(desk.now().astimezone(DESK_ZONE).date() + timedelta(days=1))


def _sign_in(d: Any, server: ServerProcess, lang: str, username: str) -> None:
    d.get(f"{server.url}/t/?lang={lang}")
    d.execute_script("localStorage.clear()")
    d.get(f"{server.url}/t/?lang={lang}")
    wait(d, ec.visibility_of_element_located((By.ID, "username"))).send_keys(username)
    d.find_element(By.ID, "password").send_keys(PASSWORD)
    d.find_element(By.ID, "sign-in").click()
    wait(d, ec.visibility_of_element_located((By.CSS_SELECTOR, "#job-list li.job")))


def _classes(element: Any) -> set[str]:
    return set((element.get_attribute("class") or "").split())


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_booked_visit_works_toward_its_window_and_a_category_reads_in_words(
    site: tuple[ServerProcess, Services], phone: Any, lang: str
) -> None:
    server, desk = site
    zh = lang == "zh_CN"
    username = f"times{lang[:2]}"
    visit_day = _next_visit_day(desk)
    booked, unbooked = _jobs(desk, username, visit_day)
    # the morning of the visit: the SLA's arrival deadline (yesterday) has passed, the booked
    # window is still to come (what the review saw: "Late: Arrive by …" in red)
    desk.context.clock.set(datetime.combine(visit_day, time(9, 30), DESK_ZONE))
    assert booked.arrival_due_at is not None and booked.arrival_due_at < desk.now()
    d = phone
    set_phone_clock(d, desk.now())
    _sign_in(d, server, lang, username)
    card = d.find_element(By.CSS_SELECTOR, f"li[data-ticket='{booked.id}']")
    line = card.find_element(By.CSS_SELECTOR, ".window")
    assert line.text == ("预约到场 11:00–13:00" if zh else "Arrive 11:00–13:00")
    assert "late" not in _classes(line)
    assert not card.find_elements(By.CSS_SELECTOR, "div.due:not(.window)")  # no SLA line
    assert ("打印机 · 卡纸" if zh else "Printer · 卡纸") in card.text
    other = d.find_element(By.CSS_SELECTOR, f"li[data-ticket='{unbooked.id}'] .due")
    assert ("响应时限" if zh else "Respond by") in other.text  # no window: the SLA's
    assert "late" in _classes(other)
    shot(d, f"tech-times-list-{lang}")

    card.click()
    visit = wait(d, ec.visibility_of_element_located((By.ID, "job-window")))
    assert visit.text == ("预约到场 今天 11:00–13:00" if zh else "Arrive Today 11:00–13:00")
    assert "late" not in _classes(visit) and not d.find_elements(By.ID, "job-due")
    job_card = d.find_element(By.ID, "job-card").text
    assert ("打印机 · 卡纸" if zh else "Printer · 卡纸") in job_card
    assert ("到场时限" if zh else "Arrive by") not in job_card
    shot(d, f"tech-times-job-{lang}")

    # 13:05: the window has passed and they are not there
    desk.context.clock.set(datetime.combine(visit_day, time(13, 5), DESK_ZONE))
    set_phone_clock(d, desk.now())
    _sign_in(d, server, lang, username)
    line = d.find_element(By.CSS_SELECTOR, f"li[data-ticket='{booked.id}'] .window")
    assert line.text == ("已超时：预约到场 11:00–13:00" if zh else "Late: Arrive 11:00–13:00")
    assert "late" in _classes(line)
    shot(d, f"tech-times-late-{lang}")


def test_running_late_marks_the_window_late_before_it_has_passed(
    site: tuple[ServerProcess, Services], phone: Any
) -> None:
    server, desk = site
    today = _next_visit_day(desk)
    desk.context.clock.set(datetime.combine(today, time(9, 30), DESK_ZONE))
    booked, _unbooked = _jobs(desk, "timeslate", today)
    d = phone
    set_phone_clock(d, desk.now())
    _sign_in(d, server, "en", "timeslate")
    d.find_element(By.CSS_SELECTOR, f"li[data-ticket='{booked.id}']").click()
    wait(d, ec.element_to_be_clickable((By.ID, "running-late"))).click()
    wait(d, ec.element_to_be_clickable((By.ID, "late-30"))).click()
    told = "The customer and the desk are told."
    wait(d, lambda drv: drv.find_element(By.ID, "banner").text == told)
    # the job as it is now (read again after the report): late, though 13:00 is hours away
    wait(d, lambda drv: "late" in _classes(drv.find_element(By.ID, "job-window")))
    assert d.find_element(By.ID, "job-window").text == "Late: Arrive Today 11:00–13:00"
