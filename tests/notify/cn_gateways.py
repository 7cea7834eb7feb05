"""Stand-ins for Aliyun SMS and Tencent Cloud SMS, each run as its own process, that check
every request's signature as each provider documents it (written here independently of
notify/sms_signing.py, and checked against the published examples in test_sms_signing.py),
answer in the providers' JSON with their error codes and messages, and keep the texts they
"delivered" in a JSON-lines file the tests read.

Neither provider drops a repeated request; neither does the fake: a repeat is a second text.
They do list what was sent (QuerySendDetails, PullSmsSendStatusByPhoneNumber) with our key.

Control: POST /_control {"answers": ["isv.BUSINESS_LIMIT_CONTROL", ...]} answers the next
sends with those codes; {"hold": true} holds the answer to the next text after "delivering"
it (GET /_state then says "holding") until POST /_release.
Usage: python cn_gateways.py aliyun|tencent PORT DELIVERED.jsonl CONFIG.json"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import sys
import threading
import time
import uuid
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

state: dict[str, Any] = {"answers": [], "hold": False, "holding": False, "requests": 0}
sent: list[dict[str, Any]] = []
lock = threading.Lock()
released = threading.Event()

# --- the providers' signing, as their documentation describes it ---------------------------


def check_aliyun(method: str, params: dict[str, str], secrets: dict[str, str]) -> str | None:
    """None if the v1 signature holds, else Aliyun's error code."""
    secret = secrets.get(params.get("AccessKeyId", ""))
    if secret is None:
        return "InvalidAccessKeyId.NotFound"
    unsigned = {k: v for k, v in params.items() if k != "Signature"}
    enc = lambda s: quote(s, safe="~").replace("%7E", "~")  # noqa: E731 - the doc's 3 rules
    query = "&".join(f"{enc(k)}={enc(v)}" for k, v in sorted(unsigned.items()))
    to_sign = f"{method}&{enc('/')}&{enc(query)}"
    mac = hmac.new((secret + "&").encode(), to_sign.encode(), hashlib.sha1).digest()
    ok = hmac.compare_digest(base64.b64encode(mac).decode(), params.get("Signature", ""))
    return None if ok else "SignatureDoesNotMatch"


AUTH = re.compile(
    r"TC3-HMAC-SHA256 Credential=(?P<id>[^/]+)/(?P<date>[\d-]+)/(?P<service>\w+)/tc3_request, "
    r"SignedHeaders=(?P<signed>[\w;-]+), Signature=(?P<sig>[0-9a-f]{64})$"
)


def check_tc3(
    headers: dict[str, str], body: bytes, secrets: dict[str, str], now: float | None = None
) -> str | None:
    """None if the TC3-HMAC-SHA256 signature holds, else Tencent's error code."""
    lower = {k.lower(): v for k, v in headers.items()}
    m = AUTH.match(lower.get("authorization", ""))
    if m is None:
        return "AuthFailure.InvalidAuthorization"
    key = secrets.get(m["id"])
    if key is None:
        return "AuthFailure.SecretIdNotFound"
    stamp = int(lower.get("x-tc-timestamp", "0"))
    if abs((time.time() if now is None else now) - stamp) > 300:
        return "AuthFailure.SignatureExpire"
    signed = m["signed"].split(";")
    canonical_headers = "".join(f"{h}:{lower.get(h, '').strip().lower()}\n" for h in signed)
    canonical = "\n".join(["POST", "/", "", canonical_headers, m["signed"],
                           hashlib.sha256(body).hexdigest()])  # fmt: skip
    day = datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%d")
    scope = f"{day}/{m['service']}/tc3_request"
    to_sign = f"TC3-HMAC-SHA256\n{stamp}\n{scope}\n{hashlib.sha256(canonical.encode()).hexdigest()}"
    k = ("TC3" + key).encode()
    for part in (day, m["service"], "tc3_request"):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    mine = hmac.new(k, to_sign.encode(), hashlib.sha256).hexdigest()
    return (
        None
        if hmac.compare_digest(mine, m["sig"]) and day == m["date"]
        else ("AuthFailure.SignatureFailure")
    )


