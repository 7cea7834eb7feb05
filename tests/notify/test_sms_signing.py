"""Our signers, and the fake providers' checkers, against the numbers the providers publish.

- Aliyun SendSms: the example of Aliyun's SMS documentation, "签名机制"
  (help.aliyun.com/document_detail/101343; www.alibabacloud.com/help/en/sms/signature-method):
  AccessKey testId / testSecret, its 15 parameters, signature zJDF+Lrzhj/ThnlvIToysFRq6t4=.
- Aliyun RPC: the DescribeRegions example of Aliyun's "RPC signature" documentation
  (testid / testsecret, OLeaidS1JvxuMvnyHOwuJ+uX5qY=), the other published v1 vector.
- Tencent TC3: the DescribeInstances example of Tencent Cloud's "Signature v3" documentation
  (cloud.tencent.com/document/api/213/30654), whose inputs TencentCloud/signature-process-demo
  cvm/signature-v3/python/demo.py (commit e80f75efd0201a6e85e653f956d29c8c1af3496c, Apache-2.0)
  also carries: the key as published (masked, the masked text is the key the signature was
  made with), timestamp 1551113065, the hashed payload 35e9c5b0..., the hashed canonical
  request 5ffe6a04... and the signature 2230eefd...
Values only: no third-party code is copied."""

from __future__ import annotations

from dispatch_console.notify.sms_signing import (
    aliyun_signature,
    aliyun_string_to_sign,
    percent_encode,
    tc3_authorization,
    tc3_canonical_request,
    tc3_string_to_sign,
)

from .cn_gateways import check_aliyun, check_tc3

ALIYUN_SMS_EXAMPLE = {
    "AccessKeyId": "testId", "Action": "SendSms", "Format": "XML", "OutId": "123",
    "PhoneNumbers": "15300000001", "RegionId": "cn-hangzhou", "SignName": "阿里云短信测试专用",
    "SignatureMethod": "HMAC-SHA1", "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466",
    "SignatureVersion": "1.0", "TemplateCode": "SMS_71390007",
    "TemplateParam": '{"customer":"test"}', "Timestamp": "2017-07-12T02:42:19Z",
    "Version": "2017-05-25",
}  # fmt: skip
ALIYUN_SMS_STRING_TO_SIGN = (
    "GET&%2F&AccessKeyId%3DtestId%26Action%3DSendSms%26Format%3DXML%26OutId%3D123%26"
    "PhoneNumbers%3D15300000001%26RegionId%3Dcn-hangzhou%26SignName%3D%25E9%2598%25BF%25E9"
    "%2587%258C%25E4%25BA%2591%25E7%259F%25AD%25E4%25BF%25A1%25E6%25B5%258B%25E8%25AF%2595"
    "%25E4%25B8%2593%25E7%2594%25A8%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D"
    "45e25e9b-0a6f-4070-8c85-2956eda1b466%26SignatureVersion%3D1.0%26TemplateCode%3D"
    "SMS_71390007%26TemplateParam%3D%257B%2522customer%2522%253A%2522test%2522%257D%26"
    "Timestamp%3D2017-07-12T02%253A42%253A19Z%26Version%3D2017-05-25"
)
ALIYUN_RPC_EXAMPLE = {
    "Timestamp": "2016-02-23T12:46:24Z", "Format": "XML", "AccessKeyId": "testid",
    "Action": "DescribeRegions", "SignatureMethod": "HMAC-SHA1",
    "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf", "Version": "2014-05-26",
    "SignatureVersion": "1.0",
}  # fmt: skip
TC3_ID, TC3_KEY = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******", "Gu5t9xGARNpq86cd98joQYCN3*******"
TC3_PAYLOAD = (
    b'{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}'
)
TC3_AUTHORIZATION = (
    "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/2019-02-25/cvm/tc3_request, "
    "SignedHeaders=content-type;host, "
    "Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c"
)


def test_aliyun_sendsms_example_of_the_sms_documentation() -> None:
    assert aliyun_string_to_sign("GET", ALIYUN_SMS_EXAMPLE) == ALIYUN_SMS_STRING_TO_SIGN
    assert (
        aliyun_signature("GET", ALIYUN_SMS_EXAMPLE, "testSecret") == "zJDF+Lrzhj/ThnlvIToysFRq6t4="
    )


def test_aliyun_rpc_example_of_the_signature_documentation() -> None:
    assert (
        aliyun_signature("GET", ALIYUN_RPC_EXAMPLE, "testsecret") == "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
    )


def test_aliyun_percent_encoding_is_pop_not_form_encoding() -> None:
    assert percent_encode("a b*c~d+") == "a%20b%2Ac~d%2B"


def test_the_fake_aliyun_accepts_the_documented_request_and_refuses_a_wrong_secret() -> None:
    signed = {**ALIYUN_SMS_EXAMPLE, "Signature": "zJDF+Lrzhj/ThnlvIToysFRq6t4="}
    assert check_aliyun("GET", signed, {"testId": "testSecret"}) is None
    assert check_aliyun("GET", signed, {"testId": "another"}) == "SignatureDoesNotMatch"
    assert check_aliyun("POST", signed, {"testId": "testSecret"}) == "SignatureDoesNotMatch"
    assert check_aliyun("GET", signed, {}) == "InvalidAccessKeyId.NotFound"


def test_tencent_tc3_example_of_the_signature_v3_documentation() -> None:
    canonical = tc3_canonical_request("cvm.tencentcloudapi.com", TC3_PAYLOAD)
    assert canonical.endswith("35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064")
    assert tc3_string_to_sign("cvm", 1551113065, canonical) == (
        "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n"
        "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"
    )
    auth = tc3_authorization(
        TC3_ID, TC3_KEY, "cvm", "cvm.tencentcloudapi.com", 1551113065, TC3_PAYLOAD
    )
    assert auth == TC3_AUTHORIZATION


def test_the_fake_tencent_accepts_the_documented_request_and_refuses_a_wrong_key() -> None:
    headers = {
        "Authorization": TC3_AUTHORIZATION, "Content-Type": "application/json; charset=utf-8",
        "Host": "cvm.tencentcloudapi.com", "X-TC-Timestamp": "1551113065",
    }  # fmt: skip
    assert check_tc3(headers, TC3_PAYLOAD, {TC3_ID: TC3_KEY}, now=1551113065) is None
    assert check_tc3(headers, TC3_PAYLOAD, {TC3_ID: "wrong"}, now=1551113065) == (
        "AuthFailure.SignatureFailure"
    )
    assert check_tc3(headers, TC3_PAYLOAD + b" ", {TC3_ID: TC3_KEY}, now=1551113065) == (
        "AuthFailure.SignatureFailure"
    )
    assert check_tc3(headers, TC3_PAYLOAD, {TC3_ID: TC3_KEY}, now=1551113065 + 3600) == (
        "AuthFailure.SignatureExpire"
    )
