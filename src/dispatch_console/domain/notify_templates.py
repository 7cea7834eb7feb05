"""What the customer reads at each moment, in Chinese or English (the customer's language).

Rendered when the notification is queued, so the outbox holds what the customer was told (the
technician and ETA of that moment, not of the day it finally went out). The desk's name is
not here: the sender adds it (the SMS signature 【...】 that Chinese gateways require, the
e-mail's From name and footer), since it is the installation's, not the ticket's.

SMS stay within one 70-character Chinese segment where they can. They end with how to stop
the texts: by telling the desk, since no gateway reply (回T退订) is processed here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from .desk_zone import DEFAULT_TIMEZONE
from .notifications import Moment, NotifyChannel

DEFAULT_ZONE = ZoneInfo(DEFAULT_TIMEZONE)


@dataclass(frozen=True, slots=True)
class Facts:
    """What the templates may mention."""

    ticket_number: str
    customer_name: str = ""
    technician: str = ""  # as the customer will hear it: 王 (-> 王师傅) or Wei
    eta_minutes: int | None = None
    arrive_by: datetime | None = None  # the SLA's arrival deadline, when no ETA is known
    callback_at: datetime | None = None
    # a booked visit: the window agreed with the customer, and how late the technician is
    window_starts_at: datetime | None = None
    window_ends_at: datetime | None = None
    late_minutes: int | None = None
    expected_at: datetime | None = None  # when the late technician now expects to arrive
    # the clock the times are told in: the ticket's department's, else the desk's
    zone: ZoneInfo = field(default=DEFAULT_ZONE)


@dataclass(frozen=True, slots=True)
class Message:
    subject: str
    body: str
    # a text's facts for a gateway's approved template, as the text says them (SMS only)
    params: dict[str, str] | None = None


def hm(at: datetime | None, zone: ZoneInfo) -> str:
    return at.astimezone(zone).strftime("%m-%d %H:%M") if at else ""


def window_text(lang: str, f: Facts) -> str:
    """The visit's window as the customer reads it: 12-09 14:00-16:00, in their clock."""
    if f.window_starts_at is None:
        return "at the agreed time" if lang == "en" else "约定时间"
    start = hm(f.window_starts_at, f.zone)
    if f.window_ends_at is None:
        return start
    end = f.window_ends_at.astimezone(f.zone)
    same_day = end.date() == f.window_starts_at.astimezone(f.zone).date()
    return f"{start}-{end.strftime('%H:%M') if same_day else hm(end, f.zone)}"


def _expected(lang: str, f: Facts) -> str:
    if f.expected_at is None:
        return "later" if lang == "en" else "稍后"
    return hm(f.expected_at, f.zone)


def _late(lang: str, f: Facts) -> str:
    m = f.late_minutes or 0
    return f"{m} min" if lang == "en" else f"{m}分钟"


def _when(lang: str, f: Facts) -> str:
    """When the technician comes, as the sentence and a template's `eta` say it; "" unknown."""
    if f.eta_minutes is not None:
        return f"in about {f.eta_minutes} min" if lang == "en" else f"{f.eta_minutes}分钟内"
    if f.arrive_by is not None:
        return f"by {hm(f.arrive_by, f.zone)}" if lang == "en" else f"{hm(f.arrive_by, f.zone)}前"
    return ""


def _who(lang: str, f: Facts) -> str:
    if lang == "en":
        return f"Technician {f.technician}" if f.technician else "A technician"
    return f"{f.technician}师傅" if f.technician else "维修师傅"


def _zh_eta(f: Facts) -> str:
    when = _when("zh_CN", f)
    if not when:
        return ""
    return f"，预计{when}{'到达' if f.eta_minutes is not None else '上门'}"


def _en_eta(f: Facts) -> str:
    when = _when("en", f)
    return f", expected {when}" if when else ""


def _zh(moment: Moment, f: Facts) -> tuple[str, str]:
    """(subject, sentence) in Chinese."""
    who = _who("zh_CN", f)
    n = f.ticket_number
    if moment is Moment.RECEIVED:
        return f"工单{n}已受理", f"您的报修已受理，工单号{n}，我们将尽快安排师傅。"
    if moment is Moment.ASSIGNED:
        return f"工单{n}已派单", f"工单{n}已安排{who}为您服务{_zh_eta(f)}。"
    if moment is Moment.EN_ROUTE:
        return (
            f"工单{n}：师傅已出发",
            f"{who}已出发前往您处（工单{n}）{_zh_eta(f)}，请保持电话畅通。",
        )
    if moment is Moment.ON_SITE:
        return f"工单{n}：师傅已到达", f"{who}已到达现场（工单{n}）。"
    if moment is Moment.RESOLVED:
        return f"工单{n}已完成", f"工单{n}已处理完成，感谢您的耐心。如仍有问题请联系我们。"
    w = window_text("zh_CN", f)
    if moment is Moment.APPOINTMENT:
        return f"工单{n}：已预约上门", f"预约已确认：{who}将于{w}上门（工单{n}）。"
    if moment is Moment.REMINDER_EVE:
        return f"工单{n}：明天上门提醒", f"温馨提醒：{who}将于明天{w}上门（工单{n}）。"
    if moment is Moment.REMINDER_MORNING:
        return f"工单{n}：今天上门提醒", f"温馨提醒：{who}将于今天{w}上门（工单{n}）。"
    if moment is Moment.RUNNING_LATE:
        return (
            f"工单{n}：师傅将晚到",
            f"抱歉，{who}将晚到约{_late('zh_CN', f)}，预计{_expected('zh_CN', f)}到达（工单{n}）。",
        )
    return (
        f"工单{n}：回访预约",
        f"我们将于{hm(f.callback_at, f.zone)}左右给您回电（工单{n}），请留意来电。",
    )


