"""Booked visits on the customer's and the technician's pages, in a real headless Chromium at
phone size against a real server process: the QR page offers windows and books the one picked
(another time in words still possible), the status page shows the visit and asks for another
time into the desk's callback queue, hostile forms get words and never a 5xx; the technician's
page lists the jobs in the day's order with their windows, and "Running late" tells the
customer and the desk."""

from __future__ import annotations

import zlib
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from dispatch_console.domain.model import Asset, Technician
from dispatch_console.domain.schedule import WeeklyHours
from dispatch_console.domain.tickets import Ticket, TicketDraft
from dispatch_console.ports import Actor, TicketQuery
from dispatch_console.services import Services
from server.processes import ServerProcess
from working_days import working_day

from .conftest import printer, set_phone_clock, shot, wait

SH = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
PASSWORD = "field-work-1"
NEAR = (31.2250, 121.4737)  # a technician a few hundred metres from Acme's plant


def _device_with_a_technician_near(desk: Services, serial: str) -> tuple[Asset, Technician]:
    asset = printer(desk, serial=serial)
    dept = desk.create_department(f"Field {serial}", serial.upper())
    tech = desk.create_technician("王伟", f"139{zlib.crc32(serial.encode()) % 10**8:08d}", dept.id)
    desk.report_position(tech.id, *NEAR, 10.0, desk.now())
    return asset, tech


def _fill_report(d: Any) -> None:
    d.find_element(By.ID, "description").send_keys("每页都卡纸，屏幕显示 E-203")
    d.find_element(By.ID, "contact_name").send_keys("王芳")
    d.find_element(By.ID, "contact_phone").send_keys("138 1234 5678")


def _ticket_of(desk: Services, asset: Asset) -> Ticket:
    customer_id = desk.get_site(asset.site_id).customer_id
    [row] = desk.search_tickets(TicketQuery(customer_id=customer_id)).items
    return row.ticket


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_customer_picks_an_offered_window_and_it_is_booked_and_confirmed(
    site: tuple[ServerProcess, Services], browser: Any, lang: str
) -> None:
    server, desk = site
    asset, _tech = _device_with_a_technician_near(desk, f"CN-W-{lang}")
    d = browser
    d.get(f"{server.url}/r/{asset.qr_token}?lang={lang}")
    slots = d.find_elements(By.CSS_SELECTOR, "#windows input[name=window]:not(#window-other)")
    assert len(slots) >= 4, "a technician with room: several windows offered"
    first_day = d.find_element(By.CSS_SELECTOR, "#windows .day-label").text
    assert ("月" in first_day and "周" in first_day) if lang == "zh_CN" else first_day[:3].isalpha()
    _fill_report(d)
    label = slots[1].find_element(By.XPATH, "..")
    picked = label.text.strip()  # 10:30-12:30
    label.click()
    shot(d, f"report-windows-{lang}")
    d.find_element(By.ID, "send").click()
    wait(d, ec.presence_of_element_located((By.ID, "visit-window")))

    ticket = _ticket_of(desk, asset)
    assert ticket.appointment_starts_at is not None and ticket.appointment_ends_at is not None
    start = ticket.appointment_starts_at.astimezone(SH)
    assert picked == f"{start:%H:%M}-{ticket.appointment_ends_at.astimezone(SH):%H:%M}"
    assert picked in d.find_element(By.ID, "visit-window").text
    moments = {n.moment.value for n in desk.list_notifications(ticket.id)}
    assert {"received", "appointment"} <= moments  # the confirmation is queued with the report
    sms = next(n for n in desk.list_notifications(ticket.id) if n.moment.value == "appointment")
    assert picked in sms.body
    assert (sms.template_params or {}).get("path", "").startswith("/s/")
    shot(d, f"status-visit-{lang}")


