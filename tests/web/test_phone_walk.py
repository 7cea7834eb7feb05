"""What a walk through the appointment pages on a phone found, each checked in a real headless
Chromium at phone size against a real server process: a double tap (or a second tap on a slow
network) sends one request, the technician's deadlines are on the same clock as the visit's
window, and the small links are a thumb's size."""

from __future__ import annotations

import re
from typing import Any

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from dispatch_console.domain.selfservice import FaultReport
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from server.processes import ServerProcess

from .conftest import set_phone_clock, wait
from .test_visits import (
    PASSWORD,
    SH,
    _device_with_a_technician_near,
    _fill_report,
    _technician_with_a_day,
    _ticket_of,
)

# a tap, what the button says then, and a second tap 300 ms later (the page still waiting)
TWO_TAPS = """const b = arguments[0]; b.click(); setTimeout(() => b.click(), 300);
return [b.disabled, b.textContent.trim()];"""
THUMB = 44  # CSS px: the smallest tap target the platforms' guidelines allow


def _slow_network(d: Any, latency_ms: int) -> None:
    """Every request waits this long for its answer (0: as fast as it is)."""
    d.execute_cdp_cmd("Network.enable", {})
    d.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": latency_ms, "downloadThroughput": -1,
         "uploadThroughput": -1},
    )  # fmt: skip


def _sign_in(d: Any, server: ServerProcess, username: str, lang: str) -> None:
    d.get(f"{server.url}/t/?lang={lang}")
    d.execute_script("localStorage.clear()")
    d.get(f"{server.url}/t/?lang={lang}")
    wait(d, ec.visibility_of_element_located((By.ID, "username"))).send_keys(username)
    d.find_element(By.ID, "password").send_keys(PASSWORD)
    d.find_element(By.ID, "sign-in").click()
    wait(d, ec.visibility_of_element_located((By.CSS_SELECTOR, "#job-list li.job")))


def _too_small(d: Any, selector: str) -> list[tuple[str, int, int]]:
    sizes = d.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0]))"
        ".filter(e => e.getClientRects().length)"
        ".map(e => { const r = e.getBoundingClientRect();"
        " return [e.textContent.trim(), Math.round(r.width), Math.round(r.height)]; });",
        selector,
    )
    assert sizes, f"nothing on the page matches {selector}"
    return [(text, w, h) for text, w, h in sizes if w < THUMB or h < THUMB]


def test_asking_for_another_time_twice_on_a_slow_network_asks_once(
    site: tuple[ServerProcess, Services], browser: Any
) -> None:
    server, desk = site
    asset, _tech = _device_with_a_technician_near(desk, "CN-TAP-twice")
    d = browser
    d.get(f"{server.url}/r/{asset.qr_token}?lang=zh_CN")
    _fill_report(d)
    d.find_elements(By.CSS_SELECTOR, "#windows label.slot")[0].click()
    d.find_element(By.ID, "send").click()
    wait(d, ec.presence_of_element_located((By.ID, "reschedule"))).click()
    wait(d, ec.presence_of_element_located((By.ID, "reschedule-form")))
    assert d.title == "申请改约"
    d.find_elements(By.CSS_SELECTOR, "#windows label.slot")[2].click()
    _slow_network(d, 1500)
    try:
        # the tap, then the impatient second one while the answer is still on its way
        said = d.execute_script(TWO_TAPS, d.find_element(By.ID, "ask"))
        assert said == [True, "正在提交…"]  # told at once that it is being sent
        wait(d, ec.presence_of_element_located((By.ID, "reschedule-asked")))
    finally:
        _slow_network(d, 0)
    ticket = _ticket_of(desk, asset)
    asked = [e for e in desk.ticket_history(ticket.id).decisions
             if e.kind == "reschedule_requested"]  # fmt: skip
    assert len(asked) == 1


def test_please_call_me_back_twice_on_a_slow_network_asks_once(
    site: tuple[ServerProcess, Services], browser: Any
) -> None:
    server, desk = site
    asset, _tech = _device_with_a_technician_near(desk, "CN-TAP-call")
    d = browser
    d.get(f"{server.url}/r/{asset.qr_token}?lang=en")
    _fill_report(d)
    d.find_element(By.ID, "send").click()
    call_me = wait(d, ec.element_to_be_clickable((By.ID, "call-me")))
    _slow_network(d, 1500)
    try:
        assert d.execute_script(TWO_TAPS, call_me) == [True, "Sending…"]
        wait(d, ec.presence_of_element_located((By.ID, "callback-waiting")))
    finally:
        _slow_network(d, 0)
    ticket = _ticket_of(desk, asset)
    assert len([r for r in desk.callback_queue() if r.callback.ticket_id == ticket.id]) == 1


