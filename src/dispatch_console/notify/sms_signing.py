"""Request signing for the two mainland SMS providers, written here rather than taken from
their SDKs: alibabacloud-dysmsapi20170525 brings the Tea/Darabonba runtime, a credentials
chain and aiohttp, and tencentcloud-sdk-python its own retry, circuit breaker and region
failover, each deciding on its own when to send a text again. Here the outbox alone decides
(notify/worker.py: backoff, lease, one key per notification), so the senders make exactly
one HTTP request per attempt. Each signer is a few lines of HMAC, checked in
tests/notify/test_sms_signing.py against the examples the providers publish.

Aliyun: signature v1 (HMAC-SHA1 over the canonicalised query, "RPC" style). Dysmsapi
2017-05-25 is an RPC API, and the SMS documentation itself publishes a complete SendSms
example with its signature, so what we send is checked against Aliyun's own numbers; the
newer ACS3-HMAC-SHA256 has no such published SendSms example to check against.

Tencent: TC3-HMAC-SHA256, the only signature the 2021-01-11 SMS API takes with a JSON body."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping
from datetime import UTC, datetime
from urllib.parse import quote


def percent_encode(value: str) -> str:
    """Aliyun's "POP" encoding: RFC 3986 unreserved characters kept, everything else %XX
    in UTF-8 (so a space is %20, never +, and * is %2A, ~ stays)."""
    return quote(value, safe="-_.~")


def aliyun_string_to_sign(method: str, params: Mapping[str, str]) -> str:
    canonical = "&".join(
        f"{percent_encode(k)}={percent_encode(v)}" for k, v in sorted(params.items())
    )
    return f"{method.upper()}&{percent_encode('/')}&{percent_encode(canonical)}"


def aliyun_signature(method: str, params: Mapping[str, str], secret: str) -> str:
    """Signature v1 of a request's parameters (everything but Signature itself)."""
    digest = hmac.new(
        f"{secret}&".encode(), aliyun_string_to_sign(method, params).encode(), hashlib.sha1
    ).digest()
    return base64.b64encode(digest).decode()


TC3 = "TC3-HMAC-SHA256"
TC3_CONTENT_TYPE = "application/json; charset=utf-8"


def tc3_canonical_request(host: str, payload: bytes, content_type: str = TC3_CONTENT_TYPE) -> str:
    """POST to / with no query; content-type and host signed, as the SDKs do."""
    return "\n".join(
        ("POST", "/", "", f"content-type:{content_type}\nhost:{host}\n", "content-type;host",
         hashlib.sha256(payload).hexdigest())
    )  # fmt: skip


def tc3_date(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")


def tc3_string_to_sign(service: str, timestamp: int, canonical_request: str) -> str:
    scope = f"{tc3_date(timestamp)}/{service}/tc3_request"
    hashed = hashlib.sha256(canonical_request.encode()).hexdigest()
    return f"{TC3}\n{timestamp}\n{scope}\n{hashed}"


def _hmac(key: bytes, msg: str) -> bytes:
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def tc3_signature(secret_key: str, service: str, timestamp: int, string_to_sign: str) -> str:
    key = _hmac(f"TC3{secret_key}".encode(), tc3_date(timestamp))
    key = _hmac(_hmac(key, service), "tc3_request")
    return hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()


def tc3_authorization(
    secret_id: str, secret_key: str, service: str, host: str, timestamp: int, payload: bytes
) -> str:
    """The Authorization header of a JSON POST to Tencent Cloud API 3.0."""
    to_sign = tc3_string_to_sign(service, timestamp, tc3_canonical_request(host, payload))
    signature = tc3_signature(secret_key, service, timestamp, to_sign)
    scope = f"{tc3_date(timestamp)}/{service}/tc3_request"
    return (
        f"{TC3} Credential={secret_id}/{scope}, SignedHeaders=content-type;host, "
        f"Signature={signature}"
    )
