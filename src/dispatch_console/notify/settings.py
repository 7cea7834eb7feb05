"""How the senders reach their providers: command-line options for what is not secret, the
environment for passwords and tokens (never on a command line, where `ps` shows them)."""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from dataclasses import dataclass

SMTP_PASSWORD_ENV = "DISPATCH_SMTP_PASSWORD"
SMS_TOKEN_ENV = "DISPATCH_SMS_TOKEN"
SECURITY = ("starttls", "ssl", "none")


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
    timeout_s: float = 15.0
    poll_s: float = 5.0
    lease_s: float = 120.0  # a sender that dies mid-send is replaced after this long

    @property
    def email_configured(self) -> bool:
        return bool(self.smtp_host and self.smtp_from)

    @property
    def sms_configured(self) -> bool:
        return bool(self.sms_url)

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
    return NotifySettings(
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
        poll_s=max(0.05, args.notify_poll),
        lease_s=max(1.0, args.notify_lease),
    )
