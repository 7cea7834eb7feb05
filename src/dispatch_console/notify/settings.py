"""How the senders reach their providers: command-line options for what is not secret, the
environment (or a file) for passwords, tokens and keys, never on a command line, where `ps`
shows them. Texts go through one of three gateways (--sms-provider): a generic HTTP one
(free text), Aliyun SMS or Tencent Cloud SMS (approved templates only, see sms_templates)."""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .sms_templates import TemplateBook, TemplateError, load

SMTP_PASSWORD_ENV = "DISPATCH_SMTP_PASSWORD"
SMS_TOKEN_ENV = "DISPATCH_SMS_TOKEN"
SMS_KEY_ID_ENV = "DISPATCH_SMS_ACCESS_KEY_ID"
SMS_KEY_SECRET_ENV = "DISPATCH_SMS_ACCESS_KEY_SECRET"
SECURITY = ("starttls", "ssl", "none")
PROVIDERS = ("http", "aliyun", "tencent")


@dataclass(frozen=True)
class NotifySettings:
    desk_name: str = ""
    smtp_host: str = ""
    smtp_port: int = 0  # 0: 465 for ssl, 587 for starttls, 25 otherwise
    smtp_security: str = "starttls"
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_from: str = ""
    public_url: str = ""  # where customers reach dispatch-server: e-mails' opt-out links
    sms_url: str = ""
    sms_token: str = ""
    sms_token_header: str = "Authorization"  # sent as "Bearer <token>" for Authorization
    sms_provider: str = "http"
    sms_access_key_id: str = ""  # Aliyun AccessKey ID / Tencent SecretId
    sms_access_key_secret: str = ""  # Aliyun AccessKey Secret / Tencent SecretKey
    sms_endpoint: str = ""  # empty: the provider's public endpoint
    sms_region: str = ""  # empty: cn-hangzhou (Aliyun), ap-guangzhou (Tencent)
    sms_sign_name: str = ""  # the approved signature (签名), without 【】
    sms_app_id: str = ""  # Tencent's SmsSdkAppId
    sms_templates: TemplateBook | None = None
    timeout_s: float = 15.0
    poll_s: float = 5.0
    lease_s: float = 120.0  # a sender that dies mid-send is replaced after this long

    @property
    def email_configured(self) -> bool:
        return bool(self.smtp_host and self.smtp_from)

    @property
    def sms_configured(self) -> bool:
        if self.sms_provider == "http":
            return bool(self.sms_url)
        keys = self.sms_access_key_id and self.sms_access_key_secret and self.sms_sign_name
        return bool(keys and (self.sms_provider != "tencent" or self.sms_app_id))

    @property
    def port(self) -> int:
        if self.smtp_port:
            return self.smtp_port
        return {"ssl": 465, "starttls": 587}.get(self.smtp_security, 25)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "customer notifications",
        f"e-mail and SMS to customers; the SMTP password comes from ${SMTP_PASSWORD_ENV}, the "
        f"SMS gateway's token from ${SMS_TOKEN_ENV}. Without --smtp-host or --sms-url, "
        "notifications of that kind wait in the database.",
    )
    group.add_argument("--smtp-host", default="", help="SMTP server for customers' e-mail")
    group.add_argument("--smtp-port", type=int, default=0, help="default 587, 465 with ssl")
    group.add_argument("--smtp-security", choices=SECURITY, default="starttls")
    group.add_argument("--smtp-user", default="", help="SMTP login (password from the env)")
    group.add_argument("--smtp-from", default="", metavar="ADDRESS", help="the From address")
    group.add_argument(
        "--public-url", default="", metavar="URL",
        help="the server's address as customers reach it (https://service.example.cn): "
        "e-mails then carry a one-click link to stop them",
    )  # fmt: skip
    group.add_argument("--sms-url", default="", help="the SMS gateway's HTTP endpoint (POST)")
    group.add_argument(
        "--sms-token-header", default="Authorization",
        help="the header that carries the token (Authorization sends 'Bearer <token>')",
    )  # fmt: skip
    group.add_argument(
        "--sms-provider", choices=PROVIDERS, default="http",
        help="http: the generic gateway of --sms-url (free text); aliyun or tencent: approved "
        "templates only (--sms-templates)",
    )  # fmt: skip
    group.add_argument(
        "--sms-access-key-id", default="", metavar="ID",
        help=f"Aliyun AccessKey ID / Tencent SecretId (or ${SMS_KEY_ID_ENV}); the secret from "
        f"${SMS_KEY_SECRET_ENV} or --sms-secret-file",
    )  # fmt: skip
    group.add_argument("--sms-secret-file", default="", metavar="FILE",
                       help="a file holding the AccessKey Secret / SecretKey")  # fmt: skip
    group.add_argument("--sms-sign-name", default="", metavar="NAME",
                       help="the approved signature (签名), without 【】")  # fmt: skip
    group.add_argument("--sms-templates", default="", metavar="FILE",
                       help="TOML: the approved template and parameters of each kind")  # fmt: skip
    group.add_argument("--sms-app-id", default="", metavar="ID", help="Tencent's SmsSdkAppId")
    group.add_argument("--sms-region", default="", help="default cn-hangzhou / ap-guangzhou")
    group.add_argument("--sms-endpoint", default="", metavar="URL",
                       help="the provider's API address, when not the public one")  # fmt: skip
    group.add_argument("--notify-poll", type=float, default=5.0, metavar="SECONDS",
                       help="how often to look for due notifications")  # fmt: skip
    group.add_argument(
        "--notify-lease", type=float, default=120.0, metavar="SECONDS",
        help="how long a claimed notification is one sender's; longer than a send takes",
    )  # fmt: skip


