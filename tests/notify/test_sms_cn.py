"""Texts through Aliyun SMS and Tencent Cloud SMS, each a real process on loopback that checks
the request signing: the approved template and signature go out with the notification's
facts and key; throttling is tried again on the outbox's schedule; a number the provider
refuses is given up with the provider's reason; a settings mistake (wrong secret, a template
one parameter short) keeps the text waiting, its reason in words; a kind with no approved
template never goes out as free text."""

from __future__ import annotations

from pathlib import Path

from conftest import FakeClock
from dispatch_console.domain.notifications import BACKOFF, Notification
from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.notify.settings import NotifySettings
from dispatch_console.notify.worker import NotificationWorker, sms_sender
from dispatch_console.services import Services

from .sms_cn_fixtures import SIGN, FakeProvider

THROTTLED = {"aliyun": "isv.BUSINESS_LIMIT_CONTROL",
             "tencent": "LimitExceeded.PhoneNumberThirtySecondLimit"}  # fmt: skip


def _worker(desk: Services, settings: NotifySettings) -> NotificationWorker:
    return NotificationWorker(desk, {"sms": sms_sender(settings)}, on_status=lambda _: None)  # type: ignore[dict-item]


def _ticket(desk: Services, phone: str = "13812345678") -> int:
    customer = desk.create_customer("李雷", [phone])
    return desk.create_ticket(
        TicketDraft("phone", "hvac", "normal", "空调漏水", customer_id=customer.id)
    ).id


def _sms(desk: Services, ticket_id: int, moment: str = "received") -> Notification:
    [n] = [n for n in desk.list_notifications(ticket_id) if n.moment.value == moment]
    return n


def test_the_received_text_goes_out_as_the_approved_template_with_its_facts(
    desk: Services, provider: FakeProvider
) -> None:
    ticket_id = _ticket(desk)
    assert _worker(desk, provider.settings()).run_once() == 1
    sms = _sms(desk, ticket_id)
    [text] = provider.delivered()
    number = desk.get_ticket(ticket_id).number
    if provider.kind == "aliyun":
        assert (text["to"], text["template"], text["params"]) == (
            "13812345678",
            "SMS_465380001",
            {"code": number},
        )
        assert sms.provider_ref == text["biz"]
    else:
        assert (text["to"], text["template"], text["params"]) == (
            "+8613812345678",
            "2001",
            [number],
        )
        assert sms.provider_ref == text["serial"]
    assert (text["key"], text["sign"]) == (sms.message_key, SIGN)  # OutId / SessionContext
    assert (sms.status.value, sms.attempts, sms.last_error) == ("sent", 1, None)


def test_a_wrong_secret_is_refused_by_the_provider_and_the_text_waits_with_the_reason(
    desk: Services, provider: FakeProvider
) -> None:
    ticket_id = _ticket(desk)
    _worker(desk, provider.settings(secret="not-the-secret")).run_once()
    sms = _sms(desk, ticket_id)
    assert sms.status.value == "pending" and provider.delivered() == []
    expected = {
        "aliyun": "Aliyun SignatureDoesNotMatch: Specified signature is not matched with our "
        "calculation. (the AccessKey Secret is wrong)",
        "tencent": "Tencent AuthFailure.SignatureFailure: The provided credentials could not be "
        "validated. Please check your signature is correct. (the SecretKey is wrong)",
    }[provider.kind]
    assert sms.last_error == expected


def test_throttling_is_tried_again_after_the_backoff_and_sent_once(
    desk: Services, provider: FakeProvider, clock: FakeClock
) -> None:
    ticket_id = _ticket(desk)
    provider.control(answers=[THROTTLED[provider.kind]])
    worker = _worker(desk, provider.settings())
    worker.run_once()
    sms = _sms(desk, ticket_id)
    assert sms.status.value == "pending" and THROTTLED[provider.kind] in (sms.last_error or "")
    assert "tried again later" in (sms.last_error or "")
    assert sms.next_attempt_at == clock.now() + BACKOFF[0]
    clock.advance(BACKOFF[0])
    worker.run_once()
    sms = _sms(desk, ticket_id)
    assert (sms.status.value, sms.attempts) == ("sent", 2)
    assert len(provider.delivered()) == 1


