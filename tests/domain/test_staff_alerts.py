"""What staff are told as a deadline nears: who hears at which level, and the words."""

from __future__ import annotations

from datetime import UTC, datetime

from dispatch_console.domain.escalation import Level
from dispatch_console.domain.notifications import Moment, NotifyChannel
from dispatch_console.domain.sla import Milestone
from dispatch_console.domain.staff_alerts import (
    AlertFacts,
    assignee_moment,
    render_alert,
    supervisor_moment,
)

DUE = datetime(2026, 11, 27, 6, 30, tzinfo=UTC)  # 14:30 in Shanghai


def test_the_technician_hears_once_and_supervisors_at_their_levels() -> None:
    assert assignee_moment(Level.NONE) is None
    assert assignee_moment(Level.ASSIGNEE) is Moment.DEADLINE_NEAR
    assert assignee_moment(Level.SUPERVISOR) is Moment.DEADLINE_NEAR  # assigned late: still near
    assert assignee_moment(Level.BREACHED) is Moment.DEADLINE_MISSED
    assert supervisor_moment(Level.ASSIGNEE) is None
    assert supervisor_moment(Level.SUPERVISOR) is Moment.ESCALATED
    assert supervisor_moment(Level.BREACHED) is Moment.DEADLINE_MISSED


def test_alerts_say_which_ticket_which_deadline_when_and_who() -> None:
    facts = AlertFacts("T0000042", Milestone.ARRIVAL, DUE, "华联大厦", "朱伟")
    text = render_alert(Moment.DEADLINE_NEAR, NotifyChannel.SMS, "zh_CN", facts)
    assert (
        text.subject == ""
        and text.body == "工单T0000042（华联大厦）的上门时限为11-27 14:30，请抓紧处理。"
    )
    assert len(text.body) <= 70  # one Chinese SMS segment
    mail = render_alert(Moment.ESCALATED, NotifyChannel.EMAIL, "en", facts)
    assert mail.subject == "Escalation: T0000042 is near its deadline"
    assert "arrival deadline 11-27 14:30" in mail.body and "technician: 朱伟" in mail.body
    nobody = AlertFacts("T0000042", Milestone.RESPONSE, DUE)
    missed = render_alert(Moment.DEADLINE_MISSED, NotifyChannel.SMS, "zh_CN", nobody)
    assert missed.body == "工单T0000042已超过响应时限（11-27 14:30），尚未派单。"
