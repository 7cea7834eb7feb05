"""SLA alerts to staff away from the console: as a deadline nears, the technician on the job is
told (a text: they are on the road); when it is nearer, or missed, the ticket's supervisors and
the people a routing rule asked to watch it are told, by e-mail and text where they gave them.
They go through the notifications outbox, like customers' messages (queued in the scan's
transaction, sent at least once, retried), but say what staff need: which ticket, which
deadline, when, and who is on it. No opt-out line: these are work messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from .escalation import Level
from .notifications import Moment, NotifyChannel
from .notify_templates import DEFAULT_ZONE, UNKNOWN_ETA, Message, hm
from .sla import Milestone


@dataclass(frozen=True, slots=True)
class AlertFacts:
    ticket_number: str
    milestone: Milestone
    due_at: datetime
    customer: str = ""  # the customer's or site's name, for the technician to place the job
    technician: str = ""  # who is on the job; empty: nobody yet
    zone: ZoneInfo = field(default=DEFAULT_ZONE)  # the desk's (or the ticket department's) clock


def assignee_moment(level: Level) -> Moment | None:
    """What the technician on the job hears at this level. Each technician hears once per
    deadline (the outbox's key says so): at the first step after the job became theirs, so one
    assigned late, or instead of another, is told too; "missed" if it already is."""
    if level < Level.ASSIGNEE:
        return None
    return Moment.DEADLINE_MISSED if level is Level.BREACHED else Moment.DEADLINE_NEAR


def supervisor_moment(level: Level) -> Moment | None:
    """Supervisors and watchers hear "near" at their level and "missed" once it is missed."""
    if level is Level.SUPERVISOR:
        return Moment.ESCALATED
    if level is Level.BREACHED:
        return Moment.DEADLINE_MISSED
    return None


ZH_MILESTONES = {
    Milestone.RESPONSE: "响应",
    Milestone.ARRIVAL: "上门",
    Milestone.RESOLUTION: "完成",
}
EN_MILESTONES = {
    Milestone.RESPONSE: "response",
    Milestone.ARRIVAL: "arrival",
    Milestone.RESOLUTION: "resolution",
}


def _zh(moment: Moment, f: AlertFacts) -> tuple[str, str]:
    n, what, at = f.ticket_number, ZH_MILESTONES[f.milestone], hm(f.due_at, f.zone)
    where = f"（{f.customer}）" if f.customer else ""
    who = f"，负责师傅：{f.technician}" if f.technician else "，尚未派单"
    if moment is Moment.DEADLINE_NEAR:
        return f"工单{n}即将超时", f"工单{n}{where}的{what}时限为{at}，请抓紧处理。"
    if moment is Moment.ESCALATED:
        return f"预警：工单{n}即将超时", f"工单{n}{where}的{what}时限为{at}，即将超时{who}。"
    if moment is Moment.TECH_LATE:
        late = f.technician or "未派单"
        return f"师傅晚到：工单{n}", f"工单{n}{where}：{late}将晚到，预计{at}{what}。"
    return f"超时：工单{n}", f"工单{n}{where}已超过{what}时限（{at}）{who}。"


def _en(moment: Moment, f: AlertFacts) -> tuple[str, str]:
    n, what, at = f.ticket_number, EN_MILESTONES[f.milestone], hm(f.due_at, f.zone)
    where = f" ({f.customer})" if f.customer else ""
    who = f"; technician: {f.technician}" if f.technician else "; not dispatched yet"
    if moment is Moment.DEADLINE_NEAR:
        return (
            f"Deadline near: {n}",
            f"Ticket {n}{where}: the {what} deadline is {at}. Please hurry.",
        )
    if moment is Moment.ESCALATED:
        return (
            f"Escalation: {n} is near its deadline",
            f"Ticket {n}{where}: the {what} deadline {at} is near{who}.",
        )
    if moment is Moment.TECH_LATE:
        late = f.technician or "nobody yet"
        return (
            f"Running late: {n}",
            f"Ticket {n}{where}: {late} is running late; {what} now expected by {at}.",
        )
    return (f"Missed: {n}", f"Ticket {n}{where} missed its {what} deadline ({at}){who}.")


def render_alert(moment: Moment, channel: NotifyChannel, language: str, f: AlertFacts) -> Message:
    lang_en = language == "en"
    subject, sentence = (_en if lang_en else _zh)(moment, f)
    if channel is NotifyChannel.SMS:
        return Message("", sentence, alert_params(language, f))
    footer = (
        "Sent by Dispatch Console's SLA watch."
        if lang_en
        else "此邮件由派单系统的时限监控自动发送。"
    )
    if moment is Moment.TECH_LATE:  # the technician's own word, not the watch's
        footer = "Sent by Dispatch Console." if lang_en else "此邮件由派单系统自动发送。"
    return Message(subject, f"{sentence}\n\n{footer}")


def alert_params(language: str, f: AlertFacts) -> dict[str, str]:
    """A staff text's facts for an approved SMS template, as the text says them."""
    lang = "en" if language == "en" else "zh_CN"
    nobody = "nobody yet" if lang == "en" else "未派单"
    return {
        "ticket": f.ticket_number,
        "technician": f.technician or nobody,
        "eta": UNKNOWN_ETA[lang],
        "time": hm(f.due_at, f.zone),
        "milestone": (EN_MILESTONES if lang == "en" else ZH_MILESTONES)[f.milestone],
        "customer": f.customer,
    }
