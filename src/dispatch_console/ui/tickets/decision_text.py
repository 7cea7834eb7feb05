"""The automatic decisions in a ticket's timeline, in the agent's language: what the routing
rules set, whom auto-dispatch chose or why it left the job to a person, and who declined."""

from __future__ import annotations

import re
from datetime import datetime
from html import escape
from typing import Any

from PySide6.QtCore import QCoreApplication

from ...domain.enums import Priority
from ...domain.events import Event
from ...domain.timeline import TicketHistory
from .labels import priority_label


def fill(template: str, *values: str) -> str:
    """%1, %2 ... in one pass: a value holding "%2" stays as it is."""
    return re.sub(r"%(\d)", lambda m: values[int(m.group(1)) - 1], template)


def decision_html(e: Event, history: TicketHistory) -> str:
    p: dict[str, Any] = e.payload
    if e.kind == "routed":
        names = "、".join(f"“{escape(str(r.get('name', '')))}”" for r in p.get("rules", []))
        parts = []
        if p.get("department"):
            parts.append(fill(QCoreApplication.translate("decisions", "department %1"),
                               escape(str(p["department"]))))  # fmt: skip
        if p.get("priority"):
            parts.append(priority_label(Priority(p["priority"])))
        if p.get("skills"):
            parts.append(fill(QCoreApplication.translate("decisions", "needs %1"),
                               escape(", ".join(p["skills"]))))  # fmt: skip
        if p.get("watchers"):
            parts.append(fill(QCoreApplication.translate("decisions", "watched by %1"),
                               escape(", ".join(p["watchers"]))))  # fmt: skip
        if p.get("auto_dispatch") and p.get("auto_dispatch_within"):
            parts.append(fill(QCoreApplication.translate(
                "decisions", "auto-dispatch when someone scores %1 min or less"),
                str(p["auto_dispatch_within"])))  # fmt: skip
        elif p.get("auto_dispatch"):
            parts.append(QCoreApplication.translate("decisions", "auto-dispatch"))
        return fill(
            QCoreApplication.translate("decisions", "Routing rule %1: %2"), names,
            " · ".join(parts),
        )  # fmt: skip
    if e.kind == "auto_dispatch":
        return _auto(p)
    if e.kind == "escalated":
        return _escalated(p)
    if e.kind == "declined":
        who = history.technician_names.get(int(p.get("technician_id") or 0), "")
        text = fill(QCoreApplication.translate("decisions", "%1 declined the job"),
                     escape(who))  # fmt: skip
        return text + (f": {escape(str(p['reason']))}" if p.get("reason") else "")
    if e.kind == "running_late":
        who = history.technician_names.get(int(p.get("technician_id") or 0), "")
        late = QCoreApplication.translate(
            "decisions", "%1 is running about %2 min late; expected by %3"
        )
        return fill(late, escape(who), str(p.get("minutes", "")), _local(p.get("expected_at")))
    if e.kind == "reschedule_requested":
        return fill(
            QCoreApplication.translate("decisions", "The customer asks for another time: %1"),
            escape(str(p.get("wish", ""))),
        )  # fmt: skip
    return escape(e.kind)


def _local(iso: object) -> str:
    """An event's time on this console's clock."""
    try:
        return datetime.fromisoformat(str(iso)).astimezone().strftime("%m-%d %H:%M")
    except ValueError:
        return ""


def _auto(p: dict[str, Any]) -> str:
    code = p.get("code")
    suggested = ", ".join(
        f"{escape(str(s.get('name', '')))} ({float(s.get('score', 0)):.0f})"
        for s in p.get("suggestions", [])
    )
    if code == "assigned":
        best = (p.get("suggestions") or [{}])[0]
        text = fill(
            QCoreApplication.translate(
                "decisions", "Auto-dispatch assigned %1: the best candidate (score %2 min)"
            ),
            escape(str(p.get("technician") or best.get("name", ""))),
            f"{float(best.get('score', 0)):.0f}",
        )
        if p.get("visit_at"):  # booked at their earliest slot
            at = datetime.fromisoformat(str(p["visit_at"])).astimezone()
            text += " · " + fill(
                QCoreApplication.translate("decisions", "visit booked for %1"),
                f"{at:%m-%d %H:%M}",
            )
        return text
    why = {
        "score_too_high": QCoreApplication.translate(
            "decisions", "no candidate is near enough to send without asking"
        ),
        "late": QCoreApplication.translate(
            "decisions", "the best candidate would arrive after the deadline"
        ),
        "no_candidate": QCoreApplication.translate(
            "decisions", "no technician is free, skilled and in reach"
        ),
        "no_slot": QCoreApplication.translate(
            "decisions", "no suitable technician has free time in the window"
        ),
        "all_declined": QCoreApplication.translate(
            "decisions", "every suitable technician has declined"
        ),
        "cannot_rank": QCoreApplication.translate("decisions", "the ticket has no site to rank by"),
        "overtaken": QCoreApplication.translate("decisions", "someone dispatched it first"),
    }.get(str(code), escape(str(p.get("reason", ""))))
    if code == "score_too_high" and p.get("within"):
        limit = QCoreApplication.translate(
            "decisions", "nobody scores %1 min or less, the rule's limit"
        )
        why = fill(limit, str(p["within"]))
    text = fill(QCoreApplication.translate("decisions", "Auto-dispatch left this to you: %1"),
                 why)  # fmt: skip
    if suggested:
        text += " · " + fill(QCoreApplication.translate("decisions", "suggested: %1"), suggested)
    return text


def _escalated(p: dict[str, Any]) -> str:
    milestone = {
        "response": QCoreApplication.translate("decisions", "response"),
        "arrival": QCoreApplication.translate("decisions", "arrival"),
        "resolution": QCoreApplication.translate("decisions", "resolution"),
    }.get(str(p.get("milestone")), escape(str(p.get("milestone"))))
    level = str(p.get("level"))
    if level == "assignee":
        text = QCoreApplication.translate(
            "decisions", "SLA: the %1 deadline is near; the technician was told"
        )
    elif level == "supervisor":
        text = QCoreApplication.translate(
            "decisions", "SLA: the %1 deadline is near; the supervisor was told"
        )
    elif p.get("redispatch"):
        text = QCoreApplication.translate(
            "decisions", "SLA: the %1 deadline was missed; back for dispatch"
        )
    else:
        text = QCoreApplication.translate("decisions", "SLA: the %1 deadline was missed")
    return f'<span style="color:#c62828">{fill(text, milestone)}</span>'
