"""Every message the outbox can hold gives back the facts it was rendered from, so a template
filled from them says what the customer or the technician was told; and a template file
that could not work is refused at start-up."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from dispatch_console.domain.notifications import Moment, Notification, NotifyChannel
from dispatch_console.domain.notify_templates import DEFAULT_ZONE, Facts, hm, render
from dispatch_console.domain.sla import Milestone
from dispatch_console.domain.staff_alerts import AlertFacts, render_alert
from dispatch_console.notify.sms_facts import FACTS, PATTERNS, read_facts
from dispatch_console.notify.sms_templates import TemplateError, facts_of, load

AT = datetime(2026, 12, 7, 6, 30, tzinfo=UTC)  # 14:30 in Shanghai
CUSTOMER = [
    m
    for m in Moment
    if m.value not in ("deadline_near", "escalated", "deadline_missed", "tech_late")
]
STAFF = [Moment.DEADLINE_NEAR, Moment.ESCALATED, Moment.DEADLINE_MISSED, Moment.TECH_LATE]


def _n(moment: Moment, language: str, body: str) -> Notification:
    return Notification(
        7, 1, 1, moment, NotifyChannel.SMS, "+8613812345678", language, "", body,
        "k", AT, AT,
    )  # fmt: skip


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("moment", CUSTOMER)
@pytest.mark.parametrize(
    ("technician", "eta", "arrive_by"),
    [("王", 25, None), ("Wei", None, AT), ("", None, None)],
)
def test_a_customer_text_gives_back_its_facts(
    moment: Moment, language: str, technician: str, eta: int | None, arrive_by: datetime | None
) -> None:
    facts = Facts("T-2026-0042", "李雷", technician, eta, arrive_by, callback_at=AT)
    body = render(moment, NotifyChannel.SMS, language, facts).body
    got = read_facts(_n(moment, language, body), desk="示例客服", link="https://s.example.cn")
    assert got is not None, body
    assert got["ticket"] == "T-2026-0042" and got["desk"] == "示例客服"
    assert got["link"] == "https://s.example.cn"
    if moment in (Moment.ASSIGNED, Moment.EN_ROUTE, Moment.ON_SITE):
        zh = "王师傅" if technician == "王" else f"{technician}师傅" if technician else "维修师傅"
        en = f"Technician {technician}" if technician else "A technician"
        assert got["technician"] == (en if language == "en" else zh)
    if moment in (Moment.ASSIGNED, Moment.EN_ROUTE):
        expected = {
            ("zh_CN", 25): "25分钟内", ("en", 25): "in about 25 min",
            ("zh_CN", None): f"{hm(AT, DEFAULT_ZONE)}前" if arrive_by else "尽快",
            ("en", None): f"by {hm(AT, DEFAULT_ZONE)}" if arrive_by else "soon",
        }[(language, eta)]  # fmt: skip
        assert got["eta"] == expected
    if moment is Moment.CALLBACK_SCHEDULED:
        assert got["time"] == "12-07 14:30"


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("moment", STAFF)
@pytest.mark.parametrize(("customer", "technician"), [("东方大厦（B座）", "朱伟"), ("", "")])
def test_a_staff_alert_gives_back_its_facts(
    moment: Moment, language: str, customer: str, technician: str
) -> None:
    facts = AlertFacts("T-2026-0042", Milestone.ARRIVAL, AT, customer, technician)
    body = render_alert(moment, NotifyChannel.SMS, language, facts).body
    got = read_facts(_n(moment, language, body))
    assert got is not None, body
    assert (got["ticket"], got["customer"], got["time"]) == ("T-2026-0042", customer, "12-07 14:30")
    assert got["milestone"] == ("arrival" if language == "en" else "上门")
    if moment is not Moment.DEADLINE_NEAR:
        nobody = "nobody yet" if language == "en" else "未派单"
        assert got["technician"] == (technician or nobody)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("moment", list(Moment))
@pytest.mark.parametrize(
    ("technician", "eta", "arrive_by"), [("王", 25, None), ("Wei", None, AT), ("", None, None)]
)
def test_the_facts_stored_at_queue_time_are_those_the_text_says(
    moment: Moment, language: str, technician: str, eta: int | None, arrive_by: datetime | None
) -> None:
    """Texts queued since migration 0016 carry their facts; older ones are read back from the
    wording. Both give the same value wherever the text states it."""
    if moment in STAFF:
        message = render_alert(moment, NotifyChannel.SMS, language, AlertFacts(
            "T-2026-0042", Milestone.ARRIVAL, AT, "东方大厦", technician))  # fmt: skip
    else:
        facts = Facts("T-2026-0042", "李雷", technician, eta, arrive_by, callback_at=AT)
        message = render(moment, NotifyChannel.SMS, language, facts)
    stored = message.params
    assert stored is not None and set(stored) == set(FACTS) - {"desk", "link"}
    pattern = PATTERNS[(moment, "en" if language == "en" else "zh_CN")]
    match = pattern.match(message.body)
    assert match is not None
    said = {k: v for k, v in match.groupdict().items() if v}
    assert said and {k: stored[k] for k in said} == said
    n = _n(moment, language, message.body)
    n.template_params = stored
    filled = facts_of(n, desk="示例客服", link="https://s.example.cn")
    assert filled == {**stored, "desk": "示例客服", "link": "https://s.example.cn"}


def test_an_email_carries_no_template_parameters() -> None:
    message = render(Moment.ASSIGNED, NotifyChannel.EMAIL, "zh_CN", Facts("T-1", technician="王"))
    assert message.params is None


def test_a_text_that_is_not_ours_gives_nothing_back() -> None:
    assert read_facts(_n(Moment.ASSIGNED, "zh_CN", "您好，这是一条自由文本")) is None


def test_a_kind_without_a_template_is_refused_with_its_reason(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text('[received]\ntemplate = "SMS_1"\nparams = { code = "ticket" }\n', "utf-8")
    book = load(path, positional=False)
    assert Moment.ASSIGNED in book.missing() and Moment.RECEIVED not in book.missing()
    body = render(Moment.ASSIGNED, NotifyChannel.SMS, "zh_CN", Facts("T-1", technician="王")).body
    assert book.fill(_n(Moment.ASSIGNED, "zh_CN", body)) == (
        "no approved SMS template for 'assigned' (add [assigned] to the template file)"
    )


@pytest.mark.parametrize(
    ("text", "positional", "says"),
    [
        ('[arrived]\ntemplate = "SMS_1"', False, "unknown kind [arrived]"),
        ('[received]\nparams = { code = "ticket" }', False, "needs template ="),
        ('[received]\ntemplate = "SMS_1"\nparams = { code = "number" }', False, "'number'"),
        ('[received]\ntemplate = "1"\nparams = { code = "ticket" }', True, "must be a list"),
        ('[received]\ntemplate = "SMS_1"\nparams = ["ticket"]', False, "must be a table"),
        ("[received", False, "SMS template file"),
    ],
)
def test_a_template_file_that_cannot_work_is_refused_at_start(
    tmp_path: Path, text: str, positional: bool, says: str
) -> None:
    path = tmp_path / "t.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(TemplateError, match=says.replace("[", r"\[").replace("]", r"\]")):
        load(path, positional)