def test_another_time_in_words_is_kept_for_the_desk(
    site: tuple[ServerProcess, Services], browser: Any
) -> None:
    server, desk = site
    asset, _tech = _device_with_a_technician_near(desk, "CN-W-words")
    d = browser
    d.get(f"{server.url}/r/{asset.qr_token}?lang=zh_CN")
    _fill_report(d)
    d.find_element(By.ID, "window-other").click()
    d.find_element(By.ID, "preferred_time").send_keys("周六上午")
    d.find_element(By.ID, "send").click()
    wait(d, ec.presence_of_element_located((By.ID, "steps")))
    ticket = _ticket_of(desk, asset)
    assert ticket.appointment_starts_at is None
    notes = [c.body for c in desk.ticket_history(ticket.id).comments]
    assert "Preferred time (customer): 周六上午" in notes
    assert d.find_elements(By.ID, "visit-window") == []


def test_a_window_that_was_not_offered_is_refused_with_words(
    site: tuple[ServerProcess, Services],
) -> None:
    server, desk = site
    asset, _tech = _device_with_a_technician_near(desk, "CN-W-forged")
    base = {"description": "卡纸", "contact_name": "王芳", "contact_phone": "13812345678"}
    night = desk.now().replace(microsecond=0) + timedelta(days=2)
    for forged in (f"{int(night.timestamp())}-{int(night.timestamp()) + 7200}",
                   "99999999999-99999999999", "1-2", "abc", "1700000000-1600000000"):  # fmt: skip
        r = requests.post(
            f"{server.url}/r/{asset.qr_token}?lang=en", data={**base, "window": forged},
            timeout=30, allow_redirects=False,
        )  # fmt: skip
        assert r.status_code == 422, forged
        assert "This time is no longer available" in r.text
    customer_id = desk.get_site(asset.site_id).customer_id
    assert desk.search_tickets(TicketQuery(customer_id=customer_id)).items == []


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_customer_asks_for_another_time_and_the_desk_gets_a_callback(
    site: tuple[ServerProcess, Services], browser: Any, lang: str
) -> None:
    server, desk = site
    asset, _tech = _device_with_a_technician_near(desk, f"CN-R-{lang}")
    d = browser
    d.get(f"{server.url}/r/{asset.qr_token}?lang={lang}")
    _fill_report(d)
    d.find_elements(By.CSS_SELECTOR, "#windows label.slot")[0].click()
    d.find_element(By.ID, "send").click()
    wait(d, ec.presence_of_element_located((By.ID, "reschedule"))).click()
    wait(d, ec.presence_of_element_located((By.ID, "reschedule-form")))
    status_url = d.find_element(By.ID, "back").get_attribute("href")
    labels = d.find_elements(By.CSS_SELECTOR, "#windows label.slot")
    wanted = labels[2].text.strip()
    labels[2].click()
    d.find_element(By.ID, "note").send_keys("下午更方便" if lang == "zh_CN" else "afternoons")
    shot(d, f"reschedule-{lang}")
    d.find_element(By.ID, "ask").click()
    wait(d, ec.presence_of_element_located((By.ID, "reschedule-asked")))
    assert wanted in d.find_element(By.ID, "reschedule-asked").text
    thanks = "我们会致电与您确认" if lang == "zh_CN" else "We will call you to agree"
    assert thanks in d.find_element(By.ID, "flash").text
    shot(d, f"status-reschedule-asked-{lang}")

    ticket = _ticket_of(desk, asset)
    waiting = [row for row in desk.callback_queue() if row.callback.ticket_id == ticket.id]
    assert [row.callback.reason.value for row in waiting] == ["customer_request"]
    [asked] = [e for e in desk.ticket_history(ticket.id).decisions
               if e.kind == "reschedule_requested"]  # fmt: skip
    assert wanted in asked.payload["wish"]
    # the booked visit stays until the desk agrees the new time
    assert desk.get_ticket(ticket.id).appointment_starts_at == ticket.appointment_starts_at

    # hostile forms: words and a 4xx, never a 5xx; nothing more lands in the queue
    post = status_url.split("?")[0] + "/reschedule"
    for body in ({"window": "", "note": ""}, {"window": "x" * 5000},
                 {"note": "a" * 5000}, {"note": "\x00"}, {"window": "0-0"}):  # fmt: skip
        r = requests.post(post, data=body, timeout=30, allow_redirects=False)
        assert 400 <= r.status_code < 500, (body, r.status_code)
    unknown = server.url + "/s/AAAAAAAAAAAAAAAAAAAAAAAA/reschedule"
    assert requests.get(unknown, timeout=30).status_code == 404
    assert requests.post(unknown, data={"note": "hi"}, timeout=30).status_code == 404
    assert len([r for r in desk.callback_queue() if r.callback.ticket_id == ticket.id]) == 1


