"""The facts a provider's template needs, read back from the text the outbox holds: for texts
queued before the facts were stored beside them (migration 0016, Notification.template_params).

Mainland gateways send only an approved template filled with parameters. Texts queued since
0016 carry their facts, as the text says them (domain/notify_templates.sms_params,
domain/staff_alerts.alert_params), and are filled from those whatever the wording. Older rows
hold only the message as rendered when it was queued: the technician and ETA of that moment.
Rather than look the ticket up again at send time (and tell the customer of a technician
assigned since), the sender reads those facts back out of the rendered text with the inverse
of each template. The round trip is tested for every moment, language and shape of facts in
tests/notify/test_sms_facts.py, against the wording of the day the rows were queued.

A text none of the patterns explain gives None: the notification fails with that reason
rather than going out with holes in it."""

from __future__ import annotations

import re

from ..domain.notifications import Moment, Notification

FACTS = ("ticket", "technician", "eta", "time", "milestone", "customer", "desk", "link")

_ZH_ETA = r"(?:，预计(?P<eta>.+?)(?:到达|上门))?"  # 25分钟内 / 12-07 14:00前
_EN_ETA = r"(?:, expected (?P<eta>.+?))?"  # in about 25 min / by 12-07 14:00
_ZH_WHO = r"(?:，负责师傅：(?P<technician>.+)|，尚未派单)"
_EN_WHO = r"(?:; technician: (?P<technician>.+)|; not dispatched yet)"
_ZH_WHERE = r"工单(?P<ticket>.+?)(?:（(?P<customer>.*)）)?"
_EN_WHERE = r"Ticket (?P<ticket>.+?)(?: \((?P<customer>.*)\))?"
_ZH_MS = r"(?P<milestone>响应|上门|完成)"
_EN_MS = r"(?P<milestone>response|arrival|resolution)"