def test_a_number_the_provider_calls_illegal_is_given_up_with_its_reason(
    desk: Services, provider: FakeProvider, clock: FakeClock
) -> None:
    # valid to us, refused by the carrier (a number gone out of service, a blocked range)
    illegal = {"aliyun": "isv.MOBILE_NUMBER_ILLEGAL",
               "tencent": "InvalidParameterValue.IncorrectPhoneNumber"}[provider.kind]  # fmt: skip
    provider.control(answers=[illegal])
    ticket_id = _ticket(desk, "17012345678")
    _worker(desk, provider.settings()).run_once()
    sms = _sms(desk, ticket_id)
    assert sms.status.value == "failed" and provider.delivered() == []
    assert (
        sms.last_error
        == {
            "aliyun": "Aliyun isv.MOBILE_NUMBER_ILLEGAL: 非法手机号 (not a valid mobile number)",
            "tencent": "Tencent InvalidParameterValue.IncorrectPhoneNumber: invalid mobile number "
            "(not a valid mobile number)",
        }[provider.kind]
    )
    clock.advance(days=1)
    assert _worker(desk, provider.settings()).run_once() == 0


SHORT = {  # `received` pointed at the template that also shows the desk, without it
    "aliyun": ('[received]\ntemplate = "SMS_465380003"\nparams = { code = "ticket" }\n',
               '[received]\ntemplate = "SMS_465380003"\n'
               'params = { code = "ticket", desk = "desk" }\n'),
    "tencent": ('[received]\ntemplate = "2003"\nparams = ["ticket"]\n',
                '[received]\ntemplate = "2003"\nparams = ["ticket", "desk"]\n'),
}  # fmt: skip
MISSING = {"aliyun": "isv.TEMPLATE_MISSING_PARAMETERS",
           "tencent": "FailedOperation.TemplateParamSetNotMatchApprovedTemplate"}  # fmt: skip


def test_a_template_one_parameter_short_waits_for_the_template_file_to_be_fixed(
    desk: Services, provider: FakeProvider, clock: FakeClock
) -> None:
    short, fixed = SHORT[provider.kind]
    provider.templates_file.write_text(short, "utf-8")
    ticket_id = _ticket(desk)
    _worker(desk, provider.settings()).run_once()
    sms = _sms(desk, ticket_id)
    assert sms.status.value == "pending" and provider.delivered() == []
    assert MISSING[provider.kind] in (sms.last_error or "")
    assert "fix --sms-templates" in (sms.last_error or "")

    provider.templates_file.write_text(fixed, "utf-8")  # the desk fixes it and restarts
    clock.advance(BACKOFF[0])
    _worker(desk, provider.settings()).run_once()
    assert _sms(desk, ticket_id).status.value == "sent"
    [text] = provider.delivered()
    values = text["params"].values() if provider.kind == "aliyun" else text["params"]
    assert SIGN in values


def test_a_kind_without_an_approved_template_fails_and_is_never_sent_as_free_text(
    desk: Services, provider: FakeProvider, tmp_path: Path
) -> None:
    provider.templates_file.write_text(
        provider.templates_file.read_text("utf-8").replace("[received]", "[on_site]"), "utf-8"
    )
    ticket_id = _ticket(desk)
    _worker(desk, provider.settings()).run_once()
    sms = _sms(desk, ticket_id)
    assert sms.status.value == "failed"
    assert sms.last_error == (
        "no approved SMS template for 'received' (add [received] to the template file)"
    )
    assert provider.state()["requests"] == 0