def _technician_with_a_day(desk: Services, username: str) -> tuple[Technician, list[Ticket]]:
    """Three jobs: one booked later today (on the way), one tomorrow, one not booked."""
    dept = desk.create_department(f"Day {username}", username.upper())
    admin = desk.as_actor(Actor("boss", "admin"))
    user = admin.create_user(username, "王伟", "technician", PASSWORD, department_id=dept.id)
    phone = f"139{zlib.crc32(username.encode()) % 10**8:08d}"
    tech = desk.create_technician("王伟", phone, dept.id, user_id=user.id, status="available")
    soon = (desk.now() + timedelta(hours=2)).replace(minute=0, second=0, microsecond=0)
    # the next working day's same hour: a visit "tomorrow" is not refused as a holiday
    next_day = working_day(soon.astimezone(SH).date() + timedelta(days=1))
    later = datetime.combine(next_day, soon.astimezone(SH).time(), SH)
    jobs = []
    for serial, start in ((f"{username}-3", None), (f"{username}-2", later),
                          (f"{username}-1", soon)):  # fmt: skip
        asset = printer(desk, serial=serial)
        customer_id = desk.get_site(asset.site_id).customer_id
        ticket = desk.create_ticket(
            TicketDraft("phone", "printer", "normal", "卡纸", customer_id, asset_id=asset.id)
        )
        ticket = desk.assign(ticket.id, ticket.version, tech.id)
        if start is not None:
            ticket = desk.set_appointment(
                ticket.id, ticket.version, start, start + timedelta(hours=2)
            ).ticket
        jobs.append(ticket)
    first = jobs[-1]
    first = desk.transition(first.id, first.version, "accepted")
    first = desk.transition(first.id, first.version, "en_route")
    return tech, [first, jobs[1], jobs[0]]


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_technicians_day_in_order_with_windows_and_running_late(
    site: tuple[ServerProcess, Services], phone: Any, lang: str
) -> None:
    server, desk = site
    username = f"day{lang[:2]}"
    _tech, (first, second, unbooked) = _technician_with_a_day(desk, username)
    d = phone
    set_phone_clock(d, desk.now())  # the visit's window is judged on the phone's clock
    d.get(f"{server.url}/t/?lang={lang}")
    d.execute_script("localStorage.clear()")
    d.get(f"{server.url}/t/?lang={lang}")
    wait(d, ec.visibility_of_element_located((By.ID, "username"))).send_keys(username)
    d.find_element(By.ID, "password").send_keys(PASSWORD)
    d.find_element(By.ID, "sign-in").click()
    wait(d, ec.visibility_of_element_located((By.CSS_SELECTOR, "#job-list li.job")))

    jobs = [int(li.get_attribute("data-ticket"))
            for li in d.find_elements(By.CSS_SELECTOR, "#job-list li.job")]  # fmt: skip
    assert jobs == [first.id, second.id, unbooked.id]  # the day's order, the unbooked last
    heads = [h.text for h in d.find_elements(By.CSS_SELECTOR, "#job-list li.day-head")]
    assert heads[-1] == ("未排期" if lang == "zh_CN" else "Not scheduled")
    assert first.appointment_starts_at is not None and first.appointment_ends_at is not None
    start, end = (
        first.appointment_starts_at.astimezone(SH),
        first.appointment_ends_at.astimezone(SH),
    )
    window = d.find_element(By.CSS_SELECTOR, f"li[data-ticket='{first.id}'] .window").text
    assert f"{start:%H:%M}–{end:%H:%M}" in window
    # not there yet, the window to come: it is when to arrive
    assert window.startswith("预约到场" if lang == "zh_CN" else "Arrive")
    shot(d, f"tech-day-{lang}")

    d.find_element(By.CSS_SELECTOR, f"li[data-ticket='{first.id}']").click()
    wait(d, ec.element_to_be_clickable((By.ID, "running-late"))).click()
    wait(d, ec.element_to_be_clickable((By.ID, "late-30")))
    shot(d, f"tech-running-late-{lang}")
    d.find_element(By.ID, "late-30").click()
    told = "已通知客户和客服。" if lang == "zh_CN" else "The customer and the desk are told."
    wait(d, lambda drv: drv.find_element(By.ID, "banner").text == told)

    late = [n for n in desk.list_notifications(first.id) if n.moment.value == "running_late"]
    assert [n.channel.value for n in late] == ["sms"]  # the printer's customer has a mobile
    expected = start + timedelta(minutes=30)
    assert f"{expected:%H:%M}" in late[0].body and "30分钟" in late[0].body
    [said] = [e for e in desk.ticket_history(first.id).decisions if e.kind == "running_late"]
    assert said.payload["minutes"] == 30