# --- what each provider says ------------------------------------------------------------------
ALIYUN_MESSAGES = {
    "SignatureDoesNotMatch": "Specified signature is not matched with our calculation.",
    "InvalidAccessKeyId.NotFound": "Specified access key is not found.",
    "isv.BUSINESS_LIMIT_CONTROL": "触发分钟级流控Permits:1",
    "isv.MOBILE_NUMBER_ILLEGAL": "非法手机号",
    "isv.TEMPLATE_MISSING_PARAMETERS": "模板缺少变量",
    "isv.SMS_TEMPLATE_ILLEGAL": "该账号下找不到对应模板",
    "isv.SMS_SIGNATURE_ILLEGAL": "该账号下找不到对应签名",
}
TENCENT_MESSAGES = {
    "AuthFailure.SignatureFailure": "The provided credentials could not be validated. "
    "Please check your signature is correct.",
    "AuthFailure.SecretIdNotFound": "The SecretId is not found, please ensure that your "
    "SecretId is correct.",
    "AuthFailure.SignatureExpire": "Signature expired.",
    "LimitExceeded.PhoneNumberThirtySecondLimit": "the number of SMS messages sent from a "
    "single mobile number within 30 seconds exceeds the upper limit",
    "InvalidParameterValue.IncorrectPhoneNumber": "invalid mobile number",
    "FailedOperation.TemplateParamSetNotMatchApprovedTemplate": "request content does not "
    "match template content",
    "FailedOperation.TemplateIncorrectOrUnapproved": "template is not approved or not exist",
    "FailedOperation.SignatureIncorrectOrUnapproved": "signature is not approved or not exist",
}


