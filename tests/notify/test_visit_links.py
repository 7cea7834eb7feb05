"""A booked visit's messages carry the customer's link to ask for another time, with the
server's public address the sender knows; without one they go out without it."""

from __future__ import annotations

from datetime import UTC, datetime

from dispatch_console.domain.notifications import Moment, Notification, NotifyChannel
from dispatch_console.notify.settings import NotifySettings
from dispatch_console.notify.sms_http import sms_text
from dispatch_console.notify.smtp import build_message

AT = datetime(2026, 12, 7, 6, 30, tzinfo=UTC)
PATH = "/s/abcdefghijklmnopqrstuvwx/reschedule"


def _n(channel: NotifyChannel, language: str, path: str | None = PATH) -> Notification:
    params = {"ticket": "T0000042", "path": path} if path else {"ticket": "T0000042"}
    return Notification(
        7, 1, 1, Moment.APPOINTMENT, channel, "li@example.cn", language, "Visit booked: T0000042",
        "预约已确认：维修师傅将于12-09 14:00-16:00上门（工单T0000042）。", "k", AT, AT,
        template_params=params,
    )  # fmt: skip


def test_the_text_and_the_e_mail_end_with_the_link_to_ask_for_another_time() -> None:
    url = "https://service.example.cn"
    text = sms_text(_n(NotifyChannel.SMS, "zh_CN"), "示例客服", url)
    assert text.startswith("【示例客服】预约已确认")
    assert text.endswith(f"如需改约：{url}{PATH}?lang=zh_CN")
    mail = build_message(
        _n(NotifyChannel.EMAIL, "en"), NotifySettings(smtp_from="s@example.cn", public_url=url)
    )
    assert f"To ask for another time: {url}{PATH}?lang=en" in mail.get_content()


def test_without_a_public_address_or_a_path_nothing_is_added() -> None:
    n = _n(NotifyChannel.SMS, "zh_CN")
    assert sms_text(n, "", "") == n.body
    other = _n(NotifyChannel.SMS, "zh_CN", path=None)
    assert sms_text(other, "", "https://service.example.cn") == other.body