_T = r"(?P<ticket>.+?)"
_WHO = r"(?P<technician>.+?)"
_EN_STOP = r"\. To stop"
_RAW: dict[tuple[Moment, str], str] = {
    (Moment.RECEIVED, "zh_CN"): rf"您的报修已受理，工单号{_T}，我们将尽快安排师傅。",
    (Moment.ASSIGNED, "zh_CN"): rf"工单{_T}已安排{_WHO}为您服务{_ZH_ETA}。",
    (Moment.EN_ROUTE, "zh_CN"): rf"{_WHO}已出发前往您处（工单{_T}）{_ZH_ETA}，请保持电话畅通。",
    (Moment.ON_SITE, "zh_CN"): rf"{_WHO}已到达现场（工单{_T}）。",
    (Moment.RESOLVED, "zh_CN"): rf"工单{_T}已处理完成，",
    (Moment.CALLBACK_SCHEDULED, "zh_CN"): rf"我们将于(?P<time>.+?)左右给您回电（工单{_T}），",
    (Moment.RECEIVED, "en"): rf"We have received your request, ticket {_T}\. A technician",
    (Moment.ASSIGNED, "en"): rf"{_WHO} will handle ticket {_T}{_EN_ETA}{_EN_STOP}",
    (Moment.EN_ROUTE, "en"): rf"{_WHO} is on the way to you{_EN_ETA} \(ticket {_T}\){_EN_STOP}",
    (Moment.ON_SITE, "en"): rf"{_WHO} has arrived on site \(ticket {_T}\){_EN_STOP}",
    (Moment.RESOLVED, "en"): rf"Ticket {_T} has been resolved\.",
    (Moment.CALLBACK_SCHEDULED, "en"):
        rf"We will call you back around (?P<time>.+?) about ticket {_T}{_EN_STOP}",
    (Moment.APPOINTMENT, "zh_CN"): rf"预约已确认：{_WHO}将于(?P<time>.+?)上门（工单{_T}）。",
    (Moment.REMINDER_EVE, "zh_CN"): rf"温馨提醒：{_WHO}将于明天(?P<time>.+?)上门（工单{_T}）。",
    (Moment.REMINDER_MORNING, "zh_CN"): rf"温馨提醒：{_WHO}将于今天(?P<time>.+?)上门（工单{_T}）。",
    (Moment.RUNNING_LATE, "zh_CN"):
        rf"抱歉，{_WHO}将晚到约(?P<eta>\d+分钟)，预计(?P<time>.+?)到达（工单{_T}）。",
    (Moment.APPOINTMENT, "en"):
        rf"Your visit is booked: {_WHO} will come (?P<time>.+?) \(ticket {_T}\){_EN_STOP}",
    (Moment.REMINDER_EVE, "en"):
        rf"Reminder: {_WHO} will visit tomorrow, (?P<time>.+?) \(ticket {_T}\){_EN_STOP}",
    (Moment.REMINDER_MORNING, "en"):
        rf"Reminder: {_WHO} will visit today, (?P<time>.+?) \(ticket {_T}\){_EN_STOP}",
    (Moment.RUNNING_LATE, "en"):
        rf"Sorry: {_WHO} is running about (?P<eta>\d+ min) late, now expected by "
        rf"(?P<time>.+?) \(ticket {_T}\){_EN_STOP}",
    (Moment.DEADLINE_NEAR, "zh_CN"): rf"{_ZH_WHERE}的{_ZH_MS}时限为(?P<time>.+?)，请抓紧处理。$",
    (Moment.ESCALATED, "zh_CN"):
        rf"{_ZH_WHERE}的{_ZH_MS}时限为(?P<time>.+?)，即将超时{_ZH_WHO}。$",
    (Moment.DEADLINE_MISSED, "zh_CN"):
        rf"{_ZH_WHERE}已超过{_ZH_MS}时限（(?P<time>.+?)）{_ZH_WHO}。$",
    (Moment.TECH_LATE, "zh_CN"):
        rf"{_ZH_WHERE}：(?P<technician>.+)将晚到，预计(?P<time>.+?){_ZH_MS}。$",
    (Moment.TECH_LATE, "en"):
        rf"{_EN_WHERE}: (?P<technician>.+) is running late; {_EN_MS} now expected by "
        rf"(?P<time>.+?)\.$",
    (Moment.DEADLINE_NEAR, "en"):
        rf"{_EN_WHERE}: the {_EN_MS} deadline is (?P<time>.+?)\. Please hurry\.$",
    (Moment.ESCALATED, "en"):
        rf"{_EN_WHERE}: the {_EN_MS} deadline (?P<time>.+?) is near{_EN_WHO}\.$",
    (Moment.DEADLINE_MISSED, "en"):
        rf"{_EN_WHERE} missed its {_EN_MS} deadline \((?P<time>.+?)\){_EN_WHO}\.$",
}  # fmt: skip
PATTERNS = {key: re.compile(pattern) for key, pattern in _RAW.items()}
STAFF = (Moment.DEADLINE_NEAR, Moment.ESCALATED, Moment.DEADLINE_MISSED, Moment.TECH_LATE)


def read_facts(n: Notification, desk: str = "", link: str = "") -> dict[str, str] | None:
    """Each fact's value as the template is to show it; None when the text is not ours."""
    lang = "en" if n.language == "en" else "zh_CN"
    pattern = PATTERNS.get((n.moment, lang))
    match = pattern.match(n.body) if pattern is not None else None
    if match is None:
        return None
    found = {k: v for k, v in match.groupdict().items() if v}
    facts = dict.fromkeys(FACTS, "")
    facts.update(found, desk=desk, link=link)
    if not facts["eta"]:
        facts["eta"] = "soon" if lang == "en" else "尽快"
    if n.moment in STAFF and not facts["technician"]:
        facts["technician"] = "nobody yet" if lang == "en" else "未派单"
    return facts
