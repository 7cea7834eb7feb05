"""Which channels a customer is told by, what they read in each language, and the retry rhythm."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dispatch_console.domain.notifications import (
    BACKOFF,
    MAX_ATTEMPTS,
    Moment,
    NotifyChannel,
    Reach,
    channels_for,
    clean_channels,
    is_mobile,
    mask_phone,
    retry_after,
)
from dispatch_console.domain.notify_templates import Facts, render

EMAIL, SMS = NotifyChannel.EMAIL, NotifyChannel.SMS
REACH = Reach(email="a@example.cn", mobile="+8613812345678")


def test_every_channel_the_customer_can_be_reached_by_and_allows() -> None:
    assert channels_for(REACH) == [(EMAIL, "a@example.cn"), (SMS, "+8613812345678")]
    assert channels_for(Reach(None, "+8613812345678")) == [(SMS, "+8613812345678")]
    assert channels_for(Reach("a@example.cn", None, wants_email=False)) == []
    only_sms = Reach("a@example.cn", "+8613812345678", contract_channels=("sms",))
    assert channels_for(only_sms) == [(SMS, "+8613812345678")]
    assert channels_for(Reach("a@example.cn", "+8613812345678", contract_channels=())) == []


def test_contract_channels_are_checked() -> None:
    assert clean_channels(["SMS", "email", "sms"]) == ("email", "sms")
    with pytest.raises(ValueError, match="fax"):
        clean_channels(["fax"])


def test_only_mobiles_get_texts_and_the_console_shows_them_masked() -> None:
    assert is_mobile("+8613812345678") and not is_mobile("+862155556666")
    assert mask_phone("+8613812345678") == "+86138****5678"


def test_backoff_grows_then_gives_up() -> None:
    waits = [retry_after(n) for n in range(1, MAX_ATTEMPTS + 1)]
    assert waits == [*BACKOFF, None]
    assert waits[0] == timedelta(minutes=1) and BACKOFF[-1] == timedelta(hours=6)


FACTS = Facts(
    "T0000042", "李雷", technician="王", eta_minutes=25,
    callback_at=datetime(2026, 3, 2, 6, 30, tzinfo=UTC),
)  # fmt: skip


@pytest.mark.parametrize("moment", list(Moment))
def test_every_moment_reads_in_chinese_and_english_and_names_the_ticket(moment: Moment) -> None:
    for lang in ("zh_CN", "en"):
        sms = render(moment, SMS, lang, FACTS)
        mail = render(moment, EMAIL, lang, FACTS)
        assert "T0000042" in sms.body and "T0000042" in mail.subject
        assert sms.subject == "" and len(sms.body) <= 70 * (1 if lang == "zh_CN" else 3)
        if lang == "zh_CN":
            assert "工单" in sms.body + mail.subject and sms.body.endswith("退订请告知客服")
            assert mail.body.startswith("李雷您好：")
        else:
            assert sms.body.endswith("tell our service desk.")


def test_the_assigned_text_names_the_technician_and_eta_as_customers_say_it() -> None:
    zh = render(Moment.ASSIGNED, SMS, "zh_CN", FACTS).body
    assert "王师傅" in zh and "预计25分钟内到达" in zh
    en = render(Moment.ASSIGNED, SMS, "en", Facts("T1", technician="Wei")).body
    assert en.startswith("Technician Wei will handle ticket T1")
    by = Facts("T1", arrive_by=datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    assert "预计03-02 16:00前上门" in render(Moment.EN_ROUTE, SMS, "zh_CN", by).body
    callback = render(Moment.CALLBACK_SCHEDULED, SMS, "zh_CN", FACTS).body
    assert "03-02 14:30" in callback and "回电" in callback  # Shanghai time
