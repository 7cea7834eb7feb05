"""E-mail through an SMTP server (smtplib). Every attempt of one notification carries the same
Message-ID, so a message sent again after a crash is recognisably the same message: mail
systems and clients that dedupe on Message-ID show it once."""

from __future__ import annotations

import smtplib
import ssl
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from ..domain.notifications import Delivery, Notification
from .links import with_visit_link
from .settings import NotifySettings

FOOTER = {"zh_CN": "—— {desk}", "en": "— {desk}"}
STOP = {"zh_CN": "不想再收到此类邮件？点此退订：{link}", "en": "To stop these e-mails: {link}"}


def optout_link(n: Notification, settings: NotifySettings) -> str | None:
    if not settings.public_url or not n.optout_token:
        return None
    return f"{settings.public_url}/u/{n.optout_token}?lang={n.language}"


def message_id(n: Notification, sender: str) -> str:
    domain = sender.rpartition("@")[2] or "dispatch.invalid"
    return f"<{n.message_key}@{domain}>"


def build_message(n: Notification, settings: NotifySettings) -> EmailMessage:
    msg = EmailMessage()
    name, _, domain = settings.smtp_from.partition("@")
    msg["From"] = Address(settings.desk_name or name, name, domain)
    msg["To"] = n.recipient
    msg["Subject"] = n.subject
    msg["Date"] = format_datetime(n.created_at)
    msg["Message-ID"] = message_id(n, settings.smtp_from)
    msg["Auto-Submitted"] = "auto-generated"  # no out-of-office replies, please
    body = with_visit_link(n.body, n, settings.public_url, "\n\n")
    if settings.desk_name:
        body += "\n\n" + FOOTER.get(n.language, FOOTER["en"]).format(desk=settings.desk_name)
    link = optout_link(n, settings)
    if link is not None:  # RFC 8058: mail programs show an "unsubscribe" that POSTs the link
        msg["List-Unsubscribe"] = f"<{link}>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        body += "\n\n" + STOP.get(n.language, STOP["en"]).format(link=link)
    msg.set_content(body)
    return msg


class SmtpSender:
    def __init__(self, settings: NotifySettings) -> None:
        self.settings = settings

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        if s.smtp_security == "ssl":
            return smtplib.SMTP_SSL(
                s.smtp_host, s.port, timeout=s.timeout_s, context=ssl.create_default_context()
            )
        client = smtplib.SMTP(s.smtp_host, s.port, timeout=s.timeout_s)
        if s.smtp_security == "starttls":
            client.starttls(context=ssl.create_default_context())
        return client

    def send(self, notification: Notification) -> Delivery:
        msg = build_message(notification, self.settings)
        try:
            with self._connect() as client:
                if self.settings.smtp_user:
                    client.login(self.settings.smtp_user, self.settings.smtp_password)
                client.send_message(msg)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            permanent = all(500 <= code < 600 for code in codes)
            return Delivery(False, error=f"recipient refused: {_reply(exc.recipients)}",
                            permanent=permanent)  # fmt: skip
        except smtplib.SMTPResponseException as exc:
            # 5xx refuses for good, except 530 and 535 (authentication: a settings problem
            # IT will fix, and the message should go when they have)
            permanent = 500 <= exc.smtp_code < 600 and exc.smtp_code not in (530, 535)
            return Delivery(False, error=f"SMTP {exc.smtp_code}: {_text(exc.smtp_error)}",
                            permanent=permanent)  # fmt: skip
        except (TimeoutError, smtplib.SMTPException, OSError) as exc:
            return Delivery(False, error=f"SMTP server unreachable: {exc}")
        return Delivery(True, provider_ref=msg["Message-ID"])


def _reply(recipients: dict[str, tuple[int, bytes]]) -> str:
    return "; ".join(f"{addr} {code} {_text(text)}" for addr, (code, text) in recipients.items())


def _text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
