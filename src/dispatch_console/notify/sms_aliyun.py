"""Aliyun SMS (Dysmsapi 2017-05-25, `SendSms`): an RPC request, POSTed as a form, signed with
signature v1 (sms_signing.py says why that one and why not the SDK).

PhoneNumbers is the mainland number without +86 (other countries: the country code and
number, no +); OutId carries our notification key, and QuerySendDetails finds it again after
a crash. An answer is JSON with Code "OK" and a BizId, or a Code and Message: business
refusals come with HTTP 200, signing and throttling ones with 4xx/5xx."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ..domain.notifications import Notification
from .sms_cloud import Outcome, TemplateSmsSender
from .sms_signing import aliyun_signature
from .sms_templates import Filled

ENDPOINT = "https://dysmsapi.aliyuncs.com/"
VERSION = "2017-05-25"
# the gateway lists a number's texts by Beijing day, whatever the desk's own zone (Aliyun's
# clock, not a desk setting)
ALIYUN_DAYS = ZoneInfo("Asia/Shanghai")
DELIVERY_FAILED = 2  # QuerySendDetails' SendStatus: 1 waiting for the receipt, 3 delivered

WORDS = {
    "isv.BUSINESS_LIMIT_CONTROL": "too many texts to this number for now: tried again later",
    "isv.DAY_LIMIT_CONTROL": "the day's limit is reached: tried again later",
    "Throttling.User": "too many requests: tried again later",
    "isv.MOBILE_NUMBER_ILLEGAL": "not a valid mobile number",
    "isv.BLACK_KEY_CONTROL_LIMIT": "the number or the wording is blocked",
    "isv.PARAM_LENGTH_LIMIT": "a parameter is longer than the template allows",
    "isv.TEMPLATE_MISSING_PARAMETERS": "the template file lacks a parameter the approved "
    "template has: fix --sms-templates, then it is sent",
    "isv.SMS_TEMPLATE_ILLEGAL": "the template code is not an approved template of this account",
    "isv.SMS_SIGNATURE_ILLEGAL": "the sign name is not an approved signature of this account",
    "isv.AMOUNT_NOT_ENOUGH": "the account's balance is too low",
    "isv.OUT_OF_SERVICE": "the account is suspended (overdue)",
    "SignatureDoesNotMatch": "the AccessKey Secret is wrong",
    "InvalidAccessKeyId.NotFound": "no such AccessKey ID",
    "InvalidTimeStamp.Expired": "this computer's clock is off",
}
GIVE_UP = (
    "isv.MOBILE_NUMBER_ILLEGAL", "isv.BLACK_KEY_CONTROL_LIMIT", "isv.PARAM_LENGTH_LIMIT",
    "isv.PARAM_NOT_SUPPORT_URL", "isv.INVALID_JSON_PARAM", "isv.MOBILE_COUNT_OVER_LIMIT",
    "isv.DOMESTIC_NUMBER_NOT_SUPPORTED", "isv.SMS_CONTENT_ILLEGAL",
)  # fmt: skip


def aliyun_number(e164: str) -> str:
    digits = e164.lstrip("+")
    return digits[2:] if digits.startswith("86") else digits


class AliyunSmsSender(TemplateSmsSender):
    provider = "Aliyun"
    words = WORDS
    give_up = GIVE_UP

    @property
    def endpoint(self) -> str:
        return self.settings.sms_endpoint or ENDPOINT

    def _call(self, action: str, params: dict[str, str]) -> dict[str, Any]:
        s = self.settings
        common = {
            "AccessKeyId": s.sms_access_key_id, "Action": action, "Format": "JSON",
            "RegionId": s.sms_region or "cn-hangzhou", "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": uuid.uuid4().hex, "SignatureVersion": "1.0",
            "Timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "Version": VERSION,
        }  # fmt: skip
        form = {**common, **params}
        form["Signature"] = aliyun_signature("POST", form, s.sms_access_key_secret)
        response = self.session.post(self.endpoint, data=form, timeout=s.timeout_s)
        if response.status_code >= 500 and not response.content.strip().startswith(b"{"):
            return {"Code": f"HTTP {response.status_code}", "Message": response.reason}
        data = response.json()
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        return data

    def request(self, n: Notification, filled: Filled) -> Outcome:
        data = self._call("SendSms", {
            "PhoneNumbers": aliyun_number(n.recipient), "SignName": self.settings.sms_sign_name,
            "TemplateCode": filled.code,
            "TemplateParam": json.dumps(filled.named, ensure_ascii=False, separators=(",", ":")),
            "OutId": n.message_key,
        })  # fmt: skip
        code = str(data.get("Code", ""))
        if code == "OK":
            return Outcome(True, ref=str(data.get("BizId") or "") or None)
        return Outcome(False, code=code or "no Code", message=str(data.get("Message", "")))

    def already_sent(self, n: Notification) -> str | None:
        """Aliyun lists a number's texts by day (China's): the notification's day and today."""
        first = n.created_at.astimezone(ALIYUN_DAYS).date()
        today = datetime.now(ALIYUN_DAYS).date()
        days = sorted({first, today} if today - first <= timedelta(days=30) else {today})
        for day in days:
            data = self._call("QuerySendDetails", {
                "PhoneNumber": aliyun_number(n.recipient), "SendDate": day.strftime("%Y%m%d"),
                "PageSize": "50", "CurrentPage": "1",
            })  # fmt: skip
            records = (data.get("SmsSendDetailDTOs") or {}).get("SmsSendDetailDTO") or []
            for r in records:
                if r.get("OutId") == n.message_key and r.get("SendStatus") != DELIVERY_FAILED:
                    return f"sent before (OutId {n.message_key})"
        return None
