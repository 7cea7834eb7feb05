"""Tencent Cloud SMS (API 2021-01-11, `SendSms`): a JSON POST signed with TC3-HMAC-SHA256
(sms_signing.py says why not the SDK), the common parameters in X-TC-* headers.

PhoneNumberSet holds the E.164 number; TemplateParamSet the template's values in order
({1}, {2} ...); SessionContext our notification key, which PullSmsSendStatusByPhoneNumber
reports back with the number's delivery receipts, so a crash does not text twice. A request
refused as a whole answers Response.Error; otherwise each number has its own Code in
SendStatusSet ("Ok", or why not)."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlsplit

from ..domain.notifications import Notification
from .sms_cloud import Outcome, TemplateSmsSender
from .sms_signing import TC3_CONTENT_TYPE, tc3_authorization
from .sms_templates import Filled

ENDPOINT = "https://sms.tencentcloudapi.com/"
VERSION = "2021-01-11"

WORDS = {
    "LimitExceeded.PhoneNumberThirtySecondLimit": "too many texts to this number for now: "
    "tried again later",
    "LimitExceeded.PhoneNumberOneHourLimit": "the hour's limit for this number: tried again later",
    "LimitExceeded.PhoneNumberDailyLimit": "the day's limit for this number: tried again later",
    "RequestLimitExceeded": "too many requests: tried again later",
    "InvalidParameterValue.IncorrectPhoneNumber": "not a valid mobile number",
    "FailedOperation.PhoneNumberInBlacklist": "the number has unsubscribed or is blocked",
    "FailedOperation.ContainSensitiveWord": "a parameter holds a forbidden word",
    "InvalidParameterValue.TemplateParameterLengthLimit": "a parameter is too long",
    "FailedOperation.TemplateParamSetNotMatchApprovedTemplate": "the template file gives a "
    "different number of parameters than the approved template has: fix --sms-templates",
    "FailedOperation.TemplateIncorrectOrUnapproved": "the template id is not approved",
    "FailedOperation.SignatureIncorrectOrUnapproved": "the sign name is not approved",
    "FailedOperation.InsufficientBalanceInSmsPackage": "the SMS package is used up",
    "AuthFailure.SignatureFailure": "the SecretKey is wrong",
    "AuthFailure.SecretIdNotFound": "no such SecretId",
    "AuthFailure.SignatureExpire": "this computer's clock is off",
}
GIVE_UP = (
    "InvalidParameterValue.IncorrectPhoneNumber", "FailedOperation.PhoneNumberInBlacklist",
    "FailedOperation.PhoneNumberParseFail", "FailedOperation.ContainSensitiveWord",
    "InvalidParameterValue.TemplateParameterLengthLimit",
    "InvalidParameterValue.ContentLengthLimit",
    "InvalidParameterValue.ProhibitedUseUrlInTemplateParameter",
    "UnsupportedOperation.",
)  # fmt: skip


class TencentSmsSender(TemplateSmsSender):
    provider = "Tencent"
    words = WORDS
    give_up = GIVE_UP

    @property
    def endpoint(self) -> str:
        return self.settings.sms_endpoint or ENDPOINT

    def _call(self, action: str, body: dict[str, Any]) -> dict[str, Any]:
        s = self.settings
        payload = json.dumps(body, ensure_ascii=False).encode()
        host = urlsplit(self.endpoint).netloc
        now = int(time.time())
        headers = {
            "Authorization": tc3_authorization(
                s.sms_access_key_id, s.sms_access_key_secret, "sms", host, now, payload
            ),
            "Content-Type": TC3_CONTENT_TYPE, "Host": host, "X-TC-Action": action,
            "X-TC-Timestamp": str(now), "X-TC-Version": VERSION,
            "X-TC-Region": s.sms_region or "ap-guangzhou",
        }  # fmt: skip
        response = self.session.post(self.endpoint, data=payload, headers=headers,
                                     timeout=s.timeout_s)  # fmt: skip
        if response.status_code >= 500 and not response.content.strip().startswith(b"{"):
            return {"Error": {"Code": f"HTTP {response.status_code}", "Message": response.reason}}
        answer = response.json()["Response"]
        if not isinstance(answer, dict):
            raise ValueError("no Response object")
        return answer

    def request(self, n: Notification, filled: Filled) -> Outcome:
        answer = self._call("SendSms", {
            "PhoneNumberSet": [n.recipient], "SmsSdkAppId": self.settings.sms_app_id,
            "SignName": self.settings.sms_sign_name, "TemplateId": filled.code,
            "TemplateParamSet": filled.ordered, "SessionContext": n.message_key,
        })  # fmt: skip
        error = answer.get("Error")
        if error:
            return Outcome(False, code=str(error.get("Code")), message=str(error.get("Message")))
        [status] = answer["SendStatusSet"]  # one number asked, one answer
        if status.get("Code") == "Ok":
            return Outcome(True, ref=str(status.get("SerialNo") or "") or None)
        return Outcome(False, code=str(status.get("Code")), message=str(status.get("Message")))

    def already_sent(self, n: Notification) -> str | None:
        answer = self._call("PullSmsSendStatusByPhoneNumber", {
            "BeginTime": int(n.created_at.timestamp()), "EndTime": int(time.time()),
            "Offset": 0, "Limit": 100, "PhoneNumber": n.recipient,
            "SmsSdkAppId": self.settings.sms_app_id,
        })  # fmt: skip
        for status in answer.get("PullSmsSendStatusSet") or []:
            if status.get("SessionContext") == n.message_key:
                return str(status.get("SerialNo") or f"sent before ({n.message_key})")
        return None