def from_args(
    args: argparse.Namespace, env: Mapping[str, str] | None = None, desk_name: str = ""
) -> NotifySettings:
    env = os.environ if env is None else env
    provider = getattr(args, "sms_provider", "http") or "http"
    templates = _templates(args, provider)
    settings = NotifySettings(
        desk_name=desk_name or getattr(args, "desk_name", "") or "",
        smtp_host=args.smtp_host,
        smtp_port=args.smtp_port,
        smtp_security=args.smtp_security,
        smtp_user=args.smtp_user,
        smtp_password=env.get(SMTP_PASSWORD_ENV, ""),
        smtp_from=args.smtp_from,
        public_url=(getattr(args, "public_url", "") or "").rstrip("/"),
        sms_url=args.sms_url,
        sms_token=env.get(SMS_TOKEN_ENV, ""),
        sms_token_header=args.sms_token_header,
        sms_provider=provider,
        sms_access_key_id=getattr(args, "sms_access_key_id", "") or env.get(SMS_KEY_ID_ENV, ""),
        sms_access_key_secret=_secret(args, env),
        sms_endpoint=getattr(args, "sms_endpoint", "") or "",
        sms_region=getattr(args, "sms_region", "") or "",
        sms_sign_name=getattr(args, "sms_sign_name", "") or "",
        sms_app_id=getattr(args, "sms_app_id", "") or "",
        sms_templates=templates,
        poll_s=max(0.05, args.notify_poll),
        lease_s=max(1.0, args.notify_lease),
    )

    if provider != "http" and not settings.sms_configured:
        raise ValueError(f"--sms-provider {provider} needs {_missing(settings)}")
    return settings


def _missing(s: NotifySettings) -> str:
    needs = {
        f"--sms-access-key-id (or ${SMS_KEY_ID_ENV})": s.sms_access_key_id,
        f"${SMS_KEY_SECRET_ENV} or --sms-secret-file": s.sms_access_key_secret,
        "--sms-sign-name": s.sms_sign_name,
        "--sms-app-id": s.sms_app_id or s.sms_provider != "tencent",
    }
    return ", ".join(name for name, value in needs.items() if not value)


def _secret(args: argparse.Namespace, env: Mapping[str, str]) -> str:
    path = getattr(args, "sms_secret_file", "") or ""
    if not path:
        return env.get(SMS_KEY_SECRET_ENV, "")
    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ValueError(f"--sms-secret-file: {exc}") from exc


def _templates(args: argparse.Namespace, provider: str) -> TemplateBook | None:
    """The template book of a template provider: without one, nothing could be texted."""
    if provider == "http":
        return None
    path = getattr(args, "sms_templates", "") or ""
    if not path:
        raise TemplateError(
            f"--sms-provider {provider} sends approved templates only: give --sms-templates FILE"
        )
    return load(path, positional=provider == "tencent")