class Provider(BaseHTTPRequestHandler):
    kind: str
    config: dict[str, Any]
    delivered: Path

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        with lock:
            self._answer(200, dict(state))

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path == "/_control":
            with lock:
                state.update(json.loads(body or b"{}"))
                released.clear()
            return self._answer(200, {})
        if self.path == "/_release":
            released.set()
            return self._answer(200, {})
        (self._aliyun if self.kind == "aliyun" else self._tencent)(body)

    def _deliver(self, record: dict[str, Any]) -> bool:
        """Keep the text; whether to hold the answer (the crash window)."""
        sent.append(record)
        with self.delivered.open("a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        hold = bool(state["hold"])
        if hold:
            state["hold"], state["holding"] = False, True
        return hold

    def _scripted(self) -> str | None:
        return str(state["answers"].pop(0)) if state["answers"] else None

    # --- Aliyun ------------------------------------------------------------------------------
    def _aliyun(self, body: bytes) -> None:
        params = dict(parse_qsl(urlsplit(self.path).query))
        params.update(parse_qsl(body.decode()))
        rid = str(uuid.uuid4()).upper()

        def refuse(code: str, status: int = 200) -> None:
            self._answer(status, {"Code": code, "Message": ALIYUN_MESSAGES.get(code, code),
                                  "RequestId": rid})  # fmt: skip

        with lock:
            state["requests"] += 1
            bad = check_aliyun(self.command, params, self.config["secrets"])
            if bad:
                return refuse(bad, 400 if bad == "SignatureDoesNotMatch" else 404)
            if params.get("Action") == "QuerySendDetails":
                return self._aliyun_query(params, rid)
            scripted = self._scripted()
            if scripted:
                return refuse(scripted)
            if params.get("SignName") != self.config["sign_name"]:
                return refuse("isv.SMS_SIGNATURE_ILLEGAL")
            variables = self.config["templates"].get(params.get("TemplateCode", ""))
            if variables is None:
                return refuse("isv.SMS_TEMPLATE_ILLEGAL")
            values = json.loads(params.get("TemplateParam") or "{}")
            if any(v not in values for v in variables):
                return refuse("isv.TEMPLATE_MISSING_PARAMETERS")
            if not re.fullmatch(r"1\d{10}", params.get("PhoneNumbers", "")):
                return refuse("isv.MOBILE_NUMBER_ILLEGAL")
            biz = f"{len(sent) + 1}^0"
            hold = self._deliver({
                "key": params.get("OutId", ""), "to": params["PhoneNumbers"],
                "template": params["TemplateCode"], "params": values, "sign": params["SignName"],
                "biz": biz, "date": datetime.now(UTC).strftime("%Y%m%d"),
            })  # fmt: skip
        if hold:
            released.wait(60)
        self._answer(200, {"Code": "OK", "Message": "OK", "BizId": biz, "RequestId": rid})

    def _aliyun_query(self, params: dict[str, str], rid: str) -> None:
        found = [
            {
                "PhoneNum": r["to"],
                "SendStatus": 3,
                "ErrCode": "DELIVERED",
                "OutId": r["key"],
                "TemplateCode": r["template"],
                "Content": json.dumps(r["params"], ensure_ascii=False),
            }
            for r in sent
            if r["to"] == params.get("PhoneNumber")
        ]  # fmt: skip  (the fake keeps one day: every record is "today")
        details = {"SmsSendDetailDTO": found}
        self._answer(200, {"Code": "OK", "Message": "OK", "RequestId": rid,
                           "TotalCount": len(found), "SmsSendDetailDTOs": details})  # fmt: skip

    # --- Tencent -----------------------------------------------------------------------------
    def _tencent(self, body: bytes) -> None:
        rid = str(uuid.uuid4())
        headers = dict(self.headers.items())

        def refuse(code: str) -> None:
            error = {"Code": code, "Message": TENCENT_MESSAGES.get(code, code)}
            self._answer(200, {"Response": {"Error": error, "RequestId": rid}})

        with lock:
            state["requests"] += 1
            bad = check_tc3(headers, body, self.config["secrets"])
            if bad:
                return refuse(bad)
            req = json.loads(body)
            if self.headers.get("X-TC-Version") != "2021-01-11":
                return refuse("InvalidParameter")
            if req.get("SmsSdkAppId") != self.config["app_id"]:
                return refuse("InvalidParameterValue.SdkAppIdNotExist")
            if self.headers.get("X-TC-Action") == "PullSmsSendStatusByPhoneNumber":
                return self._tencent_pull(req, rid)
            self._tencent_send(req, rid, refuse)

    def _tencent_send(self, req: dict[str, Any], rid: str, refuse: Any) -> None:
        if req.get("SignName") != self.config["sign_name"]:
            return refuse("FailedOperation.SignatureIncorrectOrUnapproved")
        count = self.config["templates"].get(str(req.get("TemplateId")))
        if count is None:
            return refuse("FailedOperation.TemplateIncorrectOrUnapproved")
        if len(req.get("TemplateParamSet") or []) != count:
            return refuse("FailedOperation.TemplateParamSetNotMatchApprovedTemplate")
        [number] = req["PhoneNumberSet"]
        status: dict[str, Any] = {
            "PhoneNumber": number, "SessionContext": req.get("SessionContext", ""),
            "IsoCode": "CN", "Fee": 0, "SerialNo": "",
        }  # fmt: skip
        code = self._scripted()
        if code is None and not re.fullmatch(r"\+861\d{10}", number):
            code = "InvalidParameterValue.IncorrectPhoneNumber"
        if code is not None:
            status.update(Code=code, Message=TENCENT_MESSAGES.get(code, code))
            return self._answer(200, {"Response": {"SendStatusSet": [status], "RequestId": rid}})
        serial = f"2645:{len(sent) + 1:030d}"
        status.update(Code="Ok", Message="send success", Fee=1, SerialNo=serial)
        hold = self._deliver({"key": status["SessionContext"], "to": number,
                              "template": str(req["TemplateId"]),
                              "params": req["TemplateParamSet"], "sign": req["SignName"],
                              "serial": serial})  # fmt: skip
        if hold:
            lock.release()  # hold the answer without holding every other request
            try:
                released.wait(60)
            finally:
                lock.acquire()
        self._answer(200, {"Response": {"SendStatusSet": [status], "RequestId": rid}})

    def _tencent_pull(self, req: dict[str, Any], rid: str) -> None:
        found = [
            {"UserReceiveTime": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S"),
             "CountryCode": "86", "SubscriberNumber": r["to"][3:], "PhoneNumber": r["to"],
             "SerialNo": r["serial"], "ReportStatus": "SUCCESS", "Description": "DELIVRD",
             "SessionContext": r["key"]}
            for r in sent
            if r["to"] == req.get("PhoneNumber")
        ]  # fmt: skip
        self._answer(200, {"Response": {"PullSmsSendStatusSet": found, "RequestId": rid}})


def main() -> None:
    kind, port, delivered, config = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
    Provider.kind, Provider.delivered = kind, delivered
    Provider.config = json.loads(Path(config).read_text(encoding="utf-8"))
    delivered.touch()
    server = ThreadingHTTPServer(("127.0.0.1", port), Provider)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