def test_asking_again_and_again_is_one_callback_and_a_few_requests_a_day(
    site: tuple[ServerProcess, Services],
) -> None:
    from dispatch_console.domain.errors import TooManyAttempts, ValidationError
    from dispatch_console.domain.schedule.records import AppointmentWindow
    from dispatch_console.domain.selfservice import FaultReport

    _server, desk = site
    asset, _tech = _device_with_a_technician_near(desk, "CN-R-many")
    public = desk.as_actor(Actor("self-service", "customer"))
    ticket, token = public.report_fault(asset.qr_token, FaultReport("卡纸", "王芳", "13812345678"))
    offered = public.reschedule_windows(token)
    assert offered
    never = AppointmentWindow(offered[0].starts_at + timedelta(minutes=7), offered[0].ends_at)
    with pytest.raises(ValidationError):  # not a window the page offered
        public.request_reschedule(token, never)
    with pytest.raises(ValidationError):  # nothing said at all
        public.request_reschedule(token, None, "  ")
    callbacks = {public.request_reschedule(token, offered[i % len(offered)]).id for i in range(5)}
    assert len(callbacks) == 1  # one waiting callback in the desk's queue
    with pytest.raises(TooManyAttempts):
        public.request_reschedule(token, None, "明天")
    assert public.report_status(token).reschedule_asked.startswith(
        f"{offered[4 % len(offered)].starts_at.astimezone(SH):%m-%d %H:%M}"
    )
    assert ticket.id == _ticket_of(desk, asset).id


def test_a_visit_is_shown_to_the_customer_in_its_departments_zone(
    site: tuple[ServerProcess, Services],
) -> None:
    """A department working in New York books a visit at 09:00 there: the status page and the
    texts say 09:00, not Shanghai's 22:00 (the server's --timezone is the desk's default)."""
    server, desk = site
    asset = printer(desk, serial="CN-NY-1")
    dept = desk.create_department("New York field", "NYF")
    boss = desk.as_actor(Actor("boss", "supervisor"))
    boss.set_department_hours(
        dept.id, WeeklyHours.office(time(9), time(17)), "America/New_York", "US"
    )
    customer_id = desk.get_site(asset.site_id).customer_id
    draft = TicketDraft("phone", "printer", "normal", "卡纸", customer_id, asset_id=asset.id)
    draft.department_id = dept.id
    ticket = desk.create_ticket(draft)
    day = working_day((desk.now().astimezone(NEW_YORK) + timedelta(days=2)).date(), "US")
    start = datetime.combine(day, time(9), NEW_YORK)
    desk.set_appointment(ticket.id, ticket.version, start, start + timedelta(hours=2))
    [sms] = [n for n in desk.list_notifications(ticket.id)
             if n.moment.value == "appointment" and n.channel.value == "sms"]  # fmt: skip
    assert f"{day:%m-%d} 09:00-11:00" in sms.body
    path = (sms.template_params or {})["path"].removesuffix("/reschedule")
    page = requests.get(f"{server.url}{path}?lang=en", timeout=30)
    assert page.status_code == 200
    assert f"{day:%m-%d} 09:00" in page.text and "22:00" not in page.text