def test_running_late_tapped_twice_tells_the_customer_once(
    site: tuple[ServerProcess, Services], browser: Any
) -> None:
    server, desk = site
    _tech, (first, _second, _unbooked) = _technician_with_a_day(desk, "tapdouble")
    d = browser
    _sign_in(d, server, "tapdouble", "zh_CN")
    heads = [h.text for h in d.find_elements(By.CSS_SELECTOR, "#job-list li.day-head")]
    # a day is said as the customer's pages say it: 3月3日周二, not 03/03周二
    assert all(h in ("今天", "明天", "未排期") or re.fullmatch(r"\d{1,2}月\d{1,2}日周.", h)
               for h in heads), heads  # fmt: skip
    d.find_element(By.CSS_SELECTOR, f"li[data-ticket='{first.id}']").click()
    wait(d, ec.element_to_be_clickable((By.ID, "running-late"))).click()
    late = wait(d, ec.element_to_be_clickable((By.ID, "late-30")))
    d.execute_script("arguments[0].click(); arguments[0].click();", late)  # a bounce in the van
    wait(d, lambda drv: drv.find_element(By.ID, "banner").text == "已通知客户和客服。")
    said = [e for e in desk.ticket_history(first.id).decisions if e.kind == "running_late"]
    assert len(said) == 1
    texts = [n for n in desk.list_notifications(first.id) if n.moment.value == "running_late"]
    assert len(texts) == 1


def test_the_technicians_deadlines_are_on_the_desks_clock_like_the_windows(
    site: tuple[ServerProcess, Services], browser: Any
) -> None:
    """A phone set to another zone (a technician back from abroad, a phone on UTC): the window
    said 11:00-13:00 on the desk's clock; the arrival deadline beside it must be on that clock
    too, not hours apart."""
    server, desk = site
    _tech, (first, _second, unbooked) = _technician_with_a_day(desk, "zonecheck")
    d = browser
    d.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": "America/New_York"})
    try:
        _sign_in(d, server, "zonecheck", "en")
        # a booked visit works toward its window; a job without one toward the SLA's deadline
        window = d.find_element(By.CSS_SELECTOR, f"li[data-ticket='{first.id}'] .due").text
        due = d.find_element(By.CSS_SELECTOR, f"li[data-ticket='{unbooked.id}'] .due").text
    finally:
        d.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": ""})
    assert first.appointment_starts_at is not None
    assert f"{first.appointment_starts_at.astimezone(SH):%H:%M}–" in window, window
    ticket = desk.get_ticket(unbooked.id)
    assert ticket.response_due_at is not None
    assert f"{ticket.response_due_at.astimezone(SH):%H:%M}" in due, due


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_small_links_are_a_thumbs_size(
    site: tuple[ServerProcess, Services], browser: Any, lang: str
) -> None:
    server, desk = site
    asset, _tech = _device_with_a_technician_near(desk, f"CN-THUMB-{lang}")
    d = browser
    d.get(f"{server.url}/r/{asset.qr_token}?lang={lang}")
    assert _too_small(d, "header .lang a") == []
    _fill_report(d)
    d.find_elements(By.CSS_SELECTOR, "#windows label.slot")[0].click()
    d.find_element(By.ID, "send").click()
    wait(d, ec.presence_of_element_located((By.ID, "reschedule"))).click()
    wait(d, ec.presence_of_element_located((By.ID, "reschedule-form")))
    assert _too_small(d, "#back") == []

    _tech2, (first, _s, _u) = _technician_with_a_day(desk, f"thumb{lang[:2]}")
    _sign_in(d, server, f"thumb{lang[:2]}", lang)
    assert _too_small(d, "header .lang a, #sign-out") == []
    d.find_element(By.CSS_SELECTOR, f"li[data-ticket='{first.id}']").click()
    wait(d, ec.element_to_be_clickable((By.ID, "running-late")))
    assert _too_small(d, "#back, #job-card a") == []


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_an_old_reschedule_link_after_the_report_is_closed_says_so_at_once(
    site: tuple[ServerProcess, Services], browser: Any, lang: str
) -> None:
    """The reminders' texts link straight to the reschedule page; tapped after the report was
    closed, it says so before the customer picks a time, not after."""
    server, desk = site
    asset, _tech = _device_with_a_technician_near(desk, f"CN-OLD-{lang}")
    public = desk.as_actor(Actor("self-service", "customer"))
    offered = public.visit_windows(asset.qr_token)
    ticket, token = public.report_fault(
        asset.qr_token, FaultReport("卡纸", "王芳", "13812345678", window=offered[0])
    )
    desk.transition(ticket.id, desk.get_ticket(ticket.id).version, "cancelled", "duplicate")
    d = browser
    d.get(f"{server.url}/s/{token}/reschedule?lang={lang}")
    closed = "此报修已关闭" if lang == "zh_CN" else "This report was closed without a visit"
    assert closed in d.find_element(By.TAG_NAME, "main").text
    assert d.find_elements(By.ID, "reschedule-form") == []
    r = requests.get(f"{server.url}/s/{token}/reschedule", timeout=30)
    assert r.status_code == 410


