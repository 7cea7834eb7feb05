"""Bodies no PBX should send, each refused with a 422 naming the field (never a 5xx, nothing
recorded): NUL bytes, huge user[] lists and field counts, wrong JSON types, deep nesting, broken
multipart boundaries, undecodable bytes, an event that is not a call event (sipgate's dtmf)."""

from __future__ import annotations

HOSTILE: list[tuple[bytes, str, str]] = [
    # (body, content type, the field the 422 names)
    (b"event=newCall&callId=a%00b", "application/x-www-form-urlencoded", "callId"),
    (b'{"event": "newCall", "callId": "x\\u0000"}', "application/json", "callId"),
    (b"event=newCall&callId=1&" + b"&".join(b"user[]=%d" % i for i in range(60)),
     "application/x-www-form-urlencoded", "user[]"),
    (b"event=newCall&callId=1&" + b"&".join(b"k%d=1" % i for i in range(300)),
     "application/x-www-form-urlencoded", "body"),
    (b'{"event": "newCall", "callId": {"a": 1}}', "application/json", "callId"),
    (b'{"event": true, "callId": "1"}', "application/json", "event"),
    (b'{"event": "newCall", "callId": "1", "user": [["8001"]]}', "application/json", "user"),
    (b'{"event": "newCall", "callId": "1", "from": 1e999}', "application/json", "from"),
    (b"[" * 20000 + b"]" * 20000, "application/json", "body"),
    (b'{"event": ["newCall"], "callId": "1"}', "application/json", "event"),
    (b"event=newCall&callId=" + b"9" * 101, "application/x-www-form-urlencoded", "callId"),
    (b"event=newCall&callId=1", "multipart/form-data", "Content-Type"),
    (b"--zz\r\nContent-Disposition: form-data; name=\"event\"\r\n\r\nnewCall\r\n--zz--\r\n",
     "multipart/form-data; boundary=yy", "body"),
    (b"--zz\r\nContent-Disposition: form-data; name=\"event\"\r\n\r\nnewCall\r\n--zz",
     "multipart/form-data; boundary=zz", "body"),
    (b"--zz\r\nContent-Type: text/plain\r\n\r\nnewCall\r\n--zz--\r\n",
     "multipart/form-data; boundary=zz", "body"),
    (b"<xml/>", "text/xml", "Content-Type"),
    (b"\xff\xfe\x00event=newCall", "application/x-www-form-urlencoded", "event"),
    (b"event=dtmf&dtmf=1&callId=123456", "application/x-www-form-urlencoded", "event"),
]  # fmt: skip