def _en(moment: Moment, f: Facts) -> tuple[str, str]:
    """(subject, sentence) in English."""
    who = _who("en", f)
    n = f.ticket_number
    if moment is Moment.RECEIVED:
        return (
            f"We have received your request {n}",
            f"We have received your request, ticket {n}. A technician will be assigned soon.",
        )
    if moment is Moment.ASSIGNED:
        return f"Technician assigned: {n}", f"{who} will handle ticket {n}{_en_eta(f)}."
    if moment is Moment.EN_ROUTE:
        return f"On the way: {n}", f"{who} is on the way to you{_en_eta(f)} (ticket {n})."
    if moment is Moment.ON_SITE:
        return f"Arrived: {n}", f"{who} has arrived on site (ticket {n})."
    if moment is Moment.RESOLVED:
        return (
            f"Resolved: {n}",
            f"Ticket {n} has been resolved. Thank you for your patience; "
            "contact us if anything is still wrong.",
        )
    w = window_text("en", f)
    if moment is Moment.APPOINTMENT:
        return f"Visit booked: {n}", f"Your visit is booked: {who} will come {w} (ticket {n})."
    if moment is Moment.REMINDER_EVE:
        return f"Visit tomorrow: {n}", f"Reminder: {who} will visit tomorrow, {w} (ticket {n})."
    if moment is Moment.REMINDER_MORNING:
        return f"Visit today: {n}", f"Reminder: {who} will visit today, {w} (ticket {n})."
    if moment is Moment.RUNNING_LATE:
        return (
            f"Running late: {n}",
            f"Sorry: {who} is running about {_late('en', f)} late, now expected by "
            f"{_expected('en', f)} (ticket {n}).",
        )
    return (
        f"Callback scheduled: {n}",
        f"We will call you back around {hm(f.callback_at, f.zone)} about ticket {n}.",
    )


SMS_OPT_OUT = {
    "zh_CN": "退订请告知客服",
    "en": "To stop these texts, tell our service desk.",
}
EMAIL_CLOSING = {
    "zh_CN": (
        "{name}您好：",
        "此邮件由系统自动发送，请勿直接回复。如不希望再收到通知，请告知客服。",
    ),
    "en": (
        "Dear {name},",
        "This message was sent automatically; please do not reply to it. "
        "If you no longer want these notifications, tell our service desk.",
    ),
}


def render(moment: Moment, channel: NotifyChannel, language: str, facts: Facts) -> Message:
    """The message for one moment; any language other than English gets Chinese."""
    lang = "en" if language == "en" else "zh_CN"
    subject, sentence = (_en if lang == "en" else _zh)(moment, facts)
    if channel is NotifyChannel.SMS:
        text = f"{sentence}{'' if lang == 'zh_CN' else ' '}{SMS_OPT_OUT[lang]}"
        return Message("", text, sms_params(moment, lang, facts))
    greeting, closing = EMAIL_CLOSING[lang]
    fallback = "客户" if lang == "zh_CN" else "customer"
    name = facts.customer_name or fallback
    return Message(subject, f"{greeting.format(name=name)}\n\n{sentence}\n\n{closing}")


# what a template gets for a fact the moment does not know (mainland gateways refuse an empty
# variable); the same words the staff alerts use
UNKNOWN_ETA = {"zh_CN": "尽快", "en": "soon"}


def sms_params(moment: Moment, language: str, facts: Facts) -> dict[str, str]:
    """The facts a gateway's approved template is filled with (notify/sms_facts.FACTS), as the
    text says them. Stored with the text when it is queued, so the sender never has to read
    them back out of the wording; desk and link are the sender's to add."""
    lang = "en" if language == "en" else "zh_CN"
    eta, time = _when(lang, facts) or UNKNOWN_ETA[lang], hm(facts.callback_at, facts.zone)
    if moment in (Moment.APPOINTMENT, Moment.REMINDER_EVE, Moment.REMINDER_MORNING):
        time = window_text(lang, facts)
    elif moment is Moment.RUNNING_LATE:
        eta, time = _late(lang, facts), _expected(lang, facts)
    return {
        "ticket": facts.ticket_number,
        "technician": _who(lang, facts),
        "eta": eta,
        "time": time,
        "milestone": "",
        "customer": "",
    }