def test_running_late_without_network_is_kept_and_the_job_is_shown_again(
    site: tuple[ServerProcess, Services], browser: Any
) -> None:
    """In a van with no signal: the phone keeps it and says so, the job's buttons come back
    (not the choices left greyed out), and the customer is told once the network is back."""
    server, desk = site
    _tech, (first, _second, _unbooked) = _technician_with_a_day(desk, "nosignal")
    d = browser
    _sign_in(d, server, "nosignal", "zh_CN")
    d.find_element(By.CSS_SELECTOR, f"li[data-ticket='{first.id}']").click()
    wait(d, ec.element_to_be_clickable((By.ID, "running-late"))).click()
    late = wait(d, ec.element_to_be_clickable((By.ID, "late-30")))
    d.execute_cdp_cmd("Network.enable", {})
    offline = {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
    d.execute_cdp_cmd("Network.emulateNetworkConditions", offline)
    try:
        late.click()
        wait(
            d,
            lambda drv: (
                drv.find_element(By.ID, "banner").text == "已保存在手机上，联网后自动提交。"
            ),
        )
        assert d.find_element(By.ID, "running-late").is_enabled()
        assert d.find_elements(By.ID, "late-30") == []
    finally:
        _slow_network(d, 0)
    d.find_element(By.ID, "back").click()  # the list is read again: what waited is sent first

    def told(_drv: Any) -> bool:
        return any(e.kind == "running_late" for e in desk.ticket_history(first.id).decisions)

    wait(d, told)
    said = [e for e in desk.ticket_history(first.id).decisions if e.kind == "running_late"]
    assert len(said) == 1


def test_asking_for_a_time_without_a_booked_visit_does_not_speak_of_one(
    site: tuple[ServerProcess, Services], browser: Any
) -> None:
    """A report sent with "another time" in words has no visit yet: the page must not promise
    that "the visit stays as booked"."""
    server, desk = site
    asset, _tech = _device_with_a_technician_near(desk, "CN-NOVISIT")
    public = desk.as_actor(Actor("self-service", "customer"))
    _ticket, token = public.report_fault(
        asset.qr_token, FaultReport("卡纸", "王芳", "13812345678", "周六上午")
    )
    d = browser
    d.get(f"{server.url}/s/{token}/reschedule?lang=zh_CN")
    assert d.find_element(By.ID, "until").text == "我们会致电与您确认上门时间。"


def test_an_open_job_says_which_day_its_window_is_on(
    site: tuple[ServerProcess, Services], phone: Any
) -> None:
    """In the list a day heading says it; the job opened on its own must say it too, or a
    visit booked for another day reads as today's."""
    server, desk = site
    _tech, (_first, second, _unbooked) = _technician_with_a_day(desk, "whichday")
    d = phone
    set_phone_clock(d, desk.now())  # "today" and "tomorrow" on the server's test clock
    _sign_in(d, server, "whichday", "zh_CN")
    head = d.execute_script(
        "let e = document.querySelector(`li[data-ticket='${arguments[0]}']`);"
        "while (e && !e.classList.contains('day-head')) e = e.previousElementSibling;"
        "return e.textContent.trim();",
        second.id,
    )
    d.find_element(By.CSS_SELECTOR, f"li[data-ticket='{second.id}']").click()
    window = wait(d, ec.visibility_of_element_located((By.ID, "job-window"))).text
    assert second.appointment_starts_at is not None
    start = second.appointment_starts_at.astimezone(SH)
    assert window.startswith(f"预约到场 {head} {start:%H:%M}"), (head, window)
